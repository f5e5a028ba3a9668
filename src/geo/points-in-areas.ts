/**
 * Which area each point lies in: a flatbush index over the areas' boxes narrows the candidates,
 * Turf's point-in-polygon decides. Areas of a coverage do not overlap; where they do (a draft
 * plan), the first area in the given order wins. Pure.
 */
import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { bboxOfGeometries } from './bbox';

export interface AreaForPoints {
  id: string;
  geometry: Polygon | MultiPolygon;
}

/** The id of the area holding each point (lon/lat pairs), or null outside all areas. */
export function areasOfPoints(lon: ArrayLike<number>, lat: ArrayLike<number>, areas: readonly AreaForPoints[]): (string | null)[] {
  const result: (string | null)[] = new Array(lon.length).fill(null);
  const boxed = areas.map((area) => ({ area, box: bboxOfGeometries([area.geometry]) })).filter((entry) => entry.box !== null);
  if (boxed.length === 0) return result;
  const index = new Flatbush(boxed.length);
  for (const { box } of boxed) index.add(box![0], box![1], box![2], box![3]);
  index.finish();
  for (let point = 0; point < lon.length; point++) {
    const x = lon[point]!;
    const y = lat[point]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const candidates = index.search(x, y, x, y).sort((a, b) => a - b);
    for (const candidate of candidates) {
      if (booleanPointInPolygon([x, y], boxed[candidate]!.area.geometry)) {
        result[point] = boxed[candidate]!.area.id;
        break;
      }
    }
  }
  return result;
}
