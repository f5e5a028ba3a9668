/**
 * Snapping while drawing and editing: the nearest vertex, else the nearest point on an edge, of
 * a set of areas (the other spaces, the district outline), within a tolerance in metres.
 *
 * All edges go into one flatbush index (their boxes); each vertex is the start of one edge, so
 * the same search finds the vertices. A query searches the box of the tolerance around the
 * pointer and measures candidates in a local equirectangular frame at the pointer (longitudes scaled by cos(latitude)), which is
 * accurate to well under a percent at the few metres snapping works with. Vertices win over
 * edges: an edge point is only returned when no vertex lies within the tolerance. An edge point
 * is computed as a + t·(b − a) on the original edge, so a line snapped there lies on it.
 *
 * Pure: the areas are read once in the constructor and not kept.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { AreaGeometry } from '../domain/types';
import { openLength, polygonRings as polygonsOf } from './rings';

/** Metres per degree of latitude (and of longitude at the equator), as in Web Mercator. */
export const METERS_PER_DEGREE = 111_319.49;

export interface SnapHit {
  position: [number, number];
  kind: 'vertex' | 'edge';
}


export class SnapIndex {
  /** Edges as [ax, ay, bx, by, …]; every vertex is the start of one edge. */
  readonly #edges: Float64Array;
  /** Which area (index into the constructor's list) each edge belongs to. */
  readonly #edgeArea: Uint32Array;
  readonly #index: Flatbush | null;

  /** Indexes the vertices and edges of `areas` (spaces, outline — any mix of sources). */
  constructor(areas: readonly AreaGeometry[]) {
    let edgeCount = 0;
    for (const area of areas) {
      for (const rings of polygonsOf(area)) for (const ring of rings) edgeCount += openLength(ring);
    }
    const edges = new Float64Array(4 * edgeCount);
    const edgeArea = new Uint32Array(edgeCount);
    const index = edgeCount > 0 ? new Flatbush(edgeCount) : null;
    let edge = 0;
    for (let areaIndex = 0; areaIndex < areas.length; areaIndex++) {
      for (const rings of polygonsOf(areas[areaIndex]!)) {
        for (const ring of rings) {
          const count = openLength(ring);
          for (let vertex = 0; vertex < count; vertex++) {
            const x = ring[vertex]![0]!;
            const y = ring[vertex]![1]!;
            // A ring of one position gives one edge of length zero: its vertex still snaps.
            const next = ring[vertex + 1 < count ? vertex + 1 : 0]!;
            const nx = next[0]!;
            const ny = next[1]!;
            const offset = 4 * edge;
            edges[offset] = x;
            edges[offset + 1] = y;
            edges[offset + 2] = nx;
            edges[offset + 3] = ny;
            edgeArea[edge] = areaIndex;
            index!.add(x < nx ? x : nx, y < ny ? y : ny, x < nx ? nx : x, y < ny ? ny : y);
            edge++;
          }
        }
      }
    }
    index?.finish();
    this.#edges = edges;
    this.#edgeArea = edgeArea;
    this.#index = index;
  }

  /** Number of indexed vertices (shared vertices count once per area). */
  get vertexCount(): number {
    return this.#edgeArea.length;
  }

  /**
   * The nearest vertex within `toleranceMeters` of (lng, lat), else the nearest point on an
   * edge within it, else null. `exclude` holds indices (into the constructor's list) of areas
   * not to snap to.
   */
  snap(lng: number, lat: number, toleranceMeters: number, exclude?: ReadonlySet<number>): SnapHit | null {
    if (!this.#index || !(toleranceMeters > 0) || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    const xScale = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6) * METERS_PER_DEGREE;
    const yScale = METERS_PER_DEGREE;
    const dLon = toleranceMeters / xScale;
    const dLat = toleranceMeters / yScale;
    const toleranceSquared = toleranceMeters * toleranceMeters;
    const skip = exclude && exclude.size > 0 ? exclude : null;
    const edges = this.#edges;
    const edgeArea = this.#edgeArea;

    let bestVertexX = 0;
    let bestVertexY = 0;
    let bestVertexDistance = Infinity;
    let bestEdge = -1;
    let bestT = 0;
    let bestEdgeDistance = Infinity;
    // A vertex inside the search box is the start of an edge whose box meets it, so one search
    // finds both. The work happens in the filter, which keeps nothing (no result list).
    this.#index.search(lng - dLon, lat - dLat, lng + dLon, lat + dLat, (edge) => {
      if (skip?.has(edgeArea[edge]!)) return false;
      // Local metric frame with the pointer at the origin.
      const ax = (edges[4 * edge]! - lng) * xScale;
      const ay = (edges[4 * edge + 1]! - lat) * yScale;
      const vertexDistance = ax * ax + ay * ay;
      if (vertexDistance < bestVertexDistance) {
        bestVertexDistance = vertexDistance;
        bestVertexX = edges[4 * edge]!;
        bestVertexY = edges[4 * edge + 1]!;
      }
      const dx = (edges[4 * edge + 2]! - lng) * xScale - ax;
      const dy = (edges[4 * edge + 3]! - lat) * yScale - ay;
      const lengthSquared = dx * dx + dy * dy;
      let t = lengthSquared === 0 ? 0 : -(ax * dx + ay * dy) / lengthSquared;
      if (t < 0) t = 0;
      else if (t > 1) t = 1;
      const cx = ax + t * dx;
      const cy = ay + t * dy;
      const edgeDistance = cx * cx + cy * cy;
      if (edgeDistance < bestEdgeDistance) {
        bestEdgeDistance = edgeDistance;
        bestEdge = edge;
        bestT = t;
      }
      return false;
    });
    if (bestVertexDistance <= toleranceSquared) return { position: [bestVertexX, bestVertexY], kind: 'vertex' };
    if (bestEdge === -1 || bestEdgeDistance > toleranceSquared) return null;
    const ax = edges[4 * bestEdge]!;
    const ay = edges[4 * bestEdge + 1]!;
    return {
      position: [ax + bestT * (edges[4 * bestEdge + 2]! - ax), ay + bestT * (edges[4 * bestEdge + 3]! - ay)],
      kind: 'edge',
    };
  }
}
