/**
 * The CSV import wizard's state: a file is sniffed (encoding, delimiter, header, number formats
 * — each overridable), previewed as it will be imported, its columns mapped to roles, its rows
 * located (coordinates in a detected CRS, or an area key joined to spaces or units), then
 * parsed and converted in a worker with progress and cancel, and stored as a point layer in
 * one undoable change. Rejected and unlocated rows are listed and downloadable.
 */
import { spreadsheetCell, type CsvReject, type CsvRejectReason, type CsvSettings, type CsvSniff, type CsvTable, type SniffOverrides } from '../io/csv';
import type { CsvRole } from '../io/csv/roles';
import { guessCoordinates, type CoordinateGuess, type CoordinateInterpretation } from '../io/location';
import type { JoinArea, TablePointPlan, TablePointReport } from '../io/table-to-points';
import type { PointTable } from '../domain/point-table';
import type { Layer } from '../domain/types';
import { labelPoint } from '../geo/label-point';
import { isEmptyArea } from '../domain/types';
import type { ProjectState } from './project.svelte';

export type CsvImportTarget = 'resources' | 'demand';
export type CsvLocationKind = 'coordinates' | 'area-key';

export interface CsvImportOutcome {
  points: PointTable;
  report: TablePointReport;
  rowCount: number;
  rejects: CsvReject[];
  rejectCounts: Partial<Record<CsvRejectReason, number>>;
  rejectedRows: number;
}

/** The heavy parts, in a worker in the app and in-process in tests. */
export interface CsvImportService {
  /** `bytes` may be the beginning of the file; `totalBytes` is the whole size. */
  sniff(bytes: Uint8Array, overrides: SniffOverrides, totalBytes: number): Promise<CsvSniff>;
  /** The first `rows` data rows, read as the import will read them. */
  preview(bytes: Uint8Array, settings: CsvSettings, rows: number): Promise<CsvTable>;
  importTable(
    bytes: Uint8Array,
    settings: CsvSettings,
    plan: TablePointPlan,
    onProgress: (fraction: number) => void,
    signal: AbortSignal,
  ): Promise<CsvImportOutcome>;
}

/** Roles the mapping offers, per target. */
export const TARGET_ROLES: Record<CsvImportTarget, CsvRole[]> = {
  resources: ['id', 'name', 'category', 'street', 'houseNumber', 'postcode', 'city', 'capacity', 'provider', 'ageFrom', 'ageTo'],
  demand: ['id', 'year', 'helpType', 'count', 'age'],
};

const PREVIEW_ROWS = 500;
const SAMPLE_BYTES = 1 << 20;

export class CsvImport {
  readonly #service: CsvImportService;
  readonly #project: ProjectState;
  fileName = $state('');
  #bytes: Uint8Array | null = null;
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
  areaKeyColumn = $state<number | null>(null);
  joinTo = $state<'spaces' | 'units'>('spaces');
  status = $state<'empty' | 'reading' | 'ready' | 'importing' | 'done' | 'failed'>('empty');
  progress = $state(0);
  error = $state<string | null>(null);
  outcome = $state.raw<CsvImportOutcome | null>(null);
  #abort: AbortController | null = null;

  constructor(project: ProjectState, service: CsvImportService) {
    this.#project = project;
    this.#service = service;
  }

  /** Columns of the file: index and header (or "Spalte n"). */
  get columns(): { index: number; name: string }[] {
    return (this.sniff?.columns ?? []).map((column) => ({ index: column.index, name: column.name || `Spalte ${column.index + 1}` }));
  }

  async load(fileName: string, bytes: Uint8Array): Promise<void> {
    this.fileName = fileName;
    this.#bytes = bytes;
    this.overrides = {};
    this.outcome = null;
    await this.#resniff(true);
  }

  /** Change a file-level setting (encoding, delimiter, quote, header) and read again. */
  async override(overrides: SniffOverrides): Promise<void> {
    this.overrides = { ...this.overrides, ...overrides };
    await this.#resniff(false);
  }

  setRole(role: CsvRole, column: number | null): void {
    this.roles = { ...this.roles, [role]: column };
  }

  setInterpretation(interpretation: CoordinateInterpretation): void {
    this.interpretation = interpretation;
  }

