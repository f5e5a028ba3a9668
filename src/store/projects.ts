/**
 * Project repository: list, load, create, duplicate, delete and install whole projects.
 * These are project-level operations outside the undo log of a single project.
 * Point layers' chunked data (pointSets, pointChunks) and network layers' routing graphs
 * (roadGraphs) go with their project: deleted with it, replaced by an install, copied by a
 * duplicate.
 */
import { emptySnapshot, withProjectId } from '../domain/change';
import { isPointLayer } from '../domain/point-table';
import { hasRoadGraph } from '../domain/road-graph-ref';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../domain/suppression';
import {
  TABLE_NAMES,
  type Layer,
  type Project,
  type ProjectSnapshot,
  type TableName,
  type Variant,
} from '../domain/types';
import { freshProjectMeta, META_TABLES, POINT_TABLES, ROAD_GRAPH_TABLES, type AtlasDatabase } from './db';
import { advanceRevision, projectMeta } from './project-meta';
import type { RoadGraph } from '../io/osm/graph';
import { roadGraphsOfSnapshot } from '../io/road-network';
import { writeRoadGraph } from './road-graphs';

/** Every table holding data of a project: the scope of project-wide transactions. */
export const ALL_TABLES = [...TABLE_NAMES, 'changes', ...POINT_TABLES, ...ROAD_GRAPH_TABLES, ...META_TABLES] as const;

