/**
 * Reading a key → social-space table (CSV) that assigns base units to spaces, as planners keep
 * it in a spreadsheet. Columns are found by their values: the column whose values match most
 * unit keys, and the column whose values match most space codes or names. Both can be chosen
 * by the caller instead; names of spaces that do not exist can become new spaces.
 */
import Papa from 'papaparse';
import { decodeText, type TextEncodingName } from './text-decode';
import { rejectedRowsCsv, type RejectReason, type RejectedRow } from './assignment-rejects';
import { normaliseKey } from './location/normalise';

export { rejectedRowsCsv, normaliseKey, type RejectReason, type RejectedRow };

export interface AssignmentRow {
  /** 1-based line number in the file. */
  line: number;
  unitKey: string;
  space: string;
}

export interface AssignmentTableOptions {
  /** Take the unit keys from this column (0-based) instead of detecting it. */
  keyColumn?: number;
  /** Take the spaces from this column (0-based) instead of detecting it. */
  spaceColumn?: number;
  /**
   * Rows naming a space that does not exist assign their unit to a new space of that name
   * (ids `new:1`, `new:2`, … in `missingSpaces`) instead of being rejected.
   */
  createMissingSpaces?: boolean;
}

/** A name in the space column that matches no space (a space to create, when asked to). */
export interface MissingSpace {
  /** Placeholder id used in `matches` when `createMissingSpaces` is set. */
  id: string;
  /** The name as first written in the table. */
  name: string;
  /** Lines that name it. */
  lines: number[];
}

export interface AssignmentTable {
  encoding: TextEncodingName;
  delimiter: string;
  hasHeader: boolean;
  keyColumn: number;
  spaceColumn: number;
  /** True when no column held known spaces and the space column was guessed from its values. */
  spaceColumnGuessed: boolean;
  header: string[] | null;
  /** Number of columns (of the widest row). */
  columnCount: number;
  /** Header cells, or the cells of the first row when there is no header (to label columns). */
  columnLabels: string[];
  /** Data rows (without the header). */
  rowCount: number;
  /** Rows whose unit and space were both recognised, with canonical unit id and space id. */
  matches: { line: number; unitId: string; spaceId: string }[];
  rejected: RejectedRow[];
  missingSpaces: MissingSpace[];
}

export type AssignmentTableErrorCode = 'empty' | 'no-key-column' | 'no-space-column' | 'bad-column';

export class AssignmentTableError extends Error {
  override name = 'AssignmentTableError';
  constructor(
    readonly fileName: string,
    readonly code: AssignmentTableErrorCode,
    message: string,
  ) {
    super(`${fileName}: ${message}`);
  }
}

function bestColumn(rows: string[][], width: number, lookup: ReadonlyMap<string, string>, exclude: number): { column: number; hits: number } {
  let best = { column: -1, hits: 0 };
  for (let column = 0; column < width; column++) {
    if (column === exclude) continue;
    let hits = 0;
    for (const row of rows) if (lookup.has(normaliseKey(row[column] ?? ''))) hits++;
    if (hits > best.hits) best = { column, hits };
  }
  return best;
}

/**
 * When no column holds a known space (e.g. the table describes a new plan), the space column is
 * the one with the fewest different values, but at least two: spaces group many units, while
 * names and numbers differ from row to row. Returns -1 when there is no other column.
 */
function groupingColumn(rows: string[][], width: number, exclude: number): number {
  let best = { column: -1, distinct: Number.POSITIVE_INFINITY };
  for (let column = 0; column < width; column++) {
    if (column === exclude) continue;
    const values = new Set(rows.map((row) => normaliseKey(row[column] ?? '')).filter((value) => value !== ''));
    const distinct = values.size < 2 ? Number.MAX_SAFE_INTEGER : values.size;
    if (values.size > 0 && distinct < best.distinct) best = { column, distinct };
  }
  return best.column;
}

/**
 * Parse `bytes` and match its rows against units (`key` → id) and spaces (code or name → id).
 * Every row that cannot be used is listed in `rejected` with its line and reason.
 */
