/**
 * Importing vector files (GeoJSON, zipped Shapefile, KML/KMZ) into normalised features:
 * WGS84, coordinates rounded to 7 decimals, repaired where possible, every dropped or changed
 * feature reported as an ImportProblem. Only an unreadable file throws (ImportError).
 *
 * Pure and DOM-free: meant to run in a Web Worker (exposed via comlink) and in Node tests.
 */
import { cleanGeometry, samplePositions, type ImportGeometry } from './clean-geometry';
import {
  PropertyNormaliser,
  describeColumns,
  numericColumns,
  suggestKeyColumns,
  suggestNameColumns,
  type ColumnInfo,
  type Properties,
} from './columns';
import { detectCrs, positionToWgs84, userCrs, type CrsDetection } from './crs';
import { looksLikeGeoJson, readGeoJson, type RawVectorData } from './geojson';
import { ImportError, problem, type ImportErrorData, type ImportProblem } from './import-problems';
import { findSelfIntersections } from '../geo/topology/self-intersections';
import { repairSelfIntersection } from '../geo/topology/fix';
import { readGpx, readKml, readKmz } from './kml';
import { isZip, readShapefileParts, readShapefileZip, shapefileLayers, unzipFile } from './shapefile';

export type { ImportGeometry } from './clean-geometry';
export type { ColumnInfo, Properties, PropertyValue } from './columns';
export { suggestKeyColumns, suggestNameColumns, numericColumns } from './columns';
export type { CrsDetection } from './crs';
export { ImportError, isImportError } from './import-problems';
export type { ImportErrorData, ImportProblem, ImportProblemCode, ImportErrorCode } from './import-problems';

export type VectorFormat = 'geojson' | 'shapefile' | 'kml' | 'gpx';

export interface ImportedFeature {
  properties: Properties;
  geometry: ImportGeometry;
  /** 1-based position in the file; the parts of a split multi-part feature share it. */
  featureNumber: number;
}

export interface VectorImportOptions {
  /** Force the source CRS (e.g. "EPSG:25832"); zone-prefixed eastings are still recognised. */
  crs?: string;
  /** Called with 0…1 while reading. */
  onProgress?: (fraction: number) => void;
}

export interface VectorImportResult {
  fileName: string;
  format: VectorFormat;
  /** What was detected, or what `options.crs` forced (source 'user'). */
  crs: CrsDetection;
  /** WGS84, coordinates rounded to 7 decimals. */
  features: ImportedFeature[];
  columns: ColumnInfo[];
  problems: ImportProblem[];
  /** Column names suggested for the unit key, the unit name and numbers (population), best first. */
  suggestions: { keyColumns: string[]; nameColumns: string[]; numericColumns: string[] };
  /** How the file was read (encoding, layer chosen, …), plain English. */
  notes: string[];
}

function extensionOf(fileName: string): string {
  const match = /\.([^./\\]+)$/.exec(fileName.toLowerCase());
  return match ? match[1]! : '';
}

function firstNonSpace(bytes: Uint8Array): string {
  let index = 0;
  // skip a UTF-8 BOM
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) index = 3;
  for (; index < Math.min(bytes.length, 4096); index++) {
    const char = String.fromCharCode(bytes[index]!);
    if (!/\s/.test(char)) return char;
  }
  return '';
}

