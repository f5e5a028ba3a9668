/**
 * The project file (`.sozialraum`): one zip archive holding a whole project.
 *
 * ```
 * manifest.json                 format, version, project, every entry with size and CRC-32
 * tables/<table>.json           the records of one table (projects, variants, spaces, layers,
 *                               units, resources, demand, features, views) as a JSON array
 * points/<n>/<chunk>.json       text columns of one chunk of point set n (dictionary additions)
 * points/<n>/<chunk>.bin        its numbers: lon, lat, number columns (float64), text codes (uint32)
 * graphs/<n>.bin                routing graph n: its typed arrays one after the other
 * ```
 *
 * Binary entries are little-endian. The manifest is written last (it lists the other entries
 * with their sizes and checksums); readers find it through the zip's directory. The undo log is
 * not part of a project file: it holds earlier versions of records, also of those deliberately
 * deleted, which must not travel to a colleague with the file. An imported project starts with
 * an empty history. Only the current point sets and graphs are written, not versions kept for undo.
 *
 * Version 1 is the first zip format. Version 0 is a project snapshot as one JSON object (the
 * demo project's format), read through the same checks and migrated (migrate.ts).
 */
import type { TableName } from '../../domain/types';
import type { PointSetData } from './types';

export const PROJECT_FILE_FORMAT = 'sozialraum-atlas-project';
/** The version this app writes, and the newest it reads. */
export const PROJECT_FILE_VERSION = 1;
export const PROJECT_FILE_EXTENSION = '.sozialraum';
export const PROJECT_FILE_MIME_TYPE = 'application/zip';
export const MANIFEST_ENTRY = 'manifest.json';

/** Limits of what is read (beyond them a file is refused before it is unpacked). */
export const LIMITS = {
  manifestBytes: 16 * 1024 * 1024,
  /** A JSON entry is decoded into one string (V8 strings stop near 512 MiB). */
  jsonEntryBytes: 256 * 1024 * 1024,
  binaryEntryBytes: 1024 * 1024 * 1024,
  /** All entries together, unpacked. */
  totalBytes: 4 * 1024 * 1024 * 1024,
  entries: 200_000,
  /** Nesting of free-form values (attributes, saved indicators): deeper values cannot be stored. */
  valueDepth: 32,
} as const;

export interface ManifestEntry {
  /** Size unpacked. */
  bytes: number;
  crc32: number;
}

export interface ManifestPointSet {
  set: PointSetData;
  /** Per chunk of `set.chunks`, in that order: the entries holding it. */
  entries: { meta: string; data: string }[];
}

export interface ManifestRoadGraph {
  layerId: string;
  set: string;
  format: number;
  createdAt: number;
  nodeCount: number;
  edgeCount: number;
  data: string;
}

export interface ProjectFileManifest {
  format: typeof PROJECT_FILE_FORMAT;
  version: number;
  /** Milliseconds since 1970. */
  exportedAt: number;
  generator: string;
  project: { id: string; name: string };
  tables: Record<TableName, { entry: string; records: number }>;
  pointSets: ManifestPointSet[];
  roadGraphs: ManifestRoadGraph[];
  /** Every other entry of the archive. */
  entries: Record<string, ManifestEntry>;
}

export const tableEntry = (table: TableName) => `tables/${table}.json`;
export const chunkEntries = (setIndex: number, chunk: number) => ({ meta: `points/${setIndex}/${chunk}.json`, data: `points/${setIndex}/${chunk}.bin` });
export const graphEntry = (graphIndex: number) => `graphs/${graphIndex}.bin`;

/** True on the little-endian machines every browser runs on; the binary entries assume it. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * JSON of numbers JSON cannot write (NaN, ±Infinity, −0) as `{"$number": "NaN"}`, so records come
 * back as they were.
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { $number: Object.is(value, -0) ? '-0' : String(value) };
  return value;
}

export function jsonReviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const number = (value as Record<string, unknown>)['$number'];
    if (Object.keys(value).length === 1 && (number === 'NaN' || number === 'Infinity' || number === '-Infinity' || number === '-0')) return Number(number);
  }
  return value;
}
