/**
 * Worker holding the cluster index of the imported point layers and cutting vector tiles from
 * it (io/point-tiles). Tiles travel as transferred bytes; the points never pass through the
 * main thread as objects.
 */
import * as Comlink from 'comlink';
import { PointTileIndex, type PointKind, type PointLayerDrawing, type PointOrigin } from '../io/point-tiles';

let index: PointTileIndex | null = null;

export const pointTilesApi = {
  /** Index the layers (replacing what was indexed); returns how many points are drawn. */
  load(drawings: PointLayerDrawing[]): number {
    index = drawings.length > 0 ? new PointTileIndex(drawings) : null;
    return index?.total ?? 0;
  },

  tile(z: number, x: number, y: number): Uint8Array | null {
    const bytes = index?.tile(z, x, y) ?? null;
    return bytes ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : null;
  },

  origin(kind: PointKind, pointId: number): PointOrigin | null {
    return index?.origin(kind, pointId) ?? null;
  },
};

export type PointTilesWorker = typeof pointTilesApi;

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) Comlink.expose(pointTilesApi);
