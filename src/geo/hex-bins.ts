/**
 * Located demand counted per hexagon of Uber's H3 grid (h3-js), for a map that shows where
 * cases gather without drawing a single case. Pure; inputs are not changed.
 *
 * Two steps, so that changing the year or the help type does not repeat the costly part:
 * `indexPointsByCell` finds each point's cell once per resolution (one h3 `latLngToCell` per
 * point, about 1 µs), and `hexBins` sums the points' weights per cell (a typed-array pass) and
 * draws the cells that may be shown as GeoJSON polygons (WGS 84, counter-clockwise rings).
 *
 * Small counts (Sozialdatenschutz, see `domain/suppression`): a cell whose sum lies between 0
 * and the threshold (exclusive) is by default dropped, exactly like a cell without any case, so
 * the map cannot tell "a few cases here" from "no case here". This is stricter than marking it
 * "< 5": a marked cell of 350 m in a village would still say that a family there gets help. It
 * also keeps differencing harmless: the district total (or a space's count) minus the shown
 * cells gives the sum of the hidden cases, but not the cell they lie in, because the hidden
 * cells are indistinguishable from the many empty ones. `smallCells: 'mark'` returns them
 * instead with `count: null` and `suppressed: true` (for a "< n" mark without colour); no cell
 * ever carries a count in 1 … threshold − 1. Cells are not merged into coarser ones: H3 children
 * do not tile their parent exactly, and mixed sizes would read as a density they are not.
 *
 * Sizes: planners read cells of about 300–1,000 m (a few blocks, a village) well; resolution 9
 * is about 350 m across, 8 about 900 m, 7 about 2.4 km (flat side to flat side, varying by a few
 * per cent with the place, see `hexAcrossMeters`). `hexResolutionForArea` picks the finest of
 * them that covers the district with at most `MAX_DEFAULT_CELLS` cells, so a Landkreis gets
 * 900 m cells and a city district 350 m ones.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { cellToBoundary, cellToLatLng, getHexagonAreaAvg, latLngToCell, UNITS } from 'h3-js';

/** The resolutions offered, finest first (about 350 m, 900 m and 2.4 km across). */
export const HEX_RESOLUTIONS = [9, 8, 7] as const;
export type HexResolution = (typeof HEX_RESOLUTIONS)[number];

/** The default resolution covers the district with at most this many cells. */
export const MAX_DEFAULT_CELLS = 1500;

/** Each point's H3 cell at one resolution. */
export interface HexCellIndex {
  resolution: number;
  /** The distinct cells, in order of first appearance. */
  cells: string[];
  /** Per point the index into `cells`; -1 for a point without a finite position. */
  cellOfPoint: Int32Array;
}

export interface HexBinProperties {
  /** The H3 cell index. */
  cell: string;
  /** The sum of the weights in the cell; null when it is suppressed (only with `smallCells: 'mark'`). */
  count: number | null;
  suppressed: boolean;
}

export interface HexBinOptions {
  /** Counts from 1 to threshold − 1 are small (`domain/suppression`). */
  threshold: number;
  /** What happens to a cell with a small count: dropped like an empty cell (default) or returned without its count. */
  smallCells?: 'drop' | 'mark';
}

export interface HexBins {
  collection: FeatureCollection<Polygon, HexBinProperties>;
  /** Cells with a small count (dropped or marked). */
  hiddenCells: number;
}

/** The H3 cell of every point; points with a non-finite coordinate get -1. */
export function indexPointsByCell(lon: ArrayLike<number>, lat: ArrayLike<number>, resolution: number): HexCellIndex {
  if (lon.length !== lat.length) throw new RangeError(`lon and lat differ in length: ${lon.length} vs ${lat.length}`);
  const cellOfPoint = new Int32Array(lon.length);
  const cells: string[] = [];
  const indexOfCell = new Map<string, number>();
  for (let point = 0; point < lon.length; point++) {
    const x = lon[point]!;
    const y = lat[point]!;
    if (!Number.isFinite(x) || !Number.isFinite(y) || y < -90 || y > 90) {
      cellOfPoint[point] = -1;
      continue;
    }
    const cell = latLngToCell(y, x, resolution);
    let index = indexOfCell.get(cell);
    if (index === undefined) {
      index = cells.length;
      cells.push(cell);
      indexOfCell.set(cell, index);
    }
    cellOfPoint[point] = index;
  }
  return { resolution, cells, cellOfPoint };
}

