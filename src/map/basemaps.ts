import type { BasemapId } from '../domain/types';

interface BasemapBase {
  id: BasemapId;
  /** True when choosing it makes the browser fetch tiles from the internet. */
  online: boolean;
  /** Attribution shown in the map corner; HTML as MapLibre expects it (static text only). */
  attribution: string;
  /**
   * Origins the browser contacts while this basemap is shown (style, tiles, sprites, glyphs);
   * the Content-Security-Policy allows exactly these besides the app itself.
   */
  origins: readonly string[];
}

export type Basemap =
  | (BasemapBase & { kind: 'offline' })
  | (BasemapBase & { kind: 'raster'; tiles: string[]; tileSizePixels: number; maxZoom: number })
  | (BasemapBase & { kind: 'style-url'; styleUrl: string });

/** The basemaps a user can choose. The offline map is the default and needs no network. */
export const BASEMAPS: readonly Basemap[] = [
  {
    id: 'offline',
    kind: 'offline',
    online: false,
    attribution: 'Sozialraum-Atlas · offline',
    origins: [],
  },
  {
    id: 'osm-raster',
    kind: 'raster',
    online: true,
    tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
    tileSizePixels: 256,
    maxZoom: 19,
    origins: ['https://tile.openstreetmap.org'],
    attribution: '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a>-Mitwirkende',
  },
  {
    id: 'basemap-de',
    kind: 'style-url',
    online: true,
    styleUrl: 'https://sgx.geodatenzentrum.de/gdz_basemapde_vektor/styles/bm_web_col.json',
    // Style, tiles, sprites and glyphs come from sgx; older style versions name sg.
    origins: ['https://sgx.geodatenzentrum.de', 'https://sg.geodatenzentrum.de'],
    attribution: '© <a href="https://basemap.de" target="_blank" rel="noopener">basemap.de</a> / BKG, Datenlizenz Deutschland – Namensnennung 2.0',
  },
];

export function basemapById(id: BasemapId): Basemap {
  return BASEMAPS.find((basemap) => basemap.id === id) ?? BASEMAPS[0]!;
}

/** Every origin an online basemap may contact (for the Content-Security-Policy). */
export function basemapOrigins(): string[] {
  return [...new Set(BASEMAPS.flatMap((basemap) => basemap.origins))];
}
