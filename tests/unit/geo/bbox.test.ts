import { describe, expect, it } from 'vitest';
import { coreBbox, bboxOfGeometries } from '../../../src/geo/bbox';
import { square } from '../helpers';

describe('bboxOfGeometries', () => {
  it('spans all geometries', () => {
    expect(bboxOfGeometries([square(10, 51, 1), { type: 'Point', coordinates: [12, 50] }])).toEqual([10, 50, 12, 52]);
  });

  it('is null without coordinates', () => {
    expect(bboxOfGeometries([])).toBeNull();
  });
});

describe('coreBbox', () => {
  it('frames the bulk of the points and leaves far-off outliers out', () => {
    const lon = Float64Array.from({ length: 1000 }, (_, index) => 6 + (index % 100) / 100);
    const lat = Float64Array.from({ length: 1000 }, (_, index) => 51 + Math.floor(index / 100) / 10);
    // Two geocoder misses: one in France, one in the USA.
    lon[10] = 2.35;
    lat[10] = 48.85;
    lon[20] = -74;
    lat[20] = 40.7;
    const box = coreBbox(lon, lat)!;
    expect(box[0]).toBeGreaterThan(5.9);
    expect(box[1]).toBeGreaterThan(50.9);
    expect(box[2]).toBeLessThanOrEqual(7);
    expect(box[3]).toBeLessThanOrEqual(52);
    // With every point counted the outliers are in.
    expect(coreBbox(lon, lat, 1)![0]).toBe(-74);
  });

  it('is null without a position and a point for a single one', () => {
    expect(coreBbox([Number.NaN], [Number.NaN])).toBeNull();
    expect(coreBbox([10], [51])).toEqual([10, 51, 10, 51]);
  });
});
