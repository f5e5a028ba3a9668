/**
 * Fast dissolve of a *coverage*: areas that tile the plane without overlaps and whose
 * neighbours share their boundary vertices exactly (statistical base units after rounding).
 *
 * Fast path (edge cancellation, linear in the number of edges):
 * 1. every vertex is quantised to `QUANTUM_DEGREES` and numbered (equal after rounding = same);
 * 2. every ring is oriented so that the interior lies left of each directed edge (outer rings
 *    counter-clockwise, holes clockwise) and its edges are collected;
 * 3. an edge that occurs in both directions is shared by two neighbours and cancels;
 * 4. the remaining edges are stitched into rings; at a vertex where several remaining edges
 *    leave (pinch point) the walk takes the first outgoing edge clockwise from the edge it came
 *    along, so every ring hugs one interior wedge and areas touching at a point stay separate;
 *    a ring that still visits a vertex twice is split there;
 * 5. counter-clockwise rings are outer rings, clockwise rings holes; each hole goes to the
 *    smallest outer ring around it.
 *
 * The fast path verifies that the input really was a clean coverage: no edge used twice in
 * the same direction or by more than two areas, no remaining edge crossing or touching another
 * one away from shared vertices (T-junctions, overlaps, near-coincident vertices), no
 * zero-area ring, and a valid nesting (outer rings only at the top level or inside holes, holes
 * only directly inside outer rings). If any check fails it falls back to a polyclip union
 * (turf `union` of all parts at once), so the result is always the union.
 *
 * Pure: inputs are never mutated and never aliased by the output. On the fast path every output
 * coordinate is an input vertex (x, y); no vertex is created or moved.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';
import { polyclipUnion } from './boolean-ops';
import { pointInFlatRing, segmentsCrossProperly, squaredDistanceToSegment } from './planar';
import { simpleLoops } from './rings';

/** Vertices closer than this (per axis, after rounding) are the same vertex: 1e-9° ≈ 0.1 mm. */
export const QUANTUM_DEGREES = 1e-9;
/**
 * A remaining boundary vertex closer than this to another boundary edge (which it is not an
 * endpoint of) means the coverage is not clean (T-junction, overlap, near-miss): fall back.
 */
export const NEAR_EDGE_TOLERANCE_DEGREES = 1e-9;

export type DissolvePath = 'fast' | 'fallback' | 'empty';

/** Filled by `dissolveCoverage` when passed: which path was taken and why. */
export interface DissolveStats {
  path: DissolvePath;
  /** Why the fast path was left, when it was. */
  fallbackReason: string | null;
  /** Directed input edges after removing zero-length ones. */
  inputEdgeCount: number;
  /** Edges left after cancelling shared ones (boundary of the result), fast path only. */
  boundaryEdgeCount: number;
}

export function emptyDissolveStats(): DissolveStats {
  return { path: 'empty', fallbackReason: null, inputEdgeCount: 0, boundaryEdgeCount: 0 };
}

// ---------------------------------------------------------------------------------------------
// Vertex table: quantised coordinates → dense vertex ids (open addressing hash).

const hashScratch = new Float64Array(1);
const hashWords = new Uint32Array(hashScratch.buffer);

