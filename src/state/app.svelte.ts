/**
 * AppState: the application around the open project — language, the list of projects,
 * switching, creating, duplicating, deleting and resetting projects, the selection and
 * user-facing errors. UI components read it and call its methods; they never touch the store.
 */
import { translate, isLocale, DEFAULT_LOCALE, type Locale, type MessageKey } from '../i18n';
import type { AreaGeometry, Project, Resource, SocialSpace, Unit } from '../domain/types';
import { DEFAULT_CATEGORIES, activeCategories, categoryDefinition, type CategoryDefinition } from '../domain/categories';
import { categoryLabelIn } from './category-labels';
import type { LineString, Polygon } from 'geojson';
import type { ExportFormat } from '../workers/geo.worker';
import { bboxOfGeometries, type BBox } from '../geo/bbox';
import type { AtlasDatabase } from '../store/db';
import {
  createProject,
  deleteProject,
  duplicateProject,
  listProjects,
  loadProject,
} from '../store/projects';
import { projectMeta } from '../store/project-meta';
import type { TabChannel, TabMessage } from './tab-channel';
import { projectFileName, type ProjectFileService, type ProjectImportOutcome } from './project-file-transfer.svelte';
import { isQuotaError, StorageStatus, type StorageApi } from './storage-status.svelte';
import { backupReminder, BACKUP_SNOOZE_MILLISECONDS, type BackupReminder } from '../domain/backup';
import { snoozeBackupReminder } from '../store/project-meta';
import { ProjectState, type GeometryService } from './project.svelte';
import { ActionError } from './action-error';
import { CancelledError } from '../workers/worker-pool';
import { collectPointGarbage } from '../store/point-layers';
import { collectRoadGraphGarbage } from '../store/road-graphs';
import type { CsvImportService } from './csv-import.svelte';
import { ResourceFinder, type SearchService } from './resource-finder.svelte';
import { DemandView, type DemandServices } from './demand.svelte';
import { SlideDeck, type MapCamera } from './slides.svelte';
import { ReachabilityView, type ReachabilityService } from './reachability.svelte';
import type { PointLayerDrawing } from '../io/point-tiles';

/** The imported points as clustered vector tiles: index the layers, then cut tiles. */
export interface PointTiles {
  /** Replace the indexed layers; resolves with the number of points indexed. */
  load(drawings: PointLayerDrawing[]): Promise<number>;
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
}

/** The same work on the main thread, for tests without workers (loaded only then). */
function inProcessPointTiles(): PointTiles {
  let index: import('../io/point-tiles').PointTileIndex | null = null;
  return {
    load: async (drawings) => {
      const { PointTileIndex } = await import('../io/point-tiles');
      index = drawings.length > 0 ? new PointTileIndex(drawings) : null;
      return index?.total ?? 0;
    },
    tile: async (z, x, y) => index?.tile(z, x, y) ?? null,
  };
}
import type { ReachabilityApi } from '../workers/reachability.worker';

/**
 * Reachability in this thread, for tests and when no worker is configured: the worker's own
 * API (loaded only then), reading graphs from `db`. Cancelling is only honoured before a job starts.
 */
export function inProcessReachability(db: AtlasDatabase): ReachabilityService {
  let api: Promise<ReachabilityApi> | null = null;
  const run = <T>(signal: AbortSignal | undefined, job: (api: ReachabilityApi) => Promise<T>): Promise<T> => {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    api ??= Promise.all([import('../workers/reachability.worker'), import('../store/road-graphs')]).then(([worker, graphs]) =>
      worker.createReachabilityApi((source) => graphs.loadRoadGraph(db, source.projectId, source.layerId, source.set)),
    );
    return api.then(job);
  };
  return {
    nearestTimes: (job, resources, demand, spaces, onProgress, signal) => run(signal, (api) => api.nearestTimes(job, resources, demand, spaces, onProgress)),
    isochrones: (job, origins, bands, direction, population, onProgress, signal) => run(signal, (api) => api.isochrones(job, origins, bands, direction, population, onProgress)),
    bestSites: (job, candidates, points, covered, limit, budget, onProgress, signal) => run(signal, (api) => api.bestSites(job, candidates, points, covered, limit, budget, onProgress)),
    travelTimes: (job, origin, targets, signal) => run(signal, (api) => api.travelTimes(job, origin, targets)),
  };
}
import type { VectorImportResult } from '../io/vector-import';
import type { AssignmentTableOptions, AssignmentTableOutcome } from '../io/assignment-table';
import type { OsmImportErrorData, OsmImportResult } from '../io/osm';
import type { OsmWorkerOptions } from '../workers/osm.worker';
import type { TopologyProblem } from '../geo/topology/validate';
import type { VariantComparison } from '../geo/variant-diff';
import { compareInProcess, compareSnapshotVariants, type CompareVariantsService } from './variant-compare';

