import { booleanPointInPolygon } from '@turf/turf';
import { cellToBoundary, getResolution, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { binPoints, HEX_RESOLUTIONS, hexAcrossMeters, hexBins, hexResolutionForArea, indexPointsByCell } from '../../../src/geo/hex-bins';
import { seededRandom } from '../../bench/seeded';

/** Points scattered over about 25 × 30 km (the demo district), with weights 1–3. */
function scatter(count: number, seed: number): { lon: Float64Array; lat: Float64Array; weights: Float64Array } {
  const random = seededRandom(seed);
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const weights = new Float64Array(count);
  for (let point = 0; point < count; point++) {
    // Denser towards a town centre, so some cells are large and many small.
    const spread = random() < 0.6 ? 0.03 : 0.2;
    lon[point] = 9.9 + (random() - 0.5) * 2 * spread;
    lat[point] = 50.87 + (random() - 0.5) * 2 * spread * 0.7;
    weights[point] = 1 + Math.floor(random() * 3);
  }
  return { lon, lat, weights };
}

/** The reference: every point's cell straight from h3, weights added in a Map. */
function bruteForceCounts(lon: ArrayLike<number>, lat: ArrayLike<number>, weights: ArrayLike<number>, resolution: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let point = 0; point < lon.length; point++) {
    const cell = latLngToCell(lat[point]!, lon[point]!, resolution);
    counts.set(cell, (counts.get(cell) ?? 0) + weights[point]!);
  }
  return counts;
}

