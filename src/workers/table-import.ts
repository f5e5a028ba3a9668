/** Main-thread handle of the CSV import worker: cancellable, one pool of workers. */
import * as Comlink from 'comlink';
import type { CsvImportService } from '../state/csv-import.svelte';
import type { TableImportWorker } from './table-import.worker';
import { CancellableWorkerPool } from './worker-pool';

const pool = new CancellableWorkerPool<Comlink.Remote<TableImportWorker>>(() => {
  const worker = new Worker(new URL('./table-import.worker.ts', import.meta.url), { type: 'module', name: 'table-import' });
  return { remote: Comlink.wrap<TableImportWorker>(worker), terminate: () => worker.terminate() };
});

/** The wizard's service backed by the worker; cancelling an import terminates its worker. */
export const tableImportService: CsvImportService = {
  sniff: (bytes, overrides, totalBytes) => pool.run((remote) => remote.sniff(Comlink.transfer(bytes, [bytes.buffer]), overrides, totalBytes)),
  preview: (bytes, settings, rows) => pool.run((remote) => remote.preview(Comlink.transfer(bytes, [bytes.buffer]), settings, rows)),
  importTable: (bytes, settings, plan, onProgress, signal) =>
    pool.run((remote) => remote.importTable(Comlink.transfer(bytes, [bytes.buffer]), settings, plan, Comlink.proxy(onProgress)), signal),
};
