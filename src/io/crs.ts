/**
 * Coordinate reference systems of German planning data: which ones we read, how we recognise
 * them (GeoJSON `crs` member, Shapefile `.prj` WKT, or the range of the coordinates) and how
 * geometry is reprojected to and from WGS84.
 *
 * Pure: no DOM, runs in Node and in Web Workers. Geometry inputs are never mutated.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';

import { SUPPORTED_CRS, type SupportedCrs } from './crs-list';

export { SUPPORTED_CRS, type SupportedCrs };

/** proj4 definitions; DHDN uses the 7-parameter towgs84 of EPSG:1777 (as in the EPSG registry). */
const DEFINITIONS: Readonly<Record<string, string>> = {
  'EPSG:4326': '+proj=longlat +datum=WGS84 +no_defs',
  'EPSG:25832': '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:25833': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:32632': '+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs',
  'EPSG:32633': '+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs',
  'EPSG:31467':
    '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel ' +
    '+towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
  'EPSG:31468':
    '+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 +ellps=bessel ' +
    '+towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs',
  'EPSG:3035':
    '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 ' +
    '+towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m ' +
    '+nadgrids=@null +wktext +no_defs',
};

export type CrsSource = 'crs-member' | 'prj' | 'guess' | 'default' | 'user';

/** Every note the detection can give; the UI has a text for each (German and English). */
export const CRS_NOTE_CODES = [
  'crs.crs-member',
  'crs.prj',
  'crs.swapped-axes',
  'crs.zone-prefix',
  'crs.declared-mismatch',
  'crs.outside-germany',
  'crs.default',
  'crs.lon-lat',
  'crs.guess',
  'crs.guess-ambiguous',
  'crs.unsupported-declared',
  'crs.unrecognised',
  'crs.user',
  'crs.kml',
] as const;
export type CrsNoteCode = (typeof CRS_NOTE_CODES)[number];

/**
 * What the CRS detection found. `note` is plain English; `noteCode` + `noteParams` let the UI
 * translate it. `alternatives` lists other supported codes the coordinates would also fit
 * (e.g. UTM 32 and 33 overlap), so the UI can offer them.
 */
export interface CrsDetection {
  code: string;
  source: CrsSource;
  /** Eastings carry the UTM zone number in front (32xxxxxxx): subtract zone × 1,000,000. */
  zonePrefix: boolean;
  /** Lon/lat data written latitude first. */
  swapAxes: boolean;
  note: string;
  noteCode: CrsNoteCode;
  noteParams: Record<string, string | number>;
  alternatives: string[];
}

export interface CrsDetectionInput {
  crsMember?: unknown;
  prjWkt?: string;
  sample: readonly (readonly [number, number])[];
}

export function isSupportedCrs(code: string): boolean {
  return code in DEFINITIONS;
}

/** Normalise "EPSG:25832", "epsg:25832", "urn:ogc:def:crs:EPSG::25832", "CRS84", "25832". */
export function normaliseCrsCode(name: string): string | null {
  const text = name.trim();
  if (/crs:?84$/i.test(text) || /OGC:?[:\d.]*:CRS84/i.test(text)) return 'EPSG:4326';
  const match =
    /EPSG(?::[\d.]*)?::?(\d{4,5})\b/i.exec(text) ??
    /\/def\/crs\/EPSG\/[\d.]+\/(\d{4,5})/i.exec(text) ??
    /^(\d{4,5})$/.exec(text);
  if (!match) return null;
  const code = `EPSG:${match[1]}`;
  if (code === 'EPSG:4258') return 'EPSG:4326'; // ETRS89 geographic: same as WGS84 at map scale
  if (code === 'EPSG:900913' || code === 'EPSG:3785') return 'EPSG:3857';
  return code;
}

// ---------------------------------------------------------------------------------------------
// WKT (.prj) parsing

interface WktNode {
  keyword: string;
  values: (string | number | WktNode)[];
}

