/**
 * Nearest resource per category ("Was ist in der Nähe?"): for many query points (households)
 * the nearest resource of every category, and for one point the k nearest per category.
 *
 * Distance is the great-circle distance on a sphere of radius 6,371,008.8 m (the mean Earth
 * radius, as in Turf), computed from the chord between unit vectors:
 * `2 R asin(|u(a) − u(b)| / 2)`. `greatCircleMeters` is that function; both searches return,
 * bit for bit, what a loop over all resources of a category with `greatCircleMeters` returns
 * (smallest distance, ties to the lowest resource index).
 *
 * Batch search (`nearestAll`): the queries are sorted into a grid (Morton order, one counting
 * sort) and split into ever smaller boxes — the grid's quadrants, then halves of the longer
 * side. Each box carries, per category, the resources that can still be the nearest to some
 * point of the box: a resource is dropped when a lower bound of its distance to the box exceeds
 * the smallest upper bound of another one (its distance to the farthest box corner). Children
 * start from the parent's short lists, so after a few levels most categories have one
 * candidate and a query costs a few multiplications and one arcsine per category. Bounds are
 * compared with a margin (1e-9 relative plus ~6 µm) far above rounding, so a dropped resource
 * is strictly farther for every point of the box; candidates within rounding of each other
 * are settled on the exact distance.
 *
 * Single point (`nearestPerCategory`): one kdbush index per category over longitude/latitude,
 * queried with the bounding box of a spherical cap whose radius grows until it holds k
 * resources (or reaches `maxDistanceMeters`).
 *
 * Both are exact anywhere; near the ±180° meridian or a pole the bounds fall back to weaker
 * ones (slower, not wrong). Points with a non-finite coordinate or a latitude beyond ±90° are
 * ignored as resources and answered with index -1 and distance NaN as queries. A category
 * without resources gives -1 and Infinity.
 */
import KDBush from 'kdbush';

export const EARTH_RADIUS_METERS = 6_371_008.8;

const RADIANS_PER_DEGREE = Math.PI / 180;
/** Margins for comparing bounds: far above rounding errors (~1e-15 in chord units). */
const RELATIVE_MARGIN = 1e-9;
/** In chord units of the unit sphere: 1e-12 ≈ 6 µm. */
const ABSOLUTE_MARGIN = 1e-12;
/** Boxes with at most this many queries are answered directly from their candidate lists. */
const LEAF_QUERIES = 64;
/**
 * Nor are boxes whose lists hold at most this many candidates beyond one per category: a split
 * costs more per query (a pass over its queries) than a few more distances.
 */
const EXTRA_CANDIDATES_PER_LEAF = 4;
const MAX_DEPTH = 64;

export interface NearestResources {
  /** Longitude in degrees (WGS84) per resource. */
  lon: Float64Array;
  /** Latitude in degrees (WGS84) per resource. */
  lat: Float64Array;
  /** Category code per resource, 0 … categoryCount − 1. */
  category: Uint8Array | Uint16Array;
  categoryCount: number;
}

export interface NearestIndex {
  readonly resourceCount: number;
  readonly categoryCount: number;
  /** Resources of category c are `categoryMembers[categoryOffsets[c] … categoryOffsets[c + 1])`, ascending. */
  readonly categoryOffsets: Int32Array;
  readonly categoryMembers: Int32Array;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Unit vector of each resource on the sphere. */
  readonly unitX: Float64Array;
  readonly unitY: Float64Array;
  readonly unitZ: Float64Array;
  readonly cosLat: Float64Array;
  /** Per category over (lon, lat); item i is `categoryMembers[categoryOffsets[c] + i]`. */
  readonly trees: readonly (KDBush | null)[];
  /** Per category: a distance that typically holds one resource (start radius of a search). */
  readonly typicalSpacingMeters: Float64Array;
  /** True when some resource longitude lies outside −180 … 180 (search boxes then span all longitudes). */
  readonly longitudesOutOfRange: boolean;
}

export interface NearestBatchResult {
  queryCount: number;
  categoryCount: number;
  /** Nearest resource per query and category at `query * categoryCount + category`; -1 if none. */
  resource: Int32Array;
  /** Its distance in metres (float32), Infinity for a category without resources, NaN for an invalid query. */
  distanceMeters: Float32Array;
}

