/**
 * Classification of indicator values for a choropleth map: class bounds, the class of a value,
 * the number of values per class, legend labels, and colour-blind-safe class colours.
 *
 * Conventions (the same for every method, as in QGIS, ArcGIS and PySAL's mapclassify):
 * - `breaks` holds the class bounds in ascending order, the data minimum first and the data
 *   maximum last (manual breaks may reach further, see below); class `i` holds the values `v`
 *   with `breaks[i] < v <= breaks[i + 1]`, and the first class also holds `breaks[0]`. So a
 *   bound belongs to the class below it, and a legend row "12,5 – 18,0" means "above 12,5 up to
 *   18,0".
 * - Only finite numbers are classified: `null`, `NaN` and ±Infinity (e.g. a rate over a zero
 *   population) are "no data" and get class -1.
 * - Classes collapse rather than stay empty and duplicated: with no more distinct values than
 *   requested classes each distinct value is a class of its own (for every method but
 *   `std-dev` and `manual`), equal bounds are merged,
 *   and a quantile or natural-breaks class that would hold no value is merged into the next.
 *   The one repeated bound that can remain is `breaks[0] === breaks[1]`: the minimum on its
 *   own forms the first class (e.g. a single value, or natural breaks that isolate the
 *   minimum). Equal intervals keep empty classes (their widths are the point), standard
 *   deviation classes keep empty inner classes (their position against the mean is), and
 *   manual bounds are kept as the user set them.
 *
 * Methods:
 * - `quantile`: bounds at the k-quantiles, interpolated linearly between sorted values (R's
 *   and numpy's default, "type 7", via d3's `quantileSorted`).
 * - `equal-interval`: k classes of equal width between minimum and maximum.
 * - `jenks`: natural breaks, i.e. the partition into k classes with the least sum of squared
 *   deviations from the class means (Jenks' optimisation, Fisher's exact algorithm). Computed
 *   with `ckmeans` of simple-statistics (Wang & Song's dynamic programme, O(k·n·log n)), which
 *   optimises the same quantity as its O(k·n²) `jenks`; each class ends at its largest value.
 * - `std-dev`: classes `deviationStep` standard deviations wide (1 or ½; population standard
 *   deviation, since a map shows all spaces, not a sample) laid out symmetrically around the
 *   mean: with an even class count the mean is a bound, with an odd one the middle class is
 *   centred on the mean. The outer classes are open (they end at the data minimum and
 *   maximum); classes lying wholly beyond the data are dropped. `centre` tells where the mean
 *   sits, for a diverging palette.
 * - `manual`: the user's bounds (`manualBreaks`, sorted and de-duplicated); the data minimum or
 *   maximum is added as an outer bound when data lie beyond them, so every value has a class.
 *   `classCount` is not used.
 */
import { interpolatePuOr, interpolateViridis, quantileSorted, schemePuOr } from 'd3';
import { ckmeans, standardDeviation } from 'simple-statistics';

export type ClassificationMethod = 'quantile' | 'equal-interval' | 'jenks' | 'std-dev' | 'manual';

export interface ClassifyOptions {
  /** Class bounds for `manual` (see the module comment). */
  manualBreaks?: readonly number[];
  /** Width of a `std-dev` class in standard deviations: 1 (default) or 0.5. */
  deviationStep?: 1 | 0.5;
}

export interface Classification {
  method: ClassificationMethod;
  /** Class bounds, ascending: one more than there are classes; empty when no value is finite. */
  breaks: number[];
  /** Number of values in each class. */
  counts: number[];
  /**
   * For `std-dev`: where the mean lies, as a class position (an integer: the middle of that
   * class; `n + 0.5`: the bound between classes n and n + 1). Pass it to `classColours` so a
   * diverging palette puts its neutral colour there. Null for the other methods.
   */
  centre: number | null;
  /**
   * The class of a value (0 = lowest), -1 for null, NaN and ±Infinity; values beyond the outer
   * bounds go to the outer classes.
   */
  classOf(value: number | null): number;
}

