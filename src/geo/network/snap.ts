/**
 * Getting on and off the road network: where a place (a home, a Kita, a clicked point) joins
 * the graph, and what the walk to the road costs.
 *
 * The network is sampled: every node, and points along every road segment at most
 * `sampleSpacingMeters` apart, each point knowing its segment (nodes u, v; fraction f from u;
 * the edge ids u→v and v→u). A kdbush index over the samples (in a local metric plane) answers
 * "which network positions lie near this place". A place joins the network at every sample
 * within `maxWalkMeters` (the walk there is counted at walking speed, straight), so its time is
 * the best over the roads around it, not only over the nearest one, which may lead the wrong
 * way or be a motorway the mode cannot use (samples exist only on roads open to the mode). A
 * place farther than that from every road joins at its nearest sample (up to
 * `fallbackMaxMeters`; beyond, it is not reachable).
 *
 * Tiny pieces of network (fewer than `minComponentNodes` nodes connected to each other, e.g.
 * the stubs a clipped extract leaves at its edge, or a private yard) take no samples unless
 * they are the largest piece, so no home is snapped onto a dead island.
 *
 * Directions: `exits` are the ways from a place into the graph (seeds of a search from it);
 * `entries` the ways from the graph to the place (seeds of a reversed search towards it).
 * `sampleSeconds` turns node times of a search into the time of a sample on its segment.
 */
import KDBush from 'kdbush';
import { metresPerSecond, type TravelSettings } from '../../domain/travel';
import type { NetworkGraph } from './graph';
import type { LocalPlane } from './plane';
import type { TravelGraph } from './travel-graph';

export interface SnapOptions {
  /** A place joins the network at every sample within this distance (default 200 m). */
  maxWalkMeters?: number;
  /** Distance between samples along a segment (default 25 m). */
  sampleSpacingMeters?: number;
  /** Beyond `maxWalkMeters`, the nearest sample up to this far is used (default 5 km). */
  fallbackMaxMeters?: number;
  /** Components with fewer nodes take no samples, unless they are the largest (default 50). */
  minComponentNodes?: number;
}

export const DEFAULT_MAX_WALK_METERS = 200;
export const DEFAULT_SAMPLE_SPACING_METERS = 25;
const DEFAULT_FALLBACK_MAX_METERS = 5000;
const DEFAULT_MIN_COMPONENT_NODES = 50;

/** Ways into or out of the graph: per node the seconds to get there (or from there). */
export interface Junctions {
  nodes: number[];
  seconds: number[];
}

export type SearchDirection = 'forward' | 'reverse';

/** Union-find with path halving. */
function componentSizes(graph: NetworkGraph, edgeSeconds: Float64Array): { root: Int32Array; size: Int32Array } {
  const parent = new Int32Array(graph.nodeCount);
  for (let node = 0; node < graph.nodeCount; node++) parent[node] = node;
  const find = (node: number): number => {
    while (parent[node] !== node) {
      parent[node] = parent[parent[node]!]!;
      node = parent[node]!;
    }
    return node;
  };
  for (let node = 0; node < graph.nodeCount; node++) {
    for (let edge = graph.offsets[node]!; edge < graph.offsets[node + 1]!; edge++) {
      if (edgeSeconds[edge] === Infinity) continue;
      const a = find(node);
      const b = find(graph.targets[edge]!);
      if (a !== b) parent[a] = b;
    }
  }
  const root = new Int32Array(graph.nodeCount);
  const size = new Int32Array(graph.nodeCount);
  for (let node = 0; node < graph.nodeCount; node++) {
    root[node] = find(node);
    size[root[node]!]!++;
  }
  return { root, size };
}

export class NetworkSnap {
  readonly plane: LocalPlane;
  readonly walkMetresPerSecond: number;
  readonly maxWalkMeters: number;
  readonly fallbackMaxMeters: number;
  readonly sampleCount: number;
  readonly sampleX: Float64Array;
  readonly sampleY: Float64Array;
  /** Node of a node sample, or the first node of the segment. */
  readonly sampleU: Int32Array;
  /** Second node of the segment; -1 for a node sample. */
  readonly sampleV: Int32Array;
  /** Position along the segment from u (0 … 1). */
  readonly sampleF: Float64Array;
  /** Seconds of the edge u→v and of v→u for the mode (Infinity when there is none or it is closed). */
  readonly sampleForwardSeconds: Float64Array;
  readonly sampleBackwardSeconds: Float64Array;
  /** Nodes that carry samples (in a kept component, with an open edge). */
  readonly snappedNodes: number;
  readonly #index: KDBush;
  readonly #found: number[] = [];

