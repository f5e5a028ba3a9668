/**
 * Reading cells straight from the bytes of a UTF-8 or Windows-1252 file, without decoding the
 * file into a string first. Delimiters, quotes, line breaks, digits and ASCII letters are the
 * same single bytes in both encodings (and UTF-8 never uses a byte below 0x80 inside a
 * multi-byte character), so a line can be split into fields byte by byte; only the few bytes
 * that start a non-ASCII character (UTF-8) or stand for one beyond U+00FF (Windows-1252
 * 0x80–0x9F) are decoded, here, one character at a time.
 *
 * Bytes that are not valid UTF-8, and U+FFFD itself, are never read here: the caller hands the
 * line to the text path, which decodes it and counts each U+FFFD with its line.
 */
import { charCodesToString } from './char-codes';
import { WINDOWS_1252_HIGH } from './encoding';

/** Classes of bytes (`ByteText.classes`): a byte that stands for itself (its UTF-16 code unit is the byte). */
export const BYTE_PLAIN = 0;
export const BYTE_DELIMITER = 1;
export const BYTE_LF = 2;
export const BYTE_CR = 3;
/** The quote character (only when fields can be quoted). */
export const BYTE_QUOTE = 4;
/** A byte that starts a character to decode (UTF-8: every byte from 0x80; Windows-1252: 0x80–0x9F). */
export const BYTE_HIGH = 5;

const FNV_PRIME = 16777619;

/**
 * Four bytes (little-endian) none of which can end or interrupt a field: no byte below 0x20 (LF,
 * CR, tab), none from 0x80, neither the delimiter nor the quote (each repeated in a word). Word-wise
 * tests for a zero or small byte: a byte that passes is never reported, one that fails may make a
 * later byte of the word fail too, which only sends the word to the byte-by-byte loop.
 */
export function plainWord(word: number, delimiterWord: number, quoteWord: number): boolean {
  const delimiter = word ^ delimiterWord;
  const quote = word ^ quoteWord;
  return ((((word - 0x20202020) & ~word) | ((delimiter - 0x01010101) & ~delimiter) | ((quote - 0x01010101) & ~quote) | word) & 0x80808080) === 0;
}

export class ByteText {
  /** The class of each byte value (BYTE_PLAIN … BYTE_HIGH). */
  readonly classes = new Uint8Array(256);
  readonly utf8: boolean;
  /** Where the last `codePoint`, `fieldEnd` or `hashRest` stopped. */
  next = 0;
  /** Code units of the last `text`. */
  #units = new Uint16Array(256);

  /** The delimiter and quote bytes repeated in four bytes (`plainWord`). */
  readonly delimiterWord: number;
  readonly quoteWord: number;
  #view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  #viewOf: Uint8Array | null = null;

  constructor(encoding: 'utf-8' | 'windows-1252', delimiter: number, quote: number) {
    this.utf8 = encoding === 'utf-8';
    this.classes.fill(BYTE_HIGH, 0x80, this.utf8 ? 0x100 : 0xa0);
    this.classes[10] = BYTE_LF;
    this.classes[13] = BYTE_CR;
    if (quote >= 0) this.classes[quote] = BYTE_QUOTE;
    this.classes[delimiter] = BYTE_DELIMITER;
    this.delimiterWord = Math.imul(delimiter, 0x01010101);
    this.quoteWord = Math.imul(quote >= 0 ? quote : delimiter, 0x01010101);
  }

