/**
 * Point features of a vector file (GeoJSON, Shapefile, KML, GPX) as a table for the import
 * wizard: one row per feature, one column per attribute, plus the position in WGS 84 as two
 * columns. The table is written as CSV (UTF-8, `;`, every field quoted), so the wizard detects
 * types ("45" places written as strings become numbers), maps columns to roles, updates by key
 * and lists problems exactly as for an office CSV export.
 *
 * Areas are placed at their label point (a point inside the area, computed by the caller);
 * lines cannot be a resource or a case and are listed. Pure; runs in the import worker.
 */
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { CrsDetection, ImportProblem, PropertyValue, VectorImportResult } from './vector-import';

/** Column headers of the position; chosen so the wizard's role detection reads them as lon/lat. */
export const LONGITUDE_HEADER = 'Länge (WGS 84)';
export const LATITUDE_HEADER = 'Breite (WGS 84)';

export interface VectorTableSkip {
  /** 1-based position of the feature in the file. */
  featureNumber: number;
  reason: 'not-a-point';
  geometryType: string;
}

export interface VectorTable {
  /** The table as CSV bytes (UTF-8, `;`, header row, CRLF). */
  csv: Uint8Array;
  /** Rows written. */
  rows: number;
  /** Feature number (1-based, in the file) of each written row. */
  featureNumbers: Uint32Array;
  /** Rows placed at the label point of an area. */
  fromAreas: number;
  skipped: VectorTableSkip[];
  /** Problems the vector reader reported (repaired or dropped features). */
  problems: ImportProblem[];
  /** How the positions were read (the reader's CRS detection; worded by the UI). */
  crs: CrsDetection;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A property as the cell text: numbers in plain notation, booleans as written in JSON. */
function cellText(value: PropertyValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value);
}

function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${name} (${suffix})`;
  taken.add(candidate);
  return candidate;
}

/**
 * Build the table from a read vector file. `labelPoint` places an area (the caller's geometry
 * code: a point inside it, not the centroid). Feature numbers follow the file; a multi-part
 * feature the reader split keeps its number on every part.
 */
export function vectorPointTable(result: VectorImportResult, labelPoint: (geometry: Polygon | MultiPolygon) => Position): VectorTable {
  const names = result.columns.map((column) => column.name);
  const taken = new Set(names);
  const headers = [...names, unique(LONGITUDE_HEADER, taken), unique(LATITUDE_HEADER, taken)];
  const lines = [headers.map(quote).join(';')];
  const skipped: VectorTableSkip[] = [];
  const featureNumbers: number[] = [];
  let fromAreas = 0;
  for (const feature of result.features) {
    const { geometry, featureNumber } = feature;
    let position: Position;
    if (geometry.type === 'Point') {
      position = (geometry as Point).coordinates;
    } else if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
      position = labelPoint(geometry);
      fromAreas++;
    } else {
      skipped.push({ featureNumber, reason: 'not-a-point', geometryType: geometry.type });
      continue;
    }
    const cells = names.map((name) => quote(cellText(feature.properties[name])));
    cells.push(quote(String(position[0])), quote(String(position[1])));
    lines.push(cells.join(';'));
    featureNumbers.push(featureNumber);
  }
  return {
    csv: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`),
    rows: featureNumbers.length,
    featureNumbers: Uint32Array.from(featureNumbers),
    fromAreas,
    skipped,
    problems: result.problems,
    crs: result.crs,
  };
}
