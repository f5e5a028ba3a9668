import { area } from '@turf/turf';
import polylabel from 'polylabel';
import type { Polygon, Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';

/** Label search precision in degrees of latitude (about 20 m). */
const PRECISION_DEGREES = 0.0002;

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
 * Where the label of an area goes: the pole of inaccessibility (polylabel) of its largest
 * part, i.e. the inside point farthest from the boundary, so labels of crescent- or U-shaped
 * spaces stay inside and away from neighbours. Longitudes are scaled by cos(latitude) first,
 * so "farthest" is measured in ground distance rather than in degrees.
 */
export function labelPoint(geometry: AreaGeometry): Position {
  const part = largestPolygon(geometry);
  const outer = part.coordinates[0] ?? [];
  const meanLatitude = outer.reduce((sum, position) => sum + position[1]!, 0) / Math.max(outer.length, 1);
  const xScale = Math.cos((meanLatitude * Math.PI) / 180);
  const scaled = part.coordinates.map((ring) => ring.map(([x, y]) => [x! * xScale, y!] as [number, number]));
  const [x, y] = polylabel(scaled, PRECISION_DEGREES);
  return [x / xScale, y];
}