export async function listProjects(db: AtlasDatabase): Promise<Project[]> {
  const projects = await db.projects.toArray();
  return projects.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function loadSnapshot(db: AtlasDatabase, projectId: string): Promise<ProjectSnapshot | null> {
  return db.transaction('r', TABLE_NAMES, async () => {
    const project = await db.projects.get(projectId);
    if (!project) return null;
    const snapshot = emptySnapshot();
    snapshot.projects = [project];
    for (const table of TABLE_NAMES) {
      if (table === 'projects') continue;
      (snapshot as Record<TableName, unknown[]>)[table] = await db
        .table(table)
        .where('projectId')
        .equals(projectId)
        .toArray();
    }
    return snapshot;
  });
}

/** A project's data and the revision they are at, read in one transaction. */
export async function loadProject(db: AtlasDatabase, projectId: string): Promise<{ snapshot: ProjectSnapshot; revision: number } | null> {
  return db.transaction('r', [...TABLE_NAMES, ...META_TABLES], async () => {
    const snapshot = await loadSnapshot(db, projectId);
    return snapshot ? { snapshot, revision: (await projectMeta(db, projectId)).revision } : null;
  });
}

/**
 * Delete everything stored of a project but its bookkeeping record. Must run inside a
 * transaction over ALL_TABLES.
 */
export async function deleteProjectRecords(db: AtlasDatabase, projectId: string): Promise<void> {
  await db.projects.delete(projectId);
  for (const table of TABLE_NAMES) {
    if (table === 'projects') continue;
    await db.table(table).where('projectId').equals(projectId).delete();
  }
  await db.changes.where('projectId').equals(projectId).delete();
  await db.pointSets.where('projectId').equals(projectId).delete();
  await db.pointChunks.where('projectId').equals(projectId).delete();
  await db.roadGraphs.where('projectId').equals(projectId).delete();
}

/**
 * Copy the current point sets of `layers` (with their chunks) from one project to another.
 * Only current sets: a copied project starts with an empty undo log. Chunk by chunk, so no
 * more than one chunk is in memory.
 */
async function copyPointData(db: AtlasDatabase, layers: readonly Layer[], fromProjectId: string, toProjectId: string): Promise<void> {
  for (const layer of layers) {
    if (!isPointLayer(layer)) continue;
    const set = await db.pointSets.get([fromProjectId, layer.id, layer.points.set]);
    if (!set) throw new Error(`Points of layer ${layer.id} (set ${layer.points.set}) are missing`);
    for (const chunk of set.chunks) {
      const record = await db.pointChunks.get([fromProjectId, layer.id, chunk]);
      if (!record) throw new Error(`Chunk ${chunk} of layer ${layer.id} is missing`);
      await db.pointChunks.put({ ...record, projectId: toProjectId });
    }
    await db.pointSets.put({ ...set, projectId: toProjectId });
  }
}

/** Copy the current routing graphs of `layers` from one project to another (one record each). */
async function copyRoadGraphs(db: AtlasDatabase, layers: readonly Layer[], fromProjectId: string, toProjectId: string): Promise<void> {
  for (const layer of layers) {
    if (!hasRoadGraph(layer)) continue;
    const record = await db.roadGraphs.get([fromProjectId, layer.id, layer.graph.set]);
    if (!record) throw new Error(`Road graph of layer ${layer.id} (set ${layer.graph.set}) is missing`);
    await db.roadGraphs.put({ ...record, projectId: toProjectId });
  }
}

/**
 * Write a whole snapshot as project `projectId`, replacing whatever was stored under that id,
 * in one transaction (all or nothing). The undo log of the project starts empty. A snapshot
 * holds no point-layer data and no road graphs: layer records naming point sets or graphs need
 * those stored as well (duplicateProject copies them; a project file brings them along).
 * `roadGraphs` (by network layer id) are stored in the same transaction and named by their
 * layers. A replaced project's revision goes up, so a tab still showing the old one cannot
 * write onto it.
 */
export async function installSnapshot(
  db: AtlasDatabase,
  snapshot: ProjectSnapshot,
  projectId: string,
  overrides: Partial<Pick<Project, 'name' | 'isDemo' | 'createdAt' | 'updatedAt'>> = {},
  roadGraphs: ReadonlyMap<string, RoadGraph> = new Map(),
): Promise<Project> {
  if (snapshot.projects.length !== 1) throw new Error('A project snapshot must hold exactly one project');
  const copy = withProjectId(snapshot, projectId);
  const project: Project = { ...copy.projects[0]!, ...overrides };
  copy.projects = [project];
  await db.transaction('rw', ALL_TABLES, async () => {
    const previous = await db.projectMeta.get(projectId);
    await deleteProjectRecords(db, projectId);
    if (roadGraphs.size > 0) {
      const layers: Layer[] = [];
      for (const layer of copy.layers) {
        const graph = roadGraphs.get(layer.id);
        layers.push(graph ? { ...layer, graph: await writeRoadGraph(db, projectId, layer.id, graph) } as Layer : layer);
      }
      copy.layers = layers;
    }
    for (const table of TABLE_NAMES) {
      const records = copy[table];
      if (records.length > 0) await db.table(table).bulkAdd(records);
    }
    const fresh = freshProjectMeta(projectId, null);
    await db.projectMeta.put(previous ? { ...fresh, revision: previous.revision + 1 } : fresh);
  });
  return project;
}

/**
 * Install a snapshot (the demo, later a project file) with routing graphs built from the road
 * lines of its network layers that name none (`roadGraphsOfSnapshot`), so reachability routes
 * on them.
 */
export function installSnapshotWithRoadGraphs(
  db: AtlasDatabase,
  snapshot: ProjectSnapshot,
  projectId: string,
  overrides: Partial<Pick<Project, 'name' | 'isDemo' | 'createdAt' | 'updatedAt'>> = {},
): Promise<Project> {
  return installSnapshot(db, snapshot, projectId, overrides, roadGraphsOfSnapshot(snapshot));
}

export async function createProject(db: AtlasDatabase, projectId: string, name: string): Promise<Project> {
  const now = Date.now();
  const variant: Variant = { id: 'variant-1', projectId, name: 'Ist' };
  const snapshot = emptySnapshot();
  snapshot.projects = [
    {
      id: projectId,
      name,
      isDemo: false,
      description: '',
      outline: null,
      activeVariantId: variant.id,
      settings: { basemap: 'offline', suppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD },
      createdAt: now,
      updatedAt: now,
    },
  ];
  snapshot.variants = [variant];
  return installSnapshot(db, snapshot, projectId);
}

export async function duplicateProject(
  db: AtlasDatabase,
  sourceProjectId: string,
  projectId: string,
  name: string,
): Promise<Project> {
  if (sourceProjectId === projectId) throw new Error('A project cannot be duplicated onto itself');
  return db.transaction('rw', ALL_TABLES, async () => {
    const snapshot = await loadSnapshot(db, sourceProjectId);
    if (!snapshot) throw new Error(`Project ${sourceProjectId} does not exist`);
    const now = Date.now();
    const project = await installSnapshot(db, snapshot, projectId, { name, isDemo: false, createdAt: now, updatedAt: now });
    await copyPointData(db, snapshot.layers, sourceProjectId, projectId);
    await copyRoadGraphs(db, snapshot.layers, sourceProjectId, projectId);
    return project;
  });
}

/**
 * Delete a project with all its data. Its bookkeeping record stays, its revision counted up (a
 * few bytes): a tab still showing the project cannot write into a new one installed under the
 * same id later (the demo after a reset).
 */
export async function deleteProject(db: AtlasDatabase, projectId: string): Promise<void> {
  await db.transaction('rw', ALL_TABLES, async () => {
    await deleteProjectRecords(db, projectId);
    await advanceRevision(db, projectId);
  });
}
