/**
 * Located demand as hexagons: in the demo project the located cases switch to hexagon bins on
 * the map, the legend explains their classes, and no hexagon carries a count below the
 * suppression threshold, at any of the offered sizes. An area-keyed table offers no hexagons.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openApp, screenshot, sharedBrowser, waitForMapIdle, watchPage } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const THRESHOLD = 5;

/** The counts the hexagon layer is given (and so can draw as labels); null while no hexagons are shown. */
async function hexagonCounts(page: Page): Promise<number[] | null> {
  const labels = await page.getAttribute('[data-testid="map"]', 'data-hexagon-labels');
  return labels === null ? null : labels.split(' ').filter(Boolean).map(Number);
}

describe('demand hexagons', () => {
  it('bins the located cases into hexagons with a legend, never showing a count below the threshold', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await page.click('[data-testid="tab-demand"]');
    await page.waitForSelector('[data-testid="demand-table"]');

    // Counts per social space have no positions: no hexagons, and the panel says why.
    await page.selectOption('[data-testid="demand-source"]', 'layer-demand-table');
    await expect(page.isDisabled('[data-testid="demand-hexagons"]')).resolves.toBe(true);
    await expect(page.textContent('[data-testid="demand-hexagons-hint"]')).resolves.toContain('verortete Einzelfälle');

    await page.selectOption('[data-testid="demand-source"]', 'layer-demand-cases');
    await expect(page.isDisabled('[data-testid="demand-hexagons"]')).resolves.toBe(false);
    // Sizes offered with their width; the demo district gets cells of about 900 m.
    const sizes = await page.locator('[data-testid="demand-hexagon-size"] option').allTextContents();
    expect(sizes).toEqual(['je ca. 350 m', 'je ca. 900 m', 'je ca. 2,3 km']);
    await expect(page.inputValue('[data-testid="demand-hexagon-size"]')).resolves.toBe('8');
    await expect(hexagonCounts(page)).resolves.toBeNull();
    await page.check('[data-testid="demand-hexagons"]');

    // The legend shows the hexagon classes instead of the indicator's.
    await expect.poll(() => page.textContent('[data-testid="map-legend-indicator"]')).toContain('Fälle je Sechseck (ca. 900 m)');
    const classes = await page.locator('[data-testid="map-legend-class"]').count();
    expect(classes).toBeGreaterThanOrEqual(3);
    await expect(page.textContent('[data-testid="map-legend-note"]')).resolves.toContain(`weniger als ${THRESHOLD} Fällen`);
    const counts = (await hexagonCounts(page))!;
    expect(counts.length).toBeGreaterThan(5);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(THRESHOLD);
    // The cells shown hold no more than the cases of the year.
    const total = await page.textContent('[data-testid="demand-district-count"]');
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(Number(total!.replace(/\./g, '')));
    await waitForMapIdle(page);
    await screenshot(page, 'demand-hexagons');

    // Smaller cells: fewer cases per cell, still none below the threshold; a rare help type too.
    await page.selectOption('[data-testid="demand-hexagon-size"]', '9');
    await expect.poll(() => page.textContent('[data-testid="map-legend-indicator"]')).toContain('ca. 350 m');
    for (const count of (await hexagonCounts(page))!) expect(count).toBeGreaterThanOrEqual(THRESHOLD);
    await page.selectOption('[data-testid="demand-group"]', 'out-of-home');
    await expect.poll(() => page.textContent('[data-testid="map-legend-indicator"]')).toContain('Fremdunterbringung');
    for (const count of (await hexagonCounts(page))!) expect(count).toBeGreaterThanOrEqual(THRESHOLD);

    // Zoomed in on the town with 900 m cells: the counts as labels.
    await page.selectOption('[data-testid="demand-group"]', 'all');
    await page.selectOption('[data-testid="demand-hexagon-size"]', '8');
    for (let step = 0; step < 2; step++) {
      await page.click('.maplibregl-ctrl-zoom-in');
      await waitForMapIdle(page);
    }
    await screenshot(page, 'demand-hexagons-zoomed');

    // Switched off: the indicator map is back.
    await page.uncheck('[data-testid="demand-hexagons"]');
    await expect(hexagonCounts(page)).resolves.toBeNull();
    await expect.poll(() => page.textContent('[data-testid="map-legend-indicator"]')).not.toContain('Sechseck');
    expect(watched.errors).toEqual([]);
    await page.close();
  });
});
