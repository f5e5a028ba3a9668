/**
 * Geometry from WKT text as found in CSV columns: `POINT (x y)`, `POINT Z (x y z)`,
 * `POINTZ(…)`, EWKT with `SRID=25832;POINT(…)`, a `MULTIPOINT` holding one point, and
 * `POLYGON` / `MULTIPOLYGON` for areas. Coordinates stay in the source system (reproject with
 * `coordinates.ts`); a third or fourth ordinate (Z, M) is read and dropped. Every failure comes
 * with a reason and the character position.
 *
 * (`io/crs.ts` has `parseWkt` for coordinate-system WKT of .prj files; this is geometry WKT.)
 *
 * Pure, no DOM.
 */
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';

export type WktGeometry = Point | Polygon | MultiPolygon;

export type WktErrorCode =
  | 'empty-text'
  | 'unknown-type'
  | 'unsupported-type'
  | 'empty-geometry'
  | 'syntax'
  | 'bad-number'
  | 'wrong-dimensions'
  | 'ring-too-short'
  | 'bad-srid'
  | 'trailing-text'
  | 'not-a-point'
  | 'srid-differs';

/** Repairs made while reading; the geometry is usable, the UI may mention them. */
export type WktFix = 'closed-ring' | 'single-multipoint' | 'undeclared-z';

export interface WktParsed {
  ok: true;
  geometry: WktGeometry;
  /** From an EWKT `SRID=…;` prefix; null when absent. */
  srid: number | null;
  /** Ordinates per position in the text. */
  dimensions: 'xy' | 'xyz' | 'xym' | 'xyzm';
  fixes: WktFix[];
}

export interface WktFailure {
  ok: false;
  reason: WktErrorCode;
  /** Plain English. */
  message: string;
  /** 0-based character position where reading failed. */
  position: number;
}

export type WktResult = WktParsed | WktFailure;

export interface WktOptions {
  /** Accept POLYGON and MULTIPOLYGON (default true); false for point columns. */
  allowAreas?: boolean;
}

class WktError extends Error {
  constructor(
    readonly reason: WktErrorCode,
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const SUPPORTED = new Set(['POINT', 'POLYGON', 'MULTIPOLYGON', 'MULTIPOINT']);
const KNOWN = new Set([
  ...SUPPORTED,
  'LINESTRING',
  'MULTILINESTRING',
  'GEOMETRYCOLLECTION',
  'CIRCULARSTRING',
  'COMPOUNDCURVE',
  'CURVEPOLYGON',
  'MULTICURVE',
  'MULTISURFACE',
  'POLYHEDRALSURFACE',
  'TIN',
  'TRIANGLE',
]);

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** A cursor over one WKT text. */
class Reader {
  position = 0;
  /** Ordinates per position, fixed by the first position read. */
  width = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.position < this.text.length && isSpace(this.text.charCodeAt(this.position))) this.position++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  expect(character: string): void {
    if (this.peek() !== character) {
      const found = this.text[this.position];
      throw new WktError('syntax', `expected "${character}" but found ${found === undefined ? 'the end of the text' : `"${found}"`}`, this.position);
    }
    this.position++;
  }

  word(): string {
    this.skipSpace();
    const start = this.position;
    while (this.position < this.text.length && /[A-Za-z_]/.test(this.text[this.position]!)) this.position++;
    return this.text.slice(start, this.position).toUpperCase();
  }

  number(): number {
    this.skipSpace();
    const start = this.position;
    while (this.position < this.text.length) {
      const code = this.text.charCodeAt(this.position);
      if (isSpace(code) || code === 44 /* , */ || code === 41 /* ) */ || code === 40 /* ( */) break;
      this.position++;
    }
    const token = this.text.slice(start, this.position);
    if (token === '') throw new WktError('syntax', 'expected a number', start);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(token)) {
      throw new WktError('bad-number', `"${token}" is not a number`, start);
    }
    return Number(token);
  }

  position2d(): Position {
    const start = this.position;
    const values: number[] = [this.number(), this.number()];
    while (this.peek() !== ',' && this.peek() !== ')' && this.peek() !== '') values.push(this.number());
    if (values.length > 4) throw new WktError('wrong-dimensions', `a position has ${values.length} numbers`, start);
    if (this.width === 0) this.width = values.length;
    else if (values.length !== this.width) {
      throw new WktError('wrong-dimensions', `a position has ${values.length} numbers, the first had ${this.width}`, start);
    }
    return [values[0]!, values[1]!];
  }

  /** `( pos, pos, … )` */
  positions(): Position[] {
    this.expect('(');
    const list: Position[] = [this.position2d()];
    while (this.peek() === ',') {
      this.position++;
      list.push(this.position2d());
    }
    this.expect(')');
    return list;
  }

