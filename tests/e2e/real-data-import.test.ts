/**
 * The import issue's "done when", tried as a new user would: every kind of real file in
 * ../shared/data goes through the import wizard unedited (uploaded through the file input as
 * it is on disk) and comes out with the counts and coordinates the raw file holds; where the
 * wizard has to guess (a number format, an area key), the guess is visible and fixable.
 *
 * What the test checks against is read from the raw files here in Node (papaparse, proj4,
 * JSON.parse), never from the app's own parsers. Skipped with a printed reason when
 * ../shared/data is absent; the data files are never copied into the project.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MultiPolygon, Polygon } from 'geojson';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import proj4 from 'proj4';
import { booleanPointInPolygon } from '@turf/turf';
import { createProjectFromMenu, importSpacesFromFile, openApp, screenshot, sharedBrowser, waitForMapIdle } from './browser';

const baseUrl = inject('baseUrl');
const sharedData = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data');
const hasSharedData = existsSync(sharedData);
if (!hasSharedData) console.log(`Skipping the real-data import tests: ${sharedData} is not there.`);

const NRW_SCHOOLS = join(sharedData, 'nrw_schulen', 'AS_BS_Verzeichnis_2024_25_mit_Sozialindex_und_Koordinaten.csv');
const BERLIN = join(sharedData, 'berlin_lor');
const KITAS = join(BERLIN, 'resources', 'kindertagesstaetten.geojson');
const YOUTH_CENTRES = join(BERLIN, 'resources', 'jugendfreizeiteinrichtungen.geojson');
const SCHOOLS = join(BERLIN, 'resources', 'schulen.geojson');
const PROGNOSERAEUME = join(BERLIN, 'boundaries', 'lor_prognoseraeume_2021.geojson');
const POPULATION_PGR = join(BERLIN, 'stats', 'berlin-lor-population-2024-02-t2-forecast-areas.csv');
const OLD_PLR = join(BERLIN, 'boundaries', 'berlin-lor-planning-areas-until-2020.geojson');
const MSS_OLD_PLR = join(BERLIN, 'stats', 'mss_2021_k_08_14_15_old_plr.csv');
const HAMBURG = join(sharedData, 'hamburg_stadtteilprofile', 'Daten_fuer_die_Stadtteilprofile_2014.csv');
const POPULATION_PLR = join(BERLIN, 'stats', 'einwohnerbestand_06-2022_plr.csv');
const MSS_INDICES = join(BERLIN, 'stats', 'mss_2021_indizes.csv');
const VIOLENCE = join(BERLIN, 'stats', 'gewaltdelinquenz_jugend_2023.csv');

proj4.defs('EPSG:25833', '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');

/** Berlin, generously: every Berlin facility lies inside. */
const BERLIN_BOX = { west: 13.0, east: 13.8, south: 52.3, north: 52.7 };

const browser = sharedBrowser();

async function newProject(name: string): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
  const page = await context.newPage();
  await openApp(page, baseUrl);
  await createProjectFromMenu(page, name);
  return page;
}

/** Open the wizard and upload a file from disk through its file input, as a user picks it. */
async function openWizardWith(page: Page, path: string): Promise<void> {
  await page.click('[data-testid="open-csv-import"]');
  await page.setInputFiles('[data-testid="csv-file"]', path);
  await page.waitForSelector('[data-testid="csv-preview"]', { timeout: 90_000 });
}

/** Run the import and wait for the result. */
async function runImport(page: Page): Promise<string> {
  await page.click('[data-testid="csv-run"]');
  await page.waitForSelector('[data-testid="csv-result"]', { timeout: 120_000 });
  return (await page.textContent('[data-testid="csv-summary"]'))!;
}

/** Store the result as a layer with this name and wait until it is stored. */
async function saveLayer(page: Page, name: string): Promise<void> {
  await page.fill('[data-testid="csv-layer-name"]', name);
  await page.click('[data-testid="csv-save"]');
  await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached', timeout: 60_000 });
}

/** Import base units through the "Importieren" dialog (key and name columns chosen). */
async function importUnits(page: Page, path: string, key: string, name: string): Promise<string> {
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', path);
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  await page.selectOption('[data-testid="import-key"]', key);
  await page.selectOption('[data-testid="import-name"]', name);
  return (await page.textContent('[data-testid="import-dialog"]'))!;
}