export interface NearestHit {
  resource: number;
  distanceMeters: number;
}

export interface NearestOptions {
  /** Resources per category, nearest first (default 1). */
  k?: number;
  /** Only resources at most this far (default: no limit). */
  maxDistanceMeters?: number;
}

function validPoint(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lat >= -90 && lat <= 90;
}

/**
 * Metres of great-circle distance for a squared chord c² of the unit sphere: 2R asin(c / 2).
 * Below c / 2 = 0.01 (127 km) the arcsine is its series up to x⁷, whose remainder is below
 * 4e-18 relative (under rounding), and costs a fraction of Math.asin, which otherwise takes
 * about a sixth of the batch search.
 */
function chordSquaredToMeters(chordSquared: number): number {
  const half = Math.sqrt(chordSquared) * 0.5;
  if (half < 0.01) {
    const squared = half * half;
    return 2 * EARTH_RADIUS_METERS * half * (1 + squared * (1 / 6 + squared * (3 / 40 + squared * (5 / 112))));
  }
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, half));
}

/** Great-circle distance in metres; the distance every search in this module uses. */
export function greatCircleMeters(lonA: number, latA: number, lonB: number, latB: number): number {
  const phiA = latA * RADIANS_PER_DEGREE;
  const lambdaA = lonA * RADIANS_PER_DEGREE;
  const cosA = Math.cos(phiA);
  const phiB = latB * RADIANS_PER_DEGREE;
  const lambdaB = lonB * RADIANS_PER_DEGREE;
  const cosB = Math.cos(phiB);
  const dx = cosA * Math.cos(lambdaA) - cosB * Math.cos(lambdaB);
  const dy = cosA * Math.sin(lambdaA) - cosB * Math.sin(lambdaB);
  const dz = Math.sin(phiA) - Math.sin(phiB);
  return chordSquaredToMeters(dx * dx + dy * dy + dz * dz);
}

/** Rigorous lower bound of sin(x) for x ≥ 0 (Taylor with the first dropped term negative). */
function sinLowerBound(x: number): number {
  return x < 1 ? x - (x * x * x) / 6 : Math.sin(Math.min(x, Math.PI / 2));
}

