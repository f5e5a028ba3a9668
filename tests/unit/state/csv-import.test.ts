import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { tableImportApi } from '../../../src/workers/table-import.worker';
import { RoadGraphBuilder } from '../../../src/io/osm/graph';
import { CSV_MAPPINGS_KEY } from '../../../src/state/csv-mappings';
import { CsvImport, crsLabel, type CsvImportService } from '../../../src/state/csv-import.svelte';
import { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { isPointLayer } from '../../../src/domain/point-table';
import { testSnapshot } from '../helpers';
import { inProcessGeometry } from './geometry-service';

/** The wizard's service run in-process: the worker's own functions, called directly. */
const inProcess: CsvImportService = {
  readVector: (file, fileName) => tableImportApi.readVector(file, fileName),
  sniff: (file, overrides) => tableImportApi.sniff(file, overrides),
  preview: (file, settings, rows) => tableImportApi.preview(file, settings, rows),
  importTable: (file, settings, plan, expectedRows, onProgress) => tableImportApi.importTable(file, settings, plan, expectedRows, onProgress),
};

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const latin1 = (lines: string[]) => blob(new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1')));

/** Preferences in memory, as localStorage would keep them. */
function memoryPreferences() {
  const map = new Map<string, string>();
  return { getItem: (key: string) => map.get(key) ?? null, setItem: (key: string, value: string) => void map.set(key, value), map };
}

proj4.defs('EPSG:25832', '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
const utm = (lon: number, lat: number) => proj4('EPSG:4326', 'EPSG:25832', [lon, lat]).map((value) => value.toFixed(1).replace('.', ','));

/** A Kita list as an office exports it: Windows-1252, `;`, decimal commas, UTM 32. */
function kitaCsv(): Blob {
  const rows = [
    'Nr;Einrichtung;Art;Rechtswert;Hochwert;Plätze',
    `1;Kita Sonnenschein;kita;${utm(10.002, 51.004).join(';')};45`,
    `2;Jugendtreff Mühle;youth-centre;${utm(10.006, 51.006).join(';')};.`,
    '3;Ohne Lage;kita;;;12',
    `4;Familienzentrum Süd;family-centre;${utm(10.008, 51.002).join(';')};1.020`,
  ];
  return latin1(rows);
}

let db: AtlasDatabase;
let project: ProjectState;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, testSnapshot('p'), 'p');
  let counter = 0;
  project = new ProjectState(db, (await loadSnapshot(db, 'p'))!, { geometry: inProcessGeometry, newId: () => `id${++counter}` });
});
afterEach(async () => {
  await db.delete();
});

