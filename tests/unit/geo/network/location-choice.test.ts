import { describe, expect, it } from 'vitest';
import { coverSetsFromLists, greedyMaximalCoverage, type CoverSets } from '../../../../src/geo/network/location-choice';
import { seededRandom } from '../../../bench/seeded';

/** The best weight any `budget` candidates cover together, by trying every combination. */
function exhaustiveBest(lists: number[][], weight: number[], covered: boolean[], budget: number): number {
  let best = 0;
  const choose = (start: number, left: number, taken: Set<number>) => {
    let total = 0;
    weight.forEach((w, point) => {
      if (covered[point] || taken.has(point)) total += w;
    });
    best = Math.max(best, total);
    if (left === 0) return;
    for (let candidate = start; candidate < lists.length; candidate++) choose(candidate + 1, left - 1, new Set([...taken, ...lists[candidate]!]));
  };
  choose(0, budget, new Set());
  return best;
}

function randomCase(seed: number) {
  const random = seededRandom(seed);
  const pointCount = 5 + Math.floor(random() * 20);
  const candidateCount = 2 + Math.floor(random() * 7);
  const weight = Array.from({ length: pointCount }, () => 1 + Math.floor(random() * 9));
  const covered = Array.from({ length: pointCount }, () => random() < 0.2);
  const lists = Array.from({ length: candidateCount }, () => [...new Set(Array.from({ length: Math.floor(random() * pointCount) }, () => Math.floor(random() * pointCount)))].sort((a, b) => a - b));
  return { weight, covered, lists, budget: 1 + Math.floor(random() * 3) };
}

describe('greedy maximal coverage', { timeout: 60_000 }, () => {
  it('takes the largest gain each step and reports each step’s gain given the earlier ones', () => {
    // Points 0–5 of weight 1, point 6 of weight 10; point 0 is covered already.
    const sets = coverSetsFromLists([[0, 1, 2], [2, 3, 4, 5], [6], [1, 3]]);
    const weight = [1, 1, 1, 1, 1, 1, 10];
    const steps = greedyMaximalCoverage(sets, weight, [1, 0, 0, 0, 0, 0, 0], 3);
    expect(steps).toEqual([
      { candidate: 2, gain: 10, covered: 11 },
      { candidate: 1, gain: 4, covered: 15 },
      { candidate: 0, gain: 1, covered: 16 },
    ]);
  });

  it('stops when no site adds anything, and breaks ties by the lower candidate', () => {
    const sets = coverSetsFromLists([[0], [0], [1]]);
    expect(greedyMaximalCoverage(sets, [2, 2], null, 5)).toEqual([
      { candidate: 0, gain: 2, covered: 2 },
      { candidate: 2, gain: 2, covered: 4 },
    ]);
  });

  it('is never below 1 − 1/e of the exhaustive optimum, picks the best single site first, and each gain is the best marginal gain (300 random cases)', () => {
    let optimal = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { weight, covered, lists, budget } = randomCase(seed);
      const sets: CoverSets = coverSetsFromLists(lists);
      const steps = greedyMaximalCoverage(sets, weight, covered.map(Number), budget);
      const start = weight.reduce((sum, w, point) => sum + (covered[point] ? w : 0), 0);
      const reached = steps.at(-1)?.covered ?? start;
      const best = exhaustiveBest(lists, weight, covered, budget);
      expect(reached - start, `seed ${seed}`).toBeGreaterThanOrEqual((1 - 1 / Math.E) * (best - start) - 1e-9);
      expect(reached).toBeLessThanOrEqual(best);
      if (reached === best) optimal++;
      // Every step: no other candidate would have added more at that point.
      const done = new Set(covered.flatMap((isCovered, point) => (isCovered ? [point] : [])));
      for (const step of steps) {
        const gainOf = (candidate: number) => lists[candidate]!.filter((point) => !done.has(point)).reduce((sum, point) => sum + weight[point]!, 0);
        expect(step.gain).toBe(gainOf(step.candidate));
        expect(Math.max(...lists.map((_, candidate) => gainOf(candidate)))).toBe(step.gain);
        for (const point of lists[step.candidate]!) done.add(point);
      }
    }
    // Not a guarantee, an observation that greedy is usually optimal on small cases.
    expect(optimal).toBeGreaterThan(250);
  });

  it('leaves its inputs unchanged and refuses a negative budget', () => {
    const sets = coverSetsFromLists([[0, 1]]);
    const weight = Float64Array.of(1, 2);
    const covered = Uint8Array.of(1, 0);
    greedyMaximalCoverage(sets, weight, covered, 1);
    expect([...covered]).toEqual([1, 0]);
    expect([...sets.points]).toEqual([0, 1]);
    expect(() => greedyMaximalCoverage(sets, weight, covered, -1)).toThrow(/budget/);
  });
});