  ring(fixes: Set<WktFix>): Position[] {
    const start = this.position;
    const ring = this.positions();
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (ring.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) {
      ring.push([first[0]!, first[1]!]);
      fixes.add('closed-ring');
    }
    if (ring.length < 4) throw new WktError('ring-too-short', `a ring needs at least 3 different corners, this one has ${ring.length - 1}`, start);
    return ring;
  }

  polygon(fixes: Set<WktFix>): Position[][] {
    this.expect('(');
    const rings = [this.ring(fixes)];
    while (this.peek() === ',') {
      this.position++;
      rings.push(this.ring(fixes));
    }
    this.expect(')');
    return rings;
  }

  emptyOr(): boolean {
    const save = this.position;
    if (this.word() === 'EMPTY') return true;
    this.position = save;
    return false;
  }
}

function dimensionsOf(declared: string, width: number, fixes: Set<WktFix>, position: number): WktParsed['dimensions'] {
  const expected = declared === '' ? 0 : declared.length + 2;
  if (expected !== 0 && width !== expected) {
    throw new WktError('wrong-dimensions', `declared ${declared} needs ${expected} numbers per position, found ${width}`, position);
  }
  if (declared === 'Z' || declared === 'ZM' || declared === 'M') return declared === 'Z' ? 'xyz' : declared === 'M' ? 'xym' : 'xyzm';
  if (width === 3) {
    fixes.add('undeclared-z');
    return 'xyz';
  }
  return width === 4 ? 'xyzm' : 'xy';
}

/** Read one WKT or EWKT geometry. */
export function parseWktGeometry(text: string, options: WktOptions = {}): WktResult {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    if (reader.position >= text.length) throw new WktError('empty-text', 'the text is empty', 0);
    let srid: number | null = null;
    const sridMatch = /^\s*SRID\s*=\s*([^;]*);/i.exec(text);
    if (sridMatch) {
      const value = sridMatch[1]!.trim();
      if (!/^\d{1,6}$/.test(value)) throw new WktError('bad-srid', `"SRID=${value}" is not an EPSG number`, reader.position);
      srid = Number(value);
      reader.position = sridMatch[0].length;
    }
    const typeStart = reader.position;
    let type = reader.word();
    // Glued dimension suffixes: POINTZ, POLYGONZM, POINTM.
    let declared = '';
    const glued = /^(POINT|POLYGON|MULTIPOLYGON|MULTIPOINT|LINESTRING|MULTILINESTRING)(ZM|Z|M)$/.exec(type);
    if (glued) {
      type = glued[1]!;
      declared = glued[2]!;
    }
    if (type === '') throw new WktError('unknown-type', 'no geometry type at the start', typeStart);
    if (!KNOWN.has(type)) throw new WktError('unknown-type', `"${type}" is not a WKT geometry type`, typeStart);
    if (!SUPPORTED.has(type)) throw new WktError('unsupported-type', `${type} cannot locate a row (only POINT, POLYGON, MULTIPOLYGON)`, typeStart);
    const allowAreas = options.allowAreas ?? true;
    if (!allowAreas && (type === 'POLYGON' || type === 'MULTIPOLYGON')) {
      throw new WktError('not-a-point', `${type} where a point was expected`, typeStart);
    }
    if (declared === '') {
      const save = reader.position;
      const suffix = reader.word();
      if (suffix === 'Z' || suffix === 'M' || suffix === 'ZM') declared = suffix;
      else reader.position = save;
    }
    if (reader.emptyOr()) throw new WktError('empty-geometry', `${type} EMPTY has no coordinates`, reader.position);
    const fixes = new Set<WktFix>();
    const bodyStart = reader.position;
    let geometry: WktGeometry;
    switch (type) {
      case 'POINT': {
        const list = reader.positions();
        if (list.length !== 1) throw new WktError('syntax', `a POINT has one position, this has ${list.length}`, bodyStart);
        geometry = { type: 'Point', coordinates: list[0]! };
        break;
      }
      case 'MULTIPOINT': {
        // MULTIPOINT (x y) or MULTIPOINT ((x y)); only a single point locates a row.
        reader.expect('(');
        const points: Position[] = [];
        do {
          if (points.length > 0) reader.position++;
          if (reader.peek() === '(') points.push(...reader.positions());
          else points.push(reader.position2d());
        } while (reader.peek() === ',');
        reader.expect(')');
        if (points.length !== 1) throw new WktError('not-a-point', `MULTIPOINT with ${points.length} points cannot locate one row`, bodyStart);
        fixes.add('single-multipoint');
        geometry = { type: 'Point', coordinates: points[0]! };
        break;
      }
      case 'POLYGON':
        geometry = { type: 'Polygon', coordinates: reader.polygon(fixes) };
        break;
      default: {
        reader.expect('(');
        const polygons = [reader.polygon(fixes)];
        while (reader.peek() === ',') {
          reader.position++;
          polygons.push(reader.polygon(fixes));
        }
        reader.expect(')');
        geometry = { type: 'MultiPolygon', coordinates: polygons };
      }
    }
    const dimensions = dimensionsOf(declared, reader.width, fixes, bodyStart);
    reader.skipSpace();
    if (reader.text[reader.position] === ';') reader.position++;
    reader.skipSpace();
    if (reader.position < text.length) {
      throw new WktError('trailing-text', `unexpected "${text.slice(reader.position, reader.position + 20)}" after the geometry`, reader.position);
    }
    return { ok: true, geometry, srid, dimensions, fixes: [...fixes] };
  } catch (error) {
    if (error instanceof WktError) return { ok: false, reason: error.reason, message: error.message, position: error.position };
    throw error;
  }
}

