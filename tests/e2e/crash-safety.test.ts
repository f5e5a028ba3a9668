/**
 * Crash safety: the renderer is killed (CDP Page.crash) while a large project file is being
 * stored, and a new page of the same browser profile opens the app. The project is then either
 * not there at all or complete: no record, point chunk or graph of it is left without its
 * project, and a project that is there holds every point. The demo project is untouched.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, sharedBrowser } from './browser';
import { AtlasDatabase } from '../../src/store/db';
import { exportProjectFile } from '../../src/store/project-file';
import { installLargeProject } from '../fixtures/projects/large-project';
import { concatBytes } from '../unit/io/project-file-helpers';
import { projectDump, storedProjectIds } from './project-helpers';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const POINTS = 300_000;

/** Records of every project table whose project does not exist: what a half-stored import would leave. */
function orphans(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const projects = new Set((await all<{ id: string }>('projects')).map((project) => project.id));
    const counts: Record<string, number> = {};
    for (const store of ['variants', 'spaces', 'layers', 'units', 'resources', 'demand', 'features', 'views', 'pointSets', 'pointChunks', 'roadGraphs']) {
      counts[store] = (await all<{ projectId: string }>(store)).filter((record) => !projects.has(record.projectId)).length;
    }
    db.close();
    return counts;
  });
}

describe('crash safety', () => {
  it('a page killed while a large project is stored leaves the project complete or absent, never half there', async () => {
    const db = new AtlasDatabase(`crash-${crypto.randomUUID()}`);
    await installLargeProject(db, 'gross', { points: POINTS, resources: 5_000, graphSide: 60 });
    const path = join(mkdtempSync(join(tmpdir(), 'atlas-crash-')), 'gross.sozialraum');
    writeFileSync(path, concatBytes((await exportProjectFile(db, 'gross')).parts));
    await db.delete();

    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    const page = await context.newPage();
    await openApp(page, baseUrl);
    const demoBefore = await projectDump(page, 'demo');
    await page.click('[data-testid="project-menu"]');
    await page.click('[data-testid="project-import"]');
    await page.setInputFiles('[data-testid="project-import-file"]', path);
    // Reading and checking take the first 70 % of the bar; kill the page once storing has begun.
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('[data-testid="project-file-dialog"] progress')?.value ?? 0) > 0.72, null, {
      polling: 10,
      timeout: 120_000,
    });
    const session = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash', { timeout: 20_000 });
    // The renderer dies before it can answer.
    void session.send('Page.crash').catch(() => undefined);
    await crashed;

    const again = await context.newPage();
    await openApp(again, baseUrl);
    const ids = await storedProjectIds(again);
    expect(await orphans(again)).toEqual({ variants: 0, spaces: 0, layers: 0, units: 0, resources: 0, demand: 0, features: 0, views: 0, pointSets: 0, pointChunks: 0, roadGraphs: 0 });
    expect(await projectDump(again, 'demo')).toEqual(demoBefore);
    const imported = ids.filter((id) => id !== 'demo');
    console.log(`Killed during the import: the project is ${imported.length === 0 ? 'absent (rolled back)' : 'complete (committed just before)'}.`);
    if (imported.length > 0) {
      const dump = await projectDump(again, imported[0]!);
      const set = JSON.parse(dump['pointSets']![0]!) as { length: number; chunks: number[] };
      expect(set.length).toBe(POINTS);
      expect(dump['pointChunks']).toHaveLength(set.chunks.length);
      expect(dump['roadGraphs']).toHaveLength(1);
    }
    await context.close();
  }, 240_000);
});
