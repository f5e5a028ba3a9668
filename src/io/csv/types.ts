/**
 * Types shared by the CSV sniffer, the parser and the worker. Everything here is plain,
 * structured-cloneable data: settings go from the wizard to the worker and back unchanged.
 */

/** Text encodings we read. ISO-8859-1 is read as Windows-1252 (its superset, as browsers do). */
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type CsvDelimiter = ';' | ',' | '\t' | '|';

/** The quote character; '' = fields are never quoted (quotes are ordinary characters). */
export type CsvQuote = '"' | "'" | '';

export type DecimalSeparator = ',' | '.';

/** '' = no thousands separator. U+00A0 (no-break space) and U+202F (narrow no-break space) occur in spreadsheet exports. */
export type ThousandsSeparator = '' | '.' | ',' | ' ' | '\u00a0' | '\u202f' | "'";

/**
 * What a column holds. `integer`, `number`, `year` and `coordinate` are read as numbers;
 * `date` as ISO text (YYYY-MM-DD, with THH:MM[:SS] when the file has times); `text` as text
 * (zero-padded keys such as "01100101" stay text); `empty` columns have no values at all.
 */
export type CsvColumnType = 'integer' | 'number' | 'year' | 'coordinate' | 'date' | 'text' | 'empty';

/** The kind of coordinate a numeric column looks like, from its value range (German extents). */
export type CoordinateKind = 'latitude' | 'longitude' | 'easting' | 'northing';

/** How the cells of one column are read. */
export interface CsvColumnSettings {
  type: CsvColumnType;
  /** For numeric types. */
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator;
  /** Values carry a `%` suffix. They are read as written ("12,5 %" → 12.5), not divided by 100. */
  percent: boolean;
  /**
   * Trimmed cell texts that mean "no value" in a numeric or date column (an empty cell always
   * does). A missing cell is NaN in the result, and which marker it was is recorded.
   */
  missingMarkers: string[];
  /** Trimmed cell texts read as 0 (official statistics write "-" for "exactly nothing"). */
  zeroMarkers: string[];
  /** For `date`: the order of day, month and year in the file. */
  dateOrder: 'dmy' | 'ymd' | 'mdy';
  coordinate: CoordinateKind | null;
}

/** How a file is read. Every field can be overridden by the user in the wizard. */
export interface CsvSettings {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  quote: CsvQuote;
  hasHeader: boolean;
  /** Non-empty records before the header (or first data row) that are skipped: titles, notes. */
  skipRows: number;
  /** Number of columns (of the header, else of most rows). */
  columnCount: number;
  columns: CsvColumnSettings[];
}

/** Why a row or cell is listed in the rejects. */
export type CsvRejectReason =
  /** The row has more non-empty fields than the table has columns; the row is not imported. */
  | 'too-many-fields'
  /** The row has fewer fields than the table; the missing cells are empty (row kept unless a required cell is missing). */
  | 'too-few-fields'
  /** A numeric cell that is neither a number in the column's format nor a missing-value marker. */
  | 'not-a-number'
  /** A date cell that is no valid date in the column's format. */
  | 'not-a-date'
  /** A required cell is empty, a missing-value marker, or invalid; the row is not imported. */
  | 'required-missing'
  /** A repetition of the header row inside the data (concatenated exports); skipped. */
  | 'repeated-header'
  /** A title or note row above the header (`skipRows`); skipped. */
  | 'skipped-row'
  /** A quote that does not close properly; the field was read literally. */
  | 'malformed-quote';

export interface CsvReject {
  /** 1-based physical line where the record starts (the header is line 1 when it is the first line). */
  line: number;
  /** 0-based column, or -1 for the whole row. */
  column: number;
  /** The raw cell; for whole-row problems the raw record (without its line break). */
  value: string;
  reason: CsvRejectReason;
  /** True when the row is not in the result; false for a cell problem in a kept row. */
  rowRejected: boolean;
}