/** Parse WKT1/WKT2 (OGC or ESRI flavour) into a tree. Returns null when it is not WKT. */
export function parseWkt(text: string): WktNode | null {
  let position = 0;
  const source = text.trim();
  function skipSpace() {
    while (position < source.length && /\s/.test(source[position]!)) position++;
  }
  function parseNode(): WktNode | null {
    skipSpace();
    const keywordMatch = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(position));
    if (!keywordMatch) return null;
    const keyword = keywordMatch[0].toUpperCase();
    position += keywordMatch[0].length;
    skipSpace();
    const open = source[position];
    if (open !== '[' && open !== '(') return { keyword, values: [] };
    const close = open === '[' ? ']' : ')';
    position++;
    const values: WktNode['values'] = [];
    for (;;) {
      skipSpace();
      const char = source[position];
      if (char === undefined) return null;
      if (char === close) {
        position++;
        return { keyword, values };
      }
      if (char === ',') {
        position++;
        continue;
      }
      if (char === '"') {
        const end = source.indexOf('"', position + 1);
        if (end < 0) return null;
        values.push(source.slice(position + 1, end));
        position = end + 1;
        continue;
      }
      const numberMatch = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(position));
      if (numberMatch) {
        values.push(Number(numberMatch[0]));
        position += numberMatch[0].length;
        continue;
      }
      const child = parseNode();
      if (!child) return null;
      values.push(child);
    }
  }
  const root = parseNode();
  return root && root.values.length > 0 ? root : null;
}

function children(node: WktNode, keyword: string): WktNode[] {
  return node.values.filter((value): value is WktNode => typeof value === 'object' && value.keyword === keyword);
}

function child(node: WktNode, ...keywords: string[]): WktNode | undefined {
  for (const keyword of keywords) {
    const found = children(node, keyword)[0];
    if (found) return found;
  }
  return undefined;
}

function findDeep(node: WktNode, keywords: readonly string[]): WktNode | undefined {
  for (const value of node.values) {
    if (typeof value !== 'object') continue;
    if (keywords.includes(value.keyword)) return value;
    const found = findDeep(value, keywords);
    if (found) return found;
  }
  return undefined;
}

function nameOf(node: WktNode | undefined): string {
  const first = node?.values[0];
  return typeof first === 'string' ? first : '';
}

const PROJECTED = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'];
const GEOGRAPHIC = ['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS', 'BASEGEOGCRS', 'BASEGEODCRS'];

export interface WktInterpretation {
  code: string;
  zonePrefix: boolean;
  /** 'authority' when an EPSG code was read, 'parameters' when it came from the projection. */
  via: 'authority' | 'parameters';
  name: string;
}

function parameterValues(projected: WktNode): Map<string, number> {
  const parameters = new Map<string, number>();
  const collect = (node: WktNode) => {
    for (const parameter of children(node, 'PARAMETER')) {
      const value = parameter.values[1];
      if (typeof value === 'number') parameters.set(nameOf(parameter).toLowerCase().replace(/[\s-]+/g, '_'), value);
    }
    for (const sub of children(node, 'CONVERSION')) collect(sub);
  };
  collect(projected);
  return parameters;
}

