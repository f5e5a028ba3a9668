/**
 * Help demand aggregated per social space, year and help type (a small cube), and the
 * indicators planners read from it: counts, rates per 1,000 or 10,000 of an age group, change
 * against a base year, the district value and each space's deviation from it. Pure: the
 * entries come already assigned to spaces (by area key or point-in-polygon, see
 * `state/demand`), so a boundary change re-runs only the assignment and this sum.
 */
import { populationUnder } from './age-bands';
import { HELP_TYPES } from './help-types';
import type { AgeBandPopulation, HelpSetting, HelpType } from './types';

/**
 * Cases or table rows, column-wise (a million rows are four arrays, not a million objects):
 * per entry the space it is assigned to (index into the cube's spaces, -1 outside all), the
 * year, the help type (null: not known) and the count.
 */
export interface DemandEntries {
  space: ArrayLike<number>;
  year: ArrayLike<number>;
  helpType: readonly (HelpType | null)[];
  count: ArrayLike<number>;
}

export interface DemandCube {
  spaceIds: readonly string[];
  /** Years present, ascending. */
  years: number[];
  /** `counts[(space * years.length + year) * HELP_SLOTS + helpSlot]`, help slots as `HELP_TYPES` plus one for unknown. */
  counts: Float64Array;
  /** Sum of the entries outside all spaces, per year (index as `years`). */
  outside: Float64Array;
  /** Entries skipped: no valid year or count. */
  skipped: number;
}

const HELP_SLOT = new Map<HelpType, number>(HELP_TYPES.map((definition, index) => [definition.id, index]));
/** One slot per help type and one for "unknown". */
export const HELP_SLOTS = HELP_TYPES.length + 1;

export function buildDemandCube(entries: DemandEntries, spaceIds: readonly string[]): DemandCube {
  const length = entries.year.length;
  const present = new Set<number>();
  for (let entry = 0; entry < length; entry++) if (Number.isInteger(entries.year[entry])) present.add(entries.year[entry]!);
  const years = [...present].sort((a, b) => a - b);
  const yearIndex = new Map(years.map((year, index) => [year, index]));
  const counts = new Float64Array(spaceIds.length * years.length * HELP_SLOTS);
  const outside = new Float64Array(years.length);
  let skipped = 0;
  for (let entry = 0; entry < length; entry++) {
    const year = yearIndex.get(entries.year[entry]!);
    const count = entries.count[entry]!;
    if (year === undefined || !Number.isFinite(count)) {
      skipped++;
      continue;
    }
    const space = entries.space[entry]!;
    if (space < 0 || space >= spaceIds.length) {
      outside[year]! += count;
      continue;
    }
    const slot = helpSlotOf(entries.helpType[entry] ?? null);
    counts[(space * years.length + year) * HELP_SLOTS + slot]! += count;
  }
  return { spaceIds, years, counts, outside, skipped };
}

/**
 * A help-type group the project defines ("Hilfen im Sozialraum": §§ 27.2, 29, 30, 31; "Heim und
 * Pflege": §§ 33, 34), saved in the project and offered beside the built-in groups.
 */
export interface CustomHelpGroup {
  id: string;
  name: string;
  /** The help types it counts (at least one). */
  helpTypes: HelpType[];
}

/**
 * Which help types an indicator counts: all, a setting (ambulant …), out-of-home placements,
 * one type, or a group the project defines (`custom:<id>`).
 */
export type HelpGroup = 'all' | HelpSetting | 'out-of-home' | HelpType | `custom:${string}`;

/** The built-in groups, in the order they are offered. */
export const HELP_GROUPS: readonly HelpGroup[] = ['all', 'ambulant', 'teilstationaer', 'stationaer', 'out-of-home', ...HELP_TYPES.map((type) => type.id)];

/** The help slot of a help type (the unknown slot for null or an unknown type). */
export function helpSlotOf(helpType: HelpType | null): number {
  return helpType === null ? HELP_TYPES.length : (HELP_SLOT.get(helpType) ?? HELP_TYPES.length);
}

export function customGroupId(group: HelpGroup): string | null {
  return group.startsWith('custom:') ? group.slice('custom:'.length) : null;
}

/**
 * The help slots of a group (the unknown slot only in 'all'). A custom group that the project
 * no longer has counts nothing.
 */
export function helpSlots(group: HelpGroup, customGroups: readonly CustomHelpGroup[] = []): number[] {
  if (group === 'all') return Array.from({ length: HELP_SLOTS }, (_, index) => index);
  const customId = customGroupId(group);
  const custom = customId === null ? null : new Set(customGroups.find((candidate) => candidate.id === customId)?.helpTypes ?? []);
  return HELP_TYPES.flatMap((definition, index) => {
    const member = custom
      ? custom.has(definition.id)
      : group === 'out-of-home'
        ? definition.outOfHome
        : group === 'ambulant' || group === 'teilstationaer' || group === 'stationaer'
          ? definition.setting === group
          : definition.id === group;
    return member ? [index] : [];
  });
}

/** The count of `group` in space `space` (index) and `year` (the year itself); 0 when the year is not in the cube. */
export function cubeCount(cube: DemandCube, space: number, year: number, group: HelpGroup, customGroups: readonly CustomHelpGroup[] = []): number {
  return cubeSlotsCount(cube, space, year, helpSlots(group, customGroups));
}

/** The count of the help slots `slots` in space `space` and `year`. */
export function cubeSlotsCount(cube: DemandCube, space: number, year: number, slots: readonly number[]): number {
  const yearIndex = cube.years.indexOf(year);
  if (yearIndex < 0) return 0;
  const base = (space * cube.years.length + yearIndex) * HELP_SLOTS;
  let sum = 0;
  for (const slot of slots) sum += cube.counts[base + slot]!;
  return sum;
}

