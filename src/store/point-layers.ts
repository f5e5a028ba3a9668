/**
 * Storage of large point layers (domain/point-table.ts) in IndexedDB.
 *
 * Layout: a layer's table is stored as chunks of up to `POINT_CHUNK_ROWS` rows in
 * `pointChunks` (key [projectId+layerId+chunk]): per chunk one Float64Array each for lon, lat
 * and every number column, and per text column a Uint32Array of codes plus the dictionary
 * entries the chunk adds. Typed arrays are structured-cloned as whole buffers, so a chunk of
 * 65,536 rows is a handful of memory copies instead of 65,536 objects.
 *
 * Versions: `pointSets` (key [projectId+layerId+set]) lists the chunks of one stored version of
 * a table. Sets and chunks are never modified: a replace, update or append writes a new set
 * (an append shares the old set's full chunks) and then points the layer record at it
 * (`layer.points`) through transact(). Undo and redo therefore move a small layer record, and
 * the undo log never holds rows; the old set stays stored while a logged change names it
 * (point-retention.ts deletes it when that change leaves the log).
 */
import Dexie from 'dexie';
import type { Change, ChangeLabel, ChangeRequest } from '../domain/change';
import {
  concatTables,
  isPointLayer,
  mergeByKey,
  schemaOf,
  unionSchema,
  type MergeOptions,
  type MergeReport,
  type NumberColumn,
  type PointColumn,
  type PointLayer,
  type PointLayerRef,
  type PointTable,
  type TextColumn,
} from '../domain/point-table';
import type { Layer } from '../domain/types';
import { POINT_TABLES, type AtlasDatabase, type PointChunkRecord, type PointSetRecord } from './db';
import type { PointChunkText } from '../io/project-file/types';
import { sweepPointData, type SweepOptions, type SweepReport } from './point-retention';
import { LOGGED_TABLES, transact } from './transact';
import type { WriteGuard } from './project-meta';

/** Rows per stored chunk (the last chunk of a set may be shorter). */
export const POINT_CHUNK_ROWS = 65_536;

/** A fresh id of a stored set (also of road graphs, road-graphs.ts). */
export function newSetId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; an app served over plain http on an intranet has none.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function layerChunks(db: AtlasDatabase, projectId: string, layerId: string) {
  return db.pointChunks
    .where('[projectId+layerId+chunk]')
    .between([projectId, layerId, Dexie.minKey], [projectId, layerId, Dexie.maxKey]);
}

async function nextChunkNumber(db: AtlasDatabase, projectId: string, layerId: string): Promise<number> {
  const [last] = await layerChunks(db, projectId, layerId).reverse().limit(1).primaryKeys();
  return last === undefined ? 0 : last[2] + 1;
}

/** Encoding state of one text column: source codes → set-wide codes in first-occurrence order. */
interface TextEncoder {
  column: TextColumn;
  /** Size of the set's dictionary so far. */
  size: number;
  /** Set-wide code of each string already in the dictionary; null while the prefix is empty. */
  lookup: Map<string, number> | null;
  /** Set-wide code per source code, -1 until first seen. */
  remap: Int32Array;
}

function textEncoder(column: TextColumn, prefix: readonly string[]): TextEncoder {
  let lookup: Map<string, number> | null = null;
  if (prefix.length > 0) {
    lookup = new Map();
    prefix.forEach((value, index) => {
      if (!lookup!.has(value)) lookup!.set(value, index + 1);
    });
  }
  const remap = new Int32Array(column.dictionary.length + 1).fill(-1);
  remap[0] = 0;
  return { column, size: prefix.length, lookup, remap };
}

function encodeText(encoder: TextEncoder, start: number, end: number): PointChunkText {
  const { column, remap } = encoder;
  const source = column.codes;
  const codes = new Uint32Array(end - start);
  const dictionaryStart = encoder.size;
  const added: string[] = [];
  for (let row = start; row < end; row++) {
    const code = source[row]!;
    let mapped = remap[code]!;
    if (mapped < 0) {
      const value = column.dictionary[code - 1]!;
      const known = encoder.lookup?.get(value);
      if (known !== undefined) {
        mapped = known;
      } else {
        added.push(value);
        mapped = ++encoder.size;
        encoder.lookup?.set(value, mapped);
      }
      remap[code] = mapped;
    }
    codes[row - start] = mapped;
  }
  return { name: column.name, codes, dictionaryStart, added };
}

/**
 * Chunk records of `table`, numbered from `firstChunk`. `prefix` holds, per text column, the
 * dictionary of the chunks the new ones follow (empty for a new set).
 */
