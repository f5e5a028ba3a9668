import { distance as turfDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import {
  createNearestIndex,
  greatCircleMeters,
  nearestAll,
  nearestPerCategory,
  type NearestHit,
  type NearestResources,
} from '../../../src/geo/nearest';
import { seededRandom } from '../../bench/seeded';

/** Resources clustered around a few towns in a 40 km × 40 km area around lon 9.9, lat 50.9. */
function clusteredResources(count: number, categoryCount: number, seed: number, decimals?: number): NearestResources {
  const random = seededRandom(seed);
  const towns = Array.from({ length: 6 }, () => [9.62 + random() * 0.56, 50.72 + random() * 0.36] as const);
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const category = new Uint8Array(count);
  const round = (value: number) => (decimals === undefined ? value : Number(value.toFixed(decimals)));
  for (let index = 0; index < count; index++) {
    const town = towns[Math.floor(random() * towns.length)]!;
    const spread = random() < 0.7 ? 0.03 : 0.25;
    lon[index] = round(town[0] + (random() - 0.5) * spread * 1.6);
    lat[index] = round(town[1] + (random() - 0.5) * spread);
    // Uneven category sizes: low codes are frequent, the highest is rare.
    category[index] = Math.min(categoryCount - 1, Math.floor(random() ** 2 * categoryCount));
  }
  return { lon, lat, category, categoryCount };
}

function randomQueries(count: number, seed: number, decimals?: number): { lon: Float64Array; lat: Float64Array } {
  const random = seededRandom(seed);
  const round = (value: number) => (decimals === undefined ? value : Number(value.toFixed(decimals)));
  return {
    lon: Float64Array.from({ length: count }, () => round(9.55 + random() * 0.7)),
    lat: Float64Array.from({ length: count }, () => round(50.68 + random() * 0.44)),
  };
}

/** The reference: every resource of the category, smallest distance, ties to the lowest index. */
function bruteForce(resources: NearestResources, queryLon: Float64Array, queryLat: Float64Array) {
  const { categoryCount } = resources;
  const resource = new Int32Array(queryLon.length * categoryCount).fill(-1);
  const distance = new Float64Array(queryLon.length * categoryCount).fill(Infinity);
  for (let query = 0; query < queryLon.length; query++) {
    const lon = queryLon[query]!;
    const lat = queryLat[query]!;
    const row = query * categoryCount;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90) {
      distance.fill(Number.NaN, row, row + categoryCount);
      continue;
    }
    for (let candidate = 0; candidate < resources.lon.length; candidate++) {
      if (!Number.isFinite(resources.lon[candidate]!) || !Number.isFinite(resources.lat[candidate]!)) continue;
      const slot = row + resources.category[candidate]!;
      const meters = greatCircleMeters(lon, lat, resources.lon[candidate]!, resources.lat[candidate]!);
      if (meters < distance[slot]!) {
        distance[slot] = meters;
        resource[slot] = candidate;
      }
    }
  }
  return { resource, distance };
}

function bruteForceK(resources: NearestResources, lon: number, lat: number, k: number, maxDistanceMeters: number): NearestHit[][] {
  const lists: NearestHit[][] = Array.from({ length: resources.categoryCount }, () => []);
  for (let candidate = 0; candidate < resources.lon.length; candidate++) {
    const meters = greatCircleMeters(lon, lat, resources.lon[candidate]!, resources.lat[candidate]!);
    if (meters <= maxDistanceMeters) lists[resources.category[candidate]!]!.push({ resource: candidate, distanceMeters: meters });
  }
  return lists.map((hits) => hits.sort((a, b) => a.distanceMeters - b.distanceMeters || a.resource - b.resource).slice(0, k));
}

/** Counts the slots where the engine differs from brute force (index, or distance as float32). */
function differences(resources: NearestResources, queryLon: Float64Array, queryLat: Float64Array): number {
  const ours = nearestAll(createNearestIndex(resources), queryLon, queryLat);
  const reference = bruteForce(resources, queryLon, queryLat);
  let different = 0;
  for (let slot = 0; slot < reference.resource.length; slot++) {
    const distance = ours.distanceMeters[slot]!;
    const expected = Math.fround(reference.distance[slot]!);
    const sameDistance = distance === expected || (Number.isNaN(distance) && Number.isNaN(expected));
    if (ours.resource[slot] !== reference.resource[slot] || !sameDistance) different++;
  }
  return different;
}

