import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { area, difference, featureCollection, feature } from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import type { AreaGeometry, ProjectSnapshot } from '../../../src/domain/types';
import { dissolveCoverage, dissolveGroups, emptyDissolveStats, type DissolveStats } from '../../../src/geo/coverage-dissolve';
import { polyclipUnion } from '../../../src/geo/boolean-ops';
import { deepFreeze, square } from '../helpers';
import { expectGolden, readInput } from './golden';

function geometriesOf(name: string): AreaGeometry[] {
  return readInput(name).features.map((entry) => entry.geometry as AreaGeometry);
}

function symmetricDifferenceSquareMeters(a: AreaGeometry, b: AreaGeometry): number {
  const aMinusB = difference(featureCollection([feature(a), feature(b)]));
  const bMinusA = difference(featureCollection([feature(b), feature(a)]));
  return (aMinusB ? area(aMinusB) : 0) + (bMinusA ? area(bMinusA) : 0);
}

/** Same area as the polyclip union within 1e-6 relative, and no area in only one of them. */
function expectSameAsPolyclipUnion(result: AreaGeometry | null, inputs: readonly AreaGeometry[]): void {
  const reference = polyclipUnion(inputs)!;
  expect(result).not.toBeNull();
  expect(Math.abs(area(result!) - area(reference)) / area(reference)).toBeLessThan(1e-6);
  expect(symmetricDifferenceSquareMeters(result!, reference)).toBeLessThan(0.01);
}

function inputVertexKeys(inputs: readonly AreaGeometry[]): Set<string> {
  const keys = new Set<string>();
  const visit = (position: Position) => keys.add(`${position[0]},${position[1]}`);
  for (const geometry of inputs) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach((rings) => rings.forEach((ring) => ring.forEach(visit)));
  }
  return keys;
}

function dissolveFixture(name: string): { result: AreaGeometry | null; stats: DissolveStats; inputs: AreaGeometry[] } {
  const inputs = deepFreeze(geometriesOf(name));
  const stats = emptyDissolveStats();
  const result = dissolveCoverage(inputs, stats);
  expectGolden(name, feature(result!, { path: stats.path }));
  return { result, stats, inputs };
}

