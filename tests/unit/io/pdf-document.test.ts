import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { pdfDocument } from '../../../src/io/pdf-document';

function page(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  for (let offset = 0; offset < image.data.length; offset += 4) image.data.set([0, 114, 178, 255], offset);
  return new Uint8Array(PNG.sync.write(image));
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('pdfDocument', () => {
  it('writes one landscape page per image, each in its paper size', () => {
    const bytes = pdfDocument(
      [
        { paper: 'A4', image: page(297, 210), format: 'PNG' },
        { paper: 'A4', image: page(297, 210), format: 'PNG' },
        { paper: 'A3', image: page(420, 297), format: 'PNG' },
      ],
      { title: 'Jugendhilfeausschuss März', subject: 'Folien', creator: 'Sozialraum-Atlas', createdAt: Date.UTC(2026, 0, 21) },
    );
    const pdf = text(bytes);
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(3);
    // MediaBox in points: A4 landscape 841.89 × 595.28, A3 landscape 1190.55 × 841.89.
    const boxes = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((match) => [Math.round(Number(match[1])), Math.round(Number(match[2]))]);
    expect(boxes).toEqual([
      [842, 595],
      [842, 595],
      [1191, 842],
    ]);
    expect(pdf).toContain('/Title (Jugendhilfeausschuss M');
    expect(pdf.match(/\/Subtype \/Image/g)).toHaveLength(3);
  });

  it('needs a page', () => {
    expect(() => pdfDocument([], { title: '', subject: '', creator: '', createdAt: 0 })).toThrow();
  });
});
