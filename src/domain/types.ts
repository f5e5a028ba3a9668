/**
 * The data model of a Sozialraum-Atlas project.
 *
 * Every record is a plain, structured-cloneable object so that it can be stored in
 * IndexedDB, sent to a worker and written into a project file unchanged.
 * Geometry is always WGS84 (EPSG:4326, [longitude, latitude]).
 */
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiLineString,
  MultiPolygon,
  Point,
  Polygon,
} from 'geojson';
import type { CategoryDefinition } from './categories';
import type { CustomHelpGroup, SavedIndicator } from './demand';
import type { TravelSettings } from './travel';

export type AreaGeometry = Polygon | MultiPolygon;

export const EMPTY_AREA: MultiPolygon = Object.freeze({ type: 'MultiPolygon', coordinates: [] }) as MultiPolygon;

export function isEmptyArea(geometry: AreaGeometry): boolean {
  return geometry.type === 'MultiPolygon' ? geometry.coordinates.length === 0 : geometry.coordinates.length === 0;
}

/** Identifier of a basemap the user can choose in the settings. */
export type BasemapId = 'offline' | 'osm-raster' | 'basemap-de';

export interface ProjectSettings {
  basemap: BasemapId;
  /** Counts below this value are suppressed wherever numbers leave the analysis. */
  suppressionThreshold: number;
  /** Travel speeds and the detour factor for reachability; absent: `DEFAULT_TRAVEL_SETTINGS`. */
  travel?: TravelSettings;
}

export interface Project {
  id: string;
  name: string;
  /** True for the built-in demo project (fictional data); it can be reset. */
  isDemo: boolean;
  /** Free text describing where the data come from ("Datenstand", licence, fiction note). */
  description: string;
  outline: AreaGeometry | null;
  activeVariantId: string | null;
  settings: ProjectSettings;
  /**
   * The project's resource categories (renamed, recoloured, added, merged); absent: the
   * built-in ones (`DEFAULT_CATEGORIES`).
   */
  categories?: CategoryDefinition[];
  /** Demand indicators saved under a name (see `SavedIndicator`). */
  indicators?: SavedIndicator[];
  /** Help-type groups the project defines (see `CustomHelpGroup`). */
  helpGroups?: CustomHelpGroup[];
  createdAt: number;
  updatedAt: number;
}

/** A boundary plan of a project ("Ist 2025", "Vorschlag B"). */
export interface Variant {
  id: string;
  projectId: string;
  name: string;
}

export interface SocialSpace {
  id: string;
  projectId: string;
  variantId: string;
  /** Short code as planners write it, e.g. "SR 03". */
  code: string;
  name: string;
  /** CSS hex colour, e.g. "#0072b2". */
  color: string;
  notes: string;
  /**
   * The area of the space. A space that has neither been drawn nor been given units holds
   * an empty MultiPolygon (`coordinates: []`); see `isEmptyArea`.
   */
  geometry: AreaGeometry;
  /** Ids of the base units this space is built from (empty when drawn by hand). */
  unitIds: string[];
}

/**
 * What a layer holds. `statistics`: a table of figures per area or place (population by age,
 * school places, social-monitoring values), read as numerators or denominators of indicators.
 */
export type LayerKind = 'units' | 'resources' | 'demand' | 'statistics' | 'network' | 'landcover' | 'addresses';

export interface Layer {
  id: string;
  projectId: string;
  kind: LayerKind;
  name: string;
  /** Name of the file or generator the layer came from. */
  source: string;
  importedAt: number;
  /** Column mapping used by the import (column name → field), kept for re-imports. */
  mapping: Record<string, string>;
  /** Attribution the data require wherever they are shown (e.g. "© OpenStreetMap contributors"). */
  attribution?: string;
}

/** Population of a base unit by age band; the bands are fixed by `AGE_BANDS`. */
export interface AgeBandPopulation {
  age0to6: number;
  age6to15: number;
  age15to18: number;
  age18to21: number;
  age21plus: number;
}

/** A statistical block, village or municipality: the bricks social spaces are built from. */
export interface Unit {
  id: string;
  projectId: string;
  layerId: string;
  key: string;
  name: string;
  geometry: AreaGeometry;
  population: AgeBandPopulation;
}

/**
 * Id of a resource category: a built-in one ('kita', 'school', 'club', 'youth-centre',
 * 'family-centre', 'counselling', 'provider', 'playground', 'health', 'other') or one a project
 * added ('custom-<n>'); see `domain/categories.ts`.
 */
export type ResourceCategory = string;

