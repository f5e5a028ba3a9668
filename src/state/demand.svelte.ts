/**
 * The help-demand view: which demand layer is read, how its records reach the social spaces of
 * the active variant (area key → space, or a unit key → the space holding the unit, or the
 * case's position → the space containing it), the indicator chosen, and its values per space
 * and for the district. Everything derives from the project, so a boundary change or another
 * variant re-aggregates by itself.
 */
import { buildDemandCube, computeIndicator, cubeCount, denominatorOf, helpSlots, type DemandCube, type HelpGroup, type IndicatorResult, type IndicatorSpec, type SavedIndicator } from '../domain/demand';
import { HELP_TYPES, parseHelpType } from '../domain/help-types';
import { findColumn, isPointLayer, textAt, type PointColumn, type PointTable } from '../domain/point-table';
import type { DemandRecord, HelpType, Layer } from '../domain/types';
import { assignPoints } from '../geo/assign-points';
import { HEX_RESOLUTIONS, hexAcrossMeters, hexBins, hexResolutionForArea, indexPointsByCell, type HexBinProperties, type HexResolution } from '../geo/hex-bins';
import type { FeatureCollection, Polygon } from 'geojson';
import { area } from '@turf/turf';
import { createAreaMatcher } from '../io/location/area-keys';
import type { ProjectState } from './project.svelte';
import { classColours, classify, type Classification, type ClassificationMethod } from '../domain/classify';
import { formatCount, suppressRate, suppressTable, type PublishedCount } from '../domain/suppression';
import { indicatorTableCsv, type IndicatorExportRow } from '../io/excel-csv';

/** One line of the demand table as it may be shown: suppressed counts and what derives from them are null. */
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

/** Roles a demand layer's columns can have (as the CSV wizard names them). */
type DemandRole = 'year' | 'helpType' | 'count' | 'areaKey';

/**
 * The column a layer's mapping gives a role: the CSV wizard stores role → column name, older
 * layers (the demo) column name → role; both are read.
 */
function columnFor(layer: Layer, role: DemandRole): string | null {
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

function tableFacts(layer: Layer, table: PointTable): DemandFacts {
  const column = (role: DemandRole) => {
    const name = columnFor(layer, role);
    return name ? findColumn(table, name) : undefined;
  };
  const year = column('year');
  const helpType = column('helpType');
  const count = column('count');
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
    facts.year[row] = cellNumber(year, row) ?? Number.NaN;
    facts.helpType[row] = parseHelpType(cellText(helpType, row));
    facts.count[row] = count ? (cellNumber(count, row) ?? Number.NaN) : 1;
    if (facts.areaKeys) facts.areaKeys[row] = cellText(areaId, row);
  }
  return facts;
}

export interface DemandSource {
  layer: Layer;
  /** Records (area-keyed rows or located cases) or rows of a point table. */
  size: number;
}

export class DemandView {
  readonly #project: ProjectState;

  constructor(project: ProjectState) {
    this.#project = project;
  }

  /** Layers with demand: records of the project (demo, older imports) or imported point tables. */
  readonly sources: DemandSource[] = $derived.by(() => {
    const project = this.#project;
    const records = new Map<string, number>();
    for (const record of project.snapshot.demand) records.set(record.layerId, (records.get(record.layerId) ?? 0) + 1);
    return project.snapshot.layers
      .filter((layer) => layer.kind === 'demand')
      .map((layer) => ({ layer, size: isPointLayer(layer) ? (project.pointTables.get(layer.id)?.length ?? 0) : (records.get(layer.id) ?? 0) }))
      .filter((source) => source.size > 0);
  });

  /** The layer read; null: the first with data. */
  sourceId = $state<string | null>(null);

  readonly source: DemandSource | null = $derived(this.sources.find((source) => source.layer.id === this.sourceId) ?? this.sources[0] ?? null);

  /** Spaces of the active variant with an area, in code order. */
  readonly #spaces = $derived.by(() => this.#project.spaces);

