/**
 * Getting on and off the road network: where a place (a home, a Kita, a clicked point) joins
 * the graph, and what the walk to the road costs.
 *
 * The network is the densified one (`densify`: a node at least every 25 m along every road), so
 * joining at a node is joining at a point of the road. A kdbush index over the nodes of a mode
 * (in the local metric plane) finds the nearest one; a place joins the network at every node
 * within `joinToleranceMeters` of that nearest distance (so a place near a corner may go either
 * way, but never walks across a block to a farther street), as long as that lies within
 * `maxWalkMeters`. The walk to the node is counted at walking speed, straight. A place farther
 * than `maxWalkMeters` from every road joins at its nearest node only (up to
 * `fallbackMaxMeters`; beyond that it is not reachable); the isochrone raster draws only what
 * lies within `maxWalkMeters`.
 *
 * Only nodes with an edge open to the mode take part, and only in pieces of network with at
 * least `minComponentNodes` nodes (or the largest piece), so no home is snapped onto a motorway
 * (for walking), a stub left at the edge of a clipped extract, or a private yard.
 */
import KDBush from 'kdbush';
import { metresPerSecond, type TravelSettings } from '../../domain/travel';
import type { DenseNetwork, TravelGraph } from './travel-graph';

export interface SnapOptions {
  /** Farthest walk to the network that the raster draws and that joins several nodes (default 200 m). */
  maxWalkMeters?: number;
  /** Nodes up to this much farther than the nearest are joined too (default 25 m). */
  joinToleranceMeters?: number;
  /** Beyond `maxWalkMeters`, the nearest node up to this far is used (default 5 km). */
  fallbackMaxMeters?: number;
  /** Pieces of network with fewer nodes are left out, unless they are the largest (default 50). */
  minComponentNodes?: number;
}

export const DEFAULT_MAX_WALK_METERS = 200;
export const DEFAULT_JOIN_TOLERANCE_METERS = 25;
const DEFAULT_FALLBACK_MAX_METERS = 5000;
const DEFAULT_MIN_COMPONENT_NODES = 50;

/** Where a place joins the network: per node the seconds of the walk between them. */
export interface Junctions {
  nodes: number[];
  seconds: number[];
}

/** Size of the piece of network (edges taken both ways) each node belongs to. */
function componentSizes(travel: TravelGraph, nodeCount: number): Int32Array {
  const parent = new Int32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) parent[node] = node;
  const find = (node: number): number => {
    while (parent[node] !== node) {
      parent[node] = parent[parent[node]!]!;
      node = parent[node]!;
    }
    return node;
  };
  const { offsets, targets } = travel.forward;
  for (let node = 0; node < nodeCount; node++) {
    for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) {
      const a = find(node);
      const b = find(targets[edge]!);
      if (a !== b) parent[a] = b;
    }
  }
  const size = new Int32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) size[find(node)]!++;
  const sizeOfNode = new Int32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) sizeOfNode[node] = size[find(node)]!;
  return sizeOfNode;
}

export class NetworkSnap {
  readonly walkMetresPerSecond: number;
  readonly maxWalkMeters: number;
  readonly joinToleranceMeters: number;
  readonly fallbackMaxMeters: number;
  /** The nodes places may join at (ascending), with their plane positions. */
  readonly nodes: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly #dense: DenseNetwork;
  readonly #index: KDBush;
  readonly #found: number[] = [];

  constructor(dense: DenseNetwork, travel: TravelGraph, settings: Pick<TravelSettings, 'walkKmh'>, options: SnapOptions = {}) {
    this.#dense = dense;
    this.walkMetresPerSecond = metresPerSecond(settings.walkKmh);
    this.maxWalkMeters = options.maxWalkMeters ?? DEFAULT_MAX_WALK_METERS;
    this.joinToleranceMeters = options.joinToleranceMeters ?? DEFAULT_JOIN_TOLERANCE_METERS;
    this.fallbackMaxMeters = options.fallbackMaxMeters ?? DEFAULT_FALLBACK_MAX_METERS;
    const minComponent = options.minComponentNodes ?? DEFAULT_MIN_COMPONENT_NODES;
    const size = componentSizes(travel, dense.nodeCount);
    let largest = 0;
    for (let node = 0; node < dense.nodeCount; node++) largest = Math.max(largest, size[node]!);
    const kept: number[] = [];
    for (let node = 0; node < dense.nodeCount; node++) {
      const pieceSize = size[node]!;
      if (pieceSize > 1 && (pieceSize >= minComponent || pieceSize === largest)) kept.push(node);
    }
    this.nodes = Int32Array.from(kept);
    this.x = Float64Array.from(kept, (node) => dense.x[node]!);
    this.y = Float64Array.from(kept, (node) => dense.y[node]!);
    this.#index = new KDBush(Math.max(1, kept.length), 64, Float64Array);
    for (let index = 0; index < kept.length; index++) this.#index.add(this.x[index]!, this.y[index]!);
    if (kept.length === 0) this.#index.add(Infinity, Infinity);
    this.#index.finish();
  }

  /**
   * The nodes a place at plane position (x, y) joins the network at (see the module comment):
   * calls `visit(node, walkSeconds)` for each and returns how many (0: not reachable).
   */
  near(x: number, y: number, visit: (node: number, walkSeconds: number) => void): number {
    if (this.nodes.length === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return 0;
    const found = this.#found;
    // The nearest node: widen the search until something is found.
    let nearest = Infinity;
    let nearestIndex = -1;
    for (let radius = Math.max(this.joinToleranceMeters, 25); ; radius *= 2) {
      const limit = Math.min(radius, this.fallbackMaxMeters);
      const count = this.#index.withinInto(x, y, limit, found);
      for (let hit = 0; hit < count; hit++) {
        const index = found[hit]!;
        const dx = this.x[index]! - x;
        const dy = this.y[index]! - y;
        const meters = Math.sqrt(dx * dx + dy * dy);
        if (meters < nearest || (meters === nearest && index < nearestIndex)) {
          nearest = meters;
          nearestIndex = index;
        }
      }
      if (nearestIndex >= 0 || limit >= this.fallbackMaxMeters) break;
    }
    if (nearestIndex < 0) return 0;
    const speed = this.walkMetresPerSecond;
    if (nearest > this.maxWalkMeters) {
      visit(this.nodes[nearestIndex]!, nearest / speed);
      return 1;
    }
    const reach = Math.min(this.maxWalkMeters, nearest + this.joinToleranceMeters);
    const count = this.#index.withinInto(x, y, reach, found);
    for (let hit = 0; hit < count; hit++) {
      const index = found[hit]!;
      const dx = this.x[index]! - x;
      const dy = this.y[index]! - y;
      visit(this.nodes[index]!, Math.sqrt(dx * dx + dy * dy) / speed);
    }
    return count;
  }

  /** Where the place at (lon, lat) joins the network; the walk is the same either way. */
  junctions(lon: number, lat: number): Junctions {
    const junctions: Junctions = { nodes: [], seconds: [] };
    const plane = this.#dense.plane;
    this.near(plane.x(lon), plane.y(lat), (node, seconds) => {
      junctions.nodes.push(node);
      junctions.seconds.push(seconds);
    });
    return junctions;
  }

  /** A place's time from the node times of a search: the best over its junctions, the walk included. */
  placeSeconds(lon: number, lat: number, nodeSeconds: Float64Array): number {
    let best = Infinity;
    const plane = this.#dense.plane;
    this.near(plane.x(lon), plane.y(lat), (node, walk) => {
      const seconds = walk + nodeSeconds[node]!;
      if (seconds < best) best = seconds;
    });
    return best;
  }
}
