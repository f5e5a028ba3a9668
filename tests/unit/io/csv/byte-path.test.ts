/**
 * The byte path reads quote-free lines of UTF-8 and Windows-1252 files straight from the bytes;
 * every file must read exactly as when it is decoded first (`bytePath: false`) and as the full
 * tokenizer reads it (`fastPath: false`), however the bytes are cut into chunks: characters of
 * several bytes and CRLF split between chunks, invalid UTF-8, U+FFFD, quotes and lone CRs (lines
 * given up and read as text), padding, markers, dictionaries that turn into packed text.
 */
import { describe, expect, it } from 'vitest';
import { CsvStreamParser, cellValue, parseCsv, sniffCsv, type CsvParseOptions, type CsvSettings } from '../../../../src/io/csv';
import { WINDOWS_1252_HIGH } from '../../../../src/io/csv/encoding';
import { readPlainNumberBytes, readPlainNumberInto, separatorCode } from '../../../../src/io/csv/numbers';
import { seededRandom } from '../../../bench/seeded';
import { everything } from './helpers';

type Encoding = 'utf-8' | 'windows-1252';
/** A cell as text, or as raw bytes (to write bytes that are not valid UTF-8). */
type Cell = string | { bytes: number[] };

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Windows-1252 bytes of `text`, or null when a character has none. */
function windows1252(text: string): Uint8Array | null {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    const high = WINDOWS_1252_HIGH.indexOf(code);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (high >= 0) bytes.push(0x80 + high);
    else return null;
  }
  return Uint8Array.from(bytes);
}

function encode(cell: Cell, encoding: Encoding): Uint8Array | null {
  if (typeof cell !== 'string') return encoding === 'utf-8' ? Uint8Array.from(cell.bytes) : null;
  return encoding === 'utf-8' ? utf8(cell) : windows1252(cell);
}

