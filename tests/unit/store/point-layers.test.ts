import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createPointTable,
  isPointLayer,
  numberColumn,
  textAt,
  textColumn,
  type PointLayer,
  type PointTable,
} from '../../../src/domain/point-table';
import type { Layer } from '../../../src/domain/types';
import { AtlasDatabase } from '../../../src/store/db';
import {
  appendToPointLayer,
  collectPointGarbage,
  deletePointLayer,
  loadPointLayer,
  loadPointSet,
  POINT_CHUNK_ROWS,
  replacePointLayer,
  updatePointLayerByKey,
  writePointSet,
} from '../../../src/store/point-layers';
import { ORPHAN_SET_GRACE_MILLISECONDS } from '../../../src/store/point-retention';
import { deleteProject, duplicateProject, installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { historyStatus, MAX_CHANGES_PER_PROJECT, redo, transact, undo } from '../../../src/store/transact';
import { testSnapshot } from '../helpers';

let db: AtlasDatabase;
const label = { key: 'change.importPoints' };

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, testSnapshot('p'), 'p');
});

afterEach(async () => {
  await db.delete();
});

function layer(id = 'demand-1'): Layer {
  return { id, projectId: 'p', kind: 'demand', name: 'Fälle 2024', source: 'faelle.csv', importedAt: 1, mapping: {} };
}

/** Deterministic table: awkward doubles, NaN gaps, umlauts, '' apart from missing. */
function makeTable(length: number, offset = 0): PointTable {
  const lon = new Float64Array(length);
  const lat = new Float64Array(length);
  const count = new Float64Array(length);
  const keys: string[] = [];
  const names: (string | null)[] = [];
  const help: (string | null)[] = [];
  for (let row = 0; row < length; row++) {
    const n = row + offset;
    lon[row] = 9.7 + ((n * 7919) % 100_003) / 238_100.7;
    lat[row] = n % 97 === 0 ? Number.NaN : 50.77 + ((n * 104_729) % 99_991) / 370_333.3;
    count[row] = n % 13 === 0 ? Number.NaN : (n % 50) + 0.1;
    keys.push(`F-${n}`);
    names.push(n % 11 === 0 ? null : n % 17 === 0 ? '' : `Straße ${n % 300} in Müßighausen`);
    help.push(n % 5 === 0 ? null : ['27.2', '31', '33', '34', '35a'][n % 5]!);
  }
  return createPointTable({
    lon,
    lat,
    columns: [textColumn('key', keys), textColumn('name', names), textColumn('hilfeart', help), numberColumn('anzahl', count)],
    keyColumn: 'key',
  });
}

function expectSameTable(actual: PointTable, expected: PointTable): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.keyColumn).toBe(expected.keyColumn);
  expect(actual.lon).toEqual(expected.lon);
  expect(actual.lat).toEqual(expected.lat);
  expect(actual.columns.map((column) => [column.name, column.kind])).toEqual(
    expected.columns.map((column) => [column.name, column.kind]),
  );
  for (const column of expected.columns) {
    const other = actual.columns.find((candidate) => candidate.name === column.name)!;
    if (column.kind === 'number') {
      expect(other.kind === 'number' && other.values).toEqual(column.values);
    } else {
      // Codes may be renumbered; the text of every row must be the same.
      const texts = (source: typeof column) => Array.from({ length: source.codes.length }, (_, row) => textAt(source, row));
      expect(other.kind === 'text' && texts(other)).toEqual(texts(column));
    }
  }
}

async function currentLayer(id = 'demand-1'): Promise<PointLayer | undefined> {
  const record = await db.layers.get(['p', id]);
  return record && isPointLayer(record) ? record : undefined;
}

async function storedCounts(projectId = 'p') {
  return {
    sets: await db.pointSets.where('projectId').equals(projectId).count(),
    chunks: await db.pointChunks.where('projectId').equals(projectId).count(),
  };
}

