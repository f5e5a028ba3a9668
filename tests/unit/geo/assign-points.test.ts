import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { assignPoints, type AreaToAssign } from '../../../src/geo/assign-points';
import { denseCoverage } from '../../bench/dense-coverage';
import { seededRandom } from '../../bench/seeded';

/** Grid resolutions to run every case with: one cell, a coarse and a fine grid, the default. */
const CELL_COUNTS = [1, 9, 400, 40_000, undefined] as const;

/**
 * The reference: Turf's booleanPointInPolygon (boundary inside) for every area in order, first
 * hit wins; the area's box is checked first only to keep large cases fast (Turf says false
 * outside it).
 */
function bruteForce(lon: Float64Array, lat: Float64Array, areas: readonly AreaToAssign[]): Int32Array {
  const boxes = areas.map((area) => {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of (area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates).flat(2)) {
      box[0] = Math.min(box[0]!, x!);
      box[1] = Math.min(box[1]!, y!);
      box[2] = Math.max(box[2]!, x!);
      box[3] = Math.max(box[3]!, y!);
    }
    return box;
  });
  const result = new Int32Array(lon.length).fill(-1);
  for (let point = 0; point < lon.length; point++) {
    const x = lon[point]!;
    const y = lat[point]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    for (let area = 0; area < areas.length; area++) {
      const box = boxes[area]!;
      if (x < box[0]! || y < box[1]! || x > box[2]! || y > box[3]!) continue;
      if (booleanPointInPolygon([x, y], areas[area]!.geometry)) {
        result[point] = area;
        break;
      }
    }
  }
  return result;
}

/** Differences from the reference, as readable lines (at most 10). */
function differences(lon: Float64Array, lat: Float64Array, ours: Int32Array, reference: Int32Array): string[] {
  const found: string[] = [];
  for (let point = 0; point < ours.length && found.length < 10; point++) {
    if (ours[point] !== reference[point]) found.push(`point ${point} (${lon[point]}, ${lat[point]}): ours ${ours[point]}, turf ${reference[point]}`);
  }
  return found;
}

function expectSameAsTurf(lon: Float64Array, lat: Float64Array, areas: readonly AreaToAssign[]): Int32Array {
  const reference = bruteForce(lon, lat, areas);
  for (const cellCount of CELL_COUNTS) {
    const ours = assignPoints(lon, lat, areas, cellCount === undefined ? {} : { cellCount });
    expect(differences(lon, lat, ours, reference), `cellCount ${cellCount ?? 'default'}`).toEqual([]);
  }
  return reference;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** A star-shaped ring around a centre (never self-intersecting), counter-clockwise unless `clockwise`. */
function starRing(random: () => number, centreX: number, centreY: number, radius: number, vertexCount: number, clockwise = false, snap?: number): Position[] {
  const ring: Position[] = [];
  for (let index = 0; index < vertexCount; index++) {
    const angle = ((clockwise ? -index : index) / vertexCount) * 2 * Math.PI;
    const distance = radius * (0.45 + 0.55 * random());
    let x = centreX + Math.cos(angle) * distance;
    let y = centreY + Math.sin(angle) * distance;
    if (snap !== undefined) {
      x = Math.round(x / snap) * snap;
      y = Math.round(y / snap) * snap;
    }
    const last = ring[ring.length - 1];
    if (!last || last[0] !== x || last[1] !== y) ring.push([x, y]);
  }
  ring.push([...ring[0]!]);
  return ring;
}

/** Seeded star polygons, some with a hole, some MultiPolygons, overlapping each other. */
function randomAreas(seed: number, count: number, originX: number, originY: number, size: number, snap?: number): AreaToAssign[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index): AreaToAssign => {
    const polygon = (): Position[][] => {
      const centreX = originX + random() * size;
      const centreY = originY + random() * size;
      const radius = size * (0.05 + random() * 0.25);
      const outer = starRing(random, centreX, centreY, radius, 3 + Math.floor(random() * 60), false, snap);
      if (random() < 0.4) return [outer];
      // A hole well inside the outer ring (whose radius is at least 0.45 of `radius`).
      return [outer, starRing(random, centreX, centreY, radius * 0.35, 3 + Math.floor(random() * 20), true, snap)];
    };
    const geometry: Polygon | MultiPolygon =
      random() < 0.35 ? { type: 'MultiPolygon', coordinates: [polygon(), polygon(), ...(random() < 0.5 ? [polygon()] : [])] } : { type: 'Polygon', coordinates: polygon() };
    return { id: `a-${index}`, geometry };
  });
}

