/**
 * The CSV import wizard's state: a file is sniffed (encoding, delimiter, quote, header, number
 * formats and missing/zero markers — each overridable), previewed as it will be imported, its
 * columns mapped to roles, its rows located (coordinates in a detected CRS, a WKT column, an
 * area key joined to spaces or units with hand-mapped exceptions, or an address matched against
 * the project's OSM addresses), then parsed and converted in a worker with progress and cancel,
 * and stored as a point layer in one undoable change. Rejected, unlocated and approximately
 * located rows are listed and downloadable. The next file with the same header gets the same
 * mapping back.
 */
import { spreadsheetCell, type CsvColumnSettings, type CsvSettings, type CsvSniff, type CsvTable, type SniffOverrides } from '../io/csv';
import type { CsvRole } from '../io/csv/roles';
import { cellValue } from '../io/csv';
import {
  crsCodeForSrid,
  guessCoordinates,
  wktPointColumns,
  type CoordinateGuess,
  type CoordinateInterpretation,
} from '../io/location';
import type { JoinArea, TableImportOutcome, TablePointPlan } from '../io/table-to-points';
import type { VectorTable } from '../io/vector-table';
import type { Layer } from '../domain/types';
import { labelPoint } from '../geo/label-point';
import { coreBbox, type BBox } from '../geo/bbox';
import { isEmptyArea } from '../domain/types';
import type { ProjectState } from './project.svelte';
import type { ResourceCategory } from '../domain/types';
import { suggestCategory } from '../domain/category-match';
import { activeCategories, resolveCategory } from '../domain/categories';
import { foldGerman } from '../domain/text';
import { resourcesFromTable } from '../io/resources-from-table';
import type { Preferences } from './app.svelte';
import { loadCsvMapping, saveCsvMapping } from './csv-mappings';
import { CsvFileError, isCsvFileErrorData, type CsvFileErrorData } from '../io/csv/errors';

/** What the rows become: resources (records), help demand (cases), or figures per area (all number columns). */
export type CsvImportTarget = 'resources' | 'demand' | 'statistics';
export type CsvLocationKind = 'coordinates' | 'wkt' | 'area-key' | 'address';

export type CsvImportOutcome = TableImportOutcome;

/** One line of the wizard's problem list (and of the downloadable problems file). */
export interface CsvProblem {
  /** File line; for vector files see `problemPosition`. */
  line: number;
  column: string;
  value: string;
  /** Message key of the reason, with its parameters. */
  reasonKey: string;
  reasonParams?: Record<string, string | number>;
  rowLeftOut: boolean;
}

/** The heavy parts, in a worker in the app and in-process in tests. */
export interface CsvImportService {
  /** A vector file's point features as a table (written as CSV) the wizard reads like a CSV file. */
  readVector(file: Blob, fileName: string): Promise<VectorTable>;
  /** Detection reads the beginning of the file. */
  sniff(file: Blob, overrides: SniffOverrides): Promise<CsvSniff>;
  /** The first `rows` data rows, read as the import will read them. */
  preview(file: Blob, settings: CsvSettings, rows: number): Promise<CsvTable>;
  importTable(
    file: Blob,
    settings: CsvSettings,
    plan: TablePointPlan,
    expectedRows: number,
    onProgress: (fraction: number) => void,
    signal: AbortSignal,
  ): Promise<CsvImportOutcome>;
}

/** Roles the mapping offers, per target. */
export const TARGET_ROLES: Record<CsvImportTarget, CsvRole[]> = {
  resources: ['id', 'name', 'category', 'street', 'houseNumber', 'postcode', 'city', 'capacity', 'provider', 'contact', 'targetGroups', 'ageFrom', 'ageTo'],
  demand: ['id', 'year', 'helpType', 'count', 'age'],
  statistics: ['id', 'year'],
};

/** Roles that make up an address, in the order the wizard shows them. */
export const ADDRESS_ROLES: readonly CsvRole[] = ['street', 'houseNumber', 'postcode', 'city', 'address'];

/** What a column is read as, as the wizard offers it: a type, with the decimal mark for numbers. */
export type ColumnFormat = 'number-comma' | 'number-point' | 'text' | 'date' | 'empty';

const PREVIEW_ROWS = 500;
/** Resources are records (editable one by one); tables larger than this are demand. */
export const MAX_RESOURCE_ROWS = 100_000;
/** Files read as vector data (their point features become rows). */
const VECTOR_FILE = /\.(geojson|json|zip|kml|kmz|gpx)$/i;
/** How the table made from a vector file is written (see io/vector-table). */
const VECTOR_TABLE_SETTINGS = { encoding: 'utf-8', delimiter: ';', quote: '"', hasHeader: true } as const;

