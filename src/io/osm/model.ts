/**
 * The OSM elements as the readers (PBF, XML, Overpass GeoJSON) hand them over, one at a time.
 * Readers know nothing about resources or roads: they call an `OsmSink` for every element in
 * file order, and the collector (collect.ts) decides what to keep.
 */

/** Tags of an element; `null` for an element without tags (most nodes). */
export type OsmTags = Record<string, string>;

export type OsmElementType = 'node' | 'way' | 'relation';

export interface OsmMember {
  type: OsmElementType;
  ref: number;
  role: string;
}

export interface OsmSink {
  node(id: number, lon: number, lat: number, tags: OsmTags | null): void;
  /** `refs` may be reused by the reader after the call: copy what you keep. */
  way(id: number, refs: ArrayLike<number>, tags: OsmTags | null): void;
  relation(id: number, members: readonly OsmMember[], tags: OsmTags | null): void;
}

export interface OsmReadOptions {
  /** Called with 0…1 (share of the input read). */
  onProgress?: (fraction: number) => void;
  /** Checked between blocks: an aborted signal stops the read with a `cancelled` error. */
  signal?: AbortSignal;
}

/** What the reader saw in the file besides the elements. */
export interface OsmFileInfo {
  /** Bounding box from the header (`<bounds>` or the PBF HeaderBBox), when the file has one. */
  bounds: [west: number, south: number, east: number, north: number] | null;
  /** Writing program (`generator`). */
  generator: string;
  /** Replication / snapshot time (ISO 8601) when the file states it ("Datenstand"). */
  timestamp: string | null;
}

export function emptyFileInfo(): OsmFileInfo {
  return { bounds: null, generator: '', timestamp: null };
}