function pick(parameters: Map<string, number>, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = parameters.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Map a .prj WKT to one of the supported codes, by EPSG authority or by its parameters. */
export function interpretWkt(wkt: string): WktInterpretation | null {
  const root = parseWkt(wkt);
  if (!root) return null;
  const name = nameOf(root);
  const authority = child(root, 'AUTHORITY', 'ID');
  if (authority && String(authority.values[0]).toUpperCase() === 'EPSG') {
    const code = normaliseCrsCode(String(authority.values[1]));
    if (code && isSupportedCrs(code)) return { code, zonePrefix: false, via: 'authority', name };
  }
  const lowerName = name.toLowerCase().replace(/[\s/_-]+/g, ' ');

  if (GEOGRAPHIC.includes(root.keyword)) {
    return { code: 'EPSG:4326', zonePrefix: false, via: 'parameters', name };
  }
  if (!PROJECTED.includes(root.keyword)) return null;

  const projection = nameOf(findDeep(root, ['PROJECTION', 'METHOD'])).toLowerCase().replace(/[\s-]+/g, '_');
  const parameters = parameterValues(root);
  const centralMeridian = pick(parameters, 'central_meridian', 'longitude_of_natural_origin', 'longitude_of_center', 'longitude_of_origin');
  const falseEasting = pick(parameters, 'false_easting');
  const latitudeOfCenter = pick(parameters, 'latitude_of_center', 'latitude_of_origin', 'latitude_of_natural_origin');
  const spheroid = findDeep(root, ['SPHEROID', 'ELLIPSOID']);
  const spheroidName = nameOf(spheroid).toLowerCase();
  const semiMajor = typeof spheroid?.values[1] === 'number' ? spheroid.values[1] : undefined;
  const datumName = nameOf(findDeep(root, ['DATUM'])).toLowerCase();
  const isBessel = spheroidName.includes('bessel') || semiMajor === 6377397.155 || datumName.includes('deutsches') || datumName.includes('dhdn');
  const isGrs80 =
    spheroidName.includes('grs') || spheroidName.includes('80') || datumName.includes('etrs') || datumName.includes('european_terrestrial');
  const isWgs84 = spheroidName.includes('wgs') && spheroidName.includes('84');

  // Mercator auxiliary sphere / Pseudo-Mercator
  if (
    projection.includes('mercator_auxiliary_sphere') ||
    projection.includes('pseudo_mercator') ||
    lowerName.includes('web mercator') ||
    lowerName.includes('pseudo mercator') ||
    (projection.includes('mercator') && semiMajor === 6378137 && spheroid?.values[2] === 0)
  ) {
    return { code: 'EPSG:3857', zonePrefix: false, via: 'parameters', name };
  }
  if (projection.includes('lambert_azimuthal_equal_area') || projection.includes('laea') || lowerName.includes('laea')) {
    if ((latitudeOfCenter ?? 52) === 52 && (centralMeridian ?? 10) === 10) {
      return { code: 'EPSG:3035', zonePrefix: false, via: 'parameters', name };
    }
    return null;
  }
  const transverse = projection.includes('transverse_mercator') || projection.includes('gauss_kruger') || projection.includes('gauss');
  // ESRI names like "ETRS_1989_UTM_Zone_32N" carry everything in the name.
  const utmName = /utm zone (32|33)n?/.exec(lowerName);
  if (transverse || utmName) {
    const zoneFromMeridian = centralMeridian === 9 ? 32 : centralMeridian === 15 ? 33 : undefined;
    const zone = zoneFromMeridian ?? (utmName ? Number(utmName[1]) : undefined);
    if (isBessel) {
      if (centralMeridian === 9 && (falseEasting === undefined || falseEasting === 3500000)) {
        return { code: 'EPSG:31467', zonePrefix: false, via: 'parameters', name };
      }
      if (centralMeridian === 12 && (falseEasting === undefined || falseEasting === 4500000)) {
        return { code: 'EPSG:31468', zonePrefix: false, via: 'parameters', name };
      }
      return null;
    }
    if (zone === 32 || zone === 33) {
      const base = isWgs84 && !isGrs80 ? `EPSG:326${zone}` : `EPSG:258${zone}`;
      if (falseEasting === undefined || falseEasting === 500000) {
        return { code: base, zonePrefix: false, via: 'parameters', name };
      }
      if (falseEasting === zone * 1_000_000 + 500000) {
        return { code: base, zonePrefix: true, via: 'parameters', name };
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Guessing from coordinates

/**
 * Germany, coarsely: per band of latitude the westmost and eastmost longitude, with a margin
 * of some 20 km. Tighter than one box, so that e.g. UTM 33 eastings of western Brandenburg are
 * not mistaken for UTM 32 points in the Netherlands.
 */
const GERMANY_BANDS: readonly { south: number; north: number; west: number; east: number }[] = [
  { south: 47.0, north: 48.0, west: 7.2, east: 13.3 },
  { south: 48.0, north: 49.0, west: 7.4, east: 14.1 },
  { south: 49.0, north: 50.0, west: 6.0, east: 14.1 },
  { south: 50.0, north: 51.5, west: 5.6, east: 15.3 },
  { south: 51.5, north: 52.5, west: 5.8, east: 15.0 },
  { south: 52.5, north: 53.5, west: 6.4, east: 14.8 },
  { south: 53.5, north: 55.2, west: 6.3, east: 14.6 },
];

function insideGermany(lon: number, lat: number): boolean {
  return GERMANY_BANDS.some((band) => lat >= band.south && lat <= band.north && lon >= band.west && lon <= band.east);
}

interface Candidate {
  code: string;
  zonePrefix: boolean;
  swapAxes: boolean;
}

/** Candidates in order of preference (the first that fits wins; the others become alternatives). */
const CANDIDATES: readonly Candidate[] = [
  { code: 'EPSG:4326', zonePrefix: false, swapAxes: false },
  { code: 'EPSG:4326', zonePrefix: false, swapAxes: true },
  { code: 'EPSG:25832', zonePrefix: false, swapAxes: false },
  { code: 'EPSG:25833', zonePrefix: false, swapAxes: false },
  { code: 'EPSG:25832', zonePrefix: true, swapAxes: false },
  { code: 'EPSG:25833', zonePrefix: true, swapAxes: false },
  { code: 'EPSG:31467', zonePrefix: false, swapAxes: false },
  { code: 'EPSG:31468', zonePrefix: false, swapAxes: false },
  { code: 'EPSG:3035', zonePrefix: false, swapAxes: false },
  { code: 'EPSG:3857', zonePrefix: false, swapAxes: false },
];

/** Quick range check in the source units before projecting (keeps proj4 out of absurd input). */
function rawRangeFits(candidate: Candidate, x: number, y: number): boolean {
  const [easting, northing] = candidate.swapAxes ? [y, x] : [x, y];
  switch (candidate.code) {
    case 'EPSG:4326':
      return Math.abs(easting) <= 180 && Math.abs(northing) <= 90;
    case 'EPSG:25832':
    case 'EPSG:25833': {
      const offset = candidate.zonePrefix ? utmZone(candidate.code) * 1_000_000 : 0;
      return easting - offset > -400_000 && easting - offset < 1_400_000 && northing > 5_000_000 && northing < 6_300_000;
    }
    case 'EPSG:31467':
    case 'EPSG:31468':
      return easting > 2_000_000 && easting < 6_000_000 && northing > 5_000_000 && northing < 6_300_000;
    case 'EPSG:3035':
      return easting > 3_500_000 && easting < 5_200_000 && northing > 2_300_000 && northing < 3_900_000;
    case 'EPSG:3857':
      return easting > 400_000 && easting < 2_000_000 && northing > 5_800_000 && northing < 7_600_000;
    default:
      return false;
  }
}

function utmZone(code: string): number {
  return code.endsWith('33') ? 33 : 32;
}

function toLonLat(candidate: Candidate, x: number, y: number): Position {
  let position: Position = candidate.swapAxes ? [y, x] : [x, y];
  if (candidate.zonePrefix) position = [position[0]! - utmZone(candidate.code) * 1_000_000, position[1]!];
  if (candidate.code === 'EPSG:4326') return position;
  return converter(candidate.code, 'EPSG:4326').forward(position);
}

function fitsGermany(candidate: Candidate, sample: readonly (readonly [number, number])[]): boolean {
  for (const [x, y] of sample) {
    if (!rawRangeFits(candidate, x, y)) return false;
  }
  let inside = 0;
  for (const [x, y] of sample) {
    const [lon, lat] = toLonLat(candidate, x, y);
    if (insideGermany(lon!, lat!)) inside++;
  }
  // Allow a few stray points (a feature just over the border, one bad vertex).
  return inside >= Math.ceil(sample.length * 0.9);
}

function describe(candidate: Candidate): string {
  return candidate.code + (candidate.zonePrefix ? ' (zone-prefixed eastings)' : '') + (candidate.swapAxes ? ' (latitude first)' : '');
}

/** Is the sample plausible for the given code (declared by the file or chosen by the user)? */
function plausible(code: string, zonePrefix: boolean, sample: readonly (readonly [number, number])[]): boolean {
  if (sample.length === 0) return true;
  return fitsGermany({ code, zonePrefix, swapAxes: false }, sample) || worldFits(code, sample);
}

/** Fallback plausibility outside Germany: lon/lat within the world, metres not absurd. */
function worldFits(code: string, sample: readonly (readonly [number, number])[]): boolean {
  if (code !== 'EPSG:4326') return false;
  return sample.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90);
}

function guess(sample: readonly (readonly [number, number])[]): { found: Candidate; alternatives: string[] } | null {
  const fitting = CANDIDATES.filter((candidate) => fitsGermany(candidate, sample));
  const found = fitting[0];
  if (!found) return null;
  const alternatives = fitting
    .slice(1)
    .filter((candidate) => !candidate.swapAxes || found.code === 'EPSG:4326')
    .map((candidate) => candidate.code)
    .filter((code, index, all) => code !== found.code && all.indexOf(code) === index);
  return { found, alternatives };
}

function detection(
  candidate: Candidate,
  source: CrsSource,
  noteCode: CrsNoteCode,
  note: string,
  noteParams: Record<string, string | number> = {},
  alternatives: string[] = [],
): CrsDetection {
  return {
    code: candidate.code,
    source,
    zonePrefix: candidate.zonePrefix,
    swapAxes: candidate.swapAxes,
    note,
    noteCode,
    noteParams: { code: candidate.code, ...noteParams },
    alternatives,
  };
}

/** Read the name out of a GeoJSON `crs` member ({type:'name', properties:{name}} or a string). */
function crsMemberName(crsMember: unknown): string | null {
  if (typeof crsMember === 'string') return crsMember;
  if (typeof crsMember !== 'object' || crsMember === null) return null;
  const properties = (crsMember as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null) return null;
  const { name, code, type } = properties as { name?: unknown; code?: unknown; type?: unknown };
  if (typeof name === 'string') return name;
  if ((typeof code === 'number' || typeof code === 'string') && (type === undefined || String(type).toUpperCase() === 'EPSG')) {
    return String(code);
  }
  return null;
}

/**
 * Detect the CRS of a file: a GeoJSON `crs` member wins, then a `.prj` WKT, then a guess from
 * the range of the sample coordinates; lon/lat (EPSG:4326) is the default. A declaration that
 * contradicts the coordinates (e.g. "EPSG:4326" on UTM metres) is overruled by the guess and
 * noted. Latitude-first lon/lat data are detected (`swapAxes`).
 */
export function detectCrs(input: CrsDetectionInput): CrsDetection {
  const sample = input.sample.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  let declared: { candidate: Candidate; source: CrsSource; text: string } | null = null;
  let unrecognised: { source: CrsSource; text: string } | null = null;

  if (input.crsMember !== undefined && input.crsMember !== null) {
    const name = crsMemberName(input.crsMember);
    const code = name ? normaliseCrsCode(name) : null;
    if (code && isSupportedCrs(code)) {
      declared = { candidate: { code, zonePrefix: false, swapAxes: false }, source: 'crs-member', text: name! };
    } else {
      unrecognised = { source: 'crs-member', text: name ?? JSON.stringify(input.crsMember) };
    }
  }
  if (!declared && input.prjWkt !== undefined && input.prjWkt.trim() !== '') {
    const interpreted = interpretWkt(input.prjWkt);
    if (interpreted) {
      declared = {
        candidate: { code: interpreted.code, zonePrefix: interpreted.zonePrefix, swapAxes: false },
        source: 'prj',
        text: interpreted.name,
      };
    } else {
      unrecognised ??= { source: 'prj', text: nameOf(parseWkt(input.prjWkt) ?? undefined) || input.prjWkt.slice(0, 80) };
    }
  }

  if (declared) {
    const { candidate, source, text } = declared;
    if (plausible(candidate.code, candidate.zonePrefix, sample)) {
      // Declared 4326 but written latitude first?
      if (candidate.code === 'EPSG:4326' && sample.length > 0 && !fitsGermany(candidate, sample)) {
        const swapped = { ...candidate, swapAxes: true };
        if (fitsGermany(swapped, sample)) {
          return detection(swapped, source, 'crs.swapped-axes', `Declared ${text}, but the coordinates are latitude first; axes swapped.`, { declared: text });
        }
      }
      // Declared UTM but eastings carry the zone number?
      return detection(candidate, source, source === 'prj' ? 'crs.prj' : 'crs.crs-member', `Declared in the file (${source === 'prj' ? '.prj' : 'crs member'}): ${text}.`, { declared: text });
    }
    if (candidate.code.match(/^EPSG:258(32|33)$/)) {
      const prefixed = { ...candidate, zonePrefix: true };
      if (fitsGermany(prefixed, sample)) {
        return detection(prefixed, source, 'crs.zone-prefix', `Declared ${text}; the eastings carry the zone number (${utmZone(candidate.code)}xxxxxxx), which is removed.`, { declared: text });
      }
    }
    if (candidate.code === 'EPSG:4326') {
      const swapped = { ...candidate, swapAxes: true };
      if (fitsGermany(swapped, sample)) {
        return detection(swapped, source, 'crs.swapped-axes', `Declared ${text}, but the coordinates are latitude first; axes swapped.`, { declared: text });
      }
    }
    const guessed = guess(sample);
    if (guessed) {
      return detection(
        guessed.found,
        'guess',
        'crs.declared-mismatch',
        `The file declares ${text}, but the coordinates do not fit it; they fit ${describe(guessed.found)}.`,
        { declared: text },
        guessed.alternatives,
      );
    }
    return detection(candidate, source, 'crs.outside-germany', `Declared ${text}; the coordinates lie outside Germany.`, { declared: text });
  }

  if (sample.length === 0) {
    return detection(CANDIDATES[0]!, 'default', 'crs.default', 'No coordinates to check; assuming WGS 84 longitude/latitude.');
  }
  const guessed = guess(sample);
  if (guessed) {
    const ambiguous = guessed.alternatives.length > 0;
    const prefix = unrecognised ? `The declared CRS "${unrecognised.text}" is not supported; ` : '';
    const note =
      guessed.found.code === 'EPSG:4326' && !guessed.found.swapAxes && !unrecognised
        ? 'Longitude/latitude (WGS 84).'
        : `${prefix}guessed ${describe(guessed.found)} from the coordinate range${ambiguous ? `; could also be ${guessed.alternatives.join(', ')}` : ''}.`;
    const noteCode = unrecognised
      ? 'crs.unsupported-declared'
      : guessed.found.swapAxes
        ? 'crs.swapped-axes'
        : guessed.found.code === 'EPSG:4326'
          ? 'crs.lon-lat'
          : ambiguous
            ? 'crs.guess-ambiguous'
            : 'crs.guess';
    return detection(
      guessed.found,
      guessed.found.code === 'EPSG:4326' && !guessed.found.swapAxes && !unrecognised ? 'default' : 'guess',
      noteCode,
      note,
      unrecognised ? { declared: unrecognised.text, alternatives: guessed.alternatives.join(', ') } : { alternatives: guessed.alternatives.join(', ') },
      guessed.alternatives,
    );
  }
  return detection(
    CANDIDATES[0]!,
    'default',
    'crs.unrecognised',
    unrecognised
      ? `The declared CRS "${unrecognised.text}" is not supported and the coordinates fit no supported CRS in Germany; choose the CRS by hand.`
      : 'The coordinates fit no supported CRS in Germany; assuming WGS 84, choose the CRS by hand if that is wrong.',
    unrecognised ? { declared: unrecognised.text } : {},
  );
}

/** Detection for a CRS the user chose; zone prefix and swapped axes are still read from the data. */
export function userCrs(code: string, sample: readonly (readonly [number, number])[]): CrsDetection {
  const normalised = normaliseCrsCode(code) ?? code;
  if (!isSupportedCrs(normalised)) {
    throw new RangeError(`Unsupported CRS ${code}`);
  }
  let candidate: Candidate = { code: normalised, zonePrefix: false, swapAxes: false };
  if (sample.length > 0 && !fitsGermany(candidate, sample)) {
    const alternatives: Candidate[] = [
      { ...candidate, zonePrefix: true },
      { ...candidate, swapAxes: true },
    ].filter((alternative) => (alternative.zonePrefix ? /258(32|33)$/.test(normalised) : normalised === 'EPSG:4326'));
    candidate = alternatives.find((alternative) => fitsGermany(alternative, sample)) ?? candidate;
  }
  return detection(candidate, 'user', 'crs.user', `Chosen by the user: ${describe(candidate)}.`);
}

// ---------------------------------------------------------------------------------------------
// Reprojection

type Converter = { forward: (position: Position) => Position };
const converters = new Map<string, Converter>();

function converter(from: string, to: string): Converter {
  const key = `${from}>${to}`;
  let found = converters.get(key);
  if (!found) {
    const fromDefinition = DEFINITIONS[from];
    const toDefinition = DEFINITIONS[to];
    if (!fromDefinition || !toDefinition) throw new RangeError(`Unsupported CRS ${fromDefinition ? to : from}`);
    const projection = proj4(fromDefinition, toDefinition);
    found = { forward: (position) => projection.forward([position[0]!, position[1]!]) };
    converters.set(key, found);
  }
  return found;
}

/** Apply `transform` to every position; returns new objects (the input is never mutated). */
export function mapPositions<G extends Geometry>(geometry: G, transform: (position: Position) => Position): G {
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: transform(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(transform) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(transform)) };
    case 'MultiPolygon':
      return {
        ...geometry,
        coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(transform))),
      };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((part) => mapPositions(part, transform)) };
  }
}

