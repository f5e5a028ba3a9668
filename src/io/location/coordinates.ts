/**
 * Locating rows by two numeric columns: what the columns are (longitude/latitude in either
 * order, or projected x/y in one of the German planning systems, with or without the UTM zone
 * written in front of the eastings), guessed from the value ranges with a confidence and the
 * alternatives; and the bulk conversion to WGS84 longitude/latitude, listing every row that
 * cannot be located or lies outside Germany.
 *
 * The guess is only a suggestion: every function that converts takes an explicit
 * `CoordinateInterpretation`, so the user's choice always wins.
 *
 * Pure: no DOM, no proj4 (see `projections.ts`). Inputs are never mutated.
 */
import {
  BESSEL,
  DHDN_TO_WGS84,
  GRS80,
  WGS84,
  inverseLambertAzimuthalEqualArea,
  inverseTransverseMercator,
  inverseWebMercator,
  withHelmertToWgs84,
  type InverseProjection,
} from './projections';

/** The coordinate systems point columns can be read in (the codes of `io/crs-list.ts`). */
export const LOCATION_CRS = [
  'EPSG:4326',
  'EPSG:25832',
  'EPSG:25833',
  'EPSG:31467',
  'EPSG:31468',
  'EPSG:3035',
  'EPSG:3857',
  'EPSG:32632',
  'EPSG:32633',
] as const;
export type LocationCrs = (typeof LOCATION_CRS)[number];

export function isLocationCrs(code: string): code is LocationCrs {
  return (LOCATION_CRS as readonly string[]).includes(code);
}

/** A numeric column: typed array or plain array (NaN for an empty or unreadable cell). */
export type NumberColumn = Float64Array | Float32Array | readonly number[];

/** How two columns `a` and `b` are read. */
export interface CoordinateInterpretation {
  crs: LocationCrs;
  /**
   * `'xy'`: column a holds x (longitude, easting, Rechtswert) and b holds y (latitude,
   * northing, Hochwert); `'yx'`: a holds y and b holds x (e.g. "lat;lon" or "Hochwert;Rechtswert").
   */
  order: 'xy' | 'yx';
  /**
   * UTM eastings carry the zone number in front (32 512 345.6 instead of 512 345.6). Conversion
   * strips a matching zone prefix from any easting of a UTM system, so this flag only records
   * what the data looked like.
   */
  zonePrefix: boolean;
}

/** An interpretation together with how well the data fit it. */
export interface CoordinateCandidate extends CoordinateInterpretation {
  /** Share (0–1) of the sampled rows that land inside Germany under this interpretation. */
  fit: number;
  /** Share (0–1) of the sampled rows inside `expectedBbox`, when one was given. */
  fitExpected: number | null;
  /** Plain-English description, e.g. "EPSG:25832, zone-prefixed eastings, columns y/x". */
  label: string;
}

export type CoordinateGuessStatus = 'ok' | 'ambiguous' | 'no-numbers' | 'no-fit';

export interface CoordinateGuess {
  /** The most likely interpretation; null when no interpretation puts the rows in Germany. */
  best: CoordinateCandidate | null;
  /**
   * 0–1: the best fit, lowered by how close the runner-up comes (a tie halves it):
   * `score × (1 − runnerUp / (2 × score))`, score being `fitExpected` when a bbox was given.
   */
  confidence: number;
  /** Other interpretations that fit at least half as well as the best, best first. */
  alternatives: CoordinateCandidate[];
  status: CoordinateGuessStatus;
  /** Rows looked at (with two finite numbers, not both zero). */
  sampled: number;
  /** Rows of the whole input with two finite numbers, not both zero. */
  usableRows: number;
  note: string;
}

export interface GuessOptions {
  /** Rows to look at, spread evenly over the input (default 1,000). */
  sampleSize?: number;
  /**
   * Where the data should be, [west, south, east, north] in degrees (e.g. the project's
   * district): interpretations that land there rank first. Resolves UTM 32 vs 33, which
   * both fit e.g. Berlin (the same eastings also lie in the Emsland).
   */
  expectedBbox?: readonly [number, number, number, number];
}

