import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CsvCancelledError,
  cellValue,
  parseCsv,
  parseCsvStream,
  rejectsToCsv,
  sniffCsv,
  type CsvReject,
  type CsvSettings,
  type CsvTable,
} from '../../../../src/io/csv';
import { seededRandom } from '../../../bench/seeded';

const encode = (text: string) => new TextEncoder().encode(text);
const fixtures = new URL('../../../fixtures/csv/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));

/** Everything of a table that must not depend on how the bytes were chunked. */
function snapshot(table: CsvTable) {
  return {
    header: table.header,
    rows: Array.from({ length: table.rowCount }, (_, row) => table.columns.map((column) => cellValue(column, row))),
    lines: [...table.lines],
    rejects: table.rejects,
    emptyLines: table.emptyLines,
  };
}

describe('parseCsv chunking', () => {
  it.each(readdirSync(fixtures).filter((name) => !name.endsWith('.md')))('%s gives the same table for every chunk size', (name) => {
    const bytes = fixture(name);
    const { settings } = sniffCsv(bytes);
    const whole = snapshot(parseCsv(bytes, settings));
    for (const chunkBytes of [1, 2, 3, 5, 7, 16]) {
      expect(snapshot(parseCsv(bytes, settings, { chunkBytes }))).toEqual(whole);
    }
  });

  it('reads a stream of odd-sized chunks like the whole buffer, and reports progress up to 1', async () => {
    const bytes = fixture('quoted.csv');
    const { settings } = sniffCsv(bytes);
    async function* pieces() {
      for (let offset = 0; offset < bytes.length; offset += 13) yield bytes.subarray(offset, offset + 13);
    }
    const progress: number[] = [];
    const table = await parseCsvStream(pieces(), settings, { totalBytes: bytes.length, onProgress: (fraction) => progress.push(fraction) });
    expect(snapshot(table)).toEqual(snapshot(parseCsv(bytes, settings)));
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('reads a ReadableStream', async () => {
    const bytes = fixture('bom-crlf-key-last.csv');
    const { settings } = sniffCsv(bytes);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 10));
        controller.enqueue(bytes.subarray(10));
        controller.close();
      },
    });
    expect(snapshot(await parseCsvStream(stream, settings))).toEqual(snapshot(parseCsv(bytes, settings)));
  });
});

