/**
 * Entry point of the OSM import: detect the format (.osm.pbf, .osm XML, .osm.gz, Overpass
 * GeoJSON or OSM JSON, by content rather than by name), stream the file through a reader into
 * the collector, and return resources, road network and addresses.
 *
 * Pure and DOM-free: runs in the OSM worker and in Node tests alike.
 */
import { OsmCollector, type OsmConversion, type OsmConversionOptions } from './collect';
import { OsmImportError, throwIfAborted, type OsmImportErrorData } from './errors';
import { readOsmJson, readOverpassGeoJson } from './json';
import type { OsmFileInfo, OsmReadOptions, OsmSink } from './model';
import { looksLikePbf, readOsmPbf } from './pbf';
import { OSM_ATTRIBUTION } from './resources';
import { OsmXmlScanner, gunzipStream, isGzip, readOsmXml } from './xml';

export type OsmFormat = 'pbf' | 'xml' | 'xml-gzip' | 'geojson' | 'osm-json';

export interface OsmImportOptions extends OsmConversionOptions, OsmReadOptions {}

export interface OsmImportResult extends OsmConversion {
  fileName: string;
  format: OsmFormat;
  info: OsmFileInfo;
  /** To be shown with every layer from this import. */
  attribution: typeof OSM_ATTRIBUTION;
  /** Wall time of reading and converting, ms. */
  milliseconds: number;
}

function firstNonSpace(bytes: Uint8Array): number {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; index < Math.min(bytes.length, 4096); index++) {
    const code = bytes[index]!;
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return code;
  }
  return -1;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OsmImportError('geojson-invalid', `The file is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function readJson(text: string, sink: OsmSink, options: OsmReadOptions): { format: OsmFormat; info: OsmFileInfo } {
  const json = parseJson(text);
  if (typeof json === 'object' && json !== null && Array.isArray((json as { elements?: unknown }).elements)) {
    return { format: 'osm-json', info: readOsmJson(json, sink, options) };
  }
  return { format: 'geojson', info: readOverpassGeoJson(json, sink, options) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Gzip: XML is scanned while it inflates; JSON is collected, then parsed. */
function readGzip(input: Uint8Array, sink: OsmSink, options: OsmReadOptions): { format: OsmFormat; info: OsmFileInfo } {
  const state: { kind: 'xml' | 'json' | null; scanner: OsmXmlScanner | null; decoder: TextDecoder | null } = { kind: null, scanner: null, decoder: null };
  const jsonChunks: Uint8Array[] = [];
  gunzipStream(
    input,
    (bytes, final) => {
      if (!state.kind && bytes.length > 0) {
        const first = firstNonSpace(bytes);
        state.kind = first === 0x3c ? 'xml' : first === 0x7b ? 'json' : null;
        if (!state.kind) throw new OsmImportError('format-unknown', 'The gzip file holds neither OSM XML nor JSON');
        if (state.kind === 'xml') {
          state.scanner = new OsmXmlScanner(sink);
          state.decoder = new TextDecoder('utf-8');
        }
      }
      if (state.scanner && state.decoder) {
        const text = state.decoder.decode(bytes, { stream: !final });
        if (text.length > 0) state.scanner.push(text);
      } else {
        jsonChunks.push(bytes.slice());
      }
    },
    { signal: options.signal, onProgress: options.onProgress ? (fraction) => options.onProgress!(fraction * 0.95) : undefined },
  );
  if (state.scanner) return { format: 'xml-gzip', info: state.scanner.end() };
  if (state.kind === 'json') return readJson(new TextDecoder().decode(concat(jsonChunks)), sink, options);
  throw new OsmImportError('file-empty', 'The gzip file is empty');
}

/** Read one OSM file of any supported format. Throws OsmImportError when it cannot be read. */
export function readOsmFile(fileName: string, bytes: ArrayBuffer | Uint8Array, options: OsmImportOptions = {}): OsmImportResult {
  const started = performance.now();
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    if (input.length === 0) throw new OsmImportError('file-empty', 'The file is empty');
    const collector = new OsmCollector(options);
    const readOptions: OsmReadOptions = {
      signal: options.signal,
      onProgress: options.onProgress ? (fraction) => options.onProgress!(fraction * 0.9) : undefined,
    };
    let read: { format: OsmFormat; info: OsmFileInfo };
    if (isGzip(input)) read = readGzip(input, collector, readOptions);
    else if (looksLikePbf(input)) read = { format: 'pbf', info: readOsmPbf(input, collector, readOptions) };
    else {
      const first = firstNonSpace(input);
      if (first === 0x3c) read = { format: 'xml', info: readOsmXml(input, collector, readOptions) };
      else if (first === 0x7b) read = readJson(new TextDecoder().decode(input), collector, readOptions);
      else throw new OsmImportError('format-unknown', 'This is not an OSM file (.osm, .osm.gz, .osm.pbf, or Overpass GeoJSON/JSON)');
    }
    throwIfAborted(options.signal);
    const conversion = collector.finish();
    if (conversion.counts.nodes === 0 && conversion.counts.ways === 0 && conversion.counts.relations === 0) {
      throw new OsmImportError('no-elements', 'The file holds no OSM nodes, ways or relations');
    }
    options.onProgress?.(1);
    return {
      fileName,
      format: read.format,
      info: read.info,
      attribution: OSM_ATTRIBUTION,
      milliseconds: performance.now() - started,
      ...conversion,
    };
  } catch (error) {
    if (error instanceof OsmImportError) error.fileName = fileName;
    throw error;
  }
}

/** readOsmFile with failures as data (for the worker boundary). */
export function tryReadOsmFile(
  fileName: string,
  bytes: ArrayBuffer | Uint8Array,
  options: OsmImportOptions = {},
): { ok: true; result: OsmImportResult } | { ok: false; error: OsmImportErrorData } {
  try {
    return { ok: true, result: readOsmFile(fileName, bytes, options) };
  } catch (error) {
    if (error instanceof OsmImportError) {
      error.fileName = fileName;
      return { ok: false, error: error.toData() };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'format-unknown', fileName, params: { fileName, reason }, message: `${fileName}: ${reason}` } };
  }
}
