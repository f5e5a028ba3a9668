import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasRoadGraph, type GraphLayer, type RoadGraphRef } from '../../../src/domain/road-graph-ref';
import type { Layer } from '../../../src/domain/types';
import { MODE_BIKE, MODE_CAR, MODE_WALK, RoadGraphBuilder, type RoadGraph } from '../../../src/io/osm/graph';
import { AtlasDatabase } from '../../../src/store/db';
import { ORPHAN_SET_GRACE_MILLISECONDS } from '../../../src/store/point-retention';
import {
  collectRoadGraphGarbage,
  loadRoadGraph,
  ROAD_GRAPH_FORMAT,
  transactWithRoadGraph,
  writeRoadGraph,
} from '../../../src/store/road-graphs';
import { deleteProject, duplicateProject, installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { MAX_CHANGES_PER_PROJECT, redo, transact, undo } from '../../../src/store/transact';
import { testSnapshot } from '../helpers';

let db: AtlasDatabase;
const label = { key: 'change.importOsm' };

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, testSnapshot('p'), 'p');
});

afterEach(async () => {
  await db.delete();
});

function networkLayer(projectId = 'p', id = 'roads'): Layer {
  return { id, projectId, kind: 'network', name: 'Straßennetz', source: 'lauf.osm.pbf', importedAt: 1, mapping: {} };
}

/** Deterministic ladder-shaped graph: awkward doubles, two-way and one-way edges, every mode mix. */
function makeGraph(rungs: number, seed = 0): RoadGraph {
  const builder = new RoadGraphBuilder();
  for (let index = 0; index < 2 * rungs; index++) {
    const n = index + seed;
    builder.addNode(-(n * 7919 + 1) * 1e6 - 0.5, 11.27 + ((n * 104_729) % 99_991) / 370_333.3, 49.51 + ((n * 7919) % 100_003) / 238_100.7);
  }
  const modes = [MODE_WALK, MODE_WALK | MODE_BIKE, MODE_WALK | MODE_BIKE | MODE_CAR, MODE_CAR];
  const add = (a: number, b: number, step: number, oneWay: boolean) => {
    const length = 10 / 3 + ((step + seed) % 97) * Math.PI;
    const mode = modes[(step + seed) % modes.length]!;
    builder.addEdge(a, b, length, mode, 30 + ((step + seed) % 70) + 0.4, (step + seed) % 6);
    if (!oneWay) builder.addEdge(b, a, length, mode, 30 + ((step + seed) % 70) + 0.4, (step + seed) % 6);
  };
  for (let rung = 0; rung < rungs; rung++) {
    add(2 * rung, 2 * rung + 1, rung, rung % 5 === 0);
    if (rung + 1 < rungs) {
      add(2 * rung, 2 * rung + 2, rung + 1, false);
      add(2 * rung + 1, 2 * rung + 3, rung + 2, rung % 3 === 0);
    }
  }
  return builder.build();
}

const ARRAYS = ['lon', 'lat', 'osmIds', 'offsets', 'targets', 'lengths', 'modes', 'carKmh', 'roadClass'] as const;

/** Same counts, same array types, same bytes. */
function expectSameGraph(actual: RoadGraph, expected: RoadGraph): void {
  expect([actual.nodeCount, actual.edgeCount]).toEqual([expected.nodeCount, expected.edgeCount]);
  for (const name of ARRAYS) {
    expect(actual[name].constructor, name).toBe(expected[name].constructor);
    const bytes = (array: RoadGraph[typeof name]) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    expect(Buffer.compare(bytes(actual[name]), bytes(expected[name])), name).toBe(0);
  }
}

async function importGraph(graph: RoadGraph, layer = networkLayer()): Promise<RoadGraphRef> {
  const change = await transactWithRoadGraph(db, layer.projectId, layer.id, graph, (ref) => ({
    label,
    put: { layers: [{ ...layer, graph: ref } as GraphLayer] },
    delete: {},
  }));
  return (change.forward.put.layers![0] as GraphLayer).graph;
}

async function currentRef(projectId = 'p', layerId = 'roads'): Promise<RoadGraphRef | null> {
  const layer = await db.layers.get([projectId, layerId]);
  return layer && hasRoadGraph(layer) ? layer.graph : null;
}

async function currentGraph(projectId = 'p', layerId = 'roads'): Promise<RoadGraph> {
  const ref = await currentRef(projectId, layerId);
  if (!ref) throw new Error('no current graph');
  return loadRoadGraph(db, projectId, layerId, ref.set);
}