export const DEMO_PROJECT_ID = 'demo';
const LOCALE_KEY = 'sozialraum-atlas.locale';
const ACTIVE_PROJECT_KEY = 'sozialraum-atlas.activeProject';

/** Minimal key-value storage (localStorage in the browser, a Map in tests). */
export interface Preferences {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface AppStateOptions {
  /** The CSV import wizard's parsing and locating (a worker in the app). */
  csvImport?: CsvImportService;
  /** Full-text search over resources (a worker in the app; in-process without). */
  search?: SearchService;
  /** Assigning many located cases to spaces (a worker in the app; in-process without). */
  demand?: DemandServices;
  /** Routing, isochrones, coverage and site choice (a worker in the app; in-process without). */
  reachability?: ReachabilityService;
  /** Cluster index and vector tiles of imported point layers (a worker in the app; in-process without). */
  pointTiles?: PointTiles;
  db: AtlasDatabase;
  preferences: Preferences;
  /**
   * Installs the built-in demo project as `projectId`, replacing it if present. In the app a
   * worker fetches and writes it, so the large JSON never passes through the main thread.
   */
  installDemo: (projectId: string) => Promise<void>;
  newId: () => string;
  /** Geometry work (dissolve, validation); a Web Worker in the app. */
  geometry: GeometryService;
  /** Writes export files off the main thread. */
  exportSpaces: (format: ExportFormat, spaces: SocialSpace[], units: Unit[]) => Promise<string | Uint8Array>;
  /**
   * Reads vector files (GeoJSON, Shapefile, KML) off the main thread. When `signal` aborts, the
   * work stops (the worker is terminated) and the promise rejects.
   */
  readVectorFile: (
    fileName: string,
    bytes: ArrayBuffer,
    options: { crs?: string },
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ) => Promise<VectorReadOutcome>;
  /** Reads a key → space table (CSV) against units and spaces off the main thread; cancellable like readVectorFile. */
  readAssignmentTable: (
    fileName: string,
    bytes: ArrayBuffer,
    units: { id: string; key: string }[],
    spaces: { id: string; code: string; name: string }[],
    options: AssignmentTableOptions,
    signal?: AbortSignal,
  ) => Promise<AssignmentTableOutcome>;
  /** Compares two variants (geo worker in the app); in-process when omitted. */
  compareVariants?: CompareVariantsService;
  /** Messages to and from the app's other tabs (a BroadcastChannel in the app); none in most tests. */
  tabs?: TabChannel | null;
  /** Exports and imports project files (the project worker in the app). */
  projectFiles?: ProjectFileService;
  /** `navigator.storage` in the app: usage, quota, persistence. */
  storage?: StorageApi | null;
  /**
   * Reads an OpenStreetMap file (.osm, .osm.gz, .osm.pbf, Overpass JSON) in the OSM worker;
   * cancellable like readVectorFile. Without it the OSM import reports that it is unavailable.
   */
  readOsmFile?: (
    fileName: string,
    bytes: ArrayBuffer,
    options: OsmWorkerOptions,
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ) => Promise<OsmReadOutcome>;
}

export type OsmReadOutcome = { ok: true; result: OsmImportResult } | { ok: false; error: OsmImportErrorData };

export type VectorReadOutcome =
  | { ok: true; result: VectorImportResult }
  | { ok: false; error: { code: string; message: string; params: Record<string, string | number> } };

export type EditMode =
  | { kind: 'draw'; spaceId: string | null }
  | { kind: 'reshape'; spaceId: string }
  | { kind: 'split'; spaceId: string };

/** What the map offers to the keyboard and buttons during an edit session. */
export interface EditorControl {
  finish(): void;
  cancel(): void;
  deleteVertex(): boolean;
}

export class AppState {
  readonly #options: AppStateOptions;
  #locale = $state<Locale>(DEFAULT_LOCALE);
  #projects = $state.raw<Project[]>([]);
  #project = $state.raw<ProjectState | null>(null);
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #errors = $state.raw<string[]>([]);
  /** Selected social spaces (Ctrl/Shift-click adds); the first one is "the" selected space. */
  selectedSpaceIds = $state.raw<string[]>([]);
  /** Drawing, reshaping or splitting on the map; null when the map is in its normal mode. */
  editMode = $state.raw<EditMode | null>(null);
  #editor: EditorControl | null = null;
  /**
   * When set, the map is in assign mode: clicking a base unit moves it into this space (or,
   * if it is already there, out of it) and Shift-dragging a box moves all units in the box.
   */
  assignTargetSpaceId = $state<string | null>(null);
  /** Problems of the last topology check, drawn on the map. */
  problems = $state.raw<TopologyProblem[]>([]);
  /** The variant comparison whose moved areas the map highlights; null when none is open. */
  comparison = $state.raw<VariantComparison | null>(null);
  /** A short message about the last action (e.g. that a drawing was trimmed); null for none. */
  notice = $state<string | null>(null);
  /** The map frames this box when it changes (a new array each request). */
  zoomRequest = $state.raw<BBox | null>(null);
  /** A message about something that happened outside this tab (another tab deleted the project); null for none. */
  info = $state<string | null>(null);
  /** The project file dialog of the project menu, when open. */
  projectFileDialog = $state<'export' | 'import' | null>(null);
  /** Whether the open project should be backed up (exported). */
  backup = $state.raw<BackupReminder>({ due: false, daysSinceExport: null });
  /** Usage and quota of the browser storage. */
  readonly storage: StorageStatus;
  /** A newer build of the app is ready; `apply` switches to it (the page reloads). */
  update = $state.raw<{ apply: () => void } | null>(null);

