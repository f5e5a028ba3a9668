/**
 * Worker of the CSV import wizard: sniff a file, read a preview, and import the whole file
 * (parse, normalise, locate) — the main thread only sees settings, a small preview and the
 * resulting typed arrays (transferred, not copied).
 */
import * as Comlink from 'comlink';
import { parseCsv, sniffCsv, type CsvSettings, type SniffOverrides } from '../io/csv';
import { tableToPoints, type TablePointPlan } from '../io/table-to-points';
import type { PointTable } from '../domain/point-table';

function transferables(points: PointTable): ArrayBuffer[] {
  const buffers = [points.lon.buffer, points.lat.buffer];
  for (const column of points.columns) buffers.push(column.kind === 'number' ? column.values.buffer : column.codes.buffer);
  return buffers as ArrayBuffer[];
}

export const tableImportApi = {
  sniff(bytes: Uint8Array, overrides: SniffOverrides, totalBytes: number) {
    return sniffCsv(bytes, overrides, { totalBytes });
  },

  preview(bytes: Uint8Array, settings: CsvSettings, rows: number) {
    return parseCsv(bytes, settings, { maxRows: rows });
  },

  /** `onProgress` is a comlink proxy (a top-level argument); parsing is 90 %, locating the rest. */
  importTable(bytes: Uint8Array, settings: CsvSettings, plan: TablePointPlan, onProgress?: (fraction: number) => void) {
    const table = parseCsv(bytes, settings, { onProgress: onProgress ? (fraction) => void onProgress(fraction * 0.9) : undefined });
    const { points, report } = tableToPoints(table, plan);
    void onProgress?.(1);
    const outcome = {
      points,
      report,
      rowCount: table.rowCount,
      rejects: table.rejects,
      rejectCounts: table.rejectCounts,
      rejectedRows: table.rejectedRows,
    };
    return Comlink.transfer(outcome, transferables(points));
  },
};

export type TableImportWorker = typeof tableImportApi;

Comlink.expose(tableImportApi);
