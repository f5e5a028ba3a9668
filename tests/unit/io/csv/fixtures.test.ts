/**
 * Sniffing and parsing the hand-made fixtures in tests/fixtures/csv, one quirk each
 * (see the README there): detected settings and exact cell values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUESS_THRESHOLD, cellValue, parseCsv, sniffCsv, type CsvTable } from '../../../../src/io/csv';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/csv/${name}`, import.meta.url)));

function read(name: string) {
  const bytes = fixture(name);
  const sniff = sniffCsv(bytes);
  return { sniff, table: parseCsv(bytes, sniff.settings) };
}

/** All rows as arrays of plain values (NaN for missing numbers). */
const rows = (table: CsvTable) => Array.from({ length: table.rowCount }, (_, row) => table.columns.map((column) => cellValue(column, row)));

describe('bom-crlf-key-last.csv (BOM, CRLF, ;, decimal comma, zero-padded key in the last column)', () => {
  const { sniff, table } = read('bom-crlf-key-last.csv');

  it('detects the settings', () => {
    expect(sniff).toMatchObject({ bom: true, lineEnding: 'crlf' });
    expect(sniff.settings).toMatchObject({ encoding: 'utf-8', delimiter: ';', quote: '"', hasHeader: true, skipRows: 0, columnCount: 4 });
    expect(sniff.header).toEqual(['Einrichtung', 'Plätze', 'Quote', 'PLR-ID']);
    expect(sniff.columns.map((column) => column.settings.type)).toEqual(['text', 'integer', 'number', 'text']);
    expect(sniff.columns[2]!.settings.decimal).toBe(',');
    expect(sniff.columns[3]!.note).toBe('zero-padded');
    expect(Object.values(sniff.confidence).every((value) => value >= GUESS_THRESHOLD)).toBe(true);
  });

  it('keeps keys as text and reads decimal commas; the empty cell is missing', () => {
    expect(rows(table)).toEqual([
      ['Kita Sonnenschein', 45, 12.5, '01100101'],
      ['Kita Löwenzahn', 120, 7.25, '01100102'],
      ['Hort Am Park', 30, 0.5, '01200207'],
      ['Jugendtreff Nord', Number.NaN, 3, '02100101'],
    ]);
    expect([...table.lines]).toEqual([2, 3, 4, 5]);
    const places = table.columns[1]!;
    expect(places.kind === 'number' && [places.missing, places.status?.[3], places.markers[0]!.text]).toEqual([1, 1, '']);
    expect(table.rejects).toEqual([]);
  });
});

describe('latin1-umlauts.csv (Windows-1252, umlauts and ß, "." thousands, "–" missing)', () => {
  const { sniff, table } = read('latin1-umlauts.csv');

  it('detects Windows-1252 and thousands dots', () => {
    expect(sniff.settings.encoding).toBe('windows-1252');
    expect(sniff.header).toEqual(['Straße', 'Ort', 'Anzahl', 'Träger']);
    expect(sniff.columns[2]!.settings).toMatchObject({ type: 'integer', decimal: ',', thousands: '.' });
    expect(sniff.columns[2]!.markers).toEqual({ '–': 1 });
    // "1.234" could be 1.234: nothing else in the file shows the decimal separator, so it is flagged.
    expect(sniff.columns[2]!.note).toBe('ambiguous-format');
    expect(sniff.columns[2]!.confidence).toBeLessThan(GUESS_THRESHOLD);
    expect(sniff.roles.byRole.street?.column).toBe(0);
    expect(sniff.roles.byRole.city?.column).toBe(1);
    expect(sniff.roles.byRole.provider?.column).toBe(3);
  });

  it('reads the umlauts and numbers', () => {
    expect(rows(table)).toEqual([
      ['Müllerstraße 5', 'Köln', 1234, 'Caritas'],
      ['Hauptstr. 12a', 'Düsseldorf', 987, 'AWO'],
      ['Lößweg 3', 'Bückeburg', Number.NaN, 'Diakonie'],
      ['Weißdornallee 7', 'Görlitz', 12001, 'Städtisch'],
    ]);
    const count = table.columns[2]!;
    expect(count.kind === 'number' && count.markers[count.status![2]! - 1]!.text).toBe('–');
  });

  it('reads the same numbers as 1.234 when the user says the dot is decimal', () => {
    const bytes = fixture('latin1-umlauts.csv');
    const sniff = sniffCsv(bytes, { columns: { 2: { decimal: '.', thousands: '', type: 'number' } } });
    expect(sniff.overridden).toEqual(['column:2']);
    const table = parseCsv(bytes, sniff.settings);
    expect(cellValue(table.columns[2]!, 0)).toBe(1.234);
  });
});

