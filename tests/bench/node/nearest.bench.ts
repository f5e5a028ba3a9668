/**
 * `nearest`: the nearest resource of each of 10 categories for 1,000,000 households, 2,000
 * resources, in a 40 km × 40 km district clustered around towns (seeded).
 *
 * Ours: `createNearestIndex` + `nearestAll` (src/geo/nearest.ts).
 * Peer: what a developer would write with geokdbush — one kdbush index per category, then
 * `around(index, lon, lat, 1)` and geokdbush's `distance` for every household and category.
 * The indexes use node size 16, the fastest of the variants tried (kdbush's default 64 and one
 * index for all categories with a category predicate are slower; both are measured once on
 * 10,000 households and printed in the note). The peer runs on the first 100,000 households
 * and is scaled by 10 (its cost per query does not depend on the others). turf.nearestPoint
 * per category (a loop over the category's points) is measured once on 1,000 households,
 * scaled, and printed in the note.
 *
 * Checked once, outside the timed runs: ours equals brute force (every resource of the
 * category with `greatCircleMeters`, ties to the lowest index) on 2,000 households, and agrees
 * with geokdbush and Turf (same resource, or one at the same distance within 1 µm: they use
 * their own haversine formulas) on their samples.
 */
import { nearestPoint, featureCollection, point } from '@turf/turf';
import { around, distance as geokdbushKilometers } from 'geokdbush';
import KDBush from 'kdbush';
import { createNearestIndex, greatCircleMeters, nearestAll, type NearestBatchResult, type NearestResources } from '../../../src/geo/nearest';
import type { BenchCase } from '../harness';
import { median } from '../harness';
import { seededRandom } from '../seeded';

const HOUSEHOLDS = 1_000_000;
const RESOURCES = 2_000;
const PEER_SAMPLE = 100_000;
const TURF_SAMPLE = 1_000;
const VARIANT_SAMPLE = 10_000;
/** kdbush node size of the peer's indexes: 16 was faster than 4, 8 and the default 64 here. */
const PEER_NODE_SIZE = 16;
const BRUTE_FORCE_SAMPLE = 2_000;

/** Kita, playground, sports club, primary school, secondary school, youth centre, family centre, counselling, paediatrician, library. */
const CATEGORY_SHARES = [0.22, 0.25, 0.15, 0.08, 0.03, 0.06, 0.05, 0.05, 0.06, 0.05];
const CATEGORY_COUNT = CATEGORY_SHARES.length;

/** The district: lon 9.62 … 10.19, lat 50.72 … 51.08 (≈ 40 km × 40 km). */
const WEST = 9.62;
const EAST = 10.19;
const SOUTH = 50.72;
const NORTH = 51.08;

export interface NearestBenchData {
  resources: NearestResources;
  queryLon: Float64Array;
  queryLat: Float64Array;
  check: string;
  oursTimes: number[];
}

interface Town {
  lon: number;
  lat: number;
  /** Spread in degrees of latitude. */
  spread: number;
  weight: number;
}

/** A seeded district: one county town, 3 small towns, 12 villages; `count` points placed in them or scattered. */
function districtPoints(count: number, scatteredShare: number, spreadFactor: number, random: () => number): { lon: Float64Array; lat: Float64Array } {
  const townRandom = seededRandom(7);
  const towns: Town[] = [];
  for (let town = 0; town < 16; town++) {
    const size = town === 0 ? 3 : town < 4 ? 1.5 : 0.6;
    towns.push({
      lon: WEST + 0.06 + townRandom() * (EAST - WEST - 0.12),
      lat: SOUTH + 0.04 + townRandom() * (NORTH - SOUTH - 0.08),
      spread: 0.008 * size,
      weight: size * size,
    });
  }
  const totalWeight = towns.reduce((sum, town) => sum + town.weight, 0);
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let index = 0; index < count; index++) {
    if (random() < scatteredShare) {
      lon[index] = WEST + random() * (EAST - WEST);
      lat[index] = SOUTH + random() * (NORTH - SOUTH);
      continue;
    }
    let pick = random() * totalWeight;
    let town = towns[0]!;
    for (const candidate of towns) {
      town = candidate;
      pick -= candidate.weight;
      if (pick <= 0) break;
    }
    const spread = town.spread * spreadFactor;
    lon[index] = Math.min(EAST, Math.max(WEST, town.lon + (gaussian() * spread) / Math.cos((town.lat * Math.PI) / 180)));
    lat[index] = Math.min(NORTH, Math.max(SOUTH, town.lat + gaussian() * spread));
  }
  return { lon, lat };
}

