import { describe, expect, it } from 'vitest';
import { buildDemandCube, columnDenominator, computeIndicator, cubeCount, denominatorColumn, denominatorOf, helpSlots, type CustomHelpGroup, type IndicatorSpec } from '../../../src/domain/demand';
import { HELP_TYPES } from '../../../src/domain/help-types';
import type { AgeBandPopulation, HelpType } from '../../../src/domain/types';

const rows: { space: number; year: number; helpType: HelpType | null; count: number }[] = [
  { space: 0, year: 2024, helpType: '34', count: 6 },
  { space: 0, year: 2024, helpType: '30', count: 4 },
  { space: 0, year: 2020, helpType: '34', count: 3 },
  { space: 1, year: 2024, helpType: '33', count: 2 },
  { space: 1, year: 2024, helpType: null, count: 5 },
  { space: 1, year: 2020, helpType: '41', count: 8 },
  { space: -1, year: 2024, helpType: '34', count: 1 },
  { space: 0, year: Number.NaN, helpType: '34', count: 1 },
];
/** The rows column-wise, as the cube takes them. */
const entries = {
  space: rows.map((row) => row.space),
  year: rows.map((row) => row.year),
  helpType: rows.map((row) => row.helpType),
  count: rows.map((row) => row.count),
};
const population = (under18: number, age18to21: number): AgeBandPopulation => ({ age0to6: under18 / 2, age6to15: under18 / 4, age15to18: under18 / 4, age18to21, age21plus: 1000 });
const ages = new Map([
  ['a', population(2000, 500)],
  ['b', population(1000, 0)],
]);
/** Each space's denominator: an age group of its population. */
const under = (band: 'under18' | 'under21') => new Map([...ages].map(([id, value]) => [id, denominatorOf(value, band)]));
const populations = under('under18');
const spec = (overrides: Partial<IndicatorSpec>): IndicatorSpec => ({ group: 'all', year: 2024, measure: 'count', per: 1000, baseYear: 2020, ...overrides });

describe('demand cube and indicators', () => {
  const cube = buildDemandCube(entries, ['a', 'b']);

  it('sums entries per space, year and help type, keeps those outside apart and counts skipped ones', () => {
    expect(cube.years).toEqual([2020, 2024]);
    expect(cubeCount(cube, 0, 2024, 'all')).toBe(10);
    expect(cubeCount(cube, 1, 2024, 'all')).toBe(7);
    expect(cubeCount(cube, 1, 2024, '33')).toBe(2);
    expect(cubeCount(cube, 0, 2024, 'out-of-home')).toBe(6);
    expect(cubeCount(cube, 1, 2020, 'out-of-home')).toBe(8);
    expect(cubeCount(cube, 0, 2024, 'ambulant')).toBe(4);
    expect(cubeCount(cube, 0, 1999, 'all')).toBe(0);
    expect([...cube.outside]).toEqual([0, 1]);
    expect(cube.skipped).toBe(1);
    expect(helpSlots('stationaer').map((slot) => HELP_TYPES[slot]!.id)).toEqual(['33', '34', '41']);
  });

  it('computes rates per 1,000 of an age group, change and change in %, per space and for the district', () => {
    const rate = computeIndicator(cube, populations, spec({ measure: 'rate' }));
    expect(rate.rows.map((row) => row.value)).toEqual([5, 7]);
    expect(rate.district).toMatchObject({ count: 17, population: 3000 });
    expect(rate.district.value).toBeCloseTo(17 / 3, 10);
    const under21 = computeIndicator(cube, under('under21'), spec({ measure: 'rate', per: 10000 }));
    expect(under21.rows[0]!.value).toBeCloseTo((10 / 2500) * 10000, 10);
    const change = computeIndicator(cube, populations, spec({ measure: 'change', group: 'out-of-home' }));
    expect(change.rows.map((row) => [row.count, row.baseCount, row.value])).toEqual([
      [6, 3, 3],
      [2, 8, -6],
    ]);
    const percent = computeIndicator(cube, populations, spec({ measure: 'change-percent', group: 'out-of-home' }));
    expect(percent.rows.map((row) => row.value)).toEqual([100, -75]);
    expect(percent.district.value).toBeCloseTo(((8 - 11) / 11) * 100, 10);
    // No population: no rate (not 0, not Infinity).
    expect(computeIndicator(cube, new Map(), spec({ measure: 'rate' })).rows[0]!.value).toBeNull();
    // A share in %.
    const shares = computeIndicator(cube, populations, spec({ measure: 'rate', per: 100 })).rows.map((row) => row.value!);
    expect(shares[0]).toBeCloseTo(0.5, 12);
    expect(shares[1]).toBeCloseTo(0.7, 12);
  });

  it('gives the share of a group in all help of the space in %', () => {
    const share = computeIndicator(cube, populations, spec({ measure: 'share', group: 'out-of-home' }));
    // Space a: 6 of 10 out of home; b: 2 of 7 (5 without help type count as help).
    expect(share.rows[0]!.value).toBeCloseTo(60, 10);
    expect(share.rows[1]!.value).toBeCloseTo((2 / 7) * 100, 10);
    expect(share.district.value).toBeCloseTo((8 / 17) * 100, 10);
    expect(computeIndicator(cube, populations, spec({ measure: 'share', year: 1999 })).rows[0]!.value).toBeNull();
  });

  it('counts the help types of a group the project defines, and nothing for a group it no longer has', () => {
    const groups: CustomHelpGroup[] = [{ id: 'g1', name: 'Heim und Pflege', helpTypes: ['33', '34'] }];
    expect(helpSlots('custom:g1', groups).map((slot) => HELP_TYPES[slot]!.id)).toEqual(['33', '34']);
    expect(cubeCount(cube, 0, 2024, 'custom:g1', groups)).toBe(6);
    expect(cubeCount(cube, 1, 2024, 'custom:g1', groups)).toBe(2);
    expect(cubeCount(cube, 0, 2024, 'custom:gone', groups)).toBe(0);
    const result = computeIndicator(cube, populations, spec({ group: 'custom:g1' }), groups);
    expect(result.rows.map((row) => row.count)).toEqual([6, 2]);
    expect(result.district.count).toBe(8);
  });

  it('names a table column as denominator and reads it back, colons in the column name included', () => {
    const denominator = columnDenominator('layer-7', 'Einwohner: unter 6');
    expect(denominator).toBe('column:layer-7:Einwohner: unter 6');
    expect(denominatorColumn(denominator)).toEqual({ layerId: 'layer-7', column: 'Einwohner: unter 6' });
    expect(denominatorColumn('under21')).toBeNull();
  });

});

describe('help types as office tables write them', () => {
  it('reads paragraphs with and without §, SGB VIII, Abs. 2 and a', async () => {
    const { parseHelpType } = await import('../../../src/domain/help-types');
    expect(['§ 34', '34', '§34 SGB VIII', '§ 27 Abs. 2', '27.2', '35a', '§ 35 a', ' § 41 ', 33].map(parseHelpType)).toEqual(['34', '34', '34', '27.2', '27.2', '35a', '35a', '41', '33']);
    expect(['§ 27', '§ 99', 'Heimerziehung', '', null].map(parseHelpType)).toEqual([null, null, null, null, null]);
  });
});
