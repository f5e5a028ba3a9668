/**
 * How a slide is drawn, as data: which style layers each slide layer switches, which layers a
 * slide never shows (single points of imported layers, editing aids), and the projector and
 * print themes as property overrides. MapView applies them; tests read them.
 */
import type { FeatureCollection } from 'geojson';
import type { SlideLayer } from '../domain/types';
import type { CategoryDefinition } from '../domain/categories';
import { PROJECTOR_COLOURS, PROJECTOR_LINES, PROJECTOR_TYPE, typeSizePixels } from '../domain/projector-theme';
import {
  DEMAND_CLUSTER_COUNT_LAYER_ID,
  DEMAND_CLUSTER_LAYER_ID,
  DEMAND_HEXAGON_LABEL_LAYER_ID,
  NEARBY_FOUND_LAYER_ID,
  NEARBY_ORIGIN_LAYER_ID,
  NEARBY_RADIUS_LAYER_ID,
  RESOURCE_CIRCLE_LAYER_ID,
  RESOURCE_ICON_LAYER_ID,
  RESOURCE_TILE_LAYER_IDS,
  SPACE_FILL_LAYER_ID,
  SPACE_HOVERED_LAYER_ID,
  SPACE_NO_VALUE_LAYER_ID,
  SPACE_SELECTED_LAYER_ID,
  UNIT_FILL_LAYER_ID,
} from './style';

/** Everything a slide's map shows: the sources' data and how the layers are set. */
export interface MapDrawing {
  spaces: FeatureCollection;
  spaceLabels: FeatureCollection;
  district: FeatureCollection;
  /** Resources as points (drawn as symbols; a slide's resources are never clustered tiles). */
  resources: FeatureCollection;
  hexagons: FeatureCollection;
  /** Areas that change their space between the compared variants (hatched). */
  movedAreas: FeatureCollection;
  landcover: FeatureCollection;
  roads: FeatureCollection;
  places: FeatureCollection;
  /** The spaces show an indicator (opaque class colours). */
  choropleth: boolean;
  hexagonsShown: boolean;
  selection: readonly string[];
  layers: readonly SlideLayer[];
  categories: readonly CategoryDefinition[];
}

/** The style layers each slide layer switches on and off. */
export const SLIDE_LAYER_STYLE_IDS: Readonly<Record<SlideLayer, readonly string[]>> = {
  basemap: [
    'background',
    'landcover-settlement',
    'landcover-meadow',
    'landcover-forest',
    'landcover-water',
    'waterway-stream',
    'waterway-river',
    'road-footway',
    'road-casing',
    'road-residential',
    'road-major',
    'place-label',
    'basemap-raster',
  ],
  boundaries: [
    SPACE_FILL_LAYER_ID,
    SPACE_NO_VALUE_LAYER_ID,
    'atlas-demand-hexagons-fill',
    'atlas-spaces-casing',
    'atlas-spaces-outline',
    UNIT_FILL_LAYER_ID,
    'atlas-units-line',
    'atlas-compare-wash',
    'atlas-compare-hatch',
    'atlas-compare-casing',
    'atlas-compare-outline',
    SPACE_SELECTED_LAYER_ID,
  ],
  labels: ['atlas-space-labels', DEMAND_HEXAGON_LABEL_LAYER_ID, 'atlas-compare-labels'],
  resources: [RESOURCE_CIRCLE_LAYER_ID, RESOURCE_ICON_LAYER_ID],
  district: ['atlas-district-outline'],
};

/**
 * Layers a slide never shows: points of imported layers (demand is never drawn case by case;
 * resources come as symbols instead), the nearby finder, topology problems, editing overlays
 * and the hover outline.
 */
export const HIDDEN_ON_SLIDES: readonly string[] = [
  ...RESOURCE_TILE_LAYER_IDS,
  DEMAND_CLUSTER_LAYER_ID,
  DEMAND_CLUSTER_COUNT_LAYER_ID,
  'atlas-nearby-fill',
  NEARBY_RADIUS_LAYER_ID,
  NEARBY_FOUND_LAYER_ID,
  'atlas-nearby-origin-halo',
  NEARBY_ORIGIN_LAYER_ID,
  'atlas-problems-fill',
  'atlas-problems-line',
  'atlas-problems-point',
  'atlas-edit-fill',
  'atlas-edit-outline',
  SPACE_HOVERED_LAYER_ID,
];

