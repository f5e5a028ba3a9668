import { de, type MessageKey } from './de';
import { en } from './en';

export type { MessageKey };
export type Locale = 'de' | 'en';
export const LOCALES: readonly Locale[] = ['de', 'en'];
export const DEFAULT_LOCALE: Locale = 'de';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { de, en };

/** Translate `key` into `locale`, replacing `{name}` placeholders with `params.name`. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const template = dictionaries[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isLocale(value: unknown): value is Locale {
  return value === 'de' || value === 'en';
}

/** Number formatting per locale (German: 12.345,6). */
export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits }).format(value);
}

/** A number with exactly `digits` decimals ("12,50" in German), for rates in tables and labels. */
export function formatFixed(locale: Locale, value: number, digits: number): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatDate(locale: Locale, epochMilliseconds: number): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(epochMilliseconds);
}

/** A size in bytes as people read it: "950 kB", "12,3 MB", "1,2 GB" (decimal units, as file managers show them). */
export function formatBytes(locale: Locale, bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(locale, value, unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}
