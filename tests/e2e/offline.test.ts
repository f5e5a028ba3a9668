/**
 * The app after its first load needs no network: the service worker serves the app shell, the
 * data are in IndexedDB. Loads the app, waits for the service worker, goes offline, reloads and
 * works with the project; the app is installable (Chromium's own check).
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchPersistent, newPage, openApp, screenshot, sharedBrowser, temporaryProfile, waitForMapIdle, watchPage } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

/** Wait until a service worker controls the page and has stored the app shell. */
async function waitForServiceWorker(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let attempt = 0; attempt < 300 && !navigator.serviceWorker.controller; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    const names = await caches.keys();
    const cache = await caches.open(names.find((name) => name.startsWith('sozialraum-atlas-shell-'))!);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });
}

describe('offline app', () => {
  it('reloads and works with no network after the first load', async () => {
    const page = await newPage(browser());
    const watched = watchPage(page, baseUrl);
    await openApp(page, baseUrl);
    const cached = await waitForServiceWorker(page);
    expect(cached).toContain('/');
    expect(cached).toContain('/manifest.webmanifest');
    expect(cached.some((path) => /\/assets\/maplibre-gl-worker-.*\.mjs$/.test(path))).toBe(true);
    expect(cached.some((path) => /\/assets\/noto-sans-latin-400-normal-.*\.woff2$/.test(path))).toBe(true);
    expect(cached.some((path) => /\/assets\/demo-project-.*\.json$/.test(path))).toBe(true);

    // Some work of the user's own before the network goes.
    await page.click('[data-testid="project-menu"]');
    await page.click('role=menuitem[name="Umbenennen"]');
    await page.fill('dialog input[type="text"]', 'Offline-Test');
    await page.click('dialog button[type="submit"]');
    await page.waitForSelector('[data-testid="project-name"]:has-text("Offline-Test")');

    await page.context().setOffline(true);
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.reload();
    await page.waitForSelector('[data-testid="space-list"] li', { timeout: 45_000 });
    await waitForMapIdle(page);
    await expect(page.textContent('[data-testid="project-name"]')).resolves.toBe('Offline-Test');
    await screenshot(page, 'offline-reloaded');

    // Work on: open a space, rename the project again, undo.
    await page.locator('[data-testid="space-list"] li button.space').first().click();
    await page.click('[data-testid="project-menu"]');
    await page.click('role=menuitem[name="Umbenennen"]');
    await page.fill('dialog input[type="text"]', 'Offline geändert');
    await page.click('dialog button[type="submit"]');
    await page.waitForSelector('[data-testid="project-name"]:has-text("Offline geändert")');
    await page.click('[data-testid="undo"]');
    await page.waitForSelector('[data-testid="project-name"]:has-text("Offline-Test")');
    // The other panels load their code from the cache too.
    await page.click('[data-testid="tab-resources"]');
    await page.waitForSelector('[data-testid="resource-list"] li');
    await page.click('[data-testid="tab-demand"]');
    await page.waitForSelector('[data-testid="demand-table"]');
    expect(failed).toEqual([]);
    expect(watched.errors).toEqual([]);
    await page.context().close();
  });

  it('is installable (manifest, icons, service worker)', async () => {
    // A profile on disk: Chromium never offers installing from an incognito context.
    const context = await launchPersistent(temporaryProfile());
    const page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, baseUrl);
    await waitForServiceWorker(page);
    const session = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await session.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await session.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toMatch(/manifest\.webmanifest$/);
    await page.context().close();
  });
});