  constructor(graph: NetworkGraph, travel: TravelGraph, plane: LocalPlane, settings: Pick<TravelSettings, 'walkKmh'>, options: SnapOptions = {}) {
    this.plane = plane;
    this.walkMetresPerSecond = metresPerSecond(settings.walkKmh);
    this.maxWalkMeters = options.maxWalkMeters ?? DEFAULT_MAX_WALK_METERS;
    this.fallbackMaxMeters = options.fallbackMaxMeters ?? DEFAULT_FALLBACK_MAX_METERS;
    const spacing = options.sampleSpacingMeters ?? DEFAULT_SAMPLE_SPACING_METERS;
    const minComponent = options.minComponentNodes ?? DEFAULT_MIN_COMPONENT_NODES;
    const { edgeSeconds } = travel;
    const { root, size } = componentSizes(graph, edgeSeconds);
    let largest = 0;
    for (let node = 0; node < graph.nodeCount; node++) largest = Math.max(largest, size[node]!);
    const keep = (node: number) => {
      const componentSize = size[root[node]!]!;
      return componentSize > 1 && (componentSize >= minComponent || componentSize === largest);
    };
    const nodeX = new Float64Array(graph.nodeCount);
    const nodeY = new Float64Array(graph.nodeCount);
    for (let node = 0; node < graph.nodeCount; node++) {
      nodeX[node] = plane.x(graph.lon[node]!);
      nodeY[node] = plane.y(graph.lat[node]!);
    }

    const x: number[] = [];
    const y: number[] = [];
    const u: number[] = [];
    const v: number[] = [];
    const f: number[] = [];
    const forwardSeconds: number[] = [];
    const backwardSeconds: number[] = [];
    let snappedNodes = 0;
    for (let node = 0; node < graph.nodeCount; node++) {
      if (!keep(node)) continue;
      snappedNodes++;
      x.push(nodeX[node]!);
      y.push(nodeY[node]!);
      u.push(node);
      v.push(-1);
      f.push(0);
      forwardSeconds.push(Infinity);
      backwardSeconds.push(Infinity);
    }
    // Each segment once: from its lower node, or from the only direction stored.
    for (let from = 0; from < graph.nodeCount; from++) {
      if (!keep(from)) continue;
      for (let edge = graph.offsets[from]!; edge < graph.offsets[from + 1]!; edge++) {
        const to = graph.targets[edge]!;
        if (to === from) continue;
        let back = -1;
        for (let candidate = graph.offsets[to]!; candidate < graph.offsets[to + 1]!; candidate++) {
          if (graph.targets[candidate] === from) {
            back = candidate;
            break;
          }
        }
        if (back >= 0 && from > to) continue;
        const there = edgeSeconds[edge]!;
        const backThere = back >= 0 ? edgeSeconds[back]! : Infinity;
        if (there === Infinity && backThere === Infinity) continue;
        const dx = nodeX[to]! - nodeX[from]!;
        const dy = nodeY[to]! - nodeY[from]!;
        const pieces = Math.ceil(Math.hypot(dx, dy) / spacing);
        for (let piece = 1; piece < pieces; piece++) {
          const fraction = piece / pieces;
          x.push(nodeX[from]! + dx * fraction);
          y.push(nodeY[from]! + dy * fraction);
          u.push(from);
          v.push(to);
          f.push(fraction);
          forwardSeconds.push(there);
          backwardSeconds.push(backThere);
        }
      }
    }
    this.snappedNodes = snappedNodes;
    this.sampleCount = x.length;
    this.sampleX = Float64Array.from(x);
    this.sampleY = Float64Array.from(y);
    this.sampleU = Int32Array.from(u);
    this.sampleV = Int32Array.from(v);
    this.sampleF = Float64Array.from(f);
    this.sampleForwardSeconds = Float64Array.from(forwardSeconds);
    this.sampleBackwardSeconds = Float64Array.from(backwardSeconds);
    // For a node sample, the segment fields describe nothing: its time is its node's.
    this.#index = new KDBush(Math.max(1, this.sampleCount), 64, Float64Array);
    for (let sample = 0; sample < this.sampleCount; sample++) this.#index.add(this.sampleX[sample]!, this.sampleY[sample]!);
    if (this.sampleCount === 0) this.#index.add(Infinity, Infinity);
    this.#index.finish();
  }