describe('thousands-missing.csv (space, dot, NBSP and apostrophe thousands, %, missing . - x)', () => {
  const { sniff, table } = read('thousands-missing.csv');

  it('detects each column format', () => {
    const formats = sniff.columns.map(({ settings }) => [settings.type, settings.decimal, settings.thousands, settings.percent]);
    expect(formats).toEqual([
      ['text', ',', '', false],
      ['integer', ',', ' ', false],
      ['integer', ',', '.', false],
      ['number', ',', '\u00a0', false],
      ['number', '.', "'", false],
      ['number', ',', '', true],
      ['integer', ',', '', false],
    ]);
    expect(sniff.columns[6]!.markers).toEqual({ '.': 1, '-': 1, x: 1 });
  });

  it('reads every cell', () => {
    expect(rows(table)).toEqual([
      ['Altstadt', 1675, 1229, 1300.5, 1234.5, 12.5, Number.NaN],
      ['Neustadt', 12301, 8584, 2001, 12000.25, 7, Number.NaN],
      ['Hafen', 214, 73, 88.25, 999.5, 0.4, Number.NaN],
      ['Gesamt', 14190, 9886, 3389.75, 13233.75, 8.1, -23],
    ]);
    const cases = table.columns[6]!;
    if (cases.kind !== 'number') throw new Error('numeric column expected');
    expect([0, 1, 2].map((row) => cases.markers[cases.status![row]! - 1]!.text)).toEqual(['.', '-', 'x']);
    expect(cases.missing).toBe(3);
  });

  it('reads "-" as 0 when it is a zero marker', () => {
    const bytes = fixture('thousands-missing.csv');
    const settings = structuredClone(sniff.settings);
    settings.columns[6]!.zeroMarkers = ['-'];
    settings.columns[6]!.missingMarkers = settings.columns[6]!.missingMarkers.filter((marker) => marker !== '-');
    const cases = parseCsv(bytes, settings).columns[6]!;
    expect([0, 1, 2, 3].map((row) => cellValue(cases, row))).toEqual([Number.NaN, 0, Number.NaN, -23]);
    expect(cases.kind === 'number' && cases.missing).toBe(2);
  });
});

describe('no-header.csv (no header row, comma, decimal point)', () => {
  const { sniff, table } = read('no-header.csv');

  it('sees that the first row is data', () => {
    expect(sniff.settings).toMatchObject({ delimiter: ',', hasHeader: false, columnCount: 4 });
    expect(sniff.header).toBeNull();
    expect(sniff.columns.map((column) => column.settings.type)).toEqual(['text', 'text', 'number', 'year']);
  });

  it('reads all four rows from line 1', () => {
    expect(table.rowCount).toBe(4);
    expect([...table.lines]).toEqual([1, 2, 3, 4]);
    expect(rows(table)[0]).toEqual(['01', 'Nordstadt', 1234.5, 2019]);
    expect(table.columns.map((column) => column.name)).toEqual(['', '', '', '']);
  });

  it('takes the first row as a header when told so, and lists it nowhere else', () => {
    const bytes = fixture('no-header.csv');
    const override = sniffCsv(bytes, { hasHeader: true });
    expect(override.header).toEqual(['01', 'Nordstadt', '1234.5', '2019']);
    expect(parseCsv(bytes, override.settings).rowCount).toBe(3);
  });
});

