/**
 * Guessing how a CSV file is written, from its first megabyte: encoding, delimiter, quote, title
 * rows, header row, and per column the type, decimal and thousands separators, `%` and
 * missing-value markers. Every guess carries a confidence so the wizard can flag it, and every
 * setting can be overridden (the rest is then guessed again under the override).
 */
import { ChunkDecoder, detectEncoding, type Utf8Scanner } from './encoding';
import { NUMBER_FORMATS, parseDate, parseNumber, type NumberFormat } from './numbers';
import { sampleRecords, type SampleRecord } from './records';
import { suggestRoles, type CsvRole, type RoleSuggestions } from './roles';
import { CsvFileError, MAX_CSV_COLUMNS } from './errors';
import { BINARY_KIND_TEXT, binaryKind } from '../text-decode';
import type {
  CoordinateKind,
  CsvColumnSettings,
  CsvColumnType,
  CsvDelimiter,
  CsvEncoding,
  CsvQuote,
  CsvSettings,
  DecimalSeparator,
} from './types';

/** Below this confidence a setting is a guess the UI should point out. */
export const GUESS_THRESHOLD = 0.75;

export const DELIMITERS: readonly CsvDelimiter[] = [';', '\t', ',', '|'];

/**
 * Cell texts that mean "no value" in German and international exports: "." (unknown or secret),
 * "-" / "–" / "—" (nothing, or no value), "/" (no data), "x" (not meaningful), "…" (later).
 */
export const DEFAULT_MISSING_MARKERS: readonly string[] = ['.', '-', '–', '—', '/', 'x', 'X', '…', '...'];

const KNOWN_MARKERS = new Set(
  [...DEFAULT_MISSING_MARKERS, '*', '-/-', 'k.a.', 'k. a.', 'n.v.', 'n/a', 'na', 'nv', '#nv', '#n/a', 'nan', 'null', 'none', '?', 'keine angabe', 'k.a', 'n.a.'].map((marker) =>
    marker.toLowerCase(),
  ),
);

export interface SniffOverrides {
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  quote?: CsvQuote;
  hasHeader?: boolean;
  skipRows?: number;
  /** Per column index: settings to use instead of the guessed ones. */
  columns?: Record<number, Partial<CsvColumnSettings>>;
}

export interface SniffOptions {
  /** Size of the whole file when `bytes` is only its beginning. */
  totalBytes?: number;
  /**
   * A UTF-8 scan of the whole file. Without it only the sample is checked (the parser reports
   * U+FFFD from invalid bytes further on).
   */
  utf8?: Utf8Scanner;
  /** How much of `bytes` to look at (default 1 MiB). */
  sampleBytes?: number;
  /** At most this many records are analysed (default 2000). */
  maxRecords?: number;
  /** Data rows in the preview (default 20). */
  previewRows?: number;
}

export type SniffNote =
  /** UTF-8 was chosen although some bytes are not valid UTF-8 (they read as U+FFFD); `line` of the first. */
  | { code: 'invalid-utf8'; count: number; firstOffset: number; line: number }
  /** A header (or nothing) but no data rows. */
  | { code: 'no-rows' }
  /** Title or note rows above the table are skipped. */
  | { code: 'title-rows'; count: number }
  /** No delimiter splits the rows: one column. */
  | { code: 'single-column' }
  /** Sample rows whose field count differs from the table's (first lines listed). */
  | { code: 'field-count'; lines: number[] }
  /** Quotes that do not close properly (first lines listed). */
  | { code: 'malformed-quotes'; lines: number[] }
  /** Rows that repeat the header (concatenated exports). */
  | { code: 'repeated-header'; lines: number[] };

export interface CsvColumnReport {
  index: number;
  /** Trimmed header cell, '' without a header. */
  name: string;
  settings: CsvColumnSettings;
  /** 0…1 for the type and number format together. */
  confidence: number;
  /** Non-empty cells in the sample. */
  values: number;
  /** Cells read as numbers (numeric types) or dates (`date`) with the chosen settings. */
  parsed: number;
  /** Missing-value markers seen in the sample and how often. */
  markers: Record<string, number>;
  /** Distinct non-empty values in the sample. */
  distinct: number;
  /** Up to five distinct non-empty values, as written. */
  examples: string[];
  /** Why the type is what it is, when it is not obvious. */
  note: 'zero-padded' | 'long-digits' | 'role-key' | 'ambiguous-format' | 'mixed' | null;
}

