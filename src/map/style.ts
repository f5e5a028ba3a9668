/**
 * Map style as data: pure functions from the chosen basemap to a MapLibre style.
 *
 * Project data (spaces, landcover, roads) are not part of the style: sources are declared
 * empty here and filled by MapView.setSourceData, which skips unchanged data.
 */
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Basemap } from './basemaps';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../domain/suppression';
import { DEFAULT_CATEGORIES, activeCategories, type CategoryDefinition } from '../domain/categories';
import { isLightColour } from '../domain/category-icons';
import { CATEGORY_IMAGE_PREFIX } from './category-images';
import { POINT_TILE_LAYERS } from '../io/point-tile-schema';
import { COMPARE_SOURCE_ID, movedAreaLabelLayer, movedAreaLayers } from './compare-style';

/** Font stacks for labels. The offline style has no `glyphs` URL, so MapLibre draws glyphs
 * locally with these names; the app registers matching web fonts (ui/fonts.ts). */
export const LABEL_FONT_REGULAR = 'Atlas Sans Regular';
export const LABEL_FONT_BOLD = 'Atlas Sans Bold';

export const SOURCE_IDS = {
  landcover: 'atlas-landcover',
  roads: 'atlas-roads',
  places: 'atlas-places',
  district: 'atlas-district',
  spaces: 'atlas-spaces',
  spaceLabels: 'atlas-space-labels',
  units: 'atlas-units',
  /** Resources (Kitas, schools, …) as points coloured by category. */
  resources: 'atlas-resources',
  /** Points of imported layers (CSV, point files): clustered vector tiles cut in a worker. */
  points: 'atlas-points',
  problems: 'atlas-problems',
  /** Areas that change their space between two compared variants. */
  comparison: COMPARE_SOURCE_ID,
  /** Neighbours following a shared-border edit, drawn live by the space editor. */
  edit: 'atlas-edit',
  /** The nearby finder: the circle searched, its origin and the resources found within it. */
  nearby: 'atlas-nearby',
  /** Located demand per hexagon (demand tab): only cells of at least the suppression threshold. */
  demandHexagons: 'atlas-demand-hexagons',
  /** Reachability tab: isochrone bands, white-spot hexagons, travel time per base unit, origins and suggested sites. */
  reachIsochrones: 'atlas-reach-isochrones',
  reachWhiteSpots: 'atlas-reach-white-spots',
  reachUnits: 'atlas-reach-units',
  reachMarkers: 'atlas-reach-markers',
} as const;

export const UNIT_FILL_LAYER_ID = 'atlas-units-fill';
export const RESOURCE_CIRCLE_LAYER_ID = 'atlas-resources-circle';
export const POINT_CIRCLE_LAYER_ID = 'atlas-points-circle';
export const POINT_CLUSTER_LAYER_ID = 'atlas-points-cluster';
export const POINT_CLUSTER_COUNT_LAYER_ID = 'atlas-points-cluster-count';
export const POINT_LABEL_LAYER_ID = 'atlas-points-label';
export const POINT_ICON_LAYER_ID = 'atlas-points-icon';
export const RESOURCE_ICON_LAYER_ID = 'atlas-resources-icon';
export const NEARBY_RADIUS_LAYER_ID = 'atlas-nearby-radius';
export const NEARBY_FOUND_LAYER_ID = 'atlas-nearby-found';
export const NEARBY_ORIGIN_LAYER_ID = 'atlas-nearby-origin';
/** The layers drawing resources from the point tiles (hidden while an indicator map is shown). */
export const RESOURCE_TILE_LAYER_IDS = [
  'atlas-points-cluster',
  'atlas-points-cluster-count',
  'atlas-points-circle',
  'atlas-points-icon',
  'atlas-points-label',
] as const;
/** From this zoom single resources show their category symbol instead of a dot. */
export const CATEGORY_SYMBOL_MIN_ZOOM = 12;
export const DEMAND_CLUSTER_LAYER_ID = 'atlas-demand-cluster';
export const DEMAND_CLUSTER_COUNT_LAYER_ID = 'atlas-demand-cluster-count';
export const DEMAND_HEXAGON_FILL_LAYER_ID = 'atlas-demand-hexagons-fill';
export const DEMAND_HEXAGON_LABEL_LAYER_ID = 'atlas-demand-hexagons-label';
/** Counts on the hexagons from this zoom (cells of 350 m are then about 25 px wide). */
export const DEMAND_HEXAGON_LABEL_MIN_ZOOM = 11;
/** URL scheme of the point tiles (a MapLibre protocol answered from the point-tiles worker). */
export const POINT_TILE_PROTOCOL = 'atlas-points';

