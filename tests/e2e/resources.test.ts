/**
 * Finding resources as a provider does: the resources tab of the demo project, a search with a
 * typo, category and space filters, the list and the map selecting the same resource, the
 * detail card, the filtered list downloaded for Excel, and markup from an imported file shown
 * as text.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { newPage, openApp, screenshot, sharedBrowser, waitForMapIdle } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

async function openResources(page: Page): Promise<void> {
  await openApp(page, baseUrl);
  await page.click('[data-testid="tab-resources"]');
  await page.waitForSelector('[data-testid="resource-list"]');
}

const listNames = (page: Page) => page.locator('[data-testid="resource-list"] .resource .name').allTextContents();
const count = (page: Page) => page.textContent('[data-testid="resource-count"]');

describe('finding resources', () => {
  it('searches with a typo, filters by category and space, and selects the same resource in list and map', async () => {
    const page = await newPage(browser());
    await openResources(page);
    await expect(count(page)).resolves.toBe('183 von 183 Ressourcen');

    // "Kindergarden" (English spelling, a typo in German) still finds the Waldkindergarten.
    await page.fill('[data-testid="resource-search"]', 'Kindergarden');
    // The search runs in a worker; the count says so until its answer is there.
    await page.waitForFunction(() => /^\d+ von 183/.test(document.querySelector('[data-testid="resource-count"]')?.textContent ?? '') && !document.querySelector('[data-testid="resource-count"]')!.textContent!.startsWith('183 von'));
    expect(await listNames(page)).toContain('Waldkindergarten Auenstadt');
    await page.fill('[data-testid="resource-search"]', '');

    // Only youth centres, then only those in SR 02.
    await page.click('[data-testid="resource-category-youth-centre"]');
    const youth = Number((await count(page))!.split(' ')[0]);
    expect(youth).toBeGreaterThan(1);
    expect(youth).toBeLessThan(183);
    const spaces = await page.locator('[data-testid="resource-space"] option').allTextContents();
    const sr02 = spaces.findIndex((text) => text.startsWith('SR 02'));
    await page.selectOption('[data-testid="resource-space"]', { index: sr02 });
    const inSpace = Number((await count(page))!.split(' ')[0]);
    expect(inSpace).toBeGreaterThan(0);
    expect(inSpace).toBeLessThan(youth);
    await screenshot(page, 'resources-filtered');

    // Choosing from the list opens the card and brings the map to the place.
    const first = (await listNames(page))[0]!;
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    await expect(page.textContent('[data-testid="resource-detail"] h3')).resolves.toBe(first);
    await expect(page.textContent('[data-testid="resource-detail"]')).resolves.toContain('SR 02');
    await waitForMapIdle(page);
    await screenshot(page, 'resources-detail');

    // Closing the card and clicking the point at the map centre opens the same resource again.
    await page.click('[data-testid="resource-detail"] .close');
    await expect(page.locator('[data-testid="resource-detail"]').count()).resolves.toBe(0);
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('[data-testid="resource-detail"]');
    await expect(page.textContent('[data-testid="resource-detail"] h3')).resolves.toBe(first);

    // The arrow keys walk the list, Enter opens the card.
    await page.locator('[data-testid="resource-list"] button.resource').first().focus();
    if (inSpace > 1) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page.textContent('[data-testid="resource-detail"] h3')).resolves.toBe((await listNames(page))[1]);
    }
    await page.close();
  });

  it('filters by target group and shows the groups on the card', async () => {
    // What the demo project says, read from its committed file (not from the app).
    const demo = JSON.parse(readFileSync(new URL('../../data/demo-project.json', import.meta.url), 'utf8')) as { resources: { name: string; attributes: Record<string, unknown> }[] };
    const singleParents = demo.resources.filter((resource) => String(resource.attributes['targetGroups'] ?? '').split(/,\s*/).includes('Alleinerziehende'));
    expect(singleParents.length).toBeGreaterThan(1);

    const page = await newPage(browser());
    await openResources(page);
    const options = await page.locator('[data-testid="resource-target-group"] option').allTextContents();
    const option = options.find((text) => text.startsWith('Alleinerziehende'))!;
    expect(option).toBe(`Alleinerziehende (${singleParents.length})`);
    await page.selectOption('[data-testid="resource-target-group"]', { label: option });
    await expect(count(page)).resolves.toBe(`${singleParents.length} von 183 Ressourcen`);
    expect((await listNames(page)).sort()).toEqual(singleParents.map((resource) => resource.name).sort());
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    const card = (await page.textContent('[data-testid="resource-detail"]'))!;
    expect(card).toContain('Zielgruppen');
    expect(card).toContain('Alleinerziehende');
    await screenshot(page, 'resources-target-group');
    await page.click('[data-testid="resource-reset"]');
    await expect(count(page)).resolves.toBe('183 von 183 Ressourcen');
    await page.close();
  });

  it('downloads the filtered list for Excel', async () => {
    const page = await newPage(browser());
    await openResources(page);
    await page.click('[data-testid="resource-category-kita"]');
    const kitas = Number((await count(page))!.split(' ')[0]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="resource-export-csv"]')]);
    expect(download.suggestedFilename()).toBe('ressourcen.csv');
    const content = readFileSync((await download.path())!, 'utf8');
    expect(content.startsWith('\ufeffName;Kategorie;Adresse;Plätze;Träger;Alter von;')).toBe(true);
    const lines = content.trim().split('\r\n');
    expect(lines).toHaveLength(kitas + 1);
    expect(lines.slice(1).every((line) => line.includes(';Kita / Kindertagespflege;'))).toBe(true);
    await page.close();
  });

  it('shows markup from an imported file as text in the list and the card', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    await page.evaluate(() => ((window as unknown as { injected: boolean }).injected = false));
    const rows = ['Name;Art;lat;lon', '"<img src=x onerror=""window.injected=true"">";Beratungsstelle;50,8;9,8'];
    await page.click('[data-testid="open-csv-import"]');
    await page.setInputFiles('[data-testid="csv-file"]', { name: 'beratung.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await page.waitForSelector('[data-testid="csv-preview"]', { timeout: 30_000 });
    await page.click('[data-testid="csv-run"]');
    await page.waitForSelector('[data-testid="csv-result"]', { timeout: 30_000 });
    await page.click('[data-testid="csv-save"]');
    await page.waitForSelector('[data-testid="csv-dialog"]', { state: 'detached' });
    await page.click('[data-testid="tab-resources"]');
    await page.fill('[data-testid="resource-search"]', 'onerror');
    await page.waitForFunction(() => document.querySelector('[data-testid="resource-count"]')?.textContent?.startsWith('1 von'));
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    expect(await page.textContent('[data-testid="resource-detail"] h3')).toBe('<img src=x onerror="window.injected=true">');
    await expect(page.textContent('[data-testid="resource-detail"]')).resolves.toContain('Beratungsstelle');
    expect(await page.locator('[data-testid="resource-list"] img, [data-testid="resource-detail"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { injected: boolean }).injected)).toBe(false);
    await page.close();
  });

  it('lists the youth offers within 1 km of a school from its card, and what is near a place picked on the map', async () => {
    const page = await newPage(browser());
    await openResources(page);
    await page.click('[data-testid="resource-category-school"]');
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    const school = (await page.textContent('[data-testid="resource-detail"] h3'))!;
    // One click from the school's card.
    await page.click('[data-testid="resource-nearby"]');
    await expect(page.textContent('[data-testid="nearby-origin"]')).resolves.toBe(`In der Nähe von ${school}`);
    await expect(page.inputValue('[data-testid="nearby-radius"]')).resolves.toBe('1000');
    const youth = page.locator('[data-testid="nearby-youth-centre"]');
    await expect(youth.count()).resolves.toBe(1);
    const text = (await youth.textContent())!;
    // Either offers within 1 km with their distance, or the nearest beyond it: never nothing.
    expect(text).toMatch(/\d+ m|\d+(,\d)? km/);
    await expect(page.textContent('[data-testid="nearby"]')).resolves.toContain('Luftlinie');
    await screenshot(page, 'resources-nearby-school');

    // A place picked on the map: the cursor waits for the click, the results follow it.
    await page.click('[data-testid="nearby-pick"]');
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30);
    await expect(page.textContent('[data-testid="nearby-origin"]')).resolves.toBe('In der Nähe von dem gewählten Ort');
    expect(await page.locator('[data-testid="nearby-results"] dt').count()).toBeGreaterThan(3);
    await page.close();
  });

  it('adds a resource by hand with a click on the map, edits it, and undoes both', async () => {
    const page = await newPage(browser());
    await openResources(page);
    await page.click('[data-testid="resource-new"]');
    await page.click('[data-testid="resource-form-save"]');
    // Nothing is stored without a name and a place; the form says what is missing.
    const problems = (await page.textContent('[data-testid="resource-form-problems"]'))!;
    expect(problems).toContain('Namen');
    expect(problems).toContain('Lage');
    await page.fill('[data-testid="resource-form-name"]', 'Familienzentrum Lindenhof');
    await page.selectOption('[data-testid="resource-form-category"]', 'family-centre');
    await page.fill('[data-testid="resource-form-capacity"]', '40');
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.textContent('[data-testid="resource-form-position"]')).resolves.toContain('Lage gesetzt');
    await screenshot(page, 'resources-new');
    await page.click('[data-testid="resource-form-save"]');
    await page.waitForSelector('[data-testid="resource-detail"]');
    await expect.poll(() => page.textContent('[data-testid="resource-detail"] h3')).toBe('Familienzentrum Lindenhof');
    await expect.poll(() => count(page)).toBe('184 von 184 Ressourcen');

    await page.click('[data-testid="resource-edit"]');
    await page.fill('[data-testid="resource-form-name"]', 'Familienzentrum Lindenhof e.V.');
    await page.click('[data-testid="resource-form-save"]');
    await expect.poll(() => page.textContent('[data-testid="resource-detail"] h3')).toBe('Familienzentrum Lindenhof e.V.');

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.textContent('[data-testid="resource-detail"] h3')).toBe('Familienzentrum Lindenhof');
    await page.keyboard.press('Control+z');
    await expect.poll(() => count(page)).toBe('183 von 183 Ressourcen');

    // Deleting asks first and can be undone too.
    await page.locator('[data-testid="resource-list"] button.resource').first().click();
    const name = (await page.textContent('[data-testid="resource-detail"] h3'))!;
    await page.click('[data-testid="resource-delete"]');
    await page.getByRole('dialog').getByRole('button', { name: 'Löschen' }).click();
    await expect.poll(() => count(page)).toBe('182 von 182 Ressourcen');
    await page.keyboard.press('Control+z');
    await expect.poll(() => count(page)).toBe('183 von 183 Ressourcen');
    expect(await listNames(page)).toContain(name);
    await page.close();
  });
});
