/**
 * Which social space holds each point, for many points at once (demand records, households):
 * `assignPoints` returns per point the index of the area holding it, in the order of `areas`,
 * or -1 outside all areas and for non-finite coordinates. Pure; inputs are not changed.
 *
 * The rule (the same as Turf's `booleanPointInPolygon` with the boundary counted inside): a
 * point lies in an area when it lies in one of the area's polygons, and in a polygon when it
 * lies on one of its rings or when a ray from it crosses the polygon's rings (holes included)
 * an odd number of times. Where areas overlap, the first area in the given order wins; a point
 * on a border shared by two spaces of a coverage therefore goes to the earlier one. The answer
 * is Turf's, point for point, including for points exactly on edges and vertices: every edge
 * that is tested is tested with Turf's arithmetic (see `edgeHit`), and every edge that is not
 * tested is provably far from the point (see below). The one deliberate difference: a ring
 * whose last position differs from its first is closed here (Turf throws or leaves it open);
 * rings with a non-finite coordinate are ignored.
 *
 * How, and why it is fast. Testing every edge of every area per point (the Turf loop), or the
 * edges of the areas whose box holds the point (flatbush + Turf), costs hundreds to thousands of
 * edge tests per point. Instead a uniform grid covers the areas' extent, and every edge is
 * listed in the cells its stretch within each grid row can touch (padded by a millionth of a
 * cell, far above any rounding involved). A cell listing no edge holds no piece of any
 * boundary, so all of it lies in the same areas: a point there is answered by one array read.
 * With a grid of about √(points × edges) cells that is about 95 % of the points in the bench.
 *
 * A point in a cell with edges casts Turf's ray (towards −x) and counts crossings with the
 * edges listed in the cells from the nearest edge-free cell to its west ("k") up to its own
 * cell, plus what k contributes: an edge not listed in those cells crosses the ray's line far
 * west of k or far east of the point, so it crosses the ray exactly when it crosses west of k,
 * and those crossings add up (mod 2, per polygon) to the polygon status of cell k, known from
 * the build. Far means at least the padding away, so Turf's rounded arithmetic cannot decide
 * such an edge differently from exact geometry. Each maximal run of edge-carrying cells in a
 * row stores the polygons holding the cell k before it; the build computes those statuses row
 * by row, west to east, with the same crossing count at the centre of each edge-free cell that
 * follows a run. An edge listed in several cells of the run is counted once: in the last of
 * its cells up to the point's cell (each cell lists first the edges whose stretch ends there).
 *
 * Everything lives in typed arrays; the per-point work allocates nothing.
 * Figures (`npm run bench -- assign-points`): see the README's Performance section.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface AreaToAssign {
  id: string;
  geometry: Polygon | MultiPolygon;
}

export interface AssignPointsOptions {
  /** Grid cells to aim for; by default about √(points × edges). For tests and tuning. */
  cellCount?: number;
}

/** Cells aimed for per √(points × edges): balances building the grid against per-point work (0.5–1 was fastest in the bench, 2 and more slower). */
const CELLS_PER_GEOMETRIC_MEAN = 1;
const MAX_CELLS = 1 << 21;
const MAX_SIDE = 1 << 12;
/**
 * Padding of the edge lists in cells. Rounding in the grid arithmetic and in Turf's crossing
 * test stays below ~1e-12 cells (4,096 cells per side, doubles); this is a million times more.
 */
const PADDING_CELLS = 1e-6;