  constructor(options: AppStateOptions) {
    this.#options = options;
    const stored = options.preferences.getItem(LOCALE_KEY);
    if (isLocale(stored)) this.#locale = stored;
    this.storage = new StorageStatus(options.storage ?? null);
    options.tabs?.listen((message) => void this.#onTabMessage(message));
  }

  /** Read again whether the open project is due for a backup. */
  async refreshBackupReminder(): Promise<void> {
    const project = this.#project;
    if (!project) return;
    const meta = await projectMeta(this.#options.db, project.id);
    const stored = await this.#options.db.projects.get(project.id);
    if (this.#project !== project || !stored) return;
    this.backup = backupReminder(stored, meta, Date.now());
  }

  /** "Remind me later": quiet for a day. */
  async snoozeBackupReminder(): Promise<void> {
    const project = this.#project;
    if (!project) return;
    await snoozeBackupReminder(this.#options.db, project.id, Date.now() + BACKUP_SNOOZE_MILLISECONDS);
    await this.refreshBackupReminder();
  }

  #afterWriteTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * After a write, storage use and backup state may have changed: read them again once writes
   * pause for a moment (a burst of edits costs one estimate, and none on the write's own path).
   */
  #afterWrite(): void {
    if (this.#afterWriteTimer !== null) clearTimeout(this.#afterWriteTimer);
    this.#afterWriteTimer = setTimeout(() => {
      this.#afterWriteTimer = null;
      void this.storage.refresh();
      void this.refreshBackupReminder().catch(() => undefined);
    }, 2_000);
  }

  /** Another tab wrote: show its state (the store refuses writes from an outdated copy anyway). */
  async #onTabMessage(message: TabMessage): Promise<void> {
    if (message.kind === 'project-written' && message.projectId !== this.#project?.id) {
      await this.refreshProjects();
      return;
    }
    await this.checkForOutsideChanges();
  }

  /**
   * Read in what other tabs changed: the project list, and the open project when its stored
   * revision is newer than the one shown (or switch away when it was deleted). Called on
   * messages from other tabs and when the tab becomes visible again.
   */
  async checkForOutsideChanges(): Promise<void> {
    await this.attempt(async () => {
      const project = this.#project;
      if (project && this.#status === 'ready') {
        const exists = (await this.#options.db.projects.get(project.id)) !== undefined;
        if (!exists) {
          this.info = this.t('sync.projectDeleted', { name: project.project.name });
          await this.#openAnyProject();
          return;
        }
        const { revision } = await projectMeta(this.#options.db, project.id);
        if (revision > project.revision) await project.reload();
      }
      await this.refreshProjects();
    });
  }

  /** Tell the other tabs that projects were created, deleted or replaced. */
  #projectsChanged(): void {
    this.#options.tabs?.post({ kind: 'projects-changed' });
  }

  get locale(): Locale {
    return this.#locale;
  }
  get projects(): Project[] {
    return this.#projects;
  }
  /** Finding resources in the open project (shared by the resource panel and the map). */
  readonly resourceFinder: ResourceFinder | null = $derived(
    this.#project ? new ResourceFinder(this.#project, () => this.t, () => this.newId(), this.#searchService(), (origin, resources) => this.#walkingTimes(origin, resources)) : null,
  );

  /** Walking times from a place to resources over the open project's road network; null without one. */
  #walkingTimes(origin: { lon: number; lat: number }, resources: readonly Resource[]): Promise<Float64Array> | null {
    const project = this.#project;
    const layer = project?.roadGraphLayer;
    if (!project || !layer) return null;
    const job = { graph: { projectId: project.id, layerId: layer.id, set: layer.graph.set }, settings: { ...project.travelSettings }, mode: 'walk' as const, area: { lon: [origin.lon], lat: [origin.lat] } };
    const targets = { lon: resources.map((resource) => resource.geometry.coordinates[0]!), lat: resources.map((resource) => resource.geometry.coordinates[1]!) };
    return this.reachabilityService.travelTimes(job, origin, targets).then((answer) => answer.seconds);
  }

  #searchService(): SearchService | null {
    return this.#options.search ?? null;
  }

  /**
   * Help demand and its indicators in the open project (shared by the demand panel, the map and
   * slides). One view per project, kept as a plain object rather than a derived value so that it
   * keeps its settings wherever it is read (a derived value read outside a component is computed
   * anew on every read, e.g. in tests).
   */
  get demand(): DemandView | null {
    return this.#project ? this.#viewsOf(this.#project).demand : null;
  }

  #views: { project: ProjectState; demand: DemandView; slides: SlideDeck } | null = null;

  /**
   * The objects kept per open project, made when the project is opened (`openProject`, outside
   * any component): made while a component's template first reads them, their derived values
   * would belong to that component's effect and stop following the project once it is gone (the
   * demand tab closed while a unit moves on the spaces tab).
   */
  #viewsOf(project: ProjectState): { demand: DemandView; slides: SlideDeck } {
    if (this.#views?.project !== project) {
      this.#views = { project, demand: new DemandView(project, this.#demandServices()), slides: new SlideDeck(this, project) };
    }
    return this.#views;
  }

