import { describe, expect, it } from 'vitest';
import {
  CategoryMatcher,
  DEFAULT_OSM_CATEGORY_RULES,
  OSM_ATTRIBUTION,
  formatRule,
  parseRuleTags,
  readOsmFile,
  ruleMatches,
  schoolType,
  type OsmImportResult,
} from '../../../../src/io/osm';
import { pointInRing, type LonLat } from '../../../../src/io/osm/geometry';
import type { Resource } from '../../../../src/domain/types';
import { fixture } from './osm-test-helpers';

function read(options: Parameters<typeof readOsmFile>[2] = {}): OsmImportResult {
  return readOsmFile('resources.osm', fixture('resources.osm'), { projectId: 'p1', resourceLayerId: 'osm-res', ...options });
}

function byName(result: OsmImportResult, name: string): Resource {
  const found = result.resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`no resource named ${name}`);
  return found;
}

describe('OSM resources: one tag rule each', () => {
  const result = read();

  it.each([
    ['Kita "Pusteblume" & Hort', 'kita', 'amenity=kindergarten|childcare'],
    ['Krippe Sonnenschein', 'kita', 'amenity=kindergarten|childcare'],
    ['Schule am Berg', 'school', 'amenity=school'],
    ['Christoph-Jacob-Treu-Schule', 'school', 'amenity=school'],
    ['Jugendzentrum Lauf', 'youth-centre', 'amenity=community_centre + community_centre=youth_centre|youth_club'],
    ['Jugendtreff West', 'youth-centre', 'amenity=youth_centre'],
    ['Jugendclub', 'youth-centre', 'leisure=youth_club'],
    ['Evangelische Jugend', 'youth-centre', 'club=youth'],
    ['Familienzentrum Mitte', 'family-centre', 'amenity=community_centre + community_centre=family_centre'],
    ['Familienberatung', 'family-centre', 'amenity=social_facility + social_facility:for=family'],
    ['Streetwork', 'counselling', 'amenity=social_facility + social_facility:for=child|juvenile|orphan'],
    ['Erziehungsberatung', 'counselling', 'healthcare=counselling'],
    ['Kinderärzte Lauf', 'health', 'healthcare:speciality=paediatrics|paediatric_surgery|child_psychiatry|child_and_adolescent_psychiatry|neonatology'],
    ['Hebammenpraxis', 'health', 'healthcare=midwife|birthing_centre|speech_therapist'],
    ['Krankenhaus', 'health', 'amenity=hospital'],
    ['SK Lauf 1904', 'club', 'club=sport|scout'],
    ['Tanzclub', 'club', 'club=* + sport=*'],
    ['Sportpark', 'club', 'leisure=sports_centre'],
    ['Kinderschutzbund', 'provider', 'office=ngo|association|charity|foundation'],
    ['Jugendhilfe e.V.', 'provider', 'office=ngo|association|charity|foundation'],
    ['Gemeindehaus', 'other', 'amenity=community_centre'],
    ['Grundschule Am Bach', 'school', 'amenity=school'],
    ['Waldkindergarten', 'kita', 'amenity=kindergarten|childcare'],
  ])('%s → %s (rule %s)', (name, category, rule) => {
    const resource = byName(result, name);
    expect(resource.category).toBe(category);
    expect(resource.attributes['osmRule']).toBe(rule);
    expect(resource.attributes['source']).toBe(OSM_ATTRIBUTION);
    expect(resource.projectId).toBe('p1');
    expect(resource.layerId).toBe('osm-res');
  });

  it('counts resources, playgrounds without names included, and objects no rule maps', () => {
    expect(result.resources).toHaveLength(25);
    expect(result.resources.filter((resource) => resource.category === 'playground')).toHaveLength(2);
    expect(result.unmapped).toEqual([
      { tag: 'amenity=doctors', count: 2 },
      { tag: 'amenity=bench', count: 1 },
      { tag: 'amenity=social_facility', count: 1 },
      { tag: 'club=no', count: 1 },
    ]);
    expect(result.ruleCounts.reduce((sum, count) => sum + count, 0)).toBe(25);
    expect(result.ruleCounts[DEFAULT_OSM_CATEGORY_RULES.findIndex((rule) => rule.tags['leisure'] === 'playground')]).toBe(2);
  });

  it('skips objects deleted in a JOSM file', () => {
    expect(result.resources.some((resource) => resource.attributes['osmId'] === 140)).toBe(false);
  });

  it('takes name (entities decoded), address, operator, capacity, opening hours, website and phone from tags', () => {
    const kita = byName(result, 'Kita "Pusteblume" & Hort');
    expect(kita).toMatchObject({
      id: 'osm-res:n1',
      address: 'Breslauer Straße 21, 91207 Lauf a.d.Pegnitz',
      provider: 'Evang.-Luth. Kirchengemeinde',
      capacity: 75,
      ageFromYears: 0,
      ageToYears: 6,
      geometry: { type: 'Point', coordinates: [11.251, 49.501] },
    });
    expect(kita.attributes).toMatchObject({
      osmType: 'node',
      osmId: 1,
      openingHours: 'Mo-Fr 07:00-17:00',
      website: 'https://kita.example',
      phone: '+49 9123 1',
    });
  });

  it('keeps a capacity that is no number as text, and reads ages from min_age/max_age (inclusive)', () => {
    const krippe = byName(result, 'Krippe Sonnenschein');
    expect(krippe.capacity).toBeNull();
    expect(krippe.attributes['capacityText']).toBe('ca. 24');
    expect([krippe.ageFromYears, krippe.ageToYears]).toEqual([1, 4]);
  });

  it('derives the school type and ages from isced:level, school:de or the name', () => {
    const isced = byName(result, 'Schule am Berg');
    expect(isced.attributes).toMatchObject({ schoolType: 'Primarstufe / Sekundarstufe I', schoolTypeSource: 'isced:level', isced: '1;2' });
    expect([isced.ageFromYears, isced.ageToYears]).toEqual([6, 16]);
    const gymnasium = byName(result, 'Christoph-Jacob-Treu-Schule');
    expect(gymnasium.attributes).toMatchObject({ schoolType: 'Gymnasium', schoolTypeSource: 'school:de' });
    expect([gymnasium.ageFromYears, gymnasium.ageToYears]).toEqual([10, 19]);
    const byNameOnly = byName(result, 'Grundschule Am Bach');
    expect(byNameOnly.attributes).toMatchObject({ schoolType: 'Grundschule', schoolTypeSource: 'name' });
    expect([byNameOnly.ageFromYears, byNameOnly.ageToYears]).toEqual([6, 10]);
    expect(schoolType({ amenity: 'school', name: 'Montessorischule' })).toBeNull();
    expect(schoolType({ name: 'Volkshochschule Unteres Pegnitztal' })?.type).toBe('Volkshochschule');
  });

  it('turns a closed way into its centroid', () => {
    const school = byName(result, 'Grundschule Am Bach');
    expect(school.id).toBe('osm-res:w1000');
    expect(school.geometry.coordinates).toEqual([11.281, 49.5105]);
  });

  it('merges the same school mapped as area and as point, keeping the richer record', () => {
    const school = byName(result, 'Grundschule Am Bach');
    expect(result.resources.filter((resource) => resource.category === 'school' && /am bach/i.test(resource.name))).toHaveLength(1);
    expect(school.address).toBe('Bachweg 3');
    expect(school.attributes['website']).toBe('https://gs-am-bach.example');
    expect(school.attributes['osmAlso']).toBe('node/104');
    expect(result.issues.duplicateResourcesMerged).toBe(1);
    expect(read({ mergeDistanceMetres: 0 }).resources).toHaveLength(26);
  });

  it('puts the point of an L-shaped area inside it', () => {
    const sports = byName(result, 'Sportpark');
    const ring: LonLat[] = [
      [11.29, 49.515],
      [11.294, 49.515],
      [11.294, 49.5153],
      [11.2903, 49.5153],
      [11.2903, 49.518],
      [11.29, 49.518],
      [11.29, 49.515],
    ];
    expect(pointInRing(sports.geometry.coordinates as LonLat, ring)).toBe(true);
  });

  it('puts an open way at the middle of its length', () => {
    const line = result.resources.find((resource) => resource.id === 'osm-res:w1200')!;
    expect(line.geometry.coordinates).toEqual([11.272, 49.516]);
  });

  it('puts a multipolygon (outer ring from two ways, with a hole) inside its area, not in the hole', () => {
    const forest = byName(result, 'Waldkindergarten');
    expect(forest.id).toBe('osm-res:r5000');
    const [lon, lat] = forest.geometry.coordinates as LonLat;
    const inOuter = lon > 11.26 && lon < 11.264 && lat > 49.518 && lat < 49.52;
    const inHole = lon > 11.261 && lon < 11.263 && lat > 49.5185 && lat < 49.5195;
    expect(inOuter && !inHole).toBe(true);
  });

  it('uses a custom rule table and reports the rest as unmapped', () => {
    const custom = read({ rules: [{ tags: { amenity: 'doctors' }, category: 'health' }] });
    expect(custom.resources.map((resource) => resource.name).sort()).toEqual(['', 'Hausarzt', 'Kinderärzte Lauf']);
    expect(custom.unmapped.find((entry) => entry.tag === 'amenity=school')?.count).toBe(4);
    expect(custom.ruleCounts).toEqual([3]);
  });

  it('can leave resources out', () => {
    const none = read({ include: { resources: false } });
    expect(none.resources).toEqual([]);
    expect(none.unmapped).toEqual([]);
  });
});

