/**
 * Project files of older format versions are migrated to the current one after they were read
 * and checked; a newer version is refused before (read.ts). Each step takes the contents of
 * version n to version n + 1 and says what changed, so a file of any older version opens.
 *
 * - 0 → 1: version 0 is a project snapshot in one JSON object (the format the demo project is
 *   shipped in); version 1 is the zip archive with point data and road graphs. The records are
 *   the same, so the step only states the new version. (A snapshot naming point data or graphs
 *   it cannot carry was refused when it was read.)
 */
import { PROJECT_FILE_VERSION } from './format';
import type { ProjectFileContents } from './types';

type Migration = (contents: ProjectFileContents) => ProjectFileContents;

/** `MIGRATIONS[n]` migrates version n to n + 1. */
export const MIGRATIONS: readonly Migration[] = [(contents) => ({ ...contents, version: 1 })];

export function migrateContents(contents: ProjectFileContents): ProjectFileContents {
  if (MIGRATIONS.length !== PROJECT_FILE_VERSION) throw new Error(`Migrations lead to version ${MIGRATIONS.length}, not ${PROJECT_FILE_VERSION}`);
  let current = contents;
  while (current.version < PROJECT_FILE_VERSION) {
    const next = MIGRATIONS[current.version]!(current);
    if (next.version !== current.version + 1) throw new Error(`Migration from version ${current.version} gave version ${next.version}`);
    current = next;
  }
  return current;
}