  #demandServices(): DemandServices | null {
    return this.#options.demand ?? null;
  }

  /** Assigning many located cases to spaces (for demand views of slides). */
  get demandServices(): DemandServices | null {
    return this.#demandServices();
  }

  /** The open project's slides and presentation mode. */
  get slides(): SlideDeck | null {
    return this.#project ? this.#viewsOf(this.#project).slides : null;
  }

  #mapCamera: (() => MapCamera) | null = null;

  /** The map registers how to read its camera (null when it goes). */
  connectMap(camera: (() => MapCamera) | null): void {
    this.#mapCamera = camera;
  }

  /** The map's camera and size now; null without a map. */
  mapCamera(): MapCamera | null {
    return this.#mapCamera?.() ?? null;
  }

  /** The map moves to this camera (fitted to its own size) when it changes (a new object each request). */
  cameraRequest = $state.raw<MapCamera | null>(null);

  /** Reachability in the open project (shared by its panel, the map and the nearby finder). */
  readonly reachability: ReachabilityView | null = $derived(this.#project ? new ReachabilityView(this.#project, () => this.demand, this.reachabilityService) : null);

  #reachabilityService: ReachabilityService | null = null;

  /** The reachability service: the configured one, else the same work in this thread (tests). */
  get reachabilityService(): ReachabilityService {
    this.#reachabilityService ??= this.#options.reachability ?? inProcessReachability(this.#options.db);
    return this.#reachabilityService;
  }

  /** The space under the pointer on the map, or hovered in a chart or table (linked highlighting). */
  hoveredSpaceId = $state<string | null>(null);

  /** The slide list beside the map is open. */
  slidePanelOpen = $state(false);

  /** Which side panel is shown. */
  panel = $state<'spaces' | 'resources' | 'demand' | 'reachability'>('spaces');

  /** The open project's categories (built-in ones without a project), merged ones included. */
  get categories(): readonly CategoryDefinition[] {
    return this.#project?.categories ?? DEFAULT_CATEGORIES;
  }

  /** The categories offered (not merged away), in the project's order. */
  get activeCategories(): CategoryDefinition[] {
    return activeCategories(this.categories);
  }

  /** The definition a resource of category `id` is shown with (after merges). */
  category(id: string): CategoryDefinition {
    return categoryDefinition(this.categories, id);
  }

  /** The name of category `id` in the UI language (the project's own name when it gave one). */
  categoryLabel(id: string): string {
    return categoryLabelIn(this.categories, id, this.t);
  }

  get project(): ProjectState | null {
    return this.#project;
  }
  get status(): 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get errors(): string[] {
    return this.#errors;
  }

  get selectedSpaceId(): string | null {
    return this.selectedSpaceIds[0] ?? null;
  }
  set selectedSpaceId(spaceId: string | null) {
    this.selectedSpaceIds = spaceId ? [spaceId] : [];
  }

  /** Add a space to the selection or take it out again (Ctrl/Shift-click). */
  toggleSpaceSelection(spaceId: string): void {
    this.selectedSpaceIds = this.selectedSpaceIds.includes(spaceId)
      ? this.selectedSpaceIds.filter((id) => id !== spaceId)
      : [...this.selectedSpaceIds, spaceId];
  }

  /** The map registers how to finish, cancel and delete in a running edit session. */
  connectEditor(editor: EditorControl | null): void {
    this.#editor = editor;
  }

  /** Start drawing a new space (or the shape of the empty space `spaceId`). */
  startDrawing(spaceId: string | null = null): void {
    this.assignTargetSpaceId = null;
    this.editMode = { kind: 'draw', spaceId };
  }

  /** Edit the vertices of a space; its drawn neighbours follow shared borders. */
  startReshape(spaceId: string): void {
    this.assignTargetSpaceId = null;
    this.selectedSpaceId = spaceId;
    this.editMode = { kind: 'reshape', spaceId };
  }

  /** Draw a line to split a space along. */
  startSplit(spaceId: string): void {
    this.assignTargetSpaceId = null;
    this.selectedSpaceId = spaceId;
    this.editMode = { kind: 'split', spaceId };
  }

  /** Enter: finish the drawing or store the reshape. */
  finishEditing(): void {
    this.#editor?.finish();
  }

  /** Escape: leave the edit mode without saving. */
  cancelEditing(): void {
    this.#editor?.cancel();
    this.editMode = null;
  }

  /** Delete while reshaping: remove the vertex under the pointer. */
  deleteVertex(): boolean {
    return this.#editor?.deleteVertex() ?? false;
  }

  /** The map finished a drawing: store it as a space (trimmed to the gaps). */
  async completeDrawing(polygon: Polygon): Promise<void> {
    const project = this.#project;
    const mode = this.editMode;
    this.editMode = null;
    if (!project || mode?.kind !== 'draw') return;
    await this.attempt(async () => {
      const { space, trimmed } = await project.drawSpace(polygon, { spaceId: mode.spaceId, name: this.t('spaces.newName') });
      this.selectedSpaceId = space.id;
      this.notice = trimmed ? this.t('draw.trimmed', { name: space.name }) : null;
    });
  }

  /** The map finished a split line: split the space along it. */
  async completeSplit(line: LineString): Promise<void> {
    const project = this.#project;
    const mode = this.editMode;
    this.editMode = null;
    if (!project || mode?.kind !== 'split') return;
    await this.attempt(async () => {
      const created = await project.splitSpace(mode.spaceId, line.coordinates);
      this.selectedSpaceIds = [mode.spaceId, ...created.map((space) => space.id)];
    });
  }

  /** The map finished a reshape: store the space and the neighbours that followed. */
  async completeReshape(geometries: Map<string, AreaGeometry>): Promise<void> {
    const project = this.#project;
    this.editMode = null;
    if (!project) return;
    await this.attempt(() => project.reshapeSpaces(geometries));
  }

  /** Merge the selected spaces into the first selected one. */
  async mergeSelected(): Promise<void> {
    const project = this.#project;
    if (!project) return;
    await this.attempt(async () => {
      const merged = await project.mergeSpaces(this.selectedSpaceIds);
      this.selectedSpaceId = merged.id;
    });
  }

  /** Translate a message key in the current language. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => translate(this.#locale, key, params);

  /** Translate a stored change label; unknown keys are shown as they are. */
  label(label: { key: string; params?: Record<string, string | number> }): string {
    return this.t(label.key as MessageKey, label.params);
  }

  /** Select a social space and frame it on the map. */
  showSpace(space: SocialSpace): void {
    this.selectedSpaceId = space.id;
    this.zoomRequest = bboxOfGeometries([space.geometry]);
  }

  /** Click on a unit in assign mode: toggle it in or out of the target space. */
  async toggleUnit(unitId: string): Promise<void> {
    const project = this.#project;
    const target = this.assignTargetSpaceId;
    if (!project || !target) return;
    const inTarget = project.assignment.get(unitId) === target;
    await this.attempt(() => project.assignUnits([unitId], inTarget ? null : target));
  }

  /** Units picked with a box in assign mode all go into the target space. */
  async assignUnitsToTarget(unitIds: string[]): Promise<void> {
    const project = this.#project;
    const target = this.assignTargetSpaceId;
    if (!project || !target) return;
    await this.attempt(() => project.assignUnits(unitIds, target));
  }

  /** Read a vector file in a worker; aborting `signal` stops the worker and rejects. */
  readVectorFile(fileName: string, bytes: ArrayBuffer, options: { crs?: string }, onProgress: (fraction: number) => void, signal?: AbortSignal) {
    return this.#options.readVectorFile(fileName, bytes, options, onProgress, signal);
  }

  /** Read an OSM file in a worker; aborting `signal` stops the worker and rejects. */
  readOsmFile(fileName: string, bytes: ArrayBuffer, options: OsmWorkerOptions, onProgress: (fraction: number) => void, signal?: AbortSignal) {
    const read = this.#options.readOsmFile;
    if (!read) return Promise.reject(new Error('Reading OpenStreetMap files is not available here'));
    return read(fileName, bytes, options, onProgress, signal);
  }

  /** Read a key → space table in a worker, matched against the open project's units and active variant. */
  readAssignmentTable(fileName: string, bytes: ArrayBuffer, options: AssignmentTableOptions, signal?: AbortSignal): Promise<AssignmentTableOutcome> {
    const project = this.#project;
    if (!project) return Promise.reject(new Error('No project is open'));
    const units = project.units.map(({ id, key }) => ({ id, key }));
    const spaces = project.spaces.map(({ id, code, name }) => ({ id, code, name }));
    return this.#options.readAssignmentTable(fileName, bytes, units, spaces, options, signal);
  }

  /** Export the spaces of the open project's active variant; returns file name, content, type. */
  async exportSpaces(format: ExportFormat): Promise<{ fileName: string; content: string | Uint8Array; mimeType: string }> {
    const project = this.#project;
    if (!project) throw new Error('No project is open');
    const content = await this.#options.exportSpaces(format, project.spaces, project.units);
    const base = `sozialraeume-${(project.activeVariant?.name ?? 'variante').replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}`;
    switch (format) {
      case 'geojson':
        return { fileName: `${base}.geojson`, content, mimeType: 'application/geo+json' };
      case 'assignment-csv':
        return { fileName: `${base}-zuordnung.csv`, content, mimeType: 'text/csv;charset=utf-8' };
      default:
        return { fileName: `${base}-${format.slice(-5)}.zip`, content, mimeType: 'application/zip' };
    }
  }

  /** Compare two variants of the open project (A before, B after); off the main thread. */
  compareVariants(variantAId: string, variantBId: string): Promise<VariantComparison> {
    const project = this.#project;
    if (!project) return Promise.reject(new Error('No project is open'));
    return compareSnapshotVariants(project.snapshot, variantAId, variantBId, this.#options.compareVariants ?? compareInProcess);
  }

  #pointTiles: PointTiles | null = null;

  /** Index and tiles of the imported points for the map (off the main thread in the app). */
  get pointTiles(): PointTiles {
    this.#pointTiles ??= this.#options.pointTiles ?? inProcessPointTiles();
    return this.#pointTiles;
  }

  /** Small settings kept on this machine (locale, saved CSV mappings). */
  get preferences(): Preferences {
    return this.#options.preferences;
  }

  /** The CSV wizard's service; without one (tests of other parts) the wizard cannot run. */
  get csvImportService(): CsvImportService {
    const service = this.#options.csvImport;
    if (!service) throw new Error('No CSV import service configured');
    return service;
  }

  newId(): string {
    return this.#options.newId();
  }

  /**
   * Run a user action and show its error instead of losing it. The one place UI actions turn
   * failures into messages; returns false when the action failed.
   */
  async attempt(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      this.#reportFailure(error);
      return false;
    }
  }

  /** `attempt` for synchronous actions: false when it threw (the error is shown) or returned false. */
  attemptSync(action: () => boolean): boolean {
    try {
      return action();
    } catch (error) {
      this.#reportFailure(error);
      return false;
    }
  }

  /** A failed action as a message: user errors in the UI language, others as they are. */
  #reportFailure(error: unknown): void {
    this.reportError(this.describeError(error));
  }