export interface ReprojectOptions {
  zonePrefix?: boolean;
  swapAxes?: boolean;
}

/** Transform of one position from `fromCode` to WGS84 (exported for streaming use). */
export function positionToWgs84(fromCode: string, options: ReprojectOptions = {}): (position: Position) => Position {
  const code = normaliseCrsCode(fromCode) ?? fromCode;
  const offset = options.zonePrefix ? utmZone(code) * 1_000_000 : 0;
  const swap = options.swapAxes === true;
  if (code === 'EPSG:4326') {
    return (position) => (swap ? [position[1]!, position[0]!] : [position[0]!, position[1]!]);
  }
  const { forward } = converter(code, 'EPSG:4326');
  return (position) => {
    const x = swap ? position[1]! : position[0]!;
    const y = swap ? position[0]! : position[1]!;
    return forward([x - offset, y]);
  };
}

/** Reproject geometry from `fromCode` to WGS84 lon/lat. Returns new objects. */
export function reprojectGeometry<G extends Geometry>(geometry: G, fromCode: string, options: ReprojectOptions = {}): G {
  return mapPositions(geometry, positionToWgs84(fromCode, options));
}

/** Project WGS84 geometry into `toCode` (e.g. for Shapefile export). Returns new objects. */
export function projectGeometry<G extends Geometry>(geometry: G, toCode: string): G {
  const code = normaliseCrsCode(toCode) ?? toCode;
  if (code === 'EPSG:4326') return mapPositions(geometry, (position) => [position[0]!, position[1]!]);
  const { forward } = converter('EPSG:4326', code);
  return mapPositions(geometry, forward);
}

/** ESRI-flavoured WKT for a .prj file (what ArcGIS and QGIS both read). */
export function prjWktFor(code: 'EPSG:25832' | 'EPSG:25833' | 'EPSG:4326'): string {
  if (code === 'EPSG:4326') {
    return 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  }
  const zone = utmZone(code);
  return (
    `PROJCS["ETRS_1989_UTM_Zone_${zone}N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",` +
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
    'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],' +
    `PARAMETER["Central_Meridian",${zone === 32 ? 9 : 15}.0],PARAMETER["Scale_Factor",0.9996],` +
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
  );
}
