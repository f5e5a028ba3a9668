/**
 * Decoding text files from German offices: UTF-8 (with or without BOM) when the bytes are
 * valid UTF-8, otherwise Windows-1252 (a superset of ISO-8859-1 for printable characters).
 */
import { decodeBytes } from './csv/encoding';

export type TextEncodingName = 'utf-8' | 'windows-1252';

export function decodeText(bytes: ArrayBuffer | Uint8Array): { text: string; encoding: TextEncodingName } {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(view);
    return { text, encoding: 'utf-8' };
  } catch {
    // Through the CSV decoder: Node's one-shot windows-1252 TextDecoder maps 0x80–0x9F
    // (€ – „ “) to control characters (nodejs/node#56542); the streaming path does not.
    return { text: decodeBytes(view, 'windows-1252'), encoding: 'windows-1252' };
  }
}

/** What a file that is not text is, as far as its first bytes tell. */
export type BinaryKind = 'zip' | 'office' | 'pdf' | 'image' | 'gzip' | 'binary';

export const BINARY_KIND_TEXT: Record<BinaryKind, string> = {
  zip: 'a zip archive (an Excel .xlsx file is one too)',
  office: 'an old Excel or Word file (.xls/.doc)',
  pdf: 'a PDF document',
  image: 'an image',
  gzip: 'a gzip archive',
  binary: 'binary data, not text',
};

/** The kind of a file that is not text (by signature, or NUL and control bytes in its first 4 KiB), or null for text. */
export function binaryKind(bytes: Uint8Array): BinaryKind | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'office';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38)) return 'image';
  if (starts(0x1f, 0x8b)) return 'gzip';
  // Text has no NUL bytes (UTF-16 aside: callers check for it first) and few control characters.
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return 'binary';
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return head.length > 0 && control / head.length > 0.01 ? 'binary' : null;
}
