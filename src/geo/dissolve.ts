/**
 * Dissolve (union) of area geometries, e.g. base units into a social space or all units
 * into the district outline. Pure: inputs are never mutated.
 */
import { featureCollection, multiPolygon, polygon, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { AreaGeometry } from '../domain/types';

export { dissolveCoverage, dissolveGroups, type DissolveStats } from './coverage-dissolve';

function toFeature(geometry: AreaGeometry): Feature<Polygon | MultiPolygon> {
  return geometry.type === 'Polygon'
    ? polygon(geometry.coordinates)
    : multiPolygon(geometry.coordinates);
}

function cloneGeometry(geometry: AreaGeometry): AreaGeometry {
  return structuredClone(geometry) as AreaGeometry;
}

/**
 * Union of all `geometries`. Shared edges vanish; areas that touch only at a point or not at
 * all yield a MultiPolygon. Polygons with exactly shared vertices dissolve without slivers.
 *
 * @throws when `geometries` is empty or the union is empty.
 */
export function dissolvePolygons(geometries: readonly AreaGeometry[]): AreaGeometry {
  const first = geometries[0];
  if (first === undefined) throw new Error('dissolvePolygons needs at least one geometry');
  // turf/polyclip copy coordinates into their own structures; clone anyway so that the
  // result never aliases an input.
  const features = geometries.map((geometry) => toFeature(cloneGeometry(geometry)));
  if (features.length === 1) {
    // Union with itself normalises ring orientation and removes degenerate parts.
    features.push(toFeature(cloneGeometry(first)));
  }
  const result = union(featureCollection(features));
  if (result === null) throw new Error('dissolvePolygons: the union is empty');
  return result.geometry;
}
