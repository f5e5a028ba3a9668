import { describe, expect, it } from 'vitest';
import { populationInAgeRange, populationUnder, sumPopulations, totalPopulation } from '../../../src/domain/age-bands';
import { populationBySpace } from '../../../src/domain/space-population';
import type { Unit } from '../../../src/domain/types';
import { deepFreeze, testSpace } from '../helpers';

const population = (scale: number) => ({ age0to6: 6 * scale, age6to15: 9 * scale, age15to18: 3 * scale, age18to21: 3 * scale, age21plus: 79 * scale });

function unit(id: string, scale: number): Unit {
  return { id, projectId: 'p', layerId: 'l', key: id, name: id, geometry: testSpace('p', 'x', 'x').geometry, population: population(scale) };
}

describe('age bands', () => {
  it('sums populations band by band without mutating them', () => {
    const inputs = deepFreeze([population(1), population(2)]);
    expect(sumPopulations(inputs)).toEqual(population(3));
  });

  it('counts people under 6, 18 and 21 from band edges', () => {
    expect(populationUnder(population(1), 6)).toBe(6);
    expect(populationUnder(population(1), 18)).toBe(18);
    expect(populationUnder(population(1), 21)).toBe(21);
    expect(totalPopulation(population(1))).toBe(100);
  });
});

describe('populationBySpace', () => {
  it('sums the units of each space and gives zero to spaces without units', () => {
    const spaces = deepFreeze([
      { ...testSpace('p', 'a', 'SR 01'), unitIds: ['u1', 'u2'] },
      { ...testSpace('p', 'b', 'SR 02'), unitIds: [] },
    ]);
    const result = populationBySpace(spaces, deepFreeze([unit('u1', 1), unit('u2', 2), unit('u3', 5)]));
    expect(totalPopulation(result.get('a')!)).toBe(300);
    expect(totalPopulation(result.get('b')!)).toBe(0);
  });
});

describe('population in an age range', () => {
  const population = { age0to6: 60, age6to15: 90, age15to18: 30, age18to21: 30, age21plus: 1000 };

  it('counts whole bands fully and partial bands by their share of years', () => {
    expect(populationInAgeRange(population, 0, 6)).toBe(60);
    expect(populationInAgeRange(population, 6, 18)).toBe(120);
    // 12 to 15 is a third of the 6–15 band; 15–21 whole; nothing of 21+.
    expect(populationInAgeRange(population, 12, 27)).toBe(30 + 30 + 30);
  });

  it('stops open or far ranges at 21 and gives 0 for an empty range', () => {
    expect(populationInAgeRange(population, null, null)).toBe(210);
    expect(populationInAgeRange(population, 10, 6)).toBe(0);
  });
});
