/**
 * MapView: the only class that talks to MapLibre. It receives state (basemap, source data,
 * selection) and applies differences: data are set only when their identity changed.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSON } from 'geojson';
import type { BBox } from '../geo/bbox';
import type { Basemap } from './basemaps';
import {
  buildStyle,
  mergeOverlayIntoStyle,
  SPACE_FILL_LAYER_ID,
  SPACE_SELECTED_LAYER_ID,
  SPACE_HOVERED_LAYER_ID,
  NO_VALUE_HATCH_IMAGE_ID,
  RESOURCE_TILE_LAYER_IDS,
  SPACE_SHAPE_LAYER_IDS,
  UNIT_FILL_LAYER_ID,
  POINT_TILE_PROTOCOL,
  POINT_CIRCLE_LAYER_ID,
  POINT_CLUSTER_LAYER_ID,
  POINT_CLUSTER_COUNT_LAYER_ID,
  RESOURCE_CIRCLE_LAYER_ID,
  SOURCE_IDS,
  categoryColour,
  clusterTextIsDark,
  demandClusterFilter,
  DEMAND_CLUSTER_LAYER_ID,
  DEMAND_CLUSTER_COUNT_LAYER_ID,
  pointTileUrl,
} from './style';
import { CATEGORY_IMAGE_PREFIX, categoryImage } from './category-images';
import { DEFAULT_CATEGORIES, type CategoryDefinition } from '../domain/categories';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../domain/suppression';
import { SpaceEditor, type EditCallbacks, type EditRequest } from './space-editor';
import { hatchImage } from './compare-style';
import { SLIDE_ZOOM_RANGES, slideLabelSize, styleLayerVisible, themeOverrides, type MapDrawing, type SlideTheme } from './present-style';
import type { SlideCamera } from '../domain/types';
import { SLIDE_LAYERS } from '../domain/slides';

maplibregl.setWorkerUrl(workerUrl);

export interface MapViewMessages {
  zoomIn: string;
  zoomOut: string;
  onlineTilesFailed: string;
}

export interface MapViewOptions {
  container: HTMLElement;
  basemap: Basemap;
  messages: MapViewMessages;
  /**
   * Vector tile bytes of the imported points (clusters and single points), null for an empty
   * tile. Slide maps pass none: they never draw the point tiles.
   */
  pointTile?: (z: number, x: number, y: number) => Promise<Uint8Array | null>;
  /**
   * A slide's map (presentation, export): no zoom buttons, no point tiles, only the layers the
   * slide shows (`draw`), in the projector or print theme (`viewportHeight` sizes the projector
   * type).
   */
  slide?: { theme: SlideTheme; viewportHeight: number };
  /** Device pixels per CSS pixel (export at 300 dpi: 3.125); default the screen's. */
  pixelRatio?: number;
  /** A resource point was clicked: its layer and its number in the resource tiles. */
  onResourceClick?: (layerId: string, pointId: number) => void;
  /** The draggable highlight (a resource being edited) was dragged; `done` on release. */
  onHighlightDrag?: (id: string, lngLat: [number, number], done: boolean) => void;
  /** A click on the map while a place is being picked; returns true when it took the click. */
  onPlacePick?: (lngLat: [number, number]) => boolean;
  /** The pointer moved onto a resource point (or off, with nulls). */
  onResourceHover?: (layerId: string | null, pointId: number | null) => void;
  /**
   * Called with the id of the clicked social space, or null for a click elsewhere; `additive`
   * when Ctrl/Cmd/Shift was held (add to or remove from the selection).
   */
  onSpaceClick?: (spaceId: string | null, additive: boolean) => void;
  /** The space under the pointer changed (null: none). */
  onSpaceHover?: (spaceId: string | null) => void;
  /** In assign mode: a base unit was clicked. */
  onUnitClick?: (unitId: string) => void;
  /** In assign mode: units inside a Shift-dragged box. */
  onUnitsBoxSelect?: (unitIds: string[]) => void;
  onError: (message: string) => void;
}

