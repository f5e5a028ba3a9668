/**
 * The parser's one-pass path for quote-free lines (fields found with native searches, numbers
 * read in place, dictionary values hashed while their end is looked for) must read every file
 * exactly as the full tokenizer does (`fastPath: false`). These inputs aim at the places where the
 * one-pass path decides something by itself: which lines it leaves to the tokenizer (quotes,
 * lone CRs, blank and indented lines, repeated headers), where a field ends, how a dictionary
 * value is trimmed and hashed, when the dictionary turns into plain text, and how lines with
 * U+FFFD are counted.
 */
import { describe, expect, it } from 'vitest';
import { cellValue, parseCsv, sniffCsv, type CsvParseOptions, type CsvSettings } from '../../../../src/io/csv';
import { parseNumberIn, readPlainNumberInto, separatorCode } from '../../../../src/io/csv/numbers';
import { seededRandom } from '../../../bench/seeded';
import { everything } from './helpers';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 for the characters these tests use (Latin-1 plus €, –, „, “). */
const cp1252 = (text: string) =>
  Uint8Array.from([...text].map((character) => ({ '€': 0x80, '–': 0x96, '„': 0x84, '“': 0x93 })[character] ?? character.charCodeAt(0)));

/** Reads `bytes` with and without the one-pass path in several chunkings and expects one result. */
function expectSameAsTokenizer(bytes: Uint8Array, settings: CsvSettings, options: CsvParseOptions = {}): ReturnType<typeof everything> {
  const reference = everything(parseCsv(bytes, settings, { ...options, fastPath: false }));
  for (const chunkBytes of [7, 64, 4096, 1 << 20]) {
    expect(everything(parseCsv(bytes, settings, { ...options, chunkBytes }))).toEqual(reference);
  }
  return reference;
}

const HEADER = 'ID;Name;Kategorie;Wert;Anzahl';
const settingsFor = (sample: string): CsvSettings => structuredClone(sniffCsv(utf8(sample)).settings);
/** Text, text, text (few values: a dictionary), number with decimal comma, number with `.` thousands. */
const SETTINGS = settingsFor(`${HEADER}\n${Array.from({ length: 40 }, (_, index) => `K${index};Kita ${index};Kita;1,5;1.234`).join('\n')}\n`);

describe('one-pass path: lines it must leave to the tokenizer', () => {
  it('finds the settings these tests assume', () => {
    expect(SETTINGS.columns.map((column) => [column.type, column.decimal, column.thousands])).toEqual([
      ['text', ',', ''],
      ['text', ',', ''],
      ['text', ',', ''],
      ['number', ',', ''],
      ['integer', ',', '.'],
    ]);
  });

  it('ends a record at a lone CR inside a text field, as the tokenizer does', () => {
    const table = expectSameAsTokenizer(utf8(`${HEADER}\r\nA1;Kita\rSonne;Hort;1,5;2\r\nA2;Hort;Kita;2,5;3\r\n`), SETTINGS);
    expect(table.rows[0]).toEqual(['A1', 'Kita', '', Number.NaN, Number.NaN]);
    expect(table.rows.at(-1)).toEqual(['A2', 'Hort', 'Kita', 2.5, 3]);
  });

  it('reads quoted fields with delimiters and line breaks, also after a dictionary value on the same line', () => {
    const text = `${HEADER}\nA1;"Kita; Sonne";Hort;1,5;2\nA2;Hort;Kita;"2,5";"3"\nA3;"Zeile\nzwei";Kita;3,5;4\nA4;Kita;Hort;4,5;5\n`;
    const table = expectSameAsTokenizer(utf8(text), SETTINGS);
    expect(table.rows.map((row) => row[1])).toEqual(['Kita; Sonne', 'Hort', 'Zeile\nzwei', 'Kita']);
    expect(table.rows[1]!.slice(3)).toEqual([2.5, 3]);
  });

  it('sees a quote in a column that is not read', () => {
    const text = `${HEADER}\nA1;"a;b";Hort;1,5;2\nA2;x;Kita;2,5;3\n`;
    const table = expectSameAsTokenizer(utf8(text), SETTINGS, { columns: [2, 3] });
    expect(table.rows).toEqual([
      ['Hort', 1.5],
      ['Kita', 2.5],
    ]);
  });

  it('leaves blank, indented and delimiter-only lines and repeated headers to the tokenizer', () => {
    const text = `${HEADER}\nA1;Kita;Hort;1,5;2\n\n  A2;Kita;Hort;1,5;2\n;;;;\n${HEADER}\nA3;Kita;Hort;1,5;2\n`;
    const table = expectSameAsTokenizer(utf8(text), SETTINGS);
    expect([table.rowCount, table.emptyLines, table.counts['repeated-header']]).toEqual([3, 2, 1]);
  });
});

