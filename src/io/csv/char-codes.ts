/**
 * Strings from arrays of character codes (one byte per character, or UTF-16 code units), as the
 * packed text columns and the byte reader hold them.
 */

/** Made with `String.fromCharCode` up to this length, in blocks beyond. */
const BLOCK = 8192;

let utf16: TextDecoder | null = null;

/** The string of `codes[start, end)`: byte values are Latin-1 characters, 16-bit values UTF-16 code units. */
export function charCodesToString(codes: Uint8Array | Uint16Array, start: number, end: number): string {
  if (end - start <= BLOCK) return String.fromCharCode.apply(null, codes.subarray(start, end) as unknown as number[]);
  if (codes instanceof Uint16Array) {
    utf16 ??= new TextDecoder('utf-16le');
    return utf16.decode(codes.subarray(start, end));
  }
  const parts: string[] = [];
  for (let from = start; from < end; from += BLOCK) parts.push(charCodesToString(codes, from, Math.min(end, from + BLOCK)));
  return parts.join('');
}
