/**
 * Comparing two boundary plans (variants) of a project by their base units: which units, with
 * how many inhabitants, change their social space between variant A and variant B.
 *
 * Decisions:
 * - Spaces are matched between variants by their code ("SR 03"), since duplicating a variant
 *   keeps codes while giving new ids. Codes are compared trimmed; a space without a code is
 *   matched by its name instead (`spaceKey`). Several spaces with one key in a variant count as
 *   one space (the first one names it).
 * - A unit "moves" when the key of its space differs between A and B; "unassigned" (in no
 *   space) is a side of a flow too (`from: null` or `to: null`). Units unassigned in both
 *   variants, and unit ids that no unit record exists for, are not counted.
 * - Flows are aggregated per (from, to) pair and sorted by population moved, largest first.
 * - Area comes from the caller (`areaSquareMeters` per unit), because the domain has no
 *   geometry code; units without it count 0 m².
 *
 * Pure: inputs are never mutated.
 */
import { emptyPopulation, sumPopulations, totalPopulation } from './age-bands';
import type { AgeBandPopulation, SocialSpace } from './types';

/** How a space is shown in a comparison (taken from the variant it belongs to). */
export interface SpaceRef {
  /** The matching key (normally the code). */
  key: string;
  code: string;
  name: string;
  color: string;
}

/** What the comparison needs of a base unit. */
export interface CompareUnit {
  id: string;
  population: AgeBandPopulation;
  /** Area of the unit; optional (only needed for units that move). */
  areaSquareMeters?: number;
}

/** Units moving from one space (in A) to another (in B). */
export interface UnitFlow {
  /** Space of the units in variant A; null when they are unassigned in A. */
  from: SpaceRef | null;
  /** Space of the units in variant B; null when they are unassigned in B. */
  to: SpaceRef | null;
  unitIds: string[];
  population: AgeBandPopulation;
  populationTotal: number;
  areaSquareMeters: number;
}

/** One space (by key) in both variants: units and population in A and in B. */
export interface SpaceBalance {
  /** Taken from B when the space exists there, else from A. */
  space: SpaceRef;
  inA: boolean;
  inB: boolean;
  unitsA: number;
  unitsB: number;
  populationA: number;
  populationB: number;
}

export interface UnitComparison {
  flows: UnitFlow[];
  /** Units whose space differs (the sum over all flows). */
  movedUnitCount: number;
  movedPopulation: number;
  movedAreaSquareMeters: number;
  /** Every space of A or B, ordered by code (numeric-aware). */
  balances: SpaceBalance[];
}

/** The key spaces are matched by across variants: the trimmed code, else the name. */
export function spaceKey(space: Pick<SocialSpace, 'code' | 'name'>): string {
  const code = space.code.trim();
  return code !== '' ? code : `name:${space.name.trim()}`;
}

export function spaceRef(space: SocialSpace): SpaceRef {
  return { key: spaceKey(space), code: space.code, name: space.name, color: space.color };
}

/** key → how the space is shown, the first space of each key winning. */
export function spaceRefsByKey(spaces: readonly SocialSpace[]): Map<string, SpaceRef> {
  const refs = new Map<string, SpaceRef>();
  for (const space of spaces) {
    const key = spaceKey(space);
    if (!refs.has(key)) refs.set(key, spaceRef(space));
  }
  return refs;
}

/** unit id → key of the space that contains it (first space wins for a unit listed twice). */
export function unitSpaceKeys(spaces: readonly SocialSpace[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const space of spaces) {
    const key = spaceKey(space);
    for (const unitId of space.unitIds) if (!keys.has(unitId)) keys.set(unitId, key);
  }
  return keys;
}

/** Ids of the units whose space (by key) differs between the two variants. */
export function movedUnitIds(spacesA: readonly SocialSpace[], spacesB: readonly SocialSpace[]): Set<string> {
  const keysA = unitSpaceKeys(spacesA);
  const keysB = unitSpaceKeys(spacesB);
  const moved = new Set<string>();
  for (const [unitId, key] of keysA) if (keysB.get(unitId) !== key) moved.add(unitId);
  for (const [unitId, key] of keysB) if (keysA.get(unitId) !== key) moved.add(unitId);
  return moved;
}