/** Whether style layer `layerId` is shown with `layers` on. */
export function styleLayerVisible(layerId: string, layers: readonly SlideLayer[]): boolean {
  if (HIDDEN_ON_SLIDES.includes(layerId)) return false;
  for (const [slideLayer, ids] of Object.entries(SLIDE_LAYER_STYLE_IDS) as [SlideLayer, readonly string[]][]) {
    if (ids.includes(layerId)) return layers.includes(slideLayer);
  }
  return true;
}

export type SlideTheme = 'projector' | 'print';

/** One property override of a style layer. */
export interface ThemeOverride {
  layerId: string;
  kind: 'paint' | 'layout';
  name: string;
  value: unknown;
}

/**
 * The theme's overrides: thick boundaries on a white casing, dark labels on a wide white halo,
 * every label one size (projector: from the screen height, `PROJECTOR_TYPE.mapLabel`; print:
 * 13 CSS px, about 10 pt), and resource symbols large enough to tell apart without their colour.
 */
export function themeOverrides(theme: SlideTheme, viewportHeight: number): ThemeOverride[] {
  const projector = theme === 'projector';
  const label = slideLabelSize(theme, viewportHeight);
  const lines = projector ? PROJECTOR_LINES : { spaceOutline: 2.5, spaceCasing: 5.5, district: 3, selection: 6, labelHalo: 2.4 };
  const ink = PROJECTOR_COLOURS.ink;
  const halo = PROJECTOR_COLOURS.labelHalo;
  const paint = (layerId: string, name: string, value: unknown): ThemeOverride => ({ layerId, kind: 'paint', name, value });
  const layout = (layerId: string, name: string, value: unknown): ThemeOverride => ({ layerId, kind: 'layout', name, value });
  const textLayers = ['atlas-space-labels', DEMAND_HEXAGON_LABEL_LAYER_ID, 'atlas-compare-labels', 'place-label'];
  return [
    paint('atlas-spaces-outline', 'line-width', lines.spaceOutline),
    paint('atlas-spaces-casing', 'line-width', lines.spaceCasing),
    paint('atlas-district-outline', 'line-width', lines.district),
    paint('atlas-district-outline', 'line-color', ink),
    paint(SPACE_SELECTED_LAYER_ID, 'line-width', lines.selection),
    paint(SPACE_SELECTED_LAYER_ID, 'line-color', PROJECTOR_COLOURS.selection),
    ...textLayers.flatMap((layerId) => [
      layout(layerId, 'text-size', layerId === 'place-label' ? Math.round(label * 0.85) : label),
      paint(layerId, 'text-color', ink),
      paint(layerId, 'text-halo-color', halo),
      paint(layerId, 'text-halo-width', lines.labelHalo),
    ]),
    layout('atlas-space-labels', 'text-max-width', 12),
    // Code and name (or value) in one size: the value is what the audience reads.
    layout('atlas-space-labels', 'text-field', ['format', ['get', 'code'], {}, '\n', {}, ['get', 'name'], {}]),
    paint(RESOURCE_CIRCLE_LAYER_ID, 'circle-radius', projector ? 13 : 8),
    paint(RESOURCE_CIRCLE_LAYER_ID, 'circle-stroke-width', projector ? 3 : 1.5),
    layout(RESOURCE_ICON_LAYER_ID, 'icon-size', projector ? 1.05 : 0.65),
  ];
}

/** The size of the map labels in CSS pixels. */
export function slideLabelSize(theme: SlideTheme, viewportHeight: number): number {
  return theme === 'projector' ? Math.round(typeSizePixels(PROJECTOR_TYPE.mapLabel, viewportHeight)) : 13;
}

/** Layers whose zoom range a slide widens: category symbols at every zoom (not only from 12). */
export const SLIDE_ZOOM_RANGES: readonly { layerId: string; minzoom: number; maxzoom: number }[] = [{ layerId: RESOURCE_ICON_LAYER_ID, minzoom: 0, maxzoom: 24 }];
