/**
 * One-click fixes for topology problems. Pure: each returns NEW geometries for the spaces it
 * changes (space id → geometry) and never mutates its inputs. A space that loses all its area
 * gets an empty MultiPolygon (see `isEmptyArea`).
 */
import { area, unkinkPolygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { AreaGeometry } from '../../domain/types';
import { fromPolygons, isEmptyGeometry, polyclipDifference, polyclipIntersection, polyclipUnion, polygonsOf } from '../boolean-ops';
import { dissolveCoverage, type IdentifiedArea } from '../coverage-dissolve';
import { sharedBorderLengthMeters } from './shared-border';

/** Something that carries a gap, overlap or sliver geometry: the problem or the bare geometry. */
export type ProblemArea = AreaGeometry | { geometry: unknown; spaceIds?: readonly string[] };

function areaOfProblem(problem: ProblemArea): AreaGeometry {
  const geometry = ('coordinates' in problem ? problem : problem.geometry) as { type?: unknown };
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') throw new Error('This fix needs an area (Polygon or MultiPolygon)');
  return geometry as AreaGeometry;
}

function emptyArea(): AreaGeometry {
  return { type: 'MultiPolygon', coordinates: [] };
}

/** The space (other than `exclude`) sharing the longest border with `geometry`, or null. */
export function longestBorderNeighbour(geometry: AreaGeometry, spaces: readonly IdentifiedArea[], exclude: string | null = null): IdentifiedArea | null {
  let best: IdentifiedArea | null = null;
  let bestMeters = 0;
  for (const space of spaces) {
    if (space.id === exclude || isEmptyGeometry(space.geometry)) continue;
    const meters = sharedBorderLengthMeters(geometry, space.geometry);
    if (meters > bestMeters || (meters === bestMeters && meters > 0 && best !== null && space.id < best.id)) {
      best = space;
      bestMeters = meters;
    }
  }
  return best;
}

/**
 * Fills a gap by merging it into the neighbouring space that shares the longest border with
 * it. Returns an empty map when no space touches the gap.
 */
export function fixGapByNeighbour(gap: ProblemArea, spaces: readonly IdentifiedArea[]): Map<string, AreaGeometry> {
  const gapArea = areaOfProblem(gap);
  const neighbour = longestBorderNeighbour(gapArea, spaces);
  const result = new Map<string, AreaGeometry>();
  if (!neighbour) return result;
  result.set(neighbour.id, dissolveCoverage([neighbour.geometry, gapArea]) ?? emptyArea());
  return result;
}

/**
 * Resolves an overlap between two spaces: `keepSpaceId` keeps the overlapping area, the other
 * space loses it. The other space is cut by the kept space itself (which removes exactly the
 * overlap of the pair), so its new border runs exactly along the kept space's vertices.
 */
export function fixOverlapByCutting(
  overlap: { spaceIds: readonly string[] },
  spaces: readonly IdentifiedArea[],
  keepSpaceId: string,
): Map<string, AreaGeometry> {
  if (!overlap.spaceIds.includes(keepSpaceId)) throw new Error(`fixOverlapByCutting: ${keepSpaceId} is not part of the overlap`);
  const keep = spaces.find((space) => space.id === keepSpaceId);
  const otherId = overlap.spaceIds.find((id) => id !== keepSpaceId);
  const other = spaces.find((space) => space.id === otherId);
  if (!keep || !other) throw new Error('fixOverlapByCutting: space not found');
  return new Map([[other.id, polyclipDifference(other.geometry, keep.geometry) ?? emptyArea()]]);
}

export interface SelfIntersectionRepair {
  /** The repaired geometry (valid, without self-intersections), null when nothing is left. */
  geometry: AreaGeometry | null;
  /**
   * Area the rings enclose before the repair, each loop of a self-crossing ring counted once
   * (a bow-tie counts both triangles; turf `area` would give their difference).
   */
  areaBeforeSquareMeters: number;
  areaAfterSquareMeters: number;
  /** |after − before| / before (Infinity when before is 0 but after is not). */
  areaChangeRatio: number;
  /** True when the repair changed the area by more than 1 %: show it, do not apply silently. */
  areaChangedMoreThanOnePercent: boolean;
}

/** Simple polygons covering the loops of one ring (a ring crossing itself splits into loops). */
function loopsOfRing(ring: readonly (readonly number[])[]): Polygon[] {
  const coordinates = [ring.map((position) => [position[0]!, position[1]!])];
  try {
    return unkinkPolygon({ type: 'Polygon', coordinates }).features.map((feature) => feature.geometry);
  } catch {
    return [{ type: 'Polygon', coordinates }];
  }
}

const sumOfAreas = (polygons: readonly Polygon[]) => polygons.reduce((sum, part) => sum + area(part), 0);

/**
 * Repairs a self-intersecting area. Each ring is split at its crossings into simple loops
 * (turf `unkinkPolygon`); a polygon then covers the union of its outer ring's loops minus the
 * union of its holes' loops, and the parts are unioned (polyclip). So a bow-tie becomes its two
 * triangles. The area check compares with the loops' areas: it flags repairs where loops
 * overlapped (area counted twice before) or holes reached outside their polygon.
 */
export function repairSelfIntersection(geometry: AreaGeometry): SelfIntersectionRepair {
  let areaBeforeSquareMeters = 0;
  const parts: AreaGeometry[] = [];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    const [outer, ...holes] = rings;
    if (!outer) continue;
    const outerLoops = loopsOfRing(outer);
    const holeLoops = holes.flatMap((hole) => loopsOfRing(hole));
    areaBeforeSquareMeters += sumOfAreas(outerLoops) - sumOfAreas(holeLoops);
    const shell = polyclipUnion(outerLoops);
    if (!shell) continue;
    const holeArea = polyclipUnion(holeLoops);
    const part = holeArea ? polyclipDifference(shell, holeArea) : shell;
    if (part) parts.push(part);
  }
  const repaired = polyclipUnion(parts);
  const areaAfterSquareMeters = repaired ? area(repaired) : 0;
  const difference = Math.abs(areaAfterSquareMeters - areaBeforeSquareMeters);
  const areaChangeRatio = areaBeforeSquareMeters > 0 ? difference / areaBeforeSquareMeters : difference > 0 ? Infinity : 0;
  return {
    geometry: repaired,
    areaBeforeSquareMeters,
    areaAfterSquareMeters,
    areaChangeRatio,
    areaChangedMoreThanOnePercent: areaChangeRatio > 0.01,
  };
}

