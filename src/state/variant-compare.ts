/**
 * Comparing two variants of the open project: gathering the input (geometry only for units
 * that move, so little is copied to the worker), running the comparison and turning the
 * result into the rows of the compare table.
 */
import type { AreaGeometry, ProjectSnapshot, SocialSpace, Unit } from '../domain/types';
import { movedUnitIds, type SpaceRef } from '../domain/variant-compare';
import { bboxOfGeometries, type BBox } from '../geo/bbox';
import type { CompareVariantsInput, VariantComparison } from '../geo/variant-diff';

/** Runs `compareVariants` of geo/variant-diff; the geo worker in the app. */
export type CompareVariantsService = (input: CompareVariantsInput) => Promise<VariantComparison>;

/** The comparison on the calling thread, for tests and hosts without workers. */
export const compareInProcess: CompareVariantsService = async (input) => (await import('../geo/variant-diff')).compareVariants(input);

/** The input for `compareVariants`, with geometry only for the units whose space changes. */
export function compareVariantsInput(
  spacesA: readonly SocialSpace[],
  spacesB: readonly SocialSpace[],
  units: readonly Pick<Unit, 'id' | 'population' | 'geometry'>[],
): CompareVariantsInput {
  const moved = movedUnitIds(spacesA, spacesB);
  return {
    spacesA,
    spacesB,
    units: units.map((unit) =>
      moved.has(unit.id) ? { id: unit.id, population: unit.population, geometry: unit.geometry } : { id: unit.id, population: unit.population },
    ),
  };
}

export function spacesOfVariant(snapshot: ProjectSnapshot, variantId: string): SocialSpace[] {
  return snapshot.spaces.filter((space) => space.variantId === variantId);
}

/** Compare variant A with variant B of a project (B is the "after" side). */
export function compareSnapshotVariants(
  snapshot: ProjectSnapshot,
  variantAId: string,
  variantBId: string,
  service: CompareVariantsService,
): Promise<VariantComparison> {
  for (const id of [variantAId, variantBId]) {
    if (!snapshot.variants.some((variant) => variant.id === id)) return Promise.reject(new Error(`Unknown variant ${id}`));
  }
  return service(compareVariantsInput(spacesOfVariant(snapshot, variantAId), spacesOfVariant(snapshot, variantBId), snapshot.units));
}

/** One line of the compare table: a pair of spaces and what moves between them. */
export interface CompareRow {
  from: SpaceRef | null;
  to: SpaceRef | null;
  /** Base units that move; null for a pair that only drawn areas connect. */
  unitCount: number | null;
  population: number | null;
  areaSquareMeters: number;
  /** What the map frames when the row is clicked. */
  bbox: BBox | null;
}

const pairKey = (from: SpaceRef | null, to: SpaceRef | null) => JSON.stringify([from?.key ?? null, to?.key ?? null]);

function mergeBoxes(a: BBox | null, b: BBox | null): BBox | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/**
 * The unit flows (in their order), then the pairs only moved areas connect (drawn spaces),
 * largest first. A flow frames its moved areas, or its units when no area was found for it.
 */
export function comparisonRows(
  comparison: VariantComparison,
  unitGeometry: (unitId: string) => AreaGeometry | undefined,
): CompareRow[] {
  const areas = new Map<string, { from: SpaceRef | null; to: SpaceRef | null; areaSquareMeters: number; bbox: BBox | null }>();
  for (const moved of comparison.movedAreas) {
    const key = pairKey(moved.from, moved.to);
    const entry = areas.get(key);
    if (entry) {
      entry.areaSquareMeters += moved.areaSquareMeters;
      entry.bbox = mergeBoxes(entry.bbox, moved.bbox);
    } else {
      areas.set(key, { from: moved.from, to: moved.to, areaSquareMeters: moved.areaSquareMeters, bbox: moved.bbox });
    }
  }
  const rows: CompareRow[] = comparison.flows.map((flow) => {
    const key = pairKey(flow.from, flow.to);
    const area = areas.get(key);
    areas.delete(key);
    const unitGeometries = flow.unitIds.map(unitGeometry).filter((geometry): geometry is AreaGeometry => geometry !== undefined);
    return {
      from: flow.from,
      to: flow.to,
      unitCount: flow.unitIds.length,
      population: flow.populationTotal,
      areaSquareMeters: flow.areaSquareMeters > 0 ? flow.areaSquareMeters : (area?.areaSquareMeters ?? 0),
      bbox: area?.bbox ?? bboxOfGeometries(unitGeometries),
    };
  });
  const areaOnly = [...areas.values()].sort((a, b) => b.areaSquareMeters - a.areaSquareMeters);
  for (const area of areaOnly) rows.push({ ...area, unitCount: null, population: null });
  return rows;
}