describe('one-pass path: cells', () => {
  it('reads numbers in every form the column allows, and markers, like the tokenizer', () => {
    const cells = ['1.234', '12,5 %', '-', '.', '−3', ' 7 ', '-  7', '1.5', '1.234,5', '12,', ',5', '007', '1e3', 'x', ''];
    const rows = cells.map((cell, index) => `A${index};Kita;Hort;${cell};${cell}`);
    const settings = structuredClone(SETTINGS);
    settings.columns[3]!.missingMarkers = ['.', '-'];
    settings.columns[4]!.missingMarkers = ['.'];
    settings.columns[4]!.zeroMarkers = ['-'];
    settings.columns[3]!.percent = true;
    const table = expectSameAsTokenizer(utf8(`${HEADER}\n${rows.join('\n')}\n`), settings);
    expect(table.rows.map((row) => row[3])).toEqual([
      Number.NaN, // "1.234": no thousands separator in this column
      12.5,
      Number.NaN,
      Number.NaN,
      -3,
      7,
      -7,
      Number.NaN, // "1.5": neither separator of this column
      Number.NaN,
      12,
      0.5,
      7,
      1000,
      Number.NaN,
      Number.NaN,
    ]);
    // A `%` is read in any numeric column; "-" is a zero marker in this one.
    expect(table.rows.map((row) => row[4]).slice(0, 4)).toEqual([1234, 12.5, 0, Number.NaN]);
  });

  it('trims padded dictionary values and finds them again unpadded', () => {
    const text = `${HEADER}\nA1;x; Kita ;1;1\nA2;x;Kita;1;1\nA3;x;\u00a0Hort;1;1\nA4;x;Hort\u202f;1;1\nA5;x;  ;1;1\nA6;x;;1;1\n`;
    const table = expectSameAsTokenizer(utf8(text), SETTINGS, { required: [2] });
    expect(table.rows.map((row) => row[2])).toEqual(['Kita', 'Kita', 'Hort', 'Hort']);
    expect(table.counts['required-missing']).toBe(2);
  });

  it('finds dictionary values again that share first characters, contain one another, or contain the delimiter', () => {
    const values = ['Kita', 'Kitas', 'Kit', 'Kita Nord', 'Kite', 'Sportverein', 'Spielplatz', 'a;b', 'a', 'Kita ', ' Kita'];
    const random = seededRandom(41);
    const rows = Array.from({ length: 400 }, (_, index) => {
      const value = values[Math.floor(random() * values.length)]!;
      return `A${index};x;${value === 'a;b' ? '"a;b"' : value};1;1`;
    });
    // "a;b" unquoted: the field is "a", the rest two fields too many.
    rows.push('A400;x;a;b;1;1', 'A401;x;Kita;1;1');
    const table = expectSameAsTokenizer(utf8(`${HEADER}\n${rows.join('\n')}\n`), SETTINGS, { extraFields: 'keep' });
    expect(table.columns[2]!.kind).toBe('dictionary');
    expect(new Set(table.rows.map((row) => row[2]))).toEqual(new Set(['Kita', 'Kitas', 'Kit', 'Kita Nord', 'Kite', 'Sportverein', 'Spielplatz', 'a;b', 'a']));
    expect(table.rows.at(-2)!.slice(2)).toEqual(['a', Number.NaN, 1]);
  });

  it('keeps distinct values as plain text once the dictionary fills, and repeated ones as a dictionary', () => {
    const rows = Array.from({ length: 5000 }, (_, index) => `A${index};Name ${index};${index % 3 === 0 ? 'Kita' : 'Hort'};${index},5;${index}`);
    const table = parseCsv(utf8(`${HEADER}\n${rows.join('\n')}\n`), SETTINGS);
    expect(table.columns.map((column) => column.kind)).toEqual(['text', 'text', 'dictionary', 'number', 'number']);
    expect(everything(table)).toEqual(expectSameAsTokenizer(utf8(`${HEADER}\n${rows.join('\n')}\n`), SETTINGS));
  });

  it('grows dictionary codes past 65,536 rows, with and without a row estimate', () => {
    const rows = Array.from({ length: 140_000 }, (_, index) => `A${index};x;${['Kita', 'Hort', 'Jugendzentrum'][index % 3]};${index % 7},5;1`);
    const bytes = utf8(`${HEADER}\n${rows.join('\n')}\n`);
    for (const expectedRows of [undefined, 10, 140_000]) {
      const table = parseCsv(bytes, SETTINGS, { expectedRows, columns: [2, 3] });
      const [category] = table.columns;
      expect(category!.kind === 'dictionary' && category!.codes.length).toBe(140_000);
      for (const row of [0, 65_535, 65_536, 65_537, 131_072, 139_999]) expect(cellValue(category!, row)).toBe(['Kita', 'Hort', 'Jugendzentrum'][row % 3]);
      expect(everything(table)).toEqual(everything(parseCsv(bytes, SETTINGS, { expectedRows, columns: [2, 3], fastPath: false })));
    }
  });

  it('reads rows with too many and too few fields like the tokenizer, kept or rejected', () => {
    const text = `${HEADER}\nA1;Kita;Hort;1,5;2;extra\nA2;Kita;Hort;1,5;2;;\nA3;Kita;Hort\nNotiz\nA4;Kita;Hort;1,5;2\n`;
    for (const options of [{}, { extraFields: 'keep' as const }, { required: [4] }]) expectSameAsTokenizer(utf8(text), SETTINGS, options);
    expect(expectSameAsTokenizer(utf8(text), SETTINGS).counts).toEqual({ 'too-many-fields': 1, 'too-few-fields': 2 });
  });
});

