/**
 * Geometric comparison of two boundary plans (variants): which areas belong to another social
 * space in variant B than in variant A. Works for drawn spaces as well as for spaces built from
 * base units; `compareVariants` adds the unit flows of `domain/variant-compare`.
 *
 * Definition: with spaces matched by key (code, see `spaceKey`), the area moved from space X
 * (in A) to space Y (in B, another key) is `(X − B[X.key]) ∩ Y`: it was in X, is no longer in
 * the B space of the same code, and is in Y now. For plans without overlaps this is exactly
 * `X ∩ Y`; unlike `X ∩ Y` it does not report an area that merely overlaps in B as moved.
 * Area that left X and lies in no B space moves to "nowhere" (`to: null`); area of a B space
 * that lay in no A space comes from "nowhere" (`from: null`). A space that exists only in A
 * therefore moves entirely (to its successors, or nowhere).
 *
 * How it stays fast: a key whose geometry is identical in A and B (the common case after
 * duplicating a variant) is skipped without any polyclip call. For the others, polyclip cuts
 * only the changed part (`X − B[X.key]`), which is small, and intersects it with the B spaces
 * whose bounding boxes meet one of its parts (flatbush). The rests ("to nowhere", "from
 * nowhere") are cut out only when the areas show that there is one: in a gap-free plan the
 * pieces add up and no further polyclip call is made.
 *
 * Pieces smaller than `minAreaSquareMeters` (1 m² by default) are floating-point slivers and
 * are dropped. Inputs are never mutated.
 */
import { area } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Polygon } from 'geojson';
import { isEmptyArea, type AreaGeometry, type SocialSpace, type Unit } from '../domain/types';
import {
  compareCodes,
  compareUnitAssignments,
  spaceKey,
  spaceRefsByKey,
  type CompareUnit,
  type SpaceRef,
  type UnitComparison,
} from '../domain/variant-compare';
import { bboxOfGeometries, type BBox } from './bbox';
import { fromPolygons, isEmptyGeometry, polyclipDifference, polyclipIntersection, polyclipUnion, polygonsOf } from './boolean-ops';

export const DEFAULT_MIN_MOVED_AREA_SQUARE_METERS = 1;

/** An area that belongs to another space in B than in A. */
export interface MovedArea {
  /** The space in A; null: the area lay in no space of A. */
  from: SpaceRef | null;
  /** The space in B; null: the area lies in no space of B. */
  to: SpaceRef | null;
  geometry: AreaGeometry;
  areaSquareMeters: number;
  bbox: BBox;
}

export interface GeometryDiff {
  /** Largest first. */
  movedAreas: MovedArea[];
  /** Spaces (by key) that only A has, ordered by code. */
  onlyInA: SpaceRef[];
  /** Spaces (by key) that only B has, ordered by code. */
  onlyInB: SpaceRef[];
  /** Keys present in both variants whose geometry differs. */
  changedKeys: string[];
}

export interface GeometryDiffOptions {
  minAreaSquareMeters?: number;
}

interface KeyedArea {
  key: string;
  geometry: AreaGeometry;
  bbox: BBox;
}

/** key → the area of its spaces (several spaces with one key are unioned). */
function areasByKey(spaces: readonly SocialSpace[]): Map<string, AreaGeometry> {
  const grouped = new Map<string, AreaGeometry[]>();
  for (const space of spaces) {
    if (isEmptyArea(space.geometry)) continue;
    const key = spaceKey(space);
    grouped.set(key, [...(grouped.get(key) ?? []), space.geometry]);
  }
  const areas = new Map<string, AreaGeometry>();
  for (const [key, geometries] of grouped) {
    const geometry = geometries.length === 1 ? geometries[0]! : polyclipUnion(geometries);
    if (geometry) areas.set(key, geometry);
  }
  return areas;
}

