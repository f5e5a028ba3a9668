/**
 * The indicator view of the demand tab: what is counted (help cases of a demand layer, the
 * project's resources or their places, or a number column of a table of figures), how its
 * entries reach the social spaces of the active variant (area key → space, a unit key → the
 * space holding the unit, or a position → the space containing it), what it is divided by (an
 * age group of the base units' population, or a number column of a table of figures joined to
 * the areas), and its values per space and for the district. Everything derives from the
 * project, so a boundary change or another variant re-aggregates by itself.
 *
 * Help cases are social data: their counts are suppressed (`domain/suppression`) wherever they
 * are shown. Resources and tables of figures are not about persons and are shown as they are.
 */
import {
  AGE_DENOMINATORS,
  buildDemandCube,
  columnDenominator,
  computeIndicator,
  cubeSlotsCount,
  denominatorColumn,
  denominatorOf,
  helpSlotOf,
  helpSlots,
  UNDATED_YEAR,
  type AgeDenominator,
  type CustomHelpGroup,
  type DemandCube,
  type Denominator,
  type HelpGroup,
  type IndicatorResult,
  type IndicatorSpec,
  type RateBase,
  type SavedIndicator,
} from '../domain/demand';
import { HELP_TYPES, parseHelpType } from '../domain/help-types';
import { findColumn, isPointLayer, textAt, type PointColumn, type PointTable } from '../domain/point-table';
import type { DemandRecord, HelpSetting, HelpType, Layer, Resource } from '../domain/types';
import { assignPoints, type AreaToAssign } from '../geo/assign-points';
import { HEX_RESOLUTIONS, hexAcrossMeters, hexBins, hexResolutionForArea, indexPointsByCell, type HexBinProperties, type HexResolution } from '../geo/hex-bins';
import type { FeatureCollection, Polygon } from 'geojson';
import { area } from '@turf/turf';
import { createAreaMatcher } from '../io/location/area-keys';
import type { ProjectState } from './project.svelte';
import { classColours, classify, type Classification, type ClassificationMethod } from '../domain/classify';
import { formatCount, suppressRate, suppressTable, type PublishedCount } from '../domain/suppression';
import { indicatorTableCsv, type IndicatorExportRow } from '../io/excel-csv';
import { resolveCategory } from '../domain/categories';

/** One line of the indicator table as it may be shown: suppressed counts and what derives from them are null. */
export interface DemandTableRow {
  spaceId: string;
  code: string;
  name: string;
  /** The count in the year (null: suppressed). */
  count: number | null;
  population: number;
  /** The indicator (null: suppressed or not computable). */
  value: number | null;
  /** Against the district value (rates, %) or the mean per space (counts, change); null as `value`. */
  deviation: number | null;
  suppressed: boolean;
  /** Why it is suppressed: a small count ('primary', shown "< 5") or one hidden to protect another ('secondary', "•"). */
  reason: 'primary' | 'secondary' | null;
}

export interface DemandTable {
  rows: DemandTableRow[];
  district: DemandTableRow;
}

/** A key figure of the space profile. */
export interface ProfileDemandFigure {
  group: HelpGroup;
  year: number;
  count: PublishedCount;
  /** Per 1,000 under 21; null when suppressed or without population. */
  rate: number | null;
  districtRate: number | null;
}

/** The indicator map: class bounds and colours, and the colour of each space (null: no value). */
export interface DemandChoropleth {
  classification: Classification;
  colours: string[];
  spaceColours: Map<string, string | null>;
}

/** Located cases counted per hexagon: cells with a small count are left out (see `geo/hex-bins`). */
export interface DemandHexagons {
  resolution: HexResolution;
  /** Shown cells with their count and class colour (`color`). */
  collection: FeatureCollection<Polygon, HexBinProperties & { color: string }>;
  classification: Classification;
  colours: string[];
  /** Cells left out because their count is small. */
  hiddenCells: number;
}

/** The help settings a stacked chart shows, in order, and the slot of cases without a help type. */
export const MIX_SETTINGS: readonly (HelpSetting | 'unknown')[] = ['ambulant', 'teilstationaer', 'stationaer', 'unknown'];

/** One space's cases of the year by help setting, each suppressed as its help group's table (null: hidden). */
export interface HelpMixRow {
  spaceId: string;
  code: string;
  name: string;
  /** Per `MIX_SETTINGS`: the count, or null when hidden. */
  counts: (number | null)[];
  reasons: ('primary' | 'secondary' | null)[];
}

/** One year of a trend: the indicator of a space or the district. */
export interface TrendPoint {
  year: number;
  count: number;
  value: number | null;
  suppressed: boolean;
}

/** The project's resources as a source (a layer id never looks like this). */
export const RESOURCES_SOURCE = 'resources';

export type IndicatorSourceKind = 'demand' | 'resources' | 'statistics';

/** Something an indicator can count. */
export interface IndicatorSource {
  /** A layer id, or `RESOURCES_SOURCE`. */
  id: string;
  kind: IndicatorSourceKind;
  /** The layer read (null for the project's resources). */
  layer: Layer | null;
  /** Records, resources or rows. */
  size: number;
  /** Number columns of a table of figures (its candidates for numerator and denominator). */
  columns: string[];
}

/** A table column offered as denominator. */
export interface ColumnDenominatorOption {
  value: Denominator;
  layer: Layer;
  column: string;
}

