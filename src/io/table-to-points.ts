/**
 * From a parsed CSV table to a point table: the wizard's column choices and location method
 * applied to every row. Rows that cannot be located are listed (with their file line and why)
 * and left out; nothing disappears without a line in the report.
 */
import type { Position } from 'geojson';
import { createPointTable, textColumn, type PointColumn, type PointTable } from '../domain/point-table';
import { cellValue, type CsvColumnData, type CsvTable } from './csv';
import {
  convertToWgs84,
  createAreaMatcher,
  describeInterpretation,
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

export type LocationPlan =
  | { kind: 'coordinates'; a: number; b: number; interpretation: CoordinateInterpretation }
  | { kind: 'area-key'; column: number; areas: JoinArea[] };

export interface TablePointPlan {
  /** Columns to keep (file column indexes), stored under their header name. */
  keep: number[];
  /** The column that identifies a record across re-imports, or null. */
  keyColumn: number | null;
  location: LocationPlan;
}

/** Why a row was left out (or kept with a doubt). */
export type UnlocatedReason = DoubtfulCoordinate['reason'] | 'unknown-area' | 'ambiguous-area';

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
  /** Area keys that matched nothing, with the closest areas (for the user to map). */
  unmatchedKeys: { raw: string; rows: number; candidates: string[] }[];
  /** How the coordinates were read, e.g. "ETRS89 / UTM 32N (EPSG:25832), easting first". */
  interpretation: string | null;
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
  const values = new Float64Array(column.kind === 'text' ? column.values.length : column.codes.length);
  for (let row = 0; row < values.length; row++) {
    const text = String(cellValue(column, row)).trim().replace(',', '.');
    values[row] = text === '' ? Number.NaN : Number(text);
  }
  return values;
}

function textsOf(column: CsvColumnData, rows: number): (string | null)[] {
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

  if (plan.location.kind === 'coordinates') {
    const { a, b } = plan.location;
    const converted = convertToWgs84(numbersOf(columnAt(table, a)), numbersOf(columnAt(table, b)), plan.location.interpretation);
    lon.set(converted.lon);
    lat.set(converted.lat);
    interpretation = describeInterpretation(plan.location.interpretation);
    for (const doubt of converted.doubtful) {
      rowsOut.push({
        line: table.lines[doubt.row]!,
        reason: doubt.reason,
        value: [doubt.a, doubt.b].map((value) => (Number.isNaN(value) ? '' : String(value))).join('; ').replace(/^; $/, ''),
        detail: doubt.detail,
        kept: doubt.reason === 'outside-germany',
      });
    }
  } else {
    const { column, areas } = plan.location;
    const byId = new Map(areas.map((area) => [area.id, area]));
    const matcher = createAreaMatcher(areas.map(({ id, code, key, name }) => ({ id, code, key, name })));
    const keys = textsOf(columnAt(table, column), rows);
    const report = matcher.matchAll(keys);
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
        candidates: entry.candidates.map((candidate) => `${candidate.code} ${candidate.name}`.trim()),
      });
    }
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
    report: { rows, located, unlocated: rows - located, rowsOut, unmatchedKeys, interpretation },
  };
}
