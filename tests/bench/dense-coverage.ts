/**
 * Seeded coverage of drawn spaces with many vertices, as digitised boundaries have: Voronoi
 * cells whose edges are densified into gently wiggling lines. Each edge is densified from its
 * endpoints in a canonical order, so the two spaces sharing it hold exactly the same vertices.
 */
import { Delaunay } from 'd3';
import type { Polygon, Position } from 'geojson';
import { seededRandom } from './seeded';

const WEST = 9.62;
const EAST = 10.18;
const SOUTH = 50.72;
const NORTH = 51.08;

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

/** Points strictly between a and b (a → b order), the same set for b → a reversed. */
function densify(a: Position, b: Position, count: number): Position[] {
  const forward = a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
  const [p, q] = forward ? [a, b] : [b, a];
  const dx = q[0]! - p[0]!;
  const dy = q[1]! - p[1]!;
  const length = Math.hypot(dx, dy);
  const amplitude = length * 0.03;
  const points: Position[] = [];
  for (let index = 1; index <= count; index++) {
    const t = index / (count + 1);
    const offset = amplitude * Math.sin(t * Math.PI * 3) * Math.sin(t * Math.PI);
    points.push([round7(p[0]! + dx * t - (dy / length) * offset), round7(p[1]! + dy * t + (dx / length) * offset)]);
  }
  return forward ? points : points.reverse();
}

export interface DenseCoverage {
  spaces: { id: string; geometry: Polygon }[];
  vertexCount: number;
}

export function denseCoverage(spaceCount: number, targetVertices: number, seed = 7): DenseCoverage {
  const random = seededRandom(seed);
  const sites: [number, number][] = Array.from({ length: spaceCount }, () => [
    WEST + random() * (EAST - WEST),
    SOUTH + random() * (NORTH - SOUTH),
  ]);
  const voronoi = Delaunay.from(sites).voronoi([WEST, SOUTH, EAST, NORTH]);
  const cells = sites.map((_, index) => {
    const ring: Position[] = [];
    for (const [x, y] of voronoi.cellPolygon(index) ?? []) {
      const position = [round7(x), round7(y)];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== position[0] || last[1] !== position[1]) ring.push(position);
    }
    return ring;
  });
  const cornerCount = cells.reduce((sum, ring) => sum + ring.length - 1, 0);
  const perEdge = Math.max(0, Math.round((targetVertices - cornerCount) / cornerCount));
  let vertexCount = 0;
  const spaces = cells.map((ring, index) => {
    const dense: Position[] = [];
    for (let corner = 0; corner + 1 < ring.length; corner++) {
      dense.push(ring[corner]!, ...densify(ring[corner]!, ring[corner + 1]!, perEdge));
    }
    dense.push(dense[0]!);
    vertexCount += dense.length - 1;
    return { id: `s-${index}`, geometry: { type: 'Polygon' as const, coordinates: [dense] } };
  });
  return { spaces, vertexCount };
}
