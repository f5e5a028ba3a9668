/**
 * A small Shapefile writer for polygon layers: .shp, .shx and a UTF-8 .dbf (to be paired with
 * a .cpg saying "UTF-8"). Geometry must already be in the target CRS. Rings are written
 * clockwise for exteriors and counter-clockwise for holes, as the Shapefile spec asks.
 *
 * Pure byte work (no DOM, no Node APIs): runs in workers and in Node.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type DbfField =
  | { name: string; type: 'C' }
  | { name: string; type: 'N'; decimals?: number };

export interface ShapefileRecord {
  geometry: Polygon | MultiPolygon | null;
  attributes: Record<string, string | number | null>;
}

const SHAPE_NULL = 0;
const SHAPE_POLYGON = 5;
const MAX_CHARACTER_BYTES = 254;

function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    sum += (ring[previous]![0]! - ring[index]![0]!) * (ring[previous]![1]! + ring[index]![1]!);
  }
  return sum / 2;
}

/** Rings of a (multi)polygon as Shapefile parts: exterior clockwise, holes counter-clockwise. */
function shapefileRings(geometry: Polygon | MultiPolygon): Position[][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: Position[][] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      if (ring.length < 4) return;
      const clockwise = signedArea(ring) < 0;
      const wantClockwise = index === 0;
      rings.push(clockwise === wantClockwise ? ring.slice() : ring.slice().reverse());
    });
  }
  return rings;
}

interface Box {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

function boxOf(rings: readonly Position[][]): Box {
  const box = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity };
  for (const ring of rings) {
    for (const [x, y] of ring) {
      box.xmin = Math.min(box.xmin, x!);
      box.ymin = Math.min(box.ymin, y!);
      box.xmax = Math.max(box.xmax, x!);
      box.ymax = Math.max(box.ymax, y!);
    }
  }
  return box;
}

function writeHeader(view: DataView, fileBytes: number, shapeType: number, box: Box): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, fileBytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, shapeType, true);
  view.setFloat64(36, box.xmin, true);
  view.setFloat64(44, box.ymin, true);
  view.setFloat64(52, box.xmax, true);
  view.setFloat64(60, box.ymax, true);
}

/** Write .shp and .shx for polygon records (null records for null or empty geometry). */
export function writeShpShx(geometries: readonly (Polygon | MultiPolygon | null)[]): { shp: Uint8Array; shx: Uint8Array } {
  const ringsPerRecord = geometries.map((geometry) => (geometry ? shapefileRings(geometry) : []));
  const contentBytes = ringsPerRecord.map((rings) => {
    if (rings.length === 0) return 4;
    const points = rings.reduce((sum, ring) => sum + ring.length, 0);
    return 44 + 4 * rings.length + 16 * points;
  });
  const shpBytes = 100 + contentBytes.reduce((sum, bytes) => sum + 8 + bytes, 0);
  const shxBytes = 100 + 8 * geometries.length;
  const shp = new Uint8Array(shpBytes);
  const shx = new Uint8Array(shxBytes);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);

  const nonEmpty = ringsPerRecord.filter((rings) => rings.length > 0);
  const total = nonEmpty.length > 0 ? boxOf(nonEmpty.flat()) : { xmin: 0, ymin: 0, xmax: 0, ymax: 0 };
  writeHeader(shpView, shpBytes, SHAPE_POLYGON, total);
  writeHeader(shxView, shxBytes, SHAPE_POLYGON, total);

  let offset = 100;
  ringsPerRecord.forEach((rings, index) => {
    const bytes = contentBytes[index]!;
    shxView.setInt32(100 + index * 8, offset / 2, false);
    shxView.setInt32(104 + index * 8, bytes / 2, false);
    shpView.setInt32(offset, index + 1, false);
    shpView.setInt32(offset + 4, bytes / 2, false);
    let at = offset + 8;
    if (rings.length === 0) {
      shpView.setInt32(at, SHAPE_NULL, true);
    } else {
      const box = boxOf(rings);
      const points = rings.reduce((sum, ring) => sum + ring.length, 0);
      shpView.setInt32(at, SHAPE_POLYGON, true);
      shpView.setFloat64(at + 4, box.xmin, true);
      shpView.setFloat64(at + 12, box.ymin, true);
      shpView.setFloat64(at + 20, box.xmax, true);
      shpView.setFloat64(at + 28, box.ymax, true);
      shpView.setInt32(at + 36, rings.length, true);
      shpView.setInt32(at + 40, points, true);
      at += 44;
      let start = 0;
      for (const ring of rings) {
        shpView.setInt32(at, start, true);
        at += 4;
        start += ring.length;
      }
      for (const ring of rings) {
        for (const [x, y] of ring) {
          shpView.setFloat64(at, x!, true);
          shpView.setFloat64(at + 8, y!, true);
          at += 16;
        }
      }
    }
    offset += 8 + bytes;
  });
  return { shp, shx };
}