describe('greatCircleMeters', () => {
  it('agrees with Turf (haversine, same radius) to a micrometre per kilometre', () => {
    const random = seededRandom(3);
    for (let pair = 0; pair < 1000; pair++) {
      const a: [number, number] = [6 + random() * 9, 47 + random() * 8];
      const b: [number, number] = [6 + random() * 9, 47 + random() * 8];
      const turfMeters = turfDistance(a, b, { units: 'meters' });
      expect(Math.abs(greatCircleMeters(a[0], a[1], b[0], b[1]) - turfMeters)).toBeLessThanOrEqual(1e-9 * turfMeters + 1e-6);
    }
  });

  it('equals 2R·asin(chord / 2) to a few units in the last place from a millimetre to 1,000 km', () => {
    const random = seededRandom(4);
    // The same unit vectors as the module (radians as degrees × (π / 180)), so only the
    // chord-to-metres step is compared.
    const unit = (lon: number, lat: number) => {
      const phi = lat * (Math.PI / 180);
      const lambda = lon * (Math.PI / 180);
      return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)] as const;
    };
    for (let pair = 0; pair < 2000; pair++) {
      // Offsets from 1e-8° to 10°, log-uniform, so both sides of the series' 127 km switch count.
      const offset = 10 ** (-8 + random() * 9);
      const angle = random() * 2 * Math.PI;
      const a = [10, 51] as const;
      const b = [10 + offset * Math.cos(angle), 51 + offset * Math.sin(angle)] as const;
      const [ax, ay, az] = unit(a[0], a[1]);
      const [bx, by, bz] = unit(b[0], b[1]);
      const chord = Math.hypot(ax - bx, ay - by, az - bz);
      const reference = 2 * 6_371_008.8 * Math.asin(chord / 2);
      expect(Math.abs(greatCircleMeters(a[0], a[1], b[0], b[1]) - reference)).toBeLessThanOrEqual(4 * Number.EPSILON * reference);
    }
  });

  it('measures one degree of latitude as 111.195 km and is zero for the same point', () => {
    expect(greatCircleMeters(10, 50, 10, 51)).toBeCloseTo(111_195.08, 1);
    expect(greatCircleMeters(9.9, 50.9, 9.9, 50.9)).toBe(0);
  });
});

describe('nearestAll', () => {
  it('equals brute force for 20,000 random queries over 600 clustered resources in 8 categories', () => {
    const resources = clusteredResources(600, 8, 11);
    const queries = randomQueries(20_000, 12);
    expect(differences(resources, queries.lon, queries.lat)).toBe(0);
  });

  it('equals brute force where most distances tie (coordinates on a 0.01° grid, duplicates)', () => {
    const resources = clusteredResources(400, 5, 21, 2);
    const queries = randomQueries(4000, 22, 2);
    expect(differences(resources, queries.lon, queries.lat)).toBe(0);
  });

  it('equals brute force with many resources per category and few queries', () => {
    const resources = clusteredResources(6000, 2, 31);
    const queries = randomQueries(300, 32);
    expect(differences(resources, queries.lon, queries.lat)).toBe(0);
  });

  it('gives the lowest index among resources at the same position', () => {
    const resources: NearestResources = {
      lon: Float64Array.from([10.1, 10, 10, 10, 10.2]),
      lat: Float64Array.from([51, 51, 51, 51, 51]),
      category: Uint8Array.from([0, 1, 0, 0, 0]),
      categoryCount: 2,
    };
    const result = nearestAll(createNearestIndex(resources), Float64Array.from([10.01, 10]), Float64Array.from([51, 51]));
    expect([...result.resource]).toEqual([2, 1, 2, 1]);
    expect(result.distanceMeters[2]).toBe(0);
  });

  it('settles a tie in metres by the lower index even when the squared chords differ in the last bit', () => {
    // 700 m west and east of the query on its parallel: the chords differ by one unit in the
    // last place (the eastern one is shorter), the distances in metres are equal.
    const resources: NearestResources = {
      lon: Float64Array.from([9.668, 9.682]),
      lat: Float64Array.from([51.086, 51.086]),
      category: Uint8Array.from([0, 0]),
      categoryCount: 1,
    };
    expect(greatCircleMeters(9.675, 51.086, 9.668, 51.086)).toBe(greatCircleMeters(9.675, 51.086, 9.682, 51.086));
    const queryLon = new Float64Array(40).fill(9.675);
    const queryLat = new Float64Array(40).fill(51.086);
    expect(new Set(nearestAll(createNearestIndex(resources), queryLon, queryLat).resource)).toEqual(new Set([0]));
  });

  it('answers a category without resources with -1 and Infinity', () => {
    const resources: NearestResources = {
      lon: Float64Array.from([10, 10.1]),
      lat: Float64Array.from([51, 51.1]),
      category: Uint16Array.from([0, 2]),
      categoryCount: 3,
    };
    const result = nearestAll(createNearestIndex(resources), Float64Array.from([10.05]), Float64Array.from([51.05]));
    expect([...result.resource]).toEqual([0, -1, 1]);
    expect(result.distanceMeters[1]).toBe(Infinity);
    expect(result.distanceMeters[0]).toBeGreaterThan(6000);
  });

  it('answers invalid query coordinates with -1 and NaN and still answers the others', () => {
    const resources = clusteredResources(50, 3, 41);
    const result = nearestAll(
      createNearestIndex(resources),
      Float64Array.from([Number.NaN, 9.9, 9.9, Infinity, 9.95]),
      Float64Array.from([50.9, Number.NaN, 95, 50.9, 50.9]),
    );
    for (let slot = 0; slot < 12; slot++) {
      expect(result.resource[slot]).toBe(-1);
      expect(result.distanceMeters[slot]).toBeNaN();
    }
    for (let slot = 12; slot < 15; slot++) expect(result.resource[slot]).toBeGreaterThanOrEqual(0);
  });

  it('never returns a resource without coordinates', () => {
    const resources: NearestResources = {
      lon: Float64Array.from([Number.NaN, 10.5]),
      lat: Float64Array.from([51, 51]),
      category: Uint8Array.from([0, 0]),
      categoryCount: 1,
    };
    expect([...nearestAll(createNearestIndex(resources), Float64Array.from([10]), Float64Array.from([51])).resource]).toEqual([1]);
  });

  it('equals brute force for queries far outside the resources (Brazil, Australia, near the pole)', () => {
    const resources = clusteredResources(300, 4, 51);
    const random = seededRandom(52);
    const far = [
      [-47.9, -15.8],
      [151.2, -33.9],
      [-179.5, 10],
      [10, 89.99],
      [0, -90],
      [2.35, 48.85],
    ];
    const lon = Float64Array.from({ length: 600 }, (_, index) => far[index % far.length]![0]! + random() * 0.01);
    const lat = Float64Array.from({ length: 600 }, (_, index) => Math.max(-90, Math.min(90, far[index % far.length]![1]! + random() * 0.01)));
    expect(differences(resources, lon, lat)).toBe(0);
  });

  it('answers many queries at one position (a box of zero size)', () => {
    const resources = clusteredResources(200, 3, 61);
    const lon = new Float64Array(200).fill(9.9);
    const lat = new Float64Array(200).fill(50.9);
    expect(differences(resources, lon, lat)).toBe(0);
  });

  it('leaves its inputs unchanged', () => {
    const resources = clusteredResources(300, 4, 71);
    const queries = randomQueries(500, 72);
    const copies = [resources.lon, resources.lat, resources.category, queries.lon, queries.lat].map((array) => array.slice());
    nearestAll(createNearestIndex(resources), queries.lon, queries.lat);
    expect([resources.lon, resources.lat, resources.category, queries.lon, queries.lat]).toEqual(copies);
  });

  it('rejects a category code outside the category count', () => {
    expect(() =>
      createNearestIndex({ lon: Float64Array.from([10]), lat: Float64Array.from([51]), category: Uint8Array.from([3]), categoryCount: 3 }),
    ).toThrow(RangeError);
  });
});

