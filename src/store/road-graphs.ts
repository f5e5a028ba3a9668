/**
 * Storage of the routing graphs of `network` layers (io/osm/graph.ts) in IndexedDB.
 *
 * Layout: one `roadGraphs` record (key [projectId+layerId+set]) per stored version of a graph,
 * holding its CSR typed arrays unchanged; structured clone stores each as one buffer, so a town's
 * graph (some 10,000 nodes, under 1 MB) or a city's (a few MB) is a single put and a single get.
 *
 * Versions: a record is never modified. An import writes a new set and points the layer record
 * at it (`layer.graph`) in the same transaction as the logged change, so undo and redo move a
 * small layer record and the undo log never holds graph arrays. Old sets stay while a logged
 * change names them (road-graph-retention.ts deletes them when that change leaves the log).
 */
import type { Change, ChangeRequest } from '../domain/change';
import type { RoadGraphRef } from '../domain/road-graph-ref';
import { graphShapeProblem, ROAD_GRAPH_FORMAT, type RoadGraph } from '../io/osm/graph';
import { ROAD_GRAPH_TABLES, type AtlasDatabase, type RoadGraphRecord } from './db';
import { newSetId } from './point-layers';
import { sweepRoadGraphs, type GraphSweepOptions } from './road-graph-retention';
import { LOGGED_TABLES, transact } from './transact';
import type { WriteGuard } from './project-meta';

export { ROAD_GRAPH_FORMAT };

/** The array itself when it covers its whole buffer, else a compact copy (a view would be stored with all of its buffer). */
function compact<T extends Float64Array | Float32Array | Uint32Array | Uint8Array>(array: T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : (array.slice() as T);
}

function graphOf(record: RoadGraphRecord): RoadGraph {
  const { nodeCount, edgeCount, lon, lat, osmIds, offsets, targets, lengths, modes, carKmh, roadClass } = record;
  return { nodeCount, edgeCount, lon, lat, osmIds, offsets, targets, lengths, modes, carKmh, roadClass };
}

/** Throws when the arrays do not fit the counts (a damaged or foreign record). */
function checkShape(record: RoadGraphRecord): void {
  const problem = graphShapeProblem(record);
  if (problem) throw new Error(`Road graph ${record.set} of layer ${record.layerId}: ${problem}`);
}

/**
 * Store `graph` as a new set of the layer without making it current; returns the reference to
 * put on the layer record (`{ ...layer, graph: ref }`). Until a committed layer names it, the set
 * is an orphan that `collectRoadGraphGarbage` deletes after the grace time.
 */
export async function writeRoadGraph(db: AtlasDatabase, projectId: string, layerId: string, graph: RoadGraph): Promise<RoadGraphRef> {
  const record: RoadGraphRecord = {
    projectId,
    layerId,
    set: newSetId(),
    format: ROAD_GRAPH_FORMAT,
    createdAt: Date.now(),
    nodeCount: graph.nodeCount,
    edgeCount: graph.edgeCount,
    lon: compact(graph.lon),
    lat: compact(graph.lat),
    osmIds: compact(graph.osmIds),
    offsets: compact(graph.offsets),
    targets: compact(graph.targets),
    lengths: compact(graph.lengths),
    modes: compact(graph.modes),
    carKmh: compact(graph.carKmh),
    roadClass: compact(graph.roadClass),
  };
  checkShape(record);
  return db.transaction('rw', ROAD_GRAPH_TABLES, async () => {
    await db.roadGraphs.add(record);
    return { set: record.set, nodeCount: record.nodeCount, edgeCount: record.edgeCount };
  });
}

/** The stored graph of a set. Throws when it is missing or not in the current format. */
export async function loadRoadGraph(db: AtlasDatabase, projectId: string, layerId: string, set: string): Promise<RoadGraph> {
  const record = await db.roadGraphs.get([projectId, layerId, set]);
  if (!record) throw new Error(`Road graph ${set} of layer ${layerId} is not stored`);
  if (record.format !== ROAD_GRAPH_FORMAT) {
    throw new Error(`Road graph ${set} of layer ${layerId} has format ${record.format}, not ${ROAD_GRAPH_FORMAT}`);
  }
  checkShape(record);
  return graphOf(record);
}

/**
 * Store `graph` as a new set of layer `layerId` and commit `request(ref)` (which puts the layer
 * record naming `ref`) as one undoable change, in one IndexedDB transaction: either both are
 * stored or neither. Returns the logged change, as transact() does.
 */
export function transactWithRoadGraph(
  db: AtlasDatabase,
  projectId: string,
  layerId: string,
  graph: RoadGraph,
  request: (ref: RoadGraphRef) => ChangeRequest,
  guard: WriteGuard = {},
): Promise<Change> {
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const ref = await writeRoadGraph(db, projectId, layerId, graph);
    return transact(db, projectId, request(ref), guard);
  });
}

/**
 * Delete graphs nothing refers to: graphs written but never committed (older than the grace
 * time) and graphs left behind by changes that left the log. transact() does the latter by
 * itself; call this when a project is opened. Returns how many graphs were deleted.
 */
export function collectRoadGraphGarbage(db: AtlasDatabase, projectId: string, options: GraphSweepOptions = {}): Promise<number> {
  return db.transaction('rw', LOGGED_TABLES, () => sweepRoadGraphs(db, projectId, options));
}
