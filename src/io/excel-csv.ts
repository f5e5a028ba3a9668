/**
 * Tables as CSV for German Excel: UTF-8 with BOM, `;` between cells, CRLF, numbers with a
 * decimal comma, and every text cell guarded against formula injection (`spreadsheetCell`).
 */
import { spreadsheetCell } from './csv';

export type ExcelCell = string | number | null;

/** German decimal comma for numbers (no grouping, as Excel reads them); '' for null and non-finite numbers. */
export function excelNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(value).replace('.', ',');
}

export function toExcelCsv(header: readonly string[], rows: readonly (readonly ExcelCell[])[]): string {
  const line = (cells: readonly ExcelCell[]) => cells.map((cell) => (typeof cell === 'number' || cell === null ? excelNumber(cell) : spreadsheetCell(cell))).join(';');
  return `\ufeff${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

/** One line of an indicator table for export: `null` values are written as `hidden` text when `suppressed`. */
export interface IndicatorExportRow {
  code: string;
  name: string;
  count: number | null;
  population: number | null;
  value: number | null;
  deviation: number | null;
  /** Text standing for the suppressed count and value ("< 5", "•"); null when nothing is suppressed. */
  hidden: string | null;
}

/**
 * The demand indicator per space and for the district as it may leave the browser: suppressed
 * counts and the values built on them are written as their mark, never as numbers. Values are
 * rounded to `decimals`.
 */
export function indicatorTableCsv(header: readonly string[], rows: readonly IndicatorExportRow[], decimals: number): string {
  const round = (value: number | null) => (value === null ? null : Number(value.toFixed(decimals)));
  return toExcelCsv(
    header,
    rows.map((row) =>
      row.hidden !== null
        ? [row.code, row.name, row.count ?? row.hidden, row.population, row.hidden, row.hidden]
        : [row.code, row.name, row.count, row.population, round(row.value), round(row.deviation)],
    ),
  );
}
