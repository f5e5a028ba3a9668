import { describe, expect, it } from 'vitest';
import { residentialStreetPoints, spreadOverStreets } from '../../../../src/geo/network/demand-points';
import { LocalPlane } from '../../../../src/geo/network/plane';
import { RoadGraphBuilder } from '../../../../src/io/osm/graph';
import { MODE_WALK, ROAD_CLASSES } from '../../../../src/domain/travel';
import { deepFreeze, square } from '../../helpers';
import { at } from './graphs';

describe('population on the streets', () => {
  it('puts points every 50 m along residential streets only, each street once', () => {
    const builder = new RoadGraphBuilder();
    builder.addNode(-1, ...at(0, 0));
    builder.addNode(-2, ...at(200, 0));
    builder.addNode(-3, ...at(200, 300));
    builder.addEdge(0, 1, 200, MODE_WALK, 30, ROAD_CLASSES.indexOf('residential'));
    builder.addEdge(1, 0, 200, MODE_WALK, 30, ROAD_CLASSES.indexOf('residential'));
    builder.addEdge(1, 2, 300, MODE_WALK, 30, ROAD_CLASSES.indexOf('track'));
    const plane = new LocalPlane(10, 50);
    const points = residentialStreetPoints(builder.build(), plane);
    expect(points.lon).toHaveLength(4);
    expect([...points.lon].map((lon) => Math.round(plane.x(lon)))).toEqual([25, 75, 125, 175]);
  });

  it('spreads each area’s weight over its street points, else puts it at the label point; inputs unchanged', () => {
    const areas = deepFreeze([
      { geometry: square(10, 50, 0.01), weight: 30 },
      { geometry: square(10.02, 50, 0.01), weight: 12 },
      { geometry: square(10.04, 50, 0.01), weight: 0 },
    ]);
    const streets = { lon: Float64Array.of(10.002, 10.005, 10.008, 10.035, 10.045), lat: Float64Array.of(50.005, 50.005, 50.005, 50.005, 50.005) };
    const points = spreadOverStreets(areas, streets);
    expect([...points.area]).toEqual([0, 0, 0, 1]);
    expect([...points.weight]).toEqual([10, 10, 10, 12]);
    // The second area has no street inside: its label point, inside it.
    expect(points.lon[3]).toBeGreaterThan(10.02);
    expect(points.lon[3]).toBeLessThan(10.03);
    expect([...points.weight].reduce((sum, weight) => sum + weight, 0)).toBe(42);
    expect([...streets.lon]).toEqual([10.002, 10.005, 10.008, 10.035, 10.045]);
  });
});