function* encodeChunks(
  projectId: string,
  layerId: string,
  table: PointTable,
  firstChunk: number,
  prefix: ReadonlyMap<string, readonly string[]>,
): Generator<PointChunkRecord> {
  const numbers = table.columns.filter((column): column is NumberColumn => column.kind === 'number');
  const texts = table.columns
    .filter((column): column is TextColumn => column.kind === 'text')
    .map((column) => textEncoder(column, prefix.get(column.name) ?? []));
  for (let start = 0, chunk = firstChunk; start < table.length; start += POINT_CHUNK_ROWS, chunk++) {
    const end = Math.min(start + POINT_CHUNK_ROWS, table.length);
    // slice, not subarray: a view would be cloned with its whole underlying buffer.
    yield {
      projectId,
      layerId,
      chunk,
      length: end - start,
      lon: table.lon.slice(start, end),
      lat: table.lat.slice(start, end),
      numbers: numbers.map((column) => ({ name: column.name, values: column.values.slice(start, end) })),
      texts: texts.map((encoder) => encodeText(encoder, start, end)),
    };
  }
}

/**
 * Write the chunks one at a time, awaiting each: the structured clone of a chunk (a few ms)
 * is the only synchronous work, so the thread stays responsive between chunks.
 */
async function writeChunks(
  db: AtlasDatabase,
  projectId: string,
  layerId: string,
  table: PointTable,
  prefix: ReadonlyMap<string, readonly string[]>,
): Promise<{ chunks: number[]; chunkLengths: number[] }> {
  const chunks: number[] = [];
  const chunkLengths: number[] = [];
  const first = await nextChunkNumber(db, projectId, layerId);
  for (const record of encodeChunks(projectId, layerId, table, first, prefix)) {
    await db.pointChunks.add(record);
    chunks.push(record.chunk);
    chunkLengths.push(record.length);
  }
  return { chunks, chunkLengths };
}

function refOf(record: PointSetRecord): PointLayerRef {
  return { set: record.set, length: record.length, columns: record.columns, keyColumn: record.keyColumn };
}

/** Must run inside a transaction over the point tables. */
async function writeNewSet(db: AtlasDatabase, projectId: string, layerId: string, table: PointTable): Promise<PointLayerRef> {
  const { chunks, chunkLengths } = await writeChunks(db, projectId, layerId, table, new Map());
  const record: PointSetRecord = {
    projectId,
    layerId,
    set: newSetId(),
    length: table.length,
    chunks,
    chunkLengths,
    columns: schemaOf(table),
    keyColumn: table.keyColumn,
    createdAt: Date.now(),
  };
  await db.pointSets.add(record);
  return refOf(record);
}

async function getSet(db: AtlasDatabase, projectId: string, layerId: string, set: string): Promise<PointSetRecord> {
  const record = await db.pointSets.get([projectId, layerId, set]);
  if (!record) throw new Error(`Point set ${set} of layer ${layerId} is not stored`);
  return record;
}

/**
 * Chunk reads kept in flight. In Chromium, 16 chunks read in parallel took 145 ms and one at a
 * time 303 ms (1,000,000 rows, idle machine).
 */
const READ_AHEAD = 4;

/**
 * Reads the chunks of a set in order, `READ_AHEAD` requests ahead, calling `visit` on each; no
 * more than that many chunks are held at once.
 */
async function forEachChunk(
  db: AtlasDatabase,
  record: PointSetRecord,
  visit: (chunk: PointChunkRecord, index: number) => void,
): Promise<void> {
  const count = record.chunks.length;
  const get = (index: number) => db.pointChunks.get([record.projectId, record.layerId, record.chunks[index]!]);
  const pending: Promise<PointChunkRecord | undefined>[] = [];
  for (let index = 0; index < Math.min(READ_AHEAD, count); index++) pending.push(get(index));
  for (let index = 0; index < count; index++) {
    const chunk = await pending.shift()!;
    if (index + READ_AHEAD < count) pending.push(get(index + READ_AHEAD));
    if (!chunk) throw new Error(`Chunk ${record.chunks[index]} of layer ${record.layerId} is not stored`);
    visit(chunk, index);
  }
}

/** Appends a chunk's `added` entries to the set dictionary of its text columns. */
function extendDictionaries(dictionaries: Map<string, string[]>, chunk: PointChunkRecord, layerId: string): void {
  for (const text of chunk.texts) {
    let dictionary = dictionaries.get(text.name);
    if (!dictionary) dictionaries.set(text.name, (dictionary = []));
    if (text.dictionaryStart !== dictionary.length) {
      throw new Error(`Chunk ${chunk.chunk} of layer ${layerId}: dictionary of "${text.name}" does not continue`);
    }
    for (const value of text.added) dictionary.push(value);
  }
}

