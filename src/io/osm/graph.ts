/**
 * The routing graph built from OSM roads, as typed arrays in compressed sparse row (CSR)
 * layout: cheap to store in IndexedDB, to transfer out of a worker (every array is one
 * transferable buffer) and to run Dijkstra on.
 *
 * Every node of a routable way is a graph node (no contraction of degree-2 nodes), so the
 * graph keeps the exact road geometry: a reachability area can be drawn from node positions
 * and a point snaps to a node that lies on the road.
 */
import { MODE_BIKE, MODE_CAR, MODE_WALK } from './roads';

export interface RoadGraph {
  nodeCount: number;
  /** Directed edges. */
  edgeCount: number;
  /** Node positions, WGS84 degrees. */
  lon: Float64Array;
  lat: Float64Array;
  /** OSM id of each node (synthetic negative ids for GeoJSON input). */
  osmIds: Float64Array;
  /** CSR: the edges leaving node `i` are `offsets[i]` … `offsets[i + 1] - 1`; length nodeCount + 1. */
  offsets: Uint32Array;
  /** Node each edge leads to. */
  targets: Uint32Array;
  /** Edge length in metres. */
  lengths: Float32Array;
  /** Who may use the edge in its direction: MODE_WALK | MODE_BIKE | MODE_CAR. */
  modes: Uint8Array;
  /** Car speed in km/h (maxspeed or the class default); walking and cycling speeds are settings. */
  carKmh: Uint8Array;
  /** Index into ROAD_CLASSES. */
  roadClass: Uint8Array;
}

/** Layout of the arrays as stored (IndexedDB, project files); a graph of another format is refused. */
export const ROAD_GRAPH_FORMAT = 1;

/**
 * Why `graph` is not a usable graph (arrays of the wrong length, edges pointing nowhere), or
 * null. Run on graphs read from storage or files, which may be damaged or foreign.
 */
export function graphShapeProblem(graph: RoadGraph): string | null {
  const { nodeCount, edgeCount } = graph;
  if (!Number.isSafeInteger(nodeCount) || nodeCount < 0 || !Number.isSafeInteger(edgeCount) || edgeCount < 0) return 'node or edge count is not a count';
  const expected: [string, ArrayLike<number> | undefined, number][] = [
    ['lon', graph.lon, nodeCount],
    ['lat', graph.lat, nodeCount],
    ['osmIds', graph.osmIds, nodeCount],
    ['offsets', graph.offsets, nodeCount + 1],
    ['targets', graph.targets, edgeCount],
    ['lengths', graph.lengths, edgeCount],
    ['modes', graph.modes, edgeCount],
    ['carKmh', graph.carKmh, edgeCount],
    ['roadClass', graph.roadClass, edgeCount],
  ];
  for (const [name, array, length] of expected) {
    if (array?.length !== length) return `${name} holds ${array?.length} values, not ${length}`;
  }
  if (graph.offsets[0] !== 0 || graph.offsets[nodeCount] !== edgeCount) return `offsets run from ${graph.offsets[0]} to ${graph.offsets[nodeCount]}, not 0 to ${edgeCount}`;
  for (let node = 0; node < nodeCount; node++) {
    if (graph.offsets[node + 1]! < graph.offsets[node]!) return `offsets decrease at node ${node}`;
  }
  for (let edge = 0; edge < edgeCount; edge++) {
    if (graph.targets[edge]! >= nodeCount) return `edge ${edge} leads to node ${graph.targets[edge]}, beyond the ${nodeCount} nodes`;
  }
  return null;
}

/** Sums that describe a graph (for reports and tests). */
export interface RoadGraphStats {
  nodes: number;
  edges: number;
  /** Directed edges open to each mode. */
  walkEdges: number;
  bikeEdges: number;
  carEdges: number;
  /** Length of the network open to each mode, km, each road counted once per direction it is open in. */
  walkKm: number;
  bikeKm: number;
  carKm: number;
}

