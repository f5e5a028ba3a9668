/**
 * Text values stored the columnar way (as Apache Arrow stores strings): the characters of all
 * values one after another in one buffer, and per row the offset where its value starts. A
 * column of a million distinct values (ids, names) is then two typed arrays instead of a million
 * string objects: written by copying characters, handed to another thread by transfer, and
 * turned into strings only when a consumer reads them.
 *
 * While every character is below U+0100 (German text nearly always is) one byte per character
 * is stored (a Uint8Array, the character code itself); the first wider character widens the
 * buffer to UTF-16 code units (a Uint16Array).
 */
import { BYTE_HIGH, BYTE_PLAIN, plainWord, type ByteText } from './byte-text';
import { charCodesToString } from './char-codes';

export interface PackedText {
  /** The character codes of all values, row after row: one byte each, or UTF-16 code units. */
  chars: Uint8Array | Uint16Array;
  /** `rows + 1` offsets: the value of `row` is `chars[offsets[row], offsets[row + 1])`. */
  offsets: Uint32Array;
}

/** The value of one row. */
export function packedTextAt(text: PackedText, row: number): string {
  return charCodesToString(text.chars, text.offsets[row]!, text.offsets[row + 1]!);
}

/** All values as strings: the buffer decoded in a few large pieces, then a slice per row. */
export function packedTextValues(text: PackedText): string[] {
  const rows = text.offsets.length - 1;
  const out = new Array<string>(Math.max(rows, 0));
  const offsets = text.offsets;
  let row = 0;
  while (row < rows) {
    // A piece of whole rows of about 1 MiB characters (at least one row).
    const start = offsets[row]!;
    let last = row + 1;
    while (last < rows && offsets[last + 1]! - start <= 1 << 20) last++;
    const piece = charCodesToString(text.chars, start, offsets[last]!);
    for (; row < last; row++) out[row] = piece.slice(offsets[row]! - start, offsets[row + 1]! - start);
  }
  return out;
}

/**
 * Builds a packed column row by row. A row may be written again (a row the parser rejected is
 * reused by the next line): its value and those after it are then dropped. Rows never written
 * are empty.
 */
export class PackedTextBuilder {
  #chars: Uint8Array | Uint16Array;
  /** `#chars` as a DataView while it holds bytes (made when first needed). */
  #charsView: DataView<ArrayBufferLike> | null = null;
  #offsets: Uint32Array;
  /** Rows whose end offset is set: `offsets[0 … filled]` are valid. */
  #filled = 0;
  /** Rows expected in all, to project the characters needed from those seen. */
  #rowCapacity: number;

  constructor(rowCapacity: number, charCapacity = 1 << 16) {
    this.#rowCapacity = Math.max(rowCapacity, 1);
    this.#offsets = new Uint32Array(this.#rowCapacity + 1);
    this.#chars = new Uint8Array(Math.max(charCapacity, 16));
  }

  /** More rows are expected than first thought. */
  expectRows(rows: number): void {
    this.#rowCapacity = Math.max(this.#rowCapacity, rows);
  }