  /** What the chosen source holds, read once per source (not again when boundaries change). */
  readonly #facts: DemandFacts | null = $derived.by(() => {
    const layer = this.source?.layer;
    if (!layer) return null;
    if (isPointLayer(layer)) {
      const table = this.#project.pointTables.get(layer.id);
      return table ? tableFacts(layer, table) : null;
    }
    return recordFacts(this.#project.snapshot.demand.filter((record) => record.layerId === layer.id));
  });

  /**
   * Where each entry lies (NaN for an entry without a position), or null when the source has
   * no located cases (area-keyed records, table rows located by an area key).
   */
  readonly positions: { lon: Float64Array; lat: Float64Array } | null = $derived(this.#facts?.positions ?? null);

  /** The space of each entry (index into the spaces, -1 outside all): by area key or id, else by position. */
  readonly #entrySpaces: Int32Array = $derived.by(() => {
    const facts = this.#facts;
    if (!facts) return new Int32Array(0);
    const spaces = this.positions
      ? assignPoints(
          this.positions.lon,
          this.positions.lat,
          this.#spaces.map((space) => ({ id: space.id, geometry: space.geometry })),
        )
      : new Int32Array(facts.year.length).fill(-1);
    if (facts.areaKeys) {
      const resolve = facts.keysAreIds ? this.#idResolver() : this.#keyResolver();
      facts.areaKeys.forEach((key, index) => {
        if (key !== null) spaces[index] = resolve(key);
      });
    }
    return spaces;
  });

  readonly cube: DemandCube = $derived(
    buildDemandCube(
      this.#facts ? { ...this.#facts, space: this.#entrySpaces } : { space: [], year: [], helpType: [], count: [] },
      this.#spaces.map((space) => space.id),
    ),
  );

  /** The indicator's settings; year and base year default to the newest and oldest year present. */
  group = $state<HelpGroup>('all');
  measure = $state<IndicatorSpec['measure']>('rate');
  per = $state<IndicatorSpec['per']>(1000);
  denominator = $state<IndicatorSpec['denominator']>('under21');
  #year = $state<number | null>(null);
  #baseYear = $state<number | null>(null);

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

  readonly spec: IndicatorSpec | null = $derived(
    this.year === null
      ? null
      : { group: this.group, year: this.year, measure: this.measure, per: this.per, denominator: this.denominator, baseYear: this.baseYear ?? this.year },
  );

  readonly result: IndicatorResult | null = $derived.by(() => (this.spec ? computeIndicator(this.cube, this.#project.spacePopulation, this.spec) : null));

  /**
   * The indicator as it may be shown: counts below the project's threshold are suppressed, and
   * so is one more count where a district total would give a suppressed one away; rates and
   * changes built on a suppressed count are suppressed with it.
   */
  readonly table: DemandTable | null = $derived.by(() => {
    const result = this.result;
    if (!result) return null;
    const threshold = this.#project.project.settings.suppressionThreshold;
    const withBase = this.measure === 'change' || this.measure === 'change-percent';
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
    const reference = districtValue === null ? null : this.measure === 'count' || this.measure === 'change' ? districtValue / Math.max(result.rows.length, 1) : districtValue;
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
    const threshold = this.#project.project.settings.suppressionThreshold;
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
    return {
      id,
      name,
      sourceId: this.source?.layer.id ?? null,
      group: this.group,
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
    return this.measure === 'rate' || this.measure === 'change-percent' ? 1 : 0;
  }

  /** How the map classes the values. */
  classMethod = $state<ClassificationMethod>('quantile');
  classCount = $state(5);
  /** Class bounds typed by the user (method 'manual'). */
  manualBreaks = $state<number[]>([]);

  /** Classes and colours of the indicator map; changes get a diverging palette centred on 0. */
  readonly choropleth: DemandChoropleth | null = $derived.by(() => {
    const table = this.table;
    if (!table) return null;
    const values = table.rows.map((row) => row.value);
    const classification = classify(values, this.classMethod, this.classCount, { manualBreaks: this.manualBreaks });
    const classes = classification.breaks.length - 1;
    const diverging = this.measure === 'change' || this.measure === 'change-percent' || this.classMethod === 'std-dev';
    let colours: string[];
    if (!diverging) colours = classColours('sequential', classes);
    else {
      // The neutral colour where 0 lies (changes) or at the mean (standard deviations).
      const zero = classification.breaks.findIndex((bound, index) => index > 0 && bound >= 0);
      const centre = this.classMethod === 'std-dev' && classification.centre !== null ? classification.centre : zero <= 0 ? 0 : zero - 1;
      colours = classColours('diverging', classes, { centre });
    }
    const spaceColours = new Map(table.rows.map((row) => {
      const index = classification.classOf(row.value);
      return [row.spaceId, index < 0 ? null : (colours[index] ?? null)] as const;
    }));
    return { classification, colours, spaceColours };
  });

  /** The indicator per year for one space (id) or the district (null), with the chosen base population; suppressed years are null. */
  trend(spaceId: string | null): { year: number; count: number; value: number | null; suppressed: boolean }[] {
    const threshold = this.#project.project.settings.suppressionThreshold;
    const populations = this.#project.spacePopulation;
    const population =
      spaceId === null
        ? this.#spaces.reduce((sum, space) => sum + (populations.has(space.id) ? denominatorOf(populations.get(space.id)!, this.denominator) : 0), 0)
        : populations.has(spaceId)
          ? denominatorOf(populations.get(spaceId)!, this.denominator)
          : 0;
    const space = spaceId === null ? -1 : this.cube.spaceIds.indexOf(spaceId);
    // The table on screen hides a change when either year's count is hidden: those two years
    // stay hidden in the trend too.
    const tableRow = spaceId === null ? this.table?.district : this.table?.rows.find((row) => row.spaceId === spaceId);
    const tableYears = this.spec && tableRow?.suppressed ? [this.spec.year, this.spec.baseYear] : [];
    return this.cube.years.map((year) => {
      // Each year suppressed as the table of that year is (the same rule, the same cells), so
      // the trend never shows a count the table hides, secondary suppressions included.
      const cells = this.cube.spaceIds.map((id, index) => ({ row: id, column: 'count', count: cubeCount(this.cube, index, year, this.group) }));
      const published = suppressTable(cells, threshold);
      const cell = space < 0 ? published.total : published.cells[space]!;
      const count = space < 0 ? cells.reduce((sum, entry) => sum + entry.count, 0) : cells[space]!.count;
      const suppressed = cell.value === null || tableYears.includes(year);
      return { year, count, value: suppressed || population <= 0 ? null : (count / population) * this.per, suppressed };
    });
  }

  /**
   * Key figures of one space for its profile, in the newest year: all help and out-of-home
   * placements, each as count (suppressed across all spaces, as the demand table is) and rate
   * per 1,000 under 21, beside the district's rate.
   */
  profileFigures(spaceId: string): ProfileDemandFigure[] {
    const year = this.cube.years.at(-1);
    const space = this.cube.spaceIds.indexOf(spaceId);
    if (year === undefined || space < 0) return [];
    const threshold = this.#project.project.settings.suppressionThreshold;
    return (['all', 'out-of-home'] as const).map((group) => {
      const spec: IndicatorSpec = { group, year, measure: 'rate', per: 1000, denominator: 'under21', baseYear: year };
      const result = computeIndicator(this.cube, this.#project.spacePopulation, spec);
      const published = suppressTable(result.rows.map((row) => ({ row: row.spaceId, column: 'count', count: row.count })), threshold);
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

  /** Records outside every space in the chosen year (listed, not lost). */
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

  /** Each case's cell, found once per source and cell size (the year and help type only re-sum). */
  readonly #hexIndex = $derived.by(() => {
    const positions = this.positions;
    return positions && this.showHexagons ? indexPointsByCell(positions.lon, positions.lat, this.hexResolution) : null;
  });

  /** Located cases of the chosen year and help type per hexagon, classed and coloured; null while off. */
  readonly hexagons: DemandHexagons | null = $derived.by(() => {
    const index = this.#hexIndex;
    const year = this.year;
    if (!index || year === null) return null;
    // The facts, not the entries: hexagons do not depend on the boundaries.
    const facts = this.#facts!;
    const members = new Set(this.group === 'all' ? null : helpSlots(this.group).map((slot) => HELP_TYPES[slot]?.id ?? null));
    const weights = new Float64Array(facts.year.length);
    for (let entry = 0; entry < weights.length; entry++) {
      if (facts.year[entry] === year && (this.group === 'all' || members.has(facts.helpType[entry]!))) weights[entry] = facts.count[entry]!;
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
    const assignment = this.#project.assignment;
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
    const assignment = this.#project.assignment;
    return (id) => spaceIndex.get(id) ?? spaceIndex.get(assignment.get(id) ?? '') ?? -1;
  }
}
