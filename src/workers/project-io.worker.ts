/**
 * Worker for whole-project I/O: installing the demo project, and exporting and importing project
 * files. Reading, checking, unpacking, packing and the IndexedDB transactions all happen here,
 * so the main thread never parses, clones or compresses a whole project. Exposed with comlink.
 */
import * as Comlink from 'comlink';
import { AtlasDatabase } from '../store/db';
import { installSnapshot } from '../store/projects';
import { exportProjectFile, installProjectFile } from '../store/project-file';
import { parseProjectSnapshot } from '../io/project-snapshot';
import { PROJECT_FILE_MIME_TYPE } from '../io/project-file/format';
import { tryReadProjectFile } from '../io/project-file/read';
import type { ProjectFileErrorData } from '../io/project-file/errors';
import { blobSource } from '../io/project-file/zip-read';

const db = new AtlasDatabase();

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

const lib = {
  /** Fetch the snapshot at `url` and install it as project `projectId` (replacing it). */
  async installFromUrl(url: string, projectId: string, options: { isDemo: boolean }): Promise<void> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const fileName = url.split('/').pop() ?? url;
    const snapshot = parseProjectSnapshot(await response.json(), fileName);
    const now = Date.now();
    await installSnapshot(db, snapshot, projectId, { isDemo: options.isDemo, createdAt: now, updatedAt: now });
  },

  /** The stored project as a project file. */
  async exportProject(projectId: string, onProgress: (fraction: number) => void): Promise<Blob> {
    const { parts } = await exportProjectFile(db, projectId, { onProgress });
    return new Blob(parts as BlobPart[], { type: PROJECT_FILE_MIME_TYPE });
  },

  /**
   * Read and check `file` completely, then store it as the new project `projectId` in one
   * transaction. A refused file comes back as an error and nothing is stored.
   */
  async importProject(file: Blob, fileName: string, projectId: string, onProgress: (fraction: number) => void): Promise<ProjectImportOutcome> {
    const read = await tryReadProjectFile(blobSource(file), fileName, { onProgress: (fraction) => onProgress(fraction * READ_SHARE) });
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
  },
};

export type ProjectIoWorker = typeof lib;

Comlink.expose(lib);
