/**
 * Deterministic generator of the built-in demo project "Landkreis Auental (fiktiv)".
 *
 *   npx tsx data/generate-demo.ts [outDir]
 *
 * writes `demo-project.json` (a ProjectSnapshot) and `demo-demand-by-space.csv` (the demand
 * table as an office would export it: Windows-1252, CRLF, `;`). Everything is invented and
 * derived from one seed: running the script again gives byte-identical files.
 *
 * Geometry is built in metres (ETRS89 / UTM zone 32N, EPSG:25832) and converted to WGS84 at the
 * end; coordinates are rounded to 6 decimals before any dissolve so that shared vertices stay
 * bit-identical. Base units are Voronoi cells of seeded sites, bent by a smooth displacement
 * field (a homeomorphism, so cells still tile without gaps or overlaps).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as d3 from 'd3';
import { booleanPointInPolygon, point as turfPoint } from '@turf/turf';
import type { Position } from 'geojson';
import type {
  AgeBandPopulation,
  AreaGeometry,
  DemandRecord,
  HelpType,
  Layer,
  MapFeature,
  Project,
  ProjectSnapshot,
  Resource,
  ResourceCategory,
  SocialSpace,
  Unit,
  Variant,
} from '../src/domain/types';
import { HELP_TYPES } from '../src/domain/help-types';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../src/domain/suppression';
import { DEFAULT_CATEGORIES, categoryDefinition } from '../src/domain/categories';
import { populationUnder } from '../src/domain/age-bands';
import { dissolvePolygons } from '../src/geo/dissolve';
import { createLocalProjection } from '../src/geo/local-projection';

export const DEMO_SEED = 20251231;
/**
 * Seed of the case sampling, separate from the map's seed so that the noisy demand can be
 * re-drawn without moving the map. Most seeds show the story (see `trendFactor`) in the sum of
 * the spaces; this one (picked from seeds 1–60) also shows it in every single space despite the
 * Poisson noise, with flat ambulant help where no local provider opened.
 */
export const DEMO_DEMAND_SEED = 22;
export const DEMO_JSON_FILE = 'demo-project.json';
export const DEMO_CSV_FILE = 'demo-demand-by-space.csv';
export const DEMO_YEARS: readonly number[] = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];

const PROJECT_ID = 'demo';
const VARIANT_ID = 'v-ist-2025';
/** 15 January 2026, 09:00 UTC: a fixed "created" time so the output never depends on the clock. */
const FIXED_TIME = Date.UTC(2026, 0, 15, 9, 0, 0);
const TOWN_CENTER_LON_LAT: [number, number] = [9.9, 50.9];
const TOWN_NAME = 'Auenstadt';
const TOWN_POSTCODE = '36990';

const LAYER_IDS = {
  units: 'layer-units',
  resources: 'layer-resources',
  demandCases: 'layer-demand-cases',
  demandTable: 'layer-demand-table',
  network: 'layer-network',
  landcover: 'layer-landcover',
} as const;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

type Vec = [number, number];
type Random = () => number;

function at<T>(array: readonly T[], index: number): T {
  const value = array[index];
  if (value === undefined) throw new Error(`Index ${index} out of range (length ${array.length})`);
  return value;
}

const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1]];
const scale = (a: Vec, factor: number): Vec => [a[0] * factor, a[1] * factor];
const length = (a: Vec): number => Math.hypot(a[0], a[1]);
const distance = (a: Vec, b: Vec): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const unitVector = (angleRadians: number): Vec => [Math.cos(angleRadians), Math.sin(angleRadians)];
const perpendicular = (a: Vec): Vec => [-a[1], a[0]];
const lerp = (a: Vec, b: Vec, t: number): Vec => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
const angleOf = (a: Vec): number => Math.atan2(a[1], a[0]);
const degrees = (radians: number): number => ((radians * 180) / Math.PI + 360) % 360;

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function distanceToPolyline(p: Vec, line: readonly Vec[]): number {
  let best = Infinity;
  for (let index = 1; index < line.length; index++) {
    const a = at(line, index - 1);
    const b = at(line, index);
    const ab = sub(b, a);
    const lengthSquared = ab[0] * ab[0] + ab[1] * ab[1];
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / lengthSquared));
    best = Math.min(best, distance(p, lerp(a, b, t)));
  }
  return best;
}

/** Sum of plane waves: a smooth, seeded noise field. */
interface Wave {
  kx: number;
  ky: number;
  phase: number;
  amplitude: number;
}

function makeWaves(random: Random, specs: { wavelengthMeters: number; amplitudeMeters: number; count: number }[]): Wave[] {
  const waves: Wave[] = [];
  for (const spec of specs) {
    for (let index = 0; index < spec.count; index++) {
      const direction = random() * Math.PI * 2;
      const k = (Math.PI * 2) / spec.wavelengthMeters;
      waves.push({
        kx: Math.cos(direction) * k,
        ky: Math.sin(direction) * k,
        phase: random() * Math.PI * 2,
        amplitude: spec.amplitudeMeters / spec.count,
      });
    }
  }
  return waves;
}

function evalWaves(waves: readonly Wave[], p: Vec): number {
  let sum = 0;
  for (const wave of waves) sum += wave.amplitude * Math.sin(wave.kx * p[0] + wave.ky * p[1] + wave.phase);
  return sum;
}

/** A closed ring around `center` with a noisy radius (star-shaped, hence simple). */
function noisyRing(random: Random, center: Vec, radius: number, roughness: number, vertexCount: number, rotation = 0, aspect = 1): Vec[] {
  const harmonics = [2, 3, 5, 7].map((order, index) => ({
    order,
    amplitude: (roughness * (0.5 + random() * 0.5)) / (index + 1),
    phase: random() * Math.PI * 2,
  }));
  const ring: Vec[] = [];
  for (let index = 0; index < vertexCount; index++) {
    const angle = (index / vertexCount) * Math.PI * 2;
    let factor = 1;
    for (const harmonic of harmonics) factor += harmonic.amplitude * Math.sin(harmonic.order * angle + harmonic.phase);
    const local: Vec = [Math.cos(angle) * radius * factor * aspect, Math.sin(angle) * radius * factor];
    const rotated: Vec = [
      local[0] * Math.cos(rotation) - local[1] * Math.sin(rotation),
      local[0] * Math.sin(rotation) + local[1] * Math.cos(rotation),
    ];
    ring.push(add(center, rotated));
  }
  ring.push(at(ring, 0));
  return ring;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/g, '');
}

function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 1; index < ring.length; index++) {
    const a = at(ring, index - 1);
    const b = at(ring, index);
    sum += (at(a, 0) * at(b, 1) - at(b, 0) * at(a, 1)) / 2;
  }
  return sum;
}

function roundPositions(positions: readonly Position[]): Position[] {
  return positions.map((position) => [round(at(position, 0), 6), round(at(position, 1), 6)]);
}

function roundAreaGeometry(geometry: AreaGeometry): AreaGeometry {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(roundPositions) };
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(roundPositions)) };
}

// ---------------------------------------------------------------------------------------------
// Fixed vocabularies (all invented)
// ---------------------------------------------------------------------------------------------

const VILLAGE_NAMES = [
  'Obernau',
  'Niederau',
  'Lindenau',
  'Eichholz',
  'Hainrode',
  'Steinbach',
  'Wolfsgrund',
  'Kirchberg',
  'Hasselfeld',
  'Birkenhain',
  'Talheim',
  'Fuchsrode',
  'Eschenau',
  'Brunnhausen',
];
const VILLAGE_POPULATIONS = [7600, 6100, 5200, 4500, 4000, 3500, 3100, 2700, 2300, 1900, 1600, 1300, 1050, 850];

const TOWN_QUARTER_NAMES = [
  'Marktviertel',
  'Schlossberg',
  'Am Stadtgraben',
  'Bahnhofsviertel',
  'Mühlenviertel',
  'Gerberviertel',
  'Auenpark',
  'Lindenplatz',
  'Am Wehr',
  'Kirchhügel',
  'Gartenstadt',
  'Neue Siedlung',
  'Sonnenhang',
  'Am Sportpark',
  'Heidefeld',
  'Rosenhöhe',
  'Wiesengrund',
  'Schulzentrum',
  'Am Friedhof',
  'Ziegelei',
  'Lerchenberg',
  'Eichendorff-Siedlung',
  'Birkenweg-Siedlung',
  'Am Klinikum',
  'Hohe Warte',
  'Auenwiesen',
  'Gewerbegebiet Am Güterbahnhof',
  'Am Hochbehälter',
  'Kasernengelände',
  'Im Brühl',
  'Steinkaute',
  'Galgenberg',
  'Weinberg',
  'Am Bleichrasen',
  'Tannenhöhe',
  'Industriegebiet Auenwiesen',
  'Am Hexenturm',
  'Kreuzgrund',
];

const HAMLET_PREFIXES = ['Hain', 'Mühl', 'Wald', 'Tann', 'Espen', 'Hasel', 'Kalten', 'Sand', 'Wiesen', 'Fichten', 'Erlen', 'Dorn', 'Eulen', 'Hohen', 'Kreuz', 'Brach', 'Roth', 'Schwarzen', 'Buchen', 'Lauter'];
const HAMLET_SUFFIXES = ['hof', 'hausen', 'feld', 'grund', 'mühle', 'rode', 'born', 'winkel', 'bach', 'hagen'];

const TOWN_STREETS = [
  'Goethestraße', 'Schillerstraße', 'Lindenweg', 'Ahornweg', 'Birkenweg', 'Rosenstraße', 'Gartenstraße',
  'Mühlenweg', 'Kirchgasse', 'Schulstraße', 'Bergstraße', 'Talstraße', 'Wiesenweg', 'Feldstraße', 'Am Anger',
  'Brunnenstraße', 'Uhlandstraße', 'Heinestraße', 'Mozartstraße', 'Beethovenstraße', 'Bachstraße', 'Händelweg',
  'Eichendorffstraße', 'Kantstraße', 'Fröbelstraße', 'Pestalozzistraße', 'Querstraße', 'Amselweg', 'Drosselweg',
  'Finkenweg', 'Meisenweg', 'Lerchenstraße', 'Tulpenweg', 'Nelkenweg', 'Fliederweg', 'Kastanienallee', 'Ulmenweg',
  'Erlenweg', 'Weidenweg', 'Tannenstraße', 'Fichtenweg', 'Kiefernweg', 'Buchenweg', 'Holunderweg', 'Gerbergasse',
  'Färbergasse', 'Am Stadtgraben', 'Marktgasse', 'Zeughausstraße', 'Wallstraße', 'Ringstraße', 'Am Schlossberg',
];
const VILLAGE_STREETS = [
  'Lindenweg', 'Schulstraße', 'Am Anger', 'Gartenweg', 'Wiesenweg', 'Feldweg', 'Mühlweg', 'Bergstraße',
  'Brunnenweg', 'Am Backhaus', 'Raiffeisenstraße', 'Im Winkel', 'Talweg', 'Hofgasse', 'Pfarrgasse', 'Waldstraße',
];

