import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { area, difference, feature, featureCollection } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { AreaGeometry, ProjectSnapshot } from '../../../src/domain/types';
import { polyclipUnion } from '../../../src/geo/boolean-ops';
import { dissolveGroups } from '../../../src/geo/coverage-dissolve';
import { findSelfIntersections } from '../../../src/geo/topology/self-intersections';
import { squaredDistanceToSegment } from '../../../src/geo/planar';
import { assignUnitsToPieces, splitArea, type SplitResult } from '../../../src/geo/split';
import { validateCoverage } from '../../../src/geo/topology/validate';
import { syntheticCoverage } from '../../bench/node/synthetic-coverage';
import { seededRandom } from '../../bench/seeded';
import { deepFreeze, square } from '../helpers';
import { expectGolden, readInput } from './golden';

interface SplitFixture {
  area: AreaGeometry;
  line: Position[];
}

function readSplitFixture(name: string): SplitFixture {
  const collection = readInput(name);
  const areaFeature = collection.features.find((entry) => entry.properties?.role === 'area')!;
  const lineFeature = collection.features.find((entry) => entry.properties?.role === 'line')!;
  return deepFreeze({ area: areaFeature.geometry as AreaGeometry, line: (lineFeature.geometry as { coordinates: Position[] }).coordinates });
}

function piecesOf(result: SplitResult): AreaGeometry[] {
  if (!result.ok) throw new Error(`split failed: ${result.reason}`);
  return result.pieces;
}

/** Splits a fixture, checks purity, writes/compares the golden output and returns the pieces. */
function splitFixture(name: string): { input: SplitFixture; pieces: AreaGeometry[] } {
  const input = readSplitFixture(name);
  const before = structuredClone(input);
  const pieces = piecesOf(splitArea(input.area, input.line));
  expect(input).toEqual(before);
  expectGolden(
    name,
    featureCollection(pieces.map((piece, index) => feature(piece, { index, areaSquareMeters: Math.round(area(piece) * 100) / 100 }))),
  );
  return { input, pieces };
}

/**
 * Planar area in square degrees (shoelace relative to a nearby origin, so that the sum is
 * exact to ~1e-14 relative). Unlike turf's `area` it is additive: splitting an edge at a
 * point on it does not change it.
 */
