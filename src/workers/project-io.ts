/** Main-thread handles of the project I/O worker. */
import * as Comlink from 'comlink';
import type { ProjectIoWorker } from './project-io.worker';
import { CancellableWorkerPool } from './worker-pool';
import type { ProjectFileService } from '../state/project-file-transfer.svelte';

function startWorker(): Worker {
  return new Worker(new URL('./project-io.worker.ts', import.meta.url), { type: 'module', name: 'project-io' });
}

let remote: Comlink.Remote<ProjectIoWorker> | null = null;

/** The shared instance (demo install), created on first use. */
export function projectIoWorker(): Comlink.Remote<ProjectIoWorker> {
  remote ??= Comlink.wrap<ProjectIoWorker>(startWorker());
  return remote;
}

/**
 * Project-file jobs run on a worker of their own: cancelling one terminates its worker, and an
 * import's IndexedDB transaction still open then is rolled back (nothing is stored).
 */
const pool = new CancellableWorkerPool<Comlink.Remote<ProjectIoWorker>>(() => {
  const worker = startWorker();
  return { remote: Comlink.wrap<ProjectIoWorker>(worker), terminate: () => worker.terminate() };
});

export const projectFileService: ProjectFileService = {
  exportProject: (projectId, onProgress, signal) => pool.run((worker) => worker.exportProject(projectId, Comlink.proxy(onProgress)), signal),
  importProject: (file, fileName, projectId, onProgress, signal) =>
    pool.run((worker) => worker.importProject(file, fileName, projectId, Comlink.proxy(onProgress)), signal),
};
