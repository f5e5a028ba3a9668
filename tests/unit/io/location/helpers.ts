/** Helpers shared by the location tests: projecting test points with proj4 (the reference). */
import type { Position } from 'geojson';
import { projectGeometry } from '../../../../src/io/crs';
import { insideGermanyOutline } from '../../../../src/io/location/coordinates';

/** Project WGS84 lon/lat into `code` with proj4 (through io/crs.ts). */
export function project(code: string, lon: number, lat: number): [number, number] {
  if (code === 'EPSG:4326') return [lon, lat];
  const [x, y] = projectGeometry({ type: 'Point', coordinates: [lon, lat] }, code).coordinates;
  return [x!, y!];
}

/** Distance in metres between two lon/lat positions (equirectangular, fine at centimetres). */
export function metresBetween(a: Position, b: Position): number {
  const latitude = ((a[1]! + b[1]!) / 2) * (Math.PI / 180);
  const dx = (a[0]! - b[0]!) * 111_320 * Math.cos(latitude);
  const dy = (a[1]! - b[1]!) * 110_574;
  return Math.hypot(dx, dy);
}

/** A deterministic pseudo-random generator (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Points spread over a lon/lat box, projected into `code`, as two columns. */
export function columnsIn(code: string, box: readonly [number, number, number, number], count: number, seed = 1): { x: number[]; y: number[]; lon: number[]; lat: number[] } {
  const random = seeded(seed);
  const x: number[] = [];
  const y: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  while (x.length < count) {
    const pointLon = box[0] + random() * (box[2] - box[0]);
    const pointLat = box[1] + random() * (box[3] - box[1]);
    // Boxes of the whole country reach into neighbours and the sea: keep points on land.
    if (box === REGIONS.germany && !insideGermanyOutline(pointLon, pointLat)) continue;
    const [px, py] = project(code, pointLon, pointLat);
    x.push(px);
    y.push(py);
    lon.push(pointLon);
    lat.push(pointLat);
  }
  return { x, y, lon, lat };
}

/** Regions used across the tests: [west, south, east, north]. */
export const REGIONS = {
  duesseldorf: [6.68, 51.12, 6.94, 51.35],
  berlin: [13.09, 52.34, 13.76, 52.67],
  stuttgart: [9.04, 48.69, 9.31, 48.86],
  munich: [11.36, 48.06, 11.72, 48.25],
  dresden: [13.58, 50.97, 13.96, 51.15],
  germany: [6.0, 47.5, 14.9, 54.8],
} as const satisfies Record<string, readonly [number, number, number, number]>;
