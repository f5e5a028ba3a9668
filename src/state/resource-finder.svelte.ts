/**
 * Finding resources: filters (category, social space, provider, target group, the age of a
 * child, free text forgiving umlauts and typos), the result list, the selected and hovered resource (shared
 * with the map), and the filtered list as CSV/GeoJSON. The map shows exactly the filtered
 * resources.
 */
import { activeCategories, categoryDefinition, DEFAULT_CATEGORIES, resolveCategory, type CategoryDefinition } from '../domain/categories';
import { categoryLabelIn } from './category-labels';
import { createSearchIndex, type SearchDocument, type SearchIndex } from '../domain/search';
import { countTargetGroups, formatTargetGroups, hasTargetGroup, parseTargetGroups, TARGET_GROUPS_ATTRIBUTE, type TargetGroupCount } from '../domain/target-groups';
import type { Layer, Resource, ResourceCategory } from '../domain/types';
import { circle } from '@turf/turf';
import type { Polygon } from 'geojson';
import { areasOfPoints } from '../geo/points-in-areas';
import { bboxOfGeometries, type BBox } from '../geo/bbox';
import { createAddressSuggester, type AddressSuggester, type AddressSuggestion } from '../io/location/address-suggest';
import { createNearestIndex, nearestPerCategory, type NearestIndex } from '../geo/nearest';
import { RESOURCE_CSV_COLUMNS, resourcesToCsv, resourcesToGeoJson, type ResourceCsvLabels, type ResourceExportRow } from '../io/resource-export';
import type { MessageKey } from '../i18n';
import type { ProjectState } from './project.svelte';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Full-text search off the main thread: the documents are sent when resources change. */
export interface SearchService {
  load(documents: SearchDocument[]): Promise<void>;
  /** Ids matching every word, best first. */
  search(query: string): Promise<string[]>;
}

/**
 * Walking times from a place to resources over the road network (the reachability worker), or
 * null when the project has no road network: then the finder shows straight-line distances only.
 */
export type WalkingTimes = (origin: { lon: number; lat: number }, resources: readonly Resource[]) => Promise<Float64Array> | null;

/** The list shows this many at first; more on request (the map always shows all). */
export const LIST_PAGE = 200;

/** Radii the nearby finder offers, metres. */
export const NEARBY_RADII = [500, 1000, 2000, 5000] as const;
/** Resources listed per category within the radius. */
export const NEARBY_PER_CATEGORY = 10;

/** Where "what is near" looks from: a clicked place, an address or a resource. */
export interface NearbyOrigin {
  lon: number;
  lat: number;
  /** The resource it is, when picked from one (left out of its own results). */
  resourceId: string | null;
  /** The address it is, when picked from the address suggestions ("Hauptstraße 12, 91207 Lauf"). */
  address?: string;
}

/** The area searched around the origin: a circle of the radius (geodesic, 64 corners) and its box. */
export interface NearbyArea {
  circle: Polygon;
  bbox: BBox;
}

export interface NearbyCategory {
  category: ResourceCategory;
  /** Within the radius, nearest first (straight-line distance). */
  within: { resource: Resource; distanceMeters: number }[];
  /** The nearest beyond the radius when none is within, else null. */
  beyond: { resource: Resource; distanceMeters: number } | null;
}

/** The age range a resource serves: its own, else its category's typical one. */
export function ageRangeOf(resource: Resource, categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES): [number | null, number | null] {
  const category = categoryDefinition(categories, resource.category);
  return [resource.ageFromYears ?? category.ageFromYears, resource.ageToYears ?? category.ageToYears];
}

/** Whether a resource serves a child of `age` years (open ends count as serving). */
export function servesAge(resource: Resource, age: number, categories: readonly CategoryDefinition[] = DEFAULT_CATEGORIES): boolean {
  const [from, to] = ageRangeOf(resource, categories);
  return (from === null || age >= from) && (to === null || age < to);
}

/** A resource being entered or edited by hand (form values as typed). */
export interface ResourceDraft {
  /** The resource edited, or null for a new one. */
  id: string | null;
  layerId?: string;
  name: string;
  category: ResourceCategory;
  address: string;
  capacity: string;
  provider: string;
  ageFrom: string;
  ageTo: string;
  contact: string;
  openingHours: string;
  /** Target groups as typed ("Kinder, Eltern"). */
  targetGroups: string;
  notes: string;
  position: [number, number] | null;
  /** Other attributes of an edited resource, kept as they were. */
  attributes: Resource['attributes'];
}

