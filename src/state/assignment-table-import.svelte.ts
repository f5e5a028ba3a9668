/**
 * Assigning base units to social spaces from a key → space table (CSV): the state of the dialog
 * from choosing the file to applying it. The file is read in a worker (AppState.readAssignmentTable,
 * cancellable); what was detected, the counts and the problems are derived here in the user's
 * language; applying is one undoable change (ProjectState.applyAssignments).
 *
 * Names of spaces that do not exist are listed and rejected by default; the user can choose to
 * create them (in the same undoable change), because a typo must not silently become a space.
 */
import type { MessageKey } from '../i18n';
import type { AssignmentTable, AssignmentTableOptions } from '../io/assignment-table';
import { rejectedRowsCsv, type RejectedRow } from '../io/assignment-rejects';
import type { AppState } from './app.svelte';
import type { ProjectState } from './project.svelte';
import { FileRead } from './file-read.svelte';

export type { AssignmentTable };

/** One row that is not applied, for the list in the dialog. */
export interface TableProblem {
  line: number;
  key: string;
  text: string;
}

const ENCODING_LABELS: Record<string, string> = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252' };
const DELIMITER_KEYS: Record<string, MessageKey> = {
  ';': 'assignTable.delimiter.semicolon',
  ',': 'assignTable.delimiter.comma',
  '\t': 'assignTable.delimiter.tab',
  '|': 'assignTable.delimiter.pipe',
};

export class AssignmentTableImport {
  readonly #app: AppState;
  readonly #project: ProjectState;
  #file: { name: string; bytes: ArrayBuffer } | null = null;
  /** The running read; cancelling it terminates the worker doing it. */
  readonly #reads = new FileRead();

  fileName = $state<string | null>(null);
  applying = $state(false);
  failure = $state<string | null>(null);
  table = $state.raw<AssignmentTable | null>(null);
  createMissingSpaces = $state(false);

  constructor(app: AppState, project: ProjectState) {
    this.#app = app;
    this.#project = project;
  }

  /** A file was chosen: read it with detected columns. */
  async choose(name: string, bytes: ArrayBuffer): Promise<void> {
    this.#file = { name, bytes };
    this.fileName = name;
    this.table = null;
    this.createMissingSpaces = false;
    await this.#read({});
  }

  /** Read the file again with the key and space taken from these columns (0-based). */
  async chooseColumns(keyColumn: number, spaceColumn: number): Promise<void> {
    await this.#read({ keyColumn, spaceColumn, createMissingSpaces: this.createMissingSpaces });
  }

  /** Create spaces named in the table that do not exist (true) or reject their rows (false). */
  async setCreateMissingSpaces(create: boolean): Promise<void> {
    this.createMissingSpaces = create;
    const table = this.table;
    await this.#read(table ? { keyColumn: table.keyColumn, spaceColumn: table.spaceColumn, createMissingSpaces: create } : { createMissingSpaces: create });
  }

  /** Stop a read in progress (its worker is terminated). */
  cancel(): void {
    this.#reads.cancel();
  }

  get reading(): boolean {
    return this.#reads.reading;
  }

  /** "Windows-1252, Semikolon (;), mit Kopfzeile" */
  readonly detected: string | null = $derived.by(() => {
    const table = this.table;
    if (!table) return null;
    const t = this.#app.t;
    const delimiterKey = DELIMITER_KEYS[table.delimiter];
    return t('assignTable.detected', {
      encoding: ENCODING_LABELS[table.encoding] ?? table.encoding,
      delimiter: delimiterKey ? t(delimiterKey) : `„${table.delimiter}“`,
      header: t(table.hasHeader ? 'assignTable.withHeader' : 'assignTable.withoutHeader'),
    });
  });

  /** Labels for the column choosers: "Spalte 2: Schlüssel". */
  readonly columns: { index: number; label: string }[] = $derived.by(() => {
    const table = this.table;
    if (!table) return [];
    return table.columnLabels.map((label, index) => ({
      index,
      label: label === '' ? this.#app.t('assignTable.columnUnnamed', { number: index + 1 }) : this.#app.t('assignTable.column', { number: index + 1, label }),
    }));
  });

