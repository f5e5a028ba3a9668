/**
 * Reading numbers and dates as German office software writes them, straight from the decoded
 * text (no substring per cell). A number is: optional spaces, sign (`-`, `+`, `−`) with optional
 * spaces after it ("-  23"), digits with an optional thousands separator between groups of
 * exactly three, an optional decimal part, an optional exponent, optional spaces and an optional
 * `%`. Anything else is not a number (NaN): "1.5" is not a number when `.` separates thousands.
 *
 * Up to 15 significant digits the value is computed as integer / 10^k, which is the correctly
 * rounded double (both operands are exact), so results equal `parseFloat` of the cleaned text;
 * longer numbers go through `parseFloat`.
 */
import type { DecimalSeparator, ThousandsSeparator } from './types';

const POW10 = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

function isPad(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0x202f;
}

/**
 * Where the last `readNumber` stopped: the position of the `stop` character or `limit` after a
 * number, or -1 when it met a character that cannot belong to a number (then the field end is
 * unknown and the caller looks for it).
 */
export const numberCursor = { end: 0 };

/**
 * Read a number forward from `start` up to `limit` or the first `stop` character (a delimiter;
 * -1 for none), or NaN. `decimal` and `thousands` are character codes (`thousands` -1 for none).
 * Sets `numberCursor.end`.
 */
export function readNumber(text: string, start: number, limit: number, stop: number, decimal: number, thousands: number): number {
  const quick = readPlainNumber(text, start, limit, stop, decimal, thousands);
  if (quick === quick) return quick;
  const cursor = numberCursor;
  let index = start;
  let code = 0;
  while (index < limit && isPad((code = text.charCodeAt(index)))) index++;
  let negative = false;
  if (index < limit && (code === 45 || code === 43 || code === 0x2212)) {
    negative = code !== 43;
    index++;
    while (index < limit && isPad(text.charCodeAt(index))) index++;
  }
  let mantissa = 0;
  let significant = 0;
  let intDigits = 0;
  let fracDigits = 0;
  let group = -1;
  let slow = false;
  /** Trailing zeros of the integer part beyond 15 significant digits (a factor of 10 each). */
  let skipped = 0;
  code = -1;
  for (; index < limit; index++) {
    code = text.charCodeAt(index);
    const digit = code - 48;
    if (digit >= 0 && digit <= 9) {
      if (mantissa !== 0 || digit !== 0) {
        if (significant < 15) {
          mantissa = mantissa * 10 + digit;
          significant++;
        } else if (digit === 0) {
          skipped++;
        } else {
          slow = true;
        }
      }
      intDigits++;
      if (group >= 0) group++;
      continue;
    }
    if (code === thousands) {
      // A padding character that is also the separator ("1 675   ") separates only before a digit.
      if (isPad(code)) {
        const next = index + 1 < limit ? text.charCodeAt(index + 1) - 48 : -1;
        if (next < 0 || next > 9) break;
      }
      if (intDigits === 0 || (group < 0 ? intDigits > 3 : group !== 3)) return fail(cursor);
      group = 0;
      continue;
    }
    break;
  }
  if (group >= 0 && group !== 3) return fail(cursor);
  let lost = 0;
  if (index < limit && code === decimal) {
    index++;
    code = -1;
    for (; index < limit; index++) {
      code = text.charCodeAt(index);
      const digit = code - 48;
      if (digit < 0 || digit > 9) break;
      if (mantissa === 0 && digit === 0) {
        fracDigits++;
      } else if (significant < 15) {
        mantissa = mantissa * 10 + digit;
        significant++;
        fracDigits++;
      } else {
        lost++;
        if (digit !== 0) slow = true;
      }
    }
  }
  if (intDigits === 0 && fracDigits === 0 && lost === 0) return fail(cursor);
  let exponent = 0;
  if (index < limit && (code === 101 || code === 69)) {
    index++;
    let exponentNegative = false;
    if (index < limit) {
      code = text.charCodeAt(index);
      if (code === 45 || code === 43) {
        exponentNegative = code === 45;
        index++;
      }
    }
    let exponentDigits = 0;
    for (; index < limit; index++) {
      const digit = text.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) break;
      exponent = exponent * 10 + digit;
      exponentDigits++;
    }
    if (exponentDigits === 0) return fail(cursor);
    if (exponentNegative) exponent = -exponent;
  }
  const numberEnd = index;
  // Trailing padding and an optional %, then the stop character or the limit.
  while (index < limit && isPad((code = text.charCodeAt(index)))) index++;
  if (index < limit && text.charCodeAt(index) === 37) {
    index++;
    while (index < limit && isPad(text.charCodeAt(index))) index++;
  }
  if (index < limit && text.charCodeAt(index) !== stop) return fail(cursor);
  cursor.end = index;
  if (slow) return slowParse(text, start, numberEnd, decimal, thousands);
  const scale = exponent - fracDigits + skipped;
  let value: number;
  if (scale === 0) value = mantissa;
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale]!;
  else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale]!;
  else return slowParse(text, start, numberEnd, decimal, thousands);
  return negative ? -value : value;
}

const scratch = new Float64Array(1);

/** `readPlainNumberInto` as a value: NaN means "not this simple". Sets `numberCursor.end`. */
function readPlainNumber(text: string, start: number, limit: number, stop: number, decimal: number, thousands: number): number {
  const end = readPlainNumberInto(scratch, 0, text, start, limit, stop, decimal, thousands);
  if (end < 0) return Number.NaN;
  numberCursor.end = end;
  return scratch[0]!;
}

