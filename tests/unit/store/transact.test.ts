import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { historyStatus, MAX_CHANGES_PER_PROJECT, redo, transact, undo } from '../../../src/store/transact';
import { testSnapshot } from '../helpers';

let db: AtlasDatabase;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, testSnapshot('p'), 'p');
});

afterEach(async () => {
  await db.delete();
});

async function spaceName(id: string) {
  return (await db.spaces.get(['p', id]))?.name;
}

function rename(name: string) {
  return transact(db, 'p', {
    label: { key: 'change.editSpace', params: { name } },
    put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name }] },
    delete: {},
  });
}

describe('transact', () => {
  it('writes the change and logs it for undo', async () => {
    await rename('Nordstadt');
    expect(await spaceName('s1')).toBe('Nordstadt');
    expect((await historyStatus(db, 'p')).undo).toEqual({ key: 'change.editSpace', params: { name: 'Nordstadt' } });
  });

  it('undoes and redoes through the same log', async () => {
    await rename('Nordstadt');
    await undo(db, 'p');
    expect(await spaceName('s1')).toBe('Raum SR 01');
    expect((await historyStatus(db, 'p')).redo).not.toBeNull();
    await redo(db, 'p');
    expect(await spaceName('s1')).toBe('Nordstadt');
  });

  it('undoes several changes in reverse order', async () => {
    await rename('A');
    await rename('B');
    await undo(db, 'p');
    expect(await spaceName('s1')).toBe('A');
    await undo(db, 'p');
    expect(await spaceName('s1')).toBe('Raum SR 01');
    expect(await undo(db, 'p')).toBeNull();
  });

  it('drops the redo branch when a new change is made', async () => {
    await rename('A');
    await undo(db, 'p');
    await rename('B');
    expect(await redo(db, 'p')).toBeNull();
    expect((await historyStatus(db, 'p')).redo).toBeNull();
  });

  it('restores deleted records on undo', async () => {
    await transact(db, 'p', { label: { key: 'x' }, put: {}, delete: { spaces: ['s2'] } });
    expect(await db.spaces.get(['p', 's2'])).toBeUndefined();
    await undo(db, 'p');
    expect((await db.spaces.get(['p', 's2']))?.code).toBe('SR 02');
  });

  it('refuses records of another project and writes nothing', async () => {
    const foreign = { ...testSnapshot('q').spaces[0]!, name: 'Fremd' };
    await expect(transact(db, 'p', { label: { key: 'x' }, put: { spaces: [foreign] }, delete: {} })).rejects.toThrow(/belongs to project q/);
    expect(await db.changes.count()).toBe(0);
  });

  it('keeps the log bounded', async () => {
    for (let index = 0; index < MAX_CHANGES_PER_PROJECT + 5; index++) await rename(`N${index}`);
    expect(await db.changes.where('projectId').equals('p').count()).toBe(MAX_CHANGES_PER_PROJECT);
    // 205 sequential IndexedDB transactions (fake-indexeddb): seconds on a busy two-core machine.
  }, 30_000);

  it('keeps each project’s history separate', async () => {
    await installSnapshot(db, testSnapshot('p'), 'q');
    await rename('Nur in p');
    expect((await historyStatus(db, 'q')).undo).toBeNull();
    expect((await loadSnapshot(db, 'q'))!.spaces[0]!.name).toBe('Raum SR 01');
  });
});