describe('point layer storage', () => {
  it('stores and loads a table exactly, over several chunks', async () => {
    const rows = 2 * POINT_CHUNK_ROWS + 1234;
    const table = makeTable(rows);
    const change = await replacePointLayer(db, 'p', layer(), table, label);
    expect(await storedCounts()).toEqual({ sets: 1, chunks: 3 });
    const stored = (await currentLayer())!;
    expect(stored.points).toMatchObject({ length: rows, keyColumn: 'key' });
    expect(change.forward.put.layers).toEqual([stored]);
    const loaded = await loadPointLayer(db, 'p', stored);
    expectSameTable(loaded, table);
    // Exact doubles and NaN gaps survive; missing text stays apart from ''.
    expect(loaded.lon[12345]).toBe(table.lon[12345]);
    expect(Number.isNaN(loaded.lat[97]!)).toBe(true);
    const name = loaded.columns.find((column) => column.name === 'name')!;
    expect(name.kind === 'text' && [textAt(name, 11), textAt(name, 17), textAt(name, 1)]).toEqual([null, '', 'Straße 1 in Müßighausen']);
  });

  it('stores an empty table', async () => {
    const empty = createPointTable({ lon: new Float64Array(0), lat: new Float64Array(0), columns: [numberColumn('x', [])] });
    await replacePointLayer(db, 'p', layer(), empty, label);
    const loaded = await loadPointLayer(db, 'p', (await currentLayer())!);
    expect(loaded.length).toBe(0);
    expect(loaded.columns.map((column) => column.name)).toEqual(['x']);
  });

  it('undoes and redoes a replacement by pointing the layer back, without rows in the log', async () => {
    const first = makeTable(1000);
    const second = makeTable(800, 5000);
    await replacePointLayer(db, 'p', layer(), first, label);
    const change = await replacePointLayer(db, 'p', { ...layer(), importedAt: 2 }, second, label);
    expect(JSON.stringify(change).length).toBeLessThan(2000);
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), second);
    await undo(db, 'p');
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), first);
    await redo(db, 'p');
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), second);
    await undo(db, 'p');
    await undo(db, 'p');
    expect(await currentLayer()).toBeUndefined();
    expect(await storedCounts()).toEqual({ sets: 2, chunks: 2 });
  });

  it('deletes the points of an undone import once a new change discards the redo branch', async () => {
    await replacePointLayer(db, 'p', layer(), makeTable(1000), label);
    await replacePointLayer(db, 'p', layer(), makeTable(2000, 7), label);
    await undo(db, 'p');
    expect(await storedCounts()).toEqual({ sets: 2, chunks: 2 });
    await transact(db, 'p', { label: { key: 'x' }, put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name: 'Neu' }] }, delete: {} });
    expect(await storedCounts()).toEqual({ sets: 1, chunks: 1 });
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(1000));
  });

  it('keeps a deleted layer’s points for undo', async () => {
    await replacePointLayer(db, 'p', layer(), makeTable(500), label);
    await deletePointLayer(db, 'p', 'demand-1', { key: 'change.deleteLayer' });
    expect(await currentLayer()).toBeUndefined();
    expect(await storedCounts()).toEqual({ sets: 1, chunks: 1 });
    await undo(db, 'p');
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(500));
  });

  it('appends rows, sharing the full chunks and rewriting the partial last one', async () => {
    const base = makeTable(POINT_CHUNK_ROWS + 100);
    await replacePointLayer(db, 'p', layer(), base, label);
    const before = await db.pointSets.toArray();
    const added = createPointTable({
      lon: Float64Array.of(10.1, 10.2),
      lat: Float64Array.of(51.1, Number.NaN),
      columns: [
        textColumn('key', ['N-1', 'N-2']),
        textColumn('hilfeart', ['35a', 'neu §']),
        numberColumn('plätze', [7, Number.NaN]),
      ],
      keyColumn: 'key',
    });
    await appendToPointLayer(db, 'p', 'demand-1', added, label);
    const stored = (await currentLayer())!;
    expect(stored.points.length).toBe(POINT_CHUNK_ROWS + 102);
    const sets = await db.pointSets.toArray();
    const appended = sets.find((set) => set.set === stored.points.set)!;
    expect(appended.chunks[0]).toBe(before[0]!.chunks[0]);
    expect(appended.chunks[1]).not.toBe(before[0]!.chunks[1]);
    expect(appended.chunkLengths).toEqual([POINT_CHUNK_ROWS, 102]);
    const loaded = await loadPointLayer(db, 'p', stored);
    expect(loaded.columns.map((column) => column.name)).toEqual(['key', 'name', 'hilfeart', 'anzahl', 'plätze']);
    const column = (name: string) => loaded.columns.find((candidate) => candidate.name === name)!;
    const text = (name: string, row: number) => {
      const found = column(name);
      return found.kind === 'text' ? textAt(found, row) : found.values[row];
    };
    const last = POINT_CHUNK_ROWS + 101;
    expect([text('key', last - 1), text('key', last), text('hilfeart', last), text('name', last), text('plätze', last - 1)]).toEqual([
      'N-1',
      'N-2',
      'neu §',
      null,
      7,
    ]);
    expect(Number.isNaN(text('anzahl', last) as number)).toBe(true);
    expect(Number.isNaN(text('plätze', 5) as number)).toBe(true);
    // The old rows are untouched.
    expect(Array.from({ length: 150 }, (_, row) => text('hilfeart', POINT_CHUNK_ROWS - 50 + row))).toEqual(
      Array.from({ length: 150 }, (_, row) => {
        const source = base.columns[2]!;
        return source.kind === 'text' ? textAt(source, POINT_CHUNK_ROWS - 50 + row) : null;
      }),
    );
    expect(loaded.lon.subarray(0, base.length)).toEqual(base.lon);
    await undo(db, 'p');
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), base);
  });

  it('appends twice and loads the same as one concatenated table', async () => {
    await replacePointLayer(db, 'p', layer(), makeTable(300), label);
    await appendToPointLayer(db, 'p', 'demand-1', makeTable(200, 300), label);
    await appendToPointLayer(db, 'p', 'demand-1', makeTable(100, 500), label);
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(600));
  });

  it('rewrites the table when an appended column changes kind', async () => {
    const base = createPointTable({ lon: Float64Array.of(1), lat: Float64Array.of(2), columns: [numberColumn('plz', [36037])] });
    await replacePointLayer(db, 'p', layer(), base, label);
    const added = createPointTable({ lon: Float64Array.of(3), lat: Float64Array.of(4), columns: [textColumn('plz', ['D-36037'])] });
    await appendToPointLayer(db, 'p', 'demand-1', added, label);
    const loaded = await loadPointLayer(db, 'p', (await currentLayer())!);
    const plz = loaded.columns[0]!;
    expect(plz.kind === 'text' && [textAt(plz, 0), textAt(plz, 1)]).toEqual(['36037', 'D-36037']);
  });

  it('updates records by key on re-import instead of duplicating them', async () => {
    const base = makeTable(3000);
    await replacePointLayer(db, 'p', layer(), base, label);
    // The updated file: rows 1000–2999 again, every tenth with a new count, and 500 new rows.
    const update = makeTable(2500, 1000);
    const anzahl = update.columns[3]!;
    if (anzahl.kind !== 'number') throw new Error('unexpected');
    for (let row = 0; row < 2000; row += 10) anzahl.values[row] = 999;
    const { change, report } = await updatePointLayerByKey(db, 'p', 'demand-1', update, { key: 'change.updatePoints' });
    expect(change).not.toBeNull();
    expect(report).toMatchObject({ updated: 200, unchanged: 1800, added: 500, kept: 1000, removed: 0 });
    const loaded = await loadPointLayer(db, 'p', (await currentLayer())!);
    expect(loaded.length).toBe(3500);
    const keys = loaded.columns[0]!;
    if (keys.kind !== 'text') throw new Error('unexpected');
    const allKeys = Array.from({ length: loaded.length }, (_, row) => textAt(keys, row));
    expect(new Set(allKeys).size).toBe(3500);
    const counts = loaded.columns[3]!;
    expect(counts.kind === 'number' && [counts.values[1000], counts.values[1001], counts.values[3499]]).toEqual([
      999,
      base.columns[3]!.kind === 'number' ? base.columns[3]!.values[1001] : 0,
      update.columns[3]!.kind === 'number' ? update.columns[3]!.values[2499] : 0,
    ]);
    // The same file once more changes nothing and writes nothing.
    const again = await updatePointLayerByKey(db, 'p', 'demand-1', update, { key: 'change.updatePoints' });
    expect(again.change).toBeNull();
    expect(again.report).toMatchObject({ updated: 0, unchanged: 2500, added: 0 });
    // Undo restores the table before the update.
    expect((await historyStatus(db, 'p')).undo).toEqual({ key: 'change.updatePoints' });
    await undo(db, 'p');
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), base);
  });

  it('keeps old versions for undo only within the budget, and always the latest change', async () => {
    for (let round = 0; round < 4; round++) await replacePointLayer(db, 'p', layer(), makeTable(1000, round * 1000), label);
    expect(await storedCounts()).toEqual({ sets: 4, chunks: 4 });
    const report = await collectPointGarbage(db, 'p', { budgetRows: 1500 });
    // Three older versions hold 3,000 rows: the oldest changes leave the log until one older
    // version (1,000 rows ≤ 1,500) is left, i.e. only the latest import stays undoable.
    expect(report).toEqual({ droppedChanges: 3, deletedSets: 2, deletedChunks: 2 });
    expect(await db.changes.count()).toBe(1);
    await undo(db, 'p');
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(1000, 2000));
    expect(await undo(db, 'p')).toBeNull();
  });

  it('deletes an old version when the change naming it is trimmed from the log', async () => {
    await replacePointLayer(db, 'p', layer(), makeTable(100), label);
    await replacePointLayer(db, 'p', layer(), makeTable(100, 100), label);
    const rename = (index: number) =>
      transact(db, 'p', { label: { key: 'x' }, put: { spaces: [{ ...testSnapshot('p').spaces[0]!, name: `N${index}` }] }, delete: {} });
    for (let index = 0; index < MAX_CHANGES_PER_PROJECT - 1; index++) await rename(index);
    // The import left the log; the replacement (whose inverse names the first version) is still in it.
    expect(await storedCounts()).toEqual({ sets: 2, chunks: 2 });
    await rename(-1);
    expect(await storedCounts()).toEqual({ sets: 1, chunks: 1 });
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(100, 100));
    // ~200 sequential IndexedDB transactions (fake-indexeddb): seconds on a busy two-core machine.
  }, 30_000);

  it('collects sets that were written but never committed, after the grace time', async () => {
    await replacePointLayer(db, 'p', layer(), makeTable(100), label);
    const orphan = await writePointSet(db, 'p', 'demand-1', makeTable(50));
    expectSameTable(await loadPointSet(db, 'p', 'demand-1', orphan.set), makeTable(50));
    expect(await collectPointGarbage(db, 'p')).toEqual({ droppedChanges: 0, deletedSets: 0, deletedChunks: 0 });
    const later = Date.now() + ORPHAN_SET_GRACE_MILLISECONDS + 1;
    expect(await collectPointGarbage(db, 'p', { now: later })).toEqual({ droppedChanges: 0, deletedSets: 1, deletedChunks: 1 });
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(100));
  });

  it('commits a set written in a separate step', async () => {
    const ref = await writePointSet(db, 'p', 'demand-1', makeTable(10));
    const { pointLayerRequest } = await import('../../../src/store/point-layers');
    await transact(db, 'p', pointLayerRequest(layer(), ref, label));
    expectSameTable(await loadPointLayer(db, 'p', (await currentLayer())!), makeTable(10));
  });

  it('refuses to append to or update a layer without points', async () => {
    await expect(appendToPointLayer(db, 'p', 'nope', makeTable(1), label)).rejects.toThrow(/has no stored points/);
    await expect(updatePointLayerByKey(db, 'p', 'nope', makeTable(1), label)).rejects.toThrow(/has no stored points/);
  });
});