export function syntheticNearestData(): Omit<NearestBenchData, 'check' | 'oursTimes'> {
  const random = seededRandom(2025);
  const places = districtPoints(RESOURCES, 0.15, 1, random);
  const category = new Uint8Array(RESOURCES);
  for (let index = 0; index < RESOURCES; index++) {
    let pick = random();
    let code = 0;
    while (code < CATEGORY_COUNT - 1 && pick >= CATEGORY_SHARES[code]!) pick -= CATEGORY_SHARES[code++]!;
    category[index] = code;
  }
  const households = districtPoints(HOUSEHOLDS, 0.12, 1.2, random);
  return {
    resources: { lon: places.lon, lat: places.lat, category, categoryCount: CATEGORY_COUNT },
    queryLon: households.lon,
    queryLat: households.lat,
  };
}

function ours(data: Omit<NearestBenchData, 'check' | 'oursTimes'>): NearestBatchResult {
  return nearestAll(createNearestIndex(data.resources), data.queryLon, data.queryLat);
}

/** The peer: one kdbush per category, geokdbush.around(…, 1) per household and category. */
export function geokdbushLoop(resources: NearestResources, queryLon: Float64Array, queryLat: Float64Array, nodeSize = PEER_NODE_SIZE) {
  const members: number[][] = Array.from({ length: resources.categoryCount }, () => []);
  for (let index = 0; index < resources.lon.length; index++) members[resources.category[index]!]!.push(index);
  const trees = members.map((list) => {
    const tree = new KDBush(list.length, nodeSize);
    for (const index of list) tree.add(resources.lon[index]!, resources.lat[index]!);
    return tree.finish();
  });
  const count = queryLon.length;
  const resource = new Int32Array(count * resources.categoryCount).fill(-1);
  const kilometers = new Float64Array(count * resources.categoryCount).fill(Infinity);
  for (let query = 0; query < count; query++) {
    const lon = queryLon[query]!;
    const lat = queryLat[query]!;
    for (let category = 0; category < resources.categoryCount; category++) {
      const found = around(trees[category]!, lon, lat, 1);
      if (found.length === 0) continue;
      const nearest = members[category]![found[0]!]!;
      resource[query * resources.categoryCount + category] = nearest;
      kilometers[query * resources.categoryCount + category] = geokdbushKilometers(lon, lat, resources.lon[nearest]!, resources.lat[nearest]!);
    }
  }
  return { resource, kilometers };
}

/** geokdbush with one index over all resources (default node size) and a category predicate. */
function geokdbushPredicate(resources: NearestResources, queryLon: Float64Array, queryLat: Float64Array): Int32Array {
  const tree = new KDBush(resources.lon.length);
  for (let index = 0; index < resources.lon.length; index++) tree.add(resources.lon[index]!, resources.lat[index]!);
  tree.finish();
  const resource = new Int32Array(queryLon.length * resources.categoryCount).fill(-1);
  for (let query = 0; query < queryLon.length; query++) {
    for (let category = 0; category < resources.categoryCount; category++) {
      const found = around(tree, queryLon[query]!, queryLat[query]!, 1, Infinity, (id) => resources.category[id] === category);
      if (found.length > 0) resource[query * resources.categoryCount + category] = found[0]!;
    }
  }
  return resource;
}

