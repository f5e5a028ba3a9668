/**
 * The single write path for project data: `transact()` applies a change in one IndexedDB
 * transaction together with its undo-log entry, so the data and the log never disagree.
 * `undo()` and `redo()` replay the stored inverse/forward operations through the same code.
 */
import Dexie from 'dexie';
import {
  invertOperation,
  isEmptyOperation,
  touchedKeys,
  type Change,
  type ChangeLabel,
  type ChangeRequest,
  type Operation,
} from '../domain/change';
import { TABLE_NAMES, type ProjectTables, type TableName } from '../domain/types';
import { META_TABLES, POINT_TABLES, recordKey, ROAD_GRAPH_TABLES, type AtlasDatabase } from './db';
import { advanceRevision, type WriteGuard } from './project-meta';
import { changeRefersToPoints, sweepPointData } from './point-retention';
import { changeRefersToRoadGraphs, sweepRoadGraphs } from './road-graph-retention';

/** Older changes are dropped from the log beyond this many per project. */
export const MAX_CHANGES_PER_PROJECT = 200;

/**
 * The scope of every logged write. The point and graph tables are in it because dropping a change
 * from the log may release point sets or road graphs only that change referred to (see
 * point-retention.ts, road-graph-retention.ts); `projectMeta` because every write counts the
 * project's revision up (project-meta.ts).
 */
export const LOGGED_TABLES = [...TABLE_NAMES, 'changes', ...POINT_TABLES, ...ROAD_GRAPH_TABLES, ...META_TABLES] as const;

export interface HistoryStatus {
  undo: ChangeLabel | null;
  redo: ChangeLabel | null;
}

function assertBelongsToProject(projectId: string, operation: Operation): void {
  for (const table of TABLE_NAMES) {
    for (const record of operation.put[table] ?? []) {
      const owner = table === 'projects' ? record.id : (record as { projectId: string }).projectId;
      if (owner !== projectId) {
        throw new Error(`Record ${table}/${record.id} belongs to project ${owner}, not ${projectId}`);
      }
    }
  }
}

/** Records are read and written in slices this big, so a large import is many short tasks, not one long one. */
const SLICE = 2_000;

async function readPrevious(
  db: AtlasDatabase,
  projectId: string,
  operation: Operation,
): Promise<Map<string, unknown>> {
  const previous = new Map<string, unknown>();
  const byTable = new Map<TableName, string[]>();
  for (const { table, id } of touchedKeys(operation)) {
    let ids = byTable.get(table);
    if (!ids) byTable.set(table, (ids = []));
    ids.push(id);
  }
  for (const [table, ids] of byTable) {
    for (let start = 0; start < ids.length; start += SLICE) {
      const slice = ids.slice(start, start + SLICE);
      const records = await db.table_(table).bulkGet(slice.map((id) => recordKey(table, projectId, id)));
      records.forEach((record, index) => {
        if (record !== undefined) previous.set(`${table}\u0000${slice[index]}`, record);
      });
    }
  }
  return previous;
}

async function writeOperation(db: AtlasDatabase, projectId: string, operation: Operation): Promise<void> {
  for (const table of TABLE_NAMES) {
    const deletes = operation.delete[table] ?? [];
    for (let start = 0; start < deletes.length; start += SLICE) {
      await db.table_(table).bulkDelete(deletes.slice(start, start + SLICE).map((id) => recordKey(table, projectId, id)));
    }
    const puts = operation.put[table] ?? [];
    for (let start = 0; start < puts.length; start += SLICE) await db.table_(table).bulkPut(puts.slice(start, start + SLICE));
  }
  const project = await db.projects.get(projectId);
  if (project) await db.projects.put({ ...project, updatedAt: Date.now() });
}

function projectChanges(db: AtlasDatabase, projectId: string) {
  return db.changes.where('[projectId+seq]').between([projectId, Dexie.minKey], [projectId, Dexie.maxKey]);
}

