/**
 * Two or more maps showing the same place: whichever moves, the others jump to its camera
 * (before/after maps side by side or under a swipe).
 */
import type { MapView } from './map-view';

export function syncCameras(views: readonly MapView[]): () => void {
  let syncing = false;
  const stops = views.map((view) =>
    view.onMove(() => {
      if (syncing) return;
      syncing = true;
      const { camera } = view.camera();
      for (const other of views) if (other !== view) other.moveTo(camera, false);
      syncing = false;
    }),
  );
  return () => stops.forEach((stop) => stop());
}
