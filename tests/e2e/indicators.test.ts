/**
 * Indicators as a planner builds them: the office's demand table (Windows-1252, `;`) imported
 * through the wizard and mapped as a rate, a help group of the project's own, the cases
 * stacked by setting and every space's trend; Kita places per 100 children under 6 from the
 * project's resources; and the demand issue's "done when" on real Berlin data: Prognoseräume,
 * their population from a CSV and the Kitas by position, a correct rate map in under a minute.
 *
 * Expected numbers are computed here in Node from the raw files (Turf, proj4, papaparse),
 * never with the app's own aggregation. The Berlin test skips with a printed reason when
 * ../shared/data is absent; its files are never copied into the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import proj4 from 'proj4';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { createProjectFromMenu, demandTableRows, importSpacesFromFile, newPage, openApp, screenshot, sharedBrowser, waitForMapIdle, watchPage } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const DEMAND_CSV = join(root, 'data', 'demo-demand-by-space.csv');
const sharedData = join(root, '..', 'shared', 'data');
const hasSharedData = existsSync(sharedData);
if (!hasSharedData) console.log(`Skipping the Berlin indicator test: ${sharedData} is not there.`);

interface DemoProject {
  spaces: { id: string; code: string; geometry: Polygon | MultiPolygon; unitIds: string[] }[];
  units: { id: string; population: { age0to6: number } }[];
  resources: { category: string; capacity: number | null; geometry: { type: 'Point'; coordinates: [number, number] } }[];
}


/** "1.234,5" → 1234.5 */
const german = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));
const oneDecimal = (value: number) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);

async function openDemand(page: Page): Promise<void> {
  await page.click('[data-testid="tab-demand"]');
  await page.waitForSelector('[data-testid="demand-table"]');
}

/** The option of a select whose text starts with `prefix`. */
async function optionValue(page: Page, select: string, prefix: string): Promise<string> {
  const options = await page.locator(`${select} option`).evaluateAll((elements) => elements.map((option) => ({ value: (option as HTMLOptionElement).value, text: option.textContent ?? '' })));
  const found = options.find((option) => option.text.trim().startsWith(prefix));
  if (!found) throw new Error(`No option "${prefix}…" in ${select}: ${options.map((option) => option.text).join(' | ')}`);
  return found.value;
}

