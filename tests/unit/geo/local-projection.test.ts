import { describe, expect, it } from 'vitest';
import { createLocalProjection, utmZoneForLongitude } from '../../../src/geo/local-projection';

describe('utmZoneForLongitude', () => {
  it('finds the zones of Germany', () => {
    expect(utmZoneForLongitude(7.5)).toBe(32);
    expect(utmZoneForLongitude(9.9)).toBe(32);
    expect(utmZoneForLongitude(13.4)).toBe(33);
  });
});

describe('createLocalProjection', () => {
  it('uses ETRS89 / UTM 32N in central Germany', () => {
    expect(createLocalProjection([9.9, 50.9]).epsg).toBe('EPSG:25832');
  });

  it('puts the central meridian at easting 500 km', () => {
    const [easting, northing] = createLocalProjection([9.9, 50.9]).toMeters([9, 0]);
    expect(easting).toBeCloseTo(500000, 3);
    expect(northing).toBeCloseTo(0, 3);
  });

  it('round-trips coordinates', () => {
    const projection = createLocalProjection([9.9, 50.9]);
    const [lon, lat] = projection.toLonLat(projection.toMeters([9.91234, 50.87654]));
    expect(lon).toBeCloseTo(9.91234, 9);
    expect(lat).toBeCloseTo(50.87654, 9);
  });

  it('measures about 1,112 m per 0.01° of latitude', () => {
    const projection = createLocalProjection([9.9, 50.9]);
    const [, south] = projection.toMeters([9.9, 50.9]);
    const [, north] = projection.toMeters([9.9, 50.91]);
    expect(north - south).toBeGreaterThan(1105);
    expect(north - south).toBeLessThan(1120);
  });
});
