/** Main-thread handle of the CSV import worker: cancellable, one pool of workers. */
import * as Comlink from 'comlink';
import type { CsvImportService } from '../state/csv-import.svelte';
import type { TableImportWorker } from './table-import.worker';
import { CancellableWorkerPool } from './worker-pool';

const pool = new CancellableWorkerPool<Comlink.Remote<TableImportWorker>>(() => {
  const worker = new Worker(new URL('./table-import.worker.ts', import.meta.url), { type: 'module', name: 'table-import' });
  return { remote: Comlink.wrap<TableImportWorker>(worker), terminate: () => worker.terminate() };
});

/**
 * The wizard's service backed by the worker. Files go by reference (a File is not copied);
 * cancelling an import terminates its worker, so even a long parse stops at once.
 */
export const tableImportService: CsvImportService = {
  readVector: (file, fileName) => pool.run((remote) => remote.readVector(file, fileName)),
  sniff: (file, overrides) => pool.run((remote) => remote.sniff(file, overrides)),
  preview: (file, settings, rows) => pool.run((remote) => remote.preview(file, settings, rows)),
  importTable: (file, settings, plan, expectedRows, onProgress, signal) =>
    pool.run((remote) => remote.importTable(file, settings, plan, expectedRows, Comlink.proxy(onProgress)), signal),
};
