import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { newPage, openApp, screenshot, waitForMapIdle, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const spaceItem = (page: Page, code: string) => page.locator('[data-testid="space-list"] li', { hasText: code });

async function figures(page: Page, code: string): Promise<string> {
  return (await spaceItem(page, code).locator('.figures').textContent())!.trim();
}

async function mapPoint(page: Page, xFraction: number, yFraction: number) {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  return { x: box.x + box.width * xFraction, y: box.y + box.height * yFraction };
}

describe('building spaces from base units', () => {
  it('moves a clicked unit into the chosen space, updates its population, and undoes it', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const before = await figures(page, 'SR 05');

    await spaceItem(page, 'SR 05').locator('button.assign').click();
    await expect(page.isVisible('text=Umschalt + Ziehen')).resolves.toBe(true);
    await waitForMapIdle(page);
    // A unit in the south-west (SR 07 Unteres Auental) of the demo district.
    const point = await mapPoint(page, 0.45, 0.7);
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="undo"]')?.getAttribute('title')?.includes(text),
      'zu „Nördliche Höhen“ zuordnen',
    );
    await expect(figures(page, 'SR 05')).resolves.not.toBe(before);
    await waitForMapIdle(page);
    await screenshot(page, 'assign-unit');

    await page.click('[data-testid="undo"]');
    await page.waitForFunction(
      ([selector, text]) => document.querySelector(selector!)?.textContent?.trim() === text,
      ['[data-testid="space-list"] li:nth-child(5) .figures', before] as const,
    );
    await page.context().close();
  });

  it('assigns every unit inside a Shift-dragged box and creates a new space for them', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('[data-testid="new-space"]');
    await page.waitForSelector('[data-testid="space-list"] li:has-text("SR 09")');
    await expect(figures(page, 'SR 09')).resolves.toBe('ohne Basiseinheiten');
    // A new space in a project with units starts in assign mode.
    await expect(page.isVisible('text=„SR 09 Neuer Sozialraum“ zuzuordnen')).resolves.toBe(true);
    await waitForMapIdle(page);

    const from = await mapPoint(page, 0.62, 0.55);
    const to = await mapPoint(page, 0.78, 0.72);
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForFunction(() => /Einwohner/.test(document.querySelector('[data-testid="space-list"] li:last-child .figures')?.textContent ?? ''));
    await page.waitForFunction(() => /Basiseinheit/.test(document.querySelector('[data-testid="undo"]')?.getAttribute('title') ?? ''));
    const title = (await page.getAttribute('[data-testid="undo"]', 'title'))!;
    const count = Number(title.match(/Rückgängig: (\d+) Basiseinheit/)![1]);
    expect(count).toBeGreaterThan(1);
    await waitForMapIdle(page);
    await screenshot(page, 'assign-box');

    // Deleting the new space frees its units again.
    await page.click('text=Fertig');
    await spaceItem(page, 'SR 09').locator('button.edit').click();
    await page.click('[data-testid="space-list"] form button.danger');
    await page.click('dialog button.danger');
    await page.waitForSelector('[data-testid="unassigned-count"]');
    await expect(page.textContent('[data-testid="unassigned-count"]')).resolves.toBe(`Basiseinheiten ohne Sozialraum: ${count}`);
    await page.context().close();
  });
});

describe('variants', () => {
  it('duplicates the boundary plan, changes the copy only, and switches back', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const original = await figures(page, 'SR 05');
    await page.click('button[aria-label="Variante duplizieren"]');
    await page.fill('dialog input[type="text"]', 'Vorschlag B');
    await page.click('dialog button[type="submit"]');
    await page.waitForFunction(() => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid="variant-select"]');
      return select?.selectedOptions[0]?.textContent === 'Vorschlag B';
    });

    await spaceItem(page, 'SR 05').locator('button.assign').click();
    await waitForMapIdle(page);
    const point = await mapPoint(page, 0.45, 0.7);
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(
      ([selector, text]) => document.querySelector(selector!)?.textContent?.trim() !== text,
      ['[data-testid="space-list"] li:nth-child(5) .figures', original] as const,
    );

    await page.selectOption('[data-testid="variant-select"]', { label: 'Ist 2025' });
    await page.waitForFunction(
      ([selector, text]) => document.querySelector(selector!)?.textContent?.trim() === text,
      ['[data-testid="space-list"] li:nth-child(5) .figures', original] as const,
    );
    await page.context().close();
  });
});

describe('topology check', () => {
  it('finds a planted gap and fixes it with one click', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('[data-testid="validate"]');
    await expect(page.textContent('[data-testid="validation-result"]')).resolves.toContain('Keine Lücken');

    // Plant a gap: take a unit out of SR 07 (clicking a unit of the target space removes it).
    await spaceItem(page, 'SR 07').locator('button.assign').click();
    await waitForMapIdle(page);
    const point = await mapPoint(page, 0.45, 0.7);
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector('[data-testid="unassigned-count"]:has-text("Basiseinheiten ohne Sozialraum: 1")');
    await page.click('text=Fertig');

    await page.click('[data-testid="validate"]');
    await page.waitForSelector('[data-testid="validation-result"]:has-text("Gefundene Probleme: 1")');
    await expect(page.textContent('[data-testid="validation"] li')).resolves.toContain('Lücke');
    await page.click('[data-testid="validation"] li button:has-text("Zeigen")');
    await waitForMapIdle(page);
    await screenshot(page, 'validation-gap');

    await page.click('[data-testid="validation"] li button:has-text("Beheben")');
    await page.waitForSelector('[data-testid="validation-result"]:has-text("Keine Lücken")');
    await expect(page.isVisible('[data-testid="unassigned-count"]')).resolves.toBe(false);
    await page.context().close();
  });
});

describe('export', () => {
  it('exports the spaces as GeoJSON and as a zipped Shapefile that import again as the same 8 spaces', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const saved: { name: string; buffer: Buffer }[] = [];
    for (const format of ['geojson', 'shapefile-25832']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="export-${format}"]`)]);
      const path = await download.path();
      saved.push({ name: download.suggestedFilename(), buffer: readFileSync(path) });
    }
    expect(saved.map((file) => file.name)).toEqual(['sozialraeume-ist-2025.geojson', 'sozialraeume-ist-2025-25832.zip']);
    expect(JSON.parse(saved[0]!.buffer.toString('utf8')).features).toHaveLength(8);

    for (const file of saved) {
      await page.click('[data-testid="open-import"]');
      await page.setInputFiles('[data-testid="import-file"]', { name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
      await page.waitForSelector('[data-testid="import-summary"]');
      await expect(page.textContent('[data-testid="import-summary"]')).resolves.toContain('8 Objekte');
      await page.keyboard.press('Escape');
    }
    await page.context().close();
  });
});