/**
 * The sum of `weights` per cell of `index` (a point's weight is its number of cases; 0, a
 * negative or a non-finite weight leaves the point out, which is how a filter is applied), as
 * polygons with their count; cells with a small count are dropped or marked (see the module
 * comment), cells summing to 0 are never returned. Features are sorted by cell for a stable
 * output.
 */
export function hexBins(index: HexCellIndex, weights: ArrayLike<number>, options: HexBinOptions): HexBins {
  if (weights.length !== index.cellOfPoint.length) throw new RangeError(`weights has ${weights.length} entries for ${index.cellOfPoint.length} points`);
  const sums = new Float64Array(index.cells.length);
  for (let point = 0; point < weights.length; point++) {
    const cell = index.cellOfPoint[point]!;
    const weight = weights[point]!;
    if (cell >= 0 && weight > 0 && Number.isFinite(weight)) sums[cell]! += weight;
  }
  const mark = options.smallCells === 'mark';
  const shown: { cell: string; count: number | null; suppressed: boolean }[] = [];
  let hiddenCells = 0;
  for (let cell = 0; cell < sums.length; cell++) {
    const count = sums[cell]!;
    if (count <= 0) continue;
    const small = count < options.threshold;
    if (small) hiddenCells++;
    if (small && !mark) continue;
    shown.push({ cell: index.cells[cell]!, count: small ? null : count, suppressed: small });
  }
  shown.sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
  const features = shown.map(
    (properties): Feature<Polygon, HexBinProperties> => ({
      type: 'Feature',
      properties,
      geometry: { type: 'Polygon', coordinates: [cellToBoundary(properties.cell, true)] },
    }),
  );
  return { collection: { type: 'FeatureCollection', features }, hiddenCells };
}

/** Both steps at once: points with weights binned at `resolution`. */
export function binPoints(lon: ArrayLike<number>, lat: ArrayLike<number>, weights: ArrayLike<number>, resolution: number, options: HexBinOptions): HexBins {
  return hexBins(indexPointsByCell(lon, lat, resolution), weights, options);
}

/** The finest offered resolution covering `areaSquareMeters` with at most `MAX_DEFAULT_CELLS` cells. */
export function hexResolutionForArea(areaSquareMeters: number): HexResolution {
  for (const resolution of HEX_RESOLUTIONS) {
    if (areaSquareMeters / getHexagonAreaAvg(resolution, UNITS.m2) <= MAX_DEFAULT_CELLS) return resolution;
  }
  return HEX_RESOLUTIONS[HEX_RESOLUTIONS.length - 1]!;
}

const EARTH_RADIUS_METERS = 6_371_008.8;

function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const toRadians = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRadians;
  const dLon = (lon2 - lon1) * toRadians;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRadians) * Math.cos(lat2 * toRadians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * How wide a cell of `resolution` is at a place, flat side to flat side (twice the mean
 * distance from its centre to the midpoints of its sides), in metres.
 */
export function hexAcrossMeters(resolution: number, lon: number, lat: number): number {
  const cell = latLngToCell(lat, lon, resolution);
  const [centreLat, centreLon] = cellToLatLng(cell);
  const ring = cellToBoundary(cell, true);
  // Closed ring: the last position repeats the first.
  const corners = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  let sum = 0;
  for (let corner = 0; corner < corners.length; corner++) {
    const [lonA, latA] = corners[corner]!;
    const [lonB, latB] = corners[(corner + 1) % corners.length]!;
    sum += haversineMeters(centreLon, centreLat, (lonA! + lonB!) / 2, (latA! + latB!) / 2);
  }
  return (2 * sum) / corners.length;
}
