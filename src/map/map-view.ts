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
import { buildStyle, mergeOverlayIntoStyle, SPACE_FILL_LAYER_ID, SPACE_SELECTED_LAYER_ID } from './style';

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
  /** Called with the id of the clicked social space, or null for a click elsewhere. */
  onSpaceClick: (spaceId: string | null) => void;
  onError: (message: string) => void;
}

/** `data-map-state` on the container: "loading" until the map is idle, then "idle". */
export type MapState = 'loading' | 'idle';

export class MapView {
  readonly #map: maplibregl.Map;
  readonly #container: HTMLElement;
  readonly #options: MapViewOptions;
  readonly #desiredData = new Map<string, GeoJSON>();
  readonly #appliedData = new Map<string, GeoJSON>();
  #styleReady = false;
  #selectedSpaceId: string | null = null;
  #basemap: Basemap;
  #onlineErrorReported = false;

  constructor(options: MapViewOptions) {
    this.#options = options;
    this.#container = options.container;
    this.#basemap = options.basemap;
    this.#setState('loading');
    this.#map = new maplibregl.Map({
      container: options.container,
      style: options.basemap.kind === 'style-url' ? { version: 8, sources: {}, layers: [] } : buildStyle(options.basemap),
      center: [10.0, 51.0],
      zoom: 9,
      attributionControl: { compact: false },
      canvasContextAttributes: { preserveDrawingBuffer: true },
      locale: {
        'NavigationControl.ZoomIn': options.messages.zoomIn,
        'NavigationControl.ZoomOut': options.messages.zoomOut,
      },
    });
    this.#map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.#map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 160 }), 'bottom-left');
    this.#map.on('style.load', () => {
      this.#styleReady = true;
      this.#applySelection();
      this.#flush();
    });
    this.#map.on('dataloading', () => this.#setState('loading'));
    this.#map.on('movestart', () => this.#setState('loading'));
    this.#map.on('idle', () => this.#setState('idle'));
    this.#map.on('error', (event) => this.#handleError(event));
    this.#map.on('click', (event) => {
      const hits = this.#map.getLayer(SPACE_FILL_LAYER_ID)
        ? this.#map.queryRenderedFeatures(event.point, { layers: [SPACE_FILL_LAYER_ID] })
        : [];
      const id = hits[0]?.properties?.['id'];
      this.#options.onSpaceClick(typeof id === 'string' ? id : null);
    });
    this.#map.on('mousemove', SPACE_FILL_LAYER_ID, () => (this.#map.getCanvas().style.cursor = 'pointer'));
    this.#map.on('mouseleave', SPACE_FILL_LAYER_ID, () => (this.#map.getCanvas().style.cursor = ''));
    if (options.basemap.kind === 'style-url') this.setBasemap(options.basemap, true);
  }

  /** Switch the basemap; the project overlay and its data are re-applied on the new style. */
  setBasemap(basemap: Basemap, force = false): void {
    if (!force && basemap.id === this.#basemap.id) return;
    this.#basemap = basemap;
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
  setSourceData(sourceId: string, data: GeoJSON): void {
    this.#desiredData.set(sourceId, data);
    this.#flush();
  }

  setSelectedSpace(spaceId: string | null): void {
    this.#selectedSpaceId = spaceId;
    this.#applySelection();
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
    this.#map.remove();
  }

  #flush(): void {
    if (!this.#styleReady) return;
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
    this.#map.setFilter(SPACE_SELECTED_LAYER_ID, ['==', ['get', 'id'], this.#selectedSpaceId ?? '']);
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
