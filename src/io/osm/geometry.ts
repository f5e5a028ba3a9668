/**
 * Small geometry for the OSM import: lengths on the sphere, the point that stands for a way or
 * an area (a resource or an address drawn as a building), and joining relation members into
 * rings. Positions are [lon, lat] in WGS84.
 */
import polylabel from 'polylabel';

export type LonLat = [number, number];

const EARTH_RADIUS_METRES = 6_371_008.8;
const RADIANS = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLon = (lon2 - lon1) * RADIANS;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function roundCoordinate(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

function isClosed(ring: readonly LonLat[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length >= 4 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
}

/** Signed planar area of a ring in degrees², longitudes scaled by `xScale`. */
function ringArea(ring: readonly LonLat[], xScale: number): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += (ring[previous]![0] * xScale) * ring[index]![1] - ring[index]![0] * xScale * ring[previous]![1];
  }
  return sum / 2;
}

export function pointInRing(point: LonLat, ring: readonly LonLat[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    const [xi, yi] = ring[index]!;
    const [xj, yj] = ring[previous]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The point of an area: its centroid when that lies inside (almost always for buildings), else
 * the pole of inaccessibility (polylabel) of the outer ring, measured with longitudes scaled by
 * cos(latitude).
 */
export function areaPoint(outer: readonly LonLat[], holes: readonly (readonly LonLat[])[] = []): LonLat {
  const [originX, originY] = outer[0]!;
  const xScale = Math.cos((originY * Math.PI) / 180);
  // centroid relative to the first vertex, for precision
  let cx = 0;
  let cy = 0;
  let twiceArea = 0;
  for (let index = 0, previous = outer.length - 1; index < outer.length; previous = index++) {
    const x0 = outer[previous]![0] - originX;
    const y0 = outer[previous]![1] - originY;
    const x1 = outer[index]![0] - originX;
    const y1 = outer[index]![1] - originY;
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (twiceArea !== 0) {
    const centroid: LonLat = [originX + cx / (3 * twiceArea), originY + cy / (3 * twiceArea)];
    if (pointInRing(centroid, outer) && !holes.some((hole) => pointInRing(centroid, hole))) return centroid;
  }
  const scaled = [outer, ...holes].map((ring) => ring.map(([x, y]): [number, number] => [x * xScale, y]));
  const [x, y] = polylabel(scaled, 0.00002);
  if (Number.isFinite(x) && Number.isFinite(y)) return [x / xScale, y];
  return outer[0]!;
}

/** The point halfway along a line. */
export function midpointAlong(line: readonly LonLat[]): LonLat {
  if (line.length === 1) return line[0]!;
  let total = 0;
  for (let index = 1; index < line.length; index++) total += haversineMetres(line[index - 1]![0], line[index - 1]![1], line[index]![0], line[index]![1]);
  let remaining = total / 2;
  for (let index = 1; index < line.length; index++) {
    const [x0, y0] = line[index - 1]!;
    const [x1, y1] = line[index]!;
    const step = haversineMetres(x0, y0, x1, y1);
    if (step >= remaining && step > 0) {
      const t = remaining / step;
      return [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t];
    }
    remaining -= step;
  }
  return line[line.length - 1]!;
}

/** The point of a way: an area point for a closed way, the middle of the line otherwise. */
export function wayPoint(line: readonly LonLat[]): LonLat {
  return isClosed(line) ? areaPoint(line) : midpointAlong(line);
}

/**
 * Join the member ways of a multipolygon into closed rings (end to end, either direction).
 * Pieces that do not close are dropped.
 */
export function assembleRings(pieces: readonly (readonly LonLat[])[]): LonLat[][] {
  const key = (position: LonLat) => `${position[0]},${position[1]}`;
  const rings: LonLat[][] = [];
  const open: LonLat[][] = [];
  for (const piece of pieces) {
    if (piece.length < 2) continue;
    if (isClosed(piece)) rings.push([...piece]);
    else open.push([...piece]);
  }
  while (open.length > 0) {
    let ring = open.pop()!;
    let grown = true;
    while (grown && key(ring[0]!) !== key(ring[ring.length - 1]!)) {
      grown = false;
      const tail = key(ring[ring.length - 1]!);
      const head = key(ring[0]!);
      for (let index = 0; index < open.length; index++) {
        const piece = open[index]!;
        const first = key(piece[0]!);
        const last = key(piece[piece.length - 1]!);
        if (first === tail) ring = [...ring, ...piece.slice(1)];
        else if (last === tail) ring = [...ring, ...[...piece].reverse().slice(1)];
        else if (last === head) ring = [...piece, ...ring.slice(1)];
        else if (first === head) ring = [...[...piece].reverse(), ...ring.slice(1)];
        else continue;
        open.splice(index, 1);
        grown = true;
        break;
      }
    }
    if (isClosed(ring)) rings.push(ring);
  }
  return rings;
}

/** The point of a multipolygon given its outer and inner rings: the area point of the largest outer ring. */
export function multipolygonPoint(outers: readonly LonLat[][], inners: readonly LonLat[][]): LonLat | null {
  if (outers.length === 0) return null;
  const xScale = Math.cos((outers[0]![0]![1] * Math.PI) / 180);
  let best = outers[0]!;
  let bestArea = -1;
  for (const ring of outers) {
    const area = Math.abs(ringArea(ring, xScale));
    if (area > bestArea) {
      best = ring;
      bestArea = area;
    }
  }
  const holes = inners.filter((inner) => inner.length > 0 && pointInRing(inner[0]!, best));
  return areaPoint(best, holes);
}
