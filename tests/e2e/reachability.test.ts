/**
 * Reachability as a planner uses it on the demo district: open the tab, compute a 10-minute
 * walking isochrone from a Kita (chosen in the list and by a click on the map), see the
 * coverage table of the under-6s per social space with its choropleth and the white spots, run
 * "best new site" for K = 2 and see the two sites with their gain on the map; the nearby finder
 * shows walking times. Everything offline: no request leaves localhost.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { colourShare, decodePng, hexToRgb, newPage, openApp, screenshot, sharedBrowser, waitForMapIdle, watchPage } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const SITE_PURPLE = hexToRgb('#6a1b9a');

/** Share of pixels of a vermilion hue (15°–28°, saturated): the white spots, translucent over the map. */
function vermilionShare(png: ReturnType<typeof decodePng>): number {
  let matches = 0;
  for (let offset = 0; offset < png.data.length; offset += 4) {
    const [r, g, b] = [png.data[offset]! / 255, png.data[offset + 1]! / 255, png.data[offset + 2]! / 255];
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    if (max !== r || max - min < 0.35) continue;
    const hue = (60 * (g - b)) / (max - min);
    if (hue >= 15 && hue <= 28) matches++;
  }
  return matches / (png.width * png.height);
}

async function mapPng(page: Page) {
  await waitForMapIdle(page);
  return decodePng(await page.locator('[data-testid="map"]').screenshot());
}

async function waitForTask(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="reach-progress"]', { state: 'detached', timeout: 30_000 });
}

describe('reachability on the demo district', () => {
  it('isochrone from a Kita, coverage of the under-6s per space, white spots and two suggested sites', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await page.click('[data-testid="tab-reachability"]');
    await expect(page.textContent('[data-testid="reach-network"]')).resolves.toContain('1.659 Knoten');

    // One Kita from the list, a single 10-minute band, walking.
    await page.check('[data-testid="reach-origin-resource"]');
    const firstKita = (await page.locator('[data-testid="reach-origin-select"] option').first().textContent())!;
    await page.fill('[data-testid="reach-bands"]', '10');
    await page.click('[data-testid="reach-isochrones-run"]');
    await page.waitForSelector('[data-testid="reach-isochrone-band"]', { timeout: 30_000 });
    await waitForTask(page);
    const band = (await page.textContent('[data-testid="reach-isochrone-band"]'))!;
    expect(band).toMatch(/bis 10 min/);
    const squareKilometres = Number(/([\d,]+) km²/.exec(band)![1]!.replace(',', '.'));
    // Walking 10 minutes reaches 750 m at most: the band lies within that circle (1.77 km²) and is not empty.
    expect(squareKilometres).toBeGreaterThan(0.05);
    expect(squareKilometres).toBeLessThan(1.8);
    await expect(page.textContent('[data-testid="map-legend-indicator"]')).resolves.toContain('Zeit zu Fuß zur nächsten Einrichtung');
    await expect(page.textContent('[data-testid="reach-isochrone-table"] caption')).resolves.toContain('1 Ausgangspunkt');
    expect(firstKita.length).toBeGreaterThan(0);
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-isochrone-kita');

    // Coverage of the under-6s within 10 minutes of any Kita, per space.
    await page.fill('[data-testid="reach-minutes"]', '10');
    await page.click('[data-testid="reach-coverage-run"]');
    await page.waitForSelector('[data-testid="reach-coverage-table"]', { timeout: 30_000 });
    await waitForTask(page);
    await expect(page.locator('[data-testid="reach-coverage-row"]').count()).resolves.toBe(8);
    await expect(page.textContent('[data-testid="reach-coverage-table"] caption')).resolves.toContain('Kinder von 0 bis unter 6 Jahren mit Kita / Kindertagespflege in 10 min');
    const shares = await page.locator('[data-testid="reach-coverage-share"]').allTextContents();
    for (const share of shares) expect(share).toMatch(/^\d+ %$/);
    const district = Number((await page.textContent('[data-testid="reach-coverage-district-share"]'))!.replace(' %', ''));
    expect(district).toBeGreaterThan(10);
    expect(district).toBeLessThan(100);
    // The choropleth's legend: fixed classes of the share.
    await expect(page.textContent('[data-testid="map-legend-indicator"]')).resolves.toContain('Anteil Kinder von 0 bis unter 6 Jahren');
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-coverage');

    // White spots: hexagons where children live without a Kita within 10 minutes.
    await page.check('[data-testid="reach-layer-white-spots"]');
    await expect(page.textContent('[data-testid="reach-white-spots"]')).resolves.toMatch(/^\d+ Sechsecke/);
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-white-spots');
    expect(vermilionShare(await mapPng(page))).toBeGreaterThan(0.005);

    // Where would two new Kitas help most?
    await page.fill('[data-testid="reach-budget"]', '2');
    await page.click('[data-testid="reach-sites-run"]');
    await page.waitForSelector('[data-testid="reach-site"]', { timeout: 30_000 });
    await waitForTask(page);
    const sites = await page.locator('[data-testid="reach-site"]').allTextContents();
    expect(sites).toHaveLength(2);
    const gains = sites.map((text) => Number(/\+([\d.]+) Kinder/.exec(text)![1]!.replace('.', '')));
    expect(gains[0]).toBeGreaterThan(0);
    expect(gains[0]).toBeGreaterThanOrEqual(gains[1]!);
    const after = sites.map((text) => Number(/dann (\d+) %/.exec(text)![1]));
    expect(after[0]).toBeGreaterThanOrEqual(district);
    expect(after[1]).toBeGreaterThanOrEqual(after[0]!);
    await page.locator('[data-testid="reach-sites"]').scrollIntoViewIfNeeded();
    await waitForMapIdle(page);
    await screenshot(page, 'reachability-best-sites');
    expect(colourShare(await mapPng(page), SITE_PURPLE, 30)).toBeGreaterThan(0.0001);

    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  });

  it('shows walking times in "what is near" once the project has a road network', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('[data-testid="tab-resources"]');
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    await page.click('[data-testid="resource-nearby"]');
    await page.waitForSelector('[data-testid="nearby-walk"]', { timeout: 20_000 });
    await expect(page.textContent('[data-testid="nearby-distance-note"]')).resolves.toContain('Gehzeit über das Straßennetz');
    const walks = await page.locator('[data-testid="nearby-walk"]').allTextContents();
    for (const walk of walks) expect(walk).toMatch(/· \d+ min zu Fuß/);
    await screenshot(page, 'reachability-nearby-walking');
  });
});
