import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { newPage, openApp, screenshot, waitForMapIdle, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

/**
 * A key → space table as an office exports it: Windows-1252, `;`, CRLF. Demo unit keys are
 * 0699nnnn (data/generate-demo.ts); 06990001–06990004 lie in SR 01 Auenstadt-Mitte.
 */
const TABLE_LINES = [
  'Schlüssel;Bezeichnung;Sozialraum',
  '06990001;Auenstadt-Altstadt Nord;Auenstadt-Nord', // by name → SR 02
  '06990002;Auenstadt-Altstadt Süd;Auenstadt-Süd', // umlaut name → SR 03
  '06990003;Auenstadt-Marktviertel;SR 02', // by code
  '06999999;Gibt es nicht;SR 01', // unknown unit key
  '06990004;Auenstadt-Schlossberg;Neustadt', // unknown space
  '6990001;Auenstadt-Altstadt Nord;SR 01', // the same unit again (leading zero dropped)
];
const tableFile = () => ({
  name: 'zuordnung-2026.csv',
  mimeType: 'text/csv',
  // latin1 writes ä, ö, ü, ß as the single bytes Windows-1252 uses for them.
  buffer: Buffer.from(`${TABLE_LINES.join('\r\n')}\r\n`, 'latin1'),
});

const spaceItem = (page: Page, code: string) => page.locator('[data-testid="space-list"] li', { hasText: code });
const figures = async (page: Page, code: string) => (await spaceItem(page, code).locator('.figures').textContent())!.replace(/\s+/g, ' ').trim();
const text = async (page: Page, selector: string) => (await page.textContent(selector))!.replace(/\s+/g, ' ').trim();

describe('assigning units from a key → space table', () => {
  it('reads a Windows-1252 CSV, lists its problems, downloads the rejected rows, applies and undoes', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    // Demo figures of SR 01 Auenstadt-Mitte (9 units) before anything changes.
    await expect(figures(page, 'SR 01')).resolves.toBe('8.426 Einwohner · 1.458 unter 18');

    await page.click('[data-testid="open-assign-table"]');
    await page.setInputFiles('[data-testid="assign-table-file"]', tableFile());
    await page.waitForSelector('[data-testid="assign-table-summary"]', { timeout: 30_000 });

    await expect(text(page, '[data-testid="assign-table-detected"]')).resolves.toBe(
      'Erkannt: Zeichensatz Windows-1252, Trennzeichen Semikolon (;), mit Kopfzeile.',
    );
    await expect(page.inputValue('[data-testid="assign-table-key"]')).resolves.toBe('0');
    await expect(page.inputValue('[data-testid="assign-table-space"]')).resolves.toBe('2');
    await expect(page.locator('[data-testid="assign-table-space"] option:checked').textContent()).resolves.toBe('Spalte 3: Sozialraum');
    await expect(text(page, '[data-testid="assign-table-summary"]')).resolves.toBe(
      '3 von 6 Zeilen passen (Basiseinheit und Sozialraum erkannt). Betroffene Sozialräume: 2. ' +
        'Davon wechseln 3 Basiseinheit(en) den Sozialraum.',
    );
    await expect(text(page, '[data-testid="assign-table-missing"] p')).resolves.toBe('Sozialräume, die es in der Variante nicht gibt: „Neustadt“');
    const problems = await page.locator('[data-testid="assign-table-problems"] li').allTextContents();
    expect(problems.map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      'Zeile 5 06999999 keine Basiseinheit mit diesem Schlüssel',
      'Zeile 6 06990004 Sozialraum „Neustadt“ gibt es nicht',
      'Zeile 7 6990001 doppelt, schon in Zeile 2 zugeordnet',
    ]);
    await screenshot(page, 'assignment-table-dialog');

    // Creating the missing space would take its row too; switched off again, it is rejected.
    await page.check('[data-testid="assign-table-create"]');
    await page.waitForSelector('[data-testid="assign-table-summary"]:has-text("4 von 6 Zeilen")');
    await page.uncheck('[data-testid="assign-table-create"]');
    await page.waitForSelector('[data-testid="assign-table-summary"]:has-text("3 von 6 Zeilen")');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="assign-table-download"]')]);
    expect(download.suggestedFilename()).toBe('zuordnung-2026-abgelehnt.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(
      '\uFEFFZeile;Grund;Details;Werte\r\n' +
        '5;unknown-unit;keine Basiseinheit mit diesem Schlüssel;06999999 | Gibt es nicht | SR 01\r\n' +
        '6;unknown-space;Sozialraum „Neustadt“ gibt es nicht;06990004 | Auenstadt-Schlossberg | Neustadt\r\n' +
        '7;duplicate-unit;doppelt, schon in Zeile 2 zugeordnet;6990001 | Auenstadt-Altstadt Nord | SR 01\r\n',
    );

    await page.click('[data-testid="assign-table-apply"]');
    await page.waitForSelector('[data-testid="assign-table-dialog"]', { state: 'detached' });
    await page.waitForFunction(
      (label) => document.querySelector('[data-testid="undo"]')?.getAttribute('title')?.includes(label),
      'Zuordnung aus Tabelle für 3 Basiseinheiten',
    );
    // SR 01 loses 06990001–03 (2,909 inhabitants, 511 under 18); SR 02 and SR 03 gain them.
    await expect(figures(page, 'SR 01')).resolves.toBe('5.517 Einwohner · 947 unter 18');
    await expect(figures(page, 'SR 02')).resolves.toBe('11.435 Einwohner · 1.877 unter 18');
    await expect(figures(page, 'SR 03')).resolves.toBe('8.532 Einwohner · 1.411 unter 18');
    await spaceItem(page, 'SR 01').locator('button.space').click();
    await waitForMapIdle(page);
    await screenshot(page, 'assignment-table-applied');

    await page.keyboard.press('Control+z');
    await page.waitForFunction(
      ([selector, expected]) => document.querySelector(selector!)?.textContent?.replace(/\s+/g, ' ').trim() === expected,
      ['[data-testid="space-list"] li:nth-child(1) .figures', '8.426 Einwohner · 1.458 unter 18'] as const,
    );
    await expect(figures(page, 'SR 02')).resolves.toBe('9.602 Einwohner · 1.553 unter 18');
    await expect(figures(page, 'SR 03')).resolves.toBe('7.456 Einwohner · 1.224 unter 18');
    await page.context().close();
  });

  it('names the file and the reason when no column holds unit keys', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('[data-testid="open-assign-table"]');
    await page.setInputFiles('[data-testid="assign-table-file"]', {
      name: 'falsch.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Name,Raum\r\nA,SR 01\r\n', 'utf8'),
    });
    await page.waitForSelector('[data-testid="assign-table-dialog"] .failure');
    await expect(text(page, '[data-testid="assign-table-dialog"] .failure')).resolves.toBe(
      '„falsch.csv“ konnte nicht gelesen werden: Keine Spalte enthält Schlüssel der Basiseinheiten dieses Projekts.',
    );
    await expect(page.isVisible('[data-testid="assign-table-apply"]')).resolves.toBe(false);
    await page.context().close();
  });
});