export function createNearestIndex(resources: NearestResources): NearestIndex {
  const { lon, lat, category, categoryCount } = resources;
  const count = lon.length;
  if (lat.length !== count || category.length !== count) throw new RangeError('createNearestIndex: lon, lat and category differ in length');
  if (!Number.isInteger(categoryCount) || categoryCount < 0) throw new RangeError('createNearestIndex: categoryCount must be a whole number ≥ 0');
  const unitX = new Float64Array(count);
  const unitY = new Float64Array(count);
  const unitZ = new Float64Array(count);
  const cosLat = new Float64Array(count);
  const categoryOffsets = new Int32Array(categoryCount + 1);
  let longitudesOutOfRange = false;
  for (let resource = 0; resource < count; resource++) {
    const code = category[resource]!;
    if (code >= categoryCount) throw new RangeError(`createNearestIndex: category ${code} of resource ${resource} ≥ categoryCount ${categoryCount}`);
    const resourceLon = lon[resource]!;
    const resourceLat = lat[resource]!;
    if (!validPoint(resourceLon, resourceLat)) continue;
    if (resourceLon < -180 || resourceLon > 180) longitudesOutOfRange = true;
    const phi = resourceLat * RADIANS_PER_DEGREE;
    const lambda = resourceLon * RADIANS_PER_DEGREE;
    const cosPhi = Math.cos(phi);
    cosLat[resource] = cosPhi;
    unitX[resource] = cosPhi * Math.cos(lambda);
    unitY[resource] = cosPhi * Math.sin(lambda);
    unitZ[resource] = Math.sin(phi);
    categoryOffsets[code + 1]!++;
  }
  for (let code = 0; code < categoryCount; code++) categoryOffsets[code + 1]! += categoryOffsets[code]!;
  const categoryMembers = new Int32Array(categoryOffsets[categoryCount]!);
  const fill = categoryOffsets.slice(0, categoryCount);
  for (let resource = 0; resource < count; resource++) {
    if (validPoint(lon[resource]!, lat[resource]!)) categoryMembers[fill[category[resource]!]!++] = resource;
  }
  const trees: (KDBush | null)[] = [];
  const typicalSpacingMeters = new Float64Array(categoryCount);
  for (let code = 0; code < categoryCount; code++) {
    const from = categoryOffsets[code]!;
    const to = categoryOffsets[code + 1]!;
    if (from === to) {
      trees.push(null);
      continue;
    }
    const tree = new KDBush(to - from, 16);
    let minLon = Infinity;
    let maxLon = -Infinity;
    let minLat = Infinity;
    let maxLat = -Infinity;
    for (let position = from; position < to; position++) {
      const resource = categoryMembers[position]!;
      tree.add(lon[resource]!, lat[resource]!);
      minLon = Math.min(minLon, lon[resource]!);
      maxLon = Math.max(maxLon, lon[resource]!);
      minLat = Math.min(minLat, lat[resource]!);
      maxLat = Math.max(maxLat, lat[resource]!);
    }
    trees.push(tree.finish());
    const widthMeters = (maxLon - minLon) * RADIANS_PER_DEGREE * EARTH_RADIUS_METERS * Math.cos(((minLat + maxLat) / 2) * RADIANS_PER_DEGREE);
    const heightMeters = (maxLat - minLat) * RADIANS_PER_DEGREE * EARTH_RADIUS_METERS;
    typicalSpacingMeters[code] = Math.max(100, Math.sqrt((Math.max(widthMeters, 1) * Math.max(heightMeters, 1)) / (to - from)));
  }
  return {
    resourceCount: count,
    categoryCount,
    categoryOffsets,
    categoryMembers,
    lon: lon.slice(),
    lat: lat.slice(),
    unitX,
    unitY,
    unitZ,
    cosLat,
    trees,
    typicalSpacingMeters,
    longitudesOutOfRange,
  };
}

/**
 * The recursive box search of `nearestAll`. Candidate lists live in one buffer per depth:
 * category c of depth d is `lists[d][offsets[d][c] … offsets[d][c + 1])`.
 */
class BatchSearch {
  readonly #index: NearestIndex;
  /** The valid queries' coordinates and ids, reordered box by box as the search splits them. */
  readonly #queryLon: Float64Array;
  readonly #queryLat: Float64Array;
  readonly #order: Uint32Array;
  readonly #resource: Int32Array;
  readonly #distance: Float32Array;
  readonly #lists: Int32Array[] = [];
  readonly #offsets: Int32Array[] = [];
  /** Unit vectors of the four corners of the box being filtered. */
  readonly #corners = new Float64Array(12);
  #leafX = new Float64Array(0);
  #leafY = new Float64Array(0);
  #leafZ = new Float64Array(0);
  #leafRow = new Int32Array(0);
  #cellStart: Int32Array = new Int32Array(1);
  #bits = 0;

  constructor(index: NearestIndex, queryLon: Float64Array, queryLat: Float64Array, order: Uint32Array, resource: Int32Array, distance: Float32Array) {
    this.#index = index;
    this.#queryLon = queryLon;
    this.#queryLat = queryLat;
    this.#order = order;
    this.#resource = resource;
    this.#distance = distance;
  }

