import { describe, expect, it } from 'vitest';
import { ChunkDecoder, Utf8Scanner, decodeBytes, detectEncoding } from '../../../../src/io/csv/encoding';
import { FIELD_ESCAPED, FIELD_MALFORMED, FIELD_QUOTED, RecordScanner, sampleRecords } from '../../../../src/io/csv/records';
import { parseDate, parseNumber } from '../../../../src/io/csv/numbers';
import { seededRandom } from '../../../bench/seeded';

const utf8 = (text: string) => new TextEncoder().encode(text);
const cp1252 = (text: string) =>
  Uint8Array.from([...text].map((character) => ({ '€': 0x80, '–': 0x96, '„': 0x84, '“': 0x93 })[character] ?? character.charCodeAt(0)));

describe('Utf8Scanner and detectEncoding', () => {
  it('accepts UTF-8 split at any byte into chunks', () => {
    const bytes = utf8('Straße;Größe;€ 12 – 😀\n');
    for (let split = 0; split <= bytes.length; split++) {
      const scanner = new Utf8Scanner().push(bytes.subarray(0, split)).push(bytes.subarray(split)).finish();
      expect([scanner.invalid, scanner.multibyte]).toEqual([0, 6]);
    }
  });

  it('finds malformed sequences and a truncated end', () => {
    const scanner = new Utf8Scanner().push(Uint8Array.of(0x41, 0xe4, 0x42, 0xc3)).finish();
    expect(scanner.invalid).toBe(2);
    expect(scanner.firstInvalid).toBe(1);
    // Overlong and surrogate encodings are malformed.
    expect(new Utf8Scanner().push(Uint8Array.of(0xc0, 0xaf)).finish().invalid).toBeGreaterThan(0);
    expect(new Utf8Scanner().push(Uint8Array.of(0xed, 0xa0, 0x80)).finish().invalid).toBeGreaterThan(0);
  });

  it('tells BOMs, UTF-8, Windows-1252 and UTF-16 apart', () => {
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toMatchObject({ encoding: 'utf-8', bom: true, confidence: 1 });
    expect(detectEncoding(Uint8Array.of(0xff, 0xfe, 0x41, 0))).toMatchObject({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(utf8('Köln;Straße\n'))).toMatchObject({ encoding: 'utf-8', bom: false, confidence: 1 });
    expect(detectEncoding(cp1252('Köln;Straße;€\n'))).toMatchObject({ encoding: 'windows-1252', confidence: 0.95 });
    const utf16 = new Uint8Array([...'Name\tOrt\r\n'].flatMap((character) => [character.charCodeAt(0), 0]));
    expect(detectEncoding(utf16)).toMatchObject({ encoding: 'utf-16le', bom: false });
  });

  it('keeps UTF-8 for a mostly-UTF-8 file with a stray byte, but flags it', () => {
    const bytes = new Uint8Array([...utf8('Köln;Düsseldorf;Görlitz;Lößweg;Bückeburg\n'), 0xe4, 0x0a]);
    const guess = detectEncoding(bytes);
    expect(guess).toMatchObject({ encoding: 'utf-8', confidence: 0.5, invalidUtf8: 1 });
  });
});

describe('ChunkDecoder', () => {
  it('decodes Windows-1252 0x80–0x9F as €, –, „, “ (Node decodes them as C1 controls outside streaming mode)', () => {
    expect(decodeBytes(cp1252('€ – „x“'), 'windows-1252')).toBe('€ – „x“');
    expect(decodeBytes(cp1252('Müller'), 'windows-1252')).toBe('Müller');
  });

  it('drops the BOM and joins characters split across chunks', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Größe')]);
    const decoder = new ChunkDecoder('utf-8');
    let text = '';
    for (const byte of bytes) text += decoder.decode(Uint8Array.of(byte));
    expect(text + decoder.end()).toBe('Größe');
  });
});

