/**
 * The project's resource categories as a planner edits them: rename, recolour, new icon, a
 * new category, a merge of two (its resources move), undo, and all of it still there after a
 * reload (IndexedDB). The legend and the chips follow; symbols show on the map.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openApp, screenshot, sharedBrowser, waitForMapIdle, watchPage } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const chip = (page: Page, id: string) => page.locator(`[data-testid="resource-category-${id}"]`);
const legendRow = (page: Page, id: string) => page.locator(`[data-testid="map-legend-${id}"]`);
const row = (page: Page, id: string) => page.locator(`[data-testid="category-row-${id}"]`);

describe('resource categories', () => {
  it('renames, recolours, adds and merges categories, undoes the merge, and keeps the rest after a reload', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await page.click('[data-testid="tab-resources"]');

    // The legend explains the symbols on the map from the start.
    await expect(legendRow(page, 'kita').textContent()).resolves.toMatch(/Kita \/ Kindertagespflege\s*38/);
    await expect(legendRow(page, 'health').textContent()).resolves.toMatch(/Gesundheit\s*8/);

    await page.click('[data-testid="open-categories"]');
    const kita = row(page, 'kita');
    await kita.locator('[data-testid="category-name"]').fill('Kindertagesstätte');
    await kita.locator('[data-testid="category-name"]').press('Enter');
    await expect.poll(() => chip(page, 'kita').textContent()).toMatch(/Kindertagesstätte/);
    // A colour from the palette and another icon.
    await kita.locator('[data-testid="category-colour"][aria-label="#332288"]').click();
    await expect.poll(() => kita.locator('[data-testid="category-colour"][aria-checked="true"]').getAttribute('aria-label')).toBe('#332288');
    await kita.locator('[data-testid="category-icon"]').selectOption('home');
    await expect.poll(() => kita.locator('[data-testid="category-icon"]').inputValue()).toBe('home');

    // A new category, then "Gesundheit" merged into "Beratungsstelle".
    await page.fill('[data-testid="category-new-name"]', 'Bibliothek');
    await page.click('[data-testid="category-add"]');
    await expect.poll(() => page.locator('[data-testid="category-row-custom-1"] [data-testid="category-name"]').inputValue()).toBe('Bibliothek');
    await row(page, 'health').locator('[data-testid="category-merge-target"]').selectOption('counselling');
    await row(page, 'health').locator('[data-testid="category-merge"]').click();
    await expect.poll(() => page.textContent('[data-testid="category-status"]')).toBe('„Gesundheit“ ist jetzt Teil von „Beratungsstelle“: 8 Ressourcen umgestellt.');
    await expect(row(page, 'health').count()).resolves.toBe(0);
    await expect(row(page, 'counselling').locator('td.number').textContent()).resolves.toBe('14');
    await screenshot(page, 'categories-dialog');
    await page.click('[data-testid="category-close"]');

    await expect(chip(page, 'health').count()).resolves.toBe(0);
    await expect(chip(page, 'counselling').textContent()).resolves.toMatch(/Beratungsstelle\s*14/);
    await expect(legendRow(page, 'kita').textContent()).resolves.toMatch(/Kindertagesstätte\s*38/);
    await expect(legendRow(page, 'health').count()).resolves.toBe(0);

    // Undo brings "Gesundheit" and its eight resources back.
    await page.click('[data-testid="undo"]');
    await expect.poll(() => chip(page, 'health').count()).toBe(1);
    await expect(chip(page, 'health').textContent()).resolves.toMatch(/Gesundheit\s*8/);
    await expect(chip(page, 'counselling').textContent()).resolves.toMatch(/Beratungsstelle\s*6/);

    // Symbols on the map at street level: select a Kita, the map zooms to it.
    await chip(page, 'kita').click();
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    await waitForMapIdle(page);
    await screenshot(page, 'categories-map-symbols');

    // After a reload the project still has its renamed category and the new one.
    await page.reload();
    await page.waitForSelector('[data-testid="space-list"] li', { timeout: 45_000 });
    await page.click('[data-testid="tab-resources"]');
    await expect(chip(page, 'kita').textContent()).resolves.toMatch(/Kindertagesstätte\s*38/);
    await expect(chip(page, 'health').textContent()).resolves.toMatch(/Gesundheit\s*8/);
    await page.click('[data-testid="open-categories"]');
    await expect(page.locator('[data-testid="category-row-custom-1"] [data-testid="category-name"]').inputValue()).resolves.toBe('Bibliothek');
    await expect(row(page, 'kita').locator('[data-testid="category-icon"]').inputValue()).resolves.toBe('home');
    expect(watched.errors).toEqual([]);
    await page.close();
  });
});
