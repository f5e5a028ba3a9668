/**
 * Worker for geometry and file work (dissolve, validation, vector import), exposed with
 * comlink as a plain object. It only forwards to the pure functions of geo/ and io/.
 */
import * as Comlink from 'comlink';
import { dissolvePolygons } from '../geo/dissolve';
import { tryReadVectorFile, type VectorImportOptions } from '../io/vector-import';
import type { AreaGeometry } from '../domain/types';

const lib = {
  async dissolveGroups(
    units: { id: string; geometry: AreaGeometry }[],
    groups: Map<string, string[]>,
  ): Promise<Map<string, AreaGeometry | null>> {
    const byId = new Map(units.map((unit) => [unit.id, unit.geometry]));
    const result = new Map<string, AreaGeometry | null>();
    for (const [groupId, unitIds] of groups) {
      const geometries = unitIds.map((id) => byId.get(id)).filter((geometry): geometry is AreaGeometry => !!geometry);
      result.set(groupId, geometries.length > 0 ? dissolvePolygons(geometries) : null);
    }
    return result;
  },

  /**
   * Read a GeoJSON / zipped Shapefile / KML file; failures come back as data (codes survive).
   * `onProgress` is a comlink proxy, so it is a top-level argument.
   */
  readVectorFile(fileName: string, bytes: ArrayBuffer, options: Pick<VectorImportOptions, 'crs'>, onProgress?: (fraction: number) => void) {
    return tryReadVectorFile(fileName, bytes, { ...options, onProgress: onProgress ? (fraction) => void onProgress(fraction) : undefined });
  },
};

export type GeoWorker = typeof lib;

Comlink.expose(lib);
