/**
 * Resources and imported point layers as clustered vector tiles. Each kind has its own
 * supercluster index — resources (records and imported resource layers) and demand (case
 * points) — and each tile is encoded as one Mapbox Vector Tile (vt-pbf) with a layer per kind.
 * At low zoom the map shows clusters with their counts (resources: in the colour of the
 * category most of their points have), above the cluster zoom single points in their category
 * colour with their names. Every point is represented, none dropped, and the map only ever
 * loads small tiles. Runs in a worker (workers/point-tiles); the map asks for tiles through a
 * custom protocol.
 */
import Supercluster from 'supercluster';
import { fromGeojsonVt } from 'vt-pbf';
import type { Feature, Point } from 'geojson';
import type { PointTable, TextColumn } from '../domain/point-table';
import { findColumn, textAt } from '../domain/point-table';
import type { Layer } from '../domain/types';

import { COUNT_PREFIX, POINT_TILE_LAYERS, type PointKind } from './point-tile-schema';

export { COUNT_PREFIX, POINT_TILE_LAYERS, type PointKind };
/** Tile extent of the indexes and the encoded tiles. */
export const POINT_TILE_EXTENT = 512;
/** Clusters up to this zoom; single points above it. Resources part early (a town fits at 13). */
export const CLUSTER_MAX_ZOOM: Record<PointKind, number> = { resources: 12, demand: 14 };

/**
 * What the map needs of a point layer: positions, category and (for resources) names — only
 * these cross to the worker (a table's other columns, e.g. a million distinct ids, would make
 * the copy slow).
 */
export interface PointLayerDrawing {
  layerId: string;
  kind: PointKind;
  lon: Float64Array;
  lat: Float64Array;
  category: TextColumn | null;
  /** Labels at high zoom; null draws no labels. */
  name: TextColumn | null;
}

/** A point layer's drawing from its table and the columns its mapping names. */
export function pointLayerDrawing(layer: Pick<Layer, 'id' | 'kind' | 'mapping'>, table: PointTable): PointLayerDrawing {
  const text = (role: string) => {
    const column = layer.mapping[role] ? findColumn(table, layer.mapping[role]) : undefined;
    return column?.kind === 'text' ? column : null;
  };
  const kind: PointKind = layer.kind === 'demand' ? 'demand' : 'resources';
  return { layerId: layer.id, kind, lon: table.lon, lat: table.lat, category: text('category'), name: kind === 'resources' ? text('name') : null };
}

/** Properties of a single point in a tile. */
interface PointProperties {
  layer: string;
  category: string;
  name?: string;
}

type ClusterCounts = Record<string, number>;

/** Where the n-th point of an index comes from. */
export interface PointOrigin {
  layerId: string;
  row: number;
}

class KindIndex {
  readonly index: Supercluster<PointProperties, ClusterCounts>;
  /** Start of each layer in the index's point numbering. */
  readonly starts: number[] = [];
  readonly layerIds: string[];
  readonly total: number;

  constructor(kind: PointKind, drawings: readonly PointLayerDrawing[]) {
    this.index = new Supercluster<PointProperties, ClusterCounts>({
      maxZoom: CLUSTER_MAX_ZOOM[kind],
      radius: 40,
      extent: POINT_TILE_EXTENT,
      generateId: true,
      // Counts per category, so a cluster can take the colour of its most frequent one.
      map: (properties) => ({ [`${COUNT_PREFIX}${properties.category}`]: 1 }),
      reduce: (accumulated, properties) => {
        for (const [key, count] of Object.entries(properties)) accumulated[key] = (accumulated[key] ?? 0) + count;
      },
    });
    this.layerIds = drawings.map((drawing) => drawing.layerId);
    const features: Feature<Point, PointProperties>[] = [];
    for (const drawing of drawings) {
      this.starts.push(features.length);
      // Without names one properties object per category is shared by its points (the index
      // keeps a reference per point: a million demand points do not need a million objects).
      const fallback = drawing.kind === 'demand' ? 'demand' : 'other';
      const shared = [fallback, ...(drawing.category?.dictionary ?? [])].map((category) => ({ layer: drawing.layerId, category }));
      const { lon, lat, category, name } = drawing;
      for (let row = 0; row < lon.length; row++) {
        const code = category ? category.codes[row]! : 0;
        const label = name ? textAt(name, row) : null;
        const properties = label ? { ...shared[code]!, name: label } : shared[code]!;
        const x = lon[row]!;
        const y = lat[row]!;
        // Stored rows always have a position; a row without one keeps its slot (no geometry,
        // not drawn) so point ids still count rows.
        const geometry: Point | null = Number.isFinite(x) && Number.isFinite(y) ? { type: 'Point', coordinates: [x, y] } : null;
        features.push({ type: 'Feature', properties, geometry: geometry as Point });
      }
    }
    this.total = features.length;
    this.index.load(features);
  }

  origin(pointId: number): PointOrigin | null {
    if (!Number.isInteger(pointId) || pointId < 0 || pointId >= this.total) return null;
    let layer = this.starts.length - 1;
    while (layer > 0 && this.starts[layer]! > pointId) layer--;
    return { layerId: this.layerIds[layer]!, row: pointId - this.starts[layer]! };
  }
}

/** The category with the most points in a cluster's counts, and its share of the cluster. */
export function dominantCategory(tags: Record<string, unknown>): { category: string; share: number } | null {
  let best: string | null = null;
  let bestCount = 0;
  let total = 0;
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(COUNT_PREFIX) || typeof value !== 'number') continue;
    total += value;
    if (value > bestCount) {
      best = key.slice(COUNT_PREFIX.length);
      bestCount = value;
    }
  }
  return best === null ? null : { category: best, share: bestCount / total };
}

export class PointTileIndex {
  readonly #indexes: Partial<Record<PointKind, KindIndex>> = {};
  readonly total: number;

  constructor(drawings: readonly PointLayerDrawing[]) {
    let total = 0;
    for (const kind of ['resources', 'demand'] as const) {
      const ofKind = drawings.filter((drawing) => drawing.kind === kind);
      if (ofKind.length === 0) continue;
      const index = new KindIndex(kind, ofKind);
      this.#indexes[kind] = index;
      total += index.total;
    }
    this.total = total;
  }

  /** Points of one kind. */
  count(kind: PointKind): number {
    return this.#indexes[kind]?.total ?? 0;
  }

  /** The tile as Mapbox Vector Tile bytes (a layer per kind that has points there), or null when it holds nothing. */
  tile(z: number, x: number, y: number): Uint8Array | null {
    const layers: Record<string, { features: never[] }> = {};
    for (const kind of ['resources', 'demand'] as const) {
      const tile = this.#indexes[kind]?.index.getTile(z, x, y);
      if (!tile) continue;
      for (const feature of tile.features) {
        const tags = feature.tags as Record<string, unknown>;
        if (!tags['cluster']) continue;
        const dominant = dominantCategory(tags);
        if (dominant) {
          tags['dominant'] = dominant.category;
          tags['dominant_share'] = Math.round(dominant.share * 100) / 100;
        }
      }
      layers[POINT_TILE_LAYERS[kind]] = tile as { features: never[] };
    }
    if (Object.keys(layers).length === 0) return null;
    return fromGeojsonVt(layers, { version: 2, extent: POINT_TILE_EXTENT });
  }

  /** Which layer row a point id of a tile (the numbering of its kind's index) is. */
  origin(kind: PointKind, pointId: number): PointOrigin | null {
    return this.#indexes[kind]?.origin(pointId) ?? null;
  }
}
