/**
 * Isochrones: a travel-time raster contoured into bands, as openrouteservice and Valhalla draw
 * them, rather than concave hulls of reached nodes (a hull bridges the fields between two
 * roads and cannot show a hole or a part left out).
 *
 * The raster: a grid in the local plane, every grid point holding the travel time of a place
 * there — the best over the "seeds" it joins of the seed's time plus the straight walk from the
 * seed. With a network the seeds are the reached nodes of a search and the rule is the one of
 * `NetworkSnap.near`: a place joins the nodes within `joinToleranceMeters` of its nearest node
 * (the "anchors": every node a place may join, reached or not), within `maxWalkMeters`, walking;
 * so a home counted as reached lies inside the drawn band. Without a network the seeds are the
 * origins, with the straight-line speed (detour included) and no limit but the largest band.
 * Each seed writes the grid points within its remaining reach ("splatting"), so the cost
 * follows what was reached; the anchors first write their distance to each grid point within
 * `maxWalkMeters`.
 *
 * The bands: d3-contour's marching squares with linear interpolation on the negated times, one
 * threshold per band; a grid point lies inside band b exactly when its time is at most b (the
 * tests check every grid point). A band's polygon includes the faster bands, as openrouteservice
 * returns them. Rings are written counter-clockwise (holes clockwise), as RFC 7946 asks.
 */
import { contours } from 'd3';
import type { MultiPolygon, Position } from 'geojson';
import type { LocalPlane } from './plane';

/** Grid points aimed for at most; finer than `minCellMeters` is never used. */
const MAX_CELLS = 1_000_000;

export interface TravelRaster {
  plane: LocalPlane;
  /** Plane position of grid point (0, 0) and the spacing of the grid, metres. */
  x0: number;
  y0: number;
  cellMeters: number;
  width: number;
  height: number;
  /** Speed of the straight walk from a seed, m/s. */
  metresPerSecond: number;
  /** Seconds per grid point, row by row from the south-west (index `i + j * width`); Infinity where nothing reaches. */
  seconds: Float64Array;
}

export interface SplatInput {
  plane: LocalPlane;
  /** Seeds in the plane with their times (seconds). */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  seconds: ArrayLike<number>;
  /** Speed of the straight walk from a seed, m/s. */
  metresPerSecond: number;
  /** Farthest straight walk from a seed (Infinity: only the time limit). */
  maxWalkMeters: number;
  /** Every position a place may join (with a network: its nodes); a grid point takes only seeds near its nearest anchor. */
  anchors?: { x: ArrayLike<number>; y: ArrayLike<number> };
  /** How much farther than the nearest anchor a seed may be (with `anchors`). */
  joinToleranceMeters?: number;
  /** Nothing slower than this is drawn (the largest band). */
  maxSeconds: number;
  /** Grid spacing wanted, metres (coarser when the area would need more than a million points). */
  cellMeters: number;
}

/** The travel-time raster of the seeds (see the module comment). */
export function splatTravelTimes(input: SplatInput): TravelRaster {
  const { plane, x, y, seconds, metresPerSecond, maxWalkMeters, maxSeconds } = input;
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  const reach = (seed: number) => Math.min(maxWalkMeters, (maxSeconds - seconds[seed]!) * metresPerSecond);
  for (let seed = 0; seed < x.length; seed++) {
    if (!(seconds[seed]! <= maxSeconds)) continue;
    const radius = reach(seed);
    west = Math.min(west, x[seed]! - radius);
    east = Math.max(east, x[seed]! + radius);
    south = Math.min(south, y[seed]! - radius);
    north = Math.max(north, y[seed]! + radius);
  }
  if (!(west <= east)) {
    return { plane, x0: 0, y0: 0, cellMeters: input.cellMeters, width: 0, height: 0, metresPerSecond, seconds: new Float64Array(0) };
  }
  const cellMeters = Math.max(input.cellMeters, Math.sqrt(((east - west) * (north - south)) / MAX_CELLS));
  // Grid points on multiples of the spacing, with one empty point around, so rings close inside the grid.
  const x0 = (Math.floor(west / cellMeters) - 1) * cellMeters;
  const y0 = (Math.floor(south / cellMeters) - 1) * cellMeters;
  const width = Math.ceil((east - x0) / cellMeters) + 2;
  const height = Math.ceil((north - y0) / cellMeters) + 2;
  /**
   * Lower the grid points within `radius` of (cx, cy) to `start + metres / speed`; with `nearest`,
   * only those whose nearest anchor lies no more than `tolerance` closer than (cx, cy).
   */
  const writeDisc = (target: Float64Array, cx: number, cy: number, radius: number, start: number, speed: number, nearest: Float64Array | null, tolerance: number) => {
    const fromI = Math.max(0, Math.ceil((cx - radius - x0) / cellMeters));
    const toI = Math.min(width - 1, Math.floor((cx + radius - x0) / cellMeters));
    const fromJ = Math.max(0, Math.ceil((cy - radius - y0) / cellMeters));
    const toJ = Math.min(height - 1, Math.floor((cy + radius - y0) / cellMeters));
    for (let j = fromJ; j <= toJ; j++) {
      const dy = y0 + j * cellMeters - cy;
      const row = j * width;
      for (let i = fromI; i <= toI; i++) {
        const dx = x0 + i * cellMeters - cx;
        const meters = Math.sqrt(dx * dx + dy * dy);
        if (meters > radius || (nearest !== null && !(meters <= nearest[row + i]! + tolerance))) continue;
        const value = start + meters / speed;
        if (value < target[row + i]!) target[row + i] = value;
      }
    }
  };
  // With anchors: first each grid point's distance to its nearest anchor (within the walk limit).
  let nearest: Float64Array | null = null;
  if (input.anchors) {
    nearest = new Float64Array(width * height).fill(Infinity);
    const { x: anchorX, y: anchorY } = input.anchors;
    for (let anchor = 0; anchor < anchorX.length; anchor++) {
      const ax = anchorX[anchor]!;
      const ay = anchorY[anchor]!;
      if (ax < west - maxWalkMeters || ax > east + maxWalkMeters || ay < south - maxWalkMeters || ay > north + maxWalkMeters) continue;
      writeDisc(nearest, ax, ay, maxWalkMeters, 0, 1, null, 0);
    }
  }
  const grid = new Float64Array(width * height).fill(Infinity);
  const tolerance = input.joinToleranceMeters ?? 0;
  for (let seed = 0; seed < x.length; seed++) {
    const start = seconds[seed]!;
    if (start <= maxSeconds) writeDisc(grid, x[seed]!, y[seed]!, reach(seed), start, metresPerSecond, nearest, tolerance);
  }
  return { plane, x0, y0, cellMeters, width, height, metresPerSecond, seconds: grid };
}

