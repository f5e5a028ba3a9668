import { describe, expect, it } from 'vitest';
import { roadGraphFromLines, roadGraphsOfSnapshot } from '../../../src/io/road-network';
import { MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES } from '../../../src/domain/travel';
import { deepFreeze } from '../helpers';
import { demoSnapshot } from '../state/demo-project';

describe('routing graphs from road lines', { timeout: 60_000 }, () => {
  it('joins lines at shared vertices, takes access from the class, and measures segments', () => {
    const lines = deepFreeze([
      { geometry: { type: 'LineString' as const, coordinates: [[10, 50], [10.001, 50], [10.002, 50]] }, properties: { class: 'residential' } },
      { geometry: { type: 'LineString' as const, coordinates: [[10.001, 50], [10.001, 50.001]] }, properties: { class: 'track' } },
      { geometry: { type: 'Polygon' as const, coordinates: [] }, properties: { class: 'forest' } },
    ]);
    const graph = roadGraphFromLines(lines);
    expect(graph.nodeCount).toBe(4);
    expect(graph.edgeCount).toBe(6);
    // Node 1 is shared: two residential edges and one track edge leave it.
    expect(graph.offsets[2]! - graph.offsets[1]!).toBe(3);
    const track = [...graph.roadClass].findIndex((roadClass) => roadClass === ROAD_CLASSES.indexOf('track'));
    expect(graph.modes[track]).toBe(MODE_WALK | MODE_BIKE);
    expect(graph.modes[0]).toBe(MODE_WALK | MODE_BIKE | MODE_CAR);
    // 0.001° of longitude at 50° N ≈ 71.5 m.
    expect(graph.lengths[0]).toBeCloseTo(71.5, 0);
  });

  it('builds the demo’s graph from its roads: connected, deterministic', () => {
    const first = roadGraphsOfSnapshot(demoSnapshot);
    const second = roadGraphsOfSnapshot(demoSnapshot);
    expect([...first.keys()]).toEqual(['layer-network']);
    const graph = first.get('layer-network')!;
    expect(graph.nodeCount).toBe(1659);
    expect(graph).toEqual(second.get('layer-network'));
    // Every node reaches every other on foot (the demo's road network is connected).
    const seen = new Uint8Array(graph.nodeCount);
    const stack = [0];
    seen[0] = 1;
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let edge = graph.offsets[node]!; edge < graph.offsets[node + 1]!; edge++) {
        const next = graph.targets[edge]!;
        if (!seen[next] && graph.modes[edge]! & MODE_WALK) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    expect(seen.every((flag) => flag === 1)).toBe(true);
  });
});
