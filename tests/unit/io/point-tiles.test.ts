import { describe, expect, it } from 'vitest';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { CLUSTER_MAX_ZOOM, POINT_TILE_LAYER, PointTileIndex, pointLayerDrawing } from '../../../src/io/point-tiles';
import { createPointTable, textColumn } from '../../../src/domain/point-table';
import { seededRandom } from '../../bench/seeded';

function layerOf(count: number, seed: number, categories: string[]) {
  const random = seededRandom(seed);
  const lon = Float64Array.from({ length: count }, () => 9.9 + random() * 0.2);
  const lat = Float64Array.from({ length: count }, () => 50.7 + random() * 0.2);
  return createPointTable({ lon, lat, columns: [textColumn('Art', Array.from({ length: count }, (_, row) => categories[row % categories.length] ?? null))] });
}

function features(bytes: Uint8Array | null) {
  if (!bytes) return [];
  const layer = new VectorTile(new PbfReader(bytes)).layers[POINT_TILE_LAYER];
  return layer ? Array.from({ length: layer.length }, (_, index) => layer.feature(index)) : [];
}

/** Web Mercator tile of a position. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  return [x, y];
}

describe('PointTileIndex', () => {
  const kitas = layerOf(20_000, 1, ['kita', 'school', null as unknown as string]);
  const cases = layerOf(5_000, 2, []);
  const index = new PointTileIndex([
    pointLayerDrawing({ id: 'kitas', kind: 'resources', mapping: { category: 'Art' } }, kitas),
    pointLayerDrawing({ id: 'faelle', kind: 'demand', mapping: {} }, cases),
  ]);

  it('represents every point at low zoom: the counts of one tile add up to all points', () => {
    expect(index.total).toBe(25_000);
    const [x, y] = tileOf(10, 50.8, 6);
    const tile = features(index.tile(6, x, y));
    const counted = tile.reduce((sum, feature) => sum + (feature.properties['cluster'] ? Number(feature.properties['point_count']) : 1), 0);
    expect(counted).toBe(25_000);
    expect(tile.length).toBeLessThan(50);
  });

  it('shows single points with layer and category beyond the cluster zoom, and finds their row', () => {
    const z = CLUSTER_MAX_ZOOM + 1;
    const [x, y] = tileOf(kitas.lon[0]!, kitas.lat[0]!, z);
    const tile = features(index.tile(z, x, y));
    expect(tile.length).toBeGreaterThan(0);
    expect(tile.every((feature) => !feature.properties['cluster'])).toBe(true);
    const first = tile.find((feature) => feature.id === 0)!;
    expect(first.properties).toEqual({ layer: 'kitas', category: 'kita' });
    expect(index.origin(0)).toEqual({ layerId: 'kitas', row: 0 });
    expect(index.origin(20_003)).toEqual({ layerId: 'faelle', row: 3 });
    expect(index.origin(25_000)).toBeNull();
    // Rows without a category are 'other'; demand rows are 'demand'.
    const categories = new Set<string>();
    for (const id of [2, 20_000]) {
      const origin = index.origin(id)!;
      const table = origin.layerId === 'kitas' ? kitas : cases;
      const [tx, ty] = tileOf(table.lon[origin.row]!, table.lat[origin.row]!, z);
      const found = features(index.tile(z, tx, ty)).find((feature) => feature.id === id)!;
      categories.add(String(found.properties['category']));
    }
    expect([...categories].sort()).toEqual(['demand', 'other']);
  });

  it('gives no tile where there are no points', () => {
    expect(index.tile(10, 0, 0)).toBeNull();
  });
});