/**
 * What an indicator shows per space: the count, a rate per population, the share of the
 * group in all help (%), or the change against a base year (absolute or in %).
 */
export type Measure = 'count' | 'rate' | 'share' | 'change' | 'change-percent';

/** An age group of the base units' population a rate can be based on. */
export type AgeDenominator = 'under6' | 'under18' | 'under21';

/**
 * The population (or other base) a rate is based on: an age group of the base units, or a
 * number column of an imported table of figures per area, written `column:<layerId>:<column>`
 * (see `columnDenominator`).
 */
export type Denominator = AgeDenominator | `column:${string}`;

export const AGE_DENOMINATORS: readonly AgeDenominator[] = ['under6', 'under18', 'under21'];

/** A table column as denominator. */
export function columnDenominator(layerId: string, column: string): Denominator {
  return `column:${layerId}:${column}`;
}

/** The layer and column a denominator names, or null for an age group. */
export function denominatorColumn(denominator: Denominator): { layerId: string; column: string } | null {
  if (!denominator.startsWith('column:')) return null;
  const rest = denominator.slice('column:'.length);
  const colon = rest.indexOf(':');
  return colon < 0 ? null : { layerId: rest.slice(0, colon), column: rest.slice(colon + 1) };
}

/** Rates per 100 (a share in %), 1,000 or 10,000. */
export type RateBase = 100 | 1000 | 10000;
export const RATE_BASES: readonly RateBase[] = [100, 1000, 10000];

/**
 * Year of entries that have none (resources, a table of figures without a year column): they
 * describe the present state and form one "undated" year of the cube.
 */
export const UNDATED_YEAR = 0;

export interface IndicatorSpec {
  group: HelpGroup;
  year: number;
  measure: Measure;
  /** For 'rate': per 100, 1,000 or 10,000. */
  per: RateBase;
  /** For 'change' and 'change-percent'. */
  baseYear: number;
}

export interface IndicatorRow {
  spaceId: string;
  count: number;
  /** The base year's count (change measures), else null. */
  baseCount: number | null;
  /** The denominator (population) of the space. */
  population: number;
  /** The indicator value; null when it cannot be computed (no population, base 0 for %). */
  value: number | null;
}

export interface IndicatorResult {
  rows: IndicatorRow[];
  /** The whole district (all spaces, not the entries outside them). */
  district: IndicatorRow;
}

export function denominatorOf(population: AgeBandPopulation, denominator: AgeDenominator): number {
  return populationUnder(population, denominator === 'under6' ? 6 : denominator === 'under18' ? 18 : 21);
}

function valueOf(spec: IndicatorSpec, count: number, baseCount: number, population: number, allCount: number): number | null {
  switch (spec.measure) {
    case 'count':
      return count;
    case 'rate':
      return population > 0 ? (count / population) * spec.per : null;
    case 'share':
      return allCount > 0 ? (count / allCount) * 100 : null;
    case 'change':
      return count - baseCount;
    case 'change-percent':
      return baseCount > 0 ? ((count - baseCount) / baseCount) * 100 : null;
  }
}

/**
 * The indicator per space (in the cube's order) and for the district. `populations` holds each
 * space's denominator (a space without one has none: no rate); custom help groups are looked
 * up in `customGroups`.
 */
export function computeIndicator(
  cube: DemandCube,
  populations: ReadonlyMap<string, number>,
  spec: IndicatorSpec,
  customGroups: readonly CustomHelpGroup[] = [],
): IndicatorResult {
  const withBase = spec.measure === 'change' || spec.measure === 'change-percent';
  const slots = helpSlots(spec.group, customGroups);
  const allSlots = helpSlots('all');
  let totalCount = 0;
  let totalBase = 0;
  let totalPopulation = 0;
  let totalAll = 0;
  const rows = cube.spaceIds.map((spaceId, space): IndicatorRow => {
    const count = cubeSlotsCount(cube, space, spec.year, slots);
    const baseCount = withBase ? cubeSlotsCount(cube, space, spec.baseYear, slots) : 0;
    const allCount = spec.measure === 'share' ? cubeSlotsCount(cube, space, spec.year, allSlots) : 0;
    const population = populations.get(spaceId) ?? 0;
    totalCount += count;
    totalBase += baseCount;
    totalPopulation += population;
    totalAll += allCount;
    return { spaceId, count, baseCount: withBase ? baseCount : null, population, value: valueOf(spec, count, baseCount, population, allCount) };
  });
  const district: IndicatorRow = {
    spaceId: '',
    count: totalCount,
    baseCount: withBase ? totalBase : null,
    population: totalPopulation,
    value: valueOf(spec, totalCount, totalBase, totalPopulation, totalAll),
  };
  return { rows, district };
}

/**
 * An indicator a planner named and saved in the project (for the next council meeting): the
 * settings of the demand tab. `year` null means "the newest year present", `baseYear` null
 * "the oldest", so a saved indicator keeps working when next year's data arrive.
 */
export interface SavedIndicator {
  id: string;
  name: string;
  /** The layer read (or `RESOURCES_SOURCE`); null: the first with data. */
  sourceId: string | null;
  group: HelpGroup;
  /** Resources: the category counted ('all' for every one) and whether resources or their places are counted. */
  category?: string;
  resourceMeasure?: 'count' | 'capacity';
  /** A table of figures: the number column counted. */
  column?: string;
  measure: Measure;
  per: RateBase;
  denominator: Denominator;
  year: number | null;
  baseYear: number | null;
  classMethod: 'quantile' | 'equal-interval' | 'jenks' | 'std-dev' | 'manual';
  classCount: number;
  manualBreaks: number[];
}
