/**
 * Project files and IndexedDB: export a stored project into a project file, install the checked
 * contents of one as a new project.
 *
 * Export reads everything inside one read transaction, so the file is one consistent state even
 * while another tab writes (its writes wait for the export). Import writes everything in one
 * read-write transaction: a project file is stored completely or not at all, also when the page
 * is closed or crashes in the middle (IndexedDB rolls an unfinished transaction back).
 */
import { withProjectId } from '../domain/change';
import { isPointLayer } from '../domain/point-table';
import { hasRoadGraph } from '../domain/road-graph-ref';
import { TABLE_NAMES, type Project } from '../domain/types';
import type { ProjectFileContents } from '../io/project-file/types';
import type { ProjectFileErrorData } from '../io/project-file/errors';
import { tryReadProjectFile } from '../io/project-file/read';
import type { ByteSource } from '../io/zip-read';
import { ProjectFileWriter } from '../io/project-file/write';
import { freshProjectMeta, type AtlasDatabase } from './db';
import { markExported } from './project-meta';
import { ALL_TABLES, loadSnapshot } from './projects';

/** What an import stored, for the message after it. */
export interface ProjectImportSummary {
  name: string;
  variants: number;
  spaces: number;
  layers: number;
  records: number;
  points: number;
}

export type ProjectImportOutcome = { ok: true; projectId: string; summary: ProjectImportSummary } | { ok: false; error: ProjectFileErrorData };

/** Reading and checking take this share of an import's progress, storing the rest. */
const READ_SHARE = 0.7;

/**
 * The project as a project file (its bytes in parts, for a Blob). Marks the project exported.
 * `now`: the export time written into the file and remembered for the backup reminder.
 */
export async function exportProjectFile(
  db: AtlasDatabase,
  projectId: string,
  options: { now?: number; onProgress?: (fraction: number) => void } = {},
): Promise<{ parts: Uint8Array[]; project: Project }> {
  const now = options.now ?? Date.now();
  const onProgress = options.onProgress ?? (() => {});
  const result = await db.transaction('r', ALL_TABLES, async () => {
    const snapshot = await loadSnapshot(db, projectId);
    if (!snapshot) throw new Error(`Project ${projectId} does not exist`);
    const pointLayers = snapshot.layers.filter(isPointLayer);
    const graphLayers = snapshot.layers.filter(hasRoadGraph);
    // Progress in rows: the records, then the point rows, then graph edges.
    const total =
      TABLE_NAMES.reduce((sum, table) => sum + snapshot[table].length, 0) +
      pointLayers.reduce((sum, layer) => sum + layer.points.length, 0) +
      graphLayers.reduce((sum, layer) => sum + layer.graph.edgeCount, 0);
    let done = 0;
    const advance = (rows: number) => {
      done += rows;
      onProgress(total > 0 ? Math.min(1, done / total) : 1);
    };
    const writer = new ProjectFileWriter(now);
    for (const table of TABLE_NAMES) {
      writer.addTable(table, snapshot[table]);
      advance(snapshot[table].length);
    }
    for (const layer of pointLayers) {
      const record = await db.pointSets.get([projectId, layer.id, layer.points.set]);
      if (!record) throw new Error(`Points of layer ${layer.name} (set ${layer.points.set}) are missing`);
      const { projectId: _owner, ...set } = record;
      const index = writer.addPointSet(set);
      for (const number of set.chunks) {
        const chunk = await db.pointChunks.get([projectId, layer.id, number]);
        if (!chunk) throw new Error(`Chunk ${number} of layer ${layer.name} is missing`);
        const { projectId: _chunkOwner, ...data } = chunk;
        writer.addPointChunk(index, data);
        advance(chunk.length);
      }
    }
    for (const layer of graphLayers) {
      const record = await db.roadGraphs.get([projectId, layer.id, layer.graph.set]);
      if (!record) throw new Error(`Road graph of layer ${layer.name} (set ${layer.graph.set}) is missing`);
      const { projectId: _owner, ...graph } = record;
      writer.addRoadGraph(graph);
      advance(graph.edgeCount);
    }
    const project = snapshot.projects[0]!;
    return { parts: writer.finish(project), project };
  });
  await markExported(db, projectId, now);
  return result;
}

/**
 * Store checked project-file contents as the new project `projectId`, in one transaction. The
 * project keeps everything it had in the file (name, dates, ids of its records); its undo log
 * starts empty and it counts as exported at `now` (the file it came from is a backup).
 */
export async function installProjectFile(
  db: AtlasDatabase,
  contents: ProjectFileContents,
  projectId: string,
  options: { now?: number; onProgress?: (fraction: number) => void } = {},
): Promise<Project> {
  const now = options.now ?? Date.now();
  const onProgress = options.onProgress ?? (() => {});
  const snapshot = withProjectId(contents.snapshot, projectId);
  const steps = TABLE_NAMES.length + contents.pointSets.reduce((sum, point) => sum + point.chunks.length, 0) + contents.roadGraphs.length;
  let done = 0;
  const advance = () => onProgress(Math.min(1, ++done / steps));
  await db.transaction('rw', ALL_TABLES, async () => {
    if ((await db.projects.get(projectId)) || (await db.projectMeta.get(projectId))) throw new Error(`Project ${projectId} exists already`);
    for (const table of TABLE_NAMES) {
      const records = snapshot[table];
      if (records.length > 0) await db.table(table).bulkAdd(records);
      advance();
    }
    for (const { set, chunks } of contents.pointSets) {
      for (const chunk of chunks) {
        await db.pointChunks.add({ ...chunk, projectId });
        advance();
      }
      await db.pointSets.add({ ...set, projectId });
    }
    for (const graph of contents.roadGraphs) {
      await db.roadGraphs.add({ ...graph, projectId });
      advance();
    }
    await db.projectMeta.add(freshProjectMeta(projectId, now));
  });
  return snapshot.projects[0]!;
}

/**
 * Read and check a project file completely, then store it as the new project `projectId` in one
 * transaction. A refused file comes back as an error and nothing is stored.
 */
export async function importProjectFile(
  db: AtlasDatabase,
  source: ByteSource,
  fileName: string,
  projectId: string,
  onProgress: (fraction: number) => void = () => {},
): Promise<ProjectImportOutcome> {
  const read = await tryReadProjectFile(source, fileName, { onProgress: (fraction) => onProgress(fraction * READ_SHARE) });
  if (!read.ok) return read;
  const { contents } = read;
  await installProjectFile(db, contents, projectId, { onProgress: (fraction) => onProgress(READ_SHARE + fraction * (1 - READ_SHARE)) });
  const { snapshot } = contents;
  return {
    ok: true,
    projectId,
    summary: {
      name: snapshot.projects[0]!.name,
      variants: snapshot.variants.length,
      spaces: snapshot.spaces.length,
      layers: snapshot.layers.length,
      records: snapshot.units.length + snapshot.resources.length + snapshot.demand.length + snapshot.features.length,
      points: contents.pointSets.reduce((sum, point) => sum + point.set.length, 0),
    },
  };
}
