/** AppState with project files, backup reminder and storage status (the worker's functions in-process). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppState } from '../../../src/state/app.svelte';
import type { ProjectFileService } from '../../../src/state/project-file-transfer.svelte';
import { projectFileName, ProjectFileTransfer } from '../../../src/state/project-file-transfer.svelte';
import { isQuotaError, type StorageApi } from '../../../src/state/storage-status.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { exportProjectFile, importProjectFile } from '../../../src/store/project-file';
import { installSnapshot } from '../../../src/store/projects';
import { blobSource } from '../../../src/io/zip-read';
import { tryReadVectorFile } from '../../../src/io/vector-import';
import { tryReadAssignmentTable } from '../../../src/io/assignment-table';
import { inProcessGeometry } from './geometry-service';
import { MemoryPreferences, testSnapshot } from '../helpers';

const DAY = 24 * 60 * 60 * 1000;
let db: AtlasDatabase;
let nextId: number;

beforeEach(() => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  nextId = 0;
});

afterEach(async () => {
  await db.delete();
});

const projectFiles = (): ProjectFileService => ({
  exportProject: async (projectId, onProgress) => new Blob((await exportProjectFile(db, projectId, { onProgress })).parts as BlobPart[]),
  importProject: (file, fileName, projectId, onProgress) => importProjectFile(db, blobSource(file), fileName, projectId, onProgress),
});

function createApp(storage: StorageApi | null = null) {
  return new AppState({
    db,
    preferences: new MemoryPreferences(),
    installDemo: async (projectId) => {
      await installSnapshot(db, testSnapshot('template'), projectId, { isDemo: true });
    },
    newId: () => `p${++nextId}`,
    geometry: inProcessGeometry,
    readVectorFile: (fileName, bytes, options) => tryReadVectorFile(fileName, bytes, options),
    readAssignmentTable: async (fileName, bytes, units, spaces, options) => tryReadAssignmentTable(fileName, bytes, units, spaces, options),
    exportSpaces: async () => '',
    projectFiles: projectFiles(),
    storage,
  });
}

describe('project files in the app', () => {
  it('exports the open project and imports the file as a new project, which is then opened', async () => {
    const app = createApp();
    await app.init();
    await app.project!.rename('Kreis Nord');
    const transfer = new ProjectFileTransfer(app);
    await transfer.exportCurrent();
    expect(transfer.status).toBe('done');
    expect(transfer.exported!.fileName).toMatch(/^kreis-nord-\d{4}-\d{2}-\d{2}\.sozialraum$/);
    const file = new File([transfer.exported!.blob], transfer.exported!.fileName);
    await transfer.importFile(file);
    expect(transfer.status).toBe('done');
    expect(transfer.imported).toMatchObject({ name: 'Kreis Nord', spaces: 2, variants: 1 });
    expect(app.projects).toHaveLength(2);
    expect(app.project!.id).toBe('p1');
    expect(app.project!.project.name).toBe('Kreis Nord');
    expect(app.project!.spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
  });

  it('reports a refused file in the UI language and stores nothing', async () => {
    const app = createApp();
    await app.init();
    const transfer = new ProjectFileTransfer(app);
    await transfer.importFile(new File(['a;b\n1;2\n'], 'tabelle.sozialraum'));
    expect(transfer.status).toBe('failed');
    expect(transfer.error!.message).toBe('„tabelle.sozialraum“ ist keine Projektdatei (.sozialraum).');
    expect(transfer.error!.detail).toMatch(/neither a \.sozialraum archive nor a project snapshot/);
    expect(app.projects).toHaveLength(1);
    expect(app.project!.id).toBe('demo');
  });

  it('names export files after the project, without umlauts and odd characters', () => {
    expect(projectFileName('Landkreis Auental (Demo)', new Date(2026, 2, 1))).toBe('landkreis-auental-demo-2026-03-01.sozialraum');
    expect(projectFileName('Süd/West: Jugendhilfe', new Date(2026, 11, 24))).toBe('sud-west-jugendhilfe-2026-12-24.sozialraum');
    expect(projectFileName('<>', new Date(2026, 0, 1))).toBe('projekt-2026-01-01.sozialraum');
  });
});

describe('backup reminder in the app', () => {
  it('reminds for a project changed a week after its creation, is quiet after "later" and after an export', async () => {
    const old = Date.now() - 10 * DAY;
    await installSnapshot(db, testSnapshot('eigen'), 'eigen', { name: 'Eigenes', createdAt: old, updatedAt: old });
    const app = createApp();
    await app.init();
    expect(app.backup.due).toBe(false);
    await app.project!.rename('Eigenes Projekt');
    await app.refreshBackupReminder();
    expect(app.backup).toEqual({ due: true, daysSinceExport: null });
    await app.snoozeBackupReminder();
    expect(app.backup.due).toBe(false);
    await app.exportProject(() => {});
    expect(app.backup).toEqual({ due: false, daysSinceExport: 0 });
  });
});

describe('storage status', () => {
  it('shows usage and quota, warns when little is left, asks for persistence once there are own projects', async () => {
    let persisted = false;
    let asked = 0;
    const storage: StorageApi = {
      persisted: async () => persisted,
      persist: async () => {
        asked++;
        persisted = true;
        return true;
      },
      estimate: async () => ({ usage: 950_000_000, quota: 1_000_000_000 }),
    };
    const app = createApp(storage);
    await app.init();
    expect(asked).toBe(0);
    await app.createProject('Eigenes');
    await app.storage.refresh();
    expect(asked).toBe(1);
    expect(app.storage.persisted).toBe(true);
    expect(app.storage.share).toBeCloseTo(0.95);
    expect(app.storage.low).toBe(true);
    expect(app.storage.fits(10_000_000)).toBe(true);
    expect(app.storage.fits(100_000_000)).toBe(false);
  });

  it('recognises a full storage however it is wrapped, and says so in the UI language', () => {
    const dom = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const dexie = Object.assign(new Error('AbortError: transaction aborted'), { name: 'AbortError', inner: dom });
    const acrossWorker = Object.assign(new Error('QuotaExceededError: Encountered full disk while opening backing store'), { name: 'Error' });
    expect([dom, dexie, acrossWorker].map(isQuotaError)).toEqual([true, true, true]);
    expect(isQuotaError(new Error('Some other failure'))).toBe(false);
    const app = createApp();
    expect(app.describeError(dexie)).toMatch(/Speicher des Browsers ist voll/);
  });
});
