import { describe, expect, it } from 'vitest';
import { ShortestPaths } from '../../../../src/geo/network/dijkstra';
import type { CsrGraph } from '../../../../src/geo/network/travel-graph';
import { seededRandom } from '../../../bench/seeded';

/** A directed graph from (from, to, seconds) triples, as CSR. */
function csr(nodeCount: number, edges: readonly [number, number, number][]): CsrGraph {
  const offsets = new Uint32Array(nodeCount + 1);
  for (const [from] of edges) offsets[from + 1]!++;
  for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
  const cursor = offsets.slice(0, nodeCount);
  const targets = new Uint32Array(edges.length);
  const seconds = new Float64Array(edges.length);
  for (const [from, to, time] of edges) {
    const slot = cursor[from]!++;
    targets[slot] = to;
    seconds[slot] = time;
  }
  return { nodeCount, offsets, targets, seconds };
}

/** Bellman–Ford from several sources with start times: the reference, independent of any heap. */
function bellmanFord(nodeCount: number, edges: readonly [number, number, number][], sources: readonly [number, number][]): number[] {
  const times = new Array<number>(nodeCount).fill(Infinity);
  for (const [node, start] of sources) times[node] = Math.min(times[node]!, start);
  for (let round = 0; round < nodeCount; round++) {
    let changed = false;
    for (const [from, to, time] of edges) {
      if (times[from]! + time < times[to]!) {
        times[to] = times[from]! + time;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return times;
}

function randomEdges(seed: number, nodeCount: number, edgeCount: number): [number, number, number][] {
  const random = seededRandom(seed);
  return Array.from({ length: edgeCount }, () => [Math.floor(random() * nodeCount), Math.floor(random() * nodeCount), Math.round(random() * 100) / 4] as [number, number, number]);
}

describe('Dijkstra on typed arrays', { timeout: 60_000 }, () => {
  it('finds the hand-checked times of a small graph, not taking the direct but slower edge', () => {
    //   0 →(4) 1 →(1) 3
    //   0 →(1) 2 →(2) 1, 2 →(7) 3, 0 →(10) 3
    const graph = csr(5, [
      [0, 1, 4],
      [0, 2, 1],
      [2, 1, 2],
      [1, 3, 1],
      [2, 3, 7],
      [0, 3, 10],
    ]);
    const paths = new ShortestPaths(5).run(graph, { nodes: [0], seconds: [0] });
    expect([...paths.seconds]).toEqual([0, 3, 1, 4, Infinity]);
    expect([...paths.settled.slice(0, paths.settledCount)]).toEqual([0, 2, 1, 3]);
    expect(paths.edgeScans).toBe(6);
  });

  it('follows edges in their direction only (a one-way street)', () => {
    const graph = csr(3, [
      [0, 1, 5],
      [1, 2, 5],
    ]);
    const paths = new ShortestPaths(3);
    expect([...paths.run(graph, { nodes: [0], seconds: [0] }).seconds]).toEqual([0, 5, 10]);
    expect([...paths.run(graph, { nodes: [2], seconds: [0] }).seconds]).toEqual([Infinity, Infinity, 0]);
  });

  it('agrees with Bellman–Ford on 200 random graphs, from one and from several sources with start times', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed * 7);
      const nodeCount = 2 + Math.floor(random() * 40);
      const edges = randomEdges(seed, nodeCount, Math.floor(random() * nodeCount * 4));
      const graph = csr(nodeCount, edges);
      const sources: [number, number][] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => [Math.floor(random() * nodeCount), Math.round(random() * 20)]);
      const paths = new ShortestPaths(nodeCount).run(graph, { nodes: sources.map((source) => source[0]), seconds: sources.map((source) => source[1]) });
      expect([...paths.seconds], `seed ${seed}`).toEqual(bellmanFord(nodeCount, edges, sources));
    }
  });

  it('labels each node with the source nearest to it', () => {
    const graph = csr(5, [
      [0, 1, 1],
      [1, 2, 1],
      [2, 3, 1],
      [3, 4, 1],
      [4, 3, 1],
      [3, 2, 1],
      [2, 1, 1],
      [1, 0, 1],
    ]);
    const paths = new ShortestPaths(5).run(graph, { nodes: [0, 4], seconds: [0, 0.5], labels: [10, 20] });
    expect([...paths.label]).toEqual([10, 10, 10, 20, 20]);
    expect([...paths.seconds]).toEqual([0, 1, 2, 1.5, 0.5]);
  });

  it('stops at the cutoff: exactly the nodes within it have times', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const edges = randomEdges(seed, 60, 200);
      const graph = csr(60, edges);
      const full = bellmanFord(60, edges, [[0, 0]]);
      const cutoff = 20 + seed;
      const paths = new ShortestPaths(60).run(graph, { nodes: [0], seconds: [0] }, cutoff);
      expect([...paths.seconds]).toEqual(full.map((time) => (time <= cutoff ? time : Infinity)));
      expect(paths.settledCount).toBe(full.filter((time) => time <= cutoff).length);
    }
  });

  it('gives the same answer when its workspace is reused, and leaves the graph and seeds unchanged', () => {
    const edges = randomEdges(3, 80, 300);
    const graph = csr(80, edges);
    const copy = { offsets: graph.offsets.slice(), targets: graph.targets.slice(), seconds: graph.seconds.slice() };
    const seeds = { nodes: Int32Array.of(5, 9), seconds: Float64Array.of(0, 3) };
    const fresh = [...new ShortestPaths(80).run(graph, seeds).seconds];
    const reused = new ShortestPaths(80);
    reused.run(graph, { nodes: [1], seconds: [0] }, 15);
    reused.run(graph, { nodes: [70], seconds: [0] });
    expect([...reused.run(graph, seeds).seconds]).toEqual(fresh);
    expect(graph).toMatchObject(copy);
    expect([...seeds.nodes]).toEqual([5, 9]);
    expect([...seeds.seconds]).toEqual([0, 3]);
  });

  it('refuses a seed outside the graph and a graph of another size', () => {
    const graph = csr(3, [[0, 1, 1]]);
    expect(() => new ShortestPaths(3).run(graph, { nodes: [3], seconds: [0] })).toThrow(/not in the graph/);
    expect(() => new ShortestPaths(4).run(graph, { nodes: [0], seconds: [0] })).toThrow(/graph of 3/);
  });
});
