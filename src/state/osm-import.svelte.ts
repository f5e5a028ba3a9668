/**
 * Importing an OpenStreetMap extract: the state of the dialog from choosing the file to applying
 * it. The file is read in the OSM worker (AppState.readOsmFile: progress, and cancelling
 * terminates the worker); what was found is described here in the user's language; applying is
 * one undoable change (ProjectState.importOsm). Importing a file with the same name again
 * replaces the layers of the earlier import.
 *
 * The category rules can be edited (category of a rule, rules removed or added); the file is
 * then read again with the edited table, which the resources layer stores.
 */
import { formatDate, formatNumber, type MessageKey } from '../i18n';
import { activeCategories, resolveCategory } from '../domain/categories';
import type { Layer, ResourceCategory } from '../domain/types';
import { bboxOfGeometries, type BBox } from '../geo/bbox';
import { DEFAULT_OSM_CATEGORY_RULES, formatRule, parseRuleTags, type OsmCategoryRule } from '../io/osm/category-rules';
import type { OsmImportErrorCode, OsmImportErrorData } from '../io/osm/errors';
import { graphStats } from '../io/osm/graph';
import type { OsmFormat, OsmImportResult } from '../io/osm/read';
import type { AppState } from './app.svelte';
import type { OsmPart, ProjectState } from './project.svelte';
import { FileRead } from './file-read.svelte';

export type { OsmImportResult, OsmPart };

/** The required attribution of OSM data (the same text the reader puts on every record). */
export { OSM_ATTRIBUTION } from '../io/osm/resources';

/** How many of the most frequent unmapped tags are listed. */
export const UNMAPPED_LISTED = 12;

const FORMAT_LABELS: Record<OsmFormat, string> = {
  pbf: 'OSM-PBF',
  xml: 'OSM-XML',
  'xml-gzip': 'OSM-XML (gzip)',
  geojson: 'GeoJSON (Overpass)',
  'osm-json': 'OSM-JSON (Overpass)',
};

/** The message for each error code (the type makes a missing text a compile error). */
const ERROR_KEYS: Record<OsmImportErrorCode, MessageKey> = {
  'file-empty': 'osmImport.error.file-empty',
  'format-unknown': 'osmImport.error.format-unknown',
  'gzip-invalid': 'osmImport.error.gzip-invalid',
  'pbf-invalid': 'osmImport.error.pbf-invalid',
  'pbf-unsupported': 'osmImport.error.pbf-unsupported',
  'xml-invalid': 'osmImport.error.xml-invalid',
  'geojson-invalid': 'osmImport.error.geojson-invalid',
  'no-elements': 'osmImport.error.no-elements',
  cancelled: 'osmImport.error.cancelled',
};

/** Codes whose reader message says where the file is damaged: it is shown after the text. */
const DETAILED_ERRORS = new Set<OsmImportErrorCode>(['gzip-invalid', 'pbf-invalid', 'pbf-unsupported', 'xml-invalid', 'geojson-invalid']);

type Issues = OsmImportResult['issues'];
const ISSUE_KEYS: Record<keyof Issues, MessageKey> = {
  missingNodeRefs: 'osmImport.issue.missingNodeRefs',
  resourcesWithoutPosition: 'osmImport.issue.resourcesWithoutPosition',
  duplicateResourcesMerged: 'osmImport.issue.duplicateResourcesMerged',
  addressesWithoutStreet: 'osmImport.issue.addressesWithoutStreet',
  duplicateAddresses: 'osmImport.issue.duplicateAddresses',
};

export interface CategoryCount {
  id: ResourceCategory;
  label: string;
  color: string;
  count: number;
}

export interface RuleRow {
  index: number;
  /** `amenity=kindergarten|childcare` */
  condition: string;
  category: ResourceCategory;
  categoryLabel: string;
  /** Resources the rule produced in the last read; null when the rules were edited since. */
  count: number | null;
}

export class OsmImport {
  readonly #app: AppState;
  readonly #project: ProjectState;
  #file: { name: string; bytes: ArrayBuffer } | null = null;
  /** The running read; aborting it terminates the worker doing it. */
  /** The running read; cancelling it terminates the worker doing it. */
  readonly #reads = new FileRead();

  fileName = $state<string | null>(null);
  applying = $state(false);
  failure = $state<string | null>(null);
  result = $state.raw<OsmImportResult | null>(null);
  /** What applying stores. */
  include = $state<Record<OsmPart, boolean>>({ resources: true, network: true, addresses: true });
  /** The category table the next read uses. */
  rules = $state.raw<readonly OsmCategoryRule[]>(DEFAULT_OSM_CATEGORY_RULES);
  /** True when the rules were edited after the last read (the counts are then stale). */
  rulesEdited = $state(false);

  constructor(app: AppState, project: ProjectState) {
    this.#app = app;
    this.#project = project;
  }

