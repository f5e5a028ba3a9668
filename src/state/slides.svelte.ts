/**
 * The slide deck of the open project ("Folien"): saving the current view as a slide, editing,
 * duplicating, reordering and deleting slides (each one undoable change through
 * `ProjectState.transact`), showing a slide in the editor, and stepping through the deck in
 * presentation mode. What a slide shows is drawn by `SlideScenes` (slide-scene.svelte.ts).
 */
import type { AppState } from './app.svelte';
import type { ProjectState } from './project.svelte';
import type { SlideCamera, SlidePanel, View } from '../domain/types';
import { dataAsOfFromDescription, insertSlide, moveSlide, normaliseView, SLIDE_LAYERS, slidesAfterDeleting, sortSlides } from '../domain/slides';
import { cameraForBounds } from '../geo/map-scale';
import { indicatorTitle } from './demand-labels';

/** What the map reports of its camera: the camera and the map's size in CSS pixels. */
export interface MapCamera {
  camera: SlideCamera;
  frame: { width: number; height: number };
}

const SLIDE_PANELS: readonly SlidePanel[] = ['spaces', 'resources', 'demand'];

/** Map size assumed when no map reports one (tests, a slide made before the map loaded). */
const DEFAULT_FRAME = { width: 1024, height: 768 };

export class SlideDeck {
  readonly #app: AppState;
  readonly #project: ProjectState;

  constructor(app: AppState, project: ProjectState) {
    this.#app = app;
    this.#project = project;
  }

