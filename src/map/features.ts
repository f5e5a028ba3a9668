/** Pure conversion of project records into the GeoJSON the map sources display. */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { isEmptyArea, type AreaGeometry, type Layer, type MapFeature, type Resource, type SocialSpace, type Unit } from '../domain/types';
import { labelPoint } from '../geo/label-point';
import { textColumn, type PointTable } from '../domain/point-table';
import { pointLayerDrawing, type PointLayerDrawing } from '../io/point-tiles';

/**
 * An indicator map over the spaces: per space id its class colour (null: no value or
 * suppressed, drawn neutral) and the value as the label shows it ("12,3", "< 5").
 */
export interface SpaceChoropleth {
  colours: ReadonlyMap<string, string | null>;
  labels: ReadonlyMap<string, string>;
}

/** Fill of a space without a value in an indicator map (suppressed or not computable), under a grey hatch. */
export const NO_VALUE_COLOUR = '#ffffff';

export function spacesCollection(spaces: readonly SocialSpace[], choropleth: SpaceChoropleth | null = null): FeatureCollection<AreaGeometry> {
  return {
    type: 'FeatureCollection',
    features: spaces
      .filter((space) => !isEmptyArea(space.geometry))
      .map((space) => ({
      type: 'Feature',
      properties: {
        id: space.id,
        code: space.code,
        name: space.name,
        color: choropleth ? (choropleth.colours.get(space.id) ?? NO_VALUE_COLOUR) : space.color,
        noValue: choropleth !== null && (choropleth.colours.get(space.id) ?? null) === null,
      },
      geometry: space.geometry,
    })),
  };
}

/** Label points of the spaces: code and name, or code and the indicator value in an indicator map. */
export function spaceLabelsCollection(spaces: readonly SocialSpace[], choropleth: SpaceChoropleth | null = null): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: spaces
      .filter((space) => !isEmptyArea(space.geometry))
      .map((space) => ({
      type: 'Feature',
      properties: { id: space.id, code: space.code, name: choropleth ? (choropleth.labels.get(space.id) ?? '') : space.name },
      geometry: { type: 'Point', coordinates: labelPoint(space.geometry) },
    })),
  };
}

export function districtCollection(outline: AreaGeometry | null): FeatureCollection<AreaGeometry> {
  return {
    type: 'FeatureCollection',
    features: outline ? [{ type: 'Feature', properties: {}, geometry: outline }] : [],
  };
}

/** Map features of the given layer kinds, split by what the offline basemap needs. */
export function basemapCollections(features: readonly MapFeature[]): {
  landcover: FeatureCollection;
  roads: FeatureCollection;
  places: FeatureCollection;
} {
  const landcover: Feature<Geometry>[] = [];
  const roads: Feature<Geometry>[] = [];
  const places: Feature<Geometry>[] = [];
  for (const feature of features) {
    // Address points are for address matching, not part of the basemap.
    if (feature.properties.class === 'address') continue;
    const geoJson: Feature<Geometry> = { type: 'Feature', properties: feature.properties, geometry: feature.geometry };
    if (feature.properties.class === 'place') places.push(geoJson);
    else if (feature.geometry.type === 'LineString' || feature.geometry.type === 'MultiLineString') {
      if (feature.properties.class === 'river' || feature.properties.class === 'stream') landcover.push(geoJson);
      else roads.push(geoJson);
    } else landcover.push(geoJson);
  }
  return {
    landcover: { type: 'FeatureCollection', features: landcover },
    roads: { type: 'FeatureCollection', features: roads },
    places: { type: 'FeatureCollection', features: places },
  };
}

/** Resources as points with id, name and category (the style colours them by category). */
export function resourcesCollection(resources: readonly Resource[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: resources.map((resource) => ({
      type: 'Feature',
      properties: { id: resource.id, name: resource.name, category: resource.category },
      geometry: resource.geometry,
    })),
  };
}

/** What a feature of the nearby overlay is (`role` property): the circle searched, its origin, a resource found within it. */
export type NearbyRole = 'radius' | 'origin' | 'found';

/**
 * The nearby finder's overlay: the circle searched, the origin (`kind` 'place' for a place or an
 * address, 'resource' when looking around a resource) and the resources found within the radius.
 * Empty when no search is on.
 */