  /** The plan the import will follow, or a reason it cannot run yet. */
  get plan(): TablePointPlan | { missing: 'coordinates' | 'area-key' | 'areas' } {
    const keep = [...new Set(Object.values(this.roles).filter((column): column is number => column !== null && column !== undefined))].sort(
      (a, b) => a - b,
    );
    const keyColumn = this.roles.id ?? null;
    if (this.location === 'coordinates') {
      if (!this.coordinateColumns || !this.interpretation) return { missing: 'coordinates' };
      const [a, b] = this.coordinateColumns;
      return { keep, keyColumn, location: { kind: 'coordinates', a, b, interpretation: this.interpretation } };
    }
    if (this.areaKeyColumn === null) return { missing: 'area-key' };
    const areas = this.joinAreas();
    if (areas.length === 0) return { missing: 'areas' };
    return { keep: keep.filter((column) => column !== this.areaKeyColumn).concat(this.areaKeyColumn).sort((a, b) => a - b), keyColumn, location: { kind: 'area-key', column: this.areaKeyColumn, areas } };
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

  /** Parse the whole file in the worker, locate the rows, and keep the result for review. */
  async run(): Promise<void> {
    const plan = this.plan;
    if (!this.#bytes || !this.sniff || 'missing' in plan) return;
    this.status = 'importing';
    this.progress = 0;
    this.error = null;
    this.#abort = new AbortController();
    try {
      this.outcome = await this.#service.importTable(
        this.#bytes.slice(),
        this.sniff.settings,
        plan,
        (fraction) => (this.progress = fraction),
        this.#abort.signal,
      );
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

  /** Store the imported points as a layer (one undoable change); returns the layer. */
  async save(layerName: string): Promise<Layer> {
    const outcome = this.outcome;
    if (!outcome) throw new Error('Nothing imported yet');
    const mapping: Record<string, string> = {};
    for (const [role, column] of Object.entries(this.roles)) {
      if (column !== null && column !== undefined) mapping[role] = this.columns[column]?.name ?? String(column);
    }
    return this.#project.importPointLayer(
      { kind: this.target, name: layerName, source: this.fileName, mapping },
      outcome.points,
    );
  }

  async #resniff(first: boolean): Promise<void> {
    const bytes = this.#bytes;
    if (!bytes) return;
    this.status = 'reading';
    this.error = null;
    try {
      // Only the first MiB travels to the worker for detection and preview (a copy, so the
      // file's bytes stay here for the import).
      const head = () => bytes.slice(0, Math.min(bytes.length, SAMPLE_BYTES));
      const sniff = await this.#service.sniff(head(), this.overrides, bytes.length);
      this.sniff = sniff;
      this.preview = await this.#service.preview(head(), sniff.settings, PREVIEW_ROWS);
      if (first || Object.keys(this.roles).length === 0) this.#suggest(sniff);
      this.#guessLocation();
      this.status = 'ready';
    } catch (error) {
      this.status = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  #suggest(sniff: CsvSniff): void {
    const byRole = sniff.roles.byRole;
    const roles: Partial<Record<CsvRole, number | null>> = {};
    for (const [role, suggestion] of Object.entries(byRole)) if (suggestion) roles[role as CsvRole] = suggestion.column;
    this.roles = roles;
    // Demand tables have counts and years; resource lists have names.
    this.target = byRole.count && !byRole.name ? 'demand' : 'resources';
    const pairs: [CsvRole, CsvRole][] = [
      ['longitude', 'latitude'],
      ['x', 'y'],
    ];
    const pair = pairs.find(([a, b]) => byRole[a] && byRole[b]);
    if (pair) {
      const columns = [byRole[pair[0]]!.column, byRole[pair[1]]!.column].sort((a, b) => a - b) as [number, number];
      this.coordinateColumns = columns;
      this.location = 'coordinates';
    } else {
      this.coordinateColumns = null;
      this.location = byRole.areaKey ? 'area-key' : 'coordinates';
    }
    this.areaKeyColumn = byRole.areaKey?.column ?? null;
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

  /**
   * Everything not imported as it was written, in file order: rejected rows and cells from
   * parsing and rows that could not be located. `reasonKey` is a message key.
   */
  readonly problems: { line: number; column: string; value: string; reasonKey: string; rowLeftOut: boolean }[] = $derived.by(() => {
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
    return [...parsed, ...located].sort((left, right) => left.line - right.line);
  });

  /** The problems as a CSV (UTF-8 with BOM, `;`) for German Excel; null when there are none. */
  problemsCsv(translate: (key: string, params?: Record<string, string | number>) => string): { fileName: string; content: string } | null {
    const problems = this.problems;
    if (problems.length === 0) return null;
    const header = [translate('csv.problemHeader.line'), translate('csv.problemHeader.column'), translate('csv.problemHeader.value'), translate('csv.problemHeader.reason'), translate('csv.problemHeader.leftOut')];
    const lines = [header.map(spreadsheetCell).join(';')];
    for (const problem of problems) {
      lines.push(
        [String(problem.line), problem.column, problem.value, translate(problem.reasonKey), translate(problem.rowLeftOut ? 'csv.yes' : 'csv.no')]
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