  #level(depth: number): void {
    while (this.#lists.length <= depth) {
      this.#lists.push(new Int32Array(this.#index.categoryMembers.length));
      this.#offsets.push(new Int32Array(this.#index.categoryCount + 1));
    }
  }

  /**
   * Answers all queries. They arrive sorted by the Morton key of a 2^bits × 2^bits grid over
   * their box, with `cellStart[key]` the first query of each cell, so the upper levels of the
   * split are quadrants found without moving queries.
   */
  run(count: number, lon0: number, lon1: number, lat0: number, lat1: number, cellStart: Int32Array, bits: number): void {
    this.#cellStart = cellStart;
    this.#bits = bits;
    this.#level(0);
    this.#lists[0]!.set(this.#index.categoryMembers);
    this.#offsets[0]!.set(this.#index.categoryOffsets);
    this.#level(1);
    this.#filter(0, lon0, lon1, lat0, lat1);
    this.#solve(0, count, lon0, lon1, lat0, lat1, 1, 0, 0);
  }

  #setCorner(corner: number, lon: number, lat: number): void {
    const phi = lat * RADIANS_PER_DEGREE;
    const lambda = lon * RADIANS_PER_DEGREE;
    const cosPhi = Math.cos(phi);
    this.#corners[corner * 3] = cosPhi * Math.cos(lambda);
    this.#corners[corner * 3 + 1] = cosPhi * Math.sin(lambda);
    this.#corners[corner * 3 + 2] = Math.sin(phi);
  }

  /** Filters the lists of `depth` for the box into the lists of `depth + 1`. */
  #filter(depth: number, lon0: number, lon1: number, lat0: number, lat1: number): void {
    const index = this.#index;
    const { unitX, unitY, unitZ, cosLat } = index;
    const resourceLon = index.lon;
    const resourceLat = index.lat;
    const from = this.#lists[depth]!;
    const fromOffsets = this.#offsets[depth]!;
    const to = this.#lists[depth + 1]!;
    const toOffsets = this.#offsets[depth + 1]!;
    const corners = this.#corners;
    this.#setCorner(0, lon0, lat0);
    this.#setCorner(1, lon1, lat0);
    this.#setCorner(2, lon0, lat1);
    this.#setCorner(3, lon1, lat1);
    const cosMin = Math.min(Math.cos(lat0 * RADIANS_PER_DEGREE), Math.cos(lat1 * RADIANS_PER_DEGREE));
    let written = 0;
    for (let category = 0; category < index.categoryCount; category++) {
      const start = fromOffsets[category]!;
      const end = fromOffsets[category + 1]!;
      toOffsets[category] = written;
      if (end - start <= 1) {
        if (end > start) to[written++] = from[start]!;
        continue;
      }
      // Smallest upper bound: the farthest corner is the farthest point of a lon/lat box from
      // a point less than 90° of longitude away (distance grows with the longitude difference
      // along a parallel and has no interior maximum along a meridian).
      let upper = Infinity;
      for (let position = start; position < end; position++) {
        const resource = from[position]!;
        const lambda = resourceLon[resource]!;
        if (Math.max(Math.abs(lambda - lon0), Math.abs(lambda - lon1)) > 90) continue;
        const x = unitX[resource]!;
        const y = unitY[resource]!;
        const z = unitZ[resource]!;
        let farthest = 0;
        for (let corner = 0; corner < 12; corner += 3) {
          const dx = x - corners[corner]!;
          const dy = y - corners[corner + 1]!;
          const dz = z - corners[corner + 2]!;
          const squared = dx * dx + dy * dy + dz * dz;
          if (squared > farthest) farthest = squared;
        }
        if (farthest < upper) upper = farthest;
      }
      if (upper === Infinity) {
        for (let position = start; position < end; position++) to[written++] = from[position]!;
        continue;
      }
      const limitChord = Math.sqrt(upper) * (1 + RELATIVE_MARGIN) + ABSOLUTE_MARGIN;
      const limit = limitChord * limitChord;
      // Lower bound: haversine h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) with each term at its
      // smallest over the box; the squared chord is 4h.
      for (let position = start; position < end; position++) {
        const resource = from[position]!;
        const lambda = resourceLon[resource]!;
        const phi = resourceLat[resource]!;
        const latitudeGap = phi < lat0 ? lat0 - phi : phi > lat1 ? phi - lat1 : 0;
        let longitudeGap = lambda < lon0 ? lon0 - lambda : lambda > lon1 ? lambda - lon1 : 0;
        if (Math.max(Math.abs(lambda - lon0), Math.abs(lambda - lon1)) > 180) longitudeGap = 0;
        if (latitudeGap === 0 && longitudeGap === 0) {
          to[written++] = resource;
          continue;
        }
        const sinLatitude = sinLowerBound(latitudeGap * RADIANS_PER_DEGREE * 0.5);
        const sinLongitude = sinLowerBound(longitudeGap * RADIANS_PER_DEGREE * 0.5);
        const lower = 4 * (sinLatitude * sinLatitude + cosLat[resource]! * cosMin * sinLongitude * sinLongitude) * (1 - RELATIVE_MARGIN);
        if (lower <= limit) to[written++] = resource;
      }
    }
    toOffsets[index.categoryCount] = written;
  }

  /** Answers the queries `start … end` (of the reordered arrays) inside the box whose lists are at `depth`. */
  #solve(start: number, end: number, lon0: number, lon1: number, lat0: number, lat1: number, depth: number, gridLevel: number, key: number): void {
    const categoryCount = this.#index.categoryCount;
    const offsets = this.#offsets[depth]!;
    // Candidates beyond one per category: what a split could save per query.
    let extra = 0;
    for (let category = 0; category < categoryCount; category++) {
      const size = offsets[category + 1]! - offsets[category]!;
      if (size > 1) extra += size - 1;
    }
    const needsSplit = extra > EXTRA_CANDIDATES_PER_LEAF;
    const width = (lon1 - lon0) * Math.cos(((lat0 + lat1) / 2) * RADIANS_PER_DEGREE);
    const height = lat1 - lat0;
    if (!needsSplit || end - start <= LEAF_QUERIES || depth + 1 >= MAX_DEPTH || (width <= 0 && height <= 0)) {
      this.#leaf(start, end, depth);
      return;
    }
    const queryLon = this.#queryLon;
    const queryLat = this.#queryLat;
    if (gridLevel < this.#bits) {
      // The four quadrants of this grid node: consecutive key ranges.
      const span = 1 << (2 * (this.#bits - gridLevel - 1));
      this.#level(depth + 1);
      for (let quadrant = 0; quadrant < 4; quadrant++) {
        const childKey = key + quadrant * span;
        const childStart = this.#cellStart[childKey]!;
        const childEnd = this.#cellStart[childKey + span]!;
        if (childStart === childEnd) continue;
        let childLon0 = Infinity;
        let childLon1 = -Infinity;
        let childLat0 = Infinity;
        let childLat1 = -Infinity;
        for (let position = childStart; position < childEnd; position++) {
          const lon = queryLon[position]!;
          const lat = queryLat[position]!;
          if (lon < childLon0) childLon0 = lon;
          if (lon > childLon1) childLon1 = lon;
          if (lat < childLat0) childLat0 = lat;
          if (lat > childLat1) childLat1 = lat;
        }
        this.#filter(depth, childLon0, childLon1, childLat0, childLat1);
        this.#solve(childStart, childEnd, childLon0, childLon1, childLat0, childLat1, depth + 1, gridLevel + 1, childKey);
      }
      return;
    }
    // Below the grid: split at the middle of the longer side; each query is classified once,
    // and the two children's boxes are the bounds of their queries.
    const alongLongitude = width >= height;
    const order = this.#order;
    const keys = alongLongitude ? queryLon : queryLat;
    const split = alongLongitude ? (lon0 + lon1) / 2 : (lat0 + lat1) / 2;
    let lowLon0 = Infinity;
    let lowLon1 = -Infinity;
    let lowLat0 = Infinity;
    let lowLat1 = -Infinity;
    let highLon0 = Infinity;
    let highLon1 = -Infinity;
    let highLat0 = Infinity;
    let highLat1 = -Infinity;
    let low = start;
    let high = end - 1;
    while (low <= high) {
      const lon = queryLon[low]!;
      const lat = queryLat[low]!;
      if (keys[low]! <= split) {
        if (lon < lowLon0) lowLon0 = lon;
        if (lon > lowLon1) lowLon1 = lon;
        if (lat < lowLat0) lowLat0 = lat;
        if (lat > lowLat1) lowLat1 = lat;
        low++;
      } else {
        if (lon < highLon0) highLon0 = lon;
        if (lon > highLon1) highLon1 = lon;
        if (lat < highLat0) highLat0 = lat;
        if (lat > highLat1) highLat1 = lat;
        queryLon[low] = queryLon[high]!;
        queryLat[low] = queryLat[high]!;
        queryLon[high] = lon;
        queryLat[high] = lat;
        const id = order[low]!;
        order[low] = order[high]!;
        order[high--] = id;
      }
    }
    if (low === start || low === end) {
      this.#leaf(start, end, depth);
      return;
    }
    this.#level(depth + 1);
    this.#filter(depth, lowLon0, lowLon1, lowLat0, lowLat1);
    this.#solve(start, low, lowLon0, lowLon1, lowLat0, lowLat1, depth + 1, gridLevel, key);
    this.#filter(depth, highLon0, highLon1, highLat0, highLat1);
    this.#solve(low, end, highLon0, highLon1, highLat0, highLat1, depth + 1, gridLevel, key);
  }

  /** Unit vectors and result rows of a leaf's queries. */
  #scratch(count: number): void {
    if (this.#leafX.length >= count) return;
    const size = Math.max(count, 2 * this.#leafX.length);
    this.#leafX = new Float64Array(size);
    this.#leafY = new Float64Array(size);
    this.#leafZ = new Float64Array(size);
    this.#leafRow = new Int32Array(size);
  }

  /** Answers each query of a leaf from its candidate lists, category by category. */
  #leaf(start: number, end: number, depth: number): void {
    const { unitX, unitY, unitZ, categoryCount } = this.#index;
    const list = this.#lists[depth]!;
    const offsets = this.#offsets[depth]!;
    const resultResource = this.#resource;
    const resultDistance = this.#distance;
    const order = this.#order;
    const queryLon = this.#queryLon;
    const queryLat = this.#queryLat;
    const count = end - start;
    this.#scratch(count);
    const xs = this.#leafX;
    const ys = this.#leafY;
    const zs = this.#leafZ;
    const rows = this.#leafRow;
    for (let query = 0; query < count; query++) {
      const phi = queryLat[start + query]! * RADIANS_PER_DEGREE;
      const lambda = queryLon[start + query]! * RADIANS_PER_DEGREE;
      const cosPhi = Math.cos(phi);
      xs[query] = cosPhi * Math.cos(lambda);
      ys[query] = cosPhi * Math.sin(lambda);
      zs[query] = Math.sin(phi);
      rows[query] = order[start + query]! * categoryCount;
    }
    for (let category = 0; category < categoryCount; category++) {
      const from = offsets[category]!;
      const to = offsets[category + 1]!;
      if (from === to) {
        for (let query = 0; query < count; query++) {
          resultResource[rows[query]! + category] = -1;
          resultDistance[rows[query]! + category] = Infinity;
        }
        continue;
      }
      if (to - from === 1) {
        const resource = list[from]!;
        const x = unitX[resource]!;
        const y = unitY[resource]!;
        const z = unitZ[resource]!;
        for (let query = 0; query < count; query++) {
          const dx = xs[query]! - x;
          const dy = ys[query]! - y;
          const dz = zs[query]! - z;
          resultResource[rows[query]! + category] = resource;
          resultDistance[rows[query]! + category] = chordSquaredToMeters(dx * dx + dy * dy + dz * dz);
        }
        continue;
      }
      for (let query = 0; query < count; query++) {
        const x = xs[query]!;
        const y = ys[query]!;
        const z = zs[query]!;
        let best = Infinity;
        let second = Infinity;
        let bestResource = -1;
        for (let candidate = from; candidate < to; candidate++) {
          const resource = list[candidate]!;
          const dx = x - unitX[resource]!;
          const dy = y - unitY[resource]!;
          const dz = z - unitZ[resource]!;
          const squared = dx * dx + dy * dy + dz * dz;
          if (squared < best) {
            second = best;
            best = squared;
            bestResource = resource;
          } else if (squared < second) second = squared;
        }
        let bestMeters = chordSquaredToMeters(best);
        if (second <= best * (1 + 1e-12)) {
          // Two candidates within rounding of each other: decide on the exact distance, ties to
          // the lowest index (lists are ascending).
          bestMeters = Infinity;
          for (let candidate = from; candidate < to; candidate++) {
            const resource = list[candidate]!;
            const dx = x - unitX[resource]!;
            const dy = y - unitY[resource]!;
            const dz = z - unitZ[resource]!;
            const meters = chordSquaredToMeters(dx * dx + dy * dy + dz * dz);
            if (meters < bestMeters) {
              bestMeters = meters;
              bestResource = resource;
            }
          }
        }
        resultResource[rows[query]! + category] = bestResource;
        resultDistance[rows[query]! + category] = bestMeters;
      }
    }
  }
}

