/**
 * Storing large point layers (issue 4, "Storage"): 1,000,000 seeded points with six attribute
 * columns (unique key, help type, street, year, count with gaps, places), in real Chromium.
 *
 * - `store-points`: ours writes the columnar table in chunks of 65,536 rows and commits the layer
 *   as one undoable change (replacePointLayer); the peer is Dexie `bulkPut` of one object per
 *   row in 10,000-row chunks into a table shaped like `resources`. Creating and deleting the
 *   database are not timed.
 * - `store-points-reload`: load the stored layer back (ours: chunks assembled into one table;
 *   peer: the row objects of the layer through its [projectId+layerId] index).
 * - `store-points-longest-main-thread-task`: the longest main-thread task while storing.
 * - `store-points-edit-after-import`: why undo of an import points at stored versions instead
 *   of copying rows into the change log. One small edit (transact + history status, as the
 *   app does after every edit) while the log holds a 1,000,000-point import. Ours: the log
 *   entry names the old and new point sets. Peer: the log entry carries the old and new tables
 *   (columnar copies, the cheapest form of "rows in the change log").
 */
import Dexie, { type Table } from 'dexie';
import { createPointTable, numberColumn, textColumn, type PointTable } from '../../../src/domain/point-table';
import type { Change } from '../../../src/domain/change';
import type { Layer, ProjectSnapshot } from '../../../src/domain/types';
import { AtlasDatabase } from '../../../src/store/db';
import { loadPointLayer, replacePointLayer } from '../../../src/store/point-layers';
import { installSnapshot } from '../../../src/store/projects';
import { historyStatus, transact } from '../../../src/store/transact';
import type { BenchCase } from '../harness';
import { seededRandom } from '../seeded';
import { longestTask } from './first-start.bench';

const POINT_COUNT = 1_000_000;
const PEER_CHUNK_ROWS = 10_000;
const PROJECT_ID = 'bench';
const LAYER_ID = 'layer-demand';
const HELP_TYPES = ['27.2', '28', '29', '30', '31', '32', '33', '34', '35', '35a', '41'];

interface PointRow {
  projectId: string;
  layerId: string;
  id: string;
  lon: number;
  lat: number;
  key: string;
  helpType: string;
  street: string | null;
  year: number;
  count: number | null;
  places: number | null;
}

interface PointData {
  table: PointTable;
  rows: PointRow[];
}

let cached: PointData | null = null;

/** The same seeded points as a columnar table and as row objects (built once). */
function pointData(): PointData {
  if (cached) return cached;
  const random = seededRandom(4);
  const lon = new Float64Array(POINT_COUNT);
  const lat = new Float64Array(POINT_COUNT);
  const year = new Float64Array(POINT_COUNT);
  const count = new Float64Array(POINT_COUNT);
  const places = new Float64Array(POINT_COUNT);
  const keys: string[] = [];
  const helpTypes: string[] = [];
  const streets: (string | null)[] = [];
  const rows: PointRow[] = [];
  for (let index = 0; index < POINT_COUNT; index++) {
    lon[index] = 9.7 + random() * 0.42;
    lat[index] = 50.77 + random() * 0.27;
    year[index] = 2015 + Math.floor(random() * 10);
    count[index] = random() < 0.05 ? Number.NaN : Math.floor(random() * 40);
    places[index] = random() < 0.3 ? Number.NaN : Math.floor(random() * 120);
    keys.push(`F-${index.toString().padStart(7, '0')}`);
    helpTypes.push(HELP_TYPES[Math.floor(random() * HELP_TYPES.length)]!);
    streets.push(random() < 0.02 ? null : `Straße ${Math.floor(random() * 2000)}`);
    rows.push({
      projectId: PROJECT_ID,
      layerId: LAYER_ID,
      id: `${index}`,
      lon: lon[index]!,
      lat: lat[index]!,
      key: keys[index]!,
      helpType: helpTypes[index]!,
      street: streets[index]!,
      year: year[index]!,
      count: Number.isNaN(count[index]!) ? null : count[index]!,
      places: Number.isNaN(places[index]!) ? null : places[index]!,
    });
  }
  const table = createPointTable({
    lon,
    lat,
    columns: [
      textColumn('key', keys),
      textColumn('helpType', helpTypes),
      textColumn('street', streets),
      numberColumn('year', year),
      numberColumn('count', count),
      numberColumn('places', places),
    ],
    keyColumn: 'key',
  });
  cached = { table, rows };
  return cached;
}

