import { pointOnFeature, polygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import { labelPoint } from '../../../src/geo/label-point';
import type { BenchCase } from '../harness';
import { seededRandom } from '../seeded';

/** Irregular star-shaped polygons (like statistical blocks), seeded. */
function polygons(count: number): Polygon[] {
  const random = seededRandom(7);
  return Array.from({ length: count }, () => {
    const centerX = 9.7 + random() * 0.4;
    const centerY = 50.8 + random() * 0.2;
    const ring: [number, number][] = [];
    const vertices = 12 + Math.floor(random() * 40);
    for (let index = 0; index < vertices; index++) {
      const angle = (index / vertices) * 2 * Math.PI;
      const radius = 0.002 + random() * 0.004;
      ring.push([centerX + Math.cos(angle) * radius, centerY + Math.sin(angle) * radius]);
    }
    ring.push(ring[0]!);
    return { type: 'Polygon', coordinates: [ring] };
  });
}

export const labelPointsBench: BenchCase = {
  name: 'label-points-10k',
  peer: 'turf.pointOnFeature',
  setup: () => polygons(10_000),
  ours: (data: Polygon[]) => data.map((geometry) => labelPoint(geometry)),
  peerRun: (data: Polygon[]) => data.map((geometry) => pointOnFeature(polygon(geometry.coordinates)).geometry.coordinates),
  note: (data: Polygon[]) => `${data.length} polygons, 12–51 vertices`,
};
