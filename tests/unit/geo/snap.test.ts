import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import type { AreaGeometry } from '../../../src/domain/types';
import { createLocalProjection } from '../../../src/geo/local-projection';
import { METERS_PER_DEGREE, SnapIndex } from '../../../src/geo/snap';
import { syntheticCoverage } from '../../bench/node/synthetic-coverage';
import { deepFreeze, square } from '../helpers';

const LAT = 51;
const COS = Math.cos((LAT * Math.PI) / 180);
/** Degrees of longitude / latitude for `meters` at latitude 51. */
const lonDegrees = (meters: number) => meters / (METERS_PER_DEGREE * COS);
const latDegrees = (meters: number) => meters / METERS_PER_DEGREE;

describe('SnapIndex', () => {
  const a = deepFreeze(square(10, LAT, 0.01));
  const b = deepFreeze(square(10.01, LAT, 0.01));

  it('snaps to a vertex within the tolerance and to nothing beyond it', () => {
    const index = new SnapIndex([a, b]);
    expect(index.snap(10 + lonDegrees(3), LAT + latDegrees(4), 6)).toEqual({ position: [10, LAT], kind: 'vertex' });
    // 5 m away: inside a 6 m tolerance, outside a 4 m one (nothing else is that close).
    expect(index.snap(10 - lonDegrees(3), LAT - latDegrees(4), 4)).toBeNull();
  });

  it('measures east-west distances in metres (cos(latitude) scaling)', () => {
    const index = new SnapIndex([a]);
    // 8 m west of the west edge; in degrees that is 0.0001151°, which would be 12.8 m as latitude.
    const x = 10 - lonDegrees(8);
    const y = LAT + 0.005;
    expect(index.snap(x, y, 9)).toEqual({ position: [10, y], kind: 'edge' });
    expect(index.snap(x, y, 7)).toBeNull();
  });

  it('returns the closest point on an edge, on the edge, when no vertex is within the tolerance', () => {
    const diagonal: Polygon = deepFreeze({ type: 'Polygon', coordinates: [[[10, LAT], [10.01, LAT + 0.01], [10, LAT + 0.01], [10, LAT]]] });
    const index = new SnapIndex([diagonal]);
    const pointer: [number, number] = [10.006, LAT + 0.0055];
    const hit = index.snap(pointer[0], pointer[1], 100)!;
    expect(hit.kind).toBe('edge');
    const [x, y] = hit.position;
    // On the edge from (10, 51) to (10.01, 51.01): x − 10 = y − 51 up to rounding.
    expect(Math.abs(x - 10 - (y - LAT))).toBeLessThan(1e-13);
    // The closest point in metres (UTM): the segment to the pointer is perpendicular to the edge.
    const projection = createLocalProjection([10, LAT]);
    const [px, py] = projection.toMeters(pointer);
    const [hx, hy] = projection.toMeters([x, y]);
    const [ax, ay] = projection.toMeters([10, LAT]);
    const [bx, by] = projection.toMeters([10.01, LAT + 0.01]);
    const cosine = ((px - hx) * (bx - ax) + (py - hy) * (by - ay)) / (Math.hypot(px - hx, py - hy) * Math.hypot(bx - ax, by - ay));
    expect(Math.abs(cosine)).toBeLessThan(0.01);
  });

  it('lets a vertex win over a closer edge within the tolerance', () => {
    const index = new SnapIndex([a]);
    // 1 m from the south edge, 9 m from the corner.
    const pointer: [number, number] = [10 + lonDegrees(Math.sqrt(80)), LAT + latDegrees(1)];
    expect(index.snap(pointer[0], pointer[1], 10)).toEqual({ position: [10, LAT], kind: 'vertex' });
    expect(index.snap(pointer[0], pointer[1], 5)!.kind).toBe('edge');
  });

  it('picks the nearest of several vertices within the tolerance', () => {
    const index = new SnapIndex([a, b]);
    const hit = index.snap(10.01 - lonDegrees(1), LAT + 0.01 - latDegrees(1), 10_000);
    expect(hit).toEqual({ position: [10.01, LAT + 0.01], kind: 'vertex' });
  });

  it('indexes several sources (spaces, holes, MultiPolygon parts, the outline) and can leave some out', () => {
    const withHole: Polygon = deepFreeze({
      type: 'Polygon',
      coordinates: [square(11, LAT, 0.03).coordinates[0]!, [[11.01, LAT + 0.01], [11.01, LAT + 0.02], [11.02, LAT + 0.02], [11.02, LAT + 0.01], [11.01, LAT + 0.01]]],
    });
    const multi: AreaGeometry = deepFreeze({ type: 'MultiPolygon', coordinates: [square(12, LAT, 0.01).coordinates, square(12.02, LAT, 0.01).coordinates] });
    const outline = deepFreeze(square(9.9, LAT - 0.1, 3));
    const sources = [a, withHole, multi, outline];
    const index = new SnapIndex(sources);
    expect(index.vertexCount).toBe(4 + 8 + 8 + 4);
    expect(index.snap(11.02 + 1e-6, LAT + 0.02, 5)).toEqual({ position: [11.02, LAT + 0.02], kind: 'vertex' });
    expect(index.snap(12.03, LAT + 0.01 + 1e-6, 5)).toEqual({ position: [12.03, LAT + 0.01], kind: 'vertex' });
    expect(index.snap(9.9 + 1e-6, LAT, 5)).toEqual({ position: [9.9, LAT], kind: 'edge' });
    // Excluding the first area: its corner is no longer a target.
    expect(index.snap(10, LAT, 5)).toEqual({ position: [10, LAT], kind: 'vertex' });
    expect(index.snap(10, LAT, 5, new Set([0]))).toBeNull();
  });

  it('returns null for no areas and for unusable queries, and keeps its inputs', () => {
    expect(new SnapIndex([]).snap(10, LAT, 10)).toBeNull();
    expect(new SnapIndex([{ type: 'MultiPolygon', coordinates: [] }]).snap(10, LAT, 10)).toBeNull();
    const areas = deepFreeze([a, b]);
    const before = structuredClone(areas);
    const index = new SnapIndex(areas);
    expect(index.snap(10, LAT, 0)).toBeNull();
    expect(index.snap(Number.NaN, LAT, 10)).toBeNull();
    const hit = index.snap(10, LAT, 10)!;
    expect(hit.position).not.toBe(a.coordinates[0]![0]);
    expect(areas).toEqual(before);
  });

  it('indexes 100,000 vertices and snaps to them', () => {
    const coverage = syntheticCoverage(16_000, 10);
    const areas = coverage.units.map((unit) => unit.geometry);
    const first = new SnapIndex(areas);
    expect(first.vertexCount).toBeGreaterThan(90_000);
    let hits = 0;
    for (let query = 0; query < 2_000; query++) {
      const x = 9.62 + ((query * 0.618_034) % 1) * 0.56;
      const y = 50.72 + ((query * 0.414_214) % 1) * 0.36;
      if (first.snap(x, y, 20)) hits++;
    }
    // Timings belong to the benchmarks (drag-vertex), not to a unit test.
    expect(hits).toBeGreaterThan(0);
  });
});
