/**
 * The profile of one social space ("Sozialraumprofil"): its population by age band, its
 * resources by category (count, places, and both per 1,000 young people of the category's
 * age), and the list of its resources. Pure: the caller says which resources lie in the space.
 *
 * How a category's age range meets the population: the population is only known in the fixed
 * bands of `AGE_BANDS` (0–6, 6–15, 15–18, 18–21, 21+). A category's range [from, to) uses every
 * band it overlaps, with two limits:
 * - the open band "21 and older" is never used (it holds adults of every age, so a rate per
 *   1,000 of it says nothing about young people); ranges reaching past 21 are cut at 21, and a
 *   range starting at 21 or later gets no rate;
 * - a missing lower bound counts as 0, a missing upper bound as "up to 21"; a category with
 *   neither (e.g. "other") has no age range and gets no rate.
 * So Kita 0–6 → 0–6; school 6–18 → 6–15 + 15–18; club 6–21 → 6–15 + 15–18 + 18–21; playground
 * 0–14 → 0–6 + 6–15 (0–15, wider than the category); youth centre 12–27 → 6–15 + 15–18 + 18–21
 * (6–21). `exact` says whether the bands cover the category's range exactly.
 */
import { AGE_BANDS, populationUnder, totalPopulation, type AgeBandKey } from './age-bands';
import { DEFAULT_CATEGORIES, type CategoryDefinition } from './categories';
import type { AgeBandPopulation, Resource, ResourceCategory, SocialSpace } from './types';

/** The highest age the bands can stand for: the band above it is the open adult band. */
export const YOUNG_AGE_LIMIT_YEARS = 21;

/** The age bands standing for an age range, and the range they cover together. */
export interface AgeBandSpan {
  bands: AgeBandKey[];
  fromYears: number;
  toYears: number;
  /** True when the bands cover exactly the requested range. */
  exact: boolean;
}

/**
 * The bands standing for the age range [fromYears, toYears) (see the module comment), or
 * null when the range has no bounds at all or starts at 21 or later.
 */
export function ageBandSpan(fromYears: number | null, toYears: number | null): AgeBandSpan | null {
  if (fromYears === null && toYears === null) return null;
  const from = Math.max(0, fromYears ?? 0);
  const to = Math.min(toYears ?? YOUNG_AGE_LIMIT_YEARS, YOUNG_AGE_LIMIT_YEARS);
  if (!(to > from)) return null;
  const used = AGE_BANDS.filter((band) => band.toYears !== null && band.fromYears < to && band.toYears > from);
  if (used.length === 0) return null;
  const spanFrom = used[0]!.fromYears;
  const spanTo = used[used.length - 1]!.toYears!;
  return {
    bands: used.map((band) => band.key),
    fromYears: spanFrom,
    toYears: spanTo,
    exact: spanFrom === (fromYears ?? 0) && toYears !== null && spanTo === toYears,
  };
}

/** `count` per 1,000 of `population`; null when the population is unknown or zero. */
export function ratePer1000(count: number, population: number | null): number | null {
  if (population === null || !(population > 0) || !Number.isFinite(count)) return null;
  return (count / population) * 1000;
}

export interface PopulationBandRow {
  key: AgeBandKey;
  fromYears: number;
  toYears: number | null;
  count: number;
  /** Share of the total population, 0–1; null when the total is zero. */
  share: number | null;
}

export interface PopulationProfile {
  bands: PopulationBandRow[];
  total: number;
  under18: number;
  under21: number;
}

export interface CategoryProfileRow {
  category: CategoryDefinition;
  count: number;
  /** Sum of the places of the resources whose capacity is known; null when none is known. */
  capacity: number | null;
  /** How many of the `count` resources have a known capacity. */
  capacityKnownCount: number;
  /** The age bands the rates refer to; null when the category has no usable age range. */
  ageSpan: AgeBandSpan | null;
  /** Inhabitants in `ageSpan`; null when the population or the age span is unknown. */
  populationInSpan: number | null;
  /** Resources per 1,000 inhabitants in `ageSpan`; null when that population is unknown or zero. */
  countPer1000: number | null;
  /** Known places per 1,000 inhabitants in `ageSpan`; null without capacity or population. */
  capacityPer1000: number | null;
}

export interface SpaceProfile {
  space: SocialSpace;
  /** Null when the population of the space is not known (no units, or units without figures). */
  population: PopulationProfile | null;
  /** One row per category, in the order of the category list (rows with count 0 included). */
  categories: CategoryProfileRow[];
  /** The resources of the space, by category order, then by name. */
  resources: Resource[];
}

export function populationProfile(population: AgeBandPopulation): PopulationProfile {
  const total = totalPopulation(population);
  return {
    bands: AGE_BANDS.map((band) => ({
      key: band.key,
      fromYears: band.fromYears,
      toYears: band.toYears,
      count: population[band.key],
      share: total > 0 ? population[band.key] / total : null,
    })),
    total,
    under18: populationUnder(population, 18),
    under21: populationUnder(population, 21),
  };
}

/** Resources ordered by the category list, then by name (German collation). Input not mutated. */
export function sortResourcesByCategory(resources: readonly Resource[], categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES): Resource[] {
  const order = new Map<ResourceCategory, number>(categories.map((category, index) => [category.id, index]));
  const rank = (resource: Resource) => order.get(resource.category) ?? categories.length;
  return [...resources].sort((left, right) => rank(left) - rank(right) || left.name.localeCompare(right.name, 'de') || left.id.localeCompare(right.id));
}

/**
 * The profile of `space` from its population (null when unknown) and the resources lying in
 * it. Inputs are not mutated.
 */
export function spaceProfile(
  space: SocialSpace,
  population: AgeBandPopulation | null,
  resources: readonly Resource[],
  categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES,
): SpaceProfile {
  const known = population !== null && totalPopulation(population) > 0 ? population : null;
  const rows = categories.map((category): CategoryProfileRow => {
    const members = resources.filter((resource) => resource.category === category.id);
    const withCapacity = members.filter((resource) => resource.capacity !== null && Number.isFinite(resource.capacity));
    const capacity = withCapacity.length > 0 ? withCapacity.reduce((sum, resource) => sum + resource.capacity!, 0) : null;
    const ageSpan = ageBandSpan(category.ageFromYears, category.ageToYears);
    const populationInSpan = known && ageSpan ? ageSpan.bands.reduce((sum, key) => sum + known[key], 0) : null;
    return {
      category,
      count: members.length,
      capacity,
      capacityKnownCount: withCapacity.length,
      ageSpan,
      populationInSpan,
      countPer1000: ratePer1000(members.length, populationInSpan),
      capacityPer1000: capacity === null ? null : ratePer1000(capacity, populationInSpan),
    };
  });
  return {
    space,
    population: known ? populationProfile(known) : null,
    categories: rows,
    resources: sortResourcesByCategory(resources, categories),
  };
}
