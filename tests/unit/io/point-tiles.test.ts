import { describe, expect, it } from 'vitest';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { CLUSTER_MAX_ZOOM, POINT_TILE_LAYERS, PointTileIndex, dominantCategory, pointLayerDrawing, type PointKind } from '../../../src/io/point-tiles';
import { createPointTable, textColumn } from '../../../src/domain/point-table';
import { seededRandom } from '../../bench/seeded';

function layerOf(count: number, seed: number, categories: string[]) {
  const random = seededRandom(seed);
  const lon = Float64Array.from({ length: count }, () => 9.9 + random() * 0.2);
  const lat = Float64Array.from({ length: count }, () => 50.7 + random() * 0.2);
  return createPointTable({ lon, lat, columns: [textColumn('Art', Array.from({ length: count }, (_, row) => categories[row % categories.length] ?? null))] });
}

function features(bytes: Uint8Array | null, kind: PointKind = 'resources') {
  if (!bytes) return [];
  const layer = new VectorTile(new PbfReader(bytes)).layers[POINT_TILE_LAYERS[kind]];
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

  it('represents every point at low zoom: the counts of one tile add up to all points of each kind', () => {
    expect([index.total, index.count('resources'), index.count('demand')]).toEqual([25_000, 20_000, 5_000]);
    const [x, y] = tileOf(10, 50.8, 6);
    const bytes = index.tile(6, x, y);
    for (const [kind, all] of [['resources', 20_000], ['demand', 5_000]] as const) {
      const tile = features(bytes, kind);
      const counted = tile.reduce((sum, feature) => sum + (feature.properties['cluster'] ? Number(feature.properties['point_count']) : 1), 0);
      expect(counted).toBe(all);
      expect(tile.length).toBeLessThan(50);
    }
  });

  it('gives a resource cluster the colour of its most frequent category, with the counts per category', () => {
    const [x, y] = tileOf(10, 50.8, 6);
    for (const feature of features(index.tile(6, x, y)).filter((candidate) => candidate.properties['cluster'])) {
      const { n_kita = 0, n_school = 0, n_other = 0, point_count } = feature.properties as Record<string, number>;
      expect(n_kita + n_school + n_other).toBe(point_count);
      const top = Math.max(n_kita, n_school, n_other);
      expect(Number(feature.properties[`n_${String(feature.properties['dominant'])}`])).toBe(top);
    }
    expect(dominantCategory({ n_kita: 3, n_school: 5, point_count: 8 })).toEqual({ category: 'school', share: 5 / 8 });
    expect(dominantCategory({ point_count: 8 })).toBeNull();
  });

  it('shows single points with layer and category beyond the cluster zoom, and finds their row', () => {
    const z = CLUSTER_MAX_ZOOM.resources + 1;
    const [x, y] = tileOf(kitas.lon[0]!, kitas.lat[0]!, z);
    const tile = features(index.tile(z, x, y));
    expect(tile.length).toBeGreaterThan(0);
    expect(tile.every((feature) => !feature.properties['cluster'])).toBe(true);
    const first = tile.find((feature) => feature.id === 0)!;
    expect(first.properties).toEqual({ layer: 'kitas', category: 'kita' });
    expect(index.origin('resources', 0)).toEqual({ layerId: 'kitas', row: 0 });
    expect(index.origin('demand', 3)).toEqual({ layerId: 'faelle', row: 3 });
    expect(index.origin('resources', 20_000)).toBeNull();
    // Rows without a category are 'other'; demand rows are 'demand' (single only beyond their own cluster zoom).
    const row2 = features(index.tile(z, ...tileOf(kitas.lon[2]!, kitas.lat[2]!, z))).find((feature) => feature.id === 2)!;
    expect(row2.properties['category']).toBe('other');
    const zd = CLUSTER_MAX_ZOOM.demand + 1;
    const demand = features(index.tile(zd, ...tileOf(cases.lon[0]!, cases.lat[0]!, zd)), 'demand').find((feature) => feature.id === 0)!;
    expect(demand.properties).toEqual({ layer: 'faelle', category: 'demand' });
  });

  it('gives no tile where there are no points', () => {
    expect(index.tile(10, 0, 0)).toBeNull();
  });
});
