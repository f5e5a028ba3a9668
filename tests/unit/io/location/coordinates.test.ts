import { describe, expect, it } from 'vitest';
import {
  assessInterpretation,
  convertPoint,
  convertToWgs84,
  guessCoordinates,
  type CoordinateInterpretation,
} from '../../../../src/io/location/coordinates';
import { columnsIn, metresBetween, REGIONS } from './helpers';

const interpretationOf = (guess: ReturnType<typeof guessCoordinates>) =>
  guess.best && { crs: guess.best.crs, order: guess.best.order, zonePrefix: guess.best.zonePrefix };

describe('guessCoordinates', () => {
  it('reads longitude/latitude and latitude/longitude columns', () => {
    const { x, y } = columnsIn('EPSG:4326', REGIONS.munich, 50);
    const lonLat = guessCoordinates(x, y);
    expect(interpretationOf(lonLat)).toEqual({ crs: 'EPSG:4326', order: 'xy', zonePrefix: false });
    expect(lonLat.status).toBe('ok');
    expect(lonLat.confidence).toBe(1);
    expect(lonLat.alternatives).toEqual([]);

    const latLon = guessCoordinates(y, x);
    expect(interpretationOf(latLon)).toEqual({ crs: 'EPSG:4326', order: 'yx', zonePrefix: false });
    expect(latLon.best!.label).toBe('latitude/longitude (WGS 84)');
  });

  it('recognises each projected system from its value range', () => {
    const cases: [string, readonly [number, number, number, number], CoordinateInterpretation['crs']][] = [
      ['EPSG:31467', REGIONS.stuttgart, 'EPSG:31467'],
      ['EPSG:31468', REGIONS.dresden, 'EPSG:31468'],
      ['EPSG:3035', REGIONS.berlin, 'EPSG:3035'],
      ['EPSG:3857', REGIONS.duesseldorf, 'EPSG:3857'],
      ['EPSG:25832', REGIONS.germany, 'EPSG:25832'],
    ];
    for (const [code, region, expected] of cases) {
      const { x, y } = columnsIn(code, region, 200);
      const guess = guessCoordinates(x, y);
      expect(guess.best?.crs, code).toBe(expected);
      expect(guess.best?.order, code).toBe('xy');
      expect(guess.status, code).toBe('ok');
      expect(guess.confidence, code).toBeGreaterThan(0.85);
    }
  });

  it('says UTM 32 or 33 is ambiguous where both put the points in Germany, and resolves it with the expected area', () => {
    // Berlin in UTM 33 has the eastings of the Emsland in UTM 32.
    const { x, y } = columnsIn('EPSG:25833', REGIONS.berlin, 200);
    const blind = guessCoordinates(x, y);
    expect(blind.status).toBe('ambiguous');
    expect(blind.best!.crs).toBe('EPSG:25832');
    expect(blind.alternatives.map((candidate) => candidate.crs)).toContain('EPSG:25833');
    expect(blind.confidence).toBeCloseTo(0.5, 1);
    expect(blind.note).toContain('could as well be EPSG:25833');

    const informed = guessCoordinates(x, y, { expectedBbox: REGIONS.berlin });
    expect(informed.status).toBe('ok');
    expect(interpretationOf(informed)).toEqual({ crs: 'EPSG:25833', order: 'xy', zonePrefix: false });
    expect(informed.confidence).toBeGreaterThan(0.9);
  });

  it('UTM 32 data spread over Germany are not ambiguous (zone 33 would put the west in the sea or abroad)', () => {
    const { x, y } = columnsIn('EPSG:25832', REGIONS.germany, 300);
    const guess = guessCoordinates(x, y);
    expect(guess.best!.crs).toBe('EPSG:25832');
    expect(guess.status).toBe('ok');
  });

  it('detects eastings with the zone number in front', () => {
    const west = columnsIn('EPSG:25832', REGIONS.duesseldorf, 100);
    const guess32 = guessCoordinates(
      west.x.map((value) => value + 32_000_000),
      west.y,
    );
    expect(interpretationOf(guess32)).toEqual({ crs: 'EPSG:25832', order: 'xy', zonePrefix: true });
    expect(guess32.status).toBe('ok');
    expect(guess32.best!.label).toBe('EPSG:25832, zone-prefixed eastings');

    const east = columnsIn('EPSG:25833', REGIONS.berlin, 100);
    const guess33 = guessCoordinates(
      east.x.map((value) => value + 33_000_000),
      east.y,
    );
    expect(interpretationOf(guess33)).toEqual({ crs: 'EPSG:25833', order: 'xy', zonePrefix: true });
    expect(guess33.status).toBe('ok');
  });

  it('detects Hochwert before Rechtswert', () => {
    const { x, y } = columnsIn('EPSG:31467', REGIONS.stuttgart, 100);
    const guess = guessCoordinates(y, x);
    expect(interpretationOf(guess)).toEqual({ crs: 'EPSG:31467', order: 'yx', zonePrefix: false });
    expect(guess.best!.label).toBe('EPSG:31467, northing first');
  });

  it('samples the whole column, skips empty cells and 0/0 placeholders', () => {
    const { x, y } = columnsIn('EPSG:4326', REGIONS.munich, 5000);
    const a = [Number.NaN, 0, ...x];
    const b = [Number.NaN, 0, ...y];
    const guess = guessCoordinates(a, b, { sampleSize: 100 });
    expect(guess.sampled).toBe(100);
    expect(guess.usableRows).toBe(5000);
    expect(guess.best!.crs).toBe('EPSG:4326');
  });

  it('keeps the best guess when a few rows are stray, with a confidence below 1', () => {
    const { x, y } = columnsIn('EPSG:25832', REGIONS.germany, 95);
    x.push(1, 2, 3, 4, 5);
    y.push(1, 2, 3, 4, 5);
    const guess = guessCoordinates(x, y);
    expect(guess.best!.crs).toBe('EPSG:25832');
    expect(guess.best!.fit).toBeCloseTo(0.95, 2);
    expect(guess.confidence).toBeLessThan(0.96);
  });

  it('reports columns without numbers and numbers that fit nothing', () => {
    expect(guessCoordinates([Number.NaN, Number.NaN], [1, Number.NaN])).toMatchObject({ best: null, status: 'no-numbers', confidence: 0 });
    expect(guessCoordinates([], [])).toMatchObject({ status: 'no-numbers' });
    const counts = Array.from({ length: 50 }, (_, index) => index * 3 + 1);
    const guess = guessCoordinates(counts, counts.map((value) => value * 2));
    expect(guess).toMatchObject({ best: null, status: 'no-fit', confidence: 0 });
    expect(guess.note).toContain('choose the system by hand');
  });

  it('measures how well a chosen interpretation fits (for a user override)', () => {
    const { x, y } = columnsIn('EPSG:25833', REGIONS.berlin, 50);
    expect(assessInterpretation(x, y, { crs: 'EPSG:25833', order: 'xy', zonePrefix: false }).fit).toBe(1);
    expect(assessInterpretation(x, y, { crs: 'EPSG:31467', order: 'xy', zonePrefix: false }).fit).toBe(0);
  });

  it('does not change its inputs', () => {
    const { x, y } = columnsIn('EPSG:25832', REGIONS.duesseldorf, 20);
    const a = Object.freeze([...x]);
    const b = Float64Array.from(y);
    const before = Array.from(b);
    guessCoordinates(a, b);
    convertToWgs84(a, b, { crs: 'EPSG:25832', order: 'xy', zonePrefix: false });
    expect(Array.from(b)).toEqual(before);
    expect(a).toEqual(x);
  });
});

