/**
 * Slides ("Folien"): saved views of a project, in the order they are presented. Pure rules:
 * ordering (every change renumbers the deck 0 … n-1 and returns only the records whose position
 * changed, so a move is one small undoable change), the camera on a map of another size, the
 * shape of records stored before slides existed, and the default "Datenstand".
 */
import type { SlideCamera, SlideLayer, View } from './types';

/** Every layer a slide can show, in drawing order. */
export const SLIDE_LAYERS: readonly SlideLayer[] = ['basemap', 'boundaries', 'labels', 'resources', 'district'];

/** The deck in presentation order (ties, which a renumbering removes, by id). */
export function sortSlides(slides: readonly View[]): View[] {
  return [...slides].sort((left, right) => left.order - right.order || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
}

/** `ordered` numbered 0 … n-1: the records whose `order` changes, renumbered (inputs are not changed). */
export function renumber(ordered: readonly View[]): View[] {
  return ordered.flatMap((slide, index) => (slide.order === index ? [] : [{ ...slide, order: index }]));
}

/** Move slide `id` to position `toIndex` (clamped): the records to store. Empty when nothing moves. */
export function moveSlide(slides: readonly View[], id: string, toIndex: number): View[] {
  const ordered = sortSlides(slides);
  const from = ordered.findIndex((slide) => slide.id === id);
  if (from < 0) return [];
  const target = Math.max(0, Math.min(ordered.length - 1, Math.round(toIndex)));
  const [moving] = ordered.splice(from, 1);
  ordered.splice(target, 0, moving!);
  return renumber(ordered);
}

/**
 * Insert `slide` after slide `afterId` (null or unknown: at the end): the records to store,
 * the new slide with its position among them.
 */
export function insertSlide(slides: readonly View[], slide: View, afterId: string | null): View[] {
  const ordered = sortSlides(slides.filter((candidate) => candidate.id !== slide.id));
  const after = afterId === null ? -1 : ordered.findIndex((candidate) => candidate.id === afterId);
  const position = after < 0 ? ordered.length : after + 1;
  // A position no renumbering keeps, so the new slide is always among the records returned.
  ordered.splice(position, 0, { ...slide, order: -1 });
  return renumber(ordered);
}

/** The records to store when slide `id` is deleted: the slides after it move up. */
export function slidesAfterDeleting(slides: readonly View[], id: string): View[] {
  return renumber(sortSlides(slides.filter((slide) => slide.id !== id)));
}

/**
 * The camera showing the same area on a map of `to` CSS pixels as `camera` did on `from`: the
 * same centre, the zoom changed by how much larger the smaller side ratio is (each zoom level
 * doubles the scale).
 */
export function cameraForFrame(camera: SlideCamera, from: { width: number; height: number }, to: { width: number; height: number }): SlideCamera {
  if (!(from.width > 0 && from.height > 0 && to.width > 0 && to.height > 0)) return { ...camera, center: [...camera.center] };
  const ratio = Math.min(to.width / from.width, to.height / from.height);
  return { ...camera, center: [...camera.center], zoom: camera.zoom + Math.log2(ratio) };
}

/**
 * The "Datenstand" a project's description names ("… Datenstand 31.12.2025 …",
 * "Datenstand: Juni 2025"), else ''.
 */
export function dataAsOfFromDescription(description: string): string {
  const match = /Datenstand\s*:?\s*([^\n;]+?)(?:\.\s|\.$|;|\n|$)/i.exec(description);
  return match ? match[1]!.trim() : '';
}

/**
 * A stored view as the current shape: the first schema had only title, subtitle, notes, order
 * and camera; what it lacked gets the values of a plain plan slide.
 */
export function normaliseView(stored: Partial<View> & Pick<View, 'id' | 'projectId'>): View {
  const camera = stored.camera ?? { center: [10, 51], zoom: 9, bearing: 0, pitch: 0 };
  return {
    id: stored.id,
    projectId: stored.projectId,
    order: Number.isFinite(stored.order) ? stored.order! : 0,
    title: stored.title ?? '',
    subtitle: stored.subtitle ?? '',
    notes: stored.notes ?? '',
    camera: { center: [camera.center[0], camera.center[1]], zoom: camera.zoom, bearing: camera.bearing ?? 0, pitch: camera.pitch ?? 0 },
    frame: stored.frame ?? { width: 1024, height: 768 },
    panel: stored.panel ?? 'spaces',
    variantId: stored.variantId ?? null,
    indicator: stored.indicator ?? null,
    hexagons: stored.hexagons ?? false,
    layers: stored.layers ? SLIDE_LAYERS.filter((layer) => stored.layers!.includes(layer)) : [...SLIDE_LAYERS],
    selection: stored.selection ?? [],
    compare: stored.compare ?? null,
    dataAsOf: stored.dataAsOf ?? '',
    source: stored.source ?? '',
  };
}
