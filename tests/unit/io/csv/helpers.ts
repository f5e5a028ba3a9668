/** Shared by the CSV tests that read one file along several paths and expect one table. */
import { cellValue, type CsvTable } from '../../../../src/io/csv';

/**
 * Everything of a table that a reading path could change; with `dictionaries`, also the
 * dictionary columns' entries in their order.
 */
export function everything(table: CsvTable, dictionaries = false) {
  return {
    header: table.header,
    rowCount: table.rowCount,
    rows: Array.from({ length: table.rowCount }, (_, row) => table.columns.map((column) => cellValue(column, row))),
    lines: [...table.lines],
    rejects: table.rejects,
    counts: table.rejectCounts,
    rejectedRows: table.rejectedRows,
    emptyLines: table.emptyLines,
    truncated: table.truncated,
    replacements: [table.replacementCharacters, table.firstReplacementLine],
    columns: table.columns.map((column) =>
      column.kind === 'number'
        ? { kind: column.kind, missing: column.missing, invalid: column.invalid, status: column.status ? [...column.status] : null }
        : column.kind === 'dictionary' && dictionaries
          ? { kind: column.kind, dictionary: column.dictionary }
          : { kind: column.kind },
    ),
  };
}
