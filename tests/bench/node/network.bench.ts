/**
 * `dijkstra`, `coverage`, `isochrone`: the reachability engine (src/geo/network) on a seeded
 * synthetic road network of 250,000 nodes and 600,000 directed edges — a 500 × 500 grid of
 * junctions about 50 m apart (jittered), the streets a random spanning tree of the grid plus
 * random further grid streets until 300,000 two-way streets, walked at 4.5 km/h. One figure per
 * peer:
 *
 * - `dijkstra`: one full single-source search (every node's time). Peers: graphology +
 *   graphology-shortest-path's `dijkstra.singleSource` (its API returns the path to every
 *   node), and what a developer writes by hand: a Map of adjacency lists and tinyqueue with
 *   lazy deletion. Edge scans per second are printed. The times of all three are checked equal
 *   once (to 1e-6 s).
 * - `coverage`: the time to the nearest of 2,000 sources for every node (what the app computes
 *   for coverage, mean times and the travel-time layer) — one multi-source run against 2,000
 *   separate searches (the same Dijkstra and workspace) merged by minimum; the peer runs 20 of
 *   them and is scaled by 100 (each is a full search of the same cost). Checked equal once on
 *   the 15-minute question, where both stop at the cutoff; that comparison (all 2,000 separate
 *   searches, measured) is printed in the note: with a cutoff the separate searches are small
 *   and the gain is much smaller.
 * - `isochrone`: three bands (a third, two thirds, all of the largest) around one source whose
 *   search reaches 50,000 nodes: our raster + d3-contour against `turf.concave` of the reached
 *   nodes per band (maxEdge 0.3 km, about six street blocks).
 */
import Graph from 'graphology';
import { dijkstra as graphologyDijkstra } from 'graphology-shortest-path';
import TinyQueue from 'tinyqueue';
import { concave, featureCollection, point } from '@turf/turf';
import { ShortestPaths } from '../../../src/geo/network/dijkstra';
import { isochroneBands, splatTravelTimes } from '../../../src/geo/network/isochrone';
import { LocalPlane } from '../../../src/geo/network/plane';
import type { CsrGraph } from '../../../src/geo/network/travel-graph';
import { DEFAULT_MAX_WALK_METERS, DEFAULT_JOIN_TOLERANCE_METERS } from '../../../src/geo/network/snap';
import type { BenchCase } from '../harness';
import { seededRandom } from '../seeded';

const SIDE = 500;
const STREETS = 300_000;
const SPACING_METERS = 50;
const WALK_METRES_PER_SECOND = 4.5 / 3.6;
const SOURCES = 2_000;
const COVERAGE_CUTOFF_SECONDS = 15 * 60;
const ISOCHRONE_NODES = 50_000;

export interface SyntheticNetwork {
  csr: CsrGraph;
  x: Float64Array;
  y: Float64Array;
  /** The directed edges as (from, to, seconds), for the peers' own structures. */
  from: Uint32Array;
  to: Uint32Array;
  seconds: Float64Array;
}

let cached: SyntheticNetwork | null = null;

