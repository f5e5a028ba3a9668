import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { colourShare, decodePng, hexToRgb, newPage, openApp, screenshot, waitForMapIdle, sharedBrowser } from './browser';
import { MOVED_AREA_COLOUR } from '../../src/map/compare-style';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const spaceItem = (page: Page, code: string) => page.locator('[data-testid="space-list"] li', { hasText: code });

/** Inhabitants of a space as the list shows them ("11.837 Einwohner · …"). */
async function inhabitants(page: Page, code: string): Promise<number> {
  const text = (await spaceItem(page, code).locator('.figures').textContent())!;
  return Number(text.match(/([\d.]+) Einwohner/)![1]!.replaceAll('.', ''));
}

async function mapPoint(page: Page, xFraction: number, yFraction: number) {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  return { x: box.x + box.width * xFraction, y: box.y + box.height * yFraction };
}

/** Share of map pixels in the highlight colour of moved areas. */
async function highlightShare(page: Page): Promise<number> {
  await waitForMapIdle(page);
  const png = decodePng(await page.locator('[data-testid="map"]').screenshot());
  return colourShare(png, hexToRgb(MOVED_AREA_COLOUR), 16);
}

const german = (value: number) => new Intl.NumberFormat('de-DE').format(value);

describe('comparing variants', () => {
  it('shows the unit moved in a duplicated variant in the table and highlighted on the map', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    // One variant only: nothing to compare yet.
    await expect(page.isVisible('[data-testid="variant-compare"]')).resolves.toBe(false);

    await page.click('button[aria-label="Variante duplizieren"]');
    await page.fill('dialog input[type="text"]', 'Vorschlag B');
    await page.click('dialog button[type="submit"]');
    await page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('[data-testid="variant-select"]')?.selectedOptions[0]?.textContent === 'Vorschlag B',
    );

    // In "Vorschlag B", move one unit of SR 07 Unteres Auental to SR 05 Nördliche Höhen.
    const before = await inhabitants(page, 'SR 05');
    await spaceItem(page, 'SR 05').locator('button.assign').click();
    await waitForMapIdle(page);
    const point = await mapPoint(page, 0.45, 0.7);
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="undo"]')?.getAttribute('title')?.includes(text),
      'zu „Nördliche Höhen“ zuordnen',
    );
    await page.click('text=Fertig');
    await page.waitForFunction(
      ([code, old]) => {
        const item = [...document.querySelectorAll('[data-testid="space-list"] li')].find((li) => li.textContent?.includes(code!));
        return !item?.querySelector('.figures')?.textContent?.includes(`${old} Einwohner`);
      },
      ['SR 05', german(before)] as const,
    );
    const moved = (await inhabitants(page, 'SR 05')) - before;
    expect(moved).toBeGreaterThan(0);
    await expect(highlightShare(page)).resolves.toBeLessThan(0.0002);

    // Compare: A defaults to the active variant; swap so that "Ist 2025" is before, "Vorschlag B" after.
    await page.click('[data-testid="variant-compare"]');
    await page.waitForSelector('[data-testid="compare-panel"]');
    await expect(page.inputValue('[data-testid="compare-a"]')).resolves.not.toBe(await page.inputValue('[data-testid="compare-b"]'));
    await page.click('button[aria-label="A und B tauschen"]');
    await expect(page.locator('[data-testid="compare-a"] option:checked').textContent()).resolves.toBe('Ist 2025');
    await expect(page.locator('[data-testid="compare-b"] option:checked').textContent()).resolves.toBe('Vorschlag B');

    // Wait for the comparison of the swapped pair (the first pair's result is shown meanwhile).
    await page.waitForSelector('[data-testid="compare-panel"] [aria-busy="false"] [data-testid="compare-row"]:has-text("SR 07 → SR 05")');
    await expect(page.textContent('[data-testid="compare-summary"]')).resolves.toBe(
      `1 Einheit mit ${german(moved)} Einwohnern wechselt den Sozialraum`,
    );
    const rows = page.locator('[data-testid="compare-row"]');
    await expect(rows.count()).resolves.toBe(1);
    const cells = await rows.first().locator('th, td').allTextContents();
    expect(cells[0]!.replace(/\s+/g, ' ').trim()).toBe('SR 07 → SR 05 Unteres Auental → Nördliche Höhen');
    expect(cells.slice(1, 3)).toEqual(['1', german(moved)]);
    expect(cells[3]).toMatch(/^\d+,\d\d$/);

    // The moved unit is hatched and outlined on the map.
    const overview = await highlightShare(page);
    expect(overview).toBeGreaterThan(0.0004);
    await screenshot(page, 'variant-compare');

    // Inhabitants per space: SR 05 gains what SR 07 loses.
    await page.click('[data-testid="compare-panel"] details summary');
    const balance = async (code: string) =>
      (await page.locator('[data-testid="compare-panel"] details tr', { hasText: code }).locator('td').allTextContents()).at(-1);
    await expect(balance('SR 05')).resolves.toBe(`+${german(moved)}`);
    await expect(balance('SR 07')).resolves.toBe(`−${german(moved)}`);

    // A click on the row frames the moved area.
    await rows.first().locator('button').click();
    await page.waitForTimeout(800);
    const zoomed = await highlightShare(page);
    expect(zoomed).toBeGreaterThan(overview * 2);
    await screenshot(page, 'variant-compare-zoom');

    // Closing the panel removes the highlight.
    await page.click('[data-testid="compare-close"]');
    await expect(page.isVisible('[data-testid="compare-panel"]')).resolves.toBe(false);
    await expect(highlightShare(page)).resolves.toBeLessThan(0.0002);
    await page.context().close();
  });

  it('reports no differences between a variant and its fresh duplicate', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('button[aria-label="Variante duplizieren"]');
    await page.click('dialog button[type="submit"]');
    await page.click('[data-testid="variant-compare"]');
    await page.waitForSelector('[data-testid="compare-summary"]');
    await expect(page.textContent('[data-testid="compare-summary"]')).resolves.toContain('Keine Unterschiede');
    await expect(page.locator('[data-testid="compare-row"]').count()).resolves.toBe(0);
    await page.context().close();
  });
});
