/**
 * "Was ist in der Nähe?" as a user does it: the circle searched drawn on the map and framed
 * (also when the radius changes), results highlighted on the map from the list, an address
 * typed as the origin (after an OSM import of the Lauf extract, skipped with a printed reason
 * when ../shared/data/osm_germany is absent), and the resource list walked with the keyboard.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PNG } from 'pngjs';
import { ARTIFACTS_DIR, createProjectFromMenu, decodePng, newPage, openApp, screenshot, sharedBrowser, waitForMapIdle } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const lauf = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data', 'osm_germany', 'lauf-200115.osm.pbf');
const hasLauf = existsSync(lauf);
if (!hasLauf) console.log(`Skipping the address test of the nearby finder: ${lauf} is not there.`);

async function openResources(page: Page): Promise<void> {
  await openApp(page, baseUrl);
  await page.click('[data-testid="tab-resources"]');
  await page.waitForSelector('[data-testid="resource-list"]');
}

/** Wait for the animated fit to the circle (600 ms) and the tiles after it. */
async function waitForFrame(page: Page): Promise<void> {
  await page.waitForTimeout(800);
  await waitForMapIdle(page);
}

async function mapPng(page: Page, name: string): Promise<PNG> {
  return decodePng(await page.locator('[data-testid="map"]').screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) }));
}

/** A dark, nearly grey pixel (the circle's outline) within `slack` pixels of x, y. */
function darkNear(png: PNG, x: number, y: number, slack = 4): boolean {
  for (let dy = -slack; dy <= slack; dy++) {
    for (let dx = -slack; dx <= slack; dx++) {
      const px = Math.round(x + dx);
      const py = Math.round(y + dy);
      if (px < 0 || py < 0 || px >= png.width || py >= png.height) continue;
      const offset = (py * png.width + px) * 4;
      const [r, g, b] = [png.data[offset]!, png.data[offset + 1]!, png.data[offset + 2]!];
      if (Math.max(r, g, b) < 95 && Math.max(r, g, b) - Math.min(r, g, b) < 40) return true;
    }
  }
  return false;
}

/**
 * How many of the four extreme points of a circle framed by the map (fitted with 40 px padding,
 * so it spans the shorter side less 80 px, centred) have the outline there.
 */
function framedCirclePoints(png: PNG): number {
  const radius = (Math.min(png.width, png.height) - 80) / 2;
  const [cx, cy] = [png.width / 2, png.height / 2];
  const points: [number, number][] = [
    [cx, cy - radius],
    [cx, cy + radius],
    [cx - radius, cy],
    [cx + radius, cy],
  ];
  return points.filter(([x, y]) => darkNear(png, x, y)).length;
}