function planarArea(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const [ox, oy] = polygons[0]![0]![0]! as [number, number];
  let sum = 0;
  for (const rings of polygons) {
    rings.forEach((ring, index) => {
      let twice = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        twice += (ring[k]![0]! - ox) * (ring[k + 1]![1]! - oy) - (ring[k + 1]![0]! - ox) * (ring[k]![1]! - oy);
      }
      sum += (index === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return sum;
}

function symmetricDifference(a: AreaGeometry, b: AreaGeometry): number {
  const aMinusB = difference(featureCollection([feature(a), feature(b)]));
  const bMinusA = difference(featureCollection([feature(b), feature(a)]));
  return (aMinusB ? planarArea(aMinusB.geometry) : 0) + (bMinusA ? planarArea(bMinusA.geometry) : 0);
}

/** The pieces tile the original: no overlap (areas add up) and their union is the original. */
function expectPiecesTile(original: AreaGeometry, pieces: readonly AreaGeometry[]): void {
  const originalArea = planarArea(original);
  const sum = pieces.reduce((total, piece) => total + planarArea(piece), 0);
  expect(Math.abs(sum - originalArea) / originalArea).toBeLessThan(1e-12);
  expect(symmetricDifference(polyclipUnion(pieces)!, original) / originalArea).toBeLessThan(1e-9);
}

function expectSortedByArea(pieces: readonly AreaGeometry[]): void {
  for (let index = 1; index < pieces.length; index++) expect(area(pieces[index - 1]!)).toBeGreaterThanOrEqual(area(pieces[index]!));
}

function ringsOf(geometry: AreaGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function signedAreaTwice(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0; index + 1 < ring.length; index++) sum += ring[index]![0]! * ring[index + 1]![1]! - ring[index + 1]![0]! * ring[index]![1]!;
  return sum;
}

function holeCount(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((sum, rings) => sum + rings.length - 1, 0);
}

/** Piece vertices that are not original vertices but lie (within 1e-9°) on an original edge. */
function newBoundaryVertices(original: AreaGeometry, pieces: readonly AreaGeometry[]): { position: Position; distanceSquared: number }[] {
  const originalRings = ringsOf(original);
  const keys = new Set(originalRings.flat().map((position) => `${position[0]},${position[1]}`));
  const out: { position: Position; distanceSquared: number }[] = [];
  for (const piece of pieces) {
    for (const position of ringsOf(piece).flat()) {
      if (keys.has(`${position[0]},${position[1]}`)) continue;
      let best = Infinity;
      for (const ring of originalRings) {
        for (let index = 0; index + 1 < ring.length; index++) {
          const [ax, ay] = ring[index]!;
          const [bx, by] = ring[index + 1]!;
          best = Math.min(best, squaredDistanceToSegment(position[0]!, position[1]!, ax!, ay!, bx!, by!));
        }
      }
      if (best < 1e-18) out.push({ position, distanceSquared: best });
    }
  }
  return out;
}

describe('splitArea', () => {
  it('splits a square crossed once into two pieces, largest first', () => {
    const { input, pieces } = splitFixture('split-square');
    expect(pieces).toHaveLength(2);
    expect(pieces.every((piece) => piece.type === 'Polygon')).toBe(true);
    expectSortedByArea(pieces);
    expectPiecesTile(input.area, pieces);
  });

  it('cuts a U-shape crossed four times into three pieces', () => {
    const { input, pieces } = splitFixture('split-u-shape');
    expect(pieces).toHaveLength(3);
    expectSortedByArea(pieces);
    expectPiecesTile(input.area, pieces);
  });

  it('keeps a hole in the piece that contains it', () => {
    const { input, pieces } = splitFixture('split-hole-kept');
    expect(pieces).toHaveLength(2);
    expect(pieces.map(holeCount)).toEqual([1, 0]);
    // The hole lies in the northern part: the piece with the hole reaches north of it.
    const withHole = pieces[0] as Polygon;
    expect(Math.max(...withHole.coordinates[0]!.map((position) => position[1]!))).toBeCloseTo(51.03, 9);
    expectPiecesTile(input.area, pieces);
  });

  it('cuts a hole open when the line passes through it', () => {
    const { input, pieces } = splitFixture('split-through-hole');
    expect(pieces).toHaveLength(2);
    expect(pieces.map(holeCount)).toEqual([0, 0]);
    expectPiecesTile(input.area, pieces);
  });

  it('cuts only the crossed part of a MultiPolygon; the exclave stays with the first piece', () => {
    const { input, pieces } = splitFixture('split-multipolygon-exclave');
    expect(pieces).toHaveLength(2);
    expect(pieces[0]!.type).toBe('MultiPolygon');
    expect(pieces[1]!.type).toBe('Polygon');
    const exclave = (input.area as MultiPolygon).coordinates[1]!;
    expect((pieces[0] as MultiPolygon).coordinates[1]).toEqual(exclave);
    expectPiecesTile(input.area, pieces);
  });

  it('ignores line parts dangling inside and follows the zigzag of the cut', () => {
    const { input, pieces } = splitFixture('split-zigzag-dangling');
    expect(pieces).toHaveLength(2);
    expectPiecesTile(input.area, pieces);
    // The dangling end adds no vertex: the same line without it gives the same pieces.
    const withoutDangle = piecesOf(splitArea(input.area, input.line.slice(0, 5)));
    expect(withoutDangle).toEqual(pieces);
    // The zigzag vertices inside are vertices of both pieces.
    for (const vertex of input.line.slice(1, 4)) {
      for (const piece of pieces) expect(ringsOf(piece)[0]).toContainEqual(vertex);
    }
  });

  it('puts new boundary vertices on the original edges, so an unchanged neighbour still fits', () => {
    const collection = readInput('split-neighbours');
    const spaces = deepFreeze(
      collection.features
        .filter((entry) => entry.properties?.role === 'space')
        .map((entry) => ({ id: String(entry.properties!.id), geometry: entry.geometry as AreaGeometry })),
    );
    const line = (collection.features.find((entry) => entry.properties?.role === 'line')!.geometry as { coordinates: Position[] }).coordinates;
    const [a, b] = spaces as [(typeof spaces)[0], (typeof spaces)[0]];
    const pieces = piecesOf(splitArea(a.geometry, line));
    expect(pieces).toHaveLength(2);
    expectGolden('split-neighbours', featureCollection(pieces.map((piece, index) => feature(piece, { index }))));
    // Two new vertices: on the south edge and on the border shared with b.
    const added = newBoundaryVertices(a.geometry, pieces);
    expect(new Set(added.map(({ position }) => `${position[0]},${position[1]}`)).size).toBe(2);
    for (const { distanceSquared } of added) expect(distanceSquared).toBeLessThan(1e-28);
    const problems = validateCoverage({
      spaces: [...pieces.map((piece, index) => ({ id: `a${index}`, geometry: piece })), b],
      outline: null,
    });
    expect(problems).toEqual([]);
    const withOutline = validateCoverage({
      spaces: [...pieces.map((piece, index) => ({ id: `a${index}`, geometry: piece })), b],
      outline: polyclipUnion([a.geometry, b.geometry]),
    });
    expect(withOutline).toEqual([]);
  });

  it('returns no-crossing for lines that do not split anything', () => {
    const input = deepFreeze(square(10, 51, 0.02));
    // Ends inside (one crossing only).
    expect(splitArea(input, [[9.99, 51.01], [10.01, 51.01]])).toEqual({ ok: false, reason: 'no-crossing' });
    // Entirely inside.
    expect(splitArea(input, [[10.005, 51.01], [10.015, 51.01]])).toEqual({ ok: false, reason: 'no-crossing' });
    // Entirely outside.
    expect(splitArea(input, [[10.1, 51.01], [10.2, 51.01]])).toEqual({ ok: false, reason: 'no-crossing' });
    // Along the boundary.
    expect(splitArea(input, [[9.99, 51], [10.03, 51]])).toEqual({ ok: false, reason: 'no-crossing' });
    // Touching a corner from outside.
    expect(splitArea(input, [[9.99, 51.01], [10, 51], [9.99, 50.99]])).toEqual({ ok: false, reason: 'no-crossing' });
  });

  it('keeps a hole that touches the outer ring at one vertex as a hole (no self-touching ring)', () => {
    // Hole touching the west side at (10, 51.02).
    const input: Polygon = deepFreeze({
      type: 'Polygon',
      coordinates: [
        [[10, 51], [10.04, 51], [10.04, 51.04], [10, 51.04], [10, 51.02], [10, 51]],
        [[10, 51.02], [10.01, 51.03], [10.02, 51.02], [10.01, 51.01], [10, 51.02]],
      ],
    });
    const pieces = piecesOf(splitArea(input, [[10.03, 50.99], [10.03, 51.05]]));
    expect(pieces).toHaveLength(2);
    const withHole = pieces[0] as Polygon;
    expect(withHole.coordinates).toHaveLength(2);
    for (const piece of pieces) expect(findSelfIntersections(piece)).toEqual([]);
    expectPiecesTile(input, pieces);
    // Cut through the hole: the part west of the cut falls apart at the touching vertex.
    const three = piecesOf(splitArea(input, [[10.015, 50.99], [10.015, 51.05]]));
    expect(three).toHaveLength(3);
    expectPiecesTile(input, three);
  });

  it('returns no-crossing when the line only joins a hole to the outer ring or two holes', () => {
    const withHoles: Polygon = deepFreeze({
      type: 'Polygon',
      coordinates: [
        square(10, 51, 0.03).coordinates[0]!,
        [...square(10.005, 51.01, 0.005).coordinates[0]!].reverse(),
        [...square(10.02, 51.01, 0.005).coordinates[0]!].reverse(),
      ],
    });
    // From outside into the first hole.
    expect(splitArea(withHoles, [[9.99, 51.0125], [10.0075, 51.0125]])).toEqual({ ok: false, reason: 'no-crossing' });
    // From the first hole to the second.
    expect(splitArea(withHoles, [[10.0075, 51.0125], [10.0225, 51.0125]])).toEqual({ ok: false, reason: 'no-crossing' });
    // Outside → first hole → second hole → outside does split (into north and south).
    const pieces = piecesOf(splitArea(withHoles, [[9.99, 51.0125], [10.04, 51.0125]]));
    expect(pieces).toHaveLength(2);
    expectPiecesTile(withHoles, pieces);
  });

  it('returns invalid-line for fewer than two distinct finite positions', () => {
    const input = deepFreeze(square(10, 51, 0.02));
    expect(splitArea(input, [])).toEqual({ ok: false, reason: 'invalid-line' });
    expect(splitArea(input, [[10.01, 51.01]])).toEqual({ ok: false, reason: 'invalid-line' });
    expect(splitArea(input, [[10.01, 51.01], [10.01, 51.01]])).toEqual({ ok: false, reason: 'invalid-line' });
    expect(splitArea(input, [[Number.NaN, 51], [10.03, 51.01]])).toEqual({ ok: false, reason: 'invalid-line' });
  });

  it('splits along a diagonal from vertex to vertex and through a vertex', () => {
    const input = deepFreeze(square(10, 51, 0.02));
    const diagonal = piecesOf(splitArea(input, [[10, 51], [10.02, 51.02]]));
    expect(diagonal).toHaveLength(2);
    expect(diagonal.map((piece) => ringsOf(piece)[0]!.length)).toEqual([4, 4]);
    expectPiecesTile(input, diagonal);
    const beyond = piecesOf(splitArea(input, [[9.99, 50.99], [10.03, 51.03]]));
    expect(beyond).toEqual(diagonal);
  });

  it('treats a line vertex snapped onto an edge (off by floating-point noise) as on the edge', () => {
    const input = deepFreeze(square(10, 51, 0.02));
    // Ends 1e-12° outside and inside the west and east edges: no crossing beyond the tolerance.
    const pieces = piecesOf(splitArea(input, [[10 + 1e-12, 51.005], [10.02 - 1e-12, 51.015]]));
    expect(pieces).toHaveLength(2);
    const added = newBoundaryVertices(input, pieces);
    expect(added.map(({ position }) => position)).toEqual(expect.arrayContaining([[10, 51.005], [10.02, 51.015]]));
    expectPiecesTile(input, pieces);
  });

  it('cuts out the inside of a closed loop as its own piece, leaving a hole', () => {
    const input = deepFreeze(square(10, 51, 0.04));
    const loop: Position[] = [[9.99, 51.02], [10.01, 51.02], [10.03, 51.03], [10.03, 51.01], [10.01, 51.02], [10.015, 51.025]];
    const pieces = piecesOf(splitArea(input, loop));
    expect(pieces).toHaveLength(2);
    expect(pieces.map(holeCount)).toEqual([1, 0]);
    // The bridge from the west edge to the loop leaves no vertex on the west edge.
    expect((pieces[0] as Polygon).coordinates[0]).toEqual(input.coordinates[0]);
    expectPiecesTile(input, pieces);
  });

  it('splits at the crossing of a self-crossing line', () => {
    const input = deepFreeze(square(10, 51, 0.02));
    // An X drawn in one stroke: in from the south-west, out north-east, back in south-east, out north-west.
    const pieces = piecesOf(splitArea(input, [[9.99, 50.99], [10.03, 51.03], [10.03, 50.99], [9.99, 51.03]]));
    expect(pieces).toHaveLength(4);
    expectPiecesTile(input, pieces);
  });

  it('orients outer rings counter-clockwise and holes clockwise, also for clockwise input', () => {
    const { input } = { input: readSplitFixture('split-hole-kept') };
    const clockwise: Polygon = deepFreeze({
      type: 'Polygon',
      coordinates: (input.area as Polygon).coordinates.map((ring) => [...ring].reverse()),
    });
    const pieces = piecesOf(splitArea(clockwise, input.line));
    for (const piece of pieces) {
      const [outer, ...holes] = (piece as Polygon).coordinates;
      expect(signedAreaTwice(outer!)).toBeGreaterThan(0);
      for (const hole of holes) expect(signedAreaTwice(hole)).toBeLessThan(0);
    }
    expectPiecesTile(clockwise, pieces);
  });

  it('does not alias its inputs', () => {
    const input = readSplitFixture('split-multipolygon-exclave');
    const pieces = piecesOf(splitArea(input.area, input.line));
    const inputPositions = new Set(ringsOf(input.area).flat());
    const inputRings = new Set<unknown>(ringsOf(input.area));
    for (const piece of pieces) {
      for (const ring of ringsOf(piece)) {
        expect(inputRings.has(ring)).toBe(false);
        for (const position of ring) expect(inputPositions.has(position)).toBe(false);
      }
    }
  });

  it('tiles the original with valid pieces for seeded random lines across irregular spaces', () => {
    const coverage = syntheticCoverage(1_500, 15);
    const spaces = deepFreeze([...dissolveGroups(coverage.units, coverage.groups).values()].filter((space): space is AreaGeometry => space !== null));
    const random = seededRandom(5);
    let splits = 0;
    for (let trial = 0; trial < 60; trial++) {
      const space = spaces[trial % spaces.length]!;
      const ring = ringsOf(space)[0]!;
      const xs = ring.map((position) => position[0]!);
      const ys = ring.map((position) => position[1]!);
      const [west, east, south, north] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const line: Position[] = Array.from({ length: 2 + Math.floor(random() * 4) }, () => [
        west - 0.01 + random() * (east - west + 0.02),
        south - 0.01 + random() * (north - south + 0.02),
      ]);
      // Now and then the line starts exactly at a vertex (as when snapped).
      if (random() < 0.3) line[0] = [...ring[Math.floor(random() * (ring.length - 1))]!];
      const result = splitArea(space, line);
      if (!result.ok) {
        expect(result.reason).toBe('no-crossing');
        continue;
      }
      splits++;
      expect(result.pieces.length).toBeGreaterThanOrEqual(2);
      expectPiecesTile(space, result.pieces);
      for (const piece of result.pieces) expect(findSelfIntersections(piece)).toEqual([]);
    }
    expect(splits).toBeGreaterThan(30);
  });

  it('splits a demo space so that the whole demo plan stays free of topology problems', () => {
    const snapshot = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'demo-project.json'), 'utf8')) as ProjectSnapshot;
    const spaces = deepFreeze(snapshot.spaces.map((space) => ({ id: space.id, geometry: space.geometry })));
    const target = spaces[1]!;
    const ring = (target.geometry as Polygon).coordinates[0]!;
    const xs = ring.map((position) => position[0]!);
    const ys = ring.map((position) => position[1]!);
    const middleY = (Math.min(...ys) + Math.max(...ys)) / 2;
    const line: Position[] = [[Math.min(...xs) - 0.01, middleY - 0.003], [(Math.min(...xs) + Math.max(...xs)) / 2, middleY + 0.002], [Math.max(...xs) + 0.01, middleY]];
    const pieces = piecesOf(splitArea(target.geometry, line));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expectPiecesTile(target.geometry, pieces);
    const plan = [...spaces.filter((space) => space.id !== target.id), ...pieces.map((piece, index) => ({ id: `${target.id}-${index}`, geometry: piece }))];
    expect(validateCoverage({ spaces: plan, outline: snapshot.projects[0]!.outline })).toEqual([]);
  });
});

