/**
 * Reachability on the real Lauf a.d. Pegnitz extract (../shared/data, skipped with the reason
 * printed where it is absent), as a planner in a new project does it: import the OSM file (its
 * Kitas and its road network), base units with population by age and four social spaces
 * (invented numbers, made here: the extract has no statistics), then walking isochrones around
 * all Kitas, the share of under-6s within 10 minutes per space, the white spots and two
 * suggested sites with their gain — offline.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createProjectFromMenu, importSpacesFromFile, newPage, openApp, screenshot, sharedBrowser, waitForMapIdle, watchPage } from './browser';
import { seededRandom } from '../bench/seeded';

const baseUrl = inject('baseUrl');
const lauf = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data', 'osm_germany', 'lauf-200115.osm.pbf');
const present = existsSync(lauf);
if (!present) console.log(`Skipping the Lauf reachability browser test: ${lauf} is not there.`);

const browser = sharedBrowser();

/** The extract's box: 11.247–11.308 E, 49.499–49.530 N, cut into 6 × 4 blocks (invented). */
const WEST = 11.247;
const EAST = 11.308;
const SOUTH = 49.499;
const NORTH = 49.53;
const COLUMNS = 6;
const ROWS = 4;

function rectangle(west: number, south: number, east: number, north: number) {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

/** Base units with invented population by age band, seeded. */
function unitsGeoJson(): string {
  const random = seededRandom(91207);
  const width = (EAST - WEST) / COLUMNS;
  const height = (NORTH - SOUTH) / ROWS;
  const features = [];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      const west = WEST + column * width;
      const south = SOUTH + row * height;
      const people = 200 + Math.floor(random() * 1800);
      features.push({
        type: 'Feature',
        properties: {
          key: `B${row}${column}`,
          name: `Block ${row + 1}-${column + 1}`,
          unter_6: Math.round(people * 0.055),
          '6_bis_15': Math.round(people * 0.085),
          '15_bis_18': Math.round(people * 0.03),
          '18_bis_21': Math.round(people * 0.03),
          '21_plus': Math.round(people * 0.8),
        },
        geometry: rectangle(west, south, west + width, south + height),
      });
    }
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Four social spaces, the quarters of the box (each 3 × 2 blocks). */
function spacesGeoJson(): string {
  const middleLon = WEST + ((EAST - WEST) * 3) / COLUMNS;
  const middleLat = SOUTH + ((NORTH - SOUTH) * 2) / ROWS;
  const quarters = [
    ['SR 1', 'Südwest', WEST, SOUTH, middleLon, middleLat],
    ['SR 2', 'Südost', middleLon, SOUTH, EAST, middleLat],
    ['SR 3', 'Nordwest', WEST, middleLat, middleLon, NORTH],
    ['SR 4', 'Nordost', middleLon, middleLat, EAST, NORTH],
  ] as const;
  return JSON.stringify({
    type: 'FeatureCollection',
    features: quarters.map(([code, name, west, south, east, north]) => ({ type: 'Feature', properties: { code, name }, geometry: rectangle(west, south, east, north) })),
  });
}

/** Import the base units through "Importieren …": key and name columns, age bands as guessed from the column names. */
async function importUnits(page: Page, name: string, content: string): Promise<void> {
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'application/geo+json', buffer: Buffer.from(content) });
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 30_000 });
  await page.selectOption('[data-testid="import-key"]', 'key');
  await page.selectOption('[data-testid="import-name"]', 'name');
  await page.click('[data-testid="import-submit"]');
  await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached', timeout: 30_000 });
}

async function finished(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="reach-progress"]', { state: 'detached', timeout: 30_000 });
}

describe.skipIf(!present)('reachability on the Lauf a.d. Pegnitz extract', () => {
  it('walking isochrones around all Kitas, under-6s covered per space, white spots and two suggested sites', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await createProjectFromMenu(page, 'Lauf Erreichbarkeit');

    await page.click('[data-testid="open-osm-import"]');
    await page.setInputFiles('[data-testid="osm-import-file"]', lauf);
    await page.waitForSelector('[data-testid="osm-import-description"]', { timeout: 30_000 });
    await page.click('[data-testid="osm-import-apply"]');
    await page.waitForSelector('[data-testid="osm-import-dialog"]', { state: 'detached' });
    await importUnits(page, 'lauf-baueinheiten.geojson', unitsGeoJson());
    const spacesFile = join(mkdtempSync(join(tmpdir(), 'lauf-')), 'lauf-sozialraeume.geojson');
    writeFileSync(spacesFile, spacesGeoJson());
    await importSpacesFromFile(page, spacesFile, { code: 'code', name: 'name' }, 4);

    await page.click('[data-testid="tab-reachability"]');
    await expect(page.textContent('[data-testid="reach-network"]')).resolves.toMatch(/10\.092 Knoten/);
    // Walking isochrones (5, 10, 15 min) around all Kitas of the extract.
    await expect(page.textContent('[data-testid="reach-origin-category"] + *, label:has([data-testid="reach-origin-category"])')).resolves.toMatch(/Kita \/ Kindertagespflege \((\d+)\)/);
    const started = Date.now();
    await page.click('[data-testid="reach-isochrones-run"]');
    await page.waitForSelector('[data-testid="reach-isochrone-band"]', { timeout: 30_000 });
    await finished(page);
    const bands = await page.locator('[data-testid="reach-isochrone-band"]').allTextContents();
    expect(bands.map((band) => /bis (\d+) min/.exec(band)![1])).toEqual(['5', '10', '15']);
    const areas = bands.map((band) => Number(/([\d,]+) km²/.exec(band)![1]!.replace(',', '.')));
    expect(areas[0]).toBeGreaterThan(0.5);
    expect(areas[0]).toBeLessThan(areas[1]!);
    expect(areas[1]).toBeLessThan(areas[2]!);
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-lauf-isochrones');

    // The under-6s within 10 minutes of a Kita, per social space.
    await page.click('[data-testid="reach-coverage-run"]');
    await page.waitForSelector('[data-testid="reach-coverage-table"]', { timeout: 30_000 });
    await finished(page);
    await expect(page.locator('[data-testid="reach-coverage-row"]').count()).resolves.toBe(4);
    for (const share of await page.locator('[data-testid="reach-coverage-share"]').allTextContents()) expect(share).toMatch(/^\d+ %$/);
    const district = Number((await page.textContent('[data-testid="reach-coverage-district-share"]'))!.replace(' %', ''));
    expect(district).toBeGreaterThan(30);
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-lauf-coverage');

    await page.check('[data-testid="reach-layer-white-spots"]');
    await expect(page.textContent('[data-testid="reach-white-spots"]')).resolves.toMatch(/^\d+ Sechsecke/);
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-lauf-white-spots');

    // Two new sites from a grid over the town.
    await page.selectOption('[data-testid="reach-candidates"]', 'grid');
    await page.fill('[data-testid="reach-budget"]', '2');
    await page.click('[data-testid="reach-sites-run"]');
    await page.waitForSelector('[data-testid="reach-site"]', { timeout: 30_000 });
    await finished(page);
    const sites = await page.locator('[data-testid="reach-site"]').allTextContents();
    expect(sites).toHaveLength(2);
    for (const site of sites) expect(site).toMatch(/SR \d+ .*: \+[\d.]+ Kinder erreicht, dann \d+ % versorgt/);
    console.log(`Lauf: isochrones, coverage and two sites in ${((Date.now() - started) / 1000).toFixed(1)} s (including the clicks)`);
    await page.locator('[data-testid="reach-sites"]').scrollIntoViewIfNeeded();
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-lauf-best-sites');
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  });
});