  /** `bytes` as a DataView, to read four bytes at a time (kept while the same bytes are read). */
  viewOf(bytes: Uint8Array): DataView<ArrayBufferLike> {
    if (this.#viewOf !== bytes) {
      this.#viewOf = bytes;
      this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.#view;
  }

  /**
   * The character that starts at `bytes[index]` (a byte of class BYTE_HIGH), with `next` set
   * after it; -1 when the bytes are not valid UTF-8 (by the WHATWG decoder's rules) or encode
   * U+FFFD. The bytes that follow are read only as far as the character needs, so a line that
   * ends in LF is never read past it.
   */
  codePoint(bytes: Uint8Array, index: number): number {
    const lead = bytes[index]!;
    if (!this.utf8 || lead < 0x80) {
      this.next = index + 1;
      return lead >= 0x80 && lead < 0xa0 ? WINDOWS_1252_HIGH[lead - 0x80]! : lead;
    }
    if (lead >= 0xc2 && lead <= 0xdf) {
      const second = bytes[index + 1]!;
      if (!(second >= 0x80 && second <= 0xbf)) return -1;
      this.next = index + 2;
      return ((lead & 0x1f) << 6) | (second & 0x3f);
    }
    if (lead >= 0xe0 && lead <= 0xef) {
      const second = bytes[index + 1]!;
      if (!(second >= (lead === 0xe0 ? 0xa0 : 0x80) && second <= (lead === 0xed ? 0x9f : 0xbf))) return -1;
      const third = bytes[index + 2]!;
      if (!(third >= 0x80 && third <= 0xbf)) return -1;
      const code = ((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f);
      if (code === 0xfffd) return -1;
      this.next = index + 3;
      return code;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
      const second = bytes[index + 1]!;
      if (!(second >= (lead === 0xf0 ? 0x90 : 0x80) && second <= (lead === 0xf4 ? 0x8f : 0xbf))) return -1;
      const third = bytes[index + 2]!;
      if (!(third >= 0x80 && third <= 0xbf)) return -1;
      const fourth = bytes[index + 3]!;
      if (!(fourth >= 0x80 && fourth <= 0xbf)) return -1;
      this.next = index + 4;
      return ((lead & 0x07) << 18) | ((second & 0x3f) << 12) | ((third & 0x3f) << 6) | (fourth & 0x3f);
    }
    return -1;
  }

  /**
   * The end of the field that starts at `start`: the first delimiter, line break or quote byte;
   * -1 when the field holds a character `codePoint` refuses.
   */
  fieldEnd(bytes: Uint8Array, start: number): number {
    const classes = this.classes;
    let index = start;
    const view = this.viewOf(bytes);
    const words = bytes.length - 4;
    while (index <= words && plainWord(view.getUint32(index, true), this.delimiterWord, this.quoteWord)) index += 4;
    for (;;) {
      const kind = classes[bytes[index]!]!;
      if (kind === BYTE_PLAIN) {
        index++;
      } else if (kind === BYTE_HIGH) {
        if (this.codePoint(bytes, index) < 0) return -1;
        index = this.next;
      } else {
        return index;
      }
    }
  }

  /**
   * FNV-1a over the UTF-16 code units of the field from `index` on, continuing from `hash` (so a
   * value hashes as its decoded string does); `next` is set to the field's end, or -1 when the
   * field holds a character `codePoint` refuses.
   */
  hashRest(bytes: Uint8Array, index: number, hash: number): number {
    const classes = this.classes;
    for (;;) {
      const byte = bytes[index]!;
      const kind = classes[byte]!;
      if (kind === BYTE_PLAIN) {
        hash = Math.imul(hash ^ byte, FNV_PRIME);
        index++;
      } else if (kind === BYTE_HIGH) {
        const code = this.codePoint(bytes, index);
        if (code < 0) {
          this.next = -1;
          return hash;
        }
        index = this.next;
        if (code > 0xffff) {
          hash = Math.imul(hash ^ (0xd800 + ((code - 0x10000) >> 10)), FNV_PRIME);
          hash = Math.imul(hash ^ (0xdc00 + (code & 0x3ff)), FNV_PRIME);
        } else {
          hash = Math.imul(hash ^ code, FNV_PRIME);
        }
      } else {
        this.next = index;
        return hash;
      }
    }
  }

  /** The text of `bytes[start, end)`, or null when it holds a character `codePoint` refuses. */
  text(bytes: Uint8Array, start: number, end: number): string | null {
    if (this.#units.length < end - start) this.#units = new Uint16Array(Math.max(end - start, this.#units.length * 2));
    const units = this.#units;
    let count = 0;
    let index = start;
    while (index < end) {
      const byte = bytes[index]!;
      if (byte < 0x80) {
        units[count++] = byte;
        index++;
        continue;
      }
      const code = this.codePoint(bytes, index);
      if (code < 0 || this.next > end) return null;
      index = this.next;
      if (code > 0xffff) {
        units[count++] = 0xd800 + ((code - 0x10000) >> 10);
        units[count++] = 0xdc00 + (code & 0x3ff);
      } else {
        units[count++] = code;
      }
    }
    return charCodesToString(units, 0, count);
  }

  /** `bytes[start, end)` decode to `value`. */
  equals(value: string, bytes: Uint8Array, start: number, end: number): boolean {
    let at = 0;
    let index = start;
    while (index < end) {
      const byte = bytes[index]!;
      if (byte < 0x80) {
        if (value.charCodeAt(at++) !== byte) return false;
        index++;
        continue;
      }
      const code = this.codePoint(bytes, index);
      if (code < 0) return false;
      index = this.next;
      if (code > 0xffff) {
        if (value.charCodeAt(at++) !== 0xd800 + ((code - 0x10000) >> 10) || value.charCodeAt(at++) !== 0xdc00 + (code & 0x3ff)) return false;
      } else if (value.charCodeAt(at++) !== code) {
        return false;
      }
    }
    return at === value.length;
  }

  /**
   * The field at `start` may begin with a padding character (space, tab, no-break space U+00A0 or
   * U+202F): then it is read as text and trimmed. May say yes for other characters, never no
   * for these.
   */
  padAt(bytes: Uint8Array, start: number): boolean {
    const byte = bytes[start]!;
    if (byte === 32 || byte === 9) return true;
    if (byte < 0x80) return false;
    if (!this.utf8) return byte === 0xa0;
    return (byte === 0xc2 && bytes[start + 1] === 0xa0) || (byte === 0xe2 && bytes[start + 1] === 0x80 && bytes[start + 2] === 0xaf);
  }

  /** The field that ends before `end` may end with a padding character (as `padAt`). */
  padBefore(bytes: Uint8Array, end: number): boolean {
    const byte = bytes[end - 1]!;
    // The last bytes of U+00A0 and U+202F in UTF-8.
    return byte === 32 || byte === 9 || byte === 0xa0 || (this.utf8 && byte === 0xaf);
  }

  /** `value` in this encoding, or null when it cannot be written in it. */
  encode(value: string): Uint8Array | null {
    if (this.utf8) return new TextEncoder().encode(value);
    const bytes = new Uint8Array(value.length);
    for (let index = 0; index < value.length; index++) {
      const code = value.charCodeAt(index);
      const high = WINDOWS_1252_HIGH.indexOf(code);
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes[index] = code;
      else if (high >= 0) bytes[index] = 0x80 + high;
      else return null;
    }
    return bytes;
  }
}
