/** Helpers for building project files, sound and broken, in tests. */
import { unzipSync, zipSync } from 'fflate';
import { textColumn, numberColumn } from '../../../src/domain/point-table';
import type { Layer, ProjectSnapshot } from '../../../src/domain/types';
import { RoadGraphBuilder, ROAD_GRAPH_FORMAT } from '../../../src/io/osm/graph';
import { crc32 } from '../../../src/io/crc32';
import { MANIFEST_ENTRY, type ProjectFileManifest } from '../../../src/io/project-file/format';
import type { PointChunkData, PointSetData, RoadGraphData } from '../../../src/io/project-file/types';
import { ProjectFileWriter } from '../../../src/io/project-file/write';
import { testSnapshot } from '../helpers';

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** A small project with a point layer of two chunks (dictionary continued in the second) and a road graph. */
export function smallProject(): { snapshot: ProjectSnapshot; set: PointSetData; chunks: PointChunkData[]; graph: RoadGraphData } {
  const snapshot = testSnapshot('p');
  const names = textColumn('name', ['Anna', 'Ben', null]);
  const counts = numberColumn('anzahl', [1, Number.NaN, 3]);
  const set: PointSetData = {
    layerId: 'faelle',
    set: 'set-1',
    length: 5,
    chunks: [0, 1],
    chunkLengths: [3, 2],
    columns: [
      { name: 'name', kind: 'text' },
      { name: 'anzahl', kind: 'number' },
    ],
    keyColumn: null,
    createdAt: 1_700_000_000_000,
  };
  const chunks: PointChunkData[] = [
    {
      layerId: 'faelle',
      chunk: 0,
      length: 3,
      lon: Float64Array.of(9.9, 9.91, Number.NaN),
      lat: Float64Array.of(50.9, 50.91, Number.NaN),
      numbers: [{ name: 'anzahl', values: counts.values }],
      texts: [{ name: 'name', codes: names.codes, dictionaryStart: 0, added: [...names.dictionary] }],
    },
    {
      layerId: 'faelle',
      chunk: 1,
      length: 2,
      lon: Float64Array.of(9.92, 9.93),
      lat: Float64Array.of(50.92, 50.93),
      numbers: [],
      texts: [{ name: 'name', codes: Uint32Array.of(3, 1), dictionaryStart: 2, added: ['Cem'] }],
    },
  ];
  const builder = new RoadGraphBuilder();
  builder.addNode(1, 9.9, 50.9);
  builder.addNode(2, 9.91, 50.9);
  builder.addEdge(0, 1, 700, 7, 50, 2);
  builder.addEdge(1, 0, 700, 7, 50, 2);
  const graph: RoadGraphData = { ...builder.build(), layerId: 'strassen', set: 'graph-1', format: ROAD_GRAPH_FORMAT, createdAt: 1_700_000_000_000 };
  const pointLayer: Layer & { points: object } = {
    id: 'faelle',
    projectId: 'p',
    kind: 'demand',
    name: 'Fälle',
    source: 'faelle.csv',
    importedAt: 1,
    mapping: {},
    points: { set: 'set-1', length: 5, columns: set.columns, keyColumn: null },
  };
  const graphLayer: Layer & { graph: object } = {
    id: 'strassen',
    projectId: 'p',
    kind: 'network',
    name: 'Straßen',
    source: 'netz.osm',
    importedAt: 1,
    mapping: {},
    graph: { set: 'graph-1', nodeCount: 2, edgeCount: 2 },
  };
  snapshot.layers = [pointLayer, graphLayer];
  return { snapshot, set, chunks, graph };
}

export const EXPORTED_AT = Date.UTC(2026, 2, 1);

/** The bytes of a project file for `project`. */
export function writeSmallProject(project = smallProject()): Uint8Array {
  const writer = new ProjectFileWriter(EXPORTED_AT);
  for (const table of Object.keys(project.snapshot) as (keyof ProjectSnapshot)[]) writer.addTable(table, project.snapshot[table] as never[]);
  const index = writer.addPointSet(project.set);
  for (const chunk of project.chunks) writer.addPointChunk(index, chunk);
  writer.addRoadGraph(project.graph);
  return concatBytes(writer.finish(project.snapshot.projects[0]!));
}

/** The entries of a zip archive. */
export function unpack(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

/**
 * A zip of `files`; with `consistent`, the manifest's entry list is rewritten to the files'
 * actual sizes and checksums (a manipulation that only the content checks can catch).
 */
export function repack(files: Record<string, Uint8Array>, options: { editManifest?: (manifest: ProjectFileManifest) => void; consistent?: boolean } = {}): Uint8Array {
  const copy = { ...files };
  const manifest = JSON.parse(new TextDecoder().decode(copy[MANIFEST_ENTRY]!)) as ProjectFileManifest;
  options.editManifest?.(manifest);
  if (options.consistent ?? true) {
    manifest.entries = Object.fromEntries(
      Object.entries(copy)
        .filter(([name]) => name !== MANIFEST_ENTRY)
        .map(([name, data]) => [name, { bytes: data.length, crc32: crc32(data) }]),
    );
  }
  copy[MANIFEST_ENTRY] = new TextEncoder().encode(JSON.stringify(manifest));
  return zipSync(copy);
}

export const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
export const parseEntry = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;