export type DraftProblem = 'name' | 'position' | 'capacity' | 'ageFrom' | 'ageTo' | 'ageOrder';

/** A number typed in German or English ("1.020", "12,5", "45"); null when empty, NaN when unreadable. */
export function parseTypedNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const normalised = /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(trimmed) ? trimmed.replace(/\./g, '').replace(',', '.') : trimmed.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : Number.NaN;
}

/** What is wrong with a draft (empty when it can be saved). */
export function draftProblems(draft: ResourceDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.name.trim() === '') problems.push('name');
  if (!draft.position) problems.push('position');
  const capacity = parseTypedNumber(draft.capacity);
  if (capacity !== null && (Number.isNaN(capacity) || capacity < 0)) problems.push('capacity');
  const from = parseTypedNumber(draft.ageFrom);
  const to = parseTypedNumber(draft.ageTo);
  if (from !== null && (Number.isNaN(from) || from < 0)) problems.push('ageFrom');
  if (to !== null && (Number.isNaN(to) || to < 0)) problems.push('ageTo');
  if (from !== null && to !== null && !Number.isNaN(from) && !Number.isNaN(to) && to <= from) problems.push('ageOrder');
  return problems;
}

/** The record a draft becomes (its problems checked first). */
export function draftToResource(draft: ResourceDraft, id: string): Omit<Resource, 'layerId' | 'projectId'> & { layerId?: string } {
  const attributes: Resource['attributes'] = { ...draft.attributes };
  const setText = (key: string, value: string) => {
    if (value.trim()) attributes[key] = value.trim();
    else delete attributes[key];
  };
  setText('contact', draft.contact);
  setText('openingHours', draft.openingHours);
  setText(TARGET_GROUPS_ATTRIBUTE, formatTargetGroups(parseTargetGroups(draft.targetGroups)));
  setText('notes', draft.notes);
  return {
    id,
    ...(draft.layerId ? { layerId: draft.layerId } : {}),
    name: draft.name.trim(),
    category: draft.category,
    address: draft.address.trim(),
    capacity: parseTypedNumber(draft.capacity),
    provider: draft.provider.trim(),
    ageFromYears: parseTypedNumber(draft.ageFrom),
    ageToYears: parseTypedNumber(draft.ageTo),
    geometry: { type: 'Point', coordinates: [draft.position![0], draft.position![1]] },
    attributes,
  };
}

export class ResourceFinder {
  readonly #project: ProjectState;
  readonly #translate: () => Translate;
  readonly #newId: () => string;
  readonly #search: SearchService | null;
  /** Answer of the search service for `text` (with a service); the last one stays until the next arrives. */
  #hits = $state.raw<{ text: string; ids: string[] } | null>(null);
  #loaded: readonly Resource[] | null = null;
  #loading: Promise<void> | null = null;
  #asked = 0;
  /** The resource being entered or edited, and whether the next map click places it. */
  draft = $state<ResourceDraft | null>(null);
  placingDraft = $state(false);
  text = $state('');
  /** Categories shown; empty = all. */
  categories = $state.raw<ResourceCategory[]>([]);
  spaceId = $state<string | null>(null);
  provider = $state<string | null>(null);
  /** A target group (its folded key, see `domain/target-groups`), or null for all. */
  targetGroup = $state<string | null>(null);
  age = $state<number | null>(null);
  selectedId = $state<string | null>(null);
  hoveredId = $state<string | null>(null);
  listed = $state(LIST_PAGE);
  /** The nearby finder: its origin, and whether the next map click sets it. */
  nearby = $state.raw<NearbyOrigin | null>(null);
  picking = $state(false);
  radiusMeters = $state<number>(1000);
  /** What is typed in the nearby finder's address field. */
  addressText = $state('');

  readonly #walkingTimes: WalkingTimes | null;
  #walking = $state.raw<{ key: string; seconds: ReadonlyMap<string, number> } | null>(null);