/** Decide the format from the extension, checked against (or replaced by) the content. */
async function sniff(fileName: string, bytes: Uint8Array): Promise<{ format: VectorFormat; container: 'zip' | 'plain' }> {
  const extension = extensionOf(fileName);
  if (isZip(bytes)) {
    if (extension === 'kmz') return { format: 'kml', container: 'zip' };
    if (extension === 'zip' || extension === 'shz') return { format: 'shapefile', container: 'zip' };
    const entries = await unzipFile(bytes, fileName);
    if (shapefileLayers(entries).length > 0) return { format: 'shapefile', container: 'zip' };
    if (Object.keys(entries).some((name) => /\.kml$/i.test(name))) return { format: 'kml', container: 'zip' };
    throw new ImportError('zip-no-shp', fileName, 'the zip file contains no .shp file');
  }
  if (extension === 'zip' || extension === 'kmz') {
    throw new ImportError('zip-invalid', fileName, 'not a zip file');
  }
  if (extension === 'shp') return { format: 'shapefile', container: 'plain' };
  const first = firstNonSpace(bytes);
  if (extension === 'kml') return { format: 'kml', container: 'plain' };
  if (extension === 'gpx') return { format: 'gpx', container: 'plain' };
  if (extension === 'geojson' || extension === 'json') return { format: 'geojson', container: 'plain' };
  if (first === '{' || first === '[') return { format: 'geojson', container: 'plain' };
  if (first === '<') {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4000));
    return { format: /<gpx[\s>]/i.test(head) ? 'gpx' : 'kml', container: 'plain' };
  }
  throw new ImportError('format-unknown', fileName, 'unknown file format (expected GeoJSON, zipped Shapefile, KML, KMZ or GPX)', {
    extension,
  });
}

async function readRaw(fileName: string, bytes: Uint8Array, format: VectorFormat, container: 'zip' | 'plain'): Promise<RawVectorData> {
  if (bytes.byteLength === 0) throw new ImportError('file-empty', fileName, 'the file is empty');
  switch (format) {
    case 'geojson':
      return readGeoJson(bytes, fileName);
    case 'shapefile':
      return container === 'zip' ? readShapefileZip(bytes, fileName) : readShapefileParts({ shp: bytes }, fileName);
    case 'kml':
      return container === 'zip' ? readKmz(bytes, fileName) : readKml(bytes, fileName);
    case 'gpx':
      return readGpx(bytes, fileName);
  }
}

const KML_CRS: CrsDetection = {
  code: 'EPSG:4326',
  source: 'default',
  zonePrefix: false,
  swapAxes: false,
  note: 'KML is always WGS 84 longitude/latitude.',
  noteCode: 'crs.kml',
  noteParams: { code: 'EPSG:4326' },
  alternatives: [],
};

/**
 * Areas that cross themselves (a bow tie, a ring folded over) are split into valid parts
 * (geo/topology/fix.ts) and reported; an area with nothing valid left is dropped.
 */
function withoutSelfIntersections(geometries: ImportGeometry[], featureNumber: number, problems: ImportProblem[]): ImportGeometry[] {
  return geometries.flatMap((geometry): ImportGeometry[] => {
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return [geometry];
    const crossings = findSelfIntersections(geometry);
    if (crossings.length === 0) return [geometry];
    const repair = repairSelfIntersection(geometry);
    const [lon, lat] = crossings[0]!;
    if (!repair.geometry) {
      problems.push(problem(featureNumber, 'geometry-invalid', false, { reason: `crosses itself at ${lon.toFixed(5)}, ${lat.toFixed(5)} and has no valid area` }));
      return [];
    }
    const change = Number.isFinite(repair.areaChangeRatio) ? (repair.areaChangeRatio * 100).toFixed(1) : '100';
    problems.push(problem(featureNumber, 'self-intersection', true, { count: crossings.length, lon: lon.toFixed(5), lat: lat.toFixed(5), change }));
    return [repair.geometry];
  });
}