function allRings(areas: readonly AreaToAssign[]): Position[][] {
  return areas.flatMap((area) => (area.geometry.type === 'Polygon' ? area.geometry.coordinates : area.geometry.coordinates.flat()));
}

/**
 * Test points: uniform over the areas' extent and a margin around it, every vertex, points on
 * every edge (midpoint and a random fraction, as computed in doubles), points level with every
 * vertex, and non-finite ones; with `vertexStride` n only every n-th vertex and edge.
 */
function testPoints(areas: readonly AreaToAssign[], seed: number, randomCount: number, vertexStride = 1): { lon: Float64Array; lat: Float64Array } {
  const random = seededRandom(seed);
  const rings = allRings(areas);
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of rings.flat()) {
    [west, east] = [Math.min(west, x!), Math.max(east, x!)];
    [south, north] = [Math.min(south, y!), Math.max(north, y!)];
  }
  const lon: number[] = [];
  const lat: number[] = [];
  const width = east - west;
  const height = north - south;
  for (let index = 0; index < randomCount; index++) {
    lon.push(west - width * 0.05 + random() * width * 1.1);
    lat.push(south - height * 0.05 + random() * height * 1.1);
  }
  for (const ring of rings) {
    for (let index = 0; index + 1 < ring.length; index += vertexStride) {
      const [x1, y1] = ring[index]!;
      const [x2, y2] = ring[index + 1]!;
      lon.push(x1!, (x1! + x2!) / 2);
      lat.push(y1!, (y1! + y2!) / 2);
      const t = random();
      lon.push(x1! + (x2! - x1!) * t);
      lat.push(y1! + (y2! - y1!) * t);
      // Same height as the vertex, a little to either side: rays through vertices.
      lon.push(x1! - width * 1e-3, x1! + width * 1e-3);
      lat.push(y1!, y1!);
    }
  }
  lon.push(Number.NaN, 0, Number.NaN, Infinity, west, east, west, (west + east) / 2);
  lat.push(0, Number.NaN, Number.NaN, (south + north) / 2, south, north, north, -Infinity);
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat) };
}

/**
 * A coverage on the integer lattice: 6 × 5 unit squares grouped into spaces with shared
 * borders, one space a MultiPolygon, one an island inside a hole of another.
 */
function latticeCoverage(): AreaToAssign[] {
  const square = (x: number, y: number, size = 1): Position[] => [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
  return [
    // Rows 0–1, columns 0–2, written with every lattice vertex on its border.
    { id: 'west', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [3, 0], [3, 1], [3, 2], [2, 2], [1, 2], [0, 2], [0, 1], [0, 0]]] } },
    // Columns 3–5, rows 0–2, with a hole (4,1)–(5,2) in which the island lies.
    {
      id: 'east',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[3, 0], [6, 0], [6, 3], [3, 3], [3, 2], [3, 1], [3, 0]],
          [[4, 1], [4, 2], [5, 2], [5, 1], [4, 1]],
        ],
      },
    },
    { id: 'island', geometry: { type: 'Polygon', coordinates: [square(4, 1)] } },
    // Two separate squares: (0,2) and (2,4).
    { id: 'multi', geometry: { type: 'MultiPolygon', coordinates: [[square(0, 2)], [square(2, 4)]] } },
    // The rest of rows 2–4 west of column 3, as one L-shaped ring, and the top right.
    { id: 'north-west', geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 4], [2, 4], [2, 5], [0, 5], [0, 3], [1, 3], [1, 2]]] } },
    { id: 'north-east', geometry: { type: 'Polygon', coordinates: [[[3, 3], [6, 3], [6, 5], [3, 5], [3, 4], [3, 3]]] } },
  ];
}

