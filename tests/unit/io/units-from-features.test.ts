import { describe, expect, it } from 'vitest';
import { featuresToSpaces, featuresToUnits, parseCount } from '../../../src/io/units-from-features';
import type { ImportedFeature } from '../../../src/io/vector-import';
import { deepFreeze, square } from '../helpers';

const features: ImportedFeature[] = deepFreeze([
  { properties: { AGS: '06435001', GEN: 'Nordstadt', u6: '1.234', ue21: 20000 }, geometry: square(10, 51, 0.01), featureNumber: 1 },
  { properties: { AGS: '06435002', GEN: 'Südstadt', u6: 12, ue21: null }, geometry: square(10.01, 51, 0.01), featureNumber: 2 },
  { properties: { AGS: '06435001', GEN: 'Doppelt', u6: 1, ue21: 1 }, geometry: square(10.02, 51, 0.01), featureNumber: 3 },
  { properties: { AGS: '', GEN: 'Ohne', u6: 1, ue21: 1 }, geometry: square(10.03, 51, 0.01), featureNumber: 4 },
  { properties: { AGS: '06435005', GEN: 'Punkt', u6: 1, ue21: 1 }, geometry: { type: 'Point', coordinates: [10, 51] }, featureNumber: 5 },
] as ImportedFeature[]);

let counter = 0;
const target = { projectId: 'p', layerId: 'l', newId: () => `n${++counter}` };

describe('featuresToUnits', () => {
  it('keeps area features with a unique key and reports every other one', () => {
    const { units, skipped } = featuresToUnits(features, { keyColumn: 'AGS', nameColumn: 'GEN', population: { age0to6: 'u6', age21plus: 'ue21' } }, target);
    expect(units.map((unit) => [unit.key, unit.name, unit.population.age0to6, unit.population.age21plus])).toEqual([
      ['06435001', 'Nordstadt', 1234, 20000],
      ['06435002', 'Südstadt', 12, 0],
    ]);
    expect(skipped.map((entry) => [entry.featureNumber, entry.reason])).toEqual([
      [3, 'duplicate-key'],
      [4, 'missing-key'],
      [5, 'not-an-area'],
    ]);
  });
});

describe('featuresToSpaces', () => {
  it('numbers spaces without a code column and skips non-areas', () => {
    const { spaces, skipped } = featuresToSpaces(features, { codeColumn: null, nameColumn: 'GEN' }, { ...target, variantId: 'v', firstNumber: 3 });
    expect(spaces.map((space) => [space.code, space.name])).toEqual([
      ['SR 03', 'Nordstadt'],
      ['SR 04', 'Südstadt'],
      ['SR 05', 'Doppelt'],
      ['SR 06', 'Ohne'],
    ]);
    expect(skipped).toHaveLength(1);
  });
});

describe('parseCount', () => {
  it('reads German and English number formats', () => {
    expect(parseCount('1.234')).toBe(1234);
    expect(parseCount('1 234')).toBe(1234);
    expect(parseCount('12,5')).toBe(12.5);
    expect(parseCount('1.234,5')).toBe(1234.5);
    expect(parseCount('-')).toBe(0);
    expect(parseCount(7)).toBe(7);
  });
});
