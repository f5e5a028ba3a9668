/**
 * Checking, repairing and reprojecting the geometry of one imported feature.
 *
 * In source coordinates: coordinates must be finite numbers (else the feature is dropped),
 * duplicate consecutive vertices are removed, unclosed rings are closed, rings with fewer than
 * 4 positions and lines with fewer than 2 are dropped. Then every position is reprojected to
 * WGS84 and rounded to 7 decimals (≈ 1 cm), and rings are rewound to RFC 7946 (exterior
 * counter-clockwise, holes clockwise). GeometryCollections and MultiPoints are split into
 * parts. Every change or drop is reported as an ImportProblem; the input is never mutated.
 */
import type { LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { problem, type ImportProblem } from './import-problems';

export type ImportGeometry = Polygon | MultiPolygon | Point | LineString | MultiLineString;

export type PositionTransform = (position: Position) => Position;

const PRECISION = 1e7;

export function roundCoordinate(value: number): number {
  return Math.round(value * PRECISION) / PRECISION;
}

class NotFinite extends Error {}

interface Counters {
  duplicates: number;
  unclosed: number;
  shortRings: number;
  shortLines: number;
}

function readPosition(value: unknown): Position {
  if (!Array.isArray(value) || value.length < 2) throw new NotFinite();
  const x = value[0];
  const y = value[1];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new NotFinite();
  }
  return [x, y];
}

function readPositions(value: unknown): Position[] {
  if (!Array.isArray(value)) throw new TypeError('coordinates are not an array');
  return value.map(readPosition);
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function withoutConsecutiveDuplicates(positions: Position[]): { positions: Position[]; removed: number } {
  const out: Position[] = [];
  for (const position of positions) {
    const last = out[out.length - 1];
    if (!last || !samePosition(last, position)) out.push(position);
  }
  return { positions: out, removed: positions.length - out.length };
}

function project(positions: Position[], transform: PositionTransform): Position[] {
  const out: Position[] = [];
  for (const position of positions) {
    const projected = transform(position);
    const lon = roundCoordinate(projected[0]!);
    const lat = roundCoordinate(projected[1]!);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      throw new OutOfRange();
    }
    const last = out[out.length - 1];
    if (!last || last[0] !== lon || last[1] !== lat) out.push([lon, lat]);
  }
  return out;
}

class OutOfRange extends Error {}

/** Ring in source coordinates → cleaned WGS84 ring, or null when too short. */
function cleanRing(value: unknown, transform: PositionTransform, counters: Counters): Position[] | null {
  const deduplicated = withoutConsecutiveDuplicates(readPositions(value));
  counters.duplicates += deduplicated.removed;
  const ring = deduplicated.positions;
  if (ring.length > 1 && !samePosition(ring[0]!, ring[ring.length - 1]!)) {
    ring.push(ring[0]!);
    counters.unclosed++;
  } else if (ring.length === 1) {
    ring.push(ring[0]!);
  }
  if (ring.length < 4) {
    counters.shortRings++;
    return null;
  }
  const projected = project(ring, transform);
  // Rounding can merge vertices (also first and last): keep the ring closed.
  if (projected.length > 1 && !samePosition(projected[0]!, projected[projected.length - 1]!)) projected.push(projected[0]!);
  if (projected.length < 4) {
    counters.shortRings++;
    return null;
  }
  return projected;
}

function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += (ring[previous]![0]! - ring[index]![0]!) * (ring[previous]![1]! + ring[index]![1]!);
  }
  return sum / 2;
}

function rewound(ring: Position[], exterior: boolean): Position[] {
  const counterClockwise = signedArea(ring) > 0;
  return counterClockwise === exterior ? ring : ring.slice().reverse();
}

function cleanPolygon(value: unknown, transform: PositionTransform, counters: Counters): Position[][] | null {
  if (!Array.isArray(value)) throw new TypeError('polygon is not an array of rings');
  if (value.length === 0) return null;
  const exterior = cleanRing(value[0], transform, counters);
  if (!exterior) {
    // Holes go with their exterior; validate them so NaN still drops the feature.
    for (const hole of value.slice(1)) readPositions(hole);
    return null;
  }
  const rings = [rewound(exterior, true)];
  for (const hole of value.slice(1)) {
    const cleaned = cleanRing(hole, transform, counters);
    if (cleaned) rings.push(rewound(cleaned, false));
  }
  return rings;
}

function cleanLine(value: unknown, transform: PositionTransform, counters: Counters): Position[] | null {
  const deduplicated = withoutConsecutiveDuplicates(readPositions(value));
  counters.duplicates += deduplicated.removed;
  if (deduplicated.positions.length < 2) {
    counters.shortLines++;
    return null;
  }
  const projected = project(deduplicated.positions, transform);
  if (projected.length < 2) {
    counters.shortLines++;
    return null;
  }
  return projected;
}

interface RawGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

