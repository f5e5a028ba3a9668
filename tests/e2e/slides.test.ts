/**
 * Slides, presentation mode and export (issue 8), as a planner does it in the demo project:
 * saving views as slides, editing and reordering them, presenting with the keys a clicker
 * sends at 1920 × 1080 and 1280 × 720 (title, legend and type size measured, contrast computed
 * from the rendered colours), and exporting a PNG and a PDF whose pages are rendered with
 * pdftoppm and checked (and kept in tests/artifacts/screenshots to look at).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS_DIR, colourShare, decodePng, newPage, openApp, screenshot, sharedBrowser, watchPage } from './browser';
import { contrastRatio, washedOutContrast } from '../../src/domain/contrast';
import { WASHED_OUT_AMBIENT } from '../../src/domain/projector-theme';
import { pngDpi, pngSize } from '../../src/io/png-dpi';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

/** Save the map as it is as a slide and wait until the list shows `count` slides. */
async function addSlide(page: Page, count: number): Promise<void> {
  await page.click('[data-testid="slide-add"]');
  await page.waitForFunction((expected) => document.querySelectorAll('[data-testid="slide-item"]').length === expected, count);
  // A new slide opens its editor: close it unchanged.
  const editor = page.locator('[data-testid="slide-editor"]');
  if (await editor.isVisible()) await editor.locator('button', { hasText: 'Abbrechen' }).click();
}

async function slideTitles(page: Page): Promise<string[]> {
  return page.locator('[data-testid="slide-item"] .title').allTextContents();
}

/** Wait until every map of the presentation has drawn everything. */
async function waitForSlideMaps(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const maps = [...document.querySelectorAll<HTMLElement>('[data-testid="slide-map"]')];
      return maps.length > 0 && maps.every((map) => map.dataset['mapState'] === 'idle');
    },
    undefined,
    { timeout: 45_000 },
  );
}

interface TextMeasure {
  text: string;
  fontSize: number;
  colour: string;
  background: string;
  visible: boolean;
}

/** Every piece of text in the presentation with its computed size, colour and the background behind it. */
async function measureTexts(page: Page): Promise<TextMeasure[]> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="presentation"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const result: { text: string; fontSize: number; colour: string; background: string; visible: boolean }[] = [];
    const backgroundOf = (element: Element | null): string => {
      for (let current = element; current; current = current.parentElement) {
        const colour = getComputedStyle(current).backgroundColor;
        if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
      }
      return 'rgb(255, 255, 255)';
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || element.closest('.visually-hidden, .maplibregl-ctrl-attrib, .steps')) continue;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      const visible = style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
      result.push({ text, fontSize: Number.parseFloat(style.fontSize), colour: style.color, background: backgroundOf(element), visible });
    }
    return result;
  });
}

/** Title and legend on screen, every text at least `minimumPixels`, and AA contrast (also washed out). */
async function checkReadable(page: Page, minimumPixels: number, name: string): Promise<void> {
  await waitForSlideMaps(page);
  const viewport = page.viewportSize()!;
  const title = await page.locator('[data-testid="slide-title"]').boundingBox();
  expect(title, 'title').not.toBeNull();
  expect(title!.y).toBeGreaterThanOrEqual(0);
  expect(title!.y + title!.height).toBeLessThan(viewport.height * 0.25);
  const legend = await page.locator('[data-testid="slide-legend"]').boundingBox();
  expect(legend, 'legend').not.toBeNull();
  expect(legend!.x + legend!.width).toBeLessThanOrEqual(viewport.width + 1);
  expect(legend!.y + Math.min(legend!.height, 40)).toBeLessThanOrEqual(viewport.height);
  const texts = (await measureTexts(page)).filter((text) => text.visible);
  expect(texts.length).toBeGreaterThan(5);
  for (const text of texts) {
    expect(text.fontSize, `${text.text} at ${viewport.width}×${viewport.height}`).toBeGreaterThanOrEqual(minimumPixels);
    expect(contrastRatio(text.colour, text.background), text.text).toBeGreaterThanOrEqual(7);
    expect(washedOutContrast(text.colour, text.background, WASHED_OUT_AMBIENT), text.text).toBeGreaterThanOrEqual(4.5);
  }
  // The map labels are drawn in the projector size too.
  const labelSize = await page.evaluate(() => {
    const sizes = [...document.querySelectorAll<HTMLElement>('[data-testid="slide-map"]')].map((map) => Number(map.dataset['labelSize']));
    return Math.min(...sizes);
  });
  expect(labelSize).toBeGreaterThanOrEqual(minimumPixels - 2);
  const png = decodePng(await screenshot(page, name));
  expect(png.width).toBe(viewport.width);
  // Black text on white: a washed-out beamer still has both.
  expect(colourShare(png, [0, 0, 0], 40)).toBeGreaterThan(0.002);
}

