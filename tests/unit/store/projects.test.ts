import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtlasDatabase } from '../../../src/store/db';
import {
  createProject,
  deleteProject,
  duplicateProject,
  installSnapshot,
  listProjects,
  loadSnapshot,
} from '../../../src/store/projects';
import { transact } from '../../../src/store/transact';
import { installSnapshotWithRoadGraphs } from '../../../src/store/projects';
import { loadRoadGraph } from '../../../src/store/road-graphs';
import { demoSnapshot } from '../state/demo-project';
import { testSnapshot } from '../helpers';

let db: AtlasDatabase;

beforeEach(() => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
});

afterEach(async () => {
  await db.delete();
});

describe('project repository', () => {
  it('creates an empty project with one variant', async () => {
    await createProject(db, 'n', 'Neu');
    const snapshot = await loadSnapshot(db, 'n');
    expect(snapshot!.projects[0]!.name).toBe('Neu');
    expect(snapshot!.variants).toHaveLength(1);
    expect(snapshot!.projects[0]!.activeVariantId).toBe(snapshot!.variants[0]!.id);
  });

  it('duplicates all records into an independent project', async () => {
    await installSnapshot(db, testSnapshot('a'), 'a');
    await duplicateProject(db, 'a', 'b', 'Kopie');
    await transact(db, 'a', {
      label: { key: 'x' },
      put: { spaces: [{ ...testSnapshot('a').spaces[0]!, name: 'Nur im Original' }] },
      delete: {},
    });
    const copy = await loadSnapshot(db, 'b');
    expect(copy!.projects[0]!.name).toBe('Kopie');
    expect(copy!.spaces.map((space) => space.name)).toEqual(['Raum SR 01', 'Raum SR 02']);
  });

  it('deletes a project with its records and log', async () => {
    await installSnapshot(db, testSnapshot('a'), 'a');
    await installSnapshot(db, testSnapshot('b'), 'b');
    await transact(db, 'a', { label: { key: 'x' }, put: {}, delete: { spaces: ['s1'] } });
    await deleteProject(db, 'a');
    expect((await listProjects(db)).map((project) => project.id)).toEqual(['b']);
    expect(await db.spaces.where('projectId').equals('a').count()).toBe(0);
    expect(await db.changes.count()).toBe(0);
    expect(await db.spaces.where('projectId').equals('b').count()).toBe(2);
  });

  it('replaces a project completely when a snapshot is installed again', async () => {
    await installSnapshot(db, testSnapshot('a'), 'a');
    await transact(db, 'a', { label: { key: 'x' }, put: {}, delete: { spaces: ['s1'] } });
    await installSnapshot(db, testSnapshot('a'), 'a');
    expect(await db.spaces.where('projectId').equals('a').count()).toBe(2);
    expect(await db.changes.count()).toBe(0);
  });

  it('lists the most recently changed project first', async () => {
    await installSnapshot(db, testSnapshot('a'), 'a', { updatedAt: 10 });
    await installSnapshot(db, testSnapshot('b'), 'b', { updatedAt: 20 });
    expect((await listProjects(db)).map((project) => project.id)).toEqual(['b', 'a']);
  });
});

describe('installing a snapshot with routing graphs', { timeout: 60_000 }, () => {
  it('stores a graph built from the road lines of the demo’s network layer, named by the layer, in the same install', async () => {
    const db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
    await installSnapshotWithRoadGraphs(db, demoSnapshot, 'demo-copy');
    const snapshot = (await loadSnapshot(db, 'demo-copy'))!;
    const network = snapshot.layers.find((layer) => layer.kind === 'network') as { id: string; graph?: { set: string; nodeCount: number } };
    expect(network.graph?.nodeCount).toBe(1659);
    const graph = await loadRoadGraph(db, 'demo-copy', network.id, network.graph!.set);
    expect(graph.edgeCount).toBeGreaterThan(4000);
    // The snapshot itself is not changed: its layer names no graph.
    expect('graph' in demoSnapshot.layers.find((layer) => layer.kind === 'network')!).toBe(false);
    await db.delete();
  });
});
