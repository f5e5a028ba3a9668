/** Small routing graphs for the network tests, built with the importer's own builder. */
import { RoadGraphBuilder, type RoadGraph } from '../../../../src/io/osm/graph';
import { MODE_BIKE, MODE_CAR, MODE_WALK, ROAD_CLASSES } from '../../../../src/domain/travel';
import { seededRandom } from '../../../bench/seeded';

export const ALL_MODES = MODE_WALK | MODE_BIKE | MODE_CAR;
export const RESIDENTIAL = ROAD_CLASSES.indexOf('residential');

/** Metres per degree at latitude 50 (the local plane's scale there, within 1e-9). */
export const METRES_PER_DEGREE_LAT = (6_371_008.8 * Math.PI) / 180;
export const METRES_PER_DEGREE_LON = METRES_PER_DEGREE_LAT * Math.cos((50 * Math.PI) / 180);

/** Longitude/latitude of a point `x` metres east and `y` metres north of (10°, 50°). */
export function at(x: number, y: number): [number, number] {
  return [10 + x / METRES_PER_DEGREE_LON, 50 + y / METRES_PER_DEGREE_LAT];
}

export interface GridGraphOptions {
  columns: number;
  rows: number;
  spacingMeters: number;
}

/**
 * A street grid of `columns` × `rows` nodes `spacingMeters` apart around (10°, 50°), every street
 * open to all modes both ways, centred so that the middle node sits at (10°, 50°).
 */
export function gridGraph({ columns, rows, spacingMeters }: GridGraphOptions): RoadGraph {
  const builder = new RoadGraphBuilder();
  const offsetX = ((columns - 1) * spacingMeters) / 2;
  const offsetY = ((rows - 1) * spacingMeters) / 2;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const [lon, lat] = at(column * spacingMeters - offsetX, row * spacingMeters - offsetY);
      builder.addNode(-(row * columns + column + 1), lon, lat);
    }
  }
  const node = (column: number, row: number) => row * columns + column;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      if (column + 1 < columns) {
        builder.addEdge(node(column, row), node(column + 1, row), spacingMeters, ALL_MODES, 30, RESIDENTIAL);
        builder.addEdge(node(column + 1, row), node(column, row), spacingMeters, ALL_MODES, 30, RESIDENTIAL);
      }
      if (row + 1 < rows) {
        builder.addEdge(node(column, row), node(column, row + 1), spacingMeters, ALL_MODES, 30, RESIDENTIAL);
        builder.addEdge(node(column, row + 1), node(column, row), spacingMeters, ALL_MODES, 30, RESIDENTIAL);
      }
    }
  }
  return builder.build();
}

/** A random connected graph: `nodeCount` nodes scattered over `sizeMeters`, a random tree plus extra edges, random modes. */
export function randomGraph(seed: number, nodeCount: number, extraEdges: number, sizeMeters = 2000): RoadGraph {
  const random = seededRandom(seed);
  const builder = new RoadGraphBuilder();
  const xy: [number, number][] = [];
  for (let node = 0; node < nodeCount; node++) {
    const x = random() * sizeMeters;
    const y = random() * sizeMeters;
    xy.push([x, y]);
    const [lon, lat] = at(x, y);
    builder.addNode(-(node + 1), lon, lat);
  }
  const connect = (a: number, b: number) => {
    const metres = Math.max(1, Math.hypot(xy[a]![0] - xy[b]![0], xy[a]![1] - xy[b]![1]));
    const modes = [ALL_MODES, MODE_WALK, MODE_WALK | MODE_BIKE, ALL_MODES][Math.floor(random() * 4)]!;
    const carKmh = 20 + Math.floor(random() * 80);
    const roadClass = Math.floor(random() * ROAD_CLASSES.length);
    // Sometimes one-way for cars: the car bit only one way.
    const oneWay = random() < 0.2;
    builder.addEdge(a, b, metres, modes, carKmh, roadClass);
    builder.addEdge(b, a, metres, oneWay ? modes & ~MODE_CAR : modes, carKmh, roadClass);
  };
  for (let node = 1; node < nodeCount; node++) connect(node, Math.floor(random() * node));
  for (let extra = 0; extra < extraEdges; extra++) {
    const a = Math.floor(random() * nodeCount);
    const b = Math.floor(random() * nodeCount);
    if (a !== b) connect(a, b);
  }
  return builder.build();
}