const SURNAMES = ['Becker', 'Yilmaz', 'Hoffmann', 'Schäfer', 'Koch', 'Richter', 'Wolf', 'Neumann', 'Krämer', 'Lorenz'];

// ---------------------------------------------------------------------------------------------
// Model types used while generating
// ---------------------------------------------------------------------------------------------

interface Settlement {
  name: string;
  center: Vec;
  population: number;
  isTown: boolean;
  postcode: string;
  /** Radius of the built-up area in metres. */
  radius: number;
  /** Street nodes of the settlement with the street names meeting there. */
  streetNodes: { position: Vec; streets: string[] }[];
}

interface UnitDraft {
  index: number;
  site: Vec;
  kind: 'town' | 'townOutskirts' | 'village' | 'hamlet';
  settlement: Settlement | null;
  name: string;
  ring: Vec[];
  population: AgeBandPopulation;
  spaceIndex: number;
}

interface SpaceDefinition {
  code: string;
  name: string;
  notes: string;
  /** Multiplier of the district's help rate (social burden). */
  burden: number;
  /** Year a local "Hilfen unter einem Dach" provider opened, or null. */
  providerOpenedYear: number | null;
  providerName: string | null;
  providerOrganisation: string | null;
}

interface Road {
  points: Vec[];
  roadClass: 'primary' | 'secondary' | 'tertiary' | 'residential' | 'track' | 'footway';
  name?: string;
}

// Space definitions: three town spaces, five rural wedges around the town (angles in degrees,
// counter-clockwise from east, seen from the town centre).
const SPACES: readonly SpaceDefinition[] = [
  {
    code: 'SR 01',
    name: 'Auenstadt-Mitte',
    notes: 'Altstadt und Bahnhofsviertel; dichte Bebauung, viele Mietwohnungen, hoher Anteil Alleinerziehender.',
    burden: 1.35,
    providerOpenedYear: 2020,
    providerName: 'Stadtteilbüro Mitte – Hilfen unter einem Dach',
    providerOrganisation: 'Caritasverband Auental',
  },
  {
    code: 'SR 02',
    name: 'Auenstadt-Nord',
    notes: 'Großwohnsiedlung der 1970er Jahre und Gewerbe; Schwerpunkt der Jugendhilfeplanung.',
    burden: 1.25,
    providerOpenedYear: 2019,
    providerName: 'Stadtteilbüro Nord – Hilfen unter einem Dach',
    providerOrganisation: 'Diakonisches Werk Auental',
  },
  {
    code: 'SR 03',
    name: 'Auenstadt-Süd',
    notes: 'Einfamilienhausgebiete und Neubaugebiete am Sonnenhang; Schulzentrum.',
    burden: 0.95,
    providerOpenedYear: null,
    providerName: null,
    providerOrganisation: null,
  },
  {
    code: 'SR 04',
    name: 'Oberes Auental',
    notes: 'Dörfer entlang der Aue oberhalb der Stadt; gute Anbindung über die Kreisstraßen.',
    burden: 0.85,
    providerOpenedYear: null,
    providerName: null,
    providerOrganisation: null,
  },
  {
    code: 'SR 05',
    name: 'Nördliche Höhen',
    notes: 'Kleine Dörfer in den Waldgebieten im Norden; lange Wege, wenige Angebote.',
    burden: 0.85,
    providerOpenedYear: null,
    providerName: null,
    providerOrganisation: null,
  },
  {
    code: 'SR 06',
    name: 'Westliches Hügelland',
    notes: 'Landwirtschaftlich geprägt; Bundesstraße B 499 nach Westen.',
    burden: 0.9,
    providerOpenedYear: 2020,
    providerName: 'Familien- und Jugendhilfezentrum West – Hilfen unter einem Dach',
    providerOrganisation: 'AWO Kreisverband Auental',
  },
  {
    code: 'SR 07',
    name: 'Unteres Auental',
    notes: 'Ehemalige Industriedörfer unterhalb der Stadt; erhöhte soziale Belastung.',
    burden: 1.15,
    providerOpenedYear: 2019,
    providerName: 'Jugendhilfestation Unteres Auental – Hilfen unter einem Dach',
    providerOrganisation: 'Jugendhilfeverbund Auental gGmbH',
  },
  {
    code: 'SR 08',
    name: 'Südwald',
    notes: 'Waldreicher Süden mit Streusiedlungen; Angebote überwiegend in der Kreisstadt.',
    burden: 0.85,
    providerOpenedYear: null,
    providerName: null,
    providerOrganisation: null,
  },
];
/**
 * Rural wedges seen from the town centre: [fromDegrees, toDegrees) counter-clockwise from east
 * (a wedge may wrap through 0°) → index into SPACES. The boundaries were chosen by looking at the
 * generated villages so that the rural spaces have similar populations and the names fit (the
 * Aue flows in at about 40° and leaves at about 220°); they depend on the seed.
 */
const RURAL_WEDGES: readonly { from: number; to: number; spaceIndex: number }[] = [
  { from: 350, to: 80, spaceIndex: 3 },
  { from: 80, to: 130, spaceIndex: 4 },
  { from: 130, to: 200, spaceIndex: 5 },
  { from: 200, to: 287, spaceIndex: 6 },
  { from: 287, to: 350, spaceIndex: 7 },
];
/** Colour-blind-friendly qualitative palette (Tableau 10), one colour per space. */
const SPACE_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

/** Share of each help type among all cases (sums to 1). */
const HELP_TYPE_SHARES: Record<HelpType, number> = {
  '27.2': 0.08,
  '28': 0.18,
  '29': 0.03,
  '30': 0.1,
  '31': 0.22,
  '32': 0.04,
  '33': 0.09,
  '34': 0.12,
  '35': 0.01,
  '35a': 0.09,
  '41': 0.04,
};
/** Ambulant help types that a local "Hilfen unter einem Dach" offer strengthens. */
const STRENGTHENED_AMBULANT: ReadonlySet<HelpType> = new Set<HelpType>(['27.2', '30', '31']);
/** Cases of help per 1,000 inhabitants under 21 per year, before the space's burden factor. */
const BASE_RATE_PER_1000 = 30;

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

export interface DemoFiles {
  /** UTF-8 JSON text of the ProjectSnapshot. */
  json: string;
  /** The demand table as Windows-1252 bytes. */
  csv: Buffer;
  snapshot: ProjectSnapshot;
}

