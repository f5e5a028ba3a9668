import type { ResourceCategory } from './types';

export interface CategoryDefinition {
  id: ResourceCategory;
  /** Colour from the Okabe–Ito palette (colour-blind safe), hex. */
  color: string;
  /** Typical age range served, in years (lower inclusive, upper exclusive). */
  ageFromYears: number | null;
  ageToYears: number | null;
}

/**
 * Default resource categories. Labels live in the i18n dictionaries under
 * `category.<id>`; colours follow Okabe & Ito (2008), distinguishable with the
 * common colour-vision deficiencies.
 */
export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  { id: 'kita', color: '#E69F00', ageFromYears: 0, ageToYears: 6 },
  { id: 'school', color: '#0072B2', ageFromYears: 6, ageToYears: 18 },
  { id: 'club', color: '#009E73', ageFromYears: 6, ageToYears: 21 },
  { id: 'youth-centre', color: '#D55E00', ageFromYears: 12, ageToYears: 27 },
  { id: 'family-centre', color: '#CC79A7', ageFromYears: 0, ageToYears: 18 },
  { id: 'counselling', color: '#56B4E9', ageFromYears: 0, ageToYears: 27 },
  { id: 'provider', color: '#000000', ageFromYears: 0, ageToYears: 21 },
  { id: 'playground', color: '#F0E442', ageFromYears: 0, ageToYears: 14 },
  { id: 'health', color: '#999999', ageFromYears: 0, ageToYears: null },
  { id: 'other', color: '#666666', ageFromYears: null, ageToYears: null },
];

export function categoryById(id: ResourceCategory): CategoryDefinition {
  const found = DEFAULT_CATEGORIES.find((category) => category.id === id);
  if (!found) throw new Error(`Unknown resource category "${id}"`);
  return found;
}