/** Turn raw features into the normalised import result (shared by all formats). */
export function normaliseVectorData(
  fileName: string,
  format: VectorFormat,
  raw: RawVectorData,
  options: VectorImportOptions = {},
): VectorImportResult {
  const progress = options.onProgress ?? (() => {});
  const sample = samplePositions(raw.features.map((feature) => feature.geometry));
  let crs: CrsDetection;
  if (options.crs) {
    try {
      crs = userCrs(options.crs, sample);
    } catch {
      throw new ImportError('crs-unsupported', fileName, `the coordinate reference system ${options.crs} is not supported`, {
        crs: options.crs,
      });
    }
  } else if (format === 'kml' || format === 'gpx') {
    crs = format === 'kml' ? KML_CRS : { ...KML_CRS, note: 'GPX is always WGS 84 longitude/latitude.' };
  } else {
    crs = detectCrs({ crsMember: raw.crsMember, prjWkt: raw.prjWkt, sample });
  }
  const transform = positionToWgs84(crs.code, { zonePrefix: crs.zonePrefix, swapAxes: crs.swapAxes });

  const normaliser = new PropertyNormaliser();
  const features: ImportedFeature[] = [];
  const problems: ImportProblem[] = [];
  const total = raw.features.length;
  const every = Math.max(1, Math.floor(total / 20));
  raw.features.forEach((rawFeature, index) => {
    const featureNumber = index + 1;
    if (!rawFeature.valid) {
      problems.push({
        featureNumber,
        code: 'feature-invalid',
        params: {},
        repaired: false,
        message: `Feature ${featureNumber} is not a GeoJSON Feature; dropped.`,
      });
      return;
    }
    const properties = normaliser.normalise(rawFeature.properties, featureNumber);
    const cleaned = cleanGeometry(rawFeature.geometry, featureNumber, transform);
    problems.push(...cleaned.problems);
    withoutSelfIntersections(cleaned.geometries, featureNumber, problems).forEach((geometry, part) => {
      features.push({ properties: part === 0 ? properties : { ...properties }, geometry, featureNumber });
    });
    if (index % every === 0) progress(0.3 + (0.6 * index) / total);
  });
  problems.push(...normaliser.problems());
  problems.sort((a, b) => a.featureNumber - b.featureNumber);

  const columns = describeColumns(features);
  const names = (list: ColumnInfo[]) => list.map((column) => column.name);
  const result: VectorImportResult = {
    fileName,
    format,
    crs,
    features,
    columns,
    problems,
    suggestions: {
      keyColumns: names(suggestKeyColumns(columns, features)),
      nameColumns: names(suggestNameColumns(columns, features)),
      numericColumns: names(numericColumns(columns, features)),
    },
    notes: raw.notes,
  };
  progress(1);
  return result;
}

/**
 * Read a GeoJSON (.geojson/.json), zipped Shapefile (.zip with .shp/.dbf/.prj/.cpg), bare .shp,
 * KML, KMZ or GPX file. Throws ImportError only when the file cannot be read at all.
 */
export async function readVectorFile(
  fileName: string,
  bytes: ArrayBuffer | Uint8Array,
  options: VectorImportOptions = {},
): Promise<VectorImportResult> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  options.onProgress?.(0);
  if (data.byteLength === 0) throw new ImportError('file-empty', fileName, 'the file is empty');
  const { format, container } = await sniff(fileName, data);
  const raw = await readRaw(fileName, data, format, container);
  if (raw.features.length === 0) throw new ImportError('no-features', fileName, 'the file contains no features');
  options.onProgress?.(0.3);
  return normaliseVectorData(fileName, format, raw, options);
}

/** Read a Shapefile chosen as loose files (.shp plus optional .dbf/.prj/.cpg). */
export async function readShapefileFiles(
  files: { shp: ArrayBuffer | Uint8Array; dbf?: ArrayBuffer | Uint8Array; prj?: string; cpg?: string },
  fileName: string,
  options: VectorImportOptions = {},
): Promise<VectorImportResult> {
  const toBytes = (value: ArrayBuffer | Uint8Array) => (value instanceof Uint8Array ? value : new Uint8Array(value));
  const raw = readShapefileParts(
    { shp: toBytes(files.shp), dbf: files.dbf && toBytes(files.dbf), prj: files.prj, cpg: files.cpg },
    fileName,
  );
  return normaliseVectorData(fileName, 'shapefile', raw, options);
}

/** Like readVectorFile, but returns a failure as plain data (an Error loses its code across comlink). */
export async function tryReadVectorFile(
  fileName: string,
  bytes: ArrayBuffer | Uint8Array,
  options: VectorImportOptions = {},
): Promise<{ ok: true; result: VectorImportResult } | { ok: false; error: ImportErrorData }> {
  try {
    return { ok: true, result: await readVectorFile(fileName, bytes, options) };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, error: error.toData() };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: 'format-unknown', fileName, params: { fileName, reason }, message: `${fileName}: ${reason}` },
    };
  }
}

export { looksLikeGeoJson };
