/**
 * Reading Shapefiles: a zip with .shp/.dbf/.prj/.cpg (or the loose parts). Geometry is parsed
 * by shpjs without reprojection (the CRS is detected in crs.ts), attributes by parsedbf with
 * the encoding from the .cpg, or — without .cpg — UTF-8 when the attribute bytes are valid
 * UTF-8 and Windows-1252 (the usual encoding of German Shapefiles) otherwise.
 */
import { parseDbf, parseShp } from 'shpjs';
import { ImportError } from './import-problems';
import { bytesSource, unpackZip, ZipError } from './zip-read';
import { MAX_VECTOR_VERTICES, type RawFeature, type RawVectorData } from './geojson';

export interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    (ZIP_MAGIC.every((byte, index) => bytes[index] === byte) || EMPTY_ZIP_MAGIC.every((byte, index) => bytes[index] === byte))
  );
}

/** What a zipped Shapefile or KMZ may unpack to (a zip bomb is stopped at these, or at its stated sizes). */
export const VECTOR_ZIP_LIMITS = { entryBytes: 512 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024 };

/**
 * Unzip (all entries, names as stored) without trusting the archive (io/zip-read.ts); throws
 * ImportError for a non-zip, a broken or truncated zip, or one that unpacks to too much.
 */
export async function unzipFile(bytes: Uint8Array, fileName: string): Promise<Record<string, Uint8Array>> {
  if (!isZip(bytes)) throw new ImportError('zip-invalid', fileName, 'not a zip file');
  try {
    return await unpackZip(bytesSource(bytes), VECTOR_ZIP_LIMITS);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    const tooLarge = error.code === 'entry-too-large' || error.code === 'entry-size';
    const where = error.entry === undefined ? '' : `${error.entry}: `;
    throw new ImportError(tooLarge ? 'zip-too-large' : 'zip-invalid', fileName, `the zip file ${tooLarge ? 'unpacks to too much' : 'is damaged or truncated'}: ${where}${error.reason}`, {
      reason: error.reason,
      ...(error.entry === undefined ? {} : { entry: error.entry }),
    });
  }
}

function baseName(path: string): string {
  return path.replace(/\.[^./]+$/, '');
}

/** The layers (.shp base names) in an unzipped archive, macOS resource forks ignored. */
export function shapefileLayers(entries: Record<string, Uint8Array>): string[] {
  return Object.keys(entries)
    .filter((path) => /\.shp$/i.test(path) && !path.includes('__MACOSX/') && !/(^|\/)\._/.test(path))
    .map(baseName)
    .sort();
}

function entry(entries: Record<string, Uint8Array>, base: string, extension: string): Uint8Array | undefined {
  const wanted = `${base}.${extension}`.toLowerCase();
  const key = Object.keys(entries).find((path) => path.toLowerCase() === wanted);
  return key === undefined ? undefined : entries[key];
}

const latin = new TextDecoder('windows-1252');

/** Map a .cpg text ("UTF-8", "1252", "ANSI 1252", "ISO-8859-1", "65001") to a TextDecoder label. */
export function encodingFromCpg(cpg: string): string | null {
  const text = cpg.trim().toLowerCase().replace(/^ansi\s*/, '');
  if (text === '') return null;
  if (/^(utf-?8|65001)$/.test(text)) return 'utf-8';
  const windows = /^(?:windows-?|cp-?)?(125\d)$/.exec(text);
  if (windows) return `windows-${windows[1]}`;
  const iso = /^iso[-_ ]?8859[-_ ]?(\d{1,2})$/.exec(text) ?? /^8859[-_ ]?(\d{1,2})$/.exec(text) ?? /^885(\d)(\d)?$/.exec(text);
  if (iso) return `iso-8859-${iso[1]}${iso[2] ?? ''}`;
  try {
    new TextDecoder(text);
    return text;
  } catch {
    return null;
  }
}

