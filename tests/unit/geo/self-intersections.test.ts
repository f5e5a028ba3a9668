import { describe, expect, it } from 'vitest';
import { findSelfIntersections } from '../../../src/geo/topology/self-intersections';
import { deepFreeze, square } from '../helpers';

describe('findSelfIntersections', () => {
  it('finds nothing in a square, nor where a hole touches its outer ring at a vertex', () => {
    expect(findSelfIntersections(deepFreeze(square(10, 51, 0.01)))).toEqual([]);
    const touching = deepFreeze({
      type: 'Polygon' as const,
      coordinates: [
        [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
        [[2, 0], [1, 1], [2, 2], [3, 1], [2, 0]],
      ],
    });
    expect(findSelfIntersections(touching)).toEqual([]);
  });

  it('finds the crossing of a bow-tie', () => {
    const bow = deepFreeze({ type: 'Polygon' as const, coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] });
    expect(findSelfIntersections(bow)).toEqual([[1, 1]]);
  });

  it('finds a vertex lying on another edge and a spike', () => {
    const touchingEdge = deepFreeze({ type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [4, 4], [2, 0.0], [0, 4], [0, 0]]] });
    expect(findSelfIntersections(touchingEdge)).toEqual([[2, 0]]);
    const spike = deepFreeze({ type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [6, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] });
    expect(findSelfIntersections(spike).length).toBeGreaterThan(0);
  });

  it('finds a hole crossing its outer ring', () => {
    const crossing = deepFreeze({
      type: 'Polygon' as const,
      coordinates: [
        [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
        [[3, 1], [5, 1], [5, 2], [3, 2], [3, 1]],
      ],
    });
    expect(findSelfIntersections(crossing)).toEqual([[4, 1], [4, 2]]);
  });
});
