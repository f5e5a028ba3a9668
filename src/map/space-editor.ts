/**
 * SpaceEditor: drawing and reshaping social spaces on the map with terra-draw.
 *
 * terra-draw handles the pointer work (placing points, dragging vertices and midpoints,
 * right-click deletion, self-intersection checks). This class adds what the product needs on
 * top of it:
 * - snapping to the vertices and edges of the other spaces and the district outline
 *   (`geo/snap.ts`), while drawing and while dragging;
 * - shared borders: while a vertex of the edited space moves, every drawn neighbour that
 *   shares it moves with it (`geo/topology/shared-edit.ts`), live on the map;
 * - holes and MultiPolygons: terra-draw edits simple polygons, so each ring of the space is
 *   its own terra-draw feature and the space is reassembled from them.
 *
 * Nothing here writes project data: the owner receives the finished polygon, line or set of
 * reshaped geometries and stores them as one undoable change.
 */
import type { Map as MapLibreMap, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, LineString, Polygon, Position } from 'geojson';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
  type TerraDrawMouseEvent,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { AreaGeometry } from '../domain/types';
import { SnapIndex } from '../geo/snap';
import { polygonRings as polygonsOf } from '../geo/rings';
import { propagateEdit } from '../geo/topology/shared-edit';
import { SOURCE_IDS } from './style';

/** terra-draw refuses coordinates with more decimals than this (9 ≈ 0.1 mm). */
const COORDINATE_PRECISION = 9;
/** Snap when the pointer is this close to a vertex or edge. */
export const SNAP_TOLERANCE_PIXELS = 10;
/** A key name no keyboard produces: the owner finishes a drawing through it (see `finish`). */
const FINISH_KEY = 'AtlasFinishDrawing';

const ACCENT = '#0b5c8a';
const HANDLE = '#ffffff';

export interface EditableArea {
  id: string;
  geometry: AreaGeometry;
  color: string;
}

export type EditRequest =
  /** Draw a new polygon; snap to these areas. */
  | { kind: 'draw'; snapTo: readonly AreaGeometry[] }
  /** Draw a line (to split a space along it). */
  | { kind: 'line'; snapTo: readonly AreaGeometry[] }
  /**
   * Reshape `space`. `neighbours` follow its shared borders; `fixed` areas only attract the
   * pointer (e.g. spaces built from base units, the district outline).
   */
  | { kind: 'reshape'; space: EditableArea; neighbours: readonly EditableArea[]; fixed: readonly AreaGeometry[] };

export interface EditCallbacks {
  onPolygon(polygon: Polygon): void;
  onLine(line: LineString): void;
  /** Reshape finished: new geometries of the edited space and of the neighbours that moved. */
  onReshape(geometries: Map<string, AreaGeometry>): void;
  /** Ids of spaces whose normal rendering must be hidden while the editor draws them. */
  onHiddenSpacesChange(ids: string[]): void;
}

interface RingRef {
  part: number;
  ring: number;
}

const round = (value: number) => Number(value.toFixed(COORDINATE_PRECISION));
const keyOf = (position: Position) => `${round(position[0]!)},${round(position[1]!)}`;

