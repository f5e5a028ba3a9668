import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppState, DEMO_PROJECT_ID } from '../../../src/state/app.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot } from '../../../src/store/projects';
import { inProcessGeometry } from './geometry-service';
import { tryReadVectorFile } from '../../../src/io/vector-import';
import { tryReadAssignmentTable } from '../../../src/io/assignment-table';
import { spacesToGeoJson } from '../../../src/io/vector-export';
import { testSnapshot, MemoryPreferences } from '../helpers';


let db: AtlasDatabase;
let preferences: MemoryPreferences;
let demoLoads: number;
let nextId: number;

function createApp() {
  return new AppState({
    db,
    preferences,
    installDemo: async (projectId) => {
      demoLoads++;
      const now = Date.now();
      await installSnapshot(db, testSnapshot('template'), projectId, { isDemo: true, createdAt: now, updatedAt: now });
    },
    newId: () => `p${++nextId}`,
    geometry: inProcessGeometry,
    readVectorFile: (fileName, bytes, options) => tryReadVectorFile(fileName, bytes, options),
    readAssignmentTable: async (fileName, bytes, units, spaces, options) => tryReadAssignmentTable(fileName, bytes, units, spaces, options),
    exportSpaces: async (format, spaces) => (format === 'geojson' ? spacesToGeoJson(spaces) : new Uint8Array()),
  });
}

beforeEach(() => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  preferences = new MemoryPreferences();
  demoLoads = 0;
  nextId = 0;
});

afterEach(async () => {
  await db.delete();
});

describe('AppState', () => {
  it('installs the demo project on first start only', async () => {
    const app = createApp();
    await app.init();
    expect(app.status).toBe('ready');
    expect(app.project?.id).toBe(DEMO_PROJECT_ID);
    expect(app.project?.project.isDemo).toBe(true);
    await createApp().init();
    expect(demoLoads).toBe(1);
  });

  it('reopens the last used project', async () => {
    const app = createApp();
    await app.init();
    await app.createProject('Zweites');
    const again = createApp();
    await again.init();
    expect(again.project?.project.name).toBe('Zweites');
  });

  it('derives the spaces of the active variant and updates them through transact', async () => {
    const app = createApp();
    await app.init();
    const project = app.project!;
    expect(project.spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
    await project.updateSpace({ ...project.spaces[1]!, code: 'SR 00' });
    expect(project.spaces.map((space) => space.code)).toEqual(['SR 00', 'SR 01']);
    expect(project.history.undo?.key).toBe('change.editSpace');
    await project.undo();
    expect(project.spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
    expect(project.history.redo?.key).toBe('change.editSpace');
  });

  it('exports the spaces of the active variant as GeoJSON with a file name from the variant', async () => {
    const app = createApp();
    await app.init();
    const file = await app.exportSpaces('geojson');
    expect(file.fileName).toBe('sozialraeume-ist.geojson');
    expect(JSON.parse(file.content as string).features).toHaveLength(2);
  });

  it('remembers the language', async () => {
    const app = createApp();
    expect(app.t('spaces.heading')).toBe('Sozialräume');
    app.setLocale('en');
    expect(app.t('spaces.heading')).toBe('Social spaces');
    expect(createApp().locale).toBe('en');
  });

  it('recreates the demo when the last project is deleted', async () => {
    const app = createApp();
    await app.init();
    await app.deleteCurrent();
    expect(app.projects.map((project) => project.id)).toEqual([DEMO_PROJECT_ID]);
    expect(demoLoads).toBe(2);
  });

  it('resets the demo project to its shipped state', async () => {
    const app = createApp();
    await app.init();
    await app.project!.rename('Verändert');
    await app.resetDemo();
    expect(app.project!.project.name).toBe('Testkreis');
    expect(app.project!.history.undo).toBeNull();
  });

  it('duplicates the open project and switches to the copy', async () => {
    const app = createApp();
    await app.init();
    await app.duplicateCurrent();
    expect(app.project!.project.name).toBe('Testkreis (Kopie)');
    expect(app.project!.project.isDemo).toBe(false);
    expect(app.projects).toHaveLength(2);
  });
});
