/**
 * Reading a project file (format.ts) completely and checking it before anything is stored:
 * archive structure, manifest, version, every entry's size and checksum, every record
 * (validate.ts), the binary layout of point chunks and graphs, and how the parts refer to each
 * other. A file that fails any check is refused as a whole with a ProjectFileError naming the
 * entry, record and reason; what is returned is complete and consistent, ready to be stored in
 * one transaction. A project snapshot in one JSON object (version 0) is read through the same
 * record checks. Migrations to the current version are applied at the end (migrate.ts).
 *
 * Pure (no DOM, no IndexedDB): runs in the project worker and in Node tests.
 */
import { TABLE_NAMES, type ProjectSnapshot, type TableName } from '../../domain/types';
import { graphShapeProblem, ROAD_GRAPH_FORMAT } from '../osm/graph';
import { jsonErrorPosition, lineAndColumn } from '../geojson';
import { Utf8Scanner } from '../csv/encoding';
import { ProjectFileError } from './errors';
import {
  chunkEntries,
  graphEntry,
  jsonReviver,
  LIMITS,
  LITTLE_ENDIAN,
  MANIFEST_ENTRY,
  PROJECT_FILE_FORMAT,
  PROJECT_FILE_VERSION,
  tableEntry,
  type ManifestPointSet,
  type ManifestRoadGraph,
  type ProjectFileManifest,
} from './format';
import { migrateContents } from './migrate';
import { arrayOf, finite, integer, isPlainObject, nonEmptyString, object, oneOf, RECORD_CHECKS, string, type Check } from './validate';
import { isZipSignature, readZipDirectory, readZipEntry, ZipError, type ByteSource, type ZipEntry } from '../zip-read';
import type { PointChunkData, PointSetContents, PointSetData, ProjectFileContents, RoadGraphData } from './types';

export interface ReadProjectFileOptions {
  /** Called with 0…1 while reading. */
  onProgress?: (fraction: number) => void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of an entry, refusing bytes that are not UTF-8. */
function decode(bytes: Uint8Array, fileName: string, entry: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const byte = new Utf8Scanner().push(bytes).finish().firstInvalid;
    throw new ProjectFileError('entry-invalid', fileName, `not valid UTF-8 text (at byte ${byte})`, { entry, byte });
  }
}

function parseJson(text: string, fileName: string, entry: string, code: 'entry-invalid' | 'manifest-invalid'): unknown {
  try {
    return text.includes('"$number"') ? JSON.parse(text, jsonReviver) : JSON.parse(text);
  } catch {
    const { line, column } = lineAndColumn(text, jsonErrorPosition(text));
    throw new ProjectFileError(code, fileName, `invalid JSON at line ${line}, column ${column}`, { entry, line, column });
  }
}

const pointSetCheck: Check = object({
  layerId: nonEmptyString,
  set: nonEmptyString,
  length: integer,
  chunks: arrayOf(integer),
  chunkLengths: arrayOf(integer),
  columns: arrayOf(object({ name: string, kind: oneOf(['number', 'text']) })),
  keyColumn: (value, path) => (value === null ? null : string(value, path)),
  createdAt: finite,
});

const manifestCheck: Check = object({
  exportedAt: finite,
  project: object({ id: nonEmptyString, name: string }),
  tables: object(Object.fromEntries(TABLE_NAMES.map((table) => [table, object({ entry: oneOf([tableEntry(table)]), records: integer })]))),
  pointSets: arrayOf(object({ set: pointSetCheck, entries: arrayOf(object({ meta: string, data: string })) })),
  roadGraphs: arrayOf(
    object({ layerId: nonEmptyString, set: nonEmptyString, format: integer, createdAt: finite, nodeCount: integer, edgeCount: integer, data: string }),
  ),
  entries: (value, path) => {
    if (!isPlainObject(value)) return `${path} is not an object`;
    for (const [name, entry] of Object.entries(value)) {
      const reason = object({ bytes: integer, crc32: integer })(entry, `${path}["${name}"]`);
      if (reason) return reason;
    }
    return null;
  },
});

/** A zip-level failure as the project file's error (the codes are the same). */
async function zipStep<T>(fileName: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    const reason = error.code === 'not-zip' ? 'not a project file (not a zip archive)' : error.reason;
    throw new ProjectFileError(error.code, fileName, reason, { ...(error.entry === undefined ? {} : { entry: error.entry }), ...error.params });
  }
}