/** A cell of a WKT column that could not be read. */
export interface WktRowError {
  /** 0-based index of the cell. */
  row: number;
  reason: WktErrorCode;
  message: string;
  text: string;
}

export interface WktPointColumns {
  /** x (first ordinate) per row; NaN for empty or unreadable cells. */
  x: Float64Array;
  y: Float64Array;
  /** The SRID most rows declare (null when none declares one). */
  srid: number | null;
  /** Rows per declared SRID (rows without `SRID=` are not counted). */
  sridCounts: Record<number, number>;
  /** Unreadable cells, and cells whose SRID differs from `srid` (they get NaN). Empty cells are not listed. */
  errors: WktRowError[];
  /** Cells read with a repair (e.g. an undeclared Z). */
  fixed: number;
}

/** A fast path for the common `POINT (x y)`; anything else goes through the full reader. */
const SIMPLE_POINT = /^\s*(?:SRID=(\d+);)?\s*POINT\s*\(\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s+([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*\)\s*$/i;

/**
 * Read a column of point WKT into x/y columns, ready for `guessCoordinates` and
 * `convertToWgs84` (which lists the NaN rows as missing). Cells with an SRID other than the
 * majority's are rejected: one column is converted with one coordinate system.
 */
export function wktPointColumns(cells: readonly (string | null | undefined)[]): WktPointColumns {
  const x = new Float64Array(cells.length).fill(Number.NaN);
  const y = new Float64Array(cells.length).fill(Number.NaN);
  const rowSrid = new Int32Array(cells.length).fill(-1);
  const errors: WktRowError[] = [];
  const sridCounts: Record<number, number> = {};
  let fixed = 0;
  for (let row = 0; row < cells.length; row++) {
    const text = cells[row];
    if (text === null || text === undefined || text.trim() === '') continue;
    const simple = SIMPLE_POINT.exec(text);
    if (simple) {
      x[row] = Number(simple[2]);
      y[row] = Number(simple[3]);
      if (simple[1] !== undefined) {
        const srid = Number(simple[1]);
        rowSrid[row] = srid;
        sridCounts[srid] = (sridCounts[srid] ?? 0) + 1;
      }
      continue;
    }
    const parsed = parseWktGeometry(text, { allowAreas: false });
    if (!parsed.ok) {
      errors.push({ row, reason: parsed.reason, message: parsed.message, text });
      continue;
    }
    const [first, second] = (parsed.geometry as Point).coordinates;
    x[row] = first!;
    y[row] = second!;
    if (parsed.fixes.length > 0) fixed++;
    if (parsed.srid !== null) {
      rowSrid[row] = parsed.srid;
      sridCounts[parsed.srid] = (sridCounts[parsed.srid] ?? 0) + 1;
    }
  }
  let srid: number | null = null;
  let most = 0;
  for (const [code, count] of Object.entries(sridCounts)) {
    if (count > most) {
      most = count;
      srid = Number(code);
    }
  }
  if (srid !== null && Object.keys(sridCounts).length > 1) {
    for (let row = 0; row < cells.length; row++) {
      if (rowSrid[row] !== -1 && rowSrid[row] !== srid) {
        errors.push({ row, reason: 'srid-differs', message: `SRID ${rowSrid[row]} differs from SRID ${srid} of the other rows`, text: cells[row] ?? '' });
        x[row] = Number.NaN;
        y[row] = Number.NaN;
      }
    }
    errors.sort((left, right) => left.row - right.row);
  }
  return { x, y, srid, sridCounts, errors, fixed };
}

/** The EPSG code for an SRID as `coordinates.ts` names it (4258, ETRS89 geographic, reads as 4326). */
export function crsCodeForSrid(srid: number): string {
  if (srid === 4258) return 'EPSG:4326';
  if (srid === 900913 || srid === 3785) return 'EPSG:3857';
  return `EPSG:${srid}`;
}
