/**
 * Two tabs on one project: a change in either shows in the other, and both changes end up
 * stored (no lost update).
 */
import { describe, expect, inject, it } from 'vitest';
import { openApp, screenshot, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();

describe('two tabs', () => {
  it('keep one project consistent: each shows the other’s changes and both are stored', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    const first = await context.newPage();
    await openApp(first, baseUrl);
    const second = await context.newPage();
    await openApp(second, baseUrl);

    // Tab 1 renames the project; tab 2 shows the new name.
    await first.click('[data-testid="project-menu"]');
    await first.click('role=menuitem[name="Umbenennen"]');
    await first.fill('dialog input[type="text"]', 'Umbenannt in Tab 1');
    await first.click('dialog button[type="submit"]');
    await second.waitForSelector('[data-testid="project-name"]:has-text("Umbenannt in Tab 1")');

    // Tab 2 changes a setting; tab 1 sees it, and the name from tab 1 is kept.
    await second.click('button:has-text("Einstellungen")');
    await second.fill('[data-testid="settings-threshold"]', '7');
    await second.press('[data-testid="settings-threshold"]', 'Tab');
    await second.keyboard.press('Escape');
    await first.click('button:has-text("Einstellungen")');
    await expect.poll(() => first.inputValue('[data-testid="settings-threshold"]'), { timeout: 10_000 }).toBe('7');
    await first.keyboard.press('Escape');
    await expect(first.textContent('[data-testid="project-name"]')).resolves.toBe('Umbenannt in Tab 1');

    // Undo in tab 1 takes back the newest change (tab 2's), in both tabs.
    await first.click('[data-testid="undo"]');
    await second.click('button:has-text("Einstellungen")');
    await expect.poll(() => second.inputValue('[data-testid="settings-threshold"]'), { timeout: 10_000 }).toBe('5');
    await second.keyboard.press('Escape');
    await screenshot(second, 'two-tabs-second');

    const stored = await first.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('sozialraum-atlas');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const project = await new Promise<{ name: string; settings: { suppressionThreshold: number } }>((resolve, reject) => {
        const request = db.transaction('projects').objectStore('projects').get('demo');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return { name: project.name, threshold: project.settings.suppressionThreshold };
    });
    expect(stored).toEqual({ name: 'Umbenannt in Tab 1', threshold: 5 });
    await context.close();
  });
});
