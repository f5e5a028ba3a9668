/**
 * The CSV worker's API, called directly in Node (comlink exposes it only inside a worker):
 * files are read as Blobs, sniffed from their head, streamed, with progress and cancellation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellValue, parseCsv, sniffCsv } from '../../../../src/io/csv';
import { SNIFF_BYTES, csvWorkerApi, transferablesOf } from '../../../../src/workers/csv.worker';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../fixtures/csv/${name}`, import.meta.url)));
const encode = (text: string) => new TextEncoder().encode(text);

describe('csvWorkerApi', () => {
  it('sniffs and parses a Blob like the bytes', async () => {
    const bytes = fixture('thousands-missing.csv');
    const blob = new Blob([bytes]);
    const sniff = await csvWorkerApi.sniff(blob);
    expect(sniff.settings).toEqual(sniffCsv(bytes).settings);
    const fractions: number[] = [];
    const table = await csvWorkerApi.parse(blob, sniff.settings, {}, (fraction) => fractions.push(fraction));
    const direct = parseCsv(bytes, sniff.settings);
    expect(table.rowCount).toBe(direct.rowCount);
    expect(table.columns.map((column) => cellValue(column, 3))).toEqual(direct.columns.map((column) => cellValue(column, 3)));
    expect(fractions.at(-1)).toBe(1);
  });

  it('reads only the head of a large file for sniffing and estimates its rows', async () => {
    const rows = Array.from({ length: 40_000 }, (_, index) => `${index};Kindertagesstätte Nummer ${index};${index % 100},5`);
    const bytes = encode(`Nr;Name;Quote\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(SNIFF_BYTES);
    const sniff = await csvWorkerApi.sniff(new Blob([bytes]));
    expect(sniff.complete).toBe(false);
    // Early rows are shorter (fewer digits): the estimate is a little high, and only sizes the arrays.
    expect(Math.abs(sniff.estimatedRows - 40_000)).toBeLessThan(4_000);
    const table = await csvWorkerApi.parse(new Blob([bytes]), sniff.settings, { expectedRows: sniff.estimatedRows });
    expect([table.rowCount, cellValue(table.columns[2]!, 39_999)]).toEqual([40_000, 99.5]);
  });

  it('stops a running parse at the next chunk when cancelled', async () => {
    const bytes = encode(`a;b\n${Array.from({ length: 20_000 }, (_, index) => `${index};${index}`).join('\n')}\n`);
    const { settings } = sniffCsv(bytes);
    let calls = 0;
    const running = csvWorkerApi.parse(new Blob([bytes]), settings, { chunkBytes: 1024 }, () => {
      if (++calls === 2) csvWorkerApi.cancel();
    });
    await expect(running).rejects.toMatchObject({ name: 'CancelledError' });
    // The next parse starts afresh.
    expect((await csvWorkerApi.parse(bytes, settings)).rowCount).toBe(20_000);
  });

  it('lists every typed-array buffer once for the transfer', () => {
    const bytes = fixture('thousands-missing.csv');
    const table = parseCsv(bytes, sniffCsv(bytes).settings);
    const buffers = transferablesOf(table);
    expect(new Set(buffers).size).toBe(buffers.length);
    // lines + 6 number columns (one with a status array) + the dictionary codes of "Stadtteil".
    expect(buffers).toHaveLength(1 + 6 + 1 + 1);
    expect(() => structuredClone(table, { transfer: buffers })).not.toThrow();
  });
});
