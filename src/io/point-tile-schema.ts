/**
 * The contract between the point-tile worker and the map style: layer names inside the tiles
 * and the cluster properties. Kept apart from io/point-tiles so the style does not pull the
 * clustering and encoding libraries into the main bundle.
 */
export type PointKind = 'resources' | 'demand';

/** Names of the vector tile layers. */
export const POINT_TILE_LAYERS: Record<PointKind, string> = { resources: 'resources', demand: 'demand' };

/** Cluster property holding the count of category `c`: `n_<c>`. */
export const COUNT_PREFIX = 'n_';