/** The edges of all areas, numbered by polygon ("part"); parts in area order. */
interface Edges {
  /** x1, y1, x2, y2 per edge. */
  coordinates: Float64Array;
  part: Int32Array;
  areaOfPart: Int32Array;
  edgeCount: number;
  partCount: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

function isFinitePosition(position: Position): boolean {
  return Number.isFinite(position[0]) && Number.isFinite(position[1]);
}

function ringEdgeCount(ring: readonly Position[]): number {
  if (ring.length < 2 || !ring.every(isFinitePosition)) return 0;
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return ring.length - 1 + (first[0] === last[0] && first[1] === last[1] ? 0 : 1);
}

function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function collectEdges(areas: readonly AreaToAssign[]): Edges {
  let edgeCount = 0;
  let partCount = 0;
  for (const area of areas) {
    for (const polygon of polygonsOf(area.geometry)) {
      const count = polygon.reduce((sum, ring) => sum + ringEdgeCount(ring), 0);
      edgeCount += count;
      if (count > 0) partCount++;
    }
  }
  const coordinates = new Float64Array(edgeCount * 4);
  const part = new Int32Array(edgeCount);
  const areaOfPart = new Int32Array(partCount);
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  let edge = 0;
  let partIndex = 0;
  areas.forEach((area, areaIndex) => {
    for (const polygon of polygonsOf(area.geometry)) {
      const firstEdge = edge;
      for (const ring of polygon) {
        const count = ringEdgeCount(ring);
        for (let index = 0; index < count; index++) {
          // The closing edge of an open ring runs from the last position back to the first.
          const from = ring[index]!;
          const to = ring[index + 1 === ring.length ? 0 : index + 1]!;
          const offset = edge * 4;
          coordinates[offset] = from[0]!;
          coordinates[offset + 1] = from[1]!;
          coordinates[offset + 2] = to[0]!;
          coordinates[offset + 3] = to[1]!;
          part[edge++] = partIndex;
          west = Math.min(west, from[0]!);
          east = Math.max(east, from[0]!);
          south = Math.min(south, from[1]!);
          north = Math.max(north, from[1]!);
        }
      }
      if (edge > firstEdge) areaOfPart[partIndex++] = areaIndex;
    }
  });
  return { coordinates, part, areaOfPart, edgeCount, partCount, west, south, east, north };
}

// ---------------------------------------------------------------------------------------------
// Turf's crossing test, exactly.

/** Shewchuk's bound for the rounding error of a 2 × 2 determinant computed in doubles. */
const DETERMINANT_ERROR_BOUND = (3 + 16 * 2 ** -53) * 2 ** -53;
const SPLITTER = 2 ** 27 + 1;
/** Low part of the last `twoProduct`, `twoSum` or `twoDifference` (no allocation per call). */
let tail = 0;

/** a × b = result + tail exactly (Dekker). */
function twoProduct(a: number, b: number): number {
  const product = a * b;
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  tail = aLow * bLow - (product - aHigh * bHigh - aLow * bHigh - aHigh * bLow);
  return product;
}

/** a + b = result + tail exactly (Knuth). */
function twoSum(a: number, b: number): number {
  const sum = a + b;
  const bVirtual = sum - a;
  const aVirtual = sum - bVirtual;
  tail = a - aVirtual + (b - bVirtual);
  return sum;
}

/** a − b = result + tail exactly. */
function twoDifference(a: number, b: number): number {
  const difference = a - b;
  const bVirtual = a - difference;
  const aVirtual = difference + bVirtual;
  tail = a - aVirtual + (bVirtual - b);
  return difference;
}

/**
 * The exact sign of u2·v1 − u1·v2, as `robust-predicates`' orient2d(u1, u2, v1, v2, 0, 0)
 * that Turf calls: the rounded estimate when it is clearly away from zero, else the exact
 * value as a four-part expansion (Shewchuk's Two_Two_Diff of two exact products).
 */
function orientationSign(u1: number, u2: number, v1: number, v2: number): number {
  const left = u2 * v1;
  const right = u1 * v2;
  const determinant = left - right;
  const bound = DETERMINANT_ERROR_BOUND * (Math.abs(left) + Math.abs(right));
  if (determinant > bound) return 1;
  if (-determinant > bound) return -1;
  if (bound === 0) return 0;
  const left1 = twoProduct(u2, v1);
  const left0 = tail;
  const right1 = twoProduct(u1, v2);
  const right0 = tail;
  let inner = twoDifference(left0, right0);
  const x0 = tail;
  const upper = twoSum(left1, inner);
  const upperTail = tail;
  inner = twoDifference(upperTail, right1);
  const x1 = tail;
  const x3 = twoSum(upper, inner);
  const x2 = tail;
  // The parts do not overlap and grow in magnitude: the largest non-zero one gives the sign.
  const leading = x3 !== 0 ? x3 : x2 !== 0 ? x2 : x1 !== 0 ? x1 : x0;
  return leading > 0 ? 1 : leading < 0 ? -1 : 0;
}

const MISS = 0;
const CROSSING = 1;
const ON_BOUNDARY = 2;

/**
 * One edge against the point, as point-in-polygon-hao (Turf's point-in-polygon) decides it:
 * the edge's ends are translated by the point (rounded subtraction included), a horizontal edge
 * at the point's height holding it, or an edge through it, means boundary; otherwise an edge
 * spanning the ray's line half-open (lower end inclusive) crosses when it passes the point on
 * the −x side.
 */
function edgeHit(x1: number, y1: number, x2: number, y2: number, px: number, py: number): number {
  const v1 = y1 - py;
  const v2 = y2 - py;
  if ((v1 > 0 && v2 > 0) || (v1 < 0 && v2 < 0)) return MISS;
  const u1 = x1 - px;
  const u2 = x2 - px;
  if (v1 === 0 && v2 === 0) return (u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0) ? ON_BOUNDARY : MISS;
  const sign = orientationSign(u1, u2, v1, v2);
  if (sign === 0) return ON_BOUNDARY;
  return (sign > 0 && v2 > 0 && v1 <= 0) || (sign < 0 && v2 <= 0 && v1 > 0) ? CROSSING : MISS;
}

// ---------------------------------------------------------------------------------------------
// The grid.

interface Grid {
  columns: number;
  rows: number;
  west: number;
  south: number;
  columnsPerUnit: number;
  rowsPerUnit: number;
  /** Per cell: area index + 1 (0 = no area) when the cell lists no edge, else −(run + 1). */
  cellCode: Int32Array;
  /** Edge lists per cell: `entries[entryOffsets[cell] … entryOffsets[cell + 1]]`. */
  entryOffsets: Int32Array;
  /** How many of a cell's entries are edges whose stretch in the row ends in this cell (listed first). */
  endingCount: Int32Array;
  entries: Int32Array;
  /** First column of each run of edge-carrying cells. */
  runFirstColumn: Int32Array;
  /** Polygons holding the edge-free cell west of the run: `runParts[runPartOffsets[run] …]`. */
  runPartOffsets: Int32Array;
  runParts: Int32Array;
}

/** Per-polygon crossing parity and boundary flag of one query, reset by generation. */
class PartTally {
  readonly state: Uint8Array;
  readonly stamp: Int32Array;
  readonly touched: Int32Array;
  touchedCount = 0;
  #generation = 0;

