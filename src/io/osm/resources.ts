/**
 * Turning the tags of a matched OSM object into a Resource: name, address, provider (operator),
 * capacity, ages and the free attributes (opening hours, website, phone, school type, …), each
 * with the OSM attribution.
 */
import { DEFAULT_CATEGORIES, categoryDefinition } from '../../domain/categories';
import type { Resource } from '../../domain/types';
import { formatRule, type OsmCategoryRule } from './category-rules';
import type { OsmElementType, OsmTags } from './model';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/** Street + number, postcode + city, the German way: "Breslauer Straße 21, 91207 Lauf a.d.Pegnitz". */
export function formatAddress(tags: OsmTags): string {
  const full = tags['addr:full'];
  const street = tags['addr:street'] ?? tags['addr:place'] ?? '';
  const number = tags['addr:housenumber'] ?? '';
  const first = [street, number].filter(Boolean).join(' ');
  const second = [tags['addr:postcode'] ?? '', tags['addr:city'] ?? ''].filter(Boolean).join(' ');
  const joined = [first, second].filter(Boolean).join(', ');
  return joined || full || '';
}

/** A whole number ("45", " 120 ") or null ("ca. 40", "2 Gruppen"). */
export function parseCount(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : null;
}

/** German school types with their usual ages (lower inclusive, upper exclusive). */
const SCHOOL_TYPES: readonly [pattern: RegExp, type: string, ages: [number, number] | null][] = [
  [/grundschule|volksschule/i, 'Grundschule', [6, 10]],
  [/gymnasium/i, 'Gymnasium', [10, 19]],
  [/mittelschule|hauptschule|werkrealschule/i, 'Mittelschule', [10, 16]],
  [/realschule/i, 'Realschule', [10, 16]],
  [/gesamtschule|gemeinschaftsschule|stadtteilschule|sekundarschule|oberschule/i, 'Gesamtschule', [10, 19]],
  [/förderschule|förderzentrum|foerderzentrum|sonderpädagogisch|sonderschule/i, 'Förderschule', [6, 18]],
  [/berufsschule|berufsfachschule|berufskolleg|berufsbildende/i, 'Berufsschule', [15, 21]],
  [/fachoberschule|berufsoberschule|\bfos\b|\bbos\b/i, 'Fachoberschule', [16, 20]],
  [/volkshochschule|\bvhs\b/i, 'Volkshochschule', null],
];

const ISCED_AGES: Record<string, [number, number]> = { '0': [3, 6], '1': [6, 10], '2': [10, 16], '3': [16, 19], '4': [18, 21] };
const ISCED_NAMES: Record<string, string> = { '1': 'Primarstufe', '2': 'Sekundarstufe I', '3': 'Sekundarstufe II' };

interface SchoolType {
  type: string;
  source: 'school:de' | 'isced:level' | 'name';
  ages: [number, number] | null;
}

function schoolTypeFromText(text: string): { type: string; ages: [number, number] | null } | null {
  for (const [pattern, type, ages] of SCHOOL_TYPES) if (pattern.test(text)) return { type, ages };
  return null;
}

/** The school type from `school:de`, else `isced:level`, else the name (then flagged as such). */
export function schoolType(tags: OsmTags): SchoolType | null {
  const german = tags['school:de'];
  if (german) {
    const known = schoolTypeFromText(german);
    return { type: german, source: 'school:de', ages: known?.ages ?? null };
  }
  const isced = tags['isced:level'];
  if (isced) {
    const levels = isced.split(/[;,\-–]/).map((level) => level.trim()).filter((level) => level in ISCED_AGES);
    if (levels.length > 0) {
      const ages = levels.map((level) => ISCED_AGES[level]!);
      return {
        type: levels.map((level) => ISCED_NAMES[level] ?? `ISCED ${level}`).join(' / '),
        source: 'isced:level',
        ages: [Math.min(...ages.map((range) => range[0])), Math.max(...ages.map((range) => range[1]))],
      };
    }
  }
  const name = tags['name'] ?? '';
  const fromName = schoolTypeFromText(name);
  return fromName ? { ...fromName, source: 'name' } : null;
}

function ages(tags: OsmTags, rule: OsmCategoryRule, school: SchoolType | null): [number | null, number | null] {
  const definition = categoryDefinition(DEFAULT_CATEGORIES, rule.category);
  let from = definition.ageFromYears;
  let to = definition.ageToYears;
  if (school?.ages) [from, to] = school.ages;
  else if (school?.type === 'Volkshochschule') [from, to] = [null, null];
  // OSM min_age / max_age are inclusive years
  const minAge = parseCount(tags['min_age']);
  const maxAge = parseCount(tags['max_age']);
  if (minAge !== null) from = minAge;
  if (maxAge !== null) to = maxAge + 1;
  return [from, to];
}

type Attributes = Resource['attributes'];

function copy(attributes: Attributes, name: string, ...values: (string | undefined)[]): void {
  const value = values.find((candidate) => candidate !== undefined && candidate !== '');
  if (value !== undefined) attributes[name] = value;
}

export interface ResourceContext {
  projectId: string;
  layerId: string;
}

export function resourceId(layerId: string, type: OsmElementType, osmId: number): string {
  return `${layerId}:${type[0]}${osmId}`;
}

export function buildResource(
  type: OsmElementType,
  osmId: number,
  tags: OsmTags,
  position: [number, number],
  rule: OsmCategoryRule,
  context: ResourceContext,
): Resource {
  const school = rule.category === 'school' ? schoolType(tags) : null;
  const [ageFromYears, ageToYears] = ages(tags, rule, school);
  const attributes: Attributes = { source: OSM_ATTRIBUTION, osmType: type, osmId, osmRule: formatRule(rule) };
  copy(attributes, 'openingHours', tags['opening_hours']);
  copy(attributes, 'website', tags['website'], tags['contact:website'], tags['url']);
  copy(attributes, 'phone', tags['phone'], tags['contact:phone']);
  copy(attributes, 'email', tags['email'], tags['contact:email']);
  copy(attributes, 'operatorType', tags['operator:type']);
  if (school) {
    attributes['schoolType'] = school.type;
    attributes['schoolTypeSource'] = school.source;
  }
  copy(attributes, 'isced', tags['isced:level']);
  copy(attributes, 'socialFacility', tags['social_facility']);
  copy(attributes, 'socialFacilityFor', tags['social_facility:for']);
  copy(attributes, 'healthcare', tags['healthcare']);
  copy(attributes, 'healthcareSpeciality', tags['healthcare:speciality']);
  copy(attributes, 'sport', tags['sport']);
  copy(attributes, 'denomination', tags['denomination'], tags['religion']);
  copy(attributes, 'wheelchair', tags['wheelchair']);
  const capacity = parseCount(tags['capacity']);
  if (capacity === null) copy(attributes, 'capacityText', tags['capacity']);
  return {
    id: resourceId(context.layerId, type, osmId),
    projectId: context.projectId,
    layerId: context.layerId,
    category: rule.category,
    name: tags['name'] ?? tags['official_name'] ?? tags['short_name'] ?? '',
    address: formatAddress(tags),
    ageFromYears,
    ageToYears,
    capacity,
    provider: tags['operator'] ?? '',
    geometry: { type: 'Point', coordinates: position },
    attributes,
  };
}