function hashQuantised(qx: number, qy: number): number {
  hashScratch[0] = qx;
  let h = Math.imul(hashWords[0]! ^ Math.imul(hashWords[1]!, 0x27d4eb2d), 0x9e3779b1);
  hashScratch[0] = qy;
  h ^= Math.imul(hashWords[0]! ^ Math.imul(hashWords[1]!, 0x165667b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Numbers distinct vertices; `x`/`y` hold the first input coordinate seen for each id. */
export class VertexTable {
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly #qx: number[] = [];
  readonly #qy: number[] = [];
  #slots: Int32Array = new Int32Array(1024).fill(-1);
  #mask = 1023;

  get size(): number {
    return this.x.length;
  }

  idOf(x: number, y: number): number {
    const qx = Math.round(x / QUANTUM_DEGREES);
    const qy = Math.round(y / QUANTUM_DEGREES);
    let slot = hashQuantised(qx, qy) & this.#mask;
    for (;;) {
      const id = this.#slots[slot]!;
      if (id === -1) break;
      if (this.#qx[id] === qx && this.#qy[id] === qy) return id;
      slot = (slot + 1) & this.#mask;
    }
    const id = this.x.length;
    this.x.push(x);
    this.y.push(y);
    this.#qx.push(qx);
    this.#qy.push(qy);
    this.#slots[slot] = id;
    if (this.x.length * 2 > this.#slots.length) this.#grow();
    return id;
  }

  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.#qx.length; id++) {
      let slot = hashQuantised(this.#qx[id]!, this.#qy[id]!) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** Directed edges of one area, interior on the left, as vertex ids `[from0, to0, from1, to1, …]`. */
export type PreparedEdges = Int32Array;

function ringEdges(ring: readonly Position[], reverse: boolean, vertices: VertexTable, out: number[]): void {
  let count = ring.length;
  if (count > 1) {
    const first = ring[0]!;
    const last = ring[count - 1]!;
    if (first[0] === last[0] && first[1] === last[1]) count--;
  }
  if (count < 3) return;
  const ids: number[] = [];
  for (let step = 0; step < count; step++) {
    const position = ring[reverse ? count - 1 - step : step]!;
    const id = vertices.idOf(position[0]!, position[1]!);
    if (ids.length === 0 || ids[ids.length - 1] !== id) ids.push(id);
  }
  while (ids.length > 1 && ids[ids.length - 1] === ids[0]) ids.pop();
  if (ids.length < 2) return;
  for (let index = 0; index < ids.length; index++) {
    out.push(ids[index]!, ids[(index + 1) % ids.length]!);
  }
}

function signedAreaOfRing(ring: readonly Position[]): number {
  let sum = 0;
  const count = ring.length;
  for (let index = 0; index < count; index++) {
    const a = ring[index]!;
    const b = ring[(index + 1) % count]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum;
}

/** Directed edges of an area geometry with normalised ring orientation. */
export function prepareEdges(geometry: AreaGeometry, vertices: VertexTable): PreparedEdges {
  const out: number[] = [];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    rings.forEach((ring, ringIndex) => {
      const signedArea = signedAreaOfRing(ring);
      // Outer ring counter-clockwise (area > 0), holes clockwise.
      const reverse = ringIndex === 0 ? signedArea < 0 : signedArea > 0;
      ringEdges(ring, reverse, vertices, out);
    });
  }
  return Int32Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// Fast path on prepared edges.

class NotACleanCoverage extends Error {}

interface Ring {
  ids: number[];
  /** Twice the signed area. */
  signedAreaTwice: number;
  flat: Float64Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  parent: number;
}

function fail(reason: string): never {
  throw new NotACleanCoverage(reason);
}

/** Edges left after cancelling each edge that occurs in both directions. */
function cancelSharedEdges(edgeLists: readonly PreparedEdges[], vertexCount: number, stats: DissolveStats): number[] {
  const from: number[] = [];
  const to: number[] = [];
  const alive: boolean[] = [];
  // Undirected key → index of the live edge, or -1 once cancelled.
  const byKey = new Map<number, number>();
  for (const edges of edgeLists) {
    for (let index = 0; index < edges.length; index += 2) {
      const a = edges[index]!;
      const b = edges[index + 1]!;
      const key = a < b ? a * vertexCount + b : b * vertexCount + a;
      const state = byKey.get(key);
      if (state === undefined) {
        byKey.set(key, from.length);
        from.push(a);
        to.push(b);
        alive.push(true);
      } else if (state === -1) {
        fail('an edge is used by more than two areas (overlap)');
      } else if (from[state] === a) {
        fail('an edge is used twice in the same direction (overlap or duplicate)');
      } else {
        alive[state] = false;
        byKey.set(key, -1);
      }
    }
  }
  stats.inputEdgeCount = edgeLists.reduce((sum, edges) => sum + edges.length / 2, 0);
  const remaining: number[] = [];
  for (let index = 0; index < from.length; index++) if (alive[index]) remaining.push(from[index]!, to[index]!);
  return remaining;
}

/** Throws unless remaining edges meet only at shared endpoints. */
function checkEdgesMeetOnlyAtVertices(edges: readonly number[], vertices: VertexTable): void {
  const count = edges.length / 2;
  if (count < 2) return;
  const xs = vertices.x;
  const ys = vertices.y;
  const tolerance = NEAR_EDGE_TOLERANCE_DEGREES;
  const toleranceSquared = tolerance * tolerance;
  const index = new Flatbush(count);
  for (let edge = 0; edge < count; edge++) {
    const a = edges[2 * edge]!;
    const b = edges[2 * edge + 1]!;
    index.add(Math.min(xs[a]!, xs[b]!), Math.min(ys[a]!, ys[b]!), Math.max(xs[a]!, xs[b]!), Math.max(ys[a]!, ys[b]!));
  }
  index.finish();
  const near = (p: number, a: number, b: number) =>
    squaredDistanceToSegment(xs[p]!, ys[p]!, xs[a]!, ys[a]!, xs[b]!, ys[b]!) <= toleranceSquared;
  for (let edge = 0; edge < count; edge++) {
    const a = edges[2 * edge]!;
    const b = edges[2 * edge + 1]!;
    const candidates = index.search(
      Math.min(xs[a]!, xs[b]!) - tolerance,
      Math.min(ys[a]!, ys[b]!) - tolerance,
      Math.max(xs[a]!, xs[b]!) + tolerance,
      Math.max(ys[a]!, ys[b]!) + tolerance,
    );
    for (const other of candidates) {
      if (other <= edge) continue;
      const c = edges[2 * other]!;
      const d = edges[2 * other + 1]!;
      const sharesA = a === c || a === d;
      const sharesB = b === c || b === d;
      if (sharesA && sharesB) fail('two boundary edges join the same vertices');
      if (sharesA || sharesB) {
        // Adjacent edges: they must not run along each other.
        const shared = sharesA ? a : b;
        const ownOther = sharesA ? b : a;
        const otherOther = c === shared ? d : c;
        if (near(otherOther, a, b) || near(ownOther, c, d)) {
          if (collinearOverlap(shared, ownOther, otherOther, xs, ys)) fail('boundary edges overlap (T-junction or spike)');
        }
        continue;
      }
      if (near(c, a, b) || near(d, a, b) || near(a, c, d) || near(b, c, d)) {
        fail('a boundary vertex lies on another boundary edge (T-junction)');
      }
      if (segmentsCrossProperly(xs[a]!, ys[a]!, xs[b]!, ys[b]!, xs[c]!, ys[c]!, xs[d]!, ys[d]!)) {
        fail('boundary edges cross (overlap)');
      }
    }
  }
}

/** Whether the edges shared→p and shared→q point the same way (one runs along the other). */
function collinearOverlap(shared: number, p: number, q: number, xs: readonly number[], ys: readonly number[]): boolean {
  const dx1 = xs[p]! - xs[shared]!;
  const dy1 = ys[p]! - ys[shared]!;
  const dx2 = xs[q]! - xs[shared]!;
  const dy2 = ys[q]! - ys[shared]!;
  return dx1 * dx2 + dy1 * dy2 > 0;
}

/** Stitches the remaining directed edges into closed rings of vertex ids (no repeated vertex). */
function stitchRings(edges: readonly number[], vertices: VertexTable): number[][] {
  const count = edges.length / 2;
  const xs = vertices.x;
  const ys = vertices.y;
  const firstOut = new Map<number, number>();
  const nextOut = new Int32Array(count).fill(-1);
  for (let edge = count - 1; edge >= 0; edge--) {
    const from = edges[2 * edge]!;
    const head = firstOut.get(from);
    if (head !== undefined) nextOut[edge] = head;
    firstOut.set(from, edge);
  }
  const successor = (edge: number): number => {
    const from = edges[2 * edge]!;
    const at = edges[2 * edge + 1]!;
    const first = firstOut.get(at);
    if (first === undefined) fail('a boundary edge ends where no edge leaves (open ring)');
    if (nextOut[first] === -1) return first;
    // Pinch point: first outgoing edge clockwise from the direction back along `edge`.
    const backAngle = Math.atan2(ys[from]! - ys[at]!, xs[from]! - xs[at]!);
    let best = -1;
    let bestTurn = Infinity;
    for (let candidate = first; candidate !== -1; candidate = nextOut[candidate]!) {
      const target = edges[2 * candidate + 1]!;
      const angle = Math.atan2(ys[target]! - ys[at]!, xs[target]! - xs[at]!);
      let turn = backAngle - angle;
      while (turn <= 0) turn += 2 * Math.PI;
      while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
      if (turn < bestTurn) {
        bestTurn = turn;
        best = candidate;
      }
    }
    return best;
  };
  const visited = new Uint8Array(count);
  const rings: number[][] = [];
  for (let start = 0; start < count; start++) {
    if (visited[start]) continue;
    const walk: number[] = [];
    let edge = start;
    for (;;) {
      visited[edge] = 1;
      walk.push(edges[2 * edge]!);
      const next = successor(edge);
      if (next === start) break;
      if (visited[next]) fail('boundary edges do not form closed rings');
      edge = next;
    }
    rings.push(...simpleLoops(walk));
  }
  return rings;
}

function toRing(ids: number[], vertices: VertexTable): Ring {
  if (ids.length < 3) fail('a boundary ring has fewer than three vertices');
  const flat = new Float64Array(ids.length * 2);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let sum = 0;
  for (let index = 0; index < ids.length; index++) {
    const x = vertices.x[ids[index]!]!;
    const y = vertices.y[ids[index]!]!;
    flat[2 * index] = x;
    flat[2 * index + 1] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  for (let index = 0; index < ids.length; index++) {
    const next = (index + 1) % ids.length;
    sum += (flat[2 * index]! - minX) * (flat[2 * next + 1]! - minY) - (flat[2 * next]! - minX) * (flat[2 * index + 1]! - minY);
  }
  if (sum === 0) fail('a boundary ring has zero area');
  return { ids, signedAreaTwice: sum, flat, minX, minY, maxX, maxY, parent: -1 };
}

/** Sets `parent` of every ring to the smallest ring around it; throws on invalid nesting. */
function nestRings(rings: Ring[]): void {
  if (rings.length === 1) {
    if (rings[0]!.signedAreaTwice < 0) fail('a hole lies outside every outer ring');
    return;
  }
  const index = new Flatbush(rings.length);
  for (const ring of rings) index.add(ring.minX, ring.minY, ring.maxX, ring.maxY);
  index.finish();
  rings.forEach((ring, ringIndex) => {
    // A point strictly inside the ring's first edge: it lies on no other ring, because
    // remaining edges meet only at shared vertices.
    const x = (ring.flat[0]! + ring.flat[2]!) / 2;
    const y = (ring.flat[1]! + ring.flat[3]!) / 2;
    const ownArea = Math.abs(ring.signedAreaTwice);
    let parent = -1;
    let parentArea = Infinity;
    for (const candidate of index.search(ring.minX, ring.minY, ring.maxX, ring.maxY)) {
      if (candidate === ringIndex) continue;
      const other = rings[candidate]!;
      const otherArea = Math.abs(other.signedAreaTwice);
      if (otherArea <= ownArea || otherArea >= parentArea) continue;
      if (other.minX > ring.minX || other.minY > ring.minY || other.maxX < ring.maxX || other.maxY < ring.maxY) continue;
      if (pointInFlatRing(x, y, other.flat, 0, other.flat.length)) {
        parent = candidate;
        parentArea = otherArea;
      }
    }
    ring.parent = parent;
    const isOuter = ring.signedAreaTwice > 0;
    if (isOuter && parent !== -1 && rings[parent]!.signedAreaTwice > 0) fail('an outer ring lies inside another area (overlap)');
    if (!isOuter && (parent === -1 || rings[parent]!.signedAreaTwice < 0)) fail('a hole is not directly inside an outer ring');
  });
}

/** Ring positions starting at the lowest (x, then y) vertex, closed. */
function ringPositions(ring: Ring): Position[] {
  const count = ring.ids.length;
  let start = 0;
  for (let index = 1; index < count; index++) {
    const x = ring.flat[2 * index]!;
    const y = ring.flat[2 * index + 1]!;
    const bestX = ring.flat[2 * start]!;
    if (x < bestX || (x === bestX && y < ring.flat[2 * start + 1]!)) start = index;
  }
  const positions: Position[] = [];
  for (let step = 0; step <= count; step++) {
    const index = (start + step) % count;
    positions.push([ring.flat[2 * index]!, ring.flat[2 * index + 1]!]);
  }
  return positions;
}

function compareRingStart(a: Position[], b: Position[]): number {
  return a[0]![0]! - b[0]![0]! || a[0]![1]! - b[0]![1]!;
}

function assemble(rings: Ring[]): AreaGeometry | null {
  const holesOf = new Map<number, Ring[]>();
  rings.forEach((ring) => {
    if (ring.signedAreaTwice < 0) {
      const list = holesOf.get(ring.parent) ?? [];
      list.push(ring);
      holesOf.set(ring.parent, list);
    }
  });
  const polygons: { area: number; rings: Position[][] }[] = [];
  rings.forEach((ring, ringIndex) => {
    if (ring.signedAreaTwice <= 0) return;
    const holes = (holesOf.get(ringIndex) ?? []).map(ringPositions).sort(compareRingStart);
    polygons.push({ area: ring.signedAreaTwice, rings: [ringPositions(ring), ...holes] });
  });
  if (polygons.length === 0) return null;
  polygons.sort((a, b) => b.area - a.area || compareRingStart(a.rings[0]!, b.rings[0]!));
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0]!.rings };
  return { type: 'MultiPolygon', coordinates: polygons.map((entry) => entry.rings) };
}

/**
 * Fast-path dissolve of prepared edge lists that share one vertex table. Returns the union, or
 * `undefined` when the input is not a clean coverage (then `stats.fallbackReason` says why).
 */
export function dissolvePreparedEdges(
  edgeLists: readonly PreparedEdges[],
  vertices: VertexTable,
  stats: DissolveStats = emptyDissolveStats(),
): AreaGeometry | null | undefined {
  try {
    const remaining = cancelSharedEdges(edgeLists, vertices.size, stats);
    stats.boundaryEdgeCount = remaining.length / 2;
    if (remaining.length === 0) {
      stats.path = 'empty';
      return null;
    }
    checkEdgesMeetOnlyAtVertices(remaining, vertices);
    const rings = stitchRings(remaining, vertices).map((ids) => toRing(ids, vertices));
    nestRings(rings);
    stats.path = 'fast';
    stats.fallbackReason = null;
    return assemble(rings);
  } catch (error) {
    if (!(error instanceof NotACleanCoverage)) throw error;
    stats.fallbackReason = error.message;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Fallback and public API.

function isEmpty(geometry: AreaGeometry): boolean {
  return geometry.coordinates.length === 0;
}

/**
 * Union of area geometries that form a coverage (neighbours share vertices exactly): a Polygon
 * or MultiPolygon with holes where the areas enclose foreign ones; null for no area at all.
 * Takes the linear-time edge-cancellation path when the input is a clean coverage and falls
 * back to a polyclip union otherwise, so the result is the union either way. Pass `stats` to
 * learn which path was taken.
 */
export function dissolveCoverage(geometries: readonly AreaGeometry[], stats?: DissolveStats): AreaGeometry | null {
  const ownStats = stats ?? emptyDissolveStats();
  Object.assign(ownStats, emptyDissolveStats());
  const nonEmpty = geometries.filter((geometry) => !isEmpty(geometry));
  if (nonEmpty.length === 0) return null;
  const vertices = new VertexTable();
  const edgeLists = nonEmpty.map((geometry) => prepareEdges(geometry, vertices));
  const fast = dissolvePreparedEdges(edgeLists, vertices, ownStats);
  if (fast !== undefined) return fast;
  ownStats.path = 'fallback';
  return polyclipUnion(nonEmpty);
}

/** A base unit (or any area) with an id, as `dissolveGroups` takes it. */
export interface IdentifiedArea {
  id: string;
  geometry: AreaGeometry;
}

/**
 * Dissolves groups of units (e.g. the units of each social space) in one pass: vertices of all
 * units are numbered once, then each group runs the fast path on its units' edges (falling back
 * to a polyclip union per group when needed). Unit ids that do not occur in `units` are
 * ignored; an empty group yields null. `stats`, when passed, receives one entry per group.
 */
export function dissolveGroups(
  units: readonly IdentifiedArea[],
  groups: ReadonlyMap<string, readonly string[]>,
  stats?: Map<string, DissolveStats>,
): Map<string, AreaGeometry | null> {
  const vertices = new VertexTable();
  const byId = new Map<string, { geometry: AreaGeometry; edges: PreparedEdges | null }>();
  for (const unit of units) byId.set(unit.id, { geometry: unit.geometry, edges: null });
  const result = new Map<string, AreaGeometry | null>();
  for (const [groupId, unitIds] of groups) {
    const members = unitIds
      .map((id) => byId.get(id))
      .filter((member): member is { geometry: AreaGeometry; edges: PreparedEdges | null } => member !== undefined && !isEmpty(member.geometry));
    const groupStats = emptyDissolveStats();
    stats?.set(groupId, groupStats);
    if (members.length === 0) {
      result.set(groupId, null);
      continue;
    }
    const edgeLists = members.map((member) => (member.edges ??= prepareEdges(member.geometry, vertices)));
    let geometry = dissolvePreparedEdges(edgeLists, vertices, groupStats);
    if (geometry === undefined) {
      groupStats.path = 'fallback';
      geometry = polyclipUnion(members.map((member) => member.geometry));
    }
    result.set(groupId, geometry);
  }
  return result;
}