  /** The slides in presentation order. */
  readonly slides: View[] = $derived.by(() => sortSlides(this.#project.snapshot.views.map(normaliseView)));

  /** Presentation mode: the slide shown (index into `slides`), null when not presenting. */
  presenting = $state<number | null>(null);

  /** The map's camera now, or one framing the project when no map is there. */
  #camera(): MapCamera {
    const reported = this.#app.mapCamera();
    if (reported) return reported;
    const bbox = this.#project.bbox;
    const framed = bbox ? cameraForBounds(bbox, DEFAULT_FRAME.width, DEFAULT_FRAME.height) : { center: [10, 51] as [number, number], zoom: 6 };
    return { camera: { ...framed, bearing: 0, pitch: 0 }, frame: { ...DEFAULT_FRAME } };
  }

  /** The current view as a slide with id `id` (not stored): camera, tab, variant, indicator, selection, words. */
  capture(id: string): View {
    const app = this.#app;
    const project = this.#project;
    const panel: SlidePanel = SLIDE_PANELS.includes(app.panel as SlidePanel) ? (app.panel as SlidePanel) : 'spaces';
    const demand = panel === 'demand' ? app.demand : null;
    const indicator = demand && demand.source ? demand.toSaved('slide', '') : null;
    const variant = project.activeVariant;
    const { camera, frame } = this.#camera();
    return {
      id,
      projectId: project.id,
      order: this.slides.length,
      title: this.#defaultTitle(panel),
      subtitle: project.project.name,
      notes: '',
      camera,
      frame,
      panel,
      variantId: variant?.id ?? null,
      indicator,
      hexagons: Boolean(indicator && demand?.showHexagons && demand.hexagonsAvailable),
      layers: [...SLIDE_LAYERS],
      selection: [...app.selectedSpaceIds],
      compare: null,
      dataAsOf: dataAsOfFromDescription(project.project.description),
      source: this.#defaultSource(panel),
    };
  }

  #defaultTitle(panel: SlidePanel): string {
    const app = this.#app;
    if (panel === 'demand' && app.demand?.spec) return indicatorTitle(app, app.demand);
    if (panel === 'resources') return app.t('slides.titleResources');
    return app.t('slides.titlePlan', { variant: this.#project.activeVariant?.name ?? '' });
  }

  #defaultSource(panel: SlidePanel): string {
    const app = this.#app;
    const project = this.#project;
    const layers = project.snapshot.layers;
    const names = (kind: string) => [...new Set(layers.filter((layer) => layer.kind === kind).map((layer) => layer.name))].join(', ');
    if (panel === 'demand' && app.demand?.source) return app.demand.source.layer?.name ?? names('resources');
    if (panel === 'resources') return names('resources');
    return [project.activeVariant?.name, names('units')].filter(Boolean).join(' · ');
  }

  /** Save the current view as a new slide at the end; returns it. */
  async add(): Promise<View> {
    const slide = this.capture(this.#app.newId());
    await this.#store(insertSlide(this.slides, slide, null), 'change.addSlide', slide.title);
    return this.slides.find((candidate) => candidate.id === slide.id) ?? slide;
  }

  /** Store edited words or settings of a slide (its position is kept). */
  update(slide: View): Promise<void> {
    const stored = this.slides.find((candidate) => candidate.id === slide.id);
    return this.#store([{ ...slide, order: stored?.order ?? slide.order }], 'change.editSlide', slide.title);
  }

  /** Replace what slide `id` shows by the current view, keeping its words and before/after. */
  refresh(id: string): Promise<void> {
    const slide = this.#slide(id);
    const view = this.capture(slide.id);
    const { title, subtitle, notes, dataAsOf, source, compare, order } = slide;
    return this.#store([{ ...view, title, subtitle, notes, dataAsOf, source, compare, order }], 'change.refreshSlide', title);
  }

  /** A copy of slide `id` right after it; returns the copy. */
  async duplicate(id: string): Promise<View> {
    const slide = this.#slide(id);
    const copy: View = { ...slide, id: this.#app.newId(), title: `${slide.title} ${this.#app.t('slides.copySuffix')}` };
    await this.#store(insertSlide(this.slides, copy, slide.id), 'change.duplicateSlide', slide.title);
    return copy;
  }

  /** Move slide `id` to position `toIndex` (0 first). */
  move(id: string, toIndex: number): Promise<void> {
    const changed = moveSlide(this.slides, id, toIndex);
    if (changed.length === 0) return Promise.resolve();
    return this.#store(changed, 'change.moveSlide', this.#slide(id).title);
  }

  remove(id: string): Promise<void> {
    const slide = this.#slide(id);
    return this.#project.transact({
      label: { key: 'change.deleteSlide', params: { title: slide.title } },
      put: { views: slidesAfterDeleting(this.slides, id) },
      delete: { views: [id] },
    });
  }

  /**
   * Show a slide in the editor: its tab, variant (switching the project's active variant, an
   * undoable change like any switch), indicator, selection and camera.
   */
  async show(slide: View): Promise<void> {
    const app = this.#app;
    const project = this.#project;
    app.panel = slide.panel;
    if (slide.variantId && slide.variantId !== project.activeVariant?.id && project.variants.some((variant) => variant.id === slide.variantId)) {
      await project.setActiveVariant(slide.variantId);
    }
    if (slide.indicator && app.demand) {
      app.demand.apply(slide.indicator);
      app.demand.showHexagons = slide.hexagons;
    }
    const spaceIds = new Set(project.spaces.map((space) => space.id));
    app.selectedSpaceIds = slide.selection.filter((id) => spaceIds.has(id));
    app.cameraRequest = { camera: slide.camera, frame: slide.frame };
  }

  /** Start presenting at slide `index` (default the first). */
  present(index = 0): void {
    if (this.slides.length === 0) return;
    this.presenting = Math.max(0, Math.min(this.slides.length - 1, index));
  }

  /** Step by `delta` slides; stays at the first and the last. */
  step(delta: number): void {
    if (this.presenting === null) return;
    this.presenting = Math.max(0, Math.min(this.slides.length - 1, this.presenting + delta));
  }

  stopPresenting(): void {
    this.presenting = null;
  }

  /** The slide shown while presenting. */
  get current(): View | null {
    return this.presenting === null ? null : (this.slides[this.presenting] ?? null);
  }

  #slide(id: string): View {
    const slide = this.slides.find((candidate) => candidate.id === id);
    if (!slide) throw new Error(`No slide ${id}`);
    return slide;
  }

  #store(views: View[], key: string, title: string): Promise<void> {
    return this.#project.transact({ label: { key, params: { title } }, put: { views }, delete: {} });
  }
}
