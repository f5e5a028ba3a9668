/**
 * Reachability in the open project: which mode, category, time limit and demand the planner
 * looks at; the jobs that compute isochrones, travel times of the demand to the nearest
 * resource, and the best new sites (in a worker, with progress and cancel); and what is shown
 * of them — the coverage table per social space (small numbers protected when the demand is
 * cases), the coverage choropleth, white spots, travel time per base unit, the suggested sites.
 *
 * Times of the demand do not depend on the time limit: changing the limit only re-sorts them
 * (derived here, at once); the other settings need a new computation, and results computed
 * with other settings are marked as stale.
 */
import { area as turfArea } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { DEFAULT_CATEGORIES, categoryDefinition, resolveCategory } from '../domain/categories';
import { classColours, classify, type Classification } from '../domain/classify';
import { populationInAgeRange, totalPopulation } from '../domain/age-bands';
import { suppressTable, type PublishedCount } from '../domain/suppression';
import { isEmptyArea, type AreaGeometry, type Resource, type SocialSpace, type Unit } from '../domain/types';
import type { TravelMode, TravelSettings } from '../domain/travel';
import { coverageSums } from '../geo/network/coverage';
import type { Places, TravelDirection } from '../geo/network/engine';
import { assignPoints } from '../geo/assign-points';
import { bboxOfGeometries, type BBox } from '../geo/bbox';
import { hexBins, hexResolutionForArea, indexPointsByCell, type HexBinProperties } from '../geo/hex-bins';
import { labelPoint } from '../geo/label-point';
import { isCancelled } from '../workers/worker-pool';
import type { AreaDemand, DemandInput, DemandPointSet, IsochroneBandResult, NearestTimesResult, ReachabilityApi, ReachabilityJob } from '../workers/reachability.worker';
import type { ProjectState } from './project.svelte';
import type { DemandView } from './demand.svelte';
import { ActionError } from './action-error';

/**
 * Reachability computations: the worker's API (workers/reachability.worker.ts), each call with
 * an AbortSignal at the end — a worker in the app (workers/reachability.ts), the same API
 * in-process in tests (`inProcessReachability`).
 */
export type ReachabilityService = {
  [Name in keyof ReachabilityApi]: (...args: [...Parameters<ReachabilityApi[Name]>, signal?: AbortSignal]) => ReturnType<ReachabilityApi[Name]>;
};

/** Where isochrones are drawn around: every resource of the category, one resource, or a place. */
export type IsochroneOrigin = { kind: 'category' } | { kind: 'resource'; resourceId: string } | { kind: 'place'; lon: number; lat: number };
/** Whose way to the resources counts: children of the category's age (from base units) or located cases of help. */
export type DemandBasis = 'population' | 'cases';
export type CandidateKind = 'units' | 'grid' | 'placed';
/** What the map shows while the reachability tab is open. */
export type ReachMapLayer = 'isochrones' | 'coverage' | 'white-spots' | 'unit-times';
export type ReachTask = 'isochrones' | 'coverage' | 'sites';

/** Isochrone bands offered by default, minutes. */
export const DEFAULT_BANDS_MINUTES = [5, 10, 15];
export const MAX_BANDS = 6;
/** Limits of the coverage time limit and the bands, minutes. */
export const MAX_MINUTES = 120;
export const MAX_SITES = 10;
/** Grid candidates: about this many over the district. */
const GRID_CANDIDATES = 1500;
/** Travel-time classes of the base-unit layer, minutes. */
export const UNIT_TIME_BREAKS_MINUTES = [5, 10, 15, 20, 30];
/** Coverage classes of the choropleth, per cent. */
export const COVERAGE_BREAKS_PERCENT = [50, 75, 90];

/** The bands typed by the user ("5, 10, 15"; also "5;10;15" or "5 10 15"): sorted minutes, or null when unreadable. */
export function parseBands(text: string): number[] | null {
  const parts = text.split(/[;,\s]+/).filter((part) => part.trim() !== '');
  if (parts.length === 0 || parts.length > MAX_BANDS) return null;
  const minutes = parts.map((part) => Number(part.replace(',', '.')));
  if (minutes.some((value) => !Number.isFinite(value) || value <= 0 || value > MAX_MINUTES)) return null;
  return [...new Set(minutes)].sort((a, b) => a - b);
}