describe('indicators', () => {
  it('imports the office demand table, maps it as a rate, adds an own help group and shows settings and trends per space', async () => {
    // What the file says: cases per space code and help type in 2025.
    const rows = Papa.parse<Record<string, string>>(new TextDecoder('windows-1252').decode(readFileSync(DEMAND_CSV)), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    const cases2025 = (code: string, types: string[] | null) =>
      rows.filter((row) => row['Jahr'] === '2025' && row['Sozialraum'] === code && (types === null || types.includes(row['Hilfeart']!))).reduce((sum, row) => sum + Number(row['Fälle']), 0);
    const codes = [...new Set(rows.map((row) => row['Sozialraum']!))];
    expect(codes).toHaveLength(8);

    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await page.click('[data-testid="open-csv-import"]');
    await page.setInputFiles('[data-testid="csv-file"]', DEMAND_CSV);
    await page.waitForSelector('[data-testid="csv-preview"]', { timeout: 60_000 });
    await expect(page.inputValue('[data-testid="csv-encoding"]')).resolves.toBe('windows-1252');
    await expect(page.inputValue('[data-testid="csv-delimiter"]')).resolves.toBe(';');
    // Help types and counts by year: read as help demand, joined to the spaces by their code.
    await expect(page.inputValue('[data-testid="csv-target"]')).resolves.toBe('demand');
    await page.check('[data-testid="csv-location-area"]');
    await page.selectOption('[data-testid="csv-area-key"]', '0');
    await page.selectOption('[data-testid="csv-join-to"]', 'spaces');
    await page.click('[data-testid="csv-run"]');
    await page.waitForSelector('[data-testid="csv-result"]', { timeout: 60_000 });
    await expect(page.textContent('[data-testid="csv-summary"]')).resolves.toContain(`${rows.length} von ${rows.length} Zeilen mit Lage importiert`);
    await page.fill('[data-testid="csv-layer-name"]', 'Fallzahlen Jugendamt');
    await page.click('[data-testid="csv-save"]');
    await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached', timeout: 60_000 });

    await openDemand(page);
    await page.selectOption('[data-testid="demand-source"]', await optionValue(page, '[data-testid="demand-source"]', 'Fallzahlen Jugendamt'));
    await page.selectOption('[data-testid="demand-measure"]', 'count');
    await expect.poll(() => page.textContent('[data-testid="demand-title"]')).toBe('Alle Hilfen: Fälle 2025');
    const all = await demandTableRows(page);
    for (const code of codes) expect(german(all.get(code)!.count)).toBe(cases2025(code, null));

    // An own group: foster families and homes (§§ 33, 34), made in the dialog and chosen at once.
    await page.click('[data-testid="demand-help-groups"]');
    await page.click('[data-testid="help-group-new"]');
    await page.fill('[data-testid="help-group-name"]', 'Pflegefamilie und Heim');
    await page.check('[data-testid="help-group-type-33"]');
    await page.check('[data-testid="help-group-type-34"]');
    await page.click('[data-testid="help-group-save"]');
    await expect(page.textContent('[data-testid="help-groups"]')).resolves.toContain('§ 33, § 34');
    await screenshot(page, 'indicators-help-group-dialog');
    await page.click('[data-testid="help-groups-close"]');
    await expect.poll(() => page.textContent('[data-testid="demand-title"]')).toBe('Pflegefamilie und Heim: Fälle 2025');
    const group = await demandTableRows(page);
    const threshold = 5;
    for (const code of codes) {
      const expected = cases2025(code, ['§ 33', '§ 34']);
      const shown = group.get(code)!.count;
      // Shown as counted, or hidden: never a count below the threshold.
      if (shown === '< 5' || shown === '•') expect(shown === '•' || expected < threshold).toBe(true);
      else expect(german(shown)).toBe(expected);
    }
    await expect(page.textContent('[data-testid="demand-district-count"]')).resolves.toBe(
      new Intl.NumberFormat('de-DE').format(codes.reduce((sum, code) => sum + cases2025(code, ['§ 33', '§ 34']), 0)),
    );

    // The share of residential help in all help of the district, in %.
    await page.selectOption('[data-testid="demand-group"]', 'stationaer');
    await page.selectOption('[data-testid="demand-measure"]', 'share');
    await expect.poll(() => page.textContent('[data-testid="demand-title"]')).toBe('Stationäre Hilfen: Anteil an allen Hilfen in %, 2025');
    const residential = codes.reduce((sum, code) => sum + cases2025(code, ['§ 33', '§ 34', '§ 41']), 0);
    const everything = codes.reduce((sum, code) => sum + cases2025(code, null), 0);
    await expect(page.textContent('[data-testid="demand-district-value"]')).resolves.toBe(oneDecimal((residential / everything) * 100));
    await page.selectOption('[data-testid="demand-group"]', { label: 'Pflegefamilie und Heim' });

    // As a rate per 1,000 under 21: legend, ranking, one small chart per space, the settings stacked.
    await page.selectOption('[data-testid="demand-measure"]', 'rate');
    await expect.poll(() => page.textContent('[data-testid="demand-title"]')).toBe('Pflegefamilie und Heim je 1.000 Einwohner unter 21 Jahren, 2025');
    await expect(page.textContent('[data-testid="map-legend-indicator"]')).resolves.toContain('Pflegefamilie und Heim je 1.000 Einwohner unter 21 Jahren, 2025');
    await expect(page.locator('[data-testid="demand-multiple"]').count()).resolves.toBe(8);
    await expect(page.locator('[data-testid="demand-mix-row"]').count()).resolves.toBe(8);
    await expect(page.textContent('[data-testid="demand-ranking"]')).resolves.toContain('Kreis gesamt');
    // No count below the threshold in the stacked chart either.
    const mixLabels = await page.locator('[data-testid="demand-mix-row"]').evaluateAll((elements) => elements.map((element) => element.querySelector('title')?.textContent ?? ''));
    expect(mixLabels.every((label) => label.startsWith('SR '))).toBe(true);
    for (const label of mixLabels) expect(label).not.toMatch(/(ambulant|teilstationär|stationär|ohne Angabe) [1-4](,|$)/);
    await waitForMapIdle(page);
    await screenshot(page, 'indicators-own-group-rate');

    // The group stays with the project after a reload; undo removes it.
    await page.reload();
    await page.waitForSelector('[data-testid="space-list"] li', { timeout: 45_000 });
    await openDemand(page);
    await page.selectOption('[data-testid="demand-source"]', await optionValue(page, '[data-testid="demand-source"]', 'Fallzahlen Jugendamt'));
    await expect(page.locator('[data-testid="demand-group"] optgroup option', { hasText: 'Pflegefamilie und Heim' }).count()).resolves.toBe(1);
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
    await page.close();
  });

  it('gives the Kita places per 100 children under 6 from the project’s resources', async () => {
    const demo = JSON.parse(readFileSync(join(root, 'data', 'demo-project.json'), 'utf8')) as DemoProject;
    const units = new Map(demo.units.map((unit) => [unit.id, unit]));
    const expected = new Map(
      demo.spaces.map((space) => {
        const children = space.unitIds.reduce((sum, id) => sum + units.get(id)!.population.age0to6, 0);
        const places = demo.resources
          .filter((resource) => resource.category === 'kita' && booleanPointInPolygon(resource.geometry, space.geometry))
          .reduce((sum, resource) => sum + (resource.capacity ?? 0), 0);
        return [space.code, { places, rate: (places / children) * 100 }];
      }),
    );

    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await openDemand(page);
    await page.selectOption('[data-testid="demand-source"]', 'resources');
    await page.selectOption('[data-testid="demand-category"]', 'kita');
    await page.selectOption('[data-testid="demand-resource-measure"]', 'capacity');
    await page.selectOption('[data-testid="demand-measure"]', 'rate');
    await page.selectOption('[data-testid="demand-per"]', '100');
    await page.selectOption('[data-testid="demand-denominator"]', 'under6');
    await expect.poll(() => page.textContent('[data-testid="demand-title"]')).toBe('Plätze: Kita / Kindertagespflege je 100 Einwohner unter 6 Jahren');
    // Undated: no year to choose, no trend.
    await expect(page.locator('[data-testid="demand-year"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="demand-trend"]').count()).resolves.toBe(0);
    const shown = await demandTableRows(page);
    for (const [code, { places, rate }] of expected) {
      expect(german(shown.get(code)!.count), code).toBe(places);
      expect(shown.get(code)!.value, code).toBe(oneDecimal(rate));
    }
    await waitForMapIdle(page);
    await screenshot(page, 'indicators-kita-places');
    await page.close();
  });

  it.skipIf(!hasSharedData)('maps Kita places per 100 children under 6 for Berlin’s 58 Prognoseräume from the raw files in under a minute', async () => {
    const BERLIN = join(sharedData, 'berlin_lor');
    const PROGNOSERAEUME = join(BERLIN, 'boundaries', 'lor_prognoseraeume_2021.geojson');
    const POPULATION = join(BERLIN, 'stats', 'berlin-lor-population-2024-02-t2-forecast-areas.csv');
    const KITAS = join(BERLIN, 'resources', 'kindertagesstaetten.geojson');
    proj4.defs('EPSG:25833', '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
    const toWgs84 = (position: number[]): number[] => proj4('EPSG:25833', 'EPSG:4326', position);
    const areas = (JSON.parse(readFileSync(PROGNOSERAEUME, 'utf8')) as { features: { properties: Record<string, string>; geometry: MultiPolygon }[] }).features.map((feature) => ({
      id: feature.properties['PGR_ID']!,
      name: feature.properties['PGR_NAME']!,
      geometry: { type: 'MultiPolygon', coordinates: feature.geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(toWgs84))) } as MultiPolygon,
    }));
    const population = new Map(
      Papa.parse<Record<string, string>>(readFileSync(POPULATION, 'utf8'), { header: true, skipEmptyLines: true }).data.map((row) => [row['id']!, Number(row['inhabitants_age_below_6'])]),
    );
    const places = new Map(areas.map((area) => [area.id, 0]));
    for (const feature of (JSON.parse(readFileSync(KITAS, 'utf8')) as { features: { properties: Record<string, string>; geometry: { coordinates: number[] } }[] }).features) {
      const point = toWgs84(feature.geometry.coordinates);
      const area = areas.find((candidate) => booleanPointInPolygon(point, candidate.geometry));
      if (area) places.set(area.id, places.get(area.id)! + Number(feature.properties['e_platz']));
    }
    expect(areas).toHaveLength(58);

    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await createProjectFromMenu(page, 'Berlin Kita-Versorgung');
    const started = Date.now();
    // 1. The Prognoseräume as social spaces (EPSG:25833 is read from the file).
    await importSpacesFromFile(page, PROGNOSERAEUME, { code: 'PGR_ID', name: 'PGR_NAME' }, 58);
    // 2. Their population: a table of figures per area, joined by the key.
    await page.click('[data-testid="open-csv-import"]');
    await page.setInputFiles('[data-testid="csv-file"]', POPULATION);
    await page.waitForSelector('[data-testid="csv-preview"]', { timeout: 60_000 });
    await page.selectOption('[data-testid="csv-target"]', 'statistics');
    await page.check('[data-testid="csv-location-area"]');
    await page.selectOption('[data-testid="csv-area-key"]', await optionValue(page, '[data-testid="csv-area-key"]', 'id'));
    await page.selectOption('[data-testid="csv-join-to"]', 'spaces');
    await page.click('[data-testid="csv-run"]');
    await page.waitForSelector('[data-testid="csv-result"]', { timeout: 60_000 });
    await expect(page.textContent('[data-testid="csv-summary"]')).resolves.toContain('58 von 58 Zeilen mit Lage importiert');
    await page.fill('[data-testid="csv-layer-name"]', 'Einwohner 2024');
    await page.click('[data-testid="csv-save"]');
    await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached', timeout: 60_000 });
    // 3. The Kitas with their places.
    await page.click('[data-testid="open-csv-import"]');
    await page.setInputFiles('[data-testid="csv-file"]', KITAS);
    await page.waitForSelector('[data-testid="csv-preview"]', { timeout: 90_000 });
    await page.click('[data-testid="csv-run"]');
    await page.waitForSelector('[data-testid="csv-result"]', { timeout: 120_000 });
    await page.fill('[data-testid="csv-layer-name"]', 'Kitas Berlin');
    await page.click('[data-testid="csv-save"]');
    await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached', timeout: 60_000 });
    // 4. The indicator: Kita places per 100 children under 6.
    await openDemand(page);
    await page.selectOption('[data-testid="demand-source"]', 'resources');
    await page.selectOption('[data-testid="demand-category"]', 'kita');
    await page.selectOption('[data-testid="demand-resource-measure"]', 'capacity');
    await page.selectOption('[data-testid="demand-measure"]', 'rate');
    await page.selectOption('[data-testid="demand-per"]', '100');
    await page.selectOption('[data-testid="demand-denominator"]', await optionValue(page, '[data-testid="demand-denominator"]', 'inhabitants_age_below_6'));
    await expect.poll(() => page.textContent('[data-testid="demand-title"]')).toBe('Plätze: Kita / Kindertagespflege je 100 inhabitants_age_below_6 (Einwohner 2024)');
    await page.waitForSelector('[data-testid="map-legend-indicator"]');
    await waitForMapIdle(page);
    const seconds = (Date.now() - started) / 1000;
    console.log(`Berlin: boundaries, population, Kitas and the rate map in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(60);

    const shown = await demandTableRows(page);
    expect(shown.size).toBe(58);
    for (const area of areas) {
      const children = population.get(area.id)!;
      expect(german(shown.get(area.id)!.count), area.name).toBe(places.get(area.id));
      expect(shown.get(area.id)!.value, area.name).toBe(oneDecimal((places.get(area.id)! / children) * 100));
    }
    const total = [...places.values()].reduce((sum, value) => sum + value, 0);
    const children = [...population.values()].reduce((sum, value) => sum + value, 0);
    await expect(page.textContent('[data-testid="demand-district-value"]')).resolves.toBe(oneDecimal((total / children) * 100));
    await expect(page.locator('[data-testid="demand-bar"]').count()).resolves.toBe(58);
    await screenshot(page, 'indicators-berlin-kita-places');
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 180_000);
});
