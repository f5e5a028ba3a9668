/**
 * Planar primitives on [longitude, latitude] treated as plane coordinates (degrees). Used for
 * topology questions (orientation, crossing, containment) where only the arrangement of
 * vertices matters, not distances on the ground.
 */
import type { Position } from 'geojson';

/** Twice the signed area of a closed ring (first position repeated last); > 0 counter-clockwise. */
export function ringSignedAreaTwice(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0; index + 1 < ring.length; index++) {
    const [x0, y0] = ring[index]!;
    const [x1, y1] = ring[index + 1]!;
    sum += x0! * y1! - x1! * y0!;
  }
  return sum;
}

/** Twice the signed area of the triangle a, b, c: > 0 when c lies left of a→b. */
export function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Squared distance from point p to segment a–b. */
export function squaredDistanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/** Whether segments a–b and c–d cross at a point interior to both (not touching, not collinear). */
export function segmentsCrossProperly(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const o1 = orientation(ax, ay, bx, by, cx, cy);
  const o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay);
  const o4 = orientation(cx, cy, dx, dy, bx, by);
  return ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
}

/** Whether c lies on segment a–b (exactly collinear and within its box), endpoints included. */
export function pointOnSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  if (orientation(ax, ay, bx, by, cx, cy) !== 0) return false;
  return (
    cx >= Math.min(ax, bx) && cx <= Math.max(ax, bx) && cy >= Math.min(ay, by) && cy <= Math.max(ay, by)
  );
}

/** Intersection point of the lines through a–b and c–d (callers know they cross). */
export function lineIntersection(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): [number, number] {
  const denominator = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  if (denominator === 0) return [cx, cy];
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / denominator;
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}

/**
 * Even-odd point-in-ring test on a flat coordinate list `[x0, y0, x1, y1, …]` of a ring
 * without the closing repetition. Points exactly on the boundary may go either way.
 */
export function pointInFlatRing(x: number, y: number, flat: ArrayLike<number>, start: number, end: number): boolean {
  let inside = false;
  const count = (end - start) >> 1;
  for (let i = 0, j = count - 1; i < count; j = i++) {
    const xi = flat[start + 2 * i]!;
    const yi = flat[start + 2 * i + 1]!;
    const xj = flat[start + 2 * j]!;
    const yj = flat[start + 2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
