/**
 * The OSM import from the dialog's state to the stored layers: the reader runs in-process (the
 * app runs the same function in the OSM worker), on the hand-made fixtures in tests/fixtures/osm.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppState, type AppStateOptions } from '../../../src/state/app.svelte';
import { OsmImport } from '../../../src/state/osm-import.svelte';
import type { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { readOsmFile, tryReadOsmFile } from '../../../src/io/osm';
import { CancelledError } from '../../../src/workers/worker-pool';
import type { RoadGraph } from '../../../src/io/osm/graph';
import { writeRoadGraph } from '../../../src/store/road-graphs';
import { testSnapshot, MemoryPreferences } from '../helpers';
import { inProcessGeometry } from './geometry-service';


function fixture(name: string): ArrayBuffer {
  const bytes = readFileSync(fileURLToPath(new URL(`../../fixtures/osm/${name}`, import.meta.url)));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function edited(name: string, from: string, to: string): ArrayBuffer {
  const text = new TextDecoder().decode(fixture(name));
  expect(text).toContain(from);
  return new TextEncoder().encode(text.replace(from, to)).buffer as ArrayBuffer;
}

/** The reader as the worker runs it, in-process: progress reported, the signal honoured. */
const inProcessReader: NonNullable<AppStateOptions['readOsmFile']> = async (fileName, bytes, options, onProgress, signal) =>
  tryReadOsmFile(fileName, bytes, { ...options, onProgress, signal });

let db: AtlasDatabase;
let app: AppState;
let project: ProjectState;
let nextId = 0;
let reader: NonNullable<AppStateOptions['readOsmFile']>;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  reader = inProcessReader;
  app = new AppState({
    db,
    preferences: new MemoryPreferences(),
    installDemo: async (projectId) => {
      await installSnapshot(db, testSnapshot(projectId), projectId, { isDemo: true, createdAt: 1, updatedAt: 1 });
    },
    newId: () => `id${++nextId}`,
    geometry: inProcessGeometry,
    readVectorFile: () => Promise.reject(new Error('not used')),
    readAssignmentTable: () => Promise.reject(new Error('not used')),
    readOsmFile: (...args) => reader(...args),
    exportSpaces: async () => '',
  });
  await app.init();
  project = app.project!;
});

afterEach(async () => {
  await db.delete();
});

async function stored() {
  return (await loadSnapshot(db, project.id))!;
}

