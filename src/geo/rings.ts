/**
 * Small helpers over the rings of area geometries, shared by the editing and topology code.
 */
import type { Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';

/** The polygons of an area as arrays of rings (a Polygon is one polygon). */
export function polygonRings(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Number of positions of a ring without its closing repetition. */
export function openLength(ring: readonly Position[]): number {
  const count = ring.length;
  if (count > 1) {
    const first = ring[0]!;
    const last = ring[count - 1]!;
    if (first[0] === last[0] && first[1] === last[1]) return count - 1;
  }
  return count;
}

/**
 * A closed walk over vertex ids split into loops that visit no vertex twice (a walk that
 * touches itself at a vertex is two rings there). Loops of any length are returned.
 */
export function simpleLoops(walk: readonly number[]): number[][] {
  const loops: number[][] = [];
  const stack: number[] = [];
  const positionOf = new Map<number, number>();
  for (const vertex of walk) {
    const position = positionOf.get(vertex);
    if (position === undefined) {
      positionOf.set(vertex, stack.length);
      stack.push(vertex);
      continue;
    }
    loops.push(stack.slice(position));
    for (let index = position + 1; index < stack.length; index++) positionOf.delete(stack[index]!);
    stack.length = position + 1;
  }
  loops.push(stack);
  return loops;
}