/** Germany's extent as used for "doubtful" rows: [west, south, east, north]. */
export const GERMANY_BBOX: readonly [number, number, number, number] = [5.8, 47.0, 15.1, 55.1];

/**
 * Germany, coarsely: per band of latitude the westmost and eastmost longitude with some 20 km
 * to spare. Used to tell interpretations apart, where one bbox would be too generous.
 */
const GERMANY_BANDS: readonly (readonly [south: number, north: number, west: number, east: number])[] = [
  [47.2, 48.0, 7.4, 13.1],
  [48.0, 49.0, 7.4, 14.0],
  [49.0, 50.0, 6.0, 13.9],
  [50.0, 51.5, 5.7, 15.2],
  [51.5, 52.5, 5.8, 14.9],
  [52.5, 53.5, 6.5, 14.7],
  [53.5, 55.2, 6.4, 14.5],
];

export function insideGermanyOutline(lon: number, lat: number): boolean {
  for (const [south, north, west, east] of GERMANY_BANDS) {
    if (lat >= south && lat <= north && lon >= west && lon <= east) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Converters

const inverses = new Map<LocationCrs, InverseProjection>();

function identity(x: number, y: number, out: Float64Array): void {
  out[0] = x;
  out[1] = y;
}

function createInverse(crs: LocationCrs): InverseProjection {
  switch (crs) {
    case 'EPSG:4326':
      return identity;
    case 'EPSG:25832':
      return inverseTransverseMercator(GRS80, 9, 0.9996, 500_000);
    case 'EPSG:25833':
      return inverseTransverseMercator(GRS80, 15, 0.9996, 500_000);
    case 'EPSG:32632':
      return inverseTransverseMercator(WGS84, 9, 0.9996, 500_000);
    case 'EPSG:32633':
      return inverseTransverseMercator(WGS84, 15, 0.9996, 500_000);
    case 'EPSG:31467':
      return withHelmertToWgs84(inverseTransverseMercator(BESSEL, 9, 1, 3_500_000), BESSEL, DHDN_TO_WGS84);
    case 'EPSG:31468':
      return withHelmertToWgs84(inverseTransverseMercator(BESSEL, 12, 1, 4_500_000), BESSEL, DHDN_TO_WGS84);
    case 'EPSG:3035':
      return inverseLambertAzimuthalEqualArea(GRS80, 52, 10, 4_321_000, 3_210_000);
    case 'EPSG:3857':
      return inverseWebMercator();
  }
}

function inverseFor(crs: LocationCrs): InverseProjection {
  let inverse = inverses.get(crs);
  if (!inverse) {
    inverse = createInverse(crs);
    inverses.set(crs, inverse);
  }
  return inverse;
}

function utmZoneOf(crs: LocationCrs): number {
  switch (crs) {
    case 'EPSG:25832':
    case 'EPSG:32632':
      return 32;
    case 'EPSG:25833':
    case 'EPSG:32633':
      return 33;
    default:
      return 0;
  }
}

/**
 * A converter for one interpretation: `(a, b, out)` writes WGS84 longitude/latitude of the
 * values of columns a and b into `out[0]`, `out[1]` (NaN when the values cannot be converted).
 * Latitudes beyond ±90° and longitudes beyond ±180° come out as NaN.
 */
export function createConverter(interpretation: CoordinateInterpretation): (a: number, b: number, out: Float64Array) => void {
  const inverse = inverseFor(interpretation.crs);
  const zone = utmZoneOf(interpretation.crs);
  const prefix = zone * 1_000_000;
  const swap = interpretation.order === 'yx';
  return (a, b, out) => {
    let x = swap ? b : a;
    const y = swap ? a : b;
    if (zone !== 0 && x >= prefix && x < prefix + 1_000_000) x -= prefix;
    inverse(x, y, out);
    if (!(Math.abs(out[1]!) <= 90) || !(Math.abs(out[0]!) <= 180)) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
    }
  };
}

/** Convert one pair; `[NaN, NaN]` when it cannot be converted. */
export function convertPoint(a: number, b: number, interpretation: CoordinateInterpretation): [number, number] {
  const out = new Float64Array(2);
  createConverter(interpretation)(a, b, out);
  return [out[0]!, out[1]!];
}

// ---------------------------------------------------------------------------------------------
// Guessing

/** Interpretations in order of preference: the first of equally good ones wins. */
const CANDIDATES: readonly CoordinateInterpretation[] = (() => {
  const projected: [LocationCrs, boolean][] = [
    ['EPSG:25832', false],
    ['EPSG:25833', false],
    ['EPSG:25832', true],
    ['EPSG:25833', true],
    ['EPSG:31467', false],
    ['EPSG:31468', false],
    ['EPSG:3035', false],
    ['EPSG:3857', false],
  ];
  return [
    { crs: 'EPSG:4326', order: 'xy', zonePrefix: false },
    { crs: 'EPSG:4326', order: 'yx', zonePrefix: false },
    ...projected.map(([crs, zonePrefix]) => ({ crs, order: 'xy' as const, zonePrefix })),
    ...projected.map(([crs, zonePrefix]) => ({ crs, order: 'yx' as const, zonePrefix })),
  ];
})();

/** Cheap plausibility of raw x/y before converting (keeps the guess fast and sane). */
function rawFits(candidate: CoordinateInterpretation, x: number, y: number): boolean {
  switch (candidate.crs) {
    case 'EPSG:4326':
      return Math.abs(x) <= 180 && Math.abs(y) <= 90;
    case 'EPSG:25832':
    case 'EPSG:25833':
    case 'EPSG:32632':
    case 'EPSG:32633': {
      const offset = candidate.zonePrefix ? utmZoneOf(candidate.crs) * 1_000_000 : 0;
      return x - offset > 0 && x - offset < 1_000_000 && y > 4_900_000 && y < 6_300_000;
    }
    case 'EPSG:31467':
      return x > 3_000_000 && x < 4_000_000 && y > 5_000_000 && y < 6_300_000;
    case 'EPSG:31468':
      return x > 4_000_000 && x < 5_000_000 && y > 5_000_000 && y < 6_300_000;
    case 'EPSG:3035':
      return x > 3_800_000 && x < 5_000_000 && y > 2_400_000 && y < 3_800_000;
    case 'EPSG:3857':
      return x > 400_000 && x < 2_000_000 && y > 5_600_000 && y < 7_600_000;
  }
}

export function describeInterpretation(interpretation: CoordinateInterpretation): string {
  const geographic = interpretation.crs === 'EPSG:4326';
  const parts: string[] = [geographic ? (interpretation.order === 'xy' ? 'longitude/latitude (WGS 84)' : 'latitude/longitude (WGS 84)') : interpretation.crs];
  if (interpretation.zonePrefix) parts.push('zone-prefixed eastings');
  if (!geographic && interpretation.order === 'yx') parts.push('northing first');
  return parts.join(', ');
}

interface Sample {
  a: Float64Array;
  b: Float64Array;
  usableRows: number;
}

function usable(a: number, b: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && !(a === 0 && b === 0);
}

function sampleRows(a: NumberColumn, b: NumberColumn, size: number): Sample {
  const length = Math.min(a.length, b.length);
  let usableRows = 0;
  for (let row = 0; row < length; row++) if (usable(a[row]!, b[row]!)) usableRows++;
  const count = Math.min(size, usableRows);
  const sampleA = new Float64Array(count);
  const sampleB = new Float64Array(count);
  if (count === 0) return { a: sampleA, b: sampleB, usableRows };
  // Take every k-th usable row (k fractional), so the whole file is represented.
  const step = usableRows / count;
  let next = 0;
  let taken = 0;
  let seen = 0;
  for (let row = 0; row < length && taken < count; row++) {
    if (!usable(a[row]!, b[row]!)) continue;
    if (seen >= Math.floor(next)) {
      sampleA[taken] = a[row]!;
      sampleB[taken] = b[row]!;
      taken++;
      next += step;
    }
    seen++;
  }
  return { a: sampleA.subarray(0, taken), b: sampleB.subarray(0, taken), usableRows };
}

function insideBbox(lon: number, lat: number, bbox: readonly [number, number, number, number], margin: number): boolean {
  return lon >= bbox[0] - margin && lon <= bbox[2] + margin && lat >= bbox[1] - margin && lat <= bbox[3] + margin;
}

function evaluate(
  candidate: CoordinateInterpretation,
  sample: Sample,
  expectedBbox: GuessOptions['expectedBbox'],
): CoordinateCandidate {
  const convert = createConverter(candidate);
  const out = new Float64Array(2);
  let inside = 0;
  let insideExpected = 0;
  const count = sample.a.length;
  for (let index = 0; index < count; index++) {
    const a = sample.a[index]!;
    const b = sample.b[index]!;
    const [x, y] = candidate.order === 'xy' ? [a, b] : [b, a];
    if (!rawFits(candidate, x, y)) continue;
    convert(a, b, out);
    const lon = out[0]!;
    const lat = out[1]!;
    if (insideGermanyOutline(lon, lat)) inside++;
    if (expectedBbox && insideBbox(lon, lat, expectedBbox, 0.05)) insideExpected++;
  }
  return {
    ...candidate,
    fit: count === 0 ? 0 : inside / count,
    fitExpected: expectedBbox ? (count === 0 ? 0 : insideExpected / count) : null,
    label: describeInterpretation(candidate),
  };
}

function scoreOf(candidate: CoordinateCandidate): number {
  return candidate.fitExpected ?? candidate.fit;
}

/**
 * Guess what two numeric columns hold. Looks at up to `sampleSize` rows spread over the input,
 * tries every interpretation (lon/lat both orders; EPSG:25832/25833 with and without zone
 * prefix, 31467, 31468, 3035, 3857, each with x or y first) and ranks them by the share of
 * rows that land in Germany (or in `expectedBbox`). Ties keep the order above, so UTM 32 wins
 * over 33 when both fit — then `status` is `'ambiguous'` and the other is an alternative.
 */
export function guessCoordinates(a: NumberColumn, b: NumberColumn, options: GuessOptions = {}): CoordinateGuess {
  const sample = sampleRows(a, b, Math.max(1, Math.floor(options.sampleSize ?? 1000)));
  const base = { sampled: sample.a.length, usableRows: sample.usableRows };
  if (sample.a.length === 0) {
    return { best: null, confidence: 0, alternatives: [], status: 'no-numbers', note: 'No row has two numbers to locate it.', ...base };
  }
  const evaluated = CANDIDATES.map((candidate) => evaluate(candidate, sample, options.expectedBbox));
  const ranked = evaluated
    .map((candidate, order) => ({ candidate, order }))
    .sort((left, right) => scoreOf(right.candidate) - scoreOf(left.candidate) || right.candidate.fit - left.candidate.fit || left.order - right.order)
    .map(({ candidate }) => candidate);
  const best = ranked[0]!;
  const bestScore = scoreOf(best);
  if (best.fit === 0) {
    return {
      best: null,
      confidence: 0,
      alternatives: [],
      status: 'no-fit',
      note: 'The numbers fit no supported coordinate system in Germany; choose the system by hand.',
      ...base,
    };
  }
  const runnerUp = ranked[1] ? scoreOf(ranked[1]) : 0;
  const confidence = bestScore === 0 ? 0 : Math.max(0, Math.min(1, bestScore * (1 - runnerUp / (2 * bestScore))));
  const alternatives = ranked.slice(1).filter((candidate) => candidate.fit > 0 && scoreOf(candidate) >= bestScore / 2);
  const ambiguous = runnerUp >= 0.9 * bestScore;
  const share = Math.round(best.fit * 100);
  const note =
    `${best.label}: ${share}% of ${sample.a.length} sampled rows lie in Germany` +
    (ambiguous ? `; could as well be ${alternatives.filter((candidate) => scoreOf(candidate) >= 0.9 * bestScore).map((candidate) => candidate.label).join(' or ')}` : '') +
    '.';
  return { best, confidence, alternatives, status: ambiguous ? 'ambiguous' : 'ok', note, ...base };
}

/** How well the data fit an interpretation the user chose (same measure as the guess). */
export function assessInterpretation(
  a: NumberColumn,
  b: NumberColumn,
  interpretation: CoordinateInterpretation,
  options: GuessOptions = {},
): CoordinateCandidate {
  const sample = sampleRows(a, b, Math.max(1, Math.floor(options.sampleSize ?? 1000)));
  return evaluate(interpretation, sample, options.expectedBbox);
}

// ---------------------------------------------------------------------------------------------
// Bulk conversion

export type CoordinateDoubt = 'missing' | 'zero' | 'out-of-range' | 'outside-germany';

/** A row that could not be located (`lon`/`lat` NaN) or lies outside Germany (kept). */
export interface DoubtfulCoordinate {
  /** 0-based index into the columns. */
  row: number;
  reason: CoordinateDoubt;
  a: number;
  b: number;
  lon: number;
  lat: number;
  /** Plain English, e.g. "51.2 N, 3.1 E lies outside Germany". */
  detail: string;
}

export interface ConvertedCoordinates {
  /** WGS84 longitude per row; NaN where the row could not be located. */
  lon: Float64Array;
  lat: Float64Array;
  /** Rows with a position (including those outside Germany). */
  located: number;
  /** Rows that could not be located, and rows outside Germany, in row order. */
  doubtful: DoubtfulCoordinate[];
  counts: Record<CoordinateDoubt, number>;
}

export interface ConvertOptions {
  /** Degrees added around `GERMANY_BBOX` before a row counts as outside (default 0.1). */
  marginDegrees?: number;
  /** Check against this box instead of Germany. */
  bbox?: readonly [number, number, number, number];
}

function round(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/**
 * Convert two columns to WGS84 longitude/latitude in bulk (1,000,000 rows in a few hundred
 * milliseconds). Rows with an empty/NaN value (`missing`), 0/0 (`zero`, a common placeholder)
 * or values the system cannot hold (`out-of-range`) get NaN; rows outside Germany's bbox plus
 * margin keep their position and are listed as `outside-germany`.
 */
export function convertToWgs84(
  a: NumberColumn,
  b: NumberColumn,
  interpretation: CoordinateInterpretation,
  options: ConvertOptions = {},
): ConvertedCoordinates {
  const length = Math.min(a.length, b.length);
  const lon = new Float64Array(length);
  const lat = new Float64Array(length);
  const doubtful: DoubtfulCoordinate[] = [];
  const counts: Record<CoordinateDoubt, number> = { missing: 0, zero: 0, 'out-of-range': 0, 'outside-germany': 0 };
  const convert = createConverter(interpretation);
  const margin = options.marginDegrees ?? 0.1;
  const box = options.bbox ?? GERMANY_BBOX;
  const west = box[0] - margin;
  const south = box[1] - margin;
  const east = box[2] + margin;
  const north = box[3] + margin;
  const out = new Float64Array(2);
  let located = 0;
  const doubt = (row: number, reason: CoordinateDoubt, valueA: number, valueB: number, detail: string) => {
    counts[reason]++;
    doubtful.push({ row, reason, a: valueA, b: valueB, lon: lon[row]!, lat: lat[row]!, detail });
  };
  for (let row = 0; row < length; row++) {
    const valueA = a[row]!;
    const valueB = b[row]!;
    if (!Number.isFinite(valueA) || !Number.isFinite(valueB)) {
      lon[row] = Number.NaN;
      lat[row] = Number.NaN;
      doubt(row, 'missing', valueA, valueB, 'no coordinate value');
      continue;
    }
    if (valueA === 0 && valueB === 0) {
      lon[row] = Number.NaN;
      lat[row] = Number.NaN;
      doubt(row, 'zero', valueA, valueB, 'coordinates are 0/0 (a placeholder, not a place)');
      continue;
    }
    convert(valueA, valueB, out);
    const x = out[0]!;
    const y = out[1]!;
    lon[row] = x;
    lat[row] = y;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      doubt(row, 'out-of-range', valueA, valueB, `${valueA} / ${valueB} is not a position in ${interpretation.crs}`);
      continue;
    }
    located++;
    if (x < west || x > east || y < south || y > north) {
      doubt(row, 'outside-germany', valueA, valueB, `${round(y, 4)} N, ${round(x, 4)} E lies outside ${options.bbox ? 'the expected area' : 'Germany'}`);
    }
  }
  return { lon, lat, located, doubtful, counts };
}
