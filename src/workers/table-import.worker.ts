/**
 * Worker of the CSV import wizard: sniff a file, read a preview, and import the whole file
 * (parse, normalise, locate); vector files are first turned into such a table (`readVector`). The File is passed by reference and read here — the sniffer and
 * the preview read its first mebibyte, the import streams it — so a large file is never held
 * whole on the main thread. The main thread sees settings, a small preview and the resulting
 * typed arrays (transferred, not copied). Cancelling terminates the worker (see ./table-import).
 */
import * as Comlink from 'comlink';
import { parseCsv, parseCsvStream, sniffCsv, type CsvSettings, type CsvSniff, type CsvTable, type SniffOverrides } from '../io/csv';
import { CsvFileError } from '../io/csv/errors';
import { planColumns, tableToPoints, type TableImportOutcome, type TablePointPlan } from '../io/table-to-points';
import type { PointTable } from '../domain/point-table';
import { readVectorFile } from '../io/vector-import';
import { vectorPointTable, type VectorTable } from '../io/vector-table';
import { labelPoint } from '../geo/label-point';

/** How much of a file detection and the preview read. */
export const SNIFF_BYTES = 1 << 20;

/** Share of the progress bar for parsing; locating the rows is the rest. */
const PARSE_SHARE = 0.9;

async function head(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
}

/** The buffers of a table's typed arrays, each once (views of one buffer must not be listed twice). */
export function transferablesOf(table: CsvTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>([table.lines.buffer as ArrayBuffer]);
  for (const column of table.columns) {
    if (column.kind === 'number') {
      buffers.add(column.values.buffer as ArrayBuffer);
      if (column.status) buffers.add(column.status.buffer as ArrayBuffer);
    } else if (column.kind === 'dictionary') {
      buffers.add(column.codes.buffer as ArrayBuffer);
    } else {
      buffers.add(column.chars.buffer as ArrayBuffer);
      buffers.add(column.offsets.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}

/** The buffers of a point table, each once. */
export function pointTransferables(points: PointTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>([points.lon.buffer as ArrayBuffer, points.lat.buffer as ArrayBuffer]);
  for (const column of points.columns) buffers.add((column.kind === 'number' ? column.values.buffer : column.codes.buffer) as ArrayBuffer);
  return [...buffers];
}

export const tableImportApi = {
  /**
   * Read a vector file (GeoJSON, Shapefile zip, KML/KMZ, GPX) into a table of its point
   * features (areas at their label point) that the wizard then reads like a CSV file.
   */
  async readVector(file: Blob, fileName: string): Promise<VectorTable> {
    const result = await readVectorFile(fileName, new Uint8Array(await file.arrayBuffer()));
    const table = vectorPointTable(result, labelPoint);
    return Comlink.transfer(table, [table.csv.buffer as ArrayBuffer, table.featureNumbers.buffer as ArrayBuffer]);
  },

  /**
   * Guess the settings of a file from its first mebibyte, taking `overrides` as given. A refused
   * file (empty, not text, no table) rejects with CsvFileErrorData, which keeps its code across
   * the worker boundary.
   */
  async sniff(file: Blob, overrides: SniffOverrides = {}): Promise<CsvSniff> {
    try {
      return sniffCsv(await head(file), overrides, { totalBytes: file.size });
    } catch (error) {
      throw error instanceof CsvFileError ? error.toData() : error;
    }
  },

  /** The first `rows` data rows, read as the import will read them. */
  async preview(file: Blob, settings: CsvSettings, rows: number): Promise<CsvTable> {
    const table = parseCsv(await head(file), settings, { maxRows: rows });
    return Comlink.transfer(table, transferablesOf(table));
  },

  /**
   * Stream the whole file, reading only the columns the plan needs, and locate its rows.
   * `onProgress` is a comlink proxy (a top-level argument).
   */
  async importTable(
    file: Blob,
    settings: CsvSettings,
    plan: TablePointPlan,
    expectedRows: number,
    onProgress?: (fraction: number) => void,
  ): Promise<TableImportOutcome> {
    const table = await parseCsvStream(file.stream(), settings, {
      columns: planColumns(plan),
      totalBytes: file.size,
      expectedRows,
      onProgress: onProgress ? (fraction) => void onProgress(fraction * PARSE_SHARE) : undefined,
    });
    const { points, report } = tableToPoints(table, plan);
    void onProgress?.(1);
    const outcome: TableImportOutcome = {
      points,
      report,
      rowCount: table.rowCount,
      rejects: table.rejects,
      rejectCounts: table.rejectCounts,
      rejectedRows: table.rejectedRows,
    };
    return Comlink.transfer(outcome, pointTransferables(points));
  },
};

export type TableImportWorker = typeof tableImportApi;

// Exposed only inside a worker, so tests can call the API in Node.
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) Comlink.expose(tableImportApi);
