import { describe, expect, it } from 'vitest';
import { de } from '../../../src/i18n/de';
import { en } from '../../../src/i18n/en';
import { formatNumber, translate } from '../../../src/i18n';

describe('i18n', () => {
  it('has the same keys in German and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(de) as (keyof typeof de)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(de[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('de', 'spaces.count', { count: 8 })).toBe('8 Sozialräume');
    expect(translate('en', 'spaces.count', { count: 8 })).toBe('8 social spaces');
    expect(translate('de', 'spaces.count')).toBe('{count} Sozialräume');
  });

  it('formats numbers the German way by default', () => {
    expect(formatNumber('de', 12345.6, 1)).toBe('12.345,6');
    expect(formatNumber('en', 12345.6, 1)).toBe('12,345.6');
  });
});
