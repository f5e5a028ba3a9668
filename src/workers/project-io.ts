/** Main-thread handle of the project I/O worker (one instance, created on first use). */
import * as Comlink from 'comlink';
import type { ProjectIoWorker } from './project-io.worker';

let remote: Comlink.Remote<ProjectIoWorker> | null = null;

export function projectIoWorker(): Comlink.Remote<ProjectIoWorker> {
  remote ??= Comlink.wrap<ProjectIoWorker>(
    new Worker(new URL('./project-io.worker.ts', import.meta.url), { type: 'module', name: 'project-io' }),
  );
  return remote;
}