  /**
   * Samples a place at plane position (x, y) joins the network at: all within `maxWalkMeters`,
   * else the nearest one within `fallbackMaxMeters`. Calls `visit(sample, walkSeconds)`;
   * returns how many were visited (0: the place is not reachable over the network).
   */
  near(x: number, y: number, visit: (sample: number, walkSeconds: number) => void): number {
    const found = this.#found;
    const count = this.sampleCount === 0 ? 0 : this.#index.withinInto(x, y, this.maxWalkMeters, found);
    const speed = this.walkMetresPerSecond;
    if (count > 0) {
      for (let index = 0; index < count; index++) {
        const sample = found[index]!;
        visit(sample, Math.hypot(this.sampleX[sample]! - x, this.sampleY[sample]! - y) / speed);
      }
      return count;
    }
    if (this.sampleCount === 0) return 0;
    for (let radius = this.maxWalkMeters * 2; radius <= this.fallbackMaxMeters * 2; radius *= 2) {
      const within = this.#index.withinInto(x, y, Math.min(radius, this.fallbackMaxMeters), found);
      if (within === 0) {
        if (radius >= this.fallbackMaxMeters) return 0;
        continue;
      }
      let best = -1;
      let bestMeters = Infinity;
      for (let index = 0; index < within; index++) {
        const sample = found[index]!;
        const meters = Math.hypot(this.sampleX[sample]! - x, this.sampleY[sample]! - y);
        if (meters < bestMeters || (meters === bestMeters && sample < best)) {
          best = sample;
          bestMeters = meters;
        }
      }
      visit(best, bestMeters / speed);
      return 1;
    }
    return 0;
  }

  /** The ways from the place at (lon, lat) into the graph: seeds of a search starting there. */
  exits(lon: number, lat: number): Junctions {
    return this.#junctions(lon, lat, 'forward');
  }

  /** The ways from the graph to the place at (lon, lat): seeds of a reversed search towards it. */
  entries(lon: number, lat: number): Junctions {
    return this.#junctions(lon, lat, 'reverse');
  }

  #junctions(lon: number, lat: number, direction: SearchDirection): Junctions {
    const best = new Map<number, number>();
    const offer = (node: number, seconds: number) => {
      if (seconds === Infinity) return;
      const known = best.get(node);
      if (known === undefined || seconds < known) best.set(node, seconds);
    };
    if (Number.isFinite(lon) && Number.isFinite(lat)) {
      this.near(this.plane.x(lon), this.plane.y(lat), (sample, walk) => {
        const from = this.sampleU[sample]!;
        const to = this.sampleV[sample]!;
        if (to < 0) {
          offer(from, walk);
          return;
        }
        const fraction = this.sampleF[sample]!;
        const there = this.sampleForwardSeconds[sample]!;
        const back = this.sampleBackwardSeconds[sample]!;
        // Leaving the place: along u→v to v, or along v→u to u. Arriving: from u along u→v, from v along v→u.
        if (direction === 'forward') {
          offer(to, walk + (1 - fraction) * there);
          offer(from, walk + fraction * back);
        } else {
          offer(from, walk + fraction * there);
          offer(to, walk + (1 - fraction) * back);
        }
      });
    }
    const junctions: Junctions = { nodes: [], seconds: [] };
    for (const [node, seconds] of best) {
      junctions.nodes.push(node);
      junctions.seconds.push(seconds);
    }
    return junctions;
  }

  /**
   * The time of a sample from the node times of a search: with `forward` times (from the
   * sources) the time to reach the sample, with `reverse` times (to the destinations) the time
   * from the sample on.
   */
  sampleSeconds(sample: number, nodeSeconds: Float64Array, direction: SearchDirection): number {
    const from = this.sampleU[sample]!;
    const to = this.sampleV[sample]!;
    if (to < 0) return nodeSeconds[from]!;
    const fraction = this.sampleF[sample]!;
    const there = this.sampleForwardSeconds[sample]!;
    const back = this.sampleBackwardSeconds[sample]!;
    return direction === 'forward'
      ? Math.min(nodeSeconds[from]! + fraction * there, nodeSeconds[to]! + (1 - fraction) * back)
      : Math.min(fraction * back + nodeSeconds[from]!, (1 - fraction) * there + nodeSeconds[to]!);
  }

  /** The time of a place from node times: the best over the samples it joins the network at, walk included. */
  placeSeconds(lon: number, lat: number, nodeSeconds: Float64Array, direction: SearchDirection): number {
    let best = Infinity;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return best;
    this.near(this.plane.x(lon), this.plane.y(lat), (sample, walk) => {
      const seconds = walk + this.sampleSeconds(sample, nodeSeconds, direction);
      if (seconds < best) best = seconds;
    });
    return best;
  }
}