describe('what is near', () => {
  it('draws the circle searched around a school, frames it when the search starts and the radius changes, and removes it when the search ends', async () => {
    const page = await newPage(browser());
    await openResources(page);
    // The demo project has no addresses: the address field says where they come from.
    await expect(page.isDisabled('[data-testid="nearby-address"]')).resolves.toBe(true);
    await expect(page.textContent('[data-testid="nearby-address-none"]')).resolves.toContain('OSM-Import');

    await page.click('[data-testid="resource-category-school"]');
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    await page.click('[data-testid="resource-nearby"]');
    await waitForFrame(page);
    expect(framedCirclePoints(await mapPng(page, 'nearby-circle-1km'))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'nearby-school-1km');

    // Another radius: the map frames the larger circle.
    await page.selectOption('[data-testid="nearby-radius"]', '2000');
    await waitForFrame(page);
    expect(framedCirclePoints(await mapPng(page, 'nearby-circle-2km'))).toBeGreaterThanOrEqual(3);

    // Ending the search removes the circle; the camera stays, so the same pixels are now without it.
    await page.click('[data-testid="nearby-clear"]');
    await waitForMapIdle(page);
    expect(framedCirclePoints(await mapPng(page, 'nearby-circle-cleared'))).toBeLessThanOrEqual(1);
    await page.context().close();
  });

  it('highlights a result on the map while it is hovered and selects it on a click', async () => {
    const page = await newPage(browser());
    await openResources(page);
    await page.click('[data-testid="resource-category-school"]');
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    await page.click('[data-testid="resource-nearby"]');
    await page.click('[data-testid="resource-reset"]');
    await waitForFrame(page);
    const hit = page.locator('[data-testid="nearby-results"] dd button').first();
    const name = (await hit.textContent())!.trim();
    // Hover and selection are shared by the nearby results, the list and the map.
    await hit.hover();
    await expect(page.locator('[data-testid="resource-list"] li.hovered .name').textContent()).resolves.toBe(name);
    await waitForMapIdle(page);
    await screenshot(page, 'nearby-hovered');
    await hit.click();
    await expect(page.textContent('[data-testid="resource-detail"] h3')).resolves.toBe(name);
    await expect(page.getAttribute('[data-testid="nearby-results"] li.selected button', 'aria-current')).resolves.toBe('true');
    await page.context().close();
  });

  it('walks the resource list with the keyboard: arrows move, Enter opens the card, Escape closes it', async () => {
    const page = await newPage(browser());
    await openResources(page);
    const buttons = page.locator('[data-testid="resource-list"] button.resource');
    // One tab stop for the whole list.
    await expect(page.locator('[data-testid="resource-list"] button.resource[tabindex="0"]').count()).resolves.toBe(1);
    await buttons.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = (await buttons.nth(2).locator('.name').textContent())!;
    await expect(page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent)).resolves.toBe(third);
    // The map highlights the entry the keyboard is on; no card opens yet.
    await expect(page.locator('[data-testid="resource-list"] li.hovered .name').textContent()).resolves.toBe(third);
    await expect(page.locator('[data-testid="resource-detail"]').count()).resolves.toBe(0);
    await screenshot(page, 'nearby-list-keyboard-focus');

    await page.keyboard.press('Enter');
    await expect(page.textContent('[data-testid="resource-detail"] h3')).resolves.toBe(third);
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid="resource-detail"]').count()).resolves.toBe(0);
    // The focus stays in the list, on the same entry, and the list keeps one tab stop there.
    await expect(page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent)).resolves.toBe(third);
    await expect(buttons.nth(2).getAttribute('tabindex')).resolves.toBe('0');
    await page.keyboard.press('ArrowUp');
    await expect(page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent)).resolves.toBe(await buttons.nth(1).locator('.name').textContent());
    await page.keyboard.press('End');
    const last = await buttons.last().locator('.name').textContent();
    await expect(page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent)).resolves.toBe(last);
    await page.context().close();
  });

  it.skipIf(!hasLauf)('takes an address typed without umlaut and with "Str." as the origin, picked with the keyboard', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await createProjectFromMenu(page, 'Lauf Nähe');
    await page.click('[data-testid="open-osm-import"]');
    await page.setInputFiles('[data-testid="osm-import-file"]', lauf);
    await page.waitForSelector('[data-testid="osm-import-description"]', { timeout: 30_000 });
    await page.click('[data-testid="osm-import-apply"]');
    await page.waitForSelector('[data-testid="osm-import-dialog"]', { state: 'detached', timeout: 30_000 });
    await page.click('[data-testid="tab-resources"]');
    await page.waitForSelector('[data-testid="resource-list"]');

    const field = page.locator('[data-testid="nearby-address"]');
    await expect(field.isEnabled()).resolves.toBe(true);
    await field.fill('Schutzenstr. 9');
    const options = page.locator('[data-testid="nearby-address-suggestions"] [role="option"]');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    const labels = await options.locator('.label').allTextContents();
    expect(labels.slice(0, 2)).toEqual(['Schützenstraße 9', 'Schützenstraße 9a']);
    await expect(field.getAttribute('aria-expanded')).resolves.toBe('true');
    await screenshot(page, 'nearby-address-suggestions');

    // Down to 9a and back up to 9, Enter picks it.
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect(options.nth(0).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    await expect(page.textContent('[data-testid="nearby-origin"]')).resolves.toBe('In der Nähe von Schützenstraße 9, 91207 Lauf a.d.Pegnitz');
    await expect(field.inputValue()).resolves.toBe('Schützenstraße 9');
    await expect(field.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await page.locator('[data-testid="nearby-results"] dt').count()).toBeGreaterThan(2);
    await waitForFrame(page);
    expect(framedCirclePoints(await mapPng(page, 'nearby-address-circle'))).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'nearby-address');

    // A street that is not there: the field says so.
    await field.fill('Gibtsnichtweg 3');
    await expect(page.textContent('[data-testid="nearby-address-nomatch"]')).resolves.toContain('Keine passende Adresse');
    await page.context().close();
  });
});