/** Longitude and latitude of grid point (i, j). */
export function rasterPosition(raster: TravelRaster, i: number, j: number): [number, number] {
  return [raster.plane.lon(raster.x0 + i * raster.cellMeters), raster.plane.lat(raster.y0 + j * raster.cellMeters)];
}

export interface IsochroneBand {
  /** The band's limit, seconds. */
  seconds: number;
  /** Where it is reached within the limit (WGS84; empty coordinates when nowhere). */
  geometry: MultiPolygon;
  /** Its area, m² (in the local plane). */
  areaSquareMeters: number;
}

/** Twice the signed area of a ring (positive: counter-clockwise with y north). */
function doubledArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += ring[previous]![0]! * ring[index]![1]! - ring[index]![0]! * ring[previous]![1]!;
  }
  return sum;
}

/** The bands of a raster, fastest first; `bandsSeconds` need not be sorted. */
export function isochroneBands(raster: TravelRaster, bandsSeconds: readonly number[]): IsochroneBand[] {
  const sorted = [...new Set(bandsSeconds)].sort((a, b) => a - b);
  if (sorted.some((band) => !(band > 0) || !Number.isFinite(band))) throw new RangeError(`isochrone bands must be positive, got ${bandsSeconds.join(', ')}`);
  if (raster.width === 0 || raster.height === 0) {
    return sorted.map((seconds) => ({ seconds, geometry: { type: 'MultiPolygon', coordinates: [] }, areaSquareMeters: 0 }));
  }
  // d3-contour encloses values ≥ the threshold: contour −time at −band. Unreached points get a
  // time just beyond the largest band (one grid step's walk), so rings close between grid points.
  const beyond = sorted.at(-1)! + raster.cellMeters / raster.metresPerSecond;
  const values = new Float64Array(raster.seconds.length);
  for (let index = 0; index < values.length; index++) {
    const seconds = raster.seconds[index]!;
    values[index] = -(seconds === Infinity ? beyond : seconds);
  }
  const generator = contours().size([raster.width, raster.height]).smooth(true);
  const { plane, x0, y0, cellMeters } = raster;
  return sorted.map((seconds) => {
    // d3 places grid point i at coordinate i + 0.5.
    const contour = generator.contour(values as unknown as number[], -seconds);
    let doubledPlaneArea = 0;
    const coordinates = contour.coordinates.map((polygon) =>
      polygon.map((ring, ringIndex) => {
        const planeRing = ring.map(([cx, cy]) => [x0 + (cx! - 0.5) * cellMeters, y0 + (cy! - 0.5) * cellMeters] as Position);
        const area = doubledArea(planeRing);
        // Exterior rings counter-clockwise, holes clockwise.
        if ((ringIndex === 0) !== area > 0) planeRing.reverse();
        doubledPlaneArea += ringIndex === 0 ? Math.abs(area) : -Math.abs(area);
        return planeRing.map(([x, y]) => [plane.lon(x!), plane.lat(y!)] as Position);
      }),
    );
    return { seconds, geometry: { type: 'MultiPolygon', coordinates }, areaSquareMeters: doubledPlaneArea / 2 };
  });
}
