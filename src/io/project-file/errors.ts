/**
 * Why a project file cannot be opened. Every refusal names the file, where possible the entry
 * inside it (and the record or line), and the reason; nothing of a refused file is stored.
 * Carries a `code` and `params` for the UI to translate, plus a plain English `message`.
 */

export type ProjectFileErrorCode =
  /** The file has no bytes. */
  | 'file-empty'
  /** Not a zip archive (and not a project snapshot in JSON). */
  | 'not-zip'
  /** A zip archive that ends too early (a broken download or copy). */
  | 'zip-truncated'
  /** Zip features we do not write and do not read: encryption, ZIP64, other compression. */
  | 'zip-unsupported'
  /** A zip archive whose structure contradicts itself. */
  | 'zip-invalid'
  /** A zip without `manifest.json`: some other archive (a Shapefile, a KMZ). */
  | 'manifest-missing'
  /** `manifest.json` is not the manifest of a project file. */
  | 'manifest-invalid'
  /** Written by a newer version of the app. */
  | 'version-newer'
  /** An entry the manifest lists is not in the archive. */
  | 'entry-missing'
  /** An entry in the archive the manifest does not list. */
  | 'entry-unexpected'
  /** An entry unpacks to more (or fewer) bytes than stated: damaged or a zip bomb. */
  | 'entry-size'
  /** An entry is larger than the app reads. */
  | 'entry-too-large'
  /** An entry's bytes do not match its checksum: the file is damaged. */
  | 'entry-damaged'
  /** An entry's content is not what it should be (JSON syntax, a record, binary layout). */
  | 'entry-invalid'
  /** The parts do not fit together (counts, references between records). */
  | 'inconsistent';

export type ProjectFileErrorParams = Record<string, string | number>;

/** Plain data describing a ProjectFileError (what crosses a worker boundary). */
export interface ProjectFileErrorData {
  code: ProjectFileErrorCode;
  fileName: string;
  params: ProjectFileErrorParams;
  message: string;
}

export class ProjectFileError extends Error {
  override name = 'ProjectFileError';
  readonly code: ProjectFileErrorCode;
  readonly fileName: string;
  readonly params: ProjectFileErrorParams;

  /** `reason`: plain English, after "<file>: " (and "<entry>: " when `params.entry` is set). */
  constructor(code: ProjectFileErrorCode, fileName: string, reason: string, params: ProjectFileErrorParams = {}) {
    const entry = params['entry'];
    super(`${fileName}: ${entry === undefined ? '' : `${entry}: `}${reason}`);
    this.code = code;
    this.fileName = fileName;
    this.params = { fileName, reason, ...params };
  }

  toData(): ProjectFileErrorData {
    return { code: this.code, fileName: this.fileName, params: this.params, message: this.message };
  }
}

export function isProjectFileError(value: unknown): value is ProjectFileError {
  return value instanceof ProjectFileError;
}