/**
 * The common case in a tight loop: unsigned digits, thousands groups, a decimal part, at most
 * 15 digits, ending exactly at `stop` or `limit` ("582637,29", "1.234", "2019"). The value is
 * written to `values[row]` (no boxed double on the way) and the end returned; -1 means "not this
 * simple" (nothing written, the caller reads the cell in full), not "not a number".
 */
export function readPlainNumberInto(
  values: Float64Array,
  row: number,
  text: string,
  start: number,
  limit: number,
  stop: number,
  decimal: number,
  thousands: number,
): number {
  let index = start;
  let mantissa = 0;
  let digits = 0;
  let group = -1;
  let code = -1;
  for (; index < limit; index++) {
    code = text.charCodeAt(index);
    const digit = code - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (group >= 0) group++;
    } else if (code === thousands && digits > 0 && (group < 0 ? digits <= 3 : group === 3)) {
      group = 0;
    } else {
      break;
    }
  }
  if (digits === 0 || (group >= 0 && group !== 3)) return -1;
  let fraction = 0;
  if (index < limit && code === decimal) {
    for (index++; index < limit; index++) {
      code = text.charCodeAt(index);
      const digit = code - 48;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      fraction++;
    }
  }
  if (digits + fraction > 15 || fraction > 22) return -1;
  if (index < limit && text.charCodeAt(index) !== stop) return -1;
  values[row] = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
  return index;
}

/**
 * `readPlainNumberInto` on the bytes of a line (UTF-8 or Windows-1252, where digits and
 * separators are single bytes): the cell that starts at `start` ends at the `stop` byte or a
 * line break (CR or LF; the line must end in LF). Returns the index of that byte, or -1.
 */
export function readPlainNumberBytes(
  values: Float64Array,
  row: number,
  bytes: Uint8Array,
  start: number,
  stop: number,
  decimal: number,
  thousands: number,
): number {
  let index = start;
  let mantissa = 0;
  let digits = 0;
  let group = -1;
  let code = bytes[index]!;
  for (;;) {
    const digit = code - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (group >= 0) group++;
    } else if (code === thousands && digits > 0 && (group < 0 ? digits <= 3 : group === 3)) {
      group = 0;
    } else {
      break;
    }
    code = bytes[++index]!;
  }
  if (digits === 0 || (group >= 0 && group !== 3)) return -1;
  let fraction = 0;
  if (code === decimal) {
    for (;;) {
      code = bytes[++index]!;
      const digit = code - 48;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      fraction++;
    }
  }
  if (digits + fraction > 15 || fraction > 22) return -1;
  if (code !== stop && code !== 10 && code !== 13) return -1;
  values[row] = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
  return index;
}

function fail(cursor: { end: number }): number {
  cursor.end = -1;
  return Number.NaN;
}

/** The number in `text[start, end)`, or NaN. */
export function parseNumberIn(text: string, start: number, end: number, decimal: number, thousands: number): number {
  return readNumber(text, start, end, -1, decimal, thousands);
}

function slowParse(text: string, start: number, end: number, decimal: number, thousands: number): number {
  let clean = '';
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (isPad(code) || code === thousands || code === 37) continue;
    clean += code === decimal ? '.' : code === 0x2212 ? '-' : text[index];
  }
  return Number(clean);
}

export function separatorCode(separator: DecimalSeparator | ThousandsSeparator): number {
  return separator === '' ? -1 : separator.charCodeAt(0);
}

/** `parseNumberIn` on a whole string. */
export function parseNumber(value: string, decimal: DecimalSeparator, thousands: ThousandsSeparator): number {
  return parseNumberIn(value, 0, value.length, separatorCode(decimal), separatorCode(thousands));
}

export interface NumberFormat {
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator;
}

const THOUSANDS: readonly ThousandsSeparator[] = ['', '.', ',', ' ', '\u00a0', '\u202f', "'"];

/** Every combination of decimal and thousands separator that the sniffer considers. */
export const NUMBER_FORMATS: readonly NumberFormat[] = (['.', ','] as const).flatMap((decimal) =>
  THOUSANDS.filter((thousands) => thousands !== decimal).map((thousands) => ({ decimal, thousands })),
);

const DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const pad2 = (value: number) => String(value).padStart(2, '0');

function isoDate(year: number, month: number, day: number, hour?: string, minute?: string, second?: string): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  let iso = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  if (hour !== undefined && minute !== undefined) {
    const h = Number(hour);
    const m = Number(minute);
    const s = second === undefined ? 0 : Number(second);
    if (h > 23 || m > 59 || s > 59) return null;
    iso += `T${pad2(h)}:${minute}${second === undefined ? '' : `:${second}`}`;
  }
  return iso;
}

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (as spreadsheets do). */
function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? (year < 70 ? 2000 + year : 1900 + year) : year;
}

/** The trimmed text as an ISO date (YYYY-MM-DD[THH:MM[:SS]]), or null. */
export function parseDate(value: string, order: 'dmy' | 'ymd' | 'mdy'): string | null {
  const text = value.trim();
  let match: RegExpExecArray | null;
  switch (order) {
    case 'dmy':
      match = DMY.exec(text);
      return match ? isoDate(fullYear(match[3]!), Number(match[2]), Number(match[1]), match[4], match[5], match[6]) : null;
    case 'ymd':
      match = YMD.exec(text);
      return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3]), match[4], match[5], match[6]) : null;
    case 'mdy':
      match = MDY.exec(text);
      return match ? isoDate(Number(match[3]), Number(match[1]), Number(match[2]), match[4], match[5], match[6]) : null;
  }
}
