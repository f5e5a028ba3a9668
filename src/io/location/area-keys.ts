/**
 * Tolerant matching of area keys as office tables write them to social spaces or base units.
 * "4", "04", "STGT04", "04 Westliche Höhe", "Westliche_Höhe", "Westliche Höhe" and
 * "westliche hoehe" all find the area with code "SR 04" / key "04" / name "Westliche Höhe";
 * 8-digit AGS that lost their leading zero, 12-digit ARS (→ AGS) and Berlin LOR keys written
 * as numbers find theirs. Build the index once with `createAreaMatcher`, then `match` each key.
 *
 * Rules, strongest first (the first stage that finds something decides):
 *  1. `manual`  — a mapping the user made (`overrides`).
 *  2. `exact`   — the trimmed text equals a key or code.
 *  3. `code`    — equal after `normaliseKey` (case, umlauts, separators, leading zeros), also
 *                 a 12-digit ARS reduced to its AGS (state, district, municipality digits).
 *  4. `name`    — the normalised text equals a normalised name, or it is "number + name"
 *                 ("04 Westliche Höhe", "Westliche Höhe (SR 4)") whose name part does.
 *  5. `number`  — the number in the text ("STGT04", "Nr. 4", "4") equals the number of a code or
 *                 key (a code written with its prefix, "B1", counts before the bare number);
 *                 score 1, or 0.75 when the text also has a name part that matched nothing.
 *     `parent`  — with `parents`: a longer all-digit key whose first digits are an area's key
 *                 (every area's key having that many digits); between `code` and `name`.
 *  6. `fuzzy`   — the name part is within edit distance of one name (similarity ≥ 0.8, and
 *                 every other name at least one edit further away); numbers are never matched
 *                 fuzzily (05111001 ≠ 05111000).
 * Within a stage, two different areas make the key `ambiguous`; a number and a name that point
 * to different areas are a `conflict`. Neither is resolved: the result lists the areas.
 * An unmatched key lists the three closest areas (by name similarity or number proximity).
 *
 * Pure, no DOM. Results are cached per distinct text, so a million rows with a few hundred
 * different keys cost a few hundred look-ups.
 */
import { editDistance, foldGerman, normaliseKey } from './normalise';

export { normaliseKey };

export interface AreaRecord {
  id: string;
  /** Code as planners write it ("SR 04"); may be empty. */
  code?: string;
  /** Official key (AGS, LOR id, "04"); may be empty. */
  key?: string;
  name?: string;
}

export type AreaMatchHow = 'manual' | 'exact' | 'code' | 'name' | 'number' | 'fuzzy' | 'parent';

export interface AreaMatched {
  matched: true;
  areaId: string;
  how: AreaMatchHow;
  /** 1 for certain matches; the similarity (0.8–1) for fuzzy ones; 0.75 for a number whose name part matched nothing. */
  score: number;
}

export interface AreaCandidate {
  areaId: string;
  code: string;
  key: string;
  name: string;
  /** Closeness 0–1 (name similarity or number proximity). */
  score: number;
}

export type AreaUnmatchedReason = 'empty' | 'unknown' | 'ambiguous' | 'conflict';

export interface AreaUnmatched {
  matched: false;
  unmatched: true;
  reason: AreaUnmatchedReason;
  /** Plain English. */
  detail: string;
  /** For `unknown`: the three closest areas; for `ambiguous`/`conflict`: the areas in question. */
  candidates: AreaCandidate[];
}

export type AreaMatchResult = AreaMatched | AreaUnmatched;

export interface AreaMatcherOptions {
  /** User mappings: raw key (as written, or normalised) → area id. */
  overrides?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Least similarity for a fuzzy name match (default 0.8). */
  fuzzyThreshold?: number;
  /**
   * Keys of a finer level find the area whose key they start with (Berlin's 8-digit Planungsraum
   * 01100101 → Prognoseraum 0110, an 8-digit AGS → its 5-digit Kreis), when every area has a key
   * of the same number of digits and the key is longer. Off by default: the user asks for it.
   */
  parents?: boolean;
}