export function readAssignmentTable(
  fileName: string,
  bytes: ArrayBuffer | Uint8Array,
  units: readonly { id: string; key: string }[],
  spaces: readonly { id: string; code: string; name: string }[],
  options: AssignmentTableOptions = {},
): AssignmentTable {
  const { text, encoding } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t', '|'] });
  const rows = parsed.data.map((row) => row.map((cell) => cell.trim()));
  if (rows.length === 0) throw new AssignmentTableError(fileName, 'empty', 'the file contains no rows');
  let width = 0;
  for (const row of rows) width = Math.max(width, row.length);

  const unitLookup = new Map(units.map((unit) => [normaliseKey(unit.key), unit.id]));
  const spaceLookup = new Map<string, string>();
  for (const space of spaces) {
    spaceLookup.set(normaliseKey(space.name), space.id);
    spaceLookup.set(normaliseKey(space.code), space.id);
    const number = space.code.match(/(\d+)\s*$/)?.[1];
    if (number && !spaceLookup.has(normaliseKey(number))) spaceLookup.set(normaliseKey(number), space.id);
  }

  const chosen = (column: number | undefined) => {
    if (column === undefined) return undefined;
    if (!Number.isInteger(column) || column < 0 || column >= width) {
      throw new AssignmentTableError(fileName, 'bad-column', `the file has no column ${column + 1}`);
    }
    return column;
  };
  const keyColumn = chosen(options.keyColumn) ?? bestColumn(rows, width, unitLookup, -1).column;
  if (keyColumn < 0) {
    throw new AssignmentTableError(fileName, 'no-key-column', 'no column contains keys of the base units of this project');
  }
  let spaceColumn = chosen(options.spaceColumn);
  let spaceColumnGuessed = false;
  if (spaceColumn === undefined) {
    spaceColumn = bestColumn(rows, width, spaceLookup, keyColumn).column;
    if (spaceColumn < 0) {
      spaceColumn = groupingColumn(rows, width, keyColumn);
      spaceColumnGuessed = true;
    }
  }
  if (spaceColumn < 0) {
    throw new AssignmentTableError(fileName, 'no-space-column', 'no column contains codes or names of the social spaces');
  }
  if (spaceColumn === keyColumn) {
    throw new AssignmentTableError(fileName, 'bad-column', 'key and space must be different columns');
  }
  const first = rows[0]!;
  const hasHeader = !unitLookup.has(normaliseKey(first[keyColumn] ?? '')) && !spaceLookup.has(normaliseKey(first[spaceColumn] ?? ''));

  const matches: AssignmentTable['matches'] = [];
  const rejected: RejectedRow[] = [];
  const missing = new Map<string, MissingSpace>();
  const seenUnits = new Map<string, number>();
  rows.forEach((row, index) => {
    if (hasHeader && index === 0) return;
    const line = index + 1;
    const unitKey = row[keyColumn] ?? '';
    const space = row[spaceColumn] ?? '';
    const reject = (reason: RejectReason, detail: string, firstLine?: number) =>
      rejected.push({ line, values: row, reason, detail, unitKey, space, ...(firstLine === undefined ? {} : { firstLine }) });
    if (unitKey === '' && space === '') {
      reject('empty', 'no key and no space');
      return;
    }
    const unitId = unitLookup.get(normaliseKey(unitKey));
    if (!unitId) {
      reject('unknown-unit', `no base unit with key "${unitKey}"`);
      return;
    }
    let spaceId = spaceLookup.get(normaliseKey(space));
    if (!spaceId && space !== '') {
      const name = normaliseKey(space);
      let entry = missing.get(name);
      if (!entry) {
        entry = { id: `new:${missing.size + 1}`, name: space, lines: [] };
        missing.set(name, entry);
      }
      entry.lines.push(line);
      if (options.createMissingSpaces) spaceId = entry.id;
    }
    if (!spaceId) {
      reject('unknown-space', `no social space "${space}"`);
      return;
    }
    const earlier = seenUnits.get(unitId);
    if (earlier !== undefined) {
      reject('duplicate-unit', `key "${unitKey}" already assigned on line ${earlier}`, earlier);
      return;
    }
    seenUnits.set(unitId, line);
    matches.push({ line, unitId, spaceId });
  });

  return {
    encoding,
    delimiter: parsed.meta.delimiter,
    hasHeader,
    keyColumn,
    spaceColumn,
    spaceColumnGuessed,
    header: hasHeader ? first : null,
    columnCount: width,
    columnLabels: Array.from({ length: width }, (_, column) => first[column] ?? ''),
    rowCount: rows.length - (hasHeader ? 1 : 0),
    matches,
    rejected,
    missingSpaces: [...missing.values()],
  };
}

export type AssignmentTableOutcome =
  | { ok: true; table: AssignmentTable }
  | { ok: false; error: { code: AssignmentTableErrorCode | 'unexpected'; fileName: string; message: string } };

/** Like readAssignmentTable, but returns a failure as plain data (an Error loses its code across comlink). */
export function tryReadAssignmentTable(...args: Parameters<typeof readAssignmentTable>): AssignmentTableOutcome {
  try {
    return { ok: true, table: readAssignmentTable(...args) };
  } catch (error) {
    if (error instanceof AssignmentTableError) return { ok: false, error: { code: error.code, fileName: error.fileName, message: error.message } };
    return { ok: false, error: { code: 'unexpected', fileName: args[0], message: error instanceof Error ? error.message : String(error) } };
  }
}
