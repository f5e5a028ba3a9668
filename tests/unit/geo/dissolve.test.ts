import { describe, expect, it } from 'vitest';
import { area, bbox } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { dissolvePolygons } from '../../../src/geo/dissolve';
import { deepFreeze, square } from '../helpers';

describe('dissolvePolygons', () => {
  it('merges two adjacent squares into one rectangle of their combined area', () => {
    const result = dissolvePolygons([square(10, 51, 0.01), square(10.01, 51, 0.01)]);
    const rectangle = {
      type: 'Polygon' as const,
      coordinates: [[[10, 51], [10.02, 51], [10.02, 51.01], [10, 51.01], [10, 51]]],
    };
    expect(result.type).toBe('Polygon');
    expect(Math.abs(area(result) - area(rectangle))).toBeLessThan(0.01);
    expect(bbox(result)).toEqual([10, 51, 10.02, 51.01]);
  });

  it('keeps disjoint areas apart as a MultiPolygon', () => {
    const result = dissolvePolygons([square(10, 51, 0.01), square(10.05, 51, 0.01)]);
    expect(result.type).toBe('MultiPolygon');
    expect((result as MultiPolygon).coordinates).toHaveLength(2);
  });

  it('does not mutate its inputs', () => {
    const inputs = deepFreeze([square(10, 51, 0.01), square(10.01, 51, 0.01), square(10, 51.01, 0.02)]);
    const before = structuredClone(inputs);
    dissolvePolygons(inputs);
    expect(inputs).toEqual(before);
  });

  it('returns a copy for a single geometry', () => {
    const input = deepFreeze(square(10, 51, 0.01));
    const result = dissolvePolygons([input]);
    expect(result).not.toBe(input);
    expect(Math.abs(area(result) - area(input))).toBeLessThan(0.01);
  });

  it('dissolves overlapping MultiPolygon parts', () => {
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [square(10, 51, 0.01).coordinates, square(10.03, 51, 0.01).coordinates],
    };
    const result = dissolvePolygons([multi, square(10.005, 51, 0.03)]);
    expect(result.type).toBe('Polygon');
    expect(bbox(result)).toEqual([10, 51, 10.04, 51.03]);
  });

  it('refuses an empty list', () => {
    expect(() => dissolvePolygons([])).toThrow();
  });
});
