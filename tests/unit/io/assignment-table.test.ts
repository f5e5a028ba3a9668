import { describe, expect, it } from 'vitest';
import { normaliseKey, readAssignmentTable, rejectedRowsCsv, tryReadAssignmentTable } from '../../../src/io/assignment-table';

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

  it('reports where each rejected row came from: key, space and the first line of a duplicate', () => {
    const table = readAssignmentTable('d.csv', encode('Schlüssel;Sozialraum;Notiz\n06435001;SR 01;\n06435001;SR 02;\n;;offen\n'), units, spaces);
    expect(table.rowCount).toBe(3);
    expect(table.rejected).toEqual([
      expect.objectContaining({ line: 3, reason: 'duplicate-unit', unitKey: '06435001', space: 'SR 02', firstLine: 2 }),
      expect.objectContaining({ line: 4, reason: 'empty', unitKey: '', space: '' }),
    ]);
    expect(table.columnLabels).toEqual(['Schlüssel', 'Sozialraum', 'Notiz']);
  });

  it('takes the columns the user chose', () => {
    const text = 'Alt;Schlüssel;Neu\nSR 01;06435001;SR 02\nSR 01;06435002;SR 02\n';
    const detected = readAssignmentTable('w.csv', encode(text), units, spaces);
    expect([detected.keyColumn, detected.spaceColumn]).toEqual([1, 0]);
    const chosen = readAssignmentTable('w.csv', encode(text), units, spaces, { spaceColumn: 2 });
    expect([chosen.keyColumn, chosen.spaceColumn]).toEqual([1, 2]);
    expect(chosen.matches.map((match) => match.spaceId)).toEqual(['s2', 's2']);
    expect(() => readAssignmentTable('w.csv', encode(text), units, spaces, { keyColumn: 1, spaceColumn: 1 })).toThrow('different columns');
    expect(() => readAssignmentTable('w.csv', encode(text), units, spaces, { spaceColumn: 7 })).toThrow('no column 8');
  });

  it('lists names of spaces that do not exist and, when asked, assigns their units to new spaces', () => {
    const text = 'Schlüssel;Sozialraum\n06435001;Neustadt\n06435002;neustadt\n06435003;SR 01\n';
    const listed = readAssignmentTable('n.csv', encode(text), units, spaces);
    expect(listed.missingSpaces).toEqual([{ id: 'new:1', name: 'Neustadt', lines: [2, 3] }]);
    expect(listed.rejected.map((row) => [row.line, row.reason])).toEqual([
      [2, 'unknown-space'],
      [3, 'unknown-space'],
    ]);
    const created = readAssignmentTable('n.csv', encode(text), units, spaces, { createMissingSpaces: true });
    expect(created.rejected).toEqual([]);
    expect(created.matches).toEqual([
      { line: 2, unitId: 'u1', spaceId: 'new:1' },
      { line: 3, unitId: 'u2', spaceId: 'new:1' },
      { line: 4, unitId: 'u3', spaceId: 's1' },
    ]);
  });

  it('guesses the space column of a table for a new plan (no known space at all)', () => {
    const text = 'Name;Schlüssel;Plan\nMitte;06435001;Nord\nAlt;06435002;Nord\nNeu;06435003;Süd\n';
    const table = readAssignmentTable('plan.csv', encode(text), units, []);
    expect(table).toMatchObject({ keyColumn: 1, spaceColumn: 2, spaceColumnGuessed: true, hasHeader: true });
    expect(table.missingSpaces.map((space) => space.name)).toEqual(['Nord', 'Süd']);
  });

  it('returns failures as plain data for the worker', () => {
    expect(tryReadAssignmentTable('leer.csv', encode(''), units, spaces)).toEqual({
      ok: false,
      error: { code: 'empty', fileName: 'leer.csv', message: 'leer.csv: the file contains no rows' },
    });
    expect(tryReadAssignmentTable('x.csv', encode('06435001;SR 01\n'), units, spaces)).toMatchObject({ ok: true, table: { matches: [{ unitId: 'u1' }] } });
  });

  it('writes rejected rows with a caller-supplied description', () => {
    const table = readAssignmentTable('alt.csv', encode('09999999;SR 01\n06435001;SR 01\n'), units, spaces);
    expect(rejectedRowsCsv(table.rejected, (row) => `Schlüssel „${row.unitKey}“ unbekannt`)).toBe(
      '\uFEFFZeile;Grund;Details;Werte\r\n1;unknown-unit;Schlüssel „09999999“ unbekannt;09999999 | SR 01\r\n',
    );
  });
});


describe('decoding Windows-1252 in Node', () => {
  it('keeps the typographic characters of 0x80–0x9F (€, en dash, German quotes)', async () => {
    const { decodeText } = await import('../../../src/io/text-decode');
    const bytes = new Uint8Array([0x80, 0x20, 0x96, 0x20, 0x84, 0x41, 0x93, 0x20, 0xe4]);
    expect(decodeText(bytes)).toEqual({ text: '€ – „A“ ä', encoding: 'windows-1252' });
  });
});
