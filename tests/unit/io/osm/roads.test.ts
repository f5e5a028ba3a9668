import { describe, expect, it } from 'vitest';
import {
  MODE_BIKE,
  MODE_CAR,
  MODE_WALK,
  ROAD_CLASSES,
  accessValue,
  graphBuffers,
  graphStats,
  parseMaxspeed,
  readOsmFile,
  roadAttributes,
  type RoadGraph,
} from '../../../../src/io/osm';
import { haversineMetres } from '../../../../src/io/osm/geometry';
import { fixture } from './osm-test-helpers';

const WALK = MODE_WALK;
const BIKE = MODE_BIKE;
const CAR = MODE_CAR;
const ALL = WALK | BIKE | CAR;

function edgeBetween(graph: RoadGraph, fromOsm: number, toOsm: number) {
  const from = graph.osmIds.indexOf(fromOsm);
  const to = graph.osmIds.indexOf(toOsm);
  if (from < 0 || to < 0) return undefined;
  for (let edge = graph.offsets[from]!; edge < graph.offsets[from + 1]!; edge++) {
    if (graph.targets[edge] === to) {
      return { modes: graph.modes[edge]!, metres: graph.lengths[edge]!, carKmh: graph.carKmh[edge]!, roadClass: ROAD_CLASSES[graph.roadClass[edge]!] };
    }
  }
  return undefined;
}

/** Modes forward (a → b) and backward (b → a); 0 where there is no edge. */
function modes(graph: RoadGraph, a: number, b: number): [number, number] {
  return [edgeBetween(graph, a, b)?.modes ?? 0, edgeBetween(graph, b, a)?.modes ?? 0];
}

describe('OSM road network from hand-made roads', () => {
  const result = readOsmFile('roads.osm', fixture('roads.osm'), { projectId: 'p1', networkLayerId: 'net' });
  const graph = result.network.graph;

  it.each([
    ['residential: everybody, both ways', 1, 2, [ALL, ALL]],
    ['footway: walking only', 3, 4, [WALK, WALK]],
    ['footway + bicycle=yes', 4, 5, [WALK | BIKE, WALK | BIKE]],
    ['cycleway: cycling only', 5, 6, [BIKE, BIKE]],
    ['motorway: cars, one way', 6, 7, [CAR, 0]],
    ['primary oneway, oneway:bicycle=no', 7, 8, [ALL, WALK | BIKE]],
    ['track: no cars', 8, 9, [WALK | BIKE, WALK | BIKE]],
    ['track + motor_vehicle=yes', 9, 10, [ALL, ALL]],
    ['service + access=private: nobody', 10, 11, [0, 0]],
    ['access=no + foot=yes', 11, 12, [WALK, WALK]],
    ['steps', 12, 13, [WALK, WALK]],
    ['trunk + motorroad=yes', 13, 14, [CAR, CAR]],
    ['oneway=-1', 14, 15, [WALK, ALL]],
    ['roundabout', 15, 16, [ALL, WALK]],
    ['living_street', 16, 17, [ALL, ALL]],
    ['vehicle=agricultural;forestry', 17, 18, [WALK, WALK]],
    ['construction: not a road', 18, 19, [0, 0]],
  ] as const)('%s', (_, a, b, expected) => {
    expect(modes(graph, a, b)).toEqual(expected);
  });

  it('builds CSR arrays: 22 nodes, 35 directed edges, offsets ascending', () => {
    expect(graph.nodeCount).toBe(22);
    expect(graph.edgeCount).toBe(35);
    expect(graph.offsets).toHaveLength(23);
    expect(graph.offsets[0]).toBe(0);
    expect(graph.offsets[22]).toBe(35);
    for (let node = 0; node < 22; node++) expect(graph.offsets[node + 1]!).toBeGreaterThanOrEqual(graph.offsets[node]!);
    for (const array of [graph.targets, graph.lengths, graph.modes, graph.carKmh, graph.roadClass]) expect(array).toHaveLength(35);
    expect(graph.lon).toBeInstanceOf(Float64Array);
    expect(graph.targets).toBeInstanceOf(Uint32Array);
    expect(graphBuffers(graph)).toHaveLength(9);
    expect(graph.lon[graph.osmIds.indexOf(7)]).toBe(11.207);
    expect(graph.lat[graph.osmIds.indexOf(7)]).toBe(49.5);
  });

  it('measures edges in metres on the sphere', () => {
    const expected = haversineMetres(11.201, 49.5, 11.202, 49.5);
    expect(expected).toBeCloseTo(72.21, 1);
    expect(edgeBetween(graph, 1, 2)!.metres).toBeCloseTo(expected, 3);
    expect(edgeBetween(graph, 2, 1)!.metres).toBeCloseTo(expected, 3);
  });

  it('stores car speeds from maxspeed or the class default, and the road class', () => {
    expect(edgeBetween(graph, 1, 2)).toMatchObject({ carKmh: 30, roadClass: 'residential' });
    expect(edgeBetween(graph, 6, 7)).toMatchObject({ carKmh: 130, roadClass: 'primary' });
    expect(edgeBetween(graph, 7, 8)).toMatchObject({ carKmh: 50, roadClass: 'primary' });
    expect(edgeBetween(graph, 9, 10)).toMatchObject({ carKmh: 20, roadClass: 'track' });
    expect(edgeBetween(graph, 13, 14)).toMatchObject({ carKmh: 100 });
    expect(edgeBetween(graph, 15, 14)).toMatchObject({ carKmh: 48, roadClass: 'secondary' });
    expect(edgeBetween(graph, 15, 16)).toMatchObject({ carKmh: 50, roadClass: 'tertiary' });
    expect(edgeBetween(graph, 16, 17)).toMatchObject({ carKmh: 7 });
    expect(edgeBetween(graph, 3, 4)).toMatchObject({ roadClass: 'footway' });
  });

  it('splits a way where a node is missing from the extract', () => {
    expect(modes(graph, 19, 20)).toEqual([WALK | BIKE, WALK | BIKE]);
    expect(modes(graph, 21, 22)).toEqual([WALK | BIKE, WALK | BIKE]);
    expect(modes(graph, 20, 21)).toEqual([0, 0]);
    expect(result.issues.missingNodeRefs).toBe(1);
    const path = result.network.features.find((feature) => feature.id === 'net:w118')!;
    expect(path.geometry).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [11.219, 49.5],
          [11.22, 49.5],
        ],
        [
          [11.221, 49.5],
          [11.222, 49.5],
        ],
      ],
    });
  });

  it('draws every road, private ones too, with class and name (or ref) for the map', () => {
    expect(result.network.features).toHaveLength(17);
    expect(result.network.features.map((feature) => feature.id)).not.toContain('net:w117');
    expect(result.network.features.map((feature) => feature.id)).not.toContain('net:w119');
    const lindenweg = result.network.features.find((feature) => feature.id === 'net:w101')!;
    expect(lindenweg).toEqual({
      id: 'net:w101',
      projectId: 'p1',
      layerId: 'net',
      geometry: {
        type: 'LineString',
        coordinates: [
          [11.201, 49.5],
          [11.202, 49.5],
          [11.203, 49.5],
        ],
      },
      properties: { class: 'residential', name: 'Lindenweg' },
    });
    expect(result.network.features.find((feature) => feature.id === 'net:w105')!.properties).toEqual({ class: 'primary', name: 'A 9' });
    expect(result.network.features.find((feature) => feature.id === 'net:w109')!.properties).toEqual({ class: 'residential' });
  });

  it('sums the network per mode', () => {
    const stats = graphStats(graph);
    expect(stats).toMatchObject({ nodes: 22, edges: 35, walkEdges: 30, bikeEdges: 22, carEdges: 14 });
    expect(stats.walkKm).toBeCloseTo((30 * haversineMetres(11.201, 49.5, 11.202, 49.5)) / 1000, 4);
  });

  it('can leave the network out', () => {
    const none = readOsmFile('roads.osm', fixture('roads.osm'), { include: { network: false } });
    expect(none.network.graph.nodeCount).toBe(0);
    expect(none.network.features).toEqual([]);
  });
});

