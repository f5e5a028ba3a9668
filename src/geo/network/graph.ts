/**
 * What the reachability engine reads of a routing graph: the CSR arrays of `io/osm/graph.ts`
 * (`RoadGraph` has them all, so a stored graph is used as it is). Declared here, structurally,
 * so that geo/ needs nothing from io/.
 *
 * The edges leaving node `i` are `offsets[i]` … `offsets[i + 1] − 1`; `modes` holds per edge the
 * bits of the modes that may use it in its direction (`domain/travel` MODE_*), so a one-way
 * street is an edge open to cars in one direction only.
 */
export interface NetworkGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Node positions, WGS84 degrees. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly offsets: Uint32Array;
  readonly targets: Uint32Array;
  /** Edge length in metres. */
  readonly lengths: Float32Array;
  readonly modes: Uint8Array;
  /** Allowed car speed, km/h. */
  readonly carKmh: Uint8Array;
  /** Index into `ROAD_CLASSES`. */
  readonly roadClass: Uint8Array;
}

/** The node an edge leaves (a binary search in the offsets). */
export function sourceOfEdge(graph: Pick<NetworkGraph, 'offsets' | 'nodeCount'>, edge: number): number {
  let low = 0;
  let high = graph.nodeCount - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (graph.offsets[middle]! <= edge) low = middle;
    else high = middle - 1;
  }
  return low;
}