const storedSets = async (projectId = 'p') =>
  (await db.roadGraphs.where('projectId').equals(projectId).primaryKeys()).map((key) => key[2]).sort();

describe('road graph storage', () => {
  it('stores and loads a graph bit-identically, with the counts on the layer record', async () => {
    const graph = makeGraph(5000);
    const ref = await importGraph(graph);
    expect(ref).toEqual({ set: expect.any(String), nodeCount: 10_000, edgeCount: graph.edgeCount });
    expectSameGraph(await currentGraph(), graph);
    const record = (await db.roadGraphs.get(['p', 'roads', ref.set]))!;
    expect(record).toMatchObject({ projectId: 'p', layerId: 'roads', set: ref.set, format: ROAD_GRAPH_FORMAT });
  });

  it('stores an empty graph', async () => {
    const empty = new RoadGraphBuilder().build();
    await importGraph(empty);
    expectSameGraph(await currentGraph(), empty);
  });

  it('stores a graph whose arrays are views into larger buffers as compact arrays', async () => {
    const graph = makeGraph(10);
    const padded = new Float64Array(graph.nodeCount + 100);
    padded.set(graph.lon, 50);
    const viewed = { ...graph, lon: padded.subarray(50, 50 + graph.nodeCount) };
    const ref = await writeRoadGraph(db, 'p', 'roads', viewed);
    const record = (await db.roadGraphs.get(['p', 'roads', ref.set]))!;
    expect(record.lon.buffer.byteLength).toBe(graph.nodeCount * 8);
    expectSameGraph(await loadRoadGraph(db, 'p', 'roads', ref.set), graph);
  });

  it('refuses a graph whose arrays do not match its counts, and writes nothing', async () => {
    const graph = makeGraph(10);
    await expect(writeRoadGraph(db, 'p', 'roads', { ...graph, edgeCount: graph.edgeCount + 1 })).rejects.toThrow(/targets holds/);
    expect(await storedSets()).toEqual([]);
  });

  it('says which graph is missing or of another format', async () => {
    await expect(loadRoadGraph(db, 'p', 'roads', 'nope')).rejects.toThrow('Road graph nope of layer roads is not stored');
    const ref = await writeRoadGraph(db, 'p', 'roads', makeGraph(3));
    await db.roadGraphs.update(['p', 'roads', ref.set], { format: ROAD_GRAPH_FORMAT + 1 });
    await expect(loadRoadGraph(db, 'p', 'roads', ref.set)).rejects.toThrow(/has format 2, not 1/);
  });

  it('a re-import writes a new graph; undo and redo point the layer back and forth, without arrays in the log', async () => {
    const first = makeGraph(300);
    const second = makeGraph(200, 17);
    const firstRef = await importGraph(first);
    const secondRef = await importGraph(second, { ...networkLayer(), importedAt: 2 });
    expect(secondRef.set).not.toBe(firstRef.set);
    expectSameGraph(await currentGraph(), second);
    const log = await db.changes.where('projectId').equals('p').toArray();
    expect(JSON.stringify(log).length).toBeLessThan(2000);
    expect(await storedSets()).toEqual([firstRef.set, secondRef.set].sort());

    await undo(db, 'p');
    expect(await currentRef()).toEqual(firstRef);
    expectSameGraph(await currentGraph(), first);
    await redo(db, 'p');
    expect(await currentRef()).toEqual(secondRef);
    expectSameGraph(await currentGraph(), second);
    await undo(db, 'p');
    await undo(db, 'p');
    expect(await currentRef()).toBeNull();
    // Both stay stored while the redo branch names them.
    expect(await storedSets()).toEqual([firstRef.set, secondRef.set].sort());
  });

  it('deletes the graph of an undone import once a new change discards the redo branch', async () => {
    const firstRef = await importGraph(makeGraph(30));
    const secondRef = await importGraph(makeGraph(40, 3));
    await undo(db, 'p');
    expect(await storedSets()).toHaveLength(2);
    await transact(db, 'p', { label: { key: 'x' }, put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name: 'Neu' }] }, delete: {} });
    expect(await storedSets()).toEqual([firstRef.set]);
    expect(await db.roadGraphs.get(['p', 'roads', secondRef.set])).toBeUndefined();
    expectSameGraph(await currentGraph(), makeGraph(30));
  });

  it('keeps the graph of a deleted network layer for undo', async () => {
    const ref = await importGraph(makeGraph(20));
    await transact(db, 'p', { label: { key: 'change.deleteLayer' }, put: {}, delete: { layers: ['roads'] } });
    expect(await currentRef()).toBeNull();
    expect(await storedSets()).toEqual([ref.set]);
    await undo(db, 'p');
    expectSameGraph(await currentGraph(), makeGraph(20));
  });

  it('deletes an old graph when the change naming it is trimmed from the log', async () => {
    const firstRef = await importGraph(makeGraph(10));
    const secondRef = await importGraph(makeGraph(10, 5));
    const rename = (index: number) =>
      transact(db, 'p', { label: { key: 'x' }, put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name: `N${index}` }] }, delete: {} });
    for (let index = 0; index < MAX_CHANGES_PER_PROJECT - 1; index++) await rename(index);
    // The first import left the log; the re-import (whose inverse names the first graph) is still in it.
    expect(await storedSets()).toEqual([firstRef.set, secondRef.set].sort());
    await rename(-1);
    expect(await storedSets()).toEqual([secondRef.set]);
    expectSameGraph(await currentGraph(), makeGraph(10, 5));
    // ~200 sequential IndexedDB transactions (fake-indexeddb): seconds on a busy two-core machine.
  }, 30_000);

  it('collects graphs that were written but never committed, after the grace time', async () => {
    const committed = await importGraph(makeGraph(10));
    const orphan = await writeRoadGraph(db, 'p', 'roads', makeGraph(5));
    expectSameGraph(await loadRoadGraph(db, 'p', 'roads', orphan.set), makeGraph(5));
    expect(await collectRoadGraphGarbage(db, 'p')).toBe(0);
    const later = Date.now() + ORPHAN_SET_GRACE_MILLISECONDS + 1;
    expect(await collectRoadGraphGarbage(db, 'p', { now: later })).toBe(1);
    expect(await storedSets()).toEqual([committed.set]);
  });

  it('keeps graphs that only the undo log names, however old', async () => {
    const firstRef = await importGraph(makeGraph(10));
    const secondRef = await importGraph(makeGraph(10, 9));
    await undo(db, 'p');
    await undo(db, 'p');
    // No layer names a graph now; the two undone imports in the log name both.
    expect(await currentRef()).toBeNull();
    const muchLater = Date.now() + 100 * ORPHAN_SET_GRACE_MILLISECONDS;
    expect(await collectRoadGraphGarbage(db, 'p', { now: muchLater })).toBe(0);
    expect(await storedSets()).toEqual([firstRef.set, secondRef.set].sort());
    await redo(db, 'p');
    expectSameGraph(await currentGraph(), makeGraph(10));
  });

  it('a failing change stores no graph', async () => {
    await expect(
      transactWithRoadGraph(db, 'p', 'roads', makeGraph(10), (ref) => ({
        label,
        // A record of another project: transact() refuses it.
        put: { layers: [{ ...networkLayer('q'), graph: ref } as GraphLayer] },
        delete: {},
      })),
    ).rejects.toThrow(/belongs to project q/);
    expect(await storedSets()).toEqual([]);
  });
});

