import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { crc32, pngDpi, pngSize, withPngDpi } from '../../../src/io/png-dpi';

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return new Uint8Array(PNG.sync.write(image));
}

describe('PNG resolution', () => {
  it('computes the CRC-32 of the standard check string', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('declares 300 dpi and still decodes to the same pixels', () => {
    const original = png(12, 7);
    expect(pngDpi(original)).toBeNull();
    const stamped = withPngDpi(original, 300);
    expect(pngDpi(stamped)).toBe(300);
    expect(pngSize(stamped)).toEqual({ width: 12, height: 7 });
    const decoded = PNG.sync.read(Buffer.from(stamped));
    expect(decoded.width).toBe(12);
    expect(Buffer.compare(decoded.data, PNG.sync.read(Buffer.from(original)).data)).toBe(0);
  });

  it('replaces an earlier resolution instead of adding a second one', () => {
    const twice = withPngDpi(withPngDpi(png(3, 3), 150), 300);
    expect(pngDpi(twice)).toBe(300);
    const text = Buffer.from(twice).toString('latin1');
    expect(text.split('pHYs')).toHaveLength(2);
  });

  it('refuses what is not a PNG', () => {
    expect(() => withPngDpi(new Uint8Array([1, 2, 3]), 300)).toThrow('Not a PNG');
  });
});