/** Exact structural equality of two geometries (same type, same coordinates in the same order). */
export function sameGeometry(a: AreaGeometry, b: AreaGeometry): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  const equal = (x: unknown, y: unknown): boolean => {
    if (x === y) return true;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let index = 0; index < x.length; index++) if (!equal(x[index], y[index])) return false;
    return true;
  };
  return equal(a.coordinates, b.coordinates);
}

/** Keep the pieces of at least `minArea` m²; null when none is left. */
function withoutSlivers(geometry: AreaGeometry | null, minArea: number): { geometry: AreaGeometry; areaSquareMeters: number } | null {
  const pieces: Polygon[] = [];
  let total = 0;
  for (const piece of polygonsOf(geometry)) {
    const pieceArea = area(piece);
    if (pieceArea < minArea) continue;
    pieces.push(piece);
    total += pieceArea;
  }
  const kept = fromPolygons(pieces);
  return kept ? { geometry: kept, areaSquareMeters: total } : null;
}

class KeyedIndex {
  readonly areas: KeyedArea[];
  readonly #index: Flatbush | null;

  constructor(areas: Map<string, AreaGeometry>) {
    this.areas = [...areas].map(([key, geometry]) => ({ key, geometry, bbox: bboxOfGeometries([geometry])! }));
    this.#index = this.areas.length > 0 ? new Flatbush(this.areas.length) : null;
    if (this.#index) {
      for (const { bbox } of this.areas) this.#index.add(bbox[0], bbox[1], bbox[2], bbox[3]);
      this.#index.finish();
    }
  }