describe('RecordScanner', () => {
  const scanAll = (text: string, delimiter = ';', quote = '"') => {
    const scanner = new RecordScanner(delimiter, quote);
    const records: { fields: string[]; lineBreaks: number; flags: number[] }[] = [];
    let position = 0;
    while (position < text.length) {
      expect(scanner.scan(text, position, true)).toBe(true);
      records.push({ fields: scanner.fields(text), lineBreaks: scanner.lineBreaks, flags: [...scanner.flags.subarray(0, scanner.fieldCount)] });
      position = scanner.next;
    }
    return records;
  };

  it('ends records at LF, CRLF and lone CR, and reads the last record without a line break', () => {
    expect(scanAll('a;b\r\nc;d\ne;f\rg;h').map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('reads quoted delimiters, doubled quotes and line breaks inside quotes', () => {
    const [record] = scanAll('"a;b";"say ""hi""";"two\r\nlines"\n');
    expect(record!.fields).toEqual(['a;b', 'say "hi"', 'two\r\nlines']);
    expect(record!.lineBreaks).toBe(2);
    expect(record!.flags).toEqual([FIELD_QUOTED, FIELD_QUOTED | FIELD_ESCAPED, FIELD_QUOTED]);
  });

  it('keeps quotes inside unquoted fields and stray quotes inside quoted ones', () => {
    const [first, second] = scanAll('Kita "Mond";1\n"Kita "Stern" e.V.";2\n');
    expect(first!.fields).toEqual(['Kita "Mond"', '1']);
    expect(second!.fields).toEqual(['Kita "Stern" e.V.', '2']);
    expect(second!.flags[0]! & FIELD_MALFORMED).toBe(FIELD_MALFORMED);
  });

  it('reads an unclosed quote literally up to the line end', () => {
    const records = scanAll('"open;1\nnext;2\n');
    expect(records.map((record) => record.fields)).toEqual([
      ['"open', '1'],
      ['next', '2'],
    ]);
    expect(records[0]!.flags[0]).toBe(FIELD_MALFORMED);
  });

  it('asks for more input when a record may continue past the chunk', () => {
    const scanner = new RecordScanner(';', '"');
    expect(scanner.scan('a;b', 0, false)).toBe(false);
    expect(scanner.scan('a;b\r', 0, false)).toBe(false);
    expect(scanner.scan('"a\nb', 0, false)).toBe(false);
    expect(scanner.scan('"a"', 0, false)).toBe(false);
    expect(scanner.scan('a;b\n', 0, false)).toBe(true);
  });

  it('never quotes with quote ""', () => {
    expect(scanAll('"a;b"\n', ';', '').map((record) => record.fields)).toEqual([['"a', 'b"']]);
  });

  it('samples records with their first line, skipping blank and delimiter-only lines', () => {
    const records = sampleRecords('h1;h2\n\n;;\n"x\ny";1\nz;2\n', ';', '"', 10, true);
    expect(records.map((record) => [record.line, record.fields])).toEqual([
      [1, ['h1', 'h2']],
      [4, ['x\ny', '1']],
      [6, ['z', '2']],
    ]);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1.234', ',', '.', 1234],
    ['1.234', '.', '', 1.234],
    ['1.234.567,89', ',', '.', 1234567.89],
    ['12,5', ',', '.', 12.5],
    [' 1 675    ', ',', ' ', 1675],
    ['-  23', ',', ' ', -23],
    ['1\u00a0300,5', ',', '\u00a0', 1300.5],
    ["1'234.5", '.', "'", 1234.5],
    ['12,5 %', ',', '', 12.5],
    ['−4,5', ',', '', -4.5],
    ['+3', '.', '', 3],
    [',5', ',', '', 0.5],
    ['0,05', ',', '.', 0.05],
    ['1,5E-03', ',', '', 0.0015],
    ['5934567,89', ',', '.', 5934567.89],
    ['1000000000000000000', '.', '', 1e18],
  ] as const)('%j with decimal %j and thousands %j is %d', (text, decimal, thousands, expected) => {
    expect(parseNumber(text, decimal, thousands)).toBe(expected);
  });

  it.each([
    ['1.5', ',', '.'],
    ['12 30', ',', ' '],
    ['1.23.456', ',', '.'],
    ['-', ',', ''],
    ['.', ',', '.'],
    ['', ',', ''],
    ['12a', ',', ''],
    ['1e', '.', ''],
    ['0x10', '.', ''],
  ] as const)('%j with decimal %j and thousands %j is not a number', (text, decimal, thousands) => {
    expect(parseNumber(text, decimal, thousands)).toBeNaN();
  });

  it('equals parseFloat on 20,000 seeded decimals, written with point or comma', () => {
    const random = seededRandom(11);
    for (let index = 0; index < 20_000; index++) {
      const text = (random() * 10 ** Math.floor(random() * 14)).toFixed(Math.floor(random() * 10));
      expect(parseNumber(text, '.', '')).toBe(Number.parseFloat(text));
      expect(parseNumber(text.replace('.', ','), ',', '.')).toBe(Number.parseFloat(text));
    }
  });

  it('is exact for long numbers through the slow path', () => {
    expect(parseNumber('3.14159265358979323846', '.', '')).toBe(Math.PI);
    expect(parseNumber('123.456.789.012.345.678,5', ',', '.')).toBe(123456789012345678.5);
  });
});

describe('parseDate', () => {
  it('reads German, ISO and US dates, two-digit years and times', () => {
    expect(parseDate('01.02.2023', 'dmy')).toBe('2023-02-01');
    expect(parseDate(' 1.2.23 ', 'dmy')).toBe('2023-02-01');
    expect(parseDate('31.12.99', 'dmy')).toBe('1999-12-31');
    expect(parseDate('2023-03-31', 'ymd')).toBe('2023-03-31');
    expect(parseDate('2023-03-31T08:15:00Z', 'ymd')).toBe('2023-03-31T08:15:00');
    expect(parseDate('12/31/2020', 'mdy')).toBe('2020-12-31');
    expect(parseDate('01.02.2023 14:30', 'dmy')).toBe('2023-02-01T14:30');
  });

  it('rejects impossible dates', () => {
    expect(parseDate('31.04.2023', 'dmy')).toBeNull();
    expect(parseDate('29.02.2023', 'dmy')).toBeNull();
    expect(parseDate('29.02.2024', 'dmy')).toBe('2024-02-29');
    expect(parseDate('2023-13-01', 'ymd')).toBeNull();
    expect(parseDate('01.02.2023 25:00', 'dmy')).toBeNull();
  });
});