describe('one-pass path: encodings and line counting', () => {
  it('reads UTF-8 with BOM and CRLF, and Windows-1252 umlauts in text columns', () => {
    const text = `${HEADER}\r\nA1;Müller & Söhne;Straße;1,5;2\r\nA2;Größe €;Straße;2,5;1.000\r\n`;
    const fromUtf8 = expectSameAsTokenizer(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]), SETTINGS);
    const fromCp1252 = expectSameAsTokenizer(cp1252(text), { ...SETTINGS, encoding: 'windows-1252' });
    expect(fromCp1252.rows).toEqual(fromUtf8.rows);
    expect(fromUtf8.rows[1]).toEqual(['A2', 'Größe €', 'Straße', 2.5, 1000]);
  });

  it('counts U+FFFD with the line they are on, between lines read in one pass', () => {
    const lines = Array.from({ length: 300 }, (_, index) => utf8(`A${index};Kita ${index};Hort;1,5;2\n`));
    lines[120] = Uint8Array.from([...utf8('A120;K'), 0xf6, ...utf8('ln;Hort;1,5;2\n')]);
    lines[250] = Uint8Array.from([...utf8('A250;M'), 0xfc, ...utf8('nster;Hort;1,5;2\n')]);
    const bytes = new Uint8Array([...utf8(`${HEADER}\n`), ...lines.flatMap((line) => [...line])]);
    const table = expectSameAsTokenizer(bytes, SETTINGS);
    expect(table.replacements).toEqual([2, 122]);
  });

  it('stops after maxRows in the middle of lines read in one pass', () => {
    const rows = Array.from({ length: 1000 }, (_, index) => `A${index};Kita;Hort;${index},5;${index}`);
    const table = expectSameAsTokenizer(utf8(`${HEADER}\n${rows.join('\n')}\n`), SETTINGS, { maxRows: 333 });
    expect([table.rowCount, table.truncated, table.rows.at(-1)![3]]).toEqual([333, true, 332.5]);
  });

  it('reads 2,500 seeded lines mixing all of the above like the tokenizer, in both encodings', () => {
    const random = seededRandom(23);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const texts = ['Kita', ' Hort ', '', 'Müller "Mo"', '"a;b"', 'Straße', '"Zeile\nzwei"', '€ – „x“', 'Kita\rSonne', '\u00a0Hort'];
    const numbers = ['1.234', '12,5', '-', '.', '−3', '12,5 %', '1.234,5', 'abc', '"3,5"', ' 4 ', '0,05', '123456789012345678'];
    const lines = [HEADER];
    for (let index = 0; index < 2500; index++) {
      const shape = random();
      if (shape < 0.02) lines.push('');
      else if (shape < 0.04) lines.push(';;;;');
      else if (shape < 0.05) lines.push(HEADER);
      else if (shape < 0.06) lines.push('Fußnote');
      else {
        const cells = [`A${index}`, pick(texts), pick(['Kita', 'Hort', ' Kita', 'Jugendzentrum Nord']), pick(numbers), pick(numbers)];
        if (random() < 0.04) cells.push(pick(['', 'extra', ' ']));
        if (random() < 0.04) cells.length = 3;
        lines.push(cells.join(';'));
      }
    }
    const text = lines.join(random() < 0.5 ? '\n' : '\r\n');
    for (const options of [{}, { required: [2] }, { columns: [4, 2], extraFields: 'keep' as const }]) {
      const table = expectSameAsTokenizer(utf8(text), SETTINGS, options);
      expect(table.rejects.length).toBeGreaterThan(50);
      expectSameAsTokenizer(cp1252(text), { ...SETTINGS, encoding: 'windows-1252' }, options);
    }
  });
});