describe('field-count.csv (a field too many, too few, a note line, trailing delimiter, trailing empty lines)', () => {
  const { sniff, table } = read('field-count.csv');

  it('reports the uneven rows in the sniff', () => {
    expect(sniff.settings).toMatchObject({ delimiter: ';', columnCount: 3 });
    expect(sniff.notes).toContainEqual({ code: 'field-count', lines: [3, 4, 6] });
    expect(sniff.columns[2]!.settings.type).toBe('integer');
  });

  it('rejects the shifted row and the note, keeps the short row with an empty cell', () => {
    expect(rows(table)).toEqual([
      ['Kita A', 'Kita', 10],
      ['Kita B', 'Kita', Number.NaN],
      ['Kita C', 'Kita', 12],
    ]);
    expect([...table.lines]).toEqual([2, 4, 5]);
    expect(table.rejects).toEqual([
      { line: 3, column: -1, value: 'Müller; Meier GbR;Verein;7', reason: 'too-many-fields', rowRejected: true },
      { line: 4, column: -1, value: 'Kita B;Kita', reason: 'too-few-fields', rowRejected: false },
      { line: 6, column: -1, value: 'Quelle: Jugendamt', reason: 'too-few-fields', rowRejected: true },
    ]);
    expect([table.rejectedRows, table.emptyLines]).toEqual([2, 2]);
  });

  it('keeps the shifted row when asked (extra field ignored, shifted cell listed)', () => {
    const kept = parseCsv(fixture('field-count.csv'), sniff.settings, { extraFields: 'keep' });
    expect(rows(kept)).toEqual([
      ['Kita A', 'Kita', 10],
      ['Müller', 'Meier GbR', Number.NaN],
      ['Kita B', 'Kita', Number.NaN],
      ['Kita C', 'Kita', 12],
    ]);
    expect(kept.rejects.map((reject) => [reject.line, reject.column, reject.reason, reject.rowRejected])).toEqual([
      [3, -1, 'too-many-fields', false],
      [3, 2, 'not-a-number', false],
      [4, -1, 'too-few-fields', false],
      [6, -1, 'too-few-fields', true],
    ]);
  });

  it('rejects a row whose required cell is missing, and undoes its counts', () => {
    const strict = parseCsv(fixture('field-count.csv'), sniff.settings, { required: [2] });
    expect(rows(strict)).toEqual([
      ['Kita A', 'Kita', 10],
      ['Kita C', 'Kita', 12],
    ]);
    expect(strict.rejects.map((reject) => [reject.line, reject.column, reject.reason, reject.rowRejected])).toEqual([
      [3, -1, 'too-many-fields', true],
      [4, 2, 'required-missing', true],
      [6, -1, 'too-few-fields', true],
    ]);
    const count = strict.columns[2]!;
    expect(count.kind === 'number' && [count.missing, count.invalid, count.status]).toEqual([0, 0, new Uint8Array(2)]);
  });
});

describe('quoted.csv (quoted delimiters, doubled quotes, line break in a field, stray quotes, CRLF)', () => {
  const { sniff, table } = read('quoted.csv');

  it('detects comma and double quote', () => {
    expect(sniff.settings).toMatchObject({ delimiter: ',', quote: '"', hasHeader: true });
    expect(sniff.notes).toContainEqual({ code: 'malformed-quotes', lines: [6] });
  });

  it('reads the fields and counts lines inside quotes', () => {
    expect(rows(table)).toEqual([
      ['1', 'Kita "Sonne", e.V.', 'a, b', 5],
      ['2', 'Zwei\r\nZeilen', 'x', 6],
      ['3', 'Kita "Mond"', 'plain', 7],
      ['4', 'Kita "Stern" e.V.', 'ok', 8],
      ['5', '', '', 9],
    ]);
    expect([...table.lines]).toEqual([2, 3, 5, 6, 7]);
    expect(table.rejects).toEqual([{ line: 6, column: 1, value: 'Kita "Stern" e.V.', reason: 'malformed-quote', rowRejected: false }]);
  });
});

