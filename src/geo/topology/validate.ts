/**
 * Topology validation of a social-space plan: gaps, overlaps, self-intersections, slivers and
 * parts outside the district outline, each with where it is and whether a one-click fix is safe.
 *
 * How it stays fast on clean plans: all spaces run through the coverage dissolve's fast path
 * once (edge cancellation). When that succeeds, the spaces provably do not overlap and their
 * union is known without polyclip. Only otherwise are candidate pairs (bounding boxes meet,
 * flatbush) tested, each first with the same cheap check on just the two spaces; polyclip
 * intersects only the pairs that fail it. Gaps and outside parts are one polyclip difference
 * each between the outline and the union.
 *
 * Decisions:
 * - Pieces below `DUST_AREA_SQUARE_METERS` are numerical dust (rounding to 6 decimals moves a
 *   vertex by up to 5 cm) and are not reported.
 * - "sliver" means a polygon of a space (a part of a MultiPolygon, or a whole one-part space)
 *   smaller than `sliverAreaSquareMeters`. Small gaps and overlaps are reported once, as gap or
 *   overlap (their area tells how small they are), not again as slivers. A sliver part is
 *   fixable (merged into its longest-bordering neighbour) when the space has a larger part and
 *   the sliver touches a neighbour; a whole space is never merged away automatically.
 * - Slivers are not looked for in a self-intersecting space (its area means nothing yet).
 * - The spaces of a gap are listed longest shared border first (the one `fixGapByNeighbour`
 *   merges it into).
 * - Without an outline, gaps are the holes of the union of all spaces (areas enclosed by spaces
 *   but covered by none), and nothing is "outside".
 */
import { area } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPoint, MultiPolygon, Point, Polygon } from 'geojson';
import type { AreaGeometry } from '../../domain/types';
import { bboxOfGeometries, type BBox } from '../bbox';
import { isEmptyGeometry, polyclipDifference, polyclipIntersection, polyclipUnion, polygonsOf } from '../boolean-ops';
import {
  dissolvePreparedEdges,
  emptyDissolveStats,
  prepareEdges,
  VertexTable,
  type IdentifiedArea,
  type PreparedEdges,
} from '../coverage-dissolve';
import { labelPoint } from '../label-point';
import { repairSelfIntersection } from './fix';
import { findSelfIntersections } from './self-intersections';
import { sharedBorderLengthMeters, COLLINEAR_TOLERANCE_DEGREES } from './shared-border';

export type TopologyProblemKind = 'gap' | 'overlap' | 'self-intersection' | 'sliver' | 'outside';

/** Order of kinds in the sorted problem list. */
export const TOPOLOGY_PROBLEM_KINDS: readonly TopologyProblemKind[] = ['gap', 'overlap', 'self-intersection', 'sliver', 'outside'];

export interface TopologyProblem {
  kind: TopologyProblemKind;
  /** Spaces involved: overlap → the two spaces; gap → neighbouring spaces that touch it; self-intersection/sliver/outside → the space. */
  spaceIds: string[];
  /** Where it is: the gap/overlap/outside area, the sliver itself, or the self-intersection point(s) as a MultiPoint. */
  geometry: Polygon | MultiPolygon | Point | MultiPoint;
  areaSquareMeters: number; // 0 for points
  /** A point to zoom to. */
  center: [number, number];
  /** Whether a one-click fix is safe for this problem. */
  fixable: boolean;
}

export interface ValidateCoverageInput {
  spaces: readonly IdentifiedArea[];
  outline: AreaGeometry | null;
  /** Parts of spaces smaller than this are slivers; 100 m² by default. */
  sliverAreaSquareMeters?: number;
}

/** Gaps, overlaps and outside parts smaller than this are numerical dust and not reported. */
export const DUST_AREA_SQUARE_METERS = 0.5;
export const DEFAULT_SLIVER_AREA_SQUARE_METERS = 100;
/** A self-intersection repair that changes the area by more than this share is not "safe". */
export const SAFE_REPAIR_AREA_CHANGE_RATIO = 0.01;

/** Below this size (degrees) the label-point search is coarser than the area: use the box centre. */
const SMALL_AREA_DEGREES = 0.002;

function centerOf(geometry: AreaGeometry): [number, number] {
  const [west, south, east, north] = bboxOf(geometry);
  if (east - west < SMALL_AREA_DEGREES && north - south < SMALL_AREA_DEGREES) return [(west + east) / 2, (south + north) / 2];
  const [x, y] = labelPoint(geometry);
  return [x!, y!];
}

function bboxOf(geometry: AreaGeometry): BBox {
  return bboxOfGeometries([geometry]) ?? [0, 0, 0, 0];
}

function areaProblem(kind: TopologyProblemKind, spaceIds: string[], geometry: Polygon | MultiPolygon, areaSquareMeters: number, fixable: boolean): TopologyProblem {
  return { kind, spaceIds, geometry, areaSquareMeters, center: centerOf(geometry), fixable };
}

