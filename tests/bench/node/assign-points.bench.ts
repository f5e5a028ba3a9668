/**
 * `assign-points`: assign 1,000,000 seeded points (households, demand records: clustered in
 * towns, some scattered, 2 % outside the district) to 200 seeded social spaces — a coverage
 * without gaps or overlaps whose borders are densified to ~1,000 vertices per space, shared
 * borders with identical vertices (tests/bench/dense-coverage.ts).
 *
 * Ours: `assignPoints` (src/geo/assign-points.ts), grid build included.
 * Peer: Turf's `booleanPointInPolygon` for every space in order until the first hit, run on the
 * first 2,000 points and scaled by 500 (its cost per point does not depend on the others).
 * Second peer, printed in the note: flatbush over the spaces' boxes + Turf point-in-polygon for
 * the candidates, i.e. `areasOfPoints` as it was before it wrapped `assignPoints` (copied
 * below), measured on the first 100,000 points (median of 3) and scaled by 10.
 *
 * Checked once, outside the timed runs: the counts per space (and every single point) equal
 * flatbush + Turf on all 1,000,000 points, and every point equals the Turf loop on its sample.
 */
import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { assignPoints } from '../../../src/geo/assign-points';
import { bboxOfGeometries } from '../../../src/geo/bbox';
import { denseCoverage } from '../dense-coverage';
import type { BenchCase } from '../harness';
import { median } from '../harness';
import { seededRandom } from '../seeded';

const POINTS = 1_000_000;
const SPACES = 200;
const TARGET_VERTICES = 200_000;
const TURF_SAMPLE = 2_000;
const FLATBUSH_SAMPLE = 100_000;

/** The coverage's rectangle (tests/bench/dense-coverage.ts). */
const WEST = 9.62;
const EAST = 10.18;
const SOUTH = 50.72;
const NORTH = 51.08;

interface Space {
  id: string;
  geometry: Polygon | MultiPolygon;
}

interface AssignData {
  spaces: Space[];
  vertexCount: number;
  lon: Float64Array;
  lat: Float64Array;
}

interface AssignNoteData extends AssignData {
  check: string;
  flatbushMilliseconds: number;
  oursTimes: number[];
}

/** 60 % around 16 towns (one county town, 3 small towns, 12 villages), 38 % scattered, 2 % just outside. */
function syntheticPoints(count: number, random: () => number): { lon: Float64Array; lat: Float64Array } {
  const towns = Array.from({ length: 16 }, (_, town) => ({
    lon: WEST + 0.05 + random() * (EAST - WEST - 0.1),
    lat: SOUTH + 0.04 + random() * (NORTH - SOUTH - 0.08),
    spread: 0.008 * (town === 0 ? 3 : town < 4 ? 1.5 : 0.6),
    weight: town === 0 ? 9 : town < 4 ? 2.25 : 0.36,
  }));
  const totalWeight = towns.reduce((sum, town) => sum + town.weight, 0);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const kind = random();
    if (kind < 0.02) {
      // A band of 0.02° around the district.
      const side = Math.floor(random() * 4);
      const along = random();
      const out = random() * 0.02;
      lon[index] = side === 0 ? WEST - out : side === 1 ? EAST + out : WEST + along * (EAST - WEST);
      lat[index] = side === 2 ? SOUTH - out : side === 3 ? NORTH + out : SOUTH + along * (NORTH - SOUTH);
    } else if (kind < 0.4) {
      lon[index] = WEST + random() * (EAST - WEST);
      lat[index] = SOUTH + random() * (NORTH - SOUTH);
    } else {
      let pick = random() * totalWeight;
      let town = towns[0]!;
      for (const candidate of towns) {
        town = candidate;
        pick -= candidate.weight;
        if (pick <= 0) break;
      }
      lon[index] = Math.min(EAST, Math.max(WEST, town.lon + (gaussian() * town.spread) / Math.cos((town.lat * Math.PI) / 180)));
      lat[index] = Math.min(NORTH, Math.max(SOUTH, town.lat + gaussian() * town.spread));
    }
  }
  return { lon, lat };
}

let cached: AssignData | undefined;
function data(): AssignData {
  if (!cached) {
    const { spaces, vertexCount } = denseCoverage(SPACES, TARGET_VERTICES, 7);
    cached = { spaces, vertexCount, ...syntheticPoints(POINTS, seededRandom(2026)) };
  }
  return cached;
}

/** The first `size` points. */
function sample(base: AssignData, size: number): AssignData {
  return { ...base, lon: base.lon.subarray(0, size), lat: base.lat.subarray(0, size) };
}

/** Peer 1: Turf's point-in-polygon for every space in order, first hit wins. */
function turfLoop(spaces: readonly Space[], lon: Float64Array, lat: Float64Array): Int32Array {
  const result = new Int32Array(lon.length).fill(-1);
  for (let point = 0; point < lon.length; point++) {
    const position = [lon[point]!, lat[point]!];
    for (let space = 0; space < spaces.length; space++) {
      if (booleanPointInPolygon(position, spaces[space]!.geometry)) {
        result[point] = space;
        break;
      }
    }
  }
  return result;
}