/** The tile URL of the points; a new `version` makes the map fetch tiles of new data. */
export function pointTileUrl(version: number): string {
  return `${POINT_TILE_PROTOCOL}://{z}/{x}/{y}?v=${version}`;
}

export const SPACE_FILL_LAYER_ID = 'atlas-spaces-fill';
export const SPACE_SELECTED_LAYER_ID = 'atlas-spaces-selected';
/** The space hovered on the map or in a chart or table (linked highlighting). */
export const SPACE_HOVERED_LAYER_ID = 'atlas-spaces-hovered';
/** Grey stripes over spaces without a value in an indicator map (suppressed, not computable). */
export const SPACE_NO_VALUE_LAYER_ID = 'atlas-spaces-no-value';
export const NO_VALUE_HATCH_IMAGE_ID = 'atlas-hatch-no-value';
/** Layers that draw each space from the spaces source (hidden per space while it is edited). */
export const SPACE_SHAPE_LAYER_IDS = [SPACE_FILL_LAYER_ID, 'atlas-spaces-casing', 'atlas-spaces-outline'] as const;

function emptyGeoJsonSource(attribution?: string): SourceSpecification {
  const data: FeatureCollection = { type: 'FeatureCollection', features: [] };
  return attribution ? { type: 'geojson', data, attribution } : { type: 'geojson', data };
}

const classIs = (...classes: string[]): ExpressionSpecification => [
  'match',
  ['get', 'class'],
  classes,
  true,
  false,
];

/** Line width growing with zoom (exponential, as road widths do). */
const widthByZoom = (widthAt10Pixels: number, widthAt16Pixels: number): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  10,
  widthAt10Pixels,
  16,
  widthAt16Pixels,
];

/** Layers of the offline basemap drawn from the project's landcover and road features. */
export function offlineBasemapLayers(): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
    {
      id: 'landcover-settlement',
      type: 'fill',
      source: SOURCE_IDS.landcover,
      filter: classIs('settlement'),
      paint: { 'fill-color': '#e6ded3' },
    },
    {
      id: 'landcover-meadow',
      type: 'fill',
      source: SOURCE_IDS.landcover,
      filter: classIs('meadow'),
      paint: { 'fill-color': '#e3edd3' },
    },
    {
      id: 'landcover-forest',
      type: 'fill',
      source: SOURCE_IDS.landcover,
      filter: classIs('forest'),
      paint: { 'fill-color': '#c5dcb4' },
    },
    {
      id: 'landcover-water',
      type: 'fill',
      source: SOURCE_IDS.landcover,
      filter: classIs('water'),
      paint: { 'fill-color': '#a9cce3' },
    },
    {
      id: 'waterway-stream',
      type: 'line',
      source: SOURCE_IDS.landcover,
      filter: classIs('stream'),
      paint: { 'line-color': '#a9cce3', 'line-width': widthByZoom(1, 3) },
    },
    {
      id: 'waterway-river',
      type: 'line',
      source: SOURCE_IDS.landcover,
      filter: classIs('river'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#a9cce3', 'line-width': widthByZoom(3, 14) },
    },
    {
      id: 'road-footway',
      type: 'line',
      source: SOURCE_IDS.roads,
      minzoom: 12,
      filter: classIs('footway', 'track'),
      paint: { 'line-color': '#a08c72', 'line-width': widthByZoom(0.6, 1.6), 'line-dasharray': [3, 2] },
    },
    {
      id: 'road-casing',
      type: 'line',
      source: SOURCE_IDS.roads,
      filter: ['any', classIs('tertiary', 'secondary', 'primary'), ['all', classIs('residential'), ['>=', ['zoom'], 11.5]]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#b9ada0', 'line-width': widthByZoom(1.4, 9) },
    },
    {
      id: 'road-residential',
      type: 'line',
      source: SOURCE_IDS.roads,
      minzoom: 11.5,
      filter: classIs('residential'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': widthByZoom(0.6, 7) },
    },
    {
      id: 'road-major',
      type: 'line',
      source: SOURCE_IDS.roads,
      filter: classIs('tertiary', 'secondary', 'primary'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'class'], 'primary', '#f3b76b', 'secondary', '#f7d58b', '#fdf0b8'],
        'line-width': widthByZoom(1, 8),
      },
    },
  ];
}

