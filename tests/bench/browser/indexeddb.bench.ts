/** IndexedDB figures, measured in real Chromium (fake-indexeddb would say nothing useful). */
import { applyOperation } from '../../../src/domain/change';
import type { ProjectSnapshot, Resource } from '../../../src/domain/types';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { transact } from '../../../src/store/transact';
import type { BenchCase } from '../harness';
import { syntheticResources } from '../seeded';

const RESOURCE_COUNT = 50_000;

function snapshotWith(resources: Resource[]): ProjectSnapshot {
  return {
    projects: [
      {
        id: 'bench',
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
    variants: [{ id: 'v1', projectId: 'bench', name: 'Ist' }],
    spaces: [],
    layers: [],
    units: [],
    resources,
    demand: [],
    features: [],
    views: [],
  };
}

let databaseCounter = 0;
async function freshDatabase(): Promise<AtlasDatabase> {
  const db = new AtlasDatabase(`bench-${Date.now()}-${databaseCounter++}`);
  await db.open();
  return db;
}

export const installBench: BenchCase = {
  name: 'idb-install-50k-resources',
  peer: 'Dexie put per record, one transaction each',
  setup: () => snapshotWith(syntheticResources('bench', RESOURCE_COUNT)),
  ours: async (snapshot: ProjectSnapshot) => {
    const db = await freshDatabase();
    await installSnapshot(db, snapshot, 'bench');
    await db.delete();
  },
  peerRun: async (snapshot: ProjectSnapshot) => {
    const db = await freshDatabase();
    await db.projects.put(snapshot.projects[0]!);
    for (const resource of snapshot.resources) await db.resources.put(resource);
    await db.delete();
  },
  peerSample: {
    size: 2_000,
    factor: RESOURCE_COUNT / 2_000,
    setup: () => snapshotWith(syntheticResources('bench', 2_000)),
  },
  note: () => `${RESOURCE_COUNT} resources`,
};

interface EditData {
  db: AtlasDatabase;
  snapshot: ProjectSnapshot;
  counter: { value: number };
}

async function editSetup(): Promise<EditData> {
  const db = await freshDatabase();
  const snapshot = snapshotWith(syntheticResources('bench', RESOURCE_COUNT));
  await installSnapshot(db, snapshot, 'bench');
  return { db, snapshot, counter: { value: 0 } };
}

function renameRequest(data: EditData) {
  const resource = data.snapshot.resources[data.counter.value++ % RESOURCE_COUNT]!;
  return { label: { key: 'bench' }, put: { resources: [{ ...resource, name: `${resource.name}*` }] }, delete: {} };
}

export const editBench: BenchCase = {
  name: 'edit-one-of-50k-resources',
  peer: 'transact, then reload the project from IndexedDB',
  setup: editSetup,
  ours: async (data: EditData) => {
    const change = await transact(data.db, 'bench', renameRequest(data));
    data.snapshot = applyOperation(data.snapshot, change.forward);
  },
  peerRun: async (data: EditData) => {
    await transact(data.db, 'bench', renameRequest(data));
    data.snapshot = (await loadSnapshot(data.db, 'bench'))!;
  },
  note: () => `${RESOURCE_COUNT} resources in the project; one rename with undo log entry`,
};

export const browserBenches: BenchCase[] = [installBench, editBench];
