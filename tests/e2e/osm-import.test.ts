/**
 * The OSM import as a user does it, on the real extracts in ../shared/data/osm_germany (skipped
 * with a printed reason when that folder is absent): upload through the file input, read what
 * was found, apply, see the resources on the map with the OSM attribution, find the routing
 * graph in IndexedDB after a reload, undo; and cancel a read in progress.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colourShare, createProjectFromMenu, decodePng, hexToRgb, openApp, screenshot, sharedBrowser, waitForMapIdle } from './browser';

const baseUrl = inject('baseUrl');
const osmData = join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'shared', 'data', 'osm_germany');
const lauf = join(osmData, 'lauf-200115.osm.pbf');
const bayreuth = join(osmData, 'north-bayreuth.osm.gz');
const hasOsmData = existsSync(lauf) && existsSync(bayreuth);
if (!hasOsmData) console.log(`Skipping the OSM import browser tests: ${lauf} or ${bayreuth} is not there.`);

const KITA = hexToRgb('#E69F00');
const ATTRIBUTION = '© OpenStreetMap contributors';

const browser = sharedBrowser();

async function newProject(name: string): Promise<Page> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
  const page = await context.newPage();
  await openApp(page, baseUrl);
  await createProjectFromMenu(page, name);
  return page;
}

/** How many layers, resources and map features IndexedDB holds for the open project. */
async function storedCounts(page: Page): Promise<{ layers: number; resources: number; features: number }> {
  return page.evaluate(async () => {
    const projectId = localStorage.getItem('sozialraum-atlas.activeProject');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const count = (table: string) =>
      new Promise<number>((resolve, reject) => {
        const request = db.transaction(table).objectStore(table).index('projectId').count(IDBKeyRange.only(projectId));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const counts = { layers: await count('layers'), resources: await count('resources'), features: await count('features') };
    db.close();
    return counts;
  });
}

interface StoredGraph {
  /** Graphs stored for the open project (current and kept for undo/redo). */
  stored: number;
  /** The current graph of the project's network layer, as IndexedDB holds it. */
  current: {
    nodeCount: number;
    edgeCount: number;
    lengths: Record<string, number>;
    lastOffset: number;
    bytes: number;
  } | null;
}

/** The routing graph IndexedDB holds for the open project's network layer. */
async function storedRoadGraph(page: Page): Promise<StoredGraph> {
  return page.evaluate(async () => {
    const projectId = localStorage.getItem('sozialraum-atlas.activeProject')!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sozialraum-atlas');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const ask = <T>(request: IDBRequest) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const transaction = db.transaction(['layers', 'roadGraphs']);
    const layers = await ask<{ id: string; kind: string; graph?: { set: string } }[]>(
      transaction.objectStore('layers').index('projectId').getAll(IDBKeyRange.only(projectId)),
    );
    const graphs = transaction.objectStore('roadGraphs');
    const stored = await ask<number>(graphs.index('projectId').count(IDBKeyRange.only(projectId)));
    const network = layers.find((layer) => layer.kind === 'network' && layer.graph);
    let current: StoredGraph['current'] = null;
    if (network) {
      const record = await ask<Record<string, unknown> & { nodeCount: number; edgeCount: number; offsets: Uint32Array }>(
        graphs.get([projectId, network.id, network.graph!.set]),
      );
      const arrays = Object.entries(record).filter((entry): entry is [string, ArrayBufferView] => ArrayBuffer.isView(entry[1]));
      current = {
        nodeCount: record.nodeCount,
        edgeCount: record.edgeCount,
        lengths: Object.fromEntries(arrays.map(([name, array]) => [name, (array as Uint8Array).length])),
        lastOffset: record.offsets[record.nodeCount]!,
        bytes: arrays.reduce((sum, [, array]) => sum + array.byteLength, 0),
      };
    }
    db.close();
    return { stored, current };
  });
}

async function attributionText(page: Page): Promise<string> {
  return (await page.textContent('[data-testid="map"] .maplibregl-ctrl-attrib')) ?? '';
}

async function mapShare(page: Page, name: string, rgb: [number, number, number]): Promise<number> {
  const map = page.locator('[data-testid="map"]');
  const png = decodePng(await map.screenshot({ path: join(fileURLToPath(import.meta.url), '..', '..', 'artifacts', 'screenshots', `${name}.png`) }));
  return colourShare(png, rgb, 20);
}

describe.skipIf(!hasOsmData)('importing OpenStreetMap data', () => {
  it('imports the Lauf extract: counts in the dialog, resources on the map with the OSM attribution, the routing graph stored across a reload, Ctrl+Z removes them', async () => {
    const page = await newProject('Lauf OSM');
    await page.click('[data-testid="open-osm-import"]');
    await page.setInputFiles('[data-testid="osm-import-file"]', lauf);
    await page.waitForSelector('[data-testid="osm-import-description"]', { timeout: 30_000 });

    await expect(page.textContent('[data-testid="osm-import-description"]')).resolves.toBe(
      'lauf-200115.osm.pbf: OSM-PBF, 72.206 Knoten, 11.802 Wege, 406 Relationen.',
    );
    await expect(page.textContent('[data-testid="osm-import-resources"]')).resolves.toBe('65 Einrichtungen gefunden');
    const categories = (await page.locator('[data-testid="osm-import-categories"] li').allTextContents()).map((text) => text.trim());
    expect(categories).toEqual([
      'Kita / Kindertagespflege: 11',
      'Schule: 15',
      'Verein / Sport: 7',
      'Spielplatz: 24',
      'Gesundheit: 6',
      'Sonstiges: 2',
    ]);
    const network = (await page.textContent('[data-testid="osm-import-network"]'))!;
    expect(network).toContain('2.821 Straßen und Wege (Linien); Routing-Graph mit 10.092 Knoten und 21.819 Kanten.');
    const [, shownNodes, shownEdges] = /Routing-Graph mit ([\d.]+) Knoten und ([\d.]+) Kanten/.exec(network)!.map((text) => Number(text.replaceAll('.', '')));
    await expect(page.textContent('[data-testid="osm-import-addresses"]')).resolves.toBe('5.142 Adressen (für den Adressabgleich beim Tabellenimport)');
    const issues = (await page.textContent('[data-testid="osm-import-issues"]'))!;
    expect(issues).toContain('776 Knotenverweise von Wegen fehlen in der Datei');
    expect(issues).toContain('283 doppelt erfasste Adressen');
    await expect(page.textContent('[data-testid="osm-import-attribution"]')).resolves.toContain(ATTRIBUTION);

    // The rule table with counts (read-only view of what matched) and the unmapped tags.
    await page.click('[data-testid="osm-import-rules"] summary');
    const kitaRule = page.locator('[data-testid="osm-import-rules"] tbody tr').first();
    await expect(kitaRule.locator('td').first().textContent()).resolves.toBe('amenity=kindergarten|childcare');
    await expect(kitaRule.locator('td.number').textContent()).resolves.toBe('11');
    await page.click('[data-testid="osm-import-unmapped"] summary');
    await expect(page.textContent('[data-testid="osm-import-unmapped"]')).resolves.toContain('amenity=parking: 287');
    for (const part of ['resources', 'network', 'addresses']) {
      await expect(page.isChecked(`[data-testid="osm-include-${part}"]`)).resolves.toBe(true);
    }
    await screenshot(page, 'osm-import-lauf-dialog');

    await page.click('[data-testid="osm-import-apply"]');
    await page.waitForSelector('[data-testid="osm-import-dialog"]', { state: 'detached' });
    // The map frames the extract (an animated fit) and draws roads and resources.
    await page.waitForTimeout(800);
    await waitForMapIdle(page);
    expect(await storedCounts(page)).toEqual({ layers: 3, resources: 65, features: 2821 + 5142 });
    expect(await mapShare(page, 'osm-import-lauf-map', KITA)).toBeGreaterThan(0);
    await expect(attributionText(page)).resolves.toContain(ATTRIBUTION);
    await expect(page.locator('[data-testid="map"] .maplibregl-ctrl-attrib').isVisible()).resolves.toBe(true);
    await screenshot(page, 'osm-import-lauf');

    // Closer in: the circles grow with the zoom.
    await page.locator('[data-testid="map"]').click({ position: { x: 640, y: 400 } });
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(600);
    await waitForMapIdle(page);
    await screenshot(page, 'osm-import-lauf-zoomed');

    // The routing graph is stored with the network layer and is still there after a reload.
    await page.reload();
    await page.waitForSelector('[data-testid="project-name"]:has-text("Lauf OSM")');
    await waitForMapIdle(page);
    const graph = await storedRoadGraph(page);
    expect(graph.stored).toBe(1);
    expect(graph.current).toMatchObject({ nodeCount: shownNodes, edgeCount: shownEdges, lastOffset: shownEdges });
    const nodes = shownNodes!;
    const edges = shownEdges!;
    expect(graph.current!.lengths).toEqual({
      lon: nodes,
      lat: nodes,
      osmIds: nodes,
      offsets: nodes + 1,
      targets: edges,
      lengths: edges,
      modes: edges,
      carKmh: edges,
      roadClass: edges,
    });
    console.log(`Lauf routing graph in IndexedDB: ${nodes} nodes, ${edges} edges, ${graph.current!.bytes} bytes of arrays`);

    // Undo works after the reload; the graph stays stored for redo.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => !document.querySelector('[data-testid="map"] .maplibregl-ctrl-attrib')?.textContent?.includes('OpenStreetMap'));
    await waitForMapIdle(page);
    expect(await storedCounts(page)).toEqual({ layers: 0, resources: 0, features: 0 });
    await expect(storedRoadGraph(page)).resolves.toEqual({ stored: 1, current: null });
    expect(await mapShare(page, 'osm-import-lauf-undone', KITA)).toBe(0);
    await page.context().close();
  });

  it('cancelling while north-bayreuth.osm.gz is read terminates the worker and keeps the project unchanged; read again, it imports', async () => {
    const page = await newProject('Abbruch OSM');
    const before = await storedCounts(page);
    const undoTitle = await page.getAttribute('[data-testid="undo"]', 'title');
    const workers: Worker[] = [];
    const closed = new Set<Worker>();
    page.on('worker', (worker) => {
      workers.push(worker);
      worker.once('close', () => closed.add(worker));
    });

    await page.click('[data-testid="open-osm-import"]');
    await page.setInputFiles('[data-testid="osm-import-file"]', bayreuth);
    // Reading this file takes the worker some 850 ms here; the cancel button shows after 30-80 ms.
    // Had the read finished first, the button would be gone and this click would time out.
    await page.click('[data-testid="osm-import-cancel"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="osm-import-dialog"]', { state: 'detached', timeout: 2_000 });
    // The worker reading the file is terminated (a worker that finished would stay open for the next job).
    const reader = workers.find((worker) => worker.url().includes('osm'));
    expect(reader, 'the OSM worker was started').toBeDefined();
    await expect.poll(() => closed.has(reader!), { timeout: 5_000 }).toBe(true);

    expect(await storedCounts(page)).toEqual(before);
    await expect(page.getAttribute('[data-testid="undo"]', 'title')).resolves.toBe(undoTitle);
    await expect(attributionText(page)).resolves.not.toContain('OpenStreetMap');

    // The app stays usable: the next read starts a fresh worker and finishes.
    await page.click('[data-testid="open-osm-import"]');
    await page.setInputFiles('[data-testid="osm-import-file"]', bayreuth);
    await page.waitForSelector('[data-testid="osm-import-description"]', { timeout: 30_000 });
    await expect(page.textContent('[data-testid="osm-import-description"]')).resolves.toBe(
      'north-bayreuth.osm.gz: OSM-XML (gzip), 58.631 Knoten, 7.801 Wege, 179 Relationen. Datenstand 05.11.2014.',
    );
    await expect(page.textContent('[data-testid="osm-import-resources"]')).resolves.toBe('11 Einrichtungen gefunden');
    await expect(page.textContent('[data-testid="osm-import-network"]')).resolves.toContain('Routing-Graph mit 13.831 Knoten und 28.618 Kanten');
    await screenshot(page, 'osm-import-bayreuth-dialog');
    // Applied: the eleven facilities, the roads and the addresses are stored, with the attribution.
    await page.click('[data-testid="osm-import-apply"]');
    await page.waitForSelector('[data-testid="osm-import-dialog"]', { state: 'detached' });
    await expect.poll(() => storedCounts(page)).toMatchObject({ layers: 3, resources: 11 });
    await expect.poll(() => attributionText(page)).toContain('OpenStreetMap');
    await page.context().close();
  });
});
