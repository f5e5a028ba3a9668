/**
 * Where the people of a base unit live, as weighted points: a unit's population (of the age a
 * category serves) is spread evenly over the streets inside it — points every
 * `STREET_SPACING_METERS` along residential, tertiary and secondary roads, the roads houses
 * stand on — and lies at the unit's label point when no such street runs through it. This is
 * the usual dasymetric step of accessibility studies: a village unit's children then live in
 * the village, not at the middle of its fields and woods, and a unit split by a river is
 * reached from both banks.
 *
 * Pure: the areas and the street points come in, weighted points go out; inputs are not
 * changed.
 */
import type { AreaGeometry } from '../../domain/types';
import { ROAD_CLASSES } from '../../domain/travel';
import { assignPoints } from '../assign-points';
import { labelPoint } from '../label-point';
import type { NetworkGraph } from './graph';
import type { LocalPlane } from './plane';

/** Spacing of the points along residential streets, metres. */
export const STREET_SPACING_METERS = 50;

/** Road classes houses are taken to stand on. */
const RESIDENTIAL_CLASSES = new Set(['secondary', 'tertiary', 'residential'].map((roadClass) => ROAD_CLASSES.indexOf(roadClass as never)));

export interface WeightedArea {
  geometry: AreaGeometry;
  /** How many people (or cases) live in the area. */
  weight: number;
}

export interface DemandPoints {
  lon: Float64Array;
  lat: Float64Array;
  weight: Float64Array;
  /** Index of the area a point stands for; -1 for points that belong to none. */
  area: Int32Array;
}

/** Points every `spacingMeters` along the residential streets of a graph (each segment once). */
export function residentialStreetPoints(graph: NetworkGraph, plane: LocalPlane, spacingMeters = STREET_SPACING_METERS): { lon: Float64Array; lat: Float64Array } {
  const lon: number[] = [];
  const lat: number[] = [];
  for (let from = 0; from < graph.nodeCount; from++) {
    const fromX = plane.x(graph.lon[from]!);
    const fromY = plane.y(graph.lat[from]!);
    for (let edge = graph.offsets[from]!; edge < graph.offsets[from + 1]!; edge++) {
      const to = graph.targets[edge]!;
      // A segment stored both ways is taken from its lower node; one stored one way from there.
      if (to === from || !RESIDENTIAL_CLASSES.has(graph.roadClass[edge]!)) continue;
      if (to < from && hasEdge(graph, to, from)) continue;
      const dx = plane.x(graph.lon[to]!) - fromX;
      const dy = plane.y(graph.lat[to]!) - fromY;
      const pieces = Math.max(1, Math.round(Math.hypot(dx, dy) / spacingMeters));
      // Midpoints of equal pieces: a short segment still gets one point, junctions none twice.
      for (let piece = 0; piece < pieces; piece++) {
        const fraction = (piece + 0.5) / pieces;
        lon.push(plane.lon(fromX + dx * fraction));
        lat.push(plane.lat(fromY + dy * fraction));
      }
    }
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat) };
}

function hasEdge(graph: NetworkGraph, from: number, to: number): boolean {
  for (let edge = graph.offsets[from]!; edge < graph.offsets[from + 1]!; edge++) if (graph.targets[edge] === to) return true;
  return false;
}

/**
 * Spread each area's weight evenly over the street points inside it (the first area wins where
 * areas overlap); an area without street points gets one point at its label point. Areas with
 * weight 0 give no points.
 */
export function spreadOverStreets(areas: readonly WeightedArea[], streets: { lon: Float64Array; lat: Float64Array } | null): DemandPoints {
  const areaOfStreet = streets && streets.lon.length > 0 ? assignPoints(streets.lon, streets.lat, areas.map((area, index) => ({ id: String(index), geometry: area.geometry }))) : new Int32Array(0);
  const perArea = new Int32Array(areas.length);
  for (const area of areaOfStreet) if (area >= 0 && areas[area]!.weight > 0) perArea[area]!++;
  const lon: number[] = [];
  const lat: number[] = [];
  const weight: number[] = [];
  const owner: number[] = [];
  areaOfStreet.forEach((area, point) => {
    if (area < 0 || !(areas[area]!.weight > 0)) return;
    lon.push(streets!.lon[point]!);
    lat.push(streets!.lat[point]!);
    weight.push(areas[area]!.weight / perArea[area]!);
    owner.push(area);
  });
  areas.forEach((area, index) => {
    if (!(area.weight > 0) || perArea[index]! > 0) return;
    const [x, y] = labelPoint(area.geometry);
    lon.push(x!);
    lat.push(y!);
    weight.push(area.weight);
    owner.push(index);
  });
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), weight: Float64Array.from(weight), area: Int32Array.from(owner) };
}