describe('parseCsv options', () => {
  const big = encode(`Name;Wert\n${Array.from({ length: 5000 }, (_, index) => `Zeile ${index};${index},5`).join('\n')}\n`);
  const { settings } = sniffCsv(big);

  it('reports progress between chunks and stops when cancelled', () => {
    const fractions: number[] = [];
    expect(() =>
      parseCsv(big, settings, {
        chunkBytes: 1000,
        onProgress: (fraction) => fractions.push(fraction),
        shouldCancel: () => fractions.length >= 3,
      }),
    ).toThrow(CsvCancelledError);
    expect(fractions).toHaveLength(3);
    const controller = new AbortController();
    controller.abort();
    expect(() => parseCsv(big, settings, { signal: controller.signal })).toThrow(expect.objectContaining({ name: 'CancelledError' }));
  });

  it('stops after maxRows', () => {
    const table = parseCsv(big, settings, { maxRows: 20, chunkBytes: 64 });
    expect([table.rowCount, table.truncated]).toEqual([20, true]);
    expect(cellValue(table.columns[1]!, 19)).toBe(19.5);
  });

  it('reads only the chosen columns', () => {
    const table = parseCsv(big, settings, { columns: [1] });
    expect(table.columns.map((column) => column.index)).toEqual([1]);
    expect(table.rowCount).toBe(5000);
  });

  it('grows beyond a too small row estimate, and trims a too large one', () => {
    for (const expectedRows of [1, 100_000]) {
      const table = parseCsv(big, settings, { expectedRows });
      expect(table.rowCount).toBe(5000);
      expect(table.lines.length).toBe(5000);
      expect(cellValue(table.columns[1]!, 4999)).toBe(4999.5);
    }
  });

  it('stores text with few values as a dictionary and with many as plain strings', () => {
    const rows = Array.from({ length: 3000 }, (_, index) => `${index % 3 === 0 ? 'Kita' : 'Hort'};Einrichtung ${index}`);
    const bytes = encode(`Art;Name\n${rows.join('\n')}\n`);
    const table = parseCsv(bytes, sniffCsv(bytes).settings);
    const [kind, name] = table.columns;
    expect(kind!.kind === 'dictionary' && kind!.dictionary).toEqual(['Kita', 'Hort']);
    expect(name!.kind).toBe('text');
    expect([cellValue(kind!, 2999), cellValue(name!, 2999), cellValue(name!, 0)]).toEqual(['Hort', 'Einrichtung 2999', 'Einrichtung 0']);
  });

  it('keeps counts exact beyond maxRejects', () => {
    const bytes = encode(`a;b\n${Array.from({ length: 50 }, () => '1;zz').join('\n')}\n`);
    const settings: CsvSettings = structuredClone(sniffCsv(encode('a;b\n1;2\n')).settings);
    const table = parseCsv(bytes, settings, { maxRejects: 10 });
    expect([table.rejects.length, table.rejectsOmitted, table.rejectCounts['not-a-number']]).toEqual([10, 40, 50]);
    const column = table.columns[1]!;
    expect(column.kind === 'number' && column.invalid).toBe(50);
  });

  it('reads quoted numbers, including ones with doubled quotes around', () => {
    const bytes = encode('a;b\n"1.234,5";"""7"""\n');
    const settings = sniffCsv(encode('a;b\n1.234,5;7\n')).settings;
    const table = parseCsv(bytes, settings);
    expect(cellValue(table.columns[0]!, 0)).toBe(1234.5);
    expect(table.rejects).toEqual([{ line: 2, column: 1, value: '"7"', reason: 'not-a-number', rowRejected: false }]);
  });
});

describe('rejectsToCsv', () => {
  const rejects: CsvReject[] = [
    { line: 3, column: -1, value: 'Müller; Meier GbR;Verein;7', reason: 'too-many-fields', rowRejected: true },
    { line: 4, column: 2, value: '=HYPERLINK("x")', reason: 'not-a-number', rowRejected: false },
    { line: 5, column: 2, value: '-  23', reason: 'not-a-number', rowRejected: false },
  ];

  it('writes UTF-8 with BOM, semicolons and CRLF, with translated labels', () => {
    const csv = rejectsToCsv(rejects, {
      line: 'Zeile',
      column: 'Spalte',
      value: 'Wert',
      reason: 'Grund',
      rowRejected: 'Zeile verworfen',
      yes: 'ja',
      no: 'nein',
      wholeRow: '(ganze Zeile)',
      reasons: { 'too-many-fields': 'Spalte zu viel' },
      columnNames: ['Name', 'Kategorie', 'Anzahl'],
    });
    expect(csv).toBe(
      '\uFEFFZeile;Spalte;Wert;Grund;Zeile verworfen\r\n' +
        '3;(ganze Zeile);"Müller; Meier GbR;Verein;7";Spalte zu viel;ja\r\n' +
        '4;Anzahl;"\'=HYPERLINK(""x"")";not-a-number;nein\r\n' +
        '5;Anzahl;-  23;not-a-number;nein\r\n',
    );
  });

  it('reads back with our own parser', () => {
    const bytes = encode(rejectsToCsv(rejects));
    const sniff = sniffCsv(bytes);
    expect(sniff.settings).toMatchObject({ encoding: 'utf-8', delimiter: ';', hasHeader: true });
    const table = parseCsv(bytes, sniff.settings);
    expect(cellValue(table.columns[2]!, 0)).toBe('Müller; Meier GbR;Verein;7');
  });
});

