/**
 * Small-number protection (Sozialdatenschutz): the one rule applied wherever a count leaves the
 * analysis — map labels, tooltips, charts, tables and exports.
 *
 * Primary suppression: a count `c` with `0 < c < threshold` is not shown (it could point to a
 * family); it reads "< 5" for a threshold of 5. A count of 0 is shown: it describes nobody,
 * and German official statistics publish it too (their sign "–" = "nichts vorhanden", while
 * "." marks a value kept secret; the Federal Employment Agency's statistics likewise hide
 * small values and the values they can be computed from, not zeros).
 *
 * Secondary (complementary) suppression, for tables whose row and column totals are
 * published: a hidden count must not be recomputable from a total and the visible counts
 * beside it. `suppressTable` treats the table with its margins as lines — every row with its
 * row total, every column with its column total, the row of column totals and the column of
 * row totals, both with the grand total — and repeats until nothing changes: a line whose
 * published numbers pin down a hidden entry gets one more entry hidden, its smallest non-zero
 * visible cell (or, when it has none, its total). "Pin down" is checked with what a reader
 * knows: a primary-suppressed entry lies in 1 … threshold − 1 (zeros are shown), a
 * secondary-suppressed one is at least the threshold (it was visible and non-zero before).
 * This covers the classic case — exactly one hidden cell in a line — and also two hidden 1s
 * (total minus visible = 2 forces both to 1), or a 1 hidden beside a complementary cell of
 * exactly the threshold.
 *
 * Totals stay published unless they are small themselves (a total below the threshold is
 * primary-suppressed like any count) or hiding them is the only way to protect a line. The
 * check looks at one line at a time; combining several rows and columns (as linear
 * programming audits such as τ-ARGUS do) can narrow a hidden value further in rare tables.
 */

/** The threshold the issue and the settings dialog propose for new projects. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** Shown for a count hidden only to protect another one (it is not small itself). */
export const SECONDARY_SUPPRESSION_MARK = '•';

export type SuppressionReason = 'primary' | 'secondary';

/** A count as it may be published: its value, or null with the reason it is hidden. */
export type PublishedCount = { value: number; reason: null } | { value: null; reason: SuppressionReason };

/** True when `count` must not be shown: more than 0 and below `threshold`. */
export function isSuppressed(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

/** A single count (not part of a table with published totals) as it may be published. */
export function publishCount(count: number, threshold: number): PublishedCount {
  return isSuppressed(count, threshold) ? { value: null, reason: 'primary' } : { value: count, reason: null };
}

export interface TableCell {
  row: string;
  column: string;
  count: number;
}

export type PublishedCell = { row: string; column: string } & PublishedCount;

export interface SuppressedTable {
  /** The input cells in input order. */
  cells: PublishedCell[];
  /** Sum of each row's cells, by row key. */
  rowTotals: ReadonlyMap<string, PublishedCount>;
  /** Sum of each column's cells, by column key. */
  columnTotals: ReadonlyMap<string, PublishedCount>;
  /** Sum of all cells. */
  total: PublishedCount;
}

/**
 * Primary and secondary suppression of a table of counts whose totals (row, column, grand)
 * are published beside it; see the module comment. A (row, column) pair missing from `cells`
 * counts as a published 0. A table of one column (e.g. a count per social space) is protected
 * against its grand total (the district). Throws on a negative or non-finite count, a repeated
 * (row, column) pair, or a non-finite threshold.
 */
export function suppressTable(cells: readonly TableCell[], threshold: number): SuppressedTable {
  if (!Number.isFinite(threshold)) throw new RangeError(`threshold must be finite, got ${threshold}`);
  const rowKeys = uniqueKeys(cells.map((cell) => cell.row));
  const columnKeys = uniqueKeys(cells.map((cell) => cell.column));
  const rowIndex = new Map(rowKeys.map((key, i) => [key, i]));
  const columnIndex = new Map(columnKeys.map((key, i) => [key, i]));
  const rowCount = rowKeys.length;
  const columnCount = columnKeys.length;

  // Entries of the table with its margins: inner cells, row totals, column totals, grand total.
  const innerEntry = (row: number, column: number): number => row * columnCount + column;
  const rowTotalEntry = (row: number): number => rowCount * columnCount + row;
  const columnTotalEntry = (column: number): number => rowCount * columnCount + rowCount + column;
  const grandTotalEntry = rowCount * columnCount + rowCount + columnCount;
  const values = new Array<number>(grandTotalEntry + 1).fill(0);
  const seen = new Set<number>();
  for (const cell of cells) {
    if (!(Number.isFinite(cell.count) && cell.count >= 0)) {
      throw new RangeError(`count must be a non-negative number, got ${cell.count} (${cell.row} × ${cell.column})`);
    }
    const row = rowIndex.get(cell.row)!;
    const column = columnIndex.get(cell.column)!;
    const entry = innerEntry(row, column);
    if (seen.has(entry)) throw new Error(`repeated cell ${cell.row} × ${cell.column}`);
    seen.add(entry);
    values[entry] = cell.count;
    values[rowTotalEntry(row)]! += cell.count;
    values[columnTotalEntry(column)]! += cell.count;
    values[grandTotalEntry]! += cell.count;
  }

  const lines: Line[] = [];
  for (let row = 0; row < rowCount; row++) {
    lines.push({ members: columnKeys.map((_, column) => innerEntry(row, column)), total: rowTotalEntry(row) });
  }
  for (let column = 0; column < columnCount; column++) {
    lines.push({ members: rowKeys.map((_, row) => innerEntry(row, column)), total: columnTotalEntry(column) });
  }
  lines.push({ members: columnKeys.map((_, column) => columnTotalEntry(column)), total: grandTotalEntry });
  lines.push({ members: rowKeys.map((_, row) => rowTotalEntry(row)), total: grandTotalEntry });

  const reasons = values.map((value): SuppressionReason | null => (isSuppressed(value, threshold) ? 'primary' : null));
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if (!pinsDown(line, values, reasons, threshold)) continue;
      const complement = complementaryEntry(line, values, reasons);
      if (complement === null) continue;
      reasons[complement] = 'secondary';
      changed = true;
    }
  }

  const publish = (entry: number): PublishedCount => {
    const reason = reasons[entry] ?? null;
    return reason === null ? { value: values[entry]!, reason: null } : { value: null, reason };
  };
  return {
    cells: cells.map((cell) => ({
      row: cell.row,
      column: cell.column,
      ...publish(innerEntry(rowIndex.get(cell.row)!, columnIndex.get(cell.column)!)),
    })),
    rowTotals: new Map(rowKeys.map((key, row) => [key, publish(rowTotalEntry(row))])),
    columnTotals: new Map(columnKeys.map((key, column) => [key, publish(columnTotalEntry(column))])),
    total: publish(grandTotalEntry),
  };
}

