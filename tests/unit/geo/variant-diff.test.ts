import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { EMPTY_AREA, type AgeBandPopulation, type AreaGeometry, type SocialSpace, type Unit } from '../../../src/domain/types';
import { dissolveGroups } from '../../../src/geo/coverage-dissolve';
import { polyclipDifference, polyclipUnion } from '../../../src/geo/boolean-ops';
import { compareVariants, diffVariantGeometry, sameGeometry } from '../../../src/geo/variant-diff';
import { deepFreeze, square } from '../helpers';

const SIZE = 0.01;
const population = (adults: number): AgeBandPopulation => ({ age0to6: 3, age6to15: 4, age15to18: 2, age18to21: 1, age21plus: adults });

/** A 4 × 2 grid of square units ("u<column><row>") at lon 10, lat 51; neighbours share vertices. */
const units: Unit[] = deepFreeze(
  [0, 1, 2, 3].flatMap((column) =>
    [0, 1].map((row) => ({
      id: `u${column}${row}`,
      projectId: 'p',
      layerId: 'l',
      key: `${column}${row}`,
      name: `Einheit ${column}${row}`,
      geometry: square(10 + column * SIZE, 51 + row * SIZE, SIZE),
      population: population(100 + 10 * column + row),
    })),
  ),
);

/** Spaces of a variant built from units, as the app builds them (coverage dissolve). */
function variant(variantId: string, groups: Record<string, string[]>): SocialSpace[] {
  const geometries = dissolveGroups(units, new Map(Object.entries(groups)));
  return deepFreeze(
    Object.entries(groups).map(([code, unitIds], index) => ({
      id: `${variantId}-${index}`,
      projectId: 'p',
      variantId,
      code,
      name: `Raum ${code}`,
      color: '#0072b2',
      notes: '',
      geometry: geometries.get(code) ?? EMPTY_AREA,
      unitIds,
    })),
  );
}

const west = ['u00', 'u01', 'u10', 'u11'];
const east = ['u20', 'u21', 'u30', 'u31'];
const variantA = () => variant('A', { 'SR 01': west, 'SR 02': east });

/** Area of the symmetric difference of two geometries, in m². */
function symmetricDifferenceArea(a: AreaGeometry, b: AreaGeometry): number {
  const parts = [polyclipDifference(a, b), polyclipDifference(b, a)].filter((part): part is AreaGeometry => part !== null);
  const union = polyclipUnion(parts);
  return union ? area(union) : 0;
}