/** Place names of the offline basemap (above the social-space fills, below their labels). */
export function offlinePlaceLabelLayers(): LayerSpecification[] {
  return [
    {
      id: 'place-label',
      type: 'symbol',
      source: SOURCE_IDS.places,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [LABEL_FONT_REGULAR],
        'text-size': ['match', ['get', 'rank'], 'town', 16, 12],
        'text-offset': [0, 1.6],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#4a4036', 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 1.5 },
    },
  ];
}

/** Layers of the project overlay: social spaces and the district outline. */
export function overlayLayers(labelFont: string = LABEL_FONT_BOLD): LayerSpecification[] {
  return [
    {
      id: SPACE_FILL_LAYER_ID,
      type: 'fill',
      source: SOURCE_IDS.spaces,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.28 },
    },
    {
      id: SPACE_NO_VALUE_LAYER_ID,
      type: 'fill',
      source: SOURCE_IDS.spaces,
      filter: ['==', ['get', 'noValue'], true],
      paint: { 'fill-pattern': NO_VALUE_HATCH_IMAGE_ID, 'fill-opacity': 0.9 },
    },
    demandHexagonFillLayer(),
    ...reachAreaLayers(),
    {
      id: 'atlas-spaces-casing',
      type: 'line',
      source: SOURCE_IDS.spaces,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 5 },
    },
    {
      id: 'atlas-spaces-outline',
      type: 'line',
      source: SOURCE_IDS.spaces,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': 2.5 },
    },
    {
      id: 'atlas-edit-fill',
      type: 'fill',
      source: SOURCE_IDS.edit,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.28 },
    },
    {
      id: 'atlas-edit-outline',
      type: 'line',
      source: SOURCE_IDS.edit,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': 2.5, 'line-dasharray': [2, 1] },
    },
    {
      id: UNIT_FILL_LAYER_ID,
      type: 'fill',
      source: SOURCE_IDS.units,
      paint: {
        // Unassigned units stand out (vermilion); assigned ones are tinted in assign mode only.
        'fill-color': ['case', ['get', 'assigned'], ['get', 'color'], '#D55E00'],
        'fill-opacity': ['case', ['get', 'assigned'], ['case', ['get', 'assignMode'], 0.35, 0], 0.45],
      },
    },
    {
      id: 'atlas-units-line',
      type: 'line',
      source: SOURCE_IDS.units,
      paint: {
        'line-color': '#4a5560',
        'line-width': ['case', ['get', 'assignMode'], 1.2, 0.6],
        'line-opacity': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['case', ['get', 'assignMode'], 0.9, 0.12],
          12,
          ['case', ['get', 'assignMode'], 0.9, 0.45],
        ],
      },
    },
    ...movedAreaLayers(),
    {
      id: 'atlas-problems-fill',
      type: 'fill',
      source: SOURCE_IDS.problems,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'fill-color': '#D55E00', 'fill-opacity': 0.55 },
    },
    {
      id: 'atlas-problems-line',
      type: 'line',
      source: SOURCE_IDS.problems,
      paint: { 'line-color': '#7a1f00', 'line-width': 2.5 },
    },
    {
      id: 'atlas-problems-point',
      type: 'circle',
      source: SOURCE_IDS.problems,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 7, 'circle-color': '#D55E00', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
    {
      id: 'atlas-district-outline',
      type: 'line',
      source: SOURCE_IDS.district,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#1f2933', 'line-width': 3, 'line-dasharray': [4, 2] },
    },
    ...nearbyAreaLayers(),
    ...pointTileLayers(),
    ...nearbyMarkLayers(),
    resourceCircleLayer(),
    resourceIconLayer(),
    nearbyOriginLayer(),
    reachMarkerLayer(),
    {
      id: SPACE_SELECTED_LAYER_ID,
      type: 'line',
      source: SOURCE_IDS.spaces,
      filter: ['==', ['get', 'id'], ''],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#111111', 'line-width': 5 },
    },
    {
      id: SPACE_HOVERED_LAYER_ID,
      type: 'line',
      source: SOURCE_IDS.spaces,
      filter: ['==', ['get', 'id'], ''],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#111111', 'line-width': 3, 'line-dasharray': [2, 1] },
    },
    movedAreaLabelLayer(labelFont),
    demandHexagonLabelLayer(labelFont),
    {
      id: 'atlas-space-labels',
      type: 'symbol',
      source: SOURCE_IDS.spaceLabels,
      layout: {
        'text-field': ['format', ['get', 'code'], { 'font-scale': 1.15 }, '\n', {}, ['get', 'name'], { 'font-scale': 0.9 }],
        'text-font': [labelFont],
        'text-size': ['interpolate', ['linear'], ['zoom'], 9, 12, 13, 17],
        'text-max-width': 9,
        'text-allow-overlap': false,
        'text-padding': 2,
        // Try other positions around the label point before dropping a label.
        'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'],
        'text-radial-offset': 0.6,
      },
      paint: { 'text-color': '#111111', 'text-halo-color': '#ffffff', 'text-halo-width': 2.2 },
    },
    // Placed before the space labels (layers above are placed first), which then move aside.
    reachSiteLabelLayer(labelFont),
  ];
}

