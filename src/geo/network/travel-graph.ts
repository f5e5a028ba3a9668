/**
 * The routing graph of one travel mode, on a densified copy of the road network.
 *
 * Densifying: every road segment longer than `spacingMeters` gets nodes along it at most that
 * far apart (shared by both directions of the segment), appended after the graph's own nodes,
 * which keep their numbers. A place then joins the network at a node near it instead of
 * somewhere inside a long segment, so two places on the same 400 m stretch of road reach each
 * other along it, not via its far end; and every node of a search is a point of the isochrone
 * raster.
 *
 * Per mode: the travel time of each dense edge (its share of the road edge's time), and the
 * edges open to the mode as CSR, forward and transposed (for searches towards a destination),
 * so Dijkstra's inner loop reads three typed arrays and never meets a closed edge. Seconds per
 * road edge: walking at `walkKmh` on every class; cycling at `bikeKmh` times the class factor
 * (tracks and paths slower); driving at `carSpeedShare` of the edge's allowed speed. An edge
 * closed to the mode (access, one-way for vehicles) costs Infinity and is left out.
 */
import { BIKE_CLASS_FACTORS, ROAD_CLASSES, metresPerSecond, modeBit, type TravelMode, type TravelSettings } from '../../domain/travel';
import type { NetworkGraph } from './graph';
import type { LocalPlane } from './plane';

/** A graph in CSR layout with a travel time per edge. */
export interface CsrGraph {
  readonly nodeCount: number;
  readonly offsets: Uint32Array;
  readonly targets: Uint32Array;
  readonly seconds: Float64Array;
}

/** The road network with nodes along its segments (see the module comment). */
export interface DenseNetwork {
  readonly plane: LocalPlane;
  /** Road graph nodes first (same numbers), then the added ones. */
  readonly nodeCount: number;
  readonly roadNodeCount: number;
  /** Node positions in the plane, metres. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Directed dense edges: from, to, the road edge each is part of, and its share of that edge. */
  readonly edgeCount: number;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly edgeRoad: Uint32Array;
  readonly edgeShare: Float64Array;
}

export interface TravelGraph {
  readonly mode: TravelMode;
  /** Seconds per edge of the road graph (its numbering); Infinity where the mode may not go. */
  readonly roadEdgeSeconds: Float64Array;
  /** The open dense edges in their direction. */
  readonly forward: CsrGraph;
  /** The open dense edges reversed: a search on it gives the time from each node to the sources. */
  readonly reverse: CsrGraph;
}

/** Seconds per edge of `graph` for `mode`, Infinity where it is closed. */
export function edgeSecondsFor(graph: NetworkGraph, mode: TravelMode, settings: TravelSettings): Float64Array {
  const bit = modeBit(mode);
  const seconds = new Float64Array(graph.edgeCount);
  const walk = metresPerSecond(settings.walkKmh);
  const bikeByClass = ROAD_CLASSES.map((roadClass) => metresPerSecond(settings.bikeKmh * BIKE_CLASS_FACTORS[roadClass]));
  for (let edge = 0; edge < graph.edgeCount; edge++) {
    if (!(graph.modes[edge]! & bit)) {
      seconds[edge] = Infinity;
      continue;
    }
    const metres = graph.lengths[edge]!;
    const speed =
      mode === 'walk' ? walk : mode === 'bike' ? (bikeByClass[graph.roadClass[edge]!] ?? bikeByClass[0]!) : metresPerSecond(graph.carKmh[edge]! * settings.carSpeedShare);
    seconds[edge] = metres / speed;
  }
  return seconds;
}

