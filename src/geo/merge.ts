/**
 * Merging social spaces into one.
 *
 * The spaces of a plan form a coverage (neighbours share their border vertices), so the merge is
 * the coverage dissolve (`dissolveCoverage`): shared borders cancel edge by edge, exactly, and
 * no vertex is created or moved. Spaces that do not touch become the parts of a MultiPolygon;
 * holes stay, and a space enclosed by another one fills its hole (the hole's edges cancel
 * against the enclosed space's outline). Where the spaces are not a clean coverage (a
 * T-junction left by a split, an overlap, a gap) the dissolve falls back to a polyclip union,
 * so the result is the union either way.
 *
 * Pure: inputs are never mutated and never aliased by the output.
 */
import type { AreaGeometry } from '../domain/types';
import { dissolveCoverage, type DissolveStats } from './coverage-dissolve';

/**
 * The union of `areas` (spaces of a coverage) as one Polygon or MultiPolygon, outer rings
 * counter-clockwise and holes clockwise, parts largest first; null when there is no area at
 * all. Pass `stats` to learn whether the exact fast path or the polyclip fallback was taken.
 */
export function mergeAreas(areas: readonly AreaGeometry[], stats?: DissolveStats): AreaGeometry | null {
  return dissolveCoverage(areas, stats);
}
