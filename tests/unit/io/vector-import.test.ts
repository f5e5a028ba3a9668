import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import type { Polygon } from 'geojson';
import {
  ImportError,
  numericColumns,
  readShapefileFiles,
  readVectorFile,
  suggestKeyColumns,
  suggestNameColumns,
  tryReadVectorFile,
} from '../../../src/io/vector-import';
import { writeDbf, writeShpShx } from '../../../src/io/shapefile-write';
import { prjWktFor, projectGeometry } from '../../../src/io/crs';
import { deepFreeze, square } from '../helpers';

const fixtures = new URL('../../fixtures/io/', import.meta.url);

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, fixtures)));
}

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

/** Windows-1252 bytes for text within Latin-1 (enough for ä ö ü ß). */
function latin1(value: string): Uint8Array {
  return Uint8Array.from([...value].map((char) => char.charCodeAt(0)));
}

function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += (ring[previous]![0]! - ring[index]![0]!) * (ring[previous]![1]! + ring[index]![1]!);
  }
  return sum / 2;
}

/** A small zipped Shapefile of polygons in UTM 32 (made here, not copied from anywhere). */
function smallShapefileZip(options: { cpg?: string; encode?: (value: string) => Uint8Array; withPrj?: boolean } = {}) {
  const geometries = [square(9.5, 51.3, 0.01), square(9.52, 51.3, 0.01)].map((polygon) => projectGeometry(polygon, 'EPSG:25832'));
  const { shp, shx } = writeShpShx(geometries);
  const dbf = writeDbf(
    [
      { name: 'SCHLUESSEL', type: 'C' },
      { name: 'NAME', type: 'C' },
      { name: 'EW_U18', type: 'N' },
    ],
    [
      { SCHLUESSEL: '0611001', NAME: 'Güntersdorf', EW_U18: 120 },
      { SCHLUESSEL: '0611002', NAME: 'Großenbach', EW_U18: 85 },
    ],
    { encode: options.encode },
  );
  const files: Record<string, Uint8Array> = { 'bezirke.shp': shp, 'bezirke.shx': shx, 'bezirke.dbf': dbf };
  if (options.withPrj !== false) files['bezirke.prj'] = text(prjWktFor('EPSG:25832'));
  if (options.cpg !== undefined) files['bezirke.cpg'] = text(options.cpg);
  return zipSync(files);
}

