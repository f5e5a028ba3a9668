/**
 * Reading a key → social-space table (CSV) that assigns base units to spaces, as planners keep
 * it in a spreadsheet. Columns are found by their values: the column whose values match most
 * unit keys, and the column whose values match most space codes or names.
 */
import Papa from 'papaparse';
import { decodeText, type TextEncodingName } from './text-decode';

export interface AssignmentRow {
  /** 1-based line number in the file. */
  line: number;
  unitKey: string;
  space: string;
}

export interface RejectedRow {
  line: number;
  values: string[];
  reason: 'unknown-unit' | 'unknown-space' | 'empty' | 'duplicate-unit';
  detail: string;
}

export interface AssignmentTable {
  encoding: TextEncodingName;
  delimiter: string;
  hasHeader: boolean;
  keyColumn: number;
  spaceColumn: number;
  header: string[] | null;
  /** Rows whose unit and space were both recognised, with canonical unit id and space id. */
  matches: { line: number; unitId: string; spaceId: string }[];
  rejected: RejectedRow[];
}

/** Normalise an area key or name for tolerant comparison: case, umlauts, spaces, leading zeros. */
export function normaliseKey(value: string): string {
  const lowered = value
    .trim()
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/[\s_\-./]+/g, '');
  return /^\d+$/.test(lowered) ? lowered.replace(/^0+(?=\d)/, '') : lowered;
}

export class AssignmentTableError extends Error {
  override name = 'AssignmentTableError';
  constructor(
    readonly fileName: string,
    readonly code: 'empty' | 'no-key-column' | 'no-space-column',
    message: string,
  ) {
    super(`${fileName}: ${message}`);
  }
}

function bestColumn(rows: string[][], lookup: ReadonlyMap<string, string>, exclude: number): { column: number; hits: number } {
  const width = Math.max(...rows.map((row) => row.length));
  let best = { column: -1, hits: 0 };
  for (let column = 0; column < width; column++) {
    if (column === exclude) continue;
    const hits = rows.filter((row) => lookup.has(normaliseKey(row[column] ?? ''))).length;
    if (hits > best.hits) best = { column, hits };
  }
  return best;
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
): AssignmentTable {
  const { text, encoding } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t', '|'] });
  const rows = parsed.data.map((row) => row.map((cell) => cell.trim()));
  if (rows.length === 0) throw new AssignmentTableError(fileName, 'empty', 'the file contains no rows');

  const unitLookup = new Map(units.map((unit) => [normaliseKey(unit.key), unit.id]));
  const spaceLookup = new Map<string, string>();
  for (const space of spaces) {
    spaceLookup.set(normaliseKey(space.name), space.id);
    spaceLookup.set(normaliseKey(space.code), space.id);
    const number = space.code.match(/(\d+)\s*$/)?.[1];
    if (number && !spaceLookup.has(normaliseKey(number))) spaceLookup.set(normaliseKey(number), space.id);
  }

  const key = bestColumn(rows, unitLookup, -1);
  if (key.column < 0) {
    throw new AssignmentTableError(fileName, 'no-key-column', 'no column contains keys of the base units of this project');
  }
  const space = bestColumn(rows, spaceLookup, key.column);
  if (space.column < 0) {
    throw new AssignmentTableError(fileName, 'no-space-column', 'no column contains codes or names of the social spaces');
  }
  const first = rows[0]!;
  const hasHeader = !unitLookup.has(normaliseKey(first[key.column] ?? '')) && !spaceLookup.has(normaliseKey(first[space.column] ?? ''));

  const matches: AssignmentTable['matches'] = [];
  const rejected: RejectedRow[] = [];
  const seenUnits = new Map<string, number>();
  rows.forEach((row, index) => {
    if (hasHeader && index === 0) return;
    const line = index + 1;
    const unitValue = row[key.column] ?? '';
    const spaceValue = row[space.column] ?? '';
    if (unitValue === '' && spaceValue === '') {
      rejected.push({ line, values: row, reason: 'empty', detail: 'no key and no space' });
      return;
    }
    const unitId = unitLookup.get(normaliseKey(unitValue));
    if (!unitId) {
      rejected.push({ line, values: row, reason: 'unknown-unit', detail: `no base unit with key "${unitValue}"` });
      return;
    }
    const spaceId = spaceLookup.get(normaliseKey(spaceValue));
    if (!spaceId) {
      rejected.push({ line, values: row, reason: 'unknown-space', detail: `no social space "${spaceValue}"` });
      return;
    }
    const earlier = seenUnits.get(unitId);
    if (earlier !== undefined) {
      rejected.push({ line, values: row, reason: 'duplicate-unit', detail: `key "${unitValue}" already assigned on line ${earlier}` });
      return;
    }
    seenUnits.set(unitId, line);
    matches.push({ line, unitId, spaceId });
  });

  return {
    encoding,
    delimiter: parsed.meta.delimiter,
    hasHeader,
    keyColumn: key.column,
    spaceColumn: space.column,
    header: hasHeader ? first : null,
    matches,
    rejected,
  };
}

/** Rejected rows as a CSV for download (UTF-8 with BOM, `;`), so nothing is lost silently. */
export function rejectedRowsCsv(rejected: readonly RejectedRow[]): string {
  const escape = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = ['Zeile;Grund;Details;Werte', ...rejected.map((row) => [String(row.line), row.reason, row.detail, row.values.join(' | ')].map(escape).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