/** The seeded network (built once per process). */
export function syntheticNetwork(): SyntheticNetwork {
  if (cached) return cached;
  const random = seededRandom(250_000);
  const nodeCount = SIDE * SIDE;
  const x = new Float64Array(nodeCount);
  const y = new Float64Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    x[node] = (node % SIDE) * SPACING_METERS + (random() - 0.5) * 20;
    y[node] = Math.floor(node / SIDE) * SPACING_METERS + (random() - 0.5) * 20;
  }
  const candidates: [number, number][] = [];
  for (let row = 0; row < SIDE; row++) {
    for (let column = 0; column < SIDE; column++) {
      const node = row * SIDE + column;
      if (column + 1 < SIDE) candidates.push([node, node + 1]);
      if (row + 1 < SIDE) candidates.push([node, node + SIDE]);
    }
  }
  for (let index = candidates.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [candidates[index], candidates[other]] = [candidates[other]!, candidates[index]!];
  }
  const parent = Int32Array.from({ length: nodeCount }, (_, node) => node);
  const find = (node: number): number => {
    while (parent[node] !== node) node = parent[node] = parent[parent[node]!]!;
    return node;
  };
  const chosen = new Uint8Array(candidates.length);
  let streets = 0;
  candidates.forEach(([a, b], index) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return;
    parent[rootA] = rootB;
    chosen[index] = 1;
    streets++;
  });
  for (let index = 0; index < candidates.length && streets < STREETS; index++) {
    if (chosen[index]) continue;
    chosen[index] = 1;
    streets++;
  }
  const from = new Uint32Array(streets * 2);
  const to = new Uint32Array(streets * 2);
  const seconds = new Float64Array(streets * 2);
  let edge = 0;
  candidates.forEach(([a, b], index) => {
    if (!chosen[index]) return;
    const time = Math.hypot(x[a]! - x[b]!, y[a]! - y[b]!) / WALK_METRES_PER_SECOND;
    from[edge] = a;
    to[edge] = b;
    seconds[edge++] = time;
    from[edge] = b;
    to[edge] = a;
    seconds[edge++] = time;
  });
  const offsets = new Uint32Array(nodeCount + 1);
  for (let index = 0; index < edge; index++) offsets[from[index]! + 1]!++;
  for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Uint32Array(edge);
  const times = new Float64Array(edge);
  for (let index = 0; index < edge; index++) {
    const slot = cursor[from[index]!]!++;
    targets[slot] = to[index]!;
    times[slot] = seconds[index]!;
  }
  cached = { csr: { nodeCount, offsets, targets, seconds: times }, x, y, from, to, seconds };
  return cached;
}

const SOURCE_NODE = (SIDE / 2) * SIDE + SIDE / 2;

/** Dijkstra over a Map of adjacency lists with tinyqueue (lazy deletion): the hand-written peer. */
function mapTinyqueueDijkstra(adjacency: Map<number, { to: number; seconds: number }[]>, source: number): Map<number, number> {
  const times = new Map<number, number>([[source, 0]]);
  const done = new Set<number>();
  const queue = new TinyQueue<[number, number]>([[0, source]], (a, b) => a[0] - b[0]);
  while (queue.length > 0) {
    const [time, node] = queue.pop()!;
    if (done.has(node)) continue;
    done.add(node);
    for (const { to, seconds } of adjacency.get(node) ?? []) {
      const candidate = time + seconds;
      if (candidate < (times.get(to) ?? Infinity)) {
        times.set(to, candidate);
        queue.push([candidate, to]);
      }
    }
  }
  return times;
}

interface DijkstraData {
  network: SyntheticNetwork;
  paths: ShortestPaths;
  scansPerSecond: () => string;
}

let lastScans = 0;
let lastMilliseconds = 0;

function dijkstraSetup(): DijkstraData {
  const network = syntheticNetwork();
  const paths = new ShortestPaths(network.csr.nodeCount);
  return {
    network,
    paths,
    scansPerSecond: () => `${(lastScans / lastMilliseconds / 1000).toFixed(1)}M edge scans/s`,
  };
}

function runOurs(data: DijkstraData) {
  const start = performance.now();
  data.paths.run(data.network.csr, { nodes: [SOURCE_NODE], seconds: [0] });
  lastMilliseconds = performance.now() - start;
  lastScans = data.paths.edgeScans;
}

let graphologyGraph: Graph | null = null;
let adjacencyMap: Map<number, { to: number; seconds: number }[]> | null = null;

function graphologyOf(network: SyntheticNetwork): Graph {
  if (graphologyGraph) return graphologyGraph;
  const graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  for (let node = 0; node < network.csr.nodeCount; node++) graph.addNode(String(node));
  for (let edge = 0; edge < network.from.length; edge++) graph.addDirectedEdge(String(network.from[edge]), String(network.to[edge]), { weight: network.seconds[edge] });
  graphologyGraph = graph;
  return graph;
}

function adjacencyOf(network: SyntheticNetwork): Map<number, { to: number; seconds: number }[]> {
  if (adjacencyMap) return adjacencyMap;
  const adjacency = new Map<number, { to: number; seconds: number }[]>();
  for (let edge = 0; edge < network.from.length; edge++) {
    const list = adjacency.get(network.from[edge]!) ?? [];
    list.push({ to: network.to[edge]!, seconds: network.seconds[edge]! });
    adjacency.set(network.from[edge]!, list);
  }
  adjacencyMap = adjacency;
  return adjacency;
}