  /**
   * The message for a failure: user errors and a full storage in the UI language (a write that
   * failed for lack of space stored nothing: its transaction was rolled back), others as they are.
   */
  describeError(error: unknown): string {
    if (error instanceof ActionError) return this.t(error.key, error.params);
    if (isQuotaError(error)) return this.t('storage.quotaExceeded');
    return error instanceof Error ? error.message : String(error);
  }

  #projectFiles(): ProjectFileService {
    const service = this.#options.projectFiles;
    if (!service) throw new Error('Project files are not available here');
    return service;
  }

  /** The open project as a project file (`<name>-<date>.sozialraum`); it then counts as backed up. */
  async exportProject(onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<{ fileName: string; blob: Blob }> {
    const project = this.#project;
    if (!project) throw new Error('No project is open');
    const blob = await this.#projectFiles().exportProject(project.id, onProgress, signal);
    await this.refreshBackupReminder();
    return { fileName: projectFileName(project.project.name, new Date()), blob };
  }

  /**
   * Import a project file as a new project and open it. A refused file comes back as an
   * error (nothing stored, the open project untouched).
   */
  async importProjectFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ProjectImportOutcome> {
    const projectId = this.#options.newId();
    const outcome = await this.#projectFiles().importProject(file, file.name, projectId, onProgress, signal);
    if (outcome.ok) {
      this.#projectsChanged();
      await this.switchProject(projectId);
      void this.storage.requestPersistence();
    }
    return outcome;
  }

  setLocale(locale: Locale): void {
    this.#locale = locale;
    this.#options.preferences.setItem(LOCALE_KEY, locale);
  }

  reportError(message: string): void {
    this.#errors = [...this.#errors, message];
  }

  dismissError(index: number): void {
    this.#errors = this.#errors.filter((_, position) => position !== index);
  }

  /** Open the last used project; on first start create the demo project. */
  async init(): Promise<void> {
    try {
      let projects = await listProjects(this.#options.db);
      if (projects.length === 0) {
        await this.#installDemo();
        projects = await listProjects(this.#options.db);
      }
      const remembered = this.#options.preferences.getItem(ACTIVE_PROJECT_KEY);
      const target = projects.find((project) => project.id === remembered) ?? projects[0]!;
      await this.switchProject(target.id);
      this.#status = 'ready';
      // Data of the user's own are worth keeping under storage pressure (the demo can be reset).
      if (projects.some((project) => !project.isDemo)) void this.storage.requestPersistence();
    } catch (error) {
      this.#status = 'failed';
      this.reportError(this.#startFailure(error));
    }
  }

  /** Why the app could not start, for the user: storage refused (private mode), or data of a newer version. */
  #startFailure(error: unknown): string {
    const names = [error, (error as { inner?: unknown } | null)?.inner].map((candidate) => (candidate as { name?: unknown } | null)?.name);
    const detail = error instanceof Error ? error.message : String(error);
    if (names.includes('VersionError')) return `${this.t('storage.newerDatabase')} (${detail})`;
    if (names.some((name) => ['MissingAPIError', 'OpenFailedError', 'InvalidStateError', 'SecurityError', 'UnknownError'].includes(String(name)))) {
      return `${this.t('storage.unavailable')} (${detail})`;
    }
    return this.describeError(error);
  }

  async switchProject(projectId: string): Promise<void> {
    const loaded = await loadProject(this.#options.db, projectId);
    if (!loaded) throw new Error(`Project ${projectId} does not exist`);
    const project = new ProjectState(
      this.#options.db,
      loaded.snapshot,
      {
        geometry: this.#options.geometry,
        newId: this.#options.newId,
        onWritten: (revision) => {
          this.#options.tabs?.post({ kind: 'project-written', projectId, revision });
          this.#afterWrite();
        },
      },
      loaded.revision,
    );
    await project.refreshHistory();
    await project.syncPointTables();
    // Point data kept only for changes that have left the undo log, or never committed.
    void collectPointGarbage(this.#options.db, projectId).catch((error: unknown) => console.warn('Point data cleanup failed', error));
    void collectRoadGraphGarbage(this.#options.db, projectId).catch((error: unknown) => console.warn('Road graph cleanup failed', error));
    this.selectedSpaceId = null;
    this.assignTargetSpaceId = null;
    this.cancelEditing();
    this.#viewsOf(project);
    this.#project = project;
    this.#options.preferences.setItem(ACTIVE_PROJECT_KEY, projectId);
    await this.refreshProjects();
    await this.refreshBackupReminder();
    void this.storage.refresh();
  }

  async refreshProjects(): Promise<void> {
    this.#projects = await listProjects(this.#options.db);
  }

  async createProject(name: string): Promise<void> {
    const project = await createProject(this.#options.db, this.#options.newId(), name);
    this.#projectsChanged();
    await this.switchProject(project.id);
    void this.storage.requestPersistence();
  }

  async duplicateCurrent(): Promise<void> {
    const current = this.#project;
    if (!current) return;
    const name = `${current.project.name} ${this.t('project.copySuffix')}`;
    const copy = await duplicateProject(this.#options.db, current.id, this.#options.newId(), name);
    this.#projectsChanged();
    await this.switchProject(copy.id);
  }

  async deleteCurrent(): Promise<void> {
    const current = this.#project;
    if (!current) return;
    await deleteProject(this.#options.db, current.id);
    await this.#openAnyProject();
    this.#projectsChanged();
  }

  /** Open the most recently changed project; with none left, the demo project (installed again). */
  async #openAnyProject(): Promise<void> {
    let projects = await listProjects(this.#options.db);
    if (projects.length === 0) {
      await this.#installDemo();
      projects = await listProjects(this.#options.db);
    }
    await this.switchProject(projects[0]!.id);
  }

  /** Put the demo project back to its shipped state (creating it again if it was deleted). */
  async resetDemo(): Promise<void> {
    await this.#installDemo();
    this.#projectsChanged();
    await this.switchProject(DEMO_PROJECT_ID);
  }

  async #installDemo(): Promise<void> {
    await this.#options.installDemo(DEMO_PROJECT_ID);
  }
}
