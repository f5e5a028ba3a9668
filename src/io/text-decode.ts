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
