/**
 * Seeded synthetic coverage for the dissolve and validate benchmarks: Voronoi cells of seeded
 * points in a ~40 km box around lon 9.9, lat 50.9 (coordinates rounded to 6 decimals, so
 * neighbours share vertices exactly), grouped into spaces by the nearest of seeded centres.
 */
import { Delaunay } from 'd3';
import type { Polygon, Position } from 'geojson';
import type { IdentifiedArea } from '../../../src/geo/coverage-dissolve';
import { seededRandom } from '../seeded';

export interface SyntheticCoverage {
  units: IdentifiedArea[];
  /** Space id → unit ids. */
  groups: Map<string, string[]>;
}

const WEST = 9.62;
const EAST = 10.18;
const SOUTH = 50.72;
const NORTH = 51.08;

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function syntheticCoverage(unitCount: number, spaceCount: number, seed = 11): SyntheticCoverage {
  const random = seededRandom(seed);
  const sites: [number, number][] = Array.from({ length: unitCount }, () => [
    WEST + random() * (EAST - WEST),
    SOUTH + random() * (NORTH - SOUTH),
  ]);
  const voronoi = Delaunay.from(sites).voronoi([WEST, SOUTH, EAST, NORTH]);
  const units: IdentifiedArea[] = [];
  sites.forEach((_, index) => {
    const cell = voronoi.cellPolygon(index);
    if (!cell) return;
    const ring: Position[] = [];
    for (const [x, y] of cell) {
      const position = [round6(x), round6(y)];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== position[0] || last[1] !== position[1]) ring.push(position);
    }
    if (ring.length < 4) return;
    const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
    units.push({ id: `u-${index}`, geometry });
  });
  const centres: [number, number][] = Array.from({ length: spaceCount }, () => [
    WEST + random() * (EAST - WEST),
    SOUTH + random() * (NORTH - SOUTH),
  ]);
  const centreIndex = Delaunay.from(centres);
  const groups = new Map<string, string[]>();
  centres.forEach((_, index) => groups.set(`s-${index}`, []));
  let hint = 0;
  for (const unit of units) {
    const site = sites[Number(unit.id.slice(2))]!;
    hint = centreIndex.find(site[0], site[1], hint);
    groups.get(`s-${hint}`)!.push(unit.id);
  }
  for (const [id, members] of groups) if (members.length === 0) groups.delete(id);
  return { units, groups };
}

/** Only the first `count` groups of a coverage (for peer runs on a sample). */
export function sampleGroups(coverage: SyntheticCoverage, count: number): SyntheticCoverage {
  return { units: coverage.units, groups: new Map([...coverage.groups].slice(0, count)) };
}