/**
 * A rate (share, per 1,000, change …) as it may be published: null when its numerator count is
 * hidden, since numerator = rate × denominator would give it away. Pass the numerator as a
 * plain count or as published by `suppressTable` (which also hides secondary cells).
 */
export function suppressRate(rate: number | null, numerator: number | PublishedCount, threshold: number): number | null {
  if (rate === null) return null;
  const hidden = typeof numerator === 'number' ? isSuppressed(numerator, threshold) : numerator.value === null;
  return hidden ? null : rate;
}

/**
 * A count for display: `format(count)`, "< 5" (with `format(threshold)`) when it is below the
 * threshold, or `SECONDARY_SUPPRESSION_MARK` when a table hid it to protect another count.
 */
export function formatCount(
  count: number | PublishedCount,
  threshold: number,
  format: (value: number) => string = String,
): string {
  const published = typeof count === 'number' ? publishCount(count, threshold) : count;
  if (published.value !== null) return format(published.value);
  return published.reason === 'primary' ? `< ${format(threshold)}` : SECONDARY_SUPPRESSION_MARK;
}

/** A published equation: the members add up to the total. */
interface Line {
  members: number[];
  total: number;
}

function uniqueKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

/**
 * True when the line's published numbers leave some hidden entry of it (member or total) only
 * one possible value. The line reads Σ hidden members − hidden total = (visible total) −
 * Σ visible members; each hidden entry is bounded by the others' bounds.
 */
function pinsDown(line: Line, values: readonly number[], reasons: readonly (SuppressionReason | null)[], threshold: number): boolean {
  const unknowns: { sign: 1 | -1; low: number; high: number }[] = [];
  let constant = 0;
  for (const member of line.members) {
    const reason = reasons[member];
    if (reason) unknowns.push({ sign: 1, ...boundsOf(reason, threshold) });
    else constant -= values[member]!;
  }
  const totalReason = reasons[line.total];
  if (totalReason) unknowns.push({ sign: -1, ...boundsOf(totalReason, threshold) });
  else constant += values[line.total]!;
  if (unknowns.length === 0) return false;
  if (unknowns.length === 1) return true;
  return unknowns.some((unknown, index) => {
    // Range of Σ sign·x over the other unknowns (summed afresh: their bounds may be infinite).
    let othersLow = 0;
    let othersHigh = 0;
    unknowns.forEach((other, otherIndex) => {
      if (otherIndex === index) return;
      othersLow += other.sign === 1 ? other.low : -other.high;
      othersHigh += other.sign === 1 ? other.high : -other.low;
    });
    // sign·x = constant − Σ others.
    const fromLine =
      unknown.sign === 1 ? [constant - othersHigh, constant - othersLow] : [othersLow - constant, othersHigh - constant];
    return Math.max(unknown.low, fromLine[0]!) >= Math.min(unknown.high, fromLine[1]!);
  });
}

/** What a reader knows about a hidden entry (see the module comment). */
function boundsOf(reason: SuppressionReason, threshold: number): { low: number; high: number } {
  return reason === 'primary' ? { low: 1, high: threshold - 1 } : { low: threshold, high: Number.POSITIVE_INFINITY };
}

/** The line's smallest visible non-zero member (first in line order on ties), else its total. */
function complementaryEntry(line: Line, values: readonly number[], reasons: readonly (SuppressionReason | null)[]): number | null {
  let best: number | null = null;
  for (const member of line.members) {
    if (reasons[member] || values[member] === 0) continue;
    if (best === null || values[member]! < values[best]!) best = member;
  }
  if (best !== null) return best;
  return reasons[line.total] || values[line.total] === 0 ? null : line.total;
}
