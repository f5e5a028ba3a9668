/**
 * How long stored routing graphs live; the same rule as for point sets (point-retention.ts).
 *
 * A network layer record names its current graph (`layer.graph.set`); the undo log names older
 * (and, in the redo branch, newer) graphs through the layer records in its operations. A graph
 * is kept while the current layer or any logged change refers to it, and deleted when the last
 * change referring to it leaves the log (redo branch discarded or log trimmed; transact() sweeps
 * then). A graph nothing refers to that no dropped change released (written, never committed)
 * is deleted only after `ORPHAN_SET_GRACE_MILLISECONDS`, when the project is next opened.
 *
 * There is no undo budget as for point rows: a graph is one record of a few MB per import.
 */
import type { Change, Operation } from '../domain/change';
import { hasRoadGraph } from '../domain/road-graph-ref';
import type { Layer } from '../domain/types';
import type { AtlasDatabase, RoadGraphKey } from './db';
import { ORPHAN_SET_GRACE_MILLISECONDS } from './point-retention';

const graphKey = (layerId: string, set: string) => `${layerId}\u0000${set}`;

function layerGraphKeys(layers: readonly Layer[] | undefined, into: Set<string>): Set<string> {
  for (const layer of layers ?? []) if (hasRoadGraph(layer)) into.add(graphKey(layer.id, layer.graph.set));
  return into;
}

function operationGraphKeys(operation: Operation, into: Set<string>): Set<string> {
  return layerGraphKeys(operation.put.layers, into);
}

/** Graphs a change refers to (through layer records in its forward or inverse operation). */
export function changeGraphKeys(change: Pick<Change, 'forward' | 'inverse'>, into = new Set<string>()): Set<string> {
  operationGraphKeys(change.forward, into);
  operationGraphKeys(change.inverse, into);
  return into;
}

export function changeRefersToRoadGraphs(change: Pick<Change, 'forward' | 'inverse'>): boolean {
  return changeGraphKeys(change).size > 0;
}

export interface GraphSweepOptions {
  /** Changes just deleted from the log: graphs only they referred to are deleted at once. */
  dropped?: readonly Change[];
  graceMilliseconds?: number;
  now?: number;
}

/**
 * Delete the routing graphs of `projectId` that neither a layer record nor a logged change
 * refers to. Returns how many were deleted. Must run inside a transaction over the layers,
 * `changes` and `roadGraphs` (transact() calls it when a change involves graphs).
 */
export async function sweepRoadGraphs(db: AtlasDatabase, projectId: string, options: GraphSweepOptions = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const grace = options.graceMilliseconds ?? ORPHAN_SET_GRACE_MILLISECONDS;
  // Keys only: a graph record holds megabytes of arrays.
  const stored = (await db.roadGraphs.where('projectId').equals(projectId).primaryKeys()) as RoadGraphKey[];
  if (stored.length === 0) return 0;
  const referenced = layerGraphKeys(await db.layers.where('projectId').equals(projectId).toArray(), new Set());
  await db.changes
    .where('projectId')
    .equals(projectId)
    .each((change) => changeGraphKeys(change, referenced));
  const released = new Set<string>();
  for (const change of options.dropped ?? []) changeGraphKeys(change, released);

  const deleted: RoadGraphKey[] = [];
  for (const key of stored) {
    const name = graphKey(key[1], key[2]);
    if (referenced.has(name)) continue;
    if (released.has(name)) {
      deleted.push(key);
      continue;
    }
    // An orphan nothing released: written by an import that may not have committed yet.
    const record = await db.roadGraphs.get(key);
    if (record && record.createdAt < now - grace) deleted.push(key);
  }
  if (deleted.length > 0) await db.roadGraphs.bulkDelete(deleted);
  return deleted.length;
}
