/**
 * The OSM import on the real extracts in ../shared/data (never copied into the project).
 * Skipped, with the reason printed, where that folder is absent.
 *
 * Element counts agree with `osmium fileinfo -e`; resources per category, addresses (and
 * duplicates) and drawn roads were checked with an independent pyosmium script applying the
 * same rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODE_CAR, MODE_WALK, graphStats, readOsmFile, type OsmImportResult, type RoadGraph } from '../../../../src/io/osm';

const sharedData = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const lauf = `${sharedData}osm_germany/lauf-200115.osm.pbf`;
const bayreuth = `${sharedData}osm_germany/north-bayreuth.osm.gz`;
const berlin = `${sharedData}berlin_lor/osm/berlin-siegessaeule.osm.gz`;

function skipReason(path: string): string | null {
  if (existsSync(path)) return null;
  const reason = `real-data test skipped: ${path} is absent`;
  console.log(reason);
  return reason;
}

function read(path: string): OsmImportResult {
  return readOsmFile(path.split('/').pop()!, new Uint8Array(readFileSync(path)));
}

function categories(result: OsmImportResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of result.resources) counts[resource.category] = (counts[resource.category] ?? 0) + 1;
  return counts;
}

/** Size of the largest set of nodes connected by edges open to `mode` (edges taken both ways). */
function largestComponent(graph: RoadGraph, mode: number): { size: number; nodes: number } {
  const neighbours: number[][] = Array.from({ length: graph.nodeCount }, () => []);
  for (let node = 0; node < graph.nodeCount; node++) {
    for (let edge = graph.offsets[node]!; edge < graph.offsets[node + 1]!; edge++) {
      if (graph.modes[edge]! & mode) {
        neighbours[node]!.push(graph.targets[edge]!);
        neighbours[graph.targets[edge]!]!.push(node);
      }
    }
  }
  const seen = new Uint8Array(graph.nodeCount);
  let largest = 0;
  let nodes = 0;
  for (let start = 0; start < graph.nodeCount; start++) {
    if (seen[start] || neighbours[start]!.length === 0) continue;
    let size = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const node = stack.pop()!;
      size++;
      for (const next of neighbours[node]!) {
        if (!seen[next]) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    nodes += size;
    largest = Math.max(largest, size);
  }
  return { size: largest, nodes };
}

function boxOf(positions: [number, number][]): [number, number, number, number] {
  return [
    Math.min(...positions.map((position) => position[0])),
    Math.min(...positions.map((position) => position[1])),
    Math.max(...positions.map((position) => position[0])),
    Math.max(...positions.map((position) => position[1])),
  ];
}

describe.skipIf(skipReason(lauf) !== null)('Lauf a.d. Pegnitz (.osm.pbf, 2020)', () => {
  const result = read(lauf);

  it('reads every element', () => {
    expect(result.format).toBe('pbf');
    expect(result.counts).toEqual({ nodes: 72_206, ways: 11_802, relations: 406 });
    expect(result.info.bounds).toEqual([11.2474, 49.499461, 11.3079357, 49.530445]);
  });

  it('finds 65 resources: 15 schools, 11 Kitas, 24 playgrounds, 7 sports centres, 6 health, 2 community centres', () => {
    expect(categories(result)).toEqual({ school: 15, kita: 11, playground: 24, club: 7, health: 6, other: 2 });
    const box = boxOf(result.resources.map((resource) => resource.geometry.coordinates as [number, number]));
    expect(box[0]).toBeGreaterThanOrEqual(11.2474);
    expect(box[1]).toBeGreaterThanOrEqual(49.499);
    expect(box[2]).toBeLessThanOrEqual(11.308);
    expect(box[3]).toBeLessThanOrEqual(49.5305);
    expect(result.resources.every((resource) => resource.attributes['source'] === '© OpenStreetMap contributors')).toBe(true);
  });

  it('reads the details planners look for', () => {
    const byName = (name: string) => result.resources.find((resource) => resource.name === name)!;
    expect(byName('Kinderärzte Lauf')).toMatchObject({ category: 'health', address: 'Marktplatz 33, 91207 Lauf a.d.Pegnitz' });
    expect(byName('Kinderärzte Lauf').attributes['openingHours']).toMatch(/^Mo-Th 09:00-12:00/);
    expect(byName('Krankenhaus Lauf')).toMatchObject({ id: 'osm-resources:r357746', category: 'health', address: 'Simonshofer Straße 55, 91207 Lauf a.d.Pegnitz' });
    expect(byName('Christoph-Jacob-Treu-Gymnasium').attributes).toMatchObject({ schoolType: 'Gymnasium', schoolTypeSource: 'name' });
    expect(byName('Oskar-Sembach-Realschule')).toMatchObject({ address: 'Nordring 5, 91207 Lauf a.d.Pegnitz', ageFromYears: 10, ageToYears: 16 });
    expect(byName('Evangelischer Kindergarten "Pusteblume"')).toMatchObject({ category: 'kita', id: 'osm-resources:n2126048039' });
  });

  it('lists what no rule maps, most frequent first', () => {
    expect(result.unmapped.slice(0, 3)).toEqual([
      { tag: 'amenity=parking', count: 287 },
      { tag: 'leisure=garden', count: 222 },
      { tag: 'amenity=bench', count: 125 },
    ]);
    expect(result.unmapped.find((entry) => entry.tag === 'amenity=social_facility')?.count).toBe(7);
    expect(result.unmapped.find((entry) => entry.tag === 'amenity=doctors')?.count).toBe(11);
  });

  it('builds a connected routing graph of the town', () => {
    const graph = result.network.graph;
    expect(graphStats(graph)).toMatchObject({ nodes: 10_092, edges: 21_819, walkEdges: 21_556, bikeEdges: 19_053, carEdges: 11_886 });
    const walk = largestComponent(graph, MODE_WALK);
    expect(walk.size / walk.nodes).toBeGreaterThan(0.98);
    const car = largestComponent(graph, MODE_CAR);
    expect(car.size / car.nodes).toBeGreaterThan(0.95);
    expect(Math.min(...graph.lengths)).toBeGreaterThan(0);
    expect(Math.max(...graph.lengths)).toBeLessThan(2000);
    expect(result.network.features).toHaveLength(2821);
    expect(result.network.features.filter((feature) => feature.properties.name === 'A 9').length).toBeGreaterThan(0);
    expect(result.issues.missingNodeRefs).toBe(776);
  });

  it('collects 5142 distinct addresses', () => {
    expect(result.addresses).toHaveLength(5142);
    expect(result.issues.duplicateAddresses).toBe(283);
    expect(result.addresses.every((address) => address.street && address.housenumber)).toBe(true);
    expect(result.addresses.filter((address) => address.postcode === '91207')).toHaveLength(4849);
  });
});

describe.skipIf(skipReason(bayreuth) !== null)('north of Bayreuth (Overpass .osm.gz, 2014)', () => {
  const result = read(bayreuth);

  it('reads every element and the Overpass timestamp', () => {
    expect(result.format).toBe('xml-gzip');
    expect(result.counts).toEqual({ nodes: 58_631, ways: 7_801, relations: 179 });
    expect(result.info).toMatchObject({ generator: 'Overpass API', timestamp: '2014-11-05T10:47:02Z', bounds: [11.4807, 49.9721, 11.6053, 50.047] });
  });

  it('finds 3 Kitas, 7 playgrounds, 1 sports centre and no school', () => {
    expect(categories(result)).toEqual({ kita: 3, playground: 7, club: 1 });
  });

  it('builds the rural network with the motorways A 9 and A 70 for cars only', () => {
    const graph = result.network.graph;
    expect(graphStats(graph)).toMatchObject({ nodes: 13_831, edges: 28_618, walkEdges: 27_508, bikeEdges: 27_589, carEdges: 11_723 });
    expect(result.network.features).toHaveLength(2056);
    const motorwayNames = new Set(result.network.features.map((feature) => feature.properties.name));
    expect(motorwayNames).toContain('A 9');
    expect(motorwayNames).toContain('A 70');
    let motorwayEdges = 0;
    for (let edge = 0; edge < graph.edgeCount; edge++) if (graph.modes[edge] === MODE_CAR && graph.carKmh[edge]! >= 100) motorwayEdges++;
    expect(motorwayEdges).toBe(450);
  });

  it('collects 788 distinct addresses', () => {
    expect(result.addresses).toHaveLength(788);
    expect(result.issues.duplicateAddresses).toBe(12);
  });
});

describe.skipIf(skipReason(berlin) !== null)('Berlin, Siegessäule (OSM API .osm.gz, 2017)', () => {
  const result = read(berlin);

  it('reads roads and paths around the Großer Stern, no resources', () => {
    expect(result.counts).toEqual({ nodes: 5117, ways: 418, relations: 50 });
    expect(result.resources).toEqual([]);
    expect(graphStats(result.network.graph)).toMatchObject({ nodes: 1098, edges: 2136, walkEdges: 1848, bikeEdges: 1095, carEdges: 261 });
    expect(result.network.features).toHaveLength(146);
    expect(result.network.features.filter((feature) => feature.properties.name === 'Großer Stern')).toHaveLength(19);
    const box = boxOf([...result.network.graph.lon].map((lon, node) => [lon, result.network.graph.lat[node]!]));
    expect(box[0]).toBeGreaterThan(13.31);
    expect(box[2]).toBeLessThan(13.38);
    expect(box[1]).toBeGreaterThan(52.5);
    expect(box[3]).toBeLessThan(52.53);
  });

  it('collects its 3 addresses', () => {
    expect(result.addresses.map((address) => `${address.street} ${address.housenumber}, ${address.postcode} ${address.city}`).sort()).toEqual([
      'Großer Stern 1, 10557 Berlin',
      'Spreeweg 1, 10557 Berlin',
      'Straße des 17. Juni 113, 10623 Berlin',
    ]);
  });
});
