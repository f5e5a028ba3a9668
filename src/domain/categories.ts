import type { ResourceCategory } from './types';

/** Icons a category can show (drawn as SVG in lists and as map symbols; see `CATEGORY_ICON_PATHS`). */
export const CATEGORY_ICONS = [
  'kita',
  'school',
  'club',
  'youth',
  'family',
  'counselling',
  'provider',
  'playground',
  'health',
  'other',
  'library',
  'church',
  'music',
  'home',
] as const;
export type CategoryIcon = (typeof CATEGORY_ICONS)[number];

export interface CategoryDefinition {
  id: ResourceCategory;
  /** The name a project gave the category; null: the built-in label in the UI language (`category.<id>`). */
  label: string | null;
  /** CSS hex colour. */
  color: string;
  icon: CategoryIcon;
  /** Typical age range served, in years (lower inclusive, upper exclusive). */
  ageFromYears: number | null;
  ageToYears: number | null;
  /**
   * Set when the category was merged into another: it is no longer offered or shown, and
   * resources (also those imported later) that name it count as `mergedInto`.
   */
  mergedInto?: ResourceCategory;
}

/**
 * Colours offered for categories: Okabe & Ito (2008) and Paul Tol's "muted" scheme, each
 * distinguishable with the common colour-vision deficiencies.
 */
export const CATEGORY_COLOURS: readonly string[] = [
  '#E69F00',
  '#0072B2',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#000000',
  '#F0E442',
  '#999999',
  '#666666',
  '#332288',
  '#117733',
  '#88CCEE',
  '#882255',
  '#AA4499',
  '#44AA99',
];

/**
 * Default resource categories. Labels live in the i18n dictionaries under `category.<id>`;
 * colours follow Okabe & Ito (2008).
 */
export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  { id: 'kita', label: null, color: '#E69F00', icon: 'kita', ageFromYears: 0, ageToYears: 6 },
  { id: 'school', label: null, color: '#0072B2', icon: 'school', ageFromYears: 6, ageToYears: 18 },
  { id: 'club', label: null, color: '#009E73', icon: 'club', ageFromYears: 6, ageToYears: 21 },
  { id: 'youth-centre', label: null, color: '#D55E00', icon: 'youth', ageFromYears: 12, ageToYears: 27 },
  { id: 'family-centre', label: null, color: '#CC79A7', icon: 'family', ageFromYears: 0, ageToYears: 18 },
  { id: 'counselling', label: null, color: '#56B4E9', icon: 'counselling', ageFromYears: 0, ageToYears: 27 },
  { id: 'provider', label: null, color: '#000000', icon: 'provider', ageFromYears: 0, ageToYears: 21 },
  { id: 'playground', label: null, color: '#F0E442', icon: 'playground', ageFromYears: 0, ageToYears: 14 },
  { id: 'health', label: null, color: '#999999', icon: 'health', ageFromYears: 0, ageToYears: null },
  { id: 'other', label: null, color: '#666666', icon: 'other', ageFromYears: null, ageToYears: null },
];

const BUILT_IN_IDS = new Set(DEFAULT_CATEGORIES.map((category) => category.id));

/** A built-in category id (its label comes from the dictionaries). */
export function isBuiltInCategory(id: string): boolean {
  return BUILT_IN_IDS.has(id);
}

/** Shown for a resource whose category a project does not know (grey, generic icon). */
const UNKNOWN: CategoryDefinition = { id: 'other', label: null, color: '#666666', icon: 'other', ageFromYears: null, ageToYears: null };

/** The categories a project offers: not merged away, in the project's order. */
export function activeCategories(categories: readonly CategoryDefinition[]): CategoryDefinition[] {
  return categories.filter((category) => category.mergedInto === undefined);
}

/**
 * The category `id` counts as: itself, or the one it was merged into (followed through chains).
 * An id the project does not know stays as it is (`categoryDefinition` then shows it as
 * unknown).
 */
export function resolveCategory(categories: readonly CategoryDefinition[], id: ResourceCategory): ResourceCategory {
  let current = id;
  for (let step = 0; step < categories.length; step++) {
    const found = categories.find((category) => category.id === current);
    if (found?.mergedInto === undefined) return current;
    current = found.mergedInto;
  }
  return current;
}

/** The definition `id` is shown with (after merges); unknown ids get a grey 'other'-like one. */
export function categoryDefinition(categories: readonly CategoryDefinition[], id: ResourceCategory): CategoryDefinition {
  const resolved = resolveCategory(categories, id);
  return categories.find((category) => category.id === resolved) ?? { ...UNKNOWN, id: resolved, label: resolved };
}

/** The categories with one of them changed (label '' or the built-in label itself: back to the built-in label). */
export function updateCategory(
  categories: readonly CategoryDefinition[],
  id: ResourceCategory,
  patch: Partial<Pick<CategoryDefinition, 'label' | 'color' | 'icon'>>,
): CategoryDefinition[] {
  if (!categories.some((category) => category.id === id)) throw new Error(`Unknown category "${id}"`);
  return categories.map((category) => {
    if (category.id !== id) return category;
    const next = { ...category, ...patch };
    if (next.label !== null && next.label.trim() === '') next.label = null;
    else if (next.label !== null) next.label = next.label.trim();
    return next;
  });
}

/** A colour not used by the active categories yet (the palette's first free one, else its first). */
export function nextCategoryColour(categories: readonly CategoryDefinition[]): string {
  const used = new Set(activeCategories(categories).map((category) => category.color.toLowerCase()));
  return CATEGORY_COLOURS.find((colour) => !used.has(colour.toLowerCase())) ?? CATEGORY_COLOURS[0]!;
}

/** The categories with a new one at the end (id `custom-<n>`, the first free n). */
export function addCategory(
  categories: readonly CategoryDefinition[],
  input: { label: string; color?: string; icon?: CategoryIcon },
): { categories: CategoryDefinition[]; added: CategoryDefinition } {
  const label = input.label.trim();
  if (label === '') throw new Error('A category needs a name');
  const ids = new Set(categories.map((category) => category.id));
  let number = 1;
  while (ids.has(`custom-${number}`)) number++;
  const added: CategoryDefinition = {
    id: `custom-${number}`,
    label,
    color: input.color ?? nextCategoryColour(categories),
    icon: input.icon ?? 'other',
    ageFromYears: null,
    ageToYears: null,
  };
  return { categories: [...categories, added], added };
}

/**
 * The categories after merging `from` into `into`: `from` stays listed with `mergedInto` (so
 * later imports that name it land in `into`), and categories merged into `from` earlier now
 * point at `into` directly.
 */
export function mergeCategory(categories: readonly CategoryDefinition[], from: ResourceCategory, into: ResourceCategory): CategoryDefinition[] {
  if (from === into) throw new Error('A category cannot be merged into itself');
  const active = new Set(activeCategories(categories).map((category) => category.id));
  if (!active.has(from) || !active.has(into)) throw new Error(`Cannot merge "${from}" into "${into}"`);
  return categories.map((category) =>
    category.id === from || category.mergedInto === from ? { ...category, mergedInto: into } : category,
  );
}
