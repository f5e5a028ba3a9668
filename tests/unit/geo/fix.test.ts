import { describe, expect, it } from 'vitest';
import { area, featureCollection, feature } from '@turf/turf';
import type { AreaGeometry } from '../../../src/domain/types';
import { clipToOutline, fixGapByNeighbour, fixOverlapByCutting, fixSliverByNeighbour, repairSelfIntersection } from '../../../src/geo/topology/fix';
import { findSelfIntersections } from '../../../src/geo/topology/self-intersections';
import { validateCoverage } from '../../../src/geo/topology/validate';
import { deepFreeze } from '../helpers';
import { expectGolden } from './golden';
import { readSpacesFixture } from './topology-fixtures';

function goldenOfChanges(name: string, changes: Map<string, AreaGeometry>): void {
  expectGolden(name, featureCollection([...changes].sort(([a], [b]) => a.localeCompare(b)).map(([id, geometry]) => feature(geometry, { id }))));
}

function applied(spaces: readonly { id: string; geometry: AreaGeometry }[], changes: Map<string, AreaGeometry>) {
  return spaces.map((space) => ({ id: space.id, geometry: changes.get(space.id) ?? space.geometry }));
}

describe('fixGapByNeighbour', () => {
  it('merges the gap into the space with the longest shared border, leaving no problem', () => {
    const input = readSpacesFixture('validate-planted-gap');
    const before = structuredClone(input);
    const [gap] = validateCoverage(input);
    const changes = fixGapByNeighbour(gap!, input.spaces);
    expect(input).toEqual(before);
    expect([...changes.keys()]).toEqual(['s3']);
    goldenOfChanges('fix-gap-by-neighbour', changes);
    expect(validateCoverage({ ...input, spaces: applied(input.spaces, changes) })).toEqual([]);
  });

  it('changes nothing when no space touches the gap', () => {
    const island = deepFreeze({ type: 'Polygon' as const, coordinates: [[[11, 52], [11.01, 52], [11.01, 52.01], [11, 52]]] });
    expect(fixGapByNeighbour(island, readSpacesFixture('validate-planted-gap').spaces).size).toBe(0);
  });
});

describe('fixOverlapByCutting', () => {
  it('cuts the overlap out of the other space', () => {
    const input = readSpacesFixture('validate-planted-overlap');
    const [overlap] = validateCoverage(input);
    const changes = fixOverlapByCutting(overlap!, input.spaces, 's1');
    expect([...changes.keys()]).toEqual(['s2']);
    goldenOfChanges('fix-overlap-by-cutting', changes);
    const s2Before = input.spaces.find((space) => space.id === 's2')!.geometry;
    expect(area(changes.get('s2')!)).toBeCloseTo(area(s2Before) - overlap!.areaSquareMeters, 0);
    expect(validateCoverage({ ...input, spaces: applied(input.spaces, changes) })).toEqual([]);
  });

  it('refuses a space that is not part of the overlap', () => {
    const input = readSpacesFixture('validate-planted-overlap');
    const [overlap] = validateCoverage(input);
    expect(() => fixOverlapByCutting(overlap!, input.spaces, 'nope')).toThrow();
  });
});

describe('repairSelfIntersection', () => {
  it('turns a bow-tie into its two triangles and keeps their area', () => {
    const bow = readSpacesFixture('validate-bow-tie').spaces.find((space) => space.id === 'bow')!.geometry;
    const repair = repairSelfIntersection(bow);
    expect(repair.geometry!.type).toBe('MultiPolygon');
    expect(findSelfIntersections(repair.geometry!)).toEqual([]);
    expect(repair.areaChangedMoreThanOnePercent).toBe(false);
    expect(repair.areaAfterSquareMeters).toBeGreaterThan(380_000);
    goldenOfChanges('repair-self-intersection-bow-tie', new Map([['bow', repair.geometry!]]));
  });

  it('reports a repair that changes the area by more than 1 %', () => {
    // The ring runs around a square and then loops over part of it again: that part was counted twice.
    const looped = deepFreeze({
      type: 'Polygon' as const,
      coordinates: [[[10, 51], [10.04, 51], [10.04, 51.04], [10.01, 51.04], [10.01, 51.01], [10.03, 51.01], [10.03, 51.03], [10, 51.03], [10, 51]]],
    });
    const repair = repairSelfIntersection(looped);
    expect(findSelfIntersections(looped).length).toBeGreaterThan(0);
    expect(repair.areaChangedMoreThanOnePercent).toBe(true);
  });
});

describe('clipToOutline', () => {
  it('cuts off the part outside the outline', () => {
    const input = readSpacesFixture('validate-outside');
    const space = input.spaces.find((candidate) => candidate.id === 'sticks-out')!;
    const changes = clipToOutline(space, input.outline!);
    goldenOfChanges('clip-to-outline', changes);
    expect(validateCoverage({ ...input, spaces: applied(input.spaces, changes) })).toEqual([]);
  });
});

describe('fixSliverByNeighbour', () => {
  it('moves a sliver part to the neighbour with the longest shared border', () => {
    const input = readSpacesFixture('validate-sliver');
    const [sliver] = validateCoverage(input);
    const changes = fixSliverByNeighbour(sliver!, input.spaces);
    expect([...changes.keys()].sort()).toEqual(['east', 'with-sliver']);
    goldenOfChanges('fix-sliver-by-neighbour', changes);
    expect(changes.get('with-sliver')!.type).toBe('Polygon');
    expect(validateCoverage({ ...input, spaces: applied(input.spaces, changes) })).toEqual([]);
  });
});