  /** A file was chosen: read it. */
  async choose(name: string, bytes: ArrayBuffer): Promise<void> {
    this.#file = { name, bytes };
    this.fileName = name;
    this.result = null;
    await this.#read();
  }

  /** Stop a read in progress (its worker is terminated). */
  cancel(): void {
    this.#reads.cancel();
  }

  get reading(): boolean {
    return this.#reads.reading;
  }

  /** 0…1 while reading. */
  get progress(): number {
    return this.#reads.progress;
  }

  /** Give rule `index` another category. */
  setRuleCategory(index: number, category: ResourceCategory): void {
    this.rules = this.rules.map((rule, position) => (position === index ? { ...rule, category } : rule));
    this.rulesEdited = true;
  }

  removeRule(index: number): void {
    this.rules = this.rules.filter((_, position) => position !== index);
    this.rulesEdited = true;
  }

  /**
   * Add a rule from its condition text (`amenity=social_facility + social_facility:for=senior`)
   * before the other rules, so it wins over more general ones. False (with `failure` set) when
   * the text is no condition list.
   */
  addRule(condition: string, category: ResourceCategory): boolean {
    let tags: Record<string, string>;
    try {
      tags = parseRuleTags(condition);
    } catch {
      this.failure = this.#app.t('osmImport.ruleInvalid', { condition });
      return false;
    }
    this.failure = null;
    this.rules = [{ tags, category }, ...this.rules];
    this.rulesEdited = true;
    return true;
  }

  /** Back to the default table. */
  resetRules(): void {
    this.rules = DEFAULT_OSM_CATEGORY_RULES;
    this.rulesEdited = true;
  }

  /** Read the file again with the edited rules. */
  async rereadWithRules(): Promise<void> {
    await this.#read();
  }

