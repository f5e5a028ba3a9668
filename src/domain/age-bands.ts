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
