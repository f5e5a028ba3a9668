/**
 * The "done when", tried as a new user would: import real statistical districts
 * (Berlin Prognoseräume, EPSG:25833), build 8 social spaces from them without touching a vertex
 * (a key → space table), draw one more by hand over the district left out, see the topology
 * check report no gap and no overlap, export, and import the export again as the same geometry.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Position } from 'geojson';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, newPage, openApp, screenshot, storedSpaces, waitForMapIdle, type StoredSpace, sharedBrowser, createProjectFromMenu } from './browser';

const baseUrl = inject('baseUrl');
const sharedData = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data');
const districtsPath = join(sharedData, 'berlin_lor', 'boundaries', 'lor_prognoseraeume_2021.geojson');
const hasSharedData = existsSync(districtsPath);
if (!hasSharedData) console.log(`Skipping the new-planner walk-through: ${districtsPath} is not there.`);

/** Berlin's twelve Bezirke grouped into eight social spaces of neighbouring Bezirke. */
const SPACE_OF_BEZIRK: Record<string, string> = {
  '01': 'Mitte',
  '02': 'Friedrichshain-Kreuzberg',
  '03': 'Nordost',
  '04': 'Charlottenburg-Wilmersdorf',
  '05': 'Nordwest',
  '06': 'Steglitz-Zehlendorf',
  '07': 'Tempelhof-Schöneberg',
  '08': 'Südost',
  '09': 'Südost',
  '10': 'Nordost',
  '11': 'Nordost',
  '12': 'Nordwest',
};
/** The Prognoseraum left out of the table and drawn by hand instead. */
const LEFT_OUT = '0710';

const browser = sharedBrowser();

/**
 * Pixel box (map-relative) of the unassigned unit as the user sees it: the largest patch of
 * the colour unassigned units are filled with (#D55E00 at 45 % over the background #f4f1ea).
 * A flood fill keeps thin look-alikes (an outline in a similar colour) out.
 */
