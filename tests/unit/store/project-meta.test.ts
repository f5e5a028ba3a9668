import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtlasDatabase } from '../../../src/store/db';
import { deleteProject, installSnapshot, loadProject } from '../../../src/store/projects';
import { markExported, projectMeta, snoozeBackupReminder, StaleProjectError } from '../../../src/store/project-meta';
import { redo, transact, undo } from '../../../src/store/transact';
import { testSnapshot } from '../helpers';

let db: AtlasDatabase;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, testSnapshot('p'), 'p');
});

afterEach(async () => {
  await db.delete();
});

function renameSpace(name: string, expectedRevision?: number) {
  return transact(
    db,
    'p',
    { label: { key: 'change.editSpace', params: { name } }, put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name }] }, delete: {} },
    { expectedRevision },
  );
}

describe('project revision', () => {
  it('starts at 0 and counts every write, undo and redo', async () => {
    expect((await loadProject(db, 'p'))!.revision).toBe(0);
    expect((await renameSpace('A')).revision).toBe(1);
    expect((await undo(db, 'p'))!.revision).toBe(2);
    expect((await redo(db, 'p'))!.revision).toBe(3);
    expect((await projectMeta(db, 'p')).revision).toBe(3);
  });

  it('refuses a write from an outdated copy and stores nothing of it', async () => {
    await renameSpace('Von Tab A', 0);
    const changesBefore = await db.changes.count();
    await expect(renameSpace('Von Tab B', 0)).rejects.toBeInstanceOf(StaleProjectError);
    expect((await db.spaces.get(['p', 's1']))!.name).toBe('Von Tab A');
    expect(await db.changes.count()).toBe(changesBefore);
    expect((await projectMeta(db, 'p')).revision).toBe(1);
  });

  it('refuses undo and redo from an outdated copy', async () => {
    await renameSpace('A');
    await expect(undo(db, 'p', { expectedRevision: 0 })).rejects.toBeInstanceOf(StaleProjectError);
    expect((await db.spaces.get(['p', 's1']))!.name).toBe('A');
    await undo(db, 'p', { expectedRevision: 1 });
    await expect(redo(db, 'p', { expectedRevision: 1 })).rejects.toBeInstanceOf(StaleProjectError);
    expect((await db.spaces.get(['p', 's1']))!.name).toBe('Raum SR 01');
  });

  it('keeps counting across delete and reinstall, so an old tab cannot write into the new project', async () => {
    await renameSpace('A');
    await deleteProject(db, 'p');
    expect(await db.spaces.where('projectId').equals('p').count()).toBe(0);
    await installSnapshot(db, testSnapshot('p'), 'p');
    const { revision } = (await loadProject(db, 'p'))!;
    expect(revision).toBeGreaterThan(1);
    await expect(renameSpace('Aus dem alten Tab', 1)).rejects.toBeInstanceOf(StaleProjectError);
  });

  it('replacing a project counts its revision up', async () => {
    await renameSpace('A');
    await installSnapshot(db, testSnapshot('p'), 'p');
    expect((await projectMeta(db, 'p')).revision).toBe(2);
  });
});

describe('export bookkeeping', () => {
  it('is never exported at first, remembers an export and clears a snooze with it', async () => {
    expect((await projectMeta(db, 'p')).exportedAt).toBeNull();
    await snoozeBackupReminder(db, 'p', 5_000);
    expect((await projectMeta(db, 'p')).reminderSnoozedUntil).toBe(5_000);
    await markExported(db, 'p', 1_000);
    expect(await projectMeta(db, 'p')).toMatchObject({ exportedAt: 1_000, reminderSnoozedUntil: null, revision: 0 });
  });

  it('a write keeps the export time', async () => {
    await markExported(db, 'p', 1_000);
    await renameSpace('A');
    expect((await projectMeta(db, 'p')).exportedAt).toBe(1_000);
  });
});
