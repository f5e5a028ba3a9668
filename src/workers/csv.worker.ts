/**
 * Worker for the CSV wizard: sniff settings and parse + normalise a file, exposed with comlink.
 * A File/Blob is read here (never on the main thread): the sniffer reads its first mebibyte,
 * the parser streams it, so a large file is never held whole. The result's typed arrays are
 * transferred, not copied. Cancelling: terminate the worker (see `csvWorkers` in ./csv), or
 * call `cancel()`, which the parse checks between chunks.
 */
import * as Comlink from 'comlink';
import { parseCsv, parseCsvStream, sniffCsv, type CsvParseOptions, type CsvSettings, type CsvSniff, type CsvTable, type SniffOverrides } from '../io/csv';

/** How much of a file the sniffer reads. */
export const SNIFF_BYTES = 1 << 20;

/** Parse options that can cross to the worker (callbacks and signals cannot). */
export type CsvWorkerParseOptions = Omit<CsvParseOptions, 'onProgress' | 'signal' | 'shouldCancel' | 'totalBytes'>;

/** The buffers of a table's typed arrays, each once (views of one buffer must not be listed twice). */
export function transferablesOf(table: CsvTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>([table.lines.buffer as ArrayBuffer]);
  for (const column of table.columns) {
    if (column.kind === 'number') {
      buffers.add(column.values.buffer as ArrayBuffer);
      if (column.status) buffers.add(column.status.buffer as ArrayBuffer);
    } else if (column.kind === 'dictionary') {
      buffers.add(column.codes.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}

let cancelled = false;

export const csvWorkerApi = {
  /** Guess the settings of a file (its first mebibyte), taking `overrides` as given. */
  async sniff(source: Blob | Uint8Array, overrides: SniffOverrides = {}): Promise<CsvSniff> {
    if (source instanceof Uint8Array) return sniffCsv(source, overrides);
    const head = new Uint8Array(await source.slice(0, SNIFF_BYTES).arrayBuffer());
    return sniffCsv(head, overrides, { totalBytes: source.size });
  },

  /**
   * Parse and normalise with `settings` (from `sniff`, possibly changed by the user).
   * `onProgress` is a comlink proxy (a top-level argument), called with the fraction read.
   */
  async parse(
    source: Blob | Uint8Array,
    settings: CsvSettings,
    options: CsvWorkerParseOptions = {},
    onProgress?: (fraction: number) => void,
  ): Promise<CsvTable> {
    cancelled = false;
    const common: CsvParseOptions = {
      ...options,
      shouldCancel: () => cancelled,
      onProgress: onProgress ? (fraction) => void onProgress(fraction) : undefined,
    };
    const table =
      source instanceof Uint8Array
        ? parseCsv(source, settings, common)
        : await parseCsvStream(source.stream(), settings, { ...common, totalBytes: source.size });
    return Comlink.transfer(table, transferablesOf(table));
  },

  /** Stop a running `parse` at its next chunk (it rejects with a CancelledError). */
  cancel(): void {
    cancelled = true;
  },
};

export type CsvWorker = typeof csvWorkerApi;

// Exposed only inside a worker, so tests can import the API in Node.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) Comlink.expose(csvWorkerApi);