/** turf.nearestPoint against a FeatureCollection per category. */
function turfLoop(resources: NearestResources, queryLon: Float64Array, queryLat: Float64Array): Int32Array {
  const members: number[][] = Array.from({ length: resources.categoryCount }, () => []);
  for (let index = 0; index < resources.lon.length; index++) members[resources.category[index]!]!.push(index);
  const collections = members.map((list) => featureCollection(list.map((index) => point([resources.lon[index]!, resources.lat[index]!]))));
  const resource = new Int32Array(queryLon.length * resources.categoryCount).fill(-1);
  for (let query = 0; query < queryLon.length; query++) {
    const target = point([queryLon[query]!, queryLat[query]!]);
    for (let category = 0; category < resources.categoryCount; category++) {
      if (members[category]!.length === 0) continue;
      const nearest = nearestPoint(target, collections[category]!);
      resource[query * resources.categoryCount + category] = members[category]![nearest.properties.featureIndex]!;
    }
  }
  return resource;
}

function sample(data: Omit<NearestBenchData, 'check' | 'oursTimes'>, size: number) {
  return { resources: data.resources, queryLon: data.queryLon.slice(0, size), queryLat: data.queryLat.slice(0, size) };
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

/**
 * Compares the peer's pick with ours on the first `count` households: same resource, or one at
 * the same distance (by our distance function, within 1 µm). Throws on any other difference.
 */
function agreement(name: string, data: Omit<NearestBenchData, 'check' | 'oursTimes'>, result: NearestBatchResult, peer: Int32Array, count: number): string {
  const { resources } = data;
  let same = 0;
  let tied = 0;
  for (let query = 0; query < count; query++) {
    for (let category = 0; category < CATEGORY_COUNT; category++) {
      const slot = query * CATEGORY_COUNT + category;
      const theirs = peer[slot]!;
      if (theirs === result.resource[slot]) {
        same++;
        continue;
      }
      const lon = data.queryLon[query]!;
      const lat = data.queryLat[query]!;
      const ourMeters = greatCircleMeters(lon, lat, resources.lon[result.resource[slot]!]!, resources.lat[result.resource[slot]!]!);
      const theirMeters = theirs < 0 ? Infinity : greatCircleMeters(lon, lat, resources.lon[theirs]!, resources.lat[theirs]!);
      if (Math.abs(ourMeters - theirMeters) > 1e-6) throw new Error(`${name} disagrees at household ${query}, category ${category}: ${theirMeters} m vs ours ${ourMeters} m`);
      tied++;
    }
  }
  return `${name} same resource ${same}/${count * CATEGORY_COUNT}${tied ? `, ${tied} others at the same distance` : ''}`;
}

/** Once, outside the timed runs. */
function checks(data: Omit<NearestBenchData, 'check' | 'oursTimes'>, result: NearestBatchResult): string {
  const { resources } = data;
  let differences = 0;
  for (let query = 0; query < BRUTE_FORCE_SAMPLE; query++) {
    const best = new Float64Array(CATEGORY_COUNT).fill(Infinity);
    const bestResource = new Int32Array(CATEGORY_COUNT).fill(-1);
    for (let index = 0; index < RESOURCES; index++) {
      const meters = greatCircleMeters(data.queryLon[query]!, data.queryLat[query]!, resources.lon[index]!, resources.lat[index]!);
      const category = resources.category[index]!;
      if (meters < best[category]!) {
        best[category] = meters;
        bestResource[category] = index;
      }
    }
    for (let category = 0; category < CATEGORY_COUNT; category++) {
      const slot = query * CATEGORY_COUNT + category;
      if (result.resource[slot] !== bestResource[category] || result.distanceMeters[slot] !== Math.fround(best[category]!)) differences++;
    }
  }
  if (differences > 0) throw new Error(`nearest: ${differences} differences from brute force`);
  const peerSample = sample(data, PEER_SAMPLE);
  const peer = geokdbushLoop(resources, peerSample.queryLon, peerSample.queryLat);
  const geokdbush = agreement('geokdbush', data, result, peer.resource, PEER_SAMPLE);
  const turfSample = sample(data, TURF_SAMPLE);
  const turf = agreement('turf', data, result, turfLoop(resources, turfSample.queryLon, turfSample.queryLat), TURF_SAMPLE);
  return `identical to brute force on ${BRUTE_FORCE_SAMPLE.toLocaleString('en')} households × ${CATEGORY_COUNT} categories; ${geokdbush}; ${turf}`;
}

let cached: Omit<NearestBenchData, 'check' | 'oursTimes'> | undefined;
function data(): Omit<NearestBenchData, 'check' | 'oursTimes'> {
  cached ??= syntheticNearestData();
  return cached;
}

interface NearestNoteData extends NearestBenchData {
  turfMilliseconds: number;
  defaultNodeSizeMilliseconds: number;
  predicateMilliseconds: number;
}

export const nearestBench: BenchCase = {
  name: 'nearest',
  peer: 'geokdbush.around(kdbush of the category, node size 16, lon, lat, 1) per household and category',
  setup: (): NearestNoteData => {
    const base = data();
    const check = checks(base, ours(base));
    const turfSample = sample(base, TURF_SAMPLE);
    const variantSample = sample(base, VARIANT_SAMPLE);
    const variantScale = HOUSEHOLDS / VARIANT_SAMPLE;
    return {
      ...base,
      check,
      oursTimes: [],
      turfMilliseconds: timed(() => turfLoop(base.resources, turfSample.queryLon, turfSample.queryLat)) * (HOUSEHOLDS / TURF_SAMPLE),
      defaultNodeSizeMilliseconds: timed(() => geokdbushLoop(base.resources, variantSample.queryLon, variantSample.queryLat, 64)) * variantScale,
      predicateMilliseconds: timed(() => geokdbushPredicate(base.resources, variantSample.queryLon, variantSample.queryLat)) * variantScale,
    };
  },
  ours: (bench: NearestNoteData) => {
    const start = performance.now();
    const result = ours(bench);
    bench.oursTimes.push(performance.now() - start);
    return result;
  },
  peerRun: (bench: NearestBenchData) => geokdbushLoop(bench.resources, bench.queryLon, bench.queryLat),
  peerSample: {
    size: PEER_SAMPLE,
    factor: HOUSEHOLDS / PEER_SAMPLE,
    setup: () => sample(data(), PEER_SAMPLE),
  },
  note: (bench: NearestNoteData) => {
    const oursMilliseconds = median(bench.oursTimes.slice(-5));
    const round = (milliseconds: number) => Math.round(milliseconds).toLocaleString('en');
    return (
      `${HOUSEHOLDS.toLocaleString('en')} households, ${RESOURCES.toLocaleString('en')} resources in ${CATEGORY_COUNT} categories, 40 × 40 km; ` +
      `peer on ${PEER_SAMPLE.toLocaleString('en')} households, scaled; ` +
      `turf.nearestPoint per category ${round(bench.turfMilliseconds)} ms (scaled from ${TURF_SAMPLE.toLocaleString('en')}, ratio ${(bench.turfMilliseconds / oursMilliseconds).toFixed(0)}); ` +
      `geokdbush per category with node size 64 ${round(bench.defaultNodeSizeMilliseconds)} ms (ratio ${(bench.defaultNodeSizeMilliseconds / oursMilliseconds).toFixed(0)}), ` +
      `one index + category predicate ${round(bench.predicateMilliseconds)} ms (ratio ${(bench.predicateMilliseconds / oursMilliseconds).toFixed(0)}), both scaled from ${VARIANT_SAMPLE.toLocaleString('en')}; ` +
      bench.check
    );
  },
};
