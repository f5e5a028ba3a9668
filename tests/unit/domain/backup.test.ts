import { describe, expect, it } from 'vitest';
import { backupReminder, BACKUP_REMINDER_DAYS } from '../../../src/domain/backup';

const DAY = 24 * 60 * 60 * 1000;
const created = Date.UTC(2026, 0, 1);
const project = (updatedAt: number, isDemo = false) => ({ isDemo, createdAt: created, updatedAt });
const never = { exportedAt: null, reminderSnoozedUntil: null };

describe('backup reminder', () => {
  it('is due for a project changed and never exported once the reminder period has passed since it was created', () => {
    expect(backupReminder(project(created + DAY), never, created + (BACKUP_REMINDER_DAYS - 1) * DAY).due).toBe(false);
    expect(backupReminder(project(created + DAY), never, created + BACKUP_REMINDER_DAYS * DAY)).toEqual({ due: true, daysSinceExport: null });
  });

  it('is not due for an untouched project, the demo, or a project changed only before its last export', () => {
    const now = created + 30 * DAY;
    expect(backupReminder(project(created), never, now).due).toBe(false);
    expect(backupReminder(project(created + DAY, true), never, now).due).toBe(false);
    expect(backupReminder(project(created + DAY), { exportedAt: created + 2 * DAY, reminderSnoozedUntil: null }, now)).toEqual({ due: false, daysSinceExport: 28 });
  });

  it('counts from the last export and stays quiet while snoozed', () => {
    const exportedAt = created + 10 * DAY;
    const changed = project(exportedAt + DAY);
    expect(backupReminder(changed, { exportedAt, reminderSnoozedUntil: null }, exportedAt + 6 * DAY).due).toBe(false);
    expect(backupReminder(changed, { exportedAt, reminderSnoozedUntil: null }, exportedAt + 8 * DAY)).toEqual({ due: true, daysSinceExport: 8 });
    expect(backupReminder(changed, { exportedAt, reminderSnoozedUntil: exportedAt + 9 * DAY }, exportedAt + 8 * DAY).due).toBe(false);
    expect(backupReminder(changed, { exportedAt, reminderSnoozedUntil: exportedAt + 9 * DAY }, exportedAt + 9 * DAY).due).toBe(true);
  });
});
