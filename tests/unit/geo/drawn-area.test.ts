import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import type { Polygon } from 'geojson';
import { fitDrawnArea } from '../../../src/geo/drawn-area';
import { square } from '../helpers';

describe('fitDrawnArea', () => {
  const outline = square(10, 51, 0.03);
  const left = square(10, 51, 0.01);
  const right = square(10.02, 51, 0.01);

  it('trims a rough drawing to the gap between the spaces and the outline', () => {
    const drawn: Polygon = { type: 'Polygon', coordinates: [[[9.99, 50.99], [10.05, 50.99], [10.05, 51.005], [9.99, 51.005], [9.99, 50.99]]] };
    const inputs = structuredClone([drawn, left, right, outline]);
    const fitted = fitDrawnArea(drawn, [left, right], outline);
    expect(fitted.trimmed).toBe(true);
    // What is left: the part of the middle column inside the drawing.
    const expected = area({ type: 'Polygon', coordinates: [[[10.01, 51], [10.02, 51], [10.02, 51.005], [10.01, 51.005], [10.01, 51]]] });
    expect(area(fitted.geometry!) / expected).toBeCloseTo(1, 6);
    expect([drawn, left, right, outline]).toEqual(inputs);
  });

  it('keeps a drawing that lies in a gap untouched and says so', () => {
    const fitted = fitDrawnArea(square(10.011, 51.001, 0.005), [left, right], outline);
    expect(fitted.trimmed).toBe(false);
  });

  it('drops zero-width left-overs where borders agree only to floating-point precision', () => {
    // The outline's edge is a hair (1e-12°) east of the right space's edge.
    const nearlyOutline = square(10, 51, 0.03 + 1e-12);
    const all = square(10, 51, 0.03);
    const drawn = square(9.99, 50.99, 0.05);
    const fitted = fitDrawnArea(drawn, [all], nearlyOutline);
    expect(fitted.geometry).toBeNull();
  });

  it('returns nothing for a drawing inside existing spaces', () => {
    expect(fitDrawnArea(square(10.002, 51.002, 0.004), [left], outline).geometry).toBeNull();
  });
});
