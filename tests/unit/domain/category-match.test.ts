import { describe, expect, it } from 'vitest';
import { suggestCategory } from '../../../src/domain/category-match';

describe('suggestCategory', () => {
  it.each([
    ['Kindertagesstätte', 'kita'],
    ['KiTa Sonnenschein', 'kita'],
    ['Kindergarten St. Marien', 'kita'],
    ['Kindertagespflege', 'kita'],
    ['Grundschule am Park', 'school'],
    ['Städtisches Gymnasium', 'school'],
    ['Förderschule', 'school'],
    ['Jugendfreizeiteinrichtung', 'youth-centre'],
    ['JFE Weiße Rose', 'youth-centre'],
    ['Jugendzentrum Süd', 'youth-centre'],
    ['Familienzentrum am Markt', 'family-centre'],
    ['Erziehungsberatungsstelle', 'counselling'],
    ['Schulsozialarbeit', 'counselling'],
    ['TSV Auenstadt 1862 e.V.', 'club'],
    ['Spielplatz Lindenweg', 'playground'],
    ['Kinderarztpraxis', 'health'],
    ['Diakonie Jugendhilfe gGmbH', 'provider'],
    ['youth-centre', 'youth-centre'],
    ['kita', 'kita'],
  ])('reads "%s" as %s', (value, category) => {
    expect(suggestCategory(value)).toBe(category);
  });

  it('suggests nothing for words it does not know, or for nothing', () => {
    expect(suggestCategory('Rathaus')).toBeNull();
    expect(suggestCategory('')).toBeNull();
    expect(suggestCategory(null)).toBeNull();
    expect(suggestCategory('  -  ')).toBeNull();
  });
});