describe('OSM category rules', () => {
  it('matches alternatives, any value, and items of semicolon lists; "no" is no value', () => {
    const rule = { tags: { amenity: 'social_facility', 'social_facility:for': 'child|juvenile' }, category: 'counselling' as const };
    expect(ruleMatches(rule, { amenity: 'social_facility', 'social_facility:for': 'juvenile' })).toBe(true);
    expect(ruleMatches(rule, { amenity: 'social_facility', 'social_facility:for': 'senior; child' })).toBe(true);
    expect(ruleMatches(rule, { amenity: 'social_facility', 'social_facility:for': 'senior' })).toBe(false);
    expect(ruleMatches(rule, { amenity: 'social_facility' })).toBe(false);
    const any = { tags: { club: '*' }, category: 'club' as const };
    expect(ruleMatches(any, { club: 'chess' })).toBe(true);
    expect(ruleMatches(any, { club: 'no' })).toBe(false);
    expect(ruleMatches(any, { club: '' })).toBe(false);
  });

  it('takes the first matching rule', () => {
    const matcher = new CategoryMatcher();
    const youth = matcher.match({ amenity: 'community_centre', community_centre: 'youth_centre' });
    const plain = matcher.match({ amenity: 'community_centre' });
    expect(DEFAULT_OSM_CATEGORY_RULES[youth]!.category).toBe('youth-centre');
    expect(DEFAULT_OSM_CATEGORY_RULES[plain]!.category).toBe('other');
    expect(matcher.match({ highway: 'residential' })).toBe(-1);
  });

  it('formats and parses rule conditions for editing', () => {
    for (const rule of DEFAULT_OSM_CATEGORY_RULES) expect(parseRuleTags(formatRule(rule))).toEqual(rule.tags);
    expect(parseRuleTags(' amenity = school | kindergarten + isced:level=1 ')).toEqual({ amenity: 'school|kindergarten', 'isced:level': '1' });
    expect(() => parseRuleTags('amenity')).toThrow(/key=value/);
    expect(() => parseRuleTags('amenity=')).toThrow(/key=value/);
  });
});