describe('OsmImport: what the dialog shows', () => {
  it('describes an Overpass export: file, categories in German, rules with counts, network, addresses, attribution', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('overpass.geojson', fixture('overpass-turbo.geojson'));
    expect(importer.failure).toBeNull();
    expect(importer.reading).toBe(false);
    expect(importer.progress).toBe(1);
    expect(importer.description).toBe('overpass.geojson: GeoJSON (Overpass), 17 Knoten, 5 Wege, 1 Relationen. Datenstand 01.05.2024.');
    expect(importer.resourceText).toBe('3 Einrichtungen gefunden');
    expect(importer.categories.map((category) => [category.label, category.count, category.color])).toEqual([
      ['Kita / Kindertagespflege', 1, '#E69F00'],
      ['Schule', 1, '#0072B2'],
      ['Spielplatz', 1, '#F0E442'],
    ]);
    expect(importer.ruleRows.filter((row) => (row.count ?? 0) > 0).map((row) => [row.condition, row.categoryLabel, row.count])).toEqual([
      ['amenity=kindergarten|childcare', 'Kita / Kindertagespflege', 1],
      ['amenity=school', 'Schule', 1],
      ['leisure=playground', 'Spielplatz', 1],
    ]);
    expect(importer.networkText).toMatch(/^2 Straßen und Wege \(Linien\); Routing-Graph mit 4 Knoten und 6 Kanten\./);
    expect(importer.addressText).toBe('1 Adressen (für den Adressabgleich beim Tabellenimport)');
    expect(importer.issues).toEqual([]);
    expect(importer.include).toEqual({ resources: true, network: true, addresses: true });
    expect(importer.canApply).toBe(true);
    expect(importer.replacesText).toBeNull();

    app.setLocale('en');
    expect(importer.categories[0]!.label).toBe('Day-care (Kita) / childminding');
    expect(importer.resourceText).toBe('3 facilities found');
  });

  it('lists unmapped tags and what the reader noticed, with German numbers', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('resources.osm', fixture('resources.osm'));
    expect(importer.resourceText).toBe('25 Einrichtungen gefunden');
    expect(importer.unmapped[0]).toEqual({ tag: 'amenity=doctors', count: 2 });
    expect(importer.issues).toEqual(['1 doppelt erfasste Einrichtungen (gleicher Name, nah beieinander) wurden zusammengeführt.']);
    // No roads in the file: the network is not offered.
    expect(importer.include).toEqual({ resources: true, network: false, addresses: true });

    const roads = new OsmImport(app, project);
    await roads.choose('roads.osm', fixture('roads.osm'));
    expect(roads.issues).toEqual([
      '1 Knotenverweise von Wegen fehlen in der Datei (am Rand abgeschnittener Auszug); diese Wege enden dort.',
    ]);
    expect(roads.include).toEqual({ resources: false, network: true, addresses: false });
  });

  it('names the file and the reason when it is no OSM file, in the UI language', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('orte.kml', new TextEncoder().encode('<kml/>').buffer as ArrayBuffer);
    expect(importer.result).toBeNull();
    expect(importer.failure).toMatch(/^„orte\.kml“ konnte nicht gelesen werden: Die OSM-XML-Datei ist fehlerhaft\. \(.+\)$/);
    expect(importer.canApply).toBe(false);

    await importer.choose('leer.osm.pbf', new ArrayBuffer(0));
    expect(importer.failure).toBe('„leer.osm.pbf“ konnte nicht gelesen werden: Die Datei ist leer.');
  });

  it('cancels a running read: the signal aborts, nothing is shown, the project is unchanged', async () => {
    let seenSignal: AbortSignal | undefined;
    let reported: ((fraction: number) => void) | undefined;
    reader = (_fileName, _bytes, _options, onProgress, signal) => {
      seenSignal = signal;
      reported = onProgress;
      // Like the worker pool: the read only ends when the signal aborts.
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new CancelledError())));
    };
    const before = await stored();
    const importer = new OsmImport(app, project);
    const reading = importer.choose('north-bayreuth.osm.gz', fixture('roads.osm'));
    await Promise.resolve();
    expect(importer.reading).toBe(true);
    reported!(0.4);
    expect(importer.progress).toBe(0.4);

    importer.cancel();
    await reading;
    expect(seenSignal?.aborted).toBe(true);
    expect(importer.reading).toBe(false);
    expect(importer.result).toBeNull();
    expect(importer.failure).toBeNull();
    // A late progress report of the cancelled read changes nothing.
    reported!(0.9);
    expect(importer.progress).toBe(0);
    expect(await stored()).toEqual(before);
    expect(project.history.undo).toBeNull();
  });
});

