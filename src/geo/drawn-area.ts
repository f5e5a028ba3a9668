/**
 * Fitting a hand-drawn polygon into a coverage: the parts that overlap existing spaces or lie
 * outside the district outline are cut away ("avoid overlaps", as GIS editors call it), so a
 * space drawn roughly over a gap ends exactly on its neighbours' borders.
 */
import { area } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { AreaGeometry } from '../domain/types';
import { bboxOfGeometries, type BBox } from './bbox';
import { fromPolygons, polyclipDifference, polyclipIntersection, polygonsOf } from './boolean-ops';

function overlaps(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Parts below this size are left-overs of borders that almost coincide, not areas. */
export const MIN_PART_SQUARE_METERS = 1;

/**
 * Drop the parts (and holes) that are slivers: where a drawing is cut along borders that agree
 * only to floating-point precision, polyclip leaves zero-width rings behind.
 */
function withoutSlivers(geometry: AreaGeometry): AreaGeometry | null {
  const distinct = (ring: Polygon['coordinates'][number]) => new Set(ring.map((position) => `${position[0]},${position[1]}`)).size;
  const kept = polygonsOf(geometry)
    .map((part): Polygon => ({
      type: 'Polygon',
      coordinates: part.coordinates.filter(
        (ring, index) => distinct(ring) >= 3 && (index === 0 || area({ type: 'Polygon', coordinates: [ring] }) >= MIN_PART_SQUARE_METERS),
      ),
    }))
    .filter((part) => part.coordinates.length > 0 && distinct(part.coordinates[0]!) >= 3 && area(part) >= MIN_PART_SQUARE_METERS);
  return fromPolygons(kept);
}

export interface FittedArea {
  /** What is left of the drawing; null when nothing is. */
  geometry: AreaGeometry | null;
  /** Whether anything was cut away (to tell the user). */
  trimmed: boolean;
}

/** `drawn` minus `others`, clipped to `outline` when there is one. Inputs are not changed. */
export function fitDrawnArea(drawn: Polygon, others: readonly AreaGeometry[], outline: AreaGeometry | null): FittedArea {
  const box = bboxOfGeometries([drawn]);
  if (!box) return { geometry: null, trimmed: false };
  const touching = others.filter((other) => {
    const otherBox = bboxOfGeometries([other]);
    return otherBox !== null && overlaps(box, otherBox);
  });
  let geometry: AreaGeometry | null = drawn;
  if (outline) geometry = polyclipIntersection(drawn, outline);
  if (geometry && touching.length > 0) geometry = polyclipDifference(geometry, ...touching);
  if (geometry) geometry = withoutSlivers(geometry);
  // polyclip normalises rings, so compare areas rather than coordinates (0.1 ‰ or 1 m²).
  const drawnArea = area(drawn);
  const trimmed = Math.abs((geometry ? area(geometry) : 0) - drawnArea) > Math.max(1, drawnArea * 1e-4);
  return { geometry, trimmed };
}