export interface IsochroneOutcome {
  approximate: boolean;
  mode: TravelMode;
  direction: TravelDirection;
  /** The origins drawn on the map. */
  origins: { lon: number; lat: number }[];
  bands: IsochroneBandResult[];
  /** What the bands were computed for, to tell when they are stale. */
  inputs: readonly unknown[];
}

export interface CoverageOutcome extends NearestTimesResult {
  basis: DemandBasis;
  category: string;
  mode: TravelMode;
  /** The units the points stand for (population basis), in the order of `points.area`. */
  units: readonly Unit[];
  spaces: readonly SocialSpace[];
  inputs: readonly unknown[];
}

export interface SiteStep {
  lon: number;
  lat: number;
  /** "SR 02 Auenstadt-Nord": the space the site lies in ('' outside all). */
  space: string;
  /** Demand newly within the limit with this site (children or cases). */
  gain: number;
  /** Share of all demand within the limit after this step. */
  coveredShare: number;
}

export interface SitesOutcome {
  approximate: boolean;
  basis: DemandBasis;
  limitMinutes: number;
  candidateCount: number;
  steps: SiteStep[];
  /** Share of all demand within the limit before the new sites. */
  startShare: number;
  inputs: readonly unknown[];
}

/** A line of the coverage table as it may be shown (counts of cases suppressed like the demand table). */
export interface CoverageRow {
  spaceId: string;
  code: string;
  name: string;
  /** The demand in the space (children or cases); null when hidden. */
  total: number | null;
  /** The part of it within the time limit; null when hidden. */
  covered: number | null;
  /** covered / total; null when hidden or without demand. */
  share: number | null;
  /** Mean time to the nearest resource over the demand that reaches one, minutes; null when hidden or none. */
  meanMinutes: number | null;
  suppressed: boolean;
  reason: 'primary' | 'secondary' | null;
}

export interface CoverageTable {
  rows: CoverageRow[];
  district: CoverageRow;
  limitMinutes: number;
}

export interface CoverageChoropleth {
  classification: Classification;
  colours: string[];
  spaceColours: Map<string, string | null>;
  labels: Map<string, string>;
}

export interface UnitTimes {
  collection: FeatureCollection<AreaGeometry, { id: string; minutes: number | null; color: string }>;
  colours: string[];
  counts: number[];
}

export class ReachabilityView {
  readonly #project: ProjectState;
  readonly #demand: () => DemandView | null;
  readonly #service: ReachabilityService;

  mode = $state<TravelMode>('walk');
  category = $state<string>('kita');
  /** The coverage limit, minutes. */
  minutes = $state(10);
  bandsText = $state(DEFAULT_BANDS_MINUTES.join(', '));
  origin = $state.raw<IsochroneOrigin>({ kind: 'category' });
  basis = $state<DemandBasis>('population');
  candidateKind = $state<CandidateKind>('units');
  placedCandidates = $state.raw<[number, number][]>([]);
  budget = $state(2);
  mapLayer = $state<ReachMapLayer>('isochrones');
  /** The next map click sets the isochrone origin or places a candidate. */
  picking = $state<'origin' | 'candidate' | null>(null);

  #task = $state.raw<{ kind: ReachTask; progress: number; controller: AbortController } | null>(null);
  #isochrones = $state.raw<IsochroneOutcome | null>(null);
  #coverage = $state.raw<CoverageOutcome | null>(null);
  #sites = $state.raw<SitesOutcome | null>(null);
  /** A message about the last computation (e.g. nothing to compute), as a key. */
  notice = $state<{ key: 'reach.noResources' | 'reach.noDemand' | 'reach.noCases' | 'reach.noCandidates' | 'reach.cancelled'; params?: Record<string, string | number> } | null>(null);

  constructor(project: ProjectState, demand: () => DemandView | null, service: ReachabilityService) {
    this.#project = project;
    this.#demand = demand;
    this.#service = service;
  }

