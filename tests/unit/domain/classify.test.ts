import { ckmeans, jenks } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/seeded';
import { classColours, classify, classIndex, formatClassBounds } from '../../../src/domain/classify';

/**
 * Employment density (employees per km²) of the 58 California counties: PySAL's `calemp`
 * example data (mapclassify's `load_example()`, file calempdensity.csv), as transcribed in
 * riatelab/statsbreaks' test/test-data.js. The published reference values below come from
 * mapclassify's README ("Map Classifiers Supported"), which prints each classifier on this
 * data: mean 125.92810344827588, min 0.13, max 4111.45;
 * Quantiles k=5: upper bounds 1.464, 5.798, 13.278, 54.616, 4111.450, counts 12 11 12 11 12;
 * Equal_Interval k=5: 822.394, 1644.658, 2466.922, 3289.186, 4111.450, counts 57 0 0 0 1;
 * Fisher_Jenks k=5: 75.290, 192.050, 370.500, 722.850, 4111.450, counts 49 3 4 1 1;
 * Std_Mean (mean ± 1 and 2 standard deviations of a pandas Series, i.e. the sample standard
 * deviation): bounds -967.362, -420.717, 672.573, 1219.219, counts 0 0 56 1 1;
 * HeadTail_Breaks: first class up to the mean (125.928) holds 50 values.
 * statsbreaks' own jenks test expects the same natural breaks [0.13, 75.29, 192.05, 370.50,
 * 722.85, 4111.45] with counts [49, 3, 4, 1, 1].
 */
const CALIFORNIA_EMPLOYMENT_DENSITY: readonly number[] = Object.freeze([
  329.92, 0.42, 5.9, 14.03, 2.78, 1.34, 181.27, 1.65, 10.03, 16.7, 1.32, 3.99, 3.16, 0.22, 8.7, 6.56, 3.27, 0.33,
  370.5, 4.51, 75.29, 0.99, 2.74, 8.68, 0.14, 0.92, 12.63, 28.7, 12.02, 722.85, 36.68, 0.74, 29.82, 192.05, 3.38,
  11.15, 110.74, 4111.45, 49.47, 10.33, 317.11, 20.47, 264.93, 66.26, 5.39, 0.13, 0.61, 50.65, 40.48, 36.67, 13.09,
  1.81, 0.2, 7.6, 2.51, 57.26, 24.32, 6.97,
]);


function expectBreaksCloseTo(actual: readonly number[], expected: readonly number[], digits: number): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((bound, i) => expect(actual[i]).toBeCloseTo(bound, digits));
}