describe('readVectorFile: GeoJSON repairs', () => {
  it('closes unclosed rings, removes duplicate vertices, drops too-short rings and rewinds', async () => {
    const result = await readVectorFile('unclosed-ring.geojson', fixture('unclosed-ring.geojson'));
    expect(result.format).toBe('geojson');
    expect(result.features.map((feature) => feature.properties['name'])).toEqual([
      'Offener Ring',
      'Doppelte Punkte, im Uhrzeigersinn',
      'Loch zu kurz',
    ]);
    const problems = result.problems.map((problem) => [problem.featureNumber, problem.code, problem.repaired]);
    expect(problems).toEqual([
      [1, 'ring-unclosed', true],
      [2, 'duplicate-vertices', true],
      [3, 'ring-too-short', false],
      [4, 'ring-too-short', true],
    ]);
    const [unclosed, duplicated, withHole] = result.features.map((feature) => feature.geometry as Polygon);
    expect(unclosed!.coordinates[0]).toHaveLength(5);
    expect(unclosed!.coordinates[0]![4]).toEqual(unclosed!.coordinates[0]![0]);
    expect(duplicated!.coordinates[0]).toHaveLength(5);
    expect(signedArea(duplicated!.coordinates[0]!)).toBeGreaterThan(0); // counter-clockwise now
    expect(withHole!.coordinates).toHaveLength(1);
    expect(result.problems[0]!.message).toBe('Feature 1 had 1 unclosed ring(s); closed.');
  });

  it('drops features with NaN, Infinity, null or text coordinates and keeps the rest', async () => {
    const result = await readVectorFile('nan-coordinate.geojson', fixture('nan-coordinate.geojson'));
    expect(result.features).toHaveLength(1);
    expect(result.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [9.51, 51.31] });
    expect(result.problems.map((problem) => [problem.featureNumber, problem.code])).toEqual([
      [1, 'coordinate-not-finite'],
      [2, 'coordinate-not-finite'],
      [3, 'coordinate-not-finite'],
      [4, 'coordinate-not-finite'],
    ]);
    expect(result.notes.join(' ')).toContain('NaN');
  });

  it('reports empty and missing geometry, splits GeometryCollections and stringifies objects', async () => {
    const result = await readVectorFile('empty-geometry.geojson', fixture('empty-geometry.geojson'));
    expect(result.problems.map((problem) => [problem.featureNumber, problem.code, problem.repaired])).toEqual([
      [1, 'geometry-missing', false],
      [2, 'geometry-empty', false],
      [3, 'geometry-empty', false],
      [4, 'geometry-collection-split', true],
      [4, 'property-stringified', true],
      [5, 'feature-invalid', false],
    ]);
    expect(result.features.map((feature) => [feature.properties['name'], feature.geometry.type])).toEqual([
      ['Sammlung', 'Polygon'],
      ['Sammlung', 'Point'],
      ['Gültig', 'Point'],
    ]);
    expect(result.features[0]!.properties['meta']).toBe('{"quelle":"Hand"}');
    expect(result.features[2]!.properties['meta']).toBe('["a",1]');
    expect(result.problems.find((problem) => problem.code === 'property-stringified')!.params).toEqual({ column: 'meta', count: 2 });
  });

  it('guesses EPSG:25832 for UTM metres without a crs member', async () => {
    const result = await readVectorFile('utm32-no-crs.geojson', fixture('utm32-no-crs.geojson'));
    expect(result.crs).toMatchObject({ code: 'EPSG:25832', source: 'guess', zonePrefix: false });
    const ring = (result.features[0]!.geometry as Polygon).coordinates[0]!;
    expect(ring[0]![0]).toBeCloseTo(9.45, 6);
    expect(ring[0]![1]).toBeCloseTo(51.3, 6);
    expect(result.problems).toEqual([]);
    expect(result.features[1]!.properties).toEqual({ SR_ID: '02', SR_NAME: 'Südstadt' });
  });

  it('removes a zone prefix from the eastings', async () => {
    const plain = await readVectorFile('utm32-no-crs.geojson', fixture('utm32-no-crs.geojson'));
    const result = await readVectorFile('zone-prefixed.geojson', fixture('zone-prefixed.geojson'));
    expect(result.crs).toMatchObject({ code: 'EPSG:25832', zonePrefix: true });
    expect(result.features.map((feature) => feature.geometry)).toEqual(plain.features.map((feature) => feature.geometry));
  });

  it('swaps latitude-first coordinates', async () => {
    const result = await readVectorFile('latlon-swapped.geojson', fixture('latlon-swapped.geojson'));
    expect(result.crs).toMatchObject({ code: 'EPSG:4326', swapAxes: true, noteCode: 'crs.swapped-axes' });
    expect(result.features[1]!.geometry).toEqual({ type: 'Point', coordinates: [9.51, 51.31] });
  });

  it('lets the user force the CRS', async () => {
    const result = await readVectorFile('utm32-no-crs.geojson', fixture('utm32-no-crs.geojson'), { crs: 'EPSG:25833' });
    expect(result.crs).toMatchObject({ code: 'EPSG:25833', source: 'user' });
  });

  it('rounds coordinates to 7 decimals', async () => {
    const geojson = JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [9.123456789, 51.987654321] } });
    const result = await readVectorFile('point.json', text(geojson));
    expect(result.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [9.1234568, 51.9876543] });
  });

  it('reports progress up to 1', async () => {
    const fractions: number[] = [];
    await readVectorFile('unclosed-ring.geojson', fixture('unclosed-ring.geojson'), { onProgress: (fraction) => fractions.push(fraction) });
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
  });

  it('does not modify the bytes it was given', async () => {
    const bytes = fixture('unclosed-ring.geojson');
    const copy = bytes.slice();
    await readVectorFile('unclosed-ring.geojson', bytes);
    expect(bytes).toEqual(copy);
  });
});