describe('convertToWgs84', () => {
  it('converts what it guessed back to the original positions (within 1 cm)', () => {
    for (const code of ['EPSG:25832', 'EPSG:31467', 'EPSG:3035', 'EPSG:3857']) {
      const { x, y, lon, lat } = columnsIn(code, REGIONS.stuttgart, 100, 7);
      const guess = guessCoordinates(x, y, { expectedBbox: REGIONS.stuttgart });
      const result = convertToWgs84(x, y, guess.best!);
      expect(result.located).toBe(100);
      expect(result.doubtful).toEqual([]);
      for (let row = 0; row < 100; row++) {
        expect(metresBetween([result.lon[row]!, result.lat[row]!], [lon[row]!, lat[row]!]), code).toBeLessThan(0.01);
      }
    }
  });

  it('handles zone prefixes row by row and swapped columns', () => {
    const [x, y] = [412_345.6, 5_820_123.4];
    const plain = convertPoint(x, y, { crs: 'EPSG:25833', order: 'xy', zonePrefix: false });
    const prefixed = convertPoint(x + 33_000_000, y, { crs: 'EPSG:25833', order: 'xy', zonePrefix: true });
    const swapped = convertPoint(y, x + 33_000_000, { crs: 'EPSG:25833', order: 'yx', zonePrefix: false });
    expect(metresBetween(prefixed, plain)).toBeLessThan(1e-6);
    expect(metresBetween(swapped, plain)).toBeLessThan(1e-6);
    expect(plain[0]).toBeCloseTo(13.71, 1);
    expect(plain[1]).toBeCloseTo(52.52, 1);
  });

  it('lists every row it cannot place or that lies outside Germany, with the reason', () => {
    const a = [6.78, Number.NaN, 0, 200, 2.35, 6.79];
    const b = [51.22, 51.2, 0, 51.2, 48.86, Number.POSITIVE_INFINITY];
    const result = convertToWgs84(a, b, { crs: 'EPSG:4326', order: 'xy', zonePrefix: false });
    expect(result.located).toBe(2);
    expect(result.counts).toEqual({ missing: 2, zero: 1, 'out-of-range': 1, 'outside-germany': 1 });
    expect(result.doubtful.map((row) => [row.row, row.reason])).toEqual([
      [1, 'missing'],
      [2, 'zero'],
      [3, 'out-of-range'],
      [4, 'outside-germany'],
      [5, 'missing'],
    ]);
    expect(result.doubtful[3]!.detail).toBe('48.8600 N, 2.3500 E lies outside Germany');
    // Paris keeps its position (doubtful, not rejected); the others have none.
    expect([result.lon[4], result.lat[4]]).toEqual([2.35, 48.86]);
    expect(Number.isNaN(result.lon[1]!) && Number.isNaN(result.lon[2]!) && Number.isNaN(result.lon[3]!)).toBe(true);
  });

  it('uses the margin and an expected box when given', () => {
    const a = [5.75, 13.4];
    const b = [50.5, 52.5];
    const interpretation: CoordinateInterpretation = { crs: 'EPSG:4326', order: 'xy', zonePrefix: false };
    expect(convertToWgs84(a, b, interpretation).counts['outside-germany']).toBe(0);
    expect(convertToWgs84(a, b, interpretation, { marginDegrees: 0 }).counts['outside-germany']).toBe(1);
    const berlinOnly = convertToWgs84(a, b, interpretation, { bbox: REGIONS.berlin, marginDegrees: 0 });
    expect(berlinOnly.doubtful.map((row) => [row.row, row.detail])).toEqual([[0, '50.5000 N, 5.7500 E lies outside the expected area']]);
  });

  it('treats columns of different length by the shorter one', () => {
    const result = convertToWgs84([7, 8, 9], [51, 52], { crs: 'EPSG:4326', order: 'xy', zonePrefix: false });
    expect(result.lon.length).toBe(2);
  });
});
