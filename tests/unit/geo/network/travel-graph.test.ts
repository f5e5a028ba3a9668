import { describe, expect, it } from 'vitest';
import { buildTravelGraph, densify, edgeSecondsFor } from '../../../../src/geo/network/travel-graph';
import { LocalPlane } from '../../../../src/geo/network/plane';
import { RoadGraphBuilder } from '../../../../src/io/osm/graph';
import { DEFAULT_TRAVEL_SETTINGS, MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES } from '../../../../src/domain/travel';
import { randomGraph } from './graphs';

const settings = { ...DEFAULT_TRAVEL_SETTINGS, walkKmh: 3.6, bikeKmh: 18, carSpeedShare: 0.5 };

/** Three nodes: a two-way residential street 0–1 (50 km/h) and a one-way track 1→2 open to bikes only. */
function smallGraph() {
  const builder = new RoadGraphBuilder();
  builder.addNode(-1, 10, 50);
  builder.addNode(-2, 10.001, 50);
  builder.addNode(-3, 10.002, 50);
  const residential = ROAD_CLASSES.indexOf('residential');
  const track = ROAD_CLASSES.indexOf('track');
  builder.addEdge(0, 1, 100, MODE_WALK | MODE_BIKE | MODE_CAR, 50, residential);
  builder.addEdge(1, 0, 100, MODE_WALK | MODE_BIKE | MODE_CAR, 50, residential);
  builder.addEdge(1, 2, 90, MODE_BIKE, 20, track);
  return builder.build();
}

describe('travel graphs', () => {
  it('times each edge from length, class and the mode’s speed; closed edges cost Infinity', () => {
    const graph = smallGraph();
    // walking 1 m/s; cycling 5 m/s, on a track 75 %; driving half of 50 km/h.
    expect([...edgeSecondsFor(graph, 'walk', settings)]).toEqual([100, 100, Infinity]);
    expect([...edgeSecondsFor(graph, 'bike', settings)]).toEqual([20, 20, 90 / (5 * 0.75)]);
    expect([...edgeSecondsFor(graph, 'car', settings)]).toEqual([100 / (25 / 3.6), 100 / (25 / 3.6), Infinity]);
  });

  it('keeps only the open edges, forward and transposed', () => {
    const graph = smallGraph();
    const travel = buildTravelGraph(graph, densify(graph, new LocalPlane(10, 50), Infinity), 'bike', settings);
    expect([...travel.forward.offsets]).toEqual([0, 1, 3, 3]);
    expect([...travel.forward.targets]).toEqual([1, 0, 2]);
    expect([...travel.reverse.offsets]).toEqual([0, 1, 2, 3]);
    expect([...travel.reverse.targets]).toEqual([1, 0, 1]);
    expect(travel.reverse.seconds[2]).toBe(24);
  });

  it('transposes every open edge exactly once, for every mode of random graphs (one-way streets included)', () => {
    const graph = randomGraph(11, 300, 400);
    for (const mode of ['walk', 'bike', 'car'] as const) {
      const travel = buildTravelGraph(graph, densify(graph, new LocalPlane(10, 50), Infinity), mode, settings);
      const listed = (csr: typeof travel.forward, reversed: boolean) => {
        const edges: string[] = [];
        for (let node = 0; node < csr.nodeCount; node++) {
          for (let edge = csr.offsets[node]!; edge < csr.offsets[node + 1]!; edge++) {
            edges.push(reversed ? `${csr.targets[edge]}>${node}:${csr.seconds[edge]}` : `${node}>${csr.targets[edge]}:${csr.seconds[edge]}`);
          }
        }
        return edges.sort();
      };
      const expected: string[] = [];
      const seconds = edgeSecondsFor(graph, mode, settings);
      for (let node = 0; node < graph.nodeCount; node++) {
        for (let edge = graph.offsets[node]!; edge < graph.offsets[node + 1]!; edge++) {
          if (seconds[edge] !== Infinity) expected.push(`${node}>${graph.targets[edge]}:${seconds[edge]}`);
        }
      }
      expect(listed(travel.forward, false)).toEqual(expected.sort());
      expect(listed(travel.reverse, true)).toEqual(expected);
    }
  });
});
