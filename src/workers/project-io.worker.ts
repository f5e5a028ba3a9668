/**
 * Worker for whole-project I/O: installing the demo project, and exporting and importing project
 * files. Reading, checking, unpacking, packing and the IndexedDB transactions all happen here,
 * so the main thread never parses, clones or compresses a whole project. Exposed with comlink.
 */
import * as Comlink from 'comlink';
import { AtlasDatabase } from '../store/db';
import { installSnapshotWithRoadGraphs } from '../store/projects';
import { exportProjectFile, importProjectFile, type ProjectImportOutcome } from '../store/project-file';
import { parseProjectSnapshot } from '../io/project-snapshot';
import { PROJECT_FILE_MIME_TYPE } from '../io/project-file/format';
import { blobSource } from '../io/zip-read';

const db = new AtlasDatabase();

const lib = {
  /**
   * Fetch the snapshot at `url` and install it as project `projectId` (replacing it), with
   * routing graphs built from the road lines of its network layers.
   */
  async installFromUrl(url: string, projectId: string, options: { isDemo: boolean }): Promise<void> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const fileName = url.split('/').pop() ?? url;
    const snapshot = parseProjectSnapshot(await response.json(), fileName);
    const now = Date.now();
    await installSnapshotWithRoadGraphs(db, snapshot, projectId, { isDemo: options.isDemo, createdAt: now, updatedAt: now });
  },

  /** The stored project as a project file. */
  async exportProject(projectId: string, onProgress: (fraction: number) => void): Promise<Blob> {
    const { parts } = await exportProjectFile(db, projectId, { onProgress });
    return new Blob(parts as BlobPart[], { type: PROJECT_FILE_MIME_TYPE });
  },

  /** Read and check `file` completely, then store it as the new project `projectId` (or refuse it, storing nothing). */
  importProject(file: Blob, fileName: string, projectId: string, onProgress: (fraction: number) => void): Promise<ProjectImportOutcome> {
    return importProjectFile(db, blobSource(file), fileName, projectId, onProgress);
  },
};

export type ProjectIoWorker = typeof lib;

Comlink.expose(lib);
