/**
 * The IndexedDB database (Dexie). Every project record lives under the compound key
 * [projectId+id], so ids only need to be unique inside their project and a project can be
 * duplicated by rewriting `projectId`. `changes` is the undo log (see transact.ts).
 *
 * Large point layers are not stored one record per row: `pointChunks` holds their columns in
 * chunks of up to 65,536 rows and `pointSets` lists which chunks make up one stored version of
 * a layer's table (see point-layers.ts).
 *
 * The routing graph of a `network` layer is one `roadGraphs` record per stored version (see
 * road-graphs.ts): its typed arrays as they are, which IndexedDB stores as whole buffers.
 *
 * `projectMeta` holds one record per project that is about the stored copy rather than the
 * project's content: its revision (counted up by every write, so a tab holding an older state
 * cannot overwrite a newer one, see project-meta.ts) and when it was last exported.
 */
import Dexie, { type Table } from 'dexie';
import type { Change } from '../domain/change';
import type { PointChunkData, PointSetData, RoadGraphData } from '../io/project-file/types';
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
export type PointSetKey = [projectId: string, layerId: string, set: string];
export type PointChunkKey = [projectId: string, layerId: string, chunk: number];

/** One stored version of a layer's point table (see `PointSetData`). */
export interface PointSetRecord extends PointSetData {
  projectId: string;
}

/** Rows of one chunk of a point set (see `PointChunkData`). */
export interface PointChunkRecord extends PointChunkData {
  projectId: string;
}

export type RoadGraphKey = [projectId: string, layerId: string, set: string];

/** One stored version of a network layer's routing graph (see `RoadGraphData`). */
export interface RoadGraphRecord extends RoadGraphData {
  projectId: string;
}

/**
 * Bookkeeping of one stored project (not part of its content, so not in project files or
 * snapshots): see project-meta.ts.
 */
export interface ProjectMetaRecord {
  projectId: string;
  /** Counted up by every write of the project's data (transact, undo, redo). */
  revision: number;
  /** When the project was last exported as a project file (or imported from one); null: never. */
  exportedAt: number | null;
  /** The backup reminder stays quiet until then (the user chose "later"). */
  reminderSnoozedUntil: number | null;
}

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
  pointSets!: Table<PointSetRecord, PointSetKey>;
  pointChunks!: Table<PointChunkRecord, PointChunkKey>;
  roadGraphs!: Table<RoadGraphRecord, RoadGraphKey>;
  projectMeta!: Table<ProjectMetaRecord, string>;

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
    // Version 2: chunked columnar storage of large point layers. New tables only, nothing to migrate.
    this.version(2).stores({
      pointSets: '[projectId+layerId+set], projectId',
      pointChunks: '[projectId+layerId+chunk], projectId',
    });
    // Version 3: routing graphs of network layers. A new table only, nothing to migrate.
    this.version(3).stores({
      roadGraphs: '[projectId+layerId+set], projectId',
    });
    // Version 4: per-project bookkeeping (revision for tabs, last export for the backup
    // reminder). Existing projects get a record at revision 0, never exported.
    this.version(4)
      .stores({ projectMeta: 'projectId' })
      .upgrade(async (transaction) => {
        const ids = (await transaction.table('projects').toCollection().primaryKeys()) as string[];
        await transaction.table('projectMeta').bulkAdd(ids.map((projectId) => freshProjectMeta(projectId)));
      });
  }

  /** The Dexie table of a project table name. */
  table_(name: TableName): Table<{ id: string }, unknown> {
    return this.table(name) as Table<{ id: string }, unknown>;
  }
}

/** The bookkeeping record of a project that was just created, installed or upgraded into version 4. */
export function freshProjectMeta(projectId: string, exportedAt: number | null = null): ProjectMetaRecord {
  return { projectId, revision: 0, exportedAt, reminderSnoozedUntil: null };
}

/** The table of the per-project bookkeeping (part of every project-wide transaction). */
export const META_TABLES = ['projectMeta'] as const;

/** The tables of the chunked point storage (part of every project-wide transaction). */
export const POINT_TABLES = ['pointSets', 'pointChunks'] as const;

/** The table of the stored routing graphs (part of every project-wide transaction). */
export const ROAD_GRAPH_TABLES = ['roadGraphs'] as const;

/** Primary key of a record in `table` of project `projectId`. */
export function recordKey(table: TableName, projectId: string, id: string): string | ProjectRecordKey {
  return table === 'projects' ? id : [projectId, id];
}
