import { describe, expect, it } from 'vitest';
import { SUPPORTED_CRS, positionToWgs84 } from '../../../../src/io/crs';
import { LOCATION_CRS, convertToWgs84, createConverter, isLocationCrs, type LocationCrs } from '../../../../src/io/location/coordinates';
import { metresBetween, project } from './helpers';

describe('hand-derived inverse projections against proj4', () => {
  it('covers every system the CRS chooser offers', () => {
    for (const { code } of SUPPORTED_CRS) expect(isLocationCrs(code), code).toBe(true);
  });

  // A grid over Germany and some 60 km beyond, including 6° off the central meridian for
  // Gauß-Krüger zone 3 (whole-Germany data such as VG5000 in EPSG:31467).
  const grid: [number, number][] = [];
  for (let lon = 5.4; lon <= 15.6; lon += 0.3) for (let lat = 46.8; lat <= 55.4; lat += 0.25) grid.push([lon, lat]);

  for (const code of LOCATION_CRS) {
    it(`${code}: within 1 cm of proj4 on ${grid.length} points`, () => {
      const reference = positionToWgs84(code);
      const convert = createConverter({ crs: code as LocationCrs, order: 'xy', zonePrefix: false });
      const out = new Float64Array(2);
      let worst = 0;
      for (const [lon, lat] of grid) {
        const [x, y] = project(code, lon, lat);
        const expected = reference([x, y]);
        convert(x, y, out);
        worst = Math.max(worst, metresBetween([out[0]!, out[1]!], expected));
      }
      expect(worst).toBeLessThan(0.01);
    });
  }

  it('converts 1,000,000 UTM points as proj4 does point by point', () => {
    const count = 1_000_000;
    const x = new Float64Array(count);
    const y = new Float64Array(count);
    for (let index = 0; index < count; index++) {
      x[index] = 280_000 + (index % 1000) * 600;
      y[index] = 5_240_000 + Math.floor(index / 1000) * 850;
    }
    const interpretation = { crs: 'EPSG:25832' as const, order: 'xy' as const, zonePrefix: false };
    const result = convertToWgs84(x, y, interpretation);
    expect(result.located).toBe(count);
    // Every 1,000th point against proj4 (timings belong to the benchmarks).
    const reference = positionToWgs84('EPSG:25832');
    for (let index = 0; index < count; index += 1000) {
      const expected = reference([x[index]!, y[index]!]);
      expect(metresBetween([result.lon[index]!, result.lat[index]!], expected)).toBeLessThan(0.01);
    }
  });
});
