/**
 * The app's Content-Security-Policy: scripts, workers, styles and fonts only from the app
 * itself (no inline script, no eval), connections and images only to the app and the origins
 * of the online basemaps (contacted only while such a basemap is chosen), no plugins, no
 * forms, no foreign base URL. The build writes it into index.html as a meta tag (so it holds
 * wherever the files are served) and `vite preview` also sends it as a header, which covers
 * the worker scripts too and forbids framing (deploy with the same header; see README).
 *
 * `blob:` is allowed for images (MapLibre decodes raster tiles through blob URLs) and `data:`
 * for images and fonts (small inline icons of libraries).
 */
import { basemapOrigins } from './map/basemaps.ts';

export function contentSecurityPolicy(options: { header: boolean }): string {
  const basemaps = basemapOrigins().join(' ');
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    "font-src 'self' data:",
    `img-src 'self' data: blob: ${basemaps}`,
    `connect-src 'self' ${basemaps}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    // Only a header can forbid framing (a meta tag may not).
    ...(options.header ? ["frame-ancestors 'none'"] : []),
  ];
  return directives.join('; ');
}
