import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { labelPoint, largestPolygon } from '../../../src/geo/label-point';
import { deepFreeze, square } from '../helpers';

describe('labelPoint', () => {
  it('uses the centroid of a convex polygon', () => {
    const [x, y] = labelPoint(deepFreeze(square(10, 51, 0.02)));
    expect(x).toBeCloseTo(10.01, 6);
    expect(y).toBeCloseTo(51.01, 6);
  });

  it('stays inside a U-shaped polygon whose centroid lies outside', () => {
    const shape: Polygon = deepFreeze({
      type: 'Polygon',
      coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
    });
    expect(booleanPointInPolygon(labelPoint(shape), shape)).toBe(true);
  });

  it('labels the largest part of a MultiPolygon', () => {
    const shape: MultiPolygon = deepFreeze({
      type: 'MultiPolygon',
      coordinates: [square(10, 51, 0.001).coordinates, square(11, 51, 0.05).coordinates],
    });
    expect(largestPolygon(shape).coordinates[0]![0]).toEqual([11, 51]);
    expect(labelPoint(shape)[0]).toBeGreaterThan(11);
  });
});
