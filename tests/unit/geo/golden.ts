/**
 * Golden fixtures, Turf style: a test reads `tests/fixtures/geo/in/<name>.geojson`, computes,
 * and compares with `tests/fixtures/geo/out/<name>.geojson`. `UPDATE_GOLDEN=1` (or a missing
 * file) writes the output instead. Numbers are rounded to 9 decimals (≈ 0.1 mm) before writing
 * and comparing, so last-bit noise does not fail a test.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';

export const FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures', 'geo');

export function readInput(name: string): FeatureCollection {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'in', `${name}.geojson`), 'utf8')) as FeatureCollection;
}

function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'number' ? Math.round(entry * 1e9) / 1e9 : entry)));
}

export function expectGolden(name: string, actual: FeatureCollection | Feature): void {
  const file = join(FIXTURES_DIR, 'out', `${name}.geojson`);
  const normalised = rounded(actual);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, `${JSON.stringify(normalised, null, 1)}\n`);
    return;
  }
  expect(normalised).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
