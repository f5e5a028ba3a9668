/** Main-thread handle of the OSM worker: cancellable reads of OpenStreetMap files. */
import * as Comlink from 'comlink';
import type { OsmWorker, OsmWorkerOptions } from './osm.worker';
import { CancellableWorkerPool } from './worker-pool';

function startOsmWorker(): Worker {
  return new Worker(new URL('./osm.worker.ts', import.meta.url), { type: 'module', name: 'osm' });
}

/** Workers for OSM files; cancelling a read terminates the worker doing it. */
export const osmWorkers = new CancellableWorkerPool<Comlink.Remote<OsmWorker>>(() => {
  const worker = startOsmWorker();
  return { remote: Comlink.wrap<OsmWorker>(worker), terminate: () => worker.terminate() };
});

/**
 * Read an OSM file in a worker. `bytes` is transferred (detached here afterwards); the result's
 * routing graph arrives as transferred typed arrays. Rejects with CancelledError when `signal`
 * aborts; a file that cannot be read resolves with `{ ok: false, error }`.
 */
export function readOsmFileInWorker(
  fileName: string,
  bytes: ArrayBuffer,
  options: OsmWorkerOptions = {},
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
) {
  return osmWorkers.run(
    (remote) => remote.readOsmFile(fileName, Comlink.transfer(bytes, [bytes]), options, onProgress ? Comlink.proxy(onProgress) : undefined),
    signal,
  );
}