/** Nodes along every segment longer than `spacingMeters` (Infinity: none added). */
export function densify(graph: NetworkGraph, plane: LocalPlane, spacingMeters: number): DenseNetwork {
  const x: number[] = [];
  const y: number[] = [];
  for (let node = 0; node < graph.nodeCount; node++) {
    x.push(plane.x(graph.lon[node]!));
    y.push(plane.y(graph.lat[node]!));
  }
  const from: number[] = [];
  const to: number[] = [];
  const road: number[] = [];
  const share: number[] = [];
  const chain = (nodes: readonly number[], roadEdge: number) => {
    const pieces = nodes.length - 1;
    for (let piece = 0; piece < pieces; piece++) {
      from.push(nodes[piece]!);
      to.push(nodes[piece + 1]!);
      road.push(roadEdge);
      share.push(1 / pieces);
    }
  };
  // A segment stored both ways is laid out once for both directions (matching each edge u → v,
  // u < v, with an unused edge v → u); what stays unmatched (one-way, self-loops) on its own.
  const done = new Uint8Array(graph.edgeCount);
  const layOut = (start: number, end: number, edge: number, back: number) => {
    const dx = x[end]! - x[start]!;
    const dy = y[end]! - y[start]!;
    // (less a hair, so a 100 m segment at 25 m spacing gets 3 nodes despite rounding)
    const pieces = Number.isFinite(spacingMeters) ? Math.max(1, Math.ceil(Math.hypot(dx, dy) / spacingMeters - 1e-9)) : 1;
    const nodes = [start];
    for (let piece = 1; piece < pieces; piece++) {
      nodes.push(x.length);
      x.push(x[start]! + (dx * piece) / pieces);
      y.push(y[start]! + (dy * piece) / pieces);
    }
    nodes.push(end);
    chain(nodes, edge);
    done[edge] = 1;
    if (back >= 0) {
      chain(nodes.reverse(), back);
      done[back] = 1;
    }
  };
  for (let start = 0; start < graph.nodeCount; start++) {
    for (let edge = graph.offsets[start]!; edge < graph.offsets[start + 1]!; edge++) {
      const end = graph.targets[edge]!;
      if (end <= start) continue;
      let back = -1;
      for (let candidate = graph.offsets[end]!; candidate < graph.offsets[end + 1]!; candidate++) {
        if (graph.targets[candidate] === start && !done[candidate]) {
          back = candidate;
          break;
        }
      }
      layOut(start, end, edge, back);
    }
  }
  for (let start = 0; start < graph.nodeCount; start++) {
    for (let edge = graph.offsets[start]!; edge < graph.offsets[start + 1]!; edge++) {
      if (!done[edge]) layOut(start, graph.targets[edge]!, edge, -1);
    }
  }
  return {
    plane,
    nodeCount: x.length,
    roadNodeCount: graph.nodeCount,
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    edgeCount: from.length,
    edgeFrom: Uint32Array.from(from),
    edgeTo: Uint32Array.from(to),
    edgeRoad: Uint32Array.from(road),
    edgeShare: Float64Array.from(share),
  };
}

/** CSR of the edges with a finite time (`reverse`: each from its target to its source). */
function csrOf(nodeCount: number, from: Uint32Array, to: Uint32Array, seconds: Float64Array, reverse: boolean): CsrGraph {
  const offsets = new Uint32Array(nodeCount + 1);
  let open = 0;
  for (let edge = 0; edge < seconds.length; edge++) {
    if (seconds[edge] === Infinity) continue;
    offsets[(reverse ? to[edge]! : from[edge]!) + 1]!++;
    open++;
  }
  for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Uint32Array(open);
  const times = new Float64Array(open);
  for (let edge = 0; edge < seconds.length; edge++) {
    if (seconds[edge] === Infinity) continue;
    const slot = cursor[reverse ? to[edge]! : from[edge]!]!++;
    targets[slot] = reverse ? from[edge]! : to[edge]!;
    times[slot] = seconds[edge]!;
  }
  return { nodeCount, offsets, targets, seconds: times };
}

export function buildTravelGraph(graph: NetworkGraph, dense: DenseNetwork, mode: TravelMode, settings: TravelSettings): TravelGraph {
  const roadEdgeSeconds = edgeSecondsFor(graph, mode, settings);
  const seconds = new Float64Array(dense.edgeCount);
  for (let edge = 0; edge < dense.edgeCount; edge++) seconds[edge] = roadEdgeSeconds[dense.edgeRoad[edge]!]! * dense.edgeShare[edge]!;
  return {
    mode,
    roadEdgeSeconds,
    forward: csrOf(dense.nodeCount, dense.edgeFrom, dense.edgeTo, seconds, false),
    reverse: csrOf(dense.nodeCount, dense.edgeFrom, dense.edgeTo, seconds, true),
  };
}