async function assembleSet(db: AtlasDatabase, record: PointSetRecord): Promise<PointTable> {
  const { length } = record;
  const lon = new Float64Array(length);
  const lat = new Float64Array(length);
  const numbers = new Map<string, Float64Array>();
  const codes = new Map<string, Uint32Array>();
  const dictionaries = new Map<string, string[]>();
  for (const column of record.columns) {
    if (column.kind === 'number') numbers.set(column.name, new Float64Array(length).fill(Number.NaN));
    else {
      codes.set(column.name, new Uint32Array(length));
      dictionaries.set(column.name, []);
    }
  }
  let offset = 0;
  await forEachChunk(db, record, (chunk) => {
    if (offset + chunk.length > length) throw new Error(`Point set ${record.set} holds more rows than it says`);
    lon.set(chunk.lon, offset);
    lat.set(chunk.lat, offset);
    for (const column of chunk.numbers) numbers.get(column.name)?.set(column.values, offset);
    for (const text of chunk.texts) codes.get(text.name)?.set(text.codes, offset);
    extendDictionaries(dictionaries, chunk, record.layerId);
    offset += chunk.length;
  });
  if (offset !== length) throw new Error(`Point set ${record.set} holds ${offset} rows, not ${length}`);
  const columns: PointColumn[] = record.columns.map((column) =>
    column.kind === 'number'
      ? { kind: 'number', name: column.name, values: numbers.get(column.name)! }
      : { kind: 'text', name: column.name, codes: codes.get(column.name)!, dictionary: dictionaries.get(column.name)! },
  );
  return { length, lon, lat, columns, keyColumn: record.keyColumn };
}

/**
 * Must run inside a transaction over the point tables. When the appended columns fit the old
 * ones, the old set's full chunks are shared and only its last, partly filled chunk is rewritten
 * together with the new rows; otherwise (a column changes kind) the whole table is rewritten.
 */
async function writeAppendedSet(
  db: AtlasDatabase,
  projectId: string,
  layer: PointLayer,
  added: PointTable,
): Promise<PointLayerRef> {
  const base = await getSet(db, projectId, layer.id, layer.points.set);
  const kindChanges = added.columns.some((column) =>
    base.columns.some((old) => old.name === column.name && old.kind !== column.kind),
  );
  if (kindChanges) {
    const combined = concatTables(await assembleSet(db, base), added);
    return writeNewSet(db, projectId, layer.id, combined);
  }
  const count = base.chunks.length;
  const lastIsPartial = count > 0 && base.chunkLengths[count - 1]! < POINT_CHUNK_ROWS;
  const shared = lastIsPartial ? count - 1 : count;
  // Dictionaries of the shared chunks (only needed when new text meets old text) and the last chunk.
  const needsDictionaries = added.columns.some(
    (column) => column.kind === 'text' && base.columns.some((old) => old.name === column.name),
  );
  const dictionaries = new Map<string, string[]>();
  let prefix = new Map<string, readonly string[]>();
  let tail = added;
  if (needsDictionaries || lastIsPartial) {
    // Codes are set-wide, so even the last chunk alone needs the dictionaries of all chunks.
    const held: { last: PointChunkRecord | null } = { last: null };
    await forEachChunk(db, base, (chunk, index) => {
      if (index === shared) {
        prefix = new Map([...dictionaries].map(([name, values]) => [name, [...values]]));
        held.last = chunk;
      }
      extendDictionaries(dictionaries, chunk, layer.id);
    });
    if (!lastIsPartial) prefix = dictionaries;
    if (held.last !== null) tail = concatTables(decodeChunk(held.last, base, dictionaries), added);
  }
  const written = await writeChunks(db, projectId, layer.id, tail, prefix);
  const record: PointSetRecord = {
    projectId,
    layerId: layer.id,
    set: newSetId(),
    length: base.length + added.length,
    chunks: [...base.chunks.slice(0, shared), ...written.chunks],
    chunkLengths: [...base.chunkLengths.slice(0, shared), ...written.chunkLengths],
    columns: unionSchema(base.columns, schemaOf(added)),
    keyColumn: base.keyColumn ?? added.keyColumn,
    createdAt: Date.now(),
  };
  await db.pointSets.add(record);
  return refOf(record);
}

/** One chunk as a table, its text codes read against the set-wide dictionaries. */
function decodeChunk(chunk: PointChunkRecord, set: PointSetRecord, dictionaries: ReadonlyMap<string, string[]>): PointTable {
  const columns: PointColumn[] = set.columns.map((column) => {
    if (column.kind === 'number') {
      const values = chunk.numbers.find((candidate) => candidate.name === column.name)?.values;
      return { kind: 'number', name: column.name, values: values ?? new Float64Array(chunk.length).fill(Number.NaN) };
    }
    const codes = chunk.texts.find((candidate) => candidate.name === column.name)?.codes;
    return {
      kind: 'text',
      name: column.name,
      codes: codes ?? new Uint32Array(chunk.length),
      dictionary: dictionaries.get(column.name) ?? [],
    };
  });
  return { length: chunk.length, lon: chunk.lon, lat: chunk.lat, columns, keyColumn: set.keyColumn };
}

