/**
 * Point tables: large imported point layers (resources, demand records, addresses from CSV or
 * OSM imports, up to millions of rows) held column by column instead of one object per row.
 *
 * - Rows have no id of their own: a row is its index. Records that must be recognised again
 *   when an updated file is imported carry a key in the column named by `keyColumn`.
 * - `lon`/`lat` are WGS84 degrees in Float64Arrays (NaN: the row has no location). Float32
 *   would be within 1 m but would not give back the coordinates that were imported.
 * - Number columns are Float64Arrays; NaN means "missing".
 * - Text columns are dictionary-encoded: `codes[row]` is 0 for a missing value, otherwise
 *   `dictionary[codes[row] - 1]`. Zero-filled codes therefore mean "all missing".
 *
 * Everything here is pure and structured-cloneable (typed arrays and string arrays), so a table
 * moves between a worker and the main thread or into IndexedDB without per-row objects.
 */
import type { Layer } from './types';

/** Code of a missing text value. */
export const NO_TEXT = 0;

export interface NumberColumn {
  readonly kind: 'number';
  readonly name: string;
  /** One value per row; NaN for a missing value. */
  readonly values: Float64Array;
}

export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  /** One code per row: 0 = missing, c > 0 = `dictionary[c - 1]`. */
  readonly codes: Uint32Array;
  readonly dictionary: readonly string[];
}

export type PointColumn = NumberColumn | TextColumn;
export type PointColumnKind = PointColumn['kind'];

export interface PointColumnSchema {
  readonly name: string;
  readonly kind: PointColumnKind;
}

export interface PointTable {
  readonly length: number;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly columns: readonly PointColumn[];
  /** Name of the column that identifies a record across re-imports, or null. */
  readonly keyColumn: string | null;
}

/**
 * What a layer record says about its stored points. `set` names an immutable stored version of
 * the table; an import or update writes a new set and points the layer at it, so undo is
 * pointing the layer back (see store/point-layers.ts).
 */
export interface PointLayerRef {
  readonly set: string;
  readonly length: number;
  readonly columns: readonly PointColumnSchema[];
  readonly keyColumn: string | null;
}

/** A layer whose records are stored as a point table. */
export type PointLayer = Layer & { points: PointLayerRef };

export function isPointLayer(layer: Layer): layer is PointLayer {
  const points = (layer as Partial<PointLayer>).points;
  return typeof points === 'object' && points !== null && typeof points.set === 'string';
}

export function numberColumn(name: string, values: ArrayLike<number>): NumberColumn {
  return { kind: 'number', name, values: Float64Array.from(values) };
}

/** Dictionary-encode text values (null/undefined = missing), dictionary in first-occurrence order. */
export function textColumn(name: string, values: readonly (string | null | undefined)[]): TextColumn {
  const codes = new Uint32Array(values.length);
  const dictionary: string[] = [];
  const lookup = new Map<string, number>();
  values.forEach((value, row) => {
    if (value === null || value === undefined) return;
    let code = lookup.get(value);
    if (code === undefined) {
      code = dictionary.push(value);
      lookup.set(value, code);
    }
    codes[row] = code;
  });
  return { kind: 'text', name, codes, dictionary };
}

export function textAt(column: TextColumn, row: number): string | null {
  const code = column.codes[row] ?? NO_TEXT;
  return code === NO_TEXT ? null : column.dictionary[code - 1]!;
}

export function columnLength(column: PointColumn): number {
  return column.kind === 'number' ? column.values.length : column.codes.length;
}

export function schemaOf(table: Pick<PointTable, 'columns'>): PointColumnSchema[] {
  return table.columns.map((column) => ({ name: column.name, kind: column.kind }));
}

export function findColumn(table: Pick<PointTable, 'columns'>, name: string): PointColumn | undefined {
  return table.columns.find((column) => column.name === name);
}

