/**
 * What a slide shows, computed from the slide and the project — independent of what the editor
 * shows at the moment: the spaces of the slide's variant, its indicator (a DemandView of its
 * own, so the numbers are the suppressed table of that indicator, exactly as the demand tab
 * would publish them), the map drawing, the legend, captions and the words of the title block.
 * A before/after slide has two scenes that share one classification, so a colour means the same
 * on both maps.
 */
import type { FeatureCollection } from 'geojson';
import type { AppState } from './app.svelte';
import type { ProjectState } from './project.svelte';
import { DemandView, type DemandChoropleth } from './demand.svelte';
import { hexagonLegend, indicatorLegend, indicatorMap, type IndicatorLegend, type IndicatorMap } from './demand-labels';
import type { SocialSpace, View } from '../domain/types';
import type { LegendEntry, LegendSection } from '../domain/legend';
import { CATEGORY_ICON_PATHS } from '../domain/category-icons';
import { formatNumber } from '../i18n';
import { basemapCollections, districtCollection, resourcesCollection, spaceLabelsCollection, spacesCollection } from '../map/features';
import { basemapById } from '../map/basemaps';
import type { MapDrawing } from '../map/present-style';

export type SceneSide = 'single' | 'before' | 'after';

type Classes = Omit<DemandChoropleth, 'spaceColours'>;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** Grey of the stripes over spaces without a value (as the map draws them). */
const NO_VALUE_STRIPES = '#8a8a8a';
/** A plan legend lists its spaces up to this many (more are read from the map labels). */
const MAX_LISTED_SPACES = 16;

/** "Sozialraum-Atlas · offline · © OpenStreetMap contributors": the basemap's and the layers' attributions as plain text. */
export function attributionText(project: ProjectState): string {
  const basemap = basemapById(project.project.settings.basemap).attribution.replace(/<[^>]*>/g, '');
  const layers = project.snapshot.layers.map((layer) => layer.attribution ?? '').filter(Boolean);
  return [...new Set([basemap, ...layers])].join(' · ');
}

export class SlideScene {
  readonly #app: AppState;
  readonly #project: ProjectState;
  readonly #shared: () => Classes | null;
  readonly slide: View;
  readonly side: SceneSide;
  /** The variant whose spaces are drawn. */
  readonly variantId: string | null;
  /** The slide's indicator, counted into this scene's variant and year; null for a plan or resources slide. */
  readonly demand: DemandView | null;

  constructor(app: AppState, project: ProjectState, slide: View, side: SceneSide, shared: () => Classes | null = () => null) {
    this.#app = app;
    this.#project = project;
    this.#shared = shared;
    this.slide = slide;
    this.side = side;
    const known = (id: string | null | undefined): id is string => Boolean(id) && project.variants.some((variant) => variant.id === id);
    const own = known(slide.variantId) ? slide.variantId : (project.activeVariant?.id ?? null);
    const compare = slide.compare;
    this.variantId = side === 'before' && compare?.kind === 'variants' && known(compare.beforeVariantId) ? compare.beforeVariantId : own;
    if (slide.panel === 'demand' && slide.indicator) {
      const demand = new DemandView(project, app.demandServices, this.variantId);
      demand.apply(slide.indicator);
      if (side === 'before' && compare?.kind === 'years') demand.year = compare.beforeYear;
      demand.showHexagons = slide.hexagons;
      this.demand = demand;
    } else {
      this.demand = null;
    }
  }

