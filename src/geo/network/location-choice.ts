/**
 * Where would a new offer help most? Maximal coverage location (Church & ReVelle 1974): given
 * candidate sites, the demand points each would cover within the time limit, and a budget of K
 * sites, choose sites that cover the most weight not yet covered.
 *
 * Greedy: take the site with the largest gain, count its points as covered, repeat. Coverage is
 * submodular, so greedy reaches at least 1 − 1/e ≈ 63 % of the best possible (Nemhauser, Wolsey
 * & Fisher 1978) and in practice nearly all; each step's gain is what that site adds given the
 * earlier ones, which is what a planner can defend. Ties go to the lower candidate number, so
 * the answer is deterministic. Steps stop early when no site adds anything.
 */

/** Per candidate the points it covers: `points[offsets[c] … offsets[c + 1])`. */
export interface CoverSets {
  readonly candidateCount: number;
  readonly offsets: Uint32Array;
  readonly points: Uint32Array;
}

export interface GreedyStep {
  candidate: number;
  /** Weight newly covered by this site. */
  gain: number;
  /** Weight covered after this step (what was covered before plus all gains so far). */
  covered: number;
}

/** Build cover sets from one list per candidate. */
export function coverSetsFromLists(lists: readonly (readonly number[])[]): CoverSets {
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, candidate) => (offsets[candidate + 1] = offsets[candidate]! + list.length));
  const points = new Uint32Array(offsets[lists.length]!);
  lists.forEach((list, candidate) => points.set(list, offsets[candidate]!));
  return { candidateCount: lists.length, offsets, points };
}

/**
 * Greedy maximal coverage. `covered` marks points covered already (by existing resources); it
 * is not changed. Returns at most `budget` steps, each with a positive gain.
 */
export function greedyMaximalCoverage(sets: CoverSets, weight: ArrayLike<number>, covered: ArrayLike<number> | null, budget: number): GreedyStep[] {
  if (!Number.isInteger(budget) || budget < 0) throw new RangeError(`budget must be a whole number ≥ 0, got ${budget}`);
  const done = new Uint8Array(weight.length);
  let total = 0;
  for (let point = 0; point < weight.length; point++) {
    if (covered && covered[point]) {
      done[point] = 1;
      total += weight[point]!;
    }
  }
  const steps: GreedyStep[] = [];
  const taken = new Uint8Array(sets.candidateCount);
  for (let step = 0; step < budget; step++) {
    let best = -1;
    let bestGain = 0;
    for (let candidate = 0; candidate < sets.candidateCount; candidate++) {
      if (taken[candidate]) continue;
      let gain = 0;
      for (let index = sets.offsets[candidate]!; index < sets.offsets[candidate + 1]!; index++) {
        const point = sets.points[index]!;
        if (!done[point]) gain += weight[point]!;
      }
      if (gain > bestGain) {
        best = candidate;
        bestGain = gain;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    for (let index = sets.offsets[best]!; index < sets.offsets[best + 1]!; index++) done[sets.points[index]!] = 1;
    total += bestGain;
    steps.push({ candidate: best, gain: bestGain, covered: total });
  }
  return steps;
}
