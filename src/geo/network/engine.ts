/**
 * The reachability engine: one routing graph (or none) and the project's travel settings, and
 * the questions the app asks — times from or to the nearest of some places, isochrones, and
 * which points each candidate site would cover. Pure and synchronous; the app runs it in a
 * worker (workers/reachability.worker.ts), tests and benchmarks call it directly.
 *
 * With a graph: per mode a travel graph (`buildTravelGraph`), a snap index (`NetworkSnap`) and
 * a Dijkstra workspace, built on first use and kept. Directions: `to-origins` asks how long it
 * takes to get *to* the nearest origin (homes to Kitas: a search on the reversed graph from the
 * Kitas), `from-origins` how long *from* it (a clicked place). They differ where one-way streets
 * (cars) or one-way paths are. A place may always walk straight to an origin within the snap
 * distance (`maxWalkMeters`), as in the raster.
 *
 * Without a graph every time is the straight line at the mode's speed divided by the detour
 * factor (`straightLineMetresPerSecond`), and `approximate` is true.
 */
import KDBush from 'kdbush';
import { metresPerSecond, straightLineMetresPerSecond, type TravelMode, type TravelSettings } from '../../domain/travel';
import { ShortestPaths, type Seeds } from './dijkstra';
import type { NetworkGraph } from './graph';
import { isochroneBands, splatTravelTimes, type IsochroneBand, type TravelRaster } from './isochrone';
import { coverSetsFromLists, type CoverSets } from './location-choice';
import { LocalPlane } from './plane';
import { NetworkSnap, type SnapOptions } from './snap';
import { buildTravelGraph, type TravelGraph } from './travel-graph';
import { residentialStreetPoints } from './demand-points';

export type TravelDirection = 'to-origins' | 'from-origins';

export interface Places {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
}

export interface EngineOptions {
  snap?: SnapOptions;
  /** Grid spacing of isochrone rasters, metres (default 25). */
  cellMeters?: number;
}

/** What the engine built for one mode. */
interface ModeNetwork {
  travel: TravelGraph;
  snap: NetworkSnap;
  paths: ShortestPaths;
}

export interface NearestTimes {
  /** Per place: seconds to (or from) the nearest origin; Infinity when none is reached within the cutoff. */
  seconds: Float64Array;
}

export interface Isochrones {
  bands: IsochroneBand[];
  raster: TravelRaster;
  /** Per place passed in: its time (see `nearestSeconds`), for the population reached. */
  placeSeconds: Float64Array;
}

const DEFAULT_CELL_METERS = 25;

export class ReachabilityEngine {
  readonly graph: NetworkGraph | null;
  readonly settings: TravelSettings;
  readonly plane: LocalPlane;
  readonly #options: EngineOptions;
  readonly #modes = new Map<TravelMode, ModeNetwork>();
  #streets: { lon: Float64Array; lat: Float64Array } | null = null;

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

  /** The travel graph, snap index and workspace of a mode (built on first use). */
  network(mode: TravelMode): ModeNetwork | null {
    if (!this.graph) return null;
    let built = this.#modes.get(mode);
    if (!built) {
      const travel = buildTravelGraph(this.graph, mode, this.settings);
      built = { travel, snap: new NetworkSnap(this.graph, travel, this.plane, this.settings, this.#options.snap), paths: new ShortestPaths(this.graph.nodeCount) };
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

  /** Speed of the straight walk between a place and the network (or, without one, of the whole way), m/s. */
  #offNetworkSpeed(mode: TravelMode): number {
    return this.graph ? metresPerSecond(this.settings.walkKmh) : straightLineMetresPerSecond(mode, this.settings);
  }

  /** Farthest straight walk that counts (the snap distance; without a network no limit). */
  #offNetworkMeters(mode: TravelMode): number {
    return this.network(mode)?.snap.maxWalkMeters ?? Infinity;
  }

  /** Multi-source search from the origins; returns the node times (null without a graph). */
  #search(mode: TravelMode, origins: Places, direction: TravelDirection, cutoffSeconds: number): Float64Array | null {
    const network = this.network(mode);
    if (!network) return null;
    const seeds: Seeds & { nodes: number[]; seconds: number[]; labels: number[] } = { nodes: [], seconds: [], labels: [] };
    for (let origin = 0; origin < origins.lon.length; origin++) {
      const junctions =
        direction === 'to-origins' ? network.snap.entries(origins.lon[origin]!, origins.lat[origin]!) : network.snap.exits(origins.lon[origin]!, origins.lat[origin]!);
      for (let index = 0; index < junctions.nodes.length; index++) {
        seeds.nodes.push(junctions.nodes[index]!);
        seeds.seconds.push(junctions.seconds[index]!);
        seeds.labels.push(origin);
      }
    }
    const graph = direction === 'to-origins' ? network.travel.reverse : network.travel.forward;
    return network.paths.run(graph, seeds, cutoffSeconds).seconds;
  }

  /** Plane positions of places (NaN for non-finite input). */
  #planeXY(places: Places): { x: Float64Array; y: Float64Array } {
    const x = new Float64Array(places.lon.length);
    const y = new Float64Array(places.lon.length);
    for (let index = 0; index < x.length; index++) {
      x[index] = this.plane.x(places.lon[index]!);
      y[index] = this.plane.y(places.lat[index]!);
    }
    return { x, y };
  }

