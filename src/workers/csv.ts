/**
 * Main-thread handle of the CSV worker. Every job runs on a worker of its own from a
 * cancellable pool: aborting terminates that worker, so even a long parse stops at once.
 */
import * as Comlink from 'comlink';
import type { CsvSettings, CsvSniff, CsvTable, SniffOverrides } from '../io/csv';
import type { CsvWorker, CsvWorkerParseOptions } from './csv.worker';
import { CancellableWorkerPool } from './worker-pool';

export const csvWorkers = new CancellableWorkerPool<Comlink.Remote<CsvWorker>>(() => {
  const worker = new Worker(new URL('./csv.worker.ts', import.meta.url), { type: 'module', name: 'csv' });
  return { remote: Comlink.wrap<CsvWorker>(worker), terminate: () => worker.terminate() };
});

/** Sniff a file (its first mebibyte is read in the worker). */
export function sniffCsvFile(file: Blob, overrides: SniffOverrides = {}, signal?: AbortSignal): Promise<CsvSniff> {
  return csvWorkers.run((remote) => remote.sniff(file, overrides), signal);
}

/**
 * Parse a file in a worker; `onProgress` gets the fraction read. The File is passed by
 * reference (no copy) and streamed in the worker; the typed arrays come back transferred.
 */
export function parseCsvFile(
  file: Blob,
  settings: CsvSettings,
  options: CsvWorkerParseOptions = {},
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<CsvTable> {
  return csvWorkers.run((remote) => remote.parse(file, settings, options, onProgress ? Comlink.proxy(onProgress) : undefined), signal);
}