export const compareCodes = (a: string, b: string): number => a.localeCompare(b, 'de', { numeric: true });

/** Sort key of an optional side: unassigned last. */
const sideOrder = (ref: SpaceRef | null): string => ref?.code ?? '\uffff';

/** Units (and their inhabitants and area) that change their space from variant A to variant B. */
export function compareUnitAssignments(
  spacesA: readonly SocialSpace[],
  spacesB: readonly SocialSpace[],
  units: readonly CompareUnit[],
): UnitComparison {
  const refsA = spaceRefsByKey(spacesA);
  const refsB = spaceRefsByKey(spacesB);
  const keysA = unitSpaceKeys(spacesA);
  const keysB = unitSpaceKeys(spacesB);

  interface Accumulator {
    from: SpaceRef | null;
    to: SpaceRef | null;
    unitIds: string[];
    populations: AgeBandPopulation[];
    areaSquareMeters: number;
  }
  const flows = new Map<string, Accumulator>();
  const balances = new Map<string, { unitsA: number; unitsB: number; populationA: number; populationB: number }>();
  const balance = (key: string) => {
    let entry = balances.get(key);
    if (!entry) balances.set(key, (entry = { unitsA: 0, unitsB: 0, populationA: 0, populationB: 0 }));
    return entry;
  };
  for (const key of refsA.keys()) balance(key);
  for (const key of refsB.keys()) balance(key);

  for (const unit of units) {
    const keyA = keysA.get(unit.id);
    const keyB = keysB.get(unit.id);
    const people = totalPopulation(unit.population);
    if (keyA !== undefined) {
      const entry = balance(keyA);
      entry.unitsA++;
      entry.populationA += people;
    }
    if (keyB !== undefined) {
      const entry = balance(keyB);
      entry.unitsB++;
      entry.populationB += people;
    }
    if (keyA === keyB) continue;
    // JSON of the pair: keys are free text, so no separator character is safe.
    const flowKey = JSON.stringify([keyA ?? null, keyB ?? null]);
    let flow = flows.get(flowKey);
    if (!flow) {
      flow = {
        from: keyA === undefined ? null : refsA.get(keyA)!,
        to: keyB === undefined ? null : refsB.get(keyB)!,
        unitIds: [],
        populations: [],
        areaSquareMeters: 0,
      };
      flows.set(flowKey, flow);
    }
    flow.unitIds.push(unit.id);
    flow.populations.push(unit.population);
    flow.areaSquareMeters += unit.areaSquareMeters ?? 0;
  }

  const result: UnitFlow[] = [...flows.values()].map((flow) => {
    const population = flow.populations.length > 0 ? sumPopulations(flow.populations) : emptyPopulation();
    return {
      from: flow.from,
      to: flow.to,
      unitIds: flow.unitIds,
      population,
      populationTotal: totalPopulation(population),
      areaSquareMeters: flow.areaSquareMeters,
    };
  });
  result.sort(
    (a, b) =>
      b.populationTotal - a.populationTotal ||
      b.unitIds.length - a.unitIds.length ||
      compareCodes(sideOrder(a.from), sideOrder(b.from)) ||
      compareCodes(sideOrder(a.to), sideOrder(b.to)),
  );

  const balanceList: SpaceBalance[] = [...balances].map(([key, figures]) => ({
    space: (refsB.get(key) ?? refsA.get(key))!,
    inA: refsA.has(key),
    inB: refsB.has(key),
    ...figures,
  }));
  balanceList.sort((a, b) => compareCodes(a.space.code, b.space.code));

  return {
    flows: result,
    movedUnitCount: result.reduce((sum, flow) => sum + flow.unitIds.length, 0),
    movedPopulation: result.reduce((sum, flow) => sum + flow.populationTotal, 0),
    movedAreaSquareMeters: result.reduce((sum, flow) => sum + flow.areaSquareMeters, 0),
    balances: balanceList,
  };
}
