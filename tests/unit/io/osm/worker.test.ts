/**
 * The OSM worker's API through comlink over a MessageChannel (as between page and worker):
 * bytes go in transferred, progress comes back through a proxy, the graph's typed arrays come
 * out transferred, failures come back as data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { osmWorkerApi, type OsmWorker } from '../../../../src/workers/osm.worker';
import { fixture } from './osm-test-helpers';

const channels: MessageChannel[] = [];

function connect(): Comlink.Remote<OsmWorker> {
  const channel = new MessageChannel();
  channels.push(channel);
  Comlink.expose(osmWorkerApi, channel.port1);
  return Comlink.wrap<OsmWorker>(channel.port2);
}

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('OSM worker', () => {
  it('reads a transferred file with progress and returns the graph as typed arrays', async () => {
    const remote = connect();
    const bytes = bufferOf(fixture('roads.osm'));
    const fractions: number[] = [];
    const outcome = await remote.readOsmFile(
      'roads.osm',
      Comlink.transfer(bytes, [bytes]),
      { projectId: 'p1' },
      Comlink.proxy((fraction: number) => void fractions.push(fraction)),
    );
    expect(bytes.byteLength).toBe(0); // transferred, not copied
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const graph = outcome.result.network.graph;
    expect(graph.nodeCount).toBe(22);
    expect(graph.lon).toBeInstanceOf(Float64Array);
    expect(graph.offsets).toBeInstanceOf(Uint32Array);
    expect(graph.modes).toBeInstanceOf(Uint8Array);
    expect(outcome.result.network.features).toHaveLength(17);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fractions.at(-1)).toBe(1);
  });

  it('returns a file it cannot read as an error with a code', async () => {
    const remote = connect();
    const bytes = bufferOf(new TextEncoder().encode('<kml/>'));
    const outcome = await remote.readOsmFile('places.kml', bytes);
    expect(outcome).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'xml-invalid', fileName: 'places.kml' }),
    });
  });
});
