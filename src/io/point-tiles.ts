/**
 * Imported point layers as clustered vector tiles: all points of all layers go into one
 * supercluster index, and each tile is encoded as a Mapbox Vector Tile (vt-pbf). At low zoom
 * the map shows clusters with their counts, from zoom `CLUSTER_MAX_ZOOM + 1` single points in
 * their category colour — a million rows are all represented, none dropped, and the map only
 * ever loads small tiles. Runs in a worker (workers/point-tiles); the map asks for tiles through
 * a custom protocol.
 */
import Supercluster from 'supercluster';
import { fromGeojsonVt } from 'vt-pbf';
import type { Feature, Point } from 'geojson';
import type { PointTable, TextColumn } from '../domain/point-table';
import { findColumn } from '../domain/point-table';
import type { Layer } from '../domain/types';

/** Name of the vector tile layer. */
export const POINT_TILE_LAYER = 'points';
/** Tile extent of the index and the encoded tiles. */
export const POINT_TILE_EXTENT = 512;
/** Clusters up to this zoom; single points above it. */
export const CLUSTER_MAX_ZOOM = 14;

/**
 * What the map needs of a point layer: positions and the columns holding category and name —
 * only these cross to the worker (a table's other columns, e.g. a million distinct ids, would
 * make the copy slow).
 */
export interface PointLayerDrawing {
  layerId: string;
  kind: Layer['kind'];
  lon: Float64Array;
  lat: Float64Array;
  category: TextColumn | null;
}

/** A point layer's drawing from its table and the category column its mapping names. */
export function pointLayerDrawing(layer: Pick<Layer, 'id' | 'kind' | 'mapping'>, table: PointTable): PointLayerDrawing {
  const column = layer.mapping['category'] ? findColumn(table, layer.mapping['category']) : undefined;
  return { layerId: layer.id, kind: layer.kind, lon: table.lon, lat: table.lat, category: column?.kind === 'text' ? column : null };
}

/** Properties of a single point in a tile: its layer and its category (resources) or `demand`. */
interface PointProperties {
  layer: string;
  category: string;
}

/** Where the n-th point of the index comes from. */
export interface PointOrigin {
  layerId: string;
  row: number;
}

export class PointTileIndex {
  readonly #index: Supercluster<PointProperties>;
  /** Start of each layer in the index's point numbering. */
  readonly #starts: number[];
  readonly #layerIds: string[];
  readonly total: number;

  constructor(drawings: readonly PointLayerDrawing[]) {
    this.#index = new Supercluster<PointProperties>({ maxZoom: CLUSTER_MAX_ZOOM, radius: 40, extent: POINT_TILE_EXTENT, generateId: true });
    this.#starts = [];
    this.#layerIds = drawings.map((drawing) => drawing.layerId);
    const features: Feature<Point, PointProperties>[] = [];
    for (const drawing of drawings) {
      this.#starts.push(features.length);
      // One properties object per category, shared by its points (the index keeps a reference per point).
      const fallback: PointProperties = { layer: drawing.layerId, category: drawing.kind === 'demand' ? 'demand' : 'other' };
      const byCode = drawing.category ? [fallback, ...drawing.category.dictionary.map((category) => ({ layer: drawing.layerId, category }))] : [fallback];
      const { lon, lat } = drawing;
      for (let row = 0; row < lon.length; row++) {
        const x = lon[row]!;
        const y = lat[row]!;
        const properties = byCode[drawing.category ? drawing.category.codes[row]! : 0]!;
        // Stored rows always have a position; a row without one keeps its slot (no geometry,
        // not drawn) so point ids still count rows.
        const geometry: Point | null = Number.isFinite(x) && Number.isFinite(y) ? { type: 'Point', coordinates: [x, y] } : null;
        features.push({ type: 'Feature', properties, geometry: geometry as Point });
      }
    }
    this.total = features.length;
    this.#index.load(features);
  }

  /** The tile as Mapbox Vector Tile bytes, or null when it holds nothing. */
  tile(z: number, x: number, y: number): Uint8Array | null {
    const tile = this.#index.getTile(z, x, y);
    if (!tile) return null;
    return fromGeojsonVt({ [POINT_TILE_LAYER]: tile as never }, { version: 2, extent: POINT_TILE_EXTENT });
  }

  /** Which layer row a point id of a tile (the index's numbering) is. */
  origin(pointId: number): PointOrigin | null {
    if (!Number.isInteger(pointId) || pointId < 0 || pointId >= this.total) return null;
    let layer = this.#starts.length - 1;
    while (layer > 0 && this.#starts[layer]! > pointId) layer--;
    return { layerId: this.#layerIds[layer]!, row: pointId - this.#starts[layer]! };
  }
}
