/**
 * Reading a project snapshot (the demo project, later project files) from parsed JSON,
 * checking its shape so that a broken file is refused with a reason instead of half-loaded.
 */
import { TABLE_NAMES, type ProjectSnapshot } from '../domain/types';

export class SnapshotFormatError extends Error {
  override name = 'SnapshotFormatError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseProjectSnapshot(value: unknown, sourceName: string): ProjectSnapshot {
  if (!isRecord(value)) throw new SnapshotFormatError(`${sourceName}: expected a JSON object`);
  for (const table of TABLE_NAMES) {
    const records = value[table];
    if (!Array.isArray(records)) throw new SnapshotFormatError(`${sourceName}: table "${table}" is missing`);
    records.forEach((record, index) => {
      if (!isRecord(record) || typeof record['id'] !== 'string') {
        throw new SnapshotFormatError(`${sourceName}: ${table}[${index}] has no string "id"`);
      }
      if (table !== 'projects' && typeof record['projectId'] !== 'string') {
        throw new SnapshotFormatError(`${sourceName}: ${table}[${index}] has no string "projectId"`);
      }
    });
  }
  const projects = value['projects'] as unknown[];
  if (projects.length !== 1) {
    throw new SnapshotFormatError(`${sourceName}: expected exactly one project, found ${projects.length}`);
  }
  return value as unknown as ProjectSnapshot;
}