function isRawGeometry(value: unknown): value is RawGeometry {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Flatten GeometryCollections (nested too) into their parts. */
function flatten(geometry: RawGeometry, out: RawGeometry[]): void {
  if (geometry.type === 'GeometryCollection') {
    if (!Array.isArray(geometry.geometries)) throw new TypeError('GeometryCollection without geometries');
    for (const part of geometry.geometries) {
      if (isRawGeometry(part)) flatten(part, out);
    }
  } else {
    out.push(geometry);
  }
}

function isEmptyCoordinates(value: unknown): boolean {
  return !Array.isArray(value) || value.length === 0;
}

export interface CleanedGeometry {
  geometries: ImportGeometry[];
  problems: ImportProblem[];
}

/**
 * Clean one feature's geometry. Returns zero geometries when the feature is dropped (with a
 * problem saying why), one normally, several when a GeometryCollection or MultiPoint was split.
 */
export function cleanGeometry(raw: unknown, featureNumber: number, transform: PositionTransform): CleanedGeometry {
  const problems: ImportProblem[] = [];
  const drop = (code: ImportProblem['code'], params: Record<string, string | number> = {}): CleanedGeometry => ({
    geometries: [],
    problems: [problem(featureNumber, code, false, params)],
  });
  if (raw === null || raw === undefined) return drop('geometry-missing');
  if (!isRawGeometry(raw)) return drop('geometry-invalid', { reason: 'no geometry type' });

  const parts: RawGeometry[] = [];
  try {
    flatten(raw, parts);
  } catch (error) {
    return drop('geometry-invalid', { reason: (error as Error).message });
  }
  if (raw.type === 'GeometryCollection' && parts.length > 0) {
    problems.push(problem(featureNumber, 'geometry-collection-split', true, { parts: parts.length }));
  }

  const counters: Counters = { duplicates: 0, unclosed: 0, shortRings: 0, shortLines: 0 };
  const polygons: Position[][][] = [];
  const lines: Position[][] = [];
  const points: Position[] = [];
  const polygonTypes = new Set<string>();
  const lineTypes = new Set<string>();
  let anyCoordinates = false;

  try {
    for (const part of parts) {
      if (isEmptyCoordinates(part.coordinates)) continue;
      anyCoordinates = true;
      switch (part.type) {
        case 'Polygon': {
          polygonTypes.add(part.type);
          const polygon = cleanPolygon(part.coordinates, transform, counters);
          if (polygon) polygons.push(polygon);
          break;
        }
        case 'MultiPolygon': {
          polygonTypes.add(part.type);
          for (const member of part.coordinates as unknown[]) {
            const polygon = cleanPolygon(member, transform, counters);
            if (polygon) polygons.push(polygon);
          }
          break;
        }
        case 'LineString': {
          lineTypes.add(part.type);
          const line = cleanLine(part.coordinates, transform, counters);
          if (line) lines.push(line);
          break;
        }
        case 'MultiLineString': {
          lineTypes.add(part.type);
          for (const member of part.coordinates as unknown[]) {
            const line = cleanLine(member, transform, counters);
            if (line) lines.push(line);
          }
          break;
        }
        case 'Point':
          points.push(project([readPosition(part.coordinates)], transform)[0]!);
          break;
        case 'MultiPoint': {
          const members = readPositions(part.coordinates).map((position) => project([position], transform)[0]!);
          if (members.length > 1 && raw.type === 'MultiPoint') {
            problems.push(problem(featureNumber, 'multipoint-split', true, { parts: members.length }));
          }
          points.push(...members);
          break;
        }
        default:
          return drop('geometry-unsupported', { type: part.type });
      }
    }
  } catch (error) {
    if (error instanceof NotFinite) return drop('coordinate-not-finite');
    if (error instanceof OutOfRange) return drop('coordinates-out-of-range');
    return drop('geometry-invalid', { reason: (error as Error).message });
  }
  if (!anyCoordinates) return drop('geometry-empty');

  const geometries: ImportGeometry[] = [];
  if (polygons.length > 0) {
    const multi = polygons.length > 1 || (polygonTypes.has('MultiPolygon') && parts.length === 1);
    geometries.push(multi ? { type: 'MultiPolygon', coordinates: polygons } : { type: 'Polygon', coordinates: polygons[0]! });
  }
  if (lines.length > 0) {
    const multi = lines.length > 1 || (lineTypes.has('MultiLineString') && parts.length === 1);
    geometries.push(multi ? { type: 'MultiLineString', coordinates: lines } : { type: 'LineString', coordinates: lines[0]! });
  }
  for (const point of points) geometries.push({ type: 'Point', coordinates: point });

  const kept = geometries.length > 0;
  if (counters.duplicates > 0) problems.push(problem(featureNumber, 'duplicate-vertices', kept, { count: counters.duplicates }));
  if (counters.unclosed > 0) problems.push(problem(featureNumber, 'ring-unclosed', kept, { count: counters.unclosed }));
  if (counters.shortRings > 0) problems.push(problem(featureNumber, 'ring-too-short', kept, { count: counters.shortRings }));
  if (counters.shortLines > 0) problems.push(problem(featureNumber, 'line-too-short', kept, { count: counters.shortLines }));
  if (!kept && counters.shortRings === 0 && counters.shortLines === 0) {
    problems.push(problem(featureNumber, 'geometry-empty', false));
  }
  return { geometries, problems };
}

/** Up to `maxPositions` finite [x, y] positions spread over all geometries (for CRS detection). */
export function samplePositions(geometries: readonly unknown[], maxPositions = 2000): [number, number][] {
  const perGeometry = Math.max(1, Math.floor(maxPositions / Math.max(1, geometries.length)));
  const step = Math.max(1, Math.floor(geometries.length / maxPositions));
  const sample: [number, number][] = [];
  for (let index = 0; index < geometries.length && sample.length < maxPositions; index += step) {
    const positions: [number, number][] = [];
    collectPositions(geometries[index], positions, perGeometry * 50);
    const stride = Math.max(1, Math.floor(positions.length / perGeometry));
    for (let at = 0; at < positions.length && sample.length < maxPositions; at += stride) sample.push(positions[at]!);
  }
  return sample;
}

function collectPositions(value: unknown, out: [number, number][], limit: number): void {
  if (out.length >= limit || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
      if (Number.isFinite(value[0]) && Number.isFinite(value[1])) out.push([value[0], value[1]]);
      return;
    }
    for (const item of value) collectPositions(item, out, limit);
    return;
  }
  const geometry = value as { coordinates?: unknown; geometries?: unknown };
  collectPositions(geometry.coordinates ?? geometry.geometries, out, limit);
}
