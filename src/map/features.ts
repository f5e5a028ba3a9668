/** Pure conversion of project records into the GeoJSON the map sources display. */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { isEmptyArea, type AreaGeometry, type Layer, type MapFeature, type Resource, type SocialSpace, type Unit } from '../domain/types';
import { labelPoint } from '../geo/label-point';
import { findColumn, textAt, type PointTable } from '../domain/point-table';

export function spacesCollection(spaces: readonly SocialSpace[]): FeatureCollection<AreaGeometry> {
  return {
    type: 'FeatureCollection',
    features: spaces
      .filter((space) => !isEmptyArea(space.geometry))
      .map((space) => ({
      type: 'Feature',
      properties: { id: space.id, code: space.code, name: space.name, color: space.color },
      geometry: space.geometry,
    })),
  };
}

export function spaceLabelsCollection(spaces: readonly SocialSpace[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: spaces
      .filter((space) => !isEmptyArea(space.geometry))
      .map((space) => ({
      type: 'Feature',
      properties: { id: space.id, code: space.code, name: space.name },
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

/** At most this many points of imported point layers are drawn (larger layers: a sample). */
export const MAX_DRAWN_POINTS = 200_000;

/**
 * Points of imported point layers (CSV): resources in the colour of their category when a
 * column named by the mapping holds a category id, demand as `demand`. Layers with more than
 * `MAX_DRAWN_POINTS` points in total are thinned evenly.
 */
export function pointLayerFeatures(
  layers: readonly Layer[],
  tables: ReadonlyMap<string, PointTable>,
): Feature<Point, { id: string; name: string; category: string }>[] {
  const total = layers.reduce((sum, layer) => sum + (tables.get(layer.id)?.length ?? 0), 0);
  const step = Math.max(1, Math.ceil(total / MAX_DRAWN_POINTS));
  const features: Feature<Point, { id: string; name: string; category: string }>[] = [];
  for (const layer of layers) {
    const table = tables.get(layer.id);
    if (!table) continue;
    const categoryColumn = layer.mapping['category'] ? findColumn(table, layer.mapping['category']) : undefined;
    const nameColumn = layer.mapping['name'] ? findColumn(table, layer.mapping['name']) : undefined;
    for (let row = 0; row < table.length; row += step) {
      const category = categoryColumn?.kind === 'text' ? (textAt(categoryColumn, row) ?? 'other') : layer.kind === 'demand' ? 'demand' : 'other';
      const name = nameColumn?.kind === 'text' ? (textAt(nameColumn, row) ?? '') : '';
      features.push({
        type: 'Feature',
        properties: { id: `${layer.id}:${row}`, name, category },
        geometry: { type: 'Point', coordinates: [table.lon[row]!, table.lat[row]!] },
      });
    }
  }
  return features;
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