  constructor(
    project: ProjectState,
    translate: () => Translate,
    newId: () => string = () => crypto.randomUUID(),
    search: SearchService | null = null,
    walkingTimes: WalkingTimes | null = null,
  ) {
    this.#project = project;
    this.#translate = translate;
    this.#newId = newId;
    this.#search = search;
    this.#walkingTimes = walkingTimes;
  }

  /** What the walking times answer: the origin and the resources listed. */
  #walkingKey(): string {
    const origin = this.nearby;
    if (!origin) return '';
    const listed = this.nearbyResults.flatMap((group) => [...group.within, ...(group.beyond ? [group.beyond] : [])].map((hit) => hit.resource.id));
    return `${origin.lon},${origin.lat}|${listed.join(',')}|${this.#project.roadGraphLayer?.graph.set ?? ''}`;
  }

  /**
   * Walking time over the road network from the origin to each resource listed (seconds, by
   * id), once the worker answered; null without a road network or before the answer.
   */
  get walkingSeconds(): ReadonlyMap<string, number> | null {
    const walking = this.#walking;
    return walking && walking.key === this.#walkingKey() ? walking.seconds : null;
  }

  /** Whether walking times can be had (the project has a road network). */
  get walkingAvailable(): boolean {
    return this.#walkingTimes !== null && this.#project.roadGraphLayer !== null;
  }

  /** Ask for the walking times of what "what is near" lists now (the panel calls this when the list changes). */
  async requestWalkingTimes(): Promise<void> {
    const origin = this.nearby;
    if (!origin || !this.walkingAvailable) return;
    const key = this.#walkingKey();
    if (this.#walking?.key === key) return;
    const listed = this.nearbyResults.flatMap((group) => [...group.within, ...(group.beyond ? [group.beyond] : [])].map((hit) => hit.resource));
    const answer = this.#walkingTimes!({ lon: origin.lon, lat: origin.lat }, listed);
    if (!answer) return;
    const seconds = await answer;
    // Only the answer to the current question counts.
    if (this.#walkingKey() !== key) return;
    this.#walking = { key, seconds: new Map(listed.map((resource, index) => [resource.id, seconds[index]!])) };
  }

  /** The categories offered (the project's, not merged away), in its order. */
  get shownCategories(): CategoryDefinition[] {
    return activeCategories(this.#project.categories);
  }

  /** A text search is on its way to the search worker (the list shows the previous answer meanwhile). */
  get searching(): boolean {
    const text = this.text.trim();
    return this.#search !== null && text !== '' && this.#hits?.text !== text;
  }

  /** The text search: with a search service the results follow when the worker answers. */
  setText(text: string): void {
    this.text = text;
    this.listed = LIST_PAGE;
    if (this.#search && text.trim() !== '') void this.#ask(text.trim());
  }

  async #ask(query: string): Promise<void> {
    const service = this.#search!;
    const asked = ++this.#asked;
    const resources = this.resources;
    if (this.#loaded !== resources) {
      this.#loaded = resources;
      this.#loading = service.load(this.#documents());
    }
    await this.#loading;
    const ids = await service.search(query);
    // Only the answer to the latest question counts.
    if (asked === this.#asked) this.#hits = { text: query, ids };
  }

  /** What the search sees of each resource: name, category in words and as id, provider, address, text attributes. */
  #documents(): SearchDocument[] {
    const t = this.#translate();
    return this.resources.map((resource) => ({
      id: resource.id,
      fields: {
        name: resource.name,
        category: `${categoryLabelIn(this.#project.categories, resource.category, t)} ${resource.category}`,
        provider: resource.provider,
        address: resource.address,
        extra: Object.values(resource.attributes)
          .filter((value) => typeof value === 'string')
          .join(' '),
      },
    }));
  }

  /** Start entering a new resource (placed by a click on the map, or at `position`). */
  startNew(position: [number, number] | null = null): void {
    this.draft = {
      id: null,
      name: '',
      category: this.categories.length === 1 ? this.categories[0]! : 'other',
      address: '',
      capacity: '',
      provider: '',
      ageFrom: '',
      ageTo: '',
      contact: '',
      openingHours: '',
      targetGroups: '',
      notes: '',
      position,
      attributes: {},
    };
    this.placingDraft = position === null;
    this.picking = false;
  }

  startEdit(resource: Resource): void {
    const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
    const { contact, openingHours, notes, [TARGET_GROUPS_ATTRIBUTE]: targetGroups, ...attributes } = resource.attributes;
    this.draft = {
      id: resource.id,
      layerId: resource.layerId,
      name: resource.name,
      category: resource.category,
      address: resource.address,
      capacity: text(resource.capacity),
      provider: resource.provider,
      ageFrom: text(resource.ageFromYears),
      ageTo: text(resource.ageToYears),
      contact: text(contact),
      openingHours: text(openingHours),
      targetGroups: text(targetGroups),
      notes: text(notes),
      position: [...(resource.geometry.coordinates as [number, number])],
      attributes,
    };
    this.placingDraft = false;
    this.picking = false;
  }

  cancelDraft(): void {
    this.draft = null;
    this.placingDraft = false;
  }

  /** Place (or move) the draft; from a map click or a drag of its marker. */
  placeDraft(lon: number, lat: number): void {
    if (!this.draft) return;
    this.draft.position = [lon, lat];
    this.placingDraft = false;
  }

  /** Store the draft as one undoable change and select the stored resource. */
  async saveDraft(): Promise<Resource | null> {
    // A plain copy: the draft is reactive state, and proxies cannot be stored in IndexedDB.
    const draft = this.draft ? $state.snapshot(this.draft) : null;
    if (!draft || draftProblems(draft).length > 0) return null;
    const next = draftToResource(draft, draft.id ?? this.#newId());
    const original = draft.id ? this.resources.find((resource) => resource.id === draft.id) : undefined;
    let how: 'add' | 'edit' | 'move' = 'add';
    if (original) {
      const same = (keys: (keyof typeof next & keyof Resource)[]) => keys.every((key) => JSON.stringify(original[key]) === JSON.stringify(next[key]));
      // Only the position changed: worded as a move in the undo history.
      how = same(['name', 'category', 'address', 'capacity', 'provider', 'ageFromYears', 'ageToYears', 'attributes']) && !same(['geometry']) ? 'move' : 'edit';
    }
    const stored = await this.#project.saveResource(next, how, this.#translate()('resources.manualLayer'));
    this.draft = null;
    this.placingDraft = false;
    this.selectedId = stored.id;
    return stored;
  }

  async deleteResource(resource: Resource): Promise<void> {
    await this.#project.deleteResource(resource);
    if (this.selectedId === resource.id) this.selectedId = null;
  }

  get resources(): readonly Resource[] {
    return this.#project.snapshot.resources;
  }

  /** The full-text index in this thread, when there is no search service (tests). */
  readonly #index: SearchIndex = $derived.by(() => createSearchIndex(this.#documents()));

  /** Ids matching the text, best first; with a service the latest answer (also while the next is on its way). */
  #textIds(text: string): string[] {
    if (!this.#search) return this.#index.search(text).map((hit) => hit.id);
    const hits = this.#hits;
    if (!hits) return [];
    // A resource changed since: ask again (the answer updates the list).
    if (this.#loaded !== this.resources) void this.#ask(text);
    return hits.ids;
  }

  /** The social space of each resource (active variant), by id. */
  readonly spaceOf: ReadonlyMap<string, string> = $derived.by(() => {
    const resources = this.resources;
    const spaces = this.#project.spaces;
    const found = areasOfPoints(
      Float64Array.from(resources, (resource) => resource.geometry.coordinates[0]!),
      Float64Array.from(resources, (resource) => resource.geometry.coordinates[1]!),
      spaces,
    );
    const map = new Map<string, string>();
    found.forEach((spaceId, index) => {
      if (spaceId) map.set(resources[index]!.id, spaceId);
    });
    return map;
  });

  /** Providers named by the resources, alphabetically. */
  readonly providers: string[] = $derived([...new Set(this.resources.map((resource) => resource.provider.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'de')));

  /** Target groups the resources name, most frequent first. */
  readonly targetGroups: TargetGroupCount[] = $derived(countTargetGroups(this.resources));

  /** Whether any filter is set. */
  get filtering(): boolean {
    return this.text.trim() !== '' || this.categories.length > 0 || this.spaceId !== null || this.provider !== null || this.targetGroup !== null || this.age !== null;
  }

  /** Resources passing every filter but the category one (for the counts on the category chips). */
  readonly #beforeCategories: Resource[] = $derived.by(() => {
    const { spaceId, provider, targetGroup, age } = this;
    const text = this.text.trim();
    const spaceOf = this.spaceOf;
    let candidates: Resource[];
    if (text) {
      const byId = new Map(this.resources.map((resource) => [resource.id, resource]));
      candidates = this.#textIds(text).map((id) => byId.get(id)!).filter(Boolean);
    } else {
      const order = new Map(this.shownCategories.map((category, index) => [category.id, index]));
      const rank = (resource: Resource) => order.get(resolveCategory(this.#project.categories, resource.category)) ?? order.size;
      candidates = [...this.resources].sort((left, right) => rank(left) - rank(right) || left.name.localeCompare(right.name, 'de'));
    }
    return candidates.filter(
      (resource) =>
        (spaceId === null || spaceOf.get(resource.id) === spaceId) &&
        (provider === null || resource.provider.trim() === provider) &&
        (targetGroup === null || hasTargetGroup(resource, targetGroup)) &&
        (age === null || servesAge(resource, age, this.#project.categories)),
    );
  });

  /** How many resources of each category pass the other filters. */
  readonly categoryCounts: ReadonlyMap<ResourceCategory, number> = $derived.by(() => {
    const counts = new Map<ResourceCategory, number>();
    for (const resource of this.#beforeCategories) counts.set(resource.category, (counts.get(resource.category) ?? 0) + 1);
    return counts;
  });

  /** The filtered resources: best text match first, else by category and name. */
  readonly results: Resource[] = $derived.by(() => {
    const categories = this.categories;
    if (categories.length === 0) return this.#beforeCategories;
    const shown = new Set(categories);
    return this.#beforeCategories.filter((resource) => shown.has(resource.category));
  });

  readonly selected: Resource | null = $derived(this.resources.find((resource) => resource.id === this.selectedId) ?? null);

  toggleCategory(category: ResourceCategory): void {
    this.categories = this.categories.includes(category) ? this.categories.filter((id) => id !== category) : [...this.categories, category];
    this.listed = LIST_PAGE;
  }

  reset(): void {
    this.text = '';
    this.categories = [];
    this.spaceId = null;
    this.provider = null;
    this.targetGroup = null;
    this.age = null;
    this.listed = LIST_PAGE;
  }

  /** All resources (not only the filtered ones) by category, for "what is near". */
  readonly #nearest: NearestIndex = $derived.by(() => {
    const resources = this.resources;
    const shown = this.shownCategories;
    const codes = new Map(shown.map((category, index) => [category.id, index]));
    const categories = this.#project.categories;
    // Resources of a category the project does not know are looked for as one more group.
    return createNearestIndex({
      lon: Float64Array.from(resources, (resource) => resource.geometry.coordinates[0]!),
      lat: Float64Array.from(resources, (resource) => resource.geometry.coordinates[1]!),
      category: Uint16Array.from(resources, (resource) => codes.get(resolveCategory(categories, resource.category)) ?? shown.length),
      categoryCount: shown.length + 1,
    });
  });

  /**
   * What is near the origin, per category: the resources within the radius (straight-line
   * distance; walking times over the road network follow in `walkingSeconds`), else the nearest
   * one beyond it. Categories without any resource are left out.
   */
  readonly nearbyResults: NearbyCategory[] = $derived.by(() => {
    const origin = this.nearby;
    if (!origin) return [];
    const resources = this.resources;
    const index = this.#nearest;
    const skip = origin.resourceId;
    const within = nearestPerCategory(index, origin.lon, origin.lat, { k: NEARBY_PER_CATEGORY + 1, maxDistanceMeters: this.radiusMeters });
    const nearest = nearestPerCategory(index, origin.lon, origin.lat, { k: 2 });
    return this.shownCategories.flatMap((category, code) => {
      const hit = (entry: { resource: number; distanceMeters: number }) => ({ resource: resources[entry.resource]!, distanceMeters: entry.distanceMeters });
      const inside = within[code]!.map(hit).filter((entry) => entry.resource.id !== skip).slice(0, NEARBY_PER_CATEGORY);
      const closest = nearest[code]!.map(hit).filter((entry) => entry.resource.id !== skip)[0] ?? null;
      if (inside.length === 0 && !closest) return [];
      return [{ category: category.id, within: inside, beyond: inside.length === 0 ? closest : null }];
    });
  });

  /** The resources within the radius (all categories), for the map. */
  readonly nearbyWithin: Resource[] = $derived(this.nearbyResults.flatMap((group) => group.within.map((hit) => hit.resource)));

  /** The circle searched, for the map (recomputed when the origin or the radius changes, not on hover). */
  readonly nearbyArea: NearbyArea | null = $derived.by(() => {
    const origin = this.nearby;
    if (!origin) return null;
    const polygon = circle([origin.lon, origin.lat], this.radiusMeters, { units: 'meters', steps: 64 }).geometry;
    return { circle: polygon, bbox: bboxOfGeometries([polygon])! };
  });

  /** Look around a resource (from its detail card). */
  nearbyOf(resource: Resource): void {
    const [lon, lat] = resource.geometry.coordinates as [number, number];
    this.nearby = { lon, lat, resourceId: resource.id };
    this.picking = false;
    this.addressText = '';
  }

  /** Look around a place picked on the map. */
  pickPlace(lon: number, lat: number): void {
    this.nearby = { lon, lat, resourceId: null };
    this.picking = false;
    this.addressText = '';
  }

  /** End the nearby search. */
  clearNearby(): void {
    this.nearby = null;
    this.picking = false;
    this.addressText = '';
  }

  /** Whether the project has addresses to pick from (they come with an OSM import). */
  get hasAddresses(): boolean {
    return this.#project.addressPoints.length > 0;
  }

  /** The address lookup, built on first use and again when the project's addresses change. */
  readonly #addresses: AddressSuggester = $derived.by(() => createAddressSuggester(this.#project.addressPoints));

  /** Build the address lookup ahead of the first keystroke (the field got the focus). */
  prepareAddresses(): void {
    void this.#addresses;
  }

  /** Addresses matching what is typed in the address field, best first. */
  readonly addressSuggestions: AddressSuggestion[] = $derived(this.addressText.trim() === '' ? [] : this.#addresses.suggest(this.addressText));

  /** Look around an address chosen from the suggestions. */
  pickAddress(suggestion: AddressSuggestion): void {
    this.nearby = {
      lon: suggestion.lon,
      lat: suggestion.lat,
      resourceId: null,
      address: suggestion.place ? `${suggestion.label}, ${suggestion.place}` : suggestion.label,
    };
    this.addressText = suggestion.label;
    this.picking = false;
  }

  /** The layer a resource came from (name and import date for the detail card). */
  layerOf(resource: Resource): Layer | null {
    return this.#project.snapshot.layers.find((layer) => layer.id === resource.layerId) ?? null;
  }

  /** "SR 04 Oberes Auental" for the space a resource lies in, '' outside all. */
  spaceLabel(resource: Resource): string {
    const spaceId = this.spaceOf.get(resource.id);
    const space = spaceId ? this.#project.spaces.find((candidate) => candidate.id === spaceId) : undefined;
    return space ? `${space.code} ${space.name}`.trim() : '';
  }

  #exportRows(): ResourceExportRow[] {
    const t = this.#translate();
    return this.results.map((resource) => ({
      resource,
      categoryLabel: categoryLabelIn(this.#project.categories, resource.category, t),
      space: this.spaceLabel(resource),
      source: this.layerOf(resource)?.name ?? '',
    }));
  }

  /** The filtered list for German Excel. */
  csv(): { fileName: string; content: string } {
    const t = this.#translate();
    const labels = Object.fromEntries(RESOURCE_CSV_COLUMNS.map((column) => [column, t(`resources.column.${column}` as MessageKey)])) as ResourceCsvLabels;
    return { fileName: `${t('resources.fileName')}.csv`, content: resourcesToCsv(this.#exportRows(), labels) };
  }

  geoJson(): { fileName: string; content: string } {
    return { fileName: `${this.#translate()('resources.fileName')}.geojson`, content: resourcesToGeoJson(this.#exportRows()) };
  }
}
