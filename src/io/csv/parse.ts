/**
 * Streaming CSV parse and normalise into columns: numbers into Float64Array (NaN where a value
 * is missing, with the marker recorded), text packed or as dictionary codes, dates into ISO
 * text. Quote-free lines of UTF-8 and Windows-1252 files are read straight from the bytes
 * (`ByteText`); other lines and encodings are decoded in chunks and read in place (no string
 * per numeric cell, no object per row). Nothing vanishes silently: every skipped row and every
 * cell that could not be read is listed in `rejects` with its line; a row is dropped only when
 * its structure is broken or a required cell fails, and valid cells of other rows are kept.
 */
import { BYTE_CR, BYTE_DELIMITER, BYTE_HIGH, BYTE_LF, BYTE_PLAIN, BYTE_QUOTE, ByteText } from './byte-text';
import { ChunkDecoder } from './encoding';
import { numberCursor, parseDate, parseNumberIn, readNumber, readPlainNumberBytes, readPlainNumberInto, separatorCode } from './numbers';
import { FIELD_ESCAPED, FIELD_MALFORMED, RecordScanner, isSpaceCode } from './records';
import { PackedTextBuilder, packedTextAt, type PackedText } from './packed-text';
import { isNumericType } from './sniff';
import type { CsvColumnType, CsvReject, CsvRejectReason, CsvSettings } from './types';

export interface CsvParseOptions {
  /** Indexes of the columns to read, in output order; default all. */
  columns?: readonly number[];
  /**
   * Columns that must hold a value: a row where one of them is empty, a missing-value marker or
   * unreadable is rejected (listed as 'required-missing'). Default none.
   */
  required?: readonly number[];
  /** Rows with more non-empty fields than the table has columns: rejected (default) or kept, the extra fields ignored and listed. */
  extraFields?: 'reject' | 'keep';
  /** Stop after this many data rows (previews). */
  maxRows?: number;
  /** Fraction of the bytes read (0…1), reported between chunks. */
  onProgress?: (fraction: number) => void;
  /** Checked between chunks; the parse throws a CsvCancelledError when set. */
  signal?: AbortSignal;
  shouldCancel?: () => boolean;
  /** Bytes decoded per chunk (default 1 MiB). */
  chunkBytes?: number;
  /** Expected number of data rows, to size the arrays once (e.g. `CsvSniff.estimatedRows`). */
  expectedRows?: number;
  /** Total size in bytes, for progress (streams). */
  totalBytes?: number;
  /** At most this many reject entries are stored (counts stay exact); default 100,000. */
  maxRejects?: number;
  /**
   * False reads every line with the full tokenizer instead of the one-pass paths for quote-free
   * lines (tests compare both; the result must be the same).
   */
  fastPath?: boolean;
  /**
   * False decodes UTF-8 and Windows-1252 files into text before reading them, instead of reading
   * quote-free lines straight from the bytes (tests compare both; the result must be the same).
   */
  bytePath?: boolean;
}

/** Status of a numeric cell: a value, unreadable (listed in the rejects), or a marker (`markers[status - 1]`). */
export const CELL_VALUE = 0;
export const CELL_INVALID = 255;

export interface CsvMarker {
  /** The trimmed cell text ('' = empty cell). */
  text: string;
  /** Read as 0 (a zero marker) rather than as missing (NaN). */
  zero: boolean;
}

interface ColumnBase {
  /** Column index in the file. */
  index: number;
  /** Header cell, or '' without a header. */
  name: string;
  type: CsvColumnType;
}

export interface CsvNumberColumn extends ColumnBase {
  kind: 'number';
  values: Float64Array;
  /**
   * Per row: CELL_VALUE, CELL_INVALID, or k ≥ 1 for `markers[k - 1]`. Null when every cell held
   * a value.
   */
  status: Uint8Array | null;
  markers: CsvMarker[];
  /** Cells that were empty or a missing-value marker. */
  missing: number;
  /** Cells that could not be read (NaN, listed in the rejects). */
  invalid: number;
}

/** Text with mostly distinct values, packed (see `PackedText`; read with `cellValue` or `packedTextValues`). */
export interface CsvTextColumn extends ColumnBase, PackedText {
  kind: 'text';
}

/** Text with few distinct values: `dictionary[codes[row]]`. */
export interface CsvDictionaryColumn extends ColumnBase {
  kind: 'dictionary';
  codes: Uint32Array;
  dictionary: string[];
}

export type CsvColumnData = CsvNumberColumn | CsvTextColumn | CsvDictionaryColumn;

export interface CsvTable {
  settings: CsvSettings;
  /** Header cells as read (trimmed), or null. */
  header: string[] | null;
  rowCount: number;
  /** Per row: the 1-based line in the file where its record starts. */
  lines: Uint32Array;
  columns: CsvColumnData[];
  rejects: CsvReject[];
  /** Exact counts per reason (also of entries beyond `maxRejects`). */
  rejectCounts: Partial<Record<CsvRejectReason, number>>;
  /** Reject entries not stored because of `maxRejects`. */
  rejectsOmitted: number;
  /** Data rows not in the result (structure broken, required cell failed, repeated header, title). */
  rejectedRows: number;
  /** Blank lines and lines of only delimiters (not data, not listed). */
  emptyLines: number;
  /** Bytes read. */
  bytes: number;
  /** Stopped early at `maxRows`. */
  truncated: boolean;
  /**
   * U+FFFD characters in the decoded text: bytes that are not valid in the chosen encoding
   * (a Windows-1252 file read as UTF-8), and the line of the first. 0 and 0 when none.
   */
  replacementCharacters: number;
  firstReplacementLine: number;
}

export class CsvCancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('The CSV import was cancelled');
  }
}

const KIND_NUMBER = 0;
const KIND_TEXT = 1;
const KIND_DATE = 2;

/**
 * Lines the byte path gives up on that come closer together than this many bytes (about six
 * lines of an office export) are read as text in pieces of growing size: decoding each line on
 * its own costs more than reading the few lines between them as text.
 */
const DENSE_TEXT_LINES = 512;

/** The next size of the pieces read as text beyond the current line: doubled, from 256 bytes up to 1 MiB. */
function longerTextRun(run: number): number {
  return Math.min(Math.max(run * 2, 256), 1 << 20);
}

/** Switch a text column from dictionary codes to packed plain text past this many distinct values, when most values are distinct. */
const DICTIONARY_LIMIT = 1024;

class NumberBuilder {
  values: Float64Array;
  status: Uint8Array | null = null;
  missing = 0;
  invalid = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  grow(capacity: number): void {
    this.values = resize(this.values, capacity);
    if (this.status) this.status = resize(this.status, capacity);
  }
  mark(row: number, code: number): void {
    if (!this.status) {
      this.status = new Uint8Array(this.values.length);
      this.#statusRow = row;
    }
    this.status[row] = code;
  }

  /** The line read for `row` was given up or rejected unread (see `CsvStreamParser.#rowReject`): a status array made for it is dropped. */
  forget(row: number): void {
    if (this.#statusRow === row) this.status = null;
    this.#statusRow = -1;
  }

  /** The line read for the current row was rejected: what it made stays when the next line takes the row. */
  settle(): void {
    this.#statusRow = -1;
  }

  /** The row for which `status` was made. */
  #statusRow = -1;
}

/** FNV-1a over the UTF-16 code units of a value, for the dictionary's hash table. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/**
 * A text column: dictionary codes while few distinct values repeat, packed text once most
 * values are distinct. Values are looked up by their characters in the source text (FNV hash,
 * open addressing), so a repeated value allocates no string.
 */
class TextBuilder {
  codes: Uint32Array;
  dictionary: string[] = [];
  /** The values once the column turned plain text (most values distinct). */
  plain: PackedTextBuilder | null = null;
  #hashes: number[] = [];
  #table = new Int32Array(256).fill(-1);
  /** See `guess`. */
  #guesses = new Int32Array(256).fill(-1);
  #capacity: number;

