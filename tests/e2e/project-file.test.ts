/**
 * Project files in the browser: export the demo project and import it again; import a large
 * project file made outside the browser (a million points, a road graph), export it again and
 * compare both files' contents; refuse a broken file without touching the open project.
 */
import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openApp, screenshot, sharedBrowser, watchPage } from './browser';
import { AtlasDatabase } from '../../src/store/db';
import { exportProjectFile } from '../../src/store/project-file';
import { readProjectFile } from '../../src/io/project-file/read';
import { bytesSource } from '../../src/io/zip-read';
import type { ProjectFileContents } from '../../src/io/project-file/types';
import { TABLE_NAMES } from '../../src/domain/types';
import { demoSnapshot, installLargeProject } from '../fixtures/projects/large-project';
import { concatBytes } from '../unit/io/project-file-helpers';
import { importProjectFromMenu, projectDump, storedProjectIds } from './project-helpers';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

async function exportFromMenu(page: Page): Promise<Buffer> {
  await page.click('[data-testid="project-menu"]');
  await page.click('[data-testid="project-export"]');
  await page.click('[data-testid="project-export-start"]');
  await page.waitForSelector('[data-testid="project-file-done"]', { timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="project-export-save"]')]);
  expect(download.suggestedFilename()).toMatch(/\.sozialraum$/);
  const bytes = readFileSync((await download.path())!);
  await page.keyboard.press('Escape');
  return bytes;
}

/** Contents with the project's id written as '*' (an imported project gets a new id). */
function withoutProjectId(contents: ProjectFileContents): ProjectFileContents {
  const snapshot = Object.fromEntries(
    TABLE_NAMES.map((table) => [table, (contents.snapshot[table] as { id: string; projectId?: string }[]).map((record) => (table === 'projects' ? { ...record, id: '*' } : { ...record, projectId: '*' }))]),
  ) as unknown as ProjectFileContents['snapshot'];
  return { ...contents, exportedAt: 0, snapshot };
}

function temporaryFile(name: string, bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'atlas-project-')), name);
  writeFileSync(path, bytes);
  return path;
}

describe('project files', () => {
  it('exports the demo project and imports it again as an identical new project', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    const file = await exportFromMenu(page);
    const contents = await readProjectFile(bytesSource(new Uint8Array(file)), 'demo.sozialraum');
    // The file holds what the demo holds.
    for (const table of TABLE_NAMES.filter((name) => name !== 'projects')) {
      expect(contents.snapshot[table].length, table).toBe(demoSnapshot[table].length);
    }
    expect(contents.snapshot.spaces).toEqual(demoSnapshot.spaces.map((space) => ({ ...space, projectId: 'demo' })));

    await importProjectFromMenu(page, temporaryFile('demo.sozialraum', file));
    await expect(page.textContent('[data-testid="project-file-done"]')).resolves.toMatch(/importiert: \d+ Varianten, 8 Sozialräume/);
    await screenshot(page, 'project-import-done');
    await page.keyboard.press('Escape');
    const ids = await storedProjectIds(page);
    expect(ids).toHaveLength(2);
    const imported = await page.evaluate(() => localStorage.getItem('sozialraum-atlas.activeProject'));
    expect(imported).not.toBe('demo');
    expect(await projectDump(page, imported!)).toEqual(await projectDump(page, 'demo'));
    await page.waitForSelector('[data-testid="space-list"] li');
    expect(watched.errors).toEqual([]);
    await page.context().close();
  });

  it('a large project (1,000,000 points, road graph) survives import and export unchanged', async () => {
    const db = new AtlasDatabase(`large-${crypto.randomUUID()}`);
    await installLargeProject(db, 'gross', { points: 1_000_000, resources: 20_000, graphSide: 150 });
    const original = concatBytes((await exportProjectFile(db, 'gross')).parts);
    await db.delete();
    const path = temporaryFile('gross.sozialraum', original);

    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await importProjectFromMenu(page, path);
    await expect(page.textContent('[data-testid="project-file-done"]')).resolves.toMatch(/Großes Projekt.*1\.000\.000 Punkte/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="project-name"]:has-text("Großes Projekt")');
    const again = await exportFromMenu(page);

    const before = withoutProjectId(await readProjectFile(bytesSource(original), 'gross.sozialraum'));
    const after = withoutProjectId(await readProjectFile(bytesSource(new Uint8Array(again)), 'wieder.sozialraum'));
    expect(after.snapshot).toEqual(before.snapshot);
    expect(after.pointSets.map((point) => point.set)).toEqual(before.pointSets.map((point) => point.set));
    expect(isDeepStrictEqual(after.pointSets, before.pointSets)).toBe(true);
    expect(isDeepStrictEqual(after.roadGraphs, before.roadGraphs)).toBe(true);
    expect(watched.errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('refuses a damaged project file with file, entry and reason, and leaves the projects as they were', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const file = new Uint8Array(await exportFromMenu(page));
    const before = await projectDump(page, 'demo');
    // Cut off the end: the zip directory is gone.
    await importProjectFromMenu(page, temporaryFile('kaputt.sozialraum', file.subarray(0, file.length - 200)), 'error');
    const message = await page.textContent('[data-testid="project-file-error"]');
    expect(message).toContain('„kaputt.sozialraum“ ist unvollständig');
    expect(message).toContain('Es wurde nichts importiert');
    await screenshot(page, 'project-import-refused');
    await page.keyboard.press('Escape');
    expect(await storedProjectIds(page)).toEqual(['demo']);
    expect(await projectDump(page, 'demo')).toEqual(before);
    await page.context().close();
  });
});
