import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CATEGORIES,
  activeCategories,
  addCategory,
  categoryDefinition,
  mergeCategory,
  nextCategoryColour,
  resolveCategory,
  updateCategory,
} from '../../../src/domain/categories';
import { CATEGORY_ICON_PATHS, isLightColour } from '../../../src/domain/category-icons';
import { CATEGORY_ICONS } from '../../../src/domain/categories';

describe('project categories', () => {
  it('renames, recolours and changes the icon of one category, and an empty name brings back the built-in one', () => {
    const renamed = updateCategory(DEFAULT_CATEGORIES, 'club', { label: '  Sportverein ', color: '#117733', icon: 'music' });
    expect(categoryDefinition(renamed, 'club')).toMatchObject({ label: 'Sportverein', color: '#117733', icon: 'music' });
    expect(categoryDefinition(renamed, 'kita')).toBe(DEFAULT_CATEGORIES[0]);
    expect(categoryDefinition(updateCategory(renamed, 'club', { label: ' ' }), 'club').label).toBeNull();
    expect(() => updateCategory(DEFAULT_CATEGORIES, 'nope', { label: 'x' })).toThrow(/Unknown category/);
  });

  it('adds categories with the first free id and an unused palette colour', () => {
    const first = addCategory(DEFAULT_CATEGORIES, { label: 'Bibliothek', icon: 'library' });
    expect(first.added).toMatchObject({ id: 'custom-1', label: 'Bibliothek', icon: 'library' });
    expect(DEFAULT_CATEGORIES.map((category) => category.color.toLowerCase())).not.toContain(first.added.color.toLowerCase());
    const second = addCategory(first.categories, { label: 'Kirchengemeinde' });
    expect(second.added.id).toBe('custom-2');
    expect(second.added.color).not.toBe(first.added.color);
    expect(nextCategoryColour(second.categories)).not.toBe(second.added.color);
    expect(() => addCategory(DEFAULT_CATEGORIES, { label: '  ' })).toThrow();
  });

  it('merges a category into another: it is no longer offered and its id (also in later imports) resolves to the target', () => {
    const merged = mergeCategory(DEFAULT_CATEGORIES, 'health', 'counselling');
    expect(activeCategories(merged).map((category) => category.id)).not.toContain('health');
    expect(resolveCategory(merged, 'health')).toBe('counselling');
    expect(categoryDefinition(merged, 'health').id).toBe('counselling');
    // A chain: counselling merged on into family-centre takes health along.
    const chained = mergeCategory(merged, 'counselling', 'family-centre');
    expect(resolveCategory(chained, 'health')).toBe('family-centre');
    expect(chained.find((category) => category.id === 'health')!.mergedInto).toBe('family-centre');
    expect(() => mergeCategory(chained, 'health', 'kita')).toThrow();
    expect(() => mergeCategory(chained, 'kita', 'kita')).toThrow();
  });

  it('shows an unknown category grey with the generic icon under its own id', () => {
    expect(categoryDefinition(DEFAULT_CATEGORIES, 'aus-anderem-projekt')).toMatchObject({ id: 'aus-anderem-projekt', color: '#666666', icon: 'other' });
  });

  it('has a glyph for every icon and picks dark glyphs on light colours', () => {
    for (const icon of CATEGORY_ICONS) expect(CATEGORY_ICON_PATHS[icon]).toMatch(/^M/);
    expect(isLightColour('#F0E442')).toBe(true);
    expect(isLightColour('#E69F00')).toBe(true);
    expect(isLightColour('#0072B2')).toBe(false);
    expect(isLightColour('#000000')).toBe(false);
  });
});