describe('assignUnitsToPieces', () => {
  // A 2×2 block of units, 0.01° each.
  const units = deepFreeze([
    { id: 'sw', geometry: square(10, 51, 0.01) },
    { id: 'se', geometry: square(10.01, 51, 0.01) },
    { id: 'nw', geometry: square(10, 51.01, 0.01) },
    { id: 'ne', geometry: square(10.01, 51.01, 0.01) },
  ]);
  const block = deepFreeze(square(10, 51, 0.02));

  it('gives each unit to the piece that contains its label point', () => {
    const pieces = deepFreeze(piecesOf(splitArea(block, [[10.006, 50.99], [10.007, 51.03]])));
    const before = structuredClone({ pieces, units });
    // The western piece is smaller: the eastern one comes first.
    expect(assignUnitsToPieces(pieces, units)).toEqual([['se', 'ne'], ['sw', 'nw']]);
    expect({ pieces, units }).toEqual(before);
  });

  it('assigns along unit borders when the cut follows them', () => {
    const pieces = deepFreeze(piecesOf(splitArea(block, [[9.99, 51.01], [10.03, 51.01]])));
    // Same size in degrees; the southern half is slightly larger on the ground and comes first.
    expect(assignUnitsToPieces(pieces, units)).toEqual([['sw', 'se'], ['nw', 'ne']]);
  });

  it('falls back to the largest overlap, then to the first piece', () => {
    const unit = deepFreeze({ id: 'u', geometry: square(10, 51, 0.01) });
    // Neither piece contains the unit's centre; the first overlaps it less than the second.
    const pieces = deepFreeze([
      { type: 'Polygon' as const, coordinates: [[[10, 51], [10.001, 51], [10.001, 51.01], [10, 51.01], [10, 51]]] },
      { type: 'Polygon' as const, coordinates: [[[10.001, 51], [10.004, 51], [10.004, 51.01], [10.001, 51.01], [10.001, 51]]] },
    ]);
    const far = deepFreeze({ id: 'far', geometry: square(11, 52, 0.01) });
    expect(assignUnitsToPieces(pieces, [unit, far])).toEqual([['far'], ['u']]);
  });

  it('returns no lists for no pieces', () => {
    expect(assignUnitsToPieces([], units)).toEqual([]);
  });
});
