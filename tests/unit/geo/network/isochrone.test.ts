import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson';
import { isochroneBands, rasterPosition, splatTravelTimes, type TravelRaster } from '../../../../src/geo/network/isochrone';
import { LocalPlane } from '../../../../src/geo/network/plane';
import { ReachabilityEngine } from '../../../../src/geo/network/engine';
import { roadGraphFromLines, type RoadLine } from '../../../../src/io/road-network';
import { DEFAULT_TRAVEL_SETTINGS } from '../../../../src/domain/travel';
import { deepFreeze } from '../../helpers';
import { expectGolden, readInput } from '../golden';
import { gridGraph } from './graphs';

/** Every grid point of the raster: inside band b exactly when its time is at most b. */
function expectBandsHoldExactlyTheReachedPoints(raster: TravelRaster, bands: { seconds: number; geometry: MultiPolygon }[]): number {
  let checked = 0;
  for (const band of bands) {
    for (let j = 0; j < raster.height; j++) {
      for (let i = 0; i < raster.width; i++) {
        const time = raster.seconds[i + j * raster.width]!;
        // A point whose time equals the limit (to rounding) lies on the band's boundary: either answer is right.
        if (Math.abs(time - band.seconds) < 1e-6) continue;
        const inside = booleanPointInPolygon(rasterPosition(raster, i, j), band.geometry);
        if (inside !== time <= band.seconds) throw new Error(`grid point ${i}, ${j} (${time} s) ${inside ? 'inside' : 'outside'} the ${band.seconds} s band`);
        checked++;
      }
    }
  }
  return checked;
}

describe('isochrones from a travel-time raster', { timeout: 60_000 }, () => {
  it('splats a single seed into a disc of walking times', () => {
    const plane = new LocalPlane(10, 50);
    const raster = splatTravelTimes({ plane, x: [0], y: [0], seconds: [0], metresPerSecond: 1, maxWalkMeters: Infinity, maxSeconds: 100, cellMeters: 10 });
    // The seed's own grid point is 0 s; a point 30 m east and 40 m north is 50 s; nothing beyond 100 m.
    const index = (x: number, y: number) => Math.round((x - raster.x0) / 10) + Math.round((y - raster.y0) / 10) * raster.width;
    expect(raster.seconds[index(0, 0)]).toBe(0);
    expect(raster.seconds[index(30, 40)]).toBeCloseTo(50, 9);
    expect(raster.seconds[index(100, 10)]).toBe(Infinity);
    const [band] = isochroneBands(raster, [60]);
    // A disc of 60 m: π r² within the marching squares' error at 10 m spacing.
    expect(band!.areaSquareMeters).toBeGreaterThan(Math.PI * 60 * 60 * 0.97);
    expect(band!.areaSquareMeters).toBeLessThan(Math.PI * 60 * 60 * 1.01);
  });

  it('contains exactly the reachable grid points in every band, on a street grid with several origins', () => {
    const engine = new ReachabilityEngine(gridGraph({ columns: 9, rows: 9, spacingMeters: 150 }), DEFAULT_TRAVEL_SETTINGS, { cellMeters: 20 });
    const origins = { lon: [10, 10.006], lat: [50, 49.997] };
    const { raster, bands } = engine.isochrones('walk', origins, [120, 300, 480], 'to-origins');
    expect(bands.map((band) => band.seconds)).toEqual([120, 300, 480]);
    expect(bands.every((band) => band.geometry.coordinates.length > 0)).toBe(true);
    expect(expectBandsHoldExactlyTheReachedPoints(raster, bands)).toBeGreaterThan(10_000);
    // Bands nest: each is larger than the one before.
    expect(bands[0]!.areaSquareMeters).toBeLessThan(bands[1]!.areaSquareMeters);
    expect(bands[1]!.areaSquareMeters).toBeLessThan(bands[2]!.areaSquareMeters);
  });

  it('contains exactly the reachable grid points of a straight-line (no network) isochrone', () => {
    const engine = new ReachabilityEngine(null, DEFAULT_TRAVEL_SETTINGS, { cellMeters: 30 }, { lon: [10], lat: [50] });
    const { raster, bands } = engine.isochrones('walk', { lon: [10, 10.01], lat: [50, 50.002] }, [300, 600], 'to-origins');
    expect(expectBandsHoldExactlyTheReachedPoints(raster, bands)).toBeGreaterThan(1000);
  });

  it('writes counter-clockwise outer rings and clockwise holes', () => {
    const input = readInput('isochrone-lake-hole');
    const { bands } = isochronesOfFixture(input, [1500]);
    const [polygon] = bands[0]!.geometry.coordinates;
    expect(polygon!.length).toBe(2);
    const signedArea = (ring: number[][]) => ring.reduce((sum, point, index) => {
      const next = ring[(index + 1) % ring.length]!;
      return sum + point[0]! * next[1]! - next[0]! * point[1]!;
    }, 0);
    expect(signedArea(polygon![0]!)).toBeGreaterThan(0);
    expect(signedArea(polygon![1]!)).toBeLessThan(0);
  });

  it('gives empty bands when nothing is reached, and refuses bands that are not positive', () => {
    const plane = new LocalPlane(10, 50);
    const raster = splatTravelTimes({ plane, x: [], y: [], seconds: [], metresPerSecond: 1, maxWalkMeters: 100, maxSeconds: 100, cellMeters: 10 });
    expect(isochroneBands(raster, [60])).toEqual([{ seconds: 60, geometry: { type: 'MultiPolygon', coordinates: [] }, areaSquareMeters: 0 }]);
    expect(() => isochroneBands(raster, [0])).toThrow(/positive/);
  });
});

/** Streets and the origin of a fixture, walked at the default speed, as GeoJSON bands. */
function isochronesOfFixture(input: FeatureCollection, bandsSeconds: number[]) {
  const roads = input.features.filter((feature) => feature.geometry.type !== 'Point') as unknown as RoadLine[];
  const origins = input.features.filter((feature): feature is Feature<Point> => feature.properties?.['role'] === 'origin');
  const engine = new ReachabilityEngine(roadGraphFromLines(roads), DEFAULT_TRAVEL_SETTINGS);
  return engine.isochrones(
    'walk',
    { lon: origins.map((origin) => origin.geometry.coordinates[0]!), lat: origins.map((origin) => origin.geometry.coordinates[1]!) },
    bandsSeconds,
    'from-origins',
  );
}

function bandsCollection(bands: { seconds: number; geometry: MultiPolygon; areaSquareMeters: number }[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: bands.map((band) => ({ type: 'Feature', properties: { value: band.seconds, area: Math.round(band.areaSquareMeters) }, geometry: band.geometry })),
  };
}

describe('isochrone golden fixtures', { timeout: 60_000 }, () => {
  for (const [name, bands] of [
    ['isochrone-village', [300, 600, 900]],
    ['isochrone-lake-hole', [600, 1500]],
  ] as const) {
    it(`${name}: bands as before, input untouched`, () => {
      const input = deepFreeze(readInput(name));
      const before = JSON.stringify(input);
      const { bands: result, raster } = isochronesOfFixture(input, [...bands]);
      expectGolden(name, bandsCollection(result));
      expect(JSON.stringify(input)).toBe(before);
      expectBandsHoldExactlyTheReachedPoints(raster, result);
    });
  }
});