describe('OSM access and speed rules', () => {
  it('reads access values, lists included', () => {
    expect(accessValue(undefined)).toBeNull();
    expect(accessValue('yes')).toBe(true);
    expect(accessValue('destination')).toBe(true);
    expect(accessValue('private')).toBe(false);
    expect(accessValue('agricultural;forestry')).toBe(false);
    expect(accessValue('agricultural, forestry')).toBe(false);
    expect(accessValue('agricultural;destination')).toBe(true);
    expect(accessValue('unknown')).toBeNull();
  });

  it('lets the most specific tag win', () => {
    expect(roadAttributes({ highway: 'residential', access: 'no', motor_vehicle: 'destination' })).toMatchObject({ forward: CAR, backward: CAR });
    expect(roadAttributes({ highway: 'residential', motor_vehicle: 'no', motorcar: 'yes' })).toMatchObject({ forward: ALL });
    expect(roadAttributes({ highway: 'path', bicycle: 'no' })).toMatchObject({ forward: WALK, backward: WALK });
    expect(roadAttributes({ highway: 'cycleway', foot: 'designated' })).toMatchObject({ forward: WALK | BIKE });
    expect(roadAttributes({ highway: 'pedestrian', bicycle: 'yes' })).toMatchObject({ forward: WALK | BIKE });
    expect(roadAttributes({ highway: 'residential', oneway: 'yes', cycleway: 'opposite_lane' })).toMatchObject({ forward: ALL, backward: WALK | BIKE });
    expect(roadAttributes({ highway: 'footway', 'oneway:foot': 'yes' })).toMatchObject({ forward: WALK, backward: 0 });
    expect(roadAttributes({ highway: 'motorway', oneway: 'no' })).toMatchObject({ forward: CAR, backward: CAR });
    expect(roadAttributes({ highway: 'bridleway' })).toBeNull();
    expect(roadAttributes({ highway: 'proposed' })).toBeNull();
    expect(roadAttributes({ highway: 'bus_stop' })).toBeNull();
    expect(roadAttributes({ building: 'yes' })).toBeNull();
  });

  it('parses maxspeed', () => {
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed(' 70 ')).toBe(70);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('DE:urban')).toBe(50);
    expect(parseMaxspeed('DE:zone30')).toBe(30);
    expect(parseMaxspeed('walk')).toBe(7);
    expect(parseMaxspeed('none')).toBe(130);
    expect(parseMaxspeed('50;30')).toBe(30);
    expect(parseMaxspeed('signals')).toBeNull();
    expect(parseMaxspeed('0')).toBeNull();
    expect(parseMaxspeed(undefined)).toBeNull();
    expect(roadAttributes({ highway: 'primary', maxspeed: 'signals' })?.carKmh).toBe(70);
  });
});
