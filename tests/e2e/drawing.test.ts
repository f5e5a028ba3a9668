/**
 * Drawing social spaces by hand: draw with snapping, reshape a shared border, split, merge,
 * undo — clicking on the map as a planner does, and reading back what IndexedDB stored.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Position } from 'geojson';
import { newPage, openApp, screenshot, storedSpaces, waitForMapIdle, type StoredSpace, sharedBrowser, createProjectFromMenu } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

function vertices(space: StoredSpace): string[] {
  const polygons = (space.geometry.type === 'Polygon' ? [space.geometry.coordinates] : space.geometry.coordinates) as Position[][][];
  return polygons.flat(2).map((position) => `${position[0]},${position[1]}`);
}

async function mapOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  return { x: box.x, y: box.y };
}

/** Click a sequence of map pixels (relative to the map's top-left corner). */
async function clickPoints(page: Page, points: readonly [number, number][]): Promise<void> {
  const origin = await mapOrigin(page);
  for (const [x, y] of points) {
    await page.mouse.move(origin.x + x, origin.y + y, { steps: 4 });
    await page.mouse.click(origin.x + x, origin.y + y);
    await page.waitForTimeout(80);
  }
}

async function spaceCount(page: Page): Promise<number> {
  return page.locator('[data-testid="space-list"] li').count();
}

async function newEmptyProject(page: Page, name: string): Promise<void> {
  await createProjectFromMenu(page, name);
  await waitForMapIdle(page);
}

async function drawPolygon(page: Page, points: readonly [number, number][]): Promise<void> {
  await page.click('[data-testid="draw-space"]');
  await page.waitForSelector('[data-testid="edit-hint"][data-mode="draw"]');
  await clickPoints(page, points);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="edit-hint"]', { state: 'detached' });
}

describe('drawing social spaces by hand', () => {
  it('draws two spaces that snap together, reshapes their shared border, splits, merges and undoes', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await newEmptyProject(page, 'Zeichentest');

    // First space: a square.
    await drawPolygon(page, [
      [300, 200],
      [450, 200],
      [450, 350],
      [300, 350],
    ]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 1);

    // Second space: its western corners are clicked 4–5 pixels off the first square's corners
    // and snap onto them.
    await drawPolygon(page, [
      [454, 204],
      [600, 200],
      [600, 350],
      [455, 346],
    ]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 2);
    let spaces = await storedSpaces(page);
    expect(spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
    const shared = vertices(spaces[0]!).filter((vertex) => vertices(spaces[1]!).includes(vertex));
    expect(new Set(shared).size).toBe(2);
    await screenshot(page, 'draw-two-spaces-snapped');

    // Nothing between them: the check finds no overlap (there is no outline, so no gap test).
    await page.click('[data-testid="validate"]');
    await expect(page.textContent('[data-testid="validation-result"]', { timeout: 20_000 })).resolves.toContain('Keine');

    // Reshape SR 01: drag the shared north-east corner; SR 02 follows. (Selecting on the map
    // keeps the view; the list would zoom to the space.)
    await clickPoints(page, [[375, 275]]);
    await page.waitForSelector('[data-testid="space-list"] li:first-child.selected');
    await page.click('[data-testid="reshape-space"]');
    await page.waitForSelector('[data-testid="edit-hint"][data-mode="reshape"]');
    await waitForMapIdle(page);
    await page.waitForTimeout(300);
    const origin = await mapOrigin(page);
    await page.mouse.move(origin.x + 450, origin.y + 200, { steps: 5 });
    await page.mouse.down();
    await page.mouse.move(origin.x + 470, origin.y + 170, { steps: 10 });
    await page.mouse.up();
    await page.waitForTimeout(200);
    await screenshot(page, 'draw-reshape-shared-border');
    // Delete removes the vertex under the pointer: the south-west corner (not shared).
    await page.mouse.move(origin.x + 300, origin.y + 350, { steps: 5 });
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="edit-hint"]', { state: 'detached' });
    await page.waitForFunction(() => /Form/.test(document.querySelector('[data-testid="undo"]')?.getAttribute('title') ?? ''));
    const reshaped = await storedSpaces(page);
    const oldCorner = shared.find((vertex) => !vertices(reshaped[0]!).includes(vertex));
    expect(oldCorner, 'the dragged corner left SR 01').toBeDefined();
    expect(vertices(reshaped[1]!)).not.toContain(oldCorner);
    expect(new Set(vertices(reshaped[0]!)).size, 'SR 01 lost its south-west corner').toBe(3);
    const nowShared = vertices(reshaped[0]!).filter((vertex) => vertices(reshaped[1]!).includes(vertex));
    expect(new Set(nowShared).size, 'the moved corner is still shared').toBe(2);

    // Split SR 02 with a line across it.
    await clickPoints(page, [[525, 275]]);
    await page.waitForSelector('[data-testid="space-list"] li:nth-child(2).selected');
    await page.click('[data-testid="split-space"]');
    await page.waitForSelector('[data-testid="edit-hint"][data-mode="split"]');
    await clickPoints(page, [
      [530, 150],
      [525, 400],
    ]);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 3);
    spaces = await storedSpaces(page);
    expect(spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02', 'SR 03']);
    await screenshot(page, 'draw-split');

    // Merge SR 01 and SR 03 (Ctrl+click selects the second one).
    await page.click('[data-testid="space-list"] li:nth-child(1) button.space');
    await page.click('[data-testid="space-list"] li:nth-child(3) button.space', { modifiers: ['Control'] });
    await page.click('[data-testid="merge-spaces"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 2);
    spaces = await storedSpaces(page);
    expect(spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
    await screenshot(page, 'draw-merge');

    // Undo the merge and the split.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 3);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="space-list"] li').length === 2);
    expect(await spaceCount(page)).toBe(2);
    await page.close();
  });

  it('cancels a drawing with Escape and stores nothing', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await newEmptyProject(page, 'Abbruchtest');
    await page.click('[data-testid="draw-space"]');
    await clickPoints(page, [
      [300, 200],
      [450, 220],
      [420, 330],
    ]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="edit-hint"]', { state: 'detached' });
    expect(await storedSpaces(page)).toEqual([]);
    await page.close();
  });
});
