/** The parts of shpjs (no bundled types) that the Shapefile reader uses. */
declare module 'shpjs' {
  /** Parse .shp records; without a projection the coordinates stay in the source CRS. */
  export function parseShp(shp: DataView | ArrayBuffer | Uint8Array, prj?: string | false): unknown[];
  /** Parse .dbf records; `encoding` is a TextDecoder label (or a .cpg text). */
  export function parseDbf(dbf: DataView | ArrayBuffer | Uint8Array, encoding?: string): Record<string, unknown>[];
}