describe('geometric comparison of variants', () => {
  it('finds nothing between identical variants', () => {
    const diff = diffVariantGeometry(variantA(), variantA());
    expect(diff).toEqual({ movedAreas: [], onlyInA: [], onlyInB: [], changedKeys: [] });
  });

  it('finds nothing when only the geometry objects differ, not their coordinates', () => {
    const copy = structuredClone(variantA());
    expect(sameGeometry(variantA()[0]!.geometry, copy[0]!.geometry)).toBe(true);
    expect(diffVariantGeometry(variantA(), copy).movedAreas).toEqual([]);
  });

  it('reports one moved unit as one moved area equal to the unit', () => {
    const spacesB = variant('B', { 'SR 01': ['u00', 'u01', 'u11'], 'SR 02': ['u10', ...east] });
    const diff = diffVariantGeometry(variantA(), spacesB);
    expect(diff.changedKeys).toEqual(['SR 01', 'SR 02']);
    expect(diff.movedAreas).toHaveLength(1);
    const [moved] = diff.movedAreas;
    expect(moved!.from?.code).toBe('SR 01');
    expect(moved!.to?.code).toBe('SR 02');
    const unit = units.find((candidate) => candidate.id === 'u10')!;
    expect(moved!.areaSquareMeters).toBeCloseTo(area(unit.geometry), 3);
    expect(symmetricDifferenceArea(moved!.geometry, unit.geometry)).toBeLessThan(0.01);
    expect(moved!.bbox).toEqual([10 + SIZE, 51, 10 + 2 * SIZE, 51 + SIZE].map((value) => expect.closeTo(value, 9)));
  });

  it('works for drawn spaces without units, and reports spaces only one variant has', () => {
    const drawn = (code: string, geometry: AreaGeometry, variantId: string): SocialSpace => ({
      id: `${variantId}-${code}`,
      projectId: 'p',
      variantId,
      code,
      name: code,
      color: '#000000',
      notes: '',
      geometry,
      unitIds: [],
    });
    const spacesA = deepFreeze([drawn('N', square(10, 51, 0.02), 'A'), drawn('S', square(10, 50.98, 0.02), 'A')]);
    // In B, a new space "M" (lat 50.99–51.01) takes the southern half of N and the northern half of S.
    const band = (south: number, north: number): AreaGeometry => ({
      type: 'Polygon',
      coordinates: [[[10, south], [10.02, south], [10.02, north], [10, north], [10, south]]],
    });
    const spacesB = deepFreeze([drawn('N', band(51.01, 51.02), 'B'), drawn('S', band(50.98, 50.99), 'B'), drawn('M', band(50.99, 51.01), 'B')]);
    const diff = diffVariantGeometry(spacesA, spacesB);
    expect(diff.onlyInA).toEqual([]);
    expect(diff.onlyInB.map((ref) => ref.code)).toEqual(['M']);
    const byPair = new Map(diff.movedAreas.map((moved) => [`${moved.from?.code ?? '-'}→${moved.to?.code ?? '-'}`, moved]));
    expect([...byPair.keys()].sort()).toEqual(['N→M', 'S→M']);
    expect(symmetricDifferenceArea(byPair.get('N→M')!.geometry, band(51, 51.01))).toBeLessThan(0.01);
    expect(symmetricDifferenceArea(byPair.get('S→M')!.geometry, band(50.99, 51))).toBeLessThan(0.01);
    expect(byPair.get('N→M')!.areaSquareMeters).toBeCloseTo(area(band(51, 51.01)), 3);
  });

  it('reports area left uncovered in B as moved to nowhere and new area as coming from nowhere', () => {
    const spacesB = variant('B', { 'SR 01': ['u00', 'u01', 'u11'], 'SR 02': east });
    const lost = diffVariantGeometry(variantA(), spacesB).movedAreas;
    expect(lost.map((moved) => [moved.from?.code ?? null, moved.to?.code ?? null])).toEqual([['SR 01', null]]);
    const gained = diffVariantGeometry(spacesB, variantA()).movedAreas;
    expect(gained.map((moved) => [moved.from?.code ?? null, moved.to?.code ?? null])).toEqual([[null, 'SR 01']]);
  });

  it('treats a space that only A has as moved entirely to its successors', () => {
    const spacesA = variant('A', { 'SR 01': west, 'SR 02': east });
    const spacesB = variant('B', { 'SR 03': ['u00', 'u01'], 'SR 04': ['u10', 'u11'], 'SR 02': east });
    const diff = diffVariantGeometry(spacesA, spacesB);
    expect(diff.onlyInA.map((ref) => ref.code)).toEqual(['SR 01']);
    expect(diff.onlyInB.map((ref) => ref.code)).toEqual(['SR 03', 'SR 04']);
    expect(diff.movedAreas.map((moved) => `${moved.from?.code}→${moved.to?.code}`).sort()).toEqual(['SR 01→SR 03', 'SR 01→SR 04']);
  });

  it('ignores floating-point slivers below 1 m²', () => {
    const spacesA = deepFreeze([{ ...variantA()[0]!, geometry: square(10, 51, 0.02) }]);
    // Shifted by 1e-9° (≈ 0.1 mm): a sliver of ≈ 0.2 m², not a moved area.
    const spacesB = deepFreeze([{ ...variantA()[0]!, id: 'b', geometry: square(10 + 1e-9, 51, 0.02) }]);
    const diff = diffVariantGeometry(spacesA, spacesB);
    expect(diff.changedKeys).toEqual(['SR 01']);
    expect(diff.movedAreas).toEqual([]);
  });

  it('combines unit flows (area from unit geometry) and moved areas', () => {
    const spacesA = variantA();
    const spacesB = variant('B', { 'SR 01': ['u00', 'u01', 'u11'], 'SR 02': ['u10', ...east] });
    const before = structuredClone([spacesA, spacesB, units]);
    const result = compareVariants({ spacesA, spacesB, units });
    expect(result.flows).toHaveLength(1);
    expect(result.flows[0]!.unitIds).toEqual(['u10']);
    expect(result.flows[0]!.populationTotal).toBe(3 + 4 + 2 + 1 + 110);
    expect(result.flows[0]!.areaSquareMeters).toBeCloseTo(area(units.find((unit) => unit.id === 'u10')!.geometry), 6);
    expect(result.movedAreas).toHaveLength(1);
    expect([spacesA, spacesB, units]).toEqual(before);
  });
});