/** Read a download's bytes. */
async function downloaded(page: Page, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), start()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path!) };
}

describe('slides', () => {
  it('saves three views as slides, edits and reorders them, and presents them with the keyboard at 1920 × 1080 and 1280 × 720', async () => {
    const page = await newPage(browser(), { width: 1280, height: 800 });
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await page.click('[data-testid="slides-open"]');
    await expect(page.textContent('[data-testid="slide-panel"]')).resolves.toContain('Noch keine Folien');

    // 1: the plan. 2: stationary help per 1,000 under 21. 3: the resources.
    await addSlide(page, 1);
    await page.click('[data-testid="tab-demand"]');
    await page.selectOption('[data-testid="demand-group"]', 'stationaer');
    await addSlide(page, 2);
    await page.click('[data-testid="tab-resources"]');
    await addSlide(page, 3);
    await expect(slideTitles(page)).resolves.toEqual(['Sozialräume – Ist 2025', 'Stationäre Hilfen je 1.000 Einwohner unter 21 Jahren, 2025', 'Angebote und Einrichtungen']);

    // Words, notes and a before/after of two years on slide 2.
    const second = page.locator('[data-testid="slide-item"]').nth(1);
    await second.locator('[data-testid="slide-edit"]').click();
    await page.fill('[data-testid="slide-field-subtitle"]', 'Jugendhilfeausschuss, 12. März');
    await page.fill('[data-testid="slide-field-notes"]', 'Auf den Anstieg im Süden hinweisen.');
    await page.selectOption('[data-testid="slide-compare-kind"]', 'years');
    await page.selectOption('[data-testid="slide-compare-year"]', '2018');
    await page.click('[data-testid="slide-save"]');
    await page.waitForSelector('[data-testid="slide-item"]:nth-child(2) .meta:has-text("Vorher/Nachher")');

    // The resources move to the front, then back; undo restores the order.
    await page.locator('[data-testid="slide-item"]').nth(2).locator('[data-testid="slide-up"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="slide-item"] .title')[1]?.textContent === 'Angebote und Einrichtungen');
    await page.click('[data-testid="undo"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="slide-item"] .title')[2]?.textContent === 'Angebote und Einrichtungen');
    await screenshot(page, 'slides-panel');

    // Present at 1920 × 1080 (the projector's resolution).
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.click('[data-testid="slide-present"]');
    await page.waitForSelector('[data-testid="presentation"]');
    await expect(page.textContent('[data-testid="slide-number"]')).resolves.toContain('1 / 3');
    await expect(page.textContent('[data-testid="slide-title"]')).resolves.toBe('Sozialräume – Ist 2025');
    await expect(page.textContent('[data-testid="slide-source"]')).resolves.toContain('Datenstand 31.12.2025');
    await checkReadable(page, 24, 'present-1920-slide-1');
    // Body text is at least 24 px at 1920 × 1080.
    const bodySize = await page.locator('[data-testid="slide-legend-entry"]').first().evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
    expect(bodySize).toBeGreaterThanOrEqual(24);

    // Page Down (a clicker's "next"): the before/after slide, two maps in one classification.
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid="slide-number"]')?.textContent?.includes('2 / 3'));
    await expect(page.textContent('[data-testid="slide-title"]')).resolves.toBe('Stationäre Hilfen je 1.000 Einwohner unter 21 Jahren, 2025');
    await expect(page.locator('[data-testid="slide-map"]').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid="slide-caption"]').allTextContents()).resolves.toEqual(['Vorher: 2018', 'Nachher: 2025']);
    await checkReadable(page, 24, 'present-1920-slide-2-before-after');
    // Speaker notes on N, away again on N.
    await page.keyboard.press('n');
    await expect(page.textContent('[data-testid="slide-notes"]')).resolves.toBe('Auf den Anstieg im Süden hinweisen.');
    await page.keyboard.press('n');
    await expect(page.isVisible('[data-testid="slide-notes"]')).resolves.toBe(false);

    // Space and the arrow keys step on and back; the last slide stays the last.
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[data-testid="slide-number"]')?.textContent?.includes('3 / 3'));
    await page.keyboard.press('ArrowRight');
    await expect(page.textContent('[data-testid="slide-number"]')).resolves.toContain('3 / 3');
    await checkReadable(page, 24, 'present-1920-slide-3');
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => document.querySelector('[data-testid="slide-number"]')?.textContent?.includes('2 / 3'));

    // The same deck on a 1280 × 720 projector: everything still readable.
    await page.setViewportSize({ width: 1280, height: 720 });
    await checkReadable(page, 20, 'present-1280-slide-2-before-after');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('[data-testid="slide-number"]')?.textContent?.includes('1 / 3'));
    await checkReadable(page, 20, 'present-1280-slide-1');

    // B blanks the screen, any step key brings it back; Esc ends the presentation.
    await page.keyboard.press('b');
    await page.waitForSelector('[data-testid="presentation-blank"]');
    await page.keyboard.press('ArrowRight');
    await expect(page.isVisible('[data-testid="presentation-blank"]')).resolves.toBe(false);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="presentation"]', { state: 'detached' });
    await expect(page.isVisible('[data-testid="slide-panel"]')).resolves.toBe(true);
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
    await page.context().close();
  });

  it('prepares five slides from the demo, presents them at 1280 × 720 with Page Down, and exports a PNG and a PDF to hand out', async () => {
    const page = await newPage(browser(), { width: 1280, height: 800 });
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await page.click('[data-testid="slides-open"]');
    await addSlide(page, 1);
    await page.click('[data-testid="tab-demand"]');
    await addSlide(page, 2);
    await page.selectOption('[data-testid="demand-group"]', 'out-of-home');
    await addSlide(page, 3);
    await page.selectOption('[data-testid="demand-measure"]', 'count');
    await page.selectOption('[data-testid="demand-group"]', '35');
    await addSlide(page, 4);
    await page.click('[data-testid="tab-resources"]');
    await addSlide(page, 5);

    await page.setViewportSize({ width: 1280, height: 720 });
    await page.click('[data-testid="slide-present"]');
    for (let slide = 1; slide <= 5; slide++) {
      await page.waitForFunction((number) => document.querySelector('[data-testid="slide-number"]')?.textContent?.includes(`${number} / 5`), slide);
      await checkReadable(page, 20, `handout-present-1280-slide-${slide}`);
      if (slide === 4) {
        // Small counts are shown as "< 5" on the map labels and in the legend, as everywhere.
        await expect(page.textContent('[data-testid="slide-legend"]')).resolves.toContain('< 5');
      }
      await page.keyboard.press('PageDown');
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="presentation"]', { state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // PNG of the current map, A4 at 150 dpi: 1754 × 1240 pixels, declared as 150 dpi.
    await page.click('[data-testid="export-png"]');
    await page.check('[data-testid="export-paper-A4"]');
    await page.check('[data-testid="export-dpi-150"]');
    const png = await downloaded(page, () => page.click('[data-testid="export-start"]'));
    expect(png.name).toMatch(/^karte-.*-a4-150dpi\.png$/);
    expect(pngSize(png.bytes)).toEqual({ width: 1754, height: 1240 });
    expect(pngDpi(png.bytes)).toBe(150);
    writeFileSync(join(ARTIFACTS_DIR, 'export-a4-150dpi.png'), png.bytes);
    const image = decodePng(png.bytes);
    // White paper with black type and a coloured map.
    expect(colourShare(image, [255, 255, 255], 3)).toBeGreaterThan(0.1);
    expect(colourShare(image, [0, 0, 0], 30)).toBeGreaterThan(0.003);
    await page.click('[data-testid="export-dialog"] button:has-text("Schließen")');

    // PDF of all five slides, A4: five landscape pages.
    await page.click('[data-testid="export-pdf"]');
    await page.check('[data-testid="export-paper-A4"]');
    await page.check('[data-testid="export-dpi-150"]');
    const started = Date.now();
    const pdf = await downloaded(page, () => page.click('[data-testid="export-start"]'));
    const seconds = (Date.now() - started) / 1000;
    console.log(`PDF of 5 slides, A4 at 150 dpi: ${seconds.toFixed(1)} s, ${(pdf.bytes.length / 1_048_576).toFixed(2)} MB`);
    expect(pdf.name).toMatch(/^folien-.*\.pdf$/);
    const folder = mkdtempSync(join(tmpdir(), 'atlas-pdf-'));
    const file = join(folder, 'folien.pdf');
    writeFileSync(file, pdf.bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+5\b/);
    expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    // Each page rendered to PNG at 50 dpi, kept to look at.
    execFileSync('pdftoppm', ['-r', '50', '-png', file, join(folder, 'page')]);
    const pages = readdirSync(folder).filter((name) => name.startsWith('page')).sort();
    expect(pages).toHaveLength(5);
    for (const [index, name] of pages.entries()) {
      const rendered = decodePng(readFileSync(join(folder, name)));
      // A4 landscape at 50 dpi: 584.6 × 413.4 pixels, which pdftoppm rounds up.
      expect([rendered.width, rendered.height]).toEqual([585, 414]);
      expect(colourShare(rendered, [255, 255, 255], 3)).toBeGreaterThan(0.1);
      copyFileSync(join(folder, name), join(ARTIFACTS_DIR, `export-pdf-page-${index + 1}.png`));
    }
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
    await page.context().close();
  }, 300_000);
});