export function generateDemo(options: { demandSeed?: number } = {}): DemoFiles {
  const random: Random = d3.randomLcg(DEMO_SEED);
  const normal = d3.randomNormal.source(random)(0, 1);
  const uniform = (low: number, high: number): number => low + (high - low) * random();
  const integer = (low: number, high: number): number => Math.floor(uniform(low, high + 1));
  const pick = <T>(array: readonly T[]): T => at(array, Math.floor(random() * array.length));
  const shuffle = d3.shuffler(random);

  const projection = createLocalProjection(TOWN_CENTER_LON_LAT);
  const toLonLat = (p: Vec): Position => {
    const [lon, lat] = projection.toLonLat(p);
    return [round(lon, 6), round(lat, 6)];
  };

  const town: Vec = projection.toMeters(TOWN_CENTER_LON_LAT);
  const districtCenter: Vec = add(town, [1800, -1500]);

  // --- District shape -------------------------------------------------------------------------
  const outlineHarmonics = [2, 3, 5].map((order, index) => ({ order, amplitude: [0.13, 0.08, 0.05][index] ?? 0, phase: random() * Math.PI * 2 }));
  const districtRadius = (angle: number): number => {
    let factor = 1;
    for (const harmonic of outlineHarmonics) factor += harmonic.amplitude * Math.sin(harmonic.order * angle + harmonic.phase);
    return 15500 * factor;
  };
  const insideDistrict = (p: Vec, margin = 0): boolean => {
    const offset = sub(p, districtCenter);
    return length(offset) < districtRadius(angleOf(offset)) - margin;
  };
  const exitDistance = (from: Vec, direction: Vec): number => {
    let s = 0;
    while (insideDistrict(add(from, scale(direction, s)))) s += 100;
    return s;
  };

  // Displacement field that bends straight Voronoi edges into organic boundaries.
  const displacementX = makeWaves(random, [
    { wavelengthMeters: 5200, amplitudeMeters: 240, count: 3 },
    { wavelengthMeters: 1700, amplitudeMeters: 55, count: 3 },
  ]);
  const displacementY = makeWaves(random, [
    { wavelengthMeters: 5200, amplitudeMeters: 240, count: 3 },
    { wavelengthMeters: 1700, amplitudeMeters: 55, count: 3 },
  ]);
  const displace = (p: Vec): Vec => {
    const strength = 0.15 + 0.85 * smoothstep(2500, 6000, distance(p, town));
    return [p[0] + strength * evalWaves(displacementX, p), p[1] + strength * evalWaves(displacementY, p)];
  };

  // --- River "Aue" ----------------------------------------------------------------------------
  const upstreamDirection = unitVector((40 * Math.PI) / 180);
  const downstreamDirection = unitVector((220 * Math.PI) / 180);
  const riverSide = perpendicular(upstreamDirection);
  const riverControl: Vec[] = [
    add(town, scale(upstreamDirection, exitDistance(town, upstreamDirection) + 2500)),
    add(add(town, scale(upstreamDirection, 7200)), scale(riverSide, 600)),
    add(town, scale(riverSide, 350)),
    add(add(town, scale(downstreamDirection, 7600)), scale(riverSide, -500)),
    add(town, scale(downstreamDirection, exitDistance(town, downstreamDirection) + 2500)),
  ];
  const riverMeander = makeWaves(random, [
    { wavelengthMeters: 2600, amplitudeMeters: 260, count: 2 },
    { wavelengthMeters: 900, amplitudeMeters: 60, count: 2 },
  ]);
  const river: Vec[] = [];
  for (let segment = 0; segment + 1 < riverControl.length; segment++) {
    const p0 = riverControl[Math.max(0, segment - 1)] ?? at(riverControl, segment);
    const p1 = at(riverControl, segment);
    const p2 = at(riverControl, segment + 1);
    const p3 = riverControl[segment + 2] ?? p2;
    const steps = Math.ceil(distance(p1, p2) / 120);
    for (let step = 0; step < steps; step++) {
      const t = step / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const point: Vec = [0, 1].map(
        (axis) =>
          0.5 *
          (2 * (p1[axis] ?? 0) +
            (-(p0[axis] ?? 0) + (p2[axis] ?? 0)) * t +
            (2 * (p0[axis] ?? 0) - 5 * (p1[axis] ?? 0) + 4 * (p2[axis] ?? 0) - (p3[axis] ?? 0)) * t2 +
            (-(p0[axis] ?? 0) + 3 * (p1[axis] ?? 0) - 3 * (p2[axis] ?? 0) + (p3[axis] ?? 0)) * t3),
      ) as Vec;
      const direction = scale(sub(p2, p1), 1 / distance(p1, p2));
      const meander = distance(point, town) < 2500 ? 0.4 : 1;
      river.push(add(point, scale(perpendicular(direction), meander * evalWaves(riverMeander, point))));
    }
  }
  river.push(at(riverControl, riverControl.length - 1));

  // --- Settlements ----------------------------------------------------------------------------
  const townRadiusHarmonic = { phase: random() * Math.PI * 2 };
  const townRadius = (angle: number): number => 2000 * (1 + 0.08 * Math.sin(3 * angle + townRadiusHarmonic.phase));
  const settlements: Settlement[] = [
    { name: TOWN_NAME, center: town, population: 0, isTown: true, postcode: TOWN_POSTCODE, radius: 2000, streetNodes: [] },
  ];
  const villagePopulations = shuffle(VILLAGE_POPULATIONS.slice());
  const villageCenters: Vec[] = [
    add(add(town, scale(upstreamDirection, 7000)), scale(riverSide, 900)),
    add(add(town, scale(downstreamDirection, 7400)), scale(riverSide, -150)),
  ];
  for (let attempt = 0; villageCenters.length < VILLAGE_NAMES.length && attempt < 20000; attempt++) {
    const angle = random() * Math.PI * 2;
    const radius = Math.sqrt(random()) * districtRadius(angle) * 0.86;
    const candidate = add(districtCenter, scale(unitVector(angle), radius));
    if (distance(candidate, town) < 5800) continue;
    if (villageCenters.some((other) => distance(other, candidate) < 4300)) continue;
    if (!insideDistrict(candidate, 2200)) continue;
    villageCenters.push(candidate);
  }
  if (villageCenters.length < VILLAGE_NAMES.length) throw new Error('Could not place all villages');
  VILLAGE_NAMES.forEach((name, index) => {
    const population = at(villagePopulations, index);
    settlements.push({
      name,
      center: at(villageCenters, index),
      population,
      isTown: false,
      postcode: `3699${1 + (index % 8)}`,
      radius: 0,
      streetNodes: [],
    });
  });
  const villages = settlements.filter((settlement) => !settlement.isTown);

  // --- Base-unit sites ------------------------------------------------------------------------
  interface Site {
    position: Vec;
    kind: UnitDraft['kind'];
    settlement: Settlement | null;
  }
  const sites: Site[] = [];
  const townSiteSpacing = 560;
  for (let i = -5; i <= 5; i++) {
    for (let j = -5; j <= 5; j++) {
      const position = add(town, [i * townSiteSpacing + uniform(-150, 150), j * townSiteSpacing + uniform(-150, 150)]);
      const offset = sub(position, town);
      if (length(offset) < townRadius(angleOf(offset)) * 0.95) sites.push({ position, kind: 'town', settlement: at(settlements, 0) });
    }
  }
  const outskirtsCount = 7;
  for (let index = 0; index < outskirtsCount; index++) {
    const angle = ((index + uniform(-0.15, 0.15)) / outskirtsCount) * Math.PI * 2 + 0.3;
    sites.push({ position: add(town, scale(unitVector(angle), uniform(3100, 3500))), kind: 'townOutskirts', settlement: at(settlements, 0) });
  }
  for (const village of villages) {
    const siteCount = village.population < 2600 ? 1 : village.population < 5000 ? 2 : 3;
    const rotation = random() * Math.PI * 2;
    for (let index = 0; index < siteCount; index++) {
      const offset = siteCount === 1 ? ([uniform(-80, 80), uniform(-80, 80)] as Vec) : scale(unitVector(rotation + (index / siteCount) * Math.PI * 2), uniform(330, 420));
      sites.push({ position: add(village.center, offset), kind: 'village', settlement: village });
    }
  }
  const hamletSpacing = 3500;
  const box = { x0: districtCenter[0] - 30000, y0: districtCenter[1] - 30000, x1: districtCenter[0] + 30000, y1: districtCenter[1] + 30000 };
  for (let x = box.x0 + hamletSpacing / 2; x < box.x1; x += hamletSpacing) {
    for (let y = box.y0 + hamletSpacing / 2; y < box.y1; y += hamletSpacing) {
      const position: Vec = [x + uniform(-0.35, 0.35) * hamletSpacing, y + uniform(-0.35, 0.35) * hamletSpacing];
      if (distance(position, town) < 4900) continue;
      if (villages.some((village) => distance(village.center, position) < 2000)) continue;
      sites.push({ position, kind: 'hamlet', settlement: null });
    }
  }

  // --- Voronoi cells, selection of the district -------------------------------------------------
  const delaunay = d3.Delaunay.from(sites, (site) => site.position[0], (site) => site.position[1]);
  const voronoi = delaunay.voronoi([box.x0, box.y0, box.x1, box.y1]);
  const selected = sites.map((site) => site.kind !== 'hamlet' || insideDistrict(site.position));
  const neighbors = sites.map((_, index) => [...voronoi.neighbors(index)]);
  // Fill enclaves: unselected cells that cannot reach the box border through unselected cells.
  {
    const reachesBorder = new Array<boolean>(sites.length).fill(false);
    const queue: number[] = [];
    sites.forEach((site, index) => {
      const polygon = voronoi.cellPolygon(index);
      const onBorder = polygon.some(([x, y]) => x === box.x0 || x === box.x1 || y === box.y0 || y === box.y1);
      if (!selected[index] && onBorder) {
        reachesBorder[index] = true;
        queue.push(index);
      }
    });
    while (queue.length > 0) {
      const current = queue.pop() as number;
      for (const neighbor of at(neighbors, current)) {
        if (!selected[neighbor] && !reachesBorder[neighbor]) {
          reachesBorder[neighbor] = true;
          queue.push(neighbor);
        }
      }
    }
    sites.forEach((_, index) => {
      if (!selected[index] && !reachesBorder[index]) selected[index] = true;
    });
  }

  // --- Unit drafts: geometry in metres, names, population --------------------------------------
  const densifiedEdges = new Map<string, Vec[]>();
  const keyOf = (p: Vec): string => `${p[0]},${p[1]}`;
  /** Canonical densification of an edge so both neighbouring cells get identical vertices. */
  const densifyEdge = (a: Vec, b: Vec): Vec[] => {
    const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    const [first, second] = forward ? [a, b] : [b, a];
    const key = `${keyOf(first)}|${keyOf(second)}`;
    let points = densifiedEdges.get(key);
    if (!points) {
      const steps = Math.max(1, Math.ceil(distance(first, second) / 110));
      points = [];
      for (let step = 0; step <= steps; step++) points.push(displace(lerp(first, second, step / steps)));
      densifiedEdges.set(key, points);
    }
    return forward ? points : points.slice().reverse();
  };
  const cellRing = (index: number): Vec[] => {
    const polygon = voronoi.cellPolygon(index) as unknown as Vec[];
    if (polygon.some(([x, y]) => x === box.x0 || x === box.x1 || y === box.y0 || y === box.y1)) {
      throw new Error(`Selected cell ${index} touches the Voronoi box`);
    }
    const ring: Vec[] = [];
    for (let vertex = 0; vertex + 1 < polygon.length; vertex++) {
      const edge = densifyEdge(at(polygon, vertex), at(polygon, vertex + 1));
      ring.push(...edge.slice(0, -1));
    }
    ring.push(at(ring, 0));
    return ring;
  };

  const compass = (offset: Vec): string => {
    const names = ['Ost', 'Nordost', 'Nord', 'Nordwest', 'West', 'Südwest', 'Süd', 'Südost'];
    return at(names, Math.round(degrees(angleOf(offset)) / 45) % 8);
  };
  const ageShares: Record<Exclude<keyof AgeBandPopulation, 'age21plus'>, number> = {
    age0to6: 0.055,
    age6to15: 0.085,
    age15to18: 0.03,
    age18to21: 0.03,
  };
  const makePopulation = (total: number, youthFactor: number, studentFactor: number): AgeBandPopulation => {
    const band = (share: number, factor: number): number => Math.round(total * share * factor * uniform(0.82, 1.18));
    const population: AgeBandPopulation = {
      age0to6: band(ageShares.age0to6, youthFactor),
      age6to15: band(ageShares.age6to15, youthFactor),
      age15to18: band(ageShares.age15to18, 1),
      age18to21: band(ageShares.age18to21, studentFactor),
      age21plus: 0,
    };
    population.age21plus = total - population.age0to6 - population.age6to15 - population.age15to18 - population.age18to21;
    return population;
  };

  const selectedIndexes = sites.map((_, index) => index).filter((index) => selected[index]);
  const order = { town: 0, townOutskirts: 1, village: 2, hamlet: 3 } as const;
  selectedIndexes.sort((a, b) => {
    const siteA = at(sites, a);
    const siteB = at(sites, b);
    if (siteA.kind !== siteB.kind) return order[siteA.kind] - order[siteB.kind];
    if (siteA.kind === 'town') return distance(siteA.position, town) - distance(siteB.position, town);
    if (siteA.kind === 'village' && siteA.settlement !== siteB.settlement) {
      return VILLAGE_NAMES.indexOf(siteA.settlement?.name ?? '') - VILLAGE_NAMES.indexOf(siteB.settlement?.name ?? '');
    }
    return degrees(angleOf(sub(siteA.position, town))) - degrees(angleOf(sub(siteB.position, town)));
  });

  const townSiteIndexes = selectedIndexes.filter((index) => at(sites, index).kind === 'town');
  const townWeights = townSiteIndexes.map((index) => Math.exp(-distance(at(sites, index).position, town) / 1400) * uniform(0.6, 1.4));
  const townWeightSum = d3.sum(townWeights);
  const townInnerPopulation = 25200;
  const hamletNames = new Set<string>();
  const units: UnitDraft[] = [];
  let townQuarterIndex = 0;
  for (const siteIndex of selectedIndexes) {
    const site = at(sites, siteIndex);
    let name: string;
    let total: number;
    let youthFactor = uniform(0.85, 1.15);
    let studentFactor = 1;
    if (site.kind === 'town') {
      const rank = townSiteIndexes.indexOf(siteIndex);
      if (rank < 2) {
        const other = at(sites, at(townSiteIndexes, 1 - rank));
        name = `${TOWN_NAME}-Altstadt ${site.position[1] >= other.position[1] ? 'Nord' : 'Süd'}`;
      } else {
        name = `${TOWN_NAME}-${at(TOWN_QUARTER_NAMES, townQuarterIndex++)}`;
      }
      const weight = at(townWeights, rank) * (name.includes('gebiet') ? 0.15 : 1);
      total = Math.round((townInnerPopulation * weight) / townWeightSum);
      if (distance(site.position, town) < 1000) studentFactor = 1.3;
    } else if (site.kind === 'townOutskirts') {
      name = `${TOWN_NAME}-Feldmark ${compass(sub(site.position, town))}`;
      total = integer(70, 240);
    } else if (site.kind === 'village') {
      const village = site.settlement as Settlement;
      const siblings = sites.filter((other) => other.settlement === village);
      name = siblings.length === 1 ? village.name : `${village.name}-${compass(sub(site.position, village.center))}`;
      total = Math.round((village.population / siblings.length) * uniform(0.85, 1.15));
      youthFactor *= 1.05;
    } else {
      do {
        name = `${pick(HAMLET_PREFIXES)}${pick(HAMLET_SUFFIXES)}`;
      } while (hamletNames.has(name) || VILLAGE_NAMES.includes(name));
      hamletNames.add(name);
      total = integer(35, 380);
    }
    units.push({
      index: units.length,
      site: displace(site.position),
      kind: site.kind,
      settlement: site.settlement,
      name,
      ring: cellRing(siteIndex),
      population: makePopulation(total, youthFactor, studentFactor),
      spaceIndex: -1,
    });
  }
  const unitBySite = new Map<number, UnitDraft>();
  selectedIndexes.forEach((siteIndex, unitIndex) => unitBySite.set(siteIndex, at(units, unitIndex)));
  const unitNeighbors = new Map<UnitDraft, UnitDraft[]>();
  selectedIndexes.forEach((siteIndex) => {
    const unit = unitBySite.get(siteIndex) as UnitDraft;
    unitNeighbors.set(
      unit,
      at(neighbors, siteIndex).map((neighbor) => unitBySite.get(neighbor)).filter((neighbor): neighbor is UnitDraft => neighbor !== undefined),
    );
  });

  // --- Social spaces: assignment and contiguity --------------------------------------------------
  for (const unit of units) {
    if (unit.kind === 'town' && distance(unit.site, town) < 950) unit.spaceIndex = 0;
    else if (unit.kind === 'town' || unit.kind === 'townOutskirts') unit.spaceIndex = unit.site[1] - town[1] >= -250 ? 1 : 2;
  }
  const inWedge = (angle: number, wedge: { from: number; to: number }): boolean =>
    wedge.from < wedge.to ? angle >= wedge.from && angle < wedge.to : angle >= wedge.from || angle < wedge.to;
  const wedgeSpace = (p: Vec): number => {
    const angle = degrees(angleOf(sub(p, town)));
    return (RURAL_WEDGES.find((wedge) => inWedge(angle, wedge)) ?? at(RURAL_WEDGES, 0)).spaceIndex;
  };
  // Villages by the direction of their centre; a village's cells stay together.
  for (const unit of units) if (unit.kind === 'village') unit.spaceIndex = wedgeSpace((unit.settlement as Settlement).center);
  // Hamlets belong to the space of the nearest village (by direction when the town is nearer).
  for (const unit of units) {
    if (unit.kind !== 'hamlet') continue;
    const nearest = d3.least(settlements, (settlement) => distance(settlement.center, unit.site)) as Settlement;
    unit.spaceIndex = nearest.isTown ? wedgeSpace(unit.site) : wedgeSpace(nearest.center);
  }
  const components = (spaceIndex: number): UnitDraft[][] => {
    const members = units.filter((unit) => unit.spaceIndex === spaceIndex);
    const seen = new Set<UnitDraft>();
    const result: UnitDraft[][] = [];
    for (const start of members) {
      if (seen.has(start)) continue;
      const component: UnitDraft[] = [];
      const stack = [start];
      seen.add(start);
      while (stack.length > 0) {
        const current = stack.pop() as UnitDraft;
        component.push(current);
        for (const neighbor of unitNeighbors.get(current) ?? []) {
          if (neighbor.spaceIndex === spaceIndex && !seen.has(neighbor)) {
            seen.add(neighbor);
            stack.push(neighbor);
          }
        }
      }
      result.push(component);
    }
    return result.sort((a, b) => b.length - a.length);
  };
  for (let round_ = 0; round_ < 20; round_++) {
    let changed = false;
    SPACES.forEach((_, spaceIndex) => {
      for (const component of components(spaceIndex).slice(1)) {
        for (const unit of component) {
          const votes = new Map<number, number>();
          for (const neighbor of unitNeighbors.get(unit) ?? []) {
            if (neighbor.spaceIndex !== spaceIndex) votes.set(neighbor.spaceIndex, (votes.get(neighbor.spaceIndex) ?? 0) + 1);
          }
          const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
          if (best) {
            unit.spaceIndex = best[0];
            changed = true;
          }
        }
      }
    });
    if (!changed) break;
  }
  SPACES.forEach((space, spaceIndex) => {
    if (components(spaceIndex).length !== 1) throw new Error(`${space.code} is not contiguous`);
  });

  // --- WGS84 units, spaces, outline ------------------------------------------------------------
  const unitRecords: Unit[] = units.map((unit) => {
    const ring = unit.ring.map(toLonLat).filter((position, index, all) => {
      const previous = all[index - 1];
      return !previous || previous[0] !== position[0] || previous[1] !== position[1];
    });
    if (signedArea(ring) < 0) ring.reverse();
    return {
      id: `u-${String(unit.index + 1).padStart(3, '0')}`,
      projectId: PROJECT_ID,
      layerId: LAYER_IDS.units,
      key: `0699${String(unit.index + 1).padStart(4, '0')}`,
      name: unit.name,
      geometry: { type: 'Polygon', coordinates: [ring] },
      population: unit.population,
    };
  });
  const spaceRecords: SocialSpace[] = SPACES.map((space, spaceIndex) => {
    const members = units.filter((unit) => unit.spaceIndex === spaceIndex);
    const geometry = roundAreaGeometry(dissolvePolygons(members.map((unit) => at(unitRecords, unit.index).geometry)));
    if (geometry.type !== 'Polygon') throw new Error(`${space.code} dissolves into a ${geometry.type}`);
    return {
      id: `sr-${String(spaceIndex + 1).padStart(2, '0')}`,
      projectId: PROJECT_ID,
      variantId: VARIANT_ID,
      code: space.code,
      name: space.name,
      color: at(SPACE_COLORS, spaceIndex),
      notes: space.notes,
      geometry,
      unitIds: members.map((unit) => at(unitRecords, unit.index).id),
    };
  });
  const outline = roundAreaGeometry(dissolvePolygons(unitRecords.map((unit) => unit.geometry)));
  if (outline.type !== 'Polygon' || outline.coordinates.length !== 1) throw new Error('The district outline must be one polygon without holes');

  const lonLatInside = (position: Position, geometry: AreaGeometry): boolean =>
    booleanPointInPolygon(turfPoint(position), geometry, { ignoreBoundary: true });
  const spaceOfPosition = (position: Position): number =>
    spaceRecords.findIndex((space) => lonLatInside(position, space.geometry));

  // --- Road network ----------------------------------------------------------------------------
  const roads: Road[] = [];
  const streetWobble = makeWaves(random, [{ wavelengthMeters: 1100, amplitudeMeters: 28, count: 3 }]);
  const streetWobbleY = makeWaves(random, [{ wavelengthMeters: 1100, amplitudeMeters: 28, count: 3 }]);
  const wobble = (p: Vec): Vec => [p[0] + evalWaves(streetWobble, p), p[1] + evalWaves(streetWobbleY, p)];

  /** A grid of streets; returns node positions keyed "i,j" (largest connected part only). */
  const buildGrid = (
    settlement: Settlement,
    spacing: number,
    extent: number,
    inside: (offset: Vec) => boolean,
    rotation: number,
    rowNames: (j: number) => string,
    columnNames: (i: number) => string,
    classOf: (isRow: boolean, lineIndex: number) => Road['roadClass'],
  ): Map<string, Vec> => {
    const nodes = new Map<string, Vec>();
    for (let i = -extent; i <= extent; i++) {
      for (let j = -extent; j <= extent; j++) {
        const local: Vec = [i * spacing, j * spacing];
        const offset: Vec = [
          local[0] * Math.cos(rotation) - local[1] * Math.sin(rotation),
          local[0] * Math.sin(rotation) + local[1] * Math.cos(rotation),
        ];
        if (!inside(offset)) continue;
        const jitter: Vec = [uniform(-0.12, 0.12) * spacing, uniform(-0.12, 0.12) * spacing];
        nodes.set(`${i},${j}`, wobble(add(add(settlement.center, offset), i === 0 || j === 0 ? [0, 0] : jitter)));
      }
    }
    // Keep the largest 4-connected part so that the grid is one connected graph.
    const seen = new Set<string>();
    let largest: string[] = [];
    for (const start of nodes.keys()) {
      if (seen.has(start)) continue;
      const part: string[] = [];
      const stack = [start];
      seen.add(start);
      while (stack.length > 0) {
        const current = stack.pop() as string;
        part.push(current);
        const [i, j] = current.split(',').map(Number) as [number, number];
        for (const next of [`${i + 1},${j}`, `${i - 1},${j}`, `${i},${j + 1}`, `${i},${j - 1}`]) {
          if (nodes.has(next) && !seen.has(next)) {
            seen.add(next);
            stack.push(next);
          }
        }
      }
      if (part.length > largest.length) largest = part;
    }
    const kept = new Set(largest);
    for (const key of [...nodes.keys()]) if (!kept.has(key)) nodes.delete(key);
    for (const [key, position] of nodes) {
      const [i, j] = key.split(',').map(Number) as [number, number];
      settlement.streetNodes.push({ position, streets: [rowNames(j), columnNames(i)] });
      const right = nodes.get(`${i + 1},${j}`);
      if (right) roads.push({ points: [position, right], roadClass: classOf(true, j), name: rowNames(j) });
      const up = nodes.get(`${i},${j + 1}`);
      if (up) roads.push({ points: [position, up], roadClass: classOf(false, i), name: columnNames(i) });
    }
    return nodes;
  };

  const townStreets = shuffle(TOWN_STREETS.slice());
  const townRotation = (17 * Math.PI) / 180;
  const townExtent = 12;
  const townMainRows: Record<number, string> = { 0: 'Hauptstraße', 6: 'Auentalstraße', [-6]: 'Friedrich-Ebert-Straße' };
  const townMainColumns: Record<number, string> = { 0: 'Bahnhofstraße', 6: 'Lindenallee', [-7]: 'Marktstraße' };
  const townGrid = buildGrid(
    at(settlements, 0),
    175,
    townExtent,
    (offset) => length(offset) < townRadius(angleOf(offset)) * 0.98,
    townRotation,
    (j) => townMainRows[j] ?? at(townStreets, (j + townExtent) % townStreets.length),
    (i) => townMainColumns[i] ?? at(townStreets, (i + townExtent + 25) % townStreets.length),
    (isRow, index) => (isRow && index === 0 ? 'primary' : (isRow ? townMainRows[index] : townMainColumns[index]) ? 'tertiary' : 'residential'),
  );
  const villageGrids = new Map<Settlement, Map<string, Vec>>();
  for (const village of villages) {
    const extent = village.population < 1500 ? 1 : village.population < 3000 ? 2 : village.population < 5500 ? 3 : 4;
    const spacing = 140;
    village.radius = (extent + 0.6) * spacing;
    const streets = shuffle(VILLAGE_STREETS.slice());
    const mainStreet = random() < 0.5 ? 'Hauptstraße' : 'Dorfstraße';
    villageGrids.set(
      village,
      buildGrid(
        village,
        spacing,
        extent,
        (offset) => length(offset) <= (extent + 0.3) * spacing,
        random() * Math.PI,
        (j) => (j === 0 ? mainStreet : at(streets, (j + extent) % streets.length)),
        (i) => (i === 0 ? 'Kirchstraße' : at(streets, (i + extent + 8) % streets.length)),
        () => 'residential',
      ),
    );
  }
  const gridOf = (settlement: Settlement): Map<string, Vec> => (settlement.isTown ? townGrid : (villageGrids.get(settlement) as Map<string, Vec>));
  /** The street node of a settlement at its edge towards `target`. */
  const entryNode = (settlement: Settlement, target: Vec): Vec => {
    const direction = scale(sub(target, settlement.center), 1 / distance(target, settlement.center));
    let best: Vec | null = null;
    let bestScore = -Infinity;
    for (const position of gridOf(settlement).values()) {
      const offset = sub(position, settlement.center);
      const along = offset[0] * direction[0] + offset[1] * direction[1];
      const across = Math.abs(offset[0] * direction[1] - offset[1] * direction[0]);
      const score = along - 1.2 * across;
      if (score > bestScore) {
        bestScore = score;
        best = position;
      }
    }
    return best as Vec;
  };
  /** Jittered intermediate vertices between two nodes (both ends exact). */
  const countryRoadPoints = (from: Vec, to: Vec, bulgeFactor: number): Vec[] => {
    const span = distance(from, to);
    const steps = Math.max(2, Math.round(span / 380));
    const side = perpendicular(scale(sub(to, from), 1 / span));
    const bulge = span * bulgeFactor * uniform(-1, 1);
    const wave = span * 0.025 * uniform(-1, 1);
    const points: Vec[] = [from];
    for (let step = 1; step < steps; step++) {
      const t = step / steps;
      const offset = bulge * Math.sin(Math.PI * t) + wave * Math.sin(2 * Math.PI * t) + normal() * 12;
      points.push(add(lerp(from, to, t), scale(side, offset)));
    }
    points.push(to);
    return points;
  };

  // Roads between settlements along the Delaunay triangulation of their centres.
  const settlementDelaunay = d3.Delaunay.from(settlements, (s) => s.center[0], (s) => s.center[1]);
  const pairs: { a: number; b: number; span: number }[] = [];
  settlements.forEach((_, a) => {
    for (const b of settlementDelaunay.neighbors(a)) if (a < b) pairs.push({ a, b, span: distance(at(settlements, a).center, at(settlements, b).center) });
  });
  pairs.sort((p, q) => p.span - q.span || p.a - q.a || p.b - q.b);
  const parent = settlements.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = at(parent, index);
    return index;
  };
  let kreisNumber = 11;
  let landesNumber = 3170;
  const unusedPairs: typeof pairs = [];
  for (const pair of pairs) {
    const rootA = find(pair.a);
    const rootB = find(pair.b);
    const inTree = rootA !== rootB;
    if (inTree) parent[rootA] = rootB;
    const a = at(settlements, pair.a);
    const b = at(settlements, pair.b);
    if (!inTree && pair.span > 8800) {
      unusedPairs.push(pair);
      continue;
    }
    let roadClass: Road['roadClass'];
    let name: string | undefined;
    if (a.isTown || b.isTown) {
      roadClass = 'secondary';
      name = `L ${landesNumber++}`;
    } else if (inTree || pair.span < 6500) {
      roadClass = 'tertiary';
      name = `K ${kreisNumber++}`;
    } else {
      roadClass = 'track';
    }
    const road: Road = { points: countryRoadPoints(entryNode(a, b.center), entryNode(b, a.center), 0.07), roadClass };
    if (name) road.name = name;
    roads.push(road);
  }

  /** Split roads so that `vertex` (an interior vertex of some road) becomes an end point. */
  const splitAt = (vertex: Vec): void => {
    for (let roadIndex = 0; roadIndex < roads.length; roadIndex++) {
      const road = at(roads, roadIndex);
      const position = road.points.findIndex((p) => p[0] === vertex[0] && p[1] === vertex[1]);
      if (position > 0 && position < road.points.length - 1) {
        const tail: Road = { ...road, points: road.points.slice(position) };
        road.points = road.points.slice(0, position + 1);
        roads.push(tail);
      }
    }
  };
  const nearestVertex = (p: Vec, filter: (road: Road) => boolean): Vec => {
    let best: Vec | null = null;
    let bestDistance = Infinity;
    for (const road of roads) {
      if (!filter(road)) continue;
      for (const vertex of road.points) {
        const d = distance(p, vertex);
        if (d < bestDistance) {
          bestDistance = d;
          best = vertex;
        }
      }
    }
    if (!best) throw new Error('No road vertex found');
    return best;
  };
  /** A new road from `p` to the nearest vertex of the network (split there). */
  const connect = (p: Vec, roadClass: Road['roadClass'], name: string | undefined, filter: (road: Road) => boolean = () => true): Road => {
    const target = nearestVertex(p, filter);
    splitAt(target);
    const road: Road = { points: countryRoadPoints(p, target, 0.05), roadClass };
    if (name) road.name = name;
    roads.push(road);
    return road;
  };

  // Federal road B 499 crossing the district west–east through the town's Hauptstraße.
  const townRow0 = [...townGrid.entries()]
    .filter(([key]) => key.endsWith(',0'))
    .map(([key, position]) => ({ i: Number(key.split(',')[0]), position }))
    .sort((a, b) => a.i - b.i);
  const townWest = at(townRow0, 0).position;
  const townEast = at(townRow0, townRow0.length - 1).position;
  const westDirection = unitVector(((180 + 17 + 8) * Math.PI) / 180);
  const eastDirection = unitVector(((17 - 6) * Math.PI) / 180);
  for (const [from, direction] of [
    [townWest, westDirection],
    [townEast, eastDirection],
  ] as const) {
    const end = add(town, scale(direction, exitDistance(town, direction) + 1200));
    const points = countryRoadPoints(end, from, 0.04);
    roads.push({ points, roadClass: 'primary', name: 'B 499' });
  }
  // Junctions from the B 499 to nearby villages.
  for (const village of villages) {
    const primaryVertex = nearestVertex(village.center, (road) => road.name === 'B 499');
    const span = distance(primaryVertex, village.center);
    if (span > 700 && span < 3200) {
      splitAt(primaryVertex);
      roads.push({ points: countryRoadPoints(primaryVertex, entryNode(village, primaryVertex), 0.05), roadClass: 'tertiary', name: `K ${kreisNumber++}` });
    }
  }

  // Tracks to the hamlets.
  for (const unit of units) {
    if (unit.kind !== 'hamlet' && unit.kind !== 'townOutskirts') continue;
    connect(unit.site, 'track', undefined, (road) => road.roadClass !== 'footway');
  }

  // Footpath along the river ("Auenweg") between Obernau and Niederau, through the town.
  const riverPathStart = river.findIndex((p) => distance(p, at(villages, 0).center) < 2200);
  const riverPathEnd = river.length - 1 - [...river].reverse().findIndex((p) => distance(p, at(villages, 1).center) < 2200);
  {
    const path: Vec[] = [];
    for (let index = riverPathStart; index <= riverPathEnd; index += 2) {
      const here = at(river, index);
      const next = at(river, Math.min(river.length - 1, index + 1));
      const direction = sub(next, here);
      path.push(add(here, scale(perpendicular(direction), 45 / Math.max(1, length(direction)))));
    }
    const pathStart = at(path, 0);
    const pathEnd = at(path, path.length - 1);
    const startJoin = nearestVertex(pathStart, (road) => road.roadClass !== 'footway');
    const endJoin = nearestVertex(pathEnd, (road) => road.roadClass !== 'footway');
    splitAt(startJoin);
    splitAt(endJoin);
    roads.push({ points: [startJoin, ...path, endJoin], roadClass: 'footway', name: 'Auenweg' });
  }
  // Hiking paths between neighbouring villages without a road.
  for (const pair of unusedPairs.filter((pair) => pair.span < 9500).slice(0, 4)) {
    const a = at(settlements, pair.a);
    const b = at(settlements, pair.b);
    roads.push({ points: countryRoadPoints(entryNode(a, b.center), entryNode(b, a.center), 0.1), roadClass: 'footway', name: `Wanderweg ${a.name}–${b.name}` });
  }

  // --- Landcover -------------------------------------------------------------------------------
  const landcover: { geometry: MapFeature['geometry']; properties: MapFeature['properties'] }[] = [];
  const ringToLonLat = (ring: readonly Vec[]): Position[] => {
    const positions = ring.map(toLonLat);
    if (signedArea(positions) < 0) positions.reverse();
    return positions;
  };
  landcover.push({ geometry: { type: 'LineString', coordinates: river.map(toLonLat) }, properties: { class: 'river', name: 'Aue' } });

  // Streams flowing into the Aue: they end exactly on a river vertex.
  const streamNames = ['Hasselbach', 'Mühlgraben', 'Fuchsbach', 'Erlenbach', 'Kaltenborn'];
  const streams: Vec[][] = [];
  for (let attempt = 0; streams.length < streamNames.length && attempt < 500; attempt++) {
    const angle = random() * Math.PI * 2;
    const source = add(districtCenter, scale(unitVector(angle), districtRadius(angle) * uniform(0.55, 0.95)));
    const riverDistance = distanceToPolyline(source, river);
    if (riverDistance < 4500 || riverDistance > 11000) continue;
    if (settlements.some((settlement) => distance(settlement.center, source) < 1500)) continue;
    if (streams.some((stream) => distance(at(stream, 0), source) < 6000)) continue;
    let mouthIndex = 0;
    river.forEach((p, index) => {
      if (distance(p, source) < distance(at(river, mouthIndex), source)) mouthIndex = index;
    });
    const mouth = at(river, Math.min(river.length - 2, Math.max(1, mouthIndex + (random() < 0.5 ? 4 : -4))));
    const span = distance(source, mouth);
    const steps = Math.ceil(span / 140);
    const side = perpendicular(scale(sub(mouth, source), 1 / span));
    const meander = makeWaves(random, [{ wavelengthMeters: 1800, amplitudeMeters: 180, count: 2 }]);
    const stream: Vec[] = [];
    for (let step = 0; step < steps; step++) {
      const t = step / steps;
      const base = lerp(source, mouth, t);
      stream.push(add(base, scale(side, Math.sin(Math.PI * t) * evalWaves(meander, base) * 2)));
    }
    stream.push(mouth);
    streams.push(stream);
  }
  streams.forEach((stream, index) => {
    landcover.push({ geometry: { type: 'LineString', coordinates: stream.map(toLonLat) }, properties: { class: 'stream', name: at(streamNames, index) } });
  });

  // Settlement areas.
  const townArea = [...Array(73).keys()].map((index) => {
    const angle = (index / 72) * Math.PI * 2;
    return wobble(add(town, scale(unitVector(angle), townRadius(angle) * 0.98 + 50)));
  });
  landcover.push({ geometry: { type: 'Polygon', coordinates: [ringToLonLat(townArea)] }, properties: { class: 'settlement', name: TOWN_NAME } });
  for (const village of villages) {
    const ring = noisyRing(random, village.center, village.radius + 90, 0.12, 36);
    landcover.push({ geometry: { type: 'Polygon', coordinates: [ringToLonLat(ring)] }, properties: { class: 'settlement', name: village.name } });
  }

  // Lakes: a former gravel pit by the Aue below the town and a pond.
  const lakes: { center: Vec; radius: number }[] = [];
  {
    const downstreamIndex = river.findIndex((p) => distance(p, town) > 3600 && distance(p, add(town, downstreamDirection)) < distance(p, add(town, upstreamDirection)));
    const here = at(river, downstreamIndex);
    const direction = sub(at(river, downstreamIndex + 1), here);
    const center = add(here, scale(perpendicular(direction), -420 / length(direction)));
    lakes.push({ center, radius: 420 });
    const ring = noisyRing(random, center, 230, 0.1, 32, angleOf(direction), 2);
    landcover.push({ geometry: { type: 'Polygon', coordinates: [ringToLonLat(ring)] }, properties: { class: 'water', name: 'Auensee' } });
  }

  // Forest patches away from settlements, the river and the lakes.
  const forests: { center: Vec; radius: number }[] = [];
  for (let attempt = 0; forests.length < 30 && attempt < 6000; attempt++) {
    const angle = random() * Math.PI * 2;
    const center = add(districtCenter, scale(unitVector(angle), Math.sqrt(random()) * districtRadius(angle)));
    const radius = uniform(600, 1900);
    if (!insideDistrict(center, radius * 1.2)) continue;
    if (settlements.some((settlement) => distance(settlement.center, center) < radius * 1.3 + settlement.radius + (settlement.isTown ? 2300 : 350))) continue;
    if (distanceToPolyline(center, river) < radius * 1.3 + 250) continue;
    if (forests.some((forest) => distance(forest.center, center) < (forest.radius + radius) * 1.25)) continue;
    if (lakes.some((lake) => distance(lake.center, center) < radius * 1.3 + lake.radius)) continue;
    if (units.some((unit) => unit.kind === 'hamlet' && distance(unit.site, center) < radius * 1.3 + 100)) continue;
    forests.push({ center, radius });
    const ring = noisyRing(random, center, radius, 0.28, 40, random() * Math.PI, uniform(1, 1.6));
    landcover.push({ geometry: { type: 'Polygon', coordinates: [ringToLonLat(ring)] }, properties: { class: 'forest' } });
  }
  {
    const biggest = [...forests].sort((a, b) => b.radius - a.radius)[0];
    if (biggest) {
      const ring = noisyRing(random, add(biggest.center, [120, -80]), 140, 0.15, 24, random() * Math.PI, 1.4);
      landcover.push({ geometry: { type: 'Polygon', coordinates: [ringToLonLat(ring)] }, properties: { class: 'water', name: 'Waldweiher' } });
    }
  }
  // Forest tracks into the larger forests.
  for (const forest of forests) {
    if (forest.radius < 1100) continue;
    const road = connect(forest.center, 'track', undefined, (road) => road.roadClass !== 'footway');
    if (forest.radius > 1600) road.name = 'Waldweg';
  }

  // Place labels.
  landcover.push({ geometry: { type: 'Point', coordinates: toLonLat(town) }, properties: { class: 'place', name: TOWN_NAME, rank: 'town' } });
  for (const village of villages) {
    landcover.push({ geometry: { type: 'Point', coordinates: toLonLat(village.center) }, properties: { class: 'place', name: village.name, rank: 'village' } });
  }

  // --- Resources -------------------------------------------------------------------------------
  settlements[0] = { ...at(settlements, 0), population: townInnerPopulation };
  const townSettlement = at(settlements, 0);
  interface ResourceDraft {
    category: ResourceCategory;
    name: string;
    provider: string;
    capacity: number | null;
    settlement: Settlement;
    attributes: Record<string, string | number | boolean | null>;
    /** Only street nodes inside this space (for the "Hilfen unter einem Dach" providers). */
    spaceIndex?: number;
  }
  const drafts: ResourceDraft[] = [];
  const resource = (draft: ResourceDraft): void => {
    drafts.push(draft);
  };
  const kitaProviders = ['Diakonisches Werk Auental', 'Caritasverband Auental', 'AWO Kreisverband Auental', 'DRK Kreisverband Auental', 'Lebenshilfe Auental e.V.'];
  const townKitas = [
    'Kita Sonnenblume', 'Kita Regenbogen', 'Ev. Kita Arche Noah', 'Kath. Kita St. Marien', 'Kita Pusteblume', 'Kita Löwenzahn',
    'AWO-Kita Auenzwerge', 'Kita Spatzennest', 'Kita Villa Kunterbunt', 'Waldkindergarten Auenstadt', 'Kita Zwergenland',
    'Kita Am Schlossberg', 'Kita Kleine Strolche', 'Städtische Kita Bahnhofstraße', 'Kita Wirbelwind', 'Kita Sternschnuppe',
  ];
  for (const name of townKitas) {
    const provider = name.startsWith('Städtische') || name.startsWith('Kita Am') ? 'Stadt Auenstadt' : name.startsWith('Ev.') ? 'Diakonisches Werk Auental' : name.startsWith('Kath.') ? 'Caritasverband Auental' : name.startsWith('AWO') ? 'AWO Kreisverband Auental' : pick(kitaProviders);
    resource({ category: 'kita', name, provider, capacity: 5 * integer(9, 26), settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 7:00–17:00' } });
  }
  const villageKitaNames = (village: string): string[] => [`Kindertagesstätte ${village}`, `Ev. Kindergarten ${village}`, `Kita Kleine Hände ${village}`];
  for (const village of villages) {
    const count = village.population < 1200 ? 0 : village.population < 3000 ? 1 : village.population < 5000 ? 2 : 3;
    villageKitaNames(village.name).slice(0, count).forEach((name, index) => {
      resource({
        category: 'kita',
        name,
        provider: index === 0 ? `Gemeinde ${village.name}` : index === 1 ? 'Diakonisches Werk Auental' : pick(kitaProviders),
        capacity: 5 * integer(5, 15),
        settlement: village,
        attributes: { openingHours: 'Mo–Fr 7:30–16:30' },
      });
    });
  }
  const schoolOwner = 'Landkreis Auental (Schulträger)';
  const townSchools: [string, string, number][] = [
    ['Grundschule Am Schlossberg', 'Grundschule', integer(180, 300)],
    ['Grundschule Auenpark', 'Grundschule', integer(180, 300)],
    ['Pestalozzi-Grundschule', 'Grundschule', integer(150, 260)],
    ['Grundschule Auenstadt-Nord', 'Grundschule', integer(200, 320)],
    ['Gesamtschule Auenstadt', 'Gesamtschule', integer(850, 1150)],
    ['Auental-Gymnasium', 'Gymnasium', integer(850, 1050)],
    ['Johannes-Kepler-Schule (Förderschule)', 'Förderschule', integer(90, 160)],
    ['Berufliche Schulen des Landkreises Auental', 'Berufliche Schule', integer(1200, 1600)],
  ];
  for (const [name, schoolType, capacity] of townSchools) {
    resource({ category: 'school', name, provider: schoolOwner, capacity, settlement: townSettlement, attributes: { schoolType, openingHours: 'Mo–Fr 7:30–16:00' } });
  }
  const villagesByPopulation = [...villages].sort((a, b) => b.population - a.population);
  for (const village of villages) {
    if (village.population >= 1900) {
      resource({ category: 'school', name: `Grundschule ${village.name}`, provider: schoolOwner, capacity: integer(60, 200), settlement: village, attributes: { schoolType: 'Grundschule', openingHours: 'Mo–Fr 7:45–13:00' } });
    }
  }
  for (const village of villagesByPopulation.slice(0, 2)) {
    resource({ category: 'school', name: `Gesamtschule ${village.name}`, provider: schoolOwner, capacity: integer(450, 750), settlement: village, attributes: { schoolType: 'Gesamtschule', openingHours: 'Mo–Fr 7:30–15:30' } });
  }
  const townClubs = [
    'TSV Auenstadt 1862 e.V.', 'VfL Auenstadt 1919 e.V.', 'Schwimmverein Auenstadt e.V.', 'Turnverein Jahn Auenstadt e.V.', 'Reit- und Fahrverein Auental e.V.',
    'Schachklub Auenstadt e.V.', 'DLRG Ortsgruppe Auenstadt', 'Pfadfinderstamm Aue', 'Tennisclub Blau-Weiß Auenstadt e.V.', 'Jugendfeuerwehr Auenstadt', 'CVJM Auenstadt e.V.',
  ];
  for (const name of townClubs) resource({ category: 'club', name, provider: name, capacity: null, settlement: townSettlement, attributes: {} });
  for (const village of villages) {
    const count = village.population < 1500 ? 1 : village.population < 3500 ? 2 : 3;
    const founded = integer(1880, 1965);
    const clubNames = shuffle([`TSV ${village.name} ${founded} e.V.`, `SV ${village.name} e.V.`, `Musikverein ${village.name} e.V.`, `Jugendfeuerwehr ${village.name}`]);
    for (const name of clubNames.slice(0, count)) resource({ category: 'club', name, provider: name, capacity: null, settlement: village, attributes: {} });
  }
  const youthHours = 'Di–Fr 14:00–20:00';
  resource({ category: 'youth-centre', name: 'Jugendtreff Bahnhof', provider: 'Stadt Auenstadt', capacity: null, settlement: townSettlement, attributes: { openingHours: youthHours } });
  resource({ category: 'youth-centre', name: 'Jugendzentrum Alte Molkerei', provider: 'Ev. Jugend im Kirchenkreis Auental', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 13:00–21:00' } });
  resource({ category: 'youth-centre', name: 'Jugendhaus Nord', provider: 'Stadt Auenstadt', capacity: null, settlement: townSettlement, attributes: { openingHours: youthHours } });
  for (const village of villages) {
    if (village.population >= 3000) resource({ category: 'youth-centre', name: `Jugendraum ${village.name}`, provider: `Gemeinde ${village.name}`, capacity: null, settlement: village, attributes: { openingHours: 'Mi und Fr 16:00–21:00' } });
  }
  resource({ category: 'family-centre', name: 'Familienzentrum Auenstadt', provider: 'Diakonisches Werk Auental', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 9:00–17:00' } });
  resource({ category: 'family-centre', name: 'Familienzentrum Regenbogen', provider: 'AWO Kreisverband Auental', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Do 9:00–16:00' } });
  for (const village of villagesByPopulation.slice(0, 2)) {
    resource({ category: 'family-centre', name: `Familienzentrum ${village.name}`, provider: 'Caritasverband Auental', capacity: null, settlement: village, attributes: { openingHours: 'Di und Do 9:00–15:00' } });
  }
  const counsellingHours = 'Mo–Do 8:30–16:00, Fr 8:30–12:00';
  const townCounselling: [string, string][] = [
    ['Erziehungsberatungsstelle des Landkreises', 'Landkreis Auental'],
    ['Psychologische Beratungsstelle für Eltern, Kinder und Jugendliche', 'Caritasverband Auental'],
    ['Schwangeren- und Familienberatung', 'Diakonisches Werk Auental'],
    ['Suchtberatung Auental', 'Diakonisches Werk Auental'],
    ['Jugendmigrationsdienst Auenstadt', 'AWO Kreisverband Auental'],
  ];
  for (const [name, provider] of townCounselling) resource({ category: 'counselling', name, provider, capacity: null, settlement: townSettlement, attributes: { openingHours: counsellingHours } });
  const biggestVillage = at(villagesByPopulation, 0);
  resource({ category: 'counselling', name: `Außenstelle Erziehungsberatung ${biggestVillage.name}`, provider: 'Landkreis Auental', capacity: null, settlement: biggestVillage, attributes: { openingHours: 'Di 9:00–16:00' } });
  SPACES.forEach((space, spaceIndex) => {
    if (space.providerOpenedYear === null || space.providerName === null || space.providerOrganisation === null) return;
    const members = units.filter((unit) => unit.spaceIndex === spaceIndex && unit.settlement !== null);
    const largest = [...members].sort((a, b) => (b.settlement?.population ?? 0) - (a.settlement?.population ?? 0))[0];
    if (!largest?.settlement) throw new Error(`${space.code} has no settlement for its provider`);
    resource({
      category: 'provider',
      name: `${space.providerName} (Träger: ${space.providerOrganisation})`,
      provider: space.providerOrganisation,
      capacity: null,
      settlement: largest.settlement,
      attributes: { openedYear: space.providerOpenedYear, concept: 'Hilfen unter einem Dach', openingHours: 'Mo–Fr 8:00–18:00' },
      spaceIndex,
    });
  });
  const townPlaygroundCount = 22;
  for (let index = 0; index < townPlaygroundCount; index++) {
    resource({ category: 'playground', name: 'Spielplatz', provider: 'Stadt Auenstadt', capacity: null, settlement: townSettlement, attributes: {} });
  }
  for (const village of villages) {
    const count = 1 + Math.floor(village.population / 2500);
    for (let index = 0; index < count; index++) resource({ category: 'playground', name: 'Spielplatz', provider: `Gemeinde ${village.name}`, capacity: null, settlement: village, attributes: {} });
  }
  const doctorName = (): string => `Dr. med. ${pick(['A.', 'B.', 'C.', 'E.', 'F.', 'K.', 'M.', 'S.'])} ${pick(SURNAMES)}`;
  for (let index = 0; index < 4; index++) {
    const doctor = doctorName();
    resource({ category: 'health', name: `Kinder- und Jugendarztpraxis ${doctor}`, provider: doctor, capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 8:00–12:00, Mo/Di/Do 15:00–18:00' } });
  }
  resource({ category: 'health', name: 'Sozialpädiatrisches Zentrum am Kreiskrankenhaus', provider: 'Kreiskrankenhaus Auental gGmbH', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 8:00–16:00' } });
  for (const village of villagesByPopulation.slice(0, 3)) {
    const doctor = doctorName();
    resource({ category: 'health', name: `Kinderarztpraxis ${doctor}`, provider: doctor, capacity: null, settlement: village, attributes: { openingHours: 'Mo–Fr 8:00–12:00' } });
  }
  resource({ category: 'other', name: 'Stadtbibliothek Auenstadt', provider: 'Stadt Auenstadt', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Di–Fr 10:00–18:00, Sa 10:00–13:00' } });
  resource({ category: 'other', name: 'Musikschule Auental', provider: 'Musikschule Auental e.V.', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 13:00–20:00' } });
  resource({ category: 'other', name: 'Jugendamt des Landkreises Auental', provider: 'Landkreis Auental', capacity: null, settlement: townSettlement, attributes: { openingHours: 'Mo–Fr 8:00–12:00, Do 14:00–17:30' } });

  /** Who each offer is for (Zielgruppen), from its category and name; no random draw. */
  const targetGroupsOf = (draft: ResourceDraft): string => {
    const name = draft.name;
    switch (draft.category) {
      case 'kita':
        return 'Kinder unter 6, Eltern';
      case 'school':
        return draft.attributes['schoolType'] === 'Grundschule' ? 'Kinder' : 'Kinder, Jugendliche';
      case 'club':
        return 'Kinder, Jugendliche, Familien';
      case 'youth-centre':
        return 'Jugendliche, junge Erwachsene';
      case 'family-centre':
        return 'Familien, Eltern, Alleinerziehende';
      case 'counselling':
        if (name.startsWith('Jugendmigrationsdienst')) return 'Jugendliche, junge Erwachsene, Zugewanderte';
        if (name.startsWith('Schwangeren')) return 'Schwangere, Familien';
        if (name.startsWith('Sucht')) return 'Jugendliche, Eltern';
        return 'Eltern, Kinder, Jugendliche';
      case 'provider':
        return 'Familien, Kinder, Jugendliche';
      case 'playground':
        return 'Kinder';
      case 'health':
        return 'Kinder, Jugendliche';
      default:
        return name.startsWith('Jugendamt') ? 'Familien, Eltern' : 'Kinder, Jugendliche, Familien';
    }
  };
  const usedNodes = new Set<Vec>();
  const resourceRecords: Resource[] = drafts.map((draft, index) => {
    const nodes = draft.settlement.streetNodes.filter((node) => !usedNodes.has(node.position) || draft.category === 'playground');
    let candidates = nodes;
    if (draft.spaceIndex !== undefined) {
      candidates = nodes.filter((node) => spaceOfPosition(toLonLat(node.position)) === draft.spaceIndex);
      if (candidates.length === 0) throw new Error(`No street node inside ${SPACES[draft.spaceIndex]?.code}`);
    }
    const node = pick(candidates.length > 0 ? candidates : draft.settlement.streetNodes);
    usedNodes.add(node.position);
    const street = pick(node.streets);
    const positionMeters = add(node.position, scale(unitVector(random() * Math.PI * 2), uniform(15, 35)));
    let position = toLonLat(positionMeters);
    if (draft.spaceIndex !== undefined && spaceOfPosition(position) !== draft.spaceIndex) position = toLonLat(node.position);
    const houseNumber = integer(1, draft.settlement.isTown ? 120 : 60);
    const name = draft.category === 'playground' ? `Spielplatz ${street}` : draft.name;
    const category = categoryDefinition(DEFAULT_CATEGORIES, draft.category);
    const attributes: Record<string, string | number | boolean | null> = { ...draft.attributes, targetGroups: targetGroupsOf(draft) };
    if (draft.category !== 'playground') {
      const areaCode = draft.settlement.isTown ? '06690' : `0669${1 + (settlements.indexOf(draft.settlement) % 8)}`;
      attributes.phone = `${areaCode} ${integer(100, 9899)}${random() < 0.5 ? '-0' : ''}`;
      attributes.email = `${draft.category === 'club' ? 'vorstand' : 'kontakt'}@${slug(name)}.example`;
    }
    return {
      id: `r-${String(index + 1).padStart(3, '0')}`,
      projectId: PROJECT_ID,
      layerId: LAYER_IDS.resources,
      category: draft.category,
      name,
      address: `${street} ${houseNumber}, ${draft.settlement.postcode} ${draft.settlement.name}`,
      ageFromYears: category.ageFromYears,
      ageToYears: category.ageToYears,
      capacity: draft.capacity,
      provider: draft.provider,
      geometry: { type: 'Point', coordinates: position },
      attributes,
    };
  });

  // --- Help demand -----------------------------------------------------------------------------
  const demandRandom: Random = d3.randomLcg(options.demandSeed ?? DEMO_DEMAND_SEED);
  const demandNormal = d3.randomNormal.source(demandRandom)(0, 1);
  const unitRecordOf = (unit: UnitDraft): Unit => at(unitRecords, unit.index);
  const under21 = (unit: UnitDraft): number => populationUnder(unit.population, 21);
  const spaceUnits = SPACES.map((_, spaceIndex) => units.filter((unit) => unit.spaceIndex === spaceIndex && under21(unit) > 0));
  const trendFactor = (space: SpaceDefinition, year: number, helpType: HelpType, outOfHome: boolean): number => {
    if (space.providerOpenedYear === null) {
      return outOfHome ? 1 + 0.045 * (year - 2018) : 1 + 0.01 * (year - 2018);
    }
    const progress = Math.min(1, Math.max(0, (year - space.providerOpenedYear + 1) / 5));
    if (outOfHome) return 1 + 0.02 * Math.min(year - 2018, space.providerOpenedYear - 2018) - 0.5 * progress;
    if (STRENGTHENED_AMBULANT.has(helpType)) return 1 + 0.6 * progress;
    return 1;
  };
  const casePoint = (unit: UnitDraft): Position => {
    const sigma = unit.kind === 'town' ? 170 : unit.kind === 'village' ? 190 : 110;
    const geometry = unitRecordOf(unit).geometry;
    for (let attempt = 0; attempt < 60; attempt++) {
      const candidate = toLonLat(add(unit.site, [demandNormal() * sigma, demandNormal() * sigma]));
      if (lonLatInside(candidate, geometry)) return candidate;
    }
    const fallback = toLonLat(unit.site);
    if (!lonLatInside(fallback, geometry)) throw new Error(`Site of ${unit.name} is outside its cell`);
    return fallback;
  };
  const caseRecords: DemandRecord[] = [];
  const tableCounts = new Map<string, number>();
  for (const year of DEMO_YEARS) {
    SPACES.forEach((space, spaceIndex) => {
      const members = at(spaceUnits, spaceIndex);
      const weights = members.map(under21);
      const spaceUnder21 = d3.sum(weights);
      const cumulative = d3.cumsum(weights);
      for (const helpType of HELP_TYPES) {
        const expected = (spaceUnder21 / 1000) * BASE_RATE_PER_1000 * space.burden * HELP_TYPE_SHARES[helpType.id] * trendFactor(space, year, helpType.id, helpType.outOfHome);
        const count = d3.randomPoisson.source(demandRandom)(expected)();
        tableCounts.set(`${space.code}|${year}|${helpType.id}`, count);
        for (let caseIndex = 0; caseIndex < count; caseIndex++) {
          const target = demandRandom() * spaceUnder21;
          const unit = at(members, Math.min(members.length - 1, d3.bisectRight(cumulative, target)));
          caseRecords.push({
            id: '',
            projectId: PROJECT_ID,
            layerId: LAYER_IDS.demandCases,
            year,
            helpType: helpType.id,
            count: 1,
            geometry: { type: 'Point', coordinates: casePoint(unit) },
            areaKey: null,
          });
        }
      }
    });
  }
  caseRecords.forEach((record, index) => {
    record.id = `d-${String(index + 1).padStart(5, '0')}`;
  });
  const tableRecords: DemandRecord[] = [];
  for (const space of SPACES) {
    for (const year of DEMO_YEARS) {
      for (const helpType of HELP_TYPES) {
        tableRecords.push({
          id: `t-${String(tableRecords.length + 1).padStart(4, '0')}`,
          projectId: PROJECT_ID,
          layerId: LAYER_IDS.demandTable,
          year,
          helpType: helpType.id,
          count: tableCounts.get(`${space.code}|${year}|${helpType.id}`) ?? 0,
          geometry: null,
          areaKey: space.code,
        });
      }
    }
  }

  // --- Map features ----------------------------------------------------------------------------
  const roadClassOrder = ['primary', 'secondary', 'tertiary', 'residential', 'track', 'footway'];
  const featureRecords: MapFeature[] = [];
  const sortedRoads = roads
    .map((road, index) => ({ road, index }))
    .sort((a, b) => roadClassOrder.indexOf(a.road.roadClass) - roadClassOrder.indexOf(b.road.roadClass) || a.index - b.index);
  for (const { road } of sortedRoads) {
    const properties: MapFeature['properties'] = { class: road.roadClass };
    if (road.name) properties.name = road.name;
    featureRecords.push({
      id: `n-${String(featureRecords.length + 1).padStart(4, '0')}`,
      projectId: PROJECT_ID,
      layerId: LAYER_IDS.network,
      geometry: { type: 'LineString', coordinates: road.points.map(toLonLat) },
      properties,
    });
  }
  landcover.forEach((item, index) => {
    featureRecords.push({
      id: `f-${String(index + 1).padStart(4, '0')}`,
      projectId: PROJECT_ID,
      layerId: LAYER_IDS.landcover,
      geometry: item.geometry,
      properties: item.properties,
    });
  });

  // --- Snapshot --------------------------------------------------------------------------------
  const project: Project = {
    id: PROJECT_ID,
    name: 'Demo: Landkreis Auental (fiktiv)',
    isDemo: true,
    description:
      'Fiktive Demodaten: Der Landkreis Auental, die Stadt Auenstadt, alle Dörfer, Straßen, Einrichtungen, Träger, ' +
      'Einwohnerzahlen und Fallzahlen sind frei erfunden; Ähnlichkeiten mit realen Orten oder Personen sind zufällig. ' +
      'Datenstand 31.12.2025. Erzeugt mit data/generate-demo.ts.',
    outline,
    activeVariantId: VARIANT_ID,
    settings: { basemap: 'offline', suppressionThreshold: DEFAULT_SUPPRESSION_THRESHOLD },
    createdAt: FIXED_TIME,
    updatedAt: FIXED_TIME,
  };
  const variant: Variant = { id: VARIANT_ID, projectId: PROJECT_ID, name: 'Ist 2025' };
  const layer = (id: string, kind: Layer['kind'], name: string, source: string, mapping: Record<string, string> = {}): Layer => ({
    id,
    projectId: PROJECT_ID,
    kind,
    name,
    source,
    importedAt: FIXED_TIME,
    mapping,
  });
  const generator = 'data/generate-demo.ts';
  const layers: Layer[] = [
    layer(LAYER_IDS.units, 'units', 'Statistische Bezirke und Ortsteile', generator),
    layer(LAYER_IDS.resources, 'resources', 'Angebote und Einrichtungen', generator),
    layer(LAYER_IDS.demandCases, 'demand', 'Hilfen zur Erziehung – Einzelfälle (verortet)', generator),
    layer(LAYER_IDS.demandTable, 'demand', 'Fallzahlen je Sozialraum', DEMO_CSV_FILE, { Sozialraum: 'areaKey', Jahr: 'year', Hilfeart: 'helpType', Fälle: 'count' }),
    layer(LAYER_IDS.network, 'network', 'Straßen und Wege', generator),
    layer(LAYER_IDS.landcover, 'landcover', 'Gewässer, Wald und Siedlungsflächen', generator),
  ];
  const snapshot: ProjectSnapshot = {
    projects: [project],
    variants: [variant],
    spaces: spaceRecords,
    layers,
    units: unitRecords,
    resources: resourceRecords,
    demand: [...tableRecords, ...caseRecords],
    features: featureRecords,
    views: [],
  };

  return { json: formatSnapshot(snapshot), csv: formatDemandCsv(spaceRecords, tableRecords), snapshot };
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

/** JSON with one record per line inside each table, so that diffs stay readable. */
export function formatSnapshot(snapshot: ProjectSnapshot): string {
  const tables = (Object.keys(snapshot) as (keyof ProjectSnapshot)[]).map((table) => {
    const records = snapshot[table] as readonly unknown[];
    if (records.length === 0) return `  ${JSON.stringify(table)}: []`;
    return `  ${JSON.stringify(table)}: [\n${records.map((record) => `    ${JSON.stringify(record)}`).join(',\n')}\n  ]`;
  });
  return `{\n${tables.join(',\n')}\n}\n`;
}

const SETTING_LABELS = { ambulant: 'ambulant', teilstationaer: 'teilstationär', stationaer: 'stationär' } as const;

/** The demand table as an office exports it: Windows-1252, CRLF, semicolons. */
export function formatDemandCsv(spaces: readonly SocialSpace[], table: readonly DemandRecord[]): Buffer {
  const lines = ['Sozialraum;Bezeichnung;Jahr;Hilfeart;Setting;Fälle'];
  for (const record of table) {
    const space = spaces.find((candidate) => candidate.code === record.areaKey);
    const helpType = HELP_TYPES.find((candidate) => candidate.id === record.helpType);
    if (!space || !helpType) throw new Error(`Unknown space or help type in ${record.id}`);
    lines.push([space.code, space.name, record.year, helpType.paragraph, SETTING_LABELS[helpType.setting], record.count].join(';'));
  }
  const text = `${lines.join('\r\n')}\r\n`;
  // Latin-1 equals Windows-1252 outside 0x80–0x9F; refuse characters that would differ.
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`Character ${character} cannot be written as Windows-1252 here`);
  }
  return Buffer.from(text, 'latin1');
}

export function writeDemo(outDir: string): DemoFiles {
  const files = generateDemo();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, DEMO_JSON_FILE), files.json, 'utf8');
  writeFileSync(join(outDir, DEMO_CSV_FILE), files.csv);
  return files;
}

export const DEMO_DATA_DIR = dirname(fileURLToPath(import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[2] ?? DEMO_DATA_DIR);
  const files = writeDemo(outDir);
  const snapshot = files.snapshot;
  console.log(
    `Wrote ${DEMO_JSON_FILE} (${Buffer.byteLength(files.json)} bytes) and ${DEMO_CSV_FILE} (${files.csv.length} bytes) to ${outDir}: ` +
      `${snapshot.units.length} units, ${snapshot.spaces.length} spaces, ${snapshot.resources.length} resources, ` +
      `${snapshot.demand.length} demand records, ${snapshot.features.length} features`,
  );
}