export type Confidence = Record<'encoding' | 'delimiter' | 'quote' | 'hasHeader' | 'skipRows', number>;

export interface CsvSniff {
  settings: CsvSettings;
  /** 0…1 per file-level setting (1 when overridden). */
  confidence: Confidence;
  /** Settings the caller fixed. */
  overridden: (keyof Confidence | `column:${number}`)[];
  bom: boolean;
  lineEnding: 'crlf' | 'lf' | 'cr' | 'mixed' | 'none';
  /** Header cells (trimmed; padded with '' to `columnCount`), or null. */
  header: string[] | null;
  columns: CsvColumnReport[];
  roles: RoleSuggestions;
  /** The first data rows as the tokenizer splits them (cells untrimmed). */
  preview: SampleRecord[];
  /** Data records analysed, and whether the sample is the whole file. */
  sampleRecords: number;
  complete: boolean;
  /** Bytes per record in the sample, for estimating the row count of a large file. */
  averageRecordBytes: number;
  /** Data rows: exact when `complete`, else estimated from the file size. */
  estimatedRows: number;
  notes: SniffNote[];
}

interface DelimiterGuess {
  delimiter: CsvDelimiter;
  confidence: number;
  fields: number;
}

/** Characters a number can be written with (digits, separators, signs, exponent, %). */
const NUMBER_CHARACTERS = /^[\d\s.,'\u00a0\u202f+\-\u2212eE%]+$/;

function mode(values: readonly number[]): { value: number; share: number } {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = { value: 0, count: 0 };
  for (const [value, count] of counts) if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
  return { value: best.value, share: values.length ? best.count / values.length : 0 };
}

/** Field count ignoring empty trailing fields beyond `width` (a trailing delimiter is harmless). */
function effectiveWidth(record: SampleRecord): number {
  let width = record.fields.length;
  while (width > 1 && record.fields[width - 1]!.trim() === '') width--;
  return width;
}

/**
 * Share of cells that look like cells: numbers, or text without another candidate delimiter in
 * it. Splitting "9,7;1 675" at `,` gives cells like "7;1 675" — split at `;` it gives numbers.
 */
function cleanliness(records: readonly SampleRecord[], delimiter: string): number {
  const others = DELIMITERS.filter((candidate) => candidate !== delimiter && candidate !== '\t');
  let clean = 0;
  let cells = 0;
  for (const record of records.slice(0, 100)) {
    for (const field of record.fields) {
      const value = field.trim();
      cells++;
      if (!others.some((other) => value.includes(other))) clean++;
      else if (NUMBER_FORMATS.some((format) => !Number.isNaN(parseNumber(value, format.decimal, format.thousands)))) clean++;
    }
  }
  return cells ? clean / cells : 0;
}

function detectDelimiter(text: string, complete: boolean): DelimiterGuess {
  const scored = DELIMITERS.map((delimiter, order) => {
    const records = sampleRecords(text, delimiter, '"', 300, complete);
    const widths = records.map(effectiveWidth);
    const { value, share } = mode(widths);
    // Title rows above the table do not count against a delimiter.
    const body = widths.length > 10 ? widths.slice(Math.min(5, Math.floor(widths.length / 10))) : widths;
    const bodyShare = body.length ? body.filter((width) => width === value).length / body.length : 0;
    const score = value >= 2 ? Math.max(share, bodyShare) : 0;
    return { delimiter, score, fields: value, order, records };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const [best, second] = scored as [(typeof scored)[0], (typeof scored)[0]];
  if (best.score === 0) return { delimiter: ';', confidence: 0.3, fields: 1 };
  // The only candidate that splits the rows at all: a messy file, but no doubt about the delimiter.
  if (second.score === 0) return { delimiter: best.delimiter, confidence: Math.max(best.score, 0.9), fields: best.fields };
  // Equally consistent candidates (e.g. "1,5;2,5" splits evenly at both): the earlier one in
  // DELIMITERS wins (`;` before `,`, as German exports use `;` because of decimal commas).
  let ambiguous = second.score >= best.score - 0.05 && second.score > 0.5;
  if (ambiguous) {
    const [bestClean, secondClean] = [cleanliness(best.records, best.delimiter), cleanliness(second.records, second.delimiter)];
    if (secondClean > bestClean + 0.05) return { delimiter: second.delimiter, confidence: Math.min(second.score, 0.9), fields: second.fields };
    ambiguous = bestClean < secondClean + 0.05;
  }
  return { delimiter: best.delimiter, confidence: ambiguous ? Math.min(0.7, best.score) : best.score, fields: best.fields };
}

function detectQuote(text: string, delimiter: string): { quote: CsvQuote; confidence: number } {
  const count = (quote: string) => {
    if (!text.includes(quote)) return 0;
    const escaped = quote.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    const separator = delimiter === '\t' ? '\\t' : delimiter.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    const pattern = new RegExp(`(^|${separator}|\\n)${escaped}[^${escaped}\\n]*${escaped}(?=${separator}|\\r|\\n|$)`, 'g');
    return text.match(pattern)?.length ?? 0;
  };
  const double = count('"');
  const single = count("'");
  if (single > double * 2 && single >= 3) return { quote: "'", confidence: 0.7 };
  return { quote: '"', confidence: double > 0 || single === 0 ? 0.95 : 0.7 };
}

function nonEmptyCount(record: SampleRecord): number {
  let count = 0;
  for (const field of record.fields) if (field.trim() !== '') count++;
  return count;
}

/** Leading records that look like titles or notes (one filled cell) above a table of several columns. */
function detectSkipRows(records: readonly SampleRecord[], width: number): number {
  if (width < 3) return 0;
  let skip = 0;
  while (skip < Math.min(records.length - 1, 30) && nonEmptyCount(records[skip]!) <= 1) skip++;
  return skip < records.length - 1 ? skip : 0;
}

type Shape = 'digits' | 'code' | 'text';
function shapeOf(value: string): Shape {
  if (/^\d+$/.test(value)) return 'digits';
  if (/^[A-Z0-9][A-Z0-9_\-./]*$/.test(value) && /\d/.test(value)) return 'code';
  return 'text';
}

const NUMERIC_TYPES: ReadonlySet<CsvColumnType> = new Set(['integer', 'number', 'year', 'coordinate']);

export function isNumericType(type: CsvColumnType): boolean {
  return NUMERIC_TYPES.has(type);
}

interface FileNumberEvidence {
  decimal: DecimalSeparator;
  /** 0…1: how clear the file-wide evidence is. */
  strength: number;
}

/** Which decimal separator the file uses, from values that read under one convention only. */
function fileDecimal(columns: readonly string[][], delimiter: string): FileNumberEvidence {
  let comma = 0;
  let point = 0;
  const commaFormats = NUMBER_FORMATS.filter((format) => format.decimal === ',');
  const pointFormats = NUMBER_FORMATS.filter((format) => format.decimal === '.');
  for (const values of columns) {
    for (const value of values.slice(0, 200)) {
      if (!/[.,]/.test(value) || !NUMBER_CHARACTERS.test(value)) continue;
      const asComma = commaFormats.some((format) => !Number.isNaN(parseNumber(value, format.decimal, format.thousands)));
      const asPoint = pointFormats.some((format) => !Number.isNaN(parseNumber(value, format.decimal, format.thousands)));
      if (asComma && !asPoint) comma++;
      else if (asPoint && !asComma) point++;
    }
  }
  if (comma === point) return { decimal: delimiter === ',' ? '.' : ',', strength: 0.3 };
  const decimal: DecimalSeparator = comma > point ? ',' : '.';
  return { decimal, strength: Math.abs(comma - point) / (comma + point) };
}

function emptySettings(type: CsvColumnType, decimal: DecimalSeparator): CsvColumnSettings {
  return {
    type,
    decimal,
    thousands: '',
    percent: false,
    missingMarkers: [...DEFAULT_MISSING_MARKERS],
    zeroMarkers: [],
    dateOrder: 'dmy',
    coordinate: null,
  };
}

const isLatitude = (value: number) => value >= 46.5 && value <= 55.5;
const isLongitude = (value: number) => value >= 5.0 && value <= 15.8;
const isNorthing = (value: number) => value >= 5_150_000 && value <= 6_200_000;
const isEasting = (value: number) => (value >= 200_000 && value <= 1_000_000) || (value >= 2_300_000 && value <= 5_000_000) || (value >= 32_200_000 && value <= 33_999_999);

function coordinateKind(numbers: readonly number[], raw: readonly string[], decimal: DecimalSeparator): CoordinateKind | null {
  if (numbers.length === 0) return null;
  const all = (test: (value: number) => boolean) => numbers.filter(test).length >= numbers.length * 0.95;
  const decimals = new RegExp(`\\${decimal}\\d{3,}`);
  const precise = raw.filter((value) => decimals.test(value)).length >= raw.length * 0.8;
  if (precise && all(isLatitude)) return 'latitude';
  if (precise && all(isLongitude)) return 'longitude';
  const fractional = raw.filter((value) => value.includes(decimal)).length >= raw.length * 0.5;
  if (fractional && all(isNorthing)) return 'northing';
  if (fractional && all(isEasting) && numbers.every((value) => value >= 200_000)) return 'easting';
  return null;
}

interface ColumnGuess {
  settings: CsvColumnSettings;
  confidence: number;
  parsed: number;
  markers: Record<string, number>;
  note: CsvColumnReport['note'];
}

/** Characters a number can be written with (digits, separators, signs, exponent, %). */

const DATE_SHAPE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/;

/** Distinct values with their counts (at most `limit` distinct, in order of appearance). */
function tally(values: readonly string[], limit: number): { entries: [string, number][]; total: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const value of values) {
    const count = counts.get(value);
    if (count !== undefined) counts.set(value, count + 1);
    else if (counts.size < limit) counts.set(value, 1);
    else continue;
    total++;
  }
  return { entries: [...counts], total };
}

/** Type and number format of one column from its trimmed sample values. */
export function detectColumn(values: readonly string[], file: FileNumberEvidence): ColumnGuess {
  const present = values.filter((value) => value !== '');
  if (present.length === 0) return { settings: emptySettings('empty', file.decimal), confidence: values.length > 0 ? 0.9 : 0.5, parsed: 0, markers: {}, note: null };

  const markerCounts = new Map<string, number>();
  const candidates: [string, number][] = [];
  let total = 0;
  for (const [value, count] of tally(present, 1000).entries) {
    if (KNOWN_MARKERS.has(value.toLowerCase())) {
      markerCounts.set(value, count);
    } else {
      candidates.push([value, count]);
      total += count;
    }
  }
  const markers = Object.fromEntries(markerCounts);
  const text = (note: CsvColumnReport['note'], confidence: number): ColumnGuess => ({
    settings: { ...emptySettings('text', file.decimal), missingMarkers: [] },
    confidence,
    parsed: 0,
    markers: {},
    note,
  });
  if (candidates.length === 0) return { settings: emptySettings('empty', file.decimal), confidence: 0.6, parsed: 0, markers, note: null };
  const weight = (test: (value: string) => boolean) => {
    let sum = 0;
    for (const [value, count] of candidates) if (test(value)) sum += count;
    return sum;
  };

  // Dates first: "01.02.2020" would otherwise not be a number anyway, but "2020-01-02" is no text.
  // (Invalid dates such as 31.04. count as dates here and are listed as rejects by the parser.)
  if (weight((value) => DATE_SHAPE.test(value)) >= total * 0.9) {
    const orders = (['dmy', 'ymd', 'mdy'] as const).map((order) => ({ order, parsed: weight((value) => parseDate(value, order) !== null) }));
    const { order, parsed } = orders.reduce((best, next) => (next.parsed > best.parsed ? next : best));
    if (parsed > 0) {
      return {
        settings: { ...emptySettings('date', file.decimal), dateOrder: order, missingMarkers: withDefaults(markerCounts) },
        confidence: parsed === total ? 0.95 : 0.95 * (parsed / total),
        parsed,
        markers,
        note: null,
      };
    }
  }

  // Keys written with leading zeros ("01100101", "05111000") or too long for exact numbers stay text.
  if (weight((value) => /^\d+$/.test(value)) >= total * 0.9) {
    if (candidates.some(([value]) => value.length > 1 && value.startsWith('0') && /^\d+$/.test(value))) return text('zero-padded', 0.9);
    if (candidates.some(([value]) => value.length > 15 && /^\d+$/.test(value))) return text('long-digits', 0.9);
  }

  const numeric = candidates.filter(([value]) => NUMBER_CHARACTERS.test(value) && /\d/.test(value));
  let numericTotal = 0;
  for (const [, count] of numeric) numericTotal += count;
  if (numericTotal < total * 0.9) return text(numericTotal > total * 0.5 ? 'mixed' : null, numericTotal > total * 0.5 ? 0.6 : 0.9);

  let best: { format: NumberFormat; ok: number; preference: number; numbers: number[] }[] = [];
  for (const format of NUMBER_FORMATS) {
    let ok = 0;
    const numbers = numeric.map(([value, count]) => {
      const number = parseNumber(value, format.decimal, format.thousands);
      if (!Number.isNaN(number)) ok += count;
      return number;
    });
    if (ok === 0) continue;
    const preference =
      (format.decimal === file.decimal ? 4 : 0) + (format.thousands === '' ? 2 : 0) + (format.thousands === (file.decimal === ',' ? '.' : ',') ? 1 : 0);
    if (best.length === 0 || ok > best[0]!.ok) best = [{ format, ok, preference, numbers }];
    else if (ok === best[0]!.ok) best.push({ format, ok, preference, numbers });
  }
  if (best.length === 0 || best[0]!.ok < total * 0.9) {
    const share = best.length ? best[0]!.ok / total : 0;
    return text(share > 0.5 ? 'mixed' : null, share > 0.5 ? 0.6 : 0.9);
  }
  best.sort((a, b) => b.preference - a.preference);
  const { format: chosen, ok, numbers } = best[0]!;
  // Formats that read every value equally well but give other numbers ("1.234": 1234 or 1.234).
  const ambiguous = best.some((other) => other.numbers.some((value, index) => !Number.isNaN(value) && value !== numbers[index]));
  let confidence = ok / total;
  let note: CsvColumnReport['note'] = null;
  if (ambiguous) {
    confidence *= 0.55 + 0.4 * file.strength;
    note = 'ambiguous-format';
  }

  const valid: number[] = [];
  const validRaw: string[] = [];
  numbers.forEach((number, index) => {
    if (Number.isNaN(number)) return;
    valid.push(number);
    validRaw.push(numeric[index]![0]);
  });
  const percent = validRaw.filter((value) => value.endsWith('%')).length >= validRaw.length * 0.5;
  const integral = valid.every((value) => Number.isInteger(value)) && !validRaw.some((value) => value.includes(chosen.decimal));
  let type: CsvColumnType = integral ? 'integer' : 'number';
  const coordinate = coordinateKind(valid, validRaw, chosen.decimal);
  if (coordinate) type = 'coordinate';
  else if (integral && validRaw.every((value) => /^\d{4}$/.test(value)) && valid.every((value) => value >= 1900 && value <= 2100) && valid.length <= 60) type = 'year';

  // Words without digits that repeat are markers too ("geheim", "k.A.").
  for (const [value, count] of candidates) {
    if (count >= 2 && !/\d/.test(value) && value.length <= 12) markerCounts.set(value, count);
  }
  return {
    settings: {
      ...emptySettings(type, chosen.decimal),
      thousands: chosen.thousands,
      percent,
      missingMarkers: withDefaults(markerCounts),
      coordinate,
    },
    confidence,
    parsed: ok,
    markers: Object.fromEntries(markerCounts),
    note,
  };
}

function withDefaults(found: ReadonlyMap<string, number>): string[] {
  const seen = [...found].sort((a, b) => b[1] - a[1]).map(([marker]) => marker);
  return [...new Set([...seen, ...DEFAULT_MISSING_MARKERS])];
}

/** Roles whose columns are identifiers: read as text even when they look like integers. */
const KEY_ROLES: ReadonlySet<CsvRole> = new Set(['postcode', 'id', 'areaKey', 'houseNumber', 'contact']);

interface HeaderGuess {
  hasHeader: boolean;
  confidence: number;
}

function detectHeader(first: SampleRecord, rest: readonly SampleRecord[], guesses: readonly ColumnGuess[], restColumns: readonly string[][]): HeaderGuess {
  if (rest.length === 0) {
    const numeric = first.fields.some((field) => !Number.isNaN(parseNumber(field.trim(), ',', '')) || !Number.isNaN(parseNumber(field.trim(), '.', '')));
    return { hasHeader: !numeric, confidence: 0.5 };
  }
  let header = 0;
  let data = 0;
  first.fields.forEach((raw, column) => {
    const cell = raw.trim();
    const guess = guesses[column];
    if (cell === '' || !guess) return;
    const { type, decimal, thousands, dateOrder, missingMarkers } = guess.settings;
    if (isNumericType(type)) {
      if (!Number.isNaN(parseNumber(cell, decimal, thousands))) data++;
      else if (!missingMarkers.includes(cell)) header++;
      return;
    }
    if (type === 'date') {
      if (parseDate(cell, dateOrder) !== null) data++;
      else header++;
      return;
    }
    if (type === 'text') {
      const values = restColumns[column]!.slice(0, 500).filter((value) => value !== '');
      const shapes = values.map(shapeOf);
      for (const shape of ['digits', 'code'] as const) {
        if (values.length > 0 && shapes.filter((candidate) => candidate === shape).length >= values.length * 0.9) {
          if (shapeOf(cell) === shape) data++;
          else header++;
          return;
        }
      }
    }
  });
  if (header > 0 && data === 0) return { hasHeader: true, confidence: Math.min(0.99, 0.8 + 0.05 * header) };
  if (data > 0 && header === 0) return { hasHeader: false, confidence: Math.min(0.95, 0.8 + 0.05 * data) };
  if (header > 0 && data > 0) return { hasHeader: header > data, confidence: 0.55 };
  // Only free-text columns: a header names columns (known words), is filled and has no repeats.
  const cells = first.fields.map((field) => field.trim());
  const named = suggestRoles(cells, []).candidates.some((candidate) => candidate.score >= 0.5);
  const distinct = new Set(cells.filter((cell) => cell !== '')).size;
  const repeated = cells.some((cell, column) => cell !== '' && restColumns[column]?.includes(cell));
  if (named && !repeated) return { hasHeader: true, confidence: 0.8 };
  if (distinct === cells.length && !repeated) return { hasHeader: true, confidence: 0.6 };
  return { hasHeader: false, confidence: 0.55 };
}

/** Occurrences of `pattern` in `text` (counted without building a list of matches). */
function occurrences(text: string, pattern: string): number {
  let count = 0;
  for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + pattern.length)) count++;
  return count;
}

