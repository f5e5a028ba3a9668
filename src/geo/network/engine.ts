/**
 * The reachability engine: one routing graph (or none) and the project's travel settings, and
 * the questions the app asks — times from or to the nearest of some places, isochrones, and
 * which places each candidate site would cover. Pure and synchronous; the app runs it in a
 * worker (workers/reachability.worker.ts), tests and benchmarks call it directly.
 *
 * With a graph: the densified network (`densify`), and per mode a travel graph, a snap index
 * and a Dijkstra workspace, built on first use and kept. Directions: `to-origins` asks how long
 * it takes to get *to* the nearest origin (homes to Kitas: one search on the reversed graph
 * from all Kitas), `from-origins` how long *from* it (a clicked place). They differ where
 * one-way streets (cars) or one-way paths are. Places and origins join the network as
 * `NetworkSnap.near` says, walking.
 *
 * Without a graph every time is the straight line at the mode's speed divided by the detour
 * factor (`straightLineMetresPerSecond`), and `approximate` is true.
 */
import KDBush from 'kdbush';
import { straightLineMetresPerSecond, type TravelMode, type TravelSettings } from '../../domain/travel';
import { ShortestPaths } from './dijkstra';
import type { NetworkGraph } from './graph';
import { isochroneBands, splatTravelTimes, type IsochroneBand, type TravelRaster } from './isochrone';
import { coverSetsFromLists, type CoverSets } from './location-choice';
import { LocalPlane } from './plane';
import { NetworkSnap, type SnapOptions } from './snap';
import { buildTravelGraph, densify, type DenseNetwork, type TravelGraph } from './travel-graph';
import { residentialStreetPoints } from './demand-points';

export type TravelDirection = 'to-origins' | 'from-origins';

export interface Places {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
}

export interface EngineOptions {
  snap?: SnapOptions;
  /** Most distance between nodes along a road (default 25 m). */
  spacingMeters?: number;
  /** Grid spacing of isochrone rasters, metres (default 25). */
  cellMeters?: number;
}

/** What the engine built for one mode. */
interface ModeNetwork {
  travel: TravelGraph;
  snap: NetworkSnap;
  paths: ShortestPaths;
}

export interface Isochrones {
  bands: IsochroneBand[];
  raster: TravelRaster;
  /** Per place passed in: its time (as `nearestSeconds` gives it), for the population reached. */
  placeSeconds: Float64Array;
}

const DEFAULT_SPACING_METERS = 25;
const DEFAULT_CELL_METERS = 25;

export class ReachabilityEngine {
  readonly graph: NetworkGraph | null;
  readonly settings: TravelSettings;
  readonly plane: LocalPlane;
  readonly #options: EngineOptions;
  readonly #modes = new Map<TravelMode, ModeNetwork>();
  #dense: DenseNetwork | null = null;
  #streets: { lon: Float64Array; lat: Float64Array } | null = null;

  /** `planeHint`: where the places lie, for the local plane when there is no graph. */
  constructor(graph: NetworkGraph | null, settings: TravelSettings, options: EngineOptions = {}, planeHint?: Places) {
    this.graph = graph && graph.nodeCount > 0 ? graph : null;
    this.settings = settings;
    this.#options = options;
    this.plane = this.graph ? LocalPlane.around(this.graph.lon, this.graph.lat) : planeHint ? LocalPlane.around(planeHint.lon, planeHint.lat) : new LocalPlane(10, 51);
  }

  /** True without a road network: times are straight-line estimates. */
  get approximate(): boolean {
    return this.graph === null;
  }

  /** The densified network (null without a graph). */
  get dense(): DenseNetwork | null {
    if (!this.graph) return null;
    this.#dense ??= densify(this.graph, this.plane, this.#options.spacingMeters ?? DEFAULT_SPACING_METERS);
    return this.#dense;
  }

