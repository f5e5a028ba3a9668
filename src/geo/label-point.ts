import { area, booleanPointInPolygon, centroid, pointOnFeature, polygon as turfPolygon } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';

/** The largest polygon of a (Multi)Polygon by area; the polygon itself otherwise. */
export function largestPolygon(geometry: AreaGeometry): Polygon {
  if (geometry.type === 'Polygon') return geometry;
  let best: Polygon | null = null;
  let bestAreaSquareMeters = -1;
  for (const coordinates of geometry.coordinates) {
    const candidate: Polygon = { type: 'Polygon', coordinates };
    const candidateArea = area(candidate);
    if (candidateArea > bestAreaSquareMeters) {
      best = candidate;
      bestAreaSquareMeters = candidateArea;
    }
  }
  if (!best) throw new Error('Empty MultiPolygon has no label point');
  return best;
}

/**
 * A point inside the area where its label should go: the centroid of the largest part when
 * that lies inside, otherwise a point guaranteed to be on the surface.
 */
export function labelPoint(geometry: AreaGeometry): Position {
  const part = largestPolygon(geometry);
  const center = centroid(part).geometry;
  if (booleanPointInPolygon(center, part)) return center.coordinates;
  return pointOnFeature(turfPolygon(part.coordinates)).geometry.coordinates;
}
