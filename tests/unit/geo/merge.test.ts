import { describe, expect, it } from 'vitest';
import { area, difference, feature, featureCollection } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { AreaGeometry } from '../../../src/domain/types';
import { polyclipUnion } from '../../../src/geo/boolean-ops';
import { emptyDissolveStats } from '../../../src/geo/coverage-dissolve';
import { mergeAreas } from '../../../src/geo/merge';
import { splitArea } from '../../../src/geo/split';
import { deepFreeze, square } from '../helpers';
import { expectGolden, readInput } from './golden';

function symmetricDifferenceSquareMeters(a: AreaGeometry, b: AreaGeometry): number {
  const aMinusB = difference(featureCollection([feature(a), feature(b)]));
  const bMinusA = difference(featureCollection([feature(b), feature(a)]));
  return (aMinusB ? area(aMinusB) : 0) + (bMinusA ? area(bMinusA) : 0);
}

function expectUnion(result: AreaGeometry | null, inputs: readonly AreaGeometry[]): void {
  const reference = polyclipUnion(inputs)!;
  expect(result).not.toBeNull();
  expect(Math.abs(area(result!) - area(reference)) / area(reference)).toBeLessThan(1e-9);
  expect(symmetricDifferenceSquareMeters(result!, reference)).toBeLessThan(0.01);
}

function signedAreaTwice(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0; index + 1 < ring.length; index++) sum += ring[index]![0]! * ring[index + 1]![1]! - ring[index + 1]![0]! * ring[index]![1]!;
  return sum;
}

/** Merges the spaces of a fixture, checking purity and the path, against the golden output. */
function mergeFixture(name: string): { result: AreaGeometry | null; inputs: AreaGeometry[] } {
  const inputs = deepFreeze(readInput(name).features.map((entry) => entry.geometry as AreaGeometry));
  const before = structuredClone(inputs);
  const stats = emptyDissolveStats();
  const result = mergeAreas(inputs, stats);
  expect(inputs).toEqual(before);
  expect(stats.path).toBe('fast');
  expectGolden(name, feature(result!, {}));
  expectUnion(result, inputs);
  return { result, inputs };
}

describe('mergeAreas', () => {
  it('merges spaces sharing whole edges into one polygon; shared borders vanish', () => {
    const { result } = mergeFixture('merge-l-shape');
    expect(result!.type).toBe('Polygon');
    const outer = (result as Polygon).coordinates[0]!;
    expect((result as Polygon).coordinates).toHaveLength(1);
    // An L has six corners; the two collinear vertices where borders met remain on the outline.
    expect(outer).toHaveLength(6 + 2 + 1);
    expect(outer).toContainEqual([10.01, 51]);
  });

  it('keeps spaces that do not touch apart as a MultiPolygon, with their holes', () => {
    const { result } = mergeFixture('merge-separate');
    expect(result!.type).toBe('MultiPolygon');
    const parts = (result as MultiPolygon).coordinates;
    expect(parts).toHaveLength(2);
    // Largest part first; it keeps its hole.
    expect(parts[0]).toHaveLength(2);
    expect(parts[1]).toHaveLength(1);
  });

  it('fills the hole of a space with the space inside it', () => {
    const { result } = mergeFixture('merge-fill-hole');
    expect(result!.type).toBe('Polygon');
    expect((result as Polygon).coordinates).toHaveLength(1);
  });

  it('leaves a hole where merged spaces surround an unmerged one', () => {
    const { result } = mergeFixture('merge-ring-of-spaces');
    expect(result!.type).toBe('Polygon');
    const [outer, hole] = (result as Polygon).coordinates as [Position[], Position[]];
    expect(hole).toBeDefined();
    expect(signedAreaTwice(outer)).toBeGreaterThan(0);
    expect(signedAreaTwice(hole)).toBeLessThan(0);
  });

  it('puts a split space back together exactly (the pieces share their cut vertices)', () => {
    const original = deepFreeze(square(10, 51, 0.02));
    const split = splitArea(original, [[9.99, 51.004], [10.012, 51.009], [10.03, 51.016]]);
    if (!split.ok) throw new Error(split.reason);
    const stats = emptyDissolveStats();
    const merged = mergeAreas(split.pieces, stats);
    expect(stats.path).toBe('fast');
    expect(symmetricDifferenceSquareMeters(merged!, original)).toBeLessThan(1e-6);
  });

  it('still returns the union where a split left a T-junction against a neighbour', () => {
    const a = deepFreeze(square(10, 51, 0.02));
    const b = deepFreeze(square(10.02, 51, 0.02));
    const split = splitArea(a, [[10.01, 50.99], [10.01, 51.005], [10.03, 51.01]]);
    if (!split.ok) throw new Error(split.reason);
    const stats = emptyDissolveStats();
    const merged = mergeAreas([split.pieces[1]!, b], stats);
    expect(stats.path).toBe('fallback');
    expectUnion(merged, [split.pieces[1]!, b]);
  });

  it('returns null for nothing and ignores empty geometries', () => {
    expect(mergeAreas([])).toBeNull();
    expect(mergeAreas([{ type: 'MultiPolygon', coordinates: [] }])).toBeNull();
    const one = deepFreeze(square(10, 51, 0.01));
    const result = mergeAreas([one, { type: 'MultiPolygon', coordinates: [] }]);
    expect(area(result!)).toBeCloseTo(area(one), 6);
  });

  it('does not alias its inputs', () => {
    const inputs = deepFreeze([square(10, 51, 0.01), square(10.01, 51, 0.01)]);
    const result = mergeAreas(inputs) as Polygon;
    const positions = new Set<unknown>(inputs.flatMap((input) => input.coordinates[0]));
    for (const position of result.coordinates[0]!) expect(positions.has(position)).toBe(false);
  });
});