/** Summary of matching a whole column. */
export interface AreaMatchReport {
  /** One result per input row. */
  results: AreaMatchResult[];
  counts: Record<AreaMatchHow | 'unmatched', number>;
  /** Distinct keys that found no area, with the rows (0-based) that carry them. */
  unmatched: { raw: string; rows: number[]; reason: AreaUnmatchedReason; detail: string; candidates: AreaCandidate[] }[];
  /** Distinct keys matched by a guess (fuzzy, or a number whose name part matched nothing): worth a look. */
  guesses: { raw: string; rows: number[]; areaId: string; how: AreaMatchHow; score: number }[];
}

export interface AreaMatcher {
  readonly size: number;
  /** With `parents`: the number of leading digits a finer key is matched by (0: not possible here). */
  readonly parentDigits: number;
  match(raw: string | number | null | undefined): AreaMatchResult;
  matchAll(raws: readonly (string | number | null | undefined)[]): AreaMatchReport;
}

const MAX_LISTED = 10;

/** Excel and friends write keys as 1100101.0 or 1.100101E+06; undo that. */
function cleanNumeric(raw: string): string {
  const text = raw.trim();
  const decimal = /^(\d+)[.,]0+$/.exec(text);
  if (decimal) return decimal[1]!;
  if (/^\d+(?:[.,]\d+)?[eE]\+?\d+$/.test(text)) {
    const value = Number(text.replace(',', '.'));
    if (Number.isSafeInteger(value)) return String(value);
  }
  return text;
}

