/**
 * The CSV tokenizer: finds the fields of one record in a string without copying them. Used by
 * the sniffer (on a sample, with each candidate delimiter) and by the parser (on decoded chunks),
 * so both read quotes and line breaks the same way.
 *
 * Grammar (RFC 4180, made forgiving for office exports):
 * - Records end at LF, CRLF or a lone CR; a line break inside a quoted field belongs to the field.
 * - A field is quoted when it starts with the quote character. Inside, a doubled quote is one
 *   quote. A quote closes the field only when followed (after optional spaces) by the delimiter,
 *   a line break or the end of the input; any other quote inside is kept literally and the field
 *   is flagged malformed (`"Kita "Sonne" e.V.";` reads as `Kita "Sonne" e.V.`).
 * - A quote that never closes (within `maxQuotedLength` characters, or before the end of the
 *   input) is read literally as part of an unquoted field, so the damage stays on one line.
 * - Quotes inside unquoted fields are ordinary characters.
 */

export const FIELD_QUOTED = 1;
/** The field contains doubled quotes: read it with `fieldText`, not by slicing. */
export const FIELD_ESCAPED = 2;
export const FIELD_MALFORMED = 4;

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export class RecordScanner {
  readonly delimiter: number;
  /** Quote character code, or -1 when fields are never quoted. */
  readonly quote: number;
  readonly #quoteChar: string;
  /** A quoted field longer than this is taken as an unclosed quote (bounds the work per record). */
  readonly maxQuotedLength: number;

  /** Content start and end of each field of the last record (quotes excluded). */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  fieldCount = 0;
  /** Start of the last record, end of its content (before the line break), start of the next. */
  recordStart = 0;
  recordEnd = 0;
  next = 0;
  /** Line breaks consumed by the last record, its terminator included. */
  lineBreaks = 0;

  /**
   * The next LF in `#cached` at or after `#lfFrom` (-1: none up to the end). Searched again only
   * when the scan has passed it, so the native search walks each text once.
   */
  #cached: string | null = null;
  #nextLf = -1;
  #lfFrom = Number.MAX_SAFE_INTEGER;

  constructor(delimiter: string, quote: string, maxQuotedLength = 1 << 20) {
    this.delimiter = delimiter.charCodeAt(0);
    this.quote = quote === '' ? -1 : quote.charCodeAt(0);
    this.#quoteChar = quote;
    this.maxQuotedLength = maxQuotedLength;
  }

  /** The next LF at or after `from` (-1: none), from a cached native search. */
  lineFeedFrom(text: string, from: number): number {
    return this.#findLf(text, from);
  }

  #findLf(text: string, from: number): number {
    if (this.#cached !== text || from < this.#lfFrom || (this.#nextLf >= 0 && this.#nextLf < from)) {
      this.#cached = text;
      this.#nextLf = text.indexOf('\n', from);
      this.#lfFrom = from;
    }
    return this.#nextLf;
  }

  /** True when the fields of the last record had no quotes (all flags 0). */
  plain = false;

  /**
   * Records without quotes and lone CRs (nearly all rows of office exports): the line end is
   * found with a native search, the fields with one comparison per character. Returns 1 when
   * read, 0 when the record needs more text, -1 when the full scanner must read it.
   */
  #scanPlain(text: string, position: number, atEnd: boolean): number {
    const length = text.length;
    let lineEnd = this.#findLf(text, position);
    if (lineEnd < 0) {
      // Without a further LF: a file with CR line ends goes to the full scanner.
      if (text.indexOf('\r', position) >= 0) return -1;
      if (!atEnd) return 0;
      lineEnd = length;
    }
    const contentEnd = lineEnd > position && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    const delimiter = this.delimiter;
    const quote = this.quote;
    let starts = this.starts;
    let ends = this.ends;
    let count = 0;
    let start = position;
    for (let index = position; index < contentEnd; index++) {
      const code = text.charCodeAt(index);
      if (code === delimiter) {
        if (count + 1 >= starts.length) {
          this.#grow();
          starts = this.starts;
          ends = this.ends;
        }
        starts[count] = start;
        ends[count] = index;
        count++;
        start = index + 1;
      } else if (code === quote || code === CR) {
        return -1;
      }
    }
    starts[count] = start;
    ends[count] = contentEnd;
    count++;
    this.plain = true;
    if (lineEnd === length) this.#finish(position, count, 0, length, length);
    else this.#finish(position, count, 1, contentEnd, lineEnd + 1);
    return 1;
  }

  /**
   * Scan the record starting at `position`. Returns false when the record might continue past
   * the end of `text` (then nothing is set; call again with more text); with `atEnd` the end of
   * `text` ends the record. At `position === text.length` with `atEnd`, this reads one empty
   * record: callers stop before.
   */
  scan(text: string, position: number, atEnd: boolean): boolean {
    const plain = this.#scanPlain(text, position, atEnd);
    if (plain >= 0) return plain === 1;
    this.plain = false;
    const length = text.length;
    const delimiter = this.delimiter;
    const quote = this.quote;
    let index = position;
    let count = 0;
    let breaks = 0;
    for (;;) {
      if (count === this.starts.length) this.#grow();
      let flag = 0;
      let start = index;
      let end = -1;
      if (index < length && text.charCodeAt(index) === quote) {
        let from = index + 1;
        let escaped = false;
        let malformed = false;
        let inner = 0;
        for (;;) {
          const close = text.indexOf(this.#quoteChar, from);
          if (close < 0) break;
          for (let scanIndex = from; scanIndex < close; scanIndex++) {
            const code = text.charCodeAt(scanIndex);
            if (code === LF) inner++;
            else if (code === CR && text.charCodeAt(scanIndex + 1) !== LF) inner++;
          }
          if (close + 1 < length && text.charCodeAt(close + 1) === quote) {
            escaped = true;
            from = close + 2;
            continue;
          }
          let after = close + 1;
          while (after < length) {
            const code = text.charCodeAt(after);
            if ((code === SPACE || code === TAB) && code !== delimiter) after++;
            else break;
          }
          if (after >= length) {
            if (!atEnd) return false;
          } else {
            const code = text.charCodeAt(after);
            if (code !== delimiter && code !== LF && code !== CR) {
              malformed = true;
              from = close + 1;
              continue;
            }
          }
          start = index + 1;
          end = close;
          flag = FIELD_QUOTED | (escaped ? FIELD_ESCAPED : 0) | (malformed ? FIELD_MALFORMED : 0);
          breaks += inner;
          index = after;
          break;
        }
        if (end < 0) {
          if (!atEnd && length - position < this.maxQuotedLength) return false;
          // Unclosed quote: read this field literally, up to the delimiter or line end.
          flag = FIELD_MALFORMED;
        }
      }
      if (end < 0) {
        while (index < length) {
          const code = text.charCodeAt(index);
          if (code === delimiter || code === LF || code === CR) break;
          index++;
        }
        end = index;
      }
      this.starts[count] = start;
      this.ends[count] = end;
      this.flags[count] = flag;
      count++;
      if (index >= length) {
        if (!atEnd) return false;
        this.#finish(position, count, breaks, length, length);
        return true;
      }
      const code = text.charCodeAt(index);
      if (code === delimiter) {
        index++;
        continue;
      }
      // A line break (the unquoted scan stops only at these three).
      if (code === CR) {
        if (index + 1 >= length && !atEnd) return false;
        const next = text.charCodeAt(index + 1) === LF ? index + 2 : index + 1;
        this.#finish(position, count, breaks + 1, index, next);
        return true;
      }
      this.#finish(position, count, breaks + 1, index, index + 1);
      return true;
    }
  }

  /** Flags of field `field` of the last record (FIELD_QUOTED, FIELD_ESCAPED, FIELD_MALFORMED). */
  flagsOf(field: number): number {
    return this.plain ? 0 : this.flags[field]!;
  }

  /** The text of field `field` of the last record: unquoted, doubled quotes made single. */
  fieldText(text: string, field: number): string {
    const raw = text.slice(this.starts[field]!, this.ends[field]!);
    return (this.flagsOf(field) & FIELD_ESCAPED) !== 0 ? raw.split(this.#quoteChar + this.#quoteChar).join(this.#quoteChar) : raw;
  }

  /** All fields of the last record as strings. */
  fields(text: string): string[] {
    const out = new Array<string>(this.fieldCount);
    for (let field = 0; field < this.fieldCount; field++) out[field] = this.fieldText(text, field);
    return out;
  }

  #finish(position: number, count: number, breaks: number, recordEnd: number, next: number): void {
    this.fieldCount = count;
    this.lineBreaks = breaks;
    this.recordStart = position;
    this.recordEnd = recordEnd;
    this.next = next;
  }

  #grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }
}