describe('point layers and projects', () => {
  it('deletes the points with their project only', async () => {
    await installSnapshot(db, testSnapshot('q'), 'q');
    await replacePointLayer(db, 'p', layer(), makeTable(100), label);
    await replacePointLayer(db, 'q', { ...layer(), projectId: 'q' }, makeTable(100), label);
    await deleteProject(db, 'p');
    expect(await storedCounts('p')).toEqual({ sets: 0, chunks: 0 });
    expect(await storedCounts('q')).toEqual({ sets: 1, chunks: 1 });
  });

  it('removes the points when a snapshot replaces the project', async () => {
    await replacePointLayer(db, 'p', layer(), makeTable(100), label);
    await installSnapshot(db, testSnapshot('p'), 'p');
    expect(await storedCounts()).toEqual({ sets: 0, chunks: 0 });
  });

  it('duplicates the current points into the new project', async () => {
    const rows = POINT_CHUNK_ROWS + 10;
    await replacePointLayer(db, 'p', layer(), makeTable(50), label);
    await replacePointLayer(db, 'p', layer(), makeTable(rows), label);
    await duplicateProject(db, 'p', 'copy', 'Kopie');
    // Only the current set: the copy starts with an empty undo log.
    expect(await storedCounts('copy')).toEqual({ sets: 1, chunks: 2 });
    const chunks = await db.pointChunks.where('projectId').equals('copy').toArray();
    expect(chunks.every((chunk) => chunk.projectId === 'copy')).toBe(true);
    await deleteProject(db, 'p');
    const copiedLayer = (await loadSnapshot(db, 'copy'))!.layers[0]!;
    expect(isPointLayer(copiedLayer) && copiedLayer.projectId).toBe('copy');
    expectSameTable(await loadPointLayer(db, 'copy', copiedLayer as PointLayer), makeTable(rows));
  });

  it('refuses to duplicate a project onto itself', async () => {
    await expect(duplicateProject(db, 'p', 'p', 'x')).rejects.toThrow(/onto itself/);
  });
});
