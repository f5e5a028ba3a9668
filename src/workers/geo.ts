/** Main-thread handle of the geometry worker (one instance, created on first use). */
import * as Comlink from 'comlink';
import type { GeoWorker } from './geo.worker';

let remote: Comlink.Remote<GeoWorker> | null = null;

export function geoWorker(): Comlink.Remote<GeoWorker> {
  remote ??= Comlink.wrap<GeoWorker>(new Worker(new URL('./geo.worker.ts', import.meta.url), { type: 'module', name: 'geo' }));
  return remote;
}
