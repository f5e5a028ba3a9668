/**
 * Worker for whole-project I/O: fetching, checking and installing a project snapshot happens
 * here, so the main thread never parses or clones the large JSON. Exposed with comlink.
 */
import * as Comlink from 'comlink';
import { AtlasDatabase } from '../store/db';
import { installSnapshotWithRoadGraphs } from '../store/projects';
import { parseProjectSnapshot } from '../io/project-snapshot';

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
};

export type ProjectIoWorker = typeof lib;

Comlink.expose(lib);