/**
 * Apply `request` to project `projectId` and record it in the undo log. With
 * `guard.expectedRevision`, nothing is written when the project was changed elsewhere since
 * (StaleProjectError).
 */
export async function transact(db: AtlasDatabase, projectId: string, request: ChangeRequest, guard: WriteGuard = {}): Promise<Change> {
  const forward: Operation = { put: request.put, delete: request.delete };
  assertBelongsToProject(projectId, forward);
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const revision = await advanceRevision(db, projectId, guard);
    const previous = await readPrevious(db, projectId, forward);
    const inverse = invertOperation(forward, <T extends TableName>(table: T, id: string) =>
      previous.get(`${table}\u0000${id}`) as ProjectTables[T] | undefined,
    );
    await writeOperation(db, projectId, forward);
    // A new change discards the redo branch.
    const dropped = await projectChanges(db, projectId).filter((change) => change.undone).toArray();
    if (dropped.length > 0) await db.changes.bulkDelete(dropped.map((change) => change.seq!));
    const change: Change = {
      projectId,
      label: request.label,
      timeMilliseconds: Date.now(),
      forward,
      inverse,
      undone: false,
      revision,
    };
    if (!isEmptyOperation(forward)) {
      change.seq = await db.changes.add(change);
      const count = await projectChanges(db, projectId).count();
      if (count > MAX_CHANGES_PER_PROJECT) {
        const oldest = await projectChanges(db, projectId).limit(count - MAX_CHANGES_PER_PROJECT).toArray();
        await db.changes.bulkDelete(oldest.map((old) => old.seq!));
        dropped.push(...oldest);
      }
    }
    // Point sets live as long as a layer record or a logged change names them.
    if (changeRefersToPoints(change) || dropped.some(changeRefersToPoints)) {
      await sweepPointData(db, projectId, { dropped });
    }
    // Likewise road graphs. (Changes the point sweep drops for its undo budget are not in
    // `dropped`; graphs only they named go at the next collectRoadGraphGarbage after the grace time.)
    if (changeRefersToRoadGraphs(change) || dropped.some(changeRefersToRoadGraphs)) {
      await sweepRoadGraphs(db, projectId, { dropped });
    }
    return change;
  });
}

/**
 * Undo the latest change of the project; returns it (apply `change.inverse` in memory, its
 * `revision` is the project's new one) or null. Guarded like transact().
 */
export async function undo(db: AtlasDatabase, projectId: string, guard: WriteGuard = {}): Promise<Change | null> {
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const change = await projectChanges(db, projectId)
      .reverse()
      .filter((candidate) => !candidate.undone)
      .first();
    if (!change) return null;
    const revision = await advanceRevision(db, projectId, guard);
    await writeOperation(db, projectId, change.inverse);
    await db.changes.update(change.seq!, { undone: true });
    return { ...change, undone: true, revision };
  });
}

/** Redo the earliest undone change of the project; returns it (apply `change.forward`) or null. Guarded like transact(). */
export async function redo(db: AtlasDatabase, projectId: string, guard: WriteGuard = {}): Promise<Change | null> {
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const change = await projectChanges(db, projectId)
      .filter((candidate) => candidate.undone)
      .first();
    if (!change) return null;
    const revision = await advanceRevision(db, projectId, guard);
    await writeOperation(db, projectId, change.forward);
    await db.changes.update(change.seq!, { undone: false });
    return { ...change, undone: false, revision };
  });
}

export async function historyStatus(db: AtlasDatabase, projectId: string): Promise<HistoryStatus> {
  const lastDone = await projectChanges(db, projectId)
    .reverse()
    .filter((change) => !change.undone)
    .first();
  const firstUndone = await projectChanges(db, projectId)
    .filter((change) => change.undone)
    .first();
  return { undo: lastDone?.label ?? null, redo: firstUndone?.label ?? null };
}