  /** The travel graph, snap index and workspace of a mode (built on first use; null without a graph). */
  network(mode: TravelMode): ModeNetwork | null {
    const dense = this.dense;
    if (!this.graph || !dense) return null;
    let built = this.#modes.get(mode);
    if (!built) {
      const travel = buildTravelGraph(this.graph, dense, mode, this.settings);
      built = { travel, snap: new NetworkSnap(dense, travel, this.settings, this.#options.snap), paths: new ShortestPaths(dense.nodeCount) };
      this.#modes.set(mode, built);
    }
    return built;
  }

  /** Points along residential streets (where `spreadOverStreets` puts people); none without a graph. */
  streetPoints(): { lon: Float64Array; lat: Float64Array } | null {
    if (!this.graph) return null;
    this.#streets ??= residentialStreetPoints(this.graph, this.plane);
    return this.#streets;
  }

  /** Multi-source search from where the origins join the network, labelled by origin. */
  #search(network: ModeNetwork, origins: Places, direction: TravelDirection, cutoffSeconds: number): Float64Array {
    const nodes: number[] = [];
    const seconds: number[] = [];
    const labels: number[] = [];
    for (let origin = 0; origin < origins.lon.length; origin++) {
      const junctions = network.snap.junctions(origins.lon[origin]!, origins.lat[origin]!);
      for (let index = 0; index < junctions.nodes.length; index++) {
        nodes.push(junctions.nodes[index]!);
        seconds.push(junctions.seconds[index]!);
        labels.push(origin);
      }
    }
    const graph = direction === 'to-origins' ? network.travel.reverse : network.travel.forward;
    return network.paths.run(graph, { nodes, seconds, labels }, cutoffSeconds).seconds;
  }

  #planeXY(places: Places): { x: Float64Array; y: Float64Array } {
    const x = new Float64Array(places.lon.length);
    const y = new Float64Array(places.lon.length);
    for (let index = 0; index < x.length; index++) {
      x[index] = this.plane.x(places.lon[index]!);
      y[index] = this.plane.y(places.lat[index]!);
    }
    return { x, y };
  }