/** `data-map-state` on the container: "loading" until the map is idle, then "idle". */
export type MapState = 'loading' | 'idle';

/** Answers the point-tile protocol; set by the current MapView (one map per page). */
let pointTileProvider: ((z: number, x: number, y: number) => Promise<Uint8Array | null>) | null = null;
let pointProtocolAdded = false;

function addPointProtocol(): void {
  if (pointProtocolAdded) return;
  pointProtocolAdded = true;
  maplibregl.addProtocol(POINT_TILE_PROTOCOL, async (request) => {
    const match = /:\/\/(\d+)\/(\d+)\/(\d+)/.exec(request.url);
    const bytes = match && pointTileProvider ? await pointTileProvider(Number(match[1]), Number(match[2]), Number(match[3])) : null;
    // An empty buffer is an empty tile.
    if (!bytes) return { data: new ArrayBuffer(0) };
    return { data: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer };
  });
}

export class MapView {
  readonly #map: maplibregl.Map;
  readonly #container: HTMLElement;
  readonly #options: MapViewOptions;
  readonly #desiredData = new Map<string, GeoJSON | string>();
  readonly #appliedData = new Map<string, GeoJSON | string>();
  #styleReady = false;
  #selectedSpaceIds: readonly string[] = [];
  #hiddenSpaceIds: readonly string[] = [];
  #editor: SpaceEditor | null = null;
  #basemap: Basemap;
  #onlineErrorReported = false;
  #assignMode = false;
  #boxStart: maplibregl.Point | null = null;
  #boxElement: HTMLDivElement | null = null;
  #attribution: maplibregl.AttributionControl;
  #dataAttribution = '';
  #pointVersion = 0;
  #hoveredPoint: string | null = null;
  #picking = false;
  #categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES;
  #choropleth = false;
  #demandHexagons = false;
  #spacesFaded = false;
  #hoveredSpaceFromMap: string | null = null;
  #hoveredSpace: string | null = null;
  #threshold = DEFAULT_SUPPRESSION_THRESHOLD;
  #appliedCategories: readonly CategoryDefinition[] | null = null;
  #draggableId: string | null = null;
  #dragging: string | null = null;
  /** The layers a slide map shows (null: an editing map, every layer as the app sets it). */
  #slideLayers: MapDrawing['layers'] | null = null;
  #slideTheme: { theme: SlideTheme; viewportHeight: number } | null;

