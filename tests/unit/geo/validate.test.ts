import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureCollection, feature } from '@turf/turf';
import type { ProjectSnapshot } from '../../../src/domain/types';
import { validateCoverage, type TopologyProblem } from '../../../src/geo/topology/validate';
import { deepFreeze, square } from '../helpers';
import { expectGolden } from './golden';
import { readSpacesFixture } from './topology-fixtures';

function validateFixture(name: string): TopologyProblem[] {
  const input = readSpacesFixture(name);
  const before = structuredClone(input);
  const problems = validateCoverage(input);
  expect(input).toEqual(before);
  expectGolden(
    name,
    featureCollection(
      problems.map((problem) =>
        feature(problem.geometry, {
          kind: problem.kind,
          spaceIds: problem.spaceIds,
          areaSquareMeters: Math.round(problem.areaSquareMeters * 100) / 100,
          center: problem.center,
          fixable: problem.fixable,
        }),
      ),
    ),
  );
  return problems;
}

describe('validateCoverage', () => {
  it('finds a planted gap and names the spaces around it', () => {
    const problems = validateFixture('validate-planted-gap');
    expect(problems.map((problem) => problem.kind)).toEqual(['gap']);
    expect(problems[0]!.spaceIds.sort()).toEqual(['s1', 's2', 's3']);
    expect(problems[0]!.areaSquareMeters).toBeGreaterThan(30_000);
    expect(problems[0]!.fixable).toBe(true);
  });

  it('finds a planted overlap between two spaces', () => {
    const problems = validateFixture('validate-planted-overlap');
    expect(problems.map((problem) => problem.kind)).toEqual(['overlap']);
    expect(problems[0]!.spaceIds).toEqual(['s1', 's2']);
    // 0.2 × 0.01° × 0.01° at latitude 51 ≈ 0.2 × 778 000 m².
    expect(problems[0]!.areaSquareMeters).toBeGreaterThan(150_000);
    expect(problems[0]!.areaSquareMeters).toBeLessThan(160_000);
  });

  it('finds the self-intersection of a bow-tie at its crossing point', () => {
    const problems = validateFixture('validate-bow-tie');
    const selfIntersection = problems.find((problem) => problem.kind === 'self-intersection')!;
    expect(selfIntersection.spaceIds).toEqual(['bow']);
    expect(selfIntersection.geometry.type).toBe('Point');
    expect(selfIntersection.center[0]).toBeCloseTo(10.005, 9);
    expect(selfIntersection.center[1]).toBeCloseTo(51.005, 9);
    expect(selfIntersection.areaSquareMeters).toBe(0);
  });

  it('finds a sliver part and offers to move it to a neighbour', () => {
    const problems = validateFixture('validate-sliver');
    const slivers = problems.filter((problem) => problem.kind === 'sliver');
    expect(slivers).toHaveLength(1);
    expect(slivers[0]!.spaceIds).toEqual(['with-sliver']);
    expect(slivers[0]!.areaSquareMeters).toBeLessThan(100);
    expect(slivers[0]!.fixable).toBe(true);
    expect(problems.filter((problem) => problem.kind !== 'sliver')).toEqual([]);
  });

  it('finds the part of a space outside the outline', () => {
    const problems = validateFixture('validate-outside');
    expect(problems.map((problem) => problem.kind)).toEqual(['outside']);
    expect(problems[0]!.spaceIds).toEqual(['sticks-out']);
    expect(problems[0]!.fixable).toBe(true);
  });

  it('respects the sliver threshold', () => {
    const input = readSpacesFixture('validate-sliver');
    expect(validateCoverage({ ...input, sliverAreaSquareMeters: 10 })).toEqual([]);
  });

  it('reports holes in the union as gaps when there is no outline', () => {
    const ring = deepFreeze(
      [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => ({ id: `c${i}${j}`, geometry: square(10 + i * 0.01, 51 + j * 0.01, 0.01) }))).filter((space) => space.id !== 'c11'),
    );
    const problems = validateCoverage({ spaces: ring, outline: null });
    expect(problems.map((problem) => problem.kind)).toEqual(['gap']);
    expect(problems[0]!.spaceIds.sort()).toEqual(['c01', 'c10', 'c12', 'c21']);
  });

  it('finds no problem in the demo project', () => {
    const snapshot = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'demo-project.json'), 'utf8')) as ProjectSnapshot;
    const spaces = deepFreeze(snapshot.spaces.map((space) => ({ id: space.id, geometry: space.geometry })));
    expect(spaces).toHaveLength(8);
    expect(validateCoverage({ spaces, outline: snapshot.projects[0]!.outline })).toEqual([]);
  });
});
