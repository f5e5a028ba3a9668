/**
 * How long stored point sets live.
 *
 * A point layer record names its current set (`layer.points.set`); the undo log names older
 * (and, in the redo branch, newer) sets through the layer records in its operations. A set is
 * kept while the current layer or any logged change refers to it, so undoing an import only
 * points the layer back, and is deleted with its no longer shared chunks when the last change
 * referring to it leaves the log (redo branch discarded, log trimmed, or the undo budget below).
 *
 * Undo budget: old versions of point layers kept only for undo may hold at most
 * `MAX_UNDO_POINT_ROWS` rows per project; beyond that the oldest changes leave the log early.
 * The latest change is always kept, so the last import can always be undone.
 */
import Dexie from 'dexie';
import type { Change, Operation } from '../domain/change';
import { isPointLayer } from '../domain/point-table';
import type { Layer } from '../domain/types';
import type { AtlasDatabase, PointSetRecord } from './db';

/** Rows of point data a project may keep only for undo (about 60 MB at 60 bytes a row). */
export const MAX_UNDO_POINT_ROWS = 2_000_000;

/**
 * Sets that nothing refers to and that were not released by a dropped change are deleted only
 * after this time: they may belong to an import that has written its set and not yet committed
 * the layer record (two steps, e.g. the write in a worker).
 */
export const ORPHAN_SET_GRACE_MILLISECONDS = 60 * 60 * 1000;

const setKey = (layerId: string, set: string) => `${layerId}\u0000${set}`;
const chunkKey = (layerId: string, chunk: number) => `${layerId}\u0000${chunk}`;

function layerSetKeys(layers: readonly Layer[] | undefined, into: Set<string>): Set<string> {
  for (const layer of layers ?? []) if (isPointLayer(layer)) into.add(setKey(layer.id, layer.points.set));
  return into;
}

function operationSetKeys(operation: Operation, into: Set<string>): Set<string> {
  return layerSetKeys(operation.put.layers, into);
}

/** Point sets a change refers to (through layer records in its forward or inverse operation). */
export function changeSetKeys(change: Pick<Change, 'forward' | 'inverse'>, into = new Set<string>()): Set<string> {
  operationSetKeys(change.forward, into);
  operationSetKeys(change.inverse, into);
  return into;
}

export function changeRefersToPoints(change: Pick<Change, 'forward' | 'inverse'>): boolean {
  return changeSetKeys(change).size > 0;
}

export interface SweepOptions {
  /** Changes just deleted from the log: sets only they referred to are deleted at once. */
  dropped?: readonly Change[];
  graceMilliseconds?: number;
  budgetRows?: number;
  now?: number;
}

export interface SweepReport {
  /** Changes removed from the log to stay within the undo budget. */
  droppedChanges: number;
  deletedSets: number;
  deletedChunks: number;
}

/** Rows in chunks that only the given sets use (not the current ones). */
function retainedRows(
  setKeys: Iterable<string>,
  sets: ReadonlyMap<string, PointSetRecord>,
  currentChunks: ReadonlySet<string>,
): number {
  const counted = new Set<string>();
  let rows = 0;
  for (const key of setKeys) {
    const record = sets.get(key);
    if (!record) continue;
    record.chunks.forEach((chunk, index) => {
      const chunkId = chunkKey(record.layerId, chunk);
      if (currentChunks.has(chunkId) || counted.has(chunkId)) return;
      counted.add(chunkId);
      rows += record.chunkLengths[index]!;
    });
  }
  return rows;
}

/**
 * Delete point sets and chunks of `projectId` that nothing refers to any more, after trimming
 * the log to the undo budget. Must run inside a transaction over the project tables, `changes`
 * and the point tables (transact() calls it when a change involves point layers).
 */
export async function sweepPointData(db: AtlasDatabase, projectId: string, options: SweepOptions = {}): Promise<SweepReport> {
  const now = options.now ?? Date.now();
  const grace = options.graceMilliseconds ?? ORPHAN_SET_GRACE_MILLISECONDS;
  const budget = options.budgetRows ?? MAX_UNDO_POINT_ROWS;
  const layers = await db.layers.where('projectId').equals(projectId).toArray();
  const current = layerSetKeys(layers, new Set());
  const sets = new Map(
    (await db.pointSets.where('projectId').equals(projectId).toArray()).map((record) => [setKey(record.layerId, record.set), record]),
  );
  const currentChunks = new Set<string>();
  for (const key of current) {
    const record = sets.get(key);
    record?.chunks.forEach((chunk) => currentChunks.add(chunkKey(record.layerId, chunk)));
  }

  const log = await db.changes
    .where('[projectId+seq]')
    .between([projectId, Dexie.minKey], [projectId, Dexie.maxKey])
    .toArray();
  const logKeys = log.map((change) => changeSetKeys(change));
  const dropped = [...(options.dropped ?? [])];
  // Drop the oldest done changes while the undo-only point data exceed the budget; never the latest.
  let first = 0;
  const overBudget = () => retainedRows(logKeys.slice(first).flatMap((keys) => [...keys]), sets, currentChunks) > budget;
  while (first < log.length - 1 && !log[first]!.undone && overBudget()) first++;
  const budgetDropped = log.slice(0, first);
  if (budgetDropped.length > 0) await db.changes.bulkDelete(budgetDropped.map((change) => change.seq!));
  dropped.push(...budgetDropped);

  const referenced = new Set(current);
  for (const keys of logKeys.slice(first)) for (const key of keys) referenced.add(key);
  const released = new Set<string>();
  for (const change of dropped) changeSetKeys(change, released);

  const deletedSets: PointSetRecord[] = [];
  for (const [key, record] of sets) {
    if (referenced.has(key)) continue;
    if (released.has(key) || record.createdAt < now - grace) deletedSets.push(record);
  }
  let deletedChunks = 0;
  if (deletedSets.length > 0) {
    await db.pointSets.bulkDelete(deletedSets.map((record) => [projectId, record.layerId, record.set]));
    for (const record of deletedSets) sets.delete(setKey(record.layerId, record.set));
    for (const layerId of new Set(deletedSets.map((record) => record.layerId))) {
      const used = new Set<number>();
      for (const record of sets.values()) if (record.layerId === layerId) record.chunks.forEach((chunk) => used.add(chunk));
      const keys = await db.pointChunks
        .where('[projectId+layerId+chunk]')
        .between([projectId, layerId, Dexie.minKey], [projectId, layerId, Dexie.maxKey])
        .primaryKeys();
      const unused = keys.filter((key) => !used.has(key[2]));
      if (unused.length > 0) await db.pointChunks.bulkDelete(unused);
      deletedChunks += unused.length;
    }
  }
  return { droppedChanges: budgetDropped.length, deletedSets: deletedSets.length, deletedChunks };
}
