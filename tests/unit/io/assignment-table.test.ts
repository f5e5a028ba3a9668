import { describe, expect, it } from 'vitest';
import { normaliseKey, readAssignmentTable, rejectedRowsCsv } from '../../../src/io/assignment-table';

const units = [
  { id: 'u1', key: '06435001' },
  { id: 'u2', key: '06435002' },
  { id: 'u3', key: '06435003' },
];
const spaces = [
  { id: 's1', code: 'SR 01', name: 'Auenstadt-Mitte' },
  { id: 's2', code: 'SR 02', name: 'Westliche Höhe' },
];
const encode = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from([...text].map((character) => character.charCodeAt(0)));

describe('normaliseKey', () => {
  it('forgives case, umlauts, separators and leading zeros', () => {
    expect(normaliseKey('Westliche Höhe')).toBe(normaliseKey('westliche_hoehe'));
    expect(normaliseKey('004')).toBe(normaliseKey('4'));
    expect(normaliseKey('SR 03')).toBe(normaliseKey('sr-03'));
  });
});

describe('readAssignmentTable', () => {
  it('finds key and space columns by their values, with a header', () => {
    const table = readAssignmentTable(
      'z.csv',
      encode('Nr;Schlüssel;Sozialraum\n1;06435001;SR 01\n2;06435002;Westliche Höhe\n3;6435003;2\n'),
      units,
      spaces,
    );
    expect(table.hasHeader).toBe(true);
    expect(table.delimiter).toBe(';');
    expect([table.keyColumn, table.spaceColumn]).toEqual([1, 2]);
    expect(table.matches).toEqual([
      { line: 2, unitId: 'u1', spaceId: 's1' },
      { line: 3, unitId: 'u2', spaceId: 's2' },
      { line: 4, unitId: 'u3', spaceId: 's2' },
    ]);
    expect(table.rejected).toEqual([]);
  });

  it('reads Windows-1252 files without a header and lists every rejected row', () => {
    const table = readAssignmentTable(
      'alt.csv',
      latin1('06435001,Westliche Höhe\r\n09999999,SR 01\r\n06435002,Nirgendwo\r\n06435001,SR 01\r\n'),
      units,
      spaces,
    );
    expect(table.encoding).toBe('windows-1252');
    expect(table.hasHeader).toBe(false);
    expect(table.matches).toEqual([{ line: 1, unitId: 'u1', spaceId: 's2' }]);
    expect(table.rejected.map((row) => [row.line, row.reason])).toEqual([
      [2, 'unknown-unit'],
      [3, 'unknown-space'],
      [4, 'duplicate-unit'],
    ]);
    expect(rejectedRowsCsv(table.rejected)).toContain('2;unknown-unit;"no base unit with key ""09999999""";09999999 | SR 01');
  });

  it('names the file when no column holds unit keys', () => {
    expect(() => readAssignmentTable('leer.csv', encode('a;b\nc;d\n'), units, spaces)).toThrow('leer.csv: no column contains keys');
  });
});
