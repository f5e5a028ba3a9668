/**
 * ProjectState: the open project in memory. Reads are `$derived` views of one snapshot;
 * every write goes through `transact()` (store) and the returned operation is applied to the
 * snapshot, so memory and IndexedDB stay in step without reloading.
 */
import { applyOperation, type Change, type ChangeRequest, type Operation } from '../domain/change';
import { applyAssignments, assignmentOf, nextSpaceCode, reassignUnits } from '../domain/assignment';
import { nextSpaceColour } from '../domain/palette';
import { populationBySpace } from '../domain/space-population';
import {
  EMPTY_AREA,
  isEmptyArea,
  type AreaGeometry,
  type BasemapId,
  type Layer,
  type MapFeature,
  type Project,
  type ProjectSnapshot,
  type Resource,
  type SocialSpace,
  type Unit,
  type Variant,
} from '../domain/types';
import { bboxOfGeometries } from '../geo/bbox';
import { labelPoint } from '../geo/label-point';
import type { TopologyProblem } from '../geo/topology/validate';
import { area as turfArea, booleanPointInPolygon } from '@turf/turf';
import type { AtlasDatabase } from '../store/db';
import type { Polygon, Position } from 'geojson';
import type { FittedArea } from '../geo/drawn-area';
import type { SplitResult } from '../geo/split';
import { ActionError } from './action-error';
import { historyStatus, redo, transact, undo, type HistoryStatus } from '../store/transact';
import { isStaleProjectError, StaleProjectError, type WriteGuard } from '../store/project-meta';
import { loadProject } from '../store/projects';
import { isPointLayer, type PointTable } from '../domain/point-table';
import { loadPointLayer, replacePointLayer, updatePointLayerByKey } from '../store/point-layers';
import { formatRule } from '../io/osm/category-rules';
import type { CustomHelpGroup, SavedIndicator } from '../domain/demand';
import {
  DEFAULT_CATEGORIES,
  addCategory,
  categoryDefinition,
  mergeCategory,
  resolveCategory,
  updateCategory,
  type CategoryDefinition,
  type CategoryIcon,
} from '../domain/categories';
import type { OsmImportResult } from '../io/osm/read';
import type { AddressPoint } from '../io/location/addresses';
import type { RoadGraph } from '../io/osm/graph';
import { hasRoadGraph, type GraphLayer, type RoadGraphRef } from '../domain/road-graph-ref';
import { loadRoadGraph, transactWithRoadGraph } from '../store/road-graphs';
import { DEFAULT_TRAVEL_SETTINGS, checkTravelSettings, type TravelSettings } from '../domain/travel';

/** The parts of an OSM import; each is stored as a layer of the same kind. */
export type OsmPart = 'resources' | 'network' | 'addresses';

/** What ProjectState.importOsm stores of a read OSM file. */
export type OsmImportData = Pick<OsmImportResult, 'resources' | 'network' | 'addresses' | 'rules' | 'attribution'>;

export interface OsmLayerOptions {
  /** The file read; a later import of a file with this name replaces these layers. */
  fileName: string;
  include: Record<OsmPart, boolean>;
  /** Layer names in the user's language. */
  names: Record<OsmPart, string>;
}

/** `osm-resources:n123` → `<layerId>:n123`: the reader's ids, moved into the target layer. */
function idInLayer(id: string, layerId: string): string {
  return `${layerId}${id.slice(id.indexOf(':'))}`;
}

/** Geometry work the project needs; in the app a Web Worker, in tests the functions directly. */
export interface GeometryService extends TopologyService, EditGeometryService {
  dissolveGroups(
    units: { id: string; geometry: AreaGeometry }[],
    groups: Map<string, string[]>,
  ): Promise<Map<string, AreaGeometry | null>>;
}

/** Geometry behind drawing, splitting and merging spaces. */
export interface EditGeometryService {
  fitDrawnArea(drawn: Polygon, others: AreaGeometry[], outline: AreaGeometry | null): Promise<FittedArea>;
  splitArea(area: AreaGeometry, line: Position[]): Promise<SplitResult>;
  assignUnitsToPieces(pieces: AreaGeometry[], units: { id: string; geometry: AreaGeometry }[]): Promise<string[][]>;
  mergeAreas(areas: AreaGeometry[]): Promise<AreaGeometry | null>;
}

export interface TopologyService {
  validateCoverage(input: {
    spaces: { id: string; geometry: AreaGeometry }[];
    outline: AreaGeometry | null;
  }): Promise<TopologyProblem[]>;
  fixProblem(
    problem: TopologyProblem,
    spaces: { id: string; geometry: AreaGeometry }[],
    outline: AreaGeometry | null,
  ): Promise<Map<string, AreaGeometry>>;
}

/** The spaces of variant `variantId`, ordered by code. */
function spacesOfVariant(spaces: readonly SocialSpace[], variantId: string | undefined): SocialSpace[] {
  return spaces.filter((space) => space.variantId === variantId).sort((a, b) => a.code.localeCompare(b.code, 'de', { numeric: true }));
}

/**
 * The spaces of one variant with what derives from them, as `ProjectState` has them for the
 * active variant: for showing another variant (a slide, the "before" of a comparison) without
 * switching the project's active one.
 */
export class VariantPlan {
  readonly #project: ProjectState;
  readonly variantId: string;

  constructor(project: ProjectState, variantId: string) {
    this.#project = project;
    this.variantId = variantId;
  }