/**
 * For every query point the nearest resource of each category, exact (see the module comment).
 * Inputs are not changed.
 */
export function nearestAll(index: NearestIndex, queryLon: Float64Array, queryLat: Float64Array): NearestBatchResult {
  if (queryLat.length !== queryLon.length) throw new RangeError('nearestAll: queryLon and queryLat differ in length');
  const queryCount = queryLon.length;
  const categoryCount = index.categoryCount;
  const resource = new Int32Array(queryCount * categoryCount);
  const distanceMeters = new Float32Array(queryCount * categoryCount);
  let valid = 0;
  let lon0 = Infinity;
  let lon1 = -Infinity;
  let lat0 = Infinity;
  let lat1 = -Infinity;
  for (let query = 0; query < queryCount; query++) {
    const lon = queryLon[query]!;
    const lat = queryLat[query]!;
    if (!validPoint(lon, lat)) {
      resource.fill(-1, query * categoryCount, (query + 1) * categoryCount);
      distanceMeters.fill(Number.NaN, query * categoryCount, (query + 1) * categoryCount);
      continue;
    }
    valid++;
    if (lon < lon0) lon0 = lon;
    if (lon > lon1) lon1 = lon;
    if (lat < lat0) lat0 = lat;
    if (lat > lat1) lat1 = lat;
  }
  if (valid === 0) return { queryCount, categoryCount, resource, distanceMeters };
  // Counting sort of the valid queries by the Morton key of their grid cell (about 64 queries
  // per cell, at most 256 × 256 cells).
  const bits = Math.max(0, Math.min(8, Math.floor(Math.log2(valid / 64) / 2)));
  const side = 1 << bits;
  const scaleLon = lon1 > lon0 ? side / (lon1 - lon0) : 0;
  const scaleLat = lat1 > lat0 ? side / (lat1 - lat0) : 0;
  const keys = new Uint32Array(queryCount);
  const cellStart = new Int32Array(side * side + 1);
  for (let query = 0; query < queryCount; query++) {
    const lon = queryLon[query]!;
    const lat = queryLat[query]!;
    if (!validPoint(lon, lat)) continue;
    const column = Math.min(side - 1, Math.floor((lon - lon0) * scaleLon));
    const row = Math.min(side - 1, Math.floor((lat - lat0) * scaleLat));
    const key = spreadBits(column) | (spreadBits(row) << 1);
    keys[query] = key;
    cellStart[key + 1]!++;
  }
  for (let key = 0; key < side * side; key++) cellStart[key + 1]! += cellStart[key]!;
  const fill = cellStart.slice(0, side * side);
  const order = new Uint32Array(valid);
  const sortedLon = new Float64Array(valid);
  const sortedLat = new Float64Array(valid);
  for (let query = 0; query < queryCount; query++) {
    const lon = queryLon[query]!;
    const lat = queryLat[query]!;
    if (!validPoint(lon, lat)) continue;
    const position = fill[keys[query]!]!++;
    order[position] = query;
    sortedLon[position] = lon;
    sortedLat[position] = lat;
  }
  if (index.categoryMembers.length > 0) {
    new BatchSearch(index, sortedLon, sortedLat, order, resource, distanceMeters).run(valid, lon0, lon1, lat0, lat1, cellStart, bits);
  } else {
    // No resources at all: every valid query gets -1 and Infinity.
    for (let position = 0; position < valid; position++) {
      const row = order[position]! * categoryCount;
      resource.fill(-1, row, row + categoryCount);
      distanceMeters.fill(Infinity, row, row + categoryCount);
    }
  }
  return { queryCount, categoryCount, resource, distanceMeters };
}

