/**
 * Which text encoding a CSV file has. Office exports come as UTF-8 (with or without BOM),
 * Windows-1252 / ISO-8859-1 (older Excel, statistics offices) or UTF-16 with BOM (Excel's
 * "Unicode text"). UTF-8 is recognised by its strict byte structure, which Windows-1252 text
 * with umlauts practically never has.
 */
import type { CsvEncoding } from './types';

/**
 * A streaming UTF-8 validator (the WHATWG decoder's state machine without the output): counts
 * well-formed multi-byte sequences and malformed ones, so a large file can be checked in chunks
 * without decoding it.
 */
export class Utf8Scanner {
  /** Bytes seen so far. */
  bytes = 0;
  /** Well-formed multi-byte sequences (non-ASCII characters). */
  multibyte = 0;
  /** Malformed sequences (each would decode to one U+FFFD). */
  invalid = 0;
  /** Byte offset of the first malformed sequence, or -1. */
  firstInvalid = -1;
  #needed = 0;
  /** Absolute offset where the unfinished sequence began. */
  #sequenceStart = 0;
  #lower = 0x80;
  #upper = 0xbf;

  push(chunk: Uint8Array): this {
    const length = chunk.length;
    let index = 0;
    while (index < length) {
      const byte = chunk[index]!;
      if (this.#needed === 0) {
        if (byte < 0x80) {
          index++;
          continue;
        }
        this.#sequenceStart = this.bytes + index;
        if (byte >= 0xc2 && byte <= 0xdf) this.#needed = 1;
        else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.#lower = 0xa0;
          if (byte === 0xed) this.#upper = 0x9f;
          this.#needed = 2;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.#lower = 0x90;
          if (byte === 0xf4) this.#upper = 0x8f;
          this.#needed = 3;
        } else {
          this.#fail(index);
        }
        index++;
        continue;
      }
      if (byte < this.#lower || byte > this.#upper) {
        // The byte is not consumed: it may start the next sequence.
        this.#needed = 0;
        this.#lower = 0x80;
        this.#upper = 0xbf;
        this.#fail(this.#sequenceStart - this.bytes);
        continue;
      }
      this.#lower = 0x80;
      this.#upper = 0xbf;
      if (--this.#needed === 0) this.multibyte++;
      index++;
    }
    this.bytes += length;
    return this;
  }

  /** Call after the last chunk: an unfinished sequence at the end is malformed. */
  finish(): this {
    if (this.#needed > 0) {
      this.#needed = 0;
      this.#fail(this.#sequenceStart - this.bytes);
    }
    return this;
  }

  /** `indexInChunk` may be negative: a sequence that began in an earlier chunk. */
  #fail(indexInChunk: number): void {
    if (this.firstInvalid < 0) this.firstInvalid = this.bytes + indexInChunk;
    this.invalid++;
  }
}

export interface EncodingGuess {
  encoding: CsvEncoding;
  /** Byte order mark at the start (it is not part of the text). */
  bom: boolean;
  /** 0…1; below 0.75 the UI should flag the encoding as a guess. */
  confidence: number;
  /** Malformed UTF-8 sequences when UTF-8 was chosen anyway (a mostly-UTF-8 file with a few bad bytes). */
  invalidUtf8: number;
  /** Byte offset of the first malformed UTF-8 sequence, or -1. */
  firstInvalidUtf8: number;
}

/** Bytes that Windows-1252 text in German usually contains: umlauts, ß, é, €, –, “”„, §, °, ², NBSP. */
const TYPICAL_1252 = new Set([0xc4, 0xd6, 0xdc, 0xdf, 0xe4, 0xf6, 0xfc, 0xe9, 0xe8, 0x80, 0x96, 0x97, 0x84, 0x93, 0x94, 0xa7, 0xb0, 0xb2, 0xa0, 0xb4, 0x92]);

/**
 * Guess the encoding from a byte order mark, else from UTF-8 validity of `bytes`. When `bytes`
 * is only the beginning of the file (`complete` false), a character cut at its end is no error;
 * `scan` may then be a Utf8Scanner run over the whole file. Without it, bytes further on are not
 * checked: the parser counts the U+FFFD they decode to (`CsvTable.replacementCharacters`).
 */