/** Classifies `values` into (at most) `classCount` classes; see the module comment. */
export function classify(
  values: readonly (number | null)[],
  method: ClassificationMethod,
  classCount: number,
  options: ClassifyOptions = {},
): Classification {
  if (method !== 'manual' && !(Number.isInteger(classCount) && classCount >= 1)) {
    throw new RangeError(`classCount must be a positive integer, got ${classCount}`);
  }
  const sorted = values.filter(isFiniteNumber).sort((a, b) => a - b);
  if (method === 'manual') return withCounts(method, manualBreaks(sorted, options.manualBreaks ?? []), sorted, null);
  if (sorted.length === 0) return withCounts(method, [], sorted, null);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return withCounts(method, [min, max], sorted, null);
  if (method !== 'std-dev') {
    const distinct = distinctValues(sorted);
    // No more classes than values: one class per distinct value, the minimum alone first.
    if (distinct.length <= classCount) return withCounts(method, [min, ...distinct], sorted, null);
  }
  switch (method) {
    case 'equal-interval':
      return withCounts(method, equalIntervalBreaks(min, max, classCount), sorted, null);
    case 'quantile':
      return withCounts(method, mergeEmptyClasses(quantileBreaks(sorted, classCount), sorted), sorted, null);
    case 'jenks':
      return withCounts(method, mergeEmptyClasses(naturalBreaks(sorted, classCount), sorted), sorted, null);
    case 'std-dev': {
      const { breaks, centre } = standardDeviationBreaks(sorted, classCount, options.deviationStep ?? 1);
      return withCounts(method, breaks, sorted, centre);
    }
  }
}

/**
 * The class of `value` under `breaks` (see the module comment): -1 for non-finite values or
 * empty breaks.
 */
