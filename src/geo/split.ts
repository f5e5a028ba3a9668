/**
 * Splitting a social space along a drawn polyline, and handing its base units to the pieces.
 *
 * How a polygon is split (each part of a MultiPolygon on its own):
 * 1. Noding: the line is cut where it meets the rings (and where it crosses itself). A new
 *    vertex on a ring edge a–b is computed as a + t·(b − a), so it lies on the original edge up
 *    to floating-point noise and an adjacent space's unchanged edge a–b still fits. Line
 *    vertices closer than `SPLIT_TOLERANCE_DEGREES` to a ring vertex or edge are moved onto it
 *    (a line snapped to the border cuts there); ring vertices that close to the line become line
 *    vertices. Ring vertices are never moved.
 * 2. A planar graph of the ring edges and the line pieces inside the polygon (line pieces
 *    outside or inside a hole are dropped). Dangling line ends are pruned repeatedly, and so are
 *    line bridges (a line piece with the same face on both sides, e.g. one that only connects a
 *    hole to the outer ring): only complete crossings cut.
 * 3. Faces by a half-edge walk (at each vertex take the first edge clockwise from the one
 *    arrived on, so each face lies left of its half-edges). A face inside the polygon is known
 *    from its half-edges: line half-edges are inside on both sides, ring half-edges on their
 *    interior side only (rings are oriented outer counter-clockwise, holes clockwise).
 *    Counter-clockwise inside faces are the pieces; clockwise inside faces are the outlines of
 *    parts of the graph that hang inside a piece without touching it (an untouched hole, a
 *    closed loop of the line) and become holes of the smallest piece around them. A walk that
 *    visits a vertex twice (a hole touching the outer ring) is split there into simple rings.
 * 4. Ring vertices the cut added where no line piece was kept (the crossing of a dangling end
 *    or of a bridge) are dropped again, so such a crossing leaves the border as it was.
 *
 * Decisions: a closed loop drawn inside a space cuts out the loop's inside as a piece (the rest
 * gets a hole). Each cut polygon of a MultiPolygon gives its own pieces (two crossed parts cut
 * in two give four pieces); uncut parts join the first (largest) piece.
 *
 * Pure: inputs are never mutated and never aliased by the output.
 */
import { area as turfArea } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Polygon, Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';
import { bboxOfGeometries, type BBox } from './bbox';
import { polyclipIntersection } from './boolean-ops';
import { labelPoint } from './label-point';
import { pointInFlatRing, segmentsCrossProperly, squaredDistanceToSegment } from './planar';
import { simpleLoops } from './rings';

/** A line vertex this close to a ring vertex or edge (≈ 0.1 mm) lies on it; same for ring vertices on the line. */
export const SPLIT_TOLERANCE_DEGREES = 1e-9;

export type SplitResult = { ok: true; pieces: AreaGeometry[] } | { ok: false; reason: 'no-crossing' | 'invalid-line' };