export function detectEncoding(bytes: Uint8Array, scan?: Utf8Scanner, complete = true): EncodingGuess {
  const none = { invalidUtf8: 0, firstInvalidUtf8: -1 };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true, confidence: 1, ...none };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true, confidence: 1, ...none };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true, confidence: 1, ...none };

  // UTF-16 without BOM: text of Latin letters has a zero byte in every other position.
  const probe = Math.min(bytes.length, 4096) & ~1;
  if (probe >= 8) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let index = 0; index < probe; index += 2) {
      if (bytes[index] === 0) evenZeros++;
      if (bytes[index + 1] === 0) oddZeros++;
    }
    const pairs = probe / 2;
    if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return { encoding: 'utf-16le', bom: false, confidence: 0.8, ...none };
    if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return { encoding: 'utf-16be', bom: false, confidence: 0.8, ...none };
  }

  let utf8 = scan;
  if (!utf8) {
    utf8 = new Utf8Scanner().push(bytes);
    if (complete) utf8.finish();
  }
  if (utf8.invalid === 0) return { encoding: 'utf-8', bom: false, confidence: 1, ...none };
  // Mostly valid UTF-8 with a few broken bytes (e.g. two files pasted together): still UTF-8,
  // but flagged — decoding it as Windows-1252 would garble every umlaut.
  if (utf8.multibyte >= 4 * utf8.invalid) {
    return { encoding: 'utf-8', bom: false, confidence: 0.5, invalidUtf8: utf8.invalid, firstInvalidUtf8: utf8.firstInvalid };
  }
  let high = 0;
  let typical = 0;
  const end = Math.min(bytes.length, 1 << 20);
  for (let index = 0; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < 0x80) continue;
    high++;
    if (TYPICAL_1252.has(byte)) typical++;
  }
  return { encoding: 'windows-1252', bom: false, confidence: high === 0 || typical >= high * 0.7 ? 0.95 : 0.7, ...none };
}

/** Windows-1252 characters of bytes 0x80–0x9F (WHATWG); five bytes map to themselves (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
export const WINDOWS_1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

let windows1252Sound: boolean | undefined;

/**
 * Whether this platform's streaming TextDecoder maps 0x80–0x9F per Windows-1252. Node 20.18.3+
 * decodes them as C1 controls in its Latin-1 fast path (nodejs/node#56542, #60888), which the
 * streaming path avoids in the versions checked; the table fix-up covers the rest.
 */
function windows1252IsSound(): boolean {
  if (windows1252Sound === undefined) {
    const probe = new TextDecoder('windows-1252');
    windows1252Sound = probe.decode(Uint8Array.of(0x80, 0x96), { stream: true }) + probe.decode() === '\u20ac\u2013';
  }
  return windows1252Sound;
}

/**
 * A streaming decoder for `encoding` that drops a leading BOM (unless `keepBom`: the caller
 * skips it, e.g. because the first bytes it decodes may lie in the middle of the file). Always
 * decodes in streaming mode (see `windows1252IsSound`).
 */
export class ChunkDecoder {
  readonly #decoder: TextDecoder;
  readonly #fix: boolean;

  constructor(encoding: CsvEncoding, keepBom = false) {
    this.#decoder = new TextDecoder(encoding, { ignoreBOM: keepBom });
    this.#fix = encoding === 'windows-1252' && !windows1252IsSound();
  }

  /** Decode the next chunk; an incomplete character at its end waits for the next chunk. */
  decode(chunk: Uint8Array): string {
    return this.#repair(this.#decoder.decode(chunk, { stream: true }));
  }

  /** The rest after the last chunk. */
  end(): string {
    return this.#repair(this.#decoder.decode());
  }

  #repair(text: string): string {
    if (!this.#fix) return text;
    return text.replace(/[\u0080-\u009f]/g, (character) => String.fromCharCode(WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80]!));
  }
}

/** Decode a whole buffer. */
export function decodeBytes(bytes: Uint8Array, encoding: CsvEncoding): string {
  const decoder = new ChunkDecoder(encoding);
  return decoder.decode(bytes) + decoder.end();
}
