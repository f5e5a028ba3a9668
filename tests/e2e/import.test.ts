import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { openApp, screenshot, waitForMapIdle, sharedBrowser, createProjectFromMenu } from './browser';

const baseUrl = inject('baseUrl');
const sharedData = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data');
const hasSharedData = existsSync(sharedData);
if (!hasSharedData) console.log(`Skipping real-data import tests: ${sharedData} is not there.`);

const browser = sharedBrowser();

async function newProject(name: string): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
  const page = await context.newPage();
  await openApp(page, baseUrl);
  await createProjectFromMenu(page, name);
  return page;
}

async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', file);
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 30_000 });
}

describe.skipIf(!hasSharedData)('importing real boundary files', () => {
  it('imports Berlin Prognoseräume (GeoJSON in EPSG:25833) as base units and builds a space from them', async () => {
    const page = await newProject('Berlin Test');
    const path = join(sharedData, 'berlin_lor', 'boundaries', 'lor_prognoseraeume_2021.geojson');
    await upload(page, { name: 'lor_prognoseraeume_2021.geojson', mimeType: 'application/geo+json', buffer: readFileSync(path) });
    await expect(page.textContent('[data-testid="import-summary"]')).resolves.toContain('58');
    await expect(page.inputValue('[data-testid="import-crs"]')).resolves.toBe('EPSG:25833');
    // The detection note is shown in the UI language.
    await expect(page.textContent('[data-testid="import-crs-note"]')).resolves.toContain(
      'Im GeoJSON angegeben („crs“): urn:ogc:def:crs:EPSG::25833.',
    );
    await expect(page.inputValue('[data-testid="import-key"]')).resolves.toBe('PGR_ID');
    await expect(page.textContent('[data-testid="import-preview"]')).resolves.toContain('58');
    await screenshot(page, 'import-berlin-dialog');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="unassigned-count"]:has-text("Basiseinheiten ohne Sozialraum: 58")');
    await waitForMapIdle(page);

    // One space from a box over the middle of the city.
    await page.click('[data-testid="new-space"]');
    await page.waitForSelector('text=„SR 01 Neuer Sozialraum“ zuzuordnen');
    await waitForMapIdle(page);
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.35);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForFunction(() => /Basiseinheit/.test(document.querySelector('[data-testid="undo"]')?.getAttribute('title') ?? ''));
    const remaining = Number((await page.textContent('[data-testid="unassigned-count"]'))!.match(/\d+/)![0]);
    expect(remaining).toBeLessThan(58);
    expect(remaining).toBeGreaterThan(0);
    await waitForMapIdle(page);
    await screenshot(page, 'import-berlin-space');
    await page.context().close();
  });

  it('imports the Kreise of Germany from a zipped Shapefile with .prj and .cpg', async () => {
    const page = await newProject('Kreise');
    const folder = join(sharedData, 'germany_admin', 'vg5000_2021');
    const zip = zipSync(
      Object.fromEntries(
        ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => [`VG5000_KRS.${extension}`, readFileSync(join(folder, `VG5000_KRS.${extension}`))]),
      ),
    );
    await upload(page, { name: 'VG5000_KRS.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    // VG5000 ships its .prj in Gauss-Krüger zone 3 (ESRI WKT with authority 31467).
    await expect(page.inputValue('[data-testid="import-crs"]')).resolves.toBe('EPSG:31467');
    const summary = (await page.textContent('[data-testid="import-summary"]'))!;
    const count = Number(summary.match(/(\d+) Objekte/)![1]);
    expect(count).toBeGreaterThan(390);
    await page.selectOption('[data-testid="import-name"]', 'GEN');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector(`[data-testid="unassigned-count"]:has-text("Basiseinheiten ohne Sozialraum: ${count}")`);
    await waitForMapIdle(page);
    await screenshot(page, 'import-kreise');
    await page.context().close();
  });
});

/** A GeoJSON of `count` small polygons (lon/lat in Hesse), big enough to keep a worker busy for seconds. */
function bigGeoJson(count: number, vertices: number): string {
  const side = Math.ceil(Math.sqrt(count));
  const features: string[] = [];
  for (let index = 0; index < count; index++) {
    const x = 9 + (index % side) * 0.002;
    const y = 50 + Math.floor(index / side) * 0.002;
    const ring: number[][] = [];
    for (let vertex = 0; vertex < vertices; vertex++) {
      const angle = (2 * Math.PI * vertex) / vertices;
      ring.push([Number((x + 0.0009 * Math.cos(angle)).toFixed(7)), Number((y + 0.0009 * Math.sin(angle)).toFixed(7))]);
    }
    ring.push(ring[0]!);
    features.push(JSON.stringify({ type: 'Feature', properties: { KEY: `K${index}` }, geometry: { type: 'Polygon', coordinates: [ring] } }));
  }
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}

describe('cancelling an import', () => {
  it('stops the worker reading a big file, closes the dialog and keeps the app responsive', async () => {
    const page = await newProject('Abbruch');
    // ~75 MB: several seconds of work in the worker (too big to hand over as a buffer, so a file).
    const folder = mkdtempSync(join(tmpdir(), 'atlas-big-'));
    const path = join(folder, 'gross.geojson');
    writeFileSync(path, bigGeoJson(60_000, 50));
    try {
      const workers: import('playwright-core').Worker[] = [];
      page.on('worker', (worker) => workers.push(worker));
      await page.click('[data-testid="open-import"]');
      await page.setInputFiles('[data-testid="import-file"]', path);
      await page.waitForSelector('[data-testid="import-cancel"]');
      await expect.poll(() => workers.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const reader = workers[workers.length - 1]!;
      const closed = new Promise<void>((resolve) => reader.once('close', () => resolve()));

      await page.click('[data-testid="import-cancel"]');
      await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached', timeout: 2_000 });
      // The worker is terminated, not left running to the end (a finished worker would stay
      // open, waiting for the next job).
      await Promise.race([
        closed,
        page.waitForTimeout(5_000).then(() => {
          throw new Error('the worker reading the file was not terminated');
        }),
      ]);

      // The main thread answers promptly and the app imports the next file with a fresh worker.
      const roundTrip = await page.evaluate(async () => {
        const start = performance.now();
        await new Promise((resolve) => requestAnimationFrame(resolve));
        return performance.now() - start;
      });
      expect(roundTrip).toBeLessThan(500);
      await upload(page, { name: 'klein.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(bigGeoJson(4, 8)) });
      await expect(page.textContent('[data-testid="import-summary"]')).resolves.toContain('4 Objekte');
      expect(workers.length).toBeGreaterThan(1);
      await page.context().close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('import errors', () => {
  it('names the file and the reason when a file cannot be read, and keeps the project unchanged', async () => {
    const page = await newProject('Fehler');
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('[data-testid="import-file"]', { name: 'kaputt.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", "features": [') });
    await page.waitForSelector('[data-testid="import-dialog"] .failure');
    await expect(page.textContent('[data-testid="import-dialog"] .failure')).resolves.toContain('kaputt.geojson');
    await page.keyboard.press('Escape');
    await expect(page.isVisible('text=Dieses Projekt enthält noch keine Sozialräume.')).resolves.toBe(true);
    await page.context().close();
  });
});