/** "Basiseinheiten ohne Sozialraum: n" after the base units are stored. */
async function submitUnits(page: Page, count: number): Promise<void> {
  await page.click('[data-testid="import-submit"]');
  await page.waitForSelector(`[data-testid="unassigned-count"]:has-text("Basiseinheiten ohne Sozialraum: ${count}")`, { timeout: 60_000 });
}

interface StoredPoints {
  length: number;
  lon: number[];
  lat: number[];
  numbers: Record<string, number[]>;
  texts: Record<string, (string | null)[]>;
  /** Resource records (compared by position, not in file order). */
  records?: boolean;
}

/**
 * The point table of the open project's layer `layerName`, assembled from IndexedDB as
 * src/store/point-layers.ts stores it: the layer names its current set, the set lists its
 * chunks, each chunk holds lon/lat and number columns as typed arrays and text columns as
 * codes into a dictionary the chunks extend (code 0: empty).
 */
async function storedPoints(page: Page, layerName: string): Promise<StoredPoints> {
  return page.evaluate(async (name) => {
    interface ResourceRecord {
      layerId: string;
      name: string;
      category: string;
      capacity: number | null;
      geometry: { coordinates: [number, number] };
    }
    interface LayerRecord {
      id: string;
      projectId: string;
      name: string;
      points?: { set: string; length: number };
    }
    interface SetRecord {
      chunks: number[];
    }
    interface ChunkRecord {
      lon: Float64Array;
      lat: Float64Array;
      numbers: { name: string; values: Float64Array }[];
      texts: { name: string; codes: Uint32Array; added: string[] }[];
    }
    const projectId = localStorage.getItem('sozialraum-atlas.activeProject')!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const read = <T>(store: string, query: IDBValidKey | IDBKeyRange, all = false) =>
      new Promise<T>((resolve, reject) => {
        const objectStore = db.transaction(store).objectStore(store);
        const request = all ? objectStore.index('projectId').getAll(query) : objectStore.get(query);
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const layers = await read<LayerRecord[]>('layers', projectId, true);
    const matching = layers.filter((layer) => layer.name === name);
    if (matching.length !== 1) throw new Error(`${matching.length} layers named "${name}"`);
    const layer = matching[0]!;
    if (!layer.points) {
      // Resources are stored as records, one per row (sorted here by position, not file order).
      const records = (await read<ResourceRecord[]>('resources', projectId, true)).filter((record) => record.layerId === layer.id);
      records.sort((a, b) => a.geometry.coordinates[0] - b.geometry.coordinates[0] || a.geometry.coordinates[1] - b.geometry.coordinates[1]);
      db.close();
      return {
        length: records.length,
        lon: records.map((record) => record.geometry.coordinates[0]),
        lat: records.map((record) => record.geometry.coordinates[1]),
        numbers: { capacity: records.map((record) => record.capacity ?? Number.NaN) },
        texts: { name: records.map((record) => record.name), category: records.map((record) => record.category) },
        records: true,
      };
    }
    const set = await read<SetRecord>('pointSets', [projectId, layer.id, layer.points!.set]);
    const result: StoredPoints = { length: layer.points.length, lon: [], lat: [], numbers: {}, texts: {} };
    const dictionaries: Record<string, string[]> = {};
    for (const number of set.chunks) {
      const chunk = await read<ChunkRecord>('pointChunks', [projectId, layer.id, number]);
      result.lon.push(...chunk.lon);
      result.lat.push(...chunk.lat);
      for (const column of chunk.numbers) (result.numbers[column.name] ??= []).push(...column.values);
      for (const column of chunk.texts) {
        const dictionary = (dictionaries[column.name] ??= []);
        dictionary.push(...column.added);
        (result.texts[column.name] ??= []).push(...Array.from(column.codes, (code) => (code === 0 ? null : dictionary[code - 1]!)));
      }
    }
    db.close();
    return result;
  }, layerName);
}

/** Base units of the open project as IndexedDB holds them. */
async function storedUnits(page: Page): Promise<{ key: string; name: string; geometry: Polygon | MultiPolygon }[]> {
  return page.evaluate(async () => {
    const projectId = localStorage.getItem('sozialraum-atlas.activeProject')!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const units = await new Promise<{ key: string; name: string; geometry: Polygon | MultiPolygon }[]>((resolve, reject) => {
      const request = db.transaction('units').objectStore('units').index('projectId').getAll(projectId);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return units.map(({ key, name, geometry }) => ({ key, name, geometry }));
  });
}

/** A CSV read here with papaparse (BOM dropped), with the delimiter given. */
function readCsvWith(path: string, delimiter: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), { header: true, delimiter, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function readCsv(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

interface PointFeature {
  properties: Record<string, string | null>;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

function readPoints(path: string): PointFeature[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { features: PointFeature[] }).features;
}

/**
 * Largest difference in degrees between stored positions and the expected ones: in file order
 * for point layers, in the order of position for resource records (both sides sorted alike).
 */
function largestShift(stored: StoredPoints, expected: [number, number][]): number {
  let worst = 0;
  const ordered = stored.records ? [...expected].sort((a, b) => a[0] - b[0] || a[1] - b[1]) : expected;
  ordered.forEach(([lon, lat], index) => {
    worst = Math.max(worst, Math.abs(stored.lon[index]! - lon), Math.abs(stored.lat[index]! - lat));
  });
  return worst;
}

/** The preview cell in data row `row` (0-based) and file column `column`. */
function previewCell(page: Page, row: number, column: number) {
  return page.locator(`[data-testid="csv-preview"] tbody tr:nth-child(${row + 1}) td:nth-child(${column + 1})`);
}

describe.skipIf(!hasSharedData)('real files through the import wizard', () => {
  it('imports the NRW school list (5407 rows, lat/lon, two without coordinates)', async () => {
    const rows = readCsv(NRW_SCHOOLS);
    expect(rows).toHaveLength(5407);
    const header = Object.keys(rows[0]!);
    const latitude = header.indexOf('latitude');
    const longitude = header.indexOf('longitude');
    const located = rows.filter((row) => row['latitude'] !== '' && row['longitude'] !== '');
    // File lines (line 1 is the header; no field spans lines) of the rows without coordinates.
    const withoutCoordinates = rows.flatMap((row, index) => (row['latitude'] === '' || row['longitude'] === '' ? [index + 2] : []));
    expect(withoutCoordinates).toHaveLength(2);
    // Lines of rows outside Germany's bounding box (5.8–15.1 E, 47.0–55.1 N, 0.1° to spare).
    const abroad = rows.flatMap((row, index) => {
      if (row['latitude'] === '' || row['longitude'] === '') return [];
      const [lon, lat] = [Number(row['longitude']), Number(row['latitude'])];
      return lon < 5.7 || lon > 15.2 || lat < 46.9 || lat > 55.2 ? [index + 2] : [];
    });

    const page = await newProject('NRW Schulen');
    await openWizardWith(page, NRW_SCHOOLS);
    await expect(page.inputValue('[data-testid="csv-encoding"]')).resolves.toBe('utf-8');
    await expect(page.inputValue('[data-testid="csv-delimiter"]')).resolves.toBe(',');
    await expect(page.isChecked('[data-testid="csv-header"]')).resolves.toBe(true);
    await expect(page.isChecked('[data-testid="csv-location-coordinates"]')).resolves.toBe(true);
    await expect(page.inputValue('[data-testid="csv-coordinate-0"]')).resolves.toBe(String(latitude));
    await expect(page.inputValue('[data-testid="csv-coordinate-1"]')).resolves.toBe(String(longitude));
    // Latitude comes first in the file, so the pair is read as y, x in WGS 84.
    await expect(page.inputValue('[data-testid="csv-crs"]')).resolves.toBe('EPSG:4326|yx|false');
    expect(await page.isVisible('[data-testid="csv-crs-hint"]')).toBe(false);
    // The AGS keeps its leading zero in the preview (read as text, not as a number).
    await expect(previewCell(page, 0, header.indexOf('Amtlicher Gemeindeschlüssel')).textContent()).resolves.toBe('05111000');
    // Coordinates with all their decimals (first row: 51.2751293, 6.7829699).
    await expect(previewCell(page, 0, latitude).textContent()).resolves.toBe('51,2751293');
    await expect(previewCell(page, 0, longitude).textContent()).resolves.toBe('6,7829699');
    await screenshot(page, 'real-data-nrw-detected');

    const summary = await runImport(page);
    expect(summary).toContain('5.405 von 5.407 Zeilen mit Lage importiert');
    expect(summary).toContain('0 Zeilen abgelehnt, 2 ohne Lage');
    const problems = (await page.textContent('[data-testid="csv-problems"]'))!;
    for (const line of withoutCoordinates) expect(problems).toMatch(new RegExp(`Zeile ${line}: keine Lageangabe`));
    // The geocoder put three schools abroad (France, the USA): imported, but listed for a look.
    expect(abroad).toHaveLength(3);
    for (const line of abroad) expect(problems).toMatch(new RegExp(`Zeile ${line}: „[^“]*“ — liegt außerhalb Deutschlands \\(importiert\\)`));
    await expect(page.textContent('[data-testid="csv-result"]')).resolves.toContain('Auffällige Zeilen: 5');
    await screenshot(page, 'real-data-nrw-result');
    await saveLayer(page, 'Schulen NRW');

    const stored = await storedPoints(page, 'Schulen NRW');
    expect(stored.length).toBe(5405);
    expect(stored.lon).toHaveLength(5405);
    // Every school where the file puts it (file order, rows without coordinates left out).
    const expected = located.map((row) => [Number(row['longitude']), Number(row['latitude'])] as [number, number]);
    expect(largestShift(stored, expected)).toBeLessThan(1e-9);
    await waitForMapIdle(page);
    await screenshot(page, 'real-data-nrw-on-map');
    await page.context().close();
  }, 240_000);

  it('imports Berlin Kitas from GeoJSON in EPSG:25833 with their places (2880 points, 194979 places)', async () => {
    const features = readPoints(KITAS);
    expect(features).toHaveLength(2880);
    const places = features.reduce((sum, feature) => sum + Number(feature.properties['e_platz']), 0);
    expect(places).toBe(194_979);

    const page = await newProject('Berlin Kitas');
    await openWizardWith(page, KITAS);
    const facts = (await page.textContent('[data-testid="csv-vector-facts"]'))!;
    expect(facts).toContain('2.880 Objekte als Zeilen gelesen');
    expect(facts).toContain('0 ausgelassen');
    expect(facts).toContain('25833');
    // The places, written as strings in the GeoJSON, are read as numbers and offered as capacity.
    const columns = await page.locator('[data-testid="csv-preview"] thead th').allTextContents();
    const placesColumn = columns.findIndex((text) => text.trim().startsWith('e_platz'));
    expect(placesColumn).toBeGreaterThanOrEqual(0);
    await expect(page.inputValue(`[data-testid="csv-format-${placesColumn}"]`)).resolves.toMatch(/^number-/);
    await expect(page.inputValue('[data-testid="csv-role-capacity"]')).resolves.toBe(String(placesColumn));
    await page.selectOption('[data-testid="csv-role-capacity"]', String(placesColumn));
    await expect(page.inputValue('[data-testid="csv-crs"]')).resolves.toBe('EPSG:4326|xy|false');
    await screenshot(page, 'real-data-kitas-detected');

    const summary = await runImport(page);
    expect(summary).toContain('2.880 von 2.880 Zeilen mit Lage importiert');
    expect(await page.isVisible('[data-testid="csv-problems"]')).toBe(false);
    await saveLayer(page, 'Kitas Berlin');

    const stored = await storedPoints(page, 'Kitas Berlin');
    expect(stored.length).toBe(2880);
    // Stored as resources: the places are their capacity; every one a Kita (from the file name).
    expect(stored.numbers['capacity']!.reduce((sum, value) => sum + value, 0)).toBe(194_979);
    expect(new Set(stored.texts['category'])).toEqual(new Set(['kita']));
    for (let index = 0; index < stored.length; index++) {
      expect(stored.lon[index]).toBeGreaterThan(BERLIN_BOX.west);
      expect(stored.lon[index]).toBeLessThan(BERLIN_BOX.east);
      expect(stored.lat[index]).toBeGreaterThan(BERLIN_BOX.south);
      expect(stored.lat[index]).toBeLessThan(BERLIN_BOX.north);
    }
    // Every Kita where the UTM 33 coordinates put it (within about 1 cm).
    const expected = features.map((feature) => proj4('EPSG:25833', 'EPSG:4326', feature.geometry.coordinates) as [number, number]);
    expect(largestShift(stored, expected)).toBeLessThan(1e-7);
    await waitForMapIdle(page);
    await screenshot(page, 'real-data-kitas-on-map');

    // Youth centres and schools come through the same way.
    for (const [path, count] of [
      [YOUTH_CENTRES, 407],
      [SCHOOLS, 902],
    ] as const) {
      expect(readPoints(path)).toHaveLength(count);
      await openWizardWith(page, path);
      await expect(page.textContent('[data-testid="csv-vector-facts"]')).resolves.toContain(`${count} Objekte als Zeilen gelesen`);
      const result = await runImport(page);
      expect(result).toContain(`${count} von ${count} Zeilen mit Lage importiert`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached' });
    }
    await page.context().close();
  }, 240_000);

  it('joins the population of the 58 Prognoseräume to the imported base units by key', async () => {
    const rows = readCsv(POPULATION_PGR);
    expect(rows).toHaveLength(58);
    const children = rows.reduce((sum, row) => sum + Number(row['inhabitants_age_below_6']), 0);

    const page = await newProject('Berlin Prognoseräume');
    const dialog = await importUnits(page, PROGNOSERAEUME, 'PGR_ID', 'PGR_NAME');
    expect(dialog).toContain('Es werden 58 übernommen.');
    await submitUnits(page, 58);
    await waitForMapIdle(page);

    await openWizardWith(page, POPULATION_PGR);
    const header = Object.keys(rows[0]!);
    // The key "0110" keeps its leading zero.
    await expect(previewCell(page, 0, header.indexOf('id')).textContent()).resolves.toBe('0110');
    await page.selectOption('[data-testid="csv-target"]', 'demand');
    await page.selectOption('[data-testid="csv-role-count"]', String(header.indexOf('inhabitants_age_below_6')));
    await page.check('[data-testid="csv-location-area"]');
    await page.selectOption('[data-testid="csv-area-key"]', String(header.indexOf('id')));
    await page.selectOption('[data-testid="csv-join-to"]', 'units');
    expect(await page.isVisible('[data-testid="csv-plan-missing"]')).toBe(false);
    const summary = await runImport(page);
    expect(summary).toContain('58 von 58 Zeilen mit Lage importiert');
    expect(await page.isVisible('[data-testid="csv-unmatched"]')).toBe(false);
    await screenshot(page, 'real-data-pgr-result');
    await saveLayer(page, 'Einwohner 2024');
    await waitForMapIdle(page);
    await screenshot(page, 'real-data-pgr-on-map');

    const stored = await storedPoints(page, 'Einwohner 2024');
    expect(stored.length).toBe(58);
    expect(stored.numbers['inhabitants_age_below_6']!.reduce((sum, value) => sum + value, 0)).toBe(children);
    // Each row is drawn inside the Prognoseraum its key names.
    const keys = stored.texts['id'];
    expect(keys, 'the key column is stored as text').toBeDefined();
    expect(new Set(keys)).toEqual(new Set(rows.map((row) => row['id'])));
    const units = new Map((await storedUnits(page)).map((unit) => [unit.key, unit]));
    expect(units.size).toBe(58);
    keys!.forEach((key, index) => {
      const unit = units.get(key!)!;
      expect(booleanPointInPolygon([stored.lon[index]!, stored.lat[index]!], unit.geometry), `row of ${key} lies in ${unit.name}`).toBe(true);
    });
    await page.context().close();
  }, 180_000);

  it('sums Planungsraum tables (BOM, CRLF, key in the last column, quoted keys) up to the 58 Prognoseräume by the first digits of their keys', async () => {
    // What the files say, read here: under-6s per Prognoseraum = sum over its Planungsräume.
    const population = readCsvWith(POPULATION_PLR, ';');
    expect(population).toHaveLength(542);
    const underSix = new Map<string, number>();
    // Four Planungsräume write "–" (no value): not counted.
    const noValue = population.filter((row) => !/^\d+$/.test(row['unter6']!)).map((row) => row['unter6']);
    expect(noValue).toEqual(['–', '–', '–', '–']);
    for (const row of population) underSix.set(row['PLR-ID']!.slice(0, 4), (underSix.get(row['PLR-ID']!.slice(0, 4)) ?? 0) + (Number(row['unter6']) || 0));
    expect(underSix.size).toBe(58);
    expect(readCsvWith(MSS_INDICES, ',')).toHaveLength(542);
    const violence = readCsvWith(VIOLENCE, ',');
    expect(violence).toHaveLength(542);

    const page = await newProject('Berlin Planungsräume');
    await importSpacesFromFile(page, PROGNOSERAEUME, { code: 'PGR_ID', name: 'PGR_NAME' }, 58);

    // The population file: BOM, CRLF, `;`, the key as its last column, read as text (leading zero kept).
    await openWizardWith(page, POPULATION_PLR);
    await expect(page.inputValue('[data-testid="csv-encoding"]')).resolves.toBe('utf-8');
    await expect(page.inputValue('[data-testid="csv-delimiter"]')).resolves.toBe(';');
    await expect(page.textContent('[data-testid="csv-facts"]')).resolves.toContain('BOM');
    const header = Object.keys(population[0]!);
    expect(header.at(-1)).toBe('PLR-ID');
    await expect(previewCell(page, 0, header.length - 1).textContent()).resolves.toBe('01100101');
    // Numbers per area and no names: figures per area, joined by the key column.
    await expect(page.inputValue('[data-testid="csv-target"]')).resolves.toBe('statistics');
    await page.check('[data-testid="csv-location-area"]');
    await page.selectOption('[data-testid="csv-area-key"]', String(header.length - 1));
    await page.selectOption('[data-testid="csv-join-to"]', 'spaces');
    // Without summing up, no 8-digit key fits a 4-digit Prognoseraum: all listed, none lost.
    let summary = await runImport(page);
    expect(summary).toContain('0 von 542 Zeilen mit Lage importiert');
    await page.click('[data-testid="csv-back"]');
    await page.check('[data-testid="csv-join-parents"]');
    summary = await runImport(page);
    expect(summary).toContain('542 von 542 Zeilen mit Lage importiert');
    await expect(page.textContent('[data-testid="csv-parents-report"]')).resolves.toContain('542 Zeilen über die ersten 4 Stellen');
    await screenshot(page, 'real-data-plr-to-pgr');
    await saveLayer(page, 'Einwohner 06/2022');

    // Two more Planungsraum tables: the social monitoring (`,`, quoted keys) and youth violence (its own pgr_id).
    for (const [path, keyColumn, parents, name] of [
      [MSS_INDICES, 'PLR_ID', true, 'MSS 2021'],
      [VIOLENCE, 'pgr_id', false, 'Gewaltdelinquenz 2023'],
    ] as const) {
      await openWizardWith(page, path);
      await page.selectOption('[data-testid="csv-target"]', 'statistics');
      await page.check('[data-testid="csv-location-area"]');
      const columns = await page.locator('[data-testid="csv-area-key"] option').allTextContents();
      await page.selectOption('[data-testid="csv-area-key"]', String(columns.indexOf(keyColumn) - 1));
      await page.selectOption('[data-testid="csv-join-to"]', 'spaces');
      if (parents) await page.check('[data-testid="csv-join-parents"]');
      expect(await runImport(page)).toContain('542 von 542 Zeilen mit Lage importiert');
      await saveLayer(page, name);
    }

    // The under-6s per Prognoseraum, as the indicator table shows them.
    await page.click('[data-testid="tab-demand"]');
    await page.waitForSelector('[data-testid="demand-table"]');
    const sources = await page.locator('[data-testid="demand-source"] option').evaluateAll((options) => options.map((option) => ({ value: (option as HTMLOptionElement).value, text: option.textContent ?? '' })));
    await page.selectOption('[data-testid="demand-source"]', sources.find((option) => option.text.startsWith('Einwohner 06/2022'))!.value);
    await page.selectOption('[data-testid="demand-column"]', 'unter6');
    await page.selectOption('[data-testid="demand-measure"]', 'count');
    const shown = await page.locator('[data-testid="demand-row"]').evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('th button')!.textContent!.trim(), row.querySelector('[data-testid="demand-count"]')!.textContent!.trim()] as const),
    );
    expect(shown).toHaveLength(58);
    for (const [code, count] of shown) expect(Number(count.replace(/\./g, '')), code).toBe(underSix.get(code));
    // The row without a value is said, not dropped silently.
    await expect(page.textContent('[data-testid="demand-skipped"]')).resolves.toContain(`${noValue.length} Zeilen ohne Jahr oder Wert`);
    await waitForMapIdle(page);
    await screenshot(page, 'real-data-plr-under-six-per-pgr');
    await page.context().close();
  }, 240_000);

  it('lists the old Planungsraum key without a polygon and locates it once mapped by hand', async () => {
    const rows = readCsv(MSS_OLD_PLR);
    expect(rows).toHaveLength(437);

    const page = await newProject('Berlin alte PLR');
    // 448 features with 447 distinct ids: the second 06010102 is skipped and named.
    const dialog = await importUnits(page, OLD_PLR, 'id', 'name');
    expect(dialog).toContain('448 Objekte');
    expect(dialog).toContain('Es werden 447 übernommen.');
    expect(dialog).toContain('1 Objekte werden übersprungen');
    expect(dialog).toContain('Schlüssel doppelt');
    await screenshot(page, 'real-data-old-plr-units');
    await submitUnits(page, 447);
    await waitForMapIdle(page);

    await openWizardWith(page, MSS_OLD_PLR);
    await page.check('[data-testid="csv-location-area"]');
    await page.selectOption('[data-testid="csv-area-key"]', '0');
    await page.selectOption('[data-testid="csv-join-to"]', 'units');
    const summary = await runImport(page);
    expect(summary).toContain('436 von 437 Zeilen mit Lage importiert');
    expect(summary).toContain('1 ohne Lage');
    await expect(page.textContent('[data-testid="csv-unmatched"]')).resolves.toContain('„04030417“ (1)');
    await expect(page.textContent('[data-testid="csv-problems"]')).resolves.toContain('„04030417“ — Schlüssel passt zu keinem Gebiet');
    const select = page.locator('[data-testid="csv-map-key"]');
    await expect(select.count()).resolves.toBe(1);
    await screenshot(page, 'real-data-old-plr-unmatched');

    // The planner maps the key to the first area the wizard offers as similar, and imports again.
    const candidate = (await select.locator('optgroup').first().locator('option').first().getAttribute('value'))!;
    await select.selectOption(candidate);
    await page.click('[data-testid="csv-rerun"]');
    await page.waitForSelector('[data-testid="csv-summary"]:has-text("437 von 437 Zeilen mit Lage importiert")', { timeout: 60_000 });
    expect(await page.isVisible('[data-testid="csv-unmatched"]')).toBe(false);
    await screenshot(page, 'real-data-old-plr-mapped');
    await saveLayer(page, 'MSS 2021 alte PLR');
    expect((await storedPoints(page, 'MSS 2021 alte PLR')).length).toBe(437);
    await page.context().close();
  }, 180_000);

  it('reads the Hamburg Stadtteilprofile (`;`, decimal comma, space thousands) and joins rows by name', async () => {
    const text = readFileSync(HAMBURG, 'utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    const header = lines[0]!.split(';');
    const table = lines.slice(1).map((line) => line.split(';'));
    expect(table).toHaveLength(107);
    const population = header.indexOf('Bevölkerung');
    const share = header.indexOf('Anteil der unter 18-Jährigen in %');
    const balance = header.indexOf('Wanderungssaldo');
    // The first row as written: "Hamburg-Altstadt; 1 675    ;  162    ; 9,7    ; …;-  23    ; …".
    expect(table[0]![0]).toBe('Hamburg-Altstadt');
    expect(table[0]![population]!.trim()).toBe('1 675');
    expect(table[0]![share]!.trim()).toBe('9,7');
    expect(table[0]![balance]!.trim()).toBe('-  23');

    const page = await newProject('Hamburg');
    // Hamburg has no boundary file in the shared data. To show the join by name, the test makes
    // six square base units named after real Stadtteile, written the way other sources write
    // them (underscores, capitals, "ss" for "ß", "ue" for "ü", spaces for hyphens). The squares
    // stand for no real geography; only the names matter here.
    const unitNames: Record<string, string> = {
      'Hamburg-Altstadt': 'Hamburg_Altstadt',
      'St. Pauli': 'St_Pauli',
      'Groß Flottbek': 'GROSS FLOTTBEK',
      'Barmbek-Süd': 'Barmbek-Sued',
      'Neugraben-Fischbek': 'Neugraben Fischbek',
      Rönneburg: 'Roenneburg',
    };
    const squares = Object.values(unitNames).map((name, index) => {
      const [west, south] = [9.85 + index * 0.03, 53.5];
      return {
        type: 'Feature',
        properties: { Nummer: `HH${String(index + 1).padStart(2, '0')}`, Stadtteil: name },
        geometry: { type: 'Polygon', coordinates: [[[west, south], [west + 0.02, south], [west + 0.02, south + 0.02], [west, south + 0.02], [west, south]]] },
      };
    });
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'stadtteile-synthetisch.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: squares })),
    });
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 30_000 });
    await page.selectOption('[data-testid="import-key"]', 'Nummer');
    await page.selectOption('[data-testid="import-name"]', 'Stadtteil');
    await submitUnits(page, 6);
    await waitForMapIdle(page);

    await openWizardWith(page, HAMBURG);
    await expect(page.inputValue('[data-testid="csv-encoding"]')).resolves.toBe('utf-8');
    await expect(page.inputValue('[data-testid="csv-delimiter"]')).resolves.toBe(';');
    await expect(page.isChecked('[data-testid="csv-header"]')).resolves.toBe(true);
    const markers = (await page.textContent('[data-testid="csv-markers"]'))!;
    expect(markers).toContain('„.“ (84×)');
    expect(markers).toContain('„-“ (2×)');
    // Numbers read as the file means them: space thousands, decimal comma, "-  23" negative.
    await expect(page.inputValue(`[data-testid="csv-format-${population}"]`)).resolves.toBe('number-comma');
    await expect(page.inputValue(`[data-testid="csv-format-${share}"]`)).resolves.toBe('number-comma');
    await expect(previewCell(page, 0, 0).textContent()).resolves.toBe('Hamburg-Altstadt');
    await expect(previewCell(page, 0, population).textContent()).resolves.toBe('1.675');
    await expect(previewCell(page, 0, share).textContent()).resolves.toBe('9,7');
    await expect(previewCell(page, 0, balance).textContent()).resolves.toBe('-23');
    await screenshot(page, 'real-data-hamburg-detected');

    // A wrong guess shows in the preview and is undone in the column header.
    await page.selectOption(`[data-testid="csv-format-${population}"]`, 'text');
    await expect.poll(() => previewCell(page, 0, population).textContent()).toBe('1 675');
    await page.selectOption(`[data-testid="csv-format-${share}"]`, 'number-point');
    await expect.poll(() => previewCell(page, 0, share).textContent()).toBe('⚠ unlesbar');
    await screenshot(page, 'real-data-hamburg-wrong-format');
    await page.selectOption(`[data-testid="csv-format-${population}"]`, 'number-comma');
    await page.selectOption(`[data-testid="csv-format-${share}"]`, 'number-comma');
    await expect.poll(() => previewCell(page, 0, population).textContent()).toBe('1.675');
    await expect.poll(() => previewCell(page, 0, share).textContent()).toBe('9,7');

    // Located by the Stadtteil name, joined to the six units.
    await page.selectOption('[data-testid="csv-target"]', 'demand');
    await page.selectOption('[data-testid="csv-role-count"]', String(population));
    await page.check('[data-testid="csv-location-area"]');
    await page.selectOption('[data-testid="csv-area-key"]', '0');
    await page.selectOption('[data-testid="csv-join-to"]', 'units');
    const summary = await runImport(page);
    expect(summary).toContain('6 von 107 Zeilen mit Lage importiert');
    expect(summary).toContain('0 Zeilen abgelehnt, 101 ohne Lage');
    // The rest is listed, each distinct name once (four Bezirke share their name with a Stadtteil).
    const unmatched = (await page.textContent('[data-testid="csv-unmatched"]'))!;
    expect(unmatched).toContain('„HafenCity“ (1)');
    expect(unmatched).toContain('„Bergedorf“ (2)');
    expect(unmatched).toContain('„Hamburg“ (1)');
    for (const name of Object.keys(unitNames)) expect(unmatched).not.toContain(`„${name}“`);
    await expect(page.locator('[data-testid="csv-map-key"]').count()).resolves.toBe(97);
    await screenshot(page, 'real-data-hamburg-result');
    await saveLayer(page, 'Stadtteilprofile 2014');

    const stored = await storedPoints(page, 'Stadtteilprofile 2014');
    expect(stored.length).toBe(6);
    const names = stored.texts['Stadtgebiet']!;
    expect(new Set(names)).toEqual(new Set(Object.keys(unitNames)));
    // The population of each joined row as the raw file writes it ("1 675" → 1675).
    const rawPopulation = new Map(table.map((cells) => [cells[0]!, Number(cells[population]!.replace(/\s/g, '').replace(',', '.'))]));
    names.forEach((name, index) => expect(stored.numbers['Bevölkerung']![index], name!).toBe(rawPopulation.get(name!)));
    await waitForMapIdle(page);
    await screenshot(page, 'real-data-hamburg-on-map');
    await page.context().close();
  }, 180_000);
});
