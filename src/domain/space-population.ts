import { emptyPopulation, sumPopulations } from './age-bands';
import type { AgeBandPopulation, SocialSpace, Unit } from './types';

/**
 * Population by age band per social space, summed from the base units each space is built
 * from. Spaces without units get zero (their population is unknown until units are assigned).
 */
export function populationBySpace(
  spaces: readonly SocialSpace[],
  units: readonly Unit[],
): Map<string, AgeBandPopulation> {
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  const result = new Map<string, AgeBandPopulation>();
  for (const space of spaces) {
    const members = space.unitIds.map((id) => unitsById.get(id)).filter((unit): unit is Unit => unit !== undefined);
    result.set(space.id, members.length > 0 ? sumPopulations(members.map((unit) => unit.population)) : emptyPopulation());
  }
  return result;
}