  /** Counts for the summary; `changing` counts units that end up in another space than now. */
  readonly summary = $derived.by(() => {
    const table = this.table;
    if (!table) return null;
    const assignment = this.#project.assignment;
    const spaces = new Set(table.matches.map((match) => match.spaceId));
    return {
      rows: table.rowCount,
      matched: table.matches.length,
      spaces: spaces.size,
      newSpaces: [...spaces].filter((id) => id.startsWith('new:')).length,
      changing: table.matches.filter((match) => assignment.get(match.unitId) !== match.spaceId).length,
      rejected: table.rejected.length,
    };
  });

  /** Rows that are not applied, with line, key and reason in the user's language. */
  readonly problems: TableProblem[] = $derived(this.table?.rejected.map((row) => ({ line: row.line, key: row.unitKey, text: this.#reasonText(row) })) ?? []);

  /** Names in the space column that match no space of the active variant. */
  readonly missingSpaceNames: string[] = $derived(this.table?.missingSpaces.map((space) => space.name) ?? []);

  readonly canApply: boolean = $derived(!this.reading && !this.applying && (this.table?.matches.length ?? 0) > 0);

  /** The rejected rows as a CSV file for download (null when there are none). */
  rejectedCsv(): { fileName: string; content: string; mimeType: string } | null {
    const table = this.table;
    if (!table || table.rejected.length === 0) return null;
    const base = (this.fileName ?? 'tabelle').replace(/\.[^.]+$/, '');
    return {
      fileName: `${base}-abgelehnt.csv`,
      content: rejectedRowsCsv(table.rejected, (row) => this.#reasonText(row)),
      mimeType: 'text/csv;charset=utf-8',
    };
  }

  /** Apply the matched rows (creating the chosen new spaces) as one undoable change. */
  async apply(): Promise<boolean> {
    const table = this.table;
    if (!table || !this.canApply) return false;
    const placeholders = new Map<string, string>();
    const used = new Set(table.matches.map((match) => match.spaceId));
    const newSpaces = table.missingSpaces
      .filter((space) => used.has(space.id))
      .map((space) => {
        const id = this.#app.newId();
        placeholders.set(space.id, id);
        return { id, name: space.name };
      });
    const assignments = new Map(table.matches.map((match) => [match.unitId, placeholders.get(match.spaceId) ?? match.spaceId]));
    this.applying = true;
    try {
      return await this.#app.attempt(() => this.#project.applyAssignments(assignments, newSpaces));
    } finally {
      this.applying = false;
    }
  }

  #reasonText(row: RejectedRow): string {
    const t = this.#app.t;
    switch (row.reason) {
      case 'unknown-unit':
        return t('assignTable.reason.unknown-unit');
      case 'unknown-space':
        return row.space === '' ? t('assignTable.reason.no-space') : t('assignTable.reason.unknown-space', { space: row.space });
      case 'duplicate-unit':
        return t('assignTable.reason.duplicate-unit', { line: row.firstLine ?? '?' });
      case 'empty':
        return t('assignTable.reason.empty');
    }
  }

  async #read(options: AssignmentTableOptions): Promise<void> {
    const file = this.#file;
    if (!file) return;
    this.failure = null;
    const failed = (reason: string) => this.#app.t('assignTable.failed', { fileName: file.name, reason });
    try {
      // The worker takes the buffer over (transfer), so hand it a copy and keep ours for re-reads.
      const done = await this.#reads.run((signal) => this.#app.readAssignmentTable(file.name, file.bytes.slice(0), options, signal));
      if (!done) return;
      const outcome = done.value;
      if (outcome.ok) {
        this.table = outcome.table;
      } else {
        // A failed re-read (other columns) keeps the last table, so the choice can be undone.
        this.failure = failed(outcome.error.code === 'unexpected' ? outcome.error.message : this.#app.t(`assignTable.error.${outcome.error.code}`));
      }
    } catch (error) {
      this.failure = failed(error instanceof Error ? error.message : String(error));
    }
  }
}
