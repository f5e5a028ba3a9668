/**
 * A file the CSV wizard refuses before showing it as a table: empty, not text, a first line
 * longer than the sample (no table), or more columns than the wizard can show. Everything less
 * severe is a note (sniff.ts) or a listed reject (parse.ts).
 */

export type CsvFileErrorCode = 'empty' | 'binary' | 'line-too-long' | 'too-many-columns';

/** Columns the wizard shows and maps at most. */
export const MAX_CSV_COLUMNS = 1000;

/** Plain data of a CsvFileError: what crosses the worker boundary (comlink drops an Error's own fields). */
export interface CsvFileErrorData {
  name: 'CsvFileError';
  code: CsvFileErrorCode;
  params: Record<string, string | number>;
  message: string;
}

export class CsvFileError extends Error {
  override name = 'CsvFileError' as const;
  readonly code: CsvFileErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: CsvFileErrorCode, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.code = code;
    this.params = params;
  }

  toData(): CsvFileErrorData {
    return { name: this.name, code: this.code, params: this.params, message: this.message };
  }
}

export function isCsvFileErrorData(value: unknown): value is CsvFileErrorData {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'CsvFileError' && typeof (value as { code?: unknown }).code === 'string';
}
