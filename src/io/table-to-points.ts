/**
 * From a parsed CSV table to a point table: the wizard's column choices and location method
 * (coordinate columns, a WKT column, an area key joined to spaces or units, or an address
 * matched against an offline address list) applied to every row. Rows that cannot be located
 * are listed (with their file line and why) and left out; rows located only approximately are
 * kept and listed too. Nothing disappears without a line in the report.
 */
import type { Position } from 'geojson';
import { createPointTable, textColumn, type PointColumn, type PointTable } from '../domain/point-table';
import { cellValue, packedTextValues, type CsvColumnData, type CsvReject, type CsvRejectReason, type CsvTable } from './csv';
import {
  convertToWgs84,
  createAddressIndex,
  createAreaMatcher,
  describeInterpretation,
  wktPointColumns,
  type AddressMatchHow,
  type AddressPoint,
  type AddressQuery,
  type CoordinateInterpretation,
  type DoubtfulCoordinate,
} from './location';

/** An area rows can be joined to by key: a social space or a base unit, with its label point. */
export interface JoinArea {
  id: string;
  code: string;
  key: string;
  name: string;
  /** Where rows joined to the area are drawn. */
  labelPoint: Position;
}

/** File columns holding the parts of an address; `line` is a whole address in one cell. */
export interface AddressColumns {
  street: number | null;
  houseNumber: number | null;
  postcode: number | null;
  city: number | null;
  line: number | null;
}

export type LocationPlan =
  | { kind: 'coordinates'; a: number; b: number; interpretation: CoordinateInterpretation }
  | { kind: 'wkt'; column: number; interpretation: CoordinateInterpretation }
  | {
      kind: 'area-key';
      column: number;
      areas: JoinArea[];
      /** Keys the user mapped by hand: raw key as written → area id. */
      overrides?: Record<string, string>;
      /** Keys of a finer level are summed up to the area whose key they start with. */
      parents?: boolean;
    }
  | { kind: 'address'; columns: AddressColumns; addresses: AddressPoint[] };

/** The file columns a plan reads (kept columns and the ones it locates by), ascending. */
export function planColumns(plan: TablePointPlan): number[] {
  const columns = new Set(plan.keep);
  const location = plan.location;
  if (location.kind === 'coordinates') columns.add(location.a).add(location.b);
  else if (location.kind === 'wkt' || location.kind === 'area-key') columns.add(location.column);
  else for (const column of Object.values(location.columns)) if (column !== null) columns.add(column);
  return [...columns].sort((a, b) => a - b);
}

export interface TablePointPlan {
  /** Columns to keep (file column indexes), stored under their header name. */
  keep: number[];
  /** The column that identifies a record across re-imports, or null. */
  keyColumn: number | null;
  location: LocationPlan;
}

/** Why a row was left out (or kept with a doubt). */
export type UnlocatedReason =
  | DoubtfulCoordinate['reason']
  | 'unknown-area'
  | 'ambiguous-area'
  | 'invalid-wkt'
  | 'address-unmatched'
  /** Kept: placed at the nearest house number or the middle of the street. */
  | 'address-approximate';

export interface UnlocatedRow {
  /** 1-based line in the file. */
  line: number;
  reason: UnlocatedReason;
  /** The coordinate pair or area key as read. */
  value: string;
  /** Plain detail (English) for the rejects file; the UI words it from `reason`. */
  detail: string;
  /** Kept on the map although doubtful (a position outside Germany). */
  kept: boolean;
}

export interface TablePointReport {
  rows: number;
  located: number;
  /** Rows not stored because they have no position. */
  unlocated: number;
  rowsOut: UnlocatedRow[];
  /** Area keys that matched nothing, with the ids of the closest areas (for the user to map). */
  unmatchedKeys: { raw: string; rows: number; candidates: string[] }[];
  /** How the coordinates were read, e.g. "ETRS89 / UTM 32N (EPSG:25832), easting first". */
  interpretation: string | null;
  /** Address matching: rows per result, and how the located ones were found. */
  addresses: { exact: number; approximate: number; unmatched: number; byHow: Record<AddressMatchHow, number> } | null;
  /** Rows whose finer key found the area it starts with, and by how many leading digits. */
  parents: { rows: number; digits: number } | null;
}

/** A whole import: the located points, how they were located, and what parsing rejected. */
export interface TableImportOutcome {
  points: PointTable;
  report: TablePointReport;
  /** Data rows read (rejected rows not included). */
  rowCount: number;
  rejects: CsvReject[];
  rejectCounts: Partial<Record<CsvRejectReason, number>>;
  rejectedRows: number;
}