  /** Areas (other than `exceptKey`) whose boxes meet the box of a part of `geometry`, in input order. */
  nearParts(geometry: AreaGeometry, exceptKey: string): KeyedArea[] {
    if (!this.#index) return [];
    const found = new Set<number>();
    for (const part of polygonsOf(geometry)) {
      const bbox = bboxOfGeometries([part])!;
      for (const index of this.#index.search(bbox[0], bbox[1], bbox[2], bbox[3])) found.add(index);
    }
    return [...found]
      .sort((a, b) => a - b)
      .map((index) => this.areas[index]!)
      .filter((candidate) => candidate.key !== exceptKey);
  }
}

/** The areas that belong to another space in B than in A, and the spaces only one variant has. */
export function diffVariantGeometry(
  spacesA: readonly SocialSpace[],
  spacesB: readonly SocialSpace[],
  options: GeometryDiffOptions = {},
): GeometryDiff {
  const minArea = options.minAreaSquareMeters ?? DEFAULT_MIN_MOVED_AREA_SQUARE_METERS;
  const refsA = spaceRefsByKey(spacesA);
  const refsB = spaceRefsByKey(spacesB);
  const areasA = areasByKey(spacesA);
  const areasB = areasByKey(spacesB);
  const indexA = new KeyedIndex(areasA);
  const indexB = new KeyedIndex(areasB);
  const movedAreas: MovedArea[] = [];
  const changedKeys: string[] = [];

  /** Rounding noise of areas computed from different pieces of the same region. */
  const tolerance = (areaSquareMeters: number) => Math.max(minArea, areaSquareMeters * 1e-9);
  /** Keep a moved area unless it is a sliver; returns the area kept (m²). */
  const record = (from: string | null, to: string | null, geometry: AreaGeometry | null): number => {
    const kept = withoutSlivers(geometry, minArea);
    if (!kept) return 0;
    movedAreas.push({
      from: from === null ? null : refsA.get(from)!,
      to: to === null ? null : refsB.get(to)!,
      geometry: kept.geometry,
      areaSquareMeters: kept.areaSquareMeters,
      bbox: bboxOfGeometries([kept.geometry])!,
    });
    return kept.areaSquareMeters;
  };

  const keys = [...new Set([...areasA.keys(), ...areasB.keys()])].sort(compareCodes);
  /** key → area (m²) of what it lost, for the keys that changed. */
  const lostArea = new Map<string, number>();
  for (const key of keys) {
    const inA = areasA.get(key) ?? null;
    const inB = areasB.get(key) ?? null;
    if (inA && inB) {
      if (sameGeometry(inA, inB)) continue;
      changedKeys.push(key);
    }
    // What left the space: to other B spaces, and the rest to nowhere.
    const lost = withoutSlivers(inA ? (inB ? polyclipDifference(inA, inB) : inA) : null, minArea);
    lostArea.set(key, lost?.areaSquareMeters ?? 0);
    if (!lost) continue;
    const targets = indexB.nearParts(lost.geometry, key);
    let movedOn = 0;
    for (const target of targets) movedOn += record(key, target.key, polyclipIntersection(lost.geometry, target.geometry));
    // Only when the pieces do not add up is the rest worth a (costly) difference.
    if (lost.areaSquareMeters - movedOn > tolerance(lost.areaSquareMeters)) {
      record(key, null, targets.length > 0 ? polyclipDifference(lost.geometry, ...targets.map((target) => target.geometry)) : lost.geometry);
    }
  }

  // What a space gained from no A space. Gains from other A spaces were recorded above, so the
  // rest is known from areas alone: gained = |B| − |A| + lost; only a rest is cut out.
  const movedInto = new Map<string, number>();
  for (const moved of movedAreas) if (moved.to && moved.from) movedInto.set(moved.to.key, (movedInto.get(moved.to.key) ?? 0) + moved.areaSquareMeters);
  for (const key of keys) {
    const inB = areasB.get(key);
    if (!inB) continue;
    const inA = areasA.get(key) ?? null;
    if (inA && !lostArea.has(key)) continue; // unchanged
    const areaB = area(inB);
    const gainedArea = areaB - (inA ? area(inA) : 0) + (lostArea.get(key) ?? 0);
    if (gainedArea - (movedInto.get(key) ?? 0) <= Math.max(minArea, tolerance(areaB))) continue;
    const gained = withoutSlivers(inA ? polyclipDifference(inB, inA) : inB, minArea);
    if (!gained) continue;
    const sources = indexA.nearParts(gained.geometry, key);
    record(null, key, sources.length > 0 ? polyclipDifference(gained.geometry, ...sources.map((source) => source.geometry)) : gained.geometry);
  }

  movedAreas.sort((a, b) => b.areaSquareMeters - a.areaSquareMeters);
  const onlyIn = (refs: Map<string, SpaceRef>, other: Map<string, SpaceRef>) =>
    [...refs.values()].filter((ref) => !other.has(ref.key)).sort((a, b) => compareCodes(a.code, b.code));
  return { movedAreas, onlyInA: onlyIn(refsA, refsB), onlyInB: onlyIn(refsB, refsA), changedKeys };
}

/** A unit as the comparison needs it; geometry only for the units whose space changes. */
export interface CompareVariantsUnit extends Pick<Unit, 'id' | 'population'> {
  geometry?: AreaGeometry;
}

export interface CompareVariantsInput {
  spacesA: readonly SocialSpace[];
  spacesB: readonly SocialSpace[];
  units: readonly CompareVariantsUnit[];
  options?: GeometryDiffOptions;
}

export type VariantComparison = UnitComparison & GeometryDiff;

/** Unit flows and moved areas between variant A and variant B (runs in the geo worker). */
export function compareVariants(input: CompareVariantsInput): VariantComparison {
  const units: CompareUnit[] = input.units.map((unit) =>
    unit.geometry && !isEmptyGeometry(unit.geometry)
      ? { id: unit.id, population: unit.population, areaSquareMeters: area(unit.geometry) }
      : { id: unit.id, population: unit.population },
  );
  return {
    ...compareUnitAssignments(input.spacesA, input.spacesB, units),
    ...diffVariantGeometry(input.spacesA, input.spacesB, input.options),
  };
}