/**
 * Located demand per hexagon, above the space fills and below their borders: each cell in its
 * class colour (`color`, computed in state), with a thin white rim so neighbouring cells of one
 * class stay apart. The source holds only cells of at least the suppression threshold.
 */
export function demandHexagonFillLayer(): LayerSpecification {
  return {
    id: DEMAND_HEXAGON_FILL_LAYER_ID,
    type: 'fill',
    source: SOURCE_IDS.demandHexagons,
    paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.85, 'fill-outline-color': '#ffffff' },
  };
}

/** The count on each hexagon, from `DEMAND_HEXAGON_LABEL_MIN_ZOOM`, dropped where labels would overlap. */
export function demandHexagonLabelLayer(labelFont: string = LABEL_FONT_BOLD): LayerSpecification {
  return {
    id: DEMAND_HEXAGON_LABEL_LAYER_ID,
    type: 'symbol',
    source: SOURCE_IDS.demandHexagons,
    minzoom: DEMAND_HEXAGON_LABEL_MIN_ZOOM,
    filter: ['==', ['get', 'suppressed'], false],
    layout: {
      'text-field': ['number-format', ['get', 'count'], { locale: 'de-DE' }],
      'text-font': [labelFont],
      'text-size': 12,
      'text-padding': 1,
    },
    paint: { 'text-color': '#111111', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
  };
}

/**
 * Reachability areas, above the space fills and below their borders: travel time per base unit
 * (class colours in `color`), isochrone bands (largest first, so the faster bands lie on top;
 * translucent, so the map shows through), and white spots (hexagons of demand without a
 * resource within the limit, in vermilion with a dark rim).
 */
export function reachAreaLayers(): LayerSpecification[] {
  return [
    {
      id: 'atlas-reach-units-fill',
      type: 'fill',
      source: SOURCE_IDS.reachUnits,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.8, 'fill-outline-color': '#ffffff' },
    },
    {
      id: 'atlas-reach-isochrones-fill',
      type: 'fill',
      source: SOURCE_IDS.reachIsochrones,
      paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.35 },
    },
    {
      id: 'atlas-reach-isochrones-line',
      type: 'line',
      source: SOURCE_IDS.reachIsochrones,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': 1.5 },
    },
    {
      id: 'atlas-reach-white-spots-fill',
      type: 'fill',
      source: SOURCE_IDS.reachWhiteSpots,
      paint: { 'fill-color': '#D55E00', 'fill-opacity': 0.6, 'fill-outline-color': '#7a1f00' },
    },
  ];
}

/**
 * Reachability marks: a place chosen as isochrone origin (dark dot), a resource chosen as origin
 * (dark ring around its symbol), candidate sites placed by hand (small rings), suggested sites
 * (purple discs, numbered by `reachSiteLabelLayer`).
 */
export function reachMarkerLayer(): LayerSpecification {
  return {
    id: 'atlas-reach-markers',
    type: 'circle',
    source: SOURCE_IDS.reachMarkers,
    paint: {
      'circle-color': ['match', ['get', 'role'], 'site', '#6a1b9a', 'candidate', '#ffffff', '#1f2933'],
      'circle-opacity': ['match', ['get', 'role'], 'origin-ring', 0, 1],
      'circle-radius': ['match', ['get', 'role'], 'site', 11, 'candidate', 5, 'origin-ring', 15, 6],
      'circle-stroke-color': ['match', ['get', 'role'], 'candidate', '#6a1b9a', 'origin-ring', '#1f2933', '#ffffff'],
      'circle-stroke-width': ['match', ['get', 'role'], 'origin-ring', 3, 2.5],
    },
  };
}