describe('applying an OSM import', () => {
  it('stores resources, road lines and addresses as three layers in one undoable change', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('overpass.geojson', fixture('overpass-turbo.geojson'));
    await expect(importer.apply()).resolves.toBe(true);

    const layers = project.snapshot.layers;
    expect(layers.map((layer) => [layer.kind, layer.name, layer.source, layer.attribution])).toEqual([
      ['resources', 'Einrichtungen aus overpass.geojson', 'overpass.geojson', '© OpenStreetMap contributors'],
      ['network', 'Straßennetz aus overpass.geojson', 'overpass.geojson', '© OpenStreetMap contributors'],
      ['addresses', 'Adressen aus overpass.geojson', 'overpass.geojson', '© OpenStreetMap contributors'],
    ]);
    expect(layers.every((layer) => layer.importedAt > 0)).toBe(true);
    const [resourceLayer, networkLayer, addressLayer] = layers as [(typeof layers)[0], (typeof layers)[0], (typeof layers)[0]];
    // The rule table the resources were imported with.
    expect(resourceLayer.mapping['amenity=kindergarten|childcare']).toBe('kita');

    expect(project.snapshot.resources.map((resource) => [resource.id, resource.category, resource.name])).toEqual([
      [`${resourceLayer.id}:n20`, 'kita', 'Kita Anger'],
      [`${resourceLayer.id}:w30`, 'school', 'Angerschule'],
      [`${resourceLayer.id}:r40`, 'playground', ''],
    ]);
    expect(project.snapshot.resources.every((resource) => resource.projectId === project.id && resource.layerId === resourceLayer.id)).toBe(true);
    const roads = project.snapshot.features.filter((feature) => feature.layerId === networkLayer.id);
    expect(roads.map((road) => [road.id, road.properties.class, road.geometry.type])).toEqual([
      [`${networkLayer.id}:w10`, 'residential', 'LineString'],
      [`${networkLayer.id}:w11`, 'footway', 'LineString'],
    ]);
    const addresses = project.snapshot.features.filter((feature) => feature.layerId === addressLayer.id);
    expect(addresses).toEqual([
      {
        id: `${addressLayer.id}:a0`,
        projectId: project.id,
        layerId: addressLayer.id,
        geometry: { type: 'Point', coordinates: expect.any(Array) },
        properties: { class: 'address', street: 'Am Anger', housenumber: '5', postcode: '91207', city: '' },
      },
    ]);
    expect(project.addressPoints).toEqual([{ street: 'Am Anger', housenumber: '5', postcode: '91207', city: '', lon: expect.any(Number), lat: expect.any(Number) }]);
    expect(project.history.undo).toEqual({ key: 'change.importOsm', params: { name: 'overpass.geojson' } });
    // The map frames what was imported; the project's extent includes the resources.
    expect(app.zoomRequest).not.toBeNull();
    expect(project.bbox).not.toBeNull();

    // What memory shows is what IndexedDB holds.
    const snapshot = await stored();
    expect(snapshot.layers).toHaveLength(3);
    expect(snapshot.resources).toHaveLength(3);
    expect(snapshot.features).toHaveLength(3);

    await project.undo();
    expect(project.snapshot.layers).toEqual([]);
    expect(project.snapshot.resources).toEqual([]);
    expect(project.snapshot.features).toEqual([]);
    expect((await stored()).features).toEqual([]);
    await project.redo();
    expect(project.snapshot.resources).toHaveLength(3);
    expect(project.snapshot.features).toHaveLength(3);
  });

  it('stores only the parts that are ticked', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('overpass.geojson', fixture('overpass-turbo.geojson'));
    importer.include.network = false;
    importer.include.addresses = false;
    await importer.apply();
    expect(project.snapshot.layers.map((layer) => layer.kind)).toEqual(['resources']);
    expect(project.snapshot.features).toEqual([]);
    expect(project.snapshot.resources).toHaveLength(3);

    importer.include.resources = false;
    expect(importer.canApply).toBe(false);
  });

  it('re-importing the same file replaces its layers: same ids, renamed records updated, vanished records deleted', async () => {
    const first = new OsmImport(app, project);
    await first.choose('resources.osm', fixture('resources.osm'));
    await first.apply();
    const layerIds = project.snapshot.layers.map((layer) => layer.id);
    expect(project.snapshot.resources).toHaveLength(25);
    expect(project.snapshot.features).toHaveLength(2);
    const krippeId = project.snapshot.resources.find((resource) => resource.name === 'Krippe Sonnenschein')!.id;

    // An updated extract: the Krippe is renamed, and playgrounds are no longer wanted.
    const second = new OsmImport(app, project);
    await second.choose('resources.osm', edited('resources.osm', 'Krippe Sonnenschein', 'Krippe Regenbogen'));
    const playgroundRule = second.ruleRows.find((row) => row.condition === 'leisure=playground')!;
    expect(playgroundRule.count).toBe(2);
    second.removeRule(playgroundRule.index);
    expect(second.rulesEdited).toBe(true);
    expect(second.ruleRows.every((row) => row.count === null)).toBe(true);
    await second.rereadWithRules();
    expect(second.rulesEdited).toBe(false);
    expect(second.resourceText).toBe('23 Einrichtungen gefunden');
    expect(second.replaces.map((layer) => layer.id).sort()).toEqual([...layerIds].sort());
    expect(second.replacesText).toMatch(/^Ersetzt die Ebenen des früheren Imports dieser Datei vom /);
    await second.apply();

    expect(project.snapshot.layers.map((layer) => layer.id).sort()).toEqual([...layerIds].sort());
    expect(project.snapshot.resources).toHaveLength(23);
    expect(project.snapshot.resources.some((resource) => resource.category === 'playground')).toBe(false);
    expect(project.snapshot.resources.find((resource) => resource.id === krippeId)?.name).toBe('Krippe Regenbogen');
    expect(project.snapshot.features).toHaveLength(2);
    expect(project.snapshot.layers.find((layer) => layer.kind === 'resources')!.mapping['leisure=playground']).toBeUndefined();
    expect((await stored()).resources).toHaveLength(23);

    // Undoing the re-import brings the first import back.
    await project.undo();
    expect(project.snapshot.resources).toHaveLength(25);
    expect(project.snapshot.resources.find((resource) => resource.id === krippeId)?.name).toBe('Krippe Sonnenschein');
    expect((await stored()).resources).toHaveLength(25);
  });

  it('adds a file with another name as layers of its own', async () => {
    await project.importOsm(readOsmFile('a.osm', new Uint8Array(fixture('resources.osm'))), {
      fileName: 'a.osm',
      include: { resources: true, network: true, addresses: true },
      names: { resources: 'A', network: 'A', addresses: 'A' },
    });
    const counts = await project.importOsm(readOsmFile('b.osm', new Uint8Array(fixture('resources.osm'))), {
      fileName: 'b.osm',
      include: { resources: true, network: true, addresses: true },
      names: { resources: 'B', network: 'B', addresses: 'B' },
    });
    expect(counts).toEqual({ resources: 25, network: 0, addresses: 2 });
    // No roads in the file: no empty network layer.
    expect(project.snapshot.layers.map((layer) => `${layer.kind} ${layer.name}`)).toEqual(['resources A', 'addresses A', 'resources B', 'addresses B']);
    expect(project.snapshot.resources).toHaveLength(50);
    expect(new Set(project.snapshot.resources.map((resource) => resource.id)).size).toBe(50);
  });

  it('edits the category of a rule and stores the resources with it', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('overpass.geojson', fixture('overpass-turbo.geojson'));
    const playground = importer.ruleRows.find((row) => row.condition === 'leisure=playground')!;
    importer.setRuleCategory(playground.index, 'other');
    expect(importer.addRule('amenity=', 'kita')).toBe(false);
    expect(importer.failure).toMatch(/^„amenity=“ ist keine Regel/);
    expect(importer.addRule('amenity=school + name=Angerschule', 'provider')).toBe(true);
    await importer.rereadWithRules();
    expect(importer.categories.map((category) => [category.id, category.count])).toEqual([
      ['kita', 1],
      ['provider', 1],
      ['other', 1],
    ]);
    expect(importer.ruleRows[0]).toMatchObject({ condition: 'amenity=school + name=Angerschule', count: 1 });
    await importer.apply();
    expect(project.snapshot.resources.map((resource) => resource.category)).toEqual(['kita', 'provider', 'other']);
    expect(project.snapshot.layers[0]!.mapping['amenity=school + name=Angerschule']).toBe('provider');
  });
});

