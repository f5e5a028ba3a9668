/**
 * ProjectState: the open project in memory. Reads are `$derived` views of one snapshot;
 * every write goes through `transact()` (store) and the returned operation is applied to the
 * snapshot, so memory and IndexedDB stay in step without reloading.
 */
import { applyOperation, type ChangeRequest, type Operation } from '../domain/change';
import { populationBySpace } from '../domain/space-population';
import type { BasemapId, Project, ProjectSnapshot, SocialSpace } from '../domain/types';
import { bboxOfGeometries } from '../geo/bbox';
import type { AtlasDatabase } from '../store/db';
import { historyStatus, redo, transact, undo, type HistoryStatus } from '../store/transact';

export class ProjectState {
  readonly id: string;
  readonly #db: AtlasDatabase;
  #snapshot = $state.raw<ProjectSnapshot>() as ProjectSnapshot;
  #history = $state.raw<HistoryStatus>({ undo: null, redo: null });
  /** Serialises writes: a change starts only when the previous one is stored. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: AtlasDatabase, snapshot: ProjectSnapshot) {
    this.#db = db;
    this.#snapshot = snapshot;
    this.id = snapshot.projects[0]!.id;
  }

  get snapshot(): ProjectSnapshot {
    return this.#snapshot;
  }

  get history(): HistoryStatus {
    return this.#history;
  }

  readonly project: Project = $derived(this.#snapshot.projects[0]!);

  readonly activeVariant = $derived(
    this.#snapshot.variants.find((variant) => variant.id === this.project.activeVariantId) ??
      this.#snapshot.variants[0] ??
      null,
  );

  /** Social spaces of the active variant, ordered by code. */
  readonly spaces: SocialSpace[] = $derived(
    this.#snapshot.spaces
      .filter((space) => space.variantId === this.activeVariant?.id)
      .sort((a, b) => a.code.localeCompare(b.code, 'de', { numeric: true })),
  );

  readonly spacePopulation = $derived(populationBySpace(this.spaces, this.#snapshot.units));

  readonly bbox = $derived(
    bboxOfGeometries([
      ...(this.project.outline ? [this.project.outline] : []),
      ...this.spaces.map((space) => space.geometry),
    ]),
  );

  async refreshHistory(): Promise<void> {
    this.#history = await historyStatus(this.#db, this.id);
  }

  /** The one way to change project data. */
  transact(request: ChangeRequest): Promise<void> {
    return this.#enqueue(async () => {
      const change = await transact(this.#db, this.id, request);
      this.#apply(change.forward);
    });
  }

  undo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const change = await undo(this.#db, this.id);
      if (change) this.#apply(change.inverse);
      return change !== null;
    });
  }

  redo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const change = await redo(this.#db, this.id);
      if (change) this.#apply(change.forward);
      return change !== null;
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

  updateSpace(space: SocialSpace): Promise<void> {
    return this.transact({
      label: { key: 'change.editSpace', params: { name: space.name } },
      put: { spaces: [space] },
      delete: {},
    });
  }

  #apply(operation: Operation): void {
    this.#snapshot = applyOperation(this.#snapshot, operation);
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      try {
        return await task();
      } finally {
        await this.refreshHistory();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
