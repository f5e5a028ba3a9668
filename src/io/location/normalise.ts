/**
 * Key normalisation for the tolerant matchers of imported data (area keys, addresses,
 * key→space tables). The German folding and the edit distance live in `domain/text` (resource
 * search uses them too) and are re-exported here so that importers keep one entry point.
 *
 * Pure; no DOM.
 */
import { foldGerman } from '../../domain/text';

export { editDistance, foldGerman, similarity } from '../../domain/text';

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