/** The bits of an 8-bit number spread to the even bit positions (for Morton keys). */
function spreadBits(value: number): number {
  let spread = value & 0xff;
  spread = (spread | (spread << 4)) & 0x0f0f;
  spread = (spread | (spread << 2)) & 0x3333;
  return (spread | (spread << 1)) & 0x5555;
}

/**
 * [west, south, east, north] around (lon, lat) holding every point within `radiusMeters`, with
 * a margin; all longitudes when the cap reaches a pole or the ±180° meridian.
 */
function capBox(lon: number, lat: number, radiusMeters: number): [number, number, number, number] {
  const angle = (radiusMeters / EARTH_RADIUS_METERS) * (1 + RELATIVE_MARGIN) + ABSOLUTE_MARGIN;
  const angleDegrees = angle / RADIANS_PER_DEGREE;
  const minLat = lat - angleDegrees;
  const maxLat = lat + angleDegrees;
  if (minLat <= -90 || maxLat >= 90) return [-Infinity, Math.max(minLat, -90), Infinity, Math.min(maxLat, 90)];
  // Widest longitude offset of a cap that contains no pole: asin(sin r / cos φ).
  const ratio = Math.sin(angle) / Math.cos(lat * RADIANS_PER_DEGREE);
  if (ratio >= 1) return [-Infinity, minLat, Infinity, maxLat];
  const lonDegrees = (Math.asin(ratio) * (1 + RELATIVE_MARGIN) + ABSOLUTE_MARGIN) / RADIANS_PER_DEGREE;
  if (lon - lonDegrees <= -180 || lon + lonDegrees >= 180) return [-Infinity, minLat, Infinity, maxLat];
  return [lon - lonDegrees, minLat, lon + lonDegrees, maxLat];
}

