/**
 * Bookkeeping of a stored project (`projectMeta`, schema version 4): its revision and its last
 * export.
 *
 * Revision: every write of a project's data (transact, undo, redo) counts it up in the same
 * IndexedDB transaction. A tab states the revision its in-memory copy was built from
 * (`expectedRevision`); when another tab wrote in the meantime the write is refused with
 * `StaleProjectError` before anything is stored, so a change composed from an outdated copy
 * never overwrites a newer one (no lost update). The tab then reloads and the user repeats the
 * step on the current data.
 */
import { freshProjectMeta, type AtlasDatabase, type ProjectMetaRecord } from './db';

export class StaleProjectError extends Error {
  override name = 'StaleProjectError';
  readonly projectId: string;
  readonly expected: number;
  readonly actual: number;

  constructor(projectId: string, expected: number, actual: number) {
    super(`Project ${projectId} is at revision ${actual}, not ${expected}: it was changed elsewhere`);
    this.projectId = projectId;
    this.expected = expected;
    this.actual = actual;
  }
}

export function isStaleProjectError(error: unknown): error is StaleProjectError {
  return error instanceof StaleProjectError || (error instanceof Error && error.name === 'StaleProjectError');
}

/** Options of every write of project data. */
export interface WriteGuard {
  /** The revision the caller's copy was built from; the write is refused when the stored one differs. */
  expectedRevision?: number;
}

/** The bookkeeping record of a project (a fresh one when none is stored). */
export async function projectMeta(db: AtlasDatabase, projectId: string): Promise<ProjectMetaRecord> {
  return (await db.projectMeta.get(projectId)) ?? freshProjectMeta(projectId);
}

/**
 * Check `guard` against the stored revision and count it up; returns the new revision. Must run
 * inside a read-write transaction over `projectMeta` that also does the write.
 */
export async function advanceRevision(db: AtlasDatabase, projectId: string, guard: WriteGuard = {}): Promise<number> {
  const meta = await projectMeta(db, projectId);
  if (guard.expectedRevision !== undefined && guard.expectedRevision !== meta.revision) {
    throw new StaleProjectError(projectId, guard.expectedRevision, meta.revision);
  }
  const revision = meta.revision + 1;
  await db.projectMeta.put({ ...meta, revision });
  return revision;
}

/** Remember that the project was exported (or imported from a file) at `at`. */
export async function markExported(db: AtlasDatabase, projectId: string, at: number): Promise<void> {
  await db.transaction('rw', db.projectMeta, async () => {
    const meta = await projectMeta(db, projectId);
    await db.projectMeta.put({ ...meta, exportedAt: at, reminderSnoozedUntil: null });
  });
}

/** Keep the backup reminder of a project quiet until `until`. */
export async function snoozeBackupReminder(db: AtlasDatabase, projectId: string, until: number): Promise<void> {
  await db.transaction('rw', db.projectMeta, async () => {
    const meta = await projectMeta(db, projectId);
    await db.projectMeta.put({ ...meta, reminderSnoozedUntil: until });
  });
}
