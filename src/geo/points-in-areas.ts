/**
 * Which area each point lies in, by id: `assignPoints` (a grid over the areas' edges, Turf's
 * point-in-polygon rule with the boundary inside) mapped to ids. Areas of a coverage do not
 * overlap; where they do (a draft plan), the first area in the given order wins. Pure.
 */
import { assignPoints, type AreaToAssign } from './assign-points';

export type AreaForPoints = AreaToAssign;

/** The id of the area holding each point (lon/lat pairs), or null outside all areas. */
export function areasOfPoints(lon: ArrayLike<number>, lat: ArrayLike<number>, areas: readonly AreaForPoints[]): (string | null)[] {
  const found = assignPoints(lon instanceof Float64Array ? lon : Float64Array.from(lon), lat instanceof Float64Array ? lat : Float64Array.from(lat), areas);
  return Array.from(found, (area) => (area < 0 ? null : areas[area]!.id));
}