  get task(): { kind: ReachTask; progress: number } | null {
    return this.#task;
  }

  get isochroneOutcome(): IsochroneOutcome | null {
    return this.#isochrones;
  }

  get coverageOutcome(): CoverageOutcome | null {
    return this.#coverage;
  }

  get sitesOutcome(): SitesOutcome | null {
    return this.#sites;
  }

  /** The network layer routed on, or null (straight-line approximation). */
  get networkLayer() {
    return this.#project.roadGraphLayer;
  }

  get settings(): TravelSettings {
    return this.#project.travelSettings;
  }

  readonly bands: number[] | null = $derived(parseBands(this.bandsText));

  /** The resources of the chosen category (merged categories resolved). */
  readonly categoryResources: Resource[] = $derived.by(() => {
    const categories = this.#project.categories;
    return this.#project.snapshot.resources.filter((resource) => resolveCategory(categories, resource.category) === this.category);
  });

  /** Ages the chosen category serves (its definition's). */
  get categoryAges(): [number | null, number | null] {
    const definition = categoryDefinition(this.#project.categories ?? DEFAULT_CATEGORIES, this.category);
    return [definition.ageFromYears, definition.ageToYears];
  }

  /** Whether the demand tab's source has located cases (the cases basis needs them). */
  get casesAvailable(): boolean {
    return (this.#demand()?.locatedCases?.lon.length ?? 0) > 0;
  }

  /** The spaces of the active variant with an area, in code order. */
  readonly #spaces: SocialSpace[] = $derived.by(() => this.#project.spaces.filter((space) => !isEmptyArea(space.geometry)));

  #job(): ReachabilityJob {
    const layer = this.#project.roadGraphLayer;
    const bbox = this.#project.bbox;
    return {
      graph: layer ? { projectId: this.#project.id, layerId: layer.id, set: layer.graph.set } : null,
      settings: { ...this.settings },
      mode: this.mode,
      area: bbox ? { lon: [bbox[0], bbox[2]], lat: [bbox[1], bbox[3]] } : { lon: [], lat: [] },
    };
  }

  /**
   * What a result depends on, per task: scalars, and the snapshot's tables, which keep their
   * identity until a change touches them (compared by identity).
   */
  #inputs(kind: ReachTask): unknown[] {
    const snapshot = this.#project.snapshot;
    const project = this.#project.project;
    const common = [this.#project.roadGraphLayer?.graph.set ?? null, JSON.stringify(this.settings), this.mode, snapshot.resources, project.categories, this.category];
    if (kind === 'isochrones') return [...common, this.bandsText, this.origin, snapshot.units];
    const demand = this.basis === 'cases' ? this.#demand()?.locatedCases : snapshot.units;
    const coverage = [...common, this.basis, demand, snapshot.spaces, project.activeVariantId];
    return kind === 'coverage' ? coverage : [...coverage, this.minutes, this.candidateKind, this.placedCandidates, this.budget];
  }

  #stale(outcome: { inputs: readonly unknown[] } | null, kind: ReachTask): boolean {
    if (!outcome) return false;
    const current = this.#inputs(kind);
    return current.length !== outcome.inputs.length || current.some((value, index) => value !== outcome.inputs[index]);
  }

  get isochronesStale(): boolean {
    return this.#stale(this.#isochrones, 'isochrones');
  }

  get coverageStale(): boolean {
    return this.#stale(this.#coverage, 'coverage');
  }

  get sitesStale(): boolean {
    return this.#stale(this.#sites, 'sites');
  }

  /** Run a job with progress; a newer job cancels the running one. Returns null when cancelled. */
  async #run<T>(kind: ReachTask, work: (onProgress: (fraction: number) => void, signal: AbortSignal) => Promise<T>): Promise<T | null> {
    this.#task?.controller.abort();
    const controller = new AbortController();
    const task = { kind, progress: 0, controller };
    this.#task = task;
    this.notice = null;
    try {
      return await work((fraction) => {
        if (this.#task?.controller === controller) this.#task = { ...task, progress: fraction };
      }, controller.signal);
    } catch (error) {
      if (isCancelled(error)) return null;
      throw error;
    } finally {
      if (this.#task?.controller === controller) this.#task = null;
    }
  }

  /** Stop the running computation (its worker is terminated). */
  cancel(): void {
    if (!this.#task) return;
    this.#task.controller.abort();
    this.#task = null;
    this.notice = { key: 'reach.cancelled' };
  }

  /** The base units weighted by the population `weightOf` gives, with the index of their space (-1: by location). */
  #unitAreas(weightOf: (unit: Unit) => number): AreaDemand {
    const spaceIndex = new Map(this.#spaces.map((space, index) => [space.id, index]));
    const assignment = this.#project.assignment;
    return {
      kind: 'areas',
      areas: this.#project.units.map((unit) => ({ geometry: unit.geometry, weight: weightOf(unit), group: spaceIndex.get(assignment.get(unit.id) ?? '') ?? -1 })),
    };
  }

  #places(resources: readonly Resource[]): Places {
    return { lon: resources.map((resource) => resource.geometry.coordinates[0]!), lat: resources.map((resource) => resource.geometry.coordinates[1]!) };
  }

  /** The origins of the isochrones as chosen; throws an ActionError when there are none. */
  #isochroneOrigins(): { lon: number; lat: number }[] {
    const origin = this.origin;
    if (origin.kind === 'place') return [{ lon: origin.lon, lat: origin.lat }];
    if (origin.kind === 'resource') {
      const resource = this.#project.snapshot.resources.find((candidate) => candidate.id === origin.resourceId);
      if (!resource) throw new ActionError('reach.originMissing');
      return [{ lon: resource.geometry.coordinates[0]!, lat: resource.geometry.coordinates[1]! }];
    }
    return this.categoryResources.map((resource) => ({ lon: resource.geometry.coordinates[0]!, lat: resource.geometry.coordinates[1]! }));
  }

  /** Compute the isochrone bands around the chosen origin(s). */
  async computeIsochrones(): Promise<void> {
    const bands = this.bands;
    if (!bands) throw new ActionError('reach.bandsInvalid', { max: MAX_BANDS, minutes: MAX_MINUTES });
    const origins = this.#isochroneOrigins();
    if (origins.length === 0) {
      this.notice = { key: 'reach.noResources' };
      return;
    }
    const inputs = this.#inputs('isochrones');
    // Around resources the question is how far people have to go to them; from a place, how far one gets.
    const direction: TravelDirection = this.origin.kind === 'place' ? 'from-origins' : 'to-origins';
    const population = this.#project.units.length > 0 ? this.#unitAreas((unit) => totalPopulation(unit.population)) : null;
    const mode = this.mode;
    const result = await this.#run('isochrones', (onProgress, signal) =>
      this.#service.isochrones(
        this.#job(),
        { lon: origins.map((origin) => origin.lon), lat: origins.map((origin) => origin.lat) },
        bands.map((minutes) => minutes * 60),
        direction,
        population,
        onProgress,
        signal,
      ),
    );
    if (!result) return;
    this.#isochrones = { ...result, mode, direction, origins, inputs };
    this.mapLayer = 'isochrones';
  }

  /** Compute the travel time of the demand to the nearest resource of the category. */
  async computeCoverage(): Promise<CoverageOutcome | null> {
    const resources = this.categoryResources;
    if (resources.length === 0) {
      this.notice = { key: 'reach.noResources' };
      return null;
    }
    const inputs = this.#inputs('coverage');
    let demand: DemandInput;
    const units = this.#project.units;
    if (this.basis === 'cases') {
      const cases = this.#demand()?.locatedCases;
      if (!cases || cases.lon.length === 0) {
        this.notice = { key: 'reach.noCases' };
        return null;
      }
      demand = { kind: 'points', lon: cases.lon.slice(), lat: cases.lat.slice(), weight: cases.weight.slice() };
    } else {
      const [from, to] = this.categoryAges;
      demand = this.#unitAreas((unit) => populationInAgeRange(unit.population, from, to));
      if (!demand.areas.some((entry) => entry.weight > 0)) {
        this.notice = { key: 'reach.noDemand' };
        return null;
      }
    }
    const spaces = this.#spaces;
    const basis = this.basis;
    const category = this.category;
    const mode = this.mode;
    const result = await this.#run('coverage', (onProgress, signal) =>
      this.#service.nearestTimes(
        this.#job(),
        this.#places(resources),
        demand,
        spaces.map((space) => ({ id: space.id, geometry: space.geometry })),
        onProgress,
        signal,
      ),
    );
    if (!result) return null;
    this.#coverage = { ...result, basis, category, mode, units: basis === 'population' ? units : [], spaces, inputs };
    this.mapLayer = 'coverage';
    return this.#coverage;
  }

  /** The candidate sites of the chosen kind. */
  candidates(): { lon: number; lat: number }[] {
    if (this.candidateKind === 'placed') return this.placedCandidates.map(([lon, lat]) => ({ lon, lat }));
    if (this.candidateKind === 'units') {
      return this.#project.units.map((unit) => {
        const [lon, lat] = labelPoint(unit.geometry);
        return { lon: lon!, lat: lat! };
      });
    }
    // A square grid over the spaces (or the district), points inside them.
    const areas: { id: string; geometry: AreaGeometry }[] =
      this.#spaces.length > 0 ? this.#spaces.map((space) => ({ id: space.id, geometry: space.geometry })) : this.#project.project.outline ? [{ id: 'district', geometry: this.#project.project.outline }] : [];
    const bbox = bboxOfGeometries(areas.map((entry) => entry.geometry));
    if (!bbox) return [];
    const squareMeters = areas.reduce((sum, entry) => sum + turfArea(entry.geometry), 0);
    const spacingMeters = Math.max(100, Math.ceil(Math.sqrt(squareMeters / GRID_CANDIDATES) / 50) * 50);
    const latStep = spacingMeters / 111_195;
    const lonStep = latStep / Math.cos((((bbox[1] + bbox[3]) / 2) * Math.PI) / 180);
    const lon: number[] = [];
    const lat: number[] = [];
    for (let y = bbox[1] + latStep / 2; y < bbox[3]; y += latStep) {
      for (let x = bbox[0] + lonStep / 2; x < bbox[2]; x += lonStep) {
        lon.push(x);
        lat.push(y);
      }
    }
    const inside = assignPoints(Float64Array.from(lon), Float64Array.from(lat), areas);
    return lon.flatMap((x, index) => (inside[index]! >= 0 ? [{ lon: x, lat: lat[index]! }] : []));
  }

  /** Greedy maximal coverage: the best `budget` new sites for the category and time limit. */
  async suggestSites(): Promise<void> {
    if (!Number.isInteger(this.budget) || this.budget < 1 || this.budget > MAX_SITES) throw new ActionError('reach.budgetInvalid', { max: MAX_SITES });
    const candidates = this.candidates();
    if (candidates.length === 0) {
      this.notice = { key: 'reach.noCandidates' };
      return;
    }
    const coverage = this.#coverage && !this.coverageStale ? this.#coverage : await this.computeCoverage();
    if (!coverage) return;
    const inputs = this.#inputs('sites');
    const limitMinutes = this.minutes;
    const limitSeconds = limitMinutes * 60;
    const { points, seconds } = coverage;
    const covered = Uint8Array.from(seconds, (time) => (time <= limitSeconds ? 1 : 0));
    const total = points.weight.reduce((sum, weight) => sum + weight, 0);
    const startCovered = points.weight.reduce((sum, weight, point) => sum + (covered[point] ? weight : 0), 0);
    const budget = this.budget;
    const basis = coverage.basis;
    const result = await this.#run('sites', (onProgress, signal) =>
      this.#service.bestSites(
        this.#job(),
        { lon: candidates.map((candidate) => candidate.lon), lat: candidates.map((candidate) => candidate.lat) },
        { lon: points.lon.slice(), lat: points.lat.slice(), weight: points.weight.slice() },
        covered,
        limitSeconds,
        budget,
        onProgress,
        signal,
      ),
    );
    if (!result) return;
    const spaces = this.#spaces;
    const chosen = result.steps.map((step) => candidates[step.candidate]!);
    const spaceOf = assignPoints(Float64Array.from(chosen, (site) => site.lon), Float64Array.from(chosen, (site) => site.lat), spaces);
    this.#sites = {
      approximate: result.approximate,
      basis,
      limitMinutes,
      candidateCount: candidates.length,
      startShare: total > 0 ? startCovered / total : 0,
      steps: result.steps.map((step, index) => ({
        lon: candidates[step.candidate]!.lon,
        lat: candidates[step.candidate]!.lat,
        space: spaceOf[index]! >= 0 ? `${spaces[spaceOf[index]!]!.code} ${spaces[spaceOf[index]!]!.name}`.trim() : '',
        gain: step.gain,
        coveredShare: total > 0 ? step.covered / total : 0,
      })),
      inputs,
    };
  }

  /** A map click while picking: the isochrone origin or a candidate site. */
  pick(lon: number, lat: number): void {
    if (this.picking === 'origin') this.origin = { kind: 'place', lon, lat };
    else if (this.picking === 'candidate') this.placedCandidates = [...this.placedCandidates, [lon, lat]];
    if (this.picking === 'origin') this.picking = null;
  }

  /** Look at another category; an isochrone origin that is a resource of another category gives way to all of the new one. */
  setCategory(category: string): void {
    this.category = category;
    const origin = this.origin;
    if (origin.kind === 'resource' && !this.categoryResources.some((resource) => resource.id === origin.resourceId)) this.origin = { kind: 'category' };
  }

  /** A resource chosen on the map or in a card: isochrones around it (its category becomes the chosen one). */
  chooseResource(resource: Resource): void {
    this.category = resolveCategory(this.#project.categories, resource.category);
    this.origin = { kind: 'resource', resourceId: resource.id };
    this.picking = null;
  }

  clearPlacedCandidates(): void {
    this.placedCandidates = [];
  }

  /** The demand of a coverage result by group: sums at the current limit. */
  readonly #sums = $derived.by(() => {
    const coverage = this.#coverage;
    if (!coverage) return null;
    return coverageSums(coverage.seconds, coverage.points.weight, coverage.points.group, coverage.spaces.length, this.minutes * 60);
  });

  /**
   * The coverage table at the current limit. With cases as demand the counts are protected as
   * in the demand table: a space's covered and not covered cases are a table whose totals are
   * published, suppressed with `suppressTable`; shares and means built on hidden counts are
   * hidden too. Children (population) are shown rounded to whole people.
   */
  readonly coverageTable: CoverageTable | null = $derived.by(() => {
    const coverage = this.#coverage;
    const sums = this.#sums;
    if (!coverage || !sums) return null;
    const threshold = this.#project.project.settings.suppressionThreshold;
    const cases = coverage.basis === 'cases';
    const published = cases
      ? suppressTable(
          coverage.spaces.flatMap((space, index) => [
            { row: space.id, column: 'covered', count: Math.round(sums.covered[index]!) },
            { row: space.id, column: 'uncovered', count: Math.round(sums.total[index]! - sums.covered[index]!) },
          ]),
          threshold,
        )
      : null;
    const cell = (spaceId: string, column: string): PublishedCount | null =>
      (published?.cells.find((entry) => entry.row === spaceId && entry.column === column) as PublishedCount | undefined) ?? null;
    const row = (spaceId: string, code: string, name: string, total: number, covered: number, reached: number, weightedSeconds: number, counts: [PublishedCount, PublishedCount, PublishedCount] | null): CoverageRow => {
      const hidden = counts !== null && counts.some((count) => count.value === null);
      const reason = counts ? (counts.find((count) => count.reason !== null)?.reason ?? null) : null;
      return {
        spaceId,
        code,
        name,
        total: counts ? counts[2].value : Math.round(total),
        covered: counts ? counts[0].value : Math.round(covered),
        share: hidden || total <= 0 ? null : covered / total,
        meanMinutes: hidden || reached <= 0 ? null : weightedSeconds / reached / 60,
        suppressed: hidden,
        reason,
      };
    };
    const rows = coverage.spaces.map((space, index) =>
      row(
        space.id,
        space.code,
        space.name,
        sums.total[index]!,
        sums.covered[index]!,
        sums.reached[index]!,
        sums.weightedSeconds[index]!,
        published ? [cell(space.id, 'covered')!, cell(space.id, 'uncovered')!, published.rowTotals.get(space.id)!] : null,
      ),
    );
    const all = sums.all;
    const district = row(
      '',
      '',
      '',
      all.total,
      all.covered,
      all.reached,
      all.weightedSeconds,
      published
        ? [
            // The district's counts are those of the whole table (demand outside every space included when there is any).
            published.columnTotals.get('covered')!,
            published.columnTotals.get('uncovered')!,
            published.total,
          ]
        : null,
    );
    if (published && Math.round(all.total) !== (published.total.value ?? Math.round(all.total))) {
      // Cases outside every space make the district larger than the table: publish its own counts.
      const own = (count: number): PublishedCount => (count > 0 && count < threshold ? { value: null, reason: 'primary' } : { value: count, reason: null });
      Object.assign(district, row('', '', '', all.total, all.covered, all.reached, all.weightedSeconds, [own(Math.round(all.covered)), own(Math.round(all.total - all.covered)), own(Math.round(all.total))]));
    }
    return { rows, district, limitMinutes: this.minutes };
  });

  /** The coverage share per space as a choropleth (fixed classes: below 50 %, 50–75 %, 75–90 %, from 90 %). */
  readonly coverageChoropleth: CoverageChoropleth | null = $derived.by(() => {
    const table = this.coverageTable;
    if (!table) return null;
    const values = table.rows.map((row) => (row.share === null ? null : row.share * 100));
    const classification = classify(values, 'manual', 0, { manualBreaks: COVERAGE_BREAKS_PERCENT });
    const colours = classColours('sequential', Math.max(classification.breaks.length - 1, 1));
    const spaceColours = new Map<string, string | null>();
    const labels = new Map<string, string>();
    table.rows.forEach((row, index) => {
      const value = values[index]!;
      const classIndex = classification.classOf(value);
      spaceColours.set(row.spaceId, classIndex < 0 ? null : (colours[classIndex] ?? null));
      labels.set(row.spaceId, value === null ? '' : `${Math.round(value)} %`);
    });
    return { classification, colours, spaceColours, labels };
  });

  /**
   * White spots: where demand lives with no resource of the category within the limit, as H3
   * hexagons of the uncovered demand (cells below the suppression threshold dropped, as the
   * demand hexagons are, so no hexagon points to a single family).
   */
  readonly whiteSpots: { collection: FeatureCollection<Polygon, HexBinProperties>; hiddenCells: number; uncovered: number } | null = $derived.by(() => {
    const coverage = this.#coverage;
    if (!coverage) return null;
    const limit = this.minutes * 60;
    const { points, seconds } = coverage;
    const weights = Float64Array.from(points.weight, (weight, point) => (seconds[point]! > limit ? weight : 0));
    const outline = this.#project.project.outline;
    const squareMeters = outline ? turfArea(outline) : this.#spaces.reduce((sum, space) => sum + turfArea(space.geometry), 0);
    const index = indexPointsByCell(points.lon, points.lat, hexResolutionForArea(squareMeters));
    const bins = hexBins(index, weights, { threshold: this.#project.project.settings.suppressionThreshold });
    return { collection: bins.collection, hiddenCells: bins.hiddenCells, uncovered: weights.reduce((sum, weight) => sum + weight, 0) };
  });

  /** Mean travel time to the nearest resource per base unit (population basis), in minute classes. */
  readonly unitTimes: UnitTimes | null = $derived.by(() => {
    const coverage = this.#coverage;
    if (!coverage || coverage.basis !== 'population') return null;
    const { points, seconds } = coverage;
    const sum = new Float64Array(coverage.units.length);
    const weight = new Float64Array(coverage.units.length);
    for (let point = 0; point < seconds.length; point++) {
      const unit = points.area[point]!;
      if (unit < 0 || seconds[point] === Infinity) continue;
      sum[unit]! += points.weight[point]! * seconds[point]!;
      weight[unit]! += points.weight[point]!;
    }
    const colours = classColours('sequential', UNIT_TIME_BREAKS_MINUTES.length + 1).reverse();
    const counts = new Array<number>(colours.length).fill(0);
    const features = coverage.units.flatMap((unit, index) => {
      if (!(weight[index]! > 0)) return [];
      const minutes = sum[index]! / weight[index]! / 60;
      const classIndex = UNIT_TIME_BREAKS_MINUTES.findIndex((bound) => minutes <= bound);
      const position = classIndex < 0 ? colours.length - 1 : classIndex;
      counts[position]!++;
      return [{ type: 'Feature' as const, properties: { id: unit.id, minutes, color: colours[position]! }, geometry: unit.geometry }];
    });
    return { collection: { type: 'FeatureCollection', features }, colours, counts };
  });

  /** Mean minutes of the demand of one space to the nearest resource (for the space profile); null when not computed or hidden. */
  spaceFigures(spaceId: string): CoverageRow | null {
    return this.coverageTable?.rows.find((row) => row.spaceId === spaceId) ?? null;
  }

  /** The isochrones as GeoJSON, properties as openrouteservice names them (value in seconds, area in m², total_pop). */
  isochronesGeoJson(): string | null {
    const outcome = this.#isochrones;
    if (!outcome) return null;
    const centre = outcome.origins.length === 1 ? [outcome.origins[0]!.lon, outcome.origins[0]!.lat] : null;
    const collection: FeatureCollection<MultiPolygon> = {
      type: 'FeatureCollection',
      features: outcome.bands.map((band, index) => ({
        type: 'Feature',
        properties: {
          group_index: 0,
          value: band.seconds,
          center: centre,
          area: Math.round(band.areaSquareMeters),
          total_pop: band.population === null ? null : Math.round(band.population),
          band: index,
          mode: outcome.mode,
          origins: outcome.origins.length,
          approximation: outcome.approximate,
        },
        geometry: {
          type: 'MultiPolygon',
          coordinates: band.geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => [Math.round(lon! * 1e6) / 1e6, Math.round(lat! * 1e6) / 1e6]))),
        },
      })),
    };
    return JSON.stringify(collection);
  }

  /** The box of the largest isochrone band (to frame it), null when there is none. */
  get isochroneBbox(): BBox | null {
    const largest = this.#isochrones?.bands.at(-1)?.geometry;
    return largest && largest.coordinates.length > 0 ? bboxOfGeometries([largest]) : null;
  }

  /** The isochrone origins and the suggested sites as map points. */
  readonly markers: FeatureCollection<Point> = $derived.by(() => {
    const features: FeatureCollection<Point>['features'] = [];
    if (this.picking === 'candidate' || this.candidateKind === 'placed') {
      for (const [lon, lat] of this.placedCandidates) features.push({ type: 'Feature', properties: { role: 'candidate', label: '' }, geometry: { type: 'Point', coordinates: [lon, lat] } });
    }
    const origin = this.origin;
    if (origin.kind === 'place') features.push({ type: 'Feature', properties: { role: 'origin', label: '' }, geometry: { type: 'Point', coordinates: [origin.lon, origin.lat] } });
    if (origin.kind === 'resource') {
      const resource = this.#project.snapshot.resources.find((candidate) => candidate.id === origin.resourceId);
      if (resource) features.push({ type: 'Feature', properties: { role: 'origin-ring', label: '' }, geometry: resource.geometry });
    }
    (this.#sites?.steps ?? []).forEach((step, index) =>
      features.push({ type: 'Feature', properties: { role: 'site', label: String(index + 1) }, geometry: { type: 'Point', coordinates: [step.lon, step.lat] } }),
    );
    return { type: 'FeatureCollection', features };
  });
}

export type { DemandPointSet };
