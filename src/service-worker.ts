/**
 * The service worker that makes the app work offline after its first load.
 *
 * At install it stores the whole app shell in a cache: the page, scripts, workers, styles,
 * fonts, icons, the manifest and the demo project (the list is written in at build time, see
 * vite.config.ts; the cache is named after a hash of the files, so each build has its own).
 * Afterwards every request for one of those files is answered from the cache (page loads
 * included), with the network only as a fallback; nothing else is touched: project data never
 * pass through here (they live in IndexedDB), and map tiles of an online basemap go to the network
 * as usual. A new build installs in the background and takes over when the user chooses to
 * reload (message 'skip-waiting') or when all tabs of the app are closed; older caches are then
 * deleted.
 *
 * Built as a classic script without imports (types stripped at build time).
 */

/** Written in at build time: the cache name and the files of the app shell, relative to the scope. */
declare const __ATLAS_SHELL__: { cache: string; urls: string[] };

const worker = self as unknown as ServiceWorkerGlobalScope;
const shell = __ATLAS_SHELL__;
const CACHE_PREFIX = 'sozialraum-atlas-shell-';
const scopeUrl = (path: string) => new URL(path, worker.registration.scope).href;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(shell.cache).then((cache) =>
      // `reload`: fresh from the server, not from the HTTP cache of an older build.
      cache.addAll(shell.urls.map((url) => new Request(scopeUrl(url), { cache: 'reload' }))),
    ),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== shell.cache) await caches.delete(name);
      }
      // Control the page that installed the worker at once, so it works offline without a reload.
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'skip-waiting') void worker.skipWaiting();
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  const key = request.mode === 'navigate' ? scopeUrl('./') : url.origin + url.pathname;
  event.respondWith(
    (async () => {
      const cache = await caches.open(shell.cache);
      const cached = await cache.match(key);
      return cached ?? fetch(request);
    })(),
  );
});
