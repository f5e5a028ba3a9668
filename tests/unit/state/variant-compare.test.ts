import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../../src/domain/change';
import type { ProjectSnapshot, SocialSpace, Unit } from '../../../src/domain/types';
import { dissolveGroups } from '../../../src/geo/coverage-dissolve';
import { compareInProcess, compareSnapshotVariants, compareVariantsInput, comparisonRows } from '../../../src/state/variant-compare';
import { deepFreeze, square, testProject } from '../helpers';

const SIZE = 0.01;
const units: Unit[] = [0, 1, 2].map((column) => ({
  id: `u${column}`,
  projectId: 'p',
  layerId: 'l',
  key: `${column}`,
  name: `Einheit ${column}`,
  geometry: square(10 + column * SIZE, 51, SIZE),
  population: { age0to6: 1, age6to15: 2, age15to18: 3, age18to21: 4, age21plus: 100 * (column + 1) },
}));

function spaces(variantId: string, groups: Record<string, string[]>): SocialSpace[] {
  const geometries = dissolveGroups(units, new Map(Object.entries(groups)));
  return Object.entries(groups).map(([code, unitIds]) => ({
    id: `${variantId}-${code}`,
    projectId: 'p',
    variantId,
    code,
    name: `Raum ${code}`,
    color: '#0072b2',
    notes: '',
    geometry: geometries.get(code)!,
    unitIds,
  }));
}

function snapshot(): ProjectSnapshot {
  const result = emptySnapshot();
  result.projects = [testProject('p')];
  result.variants = [
    { id: 'v1', projectId: 'p', name: 'Ist' },
    { id: 'v2', projectId: 'p', name: 'Vorschlag B' },
  ];
  result.units = units;
  result.spaces = [...spaces('v1', { 'SR 01': ['u0', 'u1'], 'SR 02': ['u2'] }), ...spaces('v2', { 'SR 01': ['u0'], 'SR 02': ['u1', 'u2'] })];
  return deepFreeze(result);
}

describe('comparing the variants of a project', () => {
  it('sends geometry only for the units that move', () => {
    const project = snapshot();
    const input = compareVariantsInput(
      project.spaces.filter((space) => space.variantId === 'v1'),
      project.spaces.filter((space) => space.variantId === 'v2'),
      project.units,
    );
    expect(input.units.map((unit) => [unit.id, unit.geometry !== undefined])).toEqual([
      ['u0', false],
      ['u1', true],
      ['u2', false],
    ]);
  });

  it('compares two variants of a snapshot and turns the result into table rows', async () => {
    const comparison = await compareSnapshotVariants(snapshot(), 'v1', 'v2', compareInProcess);
    const rows = comparisonRows(comparison, (id) => units.find((unit) => unit.id === id)?.geometry);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect([row!.from?.code, row!.to?.code, row!.unitCount, row!.population]).toEqual(['SR 01', 'SR 02', 1, 210]);
    expect(row!.areaSquareMeters).toBeGreaterThan(700_000);
    expect(row!.bbox![0]).toBeCloseTo(10.01, 9);
    expect(row!.bbox![2]).toBeCloseTo(10.02, 9);
  });

  it('adds rows for areas that no unit flow explains (drawn spaces)', async () => {
    const project = structuredClone(snapshot());
    // Drawn spaces: same geometry as before, but no unit lists.
    project.spaces = project.spaces.map((space) => ({ ...space, unitIds: [] }));
    const comparison = await compareSnapshotVariants(project, 'v1', 'v2', compareInProcess);
    const rows = comparisonRows(comparison, () => undefined);
    expect(rows.map((row) => [row.from?.code, row.to?.code, row.unitCount, row.population])).toEqual([['SR 01', 'SR 02', null, null]]);
    expect(rows[0]!.areaSquareMeters).toBeCloseTo(comparison.movedAreas[0]!.areaSquareMeters, 6);
  });

  it('rejects unknown variants', async () => {
    await expect(compareSnapshotVariants(snapshot(), 'v1', 'nope', compareInProcess)).rejects.toThrow('Unknown variant nope');
  });
});