/** The number of each suggested site on its disc. */
export function reachSiteLabelLayer(labelFont: string = LABEL_FONT_BOLD): LayerSpecification {
  return {
    id: 'atlas-reach-site-labels',
    type: 'symbol',
    source: SOURCE_IDS.reachMarkers,
    filter: ['==', ['get', 'role'], 'site'],
    layout: { 'text-field': ['get', 'label'], 'text-font': [labelFont], 'text-size': 13, 'text-allow-overlap': true },
    paint: { 'text-color': '#ffffff' },
  };
}

/**
 * The selected and hovered resources (GeoJSON, a handful): larger circles in their category
 * colour with a thick dark ring, above the tiles, so list and map point at the same place.
 */
export function resourceCircleLayer(categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES): LayerSpecification {
  return {
    id: RESOURCE_CIRCLE_LAYER_ID,
    type: 'circle',
    source: SOURCE_IDS.resources,
    paint: {
      'circle-color': categoryColour('category', categories),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 7, 13, 13, 17, 15],
      'circle-stroke-color': '#111111',
      'circle-stroke-width': 3,
    },
  };
}

const nearbyRole = (role: string): ExpressionSpecification => ['==', ['get', 'role'], role];
const NEARBY_INK = '#1f2933';

/** The nearby finder's circle: a very light fill and a thin dark outline, below the resources. */
export function nearbyAreaLayers(): LayerSpecification[] {
  return [
    {
      id: 'atlas-nearby-fill',
      type: 'fill',
      source: SOURCE_IDS.nearby,
      filter: nearbyRole('radius'),
      paint: { 'fill-color': NEARBY_INK, 'fill-opacity': 0.06 },
    },
    {
      id: NEARBY_RADIUS_LAYER_ID,
      type: 'line',
      source: SOURCE_IDS.nearby,
      filter: nearbyRole('radius'),
      paint: { 'line-color': NEARBY_INK, 'line-width': 1.5, 'line-opacity': 0.85 },
    },
  ];
}

/**
 * Above the resource points: a dark ring around each resource found within the radius (wide
 * enough to enclose the category symbols from zoom 12), and a halo around the origin.
 */
export function nearbyMarkLayers(): LayerSpecification[] {
  return [
    {
      id: NEARBY_FOUND_LAYER_ID,
      type: 'circle',
      source: SOURCE_IDS.nearby,
      filter: nearbyRole('found'),
      paint: {
        'circle-opacity': 0,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 7, 12, 12.5, 15, 15, 17, 17],
        'circle-stroke-color': NEARBY_INK,
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'atlas-nearby-origin-halo',
      type: 'circle',
      source: SOURCE_IDS.nearby,
      filter: nearbyRole('origin'),
      paint: {
        'circle-color': NEARBY_INK,
        'circle-opacity': 0.12,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 12, 15, 20],
        'circle-stroke-color': NEARBY_INK,
        'circle-stroke-width': 2,
      },
    },
  ];
}