function lineEndingOf(text: string): CsvSniff['lineEnding'] {
  const crlf = occurrences(text, '\r\n');
  const lf = occurrences(text, '\n') - crlf;
  const cr = occurrences(text, '\r') - crlf;
  const kinds = [crlf, lf, cr].filter((count) => count > 0).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'cr';
}

/**
 * Guess how `bytes` (a whole CSV file, or its beginning with `options.totalBytes`) is written.
 * Overridden settings are taken as given; the others are guessed under them.
 */
export function sniffCsv(bytes: Uint8Array, overrides: SniffOverrides = {}, options: SniffOptions = {}): CsvSniff {
  const overridden: CsvSniff['overridden'] = [];
  const notes: SniffNote[] = [];
  const sampleEnd = Math.min(bytes.length, options.sampleBytes ?? 1 << 20);
  const totalBytes = Math.max(options.totalBytes ?? bytes.length, bytes.length);
  const complete = sampleEnd === totalBytes;
  if (totalBytes === 0) throw new CsvFileError('empty', 'the file is empty');
  const guess = detectEncoding(bytes.subarray(0, sampleEnd), options.utf8, complete);
  const encoding = overrides.encoding ?? guess.encoding;
  const binary = encoding.startsWith('utf-16') ? null : binaryKind(bytes.subarray(0, sampleEnd));
  if (binary) throw new CsvFileError('binary', `not a table but ${BINARY_KIND_TEXT[binary]}`, { kind: binary });
  if (overrides.encoding) overridden.push('encoding');
  else if (guess.invalidUtf8 > 0) {
    const firstOffset = guess.firstInvalidUtf8;
    // The line is known when the byte lies in the sample (0: further on, only the offset is known).
    let line = firstOffset < sampleEnd ? 1 : 0;
    for (let index = 0; line > 0 && index < firstOffset; index++) if (bytes[index] === 0x0a) line++;
    notes.push({ code: 'invalid-utf8', count: guess.invalidUtf8, firstOffset, line });
  }

  const decoder = new ChunkDecoder(encoding);
  // A sample cut inside a character keeps that character back (no U+FFFD at the end).
  const text = decoder.decode(bytes.subarray(0, sampleEnd)) + (complete ? decoder.end() : '');

  let delimiterGuess: DelimiterGuess;
  if (overrides.delimiter) {
    overridden.push('delimiter');
    delimiterGuess = { delimiter: overrides.delimiter, confidence: 1, fields: 0 };
  } else {
    delimiterGuess = detectDelimiter(text, complete);
  }
  const delimiter = delimiterGuess.delimiter;
  const quoteGuess = overrides.quote !== undefined ? { quote: overrides.quote, confidence: 1 } : detectQuote(text, delimiter);
  if (overrides.quote !== undefined) overridden.push('quote');
  const quote = quoteGuess.quote;

  const maxRecords = options.maxRecords ?? 2000;
  const records = sampleRecords(text, delimiter, quote, maxRecords + 1, complete);
  if (records.length === 0 && !complete) {
    // A header of many thousand columns is one such line: say so when the delimiter repeats that often.
    const delimiters = text.split(delimiter).length - 1;
    if (delimiters >= MAX_CSV_COLUMNS) {
      throw new CsvFileError('too-many-columns', `line 1 has more than ${delimiters} columns, more than the ${MAX_CSV_COLUMNS} read`, { line: 1, count: delimiters + 1, limit: MAX_CSV_COLUMNS, atLeast: 1 });
    }
    throw new CsvFileError('line-too-long', `line 1 is longer than the first ${sampleEnd} bytes: not a table (or one line of ${totalBytes} bytes)`, { line: 1, bytes: sampleEnd, total: totalBytes });
  }
  const widest = records.reduce((most, record) => Math.max(most, record.fields.length), 0);
  if (widest > MAX_CSV_COLUMNS) {
    const line = records.find((record) => record.fields.length === widest)!.line;
    throw new CsvFileError('too-many-columns', `line ${line} has ${widest} columns, more than the ${MAX_CSV_COLUMNS} read`, { line, count: widest, limit: MAX_CSV_COLUMNS });
  }
  const sampleComplete = complete && records.length <= maxRecords;
  const scannedRecords = records.length;
  const scannedCharacters = records.end ?? text.length;
  if (records.length > maxRecords) records.length = maxRecords;
  const width = mode(records.map(effectiveWidth)).value;
  if (width <= 1) notes.push({ code: 'single-column' });

  let skipRows: number;
  if (overrides.skipRows !== undefined) {
    overridden.push('skipRows');
    skipRows = Math.max(0, Math.min(overrides.skipRows, records.length));
  } else {
    skipRows = detectSkipRows(records, width);
  }
  if (skipRows > 0) notes.push({ code: 'title-rows', count: skipRows });
  const table = records.slice(skipRows);
  const first = table[0] ?? { line: 1, fields: [], malformed: false };

  // Columns: as many as most rows have (trailing empty fields ignored), or the header names.
  const tableWidth = Math.max(1, mode(table.map(effectiveWidth)).value);
  const columnsOf = (rows: readonly SampleRecord[], count: number) =>
    Array.from({ length: count }, (_, column) => rows.map((record) => (record.fields[column] ?? '').trim()));

  const provisionalWidth = Math.max(tableWidth, effectiveWidth(first));
  // Rows that repeat the first one (a header again) or are cut or shifted (a field too many or
  // a lone note) would blur the column types: they are left out of the analysis.
  const sameAsFirst = (record: SampleRecord) => first.fields.every((cell, column) => cell.trim() === (record.fields[column] ?? '').trim());
  const regular = (record: SampleRecord) => {
    const width = effectiveWidth(record);
    return width <= provisionalWidth && !(width === 1 && provisionalWidth >= 3);
  };
  const rest = table.slice(1).filter((record) => regular(record) && !sameAsFirst(record));
  const restColumns = columnsOf(rest, provisionalWidth);
  const evidence = fileDecimal(columnsOf(table, provisionalWidth), delimiter);
  const restGuesses = restColumns.map((values) => detectColumn(values, evidence));

  let headerGuess: HeaderGuess;
  if (overrides.hasHeader !== undefined) {
    overridden.push('hasHeader');
    headerGuess = { hasHeader: overrides.hasHeader, confidence: 1 };
  } else {
    headerGuess = detectHeader(first, rest, restGuesses, restColumns);
  }
  const hasHeader = headerGuess.hasHeader;
  const dataRecords = hasHeader ? table.slice(1) : table;
  let columnCount = tableWidth;
  if (hasHeader) {
    let named = first.fields.length;
    while (named > 0 && first.fields[named - 1]!.trim() === '') named--;
    columnCount = Math.max(mode(dataRecords.map(effectiveWidth)).value, named, 1);
  }
  const header = hasHeader ? Array.from({ length: columnCount }, (_, column) => (first.fields[column] ?? '').trim()) : null;
  if (dataRecords.length === 0) notes.push({ code: 'no-rows' });
  const dataColumns = columnsOf(hasHeader ? rest : dataRecords.filter(regular), columnCount);
  const guesses = hasHeader ? restGuesses.slice(0, columnCount) : dataColumns.map((values) => detectColumn(values, evidence));
  while (guesses.length < columnCount) guesses.push(detectColumn(dataColumns[guesses.length]!, evidence));

  const roles = suggestRoles(header ?? [], dataColumns.map((values) => values.slice(0, 200)));

  const columns: CsvColumnReport[] = guesses.map((guessed, index) => {
    const values = dataColumns[index]!;
    const present = values.filter((value) => value !== '');
    let { settings, confidence, note } = guessed;
    let parsed = guessed.parsed;
    const role = roles.byColumn[index]?.role;
    if (role && KEY_ROLES.has(role) && (settings.type === 'integer' || settings.type === 'year')) {
      settings = { ...settings, type: 'text', missingMarkers: [] };
      note = 'role-key';
      parsed = 0;
    }
    if ((role === 'latitude' || role === 'longitude' || role === 'x' || role === 'y') && isNumericType(settings.type)) {
      const kinds: Record<string, CoordinateKind> = { latitude: 'latitude', longitude: 'longitude', x: 'easting', y: 'northing' };
      settings = { ...settings, type: 'coordinate', coordinate: settings.coordinate ?? kinds[role]! };
    }
    const override = overrides.columns?.[index];
    if (override) {
      settings = { ...settings, ...override };
      confidence = 1;
      overridden.push(`column:${index}`);
    }
    const distinct = new Set(present);
    return {
      index,
      name: header?.[index] ?? '',
      settings,
      confidence,
      values: present.length,
      parsed,
      markers: guessed.markers,
      distinct: distinct.size,
      examples: [...distinct].slice(0, 5),
      note,
    };
  });

  const mismatched = dataRecords.filter((record) => {
    const width = effectiveWidth(record);
    return width > columnCount || (record.fields.length < columnCount && record.fields.length > 0);
  });
  if (mismatched.length > 0) notes.push({ code: 'field-count', lines: mismatched.slice(0, 20).map((record) => record.line) });
  const malformed = records.filter((record) => record.malformed);
  if (malformed.length > 0) notes.push({ code: 'malformed-quotes', lines: malformed.slice(0, 20).map((record) => record.line) });
  if (header) {
    const repeated = dataRecords.filter((record) => record.fields.length >= columnCount && header.every((cell, column) => cell === (record.fields[column] ?? '').trim()));
    if (repeated.length > 0) notes.push({ code: 'repeated-header', lines: repeated.slice(0, 20).map((record) => record.line) });
  }

  // Bytes per record over the records analysed (characters scaled to bytes by the sample's ratio).
  const bytesPerCharacter = text.length > 0 ? sampleEnd / text.length : 1;
  const averageRecordBytes = scannedRecords > 0 ? (scannedCharacters * bytesPerCharacter) / scannedRecords : sampleEnd || 1;
  const estimatedRows = sampleComplete ? dataRecords.length : Math.max(dataRecords.length, Math.round(totalBytes / averageRecordBytes) - (hasHeader ? 1 : 0) - skipRows);

  return {
    settings: { encoding, delimiter, quote, hasHeader, skipRows, columnCount, columns: columns.map((column) => column.settings) },
    confidence: {
      encoding: overrides.encoding ? 1 : guess.confidence,
      delimiter: delimiterGuess.confidence,
      quote: quoteGuess.confidence,
      hasHeader: headerGuess.confidence,
      skipRows: overrides.skipRows !== undefined ? 1 : skipRows > 0 ? 0.8 : 0.95,
    },
    overridden,
    bom: guess.bom,
    lineEnding: lineEndingOf(text),
    header,
    columns,
    roles,
    preview: dataRecords.slice(0, options.previewRows ?? 20),
    sampleRecords: dataRecords.length,
    complete: sampleComplete,
    averageRecordBytes,
    estimatedRows,
    notes,
  };
}


