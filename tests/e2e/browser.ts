/**
 * Helpers for end-to-end tests in Debian's headless chromium driven by playwright-core.
 * WebGL runs on SwiftShader; no browser is downloaded.
 */
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export const ARTIFACTS_DIR = join(fileURLToPath(import.meta.url), '..', '..', 'artifacts', 'screenshots');
mkdirSync(ARTIFACTS_DIR, { recursive: true });

/** A fresh page in its own context (empty IndexedDB), German locale, 1280×800 by default. */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'de-DE' });
  return context.newPage();
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * One headless Chromium for a test file: launched before its tests and closed after them.
 * Call at the top level of the file; the returned function gives the running browser.
 */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('The browser is not launched yet');
    return browser;
  };
}

/** Create a project through the project menu, as a user does, and wait until it is open. */
export async function createProjectFromMenu(page: Page, name: string): Promise<void> {
  await page.click('[data-testid="project-menu"]');
  await page.click('role=menuitem[name="Neues Projekt"]');
  await page.fill('dialog input[type="text"]', name);
  await page.click('dialog button[type="submit"]');
  await page.waitForSelector(`[data-testid="project-name"]:has-text("${name}")`);
}

/** A browser with a profile on disk, to test what survives closing and reopening it. */
export function launchPersistent(userDataDir: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
  });
}

export function temporaryProfile(): string {
  return mkdtempSync(join(tmpdir(), 'atlas-profile-'));
}

/** Collects page errors and failed requests to hosts other than the app's own. */
export function watchPage(page: Page, baseUrl: string): { errors: string[]; foreignRequests: string[] } {
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
  });
  return { errors, foreignRequests };
}

/** Open the app and wait until the map has loaded its style and rendered (idle). */
export async function openApp(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.waitForSelector('[data-testid="space-list"] li', { timeout: 45_000 });
  await waitForMapIdle(page);
}

/** Wait until the map has rendered everything it was given (no loading, no camera motion). */
export async function waitForMapIdle(page: Page, timeoutMilliseconds = 45_000): Promise<void> {
  await page.waitForSelector('[data-testid="map"][data-map-state="idle"]', { timeout: timeoutMilliseconds });
}

export async function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

export interface StoredSpace {
  id: string;
  projectId: string;
  variantId: string;
  code: string;
  unitIds: string[];
  name: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** The spaces IndexedDB holds for the open project, ordered by code. */
export async function storedSpaces(page: Page): Promise<StoredSpace[]> {
  return page.evaluate(async () => {
    const projectId = localStorage.getItem('sozialraum-atlas.activeProject');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise<StoredSpace[]>((resolve, reject) => {
      const request = db.transaction('spaces').objectStore('spaces').getAll();
      request.onsuccess = () => resolve(request.result as StoredSpace[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all.filter((space) => space.projectId === projectId).sort((a, b) => a.code.localeCompare(b.code));
  });
}

export function decodePng(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

/** Share of pixels within `tolerance` (per channel) of the colour `[r, g, b]`. */
export function colourShare(png: PNG, rgb: readonly [number, number, number], tolerance = 12): number {
  let matches = 0;
  const total = png.width * png.height;
  for (let index = 0; index < total; index++) {
    const offset = index * 4;
    if (
      Math.abs(png.data[offset]! - rgb[0]) <= tolerance &&
      Math.abs(png.data[offset + 1]! - rgb[1]) <= tolerance &&
      Math.abs(png.data[offset + 2]! - rgb[2]) <= tolerance
    ) {
      matches++;
    }
  }
  return matches / total;
}

export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * Import a vector file through "Importieren …" as social spaces of the active variant, code and
 * name from the given properties, and wait until the list shows `count` spaces.
 */
export async function importSpacesFromFile(page: Page, path: string, columns: { code: string; name: string }, count: number): Promise<void> {
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', path);
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  await page.check('[data-testid="import-as-spaces"]');
  await page.selectOption('[data-testid="import-code"]', columns.code);
  await page.selectOption('[data-testid="import-name"]', columns.name);
  await page.click('[data-testid="import-submit"]');
  await page.waitForFunction((expected) => document.querySelectorAll('[data-testid="space-list"] li').length === expected, count, { timeout: 60_000 });
}

/** The indicator table of the demand tab as shown: per space code its count and value cells. */
export async function demandTableRows(page: Page): Promise<Map<string, { count: string; value: string }>> {
  const rows = await page.locator('[data-testid="demand-row"]').evaluateAll((elements) =>
    elements.map((row) => ({
      code: row.querySelector('th button')?.textContent?.trim() ?? '',
      count: row.querySelector('[data-testid="demand-count"]')?.textContent?.trim() ?? '',
      value: row.querySelector('[data-testid="demand-value"]')?.textContent?.trim() ?? '',
    })),
  );
  return new Map(rows.map((row) => [row.code, { count: row.count, value: row.value }]));
}
