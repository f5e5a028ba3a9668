import { describe, expect, it } from 'vitest';
import {
  cameraForFrame,
  dataAsOfFromDescription,
  insertSlide,
  moveSlide,
  normaliseView,
  SLIDE_LAYERS,
  slidesAfterDeleting,
  sortSlides,
} from '../../../src/domain/slides';
import type { View } from '../../../src/domain/types';

function slide(id: string, order: number): View {
  return Object.freeze(normaliseView({ id, projectId: 'p', order, title: id })) as View;
}

const deck = () => [slide('c', 2), slide('a', 0), slide('b', 1)];
const ids = (slides: readonly View[]) => sortSlides(slides).map((candidate) => candidate.id);
/** The deck after storing `changed` over `slides`. */
const after = (slides: readonly View[], changed: readonly View[]) => {
  const byId = new Map(slides.map((candidate) => [candidate.id, candidate]));
  for (const record of changed) byId.set(record.id, record);
  return [...byId.values()];
};

describe('slide order', () => {
  it('sorts by position', () => {
    expect(ids(deck())).toEqual(['a', 'b', 'c']);
  });

  it('moves a slide and returns only the slides whose position changed', () => {
    const slides = deck();
    const changed = moveSlide(slides, 'c', 0);
    expect(changed.map((record) => [record.id, record.order])).toEqual([
      ['c', 0],
      ['a', 1],
      ['b', 2],
    ]);
    const moved = moveSlide(slides, 'a', 1);
    expect(moved.map((record) => [record.id, record.order])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(ids(after(slides, moved))).toEqual(['b', 'a', 'c']);
  });

  it('clamps the target and ignores unknown ids and moves to the same place', () => {
    expect(ids(after(deck(), moveSlide(deck(), 'a', 99)))).toEqual(['b', 'c', 'a']);
    expect(moveSlide(deck(), 'b', 1)).toEqual([]);
    expect(moveSlide(deck(), 'x', 0)).toEqual([]);
  });

  it('inserts a duplicate after its original, the rest moving down', () => {
    const slides = deck();
    const copy = { ...slide('a2', 0) };
    const changed = insertSlide(slides, copy, 'a');
    expect(changed.map((record) => [record.id, record.order])).toEqual([
      ['a2', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(ids(after(slides, changed))).toEqual(['a', 'a2', 'b', 'c']);
  });

  it('appends a new slide at the end when no slide is named', () => {
    const changed = insertSlide(deck(), slide('d', 0), null);
    expect(changed.map((record) => [record.id, record.order])).toEqual([['d', 3]]);
  });

  it('closes the gap a deleted slide leaves', () => {
    expect(slidesAfterDeleting(deck(), 'a').map((record) => [record.id, record.order])).toEqual([
      ['b', 0],
      ['c', 1],
    ]);
    expect(slidesAfterDeleting(deck(), 'c')).toEqual([]);
  });

  it('repairs a deck with equal positions', () => {
    const slides = [slide('b', 0), slide('a', 0)];
    expect(ids(after(slides, moveSlide(slides, 'b', 1)))).toEqual(['a', 'b']);
  });
});

describe('cameraForFrame', () => {
  const camera = { center: [10, 51] as [number, number], zoom: 10, bearing: 15, pitch: 0 };

  it('zooms in one level on a map twice as large each way', () => {
    expect(cameraForFrame(camera, { width: 800, height: 600 }, { width: 1600, height: 1200 })).toEqual({ ...camera, zoom: 11 });
  });

  it('fits the smaller ratio so the saved area stays in view', () => {
    const fitted = cameraForFrame(camera, { width: 1000, height: 500 }, { width: 1000, height: 1000 });
    expect(fitted.zoom).toBe(10);
    const narrower = cameraForFrame(camera, { width: 1000, height: 500 }, { width: 500, height: 1000 });
    expect(narrower.zoom).toBeCloseTo(9, 10);
    expect(narrower.center).toEqual([10, 51]);
    expect(narrower.bearing).toBe(15);
  });

  it('keeps the camera for an empty frame', () => {
    expect(cameraForFrame(camera, { width: 0, height: 0 }, { width: 100, height: 100 })).toEqual(camera);
  });
});

describe('dataAsOfFromDescription', () => {
  it('reads the date a description names', () => {
    expect(dataAsOfFromDescription('Fiktive Demodaten … Datenstand 31.12.2025. Erzeugt mit data/generate-demo.ts.')).toBe('31.12.2025');
    expect(dataAsOfFromDescription('Datenstand: Juni 2025; Quelle Jugendamt')).toBe('Juni 2025');
    expect(dataAsOfFromDescription('Stand unbekannt')).toBe('');
  });
});

describe('normaliseView', () => {
  it('gives a first-schema record the shape of a plan slide with every layer', () => {
    const old = { id: 'v', projectId: 'p', order: 3, title: 'Alt', subtitle: '', notes: 'n', camera: { center: [9, 50] as [number, number], zoom: 8, bearing: 0, pitch: 0 } };
    const view = normaliseView(old);
    expect(view).toMatchObject({ id: 'v', order: 3, title: 'Alt', notes: 'n', panel: 'spaces', indicator: null, compare: null, selection: [], variantId: null, hexagons: false });
    expect(view.layers).toEqual([...SLIDE_LAYERS]);
    expect(view.camera).toEqual(old.camera);
  });

  it('keeps known layers in drawing order and drops unknown ones', () => {
    expect(normaliseView({ id: 'v', projectId: 'p', layers: ['district', 'basemap', 'nonsense' as never] }).layers).toEqual(['basemap', 'district']);
  });
});