/** Build a table and check its shape: equal lengths, unique names, codes inside their dictionary. */
export function createPointTable(parts: {
  lon: Float64Array;
  lat: Float64Array;
  columns?: readonly PointColumn[];
  keyColumn?: string | null;
}): PointTable {
  const length = parts.lon.length;
  const columns = parts.columns ?? [];
  const keyColumn = parts.keyColumn ?? null;
  if (parts.lat.length !== length) throw new Error(`lat has ${parts.lat.length} rows, lon ${length}`);
  const names = new Set<string>();
  for (const column of columns) {
    if (names.has(column.name)) throw new Error(`Column "${column.name}" appears twice`);
    names.add(column.name);
    if (columnLength(column) !== length) {
      throw new Error(`Column "${column.name}" has ${columnLength(column)} rows, the table ${length}`);
    }
    if (column.kind === 'text') {
      let highest = 0;
      for (const code of column.codes) if (code > highest) highest = code;
      if (highest > column.dictionary.length) {
        throw new Error(`Column "${column.name}" uses code ${highest} beyond its dictionary of ${column.dictionary.length}`);
      }
    }
  }
  if (keyColumn !== null && !names.has(keyColumn)) throw new Error(`Key column "${keyColumn}" is not a column`);
  return { length, lon: parts.lon, lat: parts.lat, columns, keyColumn };
}

export function emptyPointTable(schema: readonly PointColumnSchema[] = [], keyColumn: string | null = null): PointTable {
  return createPointTable({
    lon: new Float64Array(0),
    lat: new Float64Array(0),
    columns: schema.map((column) =>
      column.kind === 'number'
        ? { kind: 'number', name: column.name, values: new Float64Array(0) }
        : { kind: 'text', name: column.name, codes: new Uint32Array(0), dictionary: [] },
    ),
    keyColumn,
  });
}

/** Rows [start, end) as a new table (typed arrays copied, dictionaries shared). */
export function sliceRows(table: PointTable, start: number, end: number): PointTable {
  return {
    length: Math.max(0, Math.min(end, table.length) - start),
    lon: table.lon.slice(start, end),
    lat: table.lat.slice(start, end),
    columns: table.columns.map((column) =>
      column.kind === 'number'
        ? { ...column, values: column.values.slice(start, end) }
        : { ...column, codes: column.codes.slice(start, end) },
    ),
    keyColumn: table.keyColumn,
  };
}

/** A number column as text (String(value); NaN stays missing), for columns whose kind differs. */
export function numberColumnAsText(column: NumberColumn): TextColumn {
  const codes = new Uint32Array(column.values.length);
  const dictionary: string[] = [];
  const lookup = new Map<number, number>();
  column.values.forEach((value, row) => {
    if (Number.isNaN(value)) return;
    let code = lookup.get(value);
    if (code === undefined) {
      code = dictionary.push(String(value));
      lookup.set(value, code);
    }
    codes[row] = code;
  });
  return { kind: 'text', name: column.name, codes, dictionary };
}

/**
 * The columns of a combination of tables: `first`'s order, then the new names of `second`.
 * A name that is a number column on one side and text on the other becomes text.
 */
export function unionSchema(
  first: readonly PointColumnSchema[],
  second: readonly PointColumnSchema[],
): PointColumnSchema[] {
  const kinds = new Map<string, PointColumnKind>();
  for (const column of [...first, ...second]) {
    const known = kinds.get(column.name);
    kinds.set(column.name, known === undefined || known === column.kind ? column.kind : 'text');
  }
  return [...kinds].map(([name, kind]) => ({ name, kind }));
}

/**
 * Assembles one output column from rows of two tables: `sourceRow(row)` returns the row of
 * `a` (>= 0) or of `b` (encoded as -1 - row) that supplies output row `row`, or null (missing).
 */
function combineColumn(
  schema: PointColumnSchema,
  a: PointColumn | undefined,
  b: PointColumn | undefined,
  length: number,
  sourceRow: (row: number) => number | null,
): PointColumn {
  if (schema.kind === 'number') {
    const values = new Float64Array(length).fill(Number.NaN);
    const av = a?.kind === 'number' ? a.values : null;
    const bv = b?.kind === 'number' ? b.values : null;
    for (let row = 0; row < length; row++) {
      const source = sourceRow(row);
      if (source === null) continue;
      if (source >= 0) {
        if (av) values[row] = av[source]!;
      } else if (bv) values[row] = bv[-1 - source]!;
    }
    return { kind: 'number', name: schema.name, values };
  }
  const at = a === undefined ? undefined : a.kind === 'text' ? a : numberColumnAsText(a);
  const bt = b === undefined ? undefined : b.kind === 'text' ? b : numberColumnAsText(b);
  // Result dictionary: a's entries, then b's entries that a lacks.
  const dictionary: string[] = at ? [...at.dictionary] : [];
  const remapB = new Uint32Array((bt?.dictionary.length ?? 0) + 1);
  if (bt) {
    const lookup = new Map<string, number>();
    dictionary.forEach((value, index) => {
      if (!lookup.has(value)) lookup.set(value, index + 1);
    });
    bt.dictionary.forEach((value, index) => {
      let code = lookup.get(value);
      if (code === undefined) {
        code = dictionary.push(value);
        lookup.set(value, code);
      }
      remapB[index + 1] = code;
    });
  }
  const codes = new Uint32Array(length);
  for (let row = 0; row < length; row++) {
    const source = sourceRow(row);
    if (source === null) continue;
    if (source >= 0) {
      if (at) codes[row] = at.codes[source]!;
    } else if (bt) codes[row] = remapB[bt.codes[-1 - source]!]!;
  }
  return { kind: 'text', name: schema.name, codes, dictionary };
}

