/**
 * A file the OSM import cannot read at all. Like the vector import's ImportError it carries a
 * `code` and `params` for the UI to translate, plus a plain English message; `toData()` is
 * what crosses the worker boundary.
 */
export type OsmImportErrorCode =
  | 'file-empty'
  | 'format-unknown'
  | 'gzip-invalid'
  | 'pbf-invalid'
  | 'pbf-unsupported'
  | 'xml-invalid'
  | 'geojson-invalid'
  | 'no-elements'
  | 'cancelled';

export interface OsmImportErrorData {
  code: OsmImportErrorCode;
  fileName: string;
  params: Record<string, string | number>;
  message: string;
}

export class OsmImportError extends Error {
  override name = 'OsmImportError';
  readonly code: OsmImportErrorCode;
  fileName: string;
  readonly params: Record<string, string | number>;

  constructor(code: OsmImportErrorCode, reason: string, params: Record<string, string | number> = {}, fileName = '') {
    super(reason);
    this.code = code;
    this.params = params;
    this.fileName = fileName;
  }

  toData(): OsmImportErrorData {
    const message = this.fileName ? `${this.fileName}: ${this.message}` : this.message;
    return { code: this.code, fileName: this.fileName, params: { fileName: this.fileName, ...this.params }, message };
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OsmImportError('cancelled', 'The import was cancelled');
}
