/** Main-thread handles of the geometry worker. */
import * as Comlink from 'comlink';
import type { GeoWorker } from './geo.worker';
import { CancellableWorkerPool } from './worker-pool';

function startGeoWorker(): Worker {
  return new Worker(new URL('./geo.worker.ts', import.meta.url), { type: 'module', name: 'geo' });
}

let remote: Comlink.Remote<GeoWorker> | null = null;

/** The shared instance for geometry work (dissolve, validation, export); created on first use. */
export function geoWorker(): Comlink.Remote<GeoWorker> {
  remote ??= Comlink.wrap<GeoWorker>(startGeoWorker());
  return remote;
}

/**
 * Instances for reading files, which the user can cancel: cancelling terminates the instance
 * doing the job (see CancellableWorkerPool), without disturbing the shared one above.
 */
export const fileWorkers = new CancellableWorkerPool<Comlink.Remote<GeoWorker>>(() => {
  const worker = startGeoWorker();
  return { remote: Comlink.wrap<GeoWorker>(worker), terminate: () => worker.terminate() };
});