describe('readPlainNumberInto', () => {
  it('reads a cell only when it is the plain form, and then exactly as the full reader', () => {
    const random = seededRandom(31);
    const characters = ['0', '1', '5', '9', '.', ',', ' ', '-', '%', 'e', ';'];
    const values = new Float64Array(1);
    let read = 0;
    for (let index = 0; index < 20_000; index++) {
      const cell = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pick(characters)).join('');
      const [decimal, thousands] = pick([
        [',', '.'],
        ['.', ','],
        [',', ''],
        ['.', ' '],
      ] as const);
      const text = `x${cell};`;
      values[0] = -1;
      const end = readPlainNumberInto(values, 0, text, 1, text.length - 1, 59, separatorCode(decimal), separatorCode(thousands));
      if (end < 0) {
        expect(values[0]).toBe(-1);
        continue;
      }
      read++;
      // It stops at the delimiter: the cell is what comes before. The full reader (which tries
      // this one first) and JavaScript's own parsing of the cleaned text agree.
      expect(text.indexOf(';', 1)).toBe(end);
      expect(values[0]).toBe(parseNumberIn(text, 1, end, separatorCode(decimal), separatorCode(thousands)));
      expect(values[0]).toBe(Number(text.slice(1, end).replaceAll(thousands || 'none', '').replace(decimal, '.')));
    }
    expect(read).toBeGreaterThan(500);
    // Long digit runs: only up to 15 digits is the integer / 10^k division exact.
    for (let index = 0; index < 5000; index++) {
      const digits = Array.from({ length: 12 + Math.floor(random() * 9) }, () => pick(['1', '3', '7', '9'])).join('');
      const cut = Math.floor(random() * digits.length);
      const text = `x${digits.slice(0, cut)},${digits.slice(cut)};`;
      values[0] = -1;
      const end = readPlainNumberInto(values, 0, text, 1, text.length - 1, 59, 44, -1);
      if (end >= 0) expect(values[0]).toBe(Number(text.slice(1, end).replace(',', '.')));
    }

    function pick<T>(items: readonly T[]): T {
      return items[Math.floor(random() * items.length)]!;
    }
  });
});

describe('sniffCsv line endings and quotes (counted without regular-expression match lists)', () => {
  it.each([
    ['a;b\r\n1;2\r\n3;4\r\n', 'crlf'],
    ['a;b\n1;2\n3;4\n', 'lf'],
    ['a;b\r1;2\r3;4\r', 'cr'],
    ['a;b\r\n1;2\n3;4\r\n', 'mixed'],
    ['a;b\r1;2\r\n3;4\r\n', 'mixed'],
    ['a;b', 'none'],
  ] as const)('%j has line ending %s', (text, lineEnding) => {
    expect(sniffCsv(utf8(text)).lineEnding).toBe(lineEnding);
  });

  it("takes ' as the quote only where it quotes fields, and \" otherwise", () => {
    expect(sniffCsv(utf8("a;b\n'x;y';1\n'z';2\n'w';3\n")).settings.quote).toBe("'");
    expect(sniffCsv(utf8("a;b\nO'Neil;1\nx;2\n")).settings.quote).toBe('"');
    expect(sniffCsv(utf8('a;b\nx;1\ny;2\n')).settings.quote).toBe('"');
  });
});
