import { describe, expect, it } from 'vitest';
import { featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { basemapById } from '../../../src/map/basemaps';
import { buildStyle, DEMAND_HEXAGON_FILL_LAYER_ID, DEMAND_HEXAGON_LABEL_LAYER_ID, SOURCE_IDS } from '../../../src/map/style';
import type { FilterSpecification } from 'maplibre-gl';

describe('demand hexagon layers', () => {
  it('draw the hexagons above the space fills and below the space borders, their counts with the labels', () => {
    const style = buildStyle(basemapById('offline'));
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources[SOURCE_IDS.demandHexagons]).toMatchObject({ type: 'geojson' });
    const layers = style.layers.map((layer) => layer.id);
    expect(layers.indexOf(DEMAND_HEXAGON_FILL_LAYER_ID)).toBeGreaterThan(layers.indexOf('atlas-spaces-fill'));
    expect(layers.indexOf(DEMAND_HEXAGON_FILL_LAYER_ID)).toBeLessThan(layers.indexOf('atlas-spaces-outline'));
    expect(layers.indexOf(DEMAND_HEXAGON_LABEL_LAYER_ID)).toBeGreaterThan(layers.indexOf('atlas-spaces-outline'));
  });

  it('label only cells with a count, never a suppressed one', () => {
    const label = buildStyle(basemapById('offline')).layers.find((layer) => layer.id === DEMAND_HEXAGON_LABEL_LAYER_ID)!;
    const filter = featureFilter((label as { filter: FilterSpecification }).filter, 'layers[0].filter');
    const passes = (properties: Record<string, unknown>) => filter.filter({ zoom: 13 } as never, { type: 3, properties, geometry: [] } as never);
    expect(passes({ count: 12, suppressed: false })).toBe(true);
    expect(passes({ count: null, suppressed: true })).toBe(false);
  });
});