  constructor(options: MapViewOptions) {
    this.#options = options;
    this.#slideTheme = options.slide ?? null;
    if (options.pointTile) pointTileProvider = options.pointTile;
    addPointProtocol();
    this.#container = options.container;
    this.#basemap = options.basemap;
    this.#setState('loading');
    this.#map = new maplibregl.Map({
      container: options.container,
      style: options.basemap.kind === 'style-url' ? { version: 8, sources: {}, layers: [] } : buildStyle(options.basemap),
      center: [10.0, 51.0],
      zoom: 9,
      attributionControl: false,
      // Kept so the canvas can be read after rendering (slide export, thumbnails, tests).
      canvasContextAttributes: { preserveDrawingBuffer: true },
      ...(options.pixelRatio ? { pixelRatio: options.pixelRatio } : {}),
      // An A3 page at 300 dpi needs a map canvas of about 4,700 × 3,000 device pixels.
      maxCanvasSize: [8192, 8192],
      fadeDuration: options.slide ? 0 : 300,
      locale: {
        'NavigationControl.ZoomIn': options.messages.zoomIn,
        'NavigationControl.ZoomOut': options.messages.zoomOut,
      },
    });
    this.#attribution = new maplibregl.AttributionControl({ compact: false });
    this.#map.addControl(this.#attribution);
    if (!options.slide) this.#map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.#map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: options.slide ? 240 : 160 }), 'bottom-left');
    this.#map.on('style.load', () => {
      this.#styleReady = true;
      for (const hatch of [hatchImage(), hatchImage('#8a8a8a', 12, 2, NO_VALUE_HATCH_IMAGE_ID)]) {
        if (!this.#map.hasImage(hatch.id)) this.#map.addImage(hatch.id, hatch, { pixelRatio: hatch.pixelRatio });
      }
      this.#appliedCategories = null;
      this.#applyCategories();
      this.#applyChoropleth();
      this.#applyThreshold();
      this.#applyHoveredSpace();
      this.#applySelection();
      this.#applyHiddenSpaces();
      this.#applySlide();
      this.#flush();
    });
    // A resource of a category the project does not know: drawn with the generic symbol.
    this.#map.on('styleimagemissing', (event) => {
      if (!event.id.startsWith(CATEGORY_IMAGE_PREFIX) || this.#map.hasImage(event.id)) return;
      const image = categoryImage({ id: event.id.slice(CATEGORY_IMAGE_PREFIX.length), color: '#666666', icon: 'other' });
      this.#map.addImage(event.id, image, { pixelRatio: image.pixelRatio });
    });
    this.#map.on('dataloading', () => this.#setState('loading'));
    this.#map.on('movestart', () => this.#setState('loading'));
    this.#map.on('idle', () => this.#setState('idle'));
    this.#map.on('error', (event) => this.#handleError(event));
    this.#map.on('click', (event) => {
      if (this.#editor?.active) return;
      if (this.#assignMode) {
        const unitId = this.#featureIdAt(event.point, UNIT_FILL_LAYER_ID);
        if (unitId) this.#options.onUnitClick?.(unitId);
        return;
      }
      // A place being picked (the nearby finder) takes the click first.
      if (this.#options.onPlacePick?.([event.lngLat.lng, event.lngLat.lat])) return;
      // A resource or a cluster above the spaces takes the click.
      const point = this.#resourcePointAt(event.point);
      if (point && point.cluster) {
        this.#map.easeTo({ center: event.lngLat, zoom: Math.min(this.#map.getZoom() + 2, 18) });
        return;
      }
      if (point) {
        this.#options.onResourceClick?.(point.layerId, point.pointId);
        return;
      }
      const modifier = event.originalEvent.ctrlKey || event.originalEvent.metaKey || event.originalEvent.shiftKey;
      this.#options.onSpaceClick?.(this.#featureIdAt(event.point, SPACE_FILL_LAYER_ID), modifier);
    });
    this.#map.on('mousemove', (event) => {
      if (this.#editor?.active) return;
      const point = this.#assignMode ? null : this.#resourcePointAt(event.point);
      const hovered = point && !point.cluster ? `${point.layerId}#${point.pointId}` : null;
      if (hovered !== this.#hoveredPoint) {
        this.#hoveredPoint = hovered;
        this.#options.onResourceHover?.(point && !point.cluster ? point.layerId : null, point && !point.cluster ? point.pointId : null);
      }
      const layer = this.#assignMode ? UNIT_FILL_LAYER_ID : SPACE_FILL_LAYER_ID;
      const space = this.#assignMode ? null : this.#featureIdAt(event.point, SPACE_FILL_LAYER_ID);
      if (space !== this.#hoveredSpaceFromMap) {
        this.#hoveredSpaceFromMap = space;
        this.#options.onSpaceHover?.(space);
      }
      this.#map.getCanvas().style.cursor = this.#picking ? 'crosshair' : point || this.#featureIdAt(event.point, layer) ? 'pointer' : '';
    });
    this.#map.on('mouseout', () => {
      if (this.#hoveredSpaceFromMap === null) return;
      this.#hoveredSpaceFromMap = null;
      this.#options.onSpaceHover?.(null);
    });
    this.#installBoxSelect();
    this.#installHighlightDrag();
    if (options.basemap.kind === 'style-url') this.setBasemap(options.basemap, true);
  }

  /** Switch the basemap; the project overlay and its data are re-applied on the new style. */
  setBasemap(basemap: Basemap, force = false): void {
    if (!force && basemap.id === this.#basemap.id) return;
    this.#basemap = basemap;
    // terra-draw's layers live in the style; a session does not survive a style change.
    this.#editor?.destroy();
    this.#editor = null;
    this.#styleReady = false;
    this.#appliedData.clear();
    this.#onlineErrorReported = false;
    this.#setState('loading');
    if (basemap.kind === 'style-url') {
      this.#map.setStyle(basemap.styleUrl, {
        diff: false,
        transformStyle: (_previous, next) => mergeOverlayIntoStyle(next, basemap),
      });
    } else {
      this.#map.setStyle(buildStyle(basemap), { diff: false });
    }
  }

  /** Show `data` in source `sourceId`; does nothing when the same object is already shown. */
  /** `data` may be a URL (a blob: URL of GeoJSON written in a worker): MapLibre's worker loads it. */
  setSourceData(sourceId: string, data: GeoJSON | string): void {
    this.#desiredData.set(sourceId, data);
    this.#flush();
  }

  /**
   * Attributions the project's data require (e.g. "© OpenStreetMap contributors" for layers from
   * OSM), shown in the attribution control beside the basemap's own.
   */
  setDataAttribution(texts: readonly string[]): void {
    const joined = texts.join('\n');
    if (joined === this.#dataAttribution) return;
    this.#dataAttribution = joined;
    // The control reads custom attributions when it is added: replace it.
    this.#map.removeControl(this.#attribution);
    // MapLibre reads attributions as HTML; these are plain text.
    const escaped = texts.map((text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    this.#attribution = new maplibregl.AttributionControl({ compact: false, customAttribution: escaped });
    this.#map.addControl(this.#attribution);
  }

  /** In assign mode clicks and Shift-drag boxes pick base units instead of spaces. */
  setAssignMode(active: boolean): void {
    this.#assignMode = active;
    if (active) this.#map.boxZoom.disable();
    else this.#map.boxZoom.enable();
  }

  setSelectedSpaces(spaceIds: readonly string[]): void {
    this.#selectedSpaceIds = spaceIds;
    this.#applySelection();
  }

  /**
   * Start drawing or reshaping (see SpaceEditor). Returns false when the map is not ready
   * yet; the caller tries again on the next state change.
   */
  startEditing(request: EditRequest, callbacks: Omit<EditCallbacks, 'onHiddenSpacesChange'>): boolean {
    if (!this.#styleReady) return false;
    this.#editor ??= new SpaceEditor(this.#map, {
      ...callbacks,
      onHiddenSpacesChange: (ids) => {
        this.#hiddenSpaceIds = ids;
        this.#applyHiddenSpaces();
      },
    });
    this.#editor.start(request);
    return true;
  }

  /** Enter: close the drawing or store the reshape. */
  finishEditing(): void {
    this.#editor?.finish();
  }

  /** Escape: end the session without saving. */
  cancelEditing(): void {
    this.#editor?.cancel();
    this.#editor?.destroy();
    this.#editor = null;
  }

  /** Delete: remove the vertex under the pointer while reshaping. */
  deleteVertexUnderPointer(): boolean {
    return this.#editor?.deleteVertexUnderPointer() ?? false;
  }

  /** The MapLibre map, for measurements in tests and benchmarks only. */
  get maplibre(): maplibregl.Map {
    return this.#map;
  }

  /** Show a slide's drawing: its data, classes, selection and the layers it has on. */
  draw(drawing: MapDrawing): void {
    this.setSourceData(SOURCE_IDS.spaces, drawing.spaces);
    this.setSourceData(SOURCE_IDS.spaceLabels, drawing.spaceLabels);
    this.setSourceData(SOURCE_IDS.district, drawing.district);
    this.setSourceData(SOURCE_IDS.resources, drawing.resources);
    this.setSourceData(SOURCE_IDS.demandHexagons, drawing.hexagons);
    this.setSourceData(SOURCE_IDS.comparison, drawing.movedAreas);
    this.setSourceData(SOURCE_IDS.landcover, drawing.landcover);
    this.setSourceData(SOURCE_IDS.roads, drawing.roads);
    this.setSourceData(SOURCE_IDS.places, drawing.places);
    this.setCategories(drawing.categories);
    this.#choropleth = drawing.choropleth;
    this.#demandHexagons = drawing.hexagonsShown;
    this.#applyChoropleth();
    this.setSelectedSpaces(drawing.selection);
    this.#slideLayers = drawing.layers;
    this.#applySlide();
  }

  /** The projector's type follows the screen height. */
  setViewportHeight(viewportHeight: number): void {
    if (!this.#slideTheme || this.#slideTheme.viewportHeight === viewportHeight) return;
    this.#slideTheme = { ...this.#slideTheme, viewportHeight };
    this.#applySlide();
  }

  #applySlide(): void {
    const theme = this.#slideTheme;
    if (!this.#styleReady || !theme) return;
    const map = this.#map;
    const layers = this.#slideLayers ?? SLIDE_LAYERS;
    for (const layer of map.getStyle().layers) {
      map.setLayoutProperty(layer.id, 'visibility', styleLayerVisible(layer.id, layers) ? 'visible' : 'none');
    }
    for (const override of themeOverrides(theme.theme, theme.viewportHeight)) {
      if (!map.getLayer(override.layerId)) continue;
      // The overrides name properties as strings (data); MapLibre checks them against the layer.
      if (override.kind === 'paint') map.setPaintProperty(override.layerId, override.name as never, override.value as never);
      else map.setLayoutProperty(override.layerId, override.name as never, override.value as never);
    }
    for (const range of SLIDE_ZOOM_RANGES) if (map.getLayer(range.layerId)) map.setLayerZoomRange(range.layerId, range.minzoom, range.maxzoom);
    // For tests and the curious: the label size in force.
    this.#container.dataset['labelSize'] = String(slideLabelSize(theme.theme, theme.viewportHeight));
  }

  /** The camera now and the map's size in CSS pixels. */
  camera(): { camera: SlideCamera; frame: { width: number; height: number } } {
    const center = this.#map.getCenter();
    const canvas = this.#map.getContainer();
    return {
      camera: { center: [center.lng, center.lat], zoom: this.#map.getZoom(), bearing: this.#map.getBearing(), pitch: this.#map.getPitch() },
      frame: { width: canvas.clientWidth, height: canvas.clientHeight },
    };
  }

  /** Move to `camera`: a smooth flight (shortened for users who ask for reduced motion), or a jump. */
  moveTo(camera: SlideCamera, animate: boolean): void {
    const target = { center: camera.center, zoom: camera.zoom, bearing: camera.bearing, pitch: camera.pitch };
    if (animate) this.#map.flyTo({ ...target, duration: 1400, essential: false });
    else this.#map.jumpTo(target);
  }

  /** Call `listener` whenever the camera moves (panning, zooming, flights); returns how to stop. */
  onMove(listener: () => void): () => void {
    this.#map.on('move', listener);
    return () => this.#map.off('move', listener);
  }

  /** Resolves once the style (and with it every source) is there to take data. */
  styleLoaded(): Promise<void> {
    if (this.#styleReady) return Promise.resolve();
    return new Promise((resolve) => this.#map.once('style.load', () => resolve()));
  }

  /** Resolves once the map has drawn everything it was given (after the next repaint). */
  rendered(): Promise<void> {
    return new Promise((resolve) => {
      this.#map.once('idle', () => resolve());
      this.#map.triggerRepaint();
    });
  }

  /** The map's canvas (its drawing buffer is kept, so it can be copied after `rendered`). */
  get canvas(): HTMLCanvasElement {
    return this.#map.getCanvas();
  }

  fitBounds(bbox: BBox, animate: boolean): void {
    this.#map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: 40, animate, duration: animate ? 600 : 0 },
    );
  }

  setMessages(messages: MapViewMessages): void {
    this.#options.messages = messages;
    const zoomIn = this.#container.querySelector('.maplibregl-ctrl-zoom-in');
    const zoomOut = this.#container.querySelector('.maplibregl-ctrl-zoom-out');
    for (const [button, label] of [
      [zoomIn, messages.zoomIn],
      [zoomOut, messages.zoomOut],
    ] as const) {
      button?.setAttribute('title', label);
      button?.setAttribute('aria-label', label);
    }
  }

  resize(): void {
    this.#map.resize();
  }

  destroy(): void {
    this.#editor?.destroy();
    this.#map.remove();
  }

  #featureIdAt(point: maplibregl.PointLike, layerId: string): string | null {
    if (!this.#styleReady || !this.#map.getLayer(layerId)) return null;
    const id = this.#map.queryRenderedFeatures(point, { layers: [layerId] })[0]?.properties?.['id'];
    return typeof id === 'string' ? id : null;
  }

  /** Shift + drag draws a box; on release the units inside it are reported (assign mode). */
  #installBoxSelect(): void {
    const canvasContainer = this.#map.getCanvasContainer();
    const pointFor = (event: MouseEvent) => {
      const rect = canvasContainer.getBoundingClientRect();
      return new maplibregl.Point(event.clientX - rect.left, event.clientY - rect.top);
    };
    const onMove = (event: MouseEvent) => {
      if (!this.#boxStart) return;
      const current = pointFor(event);
      if (!this.#boxElement) {
        this.#boxElement = document.createElement('div');
        this.#boxElement.className = 'atlas-box-select';
        canvasContainer.appendChild(this.#boxElement);
      }
      const minX = Math.min(this.#boxStart.x, current.x);
      const minY = Math.min(this.#boxStart.y, current.y);
      Object.assign(this.#boxElement.style, {
        transform: `translate(${minX}px, ${minY}px)`,
        width: `${Math.abs(current.x - this.#boxStart.x)}px`,
        height: `${Math.abs(current.y - this.#boxStart.y)}px`,
      });
    };
    const onUp = (event: MouseEvent) => {
      document.removeEventListener('mousemove', onMove);
      document.removeEventListener('mouseup', onUp);
      const start = this.#boxStart;
      this.#boxStart = null;
      this.#boxElement?.remove();
      this.#boxElement = null;
      this.#map.dragPan.enable();
      if (!start) return;
      const end = pointFor(event);
      if (Math.abs(end.x - start.x) < 3 && Math.abs(end.y - start.y) < 3) return;
      const features = this.#map.queryRenderedFeatures([start, end], { layers: [UNIT_FILL_LAYER_ID] });
      const ids = [...new Set(features.map((feature) => feature.properties?.['id']).filter((id): id is string => typeof id === 'string'))];
      if (ids.length > 0) this.#options.onUnitsBoxSelect?.(ids);
    };
    canvasContainer.addEventListener('mousedown', (event) => {
      if (!this.#assignMode || !event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      this.#map.dragPan.disable();
      this.#boxStart = pointFor(event);
      document.addEventListener('mousemove', onMove);
      document.addEventListener('mouseup', onUp);
    }, true);
  }

  /** Which highlighted resource (id in the highlight source) may be dragged to move it; null: none. */
  setDraggable(id: string | null): void {
    this.#draggableId = id;
  }

  /** Dragging the draggable highlight moves it; the map does not pan meanwhile. */
  #installHighlightDrag(): void {
    this.#map.on('mousedown', RESOURCE_CIRCLE_LAYER_ID, (event) => {
      const id = event.features?.[0]?.properties?.['id'];
      if (!this.#draggableId || id !== this.#draggableId || event.originalEvent.button !== 0) return;
      event.preventDefault();
      this.#dragging = id;
      this.#map.getCanvas().style.cursor = 'grabbing';
    });
    this.#map.on('mousemove', (event) => {
      if (!this.#dragging) return;
      this.#options.onHighlightDrag?.(this.#dragging, [event.lngLat.lng, event.lngLat.lat], false);
    });
    this.#map.on('mouseup', (event) => {
      if (!this.#dragging) return;
      const id = this.#dragging;
      this.#dragging = null;
      this.#map.getCanvas().style.cursor = '';
      this.#options.onHighlightDrag?.(id, [event.lngLat.lng, event.lngLat.lat], true);
    });
  }

  /** Outline the hovered space (from the map, a chart or a table). */
  setHoveredSpace(spaceId: string | null): void {
    this.#hoveredSpace = spaceId;
    this.#applyHoveredSpace();
  }

  #applyHoveredSpace(): void {
    if (!this.#styleReady || !this.#map.getLayer(SPACE_HOVERED_LAYER_ID)) return;
    this.#map.setFilter(SPACE_HOVERED_LAYER_ID, ['==', ['get', 'id'], this.#hoveredSpace ?? '']);
  }

  /** Demand clusters below the project's suppression threshold are not drawn. */
  setSuppressionThreshold(threshold: number): void {
    this.#threshold = threshold;
    this.#applyThreshold();
  }

  #applyThreshold(): void {
    if (!this.#styleReady) return;
    for (const layerId of [DEMAND_CLUSTER_LAYER_ID, DEMAND_CLUSTER_COUNT_LAYER_ID]) {
      if (this.#map.getLayer(layerId)) this.#map.setFilter(layerId, demandClusterFilter(this.#threshold));
    }
  }

  /** An indicator map over the spaces (opaque fills in class colours) or the plan's own light colours. */
  setChoropleth(active: boolean): void {
    this.#choropleth = active;
    this.#applyChoropleth();
  }

  /** Located demand as hexagons (their source's data): the spaces fade to a tint under them. */
  setDemandHexagons(shown: boolean): void {
    this.#demandHexagons = shown;
    this.#applyChoropleth();
  }

  /** Another layer colours the map (isochrones, white spots, times per unit): the spaces' own colours step back, resources stay. */
  setSpacesFaded(faded: boolean): void {
    this.#spacesFaded = faded;
    this.#applyChoropleth();
  }

  #applyChoropleth(): void {
    if (!this.#styleReady || !this.#map.getLayer(SPACE_FILL_LAYER_ID)) return;
    this.#map.setPaintProperty(SPACE_FILL_LAYER_ID, 'fill-opacity', this.#choropleth ? 0.82 : this.#demandHexagons ? 0.1 : this.#spacesFaded ? 0.04 : 0.28);
    // The indicator map stands alone: resource symbols (explained by the legend only outside it) step back.
    // So do they under the hexagons, where a cluster's number would read like a hexagon's count.
    const hidden = this.#choropleth || this.#demandHexagons || this.#slideTheme !== null;
    for (const layerId of RESOURCE_TILE_LAYER_IDS) {
      if (this.#map.getLayer(layerId)) this.#map.setLayoutProperty(layerId, 'visibility', hidden ? 'none' : 'visible');
    }
  }

  /** The project's categories: colours of dots and clusters, symbols at high zoom. */
  setCategories(categories: readonly CategoryDefinition[]): void {
    this.#categories = categories;
    this.#applyCategories();
  }

  #applyCategories(): void {
    if (!this.#styleReady || this.#appliedCategories === this.#categories) return;
    const map = this.#map;
    const categories = this.#categories;
    for (const category of categories) {
      const image = categoryImage(category);
      if (map.hasImage(image.id)) map.updateImage(image.id, image);
      else map.addImage(image.id, image, { pixelRatio: image.pixelRatio });
    }
    if (map.getLayer(POINT_CIRCLE_LAYER_ID)) map.setPaintProperty(POINT_CIRCLE_LAYER_ID, 'circle-color', categoryColour('category', categories));
    if (map.getLayer(RESOURCE_CIRCLE_LAYER_ID)) map.setPaintProperty(RESOURCE_CIRCLE_LAYER_ID, 'circle-color', categoryColour('category', categories));
    if (map.getLayer(POINT_CLUSTER_LAYER_ID)) map.setPaintProperty(POINT_CLUSTER_LAYER_ID, 'circle-color', categoryColour('dominant', categories));
    if (map.getLayer(POINT_CLUSTER_COUNT_LAYER_ID)) {
      map.setPaintProperty(POINT_CLUSTER_COUNT_LAYER_ID, 'text-color', ['case', clusterTextIsDark(categories), '#111111', '#ffffff']);
    }
    this.#appliedCategories = categories;
  }

  /** While true the cursor is a crosshair: the next click picks a place. */
  setPicking(picking: boolean): void {
    this.#picking = picking;
    this.#map.getCanvas().style.cursor = picking ? 'crosshair' : '';
  }

  /** The resource point or cluster under a screen position (within a few pixels), if any. */
  #resourcePointAt(point: maplibregl.Point): { layerId: string; pointId: number; cluster: boolean } | null {
    if (!this.#styleReady || !this.#map.getLayer(POINT_CIRCLE_LAYER_ID)) return null;
    const slack = 4;
    const features = this.#map.queryRenderedFeatures(
      [
        [point.x - slack, point.y - slack],
        [point.x + slack, point.y + slack],
      ],
      { layers: [POINT_CIRCLE_LAYER_ID, POINT_CLUSTER_LAYER_ID] },
    );
    const feature = features[0];
    if (!feature || typeof feature.id !== 'number') return null;
    const cluster = Boolean(feature.properties?.['cluster']);
    return { layerId: String(feature.properties?.['layer'] ?? ''), pointId: feature.id, cluster };
  }

  /** The imported points changed: load their tiles anew (the provider answers with the new data). */
  setPointVersion(version: number): void {
    this.#pointVersion = version;
    this.#applyPointVersion();
  }

  #applyPointVersion(): void {
    if (!this.#styleReady) return;
    const source = this.#map.getSource<maplibregl.VectorTileSource>(SOURCE_IDS.points);
    const url = pointTileUrl(this.#pointVersion);
    if (source && source.tiles?.[0] !== url) source.setTiles([url]);
  }

  #flush(): void {
    if (!this.#styleReady) return;
    this.#applyPointVersion();
    for (const [sourceId, data] of this.#desiredData) {
      if (this.#appliedData.get(sourceId) === data) continue;
      const source = this.#map.getSource<maplibregl.GeoJSONSource>(sourceId);
      if (!source) continue;
      source.setData(data);
      this.#appliedData.set(sourceId, data);
    }
  }

  #applySelection(): void {
    if (!this.#styleReady || !this.#map.getLayer(SPACE_SELECTED_LAYER_ID)) return;
    // A space being reshaped is drawn by the editor; its old outline must not show through.
    const shown = this.#selectedSpaceIds.filter((id) => !this.#hiddenSpaceIds.includes(id));
    this.#map.setFilter(SPACE_SELECTED_LAYER_ID, ['in', ['get', 'id'], ['literal', shown]]);
  }

  #applyHiddenSpaces(): void {
    if (!this.#styleReady) return;
    const filter: maplibregl.FilterSpecification | null =
      this.#hiddenSpaceIds.length > 0 ? ['!', ['in', ['get', 'id'], ['literal', [...this.#hiddenSpaceIds]]]] : null;
    for (const layerId of SPACE_SHAPE_LAYER_IDS) {
      if (this.#map.getLayer(layerId)) this.#map.setFilter(layerId, filter);
    }
    this.#applySelection();
  }

  #setState(state: MapState): void {
    this.#container.dataset['mapState'] = state;
  }

  #handleError(event: maplibregl.ErrorEvent): void {
    const sourceId = (event as { sourceId?: string }).sourceId;
    if (this.#basemap.online && (sourceId === undefined || !sourceId.startsWith('atlas-'))) {
      if (!this.#onlineErrorReported) {
        this.#onlineErrorReported = true;
        this.#options.onError(this.#options.messages.onlineTilesFailed);
      }
      return;
    }
    this.#options.onError(event.error?.message ?? String(event.error));
  }
}