/** Spaces with their bounding boxes in a flatbush index. */
class SpaceIndex {
  readonly boxes: BBox[];
  readonly #index: Flatbush | null;

  constructor(readonly spaces: readonly IdentifiedArea[]) {
    this.boxes = spaces.map((space) => bboxOf(space.geometry));
    this.#index = spaces.length > 0 ? new Flatbush(spaces.length) : null;
    if (this.#index) {
      for (const box of this.boxes) this.#index.add(box[0], box[1], box[2], box[3]);
      this.#index.finish();
    }
  }

  /** Indices of spaces whose boxes meet `box` grown by `margin` degrees. */
  search(box: BBox, margin = 0): number[] {
    if (!this.#index) return [];
    return this.#index.search(box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin).sort((a, b) => a - b);
  }
}

/** Ids of spaces that share a border with `geometry`, longest border first. */
function neighboursOf(geometry: AreaGeometry, index: SpaceIndex, exclude: string | null = null): string[] {
  const touching: { id: string; meters: number }[] = [];
  for (const candidate of index.search(bboxOf(geometry), COLLINEAR_TOLERANCE_DEGREES)) {
    const space = index.spaces[candidate]!;
    if (space.id === exclude || isEmptyGeometry(space.geometry)) continue;
    const meters = sharedBorderLengthMeters(geometry, space.geometry);
    if (meters > 0) touching.push({ id: space.id, meters });
  }
  return touching.sort((a, b) => b.meters - a.meters || (a.id < b.id ? -1 : 1)).map((entry) => entry.id);
}

function selfIntersectionProblems(space: IdentifiedArea): TopologyProblem[] {
  const points = findSelfIntersections(space.geometry);
  if (points.length === 0) return [];
  let fixable = false;
  try {
    const repair = repairSelfIntersection(space.geometry);
    fixable = repair.geometry !== null && !repair.areaChangedMoreThanOnePercent;
  } catch {
    fixable = false;
  }
  return [
    {
      kind: 'self-intersection',
      spaceIds: [space.id],
      geometry: points.length === 1 ? { type: 'Point', coordinates: points[0]! } : { type: 'MultiPoint', coordinates: points },
      areaSquareMeters: 0,
      center: points[0]!,
      fixable,
    },
  ];
}

function sliverProblems(space: IdentifiedArea, thresholdSquareMeters: number, index: SpaceIndex): TopologyProblem[] {
  const parts = polygonsOf(space.geometry).map((part) => ({ part, areaSquareMeters: area(part) }));
  const largest = Math.max(...parts.map((entry) => entry.areaSquareMeters));
  const problems: TopologyProblem[] = [];
  for (const { part, areaSquareMeters } of parts) {
    if (areaSquareMeters >= thresholdSquareMeters) continue;
    const isSmallerPart = parts.length > 1 && areaSquareMeters < largest;
    const fixable = isSmallerPart && neighboursOf(part, index, space.id).length > 0;
    problems.push(areaProblem('sliver', [space.id], part, areaSquareMeters, fixable));
  }
  return problems;
}

/** Overlap problems of candidate pairs; returns them and the spaces taking part in unclean pairs. */
function overlapProblems(
  spaces: readonly IdentifiedArea[],
  edges: readonly PreparedEdges[],
  vertices: VertexTable,
  index: SpaceIndex,
): { problems: TopologyProblem[]; unclean: Set<number> } {
  const problems: TopologyProblem[] = [];
  const unclean = new Set<number>();
  spaces.forEach((space, first) => {
    if (isEmptyGeometry(space.geometry)) return;
    for (const second of index.search(index.boxes[first]!)) {
      if (second <= first || isEmptyGeometry(spaces[second]!.geometry)) continue;
      // Cheap exact test: the two spaces form a clean coverage → interiors are disjoint.
      if (dissolvePreparedEdges([edges[first]!, edges[second]!], vertices) !== undefined) continue;
      unclean.add(first);
      unclean.add(second);
      let overlap: AreaGeometry | null = null;
      try {
        overlap = polyclipIntersection(space.geometry, spaces[second]!.geometry);
      } catch {
        overlap = null; // polyclip gave up on broken input; the self-intersection is reported
      }
      const pieces = polygonsOf(overlap).filter((piece) => area(piece) >= DUST_AREA_SQUARE_METERS);
      if (pieces.length === 0) continue;
      const geometry: Polygon | MultiPolygon =
        pieces.length === 1 ? pieces[0]! : { type: 'MultiPolygon', coordinates: pieces.map((piece) => piece.coordinates) };
      problems.push(areaProblem('overlap', [space.id, spaces[second]!.id].sort(), geometry, area(geometry), true));
    }
  });
  return { problems, unclean };
}

/** Union of all spaces: fast path for the clean ones, polyclip only where needed. */
function unionOfSpaces(
  spaces: readonly IdentifiedArea[],
  edges: readonly PreparedEdges[],
  vertices: VertexTable,
  unclean: ReadonlySet<number>,
): AreaGeometry | null {
  const cleanEdges = edges.filter((_, position) => !unclean.has(position));
  const uncleanUnion = unclean.size > 0 ? polyclipUnion([...unclean].map((position) => spaces[position]!.geometry)) : null;
  const parts = uncleanUnion ? [...cleanEdges, prepareEdges(uncleanUnion, vertices)] : cleanEdges;
  const fast = dissolvePreparedEdges(parts, vertices);
  if (fast !== undefined) return fast;
  return polyclipUnion(spaces.map((space) => space.geometry));
}

function gapProblems(outline: AreaGeometry | null, union: AreaGeometry | null, index: SpaceIndex): TopologyProblem[] {
  let gaps: AreaGeometry | null;
  if (outline) {
    gaps = union ? polyclipDifference(outline, union) : polyclipUnion([outline]);
  } else {
    // Without an outline, gaps are the holes of the union.
    const holes: Polygon[] = polygonsOf(union).flatMap((part) =>
      part.coordinates.slice(1).map((ring): Polygon => ({ type: 'Polygon', coordinates: [[...ring].reverse()] })),
    );
    gaps = holes.length === 0 ? null : { type: 'MultiPolygon', coordinates: holes.map((hole) => hole.coordinates) };
  }
  const problems: TopologyProblem[] = [];
  for (const piece of polygonsOf(gaps)) {
    const areaSquareMeters = area(piece);
    if (areaSquareMeters < DUST_AREA_SQUARE_METERS) continue;
    const neighbours = neighboursOf(piece, index);
    problems.push(areaProblem('gap', neighbours, piece, areaSquareMeters, neighbours.length > 0));
  }
  return problems;
}

function outsideProblems(outline: AreaGeometry, union: AreaGeometry | null, index: SpaceIndex): TopologyProblem[] {
  if (!union) return [];
  const outside = polygonsOf(polyclipDifference(union, outline)).filter((piece) => area(piece) >= DUST_AREA_SQUARE_METERS);
  if (outside.length === 0) return [];
  const candidates = new Set(outside.flatMap((piece) => index.search(bboxOf(piece))));
  const problems: TopologyProblem[] = [];
  for (const position of [...candidates].sort((a, b) => a - b)) {
    const space = index.spaces[position]!;
    const part = polyclipDifference(space.geometry, outline);
    const pieces = polygonsOf(part).filter((piece) => area(piece) >= DUST_AREA_SQUARE_METERS);
    if (pieces.length === 0) continue;
    const geometry: Polygon | MultiPolygon =
      pieces.length === 1 ? pieces[0]! : { type: 'MultiPolygon', coordinates: pieces.map((piece) => piece.coordinates) };
    const areaSquareMeters = area(geometry);
    // Clipping is safe when something of the space is left inside the outline.
    const fixable = area(space.geometry) - areaSquareMeters >= DUST_AREA_SQUARE_METERS;
    problems.push(areaProblem('outside', [space.id], geometry, areaSquareMeters, fixable));
  }
  return problems;
}

function compareProblems(a: TopologyProblem, b: TopologyProblem): number {
  return (
    TOPOLOGY_PROBLEM_KINDS.indexOf(a.kind) - TOPOLOGY_PROBLEM_KINDS.indexOf(b.kind) ||
    b.areaSquareMeters - a.areaSquareMeters ||
    a.spaceIds.join('\u0000').localeCompare(b.spaceIds.join('\u0000')) ||
    a.center[0] - b.center[0] ||
    a.center[1] - b.center[1]
  );
}

/**
 * All topology problems of `spaces` (and against `outline` when given), sorted by kind (gap,
 * overlap, self-intersection, sliver, outside), then by area, largest first. Pure; inputs are
 * not mutated.
 */
export function validateCoverage(input: ValidateCoverageInput): TopologyProblem[] {
  const sliverAreaSquareMeters = input.sliverAreaSquareMeters ?? DEFAULT_SLIVER_AREA_SQUARE_METERS;
  const spaces = input.spaces;
  const outline = input.outline && !isEmptyGeometry(input.outline) ? input.outline : null;
  const index = new SpaceIndex(spaces);
  const problems: TopologyProblem[] = [];

  for (const space of spaces) {
    if (isEmptyGeometry(space.geometry)) continue;
    const selfIntersections = selfIntersectionProblems(space);
    problems.push(...selfIntersections);
    // The area of a self-intersecting space is meaningless until it is repaired.
    if (selfIntersections.length === 0) problems.push(...sliverProblems(space, sliverAreaSquareMeters, index));
  }

  const vertices = new VertexTable();
  const edges = spaces.map((space) => prepareEdges(space.geometry, vertices));
  const stats = emptyDissolveStats();
  let union = dissolvePreparedEdges(edges, vertices, stats);
  if (union === undefined) {
    const overlaps = overlapProblems(spaces, edges, vertices, index);
    problems.push(...overlaps.problems);
    union = unionOfSpaces(spaces, edges, vertices, overlaps.unclean);
  }

  problems.push(...gapProblems(outline, union, index));
  if (outline) problems.push(...outsideProblems(outline, union, index));
  return problems.sort(compareProblems);
}