/** The rows of `a` followed by the rows of `b`; columns as in `unionSchema`, missing where absent. */
export function concatTables(a: PointTable, b: PointTable): PointTable {
  const length = a.length + b.length;
  const lon = new Float64Array(length);
  const lat = new Float64Array(length);
  lon.set(a.lon, 0);
  lon.set(b.lon, a.length);
  lat.set(a.lat, 0);
  lat.set(b.lat, a.length);
  const source = (row: number) => (row < a.length ? row : -1 - (row - a.length));
  const columns = unionSchema(schemaOf(a), schemaOf(b)).map((schema) =>
    combineColumn(schema, findColumn(a, schema.name), findColumn(b, schema.name), length, source),
  );
  return { length, lon, lat, columns, keyColumn: a.keyColumn ?? b.keyColumn };
}

export interface MergeOptions {
  /** Key column to match on; default: the incoming table's key column, else the base's. */
  keyColumn?: string;
  /**
   * Remove rows of the base whose key the incoming table lacks (the new file is complete).
   * Default false: an update file may hold only the changed records.
   */
  removeMissing?: boolean;
}

export interface MergeReport {
  /** Base rows whose record is in the incoming table with different values. */
  updated: number;
  /** Base rows whose record is in the incoming table with the same values. */
  unchanged: number;
  /** Incoming rows with a key the base lacks, appended. */
  added: number;
  /** Base rows not in the incoming table and removed (`removeMissing`). */
  removed: number;
  /** Base rows not in the incoming table and kept. */
  kept: number;
  /** Incoming rows (0-based) ignored because an earlier incoming row has the same key. */
  duplicateKeyRows: number[];
  /** Incoming rows (0-based) ignored because their key is missing: they could never be updated. */
  missingKeyRows: number[];
}

export interface MergeResult {
  table: PointTable;
  report: MergeReport;
}

type RowKey = string | number;

/** Key of every row (null when missing); numbers stay numbers only when both sides are numbers. */
function rowKeys(column: PointColumn, asText: boolean): (RowKey | null)[] {
  if (column.kind === 'number') {
    return Array.from(column.values, (value) => (Number.isNaN(value) ? null : asText ? String(value) : value));
  }
  return Array.from(column.codes, (code) => (code === NO_TEXT ? null : column.dictionary[code - 1]!));
}

function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function cellText(column: PointColumn, row: number): string | null {
  if (column.kind === 'text') return textAt(column, row);
  const value = column.values[row]!;
  return Number.isNaN(value) ? null : String(value);
}

function sameCell(a: PointColumn | undefined, aRow: number, b: PointColumn, bRow: number): boolean {
  if (a === undefined) {
    return b.kind === 'number' ? Number.isNaN(b.values[bRow]!) : b.codes[bRow] === NO_TEXT;
  }
  if (a.kind === 'number' && b.kind === 'number') return sameNumber(a.values[aRow]!, b.values[bRow]!);
  if (a.kind === 'text' && b.kind === 'text' && a.dictionary === b.dictionary) return a.codes[aRow] === b.codes[bRow];
  return cellText(a, aRow) === cellText(b, bRow);
}

/**
 * Re-import of an updated file: rows of `incoming` replace the base rows with the same key
 * (keeping their position), rows with new keys are appended, base rows the file lacks are kept
 * (or removed with `removeMissing`). Columns the file lacks keep their base values in matched
 * rows. Within `incoming` the first row of a key wins; later ones and rows without a key are
 * ignored and reported, so importing the same file twice never duplicates a record.
 */