/** A vector file behind the table: what was read and what could not become a row. */
export interface VectorSource {
  rows: number;
  fromAreas: number;
  skipped: VectorTable['skipped'];
  problems: VectorTable['problems'];
  crs: VectorTable['crs'];
  featureNumbers: Uint32Array;
}
/** Official statistics write "-" for "exactly nothing" (as opposed to "." for "unknown"). */
const DASH = '-';

/** Names of the coordinate systems as planners know them (the same in German and English). */
const CRS_NAMES: Record<string, string> = {
  'EPSG:25832': 'ETRS89 / UTM 32N (EPSG:25832)',
  'EPSG:25833': 'ETRS89 / UTM 33N (EPSG:25833)',
  'EPSG:31467': 'DHDN / Gauß-Krüger 3 (EPSG:31467)',
  'EPSG:31468': 'DHDN / Gauß-Krüger 4 (EPSG:31468)',
  'EPSG:3035': 'ETRS89 / LAEA (EPSG:3035)',
  'EPSG:3857': 'Web Mercator (EPSG:3857)',
  'EPSG:32632': 'WGS 84 / UTM 32N (EPSG:32632)',
  'EPSG:32633': 'WGS 84 / UTM 33N (EPSG:32633)',
};

/** An interpretation of two coordinate columns in words, in the user's language. */
export function crsLabel(interpretation: CoordinateInterpretation, translate: (key: 'csv.crs.lonLat' | 'csv.crs.latLon' | 'csv.crs.zonePrefix' | 'csv.crs.northingFirst') => string): string {
  if (interpretation.crs === 'EPSG:4326') return translate(interpretation.order === 'xy' ? 'csv.crs.lonLat' : 'csv.crs.latLon');
  const parts = [CRS_NAMES[interpretation.crs] ?? interpretation.crs];
  if (interpretation.zonePrefix) parts.push(translate('csv.crs.zonePrefix'));
  if (interpretation.order === 'yx') parts.push(translate('csv.crs.northingFirst'));
  return parts.join(', ');
}

function formatOf(settings: CsvColumnSettings): ColumnFormat {
  if (settings.type === 'text' || settings.type === 'date' || settings.type === 'empty') return settings.type;
  return settings.decimal === ',' ? 'number-comma' : 'number-point';
}

export class CsvImport {
  readonly #service: CsvImportService;
  readonly #project: ProjectState;
  readonly #preferences: Preferences | null;
  fileName = $state('');
  #file: Blob | null = null;
  sniff = $state.raw<CsvSniff | null>(null);
  overrides = $state.raw<SniffOverrides>({});
  preview = $state.raw<CsvTable | null>(null);
  target = $state<CsvImportTarget>('resources');
  /** Role → file column (0-based), null for none. */
  roles = $state.raw<Partial<Record<CsvRole, number | null>>>({});
  location = $state<CsvLocationKind>('coordinates');
  /** Columns holding the two coordinates (a, b in file order). */
  coordinateColumns = $state.raw<[number, number] | null>(null);
  coordinateGuess = $state.raw<CoordinateGuess | null>(null);
  interpretation = $state.raw<CoordinateInterpretation | null>(null);
  /** The WKT column's guess (from its points in the preview, its SRID first). */
  wktGuess = $state.raw<CoordinateGuess | null>(null);
  wktInterpretation = $state.raw<CoordinateInterpretation | null>(null);
  areaKeyColumn = $state<number | null>(null);
  joinTo = $state<'spaces' | 'units'>('spaces');
  /** Keys of a finer level (Planungsraum under Prognoseraum) summed up to the area they start with. */
  joinParents = $state(false);
  /** Area keys the user mapped by hand: raw key → area id. */
  keyOverrides = $state.raw<Record<string, string>>({});
  /** Category chosen by hand per value of the category column (resources). */
  categoryChoices = $state.raw<Record<string, ResourceCategory>>({});
  /** Category of rows without a category value (or of all rows without a category column). */
  defaultCategory = $state<ResourceCategory>('other');
  /** Set when the file is a vector file (GeoJSON, Shapefile, KML, GPX) read as a table. */
  vector = $state.raw<VectorSource | null>(null);
  /** The mapping came from the last import of a file with the same header. */
  reusedMapping = $state(false);
  status = $state<'empty' | 'reading' | 'ready' | 'importing' | 'done' | 'failed'>('empty');
  progress = $state(0);
  error = $state<string | null>(null);
  /** A refusal the dialog can say in the UI language (`csv.error.<code>` with its parameters). */
  refusal = $state<CsvFileErrorData | null>(null);
  outcome = $state.raw<CsvImportOutcome | null>(null);
  /** Key overrides the shown outcome was imported with (to tell whether a re-run is due). */
  #outcomeOverrides: Record<string, string> = {};
  #abort: AbortController | null = null;

