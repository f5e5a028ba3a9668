import { describe, expect, it } from 'vitest';
import { PackedTextBuilder, packedTextAt, packedTextValues } from '../../../../src/io/csv/packed-text';
import { cellValue, parseCsv, sniffCsv } from '../../../../src/io/csv';

const put = (builder: PackedTextBuilder, row: number, value: string) => builder.set(row, `;${value};`, 1, value.length + 1);

describe('packed text', () => {
  it('stores values row after row and reads them one by one and all at once', () => {
    const builder = new PackedTextBuilder(1, 16);
    const values = ['Kita Sonnenschein', '', 'Straße – Ärger', '😀 emoji', 'x'.repeat(200), 'Jugendzentrum Süd'];
    values.forEach((value, row) => put(builder, row, value));
    const packed = builder.finish(values.length);
    expect(packed.offsets.length).toBe(values.length + 1);
    expect(values.map((_, row) => packedTextAt(packed, row))).toEqual(values);
    expect(packedTextValues(packed)).toEqual(values);
  });

  it('keeps one byte per character until a character beyond U+00FF comes', () => {
    const latin = ['Straße', 'Löwenzahn', '\u0085 steuer', 'é'.repeat(20_000)];
    const builder = new PackedTextBuilder(2);
    latin.forEach((value, row) => put(builder, row, value));
    const narrow = builder.finish(latin.length);
    expect(narrow.chars).toBeInstanceOf(Uint8Array);
    expect(packedTextValues(narrow)).toEqual(latin);
    expect(packedTextAt(narrow, 3)).toBe(latin[3]);
    const wide = [...latin, '€ 5', '😀'.repeat(9_000)];
    put(builder, 4, wide[4]!);
    put(builder, 5, wide[5]!);
    const widened = builder.finish(wide.length);
    expect(widened.chars).toBeInstanceOf(Uint16Array);
    expect(packedTextValues(widened)).toEqual(wide);
    expect(wide.map((_, row) => packedTextAt(widened, row))).toEqual(wide);
  });

  it('drops a rewritten row and those after it, and leaves unwritten rows empty', () => {
    const builder = new PackedTextBuilder(4);
    put(builder, 0, 'eins');
    put(builder, 1, 'verworfen');
    put(builder, 1, 'zwei');
    put(builder, 4, 'fünf');
    const packed = builder.finish(6);
    expect(packedTextValues(packed)).toEqual(['eins', 'zwei', '', '', 'fünf', '']);
    expect(packed.chars.length).toBe('einszweifünf'.length);
  });

  it('is what a CSV column of mostly distinct values becomes, rejected rows left out', () => {
    const lines = ['ID;Name;Wert'];
    for (let row = 0; row < 3000; row++) lines.push(row === 1500 ? `x${row};Name ${row};1;zu;viele` : `x${row};Name ${row};${row}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const table = parseCsv(bytes, sniffCsv(bytes).settings);
    const names = table.columns.find((column) => column.name === 'Name')!;
    expect(names.kind).toBe('text');
    expect(table.rowCount).toBe(2999);
    expect(cellValue(names, 0)).toBe('Name 0');
    expect(cellValue(names, 1500)).toBe('Name 1501');
    expect(cellValue(names, 2998)).toBe('Name 2999');
  });
});