describe('assignPoints', () => {
  it('matches Turf on seeded star polygons with holes and MultiPolygons, overlapping (first wins)', () => {
    const areas = deepFreeze(randomAreas(11, 40, 9.6, 50.7, 0.4));
    const { lon, lat } = testPoints(areas, 12, 20_000);
    const reference = expectSameAsTurf(lon, lat, areas);
    // The case exercises what it claims: overlaps, holes, and points outside everything.
    expect(reference.filter((area) => area >= 0).length).toBeGreaterThan(10_000);
    expect(reference.includes(-1)).toBe(true);
  });

  it('matches Turf on polygons around the origin (coordinates whose differences round)', () => {
    const areas = deepFreeze(randomAreas(21, 25, -0.3, -0.3, 0.6));
    const { lon, lat } = testPoints(areas, 22, 10_000);
    expectSameAsTurf(lon, lat, areas);
  });

  it('matches Turf on lattice-snapped polygons, where many points lie exactly on edges and vertices', () => {
    const areas = deepFreeze(randomAreas(31, 30, 0, 0, 64, 1));
    const random = seededRandom(32);
    const lon: number[] = [];
    const lat: number[] = [];
    for (let index = 0; index < 20_000; index++) {
      lon.push(Math.round(random() * 140 - 6) / 2);
      lat.push(Math.round(random() * 140 - 6) / 2);
    }
    const points = testPoints(areas, 33, 0);
    expectSameAsTurf(Float64Array.from([...lon, ...points.lon]), Float64Array.from([...lat, ...points.lat]), areas);
  });

  it('assigns a point on a shared border to the first space and one in a hole to the island', () => {
    const areas = deepFreeze(latticeCoverage());
    const lon = Float64Array.from([1.5, 3, 3, 4.5, 4, 0.5, 2.5, 5.5, 6, 7, 2.5]);
    const lat = Float64Array.from([0.5, 1.5, 0, 1.5, 1, 2.5, 4.5, 4.5, 5, 1, 2]);
    expect(Array.from(assignPoints(lon, lat, areas))).toEqual([0, 0, 0, 2, 1, 3, 3, 5, 5, -1, 0]);
    expect(Array.from(assignPoints(lon, lat, [...areas].reverse()))).toEqual([5, 4, 4, 3, 3, 2, 2, 0, 0, -1, 1]);
  });

  it('matches Turf on a lattice coverage at every lattice and half-lattice point', () => {
    const areas = deepFreeze(latticeCoverage());
    const lon: number[] = [];
    const lat: number[] = [];
    for (let x = -2; x <= 14; x++) {
      for (let y = -2; y <= 12; y++) {
        lon.push(x / 2);
        lat.push(y / 2);
      }
    }
    const reference = expectSameAsTurf(Float64Array.from(lon), Float64Array.from(lat), areas);
    expect(new Set(reference)).toEqual(new Set([-1, 0, 1, 2, 3, 4, 5]));
  });

  it('matches Turf on a dense seeded coverage (shared borders with identical vertices)', () => {
    const { spaces } = denseCoverage(30, 6_000, 5);
    const areas = deepFreeze(spaces);
    const { lon, lat } = testPoints(areas, 42, 20_000);
    const reference = expectSameAsTurf(lon, lat, areas);
    // No point is left out inside the coverage (its outer border wiggles by up to ~0.005°).
    let inside = 0;
    for (let point = 0; point < 20_000; point++) {
      if (lon[point]! > 9.63 && lon[point]! < 10.17 && lat[point]! > 50.73 && lat[point]! < 51.07) {
        inside++;
        expect(reference[point]).toBeGreaterThanOrEqual(0);
      }
    }
    expect(inside).toBeGreaterThan(14_000);
  }, 30_000);

  it('closes a ring whose last position differs from its first', () => {
    const open: AreaToAssign = { id: 'open', geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2]]] } };
    const closed: AreaToAssign = { id: 'closed', geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } };
    const lon = Float64Array.from([1, 0, 3, 0]);
    const lat = Float64Array.from([1, 1, 1, 2]);
    expect(Array.from(assignPoints(lon, lat, [open]))).toEqual(Array.from(assignPoints(lon, lat, [closed])));
    expect(Array.from(assignPoints(lon, lat, [open]))).toEqual([0, 0, -1, 0]);
  });

  it('answers -1 without areas, for empty geometries and for non-finite coordinates', () => {
    const lon = Float64Array.from([1, Number.NaN, 1]);
    const lat = Float64Array.from([1, 1, Infinity]);
    expect(Array.from(assignPoints(lon, lat, []))).toEqual([-1, -1, -1]);
    const empty: AreaToAssign = { id: 'empty', geometry: { type: 'MultiPolygon', coordinates: [] } };
    const square: AreaToAssign = { id: 'square', geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } };
    expect(Array.from(assignPoints(lon, lat, [empty, square]))).toEqual([1, -1, -1]);
    expect(assignPoints(new Float64Array(0), new Float64Array(0), [square])).toEqual(new Int32Array(0));
  });

  it('handles areas without extent in one direction (all vertices on one line)', () => {
    const flat: AreaToAssign = { id: 'flat', geometry: { type: 'Polygon', coordinates: [[[0, 1], [3, 1], [1, 1], [0, 1]]] } };
    const upright: AreaToAssign = { id: 'upright', geometry: { type: 'Polygon', coordinates: [[[5, 0], [5, 3], [5, 0]]] } };
    const lon = Float64Array.from([0, 2, 3.5, 1, 5, 5, 5, 4]);
    const lat = Float64Array.from([1, 1, 1, 1.5, 0, 2, 4, 1]);
    expectSameAsTurf(lon, lat, [flat, upright]);
    expect(Array.from(assignPoints(lon, lat, [flat, upright]))).toEqual([0, 0, -1, -1, 1, 1, -1, -1]);
  });

  it('leaves its inputs unchanged', () => {
    const areas = deepFreeze(randomAreas(3, 5, 0, 0, 1));
    const { lon, lat } = testPoints(areas, 4, 100);
    const lonBefore = lon.slice();
    const latBefore = lat.slice();
    assignPoints(lon, lat, areas);
    expect(lon).toEqual(lonBefore);
    expect(lat).toEqual(latBefore);
  });

  it('rejects coordinate arrays of different lengths', () => {
    expect(() => assignPoints(new Float64Array(2), new Float64Array(3), [])).toThrow(/2 longitudes but 3 latitudes/);
  });
});

