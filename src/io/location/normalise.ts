/**
 * Text folding shared by the tolerant matchers (area keys, addresses, key→space tables):
 * German spelling variants collapse to one form so that "Westliche Höhe", "westliche_hoehe"
 * and "WESTLICHE-HÖHE" compare equal.
 *
 * Pure and allocation-light; no DOM.
 */

const UMLAUTS: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
};

/**
 * Lower-case German folding: ß → ss, ä/ö/ü → ae/oe/ue, other accents dropped (é → e),
 * everything that is not a letter or digit becomes one space, trimmed.
 * `"Straße des 17. Juni"` → `"strasse des 17 juni"`.
 */
export function foldGerman(value: string): string {
  const lowered = value.toLowerCase();
  let folded = '';
  for (const character of lowered) {
    const replacement = UMLAUTS[character];
    folded += replacement ?? character;
  }
  // Decompose remaining accented letters and drop the combining marks.
  if (/[^\u0000-\u007f]/.test(folded)) folded = folded.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return folded.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** `foldGerman` without any separators: `"Westliche_Höhe"` → `"westlichehoehe"`. */
export function compactText(value: string): string {
  return foldGerman(value).replace(/ /g, '');
}

/**
 * Normalise an area key or name for tolerant comparison: case, umlauts and ß, separators and
 * punctuation, and leading zeros of all-digit keys (`"004"` = `"4"`, `"SR 03"` = `"sr-03"`,
 * `"Westliche Höhe"` = `"westliche_hoehe"`).
 */
export function normaliseKey(value: string): string {
  const compact = compactText(value);
  return /^\d+$/.test(compact) ? compact.replace(/^0+(?=\d)/, '') : compact;
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

/** 1 for equal strings, 0 for nothing in common: 1 − distance / longer length. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - editDistance(a, b) / longer;
}
