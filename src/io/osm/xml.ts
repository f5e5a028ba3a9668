/**
 * Streaming reader for OSM XML (.osm, and .osm.gz through fflate's streaming gunzip).
 *
 * OSM XML is a flat, regular format (`<node>`, `<way>`, `<relation>` with `<tag>`, `<nd>`,
 * `<member>` children), so instead of a general XML parser (a DOM of a 50 MB file is slow and
 * large) this is a small sax-style scanner: text arrives in chunks (decoded with a streaming
 * TextDecoder), each complete start or end tag is scanned with indexOf, and elements go to the
 * OsmSink as soon as they close. Attribute values may contain '>' and entities (&amp; &#228; …).
 * Elements marked `visible="false"` or `action="delete"` (history files, JOSM files) are skipped.
 */
import { Gunzip } from 'fflate';
import { OsmImportError, throwIfAborted } from './errors';
import { emptyFileInfo, type OsmElementType, type OsmFileInfo, type OsmMember, type OsmReadOptions, type OsmSink, type OsmTags } from './model';

const CHUNK_BYTES = 1 << 20;
const GZIP_CHUNK_BYTES = 1 << 18;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (value.indexOf('&') < 0) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.charCodeAt(0) === 35 /* # */) {
      const code = entity.charCodeAt(1) === 120 /* x */ ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Incremental scanner: `push` text as it arrives, `end` once. */
export class OsmXmlScanner {
  readonly info: OsmFileInfo = emptyFileInfo();
  /** Elements handed to the sink. */
  elements = 0;
  readonly #sink: OsmSink;
  #text = '';
  #sawRoot = false;
  // the element being read
  #type: OsmElementType | null = null;
  #id = 0;
  #lon = 0;
  #lat = 0;
  #tags: OsmTags | null = null;
  #refs: number[] = [];
  #members: OsmMember[] = [];
  #skip = false;
  // attributes of the last scanned tag
  readonly #names: string[] = [];
  readonly #values: string[] = [];
  #selfClosing = false;

  constructor(sink: OsmSink) {
    this.#sink = sink;
  }

  push(text: string): void {
    this.#text = this.#text.length > 0 ? this.#text + text : text;
    this.#scan(false);
  }

  end(): OsmFileInfo {
    this.#scan(true);
    if (this.#text.trim().length > 0) throw new OsmImportError('xml-invalid', 'The XML ends inside a tag (truncated file?)');
    if (this.#type) throw new OsmImportError('xml-invalid', `The XML ends inside <${this.#type} id="${this.#id}"> (truncated file?)`);
    if (!this.#sawRoot) throw new OsmImportError('xml-invalid', 'No <osm> element found: this is not an OSM XML file');
    return this.info;
  }

  #attribute(name: string): string | undefined {
    const index = this.#names.indexOf(name);
    return index < 0 ? undefined : this.#values[index];
  }

  /**
   * Scan the tag starting at `start` ('<' + name). Returns the index after its '>', or -1 when
   * the text ends before the tag does.
   */
  #readTag(text: string, start: number, nameEnd: number): number {
    this.#names.length = 0;
    this.#values.length = 0;
    let index = nameEnd;
    const length = text.length;
    for (;;) {
      while (index < length && isSpace(text.charCodeAt(index))) index++;
      if (index >= length) return -1;
      const code = text.charCodeAt(index);
      if (code === 62 /* > */) {
        this.#selfClosing = false;
        return index + 1;
      }
      if (code === 47 /* / */) {
        if (index + 1 >= length) return -1;
        if (text.charCodeAt(index + 1) !== 62) throw this.#error(index, "'/' not followed by '>'");
        this.#selfClosing = true;
        return index + 2;
      }
      const equals = text.indexOf('=', index);
      if (equals < 0) return -1;
      const name = text.slice(index, equals).trim();
      index = equals + 1;
      while (index < length && isSpace(text.charCodeAt(index))) index++;
      if (index >= length) return -1;
      const quote = text.charCodeAt(index);
      if (quote !== 34 && quote !== 39) throw this.#error(index, `attribute ${name} without quotes`);
      const close = text.indexOf(quote === 34 ? '"' : "'", index + 1);
      if (close < 0) return -1;
      this.#names.push(name);
      this.#values.push(text.slice(index + 1, close));
      index = close + 1;
    }
  }

  #error(index: number, reason: string): OsmImportError {
    const excerpt = this.#text.slice(Math.max(0, index - 40), index + 40).replace(/\s+/g, ' ');
    return new OsmImportError('xml-invalid', `Invalid XML (${reason}) near "${excerpt}"`, { reason });
  }

  #scan(final: boolean): void {
    const text = this.#text;
    const length = text.length;
    let position = 0;
    for (;;) {
      const start = text.indexOf('<', position);
      if (start < 0) {
        position = length;
        break;
      }
      if (start + 1 >= length) {
        position = start;
        break;
      }
      const second = text.charCodeAt(start + 1);
      if (second === 63 /* ? */ || second === 33 /* ! */) {
        const terminator = text.startsWith('<!--', start) ? '-->' : text.startsWith('<![CDATA[', start) ? ']]>' : second === 63 ? '?>' : '>';
        const close = text.indexOf(terminator, start + 2);
        if (close < 0) {
          position = start;
          break;
        }
        position = close + terminator.length;
        continue;
      }
      if (second === 47 /* / */) {
        const close = text.indexOf('>', start);
        if (close < 0) {
          position = start;
          break;
        }
        this.#close(text.slice(start + 2, close).trim());
        position = close + 1;
        continue;
      }
      let nameEnd = start + 1;
      while (nameEnd < length) {
        const code = text.charCodeAt(nameEnd);
        if (isSpace(code) || code === 47 || code === 62) break;
        nameEnd++;
      }
      if (nameEnd >= length) {
        position = start;
        break;
      }
      const end = this.#readTag(text, start, nameEnd);
      if (end < 0) {
        position = start;
        break;
      }
      this.#open(text.slice(start + 1, nameEnd));
      position = end;
    }
    this.#text = position >= length ? '' : text.slice(position);
    if (final && this.#text.trim().length > 0 && this.#text.includes('<')) {
      throw new OsmImportError('xml-invalid', 'The XML ends inside a tag (truncated file?)');
    }
  }

  #startElement(type: OsmElementType): void {
    const id = Number(this.#attribute('id'));
    if (!Number.isFinite(id)) throw new OsmImportError('xml-invalid', `<${type}> without a numeric id`);
    this.#type = type;
    this.#id = id;
    this.#tags = null;
    this.#skip = this.#attribute('visible') === 'false' || this.#attribute('action') === 'delete';
    if (type === 'node') {
      this.#lat = Number(this.#attribute('lat'));
      this.#lon = Number(this.#attribute('lon'));
      if (!this.#skip && !(Number.isFinite(this.#lat) && Number.isFinite(this.#lon))) {
        throw new OsmImportError('xml-invalid', `<node id="${id}"> without valid lat/lon`);
      }
    } else if (type === 'way') {
      this.#refs.length = 0;
    } else {
      this.#members = [];
    }
    if (this.#selfClosing) this.#emit();
  }

  #emit(): void {
    const type = this.#type;
    this.#type = null;
    if (this.#skip || !type) return;
    this.elements++;
    if (type === 'node') this.#sink.node(this.#id, this.#lon, this.#lat, this.#tags);
    else if (type === 'way') this.#sink.way(this.#id, this.#refs, this.#tags);
    else this.#sink.relation(this.#id, this.#members, this.#tags);
  }

  #open(name: string): void {
    switch (name) {
      case 'node':
      case 'way':
      case 'relation':
        if (this.#type) throw new OsmImportError('xml-invalid', `<${name}> inside <${this.#type} id="${this.#id}">`);
        this.#startElement(name);
        return;
      case 'tag': {
        if (!this.#type) return;
        const key = this.#attribute('k');
        if (key === undefined) return;
        (this.#tags ??= {})[decodeEntities(key)] = decodeEntities(this.#attribute('v') ?? '');
        return;
      }
      case 'nd':
        if (this.#type === 'way') this.#refs.push(Number(this.#attribute('ref')));
        return;
      case 'member':
        if (this.#type === 'relation') {
          const type = this.#attribute('type');
          if (type === 'node' || type === 'way' || type === 'relation') {
            this.#members.push({ type, ref: Number(this.#attribute('ref')), role: decodeEntities(this.#attribute('role') ?? '') });
          }
        }
        return;
      case 'osm':
      case 'osmChange':
        this.#sawRoot = true;
        this.info.generator = decodeEntities(this.#attribute('generator') ?? '');
        return;
      case 'bounds': {
        const box = ['minlon', 'minlat', 'maxlon', 'maxlat'].map((key) => Number(this.#attribute(key)));
        if (box.every(Number.isFinite)) this.info.bounds = box as [number, number, number, number];
        return;
      }
      case 'meta': {
        // Overpass: <meta osm_base="2014-11-05T10:47:02Z"/>
        const base = this.#attribute('osm_base');
        if (base) this.info.timestamp = base;
        return;
      }
    }
  }

  #close(name: string): void {
    if (name === this.#type) this.#emit();
  }
}

function decodeChunks(scanner: OsmXmlScanner): { push(bytes: Uint8Array, final: boolean): void } {
  const decoder = new TextDecoder('utf-8');
  return {
    push(bytes, final) {
      const text = decoder.decode(bytes, { stream: !final });
      if (text.length > 0) scanner.push(text);
    },
  };
}

/** Read an OSM XML file (UTF-8) into `sink`. */
export function readOsmXml(input: Uint8Array, sink: OsmSink, options: OsmReadOptions = {}): OsmFileInfo {
  const scanner = new OsmXmlScanner(sink);
  const decoder = decodeChunks(scanner);
  let offset = 0;
  // skip a UTF-8 byte order mark
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) offset = 3;
  do {
    throwIfAborted(options.signal);
    const end = Math.min(input.length, offset + CHUNK_BYTES);
    decoder.push(input.subarray(offset, end), end >= input.length);
    offset = end;
    options.onProgress?.(offset / Math.max(1, input.length));
  } while (offset < input.length);
  return scanner.end();
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflate gzip input in slices and hand each inflated piece to `onData` (streaming, so the
 * whole inflated file never needs to be in memory at once).
 */
export function gunzipStream(input: Uint8Array, onData: (bytes: Uint8Array, final: boolean) => void, options: OsmReadOptions = {}): void {
  let sawFinal = false;
  const gunzip = new Gunzip((chunk, final) => {
    if (sawFinal) return; // a second gzip member ends the first one's data
    sawFinal = final;
    onData(chunk, final);
  });
  let offset = 0;
  try {
    do {
      throwIfAborted(options.signal);
      const end = Math.min(input.length, offset + GZIP_CHUNK_BYTES);
      gunzip.push(input.subarray(offset, end), end >= input.length);
      offset = end;
      options.onProgress?.(offset / Math.max(1, input.length));
    } while (offset < input.length);
  } catch (error) {
    if (error instanceof OsmImportError) throw error;
    throw new OsmImportError('gzip-invalid', `The gzip data is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!sawFinal) throw new OsmImportError('gzip-invalid', 'The gzip data ends early (truncated file?)');
}

/** Read a gzip-compressed OSM XML file into `sink`, inflating and scanning in one pass. */
export function readOsmXmlGz(input: Uint8Array, sink: OsmSink, options: OsmReadOptions = {}): OsmFileInfo {
  const scanner = new OsmXmlScanner(sink);
  const decoder = decodeChunks(scanner);
  let first = true;
  gunzipStream(
    input,
    (bytes, final) => {
      let piece = bytes;
      if (first && piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf) piece = piece.subarray(3);
      first = false;
      decoder.push(piece, final);
    },
    options,
  );
  return scanner.end();
}