describe('nearestPerCategory', () => {
  it('equals brute force for k = 1, 3, 7 with and without a maximum distance', () => {
    const resources = clusteredResources(800, 6, 81);
    const index = createNearestIndex(resources);
    const queries = randomQueries(150, 82);
    let compared = 0;
    for (let query = 0; query < 150; query++) {
      for (const k of [1, 3, 7]) {
        for (const maxDistanceMeters of [Infinity, 1500]) {
          const lon = queries.lon[query]!;
          const lat = queries.lat[query]!;
          const expected = bruteForceK(resources, lon, lat, k, maxDistanceMeters);
          expect(nearestPerCategory(index, lon, lat, { k, maxDistanceMeters })).toEqual(expected);
          compared += expected.reduce((sum, hits) => sum + hits.length, 0);
        }
      }
    }
    // Guards against an empty comparison.
    expect(compared).toBeGreaterThan(5000);
  });

  it('returns the single nearest by default, all of a small category for a large k, none of an empty one', () => {
    const resources: NearestResources = {
      lon: Float64Array.from([10, 10.2, 10.1]),
      lat: Float64Array.from([51, 51, 51]),
      category: Uint8Array.from([0, 0, 2]),
      categoryCount: 3,
    };
    const index = createNearestIndex(resources);
    expect(nearestPerCategory(index, 10.15, 51).map((hits) => hits.map((hit) => hit.resource))).toEqual([[1], [], [2]]);
    expect(nearestPerCategory(index, 10.15, 51, { k: 10 })[0]!.map((hit) => hit.resource)).toEqual([1, 0]);
    expect(nearestPerCategory(index, 10.15, 51, { maxDistanceMeters: 1000 })).toEqual([[], [], []]);
  });

  it('finds resources from far away and ties at one position by index', () => {
    const resources: NearestResources = {
      lon: Float64Array.from([10, 10, 12]),
      lat: Float64Array.from([51, 51, 50]),
      category: Uint8Array.from([0, 0, 0]),
      categoryCount: 1,
    };
    const index = createNearestIndex(resources);
    const hits = nearestPerCategory(index, -47.9, -15.8, { k: 3 })[0]!;
    expect(hits).toEqual(bruteForceK(resources, -47.9, -15.8, 3, Infinity)[0]);
    expect(hits.map((hit) => hit.resource)).toEqual([0, 1, 2]);
  });

  it('returns empty lists for an invalid point', () => {
    const index = createNearestIndex(clusteredResources(20, 2, 91));
    expect(nearestPerCategory(index, Number.NaN, 51)).toEqual([[], []]);
  });
});
