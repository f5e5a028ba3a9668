/**
 * The CSV import core for the wizard: sniff settings (overridable), suggest column roles, parse
 * and normalise into columns with a rejects list, and write the rejects for download.
 */
export type * from './types';
export { Utf8Scanner, detectEncoding, type EncodingGuess } from './encoding';
export { parseNumber, parseNumberIn, parseDate, NUMBER_FORMATS, type NumberFormat } from './numbers';
export { RecordScanner, sampleRecords, type SampleRecord } from './records';
export { CSV_ROLES, headerTokens, suggestRoles, type CsvRole, type RoleSuggestion, type RoleSuggestions } from './roles';
export {
  DEFAULT_MISSING_MARKERS,
  DELIMITERS,
  GUESS_THRESHOLD,
  isNumericType,
  sniffCsv,
  type Confidence,
  type CsvColumnReport,
  type CsvSniff,
  type SniffNote,
  type SniffOptions,
  type SniffOverrides,
} from './sniff';
export {
  CELL_INVALID,
  CELL_VALUE,
  CsvCancelledError,
  CsvStreamParser,
  cellValue,
  parseCsv,
  parseCsvStream,
  type CsvColumnData,
  type CsvDictionaryColumn,
  type CsvMarker,
  type CsvNumberColumn,
  type CsvParseOptions,
  type CsvTable,
  type CsvTextColumn,
} from './parse';
export { packedTextAt, packedTextValues, type PackedText } from './packed-text';
export { ENGLISH_REJECT_LABELS, rejectsToCsv, spreadsheetCell, type RejectsCsvLabels } from './rejects';