/** Once: all three agree on every node's time (graphology by summing its paths' edge weights). */
function checkDijkstra(data: DijkstraData): string {
  runOurs(data);
  const ours = data.paths.seconds;
  const map = mapTinyqueueDijkstra(adjacencyOf(data.network), SOURCE_NODE);
  for (let node = 0; node < ours.length; node++) {
    if (Math.abs((map.get(node) ?? Infinity) - ours[node]!) > 1e-6) throw new Error(`dijkstra: Map+tinyqueue differs at node ${node}`);
  }
  const graph = graphologyOf(data.network);
  const paths = graphologyDijkstra.singleSource(graph, String(SOURCE_NODE), 'weight');
  for (let node = 0; node < ours.length; node += 997) {
    const path = paths[String(node)]!;
    let time = 0;
    for (let step = 1; step < path.length; step++) time += graph.getEdgeAttribute(graph.edge(path[step - 1], path[step]), 'weight') as number;
    if (Math.abs(time - ours[node]!) > 1e-6) throw new Error(`dijkstra: graphology differs at node ${node}`);
  }
  return 'times equal';
}

let dijkstraCheck = '';

export const dijkstraBenches: BenchCase[] = [
  {
    name: 'dijkstra',
    peer: 'graphology-shortest-path dijkstra.singleSource',
    setup: () => {
      const data = dijkstraSetup();
      dijkstraCheck = checkDijkstra(data);
      return data;
    },
    ours: (data: DijkstraData) => runOurs(data),
    peerRun: (data: DijkstraData) => graphologyDijkstra.singleSource(graphologyOf(data.network), String(SOURCE_NODE), 'weight'),
    note: (data: DijkstraData) => `250,000 nodes, 600,000 edges, full search; ours ${data.scansPerSecond()}; ${dijkstraCheck}`,
  },
  {
    name: 'dijkstra',
    peer: 'Map adjacency + tinyqueue',
    setup: () => {
      const data = dijkstraSetup();
      adjacencyOf(data.network);
      return data;
    },
    ours: (data: DijkstraData) => runOurs(data),
    peerRun: (data: DijkstraData) => mapTinyqueueDijkstra(adjacencyOf(data.network), SOURCE_NODE),
    note: (data: DijkstraData) => `250,000 nodes, 600,000 edges, full search; ours ${data.scansPerSecond()}`,
  },
];

interface CoverageData {
  network: SyntheticNetwork;
  sources: number[];
  paths: ShortestPaths;
  merged: Float64Array;
}

function coverageSetup(): CoverageData {
  const network = syntheticNetwork();
  const random = seededRandom(2_000);
  const sources = Array.from({ length: SOURCES }, () => Math.floor(random() * network.csr.nodeCount));
  return { network, sources, paths: new ShortestPaths(network.csr.nodeCount), merged: new Float64Array(network.csr.nodeCount) };
}

function coverageOurs(data: CoverageData, cutoffSeconds = Infinity): Float64Array {
  return data.paths.run(data.network.csr, { nodes: data.sources, seconds: data.sources.map(() => 0) }, cutoffSeconds).seconds;
}

function coverageSeparate(data: CoverageData, cutoffSeconds = Infinity, sources = data.sources): Float64Array {
  const merged = data.merged.fill(Infinity);
  for (const source of sources) {
    data.paths.run(data.network.csr, { nodes: [source], seconds: [0] }, cutoffSeconds);
    const { settled, settledCount, seconds } = data.paths;
    for (let index = 0; index < settledCount; index++) {
      const node = settled[index]!;
      if (seconds[node]! < merged[node]!) merged[node] = seconds[node]!;
    }
  }
  return merged;
}

let coverageCheck = '';
const PEER_SOURCES = 20;