describe('hexBins', () => {
  it('counts the weights per cell as a brute-force latLngToCell assignment does', () => {
    const { lon, lat, weights } = scatter(20_000, 7);
    for (const resolution of HEX_RESOLUTIONS) {
      const expected = bruteForceCounts(lon, lat, weights, resolution);
      const { collection } = binPoints(lon, lat, weights, resolution, { threshold: 1 });
      const got = new Map(collection.features.map((feature) => [feature.properties.cell, feature.properties.count]));
      expect(got).toEqual(expected);
    }
  });

  it('adds weights: a point of weight 3 counts as three points of weight 1', () => {
    const one = binPoints([9.9, 9.9, 9.9], [50.87, 50.87, 50.87], [1, 1, 1], 9, { threshold: 1 });
    const three = binPoints([9.9], [50.87], [3], 9, { threshold: 1 });
    expect(three.collection).toEqual(one.collection);
    expect(three.collection.features[0]!.properties.count).toBe(3);
  });

  it('leaves out points with weight 0, a negative or non-finite weight, and points without a position', () => {
    const { collection } = binPoints([9.9, 9.9, 9.9, 9.9, Number.NaN], [50.87, 50.87, 50.87, 50.87, 50.87], [2, 0, -4, Number.NaN, 5], 9, { threshold: 1 });
    expect(collection.features.map((feature) => feature.properties.count)).toEqual([2]);
  });

  it('never returns a cell with a count between 0 and the threshold: small cells are dropped like empty ones', () => {
    const { lon, lat, weights } = scatter(5_000, 11);
    for (const threshold of [2, 5, 10]) {
      const expected = bruteForceCounts(lon, lat, weights, 9);
      const small = [...expected.values()].filter((count) => count > 0 && count < threshold).length;
      expect(small).toBeGreaterThan(0);
      const { collection, hiddenCells } = binPoints(lon, lat, weights, 9, { threshold });
      expect(hiddenCells).toBe(small);
      for (const feature of collection.features) {
        expect(feature.properties.count).not.toBeNull();
        expect(feature.properties.count!).toBeGreaterThanOrEqual(threshold);
        expect(feature.properties.suppressed).toBe(false);
      }
      // Every cell at or above the threshold is there, with its count.
      const large = [...expected].filter(([, count]) => count >= threshold);
      expect(new Map(collection.features.map((feature) => [feature.properties.cell, feature.properties.count]))).toEqual(new Map(large));
    }
  });

  it('marks small cells without their count when asked to', () => {
    const { collection, hiddenCells } = binPoints([9.9, 9.9, 10.1], [50.87, 50.87, 50.95], [4, 3, 2], 9, { threshold: 5, smallCells: 'mark' });
    expect(hiddenCells).toBe(1);
    const byCell = new Map(collection.features.map((feature) => [feature.properties.cell, feature.properties]));
    expect(byCell.get(latLngToCell(50.87, 9.9, 9))).toEqual({ cell: latLngToCell(50.87, 9.9, 9), count: 7, suppressed: false });
    expect(byCell.get(latLngToCell(50.95, 10.1, 9))).toEqual({ cell: latLngToCell(50.95, 10.1, 9), count: null, suppressed: true });
  });

  it('draws each cell as a closed WGS 84 hexagon holding the points counted in it', () => {
    const { lon, lat, weights } = scatter(2_000, 3);
    const index = indexPointsByCell(lon, lat, 8);
    const { collection } = hexBins(index, weights, { threshold: 1 });
    for (const feature of collection.features) {
      const ring = feature.geometry.coordinates[0]!;
      expect(ring).toHaveLength(7);
      expect(ring[0]).toEqual(ring[6]);
      expect(ring).toEqual(cellToBoundary(feature.properties.cell, true));
      expect(getResolution(feature.properties.cell)).toBe(8);
    }
    const polygons = new Map(collection.features.map((feature) => [feature.properties.cell, feature]));
    for (let point = 0; point < 200; point++) {
      const cell = index.cells[index.cellOfPoint[point]!]!;
      expect(booleanPointInPolygon([lon[point]!, lat[point]!], polygons.get(cell)!)).toBe(true);
    }
  });

  it('does not change its inputs', () => {
    const lon = Object.freeze([9.9, 9.91]) as unknown as number[];
    const lat = Object.freeze([50.87, 50.88]) as unknown as number[];
    const weights = Object.freeze([5, 6]) as unknown as number[];
    const index = indexPointsByCell(lon, lat, 9);
    const cells = [...index.cells];
    hexBins(index, weights, { threshold: 5 });
    expect(index.cells).toEqual(cells);
    expect([...lon, ...lat, ...weights]).toEqual([9.9, 9.91, 50.87, 50.88, 5, 6]);
  });

  it('reuses one cell index for several filters (weight 0 = filtered out)', () => {
    const { lon, lat, weights } = scatter(3_000, 5);
    const index = indexPointsByCell(lon, lat, 8);
    const evenOnly = weights.map((weight, point) => (point % 2 === 0 ? weight : 0));
    const direct = bruteForceCounts(
      lon.filter((_, point) => point % 2 === 0),
      lat.filter((_, point) => point % 2 === 0),
      weights.filter((_, point) => point % 2 === 0),
      8,
    );
    const { collection } = hexBins(index, evenOnly, { threshold: 1 });
    expect(new Map(collection.features.map((feature) => [feature.properties.cell, feature.properties.count]))).toEqual(direct);
  });
});

describe('hex sizes', () => {
  it('reads the width of a cell: about 350 m, 900 m and 2.4 km at resolutions 9, 8 and 7 in Germany', () => {
    expect(hexAcrossMeters(9, 9.9, 50.87)).toBeGreaterThan(300);
    expect(hexAcrossMeters(9, 9.9, 50.87)).toBeLessThan(420);
    expect(hexAcrossMeters(8, 9.9, 50.87)).toBeGreaterThan(800);
    expect(hexAcrossMeters(8, 9.9, 50.87)).toBeLessThan(1000);
    expect(hexAcrossMeters(7, 9.9, 50.87)).toBeGreaterThan(2100);
    expect(hexAcrossMeters(7, 9.9, 50.87)).toBeLessThan(2800);
  });

  it('chooses 350 m cells for a city district, 900 m for a Landkreis and 2.4 km for a very large one', () => {
    // Berlin-Mitte: about 40 km²; the demo district's box: about 900 km²; a large Landkreis: 3,000 km².
    expect(hexResolutionForArea(40e6)).toBe(9);
    expect(hexResolutionForArea(900e6)).toBe(8);
    expect(hexResolutionForArea(3000e6)).toBe(7);
    expect(hexResolutionForArea(0)).toBe(9);
  });
});