const sharedBoundaries = fileURLToPath(new URL('../../../../shared/data/berlin_lor/boundaries/', import.meta.url));

function skipReason(path: string): string | null {
  if (existsSync(path)) return null;
  const reason = `Berlin LOR test skipped: ${path} is absent`;
  console.log(reason);
  return reason;
}

function readAreas(file: string, idProperty: string): AreaToAssign[] {
  const collection = JSON.parse(readFileSync(`${sharedBoundaries}${file}`, 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: Polygon | MultiPolygon }[];
  };
  return collection.features.map((feature) => ({ id: String(feature.properties[idProperty]), geometry: feature.geometry }));
}

describe.skipIf(skipReason(sharedBoundaries) !== null)('assignPoints on the Berlin LOR boundaries (../shared/data)', () => {
  it('matches Turf on the 448 planning areas until 2020 (WGS84) at random points, every vertex and on every edge', () => {
    const areas = deepFreeze(readAreas('berlin-lor-planning-areas-until-2020.geojson', 'id'));
    expect(areas.length).toBe(448);
    const { lon, lat } = testPoints(areas, 2020, 30_000, 3);
    const reference = bruteForce(lon, lat, areas);
    for (const cellCount of [undefined, 2_000]) {
      const ours = assignPoints(lon, lat, areas, cellCount === undefined ? {} : { cellCount });
      expect(differences(lon, lat, ours, reference)).toEqual([]);
    }
    // Nearly every planning area holds some of the points (two features share an id and overlap).
    expect(new Set(reference).size).toBeGreaterThan(440);
  }, 120_000);

  it('matches Turf on the 58 Prognoseräume 2021 in their own metric coordinates (EPSG:25833)', () => {
    const areas = deepFreeze(readAreas('lor_prognoseraeume_2021.geojson', 'PGR_ID'));
    expect(areas.length).toBe(58);
    const { lon, lat } = testPoints(areas, 2021, 30_000, 3);
    const reference = bruteForce(lon, lat, areas);
    const ours = assignPoints(lon, lat, areas);
    expect(differences(lon, lat, ours, reference)).toEqual([]);
    expect(new Set(reference).size).toBe(59);
  }, 120_000);
});
