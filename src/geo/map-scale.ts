/**
 * Web Mercator scale as MapLibre uses it (512-pixel tiles): metres per CSS pixel at a latitude
 * and zoom, and the camera that frames a box on a map of a given size.
 */
import type { BBox } from './bbox';

/** Earth's equatorial circumference in metres (WGS 84). */
const EQUATOR_METRES = 40_075_016.686;
const TILE_PIXELS = 512;

/** Ground metres one CSS pixel covers at `latitude` (degrees) and `zoom`. */
export function metresPerCssPixel(latitude: number, zoom: number): number {
  return (EQUATOR_METRES * Math.cos((latitude * Math.PI) / 180)) / (TILE_PIXELS * 2 ** zoom);
}

const mercatorY = (latitude: number) => Math.log(Math.tan(Math.PI / 4 + (latitude * Math.PI) / 360));

/**
 * Centre and zoom that show `bbox` on a `width` × `height` CSS-pixel map with `paddingPixels`
 * left free on every side (north up).
 */
export function cameraForBounds(bbox: BBox, width: number, height: number, paddingPixels = 40): { center: [number, number]; zoom: number } {
  const [west, south, east, north] = bbox;
  const centreY = (mercatorY(south) + mercatorY(north)) / 2;
  const center: [number, number] = [(west + east) / 2, (Math.atan(Math.exp(centreY)) * 360) / Math.PI - 90];
  // World pixels at zoom 0 per radian of Mercator y, and per degree of longitude.
  const spanX = ((east - west) / 360) * TILE_PIXELS;
  const spanY = ((mercatorY(north) - mercatorY(south)) / (2 * Math.PI)) * TILE_PIXELS;
  const usableWidth = Math.max(width - 2 * paddingPixels, 1);
  const usableHeight = Math.max(height - 2 * paddingPixels, 1);
  const zoomX = spanX > 0 ? Math.log2(usableWidth / spanX) : Number.POSITIVE_INFINITY;
  const zoomY = spanY > 0 ? Math.log2(usableHeight / spanY) : Number.POSITIVE_INFINITY;
  const zoom = Math.min(zoomX, zoomY);
  return { center, zoom: Number.isFinite(zoom) ? Math.min(zoom, 18) : 14 };
}
