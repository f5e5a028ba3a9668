import { describe, expect, it } from 'vitest';
import { ReachabilityEngine } from '../../../../src/geo/network/engine';
import { greedyMaximalCoverage } from '../../../../src/geo/network/location-choice';
import { RoadGraphBuilder } from '../../../../src/io/osm/graph';
import { DEFAULT_TRAVEL_SETTINGS, MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES } from '../../../../src/domain/travel';
import { seededRandom } from '../../../bench/seeded';
import { at, gridGraph, randomGraph } from './graphs';

const settings = { ...DEFAULT_TRAVEL_SETTINGS, walkKmh: 3.6, carSpeedShare: 1 };

/** Random places over the 2 km square of `randomGraph`, some off the roads. */
function randomPlaces(seed: number, count: number) {
  const random = seededRandom(seed);
  const lon: number[] = [];
  const lat: number[] = [];
  for (let place = 0; place < count; place++) {
    const [x, y] = at(random() * 2200 - 100, random() * 2200 - 100);
    lon.push(x);
    lat.push(y);
  }
  return { lon, lat };
}

describe('the reachability engine', { timeout: 60_000 }, () => {
  it('drives a one-way street one way only: to and from a place differ', () => {
    // 0 —— 1 —— 2 in a row, 500 m each; 0 → 1 is one-way for cars, and a long two-way detour 0 — 3 — 1.
    const builder = new RoadGraphBuilder();
    const residential = ROAD_CLASSES.indexOf('residential');
    builder.addNode(-1, ...at(0, 0));
    builder.addNode(-2, ...at(500, 0));
    builder.addNode(-3, ...at(1000, 0));
    builder.addNode(-4, ...at(250, 1500));
    const all = MODE_WALK | MODE_BIKE | MODE_CAR;
    builder.addEdge(0, 1, 500, all, 36, residential);
    builder.addEdge(1, 0, 500, MODE_WALK | MODE_BIKE, 36, residential);
    for (const [a, b, metres] of [[1, 2, 500], [0, 3, 1520], [3, 1, 1520]] as const) {
      builder.addEdge(a, b, metres, all, 36, residential);
      builder.addEdge(b, a, metres, all, 36, residential);
    }
    const engine = new ReachabilityEngine(builder.build(), settings);
    const [startLon, startLat] = at(0, 0);
    const [endLon, endLat] = at(1000, 0);
    const origin = { lon: [startLon], lat: [startLat] };
    const place = { lon: [endLon], lat: [endLat] };
    // 10 m/s by car: from 0 to 2 along the one-way street 1000 m = 100 s; back only over the detour 500 + 1520 + 1520 m.
    expect(engine.nearestSeconds('car', origin, place, 'from-origins')[0]).toBeCloseTo(100, 6);
    expect(engine.nearestSeconds('car', origin, place, 'to-origins')[0]).toBeCloseTo(354, 6);
    // Walking is not bound by it: 1000 m at 1 m/s both ways.
    expect(engine.nearestSeconds('walk', origin, place, 'to-origins')[0]).toBeCloseTo(1000, 0);
  });

  it('covers with each candidate exactly the places whose own time to it is within the limit', () => {
    const engine = new ReachabilityEngine(randomGraph(5, 400, 300), settings);
    const places = randomPlaces(6, 500);
    const candidates = randomPlaces(7, 25);
    for (const mode of ['walk', 'car'] as const) {
      const sets = engine.coverSets(mode, candidates, places, 600);
      for (let candidate = 0; candidate < 25; candidate++) {
        const seconds = engine.nearestSeconds(mode, { lon: [candidates.lon[candidate]!], lat: [candidates.lat[candidate]!] }, places, 'to-origins');
        const expected = [...seconds.keys()].filter((place) => seconds[place]! <= 600);
        expect([...sets.points.slice(sets.offsets[candidate], sets.offsets[candidate + 1])], `${mode} candidate ${candidate}`).toEqual(expected);
      }
    }
  });

  it('adds, per chosen site, exactly its gain to the coverage of the existing resources', () => {
    const engine = new ReachabilityEngine(randomGraph(8, 400, 300), settings);
    const places = randomPlaces(9, 400);
    const weight = places.lon.map((_, index) => 1 + (index % 4));
    const resources = randomPlaces(10, 3);
    const candidates = randomPlaces(11, 40);
    const coveredWeight = (origins: { lon: number[]; lat: number[] }) => {
      const seconds = engine.nearestSeconds('walk', origins, places, 'to-origins');
      return weight.reduce((sum, w, place) => sum + (seconds[place]! <= 480 ? w : 0), 0);
    };
    const seconds = engine.nearestSeconds('walk', resources, places, 'to-origins');
    const covered = Uint8Array.from(seconds, (time) => (time <= 480 ? 1 : 0));
    const sets = engine.coverSets('walk', candidates, places, 480, covered);
    const steps = greedyMaximalCoverage(sets, weight, covered, 3);
    expect(steps).toHaveLength(3);
    const chosen = { lon: [...resources.lon], lat: [...resources.lat] };
    let expected = coveredWeight(resources);
    for (const step of steps) {
      chosen.lon.push(candidates.lon[step.candidate]!);
      chosen.lat.push(candidates.lat[step.candidate]!);
      expected += step.gain;
      expect(coveredWeight(chosen)).toBe(expected);
      expect(step.covered).toBe(expected);
    }
  });

  it('without a network takes the straight line times the detour factor, and says it is an approximation', () => {
    const engine = new ReachabilityEngine(null, { ...settings, detourFactor: 1.5 }, {}, { lon: [10], lat: [50] });
    expect(engine.approximate).toBe(true);
    const [lon, lat] = at(0, 0);
    const [placeLon, placeLat] = at(300, 400);
    const seconds = engine.nearestSeconds('walk', { lon: [lon], lat: [lat] }, { lon: [placeLon], lat: [placeLat] }, 'to-origins');
    // 500 m × 1.5 at 1 m/s.
    expect(seconds[0]).toBeCloseTo(750, 6);
    expect(engine.nearestSeconds('walk', { lon: [lon], lat: [lat] }, { lon: [placeLon], lat: [placeLat] }, 'to-origins', 600)[0]).toBe(Infinity);
  });

  it('finds the nearest of several origins for every place of a grid, by hand', () => {
    const engine = new ReachabilityEngine(gridGraph({ columns: 11, rows: 11, spacingMeters: 100 }), settings);
    // Origins on two grid nodes; a place on a node 3 blocks east and 2 north of the first: 500 m along the streets.
    const [aLon, aLat] = at(-300, -300);
    const [bLon, bLat] = at(400, 400);
    const [pLon, pLat] = at(0, -100);
    const seconds = engine.nearestSeconds('walk', { lon: [aLon, bLon], lat: [aLat, bLat] }, { lon: [pLon], lat: [pLat] }, 'to-origins');
    expect(seconds[0]).toBeCloseTo(500, 6);
  });
});
