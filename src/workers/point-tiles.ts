/** Main-thread handle of the point-tiles worker (one, long-lived: it holds the index). */
import * as Comlink from 'comlink';
import type { PointLayerDrawing } from '../io/point-tiles';
import type { PointTiles } from '../state/app.svelte';
import type { PointTilesWorker } from './point-tiles.worker';

let remote: Comlink.Remote<PointTilesWorker> | null = null;

function worker(): Comlink.Remote<PointTilesWorker> {
  remote ??= Comlink.wrap<PointTilesWorker>(new Worker(new URL('./point-tiles.worker.ts', import.meta.url), { type: 'module', name: 'point-tiles' }));
  return remote;
}

export const pointTilesInWorker: PointTiles = {
  load: (drawings: PointLayerDrawing[]) => worker().load(drawings),
  tile: (z, x, y) => worker().tile(z, x, y),
};
