/**
 * Saved CSV mappings: when a file with the same header is imported again (next year's export
 * of the same office software), the wizard reuses what the user chose last time — target,
 * column roles, location method, coordinate system, hand-mapped area keys and column formats.
 *
 * Stored in the preferences (localStorage): only header names and choices, no data rows.
 */
import type { CsvColumnSettings, CsvDelimiter, CsvEncoding, CsvQuote } from '../io/csv';
import type { CsvRole } from '../io/csv/roles';
import type { CoordinateInterpretation } from '../io/location';
import type { Preferences } from './app.svelte';
import type { ResourceCategory } from '../domain/types';

export const CSV_MAPPINGS_KEY = 'sozialraum-atlas.csvMappings';
/** Oldest mappings are dropped beyond this many headers. */
export const MAX_SAVED_MAPPINGS = 50;

export interface SavedCsvMapping {
  target: 'resources' | 'demand' | 'statistics';
  roles: Partial<Record<CsvRole, number | null>>;
  location: 'coordinates' | 'wkt' | 'area-key' | 'address';
  coordinateColumns: [number, number] | null;
  interpretation: CoordinateInterpretation | null;
  areaKeyColumn: number | null;
  joinTo: 'spaces' | 'units';
  joinParents?: boolean;
  /** Resource categories chosen per value of the category column, and for rows without one. */
  categoryChoices?: Record<string, ResourceCategory>;
  defaultCategory?: ResourceCategory;
  /** Area keys mapped by hand: raw key → area id (ids of the project they were made in). */
  keyOverrides: Record<string, string>;
  /** File-level settings the user changed. */
  file: { encoding?: CsvEncoding; delimiter?: CsvDelimiter; quote?: CsvQuote; hasHeader?: boolean };
  /** Column formats the user changed, by column index. */
  columns: Record<number, Partial<CsvColumnSettings>>;
  savedAt: number;
}

/** Identifies a file layout: its header cells in order (case and spacing ignored). */
export function headerSignature(header: readonly string[]): string {
  return header.map((cell) => cell.trim().toLowerCase().replace(/\s+/g, ' ')).join('\u001f');
}

function readAll(preferences: Preferences): Record<string, SavedCsvMapping> {
  const raw = preferences.getItem(CSV_MAPPINGS_KEY);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, SavedCsvMapping>) : {};
  } catch {
    // A damaged entry (edited by hand, or from an old version) is ignored, not fatal.
    return {};
  }
}

/** The mapping saved for files with this header, or null. Headerless files have none. */
export function loadCsvMapping(preferences: Preferences, header: readonly string[] | null): SavedCsvMapping | null {
  if (!header || header.every((cell) => cell.trim() === '')) return null;
  const saved = readAll(preferences)[headerSignature(header)];
  return saved && typeof saved === 'object' && saved.roles ? saved : null;
}

/** Remember `mapping` for files with this header (the oldest beyond the limit are dropped). */
export function saveCsvMapping(preferences: Preferences, header: readonly string[] | null, mapping: SavedCsvMapping): void {
  if (!header || header.every((cell) => cell.trim() === '')) return;
  const all = readAll(preferences);
  all[headerSignature(header)] = mapping;
  const entries = Object.entries(all).sort(([, left], [, right]) => (right.savedAt ?? 0) - (left.savedAt ?? 0));
  preferences.setItem(CSV_MAPPINGS_KEY, JSON.stringify(Object.fromEntries(entries.slice(0, MAX_SAVED_MAPPINGS))));
}
