/**
 * The stored layout of large data, shared by IndexedDB (store/db.ts adds `projectId`) and
 * project files: point layers as chunks of columns, routing graphs as typed arrays.
 */
import type { PointColumnSchema } from '../../domain/point-table';
import type { ProjectSnapshot } from '../../domain/types';
import type { RoadGraph } from '../osm/graph';

/**
 * One stored version of a layer's point table: an ordered list of chunks. Sets are never
 * modified; an append makes a new set that shares the old full chunks.
 */
export interface PointSetData {
  layerId: string;
  set: string;
  length: number;
  /** Chunk numbers in row order, and the row count of each. */
  chunks: number[];
  chunkLengths: number[];
  columns: PointColumnSchema[];
  keyColumn: string | null;
  createdAt: number;
}

/** Text values of one chunk: codes into the set's dictionary and the entries this chunk adds. */
export interface PointChunkText {
  name: string;
  codes: Uint32Array;
  /** Dictionary size before this chunk; `added` continues the dictionary from there. */
  dictionaryStart: number;
  added: string[];
}

/**
 * Rows of one chunk. A column of the set that a chunk lacks is missing in all its rows (a
 * column added by a later append). Dictionaries are global per set, in first-occurrence order,
 * so loading concatenates the `added` lists and copies codes unchanged.
 */
export interface PointChunkData {
  layerId: string;
  chunk: number;
  length: number;
  lon: Float64Array;
  lat: Float64Array;
  numbers: { name: string; values: Float64Array }[];
  texts: PointChunkText[];
}

/**
 * One stored version of a network layer's routing graph (`layer.graph.set` names it). Never
 * modified: an import writes a new record.
 */
export interface RoadGraphData extends RoadGraph {
  layerId: string;
  set: string;
  /** Layout of the stored arrays (`ROAD_GRAPH_FORMAT` in io/osm/graph.ts). */
  format: number;
  createdAt: number;
}

/** A stored point set with its chunks. */
export interface PointSetContents {
  set: PointSetData;
  chunks: PointChunkData[];
}

/** Everything a project file holds, read and checked. */
export interface ProjectFileContents {
  /** The format version the file was written in (before migration to the current one). */
  version: number;
  exportedAt: number | null;
  snapshot: ProjectSnapshot;
  pointSets: PointSetContents[];
  roadGraphs: RoadGraphData[];
}