/** Reads entries in order and reports progress by the compressed bytes read. */
class EntryReader {
  readonly #source: ByteSource;
  readonly #fileName: string;
  readonly #byName: Map<string, ZipEntry>;
  readonly #onProgress: (fraction: number) => void;
  #done = 0;

  constructor(source: ByteSource, fileName: string, entries: ZipEntry[], onProgress: (fraction: number) => void) {
    this.#source = source;
    this.#fileName = fileName;
    this.#byName = new Map(entries.map((entry) => [entry.name, entry]));
    this.#onProgress = onProgress;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  get(name: string): ZipEntry {
    const entry = this.#byName.get(name);
    if (!entry) throw new ProjectFileError('entry-missing', this.#fileName, 'the manifest lists this entry but the archive lacks it', { entry: name });
    return entry;
  }

  async bytes(name: string, maxBytes: number): Promise<Uint8Array> {
    const entry = this.get(name);
    const bytes = await zipStep(this.#fileName, () => readZipEntry(this.#source, entry, maxBytes));
    this.#done += entry.compressedSize;
    this.#onProgress(Math.min(1, this.#done / Math.max(1, this.#source.size)));
    return bytes;
  }

  async json(name: string): Promise<unknown> {
    return parseJson(decode(await this.bytes(name, LIMITS.jsonEntryBytes), this.#fileName, name), this.#fileName, name, 'entry-invalid');
  }
}

/** Checks the records of every table and how they refer to each other. */
function checkSnapshot(snapshot: Record<string, unknown>, fileName: string, entryOf: (table: TableName) => string): ProjectSnapshot {
  const inconsistent = (reason: string, params: Record<string, string | number> = {}) => new ProjectFileError('inconsistent', fileName, reason, params);
  for (const table of TABLE_NAMES) {
    const entry = entryOf(table);
    const records = snapshot[table];
    if (!Array.isArray(records)) throw new ProjectFileError('entry-invalid', fileName, `the table ${table} is not a list of records`, { entry });
    const ids = new Set<string>();
    records.forEach((record: unknown, index) => {
      const reason = RECORD_CHECKS[table](record, '');
      if (reason) throw new ProjectFileError('entry-invalid', fileName, `record ${index + 1}: ${reason}`, { entry, record: index + 1, detail: reason });
      const id = (record as { id: string }).id;
      if (ids.has(id)) throw new ProjectFileError('entry-invalid', fileName, `record ${index + 1}: the id "${id}" appears twice`, { entry, record: index + 1, detail: `id "${id}" twice` });
      ids.add(id);
    });
  }
  const tables = snapshot as unknown as ProjectSnapshot;
  if (tables.projects.length !== 1) throw inconsistent(`the file holds ${tables.projects.length} projects, not one`);
  const project = tables.projects[0]!;
  for (const table of TABLE_NAMES) {
    if (table === 'projects') continue;
    const stranger = (tables[table] as { id: string; projectId: string }[]).find((record) => record.projectId !== project.id);
    if (stranger) throw inconsistent(`${table} record "${stranger.id}" belongs to another project (${stranger.projectId})`, { entry: entryOf(table) });
  }
  const variants = new Set(tables.variants.map((variant) => variant.id));
  if (project.activeVariantId !== null && !variants.has(project.activeVariantId)) throw inconsistent(`the active variant "${project.activeVariantId}" is not in the file`);
  const space = tables.spaces.find((candidate) => !variants.has(candidate.variantId));
  if (space) throw inconsistent(`space "${space.id}" belongs to variant "${space.variantId}", which is not in the file`, { entry: entryOf('spaces') });
  const layers = new Set(tables.layers.map((layer) => layer.id));
  for (const table of ['units', 'resources', 'demand', 'features'] as const) {
    const orphan = (tables[table] as { id: string; layerId: string }[]).find((record) => !layers.has(record.layerId));
    if (orphan) throw inconsistent(`${table} record "${orphan.id}" belongs to layer "${orphan.layerId}", which is not in the file`, { entry: entryOf(table) });
  }
  return tables;
}

/** The point set as the manifest describes it, checked in itself. */
function checkPointSet(point: ManifestPointSet, index: number, fileName: string): PointSetData {
  const { set } = point;
  const fail = (reason: string) => new ProjectFileError('manifest-invalid', fileName, `point set ${index + 1}: ${reason}`, { entry: MANIFEST_ENTRY, detail: reason });
  if (set.chunks.length !== set.chunkLengths.length || set.chunks.length !== point.entries.length) throw fail('the chunk lists differ in length');
  if (new Set(set.chunks).size !== set.chunks.length) throw fail('a chunk is listed twice');
  if (set.chunkLengths.some((length) => length < 0) || set.chunkLengths.reduce((sum, length) => sum + length, 0) !== set.length) throw fail('the chunk lengths do not add up to the set length');
  const names = new Set(set.columns.map((column) => column.name));
  if (names.size !== set.columns.length) throw fail('a column name appears twice');
  if (set.keyColumn !== null && !names.has(set.keyColumn)) throw fail(`the key column "${set.keyColumn}" is not a column`);
  set.chunks.forEach((chunk, position) => {
    const expected = chunkEntries(index, chunk);
    if (point.entries[position]!.meta !== expected.meta || point.entries[position]!.data !== expected.data) throw fail(`chunk ${chunk} is stored under unexpected names`);
  });
  return set;
}

/** Copy of `bytes[offset, offset + count * size)` as a typed array (aligned, independent of the entry). */
function typed<T extends Float64Array | Float32Array | Uint32Array | Uint8Array>(
  make: new (buffer: ArrayBuffer) => T,
  bytes: Uint8Array,
  offset: number,
  count: number,
  size: number,
): T {
  return new make(bytes.slice(offset, offset + count * size).buffer);
}

async function readPointSet(reader: EntryReader, point: ManifestPointSet, index: number, fileName: string): Promise<PointSetContents> {
  const set = checkPointSet(point, index, fileName);
  const numberColumns = new Set(set.columns.filter((column) => column.kind === 'number').map((column) => column.name));
  const textColumns = new Set(set.columns.filter((column) => column.kind === 'text').map((column) => column.name));
  const dictionarySizes = new Map<string, number>();
  const chunks: PointChunkData[] = [];
  for (let position = 0; position < set.chunks.length; position++) {
    const { meta: metaEntry, data: dataEntry } = point.entries[position]!;
    const length = set.chunkLengths[position]!;
    const bad = (entry: string, reason: string) => new ProjectFileError('entry-invalid', fileName, reason, { entry, detail: reason });
    const meta = await reader.json(metaEntry);
    const reason = object({
      length: oneOf([length]),
      numbers: arrayOf(oneOf([...numberColumns])),
      texts: arrayOf(object({ name: oneOf([...textColumns]), dictionaryStart: integer, added: arrayOf(string) })),
    })(meta, '');
    if (reason) throw bad(metaEntry, reason);
    const { numbers, texts } = meta as { numbers: string[]; texts: { name: string; dictionaryStart: number; added: string[] }[] };
    if (new Set(numbers).size !== numbers.length || new Set(texts.map((text) => text.name)).size !== texts.length) throw bad(metaEntry, 'a column appears twice');
    for (const text of texts) {
      const size = dictionarySizes.get(text.name) ?? 0;
      if (text.dictionaryStart !== size) throw bad(metaEntry, `the dictionary of "${text.name}" continues at ${text.dictionaryStart}, not ${size}`);
      dictionarySizes.set(text.name, size + text.added.length);
    }
    const bytes = await reader.bytes(dataEntry, LIMITS.binaryEntryBytes);
    const expectedBytes = length * (8 * (2 + numbers.length) + 4 * texts.length);
    if (bytes.length !== expectedBytes) throw bad(dataEntry, `holds ${bytes.length} bytes, not the ${expectedBytes} its ${length} rows take`);
    let offset = 0;
    const float64 = () => {
      const array = typed(Float64Array, bytes, offset, length, 8);
      offset += length * 8;
      return array;
    };
    const lon = float64();
    const lat = float64();
    const numberValues = numbers.map((name) => ({ name, values: float64() }));
    const textValues = texts.map((text) => {
      const codes = typed(Uint32Array, bytes, offset, length, 4);
      offset += length * 4;
      const limit = dictionarySizes.get(text.name)!;
      for (let row = 0; row < length; row++) {
        if (codes[row]! > limit) throw bad(dataEntry, `row ${row + 1} of "${text.name}" uses text ${codes[row]} of a dictionary of ${limit}`);
      }
      return { ...text, codes };
    });
    chunks.push({ layerId: set.layerId, chunk: set.chunks[position]!, length, lon, lat, numbers: numberValues, texts: textValues });
  }
  return { set, chunks };
}

async function readRoadGraph(reader: EntryReader, graph: ManifestRoadGraph, index: number, fileName: string): Promise<RoadGraphData> {
  const entry = graphEntry(index);
  if (graph.data !== entry) throw new ProjectFileError('manifest-invalid', fileName, `road graph ${index + 1} is stored under an unexpected name`, { entry: MANIFEST_ENTRY });
  if (graph.format !== ROAD_GRAPH_FORMAT) {
    throw new ProjectFileError('entry-invalid', fileName, `the road graph has format ${graph.format}, not ${ROAD_GRAPH_FORMAT}`, { entry });
  }
  const { nodeCount: n, edgeCount: e } = graph;
  if (n < 0 || e < 0) throw new ProjectFileError('manifest-invalid', fileName, `road graph ${index + 1} has negative counts`, { entry: MANIFEST_ENTRY });
  const bytes = await reader.bytes(entry, LIMITS.binaryEntryBytes);
  const expectedBytes = 3 * 8 * n + 4 * (n + 1) + 4 * e + 4 * e + 3 * e;
  if (bytes.length !== expectedBytes) throw new ProjectFileError('entry-invalid', fileName, `holds ${bytes.length} bytes, not the ${expectedBytes} of ${n} nodes and ${e} edges`, { entry });
  let offset = 0;
  const next = <T extends Float64Array | Float32Array | Uint32Array | Uint8Array>(make: new (buffer: ArrayBuffer) => T, count: number, size: number): T => {
    const array = typed(make, bytes, offset, count, size);
    offset += count * size;
    return array;
  };
  const data: RoadGraphData = {
    layerId: graph.layerId,
    set: graph.set,
    format: graph.format,
    createdAt: graph.createdAt,
    nodeCount: n,
    edgeCount: e,
    lon: next(Float64Array, n, 8),
    lat: next(Float64Array, n, 8),
    osmIds: next(Float64Array, n, 8),
    offsets: next(Uint32Array, n + 1, 4),
    targets: next(Uint32Array, e, 4),
    lengths: next(Float32Array, e, 4),
    modes: next(Uint8Array, e, 1),
    carKmh: next(Uint8Array, e, 1),
    roadClass: next(Uint8Array, e, 1),
  };
  const problem = graphShapeProblem(data);
  if (problem) throw new ProjectFileError('entry-invalid', fileName, problem, { entry });
  return data;
}

/** Layers and the point sets and graphs they name must match one to one. */
function checkReferences(contents: Pick<ProjectFileContents, 'snapshot' | 'pointSets' | 'roadGraphs'>, fileName: string): void {
  const inconsistent = (reason: string) => new ProjectFileError('inconsistent', fileName, reason, { entry: tableEntry('layers') });
  const sets = new Map(contents.pointSets.map((point) => [`${point.set.layerId}\u0000${point.set.set}`, point.set]));
  const graphs = new Map(contents.roadGraphs.map((graph) => [`${graph.layerId}\u0000${graph.set}`, graph]));
  if (sets.size !== contents.pointSets.length) throw inconsistent('a point set is in the file twice');
  if (graphs.size !== contents.roadGraphs.length) throw inconsistent('a road graph is in the file twice');
  let namedSets = 0;
  let namedGraphs = 0;
  for (const layer of contents.snapshot.layers as (ProjectSnapshot['layers'][number] & { points?: PointSetData; graph?: RoadGraphData })[]) {
    if (layer.points) {
      const set = sets.get(`${layer.id}\u0000${layer.points.set}`);
      if (!set) throw inconsistent(`layer "${layer.name}" names point data the file does not contain`);
      const sameColumns = JSON.stringify(set.columns) === JSON.stringify(layer.points.columns);
      if (set.length !== layer.points.length || !sameColumns || set.keyColumn !== layer.points.keyColumn) {
        throw inconsistent(`layer "${layer.name}" describes its points differently from the stored point data`);
      }
      namedSets++;
    }
    if (layer.graph) {
      const graph = graphs.get(`${layer.id}\u0000${layer.graph.set}`);
      if (!graph) throw inconsistent(`layer "${layer.name}" names a road graph the file does not contain`);
      if (graph.nodeCount !== layer.graph.nodeCount || graph.edgeCount !== layer.graph.edgeCount) throw inconsistent(`layer "${layer.name}" gives other counts than its road graph`);
      namedGraphs++;
    }
  }
  if (namedSets !== sets.size) throw inconsistent('the file holds point data no layer refers to');
  if (namedGraphs !== graphs.size) throw inconsistent('the file holds a road graph no layer refers to');
}

async function readManifest(reader: EntryReader, fileName: string): Promise<ProjectFileManifest> {
  if (!reader.has(MANIFEST_ENTRY)) {
    const shapefile = reader.names().some((name) => /\.shp$/i.test(name));
    throw new ProjectFileError('manifest-missing', fileName, `the zip archive has no ${MANIFEST_ENTRY}: not a project file${shapefile ? ' (it holds a Shapefile: import it as social spaces or base units)' : ''}`);
  }
  const bytes = await reader.bytes(MANIFEST_ENTRY, LIMITS.manifestBytes);
  const value = parseJson(decode(bytes, fileName, MANIFEST_ENTRY), fileName, MANIFEST_ENTRY, 'manifest-invalid');
  const invalid = (reason: string) => new ProjectFileError('manifest-invalid', fileName, reason, { entry: MANIFEST_ENTRY, detail: reason });
  if (!isPlainObject(value) || value['format'] !== PROJECT_FILE_FORMAT) throw invalid('not the manifest of a Sozialraum-Atlas project file');
  const version = value['version'];
  if (!Number.isSafeInteger(version) || (version as number) < 1) throw invalid(`the format version ${JSON.stringify(version)} is not valid`);
  if ((version as number) > PROJECT_FILE_VERSION) {
    throw new ProjectFileError('version-newer', fileName, `written by a newer version of the app (file format ${version}; this version reads up to ${PROJECT_FILE_VERSION})`, {
      version: version as number,
      supported: PROJECT_FILE_VERSION,
    });
  }
  const reason = manifestCheck(value, '');
  if (reason) throw invalid(reason);
  return value as unknown as ProjectFileManifest;
}

/** The archive must hold exactly the entries the manifest lists, with the sizes and checksums it states. */
function checkEntries(manifest: ProjectFileManifest, reader: EntryReader, fileName: string): void {
  const listed = new Set(Object.keys(manifest.entries));
  const referenced = [
    ...TABLE_NAMES.map((table) => manifest.tables[table].entry),
    ...manifest.pointSets.flatMap((point) => point.entries.flatMap((entry) => [entry.meta, entry.data])),
    ...manifest.roadGraphs.map((graph) => graph.data),
  ];
  for (const name of referenced) {
    if (!listed.has(name)) throw new ProjectFileError('manifest-invalid', fileName, `${name} is used but not listed among the entries`, { entry: MANIFEST_ENTRY });
  }
  if (listed.size > LIMITS.entries) throw new ProjectFileError('manifest-invalid', fileName, `lists ${listed.size} entries, more than the ${LIMITS.entries} read`, { entry: MANIFEST_ENTRY });
  let total = 0;
  for (const name of listed) {
    const stated = manifest.entries[name]!;
    const entry = reader.get(name);
    if (entry.size !== stated.bytes || entry.crc !== stated.crc32 >>> 0) {
      throw new ProjectFileError('entry-damaged', fileName, 'size or checksum in the archive differ from the manifest', { entry: name });
    }
    total += entry.size;
  }
  if (total > LIMITS.totalBytes) throw new ProjectFileError('entry-too-large', fileName, `unpacks to ${total} bytes, more than the ${LIMITS.totalBytes} read`, { bytes: total, limit: LIMITS.totalBytes });
  const unexpected = reader.names().find((name) => name !== MANIFEST_ENTRY && !listed.has(name));
  if (unexpected !== undefined) throw new ProjectFileError('entry-unexpected', fileName, 'the archive holds an entry the manifest does not list', { entry: unexpected });
}

async function readZipProject(source: ByteSource, fileName: string, onProgress: (fraction: number) => void): Promise<ProjectFileContents> {
  const reader = new EntryReader(source, fileName, await zipStep(fileName, () => readZipDirectory(source)), onProgress);
  const manifest = await readManifest(reader, fileName);
  checkEntries(manifest, reader, fileName);
  const snapshot: Record<string, unknown> = {};
  for (const table of TABLE_NAMES) {
    const { entry, records } = manifest.tables[table];
    const value = await reader.json(entry);
    if (Array.isArray(value) && value.length !== records) {
      throw new ProjectFileError('inconsistent', fileName, `holds ${value.length} records, the manifest says ${records}`, { entry });
    }
    snapshot[table] = value;
  }
  const checked = checkSnapshot(snapshot, fileName, (table) => manifest.tables[table].entry);
  if (checked.projects[0]!.id !== manifest.project.id) {
    throw new ProjectFileError('inconsistent', fileName, `the project is "${checked.projects[0]!.id}", the manifest says "${manifest.project.id}"`, { entry: MANIFEST_ENTRY });
  }
  const pointSets: PointSetContents[] = [];
  for (const [index, point] of manifest.pointSets.entries()) pointSets.push(await readPointSet(reader, point, index, fileName));
  const roadGraphs: RoadGraphData[] = [];
  for (const [index, graph] of manifest.roadGraphs.entries()) roadGraphs.push(await readRoadGraph(reader, graph, index, fileName));
  const contents = { version: manifest.version, exportedAt: manifest.exportedAt, snapshot: checked, pointSets, roadGraphs };
  checkReferences(contents, fileName);
  return contents;
}

/** Version 0: a project snapshot as one JSON object (as the demo project is shipped). */
async function readSnapshotJson(source: ByteSource, fileName: string): Promise<ProjectFileContents> {
  if (source.size > LIMITS.jsonEntryBytes) {
    throw new ProjectFileError('entry-too-large', fileName, `${source.size} bytes of JSON, more than the ${LIMITS.jsonEntryBytes} read`, { bytes: source.size, limit: LIMITS.jsonEntryBytes });
  }
  const value = parseJson(decode(await source.read(0, source.size), fileName, fileName), fileName, fileName, 'entry-invalid');
  if (!isPlainObject(value) || !TABLE_NAMES.every((table) => Array.isArray(value[table]))) {
    throw new ProjectFileError('not-zip', fileName, 'not a project file (neither a .sozialraum archive nor a project snapshot in JSON)');
  }
  const snapshot = checkSnapshot(value, fileName, () => fileName);
  const contents = { version: 0, exportedAt: null, snapshot, pointSets: [], roadGraphs: [] };
  checkReferences(contents, fileName);
  return contents;
}

/** Read and check a whole project file; throws ProjectFileError for anything it cannot accept. */
export async function readProjectFile(source: ByteSource, fileName: string, options: ReadProjectFileOptions = {}): Promise<ProjectFileContents> {
  if (!LITTLE_ENDIAN) throw new Error('Project files are read on little-endian machines only');
  const onProgress = options.onProgress ?? (() => {});
  if (source.size === 0) throw new ProjectFileError('file-empty', fileName, 'the file is empty');
  const head = await source.read(0, Math.min(source.size, 4096));
  let contents: ProjectFileContents;
  if (isZipSignature(head)) {
    contents = await readZipProject(source, fileName, onProgress);
  } else {
    let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (start < head.length && (head[start] === 0x20 || head[start] === 0x0a || head[start] === 0x0d || head[start] === 0x09)) start++;
    if (head[start] !== 0x7b) {
      throw new ProjectFileError('not-zip', fileName, 'not a project file (neither a .sozialraum archive nor a project snapshot in JSON)');
    }
    contents = await readSnapshotJson(source, fileName);
  }
  onProgress(1);
  return migrateContents(contents);
}

/** Like readProjectFile, but a refusal comes back as plain data (an Error loses its fields across comlink). */
export async function tryReadProjectFile(
  source: ByteSource,
  fileName: string,
  options: ReadProjectFileOptions = {},
): Promise<{ ok: true; contents: ProjectFileContents } | { ok: false; error: import('./errors').ProjectFileErrorData }> {
  try {
    return { ok: true, contents: await readProjectFile(source, fileName, options) };
  } catch (error) {
    if (error instanceof ProjectFileError) return { ok: false, error: error.toData() };
    throw error;
  }
}
