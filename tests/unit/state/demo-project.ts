/** The demo project (data/demo-project.json) installed and opened as the app does it (routing graph included), in a fresh fake IndexedDB. */
import { readFileSync } from 'node:fs';
import { ProjectState } from '../../../src/state/project.svelte';
import { AppState } from '../../../src/state/app.svelte';
import { MemoryPreferences } from '../helpers';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, installSnapshotWithRoadGraphs, loadSnapshot } from '../../../src/store/projects';
import type { ProjectSnapshot } from '../../../src/domain/types';
import { inProcessGeometry } from './geometry-service';

export const demoSnapshot = JSON.parse(readFileSync(new URL('../../../data/demo-project.json', import.meta.url), 'utf8')) as ProjectSnapshot;

export async function openDemoProject(): Promise<{ db: AtlasDatabase; project: ProjectState }> {
  const db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshotWithRoadGraphs(db, demoSnapshot, 'demo');
  let counter = 0;
  const project = new ProjectState(db, (await loadSnapshot(db, 'demo'))!, { geometry: inProcessGeometry, newId: () => `id${++counter}` });
  return { db, project };
}

/** The app with the demo as its first project (no workers: geometry in this thread, files not read). */
export async function openDemoApp(): Promise<{ db: AtlasDatabase; app: AppState }> {
  const db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  let nextId = 0;
  const app = new AppState({
    db,
    preferences: new MemoryPreferences(),
    installDemo: async (projectId) => {
      await installSnapshot(db, demoSnapshot, projectId);
    },
    newId: () => `id${++nextId}`,
    geometry: inProcessGeometry,
    readVectorFile: () => Promise.reject(new Error('not used')),
    readAssignmentTable: () => Promise.reject(new Error('not used')),
    exportSpaces: () => Promise.reject(new Error('not used')),
  });
  await app.init();
  return { db, app };
}