/** A place or address looked around from: a dark dot with a white rim, above everything but labels. */
export function nearbyOriginLayer(): LayerSpecification {
  return {
    id: NEARBY_ORIGIN_LAYER_ID,
    type: 'circle',
    source: SOURCE_IDS.nearby,
    filter: ['all', nearbyRole('origin'), ['==', ['get', 'kind'], 'place']],
    paint: { 'circle-color': NEARBY_INK, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
  };
}

/** The category symbol on the highlighted resources (from the zoom where symbols replace dots). */
export function resourceIconLayer(): LayerSpecification {
  return {
    id: RESOURCE_ICON_LAYER_ID,
    type: 'symbol',
    source: SOURCE_IDS.resources,
    minzoom: CATEGORY_SYMBOL_MIN_ZOOM,
    layout: {
      'icon-image': ['concat', CATEGORY_IMAGE_PREFIX, ['get', 'category']],
      'icon-size': ['interpolate', ['linear'], ['zoom'], 13, 1.15, 17, 1.3],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  };
}

/** Category colours as a MapLibre `match` on property `property` (unknown: grey). */
export function categoryColour(property: string, categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES): ExpressionSpecification {
  const pairs = activeCategories(categories).flatMap((category) => [category.id, category.color]);
  // The spec's tuple type cannot express a list of label/output pairs built at run time.
  return ['match', ['get', property], ...pairs, '#666666'] as unknown as ExpressionSpecification;
}

/** Whether the text on a cluster of the dominant category is dark (light category colours). */
export function clusterTextIsDark(categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES): ExpressionSpecification {
  const light = activeCategories(categories)
    .filter((category) => isLightColour(category.color))
    .map((category) => category.id);
  return ['in', ['get', 'dominant'], ['literal', light]];
}

/**
 * Demand points are social data: never drawn one by one (a dot at street level can point to a
 * household), only as clusters of at least `threshold` cases (the project's suppression
 * threshold), so no cluster shows a small count either.
 */
export function demandClusterFilter(threshold: number): FilterSpecification {
  return ['all', ['has', 'point_count'], ['>=', ['get', 'point_count'], threshold]];
}

/**
 * Resources and imported points from the point tiles: clusters as discs growing with the count
 * (resources in the colour of their most frequent category, demand in a neutral tone) with the
 * count on them in German digit grouping; single points as circles in their category colour;
 * resource names at high zoom.
 */
export function pointTileLayers(): LayerSpecification[] {
  const isCluster: ExpressionSpecification = ['has', 'point_count'];
  const notCluster: ExpressionSpecification = ['!', ['has', 'point_count']];
  const radius: ExpressionSpecification = ['interpolate', ['linear'], ['get', 'point_count'], 2, 10, 100, 15, 10_000, 23, 1_000_000, 31];
  const count = (id: string, layer: string, dark: ExpressionSpecification | boolean): LayerSpecification => ({
    id,
    type: 'symbol',
    source: SOURCE_IDS.points,
    'source-layer': layer,
    filter: isCluster,
    layout: {
      'text-field': ['number-format', ['get', 'point_count'], { locale: 'de-DE' }],
      'text-font': [LABEL_FONT_BOLD],
      'text-size': 12,
      'text-allow-overlap': true,
    },
    paint: { 'text-color': dark === true ? '#111111' : dark === false ? '#ffffff' : ['case', dark, '#111111', '#ffffff'] },
  });
  return [
    {
      id: DEMAND_CLUSTER_LAYER_ID,
      type: 'circle',
      source: SOURCE_IDS.points,
      'source-layer': POINT_TILE_LAYERS.demand,
      filter: demandClusterFilter(DEFAULT_SUPPRESSION_THRESHOLD),
      paint: { 'circle-color': '#5b4a8b', 'circle-opacity': 0.85, 'circle-radius': radius, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    },
    { ...count(DEMAND_CLUSTER_COUNT_LAYER_ID, POINT_TILE_LAYERS.demand, false), filter: demandClusterFilter(DEFAULT_SUPPRESSION_THRESHOLD) } as LayerSpecification,
    {
      id: POINT_CLUSTER_LAYER_ID,
      type: 'circle',
      source: SOURCE_IDS.points,
      'source-layer': POINT_TILE_LAYERS.resources,
      filter: isCluster,
      paint: { 'circle-color': categoryColour('dominant'), 'circle-radius': radius, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
    count(POINT_CLUSTER_COUNT_LAYER_ID, POINT_TILE_LAYERS.resources, clusterTextIsDark()),
    {
      id: POINT_CIRCLE_LAYER_ID,
      type: 'circle',
      source: SOURCE_IDS.points,
      'source-layer': POINT_TILE_LAYERS.resources,
      filter: notCluster,
      paint: {
        'circle-color': categoryColour('category'),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 13, 6, 17, 10],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 9, 1, 14, 2],
      },
    },
    {
      id: POINT_ICON_LAYER_ID,
      type: 'symbol',
      source: SOURCE_IDS.points,
      'source-layer': POINT_TILE_LAYERS.resources,
      filter: notCluster,
      minzoom: CATEGORY_SYMBOL_MIN_ZOOM,
      layout: {
        'icon-image': ['concat', CATEGORY_IMAGE_PREFIX, ['get', 'category']],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 15, 1, 17, 1.15],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
    {
      id: POINT_LABEL_LAYER_ID,
      type: 'symbol',
      source: SOURCE_IDS.points,
      'source-layer': POINT_TILE_LAYERS.resources,
      filter: notCluster,
      minzoom: 15,
      layout: {
        'text-field': ['coalesce', ['get', 'name'], ''],
        'text-font': [LABEL_FONT_REGULAR],
        'text-size': 12,
        'text-offset': [0, 1.2],
        'text-anchor': 'top',
        'text-max-width': 10,
        'text-optional': true,
      },
      paint: { 'text-color': '#111111', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    },
  ];
}

function overlaySources(): Record<string, SourceSpecification> {
  return {
    [SOURCE_IDS.units]: emptyGeoJsonSource(),
    [SOURCE_IDS.resources]: emptyGeoJsonSource(),
    [SOURCE_IDS.points]: { type: 'vector', tiles: [pointTileUrl(0)], minzoom: 0, maxzoom: 15 },
    [SOURCE_IDS.problems]: emptyGeoJsonSource(),
    [SOURCE_IDS.comparison]: emptyGeoJsonSource(),
    [SOURCE_IDS.spaces]: emptyGeoJsonSource(),
    [SOURCE_IDS.spaceLabels]: emptyGeoJsonSource(),
    [SOURCE_IDS.district]: emptyGeoJsonSource(),
    [SOURCE_IDS.edit]: emptyGeoJsonSource(),
    [SOURCE_IDS.nearby]: emptyGeoJsonSource(),
    [SOURCE_IDS.demandHexagons]: emptyGeoJsonSource(),
    [SOURCE_IDS.reachIsochrones]: emptyGeoJsonSource(),
    [SOURCE_IDS.reachWhiteSpots]: emptyGeoJsonSource(),
    [SOURCE_IDS.reachUnits]: emptyGeoJsonSource(),
    [SOURCE_IDS.reachMarkers]: emptyGeoJsonSource(),
  };
}

/**
 * The complete style for an offline or raster basemap. Style-URL basemaps are merged with
 * `mergeOverlayIntoStyle` once their style JSON has been fetched.
 */
export function buildStyle(basemap: Basemap): StyleSpecification {
  if (basemap.kind === 'style-url') {
    throw new Error(`Basemap ${basemap.id} is loaded from a URL; use mergeOverlayIntoStyle`);
  }
  if (basemap.kind === 'raster') {
    return {
      version: 8,
      sources: {
        'basemap-raster': {
          type: 'raster',
          tiles: basemap.tiles,
          tileSize: basemap.tileSizePixels,
          maxzoom: basemap.maxZoom,
          attribution: basemap.attribution,
        },
        ...overlaySources(),
      },
      layers: [{ id: 'basemap-raster', type: 'raster', source: 'basemap-raster' }, ...overlayLayers()],
    };
  }
  return {
    version: 8,
    // No `glyphs`: labels are drawn locally, so the offline map needs no font server.
    sources: {
      [SOURCE_IDS.landcover]: emptyGeoJsonSource(basemap.attribution),
      [SOURCE_IDS.roads]: emptyGeoJsonSource(),
      [SOURCE_IDS.places]: emptyGeoJsonSource(),
      ...overlaySources(),
    },
    layers: [
      ...offlineBasemapLayers(),
      ...overlayLayers().filter((layer) => layer.type !== 'symbol' && layer.id !== SPACE_SELECTED_LAYER_ID),
      ...offlinePlaceLabelLayers(),
      ...overlayLayers().filter((layer) => layer.type === 'symbol' || layer.id === SPACE_SELECTED_LAYER_ID),
    ],
  };
}

/** First bold (else any) font used by the symbol layers of a fetched style. */
export function fontOfStyle(style: StyleSpecification): string | null {
  const fonts: string[] = [];
  for (const layer of style.layers) {
    if (layer.type !== 'symbol') continue;
    const font = layer.layout?.['text-font'];
    if (Array.isArray(font) && typeof font[0] === 'string') fonts.push(font[0]);
  }
  return fonts.find((font) => /bold/i.test(font)) ?? fonts[0] ?? null;
}

/** Add the project overlay on top of a fetched online style (e.g. basemap.de). */
export function mergeOverlayIntoStyle(style: StyleSpecification, basemap: Basemap): StyleSpecification {
  const font = style.glyphs ? fontOfStyle(style) : null;
  const sources = { ...style.sources, ...overlaySources() };
  const [firstSource] = Object.keys(style.sources);
  if (firstSource) {
    sources[firstSource] = { ...style.sources[firstSource]!, attribution: basemap.attribution } as SourceSpecification;
  }
  return {
    ...style,
    sources,
    layers: [...style.layers, ...overlayLayers(font ?? LABEL_FONT_BOLD)],
  };
}