  readonly spaces: SocialSpace[] = $derived.by(() => (this.variantId ? this.#project.plan(this.variantId).spaces : []));

  readonly variantName: string = $derived.by(() => this.#project.variants.find((variant) => variant.id === this.variantId)?.name ?? '');

  /** Located cases per hexagon, when the slide shows them. */
  readonly hexagons = $derived.by(() => (this.demand?.showHexagons ? this.demand.hexagons : null));

  /** The indicator map (colours and labels), in the classes shared with the other side when there is one. */
  readonly indicator: IndicatorMap | null = $derived.by(() => {
    const demand = this.demand;
    if (!demand || this.hexagons) return null;
    const shared = this.#shared();
    return indicatorMap(this.#app, demand, shared ? demand.choroplethWith(shared) : demand.choropleth);
  });

  /** Whether the resources are drawn: switched on, and not under an indicator map (as in the app). */
  readonly #showsResources: boolean = $derived.by(() => this.slide.layers.includes('resources') && !this.indicator && !this.hexagons);

  readonly #basemap = $derived.by(() => basemapCollections(this.#project.snapshot.features));

  readonly drawing: MapDrawing = $derived.by(() => {
    const spaceIds = new Set(this.spaces.map((space) => space.id));
    return {
      spaces: spacesCollection(this.spaces, this.indicator),
      spaceLabels: spaceLabelsCollection(this.spaces, this.indicator),
      district: districtCollection(this.#project.project.outline),
      resources: this.#showsResources ? resourcesCollection(this.#project.snapshot.resources) : EMPTY,
      hexagons: this.hexagons?.collection ?? EMPTY,
      movedAreas: EMPTY,
      ...this.#basemap,
      choropleth: this.indicator !== null,
      hexagonsShown: this.hexagons !== null,
      selection: this.slide.selection.filter((id) => spaceIds.has(id)),
      layers: this.slide.layers,
      categories: this.#app.categories,
    };
  });

  /** "Vorher: 2020" / "Nachher: Vorschlag B" on a before/after slide; null on a single map. */
  readonly caption: string | null = $derived.by(() => {
    const compare = this.slide.compare;
    if (this.side === 'single' || !compare) return null;
    const name = compare.kind === 'years' ? String(this.demand?.year ?? '') : this.variantName;
    return this.#app.t(this.side === 'before' ? 'present.before' : 'present.after', { name });
  });

  /** The legend: the indicator's classes (or the hexagons'), else the plan's spaces; resources and the district border when shown. */
  readonly legend: LegendSection[] = $derived.by(() => {
    const app = this.#app;
    const sections: LegendSection[] = [];
    const counted = this.side === 'single';
    const classes = (legend: IndicatorLegend): LegendSection => ({
      title: legend.title,
      entries: [
        ...legend.classes.map((entry): LegendEntry => ({ swatch: { kind: 'fill', colour: entry.colour }, label: entry.label, count: counted && entry.count !== null ? formatNumber(app.locale, entry.count) : '' })),
        ...(legend.noValueCount > 0 || !counted
          ? [{ swatch: { kind: 'hatch', colour: NO_VALUE_STRIPES }, label: legend.noValue, count: counted ? formatNumber(app.locale, legend.noValueCount) : '' } as LegendEntry]
          : []),
      ].filter((entry) => entry.label !== ''),
      note: legend.note ?? '',
    });
    if (this.indicator) sections.push(classes(indicatorLegend(app, this.indicator)));
    else if (this.hexagons && this.demand) sections.push(classes(hexagonLegend(app, this.demand, this.hexagons, this.#project.project.settings.suppressionThreshold)));
    else if (this.slide.layers.includes('boundaries') && this.spaces.length > 0) {
      // With labels on the map names the spaces itself; without, the legend lists them (a few).
      const listed = !this.slide.layers.includes('labels') && this.spaces.length <= MAX_LISTED_SPACES ? this.spaces : [];
      sections.push({
        title: app.t('legend.spaces', { variant: this.variantName }),
        entries: listed.length > 0
          ? listed.map((space) => ({ swatch: { kind: 'fill', colour: space.color }, label: `${space.code} ${space.name}`, count: '' }))
          : [{ swatch: { kind: 'line', colour: '#000000', dashed: false }, label: app.t('legend.spaceBorder'), count: '' }],
        note: '',
      });
    }
    if (this.#showsResources) {
      const counts = new Map<string, number>();
      for (const resource of this.#project.snapshot.resources) {
        const id = app.category(resource.category).id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const entries = app.activeCategories
        .filter((category) => counts.has(category.id))
        .map((category): LegendEntry => ({
          swatch: { kind: 'symbol', colour: category.color, icon: CATEGORY_ICON_PATHS[category.icon] },
          label: app.categoryLabel(category.id),
          count: formatNumber(app.locale, counts.get(category.id)!),
        }));
      if (entries.length > 0) sections.push({ title: app.t('legend.resources'), entries, note: '' });
    }
    if (this.slide.layers.includes('district') && this.#project.project.outline) {
      sections.push({ title: '', entries: [{ swatch: { kind: 'line', colour: '#000000', dashed: true }, label: app.t('legend.district'), count: '' }], note: '' });
    }
    return sections;
  });

  /** "Datenstand 31.12.2025 · Quelle: …" for the title block and the page footer. */
  readonly sourceLine: string = $derived.by(() => {
    const { dataAsOf, source } = this.slide;
    return [dataAsOf ? this.#app.t('present.dataAsOf', { date: dataAsOf }) : '', source ? this.#app.t('present.source', { source }) : ''].filter(Boolean).join(' · ');
  });
}

/** The scenes of one slide: one, or before and after sharing their classes. */
export class SlideScenes {
  readonly slide: View;
  readonly scenes: SlideScene[];

  constructor(app: AppState, project: ProjectState, slide: View) {
    this.slide = slide;
    const compare = slide.compare;
    const valid =
      compare !== null &&
      (compare.kind === 'variants' ? project.variants.some((variant) => variant.id === compare.beforeVariantId) : slide.panel === 'demand' && slide.indicator !== null);
    if (valid) {
      const shared = () => this.#shared;
      this.scenes = [new SlideScene(app, project, slide, 'before', shared), new SlideScene(app, project, slide, 'after', shared)];
    } else {
      this.scenes = [new SlideScene(app, project, slide, 'single')];
    }
  }

  /** Both sides' values classed with the "after" side's settings (null on a single map). */
  readonly #shared: Classes | null = $derived.by(() => {
    const [before, after] = this.scenes;
    if (!after || !before?.demand || !after.demand) return null;
    const values = [after.demand.table, before.demand.table].flatMap((table) => table?.rows.map((row) => row.value) ?? []);
    return after.demand.classesOf(values);
  });

  /** The legend: the "after" side's (the classes are shared). */
  get legend(): LegendSection[] {
    return this.scenes.at(-1)!.legend;
  }
}
