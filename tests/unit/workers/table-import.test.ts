/**
 * The CSV import worker's API, called directly in Node (comlink exposes it only inside a
 * worker): files are read as Blobs, sniffed from their head, streamed with progress, and only
 * the columns the plan needs are read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellValue, parseCsv, sniffCsv } from '../../../src/io/csv';
import { planColumns, type TablePointPlan } from '../../../src/io/table-to-points';
import { SNIFF_BYTES, pointTransferables, tableImportApi, transferablesOf } from '../../../src/workers/table-import.worker';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/csv/${name}`, import.meta.url)));
const encode = (text: string) => new TextEncoder().encode(text);
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

describe('tableImportApi', () => {
  it('sniffs and previews a Blob like the bytes', async () => {
    const bytes = fixture('thousands-missing.csv');
    const sniff = await tableImportApi.sniff(blob(bytes));
    expect(sniff.settings).toEqual(sniffCsv(bytes).settings);
    const preview = await tableImportApi.preview(blob(bytes), sniff.settings, 3);
    const direct = parseCsv(bytes, sniff.settings, { maxRows: 3 });
    expect(preview.rowCount).toBe(3);
    expect(preview.columns.map((column) => cellValue(column, 2))).toEqual(direct.columns.map((column) => cellValue(column, 2)));
  });

  it('reads only the head of a large file for sniffing and estimates its rows', async () => {
    const rows = Array.from({ length: 40_000 }, (_, index) => `${index};Kindertagesstätte Nummer ${index};${index % 100},5;13,${index % 10};52,5`);
    const bytes = encode(`Nr;Name;Quote;Länge;Breite\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(SNIFF_BYTES);
    const sniff = await tableImportApi.sniff(blob(bytes));
    expect(sniff.complete).toBe(false);
    // Early rows are shorter (fewer digits): the estimate is a little high, and only sizes the arrays.
    expect(Math.abs(sniff.estimatedRows - 40_000)).toBeLessThan(4_000);
    const plan: TablePointPlan = {
      keep: [2],
      keyColumn: null,
      location: { kind: 'coordinates', a: 3, b: 4, interpretation: { crs: 'EPSG:4326', order: 'xy', zonePrefix: false } },
    };
    const fractions: number[] = [];
    const outcome = await tableImportApi.importTable(blob(bytes), sniff.settings, plan, sniff.estimatedRows, (fraction) => fractions.push(fraction));
    expect([outcome.rowCount, outcome.report.located]).toEqual([40_000, 40_000]);
    // Only the kept column is stored; the name column was never read.
    expect(outcome.points.columns.map((column) => column.name)).toEqual(['Quote']);
    const quote = outcome.points.columns[0]!;
    expect(quote.kind === 'number' && quote.values[39_999]).toBe(99.5);
    expect(outcome.points.lon[39_999]).toBeCloseTo(13.9, 10);
    // Progress moves through the parse and ends at 1.
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
  });

  it('reads the kept columns and the ones rows are located by', () => {
    const areas = [{ id: 'a', code: 'A', key: '1', name: 'A', labelPoint: [10, 51] }];
    expect(planColumns({ keep: [5, 1], keyColumn: null, location: { kind: 'area-key', column: 3, areas } })).toEqual([1, 3, 5]);
    expect(
      planColumns({
        keep: [0],
        keyColumn: 0,
        location: { kind: 'address', columns: { street: 2, houseNumber: 3, postcode: null, city: 4, line: null }, addresses: [] },
      }),
    ).toEqual([0, 2, 3, 4]);
  });

  it('lists every typed-array buffer once for the transfer', async () => {
    const bytes = fixture('thousands-missing.csv');
    const table = parseCsv(bytes, sniffCsv(bytes).settings);
    const buffers = transferablesOf(table);
    expect(new Set(buffers).size).toBe(buffers.length);
    // lines + 6 number columns (one with a status array) + the dictionary codes of "Stadtteil".
    expect(buffers).toHaveLength(1 + 6 + 1 + 1);
    expect(() => structuredClone(table, { transfer: buffers })).not.toThrow();

    const coordinates = encode('Name;lon;lat\nA;10,1;51,2\nB;10,2;51,3\n');
    const sniff = sniffCsv(coordinates);
    const outcome = await tableImportApi.importTable(blob(coordinates), sniff.settings, {
      keep: [0],
      keyColumn: null,
      location: { kind: 'coordinates', a: 1, b: 2, interpretation: { crs: 'EPSG:4326', order: 'xy', zonePrefix: false } },
    }, 2);
    const pointBuffers = pointTransferables(outcome.points);
    expect(pointBuffers).toHaveLength(3);
    expect(() => structuredClone(outcome, { transfer: pointBuffers })).not.toThrow();
  });
});
