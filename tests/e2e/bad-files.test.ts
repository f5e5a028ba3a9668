/**
 * The bad-input corpus (tests/fixtures/bad/corpus.ts) through the app's dialogs: every file gets
 * a message naming it and the reason (and the line or feature where there is one), the page
 * stays responsive while a large file is read, and the open project is untouched.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openApp, screenshot, sharedBrowser, watchPage } from './browser';
import { badFiles, type BadFile } from '../fixtures/bad/corpus';
import { projectDump } from './project-helpers';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const directory = mkdtempSync(join(tmpdir(), 'atlas-bad-'));

/** Open the file in its dialog; returns the text the dialog shows about it. */
async function openInDialog(page: Page, file: BadFile): Promise<string> {
  const path = join(directory, file.name);
  writeFileSync(path, file.bytes());
  if (file.importer === 'project') {
    await page.click('[data-testid="project-menu"]');
    await page.click('[data-testid="project-import"]');
    await page.setInputFiles('[data-testid="project-import-file"]', path);
    await page.waitForSelector('[data-testid="project-file-error"], [data-testid="project-file-done"]', { timeout: 60_000 });
    return (await page.textContent('[data-testid="project-file-dialog"]')) ?? '';
  }
  if (file.importer === 'table') {
    await page.click('[data-testid="open-csv-import"]');
    await page.setInputFiles('[data-testid="csv-file"]', path);
    await page.waitForSelector('[data-testid="csv-error"], [data-testid="csv-notes"]', { timeout: 60_000 });
    return (await page.textContent('[data-testid="csv-dialog"]')) ?? '';
  }
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', path);
  await page.waitForSelector('[data-testid="import-dialog"] .failure, [data-testid="import-summary"]', { timeout: 60_000 });
  // Problems of kept or repaired features are listed under a details element; open it.
  await page.evaluate(() => document.querySelectorAll('[data-testid="import-dialog"] details').forEach((details) => ((details as HTMLDetailsElement).open = true)));
  return (await page.textContent('[data-testid="import-dialog"]')) ?? '';
}

describe('bad files in the dialogs', () => {
  it('names file and reason for every file of the corpus, stays responsive and leaves the project untouched', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    // Long tasks of the page while the files are read (the reading itself runs in workers).
    await page.evaluate(() => {
      const longest = { duration: 0 };
      (window as unknown as { __longest: typeof longest }).__longest = longest;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest.duration = Math.max(longest.duration, entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const before = await projectDump(page, 'demo');
    const missing: string[] = [];
    for (const file of badFiles()) {
      const shown = await openInDialog(page, file);
      if (!file.expected.shown.test(shown)) missing.push(`${file.name}: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
      if (file.name === 'riesig.geojson') await screenshot(page, 'bad-file-vertices');
      if (file.name === 'spalten.csv') await screenshot(page, 'bad-file-columns');
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog[open]', { state: 'detached' });
    }
    expect(missing).toEqual([]);
    const longest = await page.evaluate(() => (window as unknown as { __longest: { duration: number } }).__longest.duration);
    // Generous for a loaded two-core machine rendering WebGL in software; a parse on the main
    // thread of the 110 MB GeoJSON alone would take several seconds.
    expect(longest).toBeLessThan(2_000);
    expect(await projectDump(page, 'demo')).toEqual(before);
    expect(watched.errors.filter((message) => !/Failed to load resource/.test(message))).toEqual([]);
    await page.context().close();
  }, 600_000);
});