  constructor(partCount: number) {
    this.state = new Uint8Array(partCount);
    this.stamp = new Int32Array(partCount);
    this.touched = new Int32Array(partCount);
  }

  begin(): void {
    if (++this.#generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.#generation = 1;
    }
    this.touchedCount = 0;
  }

  /** XORs `bits` into the part's state (1 = one more crossing, 2 = on its boundary, sticky). */
  add(part: number, bits: number): void {
    if (this.stamp[part] !== this.#generation) {
      this.stamp[part] = this.#generation;
      this.state[part] = 0;
      this.touched[this.touchedCount++] = part;
    }
    this.state[part] = bits === ON_BOUNDARY ? this.state[part]! | ON_BOUNDARY : this.state[part]! ^ bits;
  }

  /** The lowest part holding the point (odd crossings or on its boundary), or -1. */
  firstHolding(): number {
    let first = -1;
    for (let index = 0; index < this.touchedCount; index++) {
      const part = this.touched[index]!;
      if (this.state[part] !== 0 && (first < 0 || part < first)) first = part;
    }
    return first;
  }
}

/**
 * Counts, into `tally`, the crossings of the point's ray with the edges listed in cells
 * `firstColumn … lastColumn` of one row: each edge once, in the last of its cells up to
 * `lastColumn` (all entries of `lastColumn`, the ending ones before).
 */
function countRun(grid: Grid, edges: Edges, rowStart: number, firstColumn: number, lastColumn: number, px: number, py: number, tally: PartTally): void {
  const { entryOffsets, endingCount, entries } = grid;
  const coordinates = edges.coordinates;
  const part = edges.part;
  for (let column = firstColumn; column <= lastColumn; column++) {
    const cell = rowStart + column;
    const from = entryOffsets[cell]!;
    const to = column === lastColumn ? entryOffsets[cell + 1]! : from + endingCount[cell]!;
    for (let entry = from; entry < to; entry++) {
      const edge = entries[entry]!;
      const offset = edge * 4;
      const y1 = coordinates[offset + 1]!;
      const y2 = coordinates[offset + 3]!;
      // Most listed edges do not reach the ray's height: reject them before the full test.
      if ((y1 > py && y2 > py) || (y1 < py && y2 < py)) continue;
      const hit = edgeHit(coordinates[offset]!, y1, coordinates[offset + 2]!, y2, px, py);
      if (hit !== MISS) tally.add(part[edge]!, hit);
    }
  }
}

function startRunTally(grid: Grid, run: number, tally: PartTally): void {
  tally.begin();
  for (let index = grid.runPartOffsets[run]!; index < grid.runPartOffsets[run + 1]!; index++) tally.add(grid.runParts[index]!, CROSSING);
}

/** Grows an Int32Array by doubling, keeping its first `used` values. */
function grown(array: Int32Array<ArrayBuffer>, used: number, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const next = new Int32Array(Math.max(needed, array.length * 2));
  next.set(array.subarray(0, used));
  return next;
}

function gridShape(cellCount: number, width: number, height: number): { columns: number; rows: number } {
  const cells = Math.max(1, Math.min(MAX_CELLS, Math.round(cellCount)));
  const clampSide = (side: number) => Math.max(1, Math.min(MAX_SIDE, Math.round(side)));
  if (!(width > 0) && !(height > 0)) return { columns: 1, rows: 1 };
  if (!(height > 0)) return { columns: clampSide(cells), rows: 1 };
  if (!(width > 0)) return { columns: 1, rows: clampSide(cells) };
  const columns = clampSide(Math.sqrt((cells * width) / height));
  return { columns, rows: clampSide(cells / columns) };
}

function buildGrid(edges: Edges, cellCount: number): Grid {
  const { west, south, east, north, coordinates, edgeCount } = edges;
  const width = east - west;
  const height = north - south;
  const { columns, rows } = gridShape(cellCount, width, height);
  const columnsPerUnit = width > 0 ? columns / width : 0;
  const rowsPerUnit = height > 0 ? rows / height : 0;
  const paddingX = width > 0 ? (PADDING_CELLS * width) / columns : 0;
  const paddingY = height > 0 ? (PADDING_CELLS * height) / rows : 0;
  const columnOf = (x: number) => Math.max(0, Math.min(columns - 1, Math.floor((x - west) * columnsPerUnit)));
  const rowOf = (y: number) => Math.max(0, Math.min(rows - 1, Math.floor((y - south) * rowsPerUnit)));

  // Pass 1: each edge's stretch per row as a span of columns (edge, first cell, last column).
  let spans = new Int32Array(edgeCount * 3 + 16);
  let spanValues = 0;
  const cellTotal = columns * rows;
  const entryCount = new Int32Array(cellTotal);
  const endingCount = new Int32Array(cellTotal);
  for (let edge = 0; edge < edgeCount; edge++) {
    const x1 = coordinates[edge * 4]!;
    const y1 = coordinates[edge * 4 + 1]!;
    const x2 = coordinates[edge * 4 + 2]!;
    const y2 = coordinates[edge * 4 + 3]!;
    const minX = Math.min(x1, x2);
    const maxX = Math.max(x1, x2);
    const minY = Math.min(y1, y2);
    const maxY = Math.max(y1, y2);
    const firstRow = rowOf(minY - paddingY);
    const lastRow = rowOf(maxY + paddingY);
    const slope = (x2 - x1) / (y2 - y1);
    for (let row = firstRow; row <= lastRow; row++) {
      let low = minX;
      let high = maxX;
      if (firstRow !== lastRow && y1 !== y2) {
        // The edge's x at the row's (padded) lower and upper border, within the edge.
        const bandLow = Math.max(minY, south + row / rowsPerUnit - paddingY);
        const bandHigh = Math.min(maxY, south + (row + 1) / rowsPerUnit + paddingY);
        const xAtLow = x1 + (bandLow - y1) * slope;
        const xAtHigh = x1 + (bandHigh - y1) * slope;
        // Clamped to the edge's own extent; should rounding ever cross the two, keep it all.
        low = Math.max(minX, Math.min(xAtLow, xAtHigh));
        high = Math.min(maxX, Math.max(xAtLow, xAtHigh));
        if (!(low <= high)) {
          low = minX;
          high = maxX;
        }
      }
      const firstColumn = columnOf(low - paddingX);
      const lastColumn = columnOf(high + paddingX);
      spans = grown(spans, spanValues, spanValues + 3);
      spans[spanValues++] = edge;
      spans[spanValues++] = row * columns + firstColumn;
      spans[spanValues++] = lastColumn - firstColumn;
      for (let column = firstColumn; column <= lastColumn; column++) entryCount[row * columns + column]!++;
      endingCount[row * columns + lastColumn]!++;
    }
  }

  // Pass 2: the lists, edges ending in the cell first.
  const entryOffsets = new Int32Array(cellTotal + 1);
  for (let cell = 0; cell < cellTotal; cell++) entryOffsets[cell + 1] = entryOffsets[cell]! + entryCount[cell]!;
  const entries = new Int32Array(entryOffsets[cellTotal]!);
  const endingCursor = entryOffsets.slice(0, cellTotal);
  const otherCursor = entryCount; // reused: the write position of the non-ending entries
  for (let cell = 0; cell < cellTotal; cell++) otherCursor[cell] = entryOffsets[cell]! + endingCount[cell]!;
  for (let index = 0; index < spanValues; index += 3) {
    const edge = spans[index]!;
    const firstCell = spans[index + 1]!;
    const lastCell = firstCell + spans[index + 2]!;
    for (let cell = firstCell; cell < lastCell; cell++) entries[otherCursor[cell]!++] = edge;
    entries[endingCursor[lastCell]!++] = edge;
  }

  // Pass 3: runs of edge-carrying cells and the status of the edge-free cells, row by row.
  const cellCode = new Int32Array(cellTotal);
  let runFirstColumn = new Int32Array(64);
  let runPartOffsets = new Int32Array(65);
  let runParts = new Int32Array(64);
  let runCount = 0;
  const grid: Grid = { columns, rows, west, south, columnsPerUnit, rowsPerUnit, cellCode, entryOffsets, endingCount, entries, runFirstColumn, runPartOffsets, runParts };
  const tally = new PartTally(edges.partCount);
  /** Parts holding the current edge-free cell (sorted ascending); the first gives its area. */
  const holding = new Int32Array(edges.partCount);
  for (let row = 0; row < rows; row++) {
    const rowStart = row * columns;
    let holdingCount = 0;
    let column = 0;
    while (column < columns) {
      const cell = rowStart + column;
      if (entryOffsets[cell] === entryOffsets[cell + 1]) {
        cellCode[cell] = holdingCount > 0 ? edges.areaOfPart[holding[0]!]! + 1 : 0;
        column++;
        continue;
      }
      const run = runCount++;
      runFirstColumn = grown(runFirstColumn, run, run + 1);
      runPartOffsets = grown(runPartOffsets, run + 1, run + 2);
      const partStart = runPartOffsets[run]!;
      runParts = grown(runParts, partStart, partStart + holdingCount);
      runParts.set(holding.subarray(0, holdingCount), partStart);
      runPartOffsets[run + 1] = partStart + holdingCount;
      runFirstColumn[run] = column;
      const firstColumn = column;
      while (column < columns && entryOffsets[rowStart + column] !== entryOffsets[rowStart + column + 1]) cellCode[rowStart + column++] = -(run + 1);
      if (column === columns) break;
      // The edge-free cell after the run: its status at its centre, by the query's own count.
      grid.runFirstColumn = runFirstColumn;
      grid.runPartOffsets = runPartOffsets;
      grid.runParts = runParts;
      startRunTally(grid, run, tally);
      const centreX = west + (column + 0.5) / columnsPerUnit;
      const centreY = rowsPerUnit > 0 ? south + (row + 0.5) / rowsPerUnit : south;
      countRun(grid, edges, rowStart, firstColumn, column - 1, centreX, centreY, tally);
      holdingCount = 0;
      for (let index = 0; index < tally.touchedCount; index++) {
        const part = tally.touched[index]!;
        if ((tally.state[part]! & CROSSING) !== 0) holding[holdingCount++] = part;
      }
      holding.subarray(0, holdingCount).sort();
    }
  }
  grid.runFirstColumn = runFirstColumn;
  grid.runPartOffsets = runPartOffsets;
  grid.runParts = runParts;
  return grid;
}

function defaultCellCount(pointCount: number, edgeCount: number): number {
  return CELLS_PER_GEOMETRIC_MEAN * Math.sqrt(Math.max(1, pointCount) * edgeCount);
}

/**
 * Per point (lon/lat pairs, WGS84 or any planar x/y) the index in `areas` of the area holding
 * it, -1 outside all areas or for a non-finite coordinate. First area wins; boundary inside.
 */
export function assignPoints(lon: Float64Array, lat: Float64Array, areas: readonly AreaToAssign[], options: AssignPointsOptions = {}): Int32Array {
  if (lon.length !== lat.length) throw new Error(`assignPoints: ${lon.length} longitudes but ${lat.length} latitudes`);
  const count = lon.length;
  const result = new Int32Array(count).fill(-1);
  if (count === 0) return result;
  const edges = collectEdges(areas);
  if (edges.edgeCount === 0) return result;
  const grid = buildGrid(edges, options.cellCount ?? defaultCellCount(count, edges.edgeCount));
  const { columns, rows, west, south, columnsPerUnit, rowsPerUnit, cellCode, runFirstColumn } = grid;
  const { east, north, areaOfPart } = edges;
  const tally = new PartTally(edges.partCount);
  for (let point = 0; point < count; point++) {
    const x = lon[point]!;
    const y = lat[point]!;
    // Outside the extent of all edges no ray crosses an odd number of times (NaN fails too).
    if (!(x >= west && x <= east && y >= south && y <= north)) continue;
    const column = Math.min(columns - 1, Math.floor((x - west) * columnsPerUnit));
    const row = Math.min(rows - 1, Math.floor((y - south) * rowsPerUnit));
    const code = cellCode[row * columns + column]!;
    if (code >= 0) {
      result[point] = code - 1;
      continue;
    }
    const run = -code - 1;
    startRunTally(grid, run, tally);
    countRun(grid, edges, row * columns, runFirstColumn[run]!, column, x, y, tally);
    const part = tally.firstHolding();
    if (part >= 0) result[point] = areaOfPart[part]!;
  }
  return result;
}
