import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import { basemapCollections, districtCollection, nearbyCollection, pointLayerDrawings, resourcesCollection, spaceLabelsCollection, spacesCollection } from '../../../src/map/features';
import { createPointTable, textAt, textColumn } from '../../../src/domain/point-table';
import type { Layer, MapFeature, Resource } from '../../../src/domain/types';
import { deepFreeze, testSpace } from '../helpers';

describe('map features', () => {
  it('carries id, code, name and colour of each space as properties', () => {
    const spaces = deepFreeze([testSpace('p', 's1', 'SR 01')]);
    const collection = spacesCollection(spaces);
    expect(collection.features[0]!.properties).toEqual({ id: 's1', code: 'SR 01', name: 'Raum SR 01', color: '#0072b2', noValue: false });
  });

  it('colours spaces by class in an indicator map, hatches those without a value, and labels them with the value', () => {
    const spaces = deepFreeze([testSpace('p', 's1', 'SR 01'), testSpace('p', 's2', 'SR 02', 10.01)]);
    const choropleth = { colours: new Map([['s1', '#440154'], ['s2', null]]), labels: new Map([['s1', '12,5'], ['s2', '< 5']]) };
    const fills = spacesCollection(spaces, choropleth).features.map((feature) => [feature.properties!['color'], feature.properties!['noValue']]);
    expect(fills).toEqual([
      ['#440154', false],
      ['#ffffff', true],
    ]);
    expect(spaceLabelsCollection(spaces, choropleth).features.map((feature) => feature.properties!['name'])).toEqual(['12,5', '< 5']);
  });

  it('places each label inside its space', () => {
    const spaces = deepFreeze([testSpace('p', 's1', 'SR 01'), testSpace('p', 's2', 'SR 02', 10.01)]);
    const labels = spaceLabelsCollection(spaces);
    labels.features.forEach((label, index) => {
      expect(booleanPointInPolygon(label.geometry, spaces[index]!.geometry)).toBe(true);
    });
  });

  it('has no district feature without an outline', () => {
    expect(districtCollection(null).features).toEqual([]);
  });

  it('sorts map features into landcover, roads and places', () => {
    const base = { projectId: 'p', layerId: 'l' };
    const features: MapFeature[] = deepFreeze([
      { ...base, id: 'a', geometry: { type: 'LineString', coordinates: [[10, 51], [10.1, 51]] }, properties: { class: 'residential' } },
      { ...base, id: 'b', geometry: { type: 'LineString', coordinates: [[10, 51], [10.1, 51]] }, properties: { class: 'river', name: 'Aue' } },
      { ...base, id: 'c', geometry: { type: 'Point', coordinates: [10, 51] }, properties: { class: 'place', name: 'Dorf', rank: 'village' } },
      { ...base, id: 'd', geometry: testSpace('p', 'x', 'x').geometry, properties: { class: 'forest' } },
    ]);
    const collections = basemapCollections(features);
    expect(collections.roads.features).toHaveLength(1);
    expect(collections.landcover.features.map((feature) => feature.properties?.['class'])).toEqual(['river', 'forest']);
    expect(collections.places.features[0]!.properties?.['name']).toBe('Dorf');
  });

  it('leaves address points out of the basemap', () => {
    const address: MapFeature = {
      projectId: 'p',
      layerId: 'addresses',
      id: 'a0',
      geometry: { type: 'Point', coordinates: [11.2, 49.5] },
      properties: { class: 'address', street: 'Am Anger', housenumber: '5', postcode: '91207', city: 'Lauf' },
    };
    const collections = basemapCollections([address]);
    expect([collections.landcover, collections.roads, collections.places].map((collection) => collection.features.length)).toEqual([0, 0, 0]);
  });

  it('gives each resource its id, name and category for the circle layer', () => {
    const resource: Resource = deepFreeze({
      id: 'r1',
      projectId: 'p',
      layerId: 'l',
      category: 'kita',
      name: 'Kita Anger',
      address: '',
      ageFromYears: 0,
      ageToYears: 6,
      capacity: 40,
      provider: '',
      geometry: { type: 'Point', coordinates: [11.2, 49.5] },
      attributes: {},
    });
    expect(resourcesCollection([resource]).features).toEqual([
      { type: 'Feature', properties: { id: 'r1', name: 'Kita Anger', category: 'kita' }, geometry: resource.geometry },
    ]);
  });

  it('hands resource records to the tile worker per layer as typed arrays with category and name', () => {
    const resource = (id: string, layerId: string, category: Resource['category'], name: string, lon: number): Resource => ({
      id, projectId: 'p', layerId, category, name, address: '', ageFromYears: null, ageToYears: null, capacity: null, provider: '', attributes: {},
      geometry: { type: 'Point', coordinates: [lon, 51] },
    });
    const drawings = pointLayerDrawings([], new Map(), [resource('a', 'L1', 'kita', 'Kita A', 10), resource('b', 'L2', 'school', '', 11), resource('c', 'L1', 'club', 'TSV', 12)]);
    expect(drawings.map((drawing) => [drawing.layerId, drawing.kind, Array.from(drawing.lon)])).toEqual([
      ['L1', 'resources', [10, 12]],
      ['L2', 'resources', [11]],
    ]);
    const [first, second] = drawings;
    expect([textAt(first!.category!, 0), textAt(first!.category!, 1), textAt(first!.name!, 1)]).toEqual(['kita', 'club', 'TSV']);
    expect(textAt(second!.name!, 0)).toBeNull();
  });

  it('draws located point layers, not figures per area nor rows placed on an area by its key', () => {
    const table = (columns: ReturnType<typeof textColumn>[]) => createPointTable({ lon: Float64Array.of(10, 11), lat: Float64Array.of(51, 52), columns });
    const layer = (id: string, kind: Layer['kind']): Layer => ({ id, projectId: 'p', kind, name: id, source: `${id}.csv`, importedAt: 0, mapping: {} });
    const tables = new Map([
      ['cases', table([textColumn('Hilfeart', ['§ 34', '§ 33'])])],
      ['keyed', table([textColumn('areaId', ['s1', 's2'])])],
      ['figures', table([textColumn('Gebiet', ['A', 'B'])])],
    ]);
    const drawings = pointLayerDrawings([layer('cases', 'demand'), layer('keyed', 'demand'), layer('figures', 'statistics')], tables);
    expect(drawings.map((drawing) => [drawing.layerId, drawing.kind])).toEqual([['cases', 'demand']]);
  });

  it('draws the nearby search as its circle, the resources found and the origin, nothing without a search', () => {
    const circle = deepFreeze({ type: 'Polygon' as const, coordinates: [[[10, 51], [10.01, 51], [10.01, 51.01], [10, 51]]] });
    const found = deepFreeze([
      { id: 'a', geometry: { type: 'Point' as const, coordinates: [10.002, 51.001] } },
    ]) as unknown as Resource[];
    const around = nearbyCollection({ circle }, { lon: 10.005, lat: 51.005, resourceId: null }, found);
    expect(around.features.map((feature) => feature.properties)).toEqual([{ role: 'radius' }, { role: 'found', id: 'a' }, { role: 'origin', kind: 'place' }]);
    expect(around.features[0]!.geometry).toBe(circle);
    expect(around.features[2]!.geometry).toEqual({ type: 'Point', coordinates: [10.005, 51.005] });
    expect(nearbyCollection({ circle }, { lon: 10, lat: 51, resourceId: 'r' }, []).features.at(-1)!.properties).toEqual({ role: 'origin', kind: 'resource' });
    expect(nearbyCollection(null, null, found).features).toEqual([]);
  });
});
