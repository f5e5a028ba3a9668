/**
 * Structured messages of the vector import: a problem with one feature (kept in the result)
 * and the error for a file that cannot be read at all (thrown). Both carry a `code` and
 * `params` for the UI to translate, plus a plain English `message`.
 */

export type MessageParams = Record<string, string | number>;

export interface ImportProblem {
  /** 1-based position of the feature in the file. */
  featureNumber: number;
  code: ImportProblemCode;
  params: MessageParams;
  message: string;
  /** True when the feature was repaired and kept; false when it (or a part of it) was dropped. */
  repaired: boolean;
}

export type ImportProblemCode =
  | 'feature-invalid'
  | 'geometry-missing'
  | 'geometry-empty'
  | 'geometry-invalid'
  | 'geometry-unsupported'
  | 'coordinate-not-finite'
  | 'coordinates-out-of-range'
  | 'ring-unclosed'
  | 'ring-too-short'
  | 'line-too-short'
  | 'duplicate-vertices'
  | 'geometry-collection-split'
  | 'multipoint-split'
  | 'self-intersection'
  | 'property-stringified';

export type ImportErrorCode =
  | 'file-empty'
  | 'format-unknown'
  | 'json-invalid'
  | 'json-too-deep'
  | 'too-many-vertices'
  | 'no-features'
  | 'geojson-invalid'
  | 'zip-invalid'
  | 'zip-too-large'
  | 'zip-no-shp'
  | 'zip-no-kml'
  | 'shp-invalid'
  | 'kml-invalid'
  | 'gpx-invalid'
  | 'crs-unsupported';

/** Plain data describing an ImportError (what crosses a worker boundary). */
export interface ImportErrorData {
  code: ImportErrorCode;
  fileName: string;
  params: MessageParams;
  message: string;
}

/** A file that cannot be read at all. Per-feature trouble never throws; it becomes a problem. */
export class ImportError extends Error {
  override name = 'ImportError';
  readonly code: ImportErrorCode;
  readonly fileName: string;
  readonly params: MessageParams;

  constructor(code: ImportErrorCode, fileName: string, reason: string, params: MessageParams = {}) {
    super(`${fileName}: ${reason}`);
    this.code = code;
    this.fileName = fileName;
    this.params = { fileName, ...params };
  }

  toData(): ImportErrorData {
    return { code: this.code, fileName: this.fileName, params: this.params, message: this.message };
  }
}

export function isImportError(value: unknown): value is ImportError {
  return value instanceof ImportError;
}

const PROBLEM_TEXT: Record<ImportProblemCode, (params: MessageParams) => string> = {
  'feature-invalid': () => 'is not a GeoJSON Feature; dropped',
  'geometry-missing': () => 'has no geometry; dropped',
  'geometry-empty': () => 'has an empty geometry; dropped',
  'geometry-invalid': (params) => `has an invalid geometry (${params['reason']}); dropped`,
  'geometry-unsupported': (params) => `has an unsupported geometry type ${params['type']}; dropped`,
  'coordinate-not-finite': () => 'has a coordinate that is not a finite number (NaN, Infinity or text); dropped',
  'coordinates-out-of-range': () => 'lies outside the valid longitude/latitude range after reprojection (wrong CRS?); dropped',
  'ring-unclosed': (params) => `had ${params['count']} unclosed ring(s); closed`,
  'ring-too-short': (params) => `had ${params['count']} ring(s) with fewer than 4 positions; ring(s) dropped`,
  'line-too-short': () => 'has a line with fewer than 2 positions; line dropped',
  'duplicate-vertices': (params) => `had ${params['count']} duplicate consecutive vertices; removed`,
  'geometry-collection-split': (params) => `was a GeometryCollection; its ${params['parts']} part(s) were extracted`,
  'multipoint-split': (params) => `was a MultiPoint; split into ${params['parts']} point features`,
  'self-intersection': (params) => `crossed itself ${params['count']} time(s), first at ${params['lon']}, ${params['lat']}; split into valid parts (area ${params['change']} % different)`,
  'property-stringified': (params) =>
    `has an object value in column "${params['column']}" (${params['count']} feature(s) in all); written as JSON text`,
};

export function problem(featureNumber: number, code: ImportProblemCode, repaired: boolean, params: MessageParams = {}): ImportProblem {
  return {
    featureNumber,
    code,
    params,
    repaired,
    message: `Feature ${featureNumber} ${PROBLEM_TEXT[code](params)}.`,
  };
}
