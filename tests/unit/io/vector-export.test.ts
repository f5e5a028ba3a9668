import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { ProjectSnapshot, SocialSpace, Unit } from '../../../src/domain/types';
import { spacesToGeoJson, spacesToShapefileZip, unitAssignmentCsv } from '../../../src/io/vector-export';
import { readVectorFile } from '../../../src/io/vector-import';
import { deepFreeze, square, testSpace } from '../helpers';

const demo = JSON.parse(readFileSync(new URL('../../../data/demo-project.json', import.meta.url), 'utf8')) as ProjectSnapshot;

function metresBetween(a: Position, b: Position): number {
  const latitude = ((a[1]! + b[1]!) / 2) * (Math.PI / 180);
  return Math.hypot((a[0]! - b[0]!) * 111_320 * Math.cos(latitude), (a[1]! - b[1]!) * 110_574);
}

function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += (ring[previous]![0]! - ring[index]![0]!) * (ring[previous]![1]! + ring[index]![1]!);
  }
  return sum / 2;
}

/** Polygons with RFC 7946 ring orientation (what the importer returns). */
function normalisedPolygons(geometry: Polygon | MultiPolygon): Position[][][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((polygon) =>
    polygon.map((ring, index) => ((signedArea(ring) > 0) === (index === 0) ? ring : ring.slice().reverse())),
  );
}

function expectSameGeometryWithin1cm(actual: Polygon | MultiPolygon, expected: Polygon | MultiPolygon) {
  const actualPolygons = normalisedPolygons(actual);
  const expectedPolygons = normalisedPolygons(expected);
  expect(actualPolygons.length).toBe(expectedPolygons.length);
  actualPolygons.forEach((polygon, polygonIndex) => {
    expect(polygon.length).toBe(expectedPolygons[polygonIndex]!.length);
    polygon.forEach((ring, ringIndex) => {
      const expectedRing = expectedPolygons[polygonIndex]![ringIndex]!;
      expect(ring.length).toBe(expectedRing.length);
      ring.forEach((position, index) => expect(metresBetween(position, expectedRing[index]!)).toBeLessThan(0.01));
    });
  });
}

function handMadeSpaces(): SocialSpace[] {
  const north = testSpace('p', 's1', 'SR 01', 9.5);
  const south: SocialSpace = {
    ...testSpace('p', 's2', 'SR 02', 9.52),
    name: 'Südstadt; "Altes Ufer"',
    color: '#d55e00',
    notes: 'Übergang zur Kreisstadt — Größe geprüft',
    unitIds: ['u2', 'u3'],
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          square(9.52, 51.0, 0.02).coordinates[0]!,
          // a hole, clockwise
          [
            [9.525, 51.005],
            [9.525, 51.01],
            [9.53, 51.01],
            [9.53, 51.005],
            [9.525, 51.005],
          ],
        ],
        square(9.56, 51.0, 0.005).coordinates,
      ],
    },
  };
  return deepFreeze([{ ...north, unitIds: ['u1'] }, south]);
}

describe('spacesToGeoJson', () => {
  it('writes a FeatureCollection with code, name, color, notes and unitCount', () => {
    const spaces = handMadeSpaces();
    const collection = JSON.parse(spacesToGeoJson(spaces));
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((feature: { properties: unknown }) => feature.properties)).toEqual([
      { code: 'SR 01', name: 'Raum SR 01', color: '#0072b2', notes: '', unitCount: 1 },
      { code: 'SR 02', name: 'Südstadt; "Altes Ufer"', color: '#d55e00', notes: 'Übergang zur Kreisstadt — Größe geprüft', unitCount: 2 },
    ]);
    expect(collection.features[1].geometry.type).toBe('MultiPolygon');
  });

  it('round-trips through readVectorFile', async () => {
    const spaces = handMadeSpaces();
    const result = await readVectorFile('sozialraeume.geojson', new TextEncoder().encode(spacesToGeoJson(spaces)));
    expect(result.crs.code).toBe('EPSG:4326');
    expect(result.problems).toEqual([]);
    result.features.forEach((feature, index) => {
      expectSameGeometryWithin1cm(feature.geometry as Polygon | MultiPolygon, spaces[index]!.geometry);
    });
  });
});