/**
 * The k nearest resources of every category around one point, nearest first (ties to the lower
 * index), within `maxDistanceMeters`. Returns one list per category; empty lists for an
 * invalid point.
 */
export function nearestPerCategory(index: NearestIndex, lon: number, lat: number, options: NearestOptions = {}): NearestHit[][] {
  const k = options.k ?? 1;
  const maxDistanceMeters = options.maxDistanceMeters ?? Infinity;
  if (!Number.isInteger(k) || k < 0) throw new RangeError('nearestPerCategory: k must be a whole number ≥ 0');
  const result: NearestHit[][] = [];
  for (let category = 0; category < index.categoryCount; category++) result.push([]);
  if (!validPoint(lon, lat) || k === 0 || !(maxDistanceMeters >= 0)) return result;
  const phi = lat * RADIANS_PER_DEGREE;
  const lambda = lon * RADIANS_PER_DEGREE;
  const cosPhi = Math.cos(phi);
  const x = cosPhi * Math.cos(lambda);
  const y = cosPhi * Math.sin(lambda);
  const z = Math.sin(phi);
  const { unitX, unitY, unitZ, categoryMembers } = index;
  for (let category = 0; category < index.categoryCount; category++) {
    const tree = index.trees[category];
    if (!tree) continue;
    const offset = index.categoryOffsets[category]!;
    const size = index.categoryOffsets[category + 1]! - offset;
    let radiusMeters = Math.min(maxDistanceMeters, index.typicalSpacingMeters[category]! * Math.sqrt(k) * 1.5);
    for (;;) {
      const box = capBox(lon, lat, radiusMeters);
      // A box over all latitudes holds every resource: keep all of them, up to the maximum.
      const everything = box[1] <= -90 && box[3] >= 90;
      const limitMeters = everything ? maxDistanceMeters : radiusMeters;
      const found = index.longitudesOutOfRange ? tree.range(-Infinity, box[1], Infinity, box[3]) : tree.range(box[0], box[1], box[2], box[3]);
      const hits: NearestHit[] = [];
      for (const item of found) {
        const resource = categoryMembers[offset + item]!;
        const dx = x - unitX[resource]!;
        const dy = y - unitY[resource]!;
        const dz = z - unitZ[resource]!;
        const meters = chordSquaredToMeters(dx * dx + dy * dy + dz * dz);
        if (meters <= limitMeters) hits.push({ resource, distanceMeters: meters });
      }
      // Every resource within the radius is in the box, so when k of them are found (or the
      // radius is final) no resource outside can come before them.
      if (hits.length >= k || radiusMeters >= maxDistanceMeters || everything || hits.length === size) {
        hits.sort((a, b) => a.distanceMeters - b.distanceMeters || a.resource - b.resource);
        result[category] = hits.slice(0, k);
        break;
      }
      radiusMeters = Math.min(maxDistanceMeters, radiusMeters * 4);
    }
  }
  return result;
}