export function classIndex(breaks: readonly number[], value: number | null): number {
  if (!isFiniteNumber(value) || breaks.length < 2) return -1;
  const classCount = breaks.length - 1;
  // First inner bound that is >= value: the value belongs to the class that bound closes.
  let low = 1;
  let high = classCount;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (breaks[middle]! >= value) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/**
 * Legend labels, one per class: "lower – upper" (en dash) with `format` applied to each bound,
 * or a single number when both bounds format alike (a class holding one value). Example with a
 * German formatter: `[12.5, 18, 30]` → `["12,5 – 18,0", "18,0 – 30,0"]`.
 */
export function formatClassBounds(breaks: readonly number[], format: (value: number) => string): string[] {
  const labels: string[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const lower = format(breaks[i]!);
    const upper = format(breaks[i + 1]!);
    labels.push(lower === upper ? lower : `${lower} – ${upper}`);
  }
  return labels;
}

export type ColourScheme = 'sequential' | 'diverging';

export interface ClassColourOptions {
  /**
   * Diverging only: the class position of the neutral colour (an integer: that class;
   * `n + 0.5`: between classes n and n + 1). Defaults to the middle, `(classCount - 1) / 2`.
   * Use `Classification.centre` for standard deviation classes, or the position of 0 for a
   * change in %. Classes on the shorter side get the lighter colours of a symmetric palette.
   */
  centre?: number;
}

/**
 * `classCount` colours (hex), lowest class first.
 *
 * - `sequential`: Viridis, reversed so that higher values are darker (light yellow → dark
 *   purple). Viridis is perceptually uniform and stays ordered for the common colour-vision
 *   deficiencies and in greyscale; unlike ColorBrewer's Blues or YlGnBu its lightest colour is
 *   a saturated yellow, not near-white, so the lowest class stays visible on a washed-out
 *   projector and is never confused with an uncoloured (no data, suppressed) space.
 * - `diverging`: ColorBrewer PuOr (purple for low, orange for high values, light grey in the
 *   middle), marked colour-blind safe by ColorBrewer at every class count (3–11); purple and
 *   orange avoid the red–green axis and the good/bad reading of red–blue. Beyond 11 colours
 *   the palette is sampled from d3's continuous PuOr.
 *
 * The neutral middle of PuOr is a light grey (#f7f7f7): draw "no data" and suppressed spaces
 * with a hatch or outline rather than a light fill.
 */
export function classColours(scheme: ColourScheme, classCount: number, options: ClassColourOptions = {}): string[] {
  if (!(Number.isInteger(classCount) && classCount >= 0)) {
    throw new RangeError(`classCount must be a non-negative integer, got ${classCount}`);
  }
  if (classCount === 0) return [];
  if (scheme === 'sequential') {
    if (classCount === 1) return [hex(interpolateViridis(0.5))];
    return Array.from({ length: classCount }, (_, i) => hex(interpolateViridis(1 - i / (classCount - 1))));
  }
  const centre = options.centre ?? (classCount - 1) / 2;
  if (!(Number.isFinite(centre) && Number.isInteger(centre * 2))) {
    throw new RangeError(`centre must be a whole or half class position, got ${centre}`);
  }
  // A symmetric palette wide enough for the longer side, then the classes' part of it.
  const halfWidth = Math.max(centre, classCount - 1 - centre, 0);
  const paletteSize = 2 * halfWidth + 1;
  const palette = divergingPalette(paletteSize);
  const start = halfWidth - centre;
  return palette.slice(start, start + classCount);
}

function divergingPalette(size: number): string[] {
  if (size === 1) return [schemePuOr[3]![1]!];
  if (size === 2) return [schemePuOr[3]![0]!, schemePuOr[3]![2]!];
  const scheme = schemePuOr[size];
  if (scheme) return [...scheme];
  return Array.from({ length: size }, (_, i) => hex(interpolatePuOr(i / (size - 1))));
}

function hex(colour: string): string {
  if (colour.startsWith('#')) return colour;
  const channels = colour.match(/\d+/g)?.slice(0, 3).map(Number) ?? [0, 0, 0];
  return `#${channels.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function distinctValues(sorted: readonly number[]): number[] {
  return sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]);
}

function withCounts(
  method: ClassificationMethod,
  breaks: number[],
  sorted: readonly number[],
  centre: number | null,
): Classification {
  const bounds = [...breaks];
  const counts = new Array<number>(Math.max(bounds.length - 1, 0)).fill(0);
  if (counts.length > 0) for (const value of sorted) counts[classIndex(bounds, value)]!++;
  return {
    method,
    breaks: bounds,
    counts,
    centre,
    classOf: (value) => classIndex(bounds, value),
  };
}

/**
 * [min, inner bounds, max]: inner bounds ascending and distinct, strictly between min and max,
 * except that the first may equal min (the minimum alone as the first class).
 */
function boundedBreaks(min: number, inner: readonly number[], max: number): number[] {
  const breaks = [min];
  for (const bound of [...inner].sort((a, b) => a - b)) {
    const last = breaks[breaks.length - 1]!;
    const minimumAlone = breaks.length === 1 && bound === min;
    if ((bound > last || minimumAlone) && bound < max) breaks.push(bound);
  }
  breaks.push(max);
  return breaks;
}

function equalIntervalBreaks(min: number, max: number, classes: number): number[] {
  const width = (max - min) / classes;
  return boundedBreaks(
    min,
    Array.from({ length: classes - 1 }, (_, i) => min + width * (i + 1)),
    max,
  );
}

function quantileBreaks(sorted: readonly number[], classes: number): number[] {
  const inner = Array.from({ length: classes - 1 }, (_, i) => quantileSorted(sorted as number[], (i + 1) / classes)!);
  return boundedBreaks(sorted[0]!, inner, sorted[sorted.length - 1]!);
}

function naturalBreaks(sorted: readonly number[], classes: number): number[] {
  // Each class ends at its largest value.
  const inner = ckmeans(sorted, classes)
    .slice(0, -1)
    .map((cluster) => cluster[cluster.length - 1]!);
  return boundedBreaks(sorted[0]!, inner, sorted[sorted.length - 1]!);
}

/** Removes inner bounds that close a class holding no value (the next class takes its range). */
function mergeEmptyClasses(breaks: number[], sorted: readonly number[]): number[] {
  const counts = new Array<number>(breaks.length - 1).fill(0);
  for (const value of sorted) counts[classIndex(breaks, value)]!++;
  // The first class holds the minimum and the last the maximum, so only inner classes can be
  // empty; dropping the bound that closes an empty class i merges it into class i + 1.
  return breaks.filter((_, index) => index === 0 || index === breaks.length - 1 || counts[index - 1]! > 0);
}

function standardDeviationBreaks(
  sorted: readonly number[],
  classCount: number,
  step: number,
): { breaks: number[]; centre: number } {
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const width = standardDeviation(sorted) * step;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  // Inner bound i (1 … classCount - 1) of the symmetric layout: mean + (i - classCount / 2) · width.
  const layout = Array.from({ length: classCount - 1 }, (_, i) => mean + (i + 1 - classCount / 2) * width);
  const kept = layout.filter((bound) => bound > min && bound < max);
  // Layout classes below the minimum's class are dropped; the mean sits in the middle of the layout.
  const droppedBelow = layout.filter((bound) => bound <= min).length;
  return { breaks: [min, ...kept, max], centre: (classCount - 1) / 2 - droppedBelow };
}

function manualBreaks(sorted: readonly number[], userBreaks: readonly number[]): number[] {
  const bounds = [...new Set(userBreaks.filter(isFiniteNumber))].sort((a, b) => a - b);
  if (sorted.length > 0) {
    const min = sorted[0]!;
    const max = sorted[sorted.length - 1]!;
    if (bounds.length === 0 || min < bounds[0]!) bounds.unshift(min);
    if (max > bounds[bounds.length - 1]!) bounds.push(max);
  }
  if (bounds.length === 1) bounds.push(bounds[0]!);
  return bounds;
}

/**
 * Class bounds as a user types them, separated by `;` or spaces: with `decimalComma` (German)
 * "10; 20,5; 1.000" → [10, 20.5, 1000], else "10; 20.5; 1,000" → the same. Sorted, duplicates
 * and what is not a number left out.
 */
export function parseBreaks(text: string, decimalComma: boolean): number[] {
  const values = text
    .split(/[;\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => Number(decimalComma ? part.replace(/\./g, '').replace(',', '.') : part.replace(/,/g, '')));
  return [...new Set(values.filter(Number.isFinite))].sort((a, b) => a - b);
}
