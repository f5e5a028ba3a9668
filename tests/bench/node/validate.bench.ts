import { area, difference, feature, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { AreaGeometry } from '../../../src/domain/types';
import { dissolveCoverage, dissolveGroups, type IdentifiedArea } from '../../../src/geo/coverage-dissolve';
import { DUST_AREA_SQUARE_METERS, validateCoverage, type TopologyProblem } from '../../../src/geo/topology/validate';
import type { BenchCase } from '../harness';
import { syntheticCoverage } from './synthetic-coverage';

interface ValidateBenchData {
  spaces: IdentifiedArea[];
  outline: AreaGeometry;
  check: string;
}

const edgeKeys = (geometry: AreaGeometry): string[] => {
  const ring = (geometry as Polygon).coordinates[0]!;
  return ring.slice(0, -1).map((a, index) => {
    const b = ring[index + 1]!;
    const [p, q] = [`${a[0]},${a[1]}`, `${b[0]},${b[1]}`].sort();
    return `${p}|${q}`;
  });
};

/**
 * 10,000 Voronoi units dissolved into 200 spaces, then one planted gap (a unit taken out of
 * its space) and one planted overlap (a unit of one space added to a neighbouring space too).
 */
export function plantedValidationData(): Omit<ValidateBenchData, 'check'> & { gapUnit: string; overlapUnit: string } {
  const coverage = syntheticCoverage(10_000, 200);
  const spaceOfUnit = new Map<string, string>();
  for (const [spaceId, unitIds] of coverage.groups) for (const unitId of unitIds) spaceOfUnit.set(unitId, spaceId);
  const unitsOfEdge = new Map<string, string[]>();
  for (const unit of coverage.units) for (const key of edgeKeys(unit.geometry)) unitsOfEdge.set(key, [...(unitsOfEdge.get(key) ?? []), unit.id]);
  /** Foreign spaces a unit borders, or null when it lies on the outline. */
  const foreignNeighbours = (unit: IdentifiedArea): Set<string> | null => {
    const spaces = new Set<string>();
    for (const key of edgeKeys(unit.geometry)) {
      const owners = unitsOfEdge.get(key)!;
      if (owners.length === 1) return null;
      for (const owner of owners) if (spaceOfUnit.get(owner) !== spaceOfUnit.get(unit.id)) spaces.add(spaceOfUnit.get(owner)!);
    }
    return spaces;
  };
  const border = coverage.units.filter((unit) => (foreignNeighbours(unit)?.size ?? 0) > 0);
  const gapUnit = border[Math.floor(border.length / 3)]!;
  const overlapUnit = border.find((unit, index) => index > (2 * border.length) / 3 && spaceOfUnit.get(unit.id) !== spaceOfUnit.get(gapUnit.id))!;
  const groups = new Map([...coverage.groups].map(([spaceId, unitIds]) => [spaceId, unitIds.filter((id) => id !== gapUnit.id)]));
  const receiving = [...foreignNeighbours(overlapUnit)!].sort()[0]!;
  groups.set(receiving, [...groups.get(receiving)!, overlapUnit.id]);
  const dissolved = dissolveGroups(coverage.units, groups);
  const spaces = [...dissolved].map(([id, geometry]) => ({ id, geometry: geometry! }));
  const outline = dissolveCoverage(coverage.units.map((unit) => unit.geometry))!;
  return { spaces, outline, gapUnit: gapUnit.id, overlapUnit: overlapUnit.id };
}

/** The peer: turf intersect of all pairs, and the outline minus the one-by-one union. */
export function peerValidation(data: { spaces: readonly IdentifiedArea[]; outline: AreaGeometry }): { overlaps: number; overlapSquareMeters: number; gapSquareMeters: number } {
  let overlaps = 0;
  let overlapSquareMeters = 0;
  const features = data.spaces.map((space) => feature(space.geometry));
  for (let first = 0; first < features.length; first++) {
    for (let second = first + 1; second < features.length; second++) {
      const overlap = intersect(featureCollection([features[first]!, features[second]!]));
      const overlapArea = overlap ? area(overlap) : 0;
      if (overlapArea >= DUST_AREA_SQUARE_METERS) {
        overlaps++;
        overlapSquareMeters += overlapArea;
      }
    }
  }
  let accumulated: Feature<Polygon | MultiPolygon> | null = null;
  for (const next of features) accumulated = accumulated ? union(featureCollection([accumulated, next])) : next;
  const gaps = difference(featureCollection([feature(data.outline), accumulated!]));
  return { overlaps, overlapSquareMeters, gapSquareMeters: gaps ? area(gaps) : 0 };
}

function summary(problems: readonly TopologyProblem[]): string {
  const gaps = problems.filter((problem) => problem.kind === 'gap');
  const overlaps = problems.filter((problem) => problem.kind === 'overlap');
  const gapSquareMeters = gaps.reduce((sum, problem) => sum + problem.areaSquareMeters, 0);
  return `${gaps.length} gap (${Math.round(gapSquareMeters)} m²), ${overlaps.length} overlap (${Math.round(overlaps[0]?.areaSquareMeters ?? 0)} m²), ${problems.length} problems`;
}

export const validateBench: BenchCase = {
  name: 'validate',
  peer: 'turf pairwise intersect + difference',
  setup: (): ValidateBenchData => {
    const data = plantedValidationData();
    const ours = validateCoverage({ spaces: data.spaces, outline: data.outline });
    const peer = peerValidation(data);
    const check = `ours: ${summary(ours)}; peer: ${peer.overlaps} overlap (${Math.round(peer.overlapSquareMeters)} m²), gap ${Math.round(peer.gapSquareMeters)} m²`;
    return { spaces: data.spaces, outline: data.outline, check };
  },
  ours: (data: ValidateBenchData) => validateCoverage({ spaces: data.spaces, outline: data.outline }),
  peerRun: (data: ValidateBenchData) => peerValidation(data),
  note: (data: ValidateBenchData) => `${data.spaces.length} spaces from 10,000 Voronoi units, one planted gap and overlap; ${data.check}`,
};