describe('invalid bytes beyond the sniffed sample', () => {
  it('counts the U+FFFD they decode to and names the first line', () => {
    const head = encode(`Name;Ort\n${Array.from({ length: 200 }, (_, index) => `Kita ${index};Köln`).join('\n')}\n`);
    const tail = Uint8Array.from([...encode('Kita X;K'), 0xf6, ...encode('ln\nKita Y;M'), 0xfc, ...encode('nster\n')]);
    const bytes = new Uint8Array([...head, ...tail]);
    const sniff = sniffCsv(bytes, {}, { sampleBytes: head.length });
    expect(sniff.settings.encoding).toBe('utf-8');
    for (const chunkBytes of [7, 1 << 20]) {
      const table = parseCsv(bytes, sniff.settings, { chunkBytes });
      expect([table.replacementCharacters, table.firstReplacementLine]).toEqual([2, 202]);
      expect(cellValue(table.columns[1]!, 200)).toBe('K\uFFFDln');
    }
  });
});

describe('one-pass path for quote-free lines', () => {
  /** Everything of a table, counts and cell status included. */
  const full = (table: CsvTable) => ({
    ...snapshot(table),
    counts: table.rejectCounts,
    rejectedRows: table.rejectedRows,
    columns: table.columns.map((column) =>
      column.kind === 'number' ? { missing: column.missing, invalid: column.invalid, status: column.status ? [...column.status] : null } : column.kind,
    ),
  });

  it.each(readdirSync(fixtures).filter((name) => !name.endsWith('.md')))('%s reads the same as with the full tokenizer', (name) => {
    const bytes = fixture(name);
    const { settings } = sniffCsv(bytes);
    for (const options of [{}, { required: [0, settings.columnCount - 1] }, { extraFields: 'keep' as const }]) {
      expect(full(parseCsv(bytes, settings, options))).toEqual(full(parseCsv(bytes, settings, { ...options, fastPath: false })));
    }
  });

  it('reads 3,000 seeded quirky lines the same as the full tokenizer, in any chunking', () => {
    const random = seededRandom(5);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const numbers = ['1.234,5', ' 12 ', '-  7', '.', '-', 'x', '', '12,5 %', 'abc', '1.5', '7e2', '"3,5"', '0,0'];
    const texts = ['Kita', ' Hort ', '', 'Müller "Mo"', '"a;b"', 'x', 'Straße', '"line\nbreak"', '…'];
    const dates = ['01.02.2023', '31.04.2023', '', '.', '2023-01-01'];
    const lines = ['Name;Wert;Datum;Anzahl'];
    for (let index = 0; index < 3000; index++) {
      const shape = random();
      if (shape < 0.03) lines.push('');
      else if (shape < 0.05) lines.push(';;;');
      else if (shape < 0.07) lines.push('Fußnote');
      else if (shape < 0.09) lines.push('Name;Wert;Datum;Anzahl');
      else {
        const cells = [pick(texts), pick(numbers), pick(dates), pick(numbers)];
        if (random() < 0.05) cells.push(pick(['', 'extra', ' ']));
        if (random() < 0.05) cells.length = 2;
        lines.push(cells.join(';'));
      }
    }
    const bytes = encode(lines.join(random() < 0.5 ? '\n' : '\r\n'));
    const settings: CsvSettings = structuredClone(sniffCsv(encode('Name;Wert;Datum;Anzahl\nKita;1,5;01.02.2023;3\n')).settings);
    for (const options of [{}, { required: [1] }, { extraFields: 'keep' as const, required: [2] }]) {
      const reference = full(parseCsv(bytes, settings, { ...options, fastPath: false }));
      expect(reference.rejects.length).toBeGreaterThan(100);
      for (const chunkBytes of [97, 4096, 1 << 20]) expect(full(parseCsv(bytes, settings, { ...options, chunkBytes }))).toEqual(reference);
    }
  });
});
