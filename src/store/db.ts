/**
 * The IndexedDB database (Dexie). Every project record lives under the compound key
 * [projectId+id], so ids only need to be unique inside their project and a project can be
 * duplicated by rewriting `projectId`. `changes` is the undo log (see transact.ts).
 */
import Dexie, { type Table } from 'dexie';
import type { Change } from '../domain/change';
import type {
  DemandRecord,
  Layer,
  MapFeature,
  Project,
  Resource,
  SocialSpace,
  TableName,
  Unit,
  Variant,
  View,
} from '../domain/types';

export type ProjectRecordKey = [projectId: string, id: string];

export const DATABASE_NAME = 'sozialraum-atlas';

export class AtlasDatabase extends Dexie {
  projects!: Table<Project, string>;
  variants!: Table<Variant, ProjectRecordKey>;
  spaces!: Table<SocialSpace, ProjectRecordKey>;
  layers!: Table<Layer, ProjectRecordKey>;
  units!: Table<Unit, ProjectRecordKey>;
  resources!: Table<Resource, ProjectRecordKey>;
  demand!: Table<DemandRecord, ProjectRecordKey>;
  features!: Table<MapFeature, ProjectRecordKey>;
  views!: Table<View, ProjectRecordKey>;
  changes!: Table<Change, number>;

  constructor(name = DATABASE_NAME) {
    super(name);
    // Version 1: first schema. Later versions add `.upgrade()` migrations here, never edit this one.
    this.version(1).stores({
      projects: 'id, updatedAt',
      variants: '[projectId+id], projectId',
      spaces: '[projectId+id], projectId, [projectId+variantId]',
      layers: '[projectId+id], projectId',
      units: '[projectId+id], projectId, [projectId+layerId]',
      resources: '[projectId+id], projectId, [projectId+layerId]',
      demand: '[projectId+id], projectId, [projectId+layerId]',
      features: '[projectId+id], projectId, [projectId+layerId]',
      views: '[projectId+id], projectId',
      changes: '++seq, projectId, [projectId+seq]',
    });
  }

  /** The Dexie table of a project table name. */
  table_(name: TableName): Table<{ id: string }, unknown> {
    return this.table(name) as Table<{ id: string }, unknown>;
  }
}

/** Primary key of a record in `table` of project `projectId`. */
export function recordKey(table: TableName, projectId: string, id: string): string | ProjectRecordKey {
  return table === 'projects' ? id : [projectId, id];
}
