/**
 * The engine on the real Lauf a.d. Pegnitz extract (../shared/data, never copied into the
 * project; skipped with the reason printed where it is absent): its shortest times against a
 * second, deliberately simple implementation — Dijkstra with a Map of adjacency lists and a
 * linear scan for the next node, built straight from the road graph's edges — for every mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOsmFile } from '../../../../src/io/osm';
import { ShortestPaths } from '../../../../src/geo/network/dijkstra';
import { buildTravelGraph, densify, edgeSecondsFor } from '../../../../src/geo/network/travel-graph';
import { LocalPlane } from '../../../../src/geo/network/plane';
import { ReachabilityEngine } from '../../../../src/geo/network/engine';
import { DEFAULT_TRAVEL_SETTINGS, type TravelMode } from '../../../../src/domain/travel';
import type { RoadGraph } from '../../../../src/io/osm/graph';
import { seededRandom } from '../../../bench/seeded';

const lauf = fileURLToPath(new URL('../../../../../shared/data/osm_germany/lauf-200115.osm.pbf', import.meta.url));
const present = existsSync(lauf);
if (!present) console.log(`Lauf routing tests skipped: ${lauf} is absent`);

/** Times from `source` by a plain Dijkstra over Map adjacency lists, next node by linear scan. */
function simpleDijkstra(graph: RoadGraph, seconds: Float64Array, source: number, reverse: boolean): Float64Array {
  const adjacency = new Map<number, [number, number][]>();
  for (let from = 0; from < graph.nodeCount; from++) {
    for (let edge = graph.offsets[from]!; edge < graph.offsets[from + 1]!; edge++) {
      if (seconds[edge] === Infinity) continue;
      const [a, b] = reverse ? [graph.targets[edge]!, from] : [from, graph.targets[edge]!];
      if (!adjacency.has(a)) adjacency.set(a, []);
      adjacency.get(a)!.push([b, seconds[edge]!]);
    }
  }
  const times = new Float64Array(graph.nodeCount).fill(Infinity);
  const done = new Uint8Array(graph.nodeCount);
  const open = new Set<number>([source]);
  times[source] = 0;
  while (open.size > 0) {
    let best = -1;
    for (const node of open) if (best < 0 || times[node]! < times[best]!) best = node;
    open.delete(best);
    done[best] = 1;
    for (const [next, time] of adjacency.get(best) ?? []) {
      if (done[next] || times[best]! + time >= times[next]!) continue;
      times[next] = times[best]! + time;
      open.add(next);
    }
  }
  return times;
}

describe.skipIf(!present)('routing on the Lauf a.d. Pegnitz extract', { timeout: 60_000 }, () => {
  const graph = present ? readOsmFile('lauf-200115.osm.pbf', new Uint8Array(readFileSync(lauf))).network.graph : (null as never);

  it('gives the times of a simple second implementation, for every mode, forward and towards the source', () => {
    const random = seededRandom(2020);
    // Without added nodes the travel graph has the road graph's nodes: times compare node for node.
    const dense = densify(graph, LocalPlane.around(graph.lon, graph.lat), Infinity);
    for (const mode of ['walk', 'bike', 'car'] as TravelMode[]) {
      const travel = buildTravelGraph(graph, dense, mode, DEFAULT_TRAVEL_SETTINGS);
      const seconds = edgeSecondsFor(graph, mode, DEFAULT_TRAVEL_SETTINGS);
      const paths = new ShortestPaths(dense.nodeCount);
      for (let round = 0; round < 2; round++) {
        const source = Math.floor(random() * graph.nodeCount);
        for (const reverse of [false, true]) {
          const ours = paths.run(reverse ? travel.reverse : travel.forward, { nodes: [source], seconds: [0] }).seconds;
          const reference = simpleDijkstra(graph, seconds, source, reverse);
          let reached = 0;
          for (let node = 0; node < graph.nodeCount; node++) {
            if (reference[node] === Infinity) expect(ours[node]).toBe(Infinity);
            else {
              expect(Math.abs(ours[node]! - reference[node]!)).toBeLessThan(1e-6);
              reached++;
            }
          }
          if (mode !== 'car') expect(reached, `${mode} from ${source}`).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  it('knows one-way streets: by car some trips take longer one way than the other, on foot none', () => {
    const engine = new ReachabilityEngine(graph, DEFAULT_TRAVEL_SETTINGS);
    // Marktplatz and the station (Lauf links), both in the old town.
    const market = { lon: [11.2779], lat: [49.5107] };
    const random = seededRandom(7);
    const places = { lon: Array.from({ length: 200 }, () => 11.26 + random() * 0.035), lat: Array.from({ length: 200 }, () => 49.503 + random() * 0.02) };
    const carTo = engine.nearestSeconds('car', market, places, 'to-origins');
    const carFrom = engine.nearestSeconds('car', market, places, 'from-origins');
    const walkTo = engine.nearestSeconds('walk', market, places, 'to-origins');
    const walkFrom = engine.nearestSeconds('walk', market, places, 'from-origins');
    let differ = 0;
    for (let place = 0; place < 200; place++) {
      if (Math.abs(carTo[place]! - carFrom[place]!) > 5) differ++;
      expect(Math.abs(walkTo[place]! - walkFrom[place]!)).toBeLessThan(1);
      expect(walkTo[place]).toBeLessThan(Infinity);
    }
    expect(differ).toBeGreaterThanOrEqual(10);
  });
});
