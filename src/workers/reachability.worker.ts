/**
 * Worker for reachability (geo/network), exposed with comlink as a plain object. It loads the
 * routing graph of a network layer from IndexedDB itself (the main thread never holds it),
 * keeps the engine of the last graph and settings, and answers: isochrones, travel times of
 * demand points to the nearest resource, the best new sites, and travel times for the nearby
 * finder. Cancelling is terminating the worker (workers/reachability.ts); a fresh one loads the
 * graph again.
 */
import * as Comlink from 'comlink';
import type { MultiPolygon } from 'geojson';
import type { AreaGeometry } from '../domain/types';
import type { TravelMode, TravelSettings } from '../domain/travel';
import { ReachabilityEngine, type Places, type TravelDirection } from '../geo/network/engine';
import { spreadOverStreets } from '../geo/network/demand-points';
import { greedyMaximalCoverage, type GreedyStep } from '../geo/network/location-choice';
import { assignPoints } from '../geo/assign-points';
import type { RoadGraph } from '../io/osm/graph';
import { AtlasDatabase } from '../store/db';
import { loadRoadGraph } from '../store/road-graphs';

/** Which stored graph to route on (`layer.graph.set` of a network layer). */
export interface GraphSource {
  projectId: string;
  layerId: string;
  set: string;
}

export interface ReachabilityJob {
  graph: GraphSource | null;
  settings: TravelSettings;
  mode: TravelMode;
  /** Where the project lies (for the local plane without a graph). */
  area: Places;
}

/** Areas (base units) whose weight is spread over their streets; `group` is the space index (-1: by location). */
export interface AreaDemand {
  kind: 'areas';
  areas: { geometry: AreaGeometry; weight: number; group: number }[];
}

/** Located points (cases) with weights, grouped by the space they lie in. */
export interface PointDemand {
  kind: 'points';
  lon: Float64Array;
  lat: Float64Array;
  weight: Float64Array;
}

export type DemandInput = AreaDemand | PointDemand;

/** Weighted demand points with their group (space index, -1 outside all) and area (unit index, -1 for points). */
export interface DemandPointSet {
  lon: Float64Array;
  lat: Float64Array;
  weight: Float64Array;
  group: Int32Array;
  area: Int32Array;
}

export interface NearestTimesResult {
  approximate: boolean;
  points: DemandPointSet;
  /** Per point: seconds to the nearest resource (Infinity: not reachable). */
  seconds: Float64Array;
}

export interface IsochroneBandResult {
  seconds: number;
  geometry: MultiPolygon;
  areaSquareMeters: number;
  /** Inhabitants (all ages) living within the band; null without population data. */
  population: number | null;
}

export interface IsochroneResult {
  approximate: boolean;
  bands: IsochroneBandResult[];
}

export interface BestSitesResult {
  approximate: boolean;
  steps: GreedyStep[];
}

type GraphLoader = (source: GraphSource) => Promise<RoadGraph>;

/** The demand as weighted points: areas spread over their streets, points as they are. */
function demandPoints(engine: ReachabilityEngine, demand: DemandInput, spaces: { id: string; geometry: AreaGeometry }[]): DemandPointSet {
  if (demand.kind === 'points') {
    return { lon: demand.lon, lat: demand.lat, weight: demand.weight, group: assignPoints(demand.lon, demand.lat, spaces), area: new Int32Array(demand.lon.length).fill(-1) };
  }
  const spread = spreadOverStreets(demand.areas, engine.streetPoints());
  const group = Int32Array.from(spread.area, (area) => demand.areas[area]!.group);
  // Points of areas in no space (or of spaces drawn by hand) go by where they lie.
  const loose: number[] = [];
  group.forEach((value, point) => {
    if (value < 0) loose.push(point);
  });
  if (loose.length > 0 && spaces.length > 0) {
    const found = assignPoints(Float64Array.from(loose, (point) => spread.lon[point]!), Float64Array.from(loose, (point) => spread.lat[point]!), spaces);
    loose.forEach((point, index) => (group[point] = found[index]!));
  }
  return { lon: spread.lon, lat: spread.lat, weight: spread.weight, group, area: spread.area };
}