function benchSnapshot(): ProjectSnapshot {
  return {
    projects: [
      {
        id: PROJECT_ID,
        name: 'Bench',
        isDemo: false,
        description: '',
        outline: null,
        activeVariantId: 'v1',
        settings: { basemap: 'offline', suppressionThreshold: 3 },
        createdAt: 0,
        updatedAt: 0,
      },
    ],
    variants: [{ id: 'v1', projectId: PROJECT_ID, name: 'Ist' }],
    spaces: [
      {
        id: 's1',
        projectId: PROJECT_ID,
        variantId: 'v1',
        code: 'SR 01',
        name: 'Mitte',
        color: '#0072b2',
        notes: '',
        geometry: { type: 'MultiPolygon', coordinates: [] },
        unitIds: [],
      },
    ],
    layers: [],
    units: [],
    resources: [],
    demand: [],
    features: [],
    views: [],
  };
}

const LAYER: Layer = {
  id: LAYER_ID,
  projectId: PROJECT_ID,
  kind: 'demand',
  name: 'Fälle',
  source: 'faelle.csv',
  importedAt: 0,
  mapping: {},
};

const LABEL = { key: 'change.importPoints' };

/** The peer's database: one object per row, keyed and indexed like the `resources` table. */
class RowDatabase extends Dexie {
  points!: Table<PointRow, [string, string]>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ points: '[projectId+id], projectId, [projectId+layerId]' });
  }
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${Date.now()}-${counter++}`;

async function freshAtlas(): Promise<AtlasDatabase> {
  const db = new AtlasDatabase(uniqueName('bench-points'));
  await db.open();
  await installSnapshot(db, benchSnapshot(), PROJECT_ID);
  return db;
}

async function storeOurs(table: PointTable, db: AtlasDatabase): Promise<void> {
  await replacePointLayer(db, PROJECT_ID, LAYER, table, LABEL);
}

async function storePeer(rows: PointRow[], db: RowDatabase): Promise<void> {
  for (let start = 0; start < rows.length; start += PEER_CHUNK_ROWS) {
    await db.points.bulkPut(rows.slice(start, start + PEER_CHUNK_ROWS));
  }
}

/** Time of the store alone; creating and deleting the database stay outside the figure. */
let lastStoreMilliseconds = 0;
async function timed(store: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await store();
  lastStoreMilliseconds = performance.now() - start;
}

async function storeTimed(run: () => Promise<unknown>): Promise<number> {
  await run();
  return lastStoreMilliseconds;
}

async function oursStoreRun(data: PointData): Promise<void> {
  const db = await freshAtlas();
  await timed(() => storeOurs(data.table, db));
  await db.delete();
}

async function peerStoreRun(data: PointData): Promise<void> {
  const db = new RowDatabase(uniqueName('bench-rows'));
  await db.open();
  await timed(() => storePeer(data.rows, db));
  await db.delete();
}

const sizeNote = `${POINT_COUNT.toLocaleString('en')} points, lon/lat + 6 columns (unique key, help type, street, year, count, places)`;

/**
 * The peer takes about a minute per run at 1,000,000 rows (one full-size median: 84 s on the
 * busy two-core machine), seven runs per figure: it is measured on the first 250,000 rows and
 * scaled linearly.
 */
const PEER_SAMPLE_ROWS = 250_000;
const peerSample = (factor: number) => ({
  size: PEER_SAMPLE_ROWS,
  factor,
  setup: (): PointData => ({ ...pointData(), rows: pointData().rows.slice(0, PEER_SAMPLE_ROWS) }),
});

export const storePointsBench: BenchCase = {
  name: 'store-points',
  peer: `Dexie bulkPut of one object per row, ${PEER_CHUNK_ROWS.toLocaleString('en')}-row chunks`,
  setup: pointData,
  ours: oursStoreRun,
  peerRun: peerStoreRun,
  peerSample: peerSample(POINT_COUNT / PEER_SAMPLE_ROWS),
  measureRun: storeTimed,
  note: () => `${sizeNote}; ours: 65,536-row columnar chunks + one undoable layer change`,
};

interface ReloadData {
  ours: AtlasDatabase;
  peer: RowDatabase;
}

let reloadFixture: Promise<ReloadData> | null = null;

function reloadSetup(): Promise<ReloadData> {
  reloadFixture ??= (async () => {
    const data = pointData();
    const ours = await freshAtlas();
    await storeOurs(data.table, ours);
    const peer = new RowDatabase(uniqueName('bench-rows'));
    await peer.open();
    await storePeer(data.rows, peer);
    return { ours, peer };
  })();
  return reloadFixture;
}

export const reloadPointsBench: BenchCase = {
  name: 'store-points-reload',
  peer: 'Dexie where([projectId+layerId]).toArray() of the row objects',
  setup: reloadSetup,
  ours: async (data: ReloadData) => {
    const layer = (await data.ours.layers.get([PROJECT_ID, LAYER_ID])) as Parameters<typeof loadPointLayer>[2];
    const table = await loadPointLayer(data.ours, PROJECT_ID, layer);
    if (table.length !== POINT_COUNT) throw new Error(`reloaded ${table.length} points`);
  },
  peerRun: async (data: ReloadData) => {
    const rows = await data.peer.points.where('[projectId+layerId]').equals([PROJECT_ID, LAYER_ID]).toArray();
    if (rows.length !== POINT_COUNT) throw new Error(`reloaded ${rows.length} rows`);
  },
  note: () => `${sizeNote}; ours assembled into one columnar table`,
};

export const storePointsLongestTaskBench: BenchCase = {
  name: 'store-points-longest-main-thread-task',
  peer: 'Dexie bulkPut of row objects on the main thread',
  setup: pointData,
  ours: oursStoreRun,
  peerRun: peerStoreRun,
  // A long task comes from one chunk's work, not from the total: the sample is not scaled.
  peerSample: peerSample(1),
  measureRun: longestTask,
  ratioFloorMilliseconds: 50,
  note: () => 'longest main-thread task in ms while storing on the main thread (0 = none over 50 ms; ratio against 50 ms)',
};

interface EditData {
  db: AtlasDatabase;
  counter: { value: number };
}

async function editSetup(rowsInLog: boolean): Promise<EditData> {
  const { table } = pointData();
  const db = await freshAtlas();
  if (rowsInLog) {
    // What the log would hold if an import were undoable by copy: old and new table.
    await db.changes.add({
      projectId: PROJECT_ID,
      label: LABEL,
      timeMilliseconds: Date.now(),
      forward: { put: { layers: [LAYER] }, delete: {} },
      inverse: { put: {}, delete: { layers: [LAYER_ID] } },
      undone: false,
      // Two separate copies: structured clone would store one object referenced twice only once.
      rows: { before: structuredClone(table), after: table },
    } as Change);
  } else {
    await replacePointLayer(db, PROJECT_ID, LAYER, table, LABEL);
    await replacePointLayer(db, PROJECT_ID, { ...LAYER, importedAt: 1 }, table, LABEL);
  }
  return { db, counter: { value: 0 } };
}

async function editOnce(data: EditData): Promise<void> {
  const space = benchSnapshot().spaces[0]!;
  await transact(data.db, PROJECT_ID, {
    label: { key: 'change.editSpace' },
    put: { spaces: [{ ...space, name: `Mitte ${data.counter.value++}` }] },
    delete: {},
  });
  await historyStatus(data.db, PROJECT_ID);
}

export const editAfterImportBench: BenchCase = {
  name: 'store-points-edit-after-import',
  peer: 'the change log holds the imported rows (old + new table, columnar)',
  setup: async () => ({ ours: await editSetup(false), peer: await editSetup(true) }),
  ours: (data: { ours: EditData }) => editOnce(data.ours),
  peerRun: (data: { peer: EditData }) => editOnce(data.peer),
  note: () => `one space rename + history status with a ${POINT_COUNT.toLocaleString('en')}-point import in the undo log`,
};

export const pointBenches: BenchCase[] = [storePointsBench, reloadPointsBench, storePointsLongestTaskBench, editAfterImportBench];
