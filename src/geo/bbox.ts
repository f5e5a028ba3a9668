import type { Geometry, Position } from 'geojson';

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

function visitPositions(geometry: Geometry, visit: (position: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      break;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((ring) => ring.forEach(visit));
      break;
    case 'MultiPolygon':
      geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)));
      break;
    case 'GeometryCollection':
      geometry.geometries.forEach((child) => visitPositions(child, visit));
      break;
  }
}

/** Bounding box of all geometries, or null when there is no coordinate at all. */
export function bboxOfGeometries(geometries: Iterable<Geometry>): BBox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    visitPositions(geometry, ([x, y]) => {
      if (x! < west) west = x!;
      if (x! > east) east = x!;
      if (y! < south) south = y!;
      if (y! > north) north = y!;
    });
  }
  return west === Infinity ? null : [west, south, east, north];
}

/**
 * The box holding the core of a point cloud: the `share` of points in the middle of each axis
 * (by quantiles), so that a few far-off points (a geocoder's hit in France) do not zoom the map
 * out to a continent. Large clouds are sampled evenly. Null when no point has a position.
 */
export function coreBbox(lon: ArrayLike<number>, lat: ArrayLike<number>, share = 0.98, maxSample = 100_000): BBox | null {
  const step = Math.max(1, Math.ceil(lon.length / maxSample));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let index = 0; index < lon.length; index += step) {
    const x = lon[index]!;
    const y = lat[index]!;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  if (xs.length === 0) return null;
  xs.sort((a, b) => a - b);
  ys.sort((a, b) => a - b);
  const cut = (1 - share) / 2;
  const at = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))]!;
  return [at(xs, cut), at(ys, cut), at(xs, 1 - cut), at(ys, 1 - cut)];
}
