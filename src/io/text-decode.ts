/**
 * Decoding text files from German offices: UTF-8 (with or without BOM) when the bytes are
 * valid UTF-8, otherwise Windows-1252 (a superset of ISO-8859-1 for printable characters).
 */
export type TextEncodingName = 'utf-8' | 'windows-1252';

export function decodeText(bytes: ArrayBuffer | Uint8Array): { text: string; encoding: TextEncodingName } {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(view);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(view), encoding: 'windows-1252' };
  }
}
