/**
 * Two tabs on the same project: two AppStates over two connections to one IndexedDB database
 * (fake-indexeddb), talking over a real BroadcastChannel as the tabs of the app do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppState } from '../../../src/state/app.svelte';
import { broadcastTabChannel, parseTabMessage, type TabChannel } from '../../../src/state/tab-channel';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot } from '../../../src/store/projects';
import { tryReadVectorFile } from '../../../src/io/vector-import';
import { tryReadAssignmentTable } from '../../../src/io/assignment-table';
import { inProcessGeometry } from './geometry-service';
import { MemoryPreferences, testSnapshot } from '../helpers';

let databaseName: string;
let channelName: string;
const opened: { db: AtlasDatabase; tabs: TabChannel }[] = [];

beforeEach(() => {
  databaseName = `tabs-${crypto.randomUUID()}`;
  channelName = `channel-${crypto.randomUUID()}`;
});

afterEach(async () => {
  for (const { db, tabs } of opened.splice(0)) {
    db.close();
    tabs.close();
  }
  await new AtlasDatabase(databaseName).delete();
});

/** One tab: its own database connection and its own end of the channel (which may not listen). */
async function openTab(options: { listens?: boolean } = {}): Promise<AppState> {
  const db = new AtlasDatabase(databaseName);
  const channel = broadcastTabChannel(channelName)!;
  opened.push({ db, tabs: channel });
  const tabs: TabChannel = options.listens === false ? { ...channel, listen: () => () => {} } : channel;
  const app = new AppState({
    db,
    preferences: new MemoryPreferences(),
    installDemo: async (projectId) => {
      await installSnapshot(db, testSnapshot('template'), projectId, { isDemo: true });
    },
    newId: () => crypto.randomUUID(),
    geometry: inProcessGeometry,
    readVectorFile: (fileName, bytes, options) => tryReadVectorFile(fileName, bytes, options),
    readAssignmentTable: async (fileName, bytes, units, spaces, options) => tryReadAssignmentTable(fileName, bytes, units, spaces, options),
    exportSpaces: async () => '',
    tabs,
  });
  await app.init();
  return app;
}

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('two tabs on one project', () => {
  it('shows a change made in the other tab', async () => {
    const first = await openTab();
    const second = await openTab();
    expect(second.project!.id).toBe(first.project!.id);
    await first.project!.rename('Umbenannt in Tab 1');
    await until(() => second.project!.project.name === 'Umbenannt in Tab 1');
    expect(second.project!.revision).toBe(first.project!.revision);
    expect(second.project!.history.undo?.key).toBe('change.renameProject');
  });

  it('refuses a change composed from an outdated copy instead of losing the other tab’s change', async () => {
    const first = await openTab();
    // The second tab misses the message (e.g. it was frozen in the background).
    const second = await openTab({ listens: false });
    await first.project!.setSuppressionThreshold(7);
    const ok = await second.attempt(() => second.project!.rename('Name aus Tab 2'));
    expect(ok).toBe(false);
    expect(second.errors.at(-1)).toMatch(/in einem anderen Fenster geändert/);
    // Nothing of the refused change is stored, the other tab's change is kept, and the second
    // tab now shows it.
    expect(second.project!.project.settings.suppressionThreshold).toBe(7);
    expect(second.project!.project.name).toBe('Testkreis');
    // Repeated on the current data, both changes are stored.
    await second.project!.rename('Name aus Tab 2');
    const reader = new AtlasDatabase(databaseName);
    const stored = await reader.projects.get(first.project!.id);
    reader.close();
    expect(stored).toMatchObject({ name: 'Name aus Tab 2', settings: { suppressionThreshold: 7 } });
  });

  it('a change queued before the other tab’s change was read in is refused too', async () => {
    const first = await openTab();
    const second = await openTab();
    await first.project!.setSuppressionThreshold(9);
    // Composed from the second tab's copy before the message is handled:
    const pending = second.project!.rename('Zu spät');
    await expect(pending).rejects.toThrow('sync.staleWrite');
    await until(() => second.project!.project.settings.suppressionThreshold === 9);
    expect(second.project!.project.name).toBe('Testkreis');
  });

  it('switches away from a project deleted in the other tab', async () => {
    const first = await openTab();
    await first.createProject('Wird gelöscht');
    const second = await openTab();
    expect(second.project!.project.name).toBe('Wird gelöscht');
    await first.deleteCurrent();
    await until(() => second.project?.project.name !== 'Wird gelöscht');
    expect(second.info).toMatch(/Wird gelöscht.*gelöscht/);
    expect(second.projects.map((project) => project.name)).toEqual(first.projects.map((project) => project.name));
  });

  it('ignores malformed messages on the channel', () => {
    expect(parseTabMessage(null)).toBeNull();
    expect(parseTabMessage({ kind: 'project-written', projectId: 'p', revision: 'x' })).toBeNull();
    expect(parseTabMessage({ kind: 'project-written', projectId: 'p', revision: 3 })).toEqual({ kind: 'project-written', projectId: 'p', revision: 3 });
  });
});