/** The buffers of a graph, for `postMessage` transfer lists. */
export function graphBuffers(graph: RoadGraph): ArrayBuffer[] {
  return [graph.lon, graph.lat, graph.osmIds, graph.offsets, graph.targets, graph.lengths, graph.modes, graph.carKmh, graph.roadClass].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

export function graphStats(graph: RoadGraph): RoadGraphStats {
  const stats: RoadGraphStats = { nodes: graph.nodeCount, edges: graph.edgeCount, walkEdges: 0, bikeEdges: 0, carEdges: 0, walkKm: 0, bikeKm: 0, carKm: 0 };
  for (let edge = 0; edge < graph.edgeCount; edge++) {
    const modes = graph.modes[edge]!;
    const km = graph.lengths[edge]! / 1000;
    if (modes & MODE_WALK) {
      stats.walkEdges++;
      stats.walkKm += km;
    }
    if (modes & MODE_BIKE) {
      stats.bikeEdges++;
      stats.bikeKm += km;
    }
    if (modes & MODE_CAR) {
      stats.carEdges++;
      stats.carKm += km;
    }
  }
  return stats;
}

/** Growable typed array. */
export class Growable<T extends Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array> {
  array: T;
  length = 0;
  readonly #make: (size: number) => T;

  constructor(make: (size: number) => T, initial = 1024) {
    this.#make = make;
    this.array = make(initial);
  }

  push(value: number): void {
    if (this.length === this.array.length) {
      const next = this.#make(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }

  /** A copy trimmed to the length. */
  toArray(): T {
    return this.array.slice(0, this.length) as T;
  }
}

/** Collects directed edges, then lays them out as CSR. */
export class RoadGraphBuilder {
  readonly #lon = new Growable((size) => new Float64Array(size));
  readonly #lat = new Growable((size) => new Float64Array(size));
  readonly #osmIds = new Growable((size) => new Float64Array(size));
  readonly #sources = new Growable((size) => new Uint32Array(size));
  readonly #targets = new Growable((size) => new Uint32Array(size));
  readonly #lengths = new Growable((size) => new Float32Array(size));
  readonly #modes = new Growable((size) => new Uint8Array(size));
  readonly #carKmh = new Growable((size) => new Uint8Array(size));
  readonly #roadClass = new Growable((size) => new Uint8Array(size));

  get nodeCount(): number {
    return this.#lon.length;
  }

  addNode(osmId: number, lon: number, lat: number): number {
    this.#lon.push(lon);
    this.#lat.push(lat);
    this.#osmIds.push(osmId);
    return this.#lon.length - 1;
  }

  nodeLon(node: number): number {
    return this.#lon.array[node]!;
  }

  nodeLat(node: number): number {
    return this.#lat.array[node]!;
  }

  addEdge(source: number, target: number, lengthMetres: number, modes: number, carKmh: number, roadClass: number): void {
    if (modes === 0) return;
    this.#sources.push(source);
    this.#targets.push(target);
    this.#lengths.push(lengthMetres);
    this.#modes.push(modes);
    this.#carKmh.push(Math.max(1, Math.min(255, Math.round(carKmh))));
    this.#roadClass.push(roadClass);
  }

  build(): RoadGraph {
    const nodeCount = this.#lon.length;
    const edgeCount = this.#sources.length;
    const sources = this.#sources.array;
    const offsets = new Uint32Array(nodeCount + 1);
    for (let edge = 0; edge < edgeCount; edge++) offsets[sources[edge]! + 1]!++;
    for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
    const cursor = offsets.slice(0, nodeCount);
    const targets = new Uint32Array(edgeCount);
    const lengths = new Float32Array(edgeCount);
    const modes = new Uint8Array(edgeCount);
    const carKmh = new Uint8Array(edgeCount);
    const roadClass = new Uint8Array(edgeCount);
    for (let edge = 0; edge < edgeCount; edge++) {
      const slot = cursor[sources[edge]!]!++;
      targets[slot] = this.#targets.array[edge]!;
      lengths[slot] = this.#lengths.array[edge]!;
      modes[slot] = this.#modes.array[edge]!;
      carKmh[slot] = this.#carKmh.array[edge]!;
      roadClass[slot] = this.#roadClass.array[edge]!;
    }
    return {
      nodeCount,
      edgeCount,
      lon: this.#lon.toArray(),
      lat: this.#lat.toArray(),
      osmIds: this.#osmIds.toArray(),
      offsets,
      targets,
      lengths,
      modes,
      carKmh,
      roadClass,
    };
  }
}

export { MODE_WALK, MODE_BIKE, MODE_CAR };