/** The change that makes `ref` the layer's points (creating the layer record if it is new). */
export function pointLayerRequest(layer: Layer, ref: PointLayerRef, label: ChangeLabel): ChangeRequest {
  const record: PointLayer = { ...layer, points: ref };
  return { label, put: { layers: [record] }, delete: {} };
}

async function currentPointLayer(db: AtlasDatabase, projectId: string, layerId: string): Promise<PointLayer> {
  const layer = await db.layers.get([projectId, layerId]);
  if (!layer || !isPointLayer(layer)) throw new Error(`Layer ${layerId} has no stored points`);
  return layer;
}

/**
 * Step one of a two-step import (e.g. this step in a worker): store `table` as a new set of the
 * layer without making it current. Commit it with `transact(db, projectId,
 * pointLayerRequest(layer, ref, label))`; until then it is an orphan that
 * `collectPointGarbage` deletes after `ORPHAN_SET_GRACE_MILLISECONDS`.
 */
export function writePointSet(db: AtlasDatabase, projectId: string, layerId: string, table: PointTable): Promise<PointLayerRef> {
  return db.transaction('rw', POINT_TABLES, () => writeNewSet(db, projectId, layerId, table));
}

/** The stored table of a set (chunks in order, assembled into one table). */
export function loadPointSet(db: AtlasDatabase, projectId: string, layerId: string, set: string): Promise<PointTable> {
  return db.transaction('r', POINT_TABLES, async () => assembleSet(db, await getSet(db, projectId, layerId, set)));
}

/** The current points of a point layer record. */
export function loadPointLayer(db: AtlasDatabase, projectId: string, layer: PointLayer): Promise<PointTable> {
  return loadPointSet(db, projectId, layer.id, layer.points.set);
}

/**
 * Import: store `table` as the layer's points (new layer or replacing its points) and commit it
 * as one undoable change, all in one IndexedDB transaction. Returns the logged change (apply
 * `change.forward` in memory, as for every transact()).
 */
export function replacePointLayer(
  db: AtlasDatabase,
  projectId: string,
  layer: Layer,
  table: PointTable,
  label: ChangeLabel,
  guard: WriteGuard = {},
): Promise<Change> {
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const ref = await writeNewSet(db, projectId, layer.id, table);
    return transact(db, projectId, pointLayerRequest(layer, ref, label), guard);
  });
}

/** Add rows to a point layer, as one undoable change. Columns are united (missing where absent). */
export function appendToPointLayer(
  db: AtlasDatabase,
  projectId: string,
  layerId: string,
  rows: PointTable,
  label: ChangeLabel,
  guard: WriteGuard = {},
): Promise<Change> {
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const layer = await currentPointLayer(db, projectId, layerId);
    const ref = await writeAppendedSet(db, projectId, layer, rows);
    return transact(db, projectId, pointLayerRequest(layer, ref, label), guard);
  });
}

/**
 * Re-import of an updated file with a key column: records with a known key are updated in place,
 * new keys appended (see `mergeByKey`), as one undoable change. When nothing differs, nothing is
 * written and `change` is null.
 */
export function updatePointLayerByKey(
  db: AtlasDatabase,
  projectId: string,
  layerId: string,
  incoming: PointTable,
  label: ChangeLabel,
  options: MergeOptions = {},
  guard: WriteGuard = {},
): Promise<{ change: Change | null; report: MergeReport }> {
  return db.transaction('rw', LOGGED_TABLES, async () => {
    const layer = await currentPointLayer(db, projectId, layerId);
    const base = await assembleSet(db, await getSet(db, projectId, layerId, layer.points.set));
    const { table, report } = mergeByKey(base, incoming, options);
    if (report.updated === 0 && report.added === 0 && report.removed === 0) return { change: null, report };
    const ref = await writeNewSet(db, projectId, layerId, table);
    return { change: await transact(db, projectId, pointLayerRequest(layer, ref, label), guard), report };
  });
}

/**
 * Delete a point layer as one undoable change. Its stored points stay until the change leaves
 * the undo log, so undo brings the layer back without a re-import.
 */
export function deletePointLayer(db: AtlasDatabase, projectId: string, layerId: string, label: ChangeLabel, guard: WriteGuard = {}): Promise<Change> {
  return transact(db, projectId, { label, put: {}, delete: { layers: [layerId] } }, guard);
}

/**
 * Delete point data nothing refers to: sets of imports that were written but never committed
 * (older than the grace time), and data left behind by changes that left the log. transact()
 * does the latter by itself; call this when a project is opened.
 */
export function collectPointGarbage(db: AtlasDatabase, projectId: string, options: SweepOptions = {}): Promise<SweepReport> {
  return db.transaction('rw', LOGGED_TABLES, () => sweepPointData(db, projectId, options));
}
