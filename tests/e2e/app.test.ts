import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  newPage,
  colourShare,
  decodePng,
  hexToRgb,
  launchPersistent,
  openApp,
  screenshot,
  temporaryProfile,
  waitForMapIdle,
  watchPage,
  sharedBrowser,
} from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

async function spaceColours(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="space-list"] .swatch', (swatches) =>
    swatches.map((swatch) => getComputedStyle(swatch).backgroundColor),
  );
}

function rgbStringToTuple(value: string): [number, number, number] {
  const [r, g, b] = value.match(/\d+/g)!.map(Number);
  return [r!, g!, b!];
}

describe('first start', () => {
  it('opens the demo project offline with its social spaces drawn, labelled and listed', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);

    await expect(page.textContent('h1')).resolves.toBe('Sozialraum-Atlas');
    await expect(page.textContent('[data-testid="project-name"]')).resolves.toContain('(fiktiv)');
    await expect(page.isVisible('text=Fiktive Demodaten')).resolves.toBe(true);
    const items = await page.$$('[data-testid="space-list"] li');
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.length).toBeLessThanOrEqual(10);

    const shot = decodePng(await screenshot(page, 'first-start-de'));
    const map = decodePng(await page.locator('[data-testid="map"]').screenshot());
    // The map is not blank: the offline basemap background covers only part of it.
    expect(colourShare(map, hexToRgb('#f4f1ea'), 3)).toBeLessThan(0.8);
    // The outline colours of the spaces are drawn (the small town-centre space may hide under
    // its label at district zoom; the selection test checks it zoomed in).
    // Each space is filled with its colour at 28 % over the background.
    const colours = await spaceColours(page);
    const background = hexToRgb('#f4f1ea');
    const filled = colours.filter((colour) => {
      const rgb = rgbStringToTuple(colour);
      const blend = rgb.map((channel, index) => Math.round(channel * 0.28 + background[index]! * 0.72)) as [number, number, number];
      return colourShare(map, blend, 6) > 0.002;
    });
    expect(filled.length).toBeGreaterThanOrEqual(colours.length - 1);
    // Labels are rendered without a font server: dark label text pixels exist.
    expect(colourShare(map, hexToRgb('#111111'), 4)).toBeGreaterThan(0.0008);
    expect(shot.width).toBe(1280);

    expect(watched.foreignRequests).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.context().close();
  });

  it('selects a space from the list and highlights it', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const first = page.locator('[data-testid="space-list"] li').first();
    await first.locator('button.space').click();
    await expect(first.getAttribute('class')).resolves.toContain('selected');
    await waitForMapIdle(page);
    await screenshot(page, 'space-selected');
    const selected = decodePng(await page.locator('[data-testid="map"]').screenshot());
    // Escape clears the selection; the camera stays, so only the black outline goes away.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="space-list"] li.selected', { state: 'detached' });
    await waitForMapIdle(page);
    const unselected = decodePng(await page.locator('[data-testid="map"]').screenshot());
    const black = hexToRgb('#111111');
    expect(colourShare(selected, black, 4) - colourShare(unselected, black, 4)).toBeGreaterThan(0.002);
    await page.context().close();
  });
});

describe('persistence and undo', () => {
  it('keeps a renamed project after a reload', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.click('[data-testid="project-menu"]');
    await page.click('role=menuitem[name="Umbenennen"]');
    await page.fill('dialog input[type="text"]', 'Jugendhilfeplanung 2026');
    await page.click('dialog button[type="submit"]');
    await page.waitForSelector('[data-testid="project-name"]:has-text("Jugendhilfeplanung 2026")');

    await page.reload();
    await waitForMapIdle(page);
    await expect(page.textContent('[data-testid="project-name"]')).resolves.toBe('Jugendhilfeplanung 2026');
    await page.context().close();
  });

  it('undoes and redoes a space edit with the buttons and the keyboard, also after a reload', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const firstName = page.locator('[data-testid="space-list"] li .name').first();
    const original = (await firstName.textContent())!;

    await page.locator('[data-testid="space-list"] li button.edit').first().click();
    await page.fill('[data-testid="space-list"] form input[name="name"]', 'Neue Mitte');
    await page.click('[data-testid="space-list"] form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="space-list"] li .name')?.textContent === 'Neue Mitte');

    await page.click('[data-testid="undo"]');
    await page.waitForFunction((name) => document.querySelector('[data-testid="space-list"] li .name')?.textContent === name, original);
    await page.click('[data-testid="redo"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="space-list"] li .name')?.textContent === 'Neue Mitte');

    await page.keyboard.press('Control+z');
    await page.waitForFunction((name) => document.querySelector('[data-testid="space-list"] li .name')?.textContent === name, original);
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelector('[data-testid="space-list"] li .name')?.textContent === 'Neue Mitte');

    // The undo log lives in IndexedDB too: undo still works after a reload.
    await page.reload();
    await waitForMapIdle(page);
    await expect(firstName.textContent()).resolves.toBe('Neue Mitte');
    await page.click('[data-testid="undo"]');
    await page.waitForFunction((name) => document.querySelector('[data-testid="space-list"] li .name')?.textContent === name, original);
    await page.context().close();
  });

  it('keeps changes when the browser is closed and started again', async () => {
    const profile = temporaryProfile();
    let context = await launchPersistent(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, baseUrl);
    await page.locator('[data-testid="space-list"] li button.edit').first().click();
    await page.fill('[data-testid="space-list"] form input[name="name"]', 'Nach dem Neustart');
    await page.click('[data-testid="space-list"] form button[type="submit"]');
    await page.waitForSelector('text=Nach dem Neustart');
    await context.close();

    context = await launchPersistent(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, baseUrl);
    await expect(page.locator('[data-testid="space-list"] li .name').first().textContent()).resolves.toBe('Nach dem Neustart');
    await context.close();
  });
});

