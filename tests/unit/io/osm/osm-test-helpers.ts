/**
 * Test helpers for the OSM import: a sink that records elements, and a minimal OSM PBF writer
 * (on pbf's PbfWriter and fflate) so the PBF reader can be tested on hand-made content: dense
 * and plain nodes, raw and zlib blobs, required features, damaged files.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PbfWriter } from 'pbf';
import { zlibSync } from 'fflate';
import type { OsmMember, OsmSink, OsmTags } from '../../../../src/io/osm/model';

export type TestElement =
  | { type: 'node'; id: number; lon: number; lat: number; tags: OsmTags | null }
  | { type: 'way'; id: number; refs: number[]; tags: OsmTags | null }
  | { type: 'relation'; id: number; members: OsmMember[]; tags: OsmTags | null };

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../fixtures/osm/${name}`, import.meta.url))));
}

export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

export class RecordingSink implements OsmSink {
  readonly elements: TestElement[] = [];
  node(id: number, lon: number, lat: number, tags: OsmTags | null): void {
    this.elements.push({ type: 'node', id, lon, lat, tags });
  }
  way(id: number, refs: ArrayLike<number>, tags: OsmTags | null): void {
    this.elements.push({ type: 'way', id, refs: Array.from(refs), tags });
  }
  relation(id: number, members: readonly OsmMember[], tags: OsmTags | null): void {
    this.elements.push({ type: 'relation', id, members: members.map((member) => ({ ...member })), tags });
  }
}

export interface EncodeOptions {
  /** DenseNodes (default) or plain Node messages. */
  dense?: boolean;
  compression?: 'zlib' | 'raw';
  requiredFeatures?: string[];
  /** Elements per PrimitiveBlock (default all in one). */
  blockSize?: number;
  /** Put an unknown-type blob between header and data. */
  extraBlob?: boolean;
}

function blob(type: string, payload: Uint8Array, compression: 'zlib' | 'raw'): Uint8Array {
  const blobWriter = new PbfWriter();
  if (compression === 'raw') blobWriter.writeBytesField(1, payload);
  else {
    blobWriter.writeVarintField(2, payload.length);
    blobWriter.writeBytesField(3, zlibSync(payload));
  }
  const blobBytes = blobWriter.finish();
  const headerWriter = new PbfWriter();
  headerWriter.writeStringField(1, type);
  headerWriter.writeVarintField(3, blobBytes.length);
  const header = headerWriter.finish();
  const out = new Uint8Array(4 + header.length + blobBytes.length);
  new DataView(out.buffer).setUint32(0, header.length);
  out.set(header, 4);
  out.set(blobBytes, 4 + header.length);
  return out;
}

function primitiveBlock(elements: TestElement[], dense: boolean): Uint8Array {
  const strings: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const sid = (value: string) => {
    let id = index.get(value);
    if (id === undefined) {
      id = strings.length;
      strings.push(value);
      index.set(value, id);
    }
    return id;
  };
  const keysOf = (tags: OsmTags | null) => Object.keys(tags ?? {}).map(sid);
  const valuesOf = (tags: OsmTags | null) => Object.values(tags ?? {}).map(sid);
  const nodes = elements.filter((element) => element.type === 'node');
  const ways = elements.filter((element) => element.type === 'way');
  const relations = elements.filter((element) => element.type === 'relation');
  const deltas = (values: number[]) => values.map((value, position) => value - (position > 0 ? values[position - 1]! : 0));
  const scaled = (degrees: number) => Math.round(degrees * 1e7);
  // register strings first: the string table must precede nothing in particular, but is written first
  for (const element of elements) {
    keysOf(element.tags);
    valuesOf(element.tags);
    if (element.type === 'relation') element.members.forEach((member) => sid(member.role));
  }
  const writer = new PbfWriter();
  writer.writeMessage(1, (_: null, pbf) => strings.forEach((value) => pbf.writeBytesField(1, new TextEncoder().encode(value))), null);
  if (nodes.length > 0) {
    writer.writeMessage(
      2,
      (_: null, group) => {
        if (dense) {
          group.writeMessage(
            2,
            (__: null, denseWriter) => {
              denseWriter.writePackedSVarint(1, deltas(nodes.map((node) => node.id)));
              denseWriter.writePackedSVarint(8, deltas(nodes.map((node) => scaled(node.lat))));
              denseWriter.writePackedSVarint(9, deltas(nodes.map((node) => scaled(node.lon))));
              if (nodes.some((node) => node.tags)) {
                denseWriter.writePackedVarint(10, nodes.flatMap((node) => [...Object.entries(node.tags ?? {}).flatMap(([key, value]) => [sid(key), sid(value)]), 0]));
              }
            },
            null,
          );
        } else {
          for (const node of nodes) {
            group.writeMessage(
              1,
              (__: null, nodeWriter) => {
                nodeWriter.writeSVarintField(1, node.id);
                nodeWriter.writePackedVarint(2, keysOf(node.tags));
                nodeWriter.writePackedVarint(3, valuesOf(node.tags));
                nodeWriter.writeSVarintField(8, scaled(node.lat));
                nodeWriter.writeSVarintField(9, scaled(node.lon));
              },
              null,
            );
          }
        }
      },
      null,
    );
  }
  if (ways.length > 0) {
    writer.writeMessage(
      2,
      (_: null, group) => {
        for (const way of ways) {
          group.writeMessage(
            3,
            (__: null, wayWriter) => {
              wayWriter.writeVarintField(1, way.id);
              wayWriter.writePackedVarint(2, keysOf(way.tags));
              wayWriter.writePackedVarint(3, valuesOf(way.tags));
              wayWriter.writePackedSVarint(8, deltas(way.refs));
            },
            null,
          );
        }
      },
      null,
    );
  }
  if (relations.length > 0) {
    writer.writeMessage(
      2,
      (_: null, group) => {
        for (const relation of relations) {
          group.writeMessage(
            4,
            (__: null, relationWriter) => {
              relationWriter.writeVarintField(1, relation.id);
              relationWriter.writePackedVarint(2, keysOf(relation.tags));
              relationWriter.writePackedVarint(3, valuesOf(relation.tags));
              relationWriter.writePackedVarint(8, relation.members.map((member) => sid(member.role)));
              relationWriter.writePackedSVarint(9, deltas(relation.members.map((member) => member.ref)));
              relationWriter.writePackedVarint(10, relation.members.map((member) => ['node', 'way', 'relation'].indexOf(member.type)));
            },
            null,
          );
        }
      },
      null,
    );
  }
  return writer.finish();
}

/** Encode elements as an .osm.pbf file. */
export function encodePbf(elements: TestElement[], options: EncodeOptions = {}): Uint8Array {
  const compression = options.compression ?? 'zlib';
  const header = new PbfWriter();
  for (const feature of options.requiredFeatures ?? ['OsmSchema-V0.6', 'DenseNodes']) header.writeStringField(4, feature);
  header.writeStringField(16, 'sozialraum-atlas test');
  const parts = [blob('OSMHeader', header.finish(), compression)];
  if (options.extraBlob) parts.push(blob('SomethingElse', new Uint8Array([1, 2, 3]), 'raw'));
  // nodes, then ways, then relations, as PBF writers order them
  const ordered = ['node', 'way', 'relation'].flatMap((type) => elements.filter((element) => element.type === type));
  const size = options.blockSize ?? ordered.length;
  for (let start = 0; start < ordered.length; start += size) {
    parts.push(blob('OSMData', primitiveBlock(ordered.slice(start, start + size), options.dense ?? true), compression));
  }
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
