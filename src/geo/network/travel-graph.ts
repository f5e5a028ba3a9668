/**
 * The routing graph of one travel mode: travel time per edge, and the edges open to the mode laid
 * out again as CSR (forward, and transposed for searches towards a destination), so Dijkstra's
 * inner loop reads three typed arrays and never meets a closed edge.
 *
 * Seconds per edge: walking at `walkKmh` on every class; cycling at `bikeKmh` times the class
 * factor (tracks and paths slower); driving at `carSpeedShare` of the edge's allowed speed. An
 * edge closed to the mode (access, one-way for vehicles) costs Infinity and is left out.
 */
import { BIKE_CLASS_FACTORS, ROAD_CLASSES, metresPerSecond, modeBit, type TravelMode, type TravelSettings } from '../../domain/travel';
import type { NetworkGraph } from './graph';

/** A graph in CSR layout with a travel time per edge. */
export interface CsrGraph {
  readonly nodeCount: number;
  readonly offsets: Uint32Array;
  readonly targets: Uint32Array;
  readonly seconds: Float64Array;
}

export interface TravelGraph {
  readonly mode: TravelMode;
  /** Seconds per edge of the routing graph (its numbering); Infinity where the mode may not go. */
  readonly edgeSeconds: Float64Array;
  /** The open edges in their direction. */
  readonly forward: CsrGraph;
  /** The open edges reversed: a search on it gives the time from each node to the sources. */
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

export function buildTravelGraph(graph: NetworkGraph, mode: TravelMode, settings: TravelSettings): TravelGraph {
  const edgeSeconds = edgeSecondsFor(graph, mode, settings);
  const { nodeCount, offsets, targets } = graph;
  const forwardOffsets = new Uint32Array(nodeCount + 1);
  const reverseOffsets = new Uint32Array(nodeCount + 1);
  let open = 0;
  for (let node = 0; node < nodeCount; node++) {
    for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) {
      if (edgeSeconds[edge] === Infinity) continue;
      forwardOffsets[node + 1]!++;
      reverseOffsets[targets[edge]! + 1]!++;
      open++;
    }
  }
  for (let node = 0; node < nodeCount; node++) {
    forwardOffsets[node + 1]! += forwardOffsets[node]!;
    reverseOffsets[node + 1]! += reverseOffsets[node]!;
  }
  const forwardTargets = new Uint32Array(open);
  const forwardSeconds = new Float64Array(open);
  const reverseTargets = new Uint32Array(open);
  const reverseSeconds = new Float64Array(open);
  const cursor = reverseOffsets.slice(0, nodeCount);
  let slot = 0;
  for (let node = 0; node < nodeCount; node++) {
    for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) {
      const seconds = edgeSeconds[edge]!;
      if (seconds === Infinity) continue;
      const target = targets[edge]!;
      forwardTargets[slot] = target;
      forwardSeconds[slot++] = seconds;
      const reverseSlot = cursor[target]!++;
      reverseTargets[reverseSlot] = node;
      reverseSeconds[reverseSlot] = seconds;
    }
  }
  return {
    mode,
    edgeSeconds,
    forward: { nodeCount, offsets: forwardOffsets, targets: forwardTargets, seconds: forwardSeconds },
    reverse: { nodeCount, offsets: reverseOffsets, targets: reverseTargets, seconds: reverseSeconds },
  };
}