/** Metres per CSS pixel at a latitude and zoom (MapLibre's 512-pixel world). */
export function metersPerPixel(latitude: number, zoom: number): number {
  return (40_075_016.686 * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

export class SpaceEditor {
  readonly #map: MapLibreMap;
  readonly #callbacks: EditCallbacks;
  readonly #draw: TerraDraw;
  #request: EditRequest | null = null;
  #snapIndexes: SnapIndex[] = [];
  /** Reshape session state. */
  #rings = new Map<string, RingRef>();
  #ringCount: number[] = [];
  #originalByKey = new Map<string, Position>();
  #current: AreaGeometry | null = null;
  #neighbours = new Map<string, EditableArea>();
  #nextId = 0;
  #lastPointer: { lng: number; lat: number } | null = null;

  constructor(map: MapLibreMap, callbacks: EditCallbacks) {
    this.#map = map;
    this.#callbacks = callbacks;
    const snapping = { toCustom: this.#snap };
    this.#draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'atlas-draw', coordinatePrecision: COORDINATE_PRECISION }),
      idStrategy: { isValidId: (id) => typeof id === 'string', getId: () => `atlas-draw-${this.#nextId++}` },
      modes: [
        new TerraDrawPolygonMode({
          snapping,
          keyEvents: { cancel: null, finish: FINISH_KEY },
          pointerDistance: 12,
          styles: {
            fillColor: ACCENT,
            fillOpacity: 0.25,
            outlineColor: ACCENT,
            outlineWidth: 3,
            closingPointColor: HANDLE,
            closingPointOutlineColor: ACCENT,
            closingPointWidth: 7,
            closingPointOutlineWidth: 3,
            snappingPointColor: '#E69F00',
            snappingPointOutlineColor: '#1f2933',
            snappingPointWidth: 7,
            snappingPointOutlineWidth: 2,
          },
        }),
        new TerraDrawLineStringMode({
          snapping,
          keyEvents: { cancel: null, finish: FINISH_KEY },
          pointerDistance: 12,
          styles: {
            lineStringColor: '#1f2933',
            lineStringWidth: 3,
            closingPointColor: HANDLE,
            closingPointOutlineColor: '#1f2933',
            closingPointWidth: 6,
            closingPointOutlineWidth: 2,
            snappingPointColor: '#E69F00',
            snappingPointOutlineColor: '#1f2933',
            snappingPointWidth: 7,
            snappingPointOutlineWidth: 2,
          },
        }),
        new TerraDrawSelectMode({
          keyEvents: null,
          allowManualDeselection: false,
          pointerDistance: 12,
          flags: {
            polygon: {
              feature: {
                draggable: false,
                validation: (feature) => ValidateNotSelfIntersecting(feature),
                coordinates: { draggable: true, midpoints: { draggable: true }, deletable: true, snappable: snapping },
              },
            },
          },
          styles: {
            selectedPolygonColor: ACCENT,
            selectedPolygonFillOpacity: 0.25,
            selectedPolygonOutlineColor: ACCENT,
            selectedPolygonOutlineWidth: 3,
            selectionPointColor: HANDLE,
            selectionPointOutlineColor: ACCENT,
            selectionPointWidth: 5,
            selectionPointOutlineWidth: 2,
            midPointColor: ACCENT,
            midPointOutlineColor: HANDLE,
            midPointWidth: 3,
            midPointOutlineWidth: 1,
          },
        }),
      ],
    });
    this.#draw.start();
    this.#draw.on('finish', (id, context) => this.#onFinish(String(id), context.mode, context.action));
    this.#draw.on('change', (ids, type) => {
      if (type === 'update' && this.#request?.kind === 'reshape') this.#onReshapeChange(ids.map(String));
    });
    map.getCanvas().addEventListener('pointermove', this.#trackPointer);
  }

  get active(): EditRequest['kind'] | null {
    return this.#request?.kind ?? null;
  }

  /** Start a drawing or reshaping session, ending any running one without saving. */
  start(request: EditRequest): void {
    this.cancel();
    this.#request = request;
    if (request.kind === 'draw' || request.kind === 'line') {
      this.#snapIndexes = [new SnapIndex(request.snapTo)];
      this.#draw.setMode(request.kind === 'draw' ? 'polygon' : 'linestring');
      return;
    }
    this.#startReshape(request);
  }

  /**
   * Finish the running session (the Enter key): a drawing with enough points is closed and
   * reported; a reshape reports the new geometries.
   */
  finish(): void {
    const request = this.#request;
    if (!request) return;
    if (request.kind === 'reshape') {
      const result = this.#reshapeResult();
      this.#end();
      this.#callbacks.onReshape(result);
      return;
    }
    // terra-draw closes the drawing itself on its finish key; `#onFinish` reports it.
    this.#map.getCanvas().dispatchEvent(new KeyboardEvent('keyup', { key: FINISH_KEY }));
  }

  /** End the session without saving (the Escape key). */
  cancel(): void {
    if (!this.#request) return;
    this.#end();
  }

  /**
   * Remove the vertex under the pointer from the edited space (the Delete key), also from the
   * neighbours that share it. Returns whether a vertex was removed.
   */
  deleteVertexUnderPointer(): boolean {
    if (this.#request?.kind !== 'reshape' || !this.#lastPointer || !this.#current) return false;
    const pointer = this.#map.project([this.#lastPointer.lng, this.#lastPointer.lat]);
    let best: { id: string; index: number; distance: number } | null = null;
    for (const [id] of this.#rings) {
      const feature = this.#draw.getSnapshotFeature(id);
      if (!feature || feature.geometry.type !== 'Polygon') continue;
      const ring = feature.geometry.coordinates[0]!;
      for (let index = 0; index + 1 < ring.length; index++) {
        const point = this.#map.project([ring[index]![0]!, ring[index]![1]!]);
        const distance = Math.hypot(point.x - pointer.x, point.y - pointer.y);
        if (distance <= 12 && (!best || distance < best.distance)) best = { id, index, distance };
      }
    }
    if (!best) return false;
    const feature = this.#draw.getSnapshotFeature(best.id)!;
    const ring = (feature.geometry as Polygon).coordinates[0]!.slice(0, -1);
    if (ring.length <= 3) return false;
    ring.splice(best.index, 1);
    this.#draw.updateFeatureGeometry(best.id, { type: 'Polygon', coordinates: [[...ring, ring[0]!]] });
    this.#onReshapeChange([best.id]);
    return true;
  }

  destroy(): void {
    this.cancel();
    this.#map.getCanvas().removeEventListener('pointermove', this.#trackPointer);
    this.#draw.stop();
  }

  #trackPointer = (event: PointerEvent) => {
    const rect = this.#map.getCanvas().getBoundingClientRect();
    const lngLat = this.#map.unproject([event.clientX - rect.left, event.clientY - rect.top]);
    this.#lastPointer = { lng: lngLat.lng, lat: lngLat.lat };
  };

  #snap: SnapToCustom = (event: TerraDrawMouseEvent) => {
    const tolerance = SNAP_TOLERANCE_PIXELS * metersPerPixel(event.lat, this.#map.getZoom());
    let best: { position: Position; distance: number } | null = null;
    const scale = Math.cos((event.lat * Math.PI) / 180);
    for (const index of this.#snapIndexes) {
      const hit = index.snap(event.lng, event.lat, tolerance);
      if (!hit) continue;
      // Vertices win over edges; between indexes the closer hit wins.
      const distance =
        Math.hypot((hit.position[0] - event.lng) * scale, hit.position[1] - event.lat) - (hit.kind === 'vertex' ? 1 : 0);
      if (!best || distance < best.distance) best = { position: hit.position, distance };
    }
    return best ? [round(best.position[0]!), round(best.position[1]!)] : undefined;
  };

  #startReshape(request: Extract<EditRequest, { kind: 'reshape' }>): void {
    this.#current = request.space.geometry;
    this.#neighbours = new Map(request.neighbours.map((neighbour) => [neighbour.id, neighbour]));
    this.#snapIndexes = [new SnapIndex(request.fixed), new SnapIndex(request.neighbours.map((neighbour) => neighbour.geometry))];
    this.#originalByKey = new Map();
    this.#rings = new Map();
    this.#ringCount = [];
    const features: GeoJSONStoreFeatures[] = [];
    polygonsOf(request.space.geometry).forEach((polygon, part) => {
      this.#ringCount[part] = polygon.length;
      polygon.forEach((ring, ringIndex) => {
        for (const position of ring) this.#originalByKey.set(keyOf(position), position);
        const id = `atlas-draw-${this.#nextId++}`;
        this.#rings.set(id, { part, ring: ringIndex });
        features.push({
          id,
          type: 'Feature',
          properties: { mode: 'polygon' },
          geometry: { type: 'Polygon', coordinates: [ring.map((position) => [round(position[0]!), round(position[1]!)])] },
        });
      });
    });
    this.#draw.setMode('select');
    const results = this.#draw.addFeatures(features);
    const rejected = results.filter((result) => !result.valid);
    if (rejected.length > 0) {
      this.#end();
      throw new Error(`The space cannot be edited: ${rejected.map((result) => result.reason).join(', ')}`);
    }
    // The outer ring of the first part is selected; the others are selectable by click.
    const first = [...this.#rings.keys()][0];
    if (first) this.#draw.selectFeature(first);
    this.#callbacks.onHiddenSpacesChange([request.space.id, ...this.#neighbours.keys()]);
    this.#showNeighbours();
  }

  /** The space as it is now, reassembled from its ring features (unchanged vertices exact). */
  #assemble(): AreaGeometry | null {
    const parts: Position[][][] = this.#ringCount.map((count) => new Array<Position[]>(count));
    for (const [id, ref] of this.#rings) {
      const feature = this.#draw.getSnapshotFeature(id);
      if (!feature || feature.geometry.type !== 'Polygon') return null;
      parts[ref.part]![ref.ring] = feature.geometry.coordinates[0]!.map((position) => this.#originalByKey.get(keyOf(position)) ?? position);
    }
    return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts };
  }

  #onReshapeChange(ids: string[]): void {
    if (!ids.some((id) => this.#rings.has(id)) || !this.#current) return;
    const next = this.#assemble();
    if (!next) return;
    const moved = propagateEdit(
      this.#current,
      next,
      [...this.#neighbours.values()].map((neighbour) => ({ id: neighbour.id, geometry: neighbour.geometry })),
    );
    for (const [id, geometry] of moved) {
      const neighbour = this.#neighbours.get(id);
      if (neighbour) this.#neighbours.set(id, { ...neighbour, geometry });
    }
    this.#current = next;
    if (moved.size > 0) this.#showNeighbours();
  }

  #reshapeResult(): Map<string, AreaGeometry> {
    const request = this.#request;
    const result = new Map<string, AreaGeometry>();
    if (request?.kind !== 'reshape' || !this.#current) return result;
    const current = this.#assemble() ?? this.#current;
    if (JSON.stringify(current) !== JSON.stringify(request.space.geometry)) result.set(request.space.id, current);
    for (const original of request.neighbours) {
      const now = this.#neighbours.get(original.id);
      if (now && now.geometry !== original.geometry) result.set(original.id, now.geometry);
    }
    return result;
  }

  #showNeighbours(): void {
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: [...this.#neighbours.values()].map((neighbour) => ({
        type: 'Feature',
        properties: { id: neighbour.id, color: neighbour.color },
        geometry: neighbour.geometry,
      })),
    };
    this.#map.getSource<GeoJSONSource>(SOURCE_IDS.edit)?.setData(data);
  }

  #onFinish(id: string, mode: string, action: string): void {
    const request = this.#request;
    if (!request || action !== 'draw') return;
    const feature = this.#draw.getSnapshotFeature(id);
    if (!feature) return;
    if (request.kind === 'draw' && mode === 'polygon' && feature.geometry.type === 'Polygon') {
      const polygon: Polygon = { type: 'Polygon', coordinates: feature.geometry.coordinates };
      this.#end();
      this.#callbacks.onPolygon(polygon);
    } else if (request.kind === 'line' && mode === 'linestring' && feature.geometry.type === 'LineString') {
      const line: LineString = { type: 'LineString', coordinates: feature.geometry.coordinates };
      this.#end();
      this.#callbacks.onLine(line);
    }
  }

  #end(): void {
    const wasReshape = this.#request?.kind === 'reshape';
    this.#request = null;
    this.#draw.setMode('static');
    this.#draw.clear();
    this.#snapIndexes = [];
    this.#rings.clear();
    this.#current = null;
    this.#neighbours.clear();
    if (wasReshape) {
      this.#map.getSource<GeoJSONSource>(SOURCE_IDS.edit)?.setData({ type: 'FeatureCollection', features: [] });
      this.#callbacks.onHiddenSpacesChange([]);
    }
  }
}