  /** A kdbush over the places with finite positions; `ids` maps its items back. */
  #placeIndex(places: Places, wanted: (place: number) => boolean = () => true): { index: KDBush; ids: number[]; x: Float64Array; y: Float64Array } | null {
    const { x, y } = this.#planeXY(places);
    const ids: number[] = [];
    for (let place = 0; place < x.length; place++) if (wanted(place) && Number.isFinite(x[place]!) && Number.isFinite(y[place]!)) ids.push(place);
    if (ids.length === 0) return null;
    const index = new KDBush(ids.length, 64, Float64Array);
    for (const place of ids) index.add(x[place]!, y[place]!);
    index.finish();
    return { index, ids, x, y };
  }

  /**
   * Seconds from each place to the nearest origin (`to-origins`) or from the nearest origin to
   * each place (`from-origins`), up to `cutoffSeconds` (Infinity beyond and where nothing leads).
   */
  nearestSeconds(mode: TravelMode, origins: Places, places: Places, direction: TravelDirection, cutoffSeconds = Infinity): Float64Array {
    const seconds = new Float64Array(places.lon.length).fill(Infinity);
    const network = this.network(mode);
    if (network) {
      const nodeSeconds = this.#search(network, origins, direction, cutoffSeconds);
      for (let place = 0; place < seconds.length; place++) {
        const time = network.snap.placeSeconds(places.lon[place]!, places.lat[place]!, nodeSeconds);
        if (time <= cutoffSeconds) seconds[place] = time;
      }
      return seconds;
    }
    // The straight line: the nearest origin, searched in widening circles.
    const indexed = this.#placeIndex(origins);
    if (!indexed) return seconds;
    const speed = straightLineMetresPerSecond(mode, this.settings);
    const found: number[] = [];
    for (let place = 0; place < seconds.length; place++) {
      const x = this.plane.x(places.lon[place]!);
      const y = this.plane.y(places.lat[place]!);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const limit = cutoffSeconds * speed;
      for (let radius = Math.min(limit, 1000); ; radius = Math.min(limit, radius * 4)) {
        const count = indexed.index.withinInto(x, y, radius, found);
        let best = Infinity;
        for (let hit = 0; hit < count; hit++) {
          const origin = indexed.ids[found[hit]!]!;
          const dx = indexed.x[origin]! - x;
          const dy = indexed.y[origin]! - y;
          best = Math.min(best, Math.sqrt(dx * dx + dy * dy));
        }
        if (best <= radius) {
          if (best / speed <= cutoffSeconds) seconds[place] = best / speed;
          break;
        }
        if (radius >= limit || radius > 4e7) break;
      }
    }
    return seconds;
  }

  /**
   * Isochrones around the origins (all of them together: the time to or from the nearest):
   * the raster and its bands, and the times of `places` (for the population reached).
   */
  isochrones(mode: TravelMode, origins: Places, bandsSeconds: readonly number[], direction: TravelDirection, places: Places = { lon: [], lat: [] }): Isochrones {
    const maxSeconds = Math.max(...bandsSeconds);
    const cellMeters = this.#options.cellMeters ?? DEFAULT_CELL_METERS;
    const network = this.network(mode);
    let raster: TravelRaster;
    if (network) {
      const nodeSeconds = this.#search(network, origins, direction, maxSeconds);
      const { settled, settledCount } = network.paths;
      const dense = this.dense!;
      const seedX = new Float64Array(settledCount);
      const seedY = new Float64Array(settledCount);
      const seedSeconds = new Float64Array(settledCount);
      for (let index = 0; index < settledCount; index++) {
        const node = settled[index]!;
        seedX[index] = dense.x[node]!;
        seedY[index] = dense.y[node]!;
        seedSeconds[index] = nodeSeconds[node]!;
      }
      const { snap } = network;
      raster = splatTravelTimes({
        plane: this.plane,
        x: seedX,
        y: seedY,
        seconds: seedSeconds,
        metresPerSecond: snap.walkMetresPerSecond,
        maxWalkMeters: snap.maxWalkMeters,
        anchors: { x: snap.x, y: snap.y },
        joinToleranceMeters: snap.joinToleranceMeters,
        maxSeconds,
        cellMeters,
      });
    } else {
      const { x, y } = this.#planeXY(origins);
      raster = splatTravelTimes({
        plane: this.plane,
        x,
        y,
        seconds: new Float64Array(x.length),
        metresPerSecond: straightLineMetresPerSecond(mode, this.settings),
        maxWalkMeters: Infinity,
        maxSeconds,
        cellMeters,
      });
    }
    const bands = isochroneBands(raster, bandsSeconds);
    const placeSeconds = places.lon.length > 0 ? this.nearestSeconds(mode, origins, places, direction, maxSeconds) : new Float64Array(0);
    return { bands, raster, placeSeconds };
  }

  /**
   * For each candidate site, the places that would reach it (the time from a place to the site)
   * within `limitSeconds`, leaving out the places `skip` marks. With a network: one small
   * search per candidate; places join the network once, and each search only looks at the
   * places attached to the nodes it reached.
   */
  coverSets(mode: TravelMode, candidates: Places, places: Places, limitSeconds: number, skip: ArrayLike<number> | null = null, onProgress?: (fraction: number) => void): CoverSets {
    const lists: number[][] = Array.from({ length: candidates.lon.length }, () => []);
    const wanted = (place: number) => !skip || !skip[place];
    const network = this.network(mode);
    if (network) {
      // CSR of node → (place, seconds of the walk between them).
      const junctionsOf = Array.from({ length: places.lon.length }, (_, place) =>
        wanted(place) ? network.snap.junctions(places.lon[place]!, places.lat[place]!) : { nodes: [], seconds: [] },
      );
      const nodeCount = this.dense!.nodeCount;
      const offsets = new Uint32Array(nodeCount + 1);
      for (const junctions of junctionsOf) for (const node of junctions.nodes) offsets[node + 1]!++;
      for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
      const attachedPlace = new Uint32Array(offsets[nodeCount]!);
      const attachedSeconds = new Float64Array(offsets[nodeCount]!);
      const cursor = offsets.slice(0, nodeCount);
      junctionsOf.forEach((junctions, place) => {
        junctions.nodes.forEach((node, index) => {
          const slot = cursor[node]!++;
          attachedPlace[slot] = place;
          attachedSeconds[slot] = junctions.seconds[index]!;
        });
      });
      const mark = new Int32Array(places.lon.length).fill(-1);
      for (let candidate = 0; candidate < candidates.lon.length; candidate++) {
        const nodeSeconds = this.#search(network, { lon: [candidates.lon[candidate]!], lat: [candidates.lat[candidate]!] }, 'to-origins', limitSeconds);
        const { settled, settledCount } = network.paths;
        const list = lists[candidate]!;
        for (let index = 0; index < settledCount; index++) {
          const node = settled[index]!;
          const time = nodeSeconds[node]!;
          for (let slot = offsets[node]!; slot < offsets[node + 1]!; slot++) {
            const place = attachedPlace[slot]!;
            if (mark[place] !== candidate && time + attachedSeconds[slot]! <= limitSeconds) {
              mark[place] = candidate;
              list.push(place);
            }
          }
        }
        list.sort((a, b) => a - b);
        if (onProgress && candidate % 32 === 31) onProgress((candidate + 1) / candidates.lon.length);
      }
    } else {
      const indexed = this.#placeIndex(places, wanted);
      const speed = straightLineMetresPerSecond(mode, this.settings);
      const found: number[] = [];
      for (let candidate = 0; indexed && candidate < candidates.lon.length; candidate++) {
        const x = this.plane.x(candidates.lon[candidate]!);
        const y = this.plane.y(candidates.lat[candidate]!);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const count = indexed.index.withinInto(x, y, limitSeconds * speed, found);
        const list = lists[candidate]!;
        for (let hit = 0; hit < count; hit++) {
          const place = indexed.ids[found[hit]!]!;
          const dx = indexed.x[place]! - x;
          const dy = indexed.y[place]! - y;
          if (Math.sqrt(dx * dx + dy * dy) / speed <= limitSeconds) list.push(place);
        }
        list.sort((a, b) => a - b);
      }
    }
    onProgress?.(1);
    return coverSetsFromLists(lists);
  }
}