/** One record of a sample, as strings, with the 1-based line it starts on. */
export interface SampleRecord {
  line: number;
  fields: string[];
  /** Some field had a quote problem. */
  malformed: boolean;
}

/**
 * Split `text` into records (blank lines and lines of only delimiters skipped). When `complete`
 * is false the text is the beginning of a longer file and an unfinished last record is dropped.
 * `end` tells where the text after the returned records begins.
 */
export function sampleRecords(text: string, delimiter: string, quote: string, maxRecords: number, complete: boolean): SampleRecord[] & { end?: number } {
  const scanner = new RecordScanner(delimiter, quote, text.length + 1);
  const records: SampleRecord[] & { end?: number } = [];
  let position = 0;
  let line = 1;
  while (position < text.length && records.length < maxRecords) {
    if (!scanner.scan(text, position, complete)) break;
    // Blank lines and lines of only delimiters are no records (as in the parser).
    let empty = true;
    for (let field = 0; field < scanner.fieldCount && empty; field++) {
      if (scanner.flagsOf(field) !== 0 || !isBlank(text, scanner.starts[field]!, scanner.ends[field]!)) empty = false;
    }
    if (!empty) {
      let malformed = false;
      for (let field = 0; field < scanner.fieldCount; field++) if ((scanner.flagsOf(field) & FIELD_MALFORMED) !== 0) malformed = true;
      records.push({ line, fields: scanner.fields(text), malformed });
    }
    line += scanner.lineBreaks;
    position = scanner.next;
  }
  /** Where the text after the returned records begins. */
  records.end = position;
  return records;
}

/** Whitespace as it pads cells of office exports: space, tab, no-break spaces. */
export function isSpaceCode(code: number): boolean {
  return code === SPACE || code === TAB || code === 0xa0 || code === 0x202f || code === 0x2007 || code === 0xfeff;
}

export function isBlank(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (!isSpaceCode(text.charCodeAt(index))) return false;
  return true;
}