describe('the CSV import wizard', () => {
  it('detects the office format, suggests the mapping and the CRS, imports, lists problems and stores an undoable layer', async () => {
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('kitas.csv', kitaCsv());
    expect(wizard.status).toBe('ready');
    expect(wizard.sniff!.settings.encoding).toBe('windows-1252');
    expect(wizard.sniff!.settings.delimiter).toBe(';');
    expect(wizard.target).toBe('resources');
    expect(wizard.roles.name).toBe(1);
    expect(wizard.coordinateColumns).toEqual([3, 4]);
    expect(wizard.interpretation?.crs).toBe('EPSG:25832');

    await wizard.run();
    expect(wizard.status).toBe('done');
    expect(wizard.outcome!.report.located).toBe(3);
    expect(wizard.problems).toEqual([expect.objectContaining({ line: 4, reasonKey: 'csv.reason.missing', rowLeftOut: true })]);
    const csv = wizard.problemsCsv((key) => key)!;
    expect(csv.content.startsWith('\ufeff')).toBe(true);
    expect(csv.content).toContain('\r\n4;;;csv.reason.missing;csv.yes\r\n');

    // Categories from the "Art" column, each suggested from its words (the user may change them).
    expect(wizard.categoryValues.map((entry) => [entry.value, entry.category])).toEqual([
      ['family-centre', 'family-centre'],
      ['kita', 'kita'],
      ['youth-centre', 'youth-centre'],
    ]);
    wizard.setCategoryChoice('family-centre', 'counselling');
    const layer = await wizard.save('Kitas 2026');
    expect(layer.kind).toBe('resources');
    const stored = () => project.snapshot.resources.filter((resource) => resource.layerId === layer.id);
    expect(stored().map((resource) => [resource.id, resource.name, resource.category, resource.capacity])).toEqual([
      [`${layer.id}:1`, 'Kita Sonnenschein', 'kita', 45],
      [`${layer.id}:2`, 'Jugendtreff Mühle', 'youth-centre', null],
      [`${layer.id}:4`, 'Familienzentrum Süd', 'counselling', 1020],
    ]);
    const [lon, lat] = stored()[0]!.geometry.coordinates;
    expect(lon).toBeCloseTo(10.002, 5); // UTM written to 0.1 m
    expect(lat).toBeCloseTo(51.004, 5);
    await project.undo();
    expect(stored()).toEqual([]);
    await project.redo();
    expect(stored()).toHaveLength(3);
  });

  it('updates the records by their key column when the same file is imported again', async () => {
    const first = new CsvImport(project, inProcess);
    await first.load('kitas.csv', kitaCsv());
    first.setRole('id', 0);
    await first.run();
    const layer = await first.save('Kitas');
    // Next year's export: Kita 1 has more places, the youth centre is gone, a new family centre came.
    const rows = [
      'Nr;Einrichtung;Art;Rechtswert;Hochwert;Plätze',
      `1;Kita Sonnenschein;kita;${utm(10.002, 51.004).join(';')};50`,
      `4;Familienzentrum Süd;family-centre;${utm(10.008, 51.002).join(';')};1.020`,
      `5;Familienzentrum Nord;family-centre;${utm(10.009, 51.009).join(';')};30`,
    ];
    const second = new CsvImport(project, inProcess);
    await second.load('kitas.csv', latin1(rows));
    second.setRole('id', 0);
    await second.run();
    const again = await second.save('Kitas');
    expect(again.id).toBe(layer.id);
    expect(project.snapshot.layers.filter((candidate) => candidate.kind === 'resources')).toHaveLength(1);
    const stored = project.snapshot.resources.filter((resource) => resource.layerId === layer.id);
    expect(stored.map((resource) => [resource.id, resource.capacity]).sort()).toEqual([
      [`${layer.id}:1`, 50],
      [`${layer.id}:4`, 1020],
      [`${layer.id}:5`, 30],
    ]);
    await project.undo();
    expect(project.snapshot.resources.filter((resource) => resource.layerId === layer.id).map((resource) => resource.capacity).sort()).toEqual([1020, 45, null]);
  });

  it('gives every row of a list without a category column the category of the file name, changeable', async () => {
    const rows = ['Name;lat;lon', 'Haus A;51,0;10,0', 'Haus B;51,01;10,01'];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('kindertagesstaetten-2025.csv', latin1(rows));
    expect(wizard.defaultCategory).toBe('kita');
    await wizard.run();
    expect(wizard.categoryValues).toEqual([]);
    wizard.defaultCategory = 'health';
    const layer = await wizard.save('Häuser');
    expect(project.snapshot.resources.filter((resource) => resource.layerId === layer.id).map((resource) => resource.category)).toEqual(['health', 'health']);
  });

  it('keeps demand tables as point layers', async () => {
    const rows = ['Sozialraum;Jahr;Fälle', 'SR 01;2025;12', 'SR 02;2025;9'];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('faelle.csv', latin1(rows));
    await wizard.run();
    const layer = await wizard.save('Fälle');
    expect(isPointLayer(layer) && layer.points.length).toBe(2);
    expect(project.pointTables.get(layer.id)!.length).toBe(2);
  });

  it('joins rows by area key to the spaces of the active variant', async () => {
    const rows = ['Sozialraum;Jahr;Fälle', 'SR 01;2025;12', '2;2025;9', 'Nirgendwo;2025;3'];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('faelle.csv', latin1(rows));
    expect(wizard.target).toBe('demand');
    expect(wizard.location).toBe('area-key');
    await wizard.run();
    expect(wizard.outcome!.report.located).toBe(2);
    expect(wizard.outcome!.report.unmatchedKeys.map((key) => key.raw)).toEqual(['Nirgendwo']);
  });

  it('maps an unmatched key by hand, imports again with it, and keeps the choice for the next file with that header', async () => {
    const preferences = memoryPreferences();
    const rows = ['Sozialraum;Jahr;Fälle', 'SR 01;2025;12', '2;2025;9', 'Nirgendwo;2025;3', 'Nirgendwo;2024;4'];
    const wizard = new CsvImport(project, inProcess, preferences);
    await wizard.load('faelle.csv', latin1(rows));
    await wizard.run();
    const unmatched = wizard.outcome!.report.unmatchedKeys[0]!;
    expect(unmatched).toMatchObject({ raw: 'Nirgendwo', rows: 2 });
    expect(wizard.areaLabel('s2')).toBe('SR 02 Raum SR 02');
    wizard.setKeyOverride('Nirgendwo', 's2');
    expect(wizard.overridesPending).toBe(true);
    await wizard.run();
    expect(wizard.overridesPending).toBe(false);
    expect(wizard.outcome!.report.located).toBe(4);
    expect(wizard.outcome!.report.unmatchedKeys).toEqual([]);
    const layer = await wizard.save('Fälle');
    const table = project.pointTables.get(layer.id)!;
    const areaIds = table.columns.find((column) => column.name === 'areaId')!;
    expect(areaIds.kind === 'text' && Array.from(areaIds.codes, (code) => areaIds.dictionary[code - 1])).toEqual(['s1', 's2', 's2', 's2']);

    const next = new CsvImport(project, inProcess, preferences);
    await next.load('faelle-2026.csv', latin1([...rows, 'SR 02;2026;7']));
    expect(next.reusedMapping).toBe(true);
    expect(next.location).toBe('area-key');
    expect(next.keyOverrides).toEqual({ Nirgendwo: 's2' });
    await next.run();
    expect(next.outcome!.report.located).toBe(5);

    // Another header is another layout: suggestions, not the saved mapping.
    const other = new CsvImport(project, inProcess, preferences);
    await other.load('anders.csv', latin1(['Bezirk;Jahr;Anzahl', 'SR 01;2025;1']));
    expect(other.reusedMapping).toBe(false);
    expect(other.keyOverrides).toEqual({});
  });

  it('reuses roles, target, coordinate system and column formats, and can go back to the suggestions', async () => {
    const preferences = memoryPreferences();
    const first = new CsvImport(project, inProcess, preferences);
    await first.load('kitas.csv', kitaCsv());
    first.target = 'demand';
    first.setRole('name', null);
    await first.setColumnFormat(5, 'text');
    await first.run();
    await first.save('Kitas');
    expect(Object.keys(JSON.parse(preferences.map.get(CSV_MAPPINGS_KEY)!) as object)).toHaveLength(1);

    const second = new CsvImport(project, inProcess, preferences);
    await second.load('kitas-neu.csv', kitaCsv());
    expect(second.reusedMapping).toBe(true);
    expect(second.target).toBe('demand');
    expect(second.roles.name).toBeNull();
    expect(second.columnFormat(5)).toBe('text');
    expect(second.interpretation?.crs).toBe('EPSG:25832');
    await second.useSuggestions();
    expect(second.reusedMapping).toBe(false);
    expect(second.target).toBe('resources');
    expect(second.roles.name).toBe(1);
    expect(second.columnFormat(5)).toBe('number-comma');
  });

  it('reads "-" as missing by default and as 0 when the user says so', async () => {
    const rows = ['Sozialraum;Jahr;Fälle', 'SR 01;2025;12', 'SR 02;2025;-', 'SR 01;2024;.', 'SR 02;2024;-'];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('statistik.csv', latin1(rows));
    expect(wizard.dashAsZero).toBe(false);
    expect(wizard.markersSeen.map((seen) => seen.marker).sort()).toEqual(['-', '.']);
    await wizard.run();
    let table = wizard.outcome!.points;
    const counts = () => {
      const column = table.columns.find((candidate) => candidate.name === 'Fälle')!;
      return column.kind === 'number' ? Array.from(column.values) : [];
    };
    expect(counts()).toEqual([12, Number.NaN, Number.NaN, Number.NaN]);
    wizard.back();
    await wizard.setDashAsZero(true);
    expect(wizard.dashAsZero).toBe(true);
    await wizard.run();
    table = wizard.outcome!.points;
    // "." (unknown) stays missing.
    expect(counts()).toEqual([12, 0, Number.NaN, 0]);
  });

  it('reads a column as text or with a decimal point when the user changes its format', async () => {
    const rows = ['Nr;Name;Wert;Rechtswert;Hochwert', `007;A;1.5;${utm(10.002, 51.004).join(';')}`, `008;B;2.25;${utm(10.003, 51.004).join(';')}`];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('werte.csv', latin1(rows));
    wizard.setRole('capacity', 2);
    await wizard.setColumnFormat(2, 'number-comma');
    await wizard.run();
    const value = () => {
      const column = wizard.outcome!.points.columns.find((candidate) => candidate.name === 'Wert');
      return column?.kind === 'number' ? Array.from(column.values) : column?.kind;
    };
    // With a decimal comma, "." is a thousands separator: 1.5 is not a number written that way.
    expect(value()).not.toEqual([1.5, 2.25]);
    wizard.back();
    await wizard.setColumnFormat(2, 'number-point');
    await wizard.run();
    expect(value()).toEqual([1.5, 2.25]);
  });

  it('locates rows from a WKT column, taking the SRID as the coordinate system', async () => {
    const [x1, y1] = proj4('EPSG:4326', 'EPSG:25832', [10.002, 51.004]);
    const [x2, y2] = proj4('EPSG:4326', 'EPSG:25832', [10.006, 51.006]);
    const rows = [
      'Name;Geometrie',
      `Kita A;"SRID=25832;POINT (${x1!.toFixed(2)} ${y1!.toFixed(2)})"`,
      `Kita B;"SRID=25832;POINT (${x2!.toFixed(2)} ${y2!.toFixed(2)})"`,
      'Kita C;POINT (kaputt)',
    ];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('wkt.csv', latin1(rows));
    expect(wizard.location).toBe('wkt');
    expect(wizard.roles.wkt).toBe(1);
    expect(wizard.wktInterpretation?.crs).toBe('EPSG:25832');
    await wizard.run();
    const { report, points } = wizard.outcome!;
    expect(report.interpretation).toContain('EPSG:25832');
    expect(points.length).toBe(2);
    expect([points.lon[0], points.lat[0]].map((value) => value!.toFixed(5))).toEqual(['10.00200', '51.00400']);
    expect(points.lon[1]).toBeCloseTo(10.006, 5);
    expect(wizard.problems.some((problem) => problem.reasonKey === 'csv.reason.invalid-wkt' && problem.line === 4)).toBe(true);
    // The geometry text is not kept as an attribute.
    expect(points.columns.map((column) => column.name)).not.toContain('Geometrie');
  });

  it('locates rows by address against the OSM addresses of the project, listing approximate and unmatched rows', async () => {
    await project.importOsm(
      {
        resources: [],
        network: { features: [], graph: new RoadGraphBuilder().build() } as never,
        addresses: [
          { street: 'Hauptstraße', housenumber: '1', postcode: '91207', city: 'Lauf', lon: 11.27, lat: 49.51 },
          { street: 'Hauptstraße', housenumber: '5', postcode: '91207', city: 'Lauf', lon: 11.272, lat: 49.511 },
          { street: 'Weißgerbergasse', housenumber: '12', postcode: '91207', city: 'Lauf', lon: 11.28, lat: 49.52 },
        ],
        rules: [],
        attribution: '© OpenStreetMap contributors',
      },
      { fileName: 'lauf.osm.pbf', include: { resources: false, network: false, addresses: true }, names: { resources: 'r', network: 'n', addresses: 'Adressen' } },
    );
    const rows = [
      'Einrichtung;Straße;Hausnummer;PLZ;Ort',
      'Kita Mitte;Hauptstr.;1;91207;Lauf',
      'Treff;Weissgerbergasse;12;91207;Lauf',
      'Beratung;Hauptstraße;3;91207;Lauf',
      'Verein;Gibtsnichtweg;4;91207;Lauf',
    ];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('adressen.csv', latin1(rows));
    expect(wizard.addressCount).toBe(3);
    expect(wizard.location).toBe('address');
    await wizard.run();
    const { report, points } = wizard.outcome!;
    expect(report.addresses).toMatchObject({ exact: 2, approximate: 1, unmatched: 1 });
    expect(report.located).toBe(3);
    expect([points.lon[0], points.lat[0]]).toEqual([11.27, 49.51]);
    expect(wizard.problems.map((problem) => [problem.line, problem.reasonKey, problem.rowLeftOut])).toEqual([
      [4, 'csv.reason.address-approximate', false],
      [5, 'csv.reason.address-unmatched', true],
    ]);
  });

  it('says what is missing before an address import can run', async () => {
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('adressen.csv', latin1(['Einrichtung;Straße;Hausnummer', 'Kita;Hauptstr.;1']));
    wizard.location = 'address';
    expect(wizard.plan).toEqual({ missing: 'addresses' });
    wizard.setRole('street', null);
    expect(wizard.plan).toEqual({ missing: 'address-columns' });
  });

  it('imports the points of a GeoJSON in UTM 33 like a table: places written as strings become numbers, areas go to a point inside, lines are listed', async () => {
    proj4.defs('EPSG:25833', '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
    const at = (lon: number, lat: number) => proj4('EPSG:4326', 'EPSG:25833', [lon, lat]);
    const square = (lon: number, lat: number) => {
      const d = 0.001;
      return [[at(lon, lat), at(lon + d, lat), at(lon + d, lat + d), at(lon, lat + d), at(lon, lat)]];
    };
    const geojson = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } },
      features: [
        { type: 'Feature', properties: { e_nr: '0101', e_name: 'Kita <b>Spree</b>', e_platz: '45' }, geometry: { type: 'Point', coordinates: at(13.40, 52.52) } },
        { type: 'Feature', properties: { e_nr: '0102', e_name: 'Kita "Am Park"', e_platz: '120' }, geometry: { type: 'Polygon', coordinates: square(13.41, 52.51) } },
        { type: 'Feature', properties: { e_nr: '0103', e_name: 'Weg', e_platz: null }, geometry: { type: 'LineString', coordinates: [at(13.4, 52.5), at(13.41, 52.5)] } },
        { type: 'Feature', properties: { e_nr: '0104', e_name: 'Kita; mit Semikolon', e_platz: '1.020' }, geometry: { type: 'Point', coordinates: at(13.42, 52.53) } },
      ],
    };
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('kitas.geojson', blob(new TextEncoder().encode(JSON.stringify(geojson))));
    expect(wizard.status).toBe('ready');
    expect(wizard.vector).toMatchObject({ rows: 3, fromAreas: 1, skipped: [{ featureNumber: 3, reason: 'not-a-point', geometryType: 'LineString' }] });
    expect(wizard.location).toBe('coordinates');
    expect(wizard.interpretation).toMatchObject({ crs: 'EPSG:4326', order: 'xy' });
    const placesColumn = wizard.columns.find((column) => column.name === 'e_platz')!.index;
    expect(wizard.columnFormat(placesColumn)).toMatch(/^number/);
    wizard.setRole('capacity', placesColumn);
    wizard.setRole('id', 0);
    await wizard.run();
    const { points } = wizard.outcome!;
    expect(points.length).toBe(3);
    // The map is sent to where the points are.
    const [west, south, east, north] = wizard.extent!;
    expect(west < 13.4 && east > 13.42 && south < 52.51 && north > 52.53 && east - west < 0.2).toBe(true);
    expect(points.lon[0]).toBeCloseTo(13.4, 6);
    expect(points.lat[0]).toBeCloseTo(52.52, 6);
    // The area's point lies inside it.
    expect(points.lon[1]! > 13.41 && points.lon[1]! < 13.411 && points.lat[1]! > 52.51 && points.lat[1]! < 52.511).toBe(true);
    const places = points.columns.find((column) => column.name === 'e_platz')!;
    // "1.020" is a thousands-separated number only if the file reads "." that way; the strings
    // "45" and "120" are numbers either way.
    expect(places.kind === 'number' && [places.values[0], places.values[1]]).toEqual([45, 120]);
    const names = points.columns.find((column) => column.name === 'e_name')!;
    expect(names.kind === 'text' && names.dictionary).toEqual(['Kita <b>Spree</b>', 'Kita "Am Park"', 'Kita; mit Semikolon']);
    // The line is listed with its feature number, not a table line.
    expect(wizard.problems.map((problem) => [wizard.problemPosition(problem.line), problem.reasonKey])).toEqual([
      [{ key: 'csv.feature', number: 3 }, 'csv.reason.not-a-point'],
    ]);
    expect(wizard.problemsCsv((key) => key)!.content).toContain('\r\n3;;LineString;csv.reason.not-a-point;csv.yes\r\n');
  });

  it('imports the waypoints of a GPX file and names a broken vector file in the error', async () => {
    const gpx = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="49.51" lon="11.27"><name>Jugendtreff Lauf</name><type>youth-centre</type></wpt>
  <wpt lat="49.52" lon="11.28"><name>Kita Sonnenschein</name><type>kita</type></wpt>
  <trk><name>Weg</name><trkseg><trkpt lat="49.5" lon="11.2"/><trkpt lat="49.6" lon="11.3"/></trkseg></trk>
</gpx>`;
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('treffs.gpx', blob(new TextEncoder().encode(gpx)));
    // togeojson lists tracks before waypoints: the track is feature 1.
    expect(wizard.vector).toMatchObject({ rows: 2, skipped: [{ featureNumber: 1, geometryType: 'LineString' }] });
    expect(wizard.roles.name).toBe(wizard.columns.find((column) => column.name === 'name')!.index);
    await wizard.run();
    expect(wizard.outcome!.report.located).toBe(2);
    expect([wizard.outcome!.points.lon[1], wizard.outcome!.points.lat[1]]).toEqual([11.28, 49.52]);

    const broken = new CsvImport(project, inProcess);
    await broken.load('kaputt.geojson', blob(new TextEncoder().encode('{"type": "FeatureCollection", "features": [')));
    expect(broken.status).toBe('failed');
    expect(broken.error).toContain('kaputt.geojson');
  });

  it('words a coordinate interpretation in the user language', () => {
    const words = (key: string) => `<${key}>`;
    expect(crsLabel({ crs: 'EPSG:4326', order: 'yx', zonePrefix: false }, words)).toBe('<csv.crs.latLon>');
    expect(crsLabel({ crs: 'EPSG:25832', order: 'yx', zonePrefix: true }, words)).toBe('ETRS89 / UTM 32N (EPSG:25832), <csv.crs.zonePrefix>, <csv.crs.northingFirst>');
  });
});