describe('spacesToShapefileZip', () => {
  it('holds sozialraeume.shp/.shx/.dbf/.prj/.cpg, UTF-8 declared', () => {
    const entries = unzipSync(spacesToShapefileZip(handMadeSpaces(), 'EPSG:25832'));
    expect(Object.keys(entries).sort()).toEqual(['sozialraeume.cpg', 'sozialraeume.dbf', 'sozialraeume.prj', 'sozialraeume.shp', 'sozialraeume.shx']);
    expect(new TextDecoder().decode(entries['sozialraeume.cpg'])).toBe('UTF-8');
    expect(new TextDecoder().decode(entries['sozialraeume.prj'])).toContain('ETRS_1989_UTM_Zone_32N');
  });

  it.each(['EPSG:25832', 'EPSG:25833'] as const)('re-imports hand-made spaces from %s with the same geometry (1 cm) and attributes', async (crs) => {
    const spaces = handMadeSpaces();
    const result = await readVectorFile('sozialraeume.zip', spacesToShapefileZip(spaces, crs));
    expect(result.crs).toMatchObject({ code: crs, source: 'prj' });
    expect(result.problems).toEqual([]);
    expect(result.features.map((feature) => feature.properties)).toEqual([
      { code: 'SR 01', name: 'Raum SR 01', color: '#0072b2', notes: '', unitCount: 1 },
      { code: 'SR 02', name: 'Südstadt; "Altes Ufer"', color: '#d55e00', notes: 'Übergang zur Kreisstadt — Größe geprüft', unitCount: 2 },
    ]);
    result.features.forEach((feature, index) => {
      expectSameGeometryWithin1cm(feature.geometry as Polygon | MultiPolygon, spaces[index]!.geometry);
    });
  });

  it('re-imports the demo project spaces', async () => {
    const spaces = deepFreeze(demo.spaces);
    const result = await readVectorFile('sozialraeume.zip', spacesToShapefileZip(spaces, 'EPSG:25832'));
    expect(result.features).toHaveLength(spaces.length);
    result.features.forEach((feature, index) => {
      const space = spaces[index]!;
      expect(feature.properties).toEqual({
        code: space.code,
        name: space.name,
        color: space.color,
        notes: space.notes.trim(),
        unitCount: space.unitIds.length,
      });
      expectSameGeometryWithin1cm(feature.geometry as Polygon | MultiPolygon, space.geometry);
    });
  });

  it('cuts notes longer than 254 bytes at a character boundary', async () => {
    const long = { ...testSpace('p', 's', 'SR 09'), notes: 'ä'.repeat(200) };
    const result = await readVectorFile('s.zip', spacesToShapefileZip([long], 'EPSG:25832'));
    expect(result.features[0]!.properties['notes']).toBe('ä'.repeat(127));
  });
});

describe('unitAssignmentCsv', () => {
  function unit(id: string, key: string, name: string): Unit {
    return {
      id,
      projectId: 'p',
      layerId: 'l',
      key,
      name,
      geometry: square(9.5, 51, 0.01),
      population: { age0to6: 0, age6to15: 0, age15to18: 0, age18to21: 0, age21plus: 0 },
    };
  }

  it('writes BOM, ";" and CRLF, with empty space columns for unassigned units', () => {
    const units = deepFreeze([unit('u1', '0611001', 'Güntersdorf'), unit('u2', '0611002', 'Groß; "Ost"'), unit('u4', '0611004', '=Formel')]);
    const csv = unitAssignmentCsv(units, handMadeSpaces());
    expect(csv).toBe(
      '\uFEFFSchlüssel;Einheit;Sozialraum-Kürzel;Sozialraum\r\n' +
        '0611001;Güntersdorf;SR 01;Raum SR 01\r\n' +
        '0611002;"Groß; ""Ost""";SR 02;"Südstadt; ""Altes Ufer"""\r\n' +
        "0611004;'=Formel;;\r\n",
    );
  });

  it('lists every demo unit once', () => {
    const csv = unitAssignmentCsv(demo.units, demo.spaces);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFSchlüssel;Einheit;Sozialraum-Kürzel;Sozialraum');
    expect(lines).toHaveLength(demo.units.length + 2); // header + units + final empty
    const assigned = new Set(demo.spaces.flatMap((space) => space.unitIds));
    const emptyRows = lines.slice(1, -1).filter((line) => line.endsWith(';;'));
    expect(emptyRows).toHaveLength(demo.units.filter((candidate) => !assigned.has(candidate.id)).length);
  });
});
