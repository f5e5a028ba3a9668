/**
 * Rows of a key → space table that could not be used, and how they are written out for the
 * user. Separate from the reader so that writing the list needs no CSV parser (main thread).
 */

export type RejectReason = 'unknown-unit' | 'unknown-space' | 'empty' | 'duplicate-unit';

export interface RejectedRow {
  /** 1-based line number in the file. */
  line: number;
  /** All cells of the row, as read. */
  values: string[];
  reason: RejectReason;
  /** Plain English; the UI builds its own text from reason, unitKey, space and firstLine. */
  detail: string;
  /** The cell of the key column and of the space column. */
  unitKey: string;
  space: string;
  /** For duplicates: the line that already assigned this unit. */
  firstLine?: number;
}

/**
 * Rejected rows as a CSV for download (UTF-8 with BOM, `;`, CRLF), so nothing is lost silently.
 * `describe` replaces the English detail (e.g. with a translated one).
 */
export function rejectedRowsCsv(rejected: readonly RejectedRow[], describe: (row: RejectedRow) => string = (row) => row.detail): string {
  const escape = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [
    'Zeile;Grund;Details;Werte',
    ...rejected.map((row) => [String(row.line), row.reason, describe(row), row.values.join(' | ')].map(escape).join(';')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
