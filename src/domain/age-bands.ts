import type { AgeBandPopulation } from './types';

export type AgeBandKey = keyof AgeBandPopulation;

/** Age bands of the unit population, in display order. Labels: i18n `ageBand.<key>`. */
export const AGE_BANDS: readonly { key: AgeBandKey; fromYears: number; toYears: number | null }[] = [
  { key: 'age0to6', fromYears: 0, toYears: 6 },
  { key: 'age6to15', fromYears: 6, toYears: 15 },
  { key: 'age15to18', fromYears: 15, toYears: 18 },
  { key: 'age18to21', fromYears: 18, toYears: 21 },
  { key: 'age21plus', fromYears: 21, toYears: null },
];

export function emptyPopulation(): AgeBandPopulation {
  return { age0to6: 0, age6to15: 0, age15to18: 0, age18to21: 0, age21plus: 0 };
}

/** Element-wise sum of age-band populations; inputs are not mutated. */
export function sumPopulations(populations: readonly AgeBandPopulation[]): AgeBandPopulation {
  const total = emptyPopulation();
  for (const population of populations) {
    for (const band of AGE_BANDS) total[band.key] += population[band.key];
  }
  return total;
}

export function totalPopulation(population: AgeBandPopulation): number {
  return AGE_BANDS.reduce((sum, band) => sum + population[band.key], 0);
}

/** People younger than `years` (band edges only: 6, 15, 18, 21). */
export function populationUnder(population: AgeBandPopulation, years: 6 | 15 | 18 | 21): number {
  return AGE_BANDS.filter((band) => band.toYears !== null && band.toYears <= years).reduce(
    (sum, band) => sum + population[band.key],
    0,
  );
}

/** Children and young people are counted up to this age where a range is open or reaches further. */
export const YOUTH_AGE_LIMIT_YEARS = 21;

/**
 * People of ages `fromYears` (inclusive) to `toYears` (exclusive), from the age bands: a band
 * wholly inside counts fully, a band partly inside by its share of years (ages spread evenly
 * within a band). Open ends and ends beyond 21 stop at 21 (the 21+ band has no upper age, and
 * youth welfare serves up to 21, or 27 at most); a range ending at or below its start gives 0.
 */
export function populationInAgeRange(population: AgeBandPopulation, fromYears: number | null, toYears: number | null): number {
  const from = Math.max(0, fromYears ?? 0);
  const to = Math.min(YOUTH_AGE_LIMIT_YEARS, toYears ?? YOUTH_AGE_LIMIT_YEARS);
  let total = 0;
  for (const band of AGE_BANDS) {
    if (band.toYears === null) continue;
    const overlap = Math.min(to, band.toYears) - Math.max(from, band.fromYears);
    if (overlap > 0) total += (population[band.key] * overlap) / (band.toYears - band.fromYears);
  }
  return total;
}
