/**
 * Slides on the demo project: saving views (each one undoable change, stored in IndexedDB),
 * reordering, duplicating, deleting, showing a slide again, and what a slide's scene draws —
 * the indicator's suppressed values, never a small count, and before/after sides sharing
 * their classes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppState, DEMO_PROJECT_ID } from '../../../src/state/app.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { loadSnapshot } from '../../../src/store/projects';
import { openDemoApp } from './demo-project';
import { SlideScenes } from '../../../src/state/slide-scene.svelte';
import { sortSlides } from '../../../src/domain/slides';
import type { SlideDeck } from '../../../src/state/slides.svelte';
import type { View } from '../../../src/domain/types';

let db: AtlasDatabase;
let app: AppState;
let deck: SlideDeck;
/** The scenes of a slide. */
function scenesOf(slide: View) {
  return new SlideScenes(app, app.project!, slide);
}

const camera = { center: [9.9, 50.9] as [number, number], zoom: 10.5, bearing: 0, pitch: 0 };

beforeEach(async () => {
  ({ db, app } = await openDemoApp());
  // The map reports its camera (the app's map does so through connectMap).
  app.connectMap(() => ({ camera, frame: { width: 900, height: 600 } }));
  deck = app.slides!;
});
afterEach(async () => {
  await db.delete();
});

/** The slides IndexedDB holds, in order. */
async function storedSlides() {
  return sortSlides((await loadSnapshot(db, DEMO_PROJECT_ID))!.views);
}

/** Three slides: the plan, stationary help per 1,000 under 21 in 2024, the resources. */
async function threeSlides() {
  app.panel = 'spaces';
  await deck.add();
  app.panel = 'demand';
  const demand = app.demand!;
  demand.group = 'stationaer';
  demand.measure = 'rate';
  demand.year = 2024;
  await deck.add();
  app.panel = 'resources';
  await deck.add();
  return deck.slides;
}

describe('saving views as slides', () => {
  it('stores the current view: camera and map size, tab, variant, indicator, selection and default words', async () => {
    app.selectedSpaceIds = [app.project!.spaces[2]!.id];
    const [plan, indicator, resources] = await threeSlides();
    expect((await storedSlides()).map((slide) => slide.title)).toEqual(['Sozialräume – Ist 2025', 'Stationäre Hilfen je 1.000 Einwohner unter 21 Jahren, 2024', 'Angebote und Einrichtungen']);
    expect(plan!.camera).toEqual(camera);
    expect(plan!.frame).toEqual({ width: 900, height: 600 });
    expect(plan!.selection).toEqual([app.project!.spaces[2]!.id]);
    expect(plan!.variantId).toBe('v-ist-2025');
    expect(plan!.indicator).toBeNull();
    expect(plan!.dataAsOf).toBe('31.12.2025');
    expect(indicator!.panel).toBe('demand');
    expect(indicator!.indicator).toMatchObject({ group: 'stationaer', measure: 'rate', year: 2024, sourceId: 'layer-demand-cases' });
    expect(indicator!.source).toBe('Hilfen zur Erziehung – Einzelfälle (verortet)');
    expect(resources!.panel).toBe('resources');
    expect(deck.slides.map((slide) => slide.order)).toEqual([0, 1, 2]);
  });

  it('undoes adding a slide', async () => {
    await threeSlides();
    expect(app.project!.history.undo).toEqual({ key: 'change.addSlide', params: { title: 'Angebote und Einrichtungen' } });
    await app.project!.undo();
    expect(deck.slides).toHaveLength(2);
    expect(await storedSlides()).toHaveLength(2);
  });

  it('moves, duplicates, edits and deletes slides, each undoable, and keeps IndexedDB in step', async () => {
    const [plan, indicator, resources] = await threeSlides();
    await deck.move(resources!.id, 0);
    expect((await storedSlides()).map((slide) => slide.id)).toEqual([resources!.id, plan!.id, indicator!.id]);
    const copy = await deck.duplicate(plan!.id);
    expect((await storedSlides()).map((slide) => slide.id)).toEqual([resources!.id, plan!.id, copy.id, indicator!.id]);
    expect(copy.title).toBe('Sozialräume – Ist 2025 (Kopie)');
    await deck.update({ ...deck.slides[2]!, title: 'Vorschlag', notes: 'Auf Lücken hinweisen' });
    expect((await storedSlides())[2]).toMatchObject({ id: copy.id, title: 'Vorschlag', notes: 'Auf Lücken hinweisen', order: 2 });
    await deck.remove(plan!.id);
    expect((await storedSlides()).map((slide) => [slide.id, slide.order])).toEqual([
      [resources!.id, 0],
      [copy.id, 1],
      [indicator!.id, 2],
    ]);
    await app.project!.undo();
    expect((await storedSlides()).map((slide) => slide.id)).toEqual([resources!.id, plan!.id, copy.id, indicator!.id]);
    await app.project!.undo();
    await app.project!.undo();
    await app.project!.undo();
    expect(deck.slides.map((slide) => slide.id)).toEqual([plan!.id, indicator!.id, resources!.id]);
  });

  it('shows a slide again: tab, indicator, selection and camera', async () => {
    const [, indicator] = await threeSlides();
    app.panel = 'spaces';
    app.demand!.group = 'all';
    app.demand!.year = 2019;
    await deck.show(indicator!);
    expect(app.panel).toBe('demand');
    expect(app.demand!.group).toBe('stationaer');
    expect(app.demand!.year).toBe(2024);
    expect(app.cameraRequest).toEqual({ camera, frame: { width: 900, height: 600 } });
  });

  it('steps through the deck while presenting and stops at its ends', async () => {
    await threeSlides();
    deck.present();
    expect(deck.presenting).toBe(0);
    deck.step(-1);
    expect(deck.presenting).toBe(0);
    deck.step(1);
    deck.step(1);
    deck.step(1);
    expect(deck.current?.title).toBe('Angebote und Einrichtungen');
    deck.stopPresenting();
    expect(deck.current).toBeNull();
  });
});

