import { describe, expect, it } from 'vitest';
import { NetworkSnap } from '../../../../src/geo/network/snap';
import { LocalPlane } from '../../../../src/geo/network/plane';
import { buildTravelGraph, densify } from '../../../../src/geo/network/travel-graph';
import { ShortestPaths } from '../../../../src/geo/network/dijkstra';
import { RoadGraphBuilder, type RoadGraph } from '../../../../src/io/osm/graph';
import { DEFAULT_TRAVEL_SETTINGS, MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES } from '../../../../src/domain/travel';
import { at } from './graphs';

// Walking 1 m/s, cycling 5 m/s on residential streets.
const settings = { ...DEFAULT_TRAVEL_SETTINGS, walkKmh: 3.6, bikeKmh: 18 };
const plane = new LocalPlane(10, 50);
const RESIDENTIAL = ROAD_CLASSES.indexOf('residential');
const ALL = MODE_WALK | MODE_BIKE | MODE_CAR;

/**
 * A street along y = 0 from node 0 at x = 0 east to node 60 at x = 6 km (nodes 100 m apart),
 * a parallel street 60 m north (nodes 61 … 63 at x = 0, 100, 200, joined to the first at x = 0),
 * and a separate two-node stub at (0, -30).
 */
function streets(): RoadGraph {
  const builder = new RoadGraphBuilder();
  for (let node = 0; node <= 60; node++) builder.addNode(-node - 1, ...at(node * 100, 0));
  const link = (a: number, b: number, metres: number) => {
    builder.addEdge(a, b, metres, ALL, 36, RESIDENTIAL);
    builder.addEdge(b, a, metres, ALL, 36, RESIDENTIAL);
  };
  for (let node = 0; node < 60; node++) link(node, node + 1, 100);
  for (let node = 0; node < 3; node++) builder.addNode(-100 - node, ...at(node * 100, 60));
  link(0, 61, 60);
  link(61, 62, 100);
  link(62, 63, 100);
  const stubA = builder.addNode(-200, ...at(0, -30));
  const stubB = builder.addNode(-201, ...at(20, -30));
  link(stubA, stubB, 20);
  return builder.build();
}

function snapFor(graph: RoadGraph, mode: 'walk' | 'bike' | 'car') {
  const dense = densify(graph, plane, 25);
  const travel = buildTravelGraph(graph, dense, mode, settings);
  return { dense, travel, snap: new NetworkSnap(dense, travel, settings, { maxWalkMeters: 200 }) };
}

describe('joining places to the network', () => {
  it('puts nodes at most 25 m apart along each street, once for both directions', () => {
    const { dense } = snapFor(streets(), 'walk');
    // 66 road nodes; 60 + 2 streets of 100 m get 3 nodes each, the 60 m link 2, the stub none.
    expect(dense.roadNodeCount).toBe(66);
    expect(dense.nodeCount).toBe(66 + 62 * 3 + 2);
    // Every dense edge is a quarter (or a third, a whole) of its road edge.
    expect(new Set(dense.edgeShare)).toEqual(new Set([0.25, 1 / 3, 1]));
  });

  it('joins the nearest node and those up to 25 m farther, but not a street across the block or the stub', () => {
    const { dense, snap } = snapFor(streets(), 'walk');
    // 10 m north of x = 150: nearest node (x = 150, y = 0) at 10 m; nodes at x = 125, 175 at √(25² + 10²) ≈ 26.9 m.
    const junctions = snap.junctions(...at(150, 10));
    const joined = junctions.nodes.map((node, index) => [Math.round(dense.x[node]! - plane.x(10)), Math.round(dense.y[node]! - plane.y(50)), junctions.seconds[index]!] as const);
    expect(joined.map(([x, y]) => [x, y]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [125, 0],
      [150, 0],
      [175, 0],
    ]);
    expect(Math.min(...junctions.seconds)).toBeCloseTo(10, 6);
    // 5 m below the northern street at x = 100: joins it, not the southern street 55 m away.
    const north = snap.junctions(...at(100, 55));
    expect(north.nodes.every((node) => Math.round(dense.y[node]! - plane.y(50)) === 60)).toBe(true);
  });

  it('joins the nearest node only beyond the walking distance, and nothing beyond the fallback limit', () => {
    const { dense, snap } = snapFor(streets(), 'walk');
    const far = snap.junctions(...at(1000, 700));
    expect(far.nodes).toHaveLength(1);
    expect(dense.x[far.nodes[0]!]! - plane.x(10)).toBeCloseTo(1000, 3);
    expect(far.seconds[0]).toBeCloseTo(700, 3);
    expect(snap.junctions(...at(1000, 9000)).nodes).toEqual([]);
  });

  it('counts the walk to the network and the ride along it, by hand', () => {
    const { travel, snap, dense } = snapFor(streets(), 'bike');
    const paths = new ShortestPaths(dense.nodeCount);
    const origin = snap.junctions(...at(0, -10));
    const times = paths.run(travel.forward, origin).seconds;
    // Walk 10 m (10 s) to node 0, ride 1,000 m at 5 m/s (200 s), walk 10 m from the street.
    expect(snap.placeSeconds(...at(1000, 10), times)).toBeCloseTo(220, 6);
  });
});