describe('language', () => {
  it('switches to English and remembers the choice', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await expect(page.textContent('#spaces-heading')).resolves.toBe('Sozialräume');
    await page.selectOption('.language select', 'en');
    await expect(page.textContent('#spaces-heading')).resolves.toBe('Social spaces');
    await expect(page.isVisible('text=Fictional demo data')).resolves.toBe(true);
    await page.reload();
    await waitForMapIdle(page);
    await expect(page.textContent('#spaces-heading')).resolves.toBe('Social spaces');
    await expect(page.getAttribute('html', 'lang')).resolves.toBe('en');
    await screenshot(page, 'english');
    await page.context().close();
  });
});

describe('projects', () => {
  it('creates, switches, duplicates and deletes projects, and resets the demo', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const demoName = (await page.textContent('[data-testid="project-name"]'))!;

    await page.click('[data-testid="project-menu"]');
    await page.click('role=menuitem[name="Neues Projekt"]');
    await page.fill('dialog input[type="text"]', 'Landkreis Test');
    await page.click('dialog button[type="submit"]');
    await page.waitForSelector('[data-testid="project-name"]:has-text("Landkreis Test")');
    await expect(page.isVisible('text=Dieses Projekt enthält noch keine Sozialräume.')).resolves.toBe(true);

    await page.click('[data-testid="project-menu"]');
    await page.click(`role=menuitemradio[name=/${demoName.replace(/[()]/g, '\\$&')}/]`);
    await page.waitForFunction((name) => document.querySelector('[data-testid="project-name"]')?.textContent === name, demoName);
    await page.waitForSelector('[data-testid="space-list"] li');
    await waitForMapIdle(page);

    await page.click('[data-testid="project-menu"]');
    await page.click('role=menuitem[name="Duplizieren"]');
    await page.waitForSelector(`[data-testid="project-name"]:has-text("(Kopie)")`);
    await page.waitForSelector('[data-testid="space-list"] li');
    await waitForMapIdle(page);
    expect(await page.$$('[data-testid="space-list"] li')).not.toHaveLength(0);

    await page.click('[data-testid="project-menu"]');
    expect(await page.$$('role=menuitemradio')).toHaveLength(3);
    await page.click('role=menuitem[name="Löschen"]');
    await page.click('dialog button.danger');
    await page.waitForSelector('[data-testid="project-name"]:not(:has-text("(Kopie)"))');
    await page.click('[data-testid="project-menu"]');
    expect(await page.$$('role=menuitemradio')).toHaveLength(2);
    await page.keyboard.press('Escape');

    // Reset brings back the shipped demo after changes.
    await page.click('[data-testid="project-menu"]');
    await page.click(`role=menuitemradio[name=/${demoName.replace(/[()]/g, '\\$&')}/]`);
    await page.waitForFunction((name) => document.querySelector('[data-testid="project-name"]')?.textContent === name, demoName);
    await page.waitForSelector('[data-testid="space-list"] li');
    await waitForMapIdle(page);
    await page.locator('[data-testid="space-list"] li button.edit').first().click();
    const originalName = await page.inputValue('[data-testid="space-list"] form input[name="name"]');
    await page.fill('[data-testid="space-list"] form input[name="name"]', 'Wird zurückgesetzt');
    await page.click('[data-testid="space-list"] form button[type="submit"]');
    await page.waitForSelector('text=Wird zurückgesetzt');
    await page.click('[data-testid="project-menu"]');
    await page.click('role=menuitem[name="Demoprojekt zurücksetzen"]');
    await page.click('dialog button.danger');
    await page.waitForSelector(`[data-testid="space-list"] li .name:text-is("${originalName}")`);
    await expect(page.isDisabled('[data-testid="undo"]')).resolves.toBe(true);
    await page.context().close();
  });
});

describe('basemaps', () => {
  it('offers online basemaps with attribution and keeps the offline map as default', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    // No internet here: answer OpenStreetMap tile requests with a plain tile.
    const tile = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.route('https://tile.openstreetmap.org/**', (route) => route.fulfill({ body: tile, contentType: 'image/png' }));
    await openApp(page, baseUrl);
    await expect(page.textContent('.maplibregl-ctrl-attrib')).resolves.toContain('offline');

    await page.click('button:has-text("Einstellungen")');
    await expect(page.isChecked('input[value="offline"]')).resolves.toBe(true);
    await page.check('input[value="osm-raster"]');
    await page.click('dialog button:has-text("Schließen")');
    await page.waitForSelector('.maplibregl-ctrl-attrib:has-text("OpenStreetMap")');
    await waitForMapIdle(page);
    expect(watched.foreignRequests.some((url) => url.startsWith('https://tile.openstreetmap.org/'))).toBe(true);
    await screenshot(page, 'basemap-osm');

    // The choice is part of the project and undoable.
    await page.click('[data-testid="undo"]');
    await page.waitForSelector('.maplibregl-ctrl-attrib:has-text("offline")');
    await waitForMapIdle(page);
    await page.context().close();
  });
});
