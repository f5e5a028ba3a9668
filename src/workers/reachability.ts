/**
 * Main-thread handle of the reachability worker: every job runs on a worker of the pool, so
 * cancelling terminates it (a long search cannot be interrupted otherwise) and the next job
 * starts a fresh one. One idle worker is kept, holding the last graph and engine.
 */
import * as Comlink from 'comlink';
import type { ReachabilityApi } from './reachability.worker';
import type { ReachabilityService } from '../state/reachability.svelte';
import { CancellableWorkerPool } from './worker-pool';

const pool = new CancellableWorkerPool<Comlink.Remote<ReachabilityApi>>(() => {
  const worker = new Worker(new URL('./reachability.worker.ts', import.meta.url), { type: 'module', name: 'reachability' });
  return { remote: Comlink.wrap<ReachabilityApi>(worker), terminate: () => worker.terminate() };
});

const progress = (onProgress?: (fraction: number) => void) => (onProgress ? Comlink.proxy(onProgress) : undefined);

export const reachabilityInWorker: ReachabilityService = {
  nearestTimes: (job, resources, demand, spaces, onProgress, signal) =>
    pool.run((remote) => remote.nearestTimes(job, resources, demand, spaces, progress(onProgress)), signal),
  isochrones: (job, origins, bands, direction, population, onProgress, signal) =>
    pool.run((remote) => remote.isochrones(job, origins, bands, direction, population, progress(onProgress)), signal),
  bestSites: (job, candidates, points, covered, limitSeconds, budget, onProgress, signal) =>
    pool.run((remote) => remote.bestSites(job, candidates, points, covered, limitSeconds, budget, progress(onProgress)), signal),
  travelTimes: (job, origin, targets, signal) => pool.run((remote) => remote.travelTimes(job, origin, targets), signal),
};
