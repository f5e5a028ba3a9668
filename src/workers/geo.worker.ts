/**
 * Worker for geometry and file work (dissolve, validation, vector import), exposed with
 * comlink as a plain object. It only forwards to the pure functions of geo/ and io/.
 */
import * as Comlink from 'comlink';
import { dissolveGroups } from '../geo/coverage-dissolve';
import { assignPoints, type AreaToAssign } from '../geo/assign-points';
import { validateCoverage, type TopologyProblem, type ValidateCoverageInput } from '../geo/topology/validate';
import { compareVariants, type CompareVariantsInput } from '../geo/variant-diff';
import {
  clipToOutline,
  fixGapByNeighbour,
  fixOverlapByCutting,
  fixSliverByNeighbour,
  repairSelfIntersection,
} from '../geo/topology/fix';
import { fitDrawnArea } from '../geo/drawn-area';
import { assignUnitsToPieces, splitArea } from '../geo/split';
import { mergeAreas } from '../geo/merge';
import type { Polygon, Position } from 'geojson';
import { tryReadVectorFile, type VectorImportOptions } from '../io/vector-import';
import { tryReadAssignmentTable, type AssignmentTableOptions } from '../io/assignment-table';
import type { AreaGeometry, SocialSpace, Unit } from '../domain/types';
import { spacesToGeoJson, spacesToShapefileZip, unitAssignmentCsv } from '../io/vector-export';

export type ExportFormat = 'geojson' | 'shapefile-25832' | 'shapefile-25833' | 'assignment-csv';

const lib = {
  /** The index of the area holding each point (-1 outside all), as `geo/assign-points` answers it. */
  assignPoints(lon: Float64Array, lat: Float64Array, areas: AreaToAssign[]): Int32Array {
    const spaces = assignPoints(lon, lat, areas);
    return Comlink.transfer(spaces, [spaces.buffer]);
  },

  dissolveGroups(units: { id: string; geometry: AreaGeometry }[], groups: Map<string, string[]>): Map<string, AreaGeometry | null> {
    return dissolveGroups(units, groups);
  },

  validateCoverage(input: ValidateCoverageInput) {
    return validateCoverage(input);
  },

  /** Unit flows and moved areas between two variants. */
  compareVariants(input: CompareVariantsInput) {
    return compareVariants(input);
  },

  fitDrawnArea(drawn: Polygon, others: AreaGeometry[], outline: AreaGeometry | null) {
    return fitDrawnArea(drawn, others, outline);
  },

  splitArea(area: AreaGeometry, line: Position[]) {
    return splitArea(area, line);
  },

  assignUnitsToPieces(pieces: AreaGeometry[], units: { id: string; geometry: AreaGeometry }[]) {
    return assignUnitsToPieces(pieces, units);
  },

  mergeAreas(areas: AreaGeometry[]) {
    return mergeAreas(areas);
  },

  /** Spaces as a file: GeoJSON (WGS84), zipped Shapefile (UTM) or the unit → space table. */
  exportSpaces(format: ExportFormat, spaces: SocialSpace[], units: Unit[]): string | Uint8Array {
    switch (format) {
      case 'geojson':
        return spacesToGeoJson(spaces);
      case 'shapefile-25832':
        return spacesToShapefileZip(spaces, 'EPSG:25832');
      case 'shapefile-25833':
        return spacesToShapefileZip(spaces, 'EPSG:25833');
      case 'assignment-csv':
        return unitAssignmentCsv(units, spaces);
    }
  },

  /** The safe geometric fix of one problem: new geometries of the spaces it changes. */
  fixProblem(
    problem: TopologyProblem,
    spaces: { id: string; geometry: AreaGeometry }[],
    outline: AreaGeometry | null,
  ): Map<string, AreaGeometry> {
    switch (problem.kind) {
      case 'gap':
        return fixGapByNeighbour(problem, spaces);
      case 'overlap':
        return fixOverlapByCutting(problem, spaces, problem.spaceIds[0]!);
      case 'sliver':
        return fixSliverByNeighbour(problem, spaces);
      case 'outside': {
        const space = spaces.find((candidate) => candidate.id === problem.spaceIds[0]);
        return space && outline ? clipToOutline(space, outline) : new Map();
      }
      case 'self-intersection': {
        const space = spaces.find((candidate) => candidate.id === problem.spaceIds[0]);
        const repaired = space ? repairSelfIntersection(space.geometry) : null;
        return space && repaired?.geometry ? new Map([[space.id, repaired.geometry]]) : new Map();
      }
    }
  },

  /**
   * Read a GeoJSON / zipped Shapefile / KML file; failures come back as data (codes survive).
   * `onProgress` is a comlink proxy, so it is a top-level argument.
   */
  readVectorFile(fileName: string, bytes: ArrayBuffer, options: Pick<VectorImportOptions, 'crs'>, onProgress?: (fraction: number) => void) {
    return tryReadVectorFile(fileName, bytes, { ...options, onProgress: onProgress ? (fraction) => void onProgress(fraction) : undefined });
  },

  /** Read a key → space table (CSV) and match it against units and spaces; failures as data. */
  readAssignmentTable(
    fileName: string,
    bytes: ArrayBuffer,
    units: { id: string; key: string }[],
    spaces: { id: string; code: string; name: string }[],
    options: AssignmentTableOptions,
  ) {
    return tryReadAssignmentTable(fileName, bytes, units, spaces, options);
  },
};

export type GeoWorker = typeof lib;

Comlink.expose(lib);