/** Digits of a code or key like "SR 04", "STGT04", "04", "PLR 01100101"; null otherwise. */
function numberOfCode(value: string): string | null {
  const match = /^[a-z]{0,6}(\d+)$/.exec(foldGerman(value).replace(/ /g, ''));
  return match ? stripZeros(match[1]!) : null;
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

/** 12-digit ARS → 8-digit AGS: state+district (5 digits) and municipality (last 3). */
export function arsToAgs(digits: string): string | null {
  if (!/^\d{11,12}$/.test(digits)) return null;
  const ars = digits.padStart(12, '0');
  return ars.slice(0, 5) + ars.slice(9);
}

interface Decomposed {
  number: string | null;
  /** The number with its prefix as written ("sr04", "b1", "04"), to look up as a code. */
  code: string | null;
  text: string;
}

const DEFAULT_PREFIXES = ['nr', 'no', 'sr', 'bz', 'plr', 'bzr', 'pgr', 'ags', 'ars'];

/**
 * Split "04 Westliche Höhe", "SR 04 Westliche Höhe", "Westliche Höhe (SR 04)", "STGT04" into
 * number and name part. A word before the number is dropped only when it is a code prefix
 * (letters in front of the digits of some code or key, or one of DEFAULT_PREFIXES), so that
 * in "Ortsteil Nord 2" the name part stays "ortsteil nord".
 */
function decompose(raw: string, prefixes: ReadonlySet<string>): Decomposed {
  const folded = foldGerman(raw);
  const compact = folded.replace(/ /g, '');
  const whole = /^[a-z]{0,6}(\d+)$/.exec(compact);
  if (whole) return { number: stripZeros(whole[1]!), code: compact, text: '' };
  const tokens = folded.split(' ');
  // A token "04", "b1" or "sr04" (letters only when they are a known prefix).
  const glued = (token: string) => {
    const match = /^([a-z]{0,6})(\d+)$/.exec(token);
    return match && (match[1] === '' || prefixes.has(match[1]!)) ? match[2]! : null;
  };
  if (tokens.length >= 2) {
    const first = glued(tokens[0]!);
    if (first !== null) return { number: stripZeros(first), code: tokens[0]!, text: tokens.slice(1).join(' ') };
    if (prefixes.has(tokens[0]!) && tokens.length >= 3 && /^\d+$/.test(tokens[1]!)) {
      return { number: stripZeros(tokens[1]!), code: tokens[0]! + tokens[1]!, text: tokens.slice(2).join(' ') };
    }
    const last = glued(tokens[tokens.length - 1]!);
    if (last !== null) {
      const before = tokens.length >= 3 && prefixes.has(tokens[tokens.length - 2]!) ? tokens.length - 2 : tokens.length - 1;
      return { number: stripZeros(last), code: tokens.slice(before).join(''), text: tokens.slice(0, before).join(' ') };
    }
  }
  return { number: null, code: null, text: folded };
}

function addTo(index: Map<string, Set<number>>, key: string, area: number): void {
  if (key === '') return;
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(area);
}

/** Build the index once; `match` is then a few map look-ups (fuzzy only for unknown names). */
export function createAreaMatcher(areas: readonly AreaRecord[], options: AreaMatcherOptions = {}): AreaMatcher {
  const threshold = options.fuzzyThreshold ?? 0.8;
  const records = areas.map((area) => ({
    id: area.id,
    code: area.code ?? '',
    key: area.key ?? '',
    name: area.name ?? '',
  }));
  const exact = new Map<string, Set<number>>();
  const codes = new Map<string, Set<number>>();
  const names = new Map<string, Set<number>>();
  const numbers = new Map<string, Set<number>>();
  const normalisedNames: string[] = [];
  const prefixes = new Set(DEFAULT_PREFIXES);
  records.forEach((area, index) => {
    for (const value of [area.key, area.code]) {
      const prefix = /^([a-z]{1,6}) ?\d+$/.exec(foldGerman(value));
      if (prefix) prefixes.add(prefix[1]!);
      addTo(exact, value.trim(), index);
      addTo(codes, normaliseKey(value), index);
      const number = numberOfCode(value);
      if (number !== null) addTo(numbers, number, index);
    }
    const ags = arsToAgs(area.key.replace(/\s/g, ''));
    if (ags) addTo(codes, normaliseKey(ags), index);
    const name = normaliseKey(area.name);
    normalisedNames.push(name);
    addTo(names, name, index);
  });
  // Keys of the same number of digits in every area: finer keys can find them by their first digits.
  const digitKeys = records.map((area) => area.key.trim());
  const parentLength = options.parents && digitKeys.length > 0 && digitKeys.every((key) => /^\d+$/.test(key) && key.length === digitKeys[0]!.length) ? digitKeys[0]!.length : 0;
  const parentKeys = new Map<string, Set<number>>();
  if (parentLength > 0) digitKeys.forEach((key, index) => addTo(parentKeys, key, index));

  // Areas with a number, sorted by it, for "closest number" candidates.
  const numbered: { value: number; digits: string; area: number }[] = [];
  for (const [digits, set] of numbers) for (const area of set) numbered.push({ value: Number(digits), digits, area });
  numbered.sort((left, right) => left.value - right.value);

  const overrides = new Map<string, string>();
  const ids = new Set(records.map((area) => area.id));
  if (options.overrides) {
    const entries = options.overrides instanceof Map ? [...options.overrides] : Object.entries(options.overrides);
    for (const [raw, id] of entries) {
      if (!ids.has(id)) throw new RangeError(`override for "${raw}" names an unknown area "${id}"`);
      overrides.set(raw.trim(), id);
      overrides.set(`\u0000${normaliseKey(raw)}`, id);
    }
  }

  const candidate = (area: number, score: number): AreaCandidate => {
    const record = records[area]!;
    return { areaId: record.id, code: record.code, key: record.key, name: record.name, score };
  };
  const matched = (area: number, how: AreaMatchHow, score = 1): AreaMatched => ({ matched: true, areaId: records[area]!.id, how, score });
  const unmatched = (reason: AreaUnmatchedReason, detail: string, candidates: AreaCandidate[]): AreaUnmatched => ({
    matched: false,
    unmatched: true,
    reason,
    detail,
    candidates,
  });
  const ambiguous = (set: ReadonlySet<number>, what: string, raw: string): AreaUnmatched =>
    unmatched(
      'ambiguous',
      `"${raw}" fits ${set.size} areas by ${what}`,
      [...set].slice(0, MAX_LISTED).map((area) => candidate(area, 1)),
    );
  /** One area from a stage: matched, ambiguous, or nothing (null). */
  const decide = (set: ReadonlySet<number> | undefined, how: AreaMatchHow, what: string, raw: string): AreaMatchResult | null => {
    if (!set || set.size === 0) return null;
    if (set.size > 1) return ambiguous(set, what, raw);
    return matched(set.values().next().value!, how);
  };

  /**
   * Best fuzzy name match of a normalised text: similarity ≥ threshold and every other name at
   * least one edit further away; several names at the best distance are a tie.
   */
  const fuzzyName = (text: string): { area: number; score: number } | { tied: number[]; score: number } | null => {
    if (text.length < 4) return null;
    let bestDistance = Number.POSITIVE_INFINITY;
    let tied: number[] = [];
    for (let area = 0; area < normalisedNames.length; area++) {
      const name = normalisedNames[area]!;
      if (name === '') continue;
      const longer = Math.max(name.length, text.length);
      const limit = Math.min(Math.floor(longer * (1 - threshold)), bestDistance);
      const distance = editDistance(text, name, limit);
      if (distance > limit) continue;
      if (distance < bestDistance) {
        bestDistance = distance;
        tied = [area];
      } else tied.push(area);
    }
    if (tied.length === 0) return null;
    const first = tied[0]!;
    const score = 1 - bestDistance / Math.max(normalisedNames[first]!.length, text.length);
    return tied.length === 1 ? { area: first, score } : { tied, score };
  };

  /** The three closest areas for an unmatched key. */
  const closest = (decomposed: Decomposed, normalised: string): AreaCandidate[] => {
    const scores = new Map<number, number>();
    const offer = (area: number, score: number) => {
      if (score > (scores.get(area) ?? 0)) scores.set(area, score);
    };
    if (decomposed.number !== null && numbered.length > 0) {
      const value = Number(decomposed.number);
      // Binary search for the insertion point, then walk outwards.
      let low = 0;
      let high = numbered.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (numbered[middle]!.value < value) low = middle + 1;
        else high = middle;
      }
      let left = low - 1;
      let right = low;
      for (let taken = 0; taken < 6 && (left >= 0 || right < numbered.length); taken++) {
        const leftGap = left >= 0 ? value - numbered[left]!.value : Number.POSITIVE_INFINITY;
        const rightGap = right < numbered.length ? numbered[right]!.value - value : Number.POSITIVE_INFINITY;
        const entry = leftGap <= rightGap ? numbered[left--]! : numbered[right++]!;
        const gap = Math.abs(entry.value - value);
        offer(entry.area, 1 - gap / Math.max(entry.value, value, 1));
      }
    }
    const text = normaliseKey(decomposed.text || (decomposed.number === null ? normalised : ''));
    if (text !== '') {
      for (let area = 0; area < normalisedNames.length; area++) {
        const name = normalisedNames[area]!;
        if (name === '') continue;
        const longer = Math.max(name.length, text.length);
        offer(area, 1 - editDistance(text, name) / longer);
      }
    }
    return [...scores]
      .sort((left, right) => right[1] - left[1] || left[0] - right[0])
      .slice(0, 3)
      .map(([area, score]) => candidate(area, Math.round(score * 1000) / 1000));
  };

  const matchText = (raw: string): AreaMatchResult => {
    const trimmed = cleanNumeric(raw);
    if (trimmed === '') return unmatched('empty', 'no key', []);
    const normalised = normaliseKey(trimmed);

    const manual = overrides.get(raw.trim()) ?? overrides.get(`\u0000${normalised}`);
    if (manual !== undefined) return { matched: true, areaId: manual, how: 'manual', score: 1 };

    const byExact = decide(exact.get(trimmed), 'exact', 'its key or code', raw);
    if (byExact) return byExact;
    const byCode = decide(codes.get(normalised), 'code', 'key or code', raw);
    if (byCode) return byCode;
    if (parentLength > 0 && /^\d+$/.test(trimmed) && trimmed.length > parentLength) {
      const byParent = decide(parentKeys.get(trimmed.slice(0, parentLength)), 'parent', 'its first digits', raw);
      if (byParent) return byParent;
    }
    const ags = arsToAgs(trimmed.replace(/\s/g, ''));
    if (ags) {
      const byAgs = decide(codes.get(normaliseKey(ags)), 'code', 'AGS (from the ARS)', raw);
      if (byAgs) return byAgs;
    }
    const byName = decide(names.get(normalised), 'name', 'name', raw);
    if (byName) return byName;

    const decomposed = decompose(trimmed, prefixes);
    // The code as written ("B1") is stronger than its bare number (1, shared by "A1" and "B1").
    const byCodeToken = decomposed.code !== null ? codes.get(normaliseKey(decomposed.code)) : undefined;
    const byNumber = byCodeToken ?? (decomposed.number !== null ? numbers.get(decomposed.number) : undefined);
    const textKey = normaliseKey(decomposed.text);
    if (decomposed.number !== null && textKey !== '') {
      // Number and name: both must agree when both are known.
      const named = names.get(textKey);
      let nameArea: number | null = null;
      let nameScore = 1;
      let how: AreaMatchHow = 'name';
      if (named && named.size > 1) {
        const agreeing = byNumber ? [...named].filter((area) => byNumber.has(area)) : [];
        if (agreeing.length === 1) return matched(agreeing[0]!, 'name');
        return ambiguous(named, 'name', raw);
      }
      if (named && named.size === 1) nameArea = named.values().next().value!;
      else {
        const fuzzy = fuzzyName(textKey);
        if (fuzzy && 'area' in fuzzy) {
          nameArea = fuzzy.area;
          nameScore = fuzzy.score;
          how = 'fuzzy';
        } else if (fuzzy) {
          const agreeing = byNumber ? fuzzy.tied.filter((area) => byNumber.has(area)) : [];
          if (agreeing.length === 1) return matched(agreeing[0]!, 'fuzzy', fuzzy.score);
          return ambiguous(new Set(fuzzy.tied), 'similar name', raw);
        }
      }
      if (nameArea !== null) {
        if (!byNumber || byNumber.has(nameArea)) return matched(nameArea, how, nameScore);
        return unmatched('conflict', `the number in "${raw}" points to another area than its name`, [
          candidate(nameArea, nameScore),
          ...[...byNumber].slice(0, MAX_LISTED - 1).map((area) => candidate(area, 1)),
        ]);
      }
      if (byNumber) {
        if (byNumber.size > 1) return ambiguous(byNumber, 'number', raw);
        return matched(byNumber.values().next().value!, 'number', 0.75);
      }
    } else if (decomposed.number !== null) {
      const result = decide(byNumber, 'number', 'number', raw);
      if (result) return result;
    } else {
      const fuzzy = fuzzyName(textKey);
      if (fuzzy && 'area' in fuzzy) return matched(fuzzy.area, 'fuzzy', fuzzy.score);
      if (fuzzy) return ambiguous(new Set(fuzzy.tied), 'similar name', raw);
    }
    return unmatched('unknown', `no area with key, code or name "${raw.trim()}"`, closest(decomposed, normalised));
  };

  const cache = new Map<string, AreaMatchResult>();
  const match = (raw: string | number | null | undefined): AreaMatchResult => {
    const text = raw === null || raw === undefined ? '' : String(raw);
    let result = cache.get(text);
    if (!result) {
      result = matchText(text);
      if (cache.size > 100_000) cache.clear();
      cache.set(text, result);
    }
    return result;
  };

  const matchAll = (raws: readonly (string | number | null | undefined)[]): AreaMatchReport => {
    const results: AreaMatchResult[] = new Array(raws.length);
    const counts: AreaMatchReport['counts'] = { manual: 0, exact: 0, code: 0, name: 0, number: 0, fuzzy: 0, parent: 0, unmatched: 0 };
    const unmatchedByRaw = new Map<string, AreaMatchReport['unmatched'][number]>();
    const guessesByRaw = new Map<string, AreaMatchReport['guesses'][number]>();
    for (let row = 0; row < raws.length; row++) {
      const raw = raws[row];
      const text = raw === null || raw === undefined ? '' : String(raw);
      const result = match(text);
      results[row] = result;
      if (result.matched) {
        counts[result.how]++;
        if (result.score < 1) {
          let entry = guessesByRaw.get(text);
          if (!entry) {
            entry = { raw: text, rows: [], areaId: result.areaId, how: result.how, score: result.score };
            guessesByRaw.set(text, entry);
          }
          entry.rows.push(row);
        }
      } else {
        counts.unmatched++;
        let entry = unmatchedByRaw.get(text);
        if (!entry) {
          entry = { raw: text, rows: [], reason: result.reason, detail: result.detail, candidates: result.candidates };
          unmatchedByRaw.set(text, entry);
        }
        entry.rows.push(row);
      }
    }
    return { results, counts, unmatched: [...unmatchedByRaw.values()], guesses: [...guessesByRaw.values()] };
  };

  return { size: records.length, parentDigits: parentLength, match, matchAll };
}
