/**
 * When to remind the user to back up a project (export it as a project file): the data live
 * only in this browser, and a cleared browser profile or a broken disk loses them.
 *
 * A project is due when it was changed since its last export (or, never exported, since it was
 * created) and that export lies `BACKUP_REMINDER_DAYS` or more in the past. The demo project is
 * never due (it can be reset), and "later" keeps the reminder quiet until the given time.
 */
import type { Project } from './types';

export const BACKUP_REMINDER_DAYS = 7;
const DAY_MILLISECONDS = 24 * 60 * 60 * 1000;

export interface BackupState {
  /** Last export (or import from a file); null: never. */
  exportedAt: number | null;
  reminderSnoozedUntil: number | null;
}

export interface BackupReminder {
  due: boolean;
  /** Whole days since the last export; null when never exported. */
  daysSinceExport: number | null;
}

export function backupReminder(project: Pick<Project, 'isDemo' | 'createdAt' | 'updatedAt'>, backup: BackupState, now: number): BackupReminder {
  const daysSinceExport = backup.exportedAt === null ? null : Math.floor((now - backup.exportedAt) / DAY_MILLISECONDS);
  const since = backup.exportedAt ?? project.createdAt;
  const changedSince = project.updatedAt > since;
  const snoozed = backup.reminderSnoozedUntil !== null && now < backup.reminderSnoozedUntil;
  const due = !project.isDemo && changedSince && !snoozed && now - since >= BACKUP_REMINDER_DAYS * DAY_MILLISECONDS;
  return { due, daysSinceExport };
}

/** How long "remind me later" keeps the reminder quiet. */
export const BACKUP_SNOOZE_MILLISECONDS = DAY_MILLISECONDS;