/** Reads `bytes` pushed in pieces of the given sizes (cycled); returns the table and the lines read from bytes. */
function readInPieces(bytes: Uint8Array, settings: CsvSettings, options: CsvParseOptions, sizes: readonly number[]) {
  const parser = new CsvStreamParser(settings, options);
  let offset = 0;
  for (let piece = 0; offset < bytes.length && !parser.done; piece++) {
    const size = sizes[piece % sizes.length]!;
    parser.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return { table: parser.finish(), bytePathLines: parser.bytePathLines };
}

/**
 * Expects the byte path to read `bytes` as the text path and the full tokenizer do, whole and
 * in many chunkings; returns the reference and the lines the byte path read of the whole file.
 */
function expectSameReading(bytes: Uint8Array, settings: CsvSettings, options: CsvParseOptions, random: () => number) {
  const reference = everything(parseCsv(bytes, settings, { ...options, bytePath: false }), true);
  expect(everything(parseCsv(bytes, settings, { ...options, fastPath: false }))).toEqual({
    ...reference,
    columns: reference.columns.map((column) => (column.kind === 'dictionary' ? { kind: column.kind } : column)),
  });
  const whole = readInPieces(bytes, settings, options, [bytes.length + 1]);
  expect(everything(whole.table, true)).toEqual(reference);
  const randomSizes = Array.from({ length: 50 }, () => 1 + Math.floor(random() * 300));
  for (const sizes of [[1], [3], [64], randomSizes]) {
    expect(everything(readInPieces(bytes, settings, options, sizes).table, true)).toEqual(reference);
  }
  return { reference, bytePathLines: whole.bytePathLines };
}

const HEADER = ['ID', 'Name', 'Kategorie', 'Wert', 'Anzahl', 'Datum'];
/** Text, text, text (a dictionary), number with decimal comma, integer with `.` thousands, date. */
function officeSettings(encoding: Encoding): CsvSettings {
  const sample = `${HEADER.join(';')}\n${Array.from({ length: 40 }, (_, index) => `K${index};Kita ${index};Kita;1,5;1.234;0${1 + (index % 9)}.02.2020`).join('\n')}\n`;
  const settings = structuredClone(sniffCsv(utf8(sample)).settings);
  settings.encoding = encoding;
  settings.columns[3]!.missingMarkers = ['.', '-'];
  settings.columns[3]!.percent = true;
  settings.columns[4]!.missingMarkers = ['.'];
  settings.columns[4]!.zeroMarkers = ['-'];
  settings.columns[5]!.missingMarkers = ['.'];
  return settings;
}

const BROKEN: readonly Cell[] = [{ bytes: [0x4b, 0xf6, 0x6c, 0x6e] }, { bytes: [0xc3] }, { bytes: [0x41, 0xed, 0xa0, 0x80] }, { bytes: [0xe0, 0x80, 0x80] }, '\uFFFD', { bytes: [0xff, 0x20] }];
const NAMES: readonly Cell[] = ['Kita Sonne', 'Müller & Söhne', 'Straße – Ärger', '€ 5', 'Café „Zentral“', ' Hort ', '\u00a0Hort', 'Hort\u00a0', '', 'Grüße\u202f', 'Kita 😀', '中文', 'ÿ\u0081'];
const NAME_QUIRKS: readonly Cell[] = ['"a;b"', '"Zeile\nzwei"', 'Kita\rSonne', 'x"y', '"Kita ""Sonne"""', ...BROKEN];
const CATEGORIES: readonly Cell[] = ['Kita', 'Hort', 'Schülertreff', 'Jugendzentrum Nord', ' Kita', 'Kita ', '€-Laden', '', 'Familienzentrum', '\u00a0Hort'];
const NUMBERS: readonly Cell[] = ['1,5', '12,5 %', '-', '.', '−3', ' 7 ', '1.234,5', 'abc', '0,05', '123456789012345678', '', '1\u00a0234', 'ä', '1.234', '1.234.567', '1.23', '12'];
const NUMBER_QUIRKS: readonly Cell[] = ['"3,5"', '4\r', { bytes: [0x31, 0xc3] }];
const DATES: readonly Cell[] = ['01.02.2020', '2020-02-01', '31.02.2020', '', '.', ' 1.2.20 ', 'Mai'];

/**
 * Seeded lines of an office export with every quirk above. `quirks` is the share of cells that
 * make a line a case for the text path; `distinct` the share of category values that are new
 * (from about 0.5 the dictionary turns into packed text).
 */
function officeFile(random: () => number, encoding: Encoding, quirks: number, distinct: number, lineEnd: string): Uint8Array {
  const pick = (items: readonly Cell[]): Cell => {
    for (;;) {
      const cell = items[Math.floor(random() * items.length)]!;
      if (encode(cell, encoding) !== null) return cell;
    }
  };
  const lines: Cell[][] = [HEADER];
  // Blank and delimiter-only lines and repeated headers (read as text), notes (one cell).
  const odd = quirks < 0.1 ? 0.01 : 0.04;
  for (let index = 0; index < 1500; index++) {
    const shape = random() / odd;
    if (shape < 0.3) lines.push(['']);
    else if (shape < 0.6) lines.push([';;;;;']);
    else if (shape < 0.75) lines.push(HEADER);
    else if (shape < 1) lines.push(['Fußnote']);
    else {
      const cells: Cell[] = [
        random() < 0.1 ? `Ä${index}` : `A${index}`,
        pick(random() < quirks ? NAME_QUIRKS : NAMES),
        random() < distinct ? `${random() < 0.2 ? 'Ört' : 'Ort'} ${index}` : pick(CATEGORIES),
        pick(random() < quirks ? NUMBER_QUIRKS : NUMBERS),
        pick(NUMBERS),
        pick(DATES),
      ];
      if (random() < 0.04) cells.push(pick(['', 'extra', ' ', random() < quirks ? '"q"' : 'q', 'ü']));
      if (random() < 0.03) cells.length = 3;
      lines.push(cells);
    }
  }
  const parts: number[] = [];
  lines.forEach((cells, line) => {
    if (line > 0) parts.push(...utf8(lineEnd));
    cells.forEach((cell, index) => {
      if (index > 0) parts.push(59);
      parts.push(...encode(cell, encoding)!);
    });
  });
  if (random() < 0.5) parts.push(...utf8(lineEnd));
  return Uint8Array.from(parts);
}

describe('byte path: the same table as decoded text', () => {
  for (const encoding of ['utf-8', 'windows-1252'] as const) {
    it(`reads seeded office lines with rare quirks from the bytes (${encoding})`, () => {
      const random = seededRandom(encoding === 'utf-8' ? 61 : 62);
      const settings = officeSettings(encoding);
      for (const [options, distinct, lineEnd] of [
        [{}, 0.1, '\r\n'],
        [{ required: [2] }, 0.7, '\n'],
        [{ columns: [4, 2, 5], extraFields: 'keep' }, 0.6, '\r\n'],
        [{ maxRows: 1234 }, 0.3, '\n'],
      ] as const) {
        const bytes = officeFile(random, encoding, 0.01, distinct, lineEnd);
        const { reference, bytePathLines } = expectSameReading(bytes, settings, options, random);
        expect(reference.rejects.length).toBeGreaterThan(60);
        // Most lines are read from the bytes: the path is exercised, not just bypassed.
        expect(bytePathLines).toBeGreaterThan(reference.rowCount * 0.6);
      }
    }, 30_000);

    it(`reads seeded office lines with frequent quirks, mostly as text (${encoding})`, () => {
      const random = seededRandom(encoding === 'utf-8' ? 63 : 64);
      const settings = officeSettings(encoding);
      for (const [options, distinct] of [
        [{}, 0.6],
        [{ required: [1, 3] }, 0.1],
      ] as const) {
        const bytes = officeFile(random, encoding, 0.4, distinct, '\r\n');
        const { reference } = expectSameReading(bytes, settings, options, random);
        if (encoding === 'utf-8') expect(reference.replacements[0]).toBeGreaterThan(10);
        else expect(reference.replacements[0]).toBe(0);
      }
    }, 30_000);
  }

  it('counts invalid UTF-8 and U+FFFD with their lines, between lines read from the bytes', () => {
    const settings = officeSettings('utf-8');
    const lines = Array.from({ length: 200 }, (_, index) => utf8(`A${index};Kita ${index};Hort;1,5;2;01.02.2020\n`));
    lines[50] = Uint8Array.from([...utf8('A50;K'), 0xf6, ...utf8('ln;Hort;1,5;2;01.02.2020\n')]);
    lines[120] = utf8('A120;Kita;Hort;1,5;2;\uFFFD\n');
    lines[121] = Uint8Array.from([...utf8('A121;Kita;Hort;1,5;'), 0xed, 0xa0, 0x80, ...utf8(';01.02.2020\n')]);
    const bytes = Uint8Array.from([...utf8(`${HEADER.join(';')}\n`), ...lines.flatMap((line) => [...line])]);
    const { reference, bytePathLines } = expectSameReading(bytes, settings, {}, seededRandom(5));
    // 0xF6 alone, U+FFFD, and an encoded surrogate (three bytes, three U+FFFD as the WHATWG decoder reads them).
    expect(reference.replacements).toEqual([5, 52]);
    expect(reference.rows[50]![1]).toBe('K\uFFFDln');
    // Two lines in a row given up: a few lines after them are read as text too.
    expect(bytePathLines).toBeGreaterThanOrEqual(185);
  });

  it('splits nowhere wrong: a chunk boundary inside any character or between CR and LF', () => {
    const settings = officeSettings('utf-8');
    const bytes = utf8(`${HEADER.join(';')}\r\nÄ1;Grüße 😀;Schülertreff;1,5;1.234;01.02.2020\r\nA2;€ – „x“;Kita;2,5;-;.\r\nA3;中文;Schülertreff;3,5;7;\r\n`);
    const whole = everything(parseCsv(bytes, settings), true);
    expect(whole.rows[0]).toEqual(['Ä1', 'Grüße 😀', 'Schülertreff', 1.5, 1234, '2020-02-01']);
    expect(everything(parseCsv(bytes, settings, { bytePath: false }), true)).toEqual(whole);
    for (let first = 1; first < bytes.length; first++) {
      for (const second of [first + 1, first + 2, first + 5]) {
        const parser = new CsvStreamParser(settings);
        parser.push(bytes.subarray(0, first));
        parser.push(bytes.subarray(first, second));
        parser.push(bytes.subarray(second));
        expect(everything(parser.finish(), true)).toEqual(whole);
      }
    }
  });

  it('leaves no dictionary value or marker status behind for a row rejected for its structure, as the full tokenizer', () => {
    const settings = officeSettings('utf-8');
    // A new category and a marker, then a field too many: the full tokenizer rejects these rows
    // before it reads a cell. In the second the extra field is quoted (the byte path gives up on it),
    // in the third it is not (the one-pass paths read the cells first).
    const text = `${HEADER.join(';')}\nA1;x;Kita;1,5;1;01.02.2020\nA2;x;Neu;-;.;01.02.2020;"extra"\nA3;x;Neuer;-;.;01.02.2020;extra\nA4;y;Hort;2,5;2;02.02.2020\n`;
    const { reference } = expectSameReading(utf8(text), settings, {}, seededRandom(7));
    expect(reference.rows.map((row) => row[0])).toEqual(['A1', 'A4']);
    expect(reference.columns[2]).toEqual({ kind: 'dictionary', dictionary: ['Kita', 'Hort'] });
    expect(reference.columns[3]).toEqual({ kind: 'number', missing: 0, invalid: 0, status: null });
  });
});

describe('byte path: byte order mark', () => {
  const settings = structuredClone(sniffCsv(utf8('a;b\nx;1\ny;2\n')).settings);
  settings.hasHeader = false;

  it('skips a UTF-8 BOM before the first data line however the first bytes are chunked', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('x;1\ny;2\n')]);
    for (const sizes of [[1], [2], [3], [4], [100]]) {
      const { table } = readInPieces(bytes, settings, {}, sizes);
      expect(everything(table).rows).toEqual([
        ['x', 1],
        ['y', 2],
      ]);
    }
  });

  it('keeps U+FEFF at the start of a later line, and the BOM bytes of a file read as Windows-1252', () => {
    const later = utf8('x;1\n\uFEFFy;2\n');
    expect(everything(parseCsv(later, settings)).rows[1]).toEqual(['\uFEFFy', 2]);
    expect(everything(parseCsv(later, settings, { bytePath: false })).rows[1]).toEqual(['\uFEFFy', 2]);
    const windows = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('x;1\n')]);
    expect(everything(parseCsv(windows, { ...settings, encoding: 'windows-1252' })).rows).toEqual([['ï»¿x', 1]]);
  });

  it('skips the BOM of a file without LF, also when its first line is too long to wait for one', () => {
    const short = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('x;1\ry;2')]);
    expect(everything(parseCsv(short, settings)).rows).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    // Over 4 MiB without LF: decoded as it comes instead of line by line.
    const rows = Array.from({ length: 300_000 }, (_, index) => `r${index};${index}`).join('\r');
    const long = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(rows)]);
    expect(long.length).toBeGreaterThan(1 << 22);
    const table = parseCsv(long, settings);
    expect([table.rowCount, cellValue(table.columns[0]!, 0), cellValue(table.columns[1]!, 299_999)]).toEqual([300_000, 'r0', 299_999]);
  }, 30_000);
});

