/**
 * Coverage: how much of a demand (children of an age, cases of help) lies within a time limit
 * of the nearest resource, summed per group (a social space) and for all. Pure sums over the
 * per-point times the engine computes (`ReachabilityEngine.nearestSeconds`).
 */

export interface CoverageSums {
  /** Per group: all weight, the weight within the limit, the weight reached at all, and Σ weight × seconds over the reached. */
  total: Float64Array;
  covered: Float64Array;
  reached: Float64Array;
  weightedSeconds: Float64Array;
  /** The same over all points (also those in no group). */
  all: { total: number; covered: number; reached: number; weightedSeconds: number };
}

/**
 * Sum the weight of the points per group (`group[i]` in 0 … groupCount − 1, or -1 for none)
 * and how much of it has `seconds[i] ≤ limitSeconds`.
 */
export function coverageSums(
  seconds: ArrayLike<number>,
  weight: ArrayLike<number>,
  group: ArrayLike<number>,
  groupCount: number,
  limitSeconds: number,
): CoverageSums {
  if (seconds.length !== weight.length || seconds.length !== group.length) throw new RangeError('coverageSums: seconds, weight and group differ in length');
  const total = new Float64Array(groupCount);
  const covered = new Float64Array(groupCount);
  const reached = new Float64Array(groupCount);
  const weightedSeconds = new Float64Array(groupCount);
  const all = { total: 0, covered: 0, reached: 0, weightedSeconds: 0 };
  for (let point = 0; point < seconds.length; point++) {
    const w = weight[point]!;
    const t = seconds[point]!;
    const g = group[point]!;
    const inGroup = g >= 0 && g < groupCount;
    all.total += w;
    if (inGroup) total[g]! += w;
    if (t === Infinity || Number.isNaN(t)) continue;
    all.reached += w;
    all.weightedSeconds += w * t;
    if (inGroup) {
      reached[g]! += w;
      weightedSeconds[g]! += w * t;
    }
    if (t <= limitSeconds) {
      all.covered += w;
      if (inGroup) covered[g]! += w;
    }
  }
  return { total, covered, reached, weightedSeconds, all };
}
