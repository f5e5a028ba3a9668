/** The part of vt-pbf (no bundled types) that the point tiles use. */
declare module 'vt-pbf' {
  interface TileFeature {
    type: 1 | 2 | 3;
    geometry: number[][] | number[][][];
    tags: Record<string, string | number | boolean> | null;
    id?: number;
  }
  /** Encode geojson-vt/supercluster tiles (one per layer name) as a Mapbox Vector Tile. */
  export function fromGeojsonVt(layers: Record<string, { features: TileFeature[] }>, options?: { version?: number; extent?: number }): Uint8Array;
}
