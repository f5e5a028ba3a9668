/**
 * Changes: the one shape in which project data are modified.
 *
 * An `Operation` lists records to put (insert or replace) and ids to delete, per table.
 * A committed `Change` keeps its forward operation and the inverse computed from the
 * state before it, so undo is "apply the inverse" and redo is "apply the forward" again.
 */
import type { ProjectSnapshot, ProjectTables, TableName } from './types';
import { TABLE_NAMES } from './types';

export type TableRecords = { [T in TableName]?: ProjectTables[T][] };
export type TableIds = { [T in TableName]?: string[] };

export interface Operation {
  put: TableRecords;
  delete: TableIds;
}

/** A translatable description of a change, shown in the undo/redo buttons. */
export interface ChangeLabel {
  key: string;
  params?: Record<string, string | number>;
}

export interface ChangeRequest extends Operation {
  label: ChangeLabel;
}

export interface Change {
  /** Monotonic sequence number assigned by the store. */
  seq?: number;
  projectId: string;
  label: ChangeLabel;
  timeMilliseconds: number;
  forward: Operation;
  inverse: Operation;
  /** True while the change is undone (it can be redone). */
  undone: boolean;
  /**
   * The project's stored revision after this change, undo or redo (set by the store; see
   * store/project-meta.ts). Absent in changes logged before schema version 4.
   */
  revision?: number;
}

export function emptyOperation(): Operation {
  return { put: {}, delete: {} };
}

/** Every (table, id) an operation touches, in a stable order. */
export function touchedKeys(operation: Operation): { table: TableName; id: string }[] {
  const keys: { table: TableName; id: string }[] = [];
  for (const table of TABLE_NAMES) {
    for (const record of operation.put[table] ?? []) keys.push({ table, id: record.id });
    for (const id of operation.delete[table] ?? []) keys.push({ table, id });
  }
  return keys;
}

export function isEmptyOperation(operation: Operation): boolean {
  return touchedKeys(operation).length === 0;
}

/**
 * The operation that undoes `operation`, given the records as they were before it
 * (`previous(table, id)` returns undefined for records that did not exist).
 */
export function invertOperation(
  operation: Operation,
  previous: <T extends TableName>(table: T, id: string) => ProjectTables[T] | undefined,
): Operation {
  const inverse = emptyOperation();
  const seen = new Set<string>();
  // Ids put per table, looked up once each (an import puts tens of thousands of records).
  const putIds = new Map<TableName, Set<string>>();
  const wasPut = (table: TableName, id: string) => {
    let ids = putIds.get(table);
    if (!ids) putIds.set(table, (ids = new Set((operation.put[table] ?? []).map((record) => record.id))));
    return ids.has(id);
  };
  for (const { table, id } of touchedKeys(operation)) {
    const key = `${table}\u0000${id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const before = previous(table, id);
    if (before === undefined) {
      // Deleting a record that never existed needs no inverse.
      if (wasPut(table, id)) (inverse.delete[table] ??= []).push(id);
    } else {
      (inverse.put[table] ??= [] as never[]).push(before as never);
    }
  }
  return inverse;
}

/**
 * Apply an operation to an in-memory snapshot and return the new snapshot. Tables that
 * the operation does not touch keep their array identity, so derived views can skip work.
 * Deletes are applied before puts, matching the store.
 */
export function applyOperation(snapshot: ProjectSnapshot, operation: Operation): ProjectSnapshot {
  const next = { ...snapshot };
  for (const table of TABLE_NAMES) {
    const puts = operation.put[table] ?? [];
    const deletes = operation.delete[table] ?? [];
    if (puts.length === 0 && deletes.length === 0) continue;
    const byId = new Map<string, ProjectTables[typeof table]>();
    for (const record of snapshot[table]) byId.set(record.id, record);
    for (const id of deletes) byId.delete(id);
    for (const record of puts) byId.set(record.id, record);
    (next as Record<TableName, unknown[]>)[table] = [...byId.values()];
  }
  return next;
}

export function emptySnapshot(): ProjectSnapshot {
  return {
    projects: [],
    variants: [],
    spaces: [],
    layers: [],
    units: [],
    resources: [],
    demand: [],
    features: [],
    views: [],
  };
}

/** Copy a snapshot into another project id (duplicate, demo install). Inputs are not mutated. */
export function withProjectId(snapshot: ProjectSnapshot, projectId: string): ProjectSnapshot {
  const copy = emptySnapshot();
  for (const table of TABLE_NAMES) {
    if (table === 'projects') {
      copy.projects = snapshot.projects.map((project) => ({ ...project, id: projectId }));
    } else {
      (copy as Record<TableName, unknown[]>)[table] = (snapshot[table] as { projectId: string }[]).map(
        (record) => ({ ...record, projectId }),
      );
    }
  }
  return copy;
}
