/**
 * The CSV wizard as a planner uses it: an office export (Windows-1252, `;`, decimal commas,
 * UTM 32 with zone prefix, a row without coordinates, a row with one field too many) uploaded
 * through the file input, detected, previewed, imported with the problems listed and
 * downloadable, stored as a layer and drawn on the map; undo removes it.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import proj4 from 'proj4';
import { newPage, openApp, screenshot, sharedBrowser, waitForMapIdle } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

proj4.defs('EPSG:25832', '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
/** "32" zone prefix and a decimal comma, as some offices write eastings. */
const utm = (lon: number, lat: number) => {
  const [east, north] = proj4('EPSG:4326', 'EPSG:25832', [lon, lat]);
  return [`32${east!.toFixed(1)}`, north!.toFixed(1)].map((value) => value.replace('.', ','));
};

function officeExport(): Buffer {
  const rows = ['Lfd. Nr.;Bezeichnung der Einrichtung;Art;Rechtswert;Hochwert;Plätze'];
  for (let index = 1; index <= 40; index++) {
    const [east, north] = utm(9.75 + (index % 8) * 0.05, 50.75 + Math.floor(index / 8) * 0.05);
    rows.push(`${index};Kita Nummer ${index} Straße;kita;${east};${north};${index * 5}`);
  }
  rows.push('41;Kita ohne Koordinaten;kita;;;30');
  rows.push('42;Kita mit Zusatzfeld;kita;32570000,0;5640000,0;25;überzählig');
  rows.push('43;Jugendhaus Mühlental;youth-centre;' + utm(9.9, 50.9).join(';') + ';1.250');
  return Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1');
}

async function pointLayers(page: Page): Promise<{ name: string; length: number }[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const layers = await new Promise<{ projectId: string; name: string; points?: { length: number } }[]>((resolve, reject) => {
      const request = db.transaction('layers').objectStore('layers').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return layers.filter((layer) => layer.points).map((layer) => ({ name: layer.name, length: layer.points!.length }));
  });
}

describe('importing a CSV table with the wizard', () => {
  it('detects an office export, imports it with its problems listed, stores it, and undoes', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('[data-testid="open-csv-import"]');
    await page.setInputFiles('[data-testid="csv-file"]', { name: 'kitas-2026.csv', mimeType: 'text/csv', buffer: officeExport() });
    await page.waitForSelector('[data-testid="csv-preview"]', { timeout: 30_000 });

    await expect(page.inputValue('[data-testid="csv-encoding"]')).resolves.toBe('windows-1252');
    await expect(page.inputValue('[data-testid="csv-delimiter"]')).resolves.toBe(';');
    await expect(page.isChecked('[data-testid="csv-header"]')).resolves.toBe(true);
    // The preview shows the places as numbers (thousands separator read) and umlauts intact.
    const preview = (await page.textContent('[data-testid="csv-preview"]'))!;
    expect(preview).toContain('Bezeichnung der Einrichtung');
    expect(preview).toContain('Kita Nummer 1 Straße');
    // Mapping and location suggested from the German headers and the values.
    await expect(page.inputValue('[data-testid="csv-role-name"]')).resolves.toBe('1');
    await expect(page.inputValue('[data-testid="csv-coordinate-0"]')).resolves.toBe('3');
    await expect(page.inputValue('[data-testid="csv-coordinate-1"]')).resolves.toBe('4');
    // Eastings written with the zone number in front ("32…") are recognised as such.
    await expect(page.inputValue('[data-testid="csv-crs"]')).resolves.toBe('EPSG:25832|xy|true');
    await screenshot(page, 'csv-wizard-detected');

    await page.click('[data-testid="csv-run"]');
    await page.waitForSelector('[data-testid="csv-result"]', { timeout: 30_000 });
    const summary = (await page.textContent('[data-testid="csv-summary"]'))!;
    expect(summary).toContain('41 von 43 Zeilen mit Lage importiert');
    expect(summary).toContain('1 Zeilen abgelehnt');
    const problems = (await page.textContent('[data-testid="csv-problems"]'))!;
    expect(problems).toContain('Zeile 42');
    expect(problems).toContain('keine Lageangabe');
    expect(problems).toContain('Zeile 43');
    expect(problems).toContain('mehr Felder als Spalten');
    await screenshot(page, 'csv-wizard-result');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="csv-download-problems"]')]);
    expect(download.suggestedFilename()).toBe('kitas-2026-probleme.csv');
    const problemsFile = readFileSync((await download.path())!, 'utf8');
    expect(problemsFile.startsWith('\ufeffZeile;Spalte;Wert;Grund;Zeile ausgelassen')).toBe(true);
    expect(problemsFile).toContain('42;;;keine Lageangabe;ja');

    await page.fill('[data-testid="csv-layer-name"]', 'Kitas 2026');
    await page.click('[data-testid="csv-save"]');
    await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached' });
    await page.waitForFunction(() => /Punkte/.test(document.querySelector('[data-testid="undo"]')?.getAttribute('title') ?? ''));
    expect(await pointLayers(page)).toEqual([{ name: 'Kitas 2026', length: 41 }]);
    await waitForMapIdle(page);
    await screenshot(page, 'csv-wizard-on-map');

    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => !/Punkte/.test(document.querySelector('[data-testid="undo"]')?.getAttribute('title') ?? ''));
    expect(await pointLayers(page)).toEqual([]);
    await page.close();
  });
});