describe('readVectorFile: unreadable files throw ImportError', () => {
  async function errorOf(fileName: string, bytes: Uint8Array): Promise<ImportError> {
    const error = await readVectorFile(fileName, bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }

  it('an empty file', async () => {
    const error = await errorOf('leer.geojson', new Uint8Array(0));
    expect(error.code).toBe('file-empty');
    expect(error.message).toBe('leer.geojson: the file is empty');
  });

  it('invalid JSON, with the line', async () => {
    const error = await errorOf('kaputt.geojson', text('{\n  "type": "FeatureCollection",\n  "features": [,]\n}'));
    expect(error.code).toBe('json-invalid');
    expect(error.params).toMatchObject({ line: 3 });
    expect(error.message).toContain('kaputt.geojson: invalid JSON at line 3');
  });

  it('JSON that is not GeoJSON', async () => {
    const error = await errorOf('tabelle.json', text('{"rows": [1, 2, 3]}'));
    expect(error.code).toBe('geojson-invalid');
    expect(error.message).toContain('not GeoJSON');
  });

  it('a .zip that is not a zip', async () => {
    const error = await errorOf('grenzen.zip', text('this is not a zip'));
    expect(error.code).toBe('zip-invalid');
    expect(error.message).toBe('grenzen.zip: not a zip file');
  });

  it('a truncated zip', async () => {
    const zip = smallShapefileZip({ cpg: 'UTF-8' });
    const error = await errorOf('abgeschnitten.zip', zip.slice(0, Math.floor(zip.length / 2)));
    expect(error.code).toBe('zip-invalid');
    expect(error.message).toContain('damaged or truncated');
  });

  it('a zip without .shp', async () => {
    const zip = zipSync({ 'liesmich.txt': text('keine Geometrie'), 'daten.csv': text('a;b\r\n1;2\r\n') });
    const error = await errorOf('ohne-shp.zip', zip);
    expect(error.code).toBe('zip-no-shp');
    expect(error.message).toBe('ohne-shp.zip: the zip file contains no .shp file');
  });

  it('an unknown format', async () => {
    const error = await errorOf('bild.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47]));
    expect(error.code).toBe('format-unknown');
  });

  it('tryReadVectorFile returns the failure as plain data', async () => {
    const outcome = await tryReadVectorFile('leer.geojson', new Uint8Array(0));
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'file-empty', fileName: 'leer.geojson', params: { fileName: 'leer.geojson' }, message: 'leer.geojson: the file is empty' },
    });
  });
});

describe('readVectorFile: Shapefile', () => {
  it('reads a zipped Shapefile with .prj and .cpg', async () => {
    const result = await readVectorFile('bezirke.zip', smallShapefileZip({ cpg: 'UTF-8' }));
    expect(result.format).toBe('shapefile');
    expect(result.crs).toMatchObject({ code: 'EPSG:25832', source: 'prj' });
    expect(result.features.map((feature) => feature.properties)).toEqual([
      { SCHLUESSEL: '0611001', NAME: 'Güntersdorf', EW_U18: 120 },
      { SCHLUESSEL: '0611002', NAME: 'Großenbach', EW_U18: 85 },
    ]);
    const ring = (result.features[0]!.geometry as Polygon).coordinates[0]!;
    expect(ring[0]![0]).toBeCloseTo(9.5, 6);
    expect(signedArea(ring)).toBeGreaterThan(0);
    expect(result.suggestions).toEqual({
      keyColumns: ['SCHLUESSEL', 'NAME', 'EW_U18'], // all unique here; the key-like name first
      nameColumns: ['NAME'],
      numericColumns: ['EW_U18'],
    });
  });

  it('reads Windows-1252 attributes when there is no .cpg', async () => {
    const result = await readVectorFile('bezirke.zip', smallShapefileZip({ encode: latin1 }));
    expect(result.features.map((feature) => feature.properties['NAME'])).toEqual(['Güntersdorf', 'Großenbach']);
    expect(result.notes.join(' ')).toContain('No .cpg file; attributes read as windows-1252');
  });

  it('reads UTF-8 attributes without .cpg when the bytes are UTF-8', async () => {
    const result = await readVectorFile('bezirke.zip', smallShapefileZip());
    expect(result.features[0]!.properties['NAME']).toBe('Güntersdorf');
  });

  it('honours a .cpg saying 1252', async () => {
    const result = await readVectorFile('bezirke.zip', smallShapefileZip({ cpg: 'ANSI 1252', encode: latin1 }));
    expect(result.features[1]!.properties['NAME']).toBe('Großenbach');
  });

  it('guesses the CRS of a Shapefile without .prj', async () => {
    const result = await readVectorFile('bezirke.zip', smallShapefileZip({ cpg: 'UTF-8', withPrj: false }));
    expect(result.crs).toMatchObject({ code: 'EPSG:25832', source: 'guess' });
  });

  it('reads loose Shapefile parts', async () => {
    const geometries = [projectGeometry(square(9.5, 51.3, 0.01), 'EPSG:25833')];
    const { shp } = writeShpShx(geometries);
    const dbf = writeDbf([{ name: 'ID', type: 'C' }], [{ ID: 'A' }]);
    const result = await readShapefileFiles({ shp, dbf, prj: prjWktFor('EPSG:25833'), cpg: 'UTF-8' }, 'teile.shp');
    expect(result.crs.code).toBe('EPSG:25833');
    expect(result.features[0]!.properties).toEqual({ ID: 'A' });
  });
});