/** Points to assign to spaces; the app runs it in a worker for large layers. */
export interface DemandServices {
  assignPoints(lon: Float64Array, lat: Float64Array, areas: AreaToAssign[]): Promise<Int32Array>;
}

/** Fewer located entries than this are assigned in this thread (a few milliseconds). */
export const ASSIGN_IN_WORKER_FROM = 50_000;

/** Roles a layer's columns can have (as the CSV wizard names them). */
type Role = 'year' | 'helpType' | 'count' | 'areaKey';

/**
 * The column a layer's mapping gives a role: the CSV wizard stores role → column name, older
 * layers (the demo) column name → role; both are read.
 */
function columnFor(layer: Layer, role: Role): string | null {
  const direct = layer.mapping[role];
  if (direct) return direct;
  const reverse = Object.entries(layer.mapping).find(([, value]) => value === role);
  return reverse ? reverse[0] : null;
}

function cellNumber(column: PointColumn | undefined, row: number): number | null {
  if (!column) return null;
  if (column.kind === 'number') {
    const value = column.values[row]!;
    return Number.isNaN(value) ? null : value;
  }
  const text = textAt(column, row);
  if (text === null) return null;
  const value = Number(text.trim().replace(/\.(?=\d{3}\b)/g, '').replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

function cellText(column: PointColumn | undefined, row: number): string | null {
  if (!column) return null;
  if (column.kind === 'number') return Number.isNaN(column.values[row]!) ? null : String(column.values[row]);
  return textAt(column, row);
}

/** Year, help type and count per entry, with how it is located. */
interface DemandFacts {
  year: Float64Array;
  helpType: (HelpType | null)[];
  count: Float64Array;
  /** Per entry an area key (records) or a space or unit id (table rows located by key); null entries are located by position. */
  areaKeys: (string | null)[] | null;
  /** `areaKeys` hold ids (from the import's join), not keys as written. */
  keysAreIds: boolean;
  positions: { lon: Float64Array; lat: Float64Array } | null;
}

function recordFacts(records: readonly DemandRecord[]): DemandFacts {
  const lon = new Float64Array(records.length).fill(Number.NaN);
  const lat = new Float64Array(records.length).fill(Number.NaN);
  let located = 0;
  records.forEach((record, index) => {
    if (record.areaKey !== null || record.geometry === null) return;
    lon[index] = record.geometry.coordinates[0]!;
    lat[index] = record.geometry.coordinates[1]!;
    located++;
  });
  return {
    year: Float64Array.from(records, (record) => record.year),
    helpType: records.map((record) => record.helpType),
    count: Float64Array.from(records, (record) => record.count),
    areaKeys: records.map((record) => record.areaKey),
    keysAreIds: false,
    positions: located > 0 ? { lon, lat } : null,
  };
}

/**
 * The rows of an imported table: the year of the year column (undated without one), the help
 * type of the help-type column, and `countColumn` as count (1 per row without one).
 */
function tableFacts(layer: Layer, table: PointTable, countColumn: string | null): DemandFacts {
  const column = (name: string | null) => (name ? findColumn(table, name) : undefined);
  const yearName = columnFor(layer, 'year');
  const year = column(yearName);
  const helpType = column(columnFor(layer, 'helpType'));
  const count = column(countColumn);
  // Rows located by an area key carry the area's id (a space or a unit) and sit on its label
  // point, not where the case is.
  const areaId = findColumn(table, 'areaId');
  const facts: DemandFacts = {
    year: new Float64Array(table.length),
    helpType: new Array<HelpType | null>(table.length),
    count: new Float64Array(table.length),
    areaKeys: areaId ? new Array<string | null>(table.length) : null,
    keysAreIds: true,
    positions: areaId || table.length === 0 ? null : { lon: table.lon, lat: table.lat },
  };
  for (let row = 0; row < table.length; row++) {
    facts.year[row] = yearName ? (cellNumber(year, row) ?? Number.NaN) : UNDATED_YEAR;
    facts.helpType[row] = parseHelpType(cellText(helpType, row));
    facts.count[row] = countColumn ? (cellNumber(count, row) ?? Number.NaN) : 1;
    if (facts.areaKeys) facts.areaKeys[row] = cellText(areaId, row);
  }
  return facts;
}

/** Resources as entries: undated, each counting 1 or its places (unknown places are skipped). */
function resourceFacts(resources: readonly Resource[], measure: 'count' | 'capacity'): DemandFacts {
  return {
    year: new Float64Array(resources.length).fill(UNDATED_YEAR),
    helpType: new Array<HelpType | null>(resources.length).fill(null),
    count: Float64Array.from(resources, (resource) => (measure === 'count' ? 1 : (resource.capacity ?? Number.NaN))),
    areaKeys: null,
    keysAreIds: false,
    positions: {
      lon: Float64Array.from(resources, (resource) => resource.geometry.coordinates[0]!),
      lat: Float64Array.from(resources, (resource) => resource.geometry.coordinates[1]!),
    },
  };
}

/** Number columns of a table (its possible numerators and denominators), the year and key columns left out. */
function numberColumns(layer: Layer, table: PointTable | undefined): string[] {
  if (!table) return [];
  const skip = new Set([columnFor(layer, 'year'), columnFor(layer, 'areaKey'), layer.mapping['id'], 'areaId']);
  return table.columns.filter((column) => column.kind === 'number' && !skip.has(column.name)).map((column) => column.name);
}

/** The year of a cube a dated or undated indicator year reads: the year itself, else the latest before, else the first. */
export function nearestYear(years: readonly number[], year: number): number | null {
  if (years.length === 0) return null;
  if (years.includes(year)) return year;
  const before = years.filter((candidate) => candidate <= year);
  return before.length > 0 ? before.at(-1)! : years[0]!;
}

export class DemandView {
  readonly #project: ProjectState;
  readonly #services: DemandServices | null;
  /** The spaces counted into: the active variant's (the project) or a given variant's. */
  readonly #plan: Pick<ProjectState, 'spaces' | 'assignment' | 'spacePopulation'>;

  /** `variantId`: count into that variant's spaces instead of the active one's (slides, comparisons). */
  constructor(project: ProjectState, services: DemandServices | null = null, variantId: string | null = null) {
    this.#project = project;
    this.#services = services;
    this.#plan = variantId === null ? project : project.plan(variantId);
  }

  /**
   * What can be counted: demand layers (records of the project, or imported point tables),
   * the project's resources, and tables of figures.
   */
  readonly sources: IndicatorSource[] = $derived.by(() => {
    const project = this.#project;
    const records = new Map<string, number>();
    for (const record of project.snapshot.demand) records.set(record.layerId, (records.get(record.layerId) ?? 0) + 1);
    const layers: IndicatorSource[] = project.snapshot.layers
      .filter((layer) => layer.kind === 'demand' || layer.kind === 'statistics')
      .map((layer) => {
        const table = isPointLayer(layer) ? project.pointTables.get(layer.id) : undefined;
        const kind = layer.kind === 'demand' ? 'demand' : 'statistics';
        return { id: layer.id, kind, layer, size: isPointLayer(layer) ? (table?.length ?? 0) : (records.get(layer.id) ?? 0), columns: kind === 'statistics' ? numberColumns(layer, table) : [] };
      });
    const demand = layers.filter((source) => source.kind === 'demand' && source.size > 0);
    const statistics = layers.filter((source) => source.kind === 'statistics' && source.size > 0 && source.columns.length > 0);
    const resources: IndicatorSource[] =
      project.snapshot.resources.length > 0 ? [{ id: RESOURCES_SOURCE, kind: 'resources', layer: null, size: project.snapshot.resources.length, columns: [] }] : [];
    return [...demand, ...resources, ...statistics];
  });

  /** The source read; null: the first with data. */
  sourceId = $state<string | null>(null);

  readonly source: IndicatorSource | null = $derived(this.sources.find((source) => source.id === this.sourceId) ?? this.sources[0] ?? null);

  /** Whether the shown counts are social data (help cases) and therefore suppressed when small. */
  readonly protects: boolean = $derived(this.source?.kind === 'demand');

  /** Counts below this are suppressed: the project's threshold for help cases, 0 (none) for resources and figures. */
  get threshold(): number {
    return this.protects ? this.#project.project.settings.suppressionThreshold : 0;
  }

  /** Resources: the category counted ('all': every one) and whether resources or their places are counted. */
  category = $state<string>('all');
  resourceMeasure = $state<'count' | 'capacity'>('count');
  #column = $state<string | null>(null);

  /** A table of figures: the number column counted (default its first). */
  get column(): string | null {
    const columns = this.source?.columns ?? [];
    return this.#column !== null && columns.includes(this.#column) ? this.#column : (columns[0] ?? null);
  }

  set column(value: string | null) {
    this.#column = value;
  }

  /** Help-type groups the project defines. */
  get customGroups(): readonly CustomHelpGroup[] {
    return this.#project.project.helpGroups ?? [];
  }

  /** Spaces of the active variant with an area, in code order. */
  readonly #spaces = $derived.by(() => this.#plan.spaces);

  readonly #areas: AreaToAssign[] = $derived(this.#spaces.map((space) => ({ id: space.id, geometry: space.geometry })));

  /** What the chosen source holds, read once per source and setting (not again when boundaries change). */
  readonly #facts: DemandFacts | null = $derived.by(() => {
    const source = this.source;
    if (!source) return null;
    if (source.kind === 'resources') {
      const categories = this.#project.categories;
      const chosen = this.category;
      const resources = this.#project.snapshot.resources.filter((resource) => chosen === 'all' || resolveCategory(categories, resource.category) === chosen);
      return resourceFacts(resources, this.resourceMeasure);
    }
    const layer = source.layer!;
    return this.#layerFacts(layer, source.kind === 'statistics' ? this.column : null);
  });

  #layerFacts(layer: Layer, column: string | null): DemandFacts | null {
    if (isPointLayer(layer)) {
      const table = this.#project.pointTables.get(layer.id);
      return table ? tableFacts(layer, table, layer.kind === 'demand' ? columnFor(layer, 'count') : column) : null;
    }
    return recordFacts(this.#project.snapshot.demand.filter((record) => record.layerId === layer.id));
  }

  /**
   * Where each entry lies (NaN for an entry without a position), or null when the source has
   * no located entries (area-keyed records, table rows located by an area key).
   */
  readonly positions: { lon: Float64Array; lat: Float64Array } | null = $derived(this.#facts?.positions ?? null);

  /**
   * The last assignment of positions to spaces done off this thread (large layers), keyed by
   * what stays the same object while nothing changes: the positions' longitude array (a point
   * table's own) and the project's stored spaces.
   */
  #assigned = $state.raw<{ lon: Float64Array; spaces: readonly unknown[]; result: Int32Array } | null>(null);
  #asking: { lon: Float64Array; spaces: readonly unknown[] } | null = null;

  /** The entries' spaces of the current boundaries are being computed (a worker assigns a large layer). */
  readonly assigning: boolean = $derived.by(() => {
    const positions = this.positions;
    if (!positions || !this.#services || positions.lon.length < ASSIGN_IN_WORKER_FROM) return false;
    const assigned = this.#assigned;
    return !assigned || assigned.lon !== positions.lon || assigned.spaces !== this.#project.snapshot.spaces;
  });

  #spacesOfPositions(facts: DemandFacts): Int32Array {
    const positions = facts.positions!;
    const areas = this.#areas;
    if (!this.#services || positions.lon.length < ASSIGN_IN_WORKER_FROM) return assignPoints(positions.lon, positions.lat, areas);
    const spaces = this.#project.snapshot.spaces;
    const assigned = this.#assigned;
    if (assigned && assigned.lon === positions.lon && assigned.spaces === spaces) return assigned.result;
    if (this.#asking?.lon !== positions.lon || this.#asking.spaces !== spaces) {
      const asking = { lon: positions.lon, spaces };
      this.#asking = asking;
      void this.#services.assignPoints(positions.lon, positions.lat, areas).then((result) => {
        if (this.#asking === asking) this.#assigned = { ...asking, result };
      });
    }
    // Until the answer comes: the previous boundaries' result for the same entries, else none.
    return assigned && assigned.lon === positions.lon ? assigned.result : new Int32Array(positions.lon.length).fill(-1);
  }

  /**
   * The located cases of the year and help group shown, weighted by their counts (for
   * reachability: how far these families live from help); null when the source has no
   * positions. Never drawn one by one.
   */
  readonly locatedCases: { lon: Float64Array; lat: Float64Array; weight: Float64Array } | null = $derived.by(() => {
    const facts = this.#facts;
    const positions = this.positions;
    const year = this.year;
    if (!facts || !positions || year === null || this.source?.kind !== 'demand') return null;
    const slots = new Set(helpSlots(this.effectiveGroup, this.customGroups));
    const lon: number[] = [];
    const lat: number[] = [];
    const weight: number[] = [];
    for (let entry = 0; entry < facts.year.length; entry++) {
      const count = facts.count[entry]!;
      if (facts.year[entry] !== year || !(count > 0) || !slots.has(helpSlotOf(facts.helpType[entry] ?? null))) continue;
      if (!Number.isFinite(positions.lon[entry]!) || !Number.isFinite(positions.lat[entry]!)) continue;
      lon.push(positions.lon[entry]!);
      lat.push(positions.lat[entry]!);
      weight.push(count);
    }
    return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), weight: Float64Array.from(weight) };
  });

  /** The space of each entry (index into the spaces, -1 outside all): by area key or id, else by position. */
  #entrySpaces(facts: DemandFacts): Int32Array {
    const spaces = facts.positions ? Int32Array.from(this.#spacesOfPositions(facts)) : new Int32Array(facts.year.length).fill(-1);
    if (facts.areaKeys) {
      const resolve = facts.keysAreIds ? this.#idResolver() : this.#keyResolver();
      facts.areaKeys.forEach((key, index) => {
        if (key !== null) spaces[index] = resolve(key);
      });
    }
    return spaces;
  }

  #cubeOf(facts: DemandFacts | null): DemandCube {
    return buildDemandCube(
      facts ? { ...facts, space: this.#entrySpaces(facts) } : { space: [], year: [], helpType: [], count: [] },
      this.#spaces.map((space) => space.id),
    );
  }

  readonly cube: DemandCube = $derived(this.#cubeOf(this.#facts));

  /** The source has no years (resources, a table of figures without a year column). */
  readonly undated: boolean = $derived(this.cube.years.length === 1 && this.cube.years[0] === UNDATED_YEAR);

  /** The indicator's settings; year and base year default to the newest and oldest year present. */
  group = $state<HelpGroup>('all');
  measure = $state<IndicatorSpec['measure']>('rate');
  per = $state<RateBase>(1000);
  #denominator = $state<Denominator>('under21');
  #year = $state<number | null>(null);
  #baseYear = $state<number | null>(null);

  /** Tables of figures whose number columns can be denominators. */
  readonly denominatorColumns: ColumnDenominatorOption[] = $derived(
    this.sources
      .filter((source) => source.kind === 'statistics')
      .flatMap((source) => source.columns.map((column) => ({ value: columnDenominator(source.id, column), layer: source.layer!, column }))),
  );

  /** Whether the base units have a population to divide by. */
  readonly hasUnitPopulation: boolean = $derived.by(() => [...this.#plan.spacePopulation.values()].some((population) => denominatorOf(population, 'under21') > 0));

  /** The denominator: an age group of the units (when they have a population), else a table column, when one exists. */
  get denominator(): Denominator {
    const chosen = this.#denominator;
    const column = denominatorColumn(chosen);
    if (column ? this.denominatorColumns.some((option) => option.value === chosen) : this.hasUnitPopulation) return chosen;
    if (!this.hasUnitPopulation && this.denominatorColumns.length > 0) return this.denominatorColumns[0]!.value;
    return column ? 'under21' : chosen;
  }

  set denominator(value: Denominator) {
    this.#denominator = value;
  }

  get year(): number | null {
    const years = this.cube.years;
    return this.#year !== null && years.includes(this.#year) ? this.#year : (years.at(-1) ?? null);
  }

  set year(value: number | null) {
    this.#year = value;
  }

  get baseYear(): number | null {
    const years = this.cube.years;
    return this.#baseYear !== null && years.includes(this.#baseYear) ? this.#baseYear : (years[0] ?? null);
  }

  set baseYear(value: number | null) {
    this.#baseYear = value;
  }

  /** The measure shown: changes need two years. */
  get effectiveMeasure(): IndicatorSpec['measure'] {
    if ((this.measure === 'change' || this.measure === 'change-percent') && this.cube.years.length < 2) return 'count';
    // A share of all help needs help types.
    if (this.measure === 'share' && this.source?.kind !== 'demand') return 'count';
    return this.measure;
  }

  /** The group counted (help cases only; other sources count everything they hold). */
  get effectiveGroup(): HelpGroup {
    return this.source?.kind === 'demand' ? this.group : 'all';
  }

  readonly spec: IndicatorSpec | null = $derived(
    this.year === null
      ? null
      : { group: this.effectiveGroup, year: this.year, measure: this.effectiveMeasure, per: this.per, baseYear: this.baseYear ?? this.year },
  );

  /** A table column as denominator: its values per space (facts of that table, assigned like the source's). */
  readonly #denominatorCube: DemandCube | null = $derived.by(() => {
    const column = denominatorColumn(this.denominator);
    if (!column) return null;
    const layer = this.#project.snapshot.layers.find((candidate) => candidate.id === column.layerId);
    return layer ? this.#cubeOf(this.#layerFacts(layer, column.column)) : null;
  });

  /** The year of the denominator table read for an indicator year (null: age groups, or no table). */
  denominatorYear(year: number): number | null {
    const cube = this.#denominatorCube;
    return cube ? nearestYear(cube.years, year) : null;
  }

  /** Each space's denominator for an indicator year. */
  populationsIn(year: number): Map<string, number> {
    const cube = this.#denominatorCube;
    if (cube) {
      const read = nearestYear(cube.years, year);
      const all = helpSlots('all');
      return new Map(cube.spaceIds.map((id, index) => [id, read === null ? 0 : cubeSlotsCount(cube, index, read, all)]));
    }
    const band = this.denominator as AgeDenominator;
    return new Map([...this.#plan.spacePopulation].map(([id, population]) => [id, denominatorOf(population, band)]));
  }

  readonly result: IndicatorResult | null = $derived.by(() => (this.spec ? computeIndicator(this.cube, this.populationsIn(this.spec.year), this.spec, this.customGroups) : null));

  /**
   * The indicator as it may be shown. Help cases: counts below the project's threshold are
   * suppressed, and so is one more count where a district total would give a suppressed one
   * away; rates and changes built on a suppressed count are suppressed with it.
   */
  readonly table: DemandTable | null = $derived.by(() => {
    const result = this.result;
    if (!result) return null;
    const threshold = this.threshold;
    const measure = this.effectiveMeasure;
    const withBase = measure === 'change' || measure === 'change-percent';
    const cells = result.rows.flatMap((row) => [
      { row: row.spaceId, column: 'year', count: row.count },
      ...(withBase ? [{ row: row.spaceId, column: 'base', count: row.baseCount ?? 0 }] : []),
    ]);
    const published = suppressTable(cells, threshold);
    const byCell = new Map(published.cells.map((cell) => [`${cell.row}\u0000${cell.column}`, cell as PublishedCount]));
    const spaces = new Map(this.#spaces.map((space) => [space.id, space]));
    const districtYear = published.columnTotals.get('year')!;
    const districtBase = withBase ? published.columnTotals.get('base')! : null;
    const districtHidden = districtYear.value === null || (districtBase !== null && districtBase.value === null);
    const districtValue = districtHidden ? null : result.district.value;
    // Counts and changes compare with the mean per space, rates and % with the district's value.
    const reference = districtValue === null ? null : measure === 'count' || measure === 'change' ? districtValue / Math.max(result.rows.length, 1) : districtValue;
    const rows = result.rows.map((row): DemandTableRow => {
      const year = byCell.get(`${row.spaceId}\u0000year`)!;
      const base = withBase ? byCell.get(`${row.spaceId}\u0000base`)! : null;
      const hidden = year.value === null || (base !== null && base.value === null);
      const reason = year.reason ?? base?.reason ?? null;
      const value = hidden ? null : suppressRate(row.value, year, threshold);
      const space = spaces.get(row.spaceId);
      return {
        spaceId: row.spaceId,
        code: space?.code ?? '',
        name: space?.name ?? '',
        count: year.value,
        population: row.population,
        value,
        deviation: value === null || reference === null ? null : value - reference,
        suppressed: hidden,
        reason,
      };
    });
    const district: DemandTableRow = {
      spaceId: '',
      code: '',
      name: '',
      count: districtYear.value,
      population: result.district.population,
      value: districtValue,
      deviation: null,
      suppressed: districtHidden,
      reason: districtYear.reason ?? districtBase?.reason ?? null,
    };
    return { rows, district };
  });

  /**
   * The table as CSV for German Excel (`header`: code, name, cases, population, value,
   * deviation), the district last: suppressed counts and their values as "< 5" or "•".
   */
  csv(header: readonly string[], districtName: string): string {
    const table = this.table;
    if (!table) return '';
    const threshold = this.threshold;
    const line = (row: DemandTableRow, name: string): IndicatorExportRow => ({
      code: row.code,
      name,
      count: row.count,
      population: row.population,
      value: row.value,
      deviation: row.deviation,
      hidden: row.suppressed ? formatCount({ value: null, reason: row.reason ?? 'primary' }, threshold) : null,
    });
    return indicatorTableCsv(header, [...table.rows.map((row) => line(row, row.name)), line(table.district, districtName)], this.decimals);
  }

  /** The indicators saved in the project, by name. */
  get savedIndicators(): SavedIndicator[] {
    return [...(this.#project.project.indicators ?? [])].sort((left, right) => left.name.localeCompare(right.name, 'de'));
  }

  /** The current settings as an indicator to save under `name`. */
  toSaved(id: string, name: string): SavedIndicator {
    const newest = this.cube.years.at(-1) ?? null;
    const oldest = this.cube.years[0] ?? null;
    const source = this.source;
    return {
      id,
      name,
      sourceId: source?.id ?? null,
      group: this.group,
      ...(source?.kind === 'resources' ? { category: this.category, resourceMeasure: this.resourceMeasure } : {}),
      ...(source?.kind === 'statistics' && this.column !== null ? { column: this.column } : {}),
      measure: this.measure,
      per: this.per,
      denominator: this.denominator,
      // The newest / oldest year are saved as "newest" / "oldest", so next year's data move the indicator along.
      year: this.year === newest ? null : this.year,
      baseYear: this.baseYear === oldest ? null : this.baseYear,
      classMethod: this.classMethod,
      classCount: this.classCount,
      manualBreaks: [...this.manualBreaks],
    };
  }

  /** Show a saved indicator. */
  apply(indicator: SavedIndicator): void {
    this.sourceId = indicator.sourceId;
    this.group = indicator.group;
    this.category = indicator.category ?? 'all';
    this.resourceMeasure = indicator.resourceMeasure ?? 'count';
    this.column = indicator.column ?? null;
    this.measure = indicator.measure;
    this.per = indicator.per;
    this.denominator = indicator.denominator;
    this.year = indicator.year;
    this.baseYear = indicator.baseYear;
    this.classMethod = indicator.classMethod;
    this.classCount = indicator.classCount;
    this.manualBreaks = [...indicator.manualBreaks];
  }

  /** Decimals the indicator is shown and exported with: one for rates and %, none for counts. */
  get decimals(): number {
    const measure = this.effectiveMeasure;
    return measure === 'rate' || measure === 'share' || measure === 'change-percent' ? 1 : 0;
  }

  /** How the map classes the values. */
  classMethod = $state<ClassificationMethod>('quantile');
  classCount = $state(5);
  /** Class bounds typed by the user (method 'manual'). */
  manualBreaks = $state<number[]>([]);

  /** Classes and colours of the indicator map; changes get a diverging palette centred on 0. */
  readonly choropleth: DemandChoropleth | null = $derived.by(() => {
    const table = this.table;
    return table ? this.choroplethWith(this.classesOf(table.rows.map((row) => row.value))) : null;
  });

  /**
   * Classes and colours of `values` with this view's method, class count, own bounds and measure
   * (two maps of a before/after slide share the classes of both sides' values).
   */
  classesOf(values: readonly (number | null)[]): Omit<DemandChoropleth, 'spaceColours'> {
    const classification = classify(values, this.classMethod, this.classCount, { manualBreaks: this.manualBreaks });
    const classes = classification.breaks.length - 1;
    const measure = this.effectiveMeasure;
    const diverging = measure === 'change' || measure === 'change-percent' || this.classMethod === 'std-dev';
    if (!diverging) return { classification, colours: classColours('sequential', classes) };
    // The neutral colour where 0 lies (changes) or at the mean (standard deviations).
    const zero = classification.breaks.findIndex((bound, index) => index > 0 && bound >= 0);
    const centre = this.classMethod === 'std-dev' && classification.centre !== null ? classification.centre : zero <= 0 ? 0 : zero - 1;
    return { classification, colours: classColours('diverging', classes, { centre }) };
  }

  /** Each space's colour in `classes` (null: no value); null without a table. */
  choroplethWith(classes: Omit<DemandChoropleth, 'spaceColours'>): DemandChoropleth | null {
    const table = this.table;
    if (!table) return null;
    const spaceColours = new Map(
      table.rows.map((row) => {
        const index = classes.classification.classOf(row.value);
        return [row.spaceId, index < 0 ? null : (classes.colours[index] ?? null)] as const;
      }),
    );
    return { ...classes, spaceColours };
  }

  /** Each year's count cells of the group, suppressed as the table of that year is (help cases only). */
  readonly #publishedYears: Map<number, { cells: PublishedCount[]; total: PublishedCount; counts: number[] }> = $derived.by(() => {
    const threshold = this.threshold;
    const slots = helpSlots(this.effectiveGroup, this.customGroups);
    const cube = this.cube;
    const years = new Map<number, { cells: PublishedCount[]; total: PublishedCount; counts: number[] }>();
    for (const year of cube.years) {
      const counts = cube.spaceIds.map((_, index) => cubeSlotsCount(cube, index, year, slots));
      const published = suppressTable(
        counts.map((count, index) => ({ row: cube.spaceIds[index]!, column: 'count', count })),
        threshold,
      );
      years.set(year, { cells: published.cells, total: published.total, counts });
    }
    return years;
  });

  /** Each year's denominators per space (read once per change, not per trend). */
  readonly #populationsByYear: Map<number, Map<string, number>> = $derived.by(() => new Map(this.cube.years.map((year) => [year, this.populationsIn(year)])));

  /** The indicator per year for one space (id) or the district (null); suppressed years are null. */
  trend(spaceId: string | null): TrendPoint[] {
    // Every derived value read once: outside a component each read would compute it again.
    const cube = this.cube;
    const publishedYears = this.#publishedYears;
    const spec = this.spec;
    const table = this.table;
    const rate = this.effectiveMeasure === 'rate';
    const share = this.effectiveMeasure === 'share';
    const populationsByYear = rate ? this.#populationsByYear : null;
    const allSlots = helpSlots('all');
    const per = this.per;
    const space = spaceId === null ? -1 : cube.spaceIds.indexOf(spaceId);
    // The table on screen hides a change when either year's count is hidden: those two years
    // stay hidden in the trend too.
    const tableRow = spaceId === null ? table?.district : table?.rows.find((row) => row.spaceId === spaceId);
    const tableYears = spec && tableRow?.suppressed ? [spec.year, spec.baseYear] : [];
    return cube.years.map((year) => {
      // Each year suppressed as the table of that year is (the same rule, the same cells), so
      // the trend never shows a count the table hides, secondary suppressions included.
      const published = publishedYears.get(year)!;
      const cell = space < 0 ? published.total : published.cells[space]!;
      const count = space < 0 ? published.counts.reduce((sum, value) => sum + value, 0) : published.counts[space]!;
      const suppressed = cell.value === null || tableYears.includes(year);
      let population = 0;
      if (populationsByYear) {
        const populations = populationsByYear.get(year)!;
        population = spaceId === null ? cube.spaceIds.reduce((sum, id) => sum + (populations.get(id) ?? 0), 0) : (populations.get(spaceId) ?? 0);
      }
      if (share) {
        population =
          space < 0 ? cube.spaceIds.reduce((sum, _, index) => sum + cubeSlotsCount(cube, index, year, allSlots), 0) : cubeSlotsCount(cube, space, year, allSlots);
      }
      const value = suppressed ? null : rate ? (population > 0 ? (count / population) * per : null) : share ? (population > 0 ? (count / population) * 100 : null) : count;
      return { year, count, value, suppressed };
    });
  }

  /**
   * The year's cases per space by help setting (ambulant, teilstationär, stationär, unknown).
   * Each setting's counts are suppressed exactly as the table of that help group is, so the
   * chart shows no number that choosing the group in the table would not show; settings no
   * case has are left out (null counts and reasons mark hidden cells). Empty for sources
   * without help types.
   */
  readonly helpMix: HelpMixRow[] = $derived.by(() => {
    const year = this.year;
    if (this.source?.kind !== 'demand' || year === null) return [];
    const threshold = this.threshold;
    const cube = this.cube;
    const slotsOf = (setting: (typeof MIX_SETTINGS)[number]) =>
      setting === 'unknown' ? [HELP_TYPES.length] : HELP_TYPES.flatMap((definition, index) => (definition.setting === setting ? [index] : []));
    const columns = MIX_SETTINGS.map((setting) => {
      const counts = cube.spaceIds.map((_, space) => cubeSlotsCount(cube, space, year, slotsOf(setting)));
      const published = suppressTable(
        counts.map((count, space) => ({ row: cube.spaceIds[space]!, column: 'year', count })),
        threshold,
      );
      return { present: counts.some((count) => count > 0), cells: published.cells };
    });
    const spaces = new Map(this.#spaces.map((space) => [space.id, space]));
    return cube.spaceIds.map((spaceId, space) => ({
      spaceId,
      code: spaces.get(spaceId)?.code ?? '',
      name: spaces.get(spaceId)?.name ?? '',
      counts: columns.map((column) => (column.present ? column.cells[space]!.value : 0)),
      reasons: columns.map((column) => (column.present ? column.cells[space]!.reason : null)),
    }));
  });

  /**
   * Key figures of one space for its profile, in the newest year of the first demand layer: all
   * help and out-of-home placements, each as count (suppressed across all spaces, as the
   * demand table is) and rate per 1,000 under 21, beside the district's rate.
   */
  profileFigures(spaceId: string): ProfileDemandFigure[] {
    const source = this.source?.kind === 'demand' ? this.source : this.sources.find((candidate) => candidate.kind === 'demand');
    if (!source?.layer) return [];
    const cube = source === this.source ? this.cube : this.#cubeOf(this.#layerFacts(source.layer, null));
    const year = cube.years.at(-1);
    const space = cube.spaceIds.indexOf(spaceId);
    if (year === undefined || space < 0) return [];
    const threshold = this.#project.project.settings.suppressionThreshold;
    const under21 = new Map([...this.#plan.spacePopulation].map(([id, population]) => [id, denominatorOf(population, 'under21')]));
    return (['all', 'out-of-home'] as const).map((group) => {
      const spec: IndicatorSpec = { group, year, measure: 'rate', per: 1000, baseYear: year };
      const result = computeIndicator(cube, under21, spec);
      const published = suppressTable(
        result.rows.map((row) => ({ row: row.spaceId, column: 'count', count: row.count })),
        threshold,
      );
      const count = published.cells[space]!;
      const row = result.rows[space]!;
      return {
        group,
        year,
        count: count as PublishedCount,
        rate: count.value === null ? null : row.value,
        districtRate: published.total.value === null ? null : result.district.value,
      };
    });
  }

  /** Entries outside every space in the chosen year (listed, not lost). */
  readonly outsideCount: number = $derived.by(() => {
    const index = this.year === null ? -1 : this.cube.years.indexOf(this.year);
    return index < 0 ? 0 : this.cube.outside[index]!;
  });

  /** Located cases as hexagons on the map (demand tab), and the cell size chosen (null: from the district's size). */
  showHexagons = $state(false);
  #hexResolution = $state<HexResolution | null>(null);

  /** The offered cell sizes, with their width at the district's centre in metres. */
  readonly hexSizes: { resolution: HexResolution; acrossMeters: number }[] = $derived.by(() => {
    const bbox = this.#project.bbox;
    const [lon, lat] = bbox ? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2] : [10, 51];
    return HEX_RESOLUTIONS.map((resolution) => ({ resolution, acrossMeters: hexAcrossMeters(resolution, lon, lat) }));
  });

  /** The district's area (its outline, else its spaces) in m²: the default cell size follows from it. */
  readonly #districtSquareMeters = $derived.by(() => {
    const outline = this.#project.project.outline;
    return outline ? area(outline) : this.#spaces.reduce((sum, space) => sum + area(space.geometry), 0);
  });

  get hexResolution(): HexResolution {
    return this.#hexResolution ?? hexResolutionForArea(this.#districtSquareMeters);
  }

  set hexResolution(value: HexResolution) {
    this.#hexResolution = value;
  }

  /** Whether the source has located help cases to bin into hexagons. */
  get hexagonsAvailable(): boolean {
    return this.positions !== null && this.source?.kind === 'demand';
  }

  /** Each case's cell, found once per source and cell size (the year and help type only re-sum). */
  readonly #hexIndex = $derived.by(() => {
    const positions = this.positions;
    return positions && this.showHexagons && this.hexagonsAvailable ? indexPointsByCell(positions.lon, positions.lat, this.hexResolution) : null;
  });

  /** Located cases of the chosen year and help type per hexagon, classed and coloured; null while off. */
  readonly hexagons: DemandHexagons | null = $derived.by(() => {
    const index = this.#hexIndex;
    const year = this.year;
    if (!index || year === null) return null;
    // The facts, not the entries: hexagons do not depend on the boundaries.
    const facts = this.#facts!;
    const group = this.effectiveGroup;
    const members = new Set(group === 'all' ? null : helpSlots(group, this.customGroups).map((slot) => HELP_TYPES[slot]?.id ?? null));
    const weights = new Float64Array(facts.year.length);
    for (let entry = 0; entry < weights.length; entry++) {
      if (facts.year[entry] === year && (group === 'all' || members.has(facts.helpType[entry]!))) weights[entry] = facts.count[entry]!;
    }
    const threshold = this.#project.project.settings.suppressionThreshold;
    const bins = hexBins(index, weights, { threshold });
    const counts = bins.collection.features.map((feature) => feature.properties.count);
    // Counts of cases: a sequential scale; standard deviations and own bounds belong to the indicator.
    const method = this.classMethod === 'equal-interval' || this.classMethod === 'jenks' ? this.classMethod : 'quantile';
    const classification = classify(counts, method, this.classCount);
    const colours = classColours('sequential', Math.max(classification.breaks.length - 1, 0));
    const features = bins.collection.features.map((feature) => ({
      ...feature,
      properties: { ...feature.properties, color: colours[classification.classOf(feature.properties.count)] ?? colours[0] ?? '#888888' },
    }));
    return { resolution: index.resolution as HexResolution, collection: { type: 'FeatureCollection', features }, classification, colours, hiddenCells: bins.hiddenCells };
  });

  #spaceMatcher() {
    return createAreaMatcher(this.#spaces.map((space) => ({ id: space.id, code: space.code, name: space.name })));
  }

  #unitMatcher() {
    return createAreaMatcher(this.#project.units.map((unit) => ({ id: unit.id, key: unit.key, name: unit.name })));
  }

  /** Area key → space index: a space's code or name, else a unit's key (the space holding the unit). */
  #keyResolver(): (key: string) => number {
    const spaceIndex = new Map(this.#spaces.map((space, index) => [space.id, index]));
    const spaces = this.#spaceMatcher();
    let units: ReturnType<typeof createAreaMatcher> | null = null;
    const cache = new Map<string, number>();
    const assignment = this.#plan.assignment;
    return (key) => {
      const known = cache.get(key);
      if (known !== undefined) return known;
      let found = -1;
      const space = spaces.match(key);
      if (space.matched) found = spaceIndex.get(space.areaId) ?? -1;
      else {
        units ??= this.#unitMatcher();
        const unit = units.match(key);
        const spaceId = unit.matched ? assignment.get(unit.areaId) : undefined;
        if (spaceId) found = spaceIndex.get(spaceId) ?? -1;
      }
      cache.set(key, found);
      return found;
    };
  }

  /** A space's or a unit's id (table rows located by an area key) → space index. */
  #idResolver(): (id: string) => number {
    const spaceIndex = new Map(this.#spaces.map((space, index) => [space.id, index]));
    const assignment = this.#plan.assignment;
    return (id) => spaceIndex.get(id) ?? spaceIndex.get(assignment.get(id) ?? '') ?? -1;
  }
}

export { AGE_DENOMINATORS };