async function unassignedBox(page: Page): Promise<{ minX: number; minY: number; maxX: number; maxY: number }> {
  const png = decodePng(await page.locator('[data-testid="map"]').screenshot());
  const target = [230, 175, 129];
  const { width, height } = png;
  const matches = new Uint8Array(width * height);
  for (let index = 0; index < width * height; index++) {
    matches[index] = target.every((value, channel) => Math.abs(png.data[index * 4 + channel]! - value) <= 14) ? 1 : 0;
  }
  let best: { size: number; minX: number; minY: number; maxX: number; maxY: number } | null = null;
  const seen = new Uint8Array(width * height);
  for (let start = 0; start < width * height; start++) {
    if (!matches[start] || seen[start]) continue;
    const patch = { size: 0, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const index = stack.pop()!;
      const x = index % width;
      const y = Math.floor(index / width);
      patch.size++;
      patch.minX = Math.min(patch.minX, x);
      patch.maxX = Math.max(patch.maxX, x);
      patch.minY = Math.min(patch.minY, y);
      patch.maxY = Math.max(patch.maxY, y);
      // Two pixels of reach bridge the thin unit border lines drawn over the fill.
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const next = ny * width + nx;
          if (matches[next] && !seen[next]) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
    if (!best || patch.size > best.size) best = patch;
  }
  if (!best || best.size < 50) throw new Error('No unassigned unit visible on the map');
  return best;
}

function ringsOf(space: StoredSpace): Position[][] {
  return (space.geometry.type === 'Polygon' ? space.geometry.coordinates : (space.geometry.coordinates as Position[][][]).flat()) as Position[][];
}

describe.skipIf(!hasSharedData)('a new planner builds a plan from real districts', () => {
  it('imports districts, builds 8 spaces from a table, draws a ninth, checks, exports and re-imports', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await createProjectFromMenu(page, 'Berlin Planung');

    // 1. Import the statistical districts as base units.
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('[data-testid="import-file"]', districtsPath);
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 30_000 });
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="unassigned-count"]:has-text("Basiseinheiten ohne Sozialraum: 58")');

    // 2. Eight spaces from a key → space table (creating the spaces it names), no vertex touched.
    const districts = JSON.parse(readFileSync(districtsPath, 'utf8')) as { features: { properties: Record<string, string> }[] };
    const lines = ['PGR_ID;PGR_NAME;Sozialraum'];
    for (const { properties } of districts.features) {
      if (properties['PGR_ID'] === LEFT_OUT) continue;
      lines.push(`${properties['PGR_ID']};${properties['PGR_NAME']};${SPACE_OF_BEZIRK[properties['BEZ']!]}`);
    }
    await page.click('[data-testid="open-assign-table"]');
    await page.setInputFiles('[data-testid="assign-table-file"]', {
      name: 'zuordnung.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'),
    });
    await page.waitForSelector('[data-testid="assign-table-summary"]', { timeout: 30_000 });
    await page.check('[data-testid="assign-table-create"]');
    await page.click('[data-testid="assign-table-apply"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 8, undefined, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="unassigned-count"]:has-text("Basiseinheiten ohne Sozialraum: 1")');
    await waitForMapIdle(page);
    await page.waitForTimeout(300);

    // 3. Draw a ninth space roughly around the district left out (highlighted on the map):
    // the drawing is trimmed to the gap between its neighbours.
    const box = await unassignedBox(page);
    const margin = 14;
    await page.click('[data-testid="draw-space"]');
    const map = (await page.locator('[data-testid="map"]').boundingBox())!;
    for (const [x, y] of [
      [box.minX - margin, box.minY - margin],
      [box.maxX + margin, box.minY - margin],
      [box.maxX + margin, box.maxY + margin],
      [box.minX - margin, box.maxY + margin],
    ] as const) {
      await page.mouse.move(map.x + x, map.y + y, { steps: 3 });
      await page.mouse.click(map.x + x, map.y + y);
      await page.waitForTimeout(80);
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 9, undefined, { timeout: 30_000 });
    await expect(page.textContent('[data-testid="notice"]')).resolves.toContain('zugeschnitten');
    // The drawing covers exactly the district left out, so the new space is built from it.
    await page.waitForSelector('[data-testid="unassigned-count"]', { state: 'detached' });
    await waitForMapIdle(page);
    await screenshot(page, 'new-planner-nine-spaces');

    // 4. The topology check finds no gap and no overlap.
    await page.click('[data-testid="validate"]');
    await page.waitForSelector('[data-testid="validation-result"]', { timeout: 30_000 });
    await screenshot(page, 'new-planner-validation');
    const validation = (await page.textContent('[data-testid="validation"]'))!;
    expect(validation).toContain(
      'Keine Lücken, Überlappungen oder Fehler',
    );
    const planned = await storedSpaces(page);
    expect(planned).toHaveLength(9);
    expect(planned.find((space) => space.code === 'SR 09')!.unitIds).toHaveLength(1);

    // 5. Export as GeoJSON and import it again, as spaces of a new project: the same geometry.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-geojson"]')]);
    const exported = readFileSync((await download.path())!);
    await createProjectFromMenu(page, 'Wiedereinlesen');
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('[data-testid="import-file"]', { name: download.suggestedFilename(), mimeType: 'application/geo+json', buffer: exported });
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 30_000 });
    await page.check('input[type="radio"][value="spaces"]');
    await page.click('[data-testid="import-submit"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 9, undefined, { timeout: 30_000 });
    const reimported = await storedSpaces(page);
    expect(reimported.map((space) => space.code)).toEqual(planned.map((space) => space.code));
    for (const [index, space] of planned.entries()) {
      const before = ringsOf(space).flat();
      const after = ringsOf(reimported[index]!).flat();
      expect(after.length, `${space.code} keeps its vertices`).toBe(before.length);
      // Vertex by vertex, in order: within 1 cm (1.5e-7° covers the 7-decimal GeoJSON export).
      const worst = Math.max(...after.map((position, vertex) => Math.max(Math.abs(position[0]! - before[vertex]![0]!), Math.abs(position[1]! - before[vertex]![1]!))));
      expect(worst, `${space.code}: largest vertex shift in degrees`).toBeLessThan(1.5e-7);
    }
    await page.close();
  });
});
