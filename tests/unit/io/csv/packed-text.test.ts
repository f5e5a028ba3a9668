import { describe, expect, it } from 'vitest';
import { PackedTextBuilder, packedTextAt, packedTextValues } from '../../../../src/io/csv/packed-text';
import { cellValue, parseCsv, sniffCsv } from '../../../../src/io/csv';
import { ByteText } from '../../../../src/io/csv/byte-text';

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

  it('copies fields from UTF-8 bytes up to the delimiter, one byte per character up to U+00FF', () => {
    const reader = new ByteText('utf-8', 59, 34);
    const line = new TextEncoder().encode('Straße;Löwenzahn 12;;x\n');
    const builder = new PackedTextBuilder(3, 4);
    let start = 0;
    const ends: number[] = [];
    for (let row = 0; row < 4; row++) {
      const end = builder.setBytes(row, line, start, reader);
      ends.push(end);
      start = end + 1;
    }
    expect(ends).toEqual([7, 21, 22, 24]);
    const packed = builder.finish(4);
    expect(packed.chars).toBeInstanceOf(Uint8Array);
    expect(packedTextValues(packed)).toEqual(['Straße', 'Löwenzahn 12', '', 'x']);
  });

  it('widens at the first character beyond U+00FF from bytes, in both encodings, and stores emoji as surrogate pairs', () => {
    const utf8 = new ByteText('utf-8', 59, 34);
    const builder = new PackedTextBuilder(2);
    builder.setBytes(0, new TextEncoder().encode('Müller;'), 0, utf8);
    builder.setBytes(1, new TextEncoder().encode('€ 5 – 😀;'), 0, utf8);
    const wide = builder.finish(2);
    expect(wide.chars).toBeInstanceOf(Uint16Array);
    expect(packedTextValues(wide)).toEqual(['Müller', '€ 5 – 😀']);
    const windows = new ByteText('windows-1252', 59, 34);
    const fromWindows = new PackedTextBuilder(2);
    fromWindows.setBytes(0, Uint8Array.of(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a), 0, windows);
    expect(fromWindows.finish(1).chars).toBeInstanceOf(Uint8Array);
    fromWindows.setBytes(1, Uint8Array.of(0x80, 0x20, 0x35, 0x3b), 0, windows);
    expect(packedTextValues(fromWindows.finish(2))).toEqual(['Müller', '€ 5']);
  });

  it('refuses a field with bytes that are not UTF-8, and takes the row again afterwards', () => {
    const reader = new ByteText('utf-8', 59, 34);
    const builder = new PackedTextBuilder(2);
    builder.setBytes(0, new TextEncoder().encode('eins;'), 0, reader);
    expect(builder.setBytes(1, Uint8Array.of(0x4b, 0xf6, 0x6c, 0x6e, 0x3b), 0, reader)).toBe(-1);
    builder.set(1, 'Köln', 0, 4);
    expect(packedTextValues(builder.finish(2))).toEqual(['eins', 'Köln']);
  });
});
