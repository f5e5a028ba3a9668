/**
 * Attribute columns of an imported layer: normalising property values, describing columns,
 * and suggesting which columns are keys, names and numbers (population attributes).
 */
import { problem, type ImportProblem } from './import-problems';

export type PropertyValue = string | number | boolean | null;
export type Properties = Record<string, PropertyValue>;

export interface ColumnInfo {
  name: string;
  type: 'string' | 'number' | 'boolean';
  /** Up to five distinct non-empty values, as text. */
  sample: string[];
}

interface HasProperties {
  properties: Readonly<Properties>;
}

/**
 * Turn arbitrary property values into strings, finite numbers, booleans or null. Objects and
 * arrays become JSON text (reported once per column); dates become ISO dates.
 */
export class PropertyNormaliser {
  readonly #stringified = new Map<string, { firstFeature: number; count: number }>();

  normalise(raw: unknown, featureNumber: number): Properties {
    const out: Properties = {};
    if (typeof raw !== 'object' || raw === null) return out;
    for (const [key, value] of Object.entries(raw)) {
      out[key] = this.#value(key, value, featureNumber);
    }
    return out;
  }

  #value(key: string, value: unknown, featureNumber: number): PropertyValue {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : null;
      case 'bigint':
        return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
      case 'object': {
        if (value instanceof Date) {
          return Number.isNaN(value.getTime()) ? null : isoDate(value);
        }
        const entry = this.#stringified.get(key);
        if (entry) entry.count++;
        else this.#stringified.set(key, { firstFeature: featureNumber, count: 1 });
        return JSON.stringify(value);
      }
      default:
        return String(value);
    }
  }

  /** One problem per column that had object values. */
  problems(): ImportProblem[] {
    return [...this.#stringified].map(([column, { firstFeature, count }]) =>
      problem(firstFeature, 'property-stringified', true, { column, count }),
    );
  }
}

function isoDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Columns in order of first appearance, with their type and a few sample values. */
export function describeColumns(features: readonly HasProperties[]): ColumnInfo[] {
  const columns = new Map<string, { types: Set<string>; sample: Set<string> }>();
  for (const feature of features) {
    for (const [name, value] of Object.entries(feature.properties)) {
      let column = columns.get(name);
      if (!column) {
        column = { types: new Set(), sample: new Set() };
        columns.set(name, column);
      }
      if (value === null || value === '') continue;
      column.types.add(typeof value);
      if (column.sample.size < 5) column.sample.add(String(value));
    }
  }
  return [...columns].map(([name, { types, sample }]) => ({
    name,
    type: types.size === 1 && types.has('number') ? 'number' : types.size === 1 && types.has('boolean') ? 'boolean' : 'string',
    sample: [...sample],
  }));
}

function isEmpty(value: PropertyValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const KEY_PATTERNS: readonly RegExp[] = [
  /^(ags|gkz|gemeindeschluessel|gemeindeschlüssel)$/i,
  /^(ars|rs|ags_0|ars_0)$/i,
  /^(plr|pgr|bzr|lor|sr|sozialraum|bezirk)_?(id|nr|nummer|schluessel|key)$/i,
  /schl(ue|ü)ssel|^key$|^kennung$|^kennziffer$/i,
  /^(id|fid|objectid|object_id|code|nr|nummer|kuerzel|kürzel)$/i,
  /(_id|_key|_nr|_code|_schl|id)$/i,
];

const NAME_PATTERNS: readonly RegExp[] = [
  /^(gen|name|namen|bezeichnung|bezeichnu|bez_name|gemeinde|gemeindename)$/i,
  /^(plr|pgr|bzr|lor|sr|sozialraum|bezirk|gem|krs|kreis|ort|ortsteil|stadtteil)_?(name|bez|bezeichnung)$/i,
  /(name|bezeichnung)$/i,
  /name|bezeichnung|titel|title|label/i,
];

function patternRank(name: string, patterns: readonly RegExp[]): number {
  const index = patterns.findIndex((pattern) => pattern.test(name));
  return index < 0 ? patterns.length : index;
}

function rankBy<T>(items: readonly T[], rank: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * Columns that can identify a unit: every value non-empty and unique (compared as text),
 * no fractional numbers, no booleans. Ordered by plausibility (AGS/ARS, *_ID, key, Schlüssel
 * before other columns; text before numbers).
 */
export function suggestKeyColumns(columns: readonly ColumnInfo[], features: readonly HasProperties[]): ColumnInfo[] {
  if (features.length === 0) return [];
  const candidates = columns.filter((column) => {
    if (column.type === 'boolean') return false;
    const seen = new Set<string>();
    for (const feature of features) {
      const value = feature.properties[column.name];
      if (isEmpty(value) || typeof value === 'boolean') return false;
      if (typeof value === 'number' && !Number.isInteger(value)) return false;
      const text = String(value).trim();
      // JSON text of stringified objects is no key.
      if (text.startsWith('{') || text.startsWith('[')) return false;
      if (seen.has(text)) return false;
      seen.add(text);
    }
    return true;
  });
  return rankBy(candidates, (column) => patternRank(column.name, KEY_PATTERNS) * 2 + (column.type === 'number' ? 1 : 0));
}

/**
 * Columns that look like unit names: text columns whose name says so (GEN, name, bezeichnung,
 * PGR_NAME, …), then other text columns with mostly distinct values containing letters.
 */
export function suggestNameColumns(columns: readonly ColumnInfo[], features: readonly HasProperties[]): ColumnInfo[] {
  if (features.length === 0) return [];
  const candidates = columns.filter((column) => {
    if (column.type !== 'string') return false;
    const named = patternRank(column.name, NAME_PATTERNS) < NAME_PATTERNS.length;
    const values = features.map((feature) => feature.properties[column.name]).filter((value) => !isEmpty(value));
    if (values.length === 0) return false;
    const withLetters = values.filter((value) => /\p{L}/u.test(String(value))).length;
    if (withLetters < values.length * 0.8) return false;
    // Codes such as "DEBKGVG5000008NT" or "DEF01" are not names.
    const codeLike = values.filter((value) => /^[A-Z0-9_.-]+$/.test(String(value)) && /\d/.test(String(value))).length;
    if (codeLike >= values.length * 0.8) return false;
    if (named) return true;
    const distinct = new Set(values.map(String)).size;
    return distinct >= features.length * 0.5 && distinct > 1;
  });
  return rankBy(candidates, (column) => patternRank(column.name, NAME_PATTERNS));
}

const NUMBER_TEXT = /^[-+]?(\d+|\d{1,3}(\.\d{3})+|\d{1,3}( \d{3})+)([.,]\d+)?$/;

/**
 * Columns holding numbers (candidates for population attributes): number columns and text
 * columns whose values all read as numbers ("12", "1.234", "3,5"), but not zero-padded keys
 * ("0930").
 */
export function numericColumns(columns: readonly ColumnInfo[], features: readonly HasProperties[]): ColumnInfo[] {
  return columns.filter((column) => {
    if (column.type === 'number') return true;
    if (column.type !== 'string') return false;
    let any = false;
    for (const feature of features) {
      const value = feature.properties[column.name];
      if (isEmpty(value)) continue;
      const text = String(value).trim();
      if (!NUMBER_TEXT.test(text) || /^[-+]?0\d/.test(text)) return false;
      any = true;
    }
    return any;
  });
}
