/**
 * The rejects list as a CSV for download: UTF-8 with BOM, `;` and CRLF, so German Excel opens it
 * with umlauts intact. No parser needed (main thread).
 */
import type { CsvReject, CsvRejectReason } from './types';

export interface RejectsCsvLabels {
  /** Header cells: line, column, value, reason, and whether the row was left out. */
  line: string;
  column: string;
  value: string;
  reason: string;
  rowRejected: string;
  /** Cell texts for `rowRejected`. */
  yes: string;
  no: string;
  /** Text per reason; the code is written where none is given. */
  reasons?: Partial<Record<CsvRejectReason, string>>;
  /** Column names (header cells) by index; the 1-based number is written where none is given. */
  columnNames?: readonly string[];
  /** Written in the column cell of whole-row problems. */
  wholeRow?: string;
}

export const ENGLISH_REJECT_LABELS: RejectsCsvLabels = {
  line: 'Line',
  column: 'Column',
  value: 'Value',
  reason: 'Reason',
  rowRejected: 'Row left out',
  yes: 'yes',
  no: 'no',
  wholeRow: '(row)',
};

/**
 * Cells that spreadsheet programs would run as formulas get a leading apostrophe (numbers such as
 * "-23" stay as they are).
 */
function defuse(value: string): string {
  if (/^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-]\s*[\d.,\s]*%?$/.test(value))) return `'${value}`;
  return value;
}

function escape(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One cell for a `;` CSV that spreadsheet programs open safely (quoted, formulas defused). */
export function spreadsheetCell(value: string): string {
  return escape(defuse(value));
}

export function rejectsToCsv(rejects: readonly CsvReject[], headerTranslation: RejectsCsvLabels = ENGLISH_REJECT_LABELS): string {
  const labels = headerTranslation;
  const lines = [[labels.line, labels.column, labels.value, labels.reason, labels.rowRejected].map(escape).join(';')];
  for (const reject of rejects) {
    const column =
      reject.column < 0 ? (labels.wholeRow ?? '') : labels.columnNames?.[reject.column] || String(reject.column + 1);
    lines.push(
      [String(reject.line), column, defuse(reject.value), labels.reasons?.[reject.reason] ?? reject.reason, reject.rowRejected ? labels.yes : labels.no]
        .map(escape)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
