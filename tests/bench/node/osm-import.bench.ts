/**
 * `osm-import`: the Lauf a.d. Pegnitz extract (.osm.pbf, 1 MB, 72k nodes) to resources, routing
 * graph and addresses.
 *
 * Ours: readOsmFile (pbf + fflate reader streaming into the collector).
 * Peer: what a developer would otherwise write — tiny-osmpbf (the browser-capable PBF parser on
 * npm) to OSM JSON, osmtogeojson to GeoJSON of everything, then filtering the features: the
 * same category rules and access rules (ours, so only the pipeline differs), turf.centroid for
 * areas, a graph built by hashing vertex coordinates with turf.distance per segment.
 *
 * The two pipelines do not give identical numbers: osmtogeojson handles ways with nodes missing
 * from the extract differently and keeps duplicate addresses (the note prints both).
 *
 * Skipped, with the reason printed, where ../shared/data is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { centroid, distance } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { CategoryMatcher, readOsmFile, roadAttributes } from '../../../src/io/osm';
import type { BenchCase } from '../harness';

const require = createRequire(import.meta.url);
const tinyOsmPbf = require('tiny-osmpbf') as (input: Uint8Array) => { elements: unknown[] };
const osmtogeojson = require('osmtogeojson') as (data: unknown) => FeatureCollection;

const lauf = fileURLToPath(new URL('../../../../shared/data/osm_germany/lauf-200115.osm.pbf', import.meta.url));

interface PeerResult {
  resources: { id: string; category: string; position: Position }[];
  addresses: { street: string; housenumber: string; position: Position }[];
  nodes: number;
  edges: number;
}

/** The generic route: everything to GeoJSON first, then pick what is needed. */
function peerImport(bytes: Uint8Array): PeerResult {
  const geojson = osmtogeojson(tinyOsmPbf(bytes));
  const matcher = new CategoryMatcher();
  const resources: PeerResult['resources'] = [];
  const addresses: PeerResult['addresses'] = [];
  const vertexIds = new Map<string, number>();
  const sources: number[] = [];
  const targets: number[] = [];
  const lengths: number[] = [];
  const modes: number[] = [];
  const vertex = (position: Position) => {
    const key = `${position[0]},${position[1]}`;
    let id = vertexIds.get(key);
    if (id === undefined) {
      id = vertexIds.size;
      vertexIds.set(key, id);
    }
    return id;
  };
  const pointOf = (feature: Feature<Geometry>) =>
    feature.geometry.type === 'Point' ? feature.geometry.coordinates : centroid(feature as Feature<Geometry>).geometry.coordinates;
  for (const feature of geojson.features) {
    const tags = ((feature.properties ?? {}) as { tags?: Record<string, string> }).tags ?? {};
    const rule = matcher.match(tags);
    if (rule >= 0) resources.push({ id: String(feature.id), category: matcher.rules[rule]!.category, position: pointOf(feature) });
    if (tags['addr:housenumber'] && (tags['addr:street'] || tags['addr:place'])) {
      addresses.push({ street: tags['addr:street'] ?? tags['addr:place']!, housenumber: tags['addr:housenumber'], position: pointOf(feature) });
    }
    if (tags['highway'] && feature.geometry.type === 'LineString') {
      const attributes = roadAttributes(tags);
      if (!attributes) continue;
      const line = feature.geometry.coordinates;
      for (let index = 1; index < line.length; index++) {
        const from = vertex(line[index - 1]!);
        const to = vertex(line[index]!);
        const metres = distance(line[index - 1]!, line[index]!, { units: 'meters' });
        if (attributes.forward) {
          sources.push(from);
          targets.push(to);
          lengths.push(metres);
          modes.push(attributes.forward);
        }
        if (attributes.backward) {
          sources.push(to);
          targets.push(from);
          lengths.push(metres);
          modes.push(attributes.backward);
        }
      }
    }
  }
  return { resources, addresses, nodes: vertexIds.size, edges: sources.length };
}

function oursImport(bytes: Uint8Array) {
  return readOsmFile('lauf-200115.osm.pbf', bytes);
}

export const osmImportBench: BenchCase = {
  name: 'osm-import',
  peer: 'tiny-osmpbf + osmtogeojson + turf filtering',
  setup: () => {
    const bytes = new Uint8Array(readFileSync(lauf));
    // Both pipelines need about five runs before the JIT settles; the harness warms up twice.
    for (let run = 0; run < 4; run++) {
      oursImport(bytes);
      peerImport(bytes);
    }
    return bytes;
  },
  ours: (bytes: Uint8Array) => oursImport(bytes),
  peerRun: (bytes: Uint8Array) => peerImport(bytes),
  note: (bytes: Uint8Array) => {
    const ours = oursImport(bytes);
    const peer = peerImport(bytes);
    return (
      `Lauf .osm.pbf ${(bytes.length / 1e6).toFixed(2)} MB, ${ours.counts.nodes} nodes; ` +
      `ours ${ours.resources.length} resources, graph ${ours.network.graph.nodeCount} nodes/${ours.network.graph.edgeCount} edges, ${ours.addresses.length} addresses; ` +
      `peer ${peer.resources.length} resources, graph ${peer.nodes} nodes/${peer.edges} edges, ${peer.addresses.length} addresses`
    );
  },
};

/** The benches to register: none (with the reason printed) where the extract is absent. */
export const osmImportBenches: BenchCase[] = existsSync(lauf) ? [osmImportBench] : [];
if (!existsSync(lauf)) console.log(`BENCH osm-import skipped: ${lauf} is absent`);
