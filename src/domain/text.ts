/**
 * Text helpers shared by every tolerant matcher (area keys, addresses, key→space tables,
 * resource search): German spelling variants collapse to one form so that "Westliche Höhe",
 * "westliche_hoehe" and "WESTLICHE-HÖHE" compare equal, and a bounded edit distance.
 *
 * Pure and allocation-light; no DOM.
 */

/** Letters spelled out by German folding; everything else with an accent loses it. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
};
const SPELLED_OUT_LETTERS = /[äöüßæœøłđ]/g;
const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** How `foldLetters` writes ä, ö and ü: spelled out (`ae`) or as their base vowel (`a`). */
export type UmlautFolding = 'spell' | 'base';

/**
 * Lower case with German letters folded and everything else left in place: ß → ss, æ/œ →
 * ae/oe, ø/ł/đ → o/l/d, accents dropped (é → e), and ä/ö/ü spelled out (`'spell'`: ä → ae) or
 * reduced to their vowel (`'base'`: ä → a). Composed and decomposed umlauts fold alike.
 * `foldLetters("Grüße, Café!")` → `"gruesse, cafe!"`; with `'base'` → `"grusse, cafe!"`.
 */
export function foldLetters(value: string, umlauts: UmlautFolding = 'spell'): string {
  const lowered = value.toLowerCase();
  if (!NON_ASCII.test(lowered)) return lowered;
  // Decomposed first for 'base' (ä → a + U+0308, whose mark is then dropped), composed for
  // 'spell' so that the table sees ä whichever way it was typed.
  let folded = lowered.normalize(umlauts === 'base' ? 'NFD' : 'NFC');
  folded = folded.replace(SPELLED_OUT_LETTERS, (letter) => SPELLED_OUT[letter]!);
  if (umlauts === 'spell') folded = folded.normalize('NFD');
  return folded.replace(COMBINING_MARKS, '');
}

/**
 * Lower-case German folding: ß → ss, ä/ö/ü → ae/oe/ue, other accents dropped (é → e),
 * everything that is not a letter or digit becomes one space, trimmed.
 * `"Straße des 17. Juni"` → `"strasse des 17 juni"`.
 */
export function foldGerman(value: string): string {
  return foldLetters(value).replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Levenshtein distance of two strings, giving up (returning `limit + 1`) as soon as the
 * distance must exceed `limit`. Reuses one row buffer.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const row = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    let rowMinimum = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = code === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      row[j] = value;
      diagonal = above;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
  }
  return row[b.length]!;
}

const SPELLED_UMLAUT = /ae|oe|(?<![aeq])ue/g;
const HAS_SPELLED_UMLAUT = /ae|oe|(?<![aeq])ue/;

/**
 * Written-out umlauts in folded text back to their vowel, so that "Müller", "Mueller" and
 * "Muller" compare equal once folded: `"mueller"` → `"muller"`. A written-out ue stays after
 * a, e and q ("bauer", "steuer", "quelle").
 */
export function collapseSpelledUmlauts(folded: string): string {
  return HAS_SPELLED_UMLAUT.test(folded) ? folded.replace(SPELLED_UMLAUT, (pair) => pair[0]!) : folded;
}

/** 1 for equal strings, 0 for nothing in common: 1 − distance / longer length. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - editDistance(a, b) / longer;
}
