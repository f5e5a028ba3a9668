/**
 * The social space profile as a planner uses it: select a space of the demo project, open its
 * profile, read population, resources per category and the rates per 1,000 children of the
 * matching age (checked against the demo data with an independent point-in-polygon), then
 * print it: in print media only the profile shows, and as a PDF it fills one A4 page.
 */
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/turf';
import { ARTIFACTS_DIR, newPage, openApp, screenshot, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

interface DemoPopulation {
  age0to6: number;
  age6to15: number;
  age15to18: number;
  age18to21: number;
  age21plus: number;
}
interface DemoProject {
  spaces: { id: string; code: string; name: string; unitIds: string[]; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[];
  units: { id: string; population: DemoPopulation }[];
  resources: { name: string; category: string; capacity: number | null; geometry: GeoJSON.Point }[];
}

const demo = JSON.parse(
  readFileSync(join(fileURLToPath(import.meta.url), '..', '..', '..', 'data', 'demo-project.json'), 'utf8'),
) as DemoProject;

/** SR 02 holds the most resources of the demo (31): the hardest case for one printed page. */
const CODE = 'SR 02';

function expected() {
  const space = demo.spaces.find((candidate) => candidate.code === CODE)!;
  const population: DemoPopulation = { age0to6: 0, age6to15: 0, age15to18: 0, age18to21: 0, age21plus: 0 };
  for (const unit of demo.units.filter((candidate) => space.unitIds.includes(candidate.id))) {
    for (const key of Object.keys(population) as (keyof DemoPopulation)[]) population[key] += unit.population[key];
  }
  const resources = demo.resources.filter((resource) => booleanPointInPolygon(resource.geometry.coordinates, space.geometry));
  const ofCategory = (category: string) => resources.filter((resource) => resource.category === category);
  return { space, population, resources, ofCategory };
}

const german = (value: number, digits = 0) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

describe('social space profile', () => {
  it('shows the figures of a space, prints only the profile and fits one A4 page', async () => {
    const { space, population, resources, ofCategory } = expected();
    const page = await newPage(browser());
    await openApp(page, baseUrl);

    // No space selected: the button waits for one.
    await expect(page.isDisabled('[data-testid="space-profile-open"]')).resolves.toBe(true);
    await page.locator('[data-testid="space-list"] button.space', { hasText: CODE }).click();
    await page.click('[data-testid="space-profile-open"]');
    const profile = page.locator('[data-testid="space-profile"]');
    await profile.waitFor();
    await expect(page.textContent('dialog h2')).resolves.toBe(`Sozialraumprofil ${CODE} ${space.name}`);
    // It opens at its top (the first focused control is the print button, not one at the end).
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('space-profile-print');
    await expect(page.evaluate(() => document.querySelector('dialog')!.scrollTop)).resolves.toBe(0);
    await expect(profile.textContent()).resolves.toContain('Projekt: Demo: Landkreis Auental (fiktiv)');
    await expect(page.textContent('[data-testid="space-profile-date"]')).resolves.toBe('Datenstand (Import): 15.01.2026');

    // Population by age band, under 18 and under 21, total.
    const populationTable = page.locator('[data-testid="space-profile-population"]');
    const cell = (band: string) => populationTable.locator(`tr[data-band="${band}"] td`).first().textContent();
    await expect(cell('age0to6')).resolves.toBe(german(population.age0to6));
    await expect(cell('age6to15')).resolves.toBe(german(population.age6to15));
    await expect(cell('age21plus')).resolves.toBe(german(population.age21plus));
    const under18 = population.age0to6 + population.age6to15 + population.age15to18;
    await expect(cell('under18')).resolves.toBe(german(under18));
    await expect(cell('under21')).resolves.toBe(german(under18 + population.age18to21));
    const total = under18 + population.age18to21 + population.age21plus;
    await expect(cell('total')).resolves.toBe(german(total));

    // Help demand of the newest year: all help and out-of-home placements, per 1,000 under 21.
    const demandRows = page.locator('[data-testid="space-profile-demand-row"]');
    await expect(demandRows.count()).resolves.toBe(2);
    await expect(page.textContent('[data-testid="space-profile-demand"] h3')).resolves.toBe('Hilfen zur Erziehung 2025');
    const allHelp = (await demandRows.first().locator('td').allTextContents()).map((text) => text.trim());
    expect(allHelp[0]).toMatch(/^(\d{1,3}(\.\d{3})*|< 5)$/);
    expect(allHelp[1]).toMatch(/^\d+,\d$|^–$/);

    // Resources per category: every category's count from an independent point-in-polygon.
    const categories = ['kita', 'school', 'club', 'youth-centre', 'family-centre', 'counselling', 'provider', 'playground', 'health', 'other'];
    const row = (category: string) => page.locator(`[data-testid="space-profile-category-${category}"]`);
    for (const category of categories) {
      await expect(row(category).locator('.count').textContent(), category).resolves.toBe(german(ofCategory(category).length));
    }
    expect(ofCategory('kita').length).toBeGreaterThan(0);
    // Kita: places and both rates per 1,000 children under 6.
    const kitas = ofCategory('kita');
    const kitaPlaces = kitas.reduce((sum, resource) => sum + (resource.capacity ?? 0), 0);
    expect(kitas.every((resource) => resource.capacity !== null)).toBe(true);
    await expect(row('kita').locator('.places').textContent()).resolves.toBe(german(kitaPlaces));
    await expect(row('kita').locator('.age').textContent()).resolves.toContain('0 bis unter 6');
    await expect(row('kita').locator('.rate').textContent()).resolves.toBe(german((kitas.length / population.age0to6) * 1000, 1));
    await expect(row('kita').locator('.places-rate').textContent()).resolves.toBe(german((kitaPlaces / population.age0to6) * 1000));
    // School: per 1,000 aged 6 to 18 (two bands).
    const schools = ofCategory('school');
    await expect(row('school').locator('.age').textContent()).resolves.toContain('6 bis unter 18');
    await expect(row('school').locator('.rate').textContent()).resolves.toBe(german((schools.length / (population.age6to15 + population.age15to18)) * 1000, 1));
    // Youth centre 12–27 is related to the bands 6 to 21 and says so.
    await expect(row('youth-centre').locator('.age').textContent()).resolves.toMatch(/6 bis unter 21\s*\(Kategorie: 12 bis unter 27\)/);
    await expect(row('youth-centre').locator('.rate').textContent()).resolves.toBe(
      german((ofCategory('youth-centre').length / (population.age6to15 + population.age15to18 + population.age18to21)) * 1000, 1),
    );
    // No known places for playgrounds, no age range for "other": a dash, not 0, NaN or ∞.
    await expect(row('playground').locator('.places').textContent()).resolves.toBe('–');
    await expect(row('other').locator('.rate').textContent()).resolves.toBe('–');
    await expect(profile.textContent()).resolves.not.toMatch(/NaN|∞|Infinity/);

    // The list of resources and the dots on the small map.
    const listed = await page.locator('[data-testid="space-profile-resources"] li .resource-name').allTextContents();
    expect(listed.map((name) => name.trim()).sort()).toEqual(resources.map((resource) => resource.name).sort());
    await expect(page.textContent('[data-testid="space-profile-resources"] h3')).resolves.toBe(`Ressourcen im Sozialraum (${resources.length})`);
    const map = page.locator('[data-testid="space-profile-map"] svg');
    await expect(map.locator('circle').count()).resolves.toBe(resources.length);
    await expect(map.locator('path[fill="#e6e6e6"]').count()).resolves.toBeGreaterThan(0);
    await expect(map.locator('text', { hasText: 'SR 01' }).count()).resolves.toBe(1);
    await screenshot(page, 'space-profile');

    // "Drucken" asks the browser to print.
    await page.evaluate(() => {
      window.print = () => ((window as unknown as { printed: boolean }).printed = true);
    });
    await page.click('[data-testid="space-profile-print"]');
    expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);

    // In print media only the profile shows: no map, no side panel, no buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(profile.isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid="space-profile-map"]').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid="map"]').isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-testid="space-list"]').isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-testid="project-menu"]').isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-testid="space-profile-print"]').isVisible()).resolves.toBe(false);
    await screenshot(page, 'space-profile-print-media');

    // As a PDF: A4, one page.
    const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS_DIR, 'space-profile.pdf') });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    const pages = text.match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });

    // Closing brings the app back.
    await page.click('[data-testid="space-profile"] .actions button:not(.primary)');
    await expect(page.locator('[data-testid="space-profile"]').count()).resolves.toBe(0);
    await page.close();
  });
});