const encoder = new TextEncoder();

/** Bytes cut to at most `maxBytes`, at a UTF-8 character boundary. */
function truncated(bytes: Uint8Array, maxBytes: number, utf8: boolean): Uint8Array {
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  while (utf8 && end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

function numberText(value: number, decimals: number): string {
  return decimals > 0 ? value.toFixed(decimals) : String(Math.round(value));
}

export interface DbfOptions {
  /** Date written into the header (default: now). */
  date?: Date;
  /** Text encoder (default UTF-8; pair the file with a matching .cpg). */
  encode?: (text: string) => Uint8Array;
}

/** Write a dBASE III .dbf, text as UTF-8 unless `encode` says otherwise (cut at 254 bytes). */
export function writeDbf(
  fields: readonly DbfField[],
  rows: readonly Record<string, string | number | null>[],
  options: DbfOptions = {},
): Uint8Array {
  const date = options.date ?? new Date();
  const encode = options.encode ?? ((text: string) => encoder.encode(text));
  const cells = rows.map((row) =>
    fields.map((field) => {
      const value = row[field.name];
      if (value === null || value === undefined) return new Uint8Array(0);
      if (field.type === 'N') {
        const number = typeof value === 'number' ? value : Number(value);
        return Number.isFinite(number) ? encoder.encode(numberText(number, field.decimals ?? 0)) : new Uint8Array(0);
      }
      return truncated(encode(String(value)), MAX_CHARACTER_BYTES, options.encode === undefined);
    }),
  );
  const lengths = fields.map((field, index) => {
    const longest = cells.reduce((max, row) => Math.max(max, row[index]!.length), 1);
    return field.type === 'N' ? Math.min(Math.max(longest, 10), 19) : Math.min(longest, MAX_CHARACTER_BYTES);
  });
  const headerBytes = 32 + 32 * fields.length + 1;
  const recordBytes = 1 + lengths.reduce((sum, length) => sum + length, 0);
  const out = new Uint8Array(headerBytes + recordBytes * rows.length + 1);
  const view = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = date.getFullYear() - 1900;
  out[2] = date.getMonth() + 1;
  out[3] = date.getDate();
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerBytes, true);
  view.setUint16(10, recordBytes, true);
  fields.forEach((field, index) => {
    const at = 32 + 32 * index;
    const name = encoder.encode(field.name.slice(0, 10));
    out.set(name.subarray(0, 10), at);
    out[at + 11] = field.type.charCodeAt(0);
    out[at + 16] = lengths[index]!;
    out[at + 17] = field.type === 'N' ? (field.decimals ?? 0) : 0;
  });
  out[headerBytes - 1] = 0x0d;
  let at = headerBytes;
  for (const row of cells) {
    out[at++] = 0x20; // not deleted
    row.forEach((cell, index) => {
      const length = lengths[index]!;
      const field = fields[index]!;
      out.fill(0x20, at, at + length);
      // numbers right-aligned, text left-aligned, both padded with spaces
      out.set(cell, field.type === 'N' ? at + length - cell.length : at);
      at += length;
    });
  }
  out[at] = 0x1a;
  return out;
}
