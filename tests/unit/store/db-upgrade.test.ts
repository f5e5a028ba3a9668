import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createPointTable, numberColumn } from '../../../src/domain/point-table';
import { AtlasDatabase } from '../../../src/store/db';
import { loadPointLayer, replacePointLayer } from '../../../src/store/point-layers';
import { loadRoadGraph, writeRoadGraph } from '../../../src/store/road-graphs';
import { RoadGraphBuilder } from '../../../src/io/osm/graph';
import { loadSnapshot } from '../../../src/store/projects';
import { historyStatus, transact, undo } from '../../../src/store/transact';
import { testSnapshot } from '../helpers';

/**
 * The schema of version 1 as it shipped: databases in users' browsers look like this. Kept as a
 * literal copy on purpose, so the test does not follow later edits of db.ts.
 */
const VERSION_1_SCHEMA = {
  projects: 'id, updatedAt',
  variants: '[projectId+id], projectId',
  spaces: '[projectId+id], projectId, [projectId+variantId]',
  layers: '[projectId+id], projectId',
  units: '[projectId+id], projectId, [projectId+layerId]',
  resources: '[projectId+id], projectId, [projectId+layerId]',
  demand: '[projectId+id], projectId, [projectId+layerId]',
  features: '[projectId+id], projectId, [projectId+layerId]',
  views: '[projectId+id], projectId',
  changes: '++seq, projectId, [projectId+seq]',
};

/** What version 2 added, likewise a literal copy. */
const VERSION_2_TABLES = {
  pointSets: '[projectId+layerId+set], projectId',
  pointChunks: '[projectId+layerId+chunk], projectId',
};

/** What version 3 added, likewise a literal copy. */
const VERSION_3_TABLES = {
  roadGraphs: '[projectId+layerId+set], projectId',
};

let name: string;

afterEach(async () => {
  await Dexie.delete(name);
});

describe('schema upgrade', () => {
  it('opens a version-1 database with data, keeps everything and adds the point tables', async () => {
    name = `upgrade-${crypto.randomUUID()}`;
    const snapshot = testSnapshot('p');
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1_SCHEMA);
    await old.open();
    await old.table('projects').bulkAdd(snapshot.projects);
    await old.table('variants').bulkAdd(snapshot.variants);
    await old.table('spaces').bulkAdd(snapshot.spaces);
    const renamed = { ...snapshot.spaces[0]!, name: 'Umbenannt' };
    await old.table('spaces').put(renamed);
    await old.table('changes').add({
      projectId: 'p',
      label: { key: 'change.editSpace', params: { name: 'Umbenannt' } },
      timeMilliseconds: 1,
      forward: { put: { spaces: [renamed] }, delete: {} },
      inverse: { put: { spaces: [snapshot.spaces[0]] }, delete: {} },
      undone: false,
    });
    old.close();

    const db = new AtlasDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    const loaded = (await loadSnapshot(db, 'p'))!;
    expect(loaded.projects).toEqual(snapshot.projects);
    expect(loaded.spaces.map((space) => space.name)).toEqual(['Umbenannt', 'Raum SR 02']);
    // The undo log written by version 1 still works.
    expect((await historyStatus(db, 'p')).undo).toEqual({ key: 'change.editSpace', params: { name: 'Umbenannt' } });
    await undo(db, 'p');
    expect((await db.spaces.get(['p', 's1']))!.name).toBe('Raum SR 01');
    // The new tables are there and usable.
    expect(await db.pointSets.count()).toBe(0);
    const table = createPointTable({ lon: Float64Array.of(9.9), lat: Float64Array.of(50.9), columns: [numberColumn('n', [1])] });
    const layer = { id: 'l', projectId: 'p', kind: 'demand' as const, name: 'x', source: 'x.csv', importedAt: 1, mapping: {} };
    const change = await replacePointLayer(db, 'p', layer, table, { key: 'x' });
    const stored = change.forward.put.layers![0]!;
    expect((await loadPointLayer(db, 'p', stored as never)).lon).toEqual(Float64Array.of(9.9));
    expect(await db.roadGraphs.count()).toBe(0);
    db.close();
  });

  it('opens a version-2 database with point data, keeps it and adds the road graph table', async () => {
    name = `upgrade-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1_SCHEMA);
    old.version(2).stores(VERSION_2_TABLES);
    await old.open();
    await old.table('projects').bulkAdd(testSnapshot('p').projects);
    await old.table('pointSets').add({ projectId: 'p', layerId: 'l', set: 's', length: 1, chunks: [0], chunkLengths: [1], columns: [], keyColumn: null, createdAt: 1 });
    await old.table('pointChunks').add({ projectId: 'p', layerId: 'l', chunk: 0, length: 1, lon: Float64Array.of(9.9), lat: Float64Array.of(50.9), numbers: [], texts: [] });
    old.close();

    const db = new AtlasDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect((await db.pointChunks.get(['p', 'l', 0]))!.lon).toEqual(Float64Array.of(9.9));
    const builder = new RoadGraphBuilder();
    builder.addNode(1, 11.27, 49.51);
    const ref = await writeRoadGraph(db, 'p', 'roads', builder.build());
    expect((await loadRoadGraph(db, 'p', 'roads', ref.set)).lon).toEqual(Float64Array.of(11.27));
    db.close();
  });

  it('opens a version-3 database and gives every project a bookkeeping record at revision 0', async () => {
    name = `upgrade-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(VERSION_1_SCHEMA);
    old.version(2).stores(VERSION_2_TABLES);
    old.version(3).stores(VERSION_3_TABLES);
    await old.open();
    await old.table('projects').bulkAdd([...testSnapshot('p').projects, ...testSnapshot('q').projects]);
    await old.table('spaces').bulkAdd(testSnapshot('p').spaces);
    old.close();

    const db = new AtlasDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.projectMeta.orderBy('projectId').toArray()).toEqual([
      { projectId: 'p', revision: 0, exportedAt: null, reminderSnoozedUntil: null },
      { projectId: 'q', revision: 0, exportedAt: null, reminderSnoozedUntil: null },
    ]);
    expect((await loadSnapshot(db, 'p'))!.spaces).toEqual(testSnapshot('p').spaces);
    // Writes after the upgrade count from there.
    const change = await transact(db, 'p', { label: { key: 'x' }, put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name: 'Neu' }] }, delete: {} }, { expectedRevision: 0 });
    expect(change.revision).toBe(1);
    db.close();
  });
});
