/**
 * Registers the service worker (src/service-worker.ts) that keeps the app usable offline, and
 * offers a newer build once it is ready: the user chooses when to reload (the running page keeps
 * its version until then, so nothing changes under an open edit). Production builds only; the
 * dev server has no service worker.
 */
export function registerServiceWorker(offerUpdate: (apply: () => void) => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let reloadOnChange = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only after the user chose the update; the first install takes control without a reload.
    if (reloadOnChange) window.location.reload();
  });
  const offer = (waiting: ServiceWorker) =>
    offerUpdate(() => {
      reloadOnChange = true;
      waiting.postMessage({ type: 'skip-waiting' });
    });
  const register = async () => {
    try {
      const registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' });
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'installed' && navigator.serviceWorker.controller) offer(installing);
        });
      });
    } catch (error) {
      console.warn('The app could not be made available offline', error);
    }
  };
  // After the page has loaded, so precaching does not compete with the first start.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
