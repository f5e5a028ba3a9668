/**
 * Worker for OpenStreetMap files (.osm.pbf, .osm, .osm.gz, Overpass GeoJSON/JSON), exposed with
 * comlink. It only forwards to io/osm. The input bytes come in transferred; the routing graph's
 * typed arrays go out transferred (no copy). Cancelling is terminating the worker (see
 * `osmWorkers` in ./osm.ts); failures come back as data so their codes survive.
 */
import * as Comlink from 'comlink';
import { graphBuffers } from '../io/osm/graph';
import { tryReadOsmFile, type OsmImportOptions } from '../io/osm/read';

/** What can be passed to the worker: everything but the callbacks and the signal. */
export type OsmWorkerOptions = Omit<OsmImportOptions, 'onProgress' | 'signal'>;

export const osmWorkerApi = {
  /**
   * Read an OSM file. `onProgress` (a comlink proxy, so a top-level argument) gets 0…1, at
   * most once per percent.
   */
  readOsmFile(fileName: string, bytes: ArrayBuffer, options: OsmWorkerOptions = {}, onProgress?: (fraction: number) => void) {
    let reported = -1;
    const progress = onProgress
      ? (fraction: number) => {
          const percent = Math.floor(fraction * 100);
          if (percent > reported) {
            reported = percent;
            void onProgress(fraction);
          }
        }
      : undefined;
    const outcome = tryReadOsmFile(fileName, bytes, { ...options, onProgress: progress });
    return outcome.ok ? Comlink.transfer(outcome, graphBuffers(outcome.result.network.graph)) : outcome;
  },
};

export type OsmWorker = typeof osmWorkerApi;

// Expose only inside a worker (tests import the API object directly).
if (typeof WorkerGlobalScope !== 'undefined') Comlink.expose(osmWorkerApi);
