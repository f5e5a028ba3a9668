/**
 * Which OSM objects become resources, and of which category: a table of rules (data, so the UI
 * can show and edit it and a layer can store the table it was imported with).
 *
 * A rule matches when all of its conditions hold. A condition is a tag key and a value
 * pattern: `*` means any value, `a|b` means one of the alternatives. Tag values that are
 * semicolon lists ("child;family") match when one of their items does. The first rule that
 * matches wins, so more specific rules come first.
 */
import type { ResourceCategory } from '../../domain/types';
import type { OsmTags } from './model';

export interface OsmCategoryRule {
  /** Tag key → value pattern; all must match. */
  tags: Record<string, string>;
  category: ResourceCategory;
}

/** The default table, most specific first. */
export const DEFAULT_OSM_CATEGORY_RULES: readonly OsmCategoryRule[] = [
  { tags: { amenity: 'kindergarten|childcare' }, category: 'kita' },
  { tags: { amenity: 'school' }, category: 'school' },
  { tags: { amenity: 'community_centre', community_centre: 'youth_centre|youth_club' }, category: 'youth-centre' },
  { tags: { amenity: 'youth_centre' }, category: 'youth-centre' },
  { tags: { leisure: 'youth_club' }, category: 'youth-centre' },
  { tags: { club: 'youth' }, category: 'youth-centre' },
  { tags: { amenity: 'community_centre', community_centre: 'family_centre' }, category: 'family-centre' },
  { tags: { amenity: 'social_facility', 'social_facility:for': 'family' }, category: 'family-centre' },
  { tags: { amenity: 'social_facility', 'social_facility:for': 'child|juvenile|orphan' }, category: 'counselling' },
  { tags: { healthcare: 'counselling' }, category: 'counselling' },
  {
    tags: { 'healthcare:speciality': 'paediatrics|paediatric_surgery|child_psychiatry|child_and_adolescent_psychiatry|neonatology' },
    category: 'health',
  },
  { tags: { healthcare: 'midwife|birthing_centre|speech_therapist' }, category: 'health' },
  { tags: { amenity: 'hospital' }, category: 'health' },
  { tags: { healthcare: 'hospital' }, category: 'health' },
  { tags: { leisure: 'playground' }, category: 'playground' },
  { tags: { club: 'sport|scout' }, category: 'club' },
  { tags: { club: '*', sport: '*' }, category: 'club' },
  { tags: { leisure: 'sports_centre' }, category: 'club' },
  { tags: { office: 'ngo|association|charity|foundation' }, category: 'provider' },
  { tags: { amenity: 'community_centre' }, category: 'other' },
];

/**
 * Keys whose values are counted when an object matches no rule (`amenity=doctors: 9`), so the
 * user sees what a rule could still pick up.
 */
export const UNMAPPED_REPORT_KEYS: readonly string[] = [
  'amenity',
  'leisure',
  'club',
  'healthcare',
  'social_facility',
  'community_centre',
  'office',
];

function valueMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'no') return false;
  if (pattern === '*') return true;
  const alternatives = pattern.split('|');
  if (alternatives.includes(value)) return true;
  if (value.indexOf(';') < 0) return false;
  return value.split(';').some((item) => alternatives.includes(item.trim()));
}

export function ruleMatches(rule: OsmCategoryRule, tags: OsmTags): boolean {
  for (const key in rule.tags) if (!valueMatches(rule.tags[key]!, tags[key])) return false;
  return true;
}

/** A compiled table: rules indexed by the keys they need, so most objects are rejected fast. */
export class CategoryMatcher {
  readonly rules: readonly OsmCategoryRule[];
  readonly #keys: Set<string>;

  constructor(rules: readonly OsmCategoryRule[] = DEFAULT_OSM_CATEGORY_RULES) {
    this.rules = rules;
    this.#keys = new Set(rules.flatMap((rule) => Object.keys(rule.tags)));
  }

  /** Index of the first matching rule, or -1. */
  match(tags: OsmTags): number {
    let relevant = false;
    for (const key in tags) {
      if (this.#keys.has(key)) {
        relevant = true;
        break;
      }
    }
    if (!relevant) return -1;
    for (let index = 0; index < this.rules.length; index++) if (ruleMatches(this.rules[index]!, tags)) return index;
    return -1;
  }
}

/** `amenity=social_facility + social_facility:for=child|juvenile` */
export function formatRule(rule: OsmCategoryRule): string {
  return Object.entries(rule.tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(' + ');
}

/** The inverse of `formatRule`'s condition part; throws for text that is no condition list. */
export function parseRuleTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of text.split('+')) {
    const trimmed = part.trim();
    const equals = trimmed.indexOf('=');
    if (equals <= 0 || equals === trimmed.length - 1) throw new Error(`"${trimmed}" is not key=value`);
    tags[trimmed.slice(0, equals).trim()] = trimmed
      .slice(equals + 1)
      .split('|')
      .map((value) => value.trim())
      .join('|');
  }
  return tags;
}