describe('readPlainNumberBytes', () => {
  it('reads a cell from bytes exactly when readPlainNumberInto reads it from text', () => {
    const random = seededRandom(37);
    const characters = ['0', '1', '5', '9', '.', ',', ' ', '-', '%', 'e', ';', 'ä', '"'];
    const fromBytes = new Float64Array(1);
    const fromText = new Float64Array(1);
    let read = 0;
    for (let index = 0; index < 20_000; index++) {
      const cell = Array.from({ length: 1 + Math.floor(random() * 10) }, () => characters[Math.floor(random() * characters.length)]!).join('');
      const [decimal, thousands] = [
        [',', '.'],
        ['.', ','],
        [',', ''],
        ['.', ' '],
      ][Math.floor(random() * 4)]!;
      // The text reader sees the line's content (up to the line break), the byte reader the line.
      const end = random() < 0.5 ? '\n' : '\r\n';
      const text = `x${cell}`;
      const bytes = utf8(`${text}${end}`);
      fromBytes[0] = -1;
      fromText[0] = -1;
      const byteEnd = readPlainNumberBytes(fromBytes, 0, bytes, 1, 59, separatorCode(decimal as ','), separatorCode(thousands as '.'));
      const textEnd = readPlainNumberInto(fromText, 0, text, 1, text.length, 59, separatorCode(decimal as ','), separatorCode(thousands as '.'));
      // Up to where a plain number can reach, text and bytes have the same positions ("ä" stops both).
      expect(byteEnd).toBe(textEnd);
      expect(fromBytes[0]).toBe(fromText[0]);
      if (byteEnd >= 0) read++;
    }
    expect(read).toBeGreaterThan(500);
  }, 30_000);
});