describe('what a slide shows', () => {
  it('labels the spaces with the suppressed indicator values, as the demand table publishes them', async () => {
    app.panel = 'demand';
    // A small group: § 35 in one year has counts below the threshold in several spaces.
    app.demand!.group = '35';
    app.demand!.measure = 'count';
    app.demand!.year = 2025;
    const slide = await deck.add();
    const [scene] = scenesOf(slide).scenes;
    const table = app.demand!.table!;
    expect(table.rows.some((row) => row.suppressed)).toBe(true);
    const labels = new Map(scene!.drawing.spaceLabels.features.map((feature) => [feature.properties!['id'], feature.properties!['name']]));
    for (const row of table.rows) {
      if (row.suppressed) expect(labels.get(row.spaceId)).toMatch(/^(< 5|•)$/);
      else expect(labels.get(row.spaceId)).toBe(String(row.count));
    }
    // Suppressed spaces are hatched, not coloured as a class.
    const noValue = scene!.drawing.spaces.features.filter((feature) => feature.properties!['noValue']).map((feature) => feature.properties!['id']);
    expect(noValue.sort()).toEqual(table.rows.filter((row) => row.suppressed).map((row) => row.spaceId).sort());
    expect(scene!.legend[0]!.title).toBe('§ 35 Intensive sozialpädagogische Einzelbetreuung: Fälle 2025');
    expect(scene!.legend[0]!.entries.at(-1)).toMatchObject({ swatch: { kind: 'hatch' }, label: 'keine Angabe / < 5' });
  });

  it('draws the slide’s own indicator, whatever the demand tab shows now', async () => {
    app.panel = 'demand';
    app.demand!.group = 'stationaer';
    app.demand!.year = 2024;
    const slide = await deck.add();
    const expected = app.demand!.table!.rows.map((row) => row.value);
    app.demand!.group = 'all';
    app.demand!.year = 2018;
    const [scene] = scenesOf(slide).scenes;
    expect(scene!.demand!.table!.rows.map((row) => row.value)).toEqual(expected);
    expect(scene!.drawing.choropleth).toBe(true);
    // Resources step back under an indicator map, as in the app.
    expect(scene!.drawing.resources.features).toHaveLength(0);
  });

  it('shows two years side by side in one classification', async () => {
    app.panel = 'demand';
    app.demand!.measure = 'rate';
    app.demand!.year = 2025;
    const slide = await deck.add();
    await deck.update({ ...slide, compare: { kind: 'years', beforeYear: 2018, layout: 'side-by-side' } });
    const scenes = scenesOf(deck.slides[0]!);
    const [before, after] = scenes.scenes;
    expect(before!.demand!.year).toBe(2018);
    expect(after!.demand!.year).toBe(2025);
    expect([before!.caption, after!.caption]).toEqual(['Vorher: 2018', 'Nachher: 2025']);
    // Derived values are computed anew on each read outside a component: read each once.
    const sides = [before!, after!].map((side) => ({ map: side.indicator!, rows: side.demand!.table!.rows }));
    const [beforeSide, afterSide] = sides;
    // One classification over both years: the same bounds and colours on both maps.
    expect(beforeSide!.map.choropleth.classification.breaks).toEqual(afterSide!.map.choropleth.classification.breaks);
    expect(beforeSide!.map.choropleth.colours).toEqual(afterSide!.map.choropleth.colours);
    const values = [...afterSide!.rows, ...beforeSide!.rows].map((row) => row.value).filter((value): value is number => value !== null);
    expect(afterSide!.map.choropleth.classification.breaks[0]).toBe(Math.min(...values));
    expect(afterSide!.map.choropleth.classification.breaks.at(-1)).toBe(Math.max(...values));
    // Each side colours its spaces by its own values.
    for (const { map, rows } of sides) {
      for (const row of rows) {
        const index = map.choropleth.classification.classOf(row.value);
        expect(map.colours.get(row.spaceId)).toBe(index < 0 ? null : map.choropleth.colours[index]);
      }
    }
  });

  it('shows another variant as "before"', async () => {
    const project = app.project!;
    await project.duplicateVariant('Vorschlag B');
    const proposal = project.activeVariant!;
    // In "Vorschlag B" one unit moves from the first space to the second.
    const [first, second] = project.spaces;
    await project.assignUnits([first!.unitIds[0]!], second!.id);
    app.panel = 'spaces';
    const slide = await deck.add();
    await deck.update({ ...slide, compare: { kind: 'variants', beforeVariantId: 'v-ist-2025', layout: 'swipe' } });
    const [before, after] = scenesOf(deck.slides[0]!).scenes;
    expect(after!.variantId).toBe(proposal.id);
    expect(before!.variantId).toBe('v-ist-2025');
    expect(before!.caption).toBe('Vorher: Ist 2025');
    expect(after!.caption).toBe('Nachher: Vorschlag B');
    const unitsOf = (scene: typeof before, code: string) => scene!.spaces.find((space) => space.code === code)!.unitIds.length;
    expect(unitsOf(after, second!.code)).toBe(unitsOf(before, second!.code) + 1);
  });
});