describe('classify against published reference values (PySAL calemp data)', () => {
  it('uses the reference data set (58 values, mean 125.928…)', () => {
    expect(CALIFORNIA_EMPLOYMENT_DENSITY).toHaveLength(58);
    const mean = CALIFORNIA_EMPLOYMENT_DENSITY.reduce((sum, value) => sum + value, 0) / 58;
    expect(mean).toBeCloseTo(125.92810344827588, 10);
  });

  it('finds the natural breaks (Jenks) published by mapclassify and statsbreaks', () => {
    const result = classify(CALIFORNIA_EMPLOYMENT_DENSITY, 'jenks', 5);
    expect(result.breaks).toEqual([0.13, 75.29, 192.05, 370.5, 722.85, 4111.45]);
    expect(result.counts).toEqual([49, 3, 4, 1, 1]);
  });

  it('finds the quantile breaks published by mapclassify', () => {
    const result = classify(CALIFORNIA_EMPLOYMENT_DENSITY, 'quantile', 5);
    expectBreaksCloseTo(result.breaks, [0.13, 1.464, 5.798, 13.278, 54.616, 4111.45], 3);
    expect(result.counts).toEqual([12, 11, 12, 11, 12]);
  });

  it('finds the equal-interval breaks published by mapclassify, empty classes kept', () => {
    const result = classify(CALIFORNIA_EMPLOYMENT_DENSITY, 'equal-interval', 5);
    expectBreaksCloseTo(result.breaks, [0.13, 822.394, 1644.658, 2466.922, 3289.186, 4111.45], 3);
    expect(result.counts).toEqual([57, 0, 0, 0, 1]);
  });

  it('puts standard deviation bounds at the mean ± whole deviations, dropping classes below the data', () => {
    // Six one-deviation classes: bounds at mean -2, -1, 0, +1, +2 deviations. The two lowest lie
    // below the minimum (mapclassify: -967.362 and -420.717, both empty), so four classes remain.
    const result = classify(CALIFORNIA_EMPLOYMENT_DENSITY, 'std-dev', 6);
    const populationDeviation = result.breaks[2]! - result.breaks[1]!;
    // mapclassify's Std_Mean used the sample deviation: 672.573 - 125.928 = 546.645.
    expect(populationDeviation * Math.sqrt(58 / 57)).toBeCloseTo(546.645, 2);
    expect(result.breaks[0]).toBe(0.13);
    expect(result.breaks[1]).toBeCloseTo(125.928, 3);
    expect(result.breaks[4]).toBe(4111.45);
    // 50 values up to the mean (mapclassify HeadTail_Breaks), 56 up to mean + 1 deviation.
    expect(result.counts).toEqual([50, 6, 1, 1]);
    // The mean is the bound between the first and the second class left.
    expect(result.centre).toBe(0.5);
  });

  it('agrees with the partition of simple-statistics’ classic jenks on the reference data', () => {
    // jenks() returns the lower limit of each class (plus the maximum): each lower limit must open
    // a new class of ours.
    const lowerLimits = jenks([...CALIFORNIA_EMPLOYMENT_DENSITY], 5)!.slice(0, 5);
    const result = classify(CALIFORNIA_EMPLOYMENT_DENSITY, 'jenks', 5);
    expect(lowerLimits.map((limit) => result.classOf(limit))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('classify: natural breaks (Jenks)', () => {
  it('matches the example documented by simple-statistics', () => {
    // simple-statistics docs: jenks([1, 2, 4, 5, 7, 9, 10, 20], 3) = [1, 7, 20, 20] (lower
    // limits): classes {1, 2, 4, 5}, {7, 9, 10}, {20}.
    const result = classify([1, 2, 4, 5, 7, 9, 10, 20], 'jenks', 3);
    expect(result.breaks).toEqual([1, 5, 10, 20]);
    expect(result.counts).toEqual([4, 3, 1]);
  });

  it('keeps the minimum alone as a first class when the optimum isolates it', () => {
    // simple-statistics docs: ckmeans([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3) =
    // [[-1, -1, -1, -1], [2, 2, 2], [4, 5, 6]].
    const result = classify([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 'jenks', 3);
    expect(result.breaks).toEqual([-1, -1, 2, 6]);
    expect(result.counts).toEqual([4, 3, 3]);
    expect(result.classOf(-1)).toBe(0);
    expect(result.classOf(2)).toBe(1);
    expect(result.classOf(4)).toBe(2);
  });

  it('finds the split with the least squared deviations, checked against every split', () => {
    const change = [-42, -30, -12.5, -5, 0, 3, 4, 18, 25, 40];
    const squaredDeviations = (part: number[]): number => {
      const mean = part.reduce((sum, value) => sum + value, 0) / part.length;
      return part.reduce((sum, value) => sum + (value - mean) ** 2, 0);
    };
    let best = { cost: Infinity, breaks: [] as number[] };
    for (let i = 1; i < change.length - 1; i++) {
      for (let j = i + 1; j < change.length; j++) {
        const cost = squaredDeviations(change.slice(0, i)) + squaredDeviations(change.slice(i, j)) + squaredDeviations(change.slice(j));
        if (cost < best.cost) best = { cost, breaks: [change[0]!, change[i - 1]!, change[j - 1]!, change[change.length - 1]!] };
      }
    }
    expect(classify(change, 'jenks', 3).breaks).toEqual(best.breaks);
  });

  it('ends every class at one of its own values on random data', () => {
    const random = seededRandom(42);
    const values = Array.from({ length: 300 }, () => Math.round(random() * 1000) / 10);
    const result = classify(values, 'jenks', 6);
    const clusters = ckmeans(values, 6);
    expect(result.breaks.slice(1)).toEqual(clusters.map((cluster) => cluster[cluster.length - 1]));
    expect(result.counts).toEqual(clusters.map((cluster) => cluster.length));
  });
});

describe('classify: edge cases', () => {
  it('makes one class per distinct value when there are no more values than classes', () => {
    for (const method of ['quantile', 'equal-interval', 'jenks'] as const) {
      const result = classify([2, 2, 7, 7, 7], method, 5);
      expect(result.breaks, method).toEqual([2, 2, 7]);
      expect(result.counts, method).toEqual([2, 3]);
    }
  });

  it('never repeats a bound except for a minimum forming its own class', () => {
    const values = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 50];
    for (const method of ['quantile', 'equal-interval', 'jenks', 'std-dev'] as const) {
      for (let classCount = 1; classCount <= 7; classCount++) {
        const { breaks, counts } = classify(values, method, classCount);
        for (let i = 2; i < breaks.length; i++) expect(breaks[i]!, `${method} ${classCount}`).toBeGreaterThan(breaks[i - 1]!);
        expect(breaks[1]!).toBeGreaterThanOrEqual(breaks[0]!);
        expect(counts.reduce((sum, count) => sum + count, 0)).toBe(values.length);
        if (method === 'quantile' || method === 'jenks') expect(counts.every((count) => count > 0)).toBe(true);
      }
    }
  });

  it('merges quantile classes that would hold no value', () => {
    // Ties make two quantile bounds fall between the same pair of values.
    const result = classify([0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 20], 'quantile', 4);
    expect(result.counts.every((count) => count > 0)).toBe(true);
    expect(result.counts.reduce((sum, count) => sum + count, 0)).toBe(12);
  });

  it('makes one class [v, v] when all values are equal', () => {
    for (const method of ['quantile', 'equal-interval', 'jenks', 'std-dev'] as const) {
      const result = classify([4, 4, 4], method, 5);
      expect(result.breaks, method).toEqual([4, 4]);
      expect(result.counts, method).toEqual([3]);
      expect(result.classOf(4)).toBe(0);
    }
  });

  it('makes one class from a single value', () => {
    const result = classify([null, 12.5, null], 'jenks', 4);
    expect(result.breaks).toEqual([12.5, 12.5]);
    expect(result.counts).toEqual([1]);
  });

  it('gives no classes and class -1 when no value is finite', () => {
    const result = classify([null, Number.NaN, Number.POSITIVE_INFINITY], 'quantile', 5);
    expect(result.breaks).toEqual([]);
    expect(result.counts).toEqual([]);
    expect(result.classOf(3)).toBe(-1);
  });

  it('ignores null, NaN and infinite values and gives them class -1', () => {
    const result = classify([null, 1, Number.NaN, 2, 3, Number.NEGATIVE_INFINITY, 4], 'equal-interval', 3);
    expect(result.breaks).toEqual([1, 2, 3, 4]);
    expect(result.counts).toEqual([2, 1, 1]);
    expect(result.classOf(null)).toBe(-1);
    expect(result.classOf(Number.NaN)).toBe(-1);
    expect(result.classOf(Number.POSITIVE_INFINITY)).toBe(-1);
  });

  it('classifies negative values (change in %)', () => {
    const change = [-42, -30, -12.5, -5, 0, 3, 4, 18, 25, 40];
    const jenksResult = classify(change, 'jenks', 3);
    expect(jenksResult.breaks).toEqual([-42, -30, 4, 40]);
    expect(jenksResult.counts).toEqual([2, 5, 3]);
    const equal = classify(change, 'equal-interval', 4);
    expect(equal.breaks).toEqual([-42, -21.5, -1, 19.5, 40]);
    expect(equal.classOf(-21.5)).toBe(0);
    expect(equal.classOf(-21.4)).toBe(1);
  });

  it('puts a bound into the class below it, the minimum into the first class', () => {
    const result = classify([0, 10, 20, 30, 40], 'equal-interval', 4);
    expect(result.breaks).toEqual([0, 10, 20, 30, 40]);
    expect([0, 10, 10.01, 20, 30, 40].map(result.classOf)).toEqual([0, 0, 1, 1, 2, 3]);
    expect(result.counts).toEqual([2, 1, 1, 1]);
  });

  it('puts values beyond the outer bounds into the outer classes', () => {
    const result = classify([0, 10, 20], 'equal-interval', 2);
    expect(result.classOf(-5)).toBe(0);
    expect(result.classOf(25)).toBe(1);
  });

  it('rejects a class count that is not a positive integer', () => {
    expect(() => classify([1, 2, 3], 'quantile', 0)).toThrow(RangeError);
    expect(() => classify([1, 2, 3], 'jenks', 2.5)).toThrow(RangeError);
  });

  it('does not change its input', () => {
    const values = Object.freeze([3, null, 1, 2]);
    classify(values, 'jenks', 2);
    expect(values).toEqual([3, null, 1, 2]);
  });
});

describe('classify: standard deviation', () => {
  // Mean 50, population standard deviation 20.
  const values = [10, 50, 50, 50, 50, 50, 50, 90];

  it('centres the middle class on the mean for an odd class count', () => {
    const result = classify(values, 'std-dev', 3);
    expect(result.breaks).toEqual([10, 40, 60, 90]);
    expect(result.centre).toBe(1);
    expect(result.counts).toEqual([1, 6, 1]);
  });

  it('makes the mean a bound for an even class count', () => {
    const result = classify(values, 'std-dev', 4);
    expect(result.breaks).toEqual([10, 30, 50, 70, 90]);
    expect(result.centre).toBe(1.5);
    expect(result.counts).toEqual([1, 6, 0, 1]);
  });

  it('uses half deviations when asked', () => {
    const result = classify(values, 'std-dev', 4, { deviationStep: 0.5 });
    expect(result.breaks).toEqual([10, 40, 50, 60, 90]);
  });

  it('drops classes beyond the data on both sides and keeps the centre on the mean', () => {
    // Nine one-deviation classes: bounds at -20, 0, 20, 40, 60, 80, 100, 120; the data span 10 … 90.
    const result = classify(values, 'std-dev', 9);
    expect(result.breaks).toEqual([10, 20, 40, 60, 80, 90]);
    expect(result.centre).toBe(2);
    expect(result.classOf(50)).toBe(2);
  });

  it('keeps an empty class around the mean', () => {
    const result = classify([0, 0, 100, 100], 'std-dev', 3);
    expect(result.breaks).toEqual([0, 25, 75, 100]);
    expect(result.counts).toEqual([2, 0, 2]);
  });
});

describe('classify: manual breaks', () => {
  it('uses the user’s bounds, sorted and de-duplicated, and keeps empty classes', () => {
    const result = classify([3, 8, 12, 15], 'manual', 0, { manualBreaks: [20, 0, 10, 10, 50] });
    expect(result.breaks).toEqual([0, 10, 20, 50]);
    expect(result.counts).toEqual([2, 2, 0]);
  });

  it('adds the data minimum and maximum as outer bounds when data lie beyond', () => {
    const result = classify([-4, 3, 8, 70], 'manual', 0, { manualBreaks: [0, 10, 50] });
    expect(result.breaks).toEqual([-4, 0, 10, 50, 70]);
    expect(result.counts).toEqual([1, 2, 0, 1]);
  });

  it('makes one class over the data without bounds', () => {
    expect(classify([1, 5], 'manual', 3).breaks).toEqual([1, 5]);
  });
});

describe('classIndex', () => {
  it('finds the class by binary search with bounds belonging to the class below', () => {
    const breaks = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    expect([0, 0.5, 1, 1.5, 7.9, 8].map((value) => classIndex(breaks, value))).toEqual([0, 0, 0, 1, 7, 7]);
  });
});

describe('formatClassBounds', () => {
  const german = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format;

  it('labels each class "lower – upper" with the given number format', () => {
    expect(formatClassBounds([12.5, 18, 30.25], german)).toEqual(['12,5 – 18,0', '18,0 – 30,3']);
  });

  it('writes a single number for a class of one value', () => {
    expect(formatClassBounds([-1, -1, 2], german)).toEqual(['-1,0', '-1,0 – 2,0']);
  });

  it('gives no labels without classes', () => {
    expect(formatClassBounds([], german)).toEqual([]);
  });
});

describe('classColours', () => {
  it('gives sequential colours from light yellow to dark purple (reversed Viridis)', () => {
    const colours = classColours('sequential', 5);
    expect(colours).toEqual(['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154']);
  });

  it('gives one mid colour for a single sequential class', () => {
    expect(classColours('sequential', 1)).toEqual(['#21918c']);
  });

  it('gives ColorBrewer PuOr with a neutral middle for odd diverging counts', () => {
    expect(classColours('diverging', 5)).toEqual(['#5e3c99', '#b2abd2', '#f7f7f7', '#fdb863', '#e66101']);
  });

  it('gives distinct hex colours for every count up to 12', () => {
    for (const scheme of ['sequential', 'diverging'] as const) {
      for (let count = 1; count <= 12; count++) {
        const colours = classColours(scheme, count);
        expect(colours).toHaveLength(count);
        expect(new Set(colours).size).toBe(count);
        for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
      }
    }
  });

  it('puts the neutral colour at the given centre and shades the shorter side lighter', () => {
    // Standard deviation classes where only one class lies below the mean's class.
    const colours = classColours('diverging', 4, { centre: 1 });
    expect(colours).toEqual(['#b2abd2', '#f7f7f7', '#fdb863', '#e66101']);
  });

  it('splits at a half-class centre without a neutral class', () => {
    const colours = classColours('diverging', 4, { centre: 0.5 });
    // A six-colour PuOr: the one class below the mean is the lightest purple.
    expect(colours).toEqual(['#d8daeb', '#fee0b6', '#f1a340', '#b35806']);
  });

  it('rejects a centre between half positions and a bad count', () => {
    expect(() => classColours('diverging', 4, { centre: 0.3 })).toThrow(RangeError);
    expect(() => classColours('sequential', -1)).toThrow(RangeError);
  });
});

describe('bounds as typed', () => {
  it('reads German and English number formats, sorted, without duplicates and non-numbers', async () => {
    const { parseBreaks } = await import('../../../src/domain/classify');
    expect(parseBreaks('30; 10 20,5;1.000; abc; 10', true)).toEqual([10, 20.5, 30, 1000]);
    expect(parseBreaks('30; 10 20.5;1,000; -2.5', false)).toEqual([-2.5, 10, 20.5, 30, 1000]);
    expect(parseBreaks('  ', true)).toEqual([]);
  });
});
