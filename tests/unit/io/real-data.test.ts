/**
 * The importer on real public data in ../shared/data (never copied into the project).
 * Skipped, with the reason printed, where that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import type { Position } from 'geojson';
import { readVectorFile, type ImportedFeature } from '../../../src/io/vector-import';

const sharedData = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const vg5000 = `${sharedData}germany_admin/vg5000_2021/`;
const berlin = `${sharedData}berlin_lor/boundaries/`;

function skipReason(path: string): string | null {
  if (existsSync(path)) return null;
  const reason = `real-data test skipped: ${path} is absent`;
  console.log(reason);
  return reason;
}

/** The Shapefile parts are stored unzipped; zip them in memory as a user would upload them. */
function zipLayer(layer: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const extension of ['shp', 'shx', 'dbf', 'prj', 'cpg']) {
    files[`${layer}.${extension}`] = new Uint8Array(readFileSync(`${vg5000}${layer}.${extension}`));
  }
  return zipSync(files);
}

function positionsOf(feature: ImportedFeature): Position[] {
  const geometry = feature.geometry;
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
  }
}

function bboxOf(features: readonly ImportedFeature[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of features) {
    for (const [lon, lat] of positionsOf(feature)) {
      box[0] = Math.min(box[0], lon!);
      box[1] = Math.min(box[1], lat!);
      box[2] = Math.max(box[2], lon!);
      box[3] = Math.max(box[3], lat!);
    }
  }
  return box;
}

describe.skipIf(skipReason(vg5000) !== null)('VG5000 Gemeinden and Kreise (BKG, zipped Shapefile, EPSG:31467)', () => {
  it('reads all 10 997 Gemeinden with the CRS from the .prj and umlauts intact', async () => {
    const result = await readVectorFile('VG5000_GEM.zip', zipLayer('VG5000_GEM'));
    expect(result.format).toBe('shapefile');
    expect(result.features).toHaveLength(10_997);
    expect(result.problems).toEqual([]);
    expect(result.crs).toMatchObject({ code: 'EPSG:31467', source: 'prj', zonePrefix: false });
    const lauf = result.features.find((feature) => feature.properties['AGS'] === '09574138');
    expect(lauf?.properties['GEN']).toBe('Lauf a.d. Pegnitz');
    const names = new Set(result.features.map((feature) => feature.properties['GEN']));
    expect(names).toContain('München');
    expect(names).toContain('Lübeck');
    expect(names).toContain('Görlitz');
    expect(names).toContain('Düsseldorf');
    const [west, south, east, north] = bboxOf(result.features);
    expect(west).toBeGreaterThan(5.8);
    expect(south).toBeGreaterThan(47.2);
    expect(east).toBeLessThan(15.1);
    expect(north).toBeLessThan(55.1);
  });

  it('suggests AGS and ARS as keys and GEN as name', async () => {
    const result = await readVectorFile('VG5000_GEM.zip', zipLayer('VG5000_GEM'));
    expect(result.suggestions.keyColumns.slice(0, 2)).toEqual(['AGS', 'ARS']);
    expect(result.suggestions.keyColumns).not.toContain('GEN'); // names repeat (several "Neustadt")
    expect(result.suggestions.nameColumns[0]).toBe('GEN');
    expect(result.columns.find((column) => column.name === 'AGS')).toMatchObject({ type: 'string' });
  });

  it('reads the 401 Kreise with 5-digit AGS', async () => {
    const result = await readVectorFile('VG5000_KRS.zip', zipLayer('VG5000_KRS'));
    expect(result.features).toHaveLength(401);
    expect(result.suggestions.keyColumns[0]).toBe('AGS');
    const kreis = result.features.find((feature) => feature.properties['AGS'] === '09574');
    expect(kreis?.properties['GEN']).toBe('Nürnberger Land');
  });
});

describe.skipIf(skipReason(berlin) !== null)('Berlin LOR boundaries (GeoJSON)', () => {
  it('reads the 58 Prognoseräume 2021 from EPSG:25833 into Berlin lon/lat', async () => {
    const result = await readVectorFile('lor_prognoseraeume_2021.geojson', readFileSync(`${berlin}lor_prognoseraeume_2021.geojson`));
    expect(result.crs).toMatchObject({ code: 'EPSG:25833', source: 'crs-member' });
    expect(result.features).toHaveLength(58);
    expect(result.problems).toEqual([]);
    const [west, south, east, north] = bboxOf(result.features);
    // Berlin: 13.088–13.761 E, 52.338–52.675 N
    expect(west).toBeGreaterThan(13.05);
    expect(east).toBeLessThan(13.8);
    expect(south).toBeGreaterThan(52.3);
    expect(north).toBeLessThan(52.7);
    expect(result.suggestions.keyColumns[0]).toBe('PGR_ID');
    expect(result.suggestions.nameColumns[0]).toBe('PGR_NAME');
    expect(result.features.map((feature) => feature.properties['PGR_NAME'])).toContain('Treptow-Köpenick 3');
    expect(result.features[0]!.properties['PGR_ID']).toBe('0930');
  });

  it('does not offer the duplicated id of the pre-2021 Planungsräume as a key', async () => {
    const file = 'berlin-lor-planning-areas-until-2020.geojson';
    const result = await readVectorFile(file, readFileSync(`${berlin}${file}`));
    expect(result.crs).toMatchObject({ code: 'EPSG:4326', source: 'crs-member' });
    expect(result.features).toHaveLength(448);
    const ids = result.features.map((feature) => feature.properties['id']);
    expect(ids.filter((id) => id === '06010102')).toHaveLength(2);
    expect(result.suggestions.keyColumns).not.toContain('id');
    expect(result.suggestions.nameColumns).toContain('name');
    // bounding_box arrays become JSON text, reported once for the column
    expect(result.problems).toEqual([expect.objectContaining({ code: 'property-stringified', params: { column: 'bounding_box', count: 448 } })]);
  });
});
