/**
 * Length of the border two areas share: the parts of their ring edges that run along each
 * other (collinear within `COLLINEAR_TOLERANCE_DEGREES`). Used to find the neighbours of a gap
 * and the neighbour a gap or sliver is merged into.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../../domain/types';

/** Edges closer than this to each other's line count as running along each other (≈ 1 cm). */
export const COLLINEAR_TOLERANCE_DEGREES = 1e-7;

const METERS_PER_DEGREE = 111_319.49;

function ringsOf(geometry: AreaGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Edges as flat `[ax, ay, bx, by, …]`. */
function edgesOf(geometry: AreaGeometry): number[] {
  const edges: number[] = [];
  for (const ring of ringsOf(geometry)) {
    for (let index = 0; index + 1 < ring.length; index++) {
      const a = ring[index]!;
      const b = ring[index + 1]!;
      if (a[0] !== b[0] || a[1] !== b[1]) edges.push(a[0]!, a[1]!, b[0]!, b[1]!);
    }
  }
  return edges;
}

/** Approximate (equirectangular) length in metres of the border `a` and `b` share. */
export function sharedBorderLengthMeters(a: AreaGeometry, b: AreaGeometry): number {
  const edgesA = edgesOf(a);
  const edgesB = edgesOf(b);
  const countB = edgesB.length / 4;
  if (edgesA.length === 0 || countB === 0) return 0;
  const tolerance = COLLINEAR_TOLERANCE_DEGREES;
  const index = new Flatbush(countB);
  for (let edge = 0; edge < countB; edge++) {
    const [x0, y0, x1, y1] = [edgesB[4 * edge]!, edgesB[4 * edge + 1]!, edgesB[4 * edge + 2]!, edgesB[4 * edge + 3]!];
    index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  }
  index.finish();
  let meters = 0;
  for (let edge = 0; edge < edgesA.length / 4; edge++) {
    const px = edgesA[4 * edge]!;
    const py = edgesA[4 * edge + 1]!;
    const qx = edgesA[4 * edge + 2]!;
    const qy = edgesA[4 * edge + 3]!;
    const dx = qx - px;
    const dy = qy - py;
    const lengthDegrees = Math.hypot(dx, dy);
    const xScale = Math.cos((((py + qy) / 2) * Math.PI) / 180);
    const lengthMeters = Math.hypot(dx * xScale, dy) * METERS_PER_DEGREE;
    const candidates = index.search(
      Math.min(px, qx) - tolerance,
      Math.min(py, qy) - tolerance,
      Math.max(px, qx) + tolerance,
      Math.max(py, qy) + tolerance,
    );
    // Covered parameter intervals along p→q, merged so overlapping edges of b count once.
    const intervals: [number, number][] = [];
    for (const other of candidates) {
      const rx = edgesB[4 * other]!;
      const ry = edgesB[4 * other + 1]!;
      const ux = edgesB[4 * other + 2]!;
      const uy = edgesB[4 * other + 3]!;
      const distanceR = Math.abs(dx * (ry - py) - dy * (rx - px)) / lengthDegrees;
      const distanceU = Math.abs(dx * (uy - py) - dy * (ux - px)) / lengthDegrees;
      if (distanceR > tolerance || distanceU > tolerance) continue;
      const tR = ((rx - px) * dx + (ry - py) * dy) / (lengthDegrees * lengthDegrees);
      const tU = ((ux - px) * dx + (uy - py) * dy) / (lengthDegrees * lengthDegrees);
      const start = Math.max(0, Math.min(tR, tU));
      const end = Math.min(1, Math.max(tR, tU));
      if (end > start) intervals.push([start, end]);
    }
    intervals.sort((m, n) => m[0] - n[0]);
    let covered = 0;
    let reach = 0;
    for (const [start, end] of intervals) {
      if (end <= reach) continue;
      covered += end - Math.max(start, reach);
      reach = end;
    }
    meters += covered * lengthMeters;
  }
  return meters;
}
