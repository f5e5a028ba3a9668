/**
 * Exporting the open project as a project file and importing one as a new project, with
 * progress and cancel, for the project menu's dialog. The work runs in the project worker
 * (workers/project-io.ts); an import that is cancelled, refused or interrupted stores nothing.
 */
import type { ProjectFileErrorData } from '../io/project-file/errors';
import { PROJECT_FILE_EXTENSION } from '../io/project-file/format';
import type { MessageKey } from '../i18n';
import type { ProjectImportOutcome, ProjectImportSummary } from '../store/project-file';
import type { AppState } from './app.svelte';
import { FileRead } from './file-read.svelte';
import { isQuotaError } from './storage-status.svelte';

export type { ProjectImportOutcome, ProjectImportSummary };

/** The worker side; in tests the same functions in-process. */
export interface ProjectFileService {
  exportProject(projectId: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Blob>;
  importProject(file: Blob, fileName: string, projectId: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ProjectImportOutcome>;
}

/** A refused project file in the UI language: what happened, and the technical detail. */
export function projectFileErrorText(error: ProjectFileErrorData, t: AppState['t']): { message: string; detail: string } {
  const message = t(`projectFile.error.${error.code}` as MessageKey, error.params);
  const reason = String(error.params['reason'] ?? error.message);
  const where = [error.params['entry'], error.params['record'] === undefined ? undefined : t('projectFile.record', { record: error.params['record'] })].filter(Boolean).join(', ');
  return { message, detail: where ? `${where}: ${reason}` : reason };
}

/** `Landkreis Auental (Demo)` exported on 2026-03-01 → `landkreis-auental-demo-2026-03-01.sozialraum`. */
export function projectFileName(projectName: string, now: Date): string {
  const slug = projectName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `${slug || 'projekt'}-${date}${PROJECT_FILE_EXTENSION}`;
}

export class ProjectFileTransfer {
  readonly #app: AppState;
  readonly #read = new FileRead();
  /** What the dialog shows. */
  status = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
  /** The refusal or failure, in the UI language. */
  error = $state<{ message: string; detail: string } | null>(null);
  /** After an import: what was stored. */
  imported = $state<ProjectImportSummary | null>(null);
  /** After an export: the file to save. */
  exported = $state<{ fileName: string; blob: Blob } | null>(null);

  constructor(app: AppState) {
    this.#app = app;
  }

  get progress(): number {
    return this.#read.progress;
  }

  /** Export the open project; the dialog then offers the file (`exported`). */
  async exportCurrent(): Promise<void> {
    await this.#run(async (signal, onProgress) => {
      this.exported = await this.#app.exportProject(onProgress, signal);
    });
  }

  /** Import `file` as a new project and open it. */
  async importFile(file: File): Promise<void> {
    await this.#run(async (signal, onProgress) => {
      const outcome = await this.#app.importProjectFile(file, onProgress, signal);
      if (outcome.ok) this.imported = outcome.summary;
      else {
        this.error = projectFileErrorText(outcome.error, this.#app.t);
        this.status = 'failed';
      }
    });
  }

  cancel(): void {
    this.#read.cancel();
    if (this.status === 'running') this.status = 'idle';
  }

  async #run(job: (signal: AbortSignal, onProgress: (fraction: number) => void) => Promise<void>): Promise<void> {
    this.status = 'running';
    this.error = null;
    this.imported = null;
    this.exported = null;
    try {
      const finished = await this.#read.run(job);
      if (finished === null) return;
      if (this.status === 'running') this.status = 'done';
    } catch (error) {
      this.status = 'failed';
      const described = this.#app.describeError(error);
      // A full storage is said as such (its transaction stored nothing); other failures in general.
      this.error = isQuotaError(error)
        ? { message: described, detail: error instanceof Error ? error.message : String(error) }
        : { message: this.#app.t('projectFile.failed'), detail: described };
    }
  }
}