export function mergeByKey(base: PointTable, incoming: PointTable, options: MergeOptions = {}): MergeResult {
  const keyName = options.keyColumn ?? incoming.keyColumn ?? base.keyColumn;
  if (keyName === null) throw new Error('Merging by key needs a key column');
  const baseKeyColumn = findColumn(base, keyName);
  const incomingKeyColumn = findColumn(incoming, keyName);
  if (!baseKeyColumn || !incomingKeyColumn) throw new Error(`Key column "${keyName}" is missing in one of the tables`);
  const asText = baseKeyColumn.kind === 'text' || incomingKeyColumn.kind === 'text';
  const baseKeys = rowKeys(baseKeyColumn, asText);
  const incomingKeys = rowKeys(incomingKeyColumn, asText);

  const report: MergeReport = {
    updated: 0,
    unchanged: 0,
    added: 0,
    removed: 0,
    kept: 0,
    duplicateKeyRows: [],
    missingKeyRows: [],
  };
  const incomingRowOf = new Map<RowKey, number>();
  incomingKeys.forEach((key, row) => {
    if (key === null) report.missingKeyRows.push(row);
    else if (incomingRowOf.has(key)) report.duplicateKeyRows.push(row);
    else incomingRowOf.set(key, row);
  });

  // Output row plan: the base row and the incoming row each output row takes values from (-1: none).
  const capacity = base.length + incoming.length;
  const fromBase = new Int32Array(capacity);
  const fromIncoming = new Int32Array(capacity);
  const matched = new Uint8Array(incoming.length);
  let length = 0;
  for (let row = 0; row < base.length; row++) {
    const key = baseKeys[row]!;
    const incomingRow = key === null ? undefined : incomingRowOf.get(key);
    if (incomingRow !== undefined) {
      matched[incomingRow] = 1;
      fromBase[length] = row;
      fromIncoming[length++] = incomingRow;
    } else if (options.removeMissing) {
      report.removed++;
    } else {
      report.kept++;
      fromBase[length] = row;
      fromIncoming[length++] = -1;
    }
  }
  // Map iteration is insertion order, i.e. incoming row order: appended rows keep the file's order.
  for (const incomingRow of incomingRowOf.values()) {
    if (matched[incomingRow]) continue;
    report.added++;
    fromBase[length] = -1;
    fromIncoming[length++] = incomingRow;
  }

  const comparedColumns = incoming.columns.map((column) => [column, findColumn(base, column.name)] as const);
  for (let row = 0; row < length; row++) {
    const baseRow = fromBase[row]!;
    const incomingRow = fromIncoming[row]!;
    if (baseRow < 0 || incomingRow < 0) continue;
    let same = sameNumber(base.lon[baseRow]!, incoming.lon[incomingRow]!) && sameNumber(base.lat[baseRow]!, incoming.lat[incomingRow]!);
    for (const [column, baseColumn] of comparedColumns) {
      if (!same) break;
      same = sameCell(baseColumn, baseRow, column, incomingRow);
    }
    if (same) report.unchanged++;
    else report.updated++;
  }

  const lon = new Float64Array(length);
  const lat = new Float64Array(length);
  for (let row = 0; row < length; row++) {
    const incomingRow = fromIncoming[row]!;
    const baseRow = fromBase[row]!;
    lon[row] = incomingRow >= 0 ? incoming.lon[incomingRow]! : base.lon[baseRow]!;
    lat[row] = incomingRow >= 0 ? incoming.lat[incomingRow]! : base.lat[baseRow]!;
  }
  const columns = unionSchema(schemaOf(base), schemaOf(incoming)).map((schema) => {
    const baseColumn = findColumn(base, schema.name);
    const incomingColumn = findColumn(incoming, schema.name);
    // The file's value wins for the columns it has; other columns keep the base value.
    return combineColumn(schema, baseColumn, incomingColumn, length, (row) => {
      const incomingRow = fromIncoming[row]!;
      if (incomingRow >= 0 && incomingColumn) return -1 - incomingRow;
      const baseRow = fromBase[row]!;
      return baseRow >= 0 ? baseRow : null;
    });
  });
  return { table: { length, lon, lat, columns, keyColumn: keyName }, report };
}
