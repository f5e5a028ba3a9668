/** Everything a project file carries of a stored project, comparable across project ids. */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { isPointLayer } from '../../../src/domain/point-table';
import { hasRoadGraph } from '../../../src/domain/road-graph-ref';
import { TABLE_NAMES } from '../../../src/domain/types';
import type { AtlasDatabase } from '../../../src/store/db';
import { loadSnapshot } from '../../../src/store/projects';

/** Records sorted by id with `projectId` (and the project's id) left out; current point sets with chunks; current graphs. */
export async function dumpProject(db: AtlasDatabase, projectId: string) {
  const snapshot = (await loadSnapshot(db, projectId))!;
  const strip = <T extends object>(record: T) => {
    const { projectId: _projectId, ...rest } = record as T & { projectId?: string };
    return rest;
  };
  const tables = Object.fromEntries(
    TABLE_NAMES.map((table) => [
      table,
      (snapshot[table] as { id: string }[])
        .map((record) => (table === 'projects' ? { ...record, id: '*' } : strip(record)))
        .sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1)),
    ]),
  );
  const points = [];
  for (const layer of snapshot.layers.filter(isPointLayer)) {
    const set = (await db.pointSets.get([projectId, layer.id, layer.points.set]))!;
    const chunks = [];
    for (const chunk of set.chunks) chunks.push(strip((await db.pointChunks.get([projectId, layer.id, chunk]))!));
    points.push({ set: strip(set), chunks });
  }
  const graphs = [];
  for (const layer of snapshot.layers.filter(hasRoadGraph)) graphs.push(strip((await db.roadGraphs.get([projectId, layer.id, layer.graph.set]))!));
  return { tables, points, graphs };
}

/**
 * Two dumps are the same. Tables are compared with `toEqual` (a readable diff); point chunks and
 * graphs, megabytes of typed arrays, byte for byte, naming the first part that differs.
 */
export function expectSameProject(actual: Awaited<ReturnType<typeof dumpProject>>, expected: Awaited<ReturnType<typeof dumpProject>>): void {
  expect(actual.tables).toEqual(expected.tables);
  expect(actual.points.map((point) => point.set)).toEqual(expected.points.map((point) => point.set));
  actual.points.forEach((point, index) => {
    point.chunks.forEach((chunk, position) => {
      const other = expected.points[index]!.chunks[position]!;
      for (const key of Object.keys(other) as (keyof typeof other)[]) {
        expect(isDeepStrictEqual(chunk[key], other[key]), `point set ${index}, chunk ${position}, ${key}`).toBe(true);
      }
    });
  });
  expect(actual.graphs.length).toBe(expected.graphs.length);
  actual.graphs.forEach((graph, index) => {
    for (const key of Object.keys(graph) as (keyof typeof graph)[]) expect(isDeepStrictEqual(graph[key], expected.graphs[index]![key]), `graph ${index}, ${key}`).toBe(true);
  });
}
