/**
 * Benchmark harness shared by Node and browser benchmarks: warm-up, median of five runs, and
 * one line per figure: `BENCH <name> ours_ms=… peer=… peer_ms=… ratio=<peer/ours>`.
 */
export interface BenchResult {
  name: string;
  oursMilliseconds: number;
  peer: string;
  peerMilliseconds: number;
  /** Set when the peer was measured on a sample of this size and scaled linearly. */
  scaledFrom?: number;
  /** Free-form facts about the data (sizes), printed after the figures. */
  note?: string;
  /** The ratio divides by at least this (a measurement floor, e.g. 50 ms for long tasks). */
  ratioFloorMilliseconds?: number;
}

export interface BenchCase {
  name: string;
  /** What the figure is compared against, e.g. "turf.union pairwise". */
  peer: string;
  /** Prepares data once (seeded); the result is passed to both runs. */
  setup: () => Promise<unknown> | unknown;
  ours: (data: never) => Promise<unknown> | unknown;
  peerRun: (data: never) => Promise<unknown> | unknown;
  /** When the peer is too slow at full size: run it on a sample of n items, then scale by `factor`. */
  peerSample?: { size: number; factor: number; setup: () => Promise<unknown> | unknown };
  note?: (data: never) => string;
  /**
   * What one run measures, in milliseconds; wall time by default. Browser benchmarks use it
   * for figures like the longest main-thread task during the run.
   */
  measureRun?: (run: () => Promise<unknown>) => Promise<number>;
  ratioFloorMilliseconds?: number;
}

export const WARMUP_RUNS = 2;
export const MEASURED_RUNS = 5;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function wallTime(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Median of `measureRun` (wall time by default) over `run(data)`, after warm-up runs. */
export async function measure(
  run: (data: never) => unknown,
  data: unknown,
  measureRun: (run: () => Promise<unknown>) => Promise<number> = wallTime,
  runs = MEASURED_RUNS,
): Promise<number> {
  const once = async () => run(data as never);
  for (let index = 0; index < WARMUP_RUNS; index++) await once();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) times.push(await measureRun(once));
  return median(times);
}

export async function runCase(bench: BenchCase): Promise<BenchResult> {
  const data = await bench.setup();
  const oursMilliseconds = await measure(bench.ours, data, bench.measureRun);
  let peerMilliseconds: number;
  let scaledFrom: number | undefined;
  if (bench.peerSample) {
    const sample = await bench.peerSample.setup();
    peerMilliseconds = (await measure(bench.peerRun, sample, bench.measureRun)) * bench.peerSample.factor;
    scaledFrom = bench.peerSample.size;
  } else {
    peerMilliseconds = await measure(bench.peerRun, data, bench.measureRun);
  }
  return {
    name: bench.name,
    oursMilliseconds,
    peer: bench.peer,
    peerMilliseconds,
    scaledFrom,
    note: bench.note?.(data as never),
    ratioFloorMilliseconds: bench.ratioFloorMilliseconds,
  };
}

export function formatResult(result: BenchResult): string {
  const ratio = result.peerMilliseconds / Math.max(result.oursMilliseconds, result.ratioFloorMilliseconds ?? 1e-6);
  const parts = [
    `BENCH ${result.name}`,
    `ours_ms=${result.oursMilliseconds.toFixed(2)}`,
    `peer=${JSON.stringify(result.peer)}`,
    `peer_ms=${result.peerMilliseconds.toFixed(2)}`,
    `ratio=${ratio.toFixed(2)}`,
  ];
  if (result.scaledFrom !== undefined) parts.push(`scaled_from=${result.scaledFrom}`);
  if (result.note) parts.push(`# ${result.note}`);
  return parts.join(' ');
}
