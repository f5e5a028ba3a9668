/**
 * The resolution a PNG declares (its `pHYs` chunk), so a 3508 × 2480 image opens as an A4 page
 * at 300 dpi instead of a 1.2 m wide picture at 72 dpi. Browsers write PNGs without one.
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((value, index) => bytes[index] === value);
}

interface Chunk {
  type: string;
  start: number;
  /** Offset after the chunk's CRC. */
  end: number;
  dataStart: number;
  length: number;
}

function* chunks(bytes: Uint8Array): Generator<Chunk> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    yield { type, start: offset, end, dataStart: offset + 8, length };
    offset = end;
  }
}

/** The PNG with a `pHYs` chunk saying `dpi` (any existing one replaced). */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  if (!isPng(png)) throw new Error('Not a PNG file');
  const pixelsPerMetre = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // pHYs
  view.setUint32(8, pixelsPerMetre);
  view.setUint32(12, pixelsPerMetre);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  for (const part of chunks(png)) {
    if (part.type === 'pHYs') continue;
    parts.push(png.subarray(part.start, part.end));
    if (part.type === 'IHDR') parts.push(chunk);
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The resolution a PNG declares in dots per inch (rounded), or null without a `pHYs` in metres. */
export function pngDpi(png: Uint8Array): number | null {
  if (!isPng(png)) return null;
  for (const part of chunks(png)) {
    if (part.type !== 'pHYs') continue;
    const view = new DataView(png.buffer, png.byteOffset + part.dataStart, part.length);
    return view.getUint8(8) === 1 ? Math.round(view.getUint32(0) * 0.0254) : null;
  }
  return null;
}

/** Width and height from a PNG's header. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  if (!isPng(png)) throw new Error('Not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
