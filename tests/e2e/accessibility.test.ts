/**
 * Accessibility basics: axe-core finds no serious or critical violation in the main views and
 * dialogs; every control of the top bar and the side panel is reached with Tab and shows a
 * visible focus.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openApp, sharedBrowser } from './browser';

const baseUrl = inject('baseUrl');
const browser = sharedBrowser();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical violations of the page as it is now (the map canvas itself excluded). */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run({ exclude: [['.maplibregl-canvas']] }, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 5).join(', ')})`);
}

describe('accessibility', () => {
  it('has no serious axe violations in the panels and dialogs', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const found: Record<string, string[]> = {};
    found['spaces'] = await seriousViolations(page);
    await page.click('[data-testid="tab-resources"]');
    await page.waitForSelector('[data-testid="resource-list"]');
    found['resources'] = await seriousViolations(page);
    await page.click('[data-testid="tab-demand"]');
    await page.waitForSelector('[data-testid="demand-table"]');
    found['demand'] = await seriousViolations(page);
    await page.click('[data-testid="project-menu"]');
    found['project menu'] = await seriousViolations(page);
    await page.click('[data-testid="project-export"]');
    found['export dialog'] = await seriousViolations(page);
    await page.keyboard.press('Escape');
    await page.click('button:has-text("Einstellungen")');
    found['settings'] = await seriousViolations(page);
    await page.keyboard.press('Escape');
    await page.click('[data-testid="open-csv-import"]');
    found['table import'] = await seriousViolations(page);
    await page.keyboard.press('Escape');
    await page.click('[data-testid="tab-spaces"]');
    await page.click('[data-testid="open-import"]');
    found['import dialog'] = await seriousViolations(page);
    expect(found).toEqual({ spaces: [], resources: [], demand: [], 'project menu': [], 'export dialog': [], settings: [], 'table import': [], 'import dialog': [] });
    await page.context().close();
  });

  it('reaches the controls with Tab, each with a visible focus', async () => {
    const page = await newPage(browser());
    await openApp(page, baseUrl);
    const reached: { name: string; visible: boolean }[] = [];
    for (let press = 0; press < 30; press++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return { name: '(body)', visible: true };
          const style = getComputedStyle(element);
          const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
          const name = element.getAttribute('aria-label') ?? element.getAttribute('data-testid') ?? element.textContent?.trim().slice(0, 30) ?? element.tagName;
          return { name, visible };
        }),
      );
    }
    const names = reached.map((entry) => entry.name);
    for (const expected of ['Zur Karte springen', 'project-menu', 'Einstellungen', 'tab-spaces', 'open-import']) {
      expect(names.some((name) => name.includes(expected)), expected).toBe(true);
    }
    expect(reached.filter((entry) => !entry.visible).map((entry) => entry.name)).toEqual([]);
    await page.context().close();
  });
});
