import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { BASEMAPS, basemapById } from '../../../src/map/basemaps';
import {
  buildStyle,
  fontOfStyle,
  mergeOverlayIntoStyle,
  POINT_CIRCLE_LAYER_ID,
  POINT_CLUSTER_LAYER_ID,
  pointTileLayers,
  pointTileUrl,
  NEARBY_FOUND_LAYER_ID,
  NEARBY_ORIGIN_LAYER_ID,
  NEARBY_RADIUS_LAYER_ID,
  RESOURCE_CIRCLE_LAYER_ID,
  resourceCircleLayer,
  SOURCE_IDS,
  demandClusterFilter,
  RESOURCE_TILE_LAYER_IDS,
} from '../../../src/map/style';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';

describe('map style', () => {
  it('builds a valid offline style that needs no network at all', () => {
    const style = buildStyle(basemapById('offline'));
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
  });

  it('draws the social spaces above the basemap and their labels last, only the numbers of suggested sites above them', () => {
    const layers = buildStyle(basemapById('offline')).layers.map((layer) => layer.id);
    expect(layers[0]).toBe('background');
    expect(layers.indexOf('atlas-spaces-fill')).toBeGreaterThan(layers.indexOf('road-major'));
    expect(layers.at(-2)).toBe('atlas-space-labels');
    expect(layers.at(-1)).toBe('atlas-reach-site-labels');
  });

  it('draws resources from the point tiles coloured by category, highlights above them, all above the spaces and below the labels', () => {
    for (const basemap of ['offline', 'osm-raster'] as const) {
      const style = buildStyle(basemapById(basemap));
      const layers = style.layers.map((layer) => layer.id);
      expect(style.sources[SOURCE_IDS.resources]).toMatchObject({ type: 'geojson' });
      expect(style.sources[SOURCE_IDS.points]).toMatchObject({ type: 'vector', tiles: [pointTileUrl(0)] });
      const outline = layers.indexOf('atlas-spaces-outline');
      const labels = layers.indexOf('atlas-space-labels');
      for (const id of [POINT_CLUSTER_LAYER_ID, POINT_CIRCLE_LAYER_ID, RESOURCE_CIRCLE_LAYER_ID]) {
        expect(layers.indexOf(id)).toBeGreaterThan(outline);
        expect(layers.indexOf(id)).toBeLessThan(labels);
      }
      expect(layers.indexOf(RESOURCE_CIRCLE_LAYER_ID)).toBeGreaterThan(layers.indexOf(POINT_CIRCLE_LAYER_ID));
      expect(validateStyleMin(style)).toEqual([]);
    }
    const points = pointTileLayers().find((layer) => layer.id === POINT_CIRCLE_LAYER_ID) as { paint: Record<string, unknown> };
    const colour = JSON.stringify(points.paint['circle-color']);
    expect(colour).toContain('"kita","#E69F00"');
    expect(colour).toContain('"playground","#F0E442"');
    // A cluster takes the colour of its most frequent category.
    const cluster = pointTileLayers().find((layer) => layer.id === POINT_CLUSTER_LAYER_ID) as { paint: Record<string, unknown> };
    expect(JSON.stringify(cluster.paint['circle-color'])).toContain('["get","dominant"]');
    const highlight = resourceCircleLayer() as { paint: Record<string, unknown> };
    expect(highlight.paint['circle-stroke-color']).toBe('#111111');
  });

  it('builds a valid OpenStreetMap raster style with attribution', () => {
    const style = buildStyle(basemapById('osm-raster'));
    expect(validateStyleMin(style)).toEqual([]);
    const raster = style.sources['basemap-raster'] as { attribution: string };
    expect(raster.attribution).toContain('OpenStreetMap');
    expect(style.sources[SOURCE_IDS.spaces]).toBeDefined();
  });

  it('gives every online basemap an attribution', () => {
    for (const basemap of BASEMAPS.filter((candidate) => candidate.online)) {
      expect(basemap.attribution.length, basemap.id).toBeGreaterThan(10);
    }
    expect(BASEMAPS[0]!.id).toBe('offline');
  });

  it('merges the overlay into a fetched vector style and uses its fonts', () => {
    const fetched: StyleSpecification = {
      version: 8,
      glyphs: 'https://example.invalid/fonts/{fontstack}/{range}.pbf',
      sources: { base: { type: 'vector', url: 'https://example.invalid/tiles.json' } },
      layers: [
        { id: 'bg', type: 'background' },
        { id: 'names', type: 'symbol', source: 'base', 'source-layer': 'x', layout: { 'text-font': ['Roboto Bold'] } },
      ],
    };
    const merged = mergeOverlayIntoStyle(fetched, basemapById('basemap-de'));
    expect(validateStyleMin(merged)).toEqual([]);
    expect(fontOfStyle(fetched)).toBe('Roboto Bold');
    const label = merged.layers.find((layer) => layer.id === 'atlas-space-labels')!;
    expect((label as { layout: Record<string, unknown> }).layout['text-font']).toEqual(['Roboto Bold']);
    expect((merged.sources['base'] as { attribution: string }).attribution).toContain('basemap.de');
    expect(fetched.layers).toHaveLength(2);
  });

  it('draws the nearby circle below the resources, the rings of those found above them and a picked place above the highlights', () => {
    for (const basemap of ['offline', 'osm-raster'] as const) {
      const style = buildStyle(basemapById(basemap));
      const layers = style.layers.map((layer) => layer.id);
      expect(style.sources[SOURCE_IDS.nearby]).toMatchObject({ type: 'geojson' });
      expect(layers.indexOf('atlas-nearby-fill')).toBeGreaterThan(layers.indexOf('atlas-spaces-outline'));
      expect(layers.indexOf(NEARBY_RADIUS_LAYER_ID)).toBeLessThan(layers.indexOf(POINT_CIRCLE_LAYER_ID));
      expect(layers.indexOf(NEARBY_FOUND_LAYER_ID)).toBeGreaterThan(layers.indexOf(POINT_CIRCLE_LAYER_ID));
      expect(layers.indexOf(NEARBY_ORIGIN_LAYER_ID)).toBeGreaterThan(layers.indexOf(RESOURCE_CIRCLE_LAYER_ID));
      expect(layers.indexOf(NEARBY_ORIGIN_LAYER_ID)).toBeLessThan(layers.indexOf('atlas-space-labels'));
      expect(validateStyleMin(style)).toEqual([]);
    }
  });

  it('never draws a single demand point, nor a demand cluster below the suppression threshold', () => {
    const demandLayers = pointTileLayers().filter((layer) => 'source-layer' in layer && layer['source-layer'] === 'demand');
    expect(demandLayers.length).toBeGreaterThan(0);
    const passes = (filter: unknown, properties: Record<string, unknown>) =>
      featureFilter(filter as never, "layers[0].filter").filter({ zoom: 18 } as never, { type: 1, properties, geometry: [] } as never);
    for (const layer of demandLayers) {
      const filter = (layer as { filter?: unknown }).filter;
      expect(passes(filter, {})).toBe(false);
      expect(passes(filter, { point_count: 4, cluster: true })).toBe(false);
      expect(passes(filter, { point_count: 5, cluster: true })).toBe(true);
    }
    expect(passes(demandClusterFilter(10), { point_count: 9 })).toBe(false);
  });

  it('names every resource tile layer for hiding them under an indicator map', () => {
    const ids = pointTileLayers()
      .filter((layer) => 'source-layer' in layer && layer['source-layer'] === 'resources')
      .map((layer) => layer.id);
    expect([...RESOURCE_TILE_LAYER_IDS].sort()).toEqual(ids.sort());
  });
});