  /**
   * Write the field of a quote-free line that starts at `start` (up to the next `delimiter` or
   * `limit`) as the value of `row`, copied while its end is looked for. Returns the field's end.
   * The value is written untrimmed: the caller trims (`set` again) when it starts or ends with
   * white space.
   */
  setField(row: number, text: string, start: number, limit: number, delimiter: number): number {
    let offsets = this.#offsets;
    if (row + 2 > offsets.length) offsets = this.#growOffsets(row + 2);
    if (row !== this.#filled) this.#prepare(row);
    let used = offsets[row]!;
    let chars = this.#chars;
    // Room for the rest of the line at most; the field itself is usually much shorter.
    if (used + limit - start > chars.length) chars = this.#growChars(used + limit - start, row);
    let index = start;
    if (chars instanceof Uint8Array) {
      for (; index < limit; index++) {
        const code = text.charCodeAt(index);
        if (code === delimiter || code > 0xff) break;
        chars[used++] = code;
      }
      if (index < limit && text.charCodeAt(index) !== delimiter) chars = this.#widen();
    }
    for (; index < limit; index++) {
      const code = text.charCodeAt(index);
      if (code === delimiter) break;
      chars[used++] = code;
    }
    offsets[row + 1] = used;
    this.#filled = row + 1;
    return index;
  }

  /**
   * `setField` from the bytes of a line (see `ByteText`): the field that starts at `start`, up to
   * the first delimiter, line break or quote byte, decoded while it is copied. Returns the
   * field's end, or -1 when it holds a character `reader.codePoint` refuses (the row is then
   * left to be written again).
   */
  setBytes(row: number, bytes: Uint8Array, start: number, reader: ByteText): number {
    let offsets = this.#offsets;
    if (row + 2 > offsets.length) offsets = this.#growOffsets(row + 2);
    if (row !== this.#filled) this.#prepare(row);
    const classes = reader.classes;
    let used = offsets[row]!;
    let chars = this.#chars;
    let index = start;
    for (;;) {
      // Bytes that stand for themselves, copied while there is room.
      const room = index + chars.length - used;
      let kind = BYTE_PLAIN;
      if (chars instanceof Uint8Array) {
        // Four bytes at a time while none of them can end the field, then byte by byte.
        const view = reader.viewOf(bytes);
        const target = this.#charsView ?? (this.#charsView = new DataView(chars.buffer, chars.byteOffset, chars.byteLength));
        const words = Math.min(room, bytes.length) - 4;
        while (index <= words) {
          const word = view.getUint32(index, true);
          if (!plainWord(word, reader.delimiterWord, reader.quoteWord)) break;
          target.setUint32(used, word, true);
          used += 4;
          index += 4;
        }
        for (; index < room; index++) {
          const byte = bytes[index]!;
          kind = classes[byte]!;
          if (kind !== BYTE_PLAIN) break;
          chars[used++] = byte;
        }
      } else {
        for (; index < room; index++) {
          const byte = bytes[index]!;
          kind = classes[byte]!;
          if (kind !== BYTE_PLAIN) break;
          chars[used++] = byte;
        }
      }
      if (index === room || used + 2 > chars.length) {
        chars = this.#growChars(used + 64, row);
        continue;
      }
      if (kind !== BYTE_HIGH) break;
      const code = reader.codePoint(bytes, index);
      if (code < 0) return -1;
      index = reader.next;
      if (code > 0xff && chars instanceof Uint8Array) chars = this.#widen();
      if (code > 0xffff) {
        chars[used++] = 0xd800 + ((code - 0x10000) >> 10);
        chars[used++] = 0xdc00 + (code & 0x3ff);
      } else {
        chars[used++] = code;
      }
    }
    offsets[row + 1] = used;
    this.#filled = row + 1;
    return index;
  }

  /** Write `text[start, end)` as the value of `row`. */
  set(row: number, text: string, start: number, end: number): void {
    let offsets = this.#offsets;
    if (row + 2 > offsets.length) offsets = this.#growOffsets(row + 2);
    if (row !== this.#filled) this.#prepare(row);
    let used = offsets[row]!;
    let chars = this.#chars;
    if (used + end - start > chars.length) chars = this.#growChars(used + end - start, row);
    let index = start;
    if (chars instanceof Uint8Array) {
      for (; index < end; index++) {
        const code = text.charCodeAt(index);
        if (code > 0xff) break;
        chars[used++] = code;
      }
      if (index < end) chars = this.#widen();
    }
    for (; index < end; index++) chars[used++] = text.charCodeAt(index);
    offsets[row + 1] = used;
    this.#filled = row + 1;
  }

  /** The column of `rows` rows (copies trimmed to size, so a transfer carries no slack). */
  finish(rows: number): PackedText {
    if (rows + 1 > this.#offsets.length) this.#growOffsets(rows + 1);
    const offsets = this.#offsets;
    if (rows > this.#filled) {
      const at = offsets[this.#filled]!;
      for (let gap = this.#filled + 1; gap <= rows; gap++) offsets[gap] = at;
    }
    return { chars: fitted(this.#chars, offsets[rows]!), offsets: fitted(offsets, rows + 1) };
  }

  /** Make `row` the next to write: drop it and later rows when written before, or leave the rows up to it empty. */
  #prepare(row: number): void {
    const offsets = this.#offsets;
    if (row > this.#filled) {
      const at = offsets[this.#filled]!;
      for (let gap = this.#filled + 1; gap <= row; gap++) offsets[gap] = at;
    }
    this.#filled = row;
  }

  #growOffsets(minimum: number): Uint32Array {
    const next = new Uint32Array(Math.max(minimum, this.#offsets.length * 2));
    next.set(this.#offsets);
    this.#offsets = next;
    return next;
  }

  /**
   * Room for at least `minimum` characters: as many as the expected rows need at the length per
   * row seen so far (so a big column grows once or twice, not by doubling from small), and at
   * least a quarter more than now.
   */
  #growChars(minimum: number, row: number): Uint8Array | Uint16Array {
    const projected = Math.ceil((minimum / (row + 1)) * Math.max(this.#rowCapacity, row + 1) * 1.04) + 1024;
    const length = Math.max(minimum, projected, Math.ceil(this.#chars.length * 1.25));
    const next = this.#chars instanceof Uint8Array ? new Uint8Array(length) : new Uint16Array(length);
    next.set(this.#chars);
    this.#chars = next;
    this.#charsView = null;
    return next;
  }

  /** From one byte per character to UTF-16 code units (the codes stay the same). */
  #widen(): Uint16Array {
    const next = new Uint16Array(this.#chars.length);
    next.set(this.#chars);
    this.#chars = next;
    this.#charsView = null;
    return next;
  }
}

/** An exact-length view, or a copy when the buffer is much longer. */
function fitted<T extends Uint8Array | Uint16Array | Uint32Array>(array: T, length: number): T {
  return (array.length - length > array.length / 16 ? array.slice(0, length) : array.subarray(0, length)) as T;
}