  /**
   * Seconds from each place to the nearest origin (`to-origins`) or from the nearest origin to
   * each place (`from-origins`), up to `cutoffSeconds` (Infinity beyond).
   */
  nearestSeconds(mode: TravelMode, origins: Places, places: Places, direction: TravelDirection, cutoffSeconds = Infinity, onProgress?: (fraction: number) => void): NearestTimes {
    const seconds = new Float64Array(places.lon.length).fill(Infinity);
    const nodeSeconds = this.#search(mode, origins, direction, cutoffSeconds);
    onProgress?.(0.5);
    if (nodeSeconds) {
      const snap = this.network(mode)!.snap;
      // A place's time from the network is read in the other direction: leaving it towards the origins.
      const placeDirection = direction === 'to-origins' ? 'reverse' : 'forward';
      for (let place = 0; place < seconds.length; place++) {
        const time = snap.placeSeconds(places.lon[place]!, places.lat[place]!, nodeSeconds, placeDirection);
        if (time <= cutoffSeconds) seconds[place] = time;
      }
    }
    this.#directWalk(mode, origins, places, cutoffSeconds, (place, time) => {
      if (time < seconds[place]!) seconds[place] = time;
    });
    onProgress?.(1);
    return { seconds };
  }

  /**
   * The straight walk between places and origins within reach (with a network: at most the snap
   * distance; without: any distance at the straight-line speed, up to the cutoff).
   */
  #directWalk(mode: TravelMode, origins: Places, places: Places, cutoffSeconds: number, offer: (place: number, seconds: number) => void): void {
    const originXY = this.#planeXY(origins);
    const valid: number[] = [];
    for (let origin = 0; origin < originXY.x.length; origin++) if (Number.isFinite(originXY.x[origin]!) && Number.isFinite(originXY.y[origin]!)) valid.push(origin);
    if (valid.length === 0) return;
    const index = new KDBush(valid.length, 64, Float64Array);
    for (const origin of valid) index.add(originXY.x[origin]!, originXY.y[origin]!);
    index.finish();
    const speed = this.#offNetworkSpeed(mode);
    const limitMeters = Math.min(this.#offNetworkMeters(mode), cutoffSeconds * speed);
    const found: number[] = [];
    for (let place = 0; place < places.lon.length; place++) {
      const x = this.plane.x(places.lon[place]!);
      const y = this.plane.y(places.lat[place]!);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      let radius = Number.isFinite(limitMeters) ? limitMeters : 2000;
      for (;;) {
        const count = index.withinInto(x, y, radius, found);
        let best = Infinity;
        for (let hit = 0; hit < count; hit++) {
          const origin = valid[found[hit]!]!;
          best = Math.min(best, Math.hypot(originXY.x[origin]! - x, originXY.y[origin]! - y));
        }
        if (best <= radius) {
          offer(place, best / speed);
          break;
        }
        // Without a limit: widen until the nearest origin is found.
        if (Number.isFinite(limitMeters)) break;
        radius *= 4;
      }
    }
  }

  /**
   * Isochrones around the origins (all of them together: the time to or from the nearest):
   * the raster and its bands, and the times of `places` (for the population reached).
   */
  isochrones(mode: TravelMode, origins: Places, bandsSeconds: readonly number[], direction: TravelDirection, places: Places = { lon: [], lat: [] }): Isochrones {
    const maxSeconds = Math.max(...bandsSeconds);
    const seedX: number[] = [];
    const seedY: number[] = [];
    const seedSeconds: number[] = [];
    const originXY = this.#planeXY(origins);
    for (let origin = 0; origin < originXY.x.length; origin++) {
      if (!Number.isFinite(originXY.x[origin]!) || !Number.isFinite(originXY.y[origin]!)) continue;
      seedX.push(originXY.x[origin]!);
      seedY.push(originXY.y[origin]!);
      seedSeconds.push(0);
    }
    const nodeSeconds = this.#search(mode, origins, direction, maxSeconds);
    if (nodeSeconds) {
      const snap = this.network(mode)!.snap;
      // Samples lie on the network: their time is read in the search's own direction.
      const sampleDirection = direction === 'to-origins' ? 'reverse' : 'forward';
      for (let sample = 0; sample < snap.sampleCount; sample++) {
        const time = snap.sampleSeconds(sample, nodeSeconds, sampleDirection);
        if (!(time <= maxSeconds)) continue;
        seedX.push(snap.sampleX[sample]!);
        seedY.push(snap.sampleY[sample]!);
        seedSeconds.push(time);
      }
    }
    const raster = splatTravelTimes({
      plane: this.plane,
      x: seedX,
      y: seedY,
      seconds: seedSeconds,
      metresPerSecond: this.#offNetworkSpeed(mode),
      maxWalkMeters: this.#offNetworkMeters(mode),
      maxSeconds,
      cellMeters: this.#options.cellMeters ?? DEFAULT_CELL_METERS,
    });
    const bands = isochroneBands(raster, bandsSeconds);
    const placeSeconds = places.lon.length > 0 ? this.nearestSeconds(mode, origins, places, direction, maxSeconds).seconds : new Float64Array(0);
    return { bands, raster, placeSeconds };
  }

  /**
   * For each candidate site, the places that would reach it (`to-origins`: the time from a
   * place to the site) within `limitSeconds`. One small search per candidate; places join the
   * network once (their exits), and each search only looks at the places attached to the
   * nodes it reached.
   */
  coverSets(mode: TravelMode, candidates: Places, places: Places, limitSeconds: number, skip: ArrayLike<number> | null = null, onProgress?: (fraction: number) => void): CoverSets {
    const lists: number[][] = Array.from({ length: candidates.lon.length }, () => []);
    const wanted = (place: number) => !skip || !skip[place];
    const network = this.network(mode);
    if (network) {
      // CSR of node → (place, seconds from the place to the node).
      const exitsOf = Array.from({ length: places.lon.length }, (_, place) => (wanted(place) ? network.snap.exits(places.lon[place]!, places.lat[place]!) : { nodes: [], seconds: [] }));
      const nodeCount = this.graph!.nodeCount;
      const offsets = new Uint32Array(nodeCount + 1);
      for (const exits of exitsOf) for (const node of exits.nodes) offsets[node + 1]!++;
      for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
      const attachedPlace = new Uint32Array(offsets[nodeCount]!);
      const attachedSeconds = new Float64Array(offsets[nodeCount]!);
      const cursor = offsets.slice(0, nodeCount);
      exitsOf.forEach((exits, place) => {
        exits.nodes.forEach((node, index) => {
          const slot = cursor[node]!++;
          attachedPlace[slot] = place;
          attachedSeconds[slot] = exits.seconds[index]!;
        });
      });
      const mark = new Int32Array(places.lon.length).fill(-1);
      for (let candidate = 0; candidate < candidates.lon.length; candidate++) {
        const nodeSeconds = this.#search(mode, { lon: [candidates.lon[candidate]!], lat: [candidates.lat[candidate]!] }, 'to-origins', limitSeconds)!;
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
        if (onProgress && candidate % 64 === 63) onProgress((candidate + 1) / candidates.lon.length);
      }
    }
    // The straight walk (or, without a network, the straight line) to a site.
    const speed = this.#offNetworkSpeed(mode);
    const limitMeters = Math.min(this.#offNetworkMeters(mode), limitSeconds * speed);
    const placeXY = this.#planeXY(places);
    const validPlaces: number[] = [];
    for (let place = 0; place < placeXY.x.length; place++) if (wanted(place) && Number.isFinite(placeXY.x[place]!) && Number.isFinite(placeXY.y[place]!)) validPlaces.push(place);
    if (validPlaces.length > 0 && limitMeters > 0) {
      const index = new KDBush(validPlaces.length, 64, Float64Array);
      for (const place of validPlaces) index.add(placeXY.x[place]!, placeXY.y[place]!);
      index.finish();
      const found: number[] = [];
      for (let candidate = 0; candidate < candidates.lon.length; candidate++) {
        const x = this.plane.x(candidates.lon[candidate]!);
        const y = this.plane.y(candidates.lat[candidate]!);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const list = lists[candidate]!;
        const listed = new Set(list);
        const count = index.withinInto(x, y, limitMeters, found);
        for (let hit = 0; hit < count; hit++) {
          const place = validPlaces[found[hit]!]!;
          if (listed.has(place)) continue;
          if (Math.hypot(placeXY.x[place]! - x, placeXY.y[place]! - y) / speed <= limitSeconds) list.push(place);
        }
        list.sort((a, b) => a - b);
      }
    }
    onProgress?.(1);
    return coverSetsFromLists(lists);
  }
}