/** Same counts and the same bytes in every array. */
function expectSameGraph(actual: RoadGraph | null, expected: RoadGraph): void {
  expect(actual).not.toBeNull();
  expect([actual!.nodeCount, actual!.edgeCount]).toEqual([expected.nodeCount, expected.edgeCount]);
  for (const name of ['lon', 'lat', 'osmIds', 'offsets', 'targets', 'lengths', 'modes', 'carKmh', 'roadClass'] as const) {
    expect(actual![name], name).toEqual(expected[name]);
  }
}

const storedGraphCount = () => db.roadGraphs.where('projectId').equals(project.id).count();

describe('the routing graph of an OSM import', () => {
  it('is stored with the network layer, with the counts the dialog shows, and comes back after reopening', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('roads.osm', fixture('roads.osm'));
    const read = importer.result!.network.graph;
    expect(importer.networkText).toContain(`Routing-Graph mit ${read.nodeCount} Knoten und ${read.edgeCount} Kanten`);
    await importer.apply();

    const layer = project.roadGraphLayer!;
    expect(layer.kind).toBe('network');
    expect(layer.graph).toEqual({ set: expect.any(String), nodeCount: read.nodeCount, edgeCount: read.edgeCount });
    expectSameGraph(await project.roadGraph(), read);
    expectSameGraph(await project.roadGraph(layer.id), read);
    expect(await storedGraphCount()).toBe(1);

    // A fresh app on the same database (a reload) finds it.
    await app.switchProject(project.id);
    expectSameGraph(await app.project!.roadGraph(), read);
  });

  it('a re-import replaces it, undo brings the previous graph back, undoing the first import leaves none', async () => {
    const first = new OsmImport(app, project);
    await first.choose('roads.osm', fixture('roads.osm'));
    const firstGraph = first.result!.network.graph;
    await first.apply();
    const firstRef = project.roadGraphLayer!.graph;

    // An updated extract: the primary road's speed limit is raised.
    const second = new OsmImport(app, project);
    await second.choose('roads.osm', edited('roads.osm', '<tag k="maxspeed" v="50"/>', '<tag k="maxspeed" v="70"/>'));
    const secondGraph = second.result!.network.graph;
    expect(secondGraph.carKmh).not.toEqual(firstGraph.carKmh);
    await second.apply();
    const secondRef = project.roadGraphLayer!.graph;
    expect(project.roadGraphLayer!.id).toBe(project.snapshot.layers.find((layer) => layer.kind === 'network')!.id);
    expect(secondRef.set).not.toBe(firstRef.set);
    expectSameGraph(await project.roadGraph(), secondGraph);
    // The first graph stays stored for undo.
    expect(await storedGraphCount()).toBe(2);

    await project.undo();
    expect(project.roadGraphLayer!.graph).toEqual(firstRef);
    expectSameGraph(await project.roadGraph(), firstGraph);
    await project.redo();
    expectSameGraph(await project.roadGraph(), secondGraph);
    await project.undo();
    await project.undo();
    expect(project.roadGraphLayer).toBeNull();
    await expect(project.roadGraph()).resolves.toBeNull();
  });

  it('is not stored when the network is not ticked, and a re-import without it keeps the stored one', async () => {
    const without = new OsmImport(app, project);
    await without.choose('overpass.geojson', fixture('overpass-turbo.geojson'));
    without.include.network = false;
    await expect(without.apply()).resolves.toBe(true);
    expect(project.snapshot.layers.map((layer) => layer.kind)).toEqual(['resources', 'addresses']);
    expect(project.roadGraphLayer).toBeNull();
    expect(await storedGraphCount()).toBe(0);

    const withNetwork = new OsmImport(app, project);
    await withNetwork.choose('overpass.geojson', fixture('overpass-turbo.geojson'));
    await expect(withNetwork.apply()).resolves.toBe(true);
    const ref = project.roadGraphLayer!.graph;
    expect(ref).toMatchObject({ nodeCount: 4, edgeCount: 6 });
    const again = new OsmImport(app, project);
    await again.choose('overpass.geojson', edited('overpass-turbo.geojson', 'Kita Anger', 'Kita am Anger'));
    again.include.network = false;
    await expect(again.apply()).resolves.toBe(true);
    expect(project.snapshot.resources.some((resource) => resource.name === 'Kita am Anger')).toBe(true);
    expect(project.roadGraphLayer!.graph).toEqual(ref);
    expect(await storedGraphCount()).toBe(1);
  });

  it('uses the most recently imported of several network layers', async () => {
    const options = (fileName: string) => ({
      fileName,
      include: { resources: false, network: true, addresses: false },
      names: { resources: fileName, network: fileName, addresses: fileName },
    });
    const roads = readOsmFile('a.osm', new Uint8Array(fixture('roads.osm')));
    const overpass = readOsmFile('b.geojson', new Uint8Array(fixture('overpass-turbo.geojson')));
    await project.importOsm(roads, options('a.osm'));
    await new Promise((resolve) => setTimeout(resolve, 2));
    await project.importOsm(overpass, options('b.geojson'));
    expect(project.snapshot.layers.filter((layer) => layer.kind === 'network')).toHaveLength(2);
    expect(project.roadGraphLayer!.source).toBe('b.geojson');
    expectSameGraph(await project.roadGraph(), overpass.network.graph);
    const older = project.snapshot.layers.find((layer) => layer.source === 'a.osm')!;
    expectSameGraph(await project.roadGraph(older.id), roads.network.graph);
  });

  it('a graph written but never committed is collected when the project is opened after the grace time', async () => {
    const importer = new OsmImport(app, project);
    await importer.choose('roads.osm', fixture('roads.osm'));
    await importer.apply();
    const orphan = await writeRoadGraph(db, project.id, 'gone', importer.result!.network.graph);
    await db.roadGraphs.update([project.id, 'gone', orphan.set], { createdAt: 0 });
    expect(await storedGraphCount()).toBe(2);
    await app.switchProject(project.id);
    await vi.waitFor(async () => expect(await storedGraphCount()).toBe(1));
    expectSameGraph(await app.project!.roadGraph(), importer.result!.network.graph);
  });
});