  /** "x.osm.gz: OSM-XML (gzip), 58.631 Knoten, 7.801 Wege, 179 Relationen. Datenstand 05.11.2014." */
  readonly description: string | null = $derived.by(() => {
    const result = this.result;
    if (!result) return null;
    const number = this.#number;
    const text = this.#app.t('osmImport.description', {
      fileName: result.fileName,
      format: FORMAT_LABELS[result.format],
      nodes: number(result.counts.nodes),
      ways: number(result.counts.ways),
      relations: number(result.counts.relations),
    });
    const time = result.info.timestamp ? Date.parse(result.info.timestamp) : NaN;
    if (Number.isNaN(time)) return text;
    const date = new Intl.DateTimeFormat(this.#app.locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(time);
    return `${text} ${this.#app.t('osmImport.timestamp', { date })}`;
  });

  /** Resources per category (categories without resources left out), in the order of the category list. */
  readonly categories: CategoryCount[] = $derived.by(() => {
    const result = this.result;
    if (!result) return [];
    const categories = this.#app.categories;
    const counts = new Map<ResourceCategory, number>();
    for (const resource of result.resources) {
      const category = resolveCategory(categories, resource.category);
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    const order = activeCategories(categories).map((category) => category.id);
    return [...counts.keys()]
      .sort((left, right) => rank(order, left) - rank(order, right))
      .map((id) => ({ id, label: this.#app.categoryLabel(id), color: this.#app.category(id).color, count: counts.get(id)! }));
  });

  /** The category table with how many resources each rule produced. */
  readonly ruleRows: RuleRow[] = $derived.by(() => {
    const counts = this.rulesEdited ? null : (this.result?.ruleCounts ?? null);
    return this.rules.map((rule, index) => ({
      index,
      condition: formatRule(rule),
      category: rule.category,
      categoryLabel: this.#app.categoryLabel(rule.category),
      count: counts ? (counts[index] ?? 0) : null,
    }));
  });

  /** The categories a rule can map to, with their labels. */
  get categoryChoices(): { id: ResourceCategory; label: string }[] {
    return activeCategories(this.#app.categories).map((category) => ({ id: category.id, label: this.#app.categoryLabel(category.id) }));
  }

  /** The most frequent tags no rule maps (`amenity=doctors: 11`). */
  readonly unmapped: { tag: string; count: number }[] = $derived(this.result?.unmapped.slice(0, UNMAPPED_LISTED) ?? []);

  /** The road network: map lines and the routing graph. */
  readonly network = $derived.by(() => {
    const result = this.result;
    if (!result) return null;
    const stats = graphStats(result.network.graph);
    return {
      lines: result.network.features.length,
      nodes: stats.nodes,
      edges: stats.edges,
      walkKm: stats.walkKm,
      bikeKm: stats.bikeKm,
      carKm: stats.carKm,
    };
  });

  /** The road network in words: "2.821 Straßen und Wege; Routing-Graph mit 10.092 Knoten und 21.819 Kanten". */
  readonly networkText: string | null = $derived.by(() => {
    const network = this.network;
    if (!network) return null;
    const number = this.#number;
    return this.#app.t('osmImport.networkSummary', {
      lines: number(network.lines),
      nodes: number(network.nodes),
      edges: number(network.edges),
      walkKm: number(network.walkKm),
      bikeKm: number(network.bikeKm),
      carKm: number(network.carKm),
    });
  });

  readonly addressText: string | null = $derived.by(() =>
    this.result ? this.#app.t('osmImport.addressSummary', { count: this.#number(this.result.addresses.length) }) : null,
  );

  readonly resourceText: string | null = $derived.by(() =>
    this.result ? this.#app.t('osmImport.resourceSummary', { count: this.#number(this.result.resources.length) }) : null,
  );

  /** What the reader noticed (missing nodes of clipped ways, merged duplicates, …); only those that occurred. */
  readonly issues: string[] = $derived.by(() => {
    const result = this.result;
    if (!result) return [];
    return (Object.keys(ISSUE_KEYS) as (keyof Issues)[])
      .filter((issue) => result.issues[issue] > 0)
      .map((issue) => this.#app.t(ISSUE_KEYS[issue], { count: this.#number(result.issues[issue]) }));
  });

  /** Layers of an earlier import of this file that applying replaces. */
  readonly replaces: Layer[] = $derived.by(() => {
    const result = this.result;
    if (!result) return [];
    return (['resources', 'network', 'addresses'] as const)
      .filter((part) => this.include[part])
      .map((part) => this.#project.osmLayer(part, result.fileName, result.attribution))
      .filter((layer): layer is Layer => layer !== null);
  });

  /** "Ersetzt die Ebenen des früheren Imports dieser Datei vom 15.01.2020, 10:00." or null. */
  readonly replacesText: string | null = $derived.by(() => {
    const latest = Math.max(...this.replaces.map((layer) => layer.importedAt));
    return this.replaces.length > 0 ? this.#app.t('osmImport.replaces', { date: formatDate(this.#app.locale, latest) }) : null;
  });

  readonly canApply: boolean = $derived(
    !this.reading &&
      !this.applying &&
      this.result !== null &&
      ((this.include.resources && this.result.resources.length > 0) ||
        (this.include.network && this.result.network.features.length > 0) ||
        (this.include.addresses && this.result.addresses.length > 0) ||
        this.replaces.length > 0),
  );

  /** Store the chosen parts as one undoable change and frame them on the map. */
  async apply(): Promise<boolean> {
    const result = this.result;
    if (!result || !this.canApply) return false;
    this.applying = true;
    try {
      return await this.#app.attempt(async () => {
        const t = this.#app.t;
        await this.#project.importOsm(result, {
          fileName: result.fileName,
          include: { ...this.include },
          names: {
            resources: t('osmImport.layer.resources', { fileName: result.fileName }),
            network: t('osmImport.layer.network', { fileName: result.fileName }),
            addresses: t('osmImport.layer.addresses', { fileName: result.fileName }),
          },
        });
        const box = this.#extent(result);
        if (box) this.#app.zoomRequest = box;
      });
    } finally {
      this.applying = false;
    }
  }

  /** Where the imported data lie: the extract's bounds, else the box of its resources and roads. */
  #extent(result: OsmImportResult): BBox | null {
    if (result.info.bounds) return [...result.info.bounds];
    return bboxOfGeometries([...result.resources.map((resource) => resource.geometry), ...result.network.features.map((feature) => feature.geometry)]);
  }

  #number = (value: number): string => formatNumber(this.#app.locale, value);

  #errorText(error: OsmImportErrorData): string {
    const text = this.#app.t(ERROR_KEYS[error.code] ?? 'osmImport.error.format-unknown');
    if (!DETAILED_ERRORS.has(error.code)) return text;
    const detail = error.fileName && error.message.startsWith(`${error.fileName}: `) ? error.message.slice(error.fileName.length + 2) : error.message;
    return `${text} (${detail})`;
  }

  async #read(): Promise<void> {
    const file = this.#file;
    if (!file) return;
    this.failure = null;
    const rules = this.rules;
    const failed = (reason: string) => this.#app.t('osmImport.failed', { fileName: file.name, reason });
    try {
      // The worker takes the buffer over (transfer): hand it a copy, ours serves a re-read with other rules.
      const done = await this.#reads.run((signal, onProgress) =>
        this.#app.readOsmFile(file.name, file.bytes.slice(0), { rules: [...rules] }, onProgress, signal),
      );
      if (!done) return;
      const outcome = done.value;
      if (outcome.ok) {
        this.result = outcome.result;
        this.rulesEdited = false;
        this.include = {
          resources: outcome.result.resources.length > 0,
          network: outcome.result.network.features.length > 0,
          addresses: outcome.result.addresses.length > 0,
        };
      } else {
        this.failure = failed(this.#errorText(outcome.error));
      }
    } catch (error) {
      this.failure = failed(error instanceof Error ? error.message : String(error));
    }
  }
}

/** Position of `id` in `order`; ids not in it last. */
function rank(order: readonly string[], id: string): number {
  const index = order.indexOf(id);
  return index < 0 ? order.length : index;
}
