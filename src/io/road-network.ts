/**
 * A routing graph from road lines that carry only a road class (`MapFeature` roads of a
 * `network` layer, as the demo project and a GeoJSON of roads have them): every distinct vertex
 * position is a node (roads that share a vertex are connected, as in OSM), every segment two
 * edges. Who may use a road and how fast a car goes follow the OSM defaults of a representative
 * highway value per class (`io/osm/roads.ts`): primary — a federal road, open to all; track —
 * walking and cycling; footway — a path (walking and cycling). Deterministic: the same lines in
 * the same order give the same graph, node for node.
 */
import type { LineString, MultiLineString, Position } from 'geojson';
import type { ProjectSnapshot, RoadClass } from '../domain/types';
import { hasRoadGraph } from '../domain/road-graph-ref';
import { ROAD_CLASSES } from '../domain/travel';
import { haversineMetres } from './osm/geometry';
import { RoadGraphBuilder, type RoadGraph } from './osm/graph';
import { roadAttributes } from './osm/roads';

/** The OSM highway value whose defaults stand for a road class. */
const HIGHWAY_OF_CLASS: Record<RoadClass, string> = {
  primary: 'primary',
  secondary: 'secondary',
  tertiary: 'tertiary',
  residential: 'residential',
  track: 'track',
  footway: 'path',
};

export interface RoadLine {
  geometry: LineString | MultiLineString | { type: string };
  properties: { class: string };
}

function isRoadClass(value: string): value is RoadClass {
  return (ROAD_CLASSES as readonly string[]).includes(value);
}

/** The routing graph of the road lines among `features` (other features are skipped). */
export function roadGraphFromLines(features: readonly RoadLine[]): RoadGraph {
  const builder = new RoadGraphBuilder();
  const nodeOf = new Map<string, number>();
  const node = (position: Position): number | null => {
    const lon = Number(position[0]);
    const lat = Number(position[1]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const key = `${lon},${lat}`;
    let id = nodeOf.get(key);
    if (id === undefined) {
      id = builder.addNode(-(nodeOf.size + 1), lon, lat);
      nodeOf.set(key, id);
    }
    return id;
  };
  for (const feature of features) {
    const roadClass = feature.properties.class;
    if (!isRoadClass(roadClass)) continue;
    const attributes = roadAttributes({ highway: HIGHWAY_OF_CLASS[roadClass] });
    if (!attributes) continue;
    const classIndex = ROAD_CLASSES.indexOf(roadClass);
    const geometry = feature.geometry;
    const lines = geometry.type === 'LineString' ? [(geometry as LineString).coordinates] : geometry.type === 'MultiLineString' ? (geometry as MultiLineString).coordinates : [];
    for (const line of lines) {
      let previous: number | null = null;
      for (const position of line) {
        const current = node(position);
        if (current === null) {
          previous = null;
          continue;
        }
        if (previous !== null && previous !== current) {
          const metres = haversineMetres(builder.nodeLon(previous), builder.nodeLat(previous), builder.nodeLon(current), builder.nodeLat(current));
          builder.addEdge(previous, current, metres, attributes.forward, attributes.carKmh, classIndex);
          builder.addEdge(current, previous, metres, attributes.backward, attributes.carKmh, classIndex);
        }
        previous = current;
      }
    }
  }
  return builder.build();
}

/**
 * Routing graphs for the network layers of a snapshot that name no stored graph (the demo's
 * roads), built from their road lines; by layer id. Layers without a road give none.
 */
export function roadGraphsOfSnapshot(snapshot: ProjectSnapshot): Map<string, RoadGraph> {
  const graphs = new Map<string, RoadGraph>();
  for (const layer of snapshot.layers) {
    if (layer.kind !== 'network' || hasRoadGraph(layer)) continue;
    const graph = roadGraphFromLines(snapshot.features.filter((feature) => feature.layerId === layer.id));
    if (graph.edgeCount > 0) graphs.set(layer.id, graph);
  }
  return graphs;
}