export function nearbyCollection(
  area: { circle: Polygon } | null,
  origin: { lon: number; lat: number; resourceId: string | null } | null,
  found: readonly Resource[],
): FeatureCollection<Polygon | Point> {
  if (!area || !origin) return { type: 'FeatureCollection', features: [] };
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { role: 'radius' }, geometry: area.circle },
      ...found.map((resource): Feature<Point> => ({ type: 'Feature', properties: { role: 'found', id: resource.id }, geometry: resource.geometry })),
      {
        type: 'Feature',
        properties: { role: 'origin', kind: origin.resourceId ? 'resource' : 'place' },
        geometry: { type: 'Point', coordinates: [origin.lon, origin.lat] },
      },
    ],
  };
}

/** The record ids of each layer in the order `pointLayerDrawings` gives them to the tiles. */
export function recordIdsByLayer(resources: readonly Resource[]): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const resource of resources) {
    let list = ids.get(resource.layerId);
    if (!list) ids.set(resource.layerId, (list = []));
    list.push(resource.id);
  }
  return ids;
}

/**
 * Which resource a point id of the resource tiles is: the tiles number the points of all
 * resource drawings in turn, records first.
 */
export function resourceAtPoint(drawings: readonly PointLayerDrawing[], recordIds: ReadonlyMap<string, string[]>, pointId: number): string | null {
  let start = 0;
  for (const drawing of drawings) {
    if (drawing.kind !== 'resources') continue;
    const length = drawing.lon.length;
    if (pointId < start + length) return recordIds.get(drawing.layerId)?.[pointId - start] ?? null;
    start += length;
  }
  return null;
}

/**
 * What the map draws from the point tiles: resource records (grouped by layer) and imported
 * point layers. Records become typed arrays with category and name columns here (cheap: tens
 * of thousands); only these arrays cross to the tile worker.
 */
export function pointLayerDrawings(layers: readonly Layer[], tables: ReadonlyMap<string, PointTable>, resources: readonly Resource[] = []): PointLayerDrawing[] {
  const drawings: PointLayerDrawing[] = [];
  const byLayer = new Map<string, Resource[]>();
  for (const resource of resources) {
    let list = byLayer.get(resource.layerId);
    if (!list) byLayer.set(resource.layerId, (list = []));
    list.push(resource);
  }
  for (const [layerId, records] of byLayer) {
    drawings.push({
      layerId,
      kind: 'resources',
      lon: Float64Array.from(records, (resource) => resource.geometry.coordinates[0]!),
      lat: Float64Array.from(records, (resource) => resource.geometry.coordinates[1]!),
      category: textColumn('category', records.map((resource) => resource.category)),
      name: textColumn('name', records.map((resource) => resource.name || null)),
    });
  }
  for (const layer of layers) {
    // Figures per area are read through indicators, not drawn as dots at the areas' label points;
    // nor are rows located by an area key (they all sit on their area's label point).
    if (layer.kind === 'statistics') continue;
    const table = tables.get(layer.id);
    if (table && !table.columns.some((column) => column.name === 'areaId')) drawings.push(pointLayerDrawing(layer, table));
  }
  return drawings;
}

/** Base units with what the map needs to colour them by assignment. */
export function unitsCollection(
  units: readonly Unit[],
  assignment: ReadonlyMap<string, string>,
  spaceColours: ReadonlyMap<string, string>,
  assignMode: boolean,
): FeatureCollection<AreaGeometry> {
  return {
    type: 'FeatureCollection',
    features: units.map((unit) => {
      const spaceId = assignment.get(unit.id);
      return {
        type: 'Feature',
        properties: {
          id: unit.id,
          key: unit.key,
          name: unit.name,
          assigned: spaceId !== undefined,
          color: (spaceId && spaceColours.get(spaceId)) || '#D55E00',
          assignMode,
        },
        geometry: unit.geometry,
      };
    }),
  };
}

/**
 * Isochrone bands for the map, largest first (drawn first, so the faster bands lie on top), each
 * with its colour: the fastest the darkest of `colours` (given fastest first).
 */
export function isochroneCollection(bands: readonly { seconds: number; geometry: MultiPolygon }[], colours: readonly string[]): FeatureCollection<MultiPolygon> {
  return {
    type: 'FeatureCollection',
    features: bands
      .map((band, index) => ({ type: 'Feature' as const, properties: { seconds: band.seconds, color: colours[index] ?? '#888888' }, geometry: band.geometry }))
      .reverse(),
  };
}