  readonly spaces: SocialSpace[] = $derived.by(() => spacesOfVariant(this.#project.snapshot.spaces, this.variantId));
  readonly assignment: Map<string, string> = $derived.by(() => assignmentOf(this.spaces));
  readonly spacePopulation = $derived.by(() => populationBySpace(this.spaces, this.#project.snapshot.units));
}

export interface ProjectServices {
  geometry: GeometryService;
  newId: () => string;
  /** Told the project's new revision after every stored write (other tabs are notified from here). */
  onWritten?: (revision: number) => void;
}

export class ProjectState {
  readonly id: string;
  readonly #db: AtlasDatabase;
  readonly #services: ProjectServices;
  #snapshot = $state.raw<ProjectSnapshot>() as ProjectSnapshot;
  #history = $state.raw<HistoryStatus>({ undo: null, redo: null });
  /** Serialises writes: a change starts only when the previous one is stored. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The stored revision the snapshot reflects; every write states it (store/project-meta.ts). */
  #revision: number;
  /** The revision at which changes made elsewhere were last read in (opening or reload); own writes leave it. */
  #syncedAt: number;

  /** `revision`: the stored revision `snapshot` was read at (0 for a project just installed). */
  constructor(db: AtlasDatabase, snapshot: ProjectSnapshot, services: ProjectServices, revision = 0) {
    this.#db = db;
    this.#services = services;
    this.#snapshot = snapshot;
    this.#revision = revision;
    this.#syncedAt = revision;
    this.id = snapshot.projects[0]!.id;
  }

  /** The stored revision the data in memory reflect. */
  get revision(): number {
    return this.#revision;
  }

  /**
   * Read the project again from IndexedDB (another tab changed it). Queued behind running
   * writes. Returns false when the project no longer exists (deleted elsewhere).
   */
  reload(): Promise<boolean> {
    return this.#enqueue(() => this.#reloadNow());
  }

  async #reloadNow(): Promise<boolean> {
    const loaded = await loadProject(this.#db, this.id);
    if (!loaded) return false;
    this.#snapshot = loaded.snapshot;
    this.#revision = loaded.revision;
    this.#syncedAt = loaded.revision;
    await this.syncPointTables();
    return true;
  }

  #guard(): WriteGuard {
    return { expectedRevision: this.#revision };
  }

  /** Take over the revision a store write returned and tell whoever listens. */
  #written(change: Pick<Change, 'revision'>): void {
    if (change.revision === undefined) return;
    this.#revision = change.revision;
    this.#services.onWritten?.(change.revision);
  }

  get snapshot(): ProjectSnapshot {
    return this.#snapshot;
  }

  get history(): HistoryStatus {
    return this.#history;
  }

  readonly project: Project = $derived(this.#snapshot.projects[0]!);

  readonly variants: Variant[] = $derived(this.#snapshot.variants);

  /** The project's resource categories, merged ones included (see `activeCategories`). */
  readonly categories: readonly CategoryDefinition[] = $derived(this.project.categories ?? DEFAULT_CATEGORIES);

  readonly activeVariant: Variant | null = $derived(
    this.#snapshot.variants.find((variant) => variant.id === this.project.activeVariantId) ??
      this.#snapshot.variants[0] ??
      null,
  );

  /** Social spaces of the active variant, ordered by code. */
  readonly spaces: SocialSpace[] = $derived(spacesOfVariant(this.#snapshot.spaces, this.activeVariant?.id));

  readonly #plans = new Map<string, VariantPlan>();

  /** Variant `variantId`'s spaces and what derives from them (one object per variant). */
  plan(variantId: string): VariantPlan {
    let plan = this.#plans.get(variantId);
    if (!plan) {
      plan = new VariantPlan(this, variantId);
      this.#plans.set(variantId, plan);
    }
    return plan;
  }

  readonly unitLayers: Layer[] = $derived(this.#snapshot.layers.filter((layer) => layer.kind === 'units'));

  readonly units: Unit[] = $derived(this.#snapshot.units);

  readonly unitsById: Map<string, Unit> = $derived(new Map(this.#snapshot.units.map((unit) => [unit.id, unit])));

  /** unit id → space id, for the active variant. */
  readonly assignment: Map<string, string> = $derived(assignmentOf(this.spaces));

  readonly unassignedUnitCount: number = $derived(this.units.filter((unit) => !this.assignment.has(unit.id)).length);

  readonly spacePopulation = $derived(populationBySpace(this.spaces, this.#snapshot.units));

  readonly bbox = $derived(
    bboxOfGeometries([
      ...(this.project.outline ? [this.project.outline] : []),
      ...this.spaces.filter((space) => !isEmptyArea(space.geometry)).map((space) => space.geometry),
      ...(this.spaces.length === 0 ? this.units.map((unit) => unit.geometry) : []),
      ...(this.spaces.length === 0 && this.units.length === 0 ? this.#snapshot.resources.map((resource) => resource.geometry) : []),
    ]),
  );

  /** Addresses of imported OSM extracts (features of class 'address'), for offline address matching. */
  readonly addressPoints: AddressPoint[] = $derived(
    this.#snapshot.features
      .filter((feature) => feature.properties.class === 'address' && feature.geometry.type === 'Point')
      .map((feature) => {
        const [lon, lat] = feature.geometry.coordinates as [number, number];
        const { street = '', housenumber = '', postcode = '', city = '' } = feature.properties;
        return { street, housenumber, postcode, city, lon, lat };
      }),
  );

  /** The layer of `kind` an earlier OSM import of `fileName` made, if any (what a re-import replaces). */
  osmLayer(kind: OsmPart, fileName: string, attribution: string): Layer | null {
    return this.#snapshot.layers.find((layer) => layer.kind === kind && layer.source === fileName && layer.attribution === attribution) ?? null;
  }

  /**
   * The network layer whose routing graph reachability uses: of the layers with a stored graph
   * the most recently imported one (several OSM files are not merged into one graph).
   */
  readonly roadGraphLayer: GraphLayer | null = $derived(
    this.#snapshot.layers
      .filter(hasRoadGraph)
      .reduce<GraphLayer | null>((newest, layer) => (newest === null || layer.importedAt >= newest.importedAt ? layer : newest), null),
  );

  /**
   * Load the routing graph of network layer `layerId` (default: `roadGraphLayer`) from IndexedDB;
   * null when that layer has no stored graph. Every call returns fresh arrays, so the caller may
   * transfer their buffers to a worker.
   */
  async roadGraph(layerId?: string): Promise<RoadGraph | null> {
    const layer = layerId === undefined ? this.roadGraphLayer : this.#snapshot.layers.find((candidate) => candidate.id === layerId);
    if (!layer || !hasRoadGraph(layer)) return null;
    return loadRoadGraph(this.#db, this.id, layer.id, layer.graph.set);
  }

  /** Point tables of the project's point layers (CSV imports), by layer id, once loaded. */
  get pointTables(): ReadonlyMap<string, PointTable> {
    return this.#pointTables;
  }
  #pointTables = $state.raw<ReadonlyMap<string, PointTable>>(new Map());
  /** Loaded tables by stored set (a set never changes, so undo/redo find them here). */
  readonly #pointSets = new Map<string, PointTable>();

  /** Load the point tables the layers point at (after opening, undo, redo or an import). */
  async syncPointTables(): Promise<void> {
    const tables = new Map<string, PointTable>();
    for (const layer of this.#snapshot.layers) {
      if (!isPointLayer(layer)) continue;
      let table = this.#pointSets.get(layer.points.set);
      if (!table) {
        table = await loadPointLayer(this.#db, this.id, layer);
        this.#pointSets.set(layer.points.set, table);
      }
      tables.set(layer.id, table);
    }
    this.#pointTables = tables;
  }

  /**
   * Store imported points as a layer, one undoable change. A file imported again (same source
   * and kind) updates its layer: by the key column when both have it (changed records updated,
   * new ones added), else by replacing the layer's points.
   */
  importPointLayer(layer: Pick<Layer, 'kind' | 'name' | 'source' | 'mapping'>, table: PointTable): Promise<Layer> {
    return this.#enqueue(async () => {
      const existing = this.#snapshot.layers.find((candidate) => candidate.kind === layer.kind && candidate.source === layer.source);
      const label = { key: 'change.importPoints', params: { count: table.length, name: layer.name } };
      let change;
      let layerId: string;
      const byKey = existing !== undefined && isPointLayer(existing) && table.keyColumn !== null && existing.points.keyColumn === table.keyColumn;
      if (byKey) {
        layerId = existing.id;
        change = (await updatePointLayerByKey(this.#db, this.id, existing.id, table, label, {}, this.#guard())).change;
      } else {
        const record: Layer = { ...(existing ?? {}), ...layer, id: existing?.id ?? this.#services.newId(), projectId: this.id, importedAt: Date.now() };
        layerId = record.id;
        change = await replacePointLayer(this.#db, this.id, record, table, label, this.#guard());
      }
      if (change) {
        this.#apply(change.forward);
        this.#written(change);
      }
      // A replaced layer stores exactly `table`: keep it rather than read a million rows back.
      const stored = this.#snapshot.layers.find((candidate) => candidate.id === layerId);
      if (!byKey && stored && isPointLayer(stored) && !this.#pointSets.has(stored.points.set)) this.#pointSets.set(stored.points.set, table);
      await this.syncPointTables();
      return this.#snapshot.layers.find((candidate) => candidate.id === layerId)!;
    });
  }

  /**
   * Store resources read from a table or point file as one undoable change, in a `resources`
   * layer named after the file. Importing the same file again replaces that layer's records:
   * records with the same id (an identifier column) are updated, new ones added, missing ones
   * deleted. `build` gets the layer id (record ids are stable per layer).
   */
  importResourceLayer(layer: Pick<Layer, 'name' | 'source' | 'mapping'>, build: (layerId: string) => Resource[]): Promise<{ layer: Layer; count: number }> {
    return this.#enqueue(async () => {
      const existing = this.#snapshot.layers.find(
        (candidate) => candidate.kind === 'resources' && candidate.source === layer.source && !candidate.attribution && !isPointLayer(candidate),
      );
      const record: Layer = {
        ...(existing ?? {}),
        ...layer,
        id: existing?.id ?? this.#services.newId(),
        projectId: this.id,
        kind: 'resources',
        importedAt: Date.now(),
      };
      const resources = build(record.id).map((resource) => this.#inActiveCategory(resource));
      const kept = new Set(resources.map((resource) => resource.id));
      const stale = this.#snapshot.resources.filter((old) => old.layerId === record.id && !kept.has(old.id)).map((old) => old.id);
      await this.#commit({
        label: { key: 'change.importResources', params: { count: resources.length, name: layer.name } },
        put: { layers: [record], resources },
        delete: { resources: stale },
      });
      return { layer: record, count: resources.length };
    });
  }

  async refreshHistory(): Promise<void> {
    this.#history = await historyStatus(this.#db, this.id);
  }

  /** The one way to change project data. */
  transact(request: ChangeRequest): Promise<void> {
    // The request was composed from the data in memory now: if another tab's changes are read
    // in before it runs, it is refused rather than written over them.
    const composedAt = this.#syncedAt;
    return this.#enqueue(() => this.#commit(request, composedAt));
  }

  undo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const change = await undo(this.#db, this.id, this.#guard());
      if (!change) return false;
      this.#apply(change.inverse);
      this.#written(change);
      await this.syncPointTables();
      return true;
    });
  }

  redo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const change = await redo(this.#db, this.id, this.#guard());
      if (!change) return false;
      this.#apply(change.forward);
      this.#written(change);
      await this.syncPointTables();
      return true;
    });
  }

  rename(name: string): Promise<void> {
    return this.transact({
      label: { key: 'change.renameProject' },
      put: { projects: [{ ...this.project, name }] },
      delete: {},
    });
  }

  setBasemap(basemap: BasemapId): Promise<void> {
    return this.transact({
      label: { key: 'change.basemap' },
      put: { projects: [{ ...this.project, settings: { ...this.project.settings, basemap } }] },
      delete: {},
    });
  }

  /** Save a demand indicator under its name (replacing one with the same id); one undoable change. */
  saveIndicator(indicator: SavedIndicator): Promise<void> {
    const others = (this.project.indicators ?? []).filter((candidate) => candidate.id !== indicator.id);
    return this.transact({
      label: { key: 'change.saveIndicator', params: { name: indicator.name } },
      put: { projects: [{ ...this.project, indicators: [...others, indicator] }] },
      delete: {},
    });
  }

  deleteIndicator(indicator: SavedIndicator): Promise<void> {
    return this.transact({
      label: { key: 'change.deleteIndicator', params: { name: indicator.name } },
      put: { projects: [{ ...this.project, indicators: (this.project.indicators ?? []).filter((candidate) => candidate.id !== indicator.id) }] },
      delete: {},
    });
  }

  /** Save a help-type group of the project (replacing one with the same id); one undoable change. */
  saveHelpGroup(group: CustomHelpGroup): Promise<void> {
    if (group.name.trim() === '') throw new ActionError('helpGroups.nameMissing');
    if (group.helpTypes.length === 0) throw new ActionError('helpGroups.typesMissing');
    const groups = this.project.helpGroups ?? [];
    const replaced = groups.some((candidate) => candidate.id === group.id);
    const stored = { ...group, name: group.name.trim(), helpTypes: [...group.helpTypes] };
    return this.transact({
      label: { key: 'change.saveHelpGroup', params: { name: stored.name } },
      put: { projects: [{ ...this.project, helpGroups: replaced ? groups.map((candidate) => (candidate.id === group.id ? stored : candidate)) : [...groups, stored] }] },
      delete: {},
    });
  }

  deleteHelpGroup(group: CustomHelpGroup): Promise<void> {
    return this.transact({
      label: { key: 'change.deleteHelpGroup', params: { name: group.name } },
      put: { projects: [{ ...this.project, helpGroups: (this.project.helpGroups ?? []).filter((candidate) => candidate.id !== group.id) }] },
      delete: {},
    });
  }

  /** Counts below this are suppressed wherever numbers leave the analysis (2 … 20). */
  setSuppressionThreshold(threshold: number): Promise<void> {
    if (!Number.isInteger(threshold) || threshold < 2 || threshold > 20) throw new ActionError('settings.thresholdInvalid');
    return this.transact({
      label: { key: 'change.suppressionThreshold', params: { threshold } },
      put: { projects: [{ ...this.project, settings: { ...this.project.settings, suppressionThreshold: threshold } }] },
      delete: {},
    });
  }

  /** Travel speeds and detour factor for reachability (the defaults until the project sets its own). */
  readonly travelSettings: TravelSettings = $derived(this.project.settings.travel ?? DEFAULT_TRAVEL_SETTINGS);

  /** Store the project's travel speeds; one undoable change. Values outside their limits are refused. */
  setTravelSettings(travel: TravelSettings): Promise<void> {
    const invalid = checkTravelSettings(travel);
    if (invalid.length > 0) return Promise.reject(new ActionError('reach.settingsInvalid', { names: invalid.join(', ') }));
    return this.transact({
      label: { key: 'change.travelSettings' },
      put: { projects: [{ ...this.project, settings: { ...this.project.settings, travel: { ...travel } } }] },
      delete: {},
    });
  }

  updateSpace(space: SocialSpace): Promise<void> {
    return this.transact({
      label: { key: 'change.editSpace', params: { name: space.name } },
      put: { spaces: [space] },
      delete: {},
    });
  }

  /** Add an empty space to the active variant; returns it. */
  async createSpace(name: string): Promise<SocialSpace> {
    const variant = this.activeVariant;
    if (!variant) throw new Error('The project has no variant');
    const space: SocialSpace = {
      id: this.#services.newId(),
      projectId: this.id,
      variantId: variant.id,
      code: nextSpaceCode(this.spaces),
      name,
      color: nextSpaceColour(this.spaces.map((candidate) => candidate.color)),
      notes: '',
      geometry: EMPTY_AREA,
      unitIds: [],
    };
    await this.transact({ label: { key: 'change.createSpace', params: { name } }, put: { spaces: [space] }, delete: {} });
    return space;
  }

  deleteSpace(space: SocialSpace): Promise<void> {
    return this.transact({
      label: { key: 'change.deleteSpace', params: { name: space.name } },
      put: {},
      delete: { spaces: [space.id] },
    });
  }

  /** Source name of the layer that holds resources entered by hand. */
  static readonly MANUAL_RESOURCE_SOURCE = 'manual';

  /**
   * Add or change one resource, one undoable change. A new resource (no `layerId`) goes into the
   * project's layer of hand-entered resources, created with it when missing (`layerName`).
   */
  saveResource(resource: Omit<Resource, 'layerId' | 'projectId'> & { layerId?: string }, how: 'add' | 'edit' | 'move', layerName: string): Promise<Resource> {
    return this.#enqueue(async () => {
      const layers: Layer[] = [];
      let layerId = resource.layerId;
      if (!layerId) {
        const manual = this.#snapshot.layers.find((layer) => layer.kind === 'resources' && layer.source === ProjectState.MANUAL_RESOURCE_SOURCE);
        if (manual) layerId = manual.id;
        else {
          const layer: Layer = { id: this.#services.newId(), projectId: this.id, kind: 'resources', name: layerName, source: ProjectState.MANUAL_RESOURCE_SOURCE, importedAt: Date.now(), mapping: {} };
          layers.push(layer);
          layerId = layer.id;
        }
      }
      const stored: Resource = this.#inActiveCategory({ ...resource, layerId, projectId: this.id });
      const key = how === 'add' ? 'change.addResource' : how === 'move' ? 'change.moveResource' : 'change.editResource';
      await this.#commit({ label: { key, params: { name: stored.name } }, put: { layers, resources: [stored] }, delete: {} });
      return stored;
    });
  }

  /** A resource whose category was merged into another gets that one. */
  #inActiveCategory(resource: Resource): Resource {
    const category = resolveCategory(this.categories, resource.category);
    return category === resource.category ? resource : { ...resource, category };
  }

  /** Rename, recolour or give another icon to a category; one undoable change. */
  updateCategory(id: string, patch: Partial<Pick<CategoryDefinition, 'label' | 'color' | 'icon'>>, displayName: string): Promise<void> {
    const categories = updateCategory(this.categories, id, patch);
    const name = categoryDefinition(categories, id).label ?? displayName;
    return this.transact({
      label: { key: 'change.editCategory', params: { name } },
      put: { projects: [{ ...this.project, categories }] },
      delete: {},
    });
  }

  /** Add a category; one undoable change. Returns it. */
  async addCategory(input: { label: string; color?: string; icon?: CategoryIcon }): Promise<CategoryDefinition> {
    const { categories, added } = addCategory(this.categories, input);
    await this.transact({
      label: { key: 'change.addCategory', params: { name: added.label! } },
      put: { projects: [{ ...this.project, categories }] },
      delete: {},
    });
    return added;
  }

  /**
   * Merge category `from` into `into`: its resources move over and later imports that name it
   * land there too. One undoable change. Returns how many resources moved.
   */
  mergeCategory(from: string, into: string, names: { from: string; into: string }): Promise<number> {
    return this.#enqueue(async () => {
      const categories = mergeCategory(this.categories, from, into);
      const moved = this.#snapshot.resources
        .filter((resource) => resolveCategory(categories, resource.category) === into && resource.category !== into)
        .map((resource) => ({ ...resource, category: into }));
      await this.#commit({
        label: { key: 'change.mergeCategory', params: { from: names.from, into: names.into, count: moved.length } },
        put: { projects: [{ ...this.project, categories }], resources: moved },
        delete: {},
      });
      return moved.length;
    });
  }

  deleteResource(resource: Resource): Promise<void> {
    return this.transact({
      label: { key: 'change.deleteResource', params: { name: resource.name } },
      put: {},
      delete: { resources: [resource.id] },
    });
  }

  /**
   * Store a hand-drawn polygon, trimmed to the gaps between the other spaces and to the
   * district outline: into `spaceId` when that space is still empty, else as a new space.
   */
  drawSpace(drawn: Polygon, options: { spaceId: string | null; name: string }): Promise<{ space: SocialSpace; trimmed: boolean }> {
    return this.#enqueue(async () => {
      const existing = this.spaces.find((space) => space.id === options.spaceId && isEmptyArea(space.geometry));
      const others = this.#areas()
        .filter((area) => area.id !== existing?.id)
        .map((area) => area.geometry);
      const fitted = await this.#services.geometry.fitDrawnArea(drawn, others, this.project.outline);
      if (!fitted.geometry) throw new ActionError('draw.nothingLeft');
      const variant = this.activeVariant;
      if (!variant) throw new Error('The project has no variant');
      const covered = await this.#unitsFilling(fitted.geometry);
      const drawnArea = covered ? { geometry: covered.geometry, unitIds: covered.unitIds } : { geometry: fitted.geometry, unitIds: [] };
      const space: SocialSpace = existing
        ? { ...existing, ...drawnArea }
        : {
            id: this.#services.newId(),
            projectId: this.id,
            variantId: variant.id,
            code: nextSpaceCode(this.spaces),
            name: options.name,
            color: nextSpaceColour(this.spaces.map((candidate) => candidate.color)),
            notes: '',
            ...drawnArea,
          };
      await this.#commit({ label: { key: 'change.drawSpace', params: { name: space.name } }, put: { spaces: [space] }, delete: {} });
      return { space, trimmed: fitted.trimmed };
    });
  }

  /**
   * When a drawing covers exactly a set of unassigned base units (a planner drawing over the
   * units left out), the space is built from them: their dissolve, within 0.5 % of the drawn
   * area. Otherwise null, and the space stays a drawn one.
   */
  async #unitsFilling(area: AreaGeometry): Promise<{ unitIds: string[]; geometry: AreaGeometry } | null> {
    const inside = this.units.filter((unit) => !this.assignment.has(unit.id) && booleanPointInPolygon(labelPoint(unit.geometry), area));
    if (inside.length === 0) return null;
    const dissolved = await this.#services.geometry.dissolveGroups(
      inside.map((unit) => ({ id: unit.id, geometry: unit.geometry })),
      new Map([['drawn', inside.map((unit) => unit.id)]]),
    );
    const geometry = dissolved.get('drawn');
    if (!geometry) return null;
    const drawnArea = turfArea(area);
    return Math.abs(turfArea(geometry) - drawnArea) <= drawnArea * 0.005 ? { unitIds: inside.map((unit) => unit.id), geometry } : null;
  }

  /** Store the result of a shape edit (the edited space and the neighbours that followed it). */
  reshapeSpaces(geometries: ReadonlyMap<string, AreaGeometry>): Promise<void> {
    const changed = this.spaces
      .filter((space) => geometries.has(space.id))
      .map((space) => ({ ...space, geometry: geometries.get(space.id)! }));
    if (changed.length === 0) return Promise.resolve();
    return this.transact({
      label: { key: 'change.reshapeSpace', params: { count: changed.length } },
      put: { spaces: changed },
      delete: {},
    });
  }

  /**
   * Split a space along a line. The largest piece keeps the space; each other piece becomes
   * a new space. A space built from base units is split between its units (each unit goes to
   * the piece holding its label point) and the pieces are dissolved again from them.
   */
  splitSpace(spaceId: string, line: Position[]): Promise<SocialSpace[]> {
    return this.#enqueue(async () => {
      const space = this.spaces.find((candidate) => candidate.id === spaceId);
      if (!space) throw new Error(`No space ${spaceId}`);
      const result = await this.#services.geometry.splitArea(space.geometry, line);
      if (!result.ok) throw new ActionError(result.reason === 'no-crossing' ? 'split.noCrossing' : 'split.invalidLine');
      const pieces: { geometry: AreaGeometry; unitIds: string[] }[] = [];
      if (space.unitIds.length > 0) {
        const units = space.unitIds
          .map((id) => this.unitsById.get(id))
          .filter((unit): unit is Unit => unit !== undefined)
          .map((unit) => ({ id: unit.id, geometry: unit.geometry }));
        const groups = await this.#services.geometry.assignUnitsToPieces(result.pieces, units);
        groups.forEach((unitIds, index) => {
          if (unitIds.length > 0) pieces.push({ geometry: result.pieces[index]!, unitIds });
        });
        if (pieces.length < 2) throw new ActionError('split.unitsOneSide');
      } else {
        pieces.push(...result.pieces.map((geometry) => ({ geometry, unitIds: [] })));
      }
      const created: SocialSpace[] = [];
      const taken = [...this.spaces];
      const resulting = pieces.map((piece, index) => {
        if (index === 0) return { ...space, geometry: piece.geometry, unitIds: piece.unitIds };
        const next: SocialSpace = {
          ...space,
          id: this.#services.newId(),
          code: nextSpaceCode(taken),
          name: `${space.name} (${index + 1})`,
          color: nextSpaceColour(taken.map((candidate) => candidate.color)),
          notes: '',
          geometry: piece.geometry,
          unitIds: piece.unitIds,
        };
        taken.push(next);
        created.push(next);
        return next;
      });
      const label = { key: 'change.splitSpace', params: { name: space.name, count: resulting.length } };
      if (space.unitIds.length > 0) await this.#commitRedissolved(resulting, label);
      else await this.#commit({ label, put: { spaces: resulting }, delete: {} });
      return created;
    });
  }

  /**
   * Merge spaces into the first one (it keeps code, name and colour); the others are deleted
   * and their units move over. Non-adjacent spaces give a MultiPolygon.
   */
  mergeSpaces(spaceIds: readonly string[]): Promise<SocialSpace> {
    return this.#enqueue(async () => {
      const merging = spaceIds
        .map((id) => this.spaces.find((space) => space.id === id))
        .filter((space): space is SocialSpace => space !== undefined);
      if (merging.length < 2) throw new ActionError('merge.needTwo');
      const [keeper, ...others] = merging as [SocialSpace, ...SocialSpace[]];
      const unitIds = [...new Set(merging.flatMap((space) => space.unitIds))];
      const geometry =
        (await this.#services.geometry.mergeAreas(merging.filter((space) => !isEmptyArea(space.geometry)).map((space) => space.geometry))) ??
        EMPTY_AREA;
      const merged: SocialSpace = { ...keeper, unitIds, geometry };
      const names = merging.map((space) => space.code).join(', ');
      await this.#commit({
        label: { key: 'change.mergeSpaces', params: { names } },
        put: { spaces: [merged] },
        delete: { spaces: others.map((space) => space.id) },
      });
      return merged;
    });
  }

  /**
   * Move units into `targetSpaceId` (null: out of every space) and re-dissolve the geometry
   * of each space whose unit list changes, as one undoable change.
   */
  assignUnits(unitIds: readonly string[], targetSpaceId: string | null): Promise<void> {
    return this.#enqueue(async () => {
      const changed = reassignUnits(this.spaces, unitIds, targetSpaceId);
      const target = changed.find((space) => space.id === targetSpaceId);
      await this.#commitRedissolved(
        changed,
        target
          ? { key: 'change.assignUnits', params: { count: unitIds.length, name: target.name } }
          : { key: 'change.unassignUnits', params: { count: unitIds.length } },
      );
    });
  }

  /**
   * Assign many units at once (unit id → space id), e.g. from a key table; one undoable change.
   * `newSpaces` are created in the active variant within the same change (numbered after the
   * existing spaces); `assignments` may refer to their ids.
   */
  applyAssignments(assignments: ReadonlyMap<string, string>, newSpaces: readonly { id: string; name: string }[] = []): Promise<number> {
    return this.#enqueue(async () => {
      const spaces = [...this.spaces];
      for (const { id, name } of newSpaces) {
        const variantId = this.activeVariant?.id;
        if (!variantId) throw new Error('The project has no variant');
        const color = nextSpaceColour(spaces.map((space) => space.color));
        spaces.push({ id, projectId: this.id, variantId, code: nextSpaceCode(spaces), name, color, notes: '', geometry: EMPTY_AREA, unitIds: [] });
      }
      const changed = applyAssignments(spaces, assignments);
      await this.#commitRedissolved(changed, { key: 'change.assignFromTable', params: { count: assignments.size } });
      return changed.length;
    });
  }

  /** Dissolve the units of the given spaces and store them with their new geometry. */
  async #commitRedissolved(changed: SocialSpace[], label: ChangeRequest['label']): Promise<void> {
    if (changed.length === 0) return;
    const neededUnitIds = new Set(changed.flatMap((space) => space.unitIds));
    const units = [...neededUnitIds]
      .map((id) => this.unitsById.get(id))
      .filter((unit): unit is Unit => unit !== undefined)
      .map((unit) => ({ id: unit.id, geometry: unit.geometry }));
    const geometries = await this.#services.geometry.dissolveGroups(units, new Map(changed.map((space) => [space.id, space.unitIds])));
    await this.#commit({
      label,
      put: { spaces: changed.map((space) => ({ ...space, geometry: geometries.get(space.id) ?? EMPTY_AREA })) },
      delete: {},
    });
  }

  /**
   * Add a base-unit layer. When the project has no district outline yet, the dissolve of the
   * new units becomes the outline (what the topology check measures gaps against).
   */
  importUnits(layer: Omit<Layer, 'projectId' | 'id' | 'kind'>, units: (layerId: string) => Unit[]): Promise<number> {
    return this.#enqueue(async () => {
      const record: Layer = { ...layer, id: this.#services.newId(), projectId: this.id, kind: 'units' };
      const created = units(record.id);
      let project = this.project;
      if (!project.outline && created.length > 0) {
        const dissolved = await this.#services.geometry.dissolveGroups(
          created.map((unit) => ({ id: unit.id, geometry: unit.geometry })),
          new Map([['outline', created.map((unit) => unit.id)]]),
        );
        project = { ...project, outline: dissolved.get('outline') ?? null };
      }
      await this.#commit({
        label: { key: 'change.importUnits', params: { count: created.length, name: layer.name } },
        put: { layers: [record], units: created, projects: [project] },
        delete: {},
      });
      return created.length;
    });
  }

  /** Add imported social spaces to the active variant. */
  importSpaces(spaces: SocialSpace[], sourceName: string): Promise<void> {
    return this.transact({
      label: { key: 'change.importSpaces', params: { count: spaces.length, name: sourceName } },
      put: { spaces },
      delete: {},
    });
  }

  /**
   * Store what was read from an OSM file as one undoable change: resources in a `resources`
   * layer, road lines in a `network` layer (drawn by the offline basemap), addresses as points
   * of class 'address' in an `addresses` layer; the routing graph is stored with the network
   * layer (`layer.graph`, store/road-graphs.ts). Each layer records file, import time and the
   * attribution. Importing a file with the same name again replaces the records of its layers
   * (resource ids are stable per layer: `<layerId>:n123`) instead of adding new layers.
   * Returns how many records of each part were stored.
   */
  importOsm(data: OsmImportData, options: OsmLayerOptions): Promise<Record<OsmPart, number>> {
    return this.#enqueue(async () => {
      const importedAt = Date.now();
      const layers: Layer[] = [];
      const resources: Resource[] = [];
      const features: MapFeature[] = [];
      const counts: Record<OsmPart, number> = { resources: 0, network: 0, addresses: 0 };
      const target = (kind: OsmPart, count: number, mapping: Record<string, string>): Layer | null => {
        if (!options.include[kind]) return null;
        const existing = this.osmLayer(kind, options.fileName, data.attribution);
        if (!existing && count === 0) return null;
        const layer: Layer = {
          id: existing?.id ?? this.#services.newId(),
          projectId: this.id,
          kind,
          name: options.names[kind],
          source: options.fileName,
          importedAt,
          mapping,
          attribution: data.attribution,
        };
        layers.push(layer);
        counts[kind] = count;
        return layer;
      };
      const resourceLayer = target('resources', data.resources.length, Object.fromEntries(data.rules.map((rule) => [formatRule(rule), rule.category])));
      if (resourceLayer) {
        for (const resource of data.resources) {
          resources.push(this.#inActiveCategory({ ...resource, id: idInLayer(resource.id, resourceLayer.id), projectId: this.id, layerId: resourceLayer.id }));
        }
      }
      const networkLayer = target('network', data.network.features.length, {});
      if (networkLayer) {
        for (const feature of data.network.features) {
          features.push({ ...feature, id: idInLayer(feature.id, networkLayer.id), projectId: this.id, layerId: networkLayer.id });
        }
      }
      const addressLayer = target('addresses', data.addresses.length, {});
      if (addressLayer) {
        data.addresses.forEach(({ street, housenumber, postcode, city, lon, lat }, index) => {
          features.push({
            id: `${addressLayer.id}:a${index}`,
            projectId: this.id,
            layerId: addressLayer.id,
            geometry: { type: 'Point', coordinates: [lon, lat] },
            properties: { class: 'address', street, housenumber, postcode, city },
          });
        });
      }
      if (layers.length === 0) return counts;
      // A re-import replaces: records of the target layers that the new file lacks are deleted.
      const layerIds = new Set(layers.map((layer) => layer.id));
      const keptResources = new Set(resources.map((resource) => resource.id));
      const keptFeatures = new Set(features.map((feature) => feature.id));
      const staleResources = this.#snapshot.resources.filter((old) => layerIds.has(old.layerId) && !keptResources.has(old.id)).map((old) => old.id);
      const staleFeatures = this.#snapshot.features.filter((old) => layerIds.has(old.layerId) && !keptFeatures.has(old.id)).map((old) => old.id);
      const request = (graph?: RoadGraphRef): ChangeRequest => ({
        label: { key: 'change.importOsm', params: { name: options.fileName } },
        put: { layers: layers.map((layer) => (graph && layer === networkLayer ? { ...layer, graph } : layer)), resources, features },
        delete: { resources: staleResources, features: staleFeatures },
      });
      if (networkLayer) {
        // The graph is written in the same transaction as the change; a re-import writes a new one.
        const change = await transactWithRoadGraph(this.#db, this.id, networkLayer.id, data.network.graph, request, this.#guard());
        this.#apply(change.forward);
        this.#written(change);
      } else {
        await this.#commit(request());
      }
      return counts;
    });
  }

  /** Check the spaces of the active variant for gaps, overlaps, self-intersections, slivers. */
  validate(): Promise<TopologyProblem[]> {
    return this.#services.geometry.validateCoverage({
      spaces: this.#areas(),
      outline: this.project.outline,
    });
  }

  /**
   * Apply the safe fix of a problem as one undoable change. A gap among spaces built from base
   * units is fixed by giving its unassigned units to the neighbour with the longest shared
   * border, so geometry and unit lists stay consistent; other problems change geometry.
   */
  fixProblem(problem: TopologyProblem): Promise<void> {
    return this.#enqueue(async () => {
      const spacesById = new Map(this.spaces.map((space) => [space.id, space]));
      if (problem.kind === 'gap' && problem.geometry.type !== 'Point' && problem.geometry.type !== 'MultiPoint') {
        const gap = problem.geometry;
        const neighbour = spacesById.get(problem.spaceIds[0] ?? '');
        if (neighbour && neighbour.unitIds.length > 0) {
          const unitIds = this.units
            .filter((unit) => !this.assignment.has(unit.id) && booleanPointInPolygon(labelPoint(unit.geometry), gap))
            .map((unit) => unit.id);
          if (unitIds.length > 0) {
            const changed = reassignUnits(this.spaces, unitIds, neighbour.id);
            await this.#commitRedissolved(changed, { key: 'change.fixGap', params: { name: neighbour.name } });
            return;
          }
        }
      }
      const geometries = await this.#services.geometry.fixProblem(problem, this.#areas(), this.project.outline);
      const updated = [...geometries]
        .map(([id, geometry]) => {
          const space = spacesById.get(id);
          return space ? { ...space, geometry } : null;
        })
        .filter((space): space is SocialSpace => space !== null);
      if (updated.length === 0) return;
      await this.#commit({ label: { key: `change.fix.${problem.kind}` }, put: { spaces: updated }, delete: {} });
    });
  }

  #areas(): { id: string; geometry: AreaGeometry }[] {
    return this.spaces.filter((space) => !isEmptyArea(space.geometry)).map((space) => ({ id: space.id, geometry: space.geometry }));
  }

  /** Make `variantId` the active boundary plan. */
  setActiveVariant(variantId: string): Promise<void> {
    return this.transact({
      label: { key: 'change.switchVariant' },
      put: { projects: [{ ...this.project, activeVariantId: variantId }] },
      delete: {},
    });
  }

  /** Create a variant as a copy of the active one (spaces and their units) and switch to it. */
  duplicateVariant(name: string): Promise<void> {
    const source = this.activeVariant;
    const variant: Variant = { id: this.#services.newId(), projectId: this.id, name };
    const spaces = source
      ? this.spaces.map((space) => ({ ...space, id: this.#services.newId(), variantId: variant.id }))
      : [];
    return this.transact({
      label: { key: 'change.createVariant', params: { name } },
      put: { variants: [variant], spaces, projects: [{ ...this.project, activeVariantId: variant.id }] },
      delete: {},
    });
  }

  renameVariant(variant: Variant, name: string): Promise<void> {
    return this.transact({
      label: { key: 'change.renameVariant', params: { name } },
      put: { variants: [{ ...variant, name }] },
      delete: {},
    });
  }

  /** Delete a variant with its spaces; the last variant cannot be deleted. */
  deleteVariant(variant: Variant): Promise<void> {
    const remaining = this.variants.filter((candidate) => candidate.id !== variant.id);
    if (remaining.length === 0) return Promise.reject(new Error('The last variant cannot be deleted'));
    const activeVariantId = this.project.activeVariantId === variant.id ? remaining[0]!.id : this.project.activeVariantId;
    return this.transact({
      label: { key: 'change.deleteVariant', params: { name: variant.name } },
      put: { projects: [{ ...this.project, activeVariantId }] },
      delete: {
        variants: [variant.id],
        spaces: this.#snapshot.spaces.filter((space) => space.variantId === variant.id).map((space) => space.id),
      },
    });
  }

  /** `composedAt`: the `#syncedAt` the request was composed at, when that was before it was queued. */
  async #commit(request: ChangeRequest, composedAt = this.#syncedAt): Promise<void> {
    if (composedAt !== this.#syncedAt) throw new StaleProjectError(this.id, composedAt, this.#syncedAt);
    const change = await transact(this.#db, this.id, request, this.#guard());
    this.#apply(change.forward);
    this.#written(change);
  }

  #apply(operation: Operation): void {
    this.#snapshot = applyOperation(this.#snapshot, operation);
  }

  /**
   * Run `task` after the writes before it. A write refused because another tab changed the
   * project first (StaleProjectError) stores nothing: the project is read again and the user is
   * told to repeat the step on the current data.
   */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      try {
        return await task();
      } catch (error) {
        if (!isStaleProjectError(error)) throw error;
        await this.#reloadNow();
        throw new ActionError('sync.staleWrite');
      } finally {
        await this.refreshHistory();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