  constructor(capacity: number) {
    // Codes grow with the rows (`ensure`): most text columns with many rows turn into plain
    // text early, and reserving codes for all rows would only add memory for the collector to
    // account for.
    this.codes = new Uint32Array(Math.min(capacity, 1 << 16));
    this.#capacity = capacity;
  }

  grow(capacity: number): void {
    this.#capacity = capacity;
    this.plain?.expectRows(capacity);
  }

  /** Room in `codes` for `row`, which is beyond them. */
  ensure(row: number): void {
    const length = Math.min(Math.max(row + 1, this.codes.length * 2), Math.max(this.#capacity, row + 1));
    this.codes = resize(this.codes, length);
  }

  set(row: number, value: string): void {
    this.setRange(row, value, 0, value.length);
  }

  /** Set `text[start, end)` as the value of `row`. */
  setRange(row: number, text: string, start: number, end: number): void {
    const plain = this.plain;
    if (plain !== null) {
      plain.set(row, text, start, end);
      return;
    }
    let hash = FNV_OFFSET;
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
    this.setHashed(row, text, start, end, hash);
  }

  /** `setRange` of a dictionary column with the FNV-1a hash of the value already computed. */
  setHashed(row: number, text: string, start: number, end: number, hash: number): void {
    if (row >= this.codes.length) this.ensure(row);
    const found = this.#lookup(hash, text, start, end, true, null);
    // A new entry is a copy, so it does not keep the whole decoded chunk alive.
    if (found >= 0) this.codes[row] = found;
    else this.#addEntry(row, text, start, end, hash, -1 - found, true);
  }

  /**
   * `setHashed` for the field `bytes[start, end)` of a line, hashed as its decoded text (see
   * `ByteText.hashRest`); `plain` when each of its bytes stands for itself.
   */
  setHashedBytes(row: number, bytes: Uint8Array, start: number, end: number, hash: number, plain: boolean, reader: ByteText): void {
    if (row >= this.codes.length) this.ensure(row);
    const found = this.#lookup(hash, bytes, start, end, plain, reader);
    if (found >= 0) {
      this.codes[row] = found;
      return;
    }
    // A new value: decoded once, for the dictionary.
    const value = reader.text(bytes, start, end)!;
    this.#addEntry(row, value, 0, value.length, hash, -1 - found, false);
  }

  /**
   * The code of the entry that equals `source[start, end)` (text, or bytes that `reader` decodes;
   * `plain` when each byte stands for itself), or `-1 - slot` for the free slot where it belongs.
   */
  #lookup(hash: number, source: string | Uint8Array, start: number, end: number, plain: boolean, reader: ByteText | null): number {
    const table = this.#table;
    const mask = table.length - 1;
    let slot = hash & mask;
    for (;;) {
      const code = table[slot]!;
      if (code < 0) return -1 - slot;
      if (this.#hashes[code] === hash) {
        const entry = this.dictionary[code]!;
        if (
          typeof source === 'string'
            ? entry.length === end - start && sameCharacters(entry, source, start)
            : plain
              ? entry.length === end - start && sameBytes(entry, source, start)
              : reader!.equals(entry, source, start, end)
        ) {
          return code;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** A new entry `text[start, end)` in `slot` for `row` (`copy`: detached from `text`), or the switch to plain text. */
  #addEntry(row: number, text: string, start: number, end: number, hash: number, slot: number, copy: boolean): void {
    const code = this.dictionary.length;
    if (code >= DICTIONARY_LIMIT && code * 2 > row) {
      this.#toPlain(row);
      this.plain!.set(row, text, start, end);
      return;
    }
    if (this.#entriesRow !== row) {
      this.#entriesRow = row;
      this.#entriesBefore = code;
    }
    const value = text.slice(start, end);
    this.dictionary.push(copy ? detach(value) : value);
    this.#hashes.push(hash);
    this.#table[slot] = code;
    this.codes[row] = code;
    if (this.dictionary.length * 2 > this.#table.length) this.#rehash();
  }

  /**
   * The code of the entry last seen (by `remember`) for a value with the same first and third
   * character as the one at `start`, or -1: a guess, to be compared (`matchEntry`).
   */
  guess(text: string, start: number, limit: number): number {
    return start + 2 < limit ? this.#guesses[guessKey(text, start)]! : -1;
  }

  /** Remember the value at `start`, just set for `row`, as the guess for its first characters. */
  remember(text: string, start: number, limit: number, row: number): void {
    if (start + 2 < limit && this.plain === null) this.#guesses[guessKey(text, start)] = this.codes[row]!;
  }

  /** The line read for the current row was rejected: the entries it added stay when the next line takes the row. */
  settle(): void {
    this.#entriesRow = -1;
  }

  /**
   * The line read for `row` was given up or rejected unread (see `CsvStreamParser.#rowReject`):
   * entries it added are removed, so the dictionary holds what the full tokenizer reads. They are
   * the newest entries, so the probe sequences of the others stay whole.
   */
  forget(row: number): void {
    const added = this.#entriesRow === row && this.plain === null;
    this.#entriesRow = -1;
    if (!added) return;
    const keep = this.#entriesBefore;
    this.dictionary.length = keep;
    this.#hashes.length = keep;
    if (this.#entryBytes.length > keep) this.#entryBytes.length = keep;
    const table = this.#table;
    for (let slot = 0; slot < table.length; slot++) if (table[slot]! >= keep) table[slot] = -1;
    const guesses = this.#guesses;
    for (let key = 0; key < guesses.length; key++) if (guesses[key]! >= keep) guesses[key] = -1;
  }

  /** The row that added the newest entries, and the entry count before it. */
  #entriesRow = -1;
  #entriesBefore = 0;

  /**
   * The entry `code` as bytes when each of its characters is a byte that stands for itself in the
   * file's encoding (`classes`), else null (it is then never equal to a run of such bytes).
   */
  entryBytes(code: number, classes: Uint8Array): Uint8Array | null {
    let bytes = this.#entryBytes[code];
    if (bytes === undefined) {
      const entry = this.dictionary[code]!;
      bytes = new Uint8Array(entry.length);
      for (let index = 0; index < entry.length; index++) {
        const character = entry.charCodeAt(index);
        if (character > 0xff || classes[character] !== BYTE_PLAIN) {
          bytes = null;
          break;
        }
        bytes[index] = character;
      }
      this.#entryBytes[code] = bytes;
    }
    return bytes;
  }

  /** `entryBytes` made so far, by code. */
  #entryBytes: (Uint8Array | null | undefined)[] = [];

  /** `guess` for a value in the bytes of a line (`ByteText`). */
  guessBytes(bytes: Uint8Array, start: number): number {
    return start + 2 < bytes.length ? this.#guesses[guessKeyBytes(bytes, start)]! : -1;
  }

  /** `remember` for a value in the bytes of a line. */
  rememberBytes(bytes: Uint8Array, start: number, row: number): void {
    if (start + 2 < bytes.length && this.plain === null) this.#guesses[guessKeyBytes(bytes, start)] = this.codes[row]!;
  }

  #rehash(): void {
    const table = new Int32Array(this.#table.length * 2).fill(-1);
    const mask = table.length - 1;
    this.#hashes.forEach((hash, code) => {
      let slot = hash & mask;
      while (table[slot]! >= 0) slot = (slot + 1) & mask;
      table[slot] = code;
    });
    this.#table = table;
  }

  #toPlain(rows: number): void {
    const plain = new PackedTextBuilder(Math.max(rows + 1, this.#capacity));
    for (let row = 0; row < rows; row++) {
      const value = this.dictionary[this.codes[row]!]!;
      plain.set(row, value, 0, value.length);
    }
    this.plain = plain;
    this.#hashes = [];
    this.#entryBytes = [];
    this.#table = new Int32Array(0);
    this.#guesses = new Int32Array(256).fill(-1);
    this.codes = new Uint32Array(0);
  }
}

/** `entry` equals `text` at `start` (lengths checked by the caller); a loop beats a native call for short values. */
function sameCharacters(entry: string, text: string, start: number): boolean {
  const length = entry.length;
  if (length > 32) return text.startsWith(entry, start);
  for (let index = 0; index < length; index++) if (entry.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  return true;
}

/** `sameCharacters` against bytes that each stand for themselves. */
function sameBytes(entry: string, bytes: Uint8Array, start: number): boolean {
  const length = entry.length;
  for (let index = 0; index < length; index++) if (entry.charCodeAt(index) !== bytes[start + index]) return false;
  return true;
}

function guessKeyBytes(bytes: Uint8Array, start: number): number {
  return (bytes[start]! * 7 + bytes[start + 2]!) & 255;
}

/**
 * `matchEntry` on the bytes of a line: the bytes are the entry's (`TextBuilder.entryBytes`; null
 * never matches), followed by a delimiter, line break or quote byte. Returns the field's end or -1.
 */
function matchEntryBytes(entry: Uint8Array | null, bytes: Uint8Array, start: number, classes: Uint8Array): number {
  if (entry === null) return -1;
  const length = entry.length;
  for (let index = 0; index < length; index++) if (bytes[start + index] !== entry[index]) return -1;
  const kind = classes[bytes[start + length]!]!;
  return kind !== BYTE_PLAIN && kind !== BYTE_HIGH ? start + length : -1;
}

function guessKey(text: string, start: number): number {
  return (text.charCodeAt(start) * 7 + text.charCodeAt(start + 2)) & 255;
}

/**
 * Where a field that starts at `start` and equals `entry` ends (at the delimiter or `limit`),
 * or -1 when the field is something else. `entry` holds no delimiter (guesses are remembered
 * from fields of quote-free lines only), so equal characters up to a delimiter are the field.
 */
function matchEntry(entry: string, text: string, start: number, limit: number, delimiter: number): number {
  const end = start + entry.length;
  if (end > limit || (end < limit && text.charCodeAt(end) !== delimiter)) return -1;
  for (let index = start; index < end; index++) if (text.charCodeAt(index) !== entry.charCodeAt(index - start)) return -1;
  return end;
}

/**
 * A flat, sequential copy of a (sliced) string, detached from its parent: joined from its
 * characters, so reading it character by character needs no indirection (`(' ' + value).slice(1)`
 * would be a slice of a copy).
 */
function detach(value: string): string {
  return value.length < 13 ? value : value.split('').join('');
}

function resize<T extends Float64Array | Uint8Array | Uint32Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array.subarray(0, Math.min(array.length, capacity)));
  return next;
}

/** An exact-length view, or a copy when the array is much longer (so a transfer does not carry unused memory). */
function trimmed<T extends Float64Array | Uint8Array | Uint32Array>(array: T, length: number): T {
  return (array.length - length > array.length / 16 ? array.slice(0, length) : array.subarray(0, length)) as T;
}

interface PlanEntry {
  index: number;
  kind: number;
  required: boolean;
  decimal: number;
  thousands: number;
  dateOrder: 'dmy' | 'ymd' | 'mdy';
  markers: CsvMarker[];
  number: NumberBuilder | null;
  text: TextBuilder | null;
}

function isPad(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0x202f;
}

/** `value` without the padding characters at either end (`isPad`; not all that `trim` removes). */
function withoutPadding(value: string): string {
  let from = 0;
  let to = value.length;
  while (from < to && isPad(value.charCodeAt(from))) from++;
  while (to > from && isPad(value.charCodeAt(to - 1))) to--;
  return from === 0 && to === value.length ? value : value.slice(from, to);
}

/**
 * The next delimiter, quote and CR at or after a position of one text, each from a native search
 * that is repeated only once the reading has passed its result (so each text is searched about
 * once per character kind). `text.length` stands for "none".
 */
class CharacterSearch {
  #text = '';
  #delimiter: string;
  #quote: string;
  #delimiterAt = -1;
  #quoteAt = -1;
  #carriageReturnAt = -1;

  constructor(delimiter: string, quote: string) {
    this.#delimiter = delimiter;
    this.#quote = quote;
  }

  reset(text: string): void {
    this.#text = text;
    this.#delimiterAt = -1;
    this.#quoteAt = -1;
    this.#carriageReturnAt = -1;
  }

  /** The end of the field that starts at `from` on a line whose content ends at `contentEnd`. */
  delimiter(from: number, contentEnd: number): number {
    let at = this.#delimiterAt;
    if (at < from) at = this.#delimiterAt = this.#find(this.#delimiter, from);
    return at < contentEnd ? at : contentEnd;
  }

  quote(from: number): number {
    if (this.#quoteAt < from) this.#quoteAt = this.#find(this.#quote, from);
    return this.#quoteAt;
  }

  carriageReturn(from: number): number {
    if (this.#carriageReturnAt < from) this.#carriageReturnAt = this.#find('\r', from);
    return this.#carriageReturnAt;
  }

  #find(character: string, from: number): number {
    const found = this.#text.indexOf(character, from);
    return found < 0 ? this.#text.length : found;
  }
}

/**
 * Incremental parser: `push` byte chunks as they arrive, then `finish`. For whole buffers and
 * streams see `parseCsv` and `parseCsvStream`.
 */
export class CsvStreamParser {
  readonly settings: CsvSettings;
  readonly #options: CsvParseOptions;
  readonly #decoder: ChunkDecoder;
  readonly #scanner: RecordScanner;
  readonly #plan: PlanEntry[];
  /** The plan entry of each file column (null: not read). */
  readonly #byField: (PlanEntry | null)[];
  readonly #fast: boolean;
  readonly #columnCount: number;
  readonly #quote: string;
  #carry = '';
  /** Bytes after the last LF pushed so far (line-aligned decoding). */
  #pending: Uint8Array | null = null;
  #scratch = new Uint8Array(0);
  #lineAligned: boolean;
  #line = 1;
  #capacity: number;
  #lines: Uint32Array;
  #rows = 0;
  #skip: number;
  #expectHeader: boolean;
  #header: string[] | null = null;
  #rejects: CsvReject[] = [];
  #rowIssues: CsvReject[] = [];
  #counts: Partial<Record<CsvRejectReason, number>> = {};
  #omitted = 0;
  #rejectedRows = 0;
  #emptyLines = 0;
  #bytes = 0;
  #done = false;
  #truncated = false;
  #replacements = 0;
  #firstReplacementLine = 0;
  /** Line of the last record read by `#fastLines`. */
  #lastLine = 0;
  readonly #search: CharacterSearch;
  /** Reads lines straight from the bytes (UTF-8 and Windows-1252, one-pass path on); else null. */
  readonly #reader: ByteText | null;
  /** The BOM at the start of the bytes was looked for (line-aligned decoding skips it itself). */
  #bomChecked = false;
  /** The header's first cell in the file's encoding, for `#byteLines` (null: no header or an empty first cell). */
  #headerStart: Uint8Array | null = null;
  #headerStartOf: string[] | null = null;
  /**
   * Bytes beyond the current line that are decoded with it when a line goes to the text path:
   * 0 while such lines are rare, doubled while they follow each other closely (`DENSE_TEXT_LINES`;
   * files that quote every text cell are then decoded in large pieces, as without the byte path).
   */
  #textRun = 0;
  /** Bytes read by the byte path since the text path last read a line. */
  #bytesSinceText = 0;
  #bytePathLines = 0;

  constructor(settings: CsvSettings, options: CsvParseOptions = {}) {
    this.settings = settings;
    this.#options = options;
    this.#lineAligned = settings.encoding === 'utf-8' || settings.encoding === 'windows-1252';
    this.#decoder = new ChunkDecoder(settings.encoding, this.#lineAligned);
    this.#scanner = new RecordScanner(settings.delimiter, settings.quote);
    this.#quote = settings.quote;
    this.#search = new CharacterSearch(settings.delimiter, settings.quote);
    this.#columnCount = settings.columnCount;
    this.#skip = settings.skipRows;
    this.#expectHeader = settings.hasHeader;
    this.#capacity = Math.max(16, Math.ceil((options.expectedRows ?? 1024) * 1.05) + 16);
    if (options.maxRows !== undefined) this.#capacity = Math.min(this.#capacity, options.maxRows + 1);
    this.#lines = new Uint32Array(this.#capacity);
    const required = new Set(options.required ?? []);
    const indexes = options.columns ?? Array.from({ length: settings.columnCount }, (_, index) => index);
    this.#plan = indexes.map((index) => {
      const column = settings.columns[index];
      if (!column) throw new RangeError(`The table has no column ${index + 1}`);
      const kind = isNumericType(column.type) ? KIND_NUMBER : column.type === 'date' ? KIND_DATE : KIND_TEXT;
      const markers: CsvMarker[] = [
        { text: '', zero: false },
        ...column.missingMarkers.filter((text) => text !== '').map((text) => ({ text, zero: false })),
        ...column.zeroMarkers.map((text) => ({ text, zero: true })),
      ].slice(0, 254);
      return {
        index,
        kind,
        required: required.has(index),
        decimal: separatorCode(column.decimal),
        thousands: separatorCode(column.thousands),
        dateOrder: column.dateOrder,
        markers,
        number: kind === KIND_NUMBER ? new NumberBuilder(this.#capacity) : null,
        text: kind === KIND_NUMBER ? null : new TextBuilder(this.#capacity),
      };
    });
    this.#fast = options.fastPath !== false;
    this.#reader =
      this.#fast && options.bytePath !== false && (settings.encoding === 'utf-8' || settings.encoding === 'windows-1252')
        ? new ByteText(settings.encoding, this.#scanner.delimiter, this.#scanner.quote)
        : null;
    this.#byField = Array.from({ length: settings.columnCount }, () => null);
    for (const entry of this.#plan) this.#byField[entry.index] = entry;
  }

  /** True once `maxRows` rows were read: further input is ignored. */
  get done(): boolean {
    return this.#done;
  }

  get rowCount(): number {
    return this.#rows;
  }

  /** Lines read so far straight from the bytes (the rest were decoded and read as text). */
  get bytePathLines(): number {
    return this.#bytePathLines;
  }

  push(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    if (this.#done) return;
    if (!this.#lineAligned) {
      this.#pushDecoded(this.#decoder.decode(chunk));
      return;
    }
    // UTF-8 and Windows-1252: read up to the last LF byte and keep the rest as bytes, so the
    // lines read end whole (no character cut) and decoded text nearly always ends with a whole
    // record (no string carry).
    let data = chunk;
    const pending = this.#pending;
    if (pending) {
      // The line begun in the earlier chunks, ended by this one's first LF, is joined in a scratch
      // buffer (one for all chunks: a new buffer per chunk would add garbage outside the heap,
      // which makes the engine collect more often); the rest of the chunk is read where it is.
      const firstLf = chunk.indexOf(10);
      const joined = firstLf < 0 ? chunk.length : firstLf + 1;
      const length = pending.length + joined;
      if (this.#scratch.length < length) this.#scratch = new Uint8Array(Math.ceil(length * 1.25));
      const line = this.#scratch.subarray(0, length);
      line.set(pending);
      line.set(chunk.subarray(0, joined), pending.length);
      this.#pending = null;
      if (firstLf < 0) {
        this.#withoutLineFeed(line);
        return;
      }
      this.#pushLines(line, length);
      if (this.#done) return;
      data = chunk.subarray(joined);
    }
    const lastLf = data.lastIndexOf(10);
    if (lastLf < 0) {
      this.#withoutLineFeed(data);
      return;
    }
    if (lastLf + 1 < data.length) this.#pending = data.slice(lastLf + 1);
    this.#pushLines(data, lastLf + 1);
  }

  /** Bytes that hold no LF yet: kept for the next chunk, or decoded as they come once longer than 4 MiB (CR line ends, a huge field). */
  #withoutLineFeed(data: Uint8Array): void {
    if (data.length === 0) {
      this.#pending = null;
    } else if (data.length > 1 << 22) {
      this.#lineAligned = false;
      this.#pushDecoded(this.#decoder.decode(data.subarray(this.#skipBom(data))));
    } else {
      this.#pending = data.slice();
    }
  }

  /** Bytes to skip at the start of line-aligned input: a UTF-8 BOM (looked for once). */
  #skipBom(bytes: Uint8Array): number {
    if (this.#bomChecked) return 0;
    this.#bomChecked = true;
    return this.settings.encoding === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  /**
   * Read the whole lines `bytes[0, end)` (`end` is just after an LF): straight from the bytes
   * where the byte path can, the rest decoded and read as text. The text path gets whole lines
   * only, so the decoder never holds part of a character between the two.
   */
  #pushLines(bytes: Uint8Array, end: number): void {
    let position = this.#skipBom(bytes);
    if (this.#reader === null) {
      this.#pushDecoded(this.#decoder.decode(bytes.subarray(position, end)));
      return;
    }
    while (position < end && !this.#done) {
      if (this.#carry === '' && this.#skip === 0 && !this.#expectHeader) {
        const next = this.#byteLines(bytes, position, end);
        if (next > position) {
          this.#bytesSinceText += next - position;
          position = next;
          continue;
        }
        this.#textRun = this.#bytesSinceText < DENSE_TEXT_LINES ? longerTextRun(this.#textRun) : 0;
      } else if (this.#carry !== '') {
        // A record that goes on over lines: read on in growing pieces (the carry is read again with each).
        this.#textRun = longerTextRun(this.#textRun);
      }
      const segmentEnd = position + this.#textRun >= end - 1 ? end : bytes.indexOf(10, position + this.#textRun) + 1;
      this.#pushDecoded(this.#decoder.decode(bytes.subarray(position, segmentEnd)));
      this.#bytesSinceText = 0;
      position = segmentEnd;
    }
  }

  #pushDecoded(decoded: string): void {
    // Joined, not concatenated: reading characters of a cons string is much slower.
    const text = this.#carry === '' ? decoded : [this.#carry, decoded].join('');
    const used = this.#consume(text, decoded, false);
    this.#carry = used === text.length ? '' : text.slice(used);
  }

  finish(): CsvTable {
    if (!this.#done) {
      const pending = this.#pending;
      const rest = (pending ? this.#decoder.decode(pending.subarray(this.#skipBom(pending))) : '') + this.#decoder.end();
      this.#pending = null;
      const text = [this.#carry, rest].join('');
      this.#consume(text, rest, true);
      this.#carry = '';
    }
    const rows = this.#rows;
    const columns: CsvColumnData[] = this.#plan.map((entry) => {
      const column = this.settings.columns[entry.index]!;
      const base = { index: entry.index, name: this.#header?.[entry.index] ?? '', type: column.type };
      if (entry.number) {
        const builder = entry.number;
        return {
          ...base,
          kind: 'number',
          values: trimmed(builder.values, rows),
          status: builder.status ? trimmed(builder.status, rows) : null,
          markers: entry.markers,
          missing: builder.missing,
          invalid: builder.invalid,
        };
      }
      const builder = entry.text!;
      if (builder.plain) return { ...base, kind: 'text', ...builder.plain.finish(rows) };
      return { ...base, kind: 'dictionary', codes: trimmed(builder.codes, rows), dictionary: builder.dictionary };
    });
    return {
      settings: this.settings,
      header: this.#header,
      rowCount: rows,
      lines: trimmed(this.#lines, rows),
      columns,
      rejects: this.#rejects,
      rejectCounts: this.#counts,
      rejectsOmitted: this.#omitted,
      rejectedRows: this.#rejectedRows,
      emptyLines: this.#emptyLines,
      bytes: this.#bytes,
      truncated: this.#truncated,
      replacementCharacters: this.#replacements,
      firstReplacementLine: this.#firstReplacementLine,
    };
  }

  /**
   * The next U+FFFD at or after `from` in `text`, whose last `fresh.length` characters are newly
   * decoded: searched in the carry and in `fresh` separately (V8's indexOf can be very slow on a
   * string concatenated from a slice and a decoded chunk).
   */
  #nextReplacement(text: string, fresh: string, from: number): number {
    const carried = text.length - fresh.length;
    if (from < carried) {
      const inCarry = this.#carry.indexOf('\uFFFD', from);
      if (inCarry >= 0) return inCarry;
    }
    const found = fresh.indexOf('\uFFFD', Math.max(0, from - carried));
    return found < 0 ? -1 : carried + found;
  }

  /** Read the complete records of `text`; returns where the unfinished rest begins. */
  #consume(text: string, fresh: string, atEnd: boolean): number {
    const scanner = this.#scanner;
    let position = 0;
    // U+FFFD are counted per consumed record, so those in a carried-over rest count once.
    let replacement = this.#nextReplacement(text, fresh, 0);
    this.#search.reset(text);
    while (position < text.length) {
      let line = this.#line;
      const fast = this.#fast && this.#skip === 0 && !this.#expectHeader;
      const next = fast ? this.#fastLines(text, position, atEnd, replacement < 0 ? text.length : replacement) : position;
      if (next > position) {
        line = this.#lastLine;
        position = next;
      } else {
        if (!scanner.scan(text, position, atEnd)) break;
        this.#line += scanner.lineBreaks;
        position = scanner.next;
        this.#record(text, line);
      }
      while (replacement >= 0 && replacement < position) {
        this.#replacements++;
        if (this.#firstReplacementLine === 0) this.#firstReplacementLine = line;
        replacement = this.#nextReplacement(text, fresh, replacement + 1);
      }
      if (this.#done) return text.length;
    }
    return position;
  }

  /**
   * The one-pass path: reads consecutive lines that have no quote and no lone CR, fields found
   * with native searches and numbers read in place. Stops before a line the full tokenizer must
   * read (blank, indented, quoted, a repeated header, unfinished), after the line holding
   * `stopAt` (so U+FFFD are counted with their line), or after `maxRows`. Returns the position
   * after the lines read (`position` when none); `#lastLine` is the line of the last one.
   */
  #fastLines(text: string, position: number, atEnd: boolean, stopAt: number): number {
    const length = text.length;
    const search = this.#search;
    const scanner = this.#scanner;
    const delimiter = scanner.delimiter;
    const hasQuote = scanner.quote >= 0;
    const header = this.#header;
    const headerStart = header !== null && header[0] !== '' ? header[0]! : null;
    const headerFirst = headerStart === null ? -1 : headerStart.charCodeAt(0);
    let line = this.#line;
    while (position < length && position <= stopAt) {
      let lineEnd = scanner.lineFeedFrom(text, position);
      if (lineEnd < 0) {
        if (!atEnd) break;
        lineEnd = length;
      }
      const contentEnd = lineEnd > position && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      if (contentEnd === position) break;
      const first = text.charCodeAt(position);
      if (first === delimiter || isPad(first)) break;
      // A CR before `contentEnd` is one without LF (a line end for the full tokenizer).
      if ((hasQuote && search.quote(position) < contentEnd) || search.carriageReturn(position) < contentEnd) break;
      if (first === headerFirst && text.startsWith(headerStart!, position)) break;
      this.#fastRow(text, position, contentEnd, line);
      this.#lastLine = line;
      if (lineEnd < length) {
        line++;
        position = lineEnd + 1;
      } else {
        position = length;
      }
      // Stored per line, not once after the loop: the loop runs once per chunk, so a store after it
      // would meet optimised code without type feedback and undo the optimisation every chunk.
      this.#line = line;
      if (this.#done) break;
    }
    return position;
  }

  /** The row a one-pass path writes next, with room for it and no issues listed yet. */
  #beginRow(): number {
    const row = this.#rows;
    if (row === this.#capacity) this.#grow();
    if (this.#rowIssues.length !== 0) this.#rowIssues.length = 0;
    return row;
  }

  /** One line of `#fastLines`, `text[position, contentEnd)`: no quotes, no CR. */
  #fastRow(text: string, position: number, contentEnd: number, line: number): void {
    const search = this.#search;
    const delimiter = this.#scanner.delimiter;
    const row = this.#beginRow();
    const byField = this.#byField;
    const columnCount = this.#columnCount;
    let failed = -1;
    let field = 0;
    let start = position;
    for (;;) {
      if (field >= columnCount) {
        // Fields beyond the table: empty ones (a trailing delimiter) are harmless.
        let extra = false;
        for (let index = start; index < contentEnd; index++) {
          const code = text.charCodeAt(index);
          if (code !== delimiter && !isPad(code)) {
            extra = true;
            break;
          }
        }
        if (extra && this.#tooManyFields(row, line, text, position, contentEnd)) return;
        break;
      }
      const entry = byField[field]!;
      let end: number;
      if (entry === null) {
        end = search.delimiter(start, contentEnd);
      } else if (entry.kind === KIND_NUMBER) {
        const builder = entry.number!;
        end = readPlainNumberInto(builder.values, row, text, start, contentEnd, delimiter, entry.decimal, entry.thousands);
        if (end >= 0) {
          if (builder.status !== null) builder.status[row] = CELL_VALUE;
        } else {
          const value = readNumber(text, start, contentEnd, delimiter, entry.decimal, entry.thousands);
          end = numberCursor.end;
          if (end < 0) end = search.delimiter(start, contentEnd);
          if (value === value) {
            builder.values[row] = value;
            if (builder.status !== null) builder.status[row] = CELL_VALUE;
          } else if (!this.#numberMiss(entry, builder, text.slice(start, end), field, row, line) && entry.required && failed < 0) {
            failed = field;
          }
        }
      } else if (entry.kind === KIND_TEXT) {
        const builder = entry.text!;
        const plain = builder.plain;
        // Set when the value starts or ends with white space: stored trimmed below.
        let padded = false;
        if (plain !== null) {
          // Packed text: copied while the field's end is looked for.
          end = plain.setField(row, text, start, contentEnd, delimiter);
          padded = start < end && (isPad(text.charCodeAt(start)) || isPad(text.charCodeAt(end - 1)));
        } else {
          // A dictionary column. A repeated value is usually the entry last seen with the same
          // first characters: compared with it, it is read in one pass. Otherwise the value is
          // hashed while its end is looked for, then looked up.
          const guess = builder.guess(text, start, contentEnd);
          end = guess < 0 ? -1 : matchEntry(builder.dictionary[guess]!, text, start, contentEnd, delimiter);
          if (end >= 0) {
            if (row >= builder.codes.length) builder.ensure(row);
            builder.codes[row] = guess;
          } else {
            let hash = FNV_OFFSET;
            let index = start;
            for (; index < contentEnd; index++) {
              const code = text.charCodeAt(index);
              if (code === delimiter) break;
              hash = Math.imul(hash ^ code, FNV_PRIME);
            }
            end = index;
            padded = start < end && (isPad(text.charCodeAt(start)) || isPad(text.charCodeAt(end - 1)));
            if (!padded) {
              builder.setHashed(row, text, start, end, hash);
              if (start < end) builder.remember(text, start, contentEnd, row);
            }
          }
        }
        let from = start;
        let to = end;
        if (padded) {
          while (from < to && isPad(text.charCodeAt(from))) from++;
          while (to > from && isPad(text.charCodeAt(to - 1))) to--;
          builder.setRange(row, text, from, to);
        }
        if (from === to && entry.required && failed < 0) failed = field;
      } else {
        // A date column.
        end = search.delimiter(start, contentEnd);
        let from = start;
        let to = end;
        while (from < to && isPad(text.charCodeAt(from))) from++;
        while (to > from && isPad(text.charCodeAt(to - 1))) to--;
        if (!this.#dateCell(entry, text.slice(from, to), field, row, line) && entry.required && failed < 0) failed = field;
      }
      field++;
      if (end >= contentEnd) break;
      start = end + 1;
    }
    this.#closeRow(row, line, field, failed, text, position, contentEnd);
  }

  /**
   * The end of a row read by a one-pass path, after its first `fields` cells (`failed`: the first
   * required cell that failed, or -1): cells the line lacks are empty, then the row is kept or
   * rejected. `source[start, end)` is the line's content (text, or bytes for `ByteText`).
   */
  #closeRow(row: number, line: number, fields: number, failed: number, source: string | Uint8Array, start: number, end: number): void {
    const columnCount = this.#columnCount;
    if (fields < columnCount) {
      // A lone cell in a table of several columns is a note or title, not a row.
      if (fields === 1 && columnCount >= 3) {
        this.#undoCounts(row);
        this.#rowReject(line, this.#sourceText(source, start, end), 'too-few-fields');
        return;
      }
      this.#rowIssues.unshift({ line, column: -1, value: this.#sourceText(source, start, end), reason: 'too-few-fields', rowRejected: false });
      for (let missing = fields; missing < columnCount; missing++) {
        const entry = this.#byField[missing]!;
        if (entry === null) continue;
        if (entry.kind === KIND_NUMBER) {
          if (!this.#numberMiss(entry, entry.number!, '', missing, row, line) && entry.required && failed < 0) failed = missing;
        } else {
          entry.text!.set(row, '');
          if (entry.required && failed < 0) failed = missing;
        }
      }
    }
    if (failed >= 0) {
      this.#undoCounts(row);
      this.#rowReject(line, this.#sourceText(source, start, end), 'required-missing', failed);
      return;
    }
    this.#commit(row, line);
  }

  /**
   * A one-pass row with non-empty fields beyond the table: rejected (true), or listed and kept
   * with `extraFields: 'keep'`. Listed before the cell problems of the row, as the full tokenizer
   * does.
   */
  #tooManyFields(row: number, line: number, source: string | Uint8Array, start: number, end: number): boolean {
    if (this.#options.extraFields !== 'keep') {
      this.#undoCounts(row);
      this.#rowReject(line, this.#sourceText(source, start, end), 'too-many-fields');
      return true;
    }
    this.#rowIssues.unshift({ line, column: -1, value: this.#sourceText(source, start, end), reason: 'too-many-fields', rowRejected: false });
    return false;
  }

  /** `source[start, end)` as text (bytes the byte path has read, so valid in the encoding). */
  #sourceText(source: string | Uint8Array, start: number, end: number): string {
    return typeof source === 'string' ? source.slice(start, end) : this.#reader!.text(source, start, end)!;
  }

  /**
   * The byte path: reads consecutive lines of `bytes[position, end)` (whole lines, the last
   * ending at `end` with an LF) as `#fastLines` reads text, straight from the bytes. Stops before
   * a line it leaves to the text path (blank, indented, a repeated header, or one `#byteRow`
   * gives up on), or after `maxRows`. Returns the position after the lines read.
   */
  #byteLines(bytes: Uint8Array, position: number, end: number): number {
    const reader = this.#reader!;
    const delimiter = this.#scanner.delimiter;
    if (this.#headerStartOf !== this.#header) {
      this.#headerStartOf = this.#header;
      const first = this.#header?.[0] ?? '';
      this.#headerStart = first === '' ? null : reader.encode(first);
    }
    const headerStart = this.#headerStart;
    const headerFirst = headerStart === null ? -1 : headerStart[0]!;
    const firstLine = this.#line;
    let line = firstLine;
    while (position < end) {
      const first = bytes[position]!;
      if (first === delimiter || first === 10 || first === 13 || reader.padAt(bytes, position)) break;
      if (first === headerFirst && startsWithBytes(bytes, position, headerStart!)) break;
      const next = this.#byteRow(bytes, position, line);
      if (next < 0) break;
      position = next;
      line++;
      // Stored per line, as in `#fastLines`.
      this.#line = line;
      if (this.#done) break;
    }
    this.#bytePathLines += line - firstLine;
    return position;
  }

  /**
   * One line of `#byteLines`, from `bytes[position]`: `#fastRow` on bytes. Fields end at a
   * delimiter or line break byte; numbers are read from the bytes, packed text copied and
   * dictionary values hashed and compared on them, decoding only characters beyond ASCII
   * (`ByteText`). Returns the position after the line's LF, or -1 when the line must be read as
   * text (a quote, a CR without LF, bytes not valid in the encoding or U+FFFD, non-ASCII bytes
   * beyond the table's columns): then the row's counts are taken back and it is written again.
   */
  #byteRow(bytes: Uint8Array, position: number, line: number): number {
    const reader = this.#reader!;
    const classes = reader.classes;
    const delimiter = this.#scanner.delimiter;
    const row = this.#beginRow();
    const byField = this.#byField;
    const columnCount = this.#columnCount;
    let failed = -1;
    let field = 0;
    let start = position;
    let contentEnd: number;
    let lineEnd: number;
    for (;;) {
      if (field >= columnCount) {
        // Fields beyond the table: empty ones (a trailing delimiter) are harmless.
        let extra = false;
        let index = start;
        let kind: number;
        for (;; index++) {
          const byte = bytes[index]!;
          kind = classes[byte]!;
          if (kind === BYTE_LF || kind === BYTE_CR) break;
          // Quotes, and characters beyond ASCII (padding or not), are the text path's.
          if (kind > BYTE_CR) return this.#byteBail(row);
          if (kind !== BYTE_DELIMITER && byte !== 32 && byte !== 9 && byte !== 0xa0) extra = true;
        }
        contentEnd = index;
        if (kind === BYTE_LF) lineEnd = index + 1;
        else if (bytes[index + 1] === 10) lineEnd = index + 2;
        else return this.#byteBail(row);
        if (extra && this.#tooManyFields(row, line, bytes, position, contentEnd)) return lineEnd;
        break;
      }
      const entry = byField[field]!;
      let end: number;
      if (entry === null) {
        end = reader.fieldEnd(bytes, start);
      } else if (entry.kind === KIND_NUMBER) {
        const builder = entry.number!;
        end = readPlainNumberBytes(builder.values, row, bytes, start, delimiter, entry.decimal, entry.thousands);
        if (end >= 0) {
          if (builder.status !== null) builder.status[row] = CELL_VALUE;
        } else {
          // Not the plain form: the cell as text, read in full.
          end = reader.fieldEnd(bytes, start);
          if (end < 0 || textPathStop(classes, bytes, end)) return this.#byteBail(row);
          const cell = reader.text(bytes, start, end)!;
          const value = parseNumberIn(cell, 0, cell.length, entry.decimal, entry.thousands);
          if (value === value) {
            builder.values[row] = value;
            if (builder.status !== null) builder.status[row] = CELL_VALUE;
          } else if (!this.#numberMiss(entry, builder, cell, field, row, line) && entry.required && failed < 0) {
            failed = field;
          }
        }
      } else if (entry.kind === KIND_TEXT) {
        const builder = entry.text!;
        const plain = builder.plain;
        let padded = false;
        if (plain !== null) {
          end = plain.setBytes(row, bytes, start, reader);
          padded = end > start && (reader.padAt(bytes, start) || reader.padBefore(bytes, end));
        } else {
          // A dictionary column, as in `#fastRow`: the entry last seen with the same first bytes,
          // else the value hashed (as its decoded text) while its end is looked for.
          const guess = builder.guessBytes(bytes, start);
          end = guess < 0 ? -1 : matchEntryBytes(builder.entryBytes(guess, classes), bytes, start, classes);
          if (end >= 0) {
            if (row >= builder.codes.length) builder.ensure(row);
            builder.codes[row] = guess;
          } else {
            let hash = FNV_OFFSET;
            let index = start;
            let kind: number;
            for (;; index++) {
              const byte = bytes[index]!;
              kind = classes[byte]!;
              if (kind !== BYTE_PLAIN) break;
              hash = Math.imul(hash ^ byte, FNV_PRIME);
            }
            const plainBytes = kind !== BYTE_HIGH;
            if (!plainBytes) {
              hash = reader.hashRest(bytes, index, hash);
              index = reader.next;
            }
            end = index;
            if (end < 0 || textPathStop(classes, bytes, end)) return this.#byteBail(row);
            padded = end > start && (reader.padAt(bytes, start) || reader.padBefore(bytes, end));
            if (!padded) {
              builder.setHashedBytes(row, bytes, start, end, hash, plainBytes, reader);
              if (start < end) builder.rememberBytes(bytes, start, row);
            }
          }
        }
        if (end < 0) return this.#byteBail(row);
        let empty = start === end;
        if (padded) {
          const value = withoutPadding(reader.text(bytes, start, end)!);
          builder.set(row, value);
          empty = value === '';
        }
        if (empty && entry.required && failed < 0) failed = field;
      } else {
        // A date column.
        end = reader.fieldEnd(bytes, start);
        if (end < 0 || textPathStop(classes, bytes, end)) return this.#byteBail(row);
        const value = withoutPadding(reader.text(bytes, start, end)!);
        if (!this.#dateCell(entry, value, field, row, line) && entry.required && failed < 0) failed = field;
      }
      if (end < 0) return this.#byteBail(row);
      field++;
      const kind = classes[bytes[end]!]!;
      if (kind === BYTE_DELIMITER) {
        start = end + 1;
        continue;
      }
      contentEnd = end;
      if (kind === BYTE_LF) lineEnd = end + 1;
      else if (kind === BYTE_CR && bytes[end + 1] === 10) lineEnd = end + 2;
      else return this.#byteBail(row);
      break;
    }
    this.#closeRow(row, line, field, failed, bytes, position, contentEnd);
    return lineEnd;
  }

  /**
   * `#byteRow` gives a line up: what its cells changed is taken back (counts, statuses, new
   * dictionary entries), so the text path reads it as if it came first; values are written again.
   */
  #byteBail(row: number): number {
    this.#undoCounts(row);
    for (const entry of this.#plan) {
      entry.number?.forget(row);
      entry.text?.forget(row);
    }
    return -1;
  }

  /** A date cell: ISO text, or '' and a reject. Returns false when the cell holds no date. */
  #dateCell(entry: PlanEntry, value: string, field: number, row: number, line: number): boolean {
    if (value === '') {
      entry.text!.set(row, '');
      return false;
    }
    const iso = parseDate(value, entry.dateOrder);
    if (iso !== null) {
      entry.text!.set(row, iso);
      return true;
    }
    if (!entry.markers.some((marker) => marker.text === value)) {
      this.#rowIssues.push({ line, column: field, value, reason: 'not-a-date', rowRejected: false });
    }
    entry.text!.set(row, '');
    return false;
  }

  /** Keep the row: its issues are listed, its line recorded. */
  #commit(row: number, line: number): void {
    for (const issue of this.#rowIssues) this.#add(issue);
    this.#lines[row] = line;
    this.#rows = row + 1;
    if (this.#options.maxRows !== undefined && this.#rows >= this.#options.maxRows) {
      this.#done = true;
      this.#truncated = true;
    }
  }

  #record(text: string, line: number): void {
    const scanner = this.#scanner;
    const starts = scanner.starts;
    const ends = scanner.ends;
    const flags = scanner.flags;
    const fieldCount = scanner.fieldCount;
    if (isBlankField(text, starts[0]!, ends[0]!) && this.#allBlank(text)) {
      this.#emptyLines++;
      return;
    }
    if (this.#skip > 0) {
      this.#skip--;
      this.#rowReject(line, this.#recordText(text), 'skipped-row');
      return;
    }
    if (this.#expectHeader) {
      this.#expectHeader = false;
      const header = scanner.fields(text).map((cell) => cell.trim());
      while (header.length < this.#columnCount) header.push('');
      this.#header = header;
      return;
    }
    if (this.#header !== null && this.#repeatsHeader(text)) {
      this.#rowReject(line, this.#recordText(text), 'repeated-header');
      return;
    }
    const columnCount = this.#columnCount;
    const issues = this.#rowIssues;
    if (issues.length !== 0) issues.length = 0;
    if (fieldCount > columnCount) {
      let extra = false;
      for (let field = columnCount; field < fieldCount; field++) {
        if (!isBlankField(text, starts[field]!, ends[field]!)) {
          extra = true;
          break;
        }
      }
      if (extra) {
        if (this.#options.extraFields !== 'keep') {
          this.#rowReject(line, this.#recordText(text), 'too-many-fields');
          return;
        }
        issues.push({ line, column: -1, value: this.#recordText(text), reason: 'too-many-fields', rowRejected: false });
      }
    } else if (fieldCount < columnCount) {
      // A lone cell in a table of several columns is a note or title, not a row.
      if (fieldCount === 1 && columnCount >= 3) {
        this.#rowReject(line, this.#recordText(text), 'too-few-fields');
        return;
      }
      issues.push({ line, column: -1, value: this.#recordText(text), reason: 'too-few-fields', rowRejected: false });
    }
    const plain = scanner.plain;
    for (let field = 0; !plain && field < fieldCount; field++) {
      if ((flags[field]! & FIELD_MALFORMED) !== 0) {
        issues.push({ line, column: field, value: text.slice(starts[field]!, ends[field]!), reason: 'malformed-quote', rowRejected: false });
      }
    }

    const row = this.#rows;
    if (row === this.#capacity) this.#grow();
    const plan = this.#plan;
    let failed = -1;
    for (let planIndex = 0; planIndex < plan.length; planIndex++) {
      const entry = plan[planIndex]!;
      const field = entry.index;
      if (entry.kind === KIND_NUMBER) {
        const builder = entry.number!;
        let value = Number.NaN;
        if (field < fieldCount) {
          if (plain || (flags[field]! & FIELD_ESCAPED) === 0) {
            value = parseNumberIn(text, starts[field]!, ends[field]!, entry.decimal, entry.thousands);
          } else {
            const cell = scanner.fieldText(text, field);
            value = parseNumberIn(cell, 0, cell.length, entry.decimal, entry.thousands);
          }
        }
        if (value === value) {
          builder.values[row] = value;
          if (builder.status !== null) builder.status[row] = CELL_VALUE;
        } else if (!this.#numberMiss(entry, builder, field < fieldCount ? scanner.fieldText(text, field) : '', field, row, line) && entry.required && failed < 0) {
          failed = field;
        }
        continue;
      }
      if (entry.kind === KIND_TEXT && (plain || (flags[field]! & FIELD_ESCAPED) === 0)) {
        // The common case: no string unless the value is new or the column is plain text.
        let start = 0;
        let end = 0;
        if (field < fieldCount) {
          start = starts[field]!;
          end = ends[field]!;
          while (start < end && isPad(text.charCodeAt(start))) start++;
          while (end > start && isPad(text.charCodeAt(end - 1))) end--;
        }
        if (start === end && entry.required && failed < 0) failed = field;
        entry.text!.setRange(row, text, start, end);
        continue;
      }
      let value = '';
      if (field < fieldCount) {
        let start = starts[field]!;
        let end = ends[field]!;
        while (start < end && isPad(text.charCodeAt(start))) start++;
        while (end > start && isPad(text.charCodeAt(end - 1))) end--;
        value = plain || (flags[field]! & FIELD_ESCAPED) === 0 ? text.slice(start, end) : scanner.fieldText(text, field).trim();
      }
      if (entry.kind === KIND_DATE) {
        if (!this.#dateCell(entry, value, field, row, line) && entry.required && failed < 0) failed = field;
        continue;
      }
      if (value === '' && entry.required && failed < 0) failed = field;
      entry.text!.set(row, value);
    }
    if (failed >= 0) {
      this.#undoCounts(row);
      this.#rowReject(line, this.#recordText(text), 'required-missing', failed);
      return;
    }
    this.#commit(row, line);
  }

  /** A numeric cell that is not a number: empty, a marker, or invalid. Returns true for a zero marker. */
  #numberMiss(entry: PlanEntry, builder: NumberBuilder, raw: string, field: number, row: number, line: number): boolean {
    const value = raw.trim();
    const markers = entry.markers;
    for (let index = 0; index < markers.length; index++) {
      const marker = markers[index]!;
      if (marker.text === value) {
        builder.values[row] = marker.zero ? 0 : Number.NaN;
        builder.mark(row, index + 1);
        if (!marker.zero) builder.missing++;
        return marker.zero;
      }
    }
    builder.values[row] = Number.NaN;
    builder.mark(row, CELL_INVALID);
    builder.invalid++;
    this.#rowIssues.push({ line, column: field, value: raw, reason: 'not-a-number', rowRejected: false });
    return false;
  }

  /** Take back the missing/invalid counts of a row that is rejected after its cells were read. */
  #undoCounts(row: number): void {
    for (const entry of this.#plan) {
      const builder = entry.number;
      if (!builder?.status) continue;
      const status = builder.status[row]!;
      if (status === CELL_INVALID) builder.invalid--;
      else if (status !== CELL_VALUE && !entry.markers[status - 1]!.zero) builder.missing--;
      builder.status[row] = CELL_VALUE;
    }
  }

  #allBlank(text: string): boolean {
    const scanner = this.#scanner;
    for (let field = 0; field < scanner.fieldCount; field++) {
      if (scanner.flagsOf(field) !== 0 || !isBlankField(text, scanner.starts[field]!, scanner.ends[field]!)) return false;
    }
    return true;
  }

  #repeatsHeader(text: string): boolean {
    const header = this.#header!;
    const scanner = this.#scanner;
    const first = header[0]!;
    if (first === '') return false;
    let start = scanner.starts[0]!;
    while (start < scanner.ends[0]! && isPad(text.charCodeAt(start))) start++;
    if (!text.startsWith(first, start)) return false;
    if (scanner.fieldCount < header.filter((cell) => cell !== '').length) return false;
    for (let field = 0; field < header.length; field++) {
      const cell = field < scanner.fieldCount ? scanner.fieldText(text, field).trim() : '';
      if (cell !== header[field]) return false;
    }
    return true;
  }

  #recordText(text: string): string {
    return text.slice(this.#scanner.recordStart, this.#scanner.recordEnd);
  }

  #rowReject(line: number, value: string, reason: CsvRejectReason, column = -1): void {
    this.#rejectedRows++;
    this.#add({ line, column, value, reason, rowRejected: true });
    // The next line takes the same row. The full tokenizer rejects a row for its structure before
    // it reads a cell, so what a one-pass path changed for it is taken back (see `#byteBail`);
    // a row rejected for a required cell keeps what its cells added, as there.
    const row = this.#rows;
    for (const entry of this.#plan) {
      if (reason === 'required-missing') {
        entry.number?.settle();
        entry.text?.settle();
      } else {
        entry.number?.forget(row);
        entry.text?.forget(row);
      }
    }
  }

  #add(reject: CsvReject): void {
    this.#counts[reject.reason] = (this.#counts[reject.reason] ?? 0) + 1;
    if (this.#rejects.length < (this.#options.maxRejects ?? 100_000)) this.#rejects.push(reject);
    else this.#omitted++;
  }

  #grow(): void {
    const capacity = Math.ceil(this.#capacity * 1.5) + 16;
    this.#lines = resize(this.#lines, capacity);
    for (const entry of this.#plan) {
      entry.number?.grow(capacity);
      entry.text?.grow(capacity);
    }
    this.#capacity = capacity;
  }
}

/**
 * The field that ends at `end` is followed by a quote or a CR without LF: its line is read by the
 * text path (`#byteRow` stops there before a cell changes anything the text path would not).
 */
function textPathStop(classes: Uint8Array, bytes: Uint8Array, end: number): boolean {
  const kind = classes[bytes[end]!]!;
  return kind === BYTE_QUOTE || (kind === BYTE_CR && bytes[end + 1] !== 10);
}

function startsWithBytes(bytes: Uint8Array, start: number, prefix: Uint8Array): boolean {
  if (start + prefix.length > bytes.length) return false;
  for (let index = 0; index < prefix.length; index++) if (bytes[start + index] !== prefix[index]) return false;
  return true;
}

function isBlankField(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (!isSpaceCode(text.charCodeAt(index))) return false;
  return true;
}

function checkCancelled(options: CsvParseOptions): void {
  if (options.signal?.aborted || options.shouldCancel?.()) throw new CsvCancelledError();
}

/** Reports progress at most every 1 % (and at the end), so a worker does not flood the main thread. */
function progressReporter(options: CsvParseOptions): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    if (!options.onProgress) return;
    if (fraction >= 1 || fraction - last >= 0.01) {
      last = fraction;
      options.onProgress(Math.min(1, fraction));
    }
  };
}

/** Parse a whole file held in memory. */
export function parseCsv(bytes: Uint8Array, settings: CsvSettings, options: CsvParseOptions = {}): CsvTable {
  const parser = new CsvStreamParser(settings, options);
  const chunk = options.chunkBytes ?? 1 << 20;
  const progress = progressReporter(options);
  for (let offset = 0; offset < bytes.length && !parser.done; offset += chunk) {
    checkCancelled(options);
    parser.push(bytes.subarray(offset, offset + chunk));
    progress(Math.min(1, (offset + chunk) / bytes.length));
  }
  checkCancelled(options);
  const table = parser.finish();
  progress(1);
  return table;
}

/**
 * Parse a stream of byte chunks (e.g. `file.stream()` in a worker), so the whole file never has
 * to be in memory at once. Yields to the event loop between chunks as the stream does.
 */
export async function parseCsvStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  settings: CsvSettings,
  options: CsvParseOptions = {},
): Promise<CsvTable> {
  const parser = new CsvStreamParser(settings, options);
  const progress = progressReporter(options);
  const total = options.totalBytes ?? 0;
  let read = 0;
  const step = options.chunkBytes ?? 1 << 20;
  const take = (chunk: Uint8Array) => {
    // Large stream chunks are cut so the progress moves and cancellation is checked.
    for (let offset = 0; offset < chunk.length && !parser.done; offset += step) {
      checkCancelled(options);
      const piece = chunk.subarray(offset, offset + step);
      parser.push(piece);
      read += piece.length;
      if (total > 0) progress(read / total);
    }
  };
  if ('getReader' in source) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        take(value);
        if (parser.done) break;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } else {
    for await (const chunk of source) {
      take(chunk);
      if (parser.done) break;
    }
  }
  checkCancelled(options);
  const table = parser.finish();
  progress(1);
  return table;
}

/** The value of a text, dictionary or number column at `row`, as a plain value (for previews and tests). */
export function cellValue(column: CsvColumnData, row: number): string | number {
  switch (column.kind) {
    case 'number':
      return column.values[row]!;
    case 'text':
      return packedTextAt(column, row);
    case 'dictionary':
      return column.dictionary[column.codes[row]!]!;
  }
}