/** Distinct consecutive finite line positions, or null for fewer than two. */
function cleanLine(line: readonly Position[]): [number, number][] | null {
  const out: [number, number][] = [];
  for (const position of line) {
    const x = position[0];
    const y = position[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
    const last = out[out.length - 1];
    if (!last || last[0] !== x || last[1] !== y) out.push([x, y]);
  }
  return out.length >= 2 ? out : null;
}

/** Open ring (no closing repetition, no repeated consecutive position) as [x, y] pairs. */
function openRing(ring: readonly Position[]): [number, number][] {
  const out: [number, number][] = [];
  for (const position of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== position[0] || last[1] !== position[1]) out.push([position[0]!, position[1]!]);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}

function signedAreaTwiceOpen(ring: readonly [number, number][]): number {
  let sum = 0;
  for (let index = 0; index < ring.length; index++) {
    const a = ring[index]!;
    const b = ring[(index + 1) % ring.length]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum;
}

/** Parameter of the projection of p onto a→b, clamped to [0, 1]. */
function projectionParameter(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return 0;
  const t = ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

interface Split {
  t: number;
  node: number;
}

const hashScratch = new Float64Array(2);
const hashWords = new Uint32Array(hashScratch.buffer);

/** Node coordinates with exact-coordinate deduplication (open-addressing hash on the bits). */
class Nodes {
  readonly x: number[] = [];
  readonly y: number[] = [];
  #slots = new Int32Array(1024).fill(-1);
  #mask = 1023;

  #hash(x: number, y: number): number {
    hashScratch[0] = x;
    hashScratch[1] = y;
    let h = Math.imul(hashWords[0]! ^ Math.imul(hashWords[1]!, 0x27d4eb2d), 0x9e3779b1);
    h ^= Math.imul(hashWords[2]! ^ Math.imul(hashWords[3]!, 0x165667b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    return h >>> 0;
  }

  idOf(x: number, y: number): number {
    // -0 and 0 are the same coordinate but not the same bits.
    if (x === 0) x = 0;
    if (y === 0) y = 0;
    let slot = this.#hash(x, y) & this.#mask;
    for (;;) {
      const id = this.#slots[slot]!;
      if (id === -1) break;
      if (this.x[id] === x && this.y[id] === y) return id;
      slot = (slot + 1) & this.#mask;
    }
    const id = this.x.length;
    this.x.push(x);
    this.y.push(y);
    this.#slots[slot] = id;
    if (this.x.length * 2 > this.#slots.length) this.#grow();
    return id;
  }

  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.x.length; id++) {
      let slot = this.#hash(this.x[id]!, this.y[id]!) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** A piece face: its node ids in walk order and twice its signed area. */
interface Face {
  nodes: number[];
  signedAreaTwice: number;
  inside: boolean;
  component: number;
}

const RING_EDGE = 0;
const LINE_EDGE = 1;

/**
 * Faces of the planar graph of `edges` (pairs of node ids; kind per edge) after pruning
 * dangling line edges and line bridges. Half-edge 2e runs from[e] → to[e], 2e + 1 back.
 */
function facesOf(nodes: Nodes, from: readonly number[], to: readonly number[], kind: readonly number[]): { faces: Face[]; onLine: Uint8Array } {
  const nodeCount = nodes.x.length;
  const edgeCount = from.length;
  const halfCount = 2 * edgeCount;
  const origin = (half: number) => ((half & 1) === 0 ? from[half >> 1]! : to[half >> 1]!);
  const target = (half: number) => ((half & 1) === 0 ? to[half >> 1]! : from[half >> 1]!);

  // Outgoing half-edges per node (compressed rows), each row sorted counter-clockwise.
  const offset = new Int32Array(nodeCount + 1);
  for (let half = 0; half < halfCount; half++) offset[origin(half) + 1]!++;
  for (let node = 0; node < nodeCount; node++) offset[node + 1]! += offset[node]!;
  const outgoing = new Int32Array(halfCount);
  const fill = offset.slice(0, nodeCount);
  for (let half = 0; half < halfCount; half++) outgoing[fill[origin(half)]!++] = half;
  const angle = new Float64Array(halfCount);
  for (let half = 0; half < halfCount; half++) {
    const a = origin(half);
    const b = target(half);
    angle[half] = Math.atan2(nodes.y[b]! - nodes.y[a]!, nodes.x[b]! - nodes.x[a]!);
  }
  for (let node = 0; node < nodeCount; node++) {
    // Insertion sort: rows are short (two for most nodes).
    for (let i = offset[node]! + 1; i < offset[node + 1]!; i++) {
      const half = outgoing[i]!;
      let j = i - 1;
      while (j >= offset[node]! && angle[outgoing[j]!]! > angle[half]!) {
        outgoing[j + 1] = outgoing[j]!;
        j--;
      }
      outgoing[j + 1] = half;
    }
  }

  const alive = new Uint8Array(edgeCount).fill(1);
  const degree = new Int32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) degree[node] = offset[node + 1]! - offset[node]!;
  const removeEdge = (edge: number, stack: number[]) => {
    alive[edge] = 0;
    for (const node of [from[edge]!, to[edge]!]) {
      degree[node]!--;
      if (degree[node] === 1) stack.push(node);
    }
  };
  const prune = (stack: number[]) => {
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (degree[node] !== 1) continue;
      for (let i = offset[node]!; i < offset[node + 1]!; i++) {
        const edge = outgoing[i]! >> 1;
        if (alive[edge] && kind[edge] === LINE_EDGE) removeEdge(edge, stack);
      }
    }
  };
  const initial: number[] = [];
  for (let node = 0; node < nodeCount; node++) if (degree[node] === 1) initial.push(node);
  prune(initial);

  // Position of each live half-edge among the live ones of its node; rebuilt after removals.
  const position = new Int32Array(halfCount);
  const liveRow = new Int32Array(halfCount);
  const liveOffset = new Int32Array(nodeCount + 1);
  const faceOf = new Int32Array(halfCount);
  for (;;) {
    let count = 0;
    for (let node = 0; node < nodeCount; node++) {
      liveOffset[node] = count;
      for (let i = offset[node]!; i < offset[node + 1]!; i++) {
        const half = outgoing[i]!;
        if (!alive[half >> 1]) continue;
        position[half] = count - liveOffset[node]!;
        liveRow[count++] = half;
      }
    }
    liveOffset[nodeCount] = count;
    // At the end of a half-edge take the first live edge clockwise from its twin.
    const next = (half: number): number => {
      const node = target(half);
      const start = liveOffset[node]!;
      const length = liveOffset[node + 1]! - start;
      return liveRow[start + ((position[half ^ 1]! - 1 + length) % length)]!;
    };

    faceOf.fill(-1);
    const walks: number[][] = [];
    for (let start = 0; start < halfCount; start++) {
      if (!alive[start >> 1] || faceOf[start] !== -1) continue;
      const walk: number[] = [];
      let half = start;
      do {
        faceOf[half] = walks.length;
        walk.push(half);
        half = next(half);
      } while (half !== start && faceOf[half] === -1);
      walks.push(walk);
    }

    // A line edge with the same face on both sides connects nothing that it separates: drop it.
    const stack: number[] = [];
    let removed = false;
    for (let edge = 0; edge < edgeCount; edge++) {
      if (alive[edge] && kind[edge] === LINE_EDGE && faceOf[2 * edge] === faceOf[2 * edge + 1]) {
        removeEdge(edge, stack);
        removed = true;
      }
    }
    if (removed) {
      prune(stack);
      continue;
    }

    // Connected components (union-find over live edges).
    const parent = Int32Array.from({ length: nodeCount }, (_, index) => index);
    const find = (node: number): number => {
      while (parent[node] !== node) {
        parent[node] = parent[parent[node]!]!;
        node = parent[node]!;
      }
      return node;
    };
    for (let edge = 0; edge < edgeCount; edge++) if (alive[edge]) parent[find(from[edge]!)] = find(to[edge]!);

    const onLine = new Uint8Array(nodeCount);
    for (let edge = 0; edge < edgeCount; edge++) {
      if (alive[edge] && kind[edge] === LINE_EDGE) onLine[from[edge]!] = onLine[to[edge]!] = 1;
    }
    const faces = walks.map((walk): Face => {
      const ids = walk.map(origin);
      const first = walk[0]!;
      const inside = kind[first >> 1] === LINE_EDGE || (first & 1) === 0;
      return { nodes: ids, signedAreaTwice: signedAreaTwiceOfIds(ids, nodes), inside, component: find(ids[0]!) };
    });
    return { faces, onLine };
  }
}

/** A simple loop of a face walk. */
interface Loop {
  nodes: number[];
  signedAreaTwice: number;
  face: number;
  component: number;
}

/** Twice the signed area of a ring of node ids, relative to its first vertex (for precision). */
function signedAreaTwiceOfIds(ids: readonly number[], nodes: Nodes): number {
  const ox = nodes.x[ids[0]!]!;
  const oy = nodes.y[ids[0]!]!;
  let sum = 0;
  for (let index = 0; index < ids.length; index++) {
    const a = ids[index]!;
    const b = ids[(index + 1) % ids.length]!;
    sum += (nodes.x[a]! - ox) * (nodes.y[b]! - oy) - (nodes.x[b]! - ox) * (nodes.y[a]! - oy);
  }
  return sum;
}

/** Closed ring of node ids, starting at the lowest (x, then y) vertex. */
function ringPositions(ids: readonly number[], nodes: Nodes): Position[] {
  let start = 0;
  for (let index = 1; index < ids.length; index++) {
    const x = nodes.x[ids[index]!]!;
    const bestX = nodes.x[ids[start]!]!;
    if (x < bestX || (x === bestX && nodes.y[ids[index]!]! < nodes.y[ids[start]!]!)) start = index;
  }
  const out: Position[] = [];
  for (let step = 0; step <= ids.length; step++) {
    const id = ids[(start + step) % ids.length]!;
    out.push([nodes.x[id]!, nodes.y[id]!]);
  }
  return out;
}

function flatOf(ids: readonly number[], nodes: Nodes): Float64Array {
  const flat = new Float64Array(ids.length * 2);
  ids.forEach((id, index) => {
    flat[2 * index] = nodes.x[id]!;
    flat[2 * index + 1] = nodes.y[id]!;
  });
  return flat;
}

/** The pieces of one polygon cut by `line`, or null when the line does not split it. */
function splitPolygon(rings: readonly Position[][], line: readonly [number, number][]): Polygon[] | null {
  const tolerance = SPLIT_TOLERANCE_DEGREES;
  const toleranceSquared = tolerance * tolerance;
  const nodes = new Nodes();

  // Ring edges, oriented with the interior on the left.
  const ringFlats: Float64Array[] = [];
  const edgeA: number[] = [];
  const edgeB: number[] = [];
  for (let ringIndex = 0; ringIndex < rings.length; ringIndex++) {
    const ring = openRing(rings[ringIndex]!);
    if (ring.length < 3) {
      if (ringIndex === 0) return null;
      continue;
    }
    const signed = signedAreaTwiceOpen(ring);
    if (ringIndex === 0 ? signed < 0 : signed > 0) ring.reverse();
    const ids = ring.map(([x, y]) => nodes.idOf(x, y));
    ringFlats.push(flatOf(ids, nodes));
    for (let index = 0; index < ids.length; index++) {
      edgeA.push(ids[index]!);
      edgeB.push(ids[(index + 1) % ids.length]!);
    }
  }
  const ringEdgeCount = edgeA.length;
  const ringNodeCount = nodes.x.length;
  const edgeSplits: Split[][] = Array.from({ length: ringEdgeCount }, () => []);
  const edgeIndex = new Flatbush(ringEdgeCount);
  for (let edge = 0; edge < ringEdgeCount; edge++) {
    const a = edgeA[edge]!;
    const b = edgeB[edge]!;
    edgeIndex.add(Math.min(nodes.x[a]!, nodes.x[b]!), Math.min(nodes.y[a]!, nodes.y[b]!), Math.max(nodes.x[a]!, nodes.x[b]!), Math.max(nodes.y[a]!, nodes.y[b]!));
  }
  edgeIndex.finish();

  const distanceSquaredToEdge = (px: number, py: number, edge: number) => {
    const a = edgeA[edge]!;
    const b = edgeB[edge]!;
    return squaredDistanceToSegment(px, py, nodes.x[a]!, nodes.y[a]!, nodes.x[b]!, nodes.y[b]!);
  };
  /** A node at parameter t on ring edge `edge` (reusing a nearby split or endpoint). */
  const nodeOnEdge = (edge: number, t: number): number => {
    const a = edgeA[edge]!;
    const b = edgeB[edge]!;
    const ax = nodes.x[a]!;
    const ay = nodes.y[a]!;
    const x = ax + t * (nodes.x[b]! - ax);
    const y = ay + t * (nodes.y[b]! - ay);
    for (const candidate of [a, b, ...edgeSplits[edge]!.map((split) => split.node)]) {
      const dx = nodes.x[candidate]! - x;
      const dy = nodes.y[candidate]! - y;
      if (dx * dx + dy * dy <= toleranceSquared) return candidate;
    }
    const node = nodes.idOf(x, y);
    edgeSplits[edge]!.push({ t, node });
    return node;
  };

  // 1. Line vertices onto ring vertices or edges within tolerance.
  const lineNodes: number[] = [];
  for (const [x, y] of line) {
    const candidates = edgeIndex.search(x - tolerance, y - tolerance, x + tolerance, y + tolerance);
    let bestVertex = -1;
    let bestVertexDistance = Infinity;
    let bestEdge = -1;
    let bestEdgeDistance = Infinity;
    for (const edge of candidates) {
      for (const vertex of [edgeA[edge]!, edgeB[edge]!]) {
        const dx = nodes.x[vertex]! - x;
        const dy = nodes.y[vertex]! - y;
        const distance = dx * dx + dy * dy;
        if (distance <= toleranceSquared && distance < bestVertexDistance) {
          bestVertex = vertex;
          bestVertexDistance = distance;
        }
      }
      const distance = distanceSquaredToEdge(x, y, edge);
      if (distance <= toleranceSquared && distance < bestEdgeDistance) {
        bestEdge = edge;
        bestEdgeDistance = distance;
      }
    }
    let node: number;
    if (bestVertex !== -1) node = bestVertex;
    else if (bestEdge !== -1) {
      const a = edgeA[bestEdge]!;
      const b = edgeB[bestEdge]!;
      node = nodeOnEdge(bestEdge, projectionParameter(x, y, nodes.x[a]!, nodes.y[a]!, nodes.x[b]!, nodes.y[b]!));
    } else node = nodes.idOf(x, y);
    if (lineNodes[lineNodes.length - 1] !== node) lineNodes.push(node);
  }
  const segmentCount = lineNodes.length - 1;
  if (segmentCount < 1) return null;
  const segmentSplits: Split[][] = Array.from({ length: segmentCount }, () => []);
  const segmentParameter = (segment: number, node: number) => {
    const p = lineNodes[segment]!;
    const q = lineNodes[segment + 1]!;
    return projectionParameter(nodes.x[node]!, nodes.y[node]!, nodes.x[p]!, nodes.y[p]!, nodes.x[q]!, nodes.y[q]!);
  };
  const distanceSquaredToSegment = (node: number, segment: number) => {
    const p = lineNodes[segment]!;
    const q = lineNodes[segment + 1]!;
    return squaredDistanceToSegment(nodes.x[node]!, nodes.y[node]!, nodes.x[p]!, nodes.y[p]!, nodes.x[q]!, nodes.y[q]!);
  };

  // 2. Line segments against ring edges: ring vertices on the line, proper crossings.
  for (let segment = 0; segment < segmentCount; segment++) {
    const p = lineNodes[segment]!;
    const q = lineNodes[segment + 1]!;
    const px = nodes.x[p]!;
    const py = nodes.y[p]!;
    const qx = nodes.x[q]!;
    const qy = nodes.y[q]!;
    const candidates = edgeIndex.search(Math.min(px, qx) - tolerance, Math.min(py, qy) - tolerance, Math.max(px, qx) + tolerance, Math.max(py, qy) + tolerance);
    for (const edge of candidates) {
      const a = edgeA[edge]!;
      const b = edgeB[edge]!;
      let touching = false;
      for (const vertex of [a, b]) {
        if (vertex === p || vertex === q) {
          touching = true;
        } else if (distanceSquaredToSegment(vertex, segment) <= toleranceSquared) {
          segmentSplits[segment]!.push({ t: segmentParameter(segment, vertex), node: vertex });
          touching = true;
        }
      }
      if (touching || distanceSquaredToEdge(px, py, edge) <= toleranceSquared || distanceSquaredToEdge(qx, qy, edge) <= toleranceSquared) continue;
      const ax = nodes.x[a]!;
      const ay = nodes.y[a]!;
      const bx = nodes.x[b]!;
      const by = nodes.y[b]!;
      if (!segmentsCrossProperly(ax, ay, bx, by, px, py, qx, qy)) continue;
      const denominator = (bx - ax) * (qy - py) - (by - ay) * (qx - px);
      if (denominator === 0) continue;
      const t = ((px - ax) * (qy - py) - (py - ay) * (qx - px)) / denominator;
      const node = nodeOnEdge(edge, Math.min(1, Math.max(0, t)));
      segmentSplits[segment]!.push({ t: segmentParameter(segment, node), node });
    }
  }

  // 3. The line against itself: vertices on other segments, crossings.
  for (let first = 0; first < segmentCount; first++) {
    for (let second = first + 1; second < segmentCount; second++) {
      const ends = [lineNodes[first]!, lineNodes[first + 1]!, lineNodes[second]!, lineNodes[second + 1]!];
      const [p, q, r, s] = ends as [number, number, number, number];
      if (
        Math.max(nodes.x[p]!, nodes.x[q]!) + tolerance < Math.min(nodes.x[r]!, nodes.x[s]!) ||
        Math.max(nodes.x[r]!, nodes.x[s]!) + tolerance < Math.min(nodes.x[p]!, nodes.x[q]!) ||
        Math.max(nodes.y[p]!, nodes.y[q]!) + tolerance < Math.min(nodes.y[r]!, nodes.y[s]!) ||
        Math.max(nodes.y[r]!, nodes.y[s]!) + tolerance < Math.min(nodes.y[p]!, nodes.y[q]!)
      ) {
        continue;
      }
      let touching = false;
      for (const [vertex, segment] of [[r, first], [s, first], [p, second], [q, second]] as const) {
        const own = segment === first ? [p, q] : [r, s];
        if (own.includes(vertex)) {
          touching = true;
        } else if (distanceSquaredToSegment(vertex, segment) <= toleranceSquared) {
          segmentSplits[segment]!.push({ t: segmentParameter(segment, vertex), node: vertex });
          touching = true;
        }
      }
      if (touching) continue;
      const [px, py, qx, qy] = [nodes.x[p]!, nodes.y[p]!, nodes.x[q]!, nodes.y[q]!];
      const [rx, ry, sx, sy] = [nodes.x[r]!, nodes.y[r]!, nodes.x[s]!, nodes.y[s]!];
      if (!segmentsCrossProperly(px, py, qx, qy, rx, ry, sx, sy)) continue;
      const denominator = (qx - px) * (sy - ry) - (qy - py) * (sx - rx);
      if (denominator === 0) continue;
      const t = ((rx - px) * (sy - ry) - (ry - py) * (sx - rx)) / denominator;
      const node = nodes.idOf(px + t * (qx - px), py + t * (qy - py));
      segmentSplits[first]!.push({ t: segmentParameter(first, node), node });
      segmentSplits[second]!.push({ t: segmentParameter(second, node), node });
    }
  }

  // 4. Graph edges: ring edges cut at their splits, line pieces inside the polygon.
  const from: number[] = [];
  const to: number[] = [];
  const kind: number[] = [];
  const nodeCount = nodes.x.length;
  const seen = new Set<number>();
  const addEdge = (u: number, v: number, edgeKind: number): boolean => {
    if (u === v) return false;
    const key = u < v ? u * nodeCount + v : v * nodeCount + u;
    if (seen.has(key)) return false;
    seen.add(key);
    from.push(u);
    to.push(v);
    kind.push(edgeKind);
    return true;
  };
  const chain = (start: number, end: number, splits: Split[]): number[] => {
    if (splits.length === 0) return [start, end];
    const ids = [start];
    for (const split of splits.sort((m, n) => m.t - n.t)) {
      if (split.node !== ids[ids.length - 1] && split.node !== end) ids.push(split.node);
    }
    if (end !== ids[ids.length - 1]) ids.push(end);
    return ids;
  };
  for (let edge = 0; edge < ringEdgeCount; edge++) {
    const ids = chain(edgeA[edge]!, edgeB[edge]!, edgeSplits[edge]!);
    for (let index = 0; index + 1 < ids.length; index++) addEdge(ids[index]!, ids[index + 1]!, RING_EDGE);
  }
  const insidePolygon = (x: number, y: number) => {
    let inside = false;
    for (const flat of ringFlats) if (pointInFlatRing(x, y, flat, 0, flat.length)) inside = !inside;
    return inside;
  };
  let lineEdgeCount = 0;
  for (let segment = 0; segment < segmentCount; segment++) {
    const ids = chain(lineNodes[segment]!, lineNodes[segment + 1]!, segmentSplits[segment]!);
    for (let index = 0; index + 1 < ids.length; index++) {
      const u = ids[index]!;
      const v = ids[index + 1]!;
      if (!insidePolygon((nodes.x[u]! + nodes.x[v]!) / 2, (nodes.y[u]! + nodes.y[v]!) / 2)) continue;
      if (addEdge(u, v, LINE_EDGE)) lineEdgeCount++;
    }
  }
  if (lineEdgeCount === 0) return null;

  // 5. Faces → pieces with their holes. A face whose walk visits a vertex twice (a hole that
  // touches the outer ring, lobes meeting at a point) is split there into simple loops.
  const { faces, onLine } = facesOf(nodes, from, to, kind);
  const pieces: Loop[] = [];
  const holes: Loop[] = [];
  faces.forEach((face, faceIndex) => {
    if (!face.inside) return;
    for (const ids of simpleLoops(face.nodes).filter((loop) => loop.length >= 3)) {
      const loop: Loop = { nodes: ids, signedAreaTwice: signedAreaTwiceOfIds(ids, nodes), face: faceIndex, component: face.component };
      // Counter-clockwise loops of a clockwise (outline) face do not occur for valid input.
      if (loop.signedAreaTwice > 0 && face.signedAreaTwice > 0) pieces.push(loop);
      else if (loop.signedAreaTwice < 0) holes.push(loop);
    }
  });
  if (pieces.length < 2) return null;
  const pieceFlats = pieces.map((piece) => flatOf(piece.nodes, nodes));
  const holesOf: number[][][] = pieces.map(() => []);
  for (const hole of holes) {
    // The middle of the hole's first edge lies on no candidate's outer ring: a loop of the same
    // face shares at most vertices with it, a piece of another component nothing.
    const a = hole.nodes[0]!;
    const b = hole.nodes[1 % hole.nodes.length]!;
    const x = (nodes.x[a]! + nodes.x[b]!) / 2;
    const y = (nodes.y[a]! + nodes.y[b]!) / 2;
    const ownFace = faces[hole.face]!.signedAreaTwice > 0;
    let best = -1;
    pieces.forEach((piece, index) => {
      if (ownFace ? piece.face !== hole.face : piece.component === hole.component) return;
      if (best !== -1 && piece.signedAreaTwice >= pieces[best]!.signedAreaTwice) return;
      const flat = pieceFlats[index]!;
      if (pointInFlatRing(x, y, flat, 0, flat.length)) best = index;
    });
    if (best !== -1) holesOf[best]!.push(hole.nodes);
  }
  // Ring splits where no line piece was kept (a dangling or bridging crossing) are dropped again:
  // the original edge comes back.
  const kept = (ids: readonly number[]) => ids.filter((id) => id < ringNodeCount || onLine[id] === 1);
  return pieces.map((piece, index) => ({
    type: 'Polygon',
    coordinates: [
      ringPositions(kept(piece.nodes), nodes),
      ...holesOf[index]!.map((hole) => ringPositions(kept(hole), nodes)).sort((a, b) => a[0]![0]! - b[0]![0]! || a[0]![1]! - b[0]![1]!),
    ],
  }));
}

function lineBox(line: readonly [number, number][]): BBox {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [x, y] of line) {
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  return [west, south, east, north];
}

function boxesMeet(a: BBox, b: BBox, margin = 0): boolean {
  return a[0] <= b[2] + margin && b[0] <= a[2] + margin && a[1] <= b[3] + margin && b[1] <= a[3] + margin;
}

/**
 * Splits an area along a drawn polyline. Only complete crossings cut: a line crossing a polygon
 * twice gives two pieces, four times through a U-shape three; line ends dangling inside are
 * ignored. Holes stay with the piece around them (a line through a hole cuts it open). Of a
 * MultiPolygon only the crossed parts are cut; the others (exclaves) stay with the first piece.
 * Pieces are sorted by area, largest first: the first keeps the identity of the space. New
 * vertices on the boundary lie on the original edges, so unchanged neighbours still fit.
 *
 * `invalid-line`: fewer than two distinct (finite) positions. `no-crossing`: nothing was split.
 */
export function splitArea(area: AreaGeometry, line: readonly Position[]): SplitResult {
  const cleaned = cleanLine(line);
  if (!cleaned) return { ok: false, reason: 'invalid-line' };
  const polygons = area.type === 'Polygon' ? (area.coordinates.length > 0 ? [area.coordinates] : []) : area.coordinates;
  const box = lineBox(cleaned);
  const cut: Polygon[] = [];
  const untouched: Position[][][] = [];
  for (const rings of polygons) {
    const partBox = bboxOfGeometries([{ type: 'Polygon', coordinates: rings }]);
    const pieces = partBox && boxesMeet(partBox, box, SPLIT_TOLERANCE_DEGREES) ? splitPolygon(rings, cleaned) : null;
    if (pieces) cut.push(...pieces);
    else untouched.push(structuredClone(rings));
  }
  if (cut.length === 0) return { ok: false, reason: 'no-crossing' };
  const sorted = cut
    .map((piece) => ({ piece, squareMeters: turfArea(piece) }))
    .sort((a, b) => b.squareMeters - a.squareMeters || a.piece.coordinates[0]![0]![0]! - b.piece.coordinates[0]![0]![0]! || a.piece.coordinates[0]![0]![1]! - b.piece.coordinates[0]![0]![1]!)
    .map((entry): AreaGeometry => entry.piece);
  if (untouched.length > 0) {
    sorted[0] = { type: 'MultiPolygon', coordinates: [sorted[0]!.coordinates as Position[][], ...untouched] };
  }
  return { ok: true, pieces: sorted };
}

// ---------------------------------------------------------------------------------------------
// Units to pieces.

/** Even-odd point-in-area test over all rings of all parts (boundary points may go either way). */
function pointInArea(x: number, y: number, geometry: AreaGeometry): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    let inside = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const xi = ring[i]![0]!;
        const yi = ring[i]![1]!;
        const xj = ring[j]![0]!;
        const yj = ring[j]![1]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}

/**
 * Which piece each base unit of a split space goes to: the piece containing the unit's label
 * point (pole of inaccessibility, so it lies inside the unit), else the piece the unit overlaps
 * most, else the first piece (a unit is never lost). Returns the unit ids per piece index, in
 * the order of `units`.
 */
export function assignUnitsToPieces(pieces: readonly AreaGeometry[], units: readonly { id: string; geometry: AreaGeometry }[]): string[][] {
  const result: string[][] = pieces.map(() => []);
  if (pieces.length === 0) return result;
  const boxes = pieces.map((piece) => bboxOfGeometries([piece]));
  for (const unit of units) {
    const unitBox = bboxOfGeometries([unit.geometry]);
    if (!unitBox) {
      result[0]!.push(unit.id);
      continue;
    }
    let chosen = -1;
    const [x, y] = labelPoint(unit.geometry) as [number, number];
    for (let index = 0; index < pieces.length && chosen === -1; index++) {
      const box = boxes[index];
      if (box && x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && pointInArea(x, y, pieces[index]!)) chosen = index;
    }
    if (chosen === -1) {
      let bestSquareMeters = 0;
      pieces.forEach((piece, index) => {
        const box = boxes[index];
        if (!box || !boxesMeet(box, unitBox)) return;
        let overlap: AreaGeometry | null = null;
        try {
          overlap = polyclipIntersection(unit.geometry, piece);
        } catch {
          overlap = null;
        }
        const squareMeters = overlap ? turfArea(overlap) : 0;
        if (squareMeters > bestSquareMeters) {
          bestSquareMeters = squareMeters;
          chosen = index;
        }
      });
    }
    result[chosen === -1 ? 0 : chosen]!.push(unit.id);
  }
  return result;
}