  constructor(project: ProjectState, service: CsvImportService, preferences: Preferences | null = null) {
    this.#project = project;
    this.#service = service;
    this.#preferences = preferences;
  }

  /** Columns of the file: index and header (or "Spalte n"). */
  get columns(): { index: number; name: string }[] {
    return (this.sniff?.columns ?? []).map((column) => ({ index: column.index, name: column.name || `Spalte ${column.index + 1}` }));
  }

  /** Addresses available for address matching (from imported OSM extracts). */
  get addressCount(): number {
    return this.#project.addressPoints.length;
  }

  async load(fileName: string, file: Blob): Promise<void> {
    this.fileName = fileName;
    this.#file = null;
    this.vector = null;
    this.sniff = null;
    this.preview = null;
    this.overrides = {};
    this.outcome = null;
    this.keyOverrides = {};
    this.reusedMapping = false;
    this.categoryChoices = {};
    // "kindertagesstaetten.geojson" is a list of Kitas even without a category column.
    this.defaultCategory = suggestCategory(fileName.replace(/\.[^.]+$/, '')) ?? 'other';
    this.refusal = null;
    if (VECTOR_FILE.test(fileName)) {
      this.status = 'reading';
      this.error = null;
      try {
        const table = await this.#service.readVector(file, fileName);
        const { csv, ...source } = table;
        this.vector = source;
        this.#file = new Blob([csv as Uint8Array<ArrayBuffer>], { type: 'text/csv' });
        this.overrides = { ...VECTOR_TABLE_SETTINGS };
      } catch (error) {
        this.status = 'failed';
        this.#fail(error);
        return;
      }
    } else {
      this.#file = file;
    }
    await this.#resniff(true);
  }

  /** Where a problem is in the file: "Zeile 12" for CSV, the feature number for vector files. */
  position(line: number): { key: 'csv.line' | 'csv.feature'; number: number } {
    if (!this.vector) return { key: 'csv.line', number: line };
    // Line 1 is the header; line n holds row n - 2.
    return { key: 'csv.feature', number: this.vector.featureNumbers[line - 2] ?? line - 1 };
  }

  /** Change a file-level setting (encoding, delimiter, quote, header) and read again. */
  async override(overrides: Omit<SniffOverrides, 'columns'>): Promise<void> {
    this.overrides = { ...this.overrides, ...overrides };
    await this.#resniff(false);
  }

  /** The text of a text column's cell in the preview ('' when there is none). */
  previewText(row: number, index: number): string {
    const column = this.preview?.columns.find((candidate) => candidate.index === index);
    if (!column || row >= this.preview!.rowCount) return '';
    return String(cellValue(column, row));
  }

  /** How a column is read, as offered in the preview header. */
  columnFormat(index: number): ColumnFormat | null {
    const settings = this.sniff?.settings.columns[index];
    return settings ? formatOf(settings) : null;
  }

  /** Read a column differently (text, a number with decimal comma or point, a date) and read again. */
  async setColumnFormat(index: number, format: ColumnFormat): Promise<void> {
    const current = this.sniff?.settings.columns[index];
    if (!current) return;
    let change: Partial<CsvColumnSettings>;
    if (format === 'number-comma' || format === 'number-point') {
      const decimal = format === 'number-comma' ? ',' : '.';
      // A thousands separator equal to the new decimal mark would swallow the decimals.
      const thousands = current.thousands === decimal ? (decimal === ',' ? '.' : ',') : current.thousands;
      const numeric = current.type === 'text' || current.type === 'date' || current.type === 'empty' ? 'number' : current.type;
      change = { type: numeric, decimal, thousands };
    } else {
      change = { type: format };
    }
    const columns = { ...this.overrides.columns, [index]: { ...this.overrides.columns?.[index], ...change } };
    this.overrides = { ...this.overrides, columns };
    await this.#resniff(false);
  }

  /** Whether "-" in numeric columns is read as 0 (official statistics) rather than as missing. */
  get dashAsZero(): boolean {
    const numeric = (this.sniff?.settings.columns ?? []).filter((column) => column.type !== 'text' && column.type !== 'date' && column.type !== 'empty');
    return numeric.length > 0 && numeric.every((column) => column.zeroMarkers.includes(DASH));
  }