/** Peer 2: `areasOfPoints` before it wrapped `assignPoints` (flatbush over boxes + Turf). */
function flatbushTurf(lon: ArrayLike<number>, lat: ArrayLike<number>, areas: readonly Space[]): (string | null)[] {
  const result: (string | null)[] = new Array(lon.length).fill(null);
  const boxed = areas.map((area) => ({ area, box: bboxOfGeometries([area.geometry]) })).filter((entry) => entry.box !== null);
  if (boxed.length === 0) return result;
  const index = new Flatbush(boxed.length);
  for (const { box } of boxed) index.add(box![0], box![1], box![2], box![3]);
  index.finish();
  for (let point = 0; point < lon.length; point++) {
    const x = lon[point]!;
    const y = lat[point]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const candidates = index.search(x, y, x, y).sort((a, b) => a - b);
    for (const candidate of candidates) {
      if (booleanPointInPolygon([x, y], boxed[candidate]!.area.geometry)) {
        result[point] = boxed[candidate]!.area.id;
        break;
      }
    }
  }
  return result;
}

function timed(run: () => unknown, runs = 3): number {
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Counts per space (the last slot: outside all), from space indexes. */
function countsOf(assigned: Int32Array, spaceCount: number): Int32Array {
  const counts = new Int32Array(spaceCount + 1);
  for (const space of assigned) counts[space < 0 ? spaceCount : space]!++;
  return counts;
}

/** Once, outside the timed runs. Throws on any difference. */
function checks(base: AssignData): string {
  const ours = assignPoints(base.lon, base.lat, base.spaces);
  const indexOfId = new Map(base.spaces.map((space, index) => [space.id, index]));
  const start = performance.now();
  const flatbushIds = flatbushTurf(base.lon, base.lat, base.spaces);
  const flatbushFullMilliseconds = performance.now() - start;
  const flatbush = Int32Array.from(flatbushIds, (id) => (id === null ? -1 : indexOfId.get(id)!));
  const oursCounts = countsOf(ours, base.spaces.length);
  const flatbushCounts = countsOf(flatbush, base.spaces.length);
  const countDifferences = oursCounts.filter((count, space) => count !== flatbushCounts[space]).length;
  if (countDifferences > 0) throw new Error(`assign-points: counts differ from flatbush + turf in ${countDifferences} spaces`);
  const pointDifferences = ours.filter((space, point) => space !== flatbush[point]).length;
  if (pointDifferences > 0) throw new Error(`assign-points: ${pointDifferences} points differ from flatbush + turf`);
  const turf = turfLoop(base.spaces, base.lon.subarray(0, TURF_SAMPLE), base.lat.subarray(0, TURF_SAMPLE));
  const turfDifferences = turf.filter((space, point) => space !== ours[point]).length;
  if (turfDifferences > 0) throw new Error(`assign-points: ${turfDifferences} points differ from the turf loop`);
  const inside = ours.length - oursCounts[base.spaces.length]!;
  const spaceCounts = Array.from(oursCounts.subarray(0, base.spaces.length));
  return (
    `counts per space identical to flatbush + turf on all ${POINTS.toLocaleString('en')} points (every point too: ` +
    `${inside.toLocaleString('en')} in spaces, ${oursCounts[base.spaces.length]!.toLocaleString('en')} outside, ` +
    `${Math.min(...spaceCounts).toLocaleString('en')}–${Math.max(...spaceCounts).toLocaleString('en')} per space; ` +
    `that full run took ${Math.round(flatbushFullMilliseconds).toLocaleString('en')} ms), ` +
    `every point identical to the turf loop on its ${TURF_SAMPLE.toLocaleString('en')}`
  );
}

export const assignPointsBench: BenchCase = {
  name: 'assign-points',
  peer: 'turf.booleanPointInPolygon for each space in order until the first hit',
  setup: (): AssignNoteData => {
    const base = data();
    const check = checks(base);
    const flatbushSample = sample(base, FLATBUSH_SAMPLE);
    return {
      ...base,
      check,
      oursTimes: [],
      flatbushMilliseconds: timed(() => flatbushTurf(flatbushSample.lon, flatbushSample.lat, base.spaces)) * (POINTS / FLATBUSH_SAMPLE),
    };
  },
  ours: (bench: AssignNoteData) => {
    const start = performance.now();
    const result = assignPoints(bench.lon, bench.lat, bench.spaces);
    bench.oursTimes.push(performance.now() - start);
    return result;
  },
  peerRun: (bench: AssignData) => turfLoop(bench.spaces, bench.lon, bench.lat),
  peerSample: {
    size: TURF_SAMPLE,
    factor: POINTS / TURF_SAMPLE,
    setup: () => sample(data(), TURF_SAMPLE),
  },
  note: (bench: AssignNoteData) => {
    const oursMilliseconds = median(bench.oursTimes.slice(-5));
    return (
      `${POINTS.toLocaleString('en')} points, ${SPACES} spaces, ${bench.vertexCount.toLocaleString('en')} vertices; ` +
      `peer on ${TURF_SAMPLE.toLocaleString('en')} points, scaled; ` +
      `flatbush + turf.booleanPointInPolygon ${Math.round(bench.flatbushMilliseconds).toLocaleString('en')} ms ` +
      `(scaled from ${FLATBUSH_SAMPLE.toLocaleString('en')}, ratio ${(bench.flatbushMilliseconds / oursMilliseconds).toFixed(1)}); ` +
      bench.check
    );
  },
};
