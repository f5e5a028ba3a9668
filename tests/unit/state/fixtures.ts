import { EMPTY_AREA, type Unit } from '../../../src/domain/types';
import { square, testSnapshot } from '../helpers';

/** A 2×2 grid of 0.01° units, all in SR 01 at first; SR 02 empty. */
export function gridSnapshot() {
  const snapshot = testSnapshot('p');
  const population = { age0to6: 10, age6to15: 10, age15to18: 5, age18to21: 5, age21plus: 70 };
  snapshot.units = [0, 1, 2, 3].map(
    (index): Unit => ({
      id: `u${index}`,
      projectId: 'p',
      layerId: 'units',
      key: `0${index}`,
      name: `Block ${index}`,
      geometry: square(10 + (index % 2) * 0.01, 51 + Math.floor(index / 2) * 0.01, 0.01),
      population,
    }),
  );
  snapshot.spaces[0] = { ...snapshot.spaces[0]!, unitIds: ['u0', 'u1', 'u2', 'u3'], geometry: square(10, 51, 0.02) };
  snapshot.spaces[1] = { ...snapshot.spaces[1]!, unitIds: [], geometry: EMPTY_AREA };
  return snapshot;
}