  /** Read "-" as 0 in every numeric column, or as missing again. */
  async setDashAsZero(zero: boolean): Promise<void> {
    const settings = this.sniff?.settings;
    if (!settings) return;
    const columns = { ...this.overrides.columns };
    settings.columns.forEach((column, index) => {
      if (column.type === 'text' || column.type === 'date' || column.type === 'empty') return;
      const missing = column.missingMarkers.filter((marker) => marker !== DASH);
      const zeros = column.zeroMarkers.filter((marker) => marker !== DASH);
      columns[index] = {
        ...columns[index],
        missingMarkers: zero ? missing : [...missing, DASH],
        zeroMarkers: zero ? [...zeros, DASH] : zeros,
      };
    });
    this.overrides = { ...this.overrides, columns };
    await this.#resniff(false);
  }

  /** Missing-value markers seen in the sample, with how often, over all columns. */
  get markersSeen(): { marker: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const column of this.sniff?.columns ?? []) {
      for (const [marker, count] of Object.entries(column.markers)) if (marker !== '') counts.set(marker, (counts.get(marker) ?? 0) + count);
    }
    return [...counts].map(([marker, count]) => ({ marker, count })).sort((a, b) => b.count - a.count);
  }

  setRole(role: CsvRole, column: number | null): void {
    this.roles = { ...this.roles, [role]: column };
    if (role === 'wkt') this.#guessWkt();
  }

  setInterpretation(interpretation: CoordinateInterpretation): void {
    if (this.location === 'wkt') this.wktInterpretation = interpretation;
    else this.interpretation = interpretation;
  }

  /** The guess and chosen interpretation of the active location method (coordinates or WKT). */
  get activeGuess(): CoordinateGuess | null {
    return this.location === 'wkt' ? this.wktGuess : this.location === 'coordinates' ? this.coordinateGuess : null;
  }

  get activeInterpretation(): CoordinateInterpretation | null {
    return this.location === 'wkt' ? this.wktInterpretation : this.location === 'coordinates' ? this.interpretation : null;
  }

  /** The plan the import will follow, or a reason it cannot run yet. */
  get plan(): TablePointPlan | { missing: 'coordinates' | 'wkt' | 'area-key' | 'areas' | 'address-columns' | 'addresses' } {
    const chosen = Object.values(this.roles).filter((column): column is number => column !== null && column !== undefined);
    // Figures per area keep every number column: each may become a numerator or a denominator.
    const numbers = this.target === 'statistics' ? this.#numberColumns() : [];
    const keep = [...new Set([...chosen, ...numbers])].sort((a, b) => a - b);
    const keyColumn = this.roles.id ?? null;
    switch (this.location) {
      case 'coordinates': {
        if (!this.coordinateColumns || !this.interpretation) return { missing: 'coordinates' };
        const [a, b] = this.coordinateColumns;
        return { keep, keyColumn, location: { kind: 'coordinates', a, b, interpretation: this.interpretation } };
      }
      case 'wkt': {
        const column = this.roles.wkt ?? null;
        if (column === null || !this.wktInterpretation) return { missing: 'wkt' };
        // The geometry text itself is not kept as an attribute.
        return { keep: keep.filter((index) => index !== column), keyColumn, location: { kind: 'wkt', column, interpretation: this.wktInterpretation } };
      }
      case 'area-key': {
        if (this.areaKeyColumn === null) return { missing: 'area-key' };
        const areas = this.joinAreas();
        if (areas.length === 0) return { missing: 'areas' };
        return {
          keep: [...new Set([...keep, this.areaKeyColumn])].sort((a, b) => a - b),
          keyColumn,
          location: { kind: 'area-key', column: this.areaKeyColumn, areas, overrides: { ...this.keyOverrides }, parents: this.joinParents && this.parentDigits > 0 },
        };
      }
      case 'address': {
        const column = (role: CsvRole) => this.roles[role] ?? null;
        const columns = { street: column('street'), houseNumber: column('houseNumber'), postcode: column('postcode'), city: column('city'), line: column('address') };
        if (columns.street === null && columns.line === null) return { missing: 'address-columns' };
        const addresses = this.#project.addressPoints;
        if (addresses.length === 0) return { missing: 'addresses' };
        return { keep, keyColumn, location: { kind: 'address', columns, addresses } };
      }
    }
  }

  /** File columns read as numbers (not the coordinate columns). */
  #numberColumns(): number[] {
    const coordinates: readonly number[] = this.location === 'coordinates' ? (this.coordinateColumns ?? []) : [];
    return (this.sniff?.settings.columns ?? []).flatMap((column, index) =>
      column.type !== 'text' && column.type !== 'date' && column.type !== 'empty' && !coordinates.includes(index) ? [index] : [],
    );
  }

  /** Spaces of the active variant, or base units, as areas to join keys to. */
  joinAreas(): JoinArea[] {
    if (this.joinTo === 'spaces') {
      return this.#project.spaces
        .filter((space) => !isEmptyArea(space.geometry))
        .map((space) => ({ id: space.id, code: space.code, key: space.code.replace(/^\D+/, ''), name: space.name, labelPoint: labelPoint(space.geometry) }));
    }
    return this.#project.units.map((unit) => ({ id: unit.id, code: '', key: unit.key, name: unit.name, labelPoint: labelPoint(unit.geometry) }));
  }

  /**
   * How many leading digits a finer key would be matched by: every area of the join target has
   * an all-digit key of this length (0: not possible, no choice offered).
   */
  get parentDigits(): number {
    const keys = this.joinAreas().map((area) => area.key.trim());
    return keys.length > 0 && keys.every((key) => /^\d+$/.test(key) && key.length === keys[0]!.length) ? keys[0]!.length : 0;
  }

  /** "04 Westliche Höhe" for an area id of the join target (for lists of candidates). */
  areaLabel(id: string): string {
    if (this.joinTo === 'spaces') {
      const space = this.#project.spaces.find((candidate) => candidate.id === id);
      return space ? `${space.code} ${space.name}`.trim() : id;
    }
    const unit = this.#project.units.find((candidate) => candidate.id === id);
    return unit ? `${unit.key} ${unit.name}`.trim() : id;
  }

  /** Map an unmatched key to an area by hand (null: undo). Takes effect with the next `run`. */
  setKeyOverride(raw: string, areaId: string | null): void {
    const next = { ...this.keyOverrides };
    if (areaId) next[raw] = areaId;
    else delete next[raw];
    this.keyOverrides = next;
  }

  /** Keys were mapped by hand since the shown result was imported. */
  get overridesPending(): boolean {
    const shown = this.#outcomeOverrides;
    const now = this.keyOverrides;
    const keys = new Set([...Object.keys(shown), ...Object.keys(now)]);
    return [...keys].some((key) => shown[key] !== now[key]);
  }

  /** Parse the whole file in the worker, locate the rows, and keep the result for review. */
  async run(): Promise<void> {
    const plan = this.plan;
    if (!this.#file || !this.sniff || 'missing' in plan) return;
    this.status = 'importing';
    this.progress = 0;
    this.error = null;
    this.#abort = new AbortController();
    const overrides = { ...this.keyOverrides };
    try {
      this.outcome = await this.#service.importTable(
        this.#file,
        this.sniff.settings,
        plan,
        this.sniff.estimatedRows,
        (fraction) => (this.progress = fraction),
        this.#abort.signal,
      );
      this.#outcomeOverrides = overrides;
      this.status = 'done';
    } catch (error) {
      if (this.#abort.signal.aborted) {
        this.status = 'ready';
        return;
      }
      this.status = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#abort = null;
    }
  }

  /** Stop a running import; the project stays as it was. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Where the imported points are (their core: far-off outliers left out), to show them on the map. */
  get extent(): BBox | null {
    const points = this.outcome?.points;
    if (!points) return null;
    const box = coreBbox(points.lon, points.lat);
    if (!box) return null;
    // A single place (all rows joined to one area) still gets a neighbourhood around it.
    const pad = Math.max(0.005, Math.max(box[2] - box[0], box[3] - box[1]) * 0.05);
    return [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad];
  }

  /** Back from the result to the settings (to change the mapping and import again). */
  back(): void {
    this.outcome = null;
    this.status = this.sniff ? 'ready' : 'empty';
  }

  /**
   * Store the imported points as a layer (one undoable change) and remember the mapping for
   * the next file with this header; returns the layer.
   */
  async save(layerName: string): Promise<Layer> {
    const outcome = this.outcome;
    if (!outcome) throw new Error('Nothing imported yet');
    const mapping: Record<string, string> = {};
    for (const [role, column] of Object.entries(this.roles)) {
      if (column !== null && column !== undefined) mapping[role] = this.columns[column]?.name ?? String(column);
    }
    let layer: Layer;
    if (this.target === 'resources') {
      if (outcome.points.length > MAX_RESOURCE_ROWS) throw new Error(`More than ${MAX_RESOURCE_ROWS} resources; import the table as demand instead`);
      const choices = { ...this.categoryChoices };
      const fallback = this.defaultCategory;
      const categoryOf = (value: string | null): ResourceCategory => (value === null ? fallback : (choices[value] ?? this.#suggestCategory(value) ?? fallback));
      const project = this.#project;
      const saved = await project.importResourceLayer({ name: layerName, source: this.fileName, mapping }, (layerId) => {
        const { resources } = resourcesFromTable(outcome.points, mapping, categoryOf, { projectId: project.id, layerId });
        return resources;
      });
      layer = saved.layer;
    } else {
      layer = await this.#project.importPointLayer({ kind: this.target, name: layerName, source: this.fileName, mapping }, outcome.points);
    }
    this.#remember();
    return layer;
  }

  /**
   * Values of the category column in the imported rows, most frequent first, with the category
   * each will get (the user's choice, else the suggestion from the words, else the default).
   */
  get categoryValues(): { value: string; rows: number; category: ResourceCategory; suggested: boolean }[] {
    const outcome = this.outcome;
    const column = this.roles.category;
    if (!outcome || this.target !== 'resources' || column === null || column === undefined) return [];
    const name = this.columns[column]?.name;
    const data = outcome.points.columns.find((candidate) => candidate.name === name);
    if (!data || data.kind !== 'text') return [];
    const counts = new Uint32Array(data.dictionary.length + 1);
    for (const code of data.codes) counts[code]!++;
    return data.dictionary
      .map((value, index) => ({ value, rows: counts[index + 1]! }))
      .filter((entry) => entry.rows > 0)
      .sort((left, right) => right.rows - left.rows || left.value.localeCompare(right.value, 'de'))
      .map(({ value, rows }) => {
        const chosen = this.categoryChoices[value];
        const suggestion = this.#suggestCategory(value);
        return { value, rows, category: chosen ?? suggestion ?? this.defaultCategory, suggested: chosen === undefined && suggestion !== null };
      });
  }

  /**
   * The category a value in the file suggests: a project category of that name (folded, so
   * "bibliothek" finds "Bibliothek"), else one from the built-in words, as the project has it
   * after merges; null when nothing fits.
   */
  #suggestCategory(value: string): ResourceCategory | null {
    const categories = this.#project.categories;
    const folded = foldGerman(value);
    const named = activeCategories(categories).find((category) => category.label !== null && foldGerman(category.label) === folded);
    if (named) return named.id;
    const suggested = suggestCategory(value);
    return suggested === null ? null : resolveCategory(categories, suggested);
  }

  setCategoryChoice(value: string, category: ResourceCategory): void {
    this.categoryChoices = { ...this.categoryChoices, [value]: category };
  }

  #remember(): void {
    if (!this.#preferences || !this.sniff) return;
    const { columns, ...file } = this.overrides;
    saveCsvMapping(this.#preferences, this.sniff.header, {
      target: this.target,
      roles: this.roles,
      location: this.location,
      coordinateColumns: this.coordinateColumns,
      interpretation: this.location === 'wkt' ? this.wktInterpretation : this.interpretation,
      areaKeyColumn: this.areaKeyColumn,
      joinTo: this.joinTo,
      joinParents: this.joinParents,
      categoryChoices: this.categoryChoices,
      defaultCategory: this.defaultCategory,
      keyOverrides: this.keyOverrides,
      file,
      columns: columns ?? {},
      savedAt: Date.now(),
    });
  }

  /** Drop a reused mapping and take the suggestions from the headers instead. */
  async useSuggestions(): Promise<void> {
    this.overrides = this.vector ? { ...VECTOR_TABLE_SETTINGS } : {};
    this.keyOverrides = {};
    this.reusedMapping = false;
    await this.#resniff(true, false);
  }

  async #resniff(first: boolean, reuse = true): Promise<void> {
    const file = this.#file;
    if (!file) return;
    this.status = 'reading';
    this.error = null;
    this.refusal = null;
    try {
      let sniff = await this.#service.sniff(file, this.overrides);
      const saved = first && reuse && this.#preferences ? loadCsvMapping(this.#preferences, sniff.header) : null;
      if (saved && (Object.keys(saved.file).length > 0 || Object.keys(saved.columns).length > 0)) {
        this.overrides = { ...saved.file, ...(this.vector ? VECTOR_TABLE_SETTINGS : {}), columns: saved.columns };
        sniff = await this.#service.sniff(file, this.overrides);
      }
      this.sniff = sniff;
      this.preview = await this.#service.preview(file, sniff.settings, PREVIEW_ROWS);
      if (saved) this.#reuse(saved, sniff);
      else if (first || Object.keys(this.roles).length === 0) this.#suggest(sniff);
      this.#guessLocation();
      this.#guessWkt();
      if (saved?.interpretation) {
        if (saved.location === 'wkt') this.wktInterpretation = saved.interpretation;
        else this.interpretation = saved.interpretation;
      }
      this.status = 'ready';
    } catch (error) {
      this.status = 'failed';
      this.#fail(error);
    }
  }

  /** Keep a failure for the dialog: a refusal with its code, anything else as its message. */
  #fail(error: unknown): void {
    const refusal = error instanceof CsvFileError ? error.toData() : isCsvFileErrorData(error) ? error : null;
    this.refusal = refusal;
    this.error = refusal?.message ?? (error instanceof Error ? error.message : String(error));
  }

  #reuse(saved: NonNullable<ReturnType<typeof loadCsvMapping>>, sniff: CsvSniff): void {
    const inRange = (column: number | null | undefined) => column === null || column === undefined || column < sniff.settings.columnCount;
    this.target = saved.target;
    this.roles = Object.fromEntries(Object.entries(saved.roles).filter(([, column]) => inRange(column)));
    this.location = saved.location;
    this.coordinateColumns = saved.coordinateColumns && saved.coordinateColumns.every(inRange) ? saved.coordinateColumns : null;
    this.areaKeyColumn = inRange(saved.areaKeyColumn) ? (saved.areaKeyColumn ?? null) : null;
    this.joinTo = saved.joinTo;
    this.joinParents = saved.joinParents ?? false;
    this.keyOverrides = saved.keyOverrides ?? {};
    this.categoryChoices = saved.categoryChoices ?? {};
    if (saved.defaultCategory) this.defaultCategory = saved.defaultCategory;
    this.reusedMapping = true;
  }

  #suggest(sniff: CsvSniff): void {
    const byRole = sniff.roles.byRole;
    const roles: Partial<Record<CsvRole, number | null>> = {};
    for (const [role, suggestion] of Object.entries(byRole)) if (suggestion) roles[role as CsvRole] = suggestion.column;
    this.roles = roles;
    // Demand tables have help types or counts by year; resource lists have names, categories
    // or addresses; a table of numbers per area without either holds figures (population …).
    const numbers = sniff.settings.columns.filter((column) => column.type !== 'text' && column.type !== 'date' && column.type !== 'empty').length;
    const coordinates = byRole.latitude || byRole.longitude || byRole.x || byRole.y || byRole.wkt;
    if (byRole.helpType || (byRole.count && byRole.year)) this.target = 'demand';
    else if (byRole.name || byRole.category || byRole.street || byRole.address) this.target = 'resources';
    else if (byRole.areaKey && !coordinates && numbers > 0) this.target = 'statistics';
    else this.target = byRole.count ? 'demand' : 'resources';
    const pairs: [CsvRole, CsvRole][] = [
      ['longitude', 'latitude'],
      ['x', 'y'],
    ];
    const pair = pairs.find(([a, b]) => byRole[a] && byRole[b]);
    this.coordinateColumns = pair
      ? ([byRole[pair[0]]!.column, byRole[pair[1]]!.column].sort((a, b) => a - b) as [number, number])
      : null;
    this.areaKeyColumn = byRole.areaKey?.column ?? null;
    // Coordinates are the most exact location, then WKT, then an address, then an area key.
    if (pair) this.location = 'coordinates';
    else if (byRole.wkt) this.location = 'wkt';
    else if ((byRole.street || byRole.address) && this.#project.addressPoints.length > 0) this.location = 'address';
    else if (byRole.areaKey) this.location = 'area-key';
    else if (byRole.street || byRole.address) this.location = 'address';
    else this.location = 'coordinates';
    if (this.#project.spaces.length === 0 && this.#project.units.length > 0) this.joinTo = 'units';
  }

  /** Guess what the coordinate columns hold from the preview rows (project area as a hint). */
  #guessLocation(): void {
    const preview = this.preview;
    if (!preview || !this.coordinateColumns) {
      this.coordinateGuess = null;
      return;
    }
    const [a, b] = this.coordinateColumns.map((index) => preview.columns.find((column) => column.index === index));
    if (!a || !b || a.kind !== 'number' || b.kind !== 'number') {
      this.coordinateGuess = null;
      return;
    }
    const bbox = this.#project.bbox;
    this.coordinateGuess = guessCoordinates(a.values, b.values, bbox ? { expectedBbox: bbox } : {});
    this.interpretation = this.coordinateGuess.best ? this.coordinateGuess.best : null;
  }

  /** Guess the coordinate system of the WKT column from its preview points; a declared SRID wins. */
  #guessWkt(): void {
    const preview = this.preview;
    const column = this.roles.wkt ?? null;
    const data = column === null ? undefined : preview?.columns.find((candidate) => candidate.index === column);
    if (!preview || !data) {
      this.wktGuess = null;
      this.wktInterpretation = null;
      return;
    }
    const cells = Array.from({ length: preview.rowCount }, (_, row) => {
      const value = cellValue(data, row);
      return typeof value === 'string' ? value : null;
    });
    const points = wktPointColumns(cells);
    const bbox = this.#project.bbox;
    const guess = guessCoordinates(points.x, points.y, bbox ? { expectedBbox: bbox } : {});
    this.wktGuess = guess;
    const declared = points.srid !== null ? crsCodeForSrid(points.srid) : null;
    const candidates = [guess.best, ...guess.alternatives].filter((candidate) => candidate !== null);
    // WKT writes x (easting, longitude) first; a declared SRID names the system.
    const fromSrid = declared ? candidates.find((candidate) => candidate.crs === declared && candidate.order === 'xy') : undefined;
    this.wktInterpretation = fromSrid ?? guess.best ?? (declared ? ({ crs: declared, order: 'xy', zonePrefix: false } as CoordinateInterpretation) : null);
  }

  /**
   * Everything not imported as it was written, in file order: rejected rows and cells from
   * parsing and rows that could not be located. `reasonKey` is a message key.
   */
  readonly problems: CsvProblem[] = $derived.by(() => {
    const outcome = this.outcome;
    if (!outcome) return [];
    const names = this.columns.map((column) => column.name);
    const parsed = outcome.rejects.map((reject) => ({
      line: reject.line,
      column: reject.column >= 0 ? (names[reject.column] ?? String(reject.column + 1)) : '',
      value: reject.value,
      reasonKey: `csv.reason.${reject.reason}`,
      rowLeftOut: reject.rowRejected,
    }));
    const located = outcome.report.rowsOut.map((row) => ({
      line: row.line,
      column: '',
      value: row.value,
      reasonKey: `csv.reason.${row.reason}`,
      rowLeftOut: !row.kept,
    }));
    const problems: CsvProblem[] = [...parsed, ...located];
    const vector = this.vector;
    if (vector) {
      // Vector lines are table lines; features the table left out are listed by feature number.
      const lineOf = (featureNumber: number) => {
        const row = vector.featureNumbers.indexOf(featureNumber);
        return row >= 0 ? row + 2 : -featureNumber;
      };
      for (const skip of vector.skipped) {
        problems.push({ line: lineOf(skip.featureNumber), column: '', value: skip.geometryType, reasonKey: 'csv.reason.not-a-point', rowLeftOut: true });
      }
      for (const problem of vector.problems) {
        problems.push({ line: lineOf(problem.featureNumber), column: '', value: '', reasonKey: `importProblem.${problem.code}`, reasonParams: problem.params, rowLeftOut: !problem.repaired });
      }
    }
    const order = (line: number) => (line < 0 ? -line : this.position(line).number);
    return problems.sort((left, right) => order(left.line) - order(right.line));
  });

  /** The number shown for a problem's `line` (negative lines are features that have no table line). */
  problemPosition(line: number): { key: 'csv.line' | 'csv.feature'; number: number } {
    return line < 0 ? { key: 'csv.feature', number: -line } : this.position(line);
  }

  /** The problems as a CSV (UTF-8 with BOM, `;`) for German Excel; null when there are none. */
  problemsCsv(translate: (key: string, params?: Record<string, string | number>) => string): { fileName: string; content: string } | null {
    const problems = this.problems;
    if (problems.length === 0) return null;
    const header = [translate(this.vector ? 'csv.problemHeader.feature' : 'csv.problemHeader.line'), translate('csv.problemHeader.column'), translate('csv.problemHeader.value'), translate('csv.problemHeader.reason'), translate('csv.problemHeader.leftOut')];
    const lines = [header.map(spreadsheetCell).join(';')];
    for (const problem of problems) {
      lines.push(
        [String(this.problemPosition(problem.line).number), problem.column, problem.value, translate(problem.reasonKey, problem.reasonParams), translate(problem.rowLeftOut ? 'csv.yes' : 'csv.no')]
          .map(spreadsheetCell)
          .join(';'),
      );
    }
    return { fileName: `${this.fileName.replace(/\.[^.]+$/, '')}-probleme.csv`, content: `\ufeff${lines.join('\r\n')}\r\n` };
  }

  /** Pick the two coordinate columns by hand and guess again. */
  setCoordinateColumns(columns: [number, number] | null): void {
    this.coordinateColumns = columns;
    this.#guessLocation();
  }
}