describe('title-repeated-header.csv (title rows, a delimiter-only line, the header repeated inside)', () => {
  const { sniff, table } = read('title-repeated-header.csv');

  it('skips the titles and finds the header under them', () => {
    expect(sniff.settings).toMatchObject({ skipRows: 2, hasHeader: true, columnCount: 4 });
    expect(sniff.header).toEqual(['Sozialraum', 'Jahr', 'Hilfeart', 'Fälle']);
    expect(sniff.notes).toEqual(expect.arrayContaining([{ code: 'title-rows', count: 2 }, { code: 'repeated-header', lines: [7] }]));
    expect(sniff.columns[1]!.settings.type).toBe('year');
    expect(sniff.roles.byRole).toMatchObject({ areaKey: { column: 0 }, year: { column: 1 }, helpType: { column: 2 }, count: { column: 3 } });
  });

  it('lists skipped rows and the repeated header, and reads the data', () => {
    expect(rows(table)).toEqual([
      ['SR 01', 2023, '§ 31', 12],
      ['SR 02', 2023, '§ 34', 3],
      ['SR 03', 2023, '§ 35a', 1024],
    ]);
    expect([...table.lines]).toEqual([5, 6, 8]);
    expect(table.rejects.map((reject) => [reject.line, reject.reason])).toEqual([
      [1, 'skipped-row'],
      [2, 'skipped-row'],
      [7, 'repeated-header'],
    ]);
    expect(table.emptyLines).toBe(1);
  });
});

describe('tab.tsv, pipe.csv and utf16le.txt (other delimiters, Excel "Unicode text")', () => {
  it('reads tab-separated postcodes as text', () => {
    const { sniff, table } = read('tab.tsv');
    expect(sniff.settings.delimiter).toBe('\t');
    expect(sniff.roles.byRole.postcode?.column).toBe(1);
    expect(rows(table)).toEqual([
      ['Kita Regenbogen', '01067', 'Dresden'],
      ['Kita Sterntaler', '04109', 'Leipzig'],
    ]);
  });

  it('reads pipes', () => {
    const { sniff, table } = read('pipe.csv');
    expect(sniff.settings.delimiter).toBe('|');
    expect(sniff.roles.byRole).toMatchObject({ name: { column: 0 }, capacity: { column: 1 }, age: { column: 2 } });
    expect(rows(table)[2]).toEqual(['Hort C', 80, '6-10']);
  });

  it('reads UTF-16LE with BOM', () => {
    const { sniff, table } = read('utf16le.txt');
    expect(sniff.settings).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(rows(table)).toEqual([
      ['Kita Möwe', 55],
      ['Kita Hügel', 40],
    ]);
  });
});

describe('coordinates.csv (UTM with decimal comma, lat/lon headers swapped)', () => {
  const { sniff, table } = read('coordinates.csv');

  it('finds easting and northing, and sees that "lat" holds longitudes', () => {
    expect(sniff.columns.map((column) => column.settings.coordinate)).toEqual([null, 'easting', 'northing', 'longitude', 'latitude']);
    expect(sniff.roles.byRole).toMatchObject({
      x: { column: 1, basis: 'header+values' },
      y: { column: 2 },
      longitude: { column: 3, basis: 'swapped' },
      latitude: { column: 4, basis: 'swapped' },
    });
  });

  it('reads the coordinates exactly', () => {
    expect(rows(table)[0]).toEqual(['Kita A', 567890.12, 5934567.89, 9.9937, 53.5511]);
  });
});

describe('dates.csv (German and ISO dates, an impossible date, a missing date)', () => {
  const { sniff, table } = read('dates.csv');

  it('detects date columns and their order', () => {
    expect(sniff.columns.map((column) => [column.settings.type, column.settings.dateOrder])).toEqual([
      ['integer', 'dmy'],
      ['date', 'dmy'],
      ['date', 'ymd'],
    ]);
  });

  it('writes ISO dates and lists the impossible one', () => {
    expect(rows(table).map((row) => row.slice(1))).toEqual([
      ['2023-02-01', '2023-03-31'],
      ['2022-11-15', '2023-01-15'],
      ['', '2023-05-01'],
      ['', '2023-06-30'],
    ]);
    expect(table.rejects).toEqual([{ line: 4, column: 1, value: '31.04.2023', reason: 'not-a-date', rowRejected: false }]);
  });
});
