/**
 * Topological (shared-border) editing: when the user reshapes one space, its neighbours follow
 * along the borders they share, so the plan keeps no gap and no overlap.
 *
 * The editor reports the edited space before and after each change; `propagateEdit` diffs the
 * two ring by ring (same ring structure) into operations and applies them to the neighbours:
 * - move old → new (one or several vertices): every neighbour vertex equal to old (within the
 *   tolerance, per axis) becomes new; where old lies inside a neighbour edge (a T-junction),
 *   new is inserted into that edge;
 * - insert v between a and b: every neighbour with the edge a–b (consecutive, either
 *   direction) gets v between them;
 * - delete v between a and b: a neighbour with a, v, b consecutive (either direction) loses v.
 *   A neighbour that has v but not that whole path (v is a junction of three or more spaces,
 *   or the border turns off there) is left alone: the topology check reports what remains.
 *   A deletion that would leave a neighbour ring with fewer than three vertices is skipped.
 * A ring whose change is none of these (several insertions, insertion plus move, a different
 * ring structure) propagates nothing.
 *
 * It runs on every pointer move while dragging, so it is plain loops over coordinates: no turf,
 * no index to build. Pure: inputs are never mutated; changed neighbours get new geometry objects
 * (all their positions copied).
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../../domain/types';
import { squaredDistanceToSegment } from '../planar';
import { openLength, polygonRings as polygonsOf } from '../rings';

/** Vertices closer than this per axis (≈ 0.1 mm) are the same vertex. */
export const SHARED_EDIT_TOLERANCE_DEGREES = 1e-9;

export interface VertexMove {
  from: Position;
  to: Position;
}

export interface VertexInsert {
  /** The vertices of the edge the new vertex went into, in the edited ring's order. */
  a: Position;
  b: Position;
  vertex: Position;
}

export interface VertexDelete {
  /** The vertices before and after the deleted one, in the edited ring's order. */
  a: Position;
  vertex: Position;
  b: Position;
}

/** What changed from `before` to `after`, as operations on vertices. */
export interface AreaEdit {
  moves: VertexMove[];
  inserts: VertexInsert[];
  deletes: VertexDelete[];
}


function same(p: Position, q: Position): boolean {
  return p[0] === q[0] && p[1] === q[1];
}

/** Adds the operations turning ring `before` into ring `after` (open lengths n and m) to `edit`. */
function diffRing(before: readonly Position[], after: readonly Position[], edit: AreaEdit): void {
  const n = openLength(before);
  const m = openLength(after);
  if (n === m) {
    for (let index = 0; index < n; index++) {
      if (!same(before[index]!, after[index]!)) edit.moves.push({ from: before[index]!, to: after[index]! });
    }
    return;
  }
  if (n < 3 || m < 3 || Math.abs(n - m) !== 1) return;
  const shorter = n < m ? before : after;
  const longer = n < m ? after : before;
  const shortLength = Math.min(n, m);
  let k = 0;
  while (k < shortLength && same(shorter[k]!, longer[k]!)) k++;
  for (let index = k; index < shortLength; index++) if (!same(shorter[index]!, longer[index + 1]!)) return;
  const a = shorter[(k - 1 + shortLength) % shortLength]!;
  const b = shorter[k % shortLength]!;
  if (n < m) edit.inserts.push({ a, b, vertex: longer[k]! });
  else edit.deletes.push({ a, vertex: longer[k]!, b });
}

/**
 * The operations turning `before` into `after` (the same space before and after one edit).
 * Null when the ring structure differs (another number of parts or rings).
 */
export function diffAreas(before: AreaGeometry, after: AreaGeometry): AreaEdit | null {
  const beforePolygons = polygonsOf(before);
  const afterPolygons = polygonsOf(after);
  if (beforePolygons.length !== afterPolygons.length) return null;
  for (let part = 0; part < beforePolygons.length; part++) if (beforePolygons[part]!.length !== afterPolygons[part]!.length) return null;
  const edit: AreaEdit = { moves: [], inserts: [], deletes: [] };
  beforePolygons.forEach((rings, part) => rings.forEach((ring, index) => diffRing(ring, afterPolygons[part]![index]!, edit)));
  return edit;
}

