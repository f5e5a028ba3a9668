import { describe, expect, it } from 'vitest';
import { coverageSums } from '../../../../src/geo/network/coverage';

describe('coverage sums', () => {
  it('sums all, covered and reached weight and weighted seconds per group and for all', () => {
    const seconds = Float64Array.of(100, 700, Infinity, 300, 600);
    const weight = Float64Array.of(2, 3, 4, 1, 5);
    const group = Int32Array.of(0, 0, 1, 1, -1);
    const sums = coverageSums(seconds, weight, group, 2, 600);
    expect([...sums.total]).toEqual([5, 5]);
    expect([...sums.covered]).toEqual([2, 1]);
    expect([...sums.reached]).toEqual([5, 1]);
    expect([...sums.weightedSeconds]).toEqual([2 * 100 + 3 * 700, 300]);
    expect(sums.all).toEqual({ total: 15, covered: 8, reached: 11, weightedSeconds: 200 + 2100 + 300 + 3000 });
  });

  it('refuses arrays of different lengths', () => {
    expect(() => coverageSums([1], [1, 2], [0], 1, 10)).toThrow(/length/);
  });
});