describe('road graphs and projects', () => {
  it('deletes the graphs with their project only, undo-only ones included', async () => {
    await installSnapshot(db, testSnapshot('q'), 'q');
    await importGraph(makeGraph(10));
    await importGraph(makeGraph(10, 1));
    await importGraph(makeGraph(10), networkLayer('q'));
    await deleteProject(db, 'p');
    expect(await storedSets('p')).toEqual([]);
    expect(await storedSets('q')).toHaveLength(1);
    expectSameGraph(await currentGraph('q'), makeGraph(10));
  });

  it('removes the graphs when a snapshot replaces the project', async () => {
    await importGraph(makeGraph(10));
    await installSnapshot(db, testSnapshot('p'), 'p');
    expect(await storedSets()).toEqual([]);
  });

  it('duplicates the current graph into the new project', async () => {
    await importGraph(makeGraph(10));
    const ref = await importGraph(makeGraph(20, 4));
    await duplicateProject(db, 'p', 'copy', 'Kopie');
    // Only the current graph: the copy starts with an empty undo log.
    expect(await storedSets('copy')).toEqual([ref.set]);
    await deleteProject(db, 'p');
    const copied = (await loadSnapshot(db, 'copy'))!.layers[0]!;
    expect(hasRoadGraph(copied) && copied.graph).toEqual(ref);
    expectSameGraph(await currentGraph('copy'), makeGraph(20, 4));
  });
});
