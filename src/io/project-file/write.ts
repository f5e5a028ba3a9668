/**
 * Writing a project file (format.ts) piece by piece: tables, point chunks and graphs are added
 * as they are read from storage and compressed at once (fflate's streaming zip), so no more than
 * one chunk is held unpacked. `finish()` adds the manifest and returns the archive's bytes as
 * parts (for a Blob; no single buffer of the whole file is needed).
 */
import { Zip, ZipDeflate } from 'fflate';
import { TABLE_NAMES, type Project, type ProjectTables, type TableName } from '../../domain/types';
import { crc32 } from '../crc32';
import {
  chunkEntries,
  graphEntry,
  jsonReplacer,
  LITTLE_ENDIAN,
  MANIFEST_ENTRY,
  PROJECT_FILE_FORMAT,
  PROJECT_FILE_VERSION,
  tableEntry,
  type ManifestEntry,
  type ManifestPointSet,
  type ManifestRoadGraph,
  type ProjectFileManifest,
} from './format';
import type { PointChunkData, PointSetData, RoadGraphData } from './types';

/** Zip dates run from 1980 to 2099 (a day inside, whatever the local time zone). */
const ZIP_EARLIEST = Date.UTC(1980, 0, 2);
const ZIP_LATEST = Date.UTC(2099, 11, 30);

/** Records serialised into one string before it is compressed. */
const RECORDS_PER_PIECE = 2_000;

/** The typed arrays of a graph in file order (widest elements first, so every array stays aligned). */
export function graphArrays(graph: RoadGraphData) {
  return [graph.lon, graph.lat, graph.osmIds, graph.offsets, graph.targets, graph.lengths, graph.modes, graph.carKmh, graph.roadClass] as const;
}

/** The bytes of a typed array as they lie in memory (little-endian). */
function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

export class ProjectFileWriter {
  readonly #zip: Zip;
  readonly #parts: Uint8Array[] = [];
  readonly #entries: Record<string, ManifestEntry> = {};
  readonly #tables: Partial<ProjectFileManifest['tables']> = {};
  readonly #pointSets: ManifestPointSet[] = [];
  readonly #roadGraphs: ManifestRoadGraph[] = [];
  readonly #encoder = new TextEncoder();
  readonly #exportedAt: number;
  #error: Error | null = null;
  #bytes = 0;

  /** `exportedAt`: the export time, written into the manifest and as every entry's date. */
  constructor(exportedAt: number) {
    if (!LITTLE_ENDIAN) throw new Error('Project files are written on little-endian machines only');
    this.#exportedAt = exportedAt;
    this.#zip = new Zip((error, chunk) => {
      if (error) this.#error = error;
      else this.#parts.push(chunk);
    });
  }

  /** Bytes of content added so far (unpacked), for progress. */
  get bytes(): number {
    return this.#bytes;
  }

  /** One entry from parts of its content; `level`: 1 fast (binary), 6 default (text). */
  #add(name: string, pieces: Iterable<Uint8Array | string>, level: 1 | 6): void {
    const file = new ZipDeflate(name, { level });
    // The same content exported at the same time gives the same bytes.
    file.mtime = Math.min(Math.max(this.#exportedAt, ZIP_EARLIEST), ZIP_LATEST);
    this.#zip.add(file);
    let crc = 0;
    let bytes = 0;
    for (const piece of pieces) {
      const data = typeof piece === 'string' ? this.#encoder.encode(piece) : piece;
      crc = crc32(data, crc);
      bytes += data.length;
      file.push(data);
    }
    file.push(new Uint8Array(0), true);
    if (this.#error) throw this.#error;
    this.#bytes += bytes;
    if (name !== MANIFEST_ENTRY) this.#entries[name] = { bytes, crc32: crc };
  }

  /** The records of one table (all of them: call once per table). */
  addTable<T extends TableName>(table: T, records: readonly ProjectTables[T][]): void {
    const entry = tableEntry(table);
    this.#add(entry, jsonArrayPieces(records), 6);
    this.#tables[table] = { entry, records: records.length };
  }

  /** A point set; its chunks follow with `addPointChunk`, in the order of `set.chunks`. */
  addPointSet(set: PointSetData): number {
    this.#pointSets.push({ set, entries: [] });
    return this.#pointSets.length - 1;
  }

  addPointChunk(setIndex: number, chunk: PointChunkData): void {
    const point = this.#pointSets[setIndex];
    if (!point) throw new Error(`No point set ${setIndex}`);
    const expected = point.set.chunks[point.entries.length];
    if (chunk.chunk !== expected || chunk.layerId !== point.set.layerId) throw new Error(`Chunk ${chunk.chunk} is not the next chunk (${expected}) of set ${point.set.set}`);
    const entries = chunkEntries(setIndex, chunk.chunk);
    const meta = {
      length: chunk.length,
      numbers: chunk.numbers.map((column) => column.name),
      texts: chunk.texts.map(({ name, dictionaryStart, added }) => ({ name, dictionaryStart, added })),
    };
    this.#add(entries.meta, [JSON.stringify(meta)], 6);
    this.#add(entries.data, [chunk.lon, chunk.lat, ...chunk.numbers.map((column) => column.values), ...chunk.texts.map((text) => text.codes)].map(bytesOf), 1);
    point.entries.push(entries);
  }

  addRoadGraph(graph: RoadGraphData): void {
    const data = graphEntry(this.#roadGraphs.length);
    this.#add(data, graphArrays(graph).map(bytesOf), 1);
    const { layerId, set, format, createdAt, nodeCount, edgeCount } = graph;
    this.#roadGraphs.push({ layerId, set, format, createdAt, nodeCount, edgeCount, data });
  }

  /** Add the manifest and close the archive; returns its bytes in parts. */
  finish(project: Pick<Project, 'id' | 'name'>): Uint8Array[] {
    for (const point of this.#pointSets) {
      if (point.entries.length !== point.set.chunks.length) throw new Error(`Point set ${point.set.set} lacks chunks`);
    }
    const missing = TABLE_NAMES.filter((table) => !this.#tables[table]);
    if (missing.length > 0) throw new Error(`Tables not written: ${missing.join(', ')}`);
    const manifest: ProjectFileManifest = {
      format: PROJECT_FILE_FORMAT,
      version: PROJECT_FILE_VERSION,
      exportedAt: this.#exportedAt,
      generator: 'Sozialraum-Atlas',
      project: { id: project.id, name: project.name },
      tables: this.#tables as ProjectFileManifest['tables'],
      pointSets: this.#pointSets,
      roadGraphs: this.#roadGraphs,
      entries: this.#entries,
    };
    this.#add(MANIFEST_ENTRY, [JSON.stringify(manifest, null, 1)], 6);
    this.#zip.end();
    if (this.#error) throw this.#error;
    return this.#parts;
  }
}

/** A JSON array of `records` in pieces of a few thousand records. */
function* jsonArrayPieces(records: readonly unknown[]): Generator<string> {
  yield '[';
  for (let start = 0; start < records.length; start += RECORDS_PER_PIECE) {
    const slice = records.slice(start, start + RECORDS_PER_PIECE).map((record) => JSON.stringify(record, jsonReplacer));
    yield (start > 0 ? ',\n' : '\n') + slice.join(',\n');
  }
  yield '\n]';
}
