import { describe, expect, it } from 'vitest';
import { cameraForBounds, metresPerCssPixel } from '../../../src/geo/map-scale';

describe('metresPerCssPixel', () => {
  it('is the circumference over 512 pixels at zoom 0 on the equator, halving per zoom level', () => {
    expect(metresPerCssPixel(0, 0)).toBeCloseTo(78_271.517, 2);
    expect(metresPerCssPixel(0, 1)).toBeCloseTo(39_135.758, 2);
    // At 60° north a pixel covers half as much ground.
    expect(metresPerCssPixel(60, 10)).toBeCloseTo(metresPerCssPixel(0, 10) / 2, 6);
  });
});

describe('cameraForBounds', () => {
  it('frames a box: its width fills the map less the padding', () => {
    // 0.1° of longitude on a 1,000-pixel map with 0 padding: 360 / 0.1 × 1000 / 512 world widths.
    const camera = cameraForBounds([10, 50.95, 10.1, 51.0], 1000, 1000, 0);
    expect(camera.zoom).toBeCloseTo(Math.log2((1000 / 512) * 3600), 6);
    expect(camera.center[0]).toBeCloseTo(10.05, 10);
    expect(camera.center[1]).toBeGreaterThan(50.95);
    expect(camera.center[1]).toBeLessThan(51.0);
  });

  it('takes the tighter of width and height', () => {
    const wide = cameraForBounds([10, 50, 10.1, 51], 1000, 200, 0);
    const tall = cameraForBounds([10, 50, 10.1, 51], 1000, 2000, 0);
    expect(wide.zoom).toBeLessThan(tall.zoom);
  });

  it('zooms to a street for a single point', () => {
    expect(cameraForBounds([10, 51, 10, 51], 800, 600).zoom).toBe(14);
  });
});
