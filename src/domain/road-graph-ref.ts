/**
 * What a `network` layer record says about its stored routing graph (io/osm/graph.ts). `set`
 * names an immutable stored version of the graph; an OSM import writes a new set and points the
 * layer at it, so undoing the import is pointing the layer back (see store/road-graphs.ts).
 * The counts are there to describe the graph without loading it.
 */
import type { Layer } from './types';

export interface RoadGraphRef {
  readonly set: string;
  readonly nodeCount: number;
  readonly edgeCount: number;
}

/** A layer (kind `network`) whose routing graph is stored. */
export type GraphLayer = Layer & { graph: RoadGraphRef };

export function hasRoadGraph(layer: Layer): layer is GraphLayer {
  const graph = (layer as Partial<GraphLayer>).graph;
  return typeof graph === 'object' && graph !== null && typeof graph.set === 'string';
}