export const coverageBench: BenchCase = {
  name: 'coverage',
  peer: '2,000 separate searches',
  setup: () => {
    const data = coverageSetup();
    const time = (run: () => unknown) => {
      const start = performance.now();
      run();
      return performance.now() - start;
    };
    let separate: Float64Array = new Float64Array(0);
    const separateMilliseconds = time(() => (separate = coverageSeparate(data, COVERAGE_CUTOFF_SECONDS).slice()));
    let ours: Float64Array = new Float64Array(0);
    const oursMilliseconds = time(() => (ours = coverageOurs(data, COVERAGE_CUTOFF_SECONDS)));
    let covered = 0;
    for (let node = 0; node < ours.length; node++) {
      if (ours[node] !== separate[node]) throw new Error(`coverage differs at node ${node}`);
      if (ours[node]! < Infinity) covered++;
    }
    coverageCheck = `within 15 min (${((covered / ours.length) * 100).toFixed(1)} % of nodes): same times, ours ${oursMilliseconds.toFixed(0)} ms, 2,000 separate searches ${separateMilliseconds.toFixed(0)} ms (one run each)`;
    return data;
  },
  ours: (data: CoverageData) => coverageOurs(data),
  peerRun: (data: CoverageData) => coverageSeparate(data, Infinity, data.sources.slice(0, PEER_SOURCES)),
  peerSample: { size: PEER_SOURCES, factor: SOURCES / PEER_SOURCES, setup: () => coverageSetup() },
  note: () => `2,000 sources, no cutoff, 250,000 nodes, 600,000 edges; ${coverageCheck}`,
};

interface IsochroneData {
  plane: LocalPlane;
  x: Float64Array;
  y: Float64Array;
  seconds: Float64Array;
  anchorsX: Float64Array;
  anchorsY: Float64Array;
  bands: number[];
  lon: Float64Array;
  lat: Float64Array;
}

function isochroneSetup(): IsochroneData {
  const network = syntheticNetwork();
  const paths = new ShortestPaths(network.csr.nodeCount).run(network.csr, { nodes: [SOURCE_NODE], seconds: [0] });
  const maxSeconds = paths.seconds[paths.settled[ISOCHRONE_NODES - 1]!]!;
  const reached = Array.from(paths.settled.slice(0, ISOCHRONE_NODES));
  // The grid's metres as a plane around Lauf's latitude, for longitudes and latitudes.
  const plane = new LocalPlane(11.28, 49.51);
  const x = Float64Array.from(reached, (node) => network.x[node]! - (SIDE * SPACING_METERS) / 2);
  const y = Float64Array.from(reached, (node) => network.y[node]! - (SIDE * SPACING_METERS) / 2);
  return {
    plane,
    x,
    y,
    seconds: Float64Array.from(reached, (node) => paths.seconds[node]!),
    anchorsX: Float64Array.from(network.x, (value) => value - (SIDE * SPACING_METERS) / 2),
    anchorsY: Float64Array.from(network.y, (value) => value - (SIDE * SPACING_METERS) / 2),
    bands: [maxSeconds / 3, (2 * maxSeconds) / 3, maxSeconds],
    lon: Float64Array.from(x, (value) => plane.lon(value)),
    lat: Float64Array.from(y, (value) => plane.lat(value)),
  };
}

function isochroneOurs(data: IsochroneData) {
  const raster = splatTravelTimes({
    plane: data.plane,
    x: data.x,
    y: data.y,
    seconds: data.seconds,
    metresPerSecond: WALK_METRES_PER_SECOND,
    maxWalkMeters: DEFAULT_MAX_WALK_METERS,
    anchors: { x: data.anchorsX, y: data.anchorsY },
    joinToleranceMeters: DEFAULT_JOIN_TOLERANCE_METERS,
    maxSeconds: data.bands[2]!,
    cellMeters: 25,
  });
  return isochroneBands(raster, data.bands);
}

function isochronePeer(data: IsochroneData) {
  return data.bands.map((band) => {
    const points = [];
    for (let index = 0; index < data.x.length; index++) if (data.seconds[index]! <= band) points.push(point([data.lon[index]!, data.lat[index]!]));
    return concave(featureCollection(points), { maxEdge: 0.3, units: 'kilometers' });
  });
}

export const isochroneBench: BenchCase = {
  name: 'isochrone',
  peer: 'turf.concave per band',
  setup: () => isochroneSetup(),
  ours: (data: IsochroneData) => isochroneOurs(data),
  peerRun: (data: IsochroneData) => isochronePeer(data),
  note: (data: IsochroneData) => `3 bands up to ${(data.bands[2]! / 60).toFixed(1)} min, 50,000 reached nodes, raster 25 m`,
};