/** Unique, non-empty names for the kept columns (header cell, else "Spalte n"). */
function columnNames(table: CsvTable, keep: readonly number[]): Map<number, string> {
  const names = new Map<number, string>();
  const taken = new Set<string>(['areaId']);
  for (const index of keep) {
    const column = table.columns.find((candidate) => candidate.index === index);
    const base = column?.name || `Spalte ${index + 1}`;
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base} (${suffix})`;
    taken.add(name);
    names.set(index, name);
  }
  return names;
}

function columnAt(table: CsvTable, index: number): CsvColumnData {
  const column = table.columns.find((candidate) => candidate.index === index);
  if (!column) throw new Error(`Column ${index + 1} was not read`);
  return column;
}

function numbersOf(column: CsvColumnData): Float64Array {
  if (column.kind === 'number') return column.values;
  const values = new Float64Array(column.kind === 'text' ? column.offsets.length - 1 : column.codes.length);
  for (let row = 0; row < values.length; row++) {
    const text = String(cellValue(column, row)).trim().replace(',', '.');
    values[row] = text === '' ? Number.NaN : Number(text);
  }
  return values;
}

function textsOf(column: CsvColumnData, rows: number): (string | null)[] {
  if (column.kind === 'text') return packedTextValues(column).map((value) => (value === '' ? null : value));
  const out: (string | null)[] = new Array(rows);
  for (let row = 0; row < rows; row++) {
    const value = cellValue(column, row);
    out[row] = typeof value === 'number' ? (Number.isNaN(value) ? null : String(value)) : value === '' ? null : value;
  }
  return out;
}

/** Keep only the rows in `keepRows` (ascending) of a column. */
function pick<T extends Float64Array | (string | null)[]>(values: T, keepRows: Uint32Array): T {
  if (values instanceof Float64Array) {
    const out = new Float64Array(keepRows.length);
    for (let index = 0; index < keepRows.length; index++) out[index] = values[keepRows[index]!]!;
    return out as T;
  }
  return Array.from(keepRows, (row) => (values as (string | null)[])[row] ?? null) as T;
}

/** Apply `plan` to `table`: a point table of the located rows and a report of the others. */
export function tableToPoints(table: CsvTable, plan: TablePointPlan): { points: PointTable; report: TablePointReport } {
  const rows = table.rowCount;
  const lon = new Float64Array(rows).fill(Number.NaN);
  const lat = new Float64Array(rows).fill(Number.NaN);
  const rowsOut: UnlocatedRow[] = [];
  const unmatchedKeys: TablePointReport['unmatchedKeys'] = [];
  let areaIds: (string | null)[] | null = null;
  let interpretation: string | null = null;

  const location = plan.location;
  const pushDoubts = (doubts: readonly DoubtfulCoordinate[]) => {
    for (const doubt of doubts) {
      rowsOut.push({
        line: table.lines[doubt.row]!,
        reason: doubt.reason,
        value: [doubt.a, doubt.b].map((value) => (Number.isNaN(value) ? '' : String(value))).join('; ').replace(/^; $/, ''),
        detail: doubt.detail,
        kept: doubt.reason === 'outside-germany',
      });
    }
  };
  let addresses: TablePointReport['addresses'] = null;
  let parents: TablePointReport['parents'] = null;

  if (location.kind === 'coordinates') {
    const converted = convertToWgs84(numbersOf(columnAt(table, location.a)), numbersOf(columnAt(table, location.b)), location.interpretation);
    lon.set(converted.lon);
    lat.set(converted.lat);
    interpretation = describeInterpretation(location.interpretation);
    pushDoubts(converted.doubtful);
  } else if (location.kind === 'wkt') {
    const cells = textsOf(columnAt(table, location.column), rows);
    const read = wktPointColumns(cells);
    const converted = convertToWgs84(read.x, read.y, location.interpretation);
    lon.set(converted.lon);
    lat.set(converted.lat);
    interpretation = `WKT, ${describeInterpretation(location.interpretation)}`;
    const broken = new Set<number>();
    for (const error of read.errors) {
      broken.add(error.row);
      rowsOut.push({ line: table.lines[error.row]!, reason: 'invalid-wkt', value: error.text, detail: error.message, kept: false });
    }
    // An unreadable cell is NaN for the converter too: report it once, as unreadable WKT.
    pushDoubts(converted.doubtful.filter((doubt) => !broken.has(doubt.row)));
  } else if (location.kind === 'area-key') {
    const { column, areas } = location;
    const byId = new Map(areas.map((area) => [area.id, area]));
    const overrides = Object.fromEntries(Object.entries(location.overrides ?? {}).filter(([, id]) => byId.has(id)));
    const matcher = createAreaMatcher(
      areas.map(({ id, code, key, name }) => ({ id, code, key, name })),
      { overrides, parents: location.parents ?? false },
    );
    const keys = textsOf(columnAt(table, column), rows);
    const report = matcher.matchAll(keys);
    if (report.counts.parent > 0) parents = { rows: report.counts.parent, digits: matcher.parentDigits };
    areaIds = new Array(rows).fill(null);
    report.results.forEach((result, row) => {
      if (result.matched) {
        const area = byId.get(result.areaId)!;
        areaIds![row] = area.id;
        lon[row] = area.labelPoint[0]!;
        lat[row] = area.labelPoint[1]!;
      } else {
        rowsOut.push({
          line: table.lines[row]!,
          reason: result.reason === 'ambiguous' || result.reason === 'conflict' ? 'ambiguous-area' : result.reason === 'empty' ? 'missing' : 'unknown-area',
          value: keys[row] ?? '',
          detail: result.detail,
          kept: false,
        });
      }
    });
    for (const entry of report.unmatched) {
      unmatchedKeys.push({
        raw: entry.raw,
        rows: entry.rows.length,
        candidates: entry.candidates.map((candidate) => candidate.areaId),
      });
    }
  } else {
    const index = createAddressIndex(location.addresses);
    const part = (column: number | null) => (column === null ? null : textsOf(columnAt(table, column), rows));
    const { street, houseNumber, postcode, city, line } = location.columns;
    const [streets, numbers, postcodes, cities, lines] = [part(street), part(houseNumber), part(postcode), part(city), part(line)];
    const queries: AddressQuery[] = new Array(rows);
    for (let row = 0; row < rows; row++) {
      queries[row] = { street: streets?.[row], housenumber: numbers?.[row], postcode: postcodes?.[row], city: cities?.[row], line: lines?.[row] };
    }
    const report = index.matchAll(queries);
    const written = (query: AddressQuery) =>
      [[query.street, query.housenumber].filter(Boolean).join(' '), [query.postcode, query.city].filter(Boolean).join(' '), query.line]
        .filter(Boolean)
        .join(', ');
    report.matches.forEach((match, row) => {
      if (match.status !== 'unmatched') {
        lon[row] = match.lon;
        lat[row] = match.lat;
      }
      if (match.status !== 'exact') {
        rowsOut.push({
          line: table.lines[row]!,
          reason: match.status === 'approximate' ? 'address-approximate' : 'address-unmatched',
          value: written(queries[row]!),
          detail: match.detail,
          kept: match.status === 'approximate',
        });
      }
    });
    addresses = { exact: report.exact, approximate: report.approximate, unmatched: report.unmatched, byHow: report.byHow };
    interpretation = null;
  }

  let located = 0;
  for (let row = 0; row < rows; row++) if (!Number.isNaN(lon[row]!) && !Number.isNaN(lat[row]!)) located++;
  const keepRows = new Uint32Array(located);
  for (let row = 0, next = 0; row < rows; row++) if (!Number.isNaN(lon[row]!) && !Number.isNaN(lat[row]!)) keepRows[next++] = row;

  const names = columnNames(table, plan.keep);
  const columns: PointColumn[] = plan.keep.map((index) => {
    const column = columnAt(table, index);
    const name = names.get(index)!;
    if (column.kind === 'number') return { kind: 'number', name, values: pick(column.values, keepRows) };
    return textColumn(name, pick(textsOf(column, rows), keepRows));
  });
  if (areaIds) columns.push(textColumn('areaId', pick(areaIds, keepRows)));
  const keyName = plan.keyColumn !== null ? (names.get(plan.keyColumn) ?? null) : null;
  const points = createPointTable({ lon: pick(lon, keepRows), lat: pick(lat, keepRows), columns, keyColumn: keyName });
  rowsOut.sort((left, right) => left.line - right.line);
  return {
    points,
    report: { rows, located, unlocated: rows - located, rowsOut, unmatchedKeys, interpretation, addresses, parents },
  };
}