/** Cuts off the parts of a space outside the district outline. */
export function clipToOutline(space: IdentifiedArea, outline: AreaGeometry): Map<string, AreaGeometry> {
  return new Map([[space.id, polyclipIntersection(space.geometry, outline) ?? emptyArea()]]);
}

/**
 * Moves a sliver part of a space (a small polygon of its MultiPolygon) to the neighbouring
 * space that shares the longest border with it. Returns an empty map when the sliver touches
 * no other space. `sliver.spaceIds[0]` is the space the sliver belongs to.
 */
export function fixSliverByNeighbour(
  sliver: { geometry: unknown; spaceIds: readonly string[] },
  spaces: readonly IdentifiedArea[],
): Map<string, AreaGeometry> {
  const sliverArea = areaOfProblem(sliver);
  const ownerId = sliver.spaceIds[0];
  const owner = spaces.find((space) => space.id === ownerId);
  if (!owner) throw new Error('fixSliverByNeighbour: space not found');
  const neighbour = longestBorderNeighbour(sliverArea, spaces, owner.id);
  const result = new Map<string, AreaGeometry>();
  if (!neighbour) return result;
  const sliverKey = JSON.stringify(sliverArea.type === 'Polygon' ? sliverArea.coordinates : sliverArea.coordinates[0]);
  const remaining = polygonsOf(owner.geometry).filter((part) => JSON.stringify(part.coordinates) !== sliverKey);
  const ownerGeometry =
    remaining.length < polygonsOf(owner.geometry).length
      ? fromPolygons(structuredClone(remaining))
      : polyclipDifference(owner.geometry, sliverArea);
  result.set(owner.id, ownerGeometry ?? emptyArea());
  result.set(neighbour.id, dissolveCoverage([neighbour.geometry, sliverArea]) ?? emptyArea());
  return result;
}
