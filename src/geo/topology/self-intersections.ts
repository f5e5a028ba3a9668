/**
 * Self-intersections of an area geometry: places where its rings (of all its polygons) cross,
 * run along each other, turn back on themselves (spikes), or where a ring touches itself (one
 * of its vertices lies on another of its edges). Different rings touching at a single point (a
 * hole touching its outer ring, two parts touching at a corner) are not reported: that is valid
 * (OGC simple features) and harmless for the app. Segments are indexed (flatbush), so the cost grows
 * with n log n, not n² as in turf `kinks`.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../../domain/types';
import { lineIntersection, orientation, pointOnSegment, segmentsCrossProperly } from '../planar';

interface Segments {
  ax: number[];
  ay: number[];
  bx: number[];
  by: number[];
  ring: number[];
  indexInRing: number[];
  ringSegmentCount: number[];
}

function collectSegments(geometry: AreaGeometry): Segments {
  const segments: Segments = { ax: [], ay: [], bx: [], by: [], ring: [], indexInRing: [], ringSegmentCount: [] };
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let ringId = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      const positions: Position[] = [];
      for (const position of ring) {
        const last = positions[positions.length - 1];
        if (!last || last[0] !== position[0] || last[1] !== position[1]) positions.push(position);
      }
      const first = positions[0];
      const last = positions[positions.length - 1];
      if (first && last && positions.length > 1 && first[0] === last[0] && first[1] === last[1]) positions.pop();
      const count = positions.length;
      if (count < 2) continue;
      for (let index = 0; index < count; index++) {
        const a = positions[index]!;
        const b = positions[(index + 1) % count]!;
        segments.ax.push(a[0]!);
        segments.ay.push(a[1]!);
        segments.bx.push(b[0]!);
        segments.by.push(b[1]!);
        segments.ring.push(ringId);
        segments.indexInRing.push(index);
        segments.ringSegmentCount.push(count);
      }
      ringId++;
    }
  }
  return segments;
}

/** Points where the geometry intersects itself, in a stable order, without duplicates. */
export function findSelfIntersections(geometry: AreaGeometry): [number, number][] {
  const segments = collectSegments(geometry);
  const count = segments.ax.length;
  const found = new Map<string, [number, number]>();
  const record = (x: number, y: number) => found.set(`${x},${y}`, [x, y]);
  if (count < 2) return [];
  const { ax, ay, bx, by } = segments;
  const index = new Flatbush(count);
  for (let segment = 0; segment < count; segment++) {
    index.add(Math.min(ax[segment]!, bx[segment]!), Math.min(ay[segment]!, by[segment]!), Math.max(ax[segment]!, bx[segment]!), Math.max(ay[segment]!, by[segment]!));
  }
  index.finish();
  for (let s = 0; s < count; s++) {
    // A spike: the ring turns back on itself at the end of segment s.
    const next = s + 1 < count && segments.ring[s + 1] === segments.ring[s] ? s + 1 : s + 1 - segments.ringSegmentCount[s]!;
    if (segments.ringSegmentCount[s]! >= 2 && next !== s) {
      const turn = orientation(ax[s]!, ay[s]!, bx[s]!, by[s]!, bx[next]!, by[next]!);
      const dot = (bx[s]! - ax[s]!) * (bx[next]! - ax[next]!) + (by[s]! - ay[s]!) * (by[next]! - ay[next]!);
      if (turn === 0 && dot < 0) record(bx[s]!, by[s]!);
    }
    for (const t of index.search(Math.min(ax[s]!, bx[s]!), Math.min(ay[s]!, by[s]!), Math.max(ax[s]!, bx[s]!), Math.max(ay[s]!, by[s]!))) {
      if (t <= s) continue;
      if (segments.ring[s] === segments.ring[t]) {
        const gap = Math.abs(segments.indexInRing[s]! - segments.indexInRing[t]!);
        if (gap === 1 || gap === segments.ringSegmentCount[s]! - 1) continue; // neighbours in the ring
      }
      checkPair(ax[s]!, ay[s]!, bx[s]!, by[s]!, ax[t]!, ay[t]!, bx[t]!, by[t]!, segments.ring[s] === segments.ring[t], record);
    }
  }
  return [...found.values()].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

function checkPair(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  sameRing: boolean,
  record: (x: number, y: number) => void,
): void {
  const same = (px: number, py: number, qx: number, qy: number) => px === qx && py === qy;
  const sharedA = same(ax, ay, cx, cy) || same(ax, ay, dx, dy);
  const sharedB = same(bx, by, cx, cy) || same(bx, by, dx, dy);
  if (sharedA && sharedB) {
    record(ax, ay); // the same edge twice
    return;
  }
  if (sharedA || sharedB) {
    // Touching at a shared vertex is fine unless the segments run along each other.
    const [sx, sy] = sharedA ? [ax, ay] : [bx, by];
    const [ox, oy] = sharedA ? [bx, by] : [ax, ay];
    const [px, py] = same(sx, sy, cx, cy) ? [dx, dy] : [cx, cy];
    if (orientation(sx, sy, ox, oy, px, py) === 0 && (ox - sx) * (px - sx) + (oy - sy) * (py - sy) > 0) record(sx, sy);
    return;
  }
  if (segmentsCrossProperly(ax, ay, bx, by, cx, cy, dx, dy)) {
    const [x, y] = lineIntersection(ax, ay, bx, by, cx, cy, dx, dy);
    record(x, y);
    return;
  }
  // A vertex on another edge: a ring touching itself there, or two rings running along each
  // other. Different rings touching at a single point (a hole touching its outer ring) is valid.
  if (!sameRing && (orientation(ax, ay, bx, by, cx, cy) !== 0 || orientation(ax, ay, bx, by, dx, dy) !== 0)) return;
  if (pointOnSegment(ax, ay, bx, by, cx, cy)) record(cx, cy);
  else if (pointOnSegment(ax, ay, bx, by, dx, dy)) record(dx, dy);
  else if (pointOnSegment(cx, cy, dx, dy, ax, ay)) record(ax, ay);
  else if (pointOnSegment(cx, cy, dx, dy, bx, by)) record(bx, by);
}
