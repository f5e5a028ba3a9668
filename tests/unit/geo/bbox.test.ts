import { describe, expect, it } from 'vitest';
import { bboxOfGeometries } from '../../../src/geo/bbox';
import { square } from '../helpers';

describe('bboxOfGeometries', () => {
  it('spans all geometries', () => {
    expect(bboxOfGeometries([square(10, 51, 1), { type: 'Point', coordinates: [12, 50] }])).toEqual([10, 50, 12, 52]);
  });

  it('is null without coordinates', () => {
    expect(bboxOfGeometries([])).toBeNull();
  });
});