export interface Resource {
  id: string;
  projectId: string;
  layerId: string;
  category: ResourceCategory;
  name: string;
  address: string;
  /** Age range served in years, inclusive lower and exclusive upper bound. */
  ageFromYears: number | null;
  ageToYears: number | null;
  /** Places / capacity (Kita places, school pupils, …), when known. */
  capacity: number | null;
  provider: string;
  geometry: Point;
  attributes: Record<string, string | number | boolean | null>;
}

/** Help types of SGB VIII (Hilfen zur Erziehung and related). */
export type HelpType =
  | '27.2'
  | '28'
  | '29'
  | '30'
  | '31'
  | '32'
  | '33'
  | '34'
  | '35'
  | '35a'
  | '41';

export type HelpSetting = 'ambulant' | 'teilstationaer' | 'stationaer';

/**
 * One line of help demand: either a located case (point) or a count for an area key
 * (a social-space code or unit key) from an office table.
 */
export interface DemandRecord {
  id: string;
  projectId: string;
  layerId: string;
  year: number;
  helpType: HelpType;
  count: number;
  geometry: Point | null;
  areaKey: string | null;
}

/** Kinds of map features that make up the offline basemap and the routing network. */
export type RoadClass = 'primary' | 'secondary' | 'tertiary' | 'residential' | 'track' | 'footway';
export type LandcoverClass = 'water' | 'forest' | 'settlement' | 'meadow';

/**
 * A road (network layer), a landcover area (landcover layer), or an address point (addresses
 * layer, class 'address': not drawn on the basemap, used for offline address matching).
 */
export interface MapFeature {
  id: string;
  projectId: string;
  layerId: string;
  geometry: LineString | MultiLineString | Polygon | MultiPolygon | Point;
  properties: {
    class: RoadClass | LandcoverClass | 'river' | 'stream' | 'place' | 'address';
    name?: string;
    /** For places: 'town' | 'village'. */
    rank?: string;
    /** For addresses (`addr:*`): street (or place), house number, postcode, city. */
    street?: string;
    housenumber?: string;
    postcode?: string;
    city?: string;
  };
}

/** Which tab's map a slide shows: the plan (spaces), the resources, or the demand indicator. */
export type SlidePanel = 'spaces' | 'resources' | 'demand';

/** A map camera: centre [lon, lat], zoom, rotation and tilt in degrees. */
export interface SlideCamera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/** Layers a slide can show or hide (see `SLIDE_LAYERS`). */
export type SlideLayer = 'basemap' | 'boundaries' | 'labels' | 'resources' | 'district';

/**
 * Before/after on one slide: the slide's own variant or year is "after"; `before` names the
 * other variant or year. Shown side by side or with a swipe; exported side by side.
 */
export type SlideCompare =
  | { kind: 'variants'; beforeVariantId: string; layout: 'side-by-side' | 'swipe' }
  | { kind: 'years'; beforeYear: number; layout: 'side-by-side' | 'swipe' };

/** A saved view ("Folie") of a project: what the map shows, where, and the words around it. */
export interface View {
  id: string;
  projectId: string;
  /** Position in the deck (0 first); see `domain/slides.ts`. */
  order: number;
  title: string;
  subtitle: string;
  /** Speaker notes: shown to the presenter, never exported. */
  notes: string;
  camera: SlideCamera;
  /** Size in CSS pixels of the map the camera was taken on; another size shows the same area. */
  frame: { width: number; height: number };
  panel: SlidePanel;
  /** The boundary plan shown (null: the project's active one). */
  variantId: string | null;
  /** The demand tab's settings (`DemandView.toSaved`), null when the slide shows no indicator. */
  indicator: SavedIndicator | null;
  /** Located cases as hexagons instead of the indicator map. */
  hexagons: boolean;
  layers: SlideLayer[];
  /** Selected social spaces (outlined). */
  selection: string[];
  compare: SlideCompare | null;
  /** "Datenstand" and source as the title block and the export say them. */
  dataAsOf: string;
  source: string;
}

/** Tables that hold records of a project; every one is keyed by `id` and has `projectId`. */
export interface ProjectTables {
  projects: Project;
  variants: Variant;
  spaces: SocialSpace;
  layers: Layer;
  units: Unit;
  resources: Resource;
  demand: DemandRecord;
  features: MapFeature;
  views: View;
}

export type TableName = keyof ProjectTables;

export const TABLE_NAMES: readonly TableName[] = [
  'projects',
  'variants',
  'spaces',
  'layers',
  'units',
  'resources',
  'demand',
  'features',
  'views',
] as const;

/** A whole project as plain data: the unit of import, export, duplication and the demo. */
export type ProjectSnapshot = { [T in TableName]: ProjectTables[T][] };

export type SpaceFeatureCollection = FeatureCollection<AreaGeometry, { id: string }>;
export type AnyFeature = Feature;
