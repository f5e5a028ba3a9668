/**
 * Robust boolean operations on area geometries (turf 7 → polyclip-ts), with `AreaGeometry |
 * null` in and out. Pure: inputs are copied before polyclip sees them and never aliased.
 */
import { difference, featureCollection, intersect, multiPolygon, polygon, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';

export function isEmptyGeometry(geometry: AreaGeometry | null | undefined): boolean {
  return !geometry || geometry.coordinates.length === 0;
}

function toFeature(geometry: AreaGeometry): Feature<Polygon | MultiPolygon> {
  const copy = structuredClone(geometry);
  return copy.type === 'Polygon' ? polygon(copy.coordinates as Position[][]) : multiPolygon(copy.coordinates as Position[][][]);
}

/** Union of all geometries at once (not one by one); null when nothing is left. */
export function polyclipUnion(geometries: readonly AreaGeometry[]): AreaGeometry | null {
  const features = geometries.filter((geometry) => !isEmptyGeometry(geometry)).map(toFeature);
  if (features.length === 0) return null;
  // turf's union needs two geometries; a union with itself normalises a single one.
  if (features.length === 1) features.push(toFeature(features[0]!.geometry));
  return union(featureCollection(features))?.geometry ?? null;
}

/** `minuend` minus all `subtrahends`; null when nothing is left. */
export function polyclipDifference(minuend: AreaGeometry, ...subtrahends: AreaGeometry[]): AreaGeometry | null {
  if (isEmptyGeometry(minuend)) return null;
  const rest = subtrahends.filter((geometry) => !isEmptyGeometry(geometry));
  if (rest.length === 0) return polyclipUnion([minuend]);
  return difference(featureCollection([toFeature(minuend), ...rest.map(toFeature)]))?.geometry ?? null;
}

/** Intersection of two geometries; null when they do not overlap. */
export function polyclipIntersection(a: AreaGeometry, b: AreaGeometry): AreaGeometry | null {
  if (isEmptyGeometry(a) || isEmptyGeometry(b)) return null;
  return intersect(featureCollection([toFeature(a), toFeature(b)]))?.geometry ?? null;
}

/** The polygons of an area geometry, each as its own Polygon. */
export function polygonsOf(geometry: AreaGeometry | null): Polygon[] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates.length === 0 ? [] : [geometry];
  return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

/** Polygon for one part, MultiPolygon for several, null for none. */
export function fromPolygons(polygons: readonly Polygon[]): AreaGeometry | null {
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return polygons[0]!;
  return { type: 'MultiPolygon', coordinates: polygons.map((part) => part.coordinates) };
}
