/**
 * How a variant comparison is drawn: the areas that change their social space, hatched and
 * outlined above the space fills, each labelled "from → to". Pure data (layer specs, the
 * hatch image, GeoJSON); MapView adds the image and style.ts the layers.
 *
 * Colour-blind safety does not rest on hue: the area is washed out (white), hatched with dark
 * magenta diagonal stripes and outlined in the same colour on a white casing, so it differs
 * from every space colour in pattern and lightness. That magenta is used by none of the space
 * palettes, so tests can find it on the map.
 */
import type { LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { AreaGeometry } from '../domain/types';

export const COMPARE_SOURCE_ID = 'atlas-compare';
export const MOVED_AREA_COLOUR = '#b4005a';
export const HATCH_IMAGE_ID = 'atlas-hatch';

/** Properties of a moved-area feature on the map. */
export interface MovedAreaProperties {
  /** Index of the row in the compare table (for hover/zoom). */
  index: number;
  /** "SR 07 → SR 05". */
  label: string;
}

export function movedAreasCollection(areas: readonly { geometry: AreaGeometry; label: string }[]): FeatureCollection<AreaGeometry, MovedAreaProperties> {
  return {
    type: 'FeatureCollection',
    features: areas.map((area, index) => ({ type: 'Feature', properties: { index, label: area.label }, geometry: area.geometry })),
  };
}

/** A tile of diagonal stripes (RGBA, premultiplied not needed: opaque or transparent). */
export function hatchImage(
  colour: string = MOVED_AREA_COLOUR,
  sizePixels = 16,
  stripePixels = 5,
  id = HATCH_IMAGE_ID,
): { id: string; width: number; height: number; data: Uint8Array; pixelRatio: number } {
  const value = Number.parseInt(colour.slice(1), 16);
  const [red, green, blue] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  const data = new Uint8Array(sizePixels * sizePixels * 4);
  for (let y = 0; y < sizePixels; y++) {
    for (let x = 0; x < sizePixels; x++) {
      // Distance along the anti-diagonal; the period equals the tile size, so tiles join seamlessly.
      const phase = (x + y) % sizePixels;
      if (phase >= stripePixels) continue;
      const offset = (y * sizePixels + x) * 4;
      data[offset] = red;
      data[offset + 1] = green;
      data[offset + 2] = blue;
      data[offset + 3] = 255;
    }
  }
  return { id, width: sizePixels, height: sizePixels, data, pixelRatio: 2 };
}

/** Fill and outline of the moved areas (above the space fills and unit tints). */
export function movedAreaLayers(): LayerSpecification[] {
  return [
    {
      id: 'atlas-compare-wash',
      type: 'fill',
      source: COMPARE_SOURCE_ID,
      paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.55 },
    },
    {
      id: 'atlas-compare-hatch',
      type: 'fill',
      source: COMPARE_SOURCE_ID,
      paint: { 'fill-pattern': HATCH_IMAGE_ID },
    },
    {
      id: 'atlas-compare-casing',
      type: 'line',
      source: COMPARE_SOURCE_ID,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 7 },
    },
    {
      id: 'atlas-compare-outline',
      type: 'line',
      source: COMPARE_SOURCE_ID,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': MOVED_AREA_COLOUR, 'line-width': 3.5 },
    },
  ];
}

/** "SR 07 → SR 05" at each moved area (below the space labels). */
export function movedAreaLabelLayer(font: string): LayerSpecification {
  return {
    id: 'atlas-compare-labels',
    type: 'symbol',
    source: COMPARE_SOURCE_ID,
    layout: {
      'text-field': ['get', 'label'],
      'text-font': [font],
      'text-size': ['interpolate', ['linear'], ['zoom'], 9, 12, 13, 16],
      'text-max-width': 12,
      'text-padding': 2,
    },
    paint: { 'text-color': '#5e0030', 'text-halo-color': '#ffffff', 'text-halo-width': 3 },
  };
}