/** Encoding of a .dbf without (usable) .cpg: UTF-8 if its bytes are valid UTF-8 with non-ASCII, else Windows-1252. */
export function guessDbfEncoding(dbf: Uint8Array): 'utf-8' | 'windows-1252' {
  const headerLength = dbf.length >= 10 ? dbf[8]! | (dbf[9]! << 8) : 0;
  const records = dbf.subarray(Math.min(headerLength, dbf.length));
  let nonAscii = false;
  for (const byte of records) {
    if (byte >= 0x80) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) return 'windows-1252';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(records);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function readShapefileParts(parts: ShapefileParts, fileName: string): RawVectorData {
  const notes: string[] = [];
  if (parts.shp.byteLength < 100) throw new ImportError('shp-invalid', fileName, 'the .shp file is too short to be a Shapefile');
  const header = view(parts.shp);
  if (header.getInt32(0, false) !== 9994) throw new ImportError('shp-invalid', fileName, 'the .shp file is not a Shapefile');
  const shapeType = header.getInt32(32, true);
  // A point takes 16 bytes in the .shp: refuse what would take gigabytes once parsed.
  const vertices = Math.floor((parts.shp.byteLength - 100) / 16);
  if (vertices > MAX_VECTOR_VERTICES) {
    throw new ImportError('too-many-vertices', fileName, `about ${vertices} vertices, more than the ${MAX_VECTOR_VERTICES} read; simplify the geometries first (e.g. in QGIS)`, {
      count: vertices,
      limit: MAX_VECTOR_VERTICES,
    });
  }

  let geometries: unknown[];
  if (shapeType === 0) {
    geometries = [];
  } else {
    try {
      geometries = parseShp(view(parts.shp)) as unknown[];
    } catch (error) {
      throw new ImportError('shp-invalid', fileName, `the .shp file cannot be read (${(error as Error).message})`, {
        reason: (error as Error).message,
      });
    }
  }

  let records: unknown[] = [];
  if (parts.dbf) {
    let encoding = parts.cpg ? encodingFromCpg(parts.cpg) : null;
    if (!encoding) {
      encoding = guessDbfEncoding(parts.dbf);
      notes.push(
        parts.cpg
          ? `The .cpg "${parts.cpg.trim()}" is not a known encoding; attributes read as ${encoding}.`
          : `No .cpg file; attributes read as ${encoding}.`,
      );
    }
    try {
      records = parseDbf(view(parts.dbf), encoding) as unknown[];
    } catch (error) {
      throw new ImportError('shp-invalid', fileName, `the .dbf file cannot be read (${(error as Error).message})`, {
        reason: (error as Error).message,
      });
    }
    if (records.length !== geometries.length && shapeType !== 0) {
      notes.push(`The .shp has ${geometries.length} shapes but the .dbf ${records.length} records.`);
    }
  } else {
    notes.push('No .dbf file: the features have no attributes.');
  }

  const count = Math.max(geometries.length, records.length);
  const features: RawFeature[] = [];
  for (let index = 0; index < count; index++) {
    features.push({ properties: records[index] ?? {}, geometry: geometries[index] ?? null, valid: true });
  }
  return { features, prjWkt: parts.prj, notes };
}

/** Read the first Shapefile layer in a zip (other layers are named in the notes). */
export async function readShapefileZip(bytes: Uint8Array, fileName: string): Promise<RawVectorData> {
  const entries = await unzipFile(bytes, fileName);
  const layers = shapefileLayers(entries);
  const layer = layers[0];
  if (layer === undefined) throw new ImportError('zip-no-shp', fileName, 'the zip file contains no .shp file');
  const dbf = entry(entries, layer, 'dbf');
  const prj = entry(entries, layer, 'prj');
  const cpg = entry(entries, layer, 'cpg');
  const data = readShapefileParts(
    { shp: entry(entries, layer, 'shp')!, dbf, prj: prj && latin.decode(prj), cpg: cpg && latin.decode(cpg) },
    fileName,
  );
  if (layers.length > 1) {
    data.notes.unshift(`The zip holds ${layers.length} layers (${layers.join(', ')}); read "${layer}".`);
  }
  return data;
}
