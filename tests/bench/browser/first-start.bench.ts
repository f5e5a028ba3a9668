/**
 * First start: installing the demo project. Ours fetches, checks and writes it in a worker;
 * the peer does the same on the main thread. Figures: wall time, and the longest main-thread
 * task while it runs (what decides whether the UI freezes).
 */
import demoUrl from '../../../data/demo-project.json?url';
import { parseProjectSnapshot } from '../../../src/io/project-snapshot';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot } from '../../../src/store/projects';
import { projectIoWorker } from '../../../src/workers/project-io';
import type { BenchCase } from '../harness';

const absoluteDemoUrl = () => new URL(demoUrl, window.location.href).href;

async function installInWorker(): Promise<void> {
  await projectIoWorker().installFromUrl(absoluteDemoUrl(), 'bench-demo', { isDemo: true });
}

async function installOnMainThread(): Promise<void> {
  const db = new AtlasDatabase();
  const response = await fetch(absoluteDemoUrl());
  const snapshot = parseProjectSnapshot(await response.json(), 'demo-project.json');
  await installSnapshot(db, snapshot, 'bench-demo', { isDemo: true });
  db.close();
}

/** Longest main-thread task (PerformanceObserver "longtask", ≥ 50 ms) during `run`; 0 if none. */
export async function longestTask(run: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  await run();
  // Let the observer deliver the entries of the last task.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return longest;
}

export const demoInstallWallBench: BenchCase = {
  name: 'demo-install-wall',
  peer: 'fetch + parse + install on the main thread',
  setup: () => null,
  ours: installInWorker,
  peerRun: installOnMainThread,
  note: () => 'demo project (1.7 MB JSON, 6,821 records) into IndexedDB',
};

export const demoInstallLongestTaskBench: BenchCase = {
  name: 'demo-install-longest-main-thread-task',
  peer: 'fetch + parse + install on the main thread',
  setup: () => null,
  ours: installInWorker,
  peerRun: installOnMainThread,
  measureRun: longestTask,
  // Long tasks are reported from 50 ms on; "0" means none, and the ratio divides by 50.
  ratioFloorMilliseconds: 50,
  note: () => 'longest main-thread task in ms (0 = none over 50 ms; ratio against 50 ms)',
};
