import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { labelPoint, largestPolygon } from '../../../src/geo/label-point';
import { deepFreeze, square } from '../helpers';

describe('labelPoint', () => {
  it('puts the label in the middle of a square', () => {
    const [x, y] = labelPoint(deepFreeze(square(10, 51, 0.02)));
    expect(Math.abs(x! - 10.01)).toBeLessThan(0.0005);
    expect(Math.abs(y! - 51.01)).toBeLessThan(0.0005);
  });

  it('keeps the label of a crescent away from the space it wraps around', () => {
    // A ring-like space around an inner square: the centroid would sit in the inner square.
    const crescent: Polygon = deepFreeze({
      type: 'Polygon',
      coordinates: [
        [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]],
        [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]],
      ],
    });
    const point = labelPoint(crescent);
    expect(booleanPointInPolygon(point, crescent)).toBe(true);
    expect(booleanPointInPolygon(point, square(1, 1, 1))).toBe(false);
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