/** Moves sorted by x of their origin, for a binary search per vertex. */
class MoveLookup {
  readonly #moves: VertexMove[];
  readonly #xs: Float64Array;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;

  constructor(moves: readonly VertexMove[], readonly tolerance: number) {
    this.#moves = [...moves].sort((m, n) => m.from[0]! - n.from[0]!);
    this.#xs = Float64Array.from(this.#moves, (move) => move.from[0]!);
    let minY = Infinity;
    let maxY = -Infinity;
    for (const move of this.#moves) {
      minY = Math.min(minY, move.from[1]!);
      maxY = Math.max(maxY, move.from[1]!);
    }
    this.minX = (this.#xs[0] ?? Infinity) - tolerance;
    this.maxX = (this.#xs[this.#xs.length - 1] ?? -Infinity) + tolerance;
    this.minY = minY - tolerance;
    this.maxY = maxY + tolerance;
  }

  get size(): number {
    return this.#moves.length;
  }

  /** Index (in sorted order) of the first move with origin x ≥ x. */
  lowerBound(x: number): number {
    let low = 0;
    let high = this.#xs.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#xs[middle]! < x) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index (in sorted order) of a move whose origin equals (x, y) within the tolerance, or -1. */
  find(x: number, y: number): number {
    if (x < this.minX || x > this.maxX || y < this.minY || y > this.maxY) return -1;
    const tolerance = this.tolerance;
    const xs = this.#xs;
    for (let index = this.lowerBound(x - tolerance); index < xs.length && xs[index]! <= x + tolerance; index++) {
      if (Math.abs(this.#moves[index]!.from[1]! - y) <= tolerance) return index;
    }
    return -1;
  }

  move(index: number): VertexMove {
    return this.#moves[index]!;
  }

  originX(index: number): number {
    return this.#xs[index]!;
  }
}

function near(p: Position, q: Position, tolerance: number): boolean {
  return Math.abs(p[0]! - q[0]!) <= tolerance && Math.abs(p[1]! - q[1]!) <= tolerance;
}

function copyPosition(position: Position): Position {
  return position.slice();
}

interface Insertion {
  t: number;
  position: Position;
}

/**
 * Moves not matched to a vertex (`matched[index] === 0`) whose origin lies inside the edge
 * p→q (a T-junction). Adds them to `out` with their parameter along the edge; without `out`,
 * only tells whether there is one.
 */
function tJunctionMoves(p: Position, q: Position, moves: MoveLookup, matched: Uint8Array, out: Insertion[] | null): boolean {
  const tolerance = moves.tolerance;
  const px = p[0]!;
  const py = p[1]!;
  const qx = q[0]!;
  const qy = q[1]!;
  const x0 = (px < qx ? px : qx) - tolerance;
  const x1 = (px < qx ? qx : px) + tolerance;
  const y0 = (py < qy ? py : qy) - tolerance;
  const y1 = (py < qy ? qy : py) + tolerance;
  if (x1 < moves.minX || x0 > moves.maxX || y1 < moves.minY || y0 > moves.maxY) return false;
  const dx = qx - px;
  const dy = qy - py;
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return false;
  let found = false;
  for (let index = moves.lowerBound(x0); index < moves.size && moves.originX(index) <= x1; index++) {
    if (matched[index]) continue;
    const move = moves.move(index);
    const ox = move.from[0]!;
    const oy = move.from[1]!;
    if (oy < y0 || oy > y1) continue;
    if (near(move.from, p, tolerance) || near(move.from, q, tolerance)) continue;
    if (squaredDistanceToSegment(ox, oy, px, py, qx, qy) > tolerance * tolerance) continue;
    found = true;
    if (!out) return true;
    out.push({ t: ((ox - px) * dx + (oy - py) * dy) / lengthSquared, position: move.to });
  }
  return found;
}

const NO_MATCHES = new Uint8Array(0);

/**
 * `geometry` with `edit` applied, or null when nothing changes. A move whose origin matches a
 * vertex of this geometry is not looked for inside its edges (no T-junction there). A first
 * pass only looks (no allocation), so neighbours the edit does not touch cost one scan.
 */
function applyEdit(geometry: AreaGeometry, edit: AreaEdit, moves: MoveLookup, tolerance: number): AreaGeometry | null {
  const polygons = polygonsOf(geometry);

  // Pass 1: is this neighbour touched at all, and which moves hit one of its vertices?
  const matched = moves.size > 0 ? new Uint8Array(moves.size) : NO_MATCHES;
  let touched = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      const count = openLength(ring);
      for (let index = 0; index < count; index++) {
        const position = ring[index]!;
        if (moves.size > 0) {
          const hit = moves.find(position[0]!, position[1]!);
          if (hit !== -1) {
            matched[hit] = 1;
            touched = true;
          }
        }
        for (const insertion of edit.inserts) if (near(position, insertion.a, tolerance)) touched = true;
        for (const deletion of edit.deletes) if (near(position, deletion.vertex, tolerance)) touched = true;
      }
    }
  }
  let unmatched = false;
  for (let index = 0; index < moves.size; index++) if (!matched[index]) unmatched = true;
  if (!touched && unmatched) {
    for (const rings of polygons) {
      for (const ring of rings) {
        const count = openLength(ring);
        for (let index = 0; index < count && !touched; index++) {
          if (tJunctionMoves(ring[index]!, ring[(index + 1) % count]!, moves, matched, null)) touched = true;
        }
      }
    }
  }
  if (!touched) return null;

  // Pass 2: rebuild the rings.
  let changed = false;
  const insertions: Insertion[] = [];
  const result = polygons.map((rings) =>
    rings.map((ring) => {
      const count = openLength(ring);
      if (count < 3) return ring.map(copyPosition);
      const out: Position[] = [];
      for (let index = 0; index < count; index++) {
        const position = ring[index]!;
        const previous = ring[(index - 1 + count) % count]!;
        const next = ring[(index + 1) % count]!;

        let deleted = false;
        for (const deletion of edit.deletes) {
          if (!near(position, deletion.vertex, tolerance)) continue;
          const forward = near(previous, deletion.a, tolerance) && near(next, deletion.b, tolerance);
          const backward = near(previous, deletion.b, tolerance) && near(next, deletion.a, tolerance);
          if ((forward || backward) && count > 3) deleted = true;
        }
        if (deleted) {
          changed = true;
          continue;
        }

        const hit = moves.size > 0 ? moves.find(position[0]!, position[1]!) : -1;
        if (hit !== -1) {
          out.push(copyPosition(moves.move(hit).to));
          changed = true;
        } else {
          out.push(copyPosition(position));
        }

        // Insertions into the edge position → next.
        insertions.length = 0;
        for (const insertion of edit.inserts) {
          const forward = near(position, insertion.a, tolerance) && near(next, insertion.b, tolerance);
          const backward = near(position, insertion.b, tolerance) && near(next, insertion.a, tolerance);
          if (forward || backward) insertions.push({ t: 0.5, position: insertion.vertex });
        }
        if (unmatched) tJunctionMoves(position, next, moves, matched, insertions);
        if (insertions.length > 0) {
          insertions.sort((m, n) => m.t - n.t);
          for (const insertion of insertions) out.push(copyPosition(insertion.position));
          changed = true;
        }
      }
      if (out.length > 0) out.push(copyPosition(out[0]!));
      return out;
    }),
  );
  if (!changed) return null;
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: result[0]! } : { type: 'MultiPolygon', coordinates: result };
}

/**
 * Applies the change of one space (`before` → `after`, same ring structure) to the neighbours
 * that share the changed border. Returns the neighbours that changed, id → new geometry.
 */
export function propagateEdit(
  before: AreaGeometry,
  after: AreaGeometry,
  neighbours: readonly { id: string; geometry: AreaGeometry }[],
  toleranceDegrees = SHARED_EDIT_TOLERANCE_DEGREES,
): Map<string, AreaGeometry> {
  const result = new Map<string, AreaGeometry>();
  const edit = diffAreas(before, after);
  if (!edit || (edit.moves.length === 0 && edit.inserts.length === 0 && edit.deletes.length === 0)) return result;
  const moves = new MoveLookup(edit.moves, toleranceDegrees);
  for (const neighbour of neighbours) {
    const changed = applyEdit(neighbour.geometry, edit, moves, toleranceDegrees);
    if (changed) result.set(neighbour.id, changed);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Neighbours.

interface Flat {
  /** Vertices as [x0, y0, x1, y1, …], each ring's closing repetition left out. */
  vertices: number[];
  /** Edges as [ax, ay, bx, by, …]. */
  edges: number[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function flatten(geometry: AreaGeometry): Flat {
  const flat: Flat = { vertices: [], edges: [], minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      const count = openLength(ring);
      for (let index = 0; index < count; index++) {
        const [x, y] = ring[index]! as [number, number];
        const [nx, ny] = ring[(index + 1) % count]! as [number, number];
        flat.vertices.push(x, y);
        if (x !== nx || y !== ny) flat.edges.push(x, y, nx, ny);
        if (x < flat.minX) flat.minX = x;
        if (x > flat.maxX) flat.maxX = x;
        if (y < flat.minY) flat.minY = y;
        if (y > flat.maxY) flat.maxY = y;
      }
    }
  }
  return flat;
}

/**
 * Ids of the candidates that share at least one boundary point with `target`: a vertex equal
 * to one of the other's vertices or lying on one of its edges (within the tolerance). Touching
 * at a single corner counts. Candidates whose bounding box misses the target's are skipped
 * cheaply; pass the candidates without the target itself. Ids come in candidate order.
 */
export function neighboursOf(
  target: AreaGeometry,
  candidates: readonly { id: string; geometry: AreaGeometry }[],
  toleranceDegrees = SHARED_EDIT_TOLERANCE_DEGREES,
): string[] {
  const tolerance = toleranceDegrees;
  const toleranceSquared = tolerance * tolerance;
  const own = flatten(target);
  const edgeCount = own.edges.length / 4;
  if (edgeCount === 0) return [];
  const edgeIndex = new Flatbush(edgeCount);
  for (let edge = 0; edge < edgeCount; edge++) {
    const [ax, ay, bx, by] = own.edges.slice(4 * edge, 4 * edge + 4) as [number, number, number, number];
    edgeIndex.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  edgeIndex.finish();
  const vertexCount = own.vertices.length / 2;
  const vertexIndex = new Flatbush(vertexCount);
  for (let vertex = 0; vertex < vertexCount; vertex++) vertexIndex.add(own.vertices[2 * vertex]!, own.vertices[2 * vertex + 1]!);
  vertexIndex.finish();
  const minX = own.minX - tolerance;
  const minY = own.minY - tolerance;
  const maxX = own.maxX + tolerance;
  const maxY = own.maxY + tolerance;

  const touches = (other: Flat): boolean => {
    // Their vertices on our edges (covers equal vertices).
    for (let index = 0; index < other.vertices.length; index += 2) {
      const x = other.vertices[index]!;
      const y = other.vertices[index + 1]!;
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
      const found = edgeIndex.collides(x - tolerance, y - tolerance, x + tolerance, y + tolerance, (edge) => {
        const e = 4 * edge;
        return squaredDistanceToSegment(x, y, own.edges[e]!, own.edges[e + 1]!, own.edges[e + 2]!, own.edges[e + 3]!) <= toleranceSquared;
      });
      if (found) return true;
    }
    // Our vertices on their edges.
    for (let index = 0; index < other.edges.length; index += 4) {
      const ax = other.edges[index]!;
      const ay = other.edges[index + 1]!;
      const bx = other.edges[index + 2]!;
      const by = other.edges[index + 3]!;
      if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY) continue;
      const found = vertexIndex.collides(
        Math.min(ax, bx) - tolerance,
        Math.min(ay, by) - tolerance,
        Math.max(ax, bx) + tolerance,
        Math.max(ay, by) + tolerance,
        (vertex) => squaredDistanceToSegment(own.vertices[2 * vertex]!, own.vertices[2 * vertex + 1]!, ax, ay, bx, by) <= toleranceSquared,
      );
      if (found) return true;
    }
    return false;
  };

  const ids: string[] = [];
  for (const candidate of candidates) {
    const other = flatten(candidate.geometry);
    if (other.maxX < minX || other.minX > maxX || other.maxY < minY || other.minY > maxY) continue;
    if (touches(other)) ids.push(candidate.id);
  }
  return ids;
}