export function createReachabilityApi(loadGraph: GraphLoader) {
  let cached: { key: string; engine: ReachabilityEngine } | null = null;
  let cachedGraph: { key: string; graph: RoadGraph } | null = null;

  async function engineFor(job: ReachabilityJob): Promise<ReachabilityEngine> {
    const graphKey = job.graph ? `${job.graph.projectId}/${job.graph.layerId}/${job.graph.set}` : 'none';
    const key = `${graphKey}|${JSON.stringify(job.settings)}`;
    if (cached?.key === key) return cached.engine;
    let graph: RoadGraph | null = null;
    if (job.graph) {
      if (cachedGraph?.key !== graphKey) cachedGraph = { key: graphKey, graph: await loadGraph(job.graph) };
      graph = cachedGraph.graph;
    }
    const engine = new ReachabilityEngine(graph, job.settings, {}, job.area);
    cached = { key, engine };
    return engine;
  }

  return {
    /** Travel times of the demand points to the nearest resource (no limit: the limit only sorts them). */
    async nearestTimes(job: ReachabilityJob, resources: Places, demand: DemandInput, spaces: { id: string; geometry: AreaGeometry }[], onProgress?: (fraction: number) => void): Promise<NearestTimesResult> {
      const engine = await engineFor(job);
      void onProgress?.(0.1);
      engine.network(job.mode);
      void onProgress?.(0.3);
      const points = demandPoints(engine, demand, spaces);
      void onProgress?.(0.5);
      const seconds = engine.nearestSeconds(job.mode, resources, points, 'to-origins');
      void onProgress?.(1);
      const result: NearestTimesResult = { approximate: engine.approximate, points, seconds };
      return Comlink.transfer(result, [points.lon.buffer, points.lat.buffer, points.weight.buffer, points.group.buffer, points.area.buffer, seconds.buffer] as ArrayBuffer[]);
    },

    /**
     * Isochrone bands around the origins; with `population` (areas weighted by inhabitants) the
     * inhabitants living within each band, as openrouteservice's `total_pop`.
     */
    async isochrones(
      job: ReachabilityJob,
      origins: Places,
      bandsSeconds: number[],
      direction: TravelDirection,
      population: AreaDemand | null,
      onProgress?: (fraction: number) => void,
    ): Promise<IsochroneResult> {
      const engine = await engineFor(job);
      void onProgress?.(0.2);
      const places = population ? spreadOverStreets(population.areas, engine.streetPoints()) : null;
      const result = engine.isochrones(job.mode, origins, bandsSeconds, direction, places ?? undefined);
      void onProgress?.(0.9);
      const bands = result.bands.map((band) => {
        let inside: number | null = null;
        if (places) {
          inside = 0;
          for (let place = 0; place < places.weight.length; place++) if (result.placeSeconds[place]! <= band.seconds) inside += places.weight[place]!;
        }
        return { seconds: band.seconds, geometry: band.geometry, areaSquareMeters: band.areaSquareMeters, population: inside };
      });
      void onProgress?.(1);
      return { approximate: engine.approximate, bands };
    },

    /**
     * Greedy maximal coverage: of the candidates, the `budget` sites that bring the most
     * uncovered weight (`covered` marks the points covered already) within the limit.
     */
    async bestSites(
      job: ReachabilityJob,
      candidates: Places,
      points: { lon: Float64Array; lat: Float64Array; weight: Float64Array },
      covered: Uint8Array,
      limitSeconds: number,
      budget: number,
      onProgress?: (fraction: number) => void,
    ): Promise<BestSitesResult> {
      const engine = await engineFor(job);
      const sets = engine.coverSets(job.mode, candidates, points, limitSeconds, covered, onProgress ? (fraction) => void onProgress(fraction * 0.95) : undefined);
      const steps = greedyMaximalCoverage(sets, points.weight, covered, budget);
      void onProgress?.(1);
      return { approximate: engine.approximate, steps };
    },

    /** Seconds from one place to each target (the nearby finder's walking times). */
    async travelTimes(job: ReachabilityJob, origin: { lon: number; lat: number }, targets: Places): Promise<{ approximate: boolean; seconds: Float64Array }> {
      const engine = await engineFor(job);
      const seconds = engine.nearestSeconds(job.mode, { lon: [origin.lon], lat: [origin.lat] }, targets, 'from-origins');
      return { approximate: engine.approximate, seconds };
    },
  };
}

export type ReachabilityApi = ReturnType<typeof createReachabilityApi>;

// Expose only inside a worker (tests call createReachabilityApi directly).
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  const db = new AtlasDatabase();
  Comlink.expose(createReachabilityApi((source) => loadRoadGraph(db, source.projectId, source.layerId, source.set)));
}