describe('dissolveCoverage', () => {
  it('dissolves two squares sharing an edge into one rectangle on the fast path', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-two-squares');
    expect(stats.path).toBe('fast');
    expect(result!.type).toBe('Polygon');
    expect((result as Polygon).coordinates).toHaveLength(1);
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('keeps the hole where a ring of units encloses a foreign unit', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-ring-with-hole');
    expect(stats.path).toBe('fast');
    expect(result!.type).toBe('Polygon');
    expect((result as Polygon).coordinates).toHaveLength(2);
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('splits a hole that touches the outer ring at one vertex into outer ring and hole', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-hole-touching-outline');
    expect(stats.path).toBe('fast');
    expect(result!.type).toBe('Polygon');
    expect((result as Polygon).coordinates).toHaveLength(2);
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('keeps two squares touching at a corner apart as a MultiPolygon (pinch point)', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-pinch-point');
    expect(stats.path).toBe('fast');
    expect(result!.type).toBe('MultiPolygon');
    expect(result!.coordinates).toHaveLength(2);
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('falls back to polyclip at a T-junction and still returns the union', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-t-junction');
    expect(stats.path).toBe('fallback');
    expect(stats.fallbackReason).toMatch(/T-junction|overlap/);
    expect(result!.type).toBe('Polygon');
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('falls back for overlapping units', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-overlapping-squares');
    expect(stats.path).toBe('fallback');
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('keeps an exclave of a MultiPolygon unit (given clockwise) as its own part', () => {
    const { result, stats, inputs } = dissolveFixture('dissolve-multipolygon-exclave');
    expect(stats.path).toBe('fast');
    expect(result!.type).toBe('MultiPolygon');
    expect(result!.coordinates).toHaveLength(2);
    expectSameAsPolyclipUnion(result, inputs);
  });

  it('creates no vertex on the fast path: every output position is an input vertex', () => {
    const inputs = deepFreeze(geometriesOf('dissolve-ring-with-hole'));
    const keys = inputVertexKeys(inputs);
    const result = dissolveCoverage(inputs) as Polygon;
    for (const ring of result.coordinates) for (const position of ring) expect(keys.has(`${position[0]},${position[1]}`)).toBe(true);
  });

  it('does not mutate or alias its inputs', () => {
    const inputs = deepFreeze([square(10, 51, 0.01), square(10.01, 51, 0.01)]);
    const before = structuredClone(inputs);
    const result = dissolveCoverage(inputs) as Polygon;
    expect(inputs).toEqual(before);
    const inputPositions = new Set(inputs.flatMap((input) => input.coordinates[0]));
    for (const position of result.coordinates[0]!) expect(inputPositions.has(position)).toBe(false);
  });

  it('returns null for no input and for empty geometries', () => {
    expect(dissolveCoverage([])).toBeNull();
    expect(dissolveCoverage([{ type: 'MultiPolygon', coordinates: [] }])).toBeNull();
  });

  it('returns a single polygon unchanged in shape, counter-clockwise', () => {
    const clockwise = deepFreeze({ type: 'Polygon' as const, coordinates: [[...square(10, 51, 0.01).coordinates[0]!].reverse()] });
    const stats = emptyDissolveStats();
    const result = dissolveCoverage([clockwise], stats) as Polygon;
    expect(stats.path).toBe('fast');
    expect(area(result)).toBeCloseTo(area(clockwise), 6);
    const ring = result.coordinates[0]!;
    let twiceSignedArea = 0;
    for (let index = 0; index + 1 < ring.length; index++) twiceSignedArea += ring[index]![0]! * ring[index + 1]![1]! - ring[index + 1]![0]! * ring[index]![1]!;
    expect(twiceSignedArea).toBeGreaterThan(0);
  });
});

describe('dissolveGroups', () => {
  it('dissolves a 3×3 grid into its groups', () => {
    const collection = readInput('dissolve-grid-3x3-groups');
    const units = deepFreeze(collection.features.map((entry) => ({ id: String(entry.properties!.id), geometry: entry.geometry as AreaGeometry })));
    const groups = new Map<string, string[]>();
    for (const entry of collection.features) {
      const group = String(entry.properties!.group);
      groups.set(group, [...(groups.get(group) ?? []), String(entry.properties!.id)]);
    }
    const stats = new Map<string, DissolveStats>();
    const result = dissolveGroups(units, groups, stats);
    expect([...stats.values()].every((entry) => entry.path === 'fast')).toBe(true);
    const features: Feature[] = [...result].sort(([a], [b]) => a.localeCompare(b)).map(([id, geometry]) => feature(geometry!, { id }));
    expectGolden('dissolve-grid-3x3-groups', featureCollection(features));
    for (const [id, unitIds] of groups) {
      expectSameAsPolyclipUnion(result.get(id)!, unitIds.map((unitId) => units.find((unit) => unit.id === unitId)!.geometry));
    }
  });

  it('yields null for an empty group and ignores unknown unit ids', () => {
    const units = deepFreeze([{ id: 'a', geometry: square(10, 51, 0.01) }]);
    const result = dissolveGroups(units, new Map([['empty', []], ['unknown', ['x']], ['one', ['a', 'x']]]));
    expect(result.get('empty')).toBeNull();
    expect(result.get('unknown')).toBeNull();
    expect(area(result.get('one')!)).toBeCloseTo(area(units[0]!.geometry), 6);
  });

  it('reproduces the stored geometries of the demo spaces from their units', () => {
    const snapshot = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'demo-project.json'), 'utf8')) as ProjectSnapshot;
    const units = deepFreeze(snapshot.units.map((unit) => ({ id: unit.id, geometry: unit.geometry })));
    expect(units).toHaveLength(113);
    const stats = new Map<string, DissolveStats>();
    const result = dissolveGroups(units, new Map(snapshot.spaces.map((space) => [space.id, space.unitIds])), stats);
    for (const space of snapshot.spaces) {
      expect(stats.get(space.id)!.path).toBe('fast');
      const dissolved = result.get(space.id)!;
      expect(Math.abs(area(dissolved) - area(space.geometry))).toBeLessThan(1);
      expect(symmetricDifferenceSquareMeters(dissolved, space.geometry)).toBeLessThan(1);
    }
  });
});