describe('readVectorFile: KML and KMZ', () => {
  it('reads a polygon placemark with an umlaut name and extended data', async () => {
    const result = await readVectorFile('raeume.kml', fixture('places.kml'));
    expect(result.format).toBe('kml');
    expect(result.crs).toMatchObject({ code: 'EPSG:4326', noteCode: 'crs.kml' });
    expect(result.features).toHaveLength(2);
    const [area, point] = result.features;
    expect(area!.properties).toEqual({
      name: 'Südstadt – Übergangsbereich',
      description: 'Größter Sozialraum',
      kuerzel: 'SR 02',
      einwohner: '1234',
    });
    expect(area!.geometry.type).toBe('Polygon');
    expect(signedArea((area!.geometry as Polygon).coordinates[0]!)).toBeGreaterThan(0);
    expect(point!.properties['name']).toBe('Jugendtreff Förderstraße');
    expect(point!.geometry).toEqual({ type: 'Point', coordinates: [9.51, 51.31] });
  });

  it('reads a KMZ (zip with doc.kml)', async () => {
    const kmz = zipSync({ 'doc.kml': fixture('places.kml') });
    const result = await readVectorFile('raeume.kmz', kmz);
    expect(result.features[0]!.properties['name']).toBe('Südstadt – Übergangsbereich');
  });

  it('refuses KML that is not well-formed', async () => {
    const error = await readVectorFile('kaputt.kml', text('<kml><Placemark><name>x</Placemark></kml>')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('kml-invalid');
  });
});

describe('column suggestions', () => {
  const features = deepFreeze([
    { properties: { PLR_ID: '0101', id: 1, PLR_NAME: 'Mitte A', EW: 100, Anteil: 0.5, Flag: true, Zahltext: '1.234' } },
    { properties: { PLR_ID: '0102', id: 1, PLR_NAME: 'Mitte B', EW: 200, Anteil: 0.25, Flag: false, Zahltext: '12' } },
    { properties: { PLR_ID: '0103', id: 3, PLR_NAME: 'Mitte C', EW: 300, Anteil: 0.125, Flag: true, Zahltext: '7,5' } },
  ]);
  const columns = deepFreeze([
    { name: 'id', type: 'number' as const, sample: [] },
    { name: 'PLR_NAME', type: 'string' as const, sample: [] },
    { name: 'EW', type: 'number' as const, sample: [] },
    { name: 'Anteil', type: 'number' as const, sample: [] },
    { name: 'Flag', type: 'boolean' as const, sample: [] },
    { name: 'Zahltext', type: 'string' as const, sample: [] },
    { name: 'PLR_ID', type: 'string' as const, sample: [] },
  ]);

  it('offers unique, non-empty columns as keys, PLR_ID first, not the duplicated id', () => {
    expect(suggestKeyColumns(columns, features).map((column) => column.name)).toEqual(['PLR_ID', 'PLR_NAME', 'Zahltext', 'EW']);
  });

  it('offers name columns', () => {
    expect(suggestNameColumns(columns, features).map((column) => column.name)).toEqual(['PLR_NAME']);
  });

  it('offers numeric columns, including numbers written as text', () => {
    expect(numericColumns(columns, features).map((column) => column.name)).toEqual(['id', 'EW', 'Anteil', 'Zahltext']);
  });
});
