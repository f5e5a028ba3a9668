import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtlasDatabase } from '../../../src/store/db';
import { exportProjectFile, installProjectFile } from '../../../src/store/project-file';
import { projectMeta } from '../../../src/store/project-meta';
import { installSnapshot, listProjects } from '../../../src/store/projects';
import { historyStatus } from '../../../src/store/transact';
import { readProjectFile } from '../../../src/io/project-file/read';
import { bytesSource } from '../../../src/io/zip-read';
import { concatBytes } from '../io/project-file-helpers';
import { demoSnapshot, installLargeProject } from '../../fixtures/projects/large-project';
import { dumpProject, expectSameProject } from './project-dump';

let db: AtlasDatabase;

beforeEach(() => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
});

afterEach(async () => {
  await db.delete();
});

async function roundTrip(from: string, to: string): Promise<Uint8Array> {
  const { parts } = await exportProjectFile(db, from, { now: 1_000 });
  const bytes = concatBytes(parts);
  const contents = await readProjectFile(bytesSource(bytes), 'projekt.sozialraum');
  await installProjectFile(db, contents, to, { now: 2_000 });
  return bytes;
}

describe('project files in the store', () => {
  it('the demo project comes back identical', async () => {
    await installSnapshot(db, demoSnapshot, 'a');
    await roundTrip('a', 'b');
    expectSameProject(await dumpProject(db, 'b'), await dumpProject(db, 'a'));
    expect((await listProjects(db)).map((project) => project.name)).toEqual([demoSnapshot.projects[0]!.name, demoSnapshot.projects[0]!.name]);
  });

  it('a large project (point chunks shared by two sets, resources, road graph) comes back identical, and again after a second round', async () => {
    await installLargeProject(db, 'a', { points: 150_000, resources: 3_000, graphSide: 40 });
    const first = await roundTrip('a', 'b');
    const original = await dumpProject(db, 'a');
    expect(original.points[0]!.chunks.length).toBe(3);
    expect(original.graphs[0]!.nodeCount).toBe(1600);
    expectSameProject(await dumpProject(db, 'b'), original);
    await roundTrip('b', 'c');
    expectSameProject(await dumpProject(db, 'c'), original);
    // The same project exported at the same time gives the same bytes.
    const again = concatBytes((await exportProjectFile(db, 'a', { now: 1_000 })).parts);
    expect(isDeepStrictEqual(again, first)).toBe(true);
  }, 60_000);

  it('the imported project starts with an empty history and counts as backed up; the exported one as exported', async () => {
    await installLargeProject(db, 'a', { points: 1_000, resources: 10, graphSide: 3 });
    expect((await historyStatus(db, 'a')).undo).not.toBeNull();
    await roundTrip('a', 'b');
    expect(await historyStatus(db, 'b')).toEqual({ undo: null, redo: null });
    expect(await projectMeta(db, 'b')).toMatchObject({ revision: 0, exportedAt: 2_000 });
    expect((await projectMeta(db, 'a')).exportedAt).toBe(1_000);
    // Only the current point set travels, not the one kept for undoing the append.
    expect(await db.pointSets.where('projectId').equals('a').count()).toBe(2);
    expect(await db.pointSets.where('projectId').equals('b').count()).toBe(1);
  });

  it('stores all or nothing: a failure in the last step leaves no trace of the project', async () => {
    await installLargeProject(db, 'a', { points: 70_000, resources: 10, graphSide: 3 });
    const { parts } = await exportProjectFile(db, 'a');
    const contents = await readProjectFile(bytesSource(concatBytes(parts)), 'projekt.sozialraum');
    // The same graph twice: its second add fails after everything else was written.
    const broken = { ...contents, roadGraphs: [contents.roadGraphs[0]!, contents.roadGraphs[0]!] };
    await expect(installProjectFile(db, broken, 'b')).rejects.toThrow();
    for (const table of ['projects', 'spaces', 'resources', 'pointSets', 'pointChunks', 'roadGraphs', 'projectMeta'] as const) {
      const count = table === 'projects' || table === 'projectMeta' ? await db.table(table).where(':id').equals('b').count() : await db.table(table).where('projectId').equals('b').count();
      expect(count, table).toBe(0);
    }
  });

  it('never installs over an existing project', async () => {
    await installSnapshot(db, demoSnapshot, 'a');
    const { parts } = await exportProjectFile(db, 'a');
    const contents = await readProjectFile(bytesSource(concatBytes(parts)), 'projekt.sozialraum');
    await expect(installProjectFile(db, contents, 'a')).rejects.toThrow(/exists already/);
  });
});
