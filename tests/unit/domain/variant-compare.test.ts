import { describe, expect, it } from 'vitest';
import type { AgeBandPopulation, SocialSpace } from '../../../src/domain/types';
import { compareUnitAssignments, movedUnitIds, spaceKey, type CompareUnit } from '../../../src/domain/variant-compare';
import { deepFreeze, testSpace } from '../helpers';

const people = (age0to6: number, age6to15: number, age15to18: number, age18to21: number, age21plus: number): AgeBandPopulation => ({
  age0to6,
  age6to15,
  age15to18,
  age18to21,
  age21plus,
});

const units: CompareUnit[] = deepFreeze([
  { id: 'u1', population: people(10, 20, 5, 5, 160), areaSquareMeters: 1000 },
  { id: 'u2', population: people(1, 2, 3, 4, 90), areaSquareMeters: 2000 },
  { id: 'u3', population: people(7, 0, 0, 0, 13), areaSquareMeters: 3000 },
  { id: 'u4', population: people(0, 0, 0, 0, 400), areaSquareMeters: 4000 },
]);

function space(id: string, code: string, unitIds: string[], variantId = 'A'): SocialSpace {
  return { ...testSpace('p', id, code), variantId, unitIds };
}

/** Variant A: SR 01 {u1, u2}, SR 02 {u3}, SR 03 {u4}. */
const variantA = (): SocialSpace[] =>
  deepFreeze([space('a1', 'SR 01', ['u1', 'u2']), space('a2', 'SR 02', ['u3']), space('a3', 'SR 03', ['u4'])]);

/** A copy of A as "duplicate variant" makes it: new ids, same codes. */
const duplicate = (spaces: readonly SocialSpace[], changes: Record<string, string[]> = {}): SocialSpace[] =>
  deepFreeze(spaces.map((original) => ({ ...original, id: `b-${original.id}`, variantId: 'B', unitIds: changes[original.code] ?? [...original.unitIds] })));

describe('comparing variants by units', () => {
  it('finds no flow between identical variants (a fresh duplicate)', () => {
    const result = compareUnitAssignments(variantA(), duplicate(variantA()), units);
    expect(result.flows).toEqual([]);
    expect(result.movedUnitCount).toBe(0);
    expect(result.movedPopulation).toBe(0);
    expect(result.balances.map((balance) => [balance.space.code, balance.populationA, balance.populationB])).toEqual([
      ['SR 01', 300, 300],
      ['SR 02', 20, 20],
      ['SR 03', 400, 400],
    ]);
  });

  it('reports one unit moved as one flow with its exact population and area', () => {
    const spacesB = duplicate(variantA(), { 'SR 01': ['u1'], 'SR 02': ['u3', 'u2'] });
    const result = compareUnitAssignments(variantA(), spacesB, units);
    expect(result.flows).toHaveLength(1);
    const [flow] = result.flows;
    expect(flow!.from?.code).toBe('SR 01');
    expect(flow!.to?.code).toBe('SR 02');
    expect(flow!.unitIds).toEqual(['u2']);
    expect(flow!.population).toEqual(people(1, 2, 3, 4, 90));
    expect(flow!.populationTotal).toBe(100);
    expect(flow!.areaSquareMeters).toBe(2000);
    expect(result.movedUnitCount).toBe(1);
    expect(result.movedPopulation).toBe(100);
    const balance = result.balances.find((candidate) => candidate.space.code === 'SR 02')!;
    expect([balance.unitsA, balance.unitsB, balance.populationA, balance.populationB]).toEqual([1, 2, 20, 120]);
  });

  it('aggregates units per pair and orders flows by population moved', () => {
    const spacesB = duplicate(variantA(), { 'SR 01': [], 'SR 02': ['u3', 'u1', 'u2'], 'SR 03': [] });
    const result = compareUnitAssignments(variantA(), spacesB, units);
    expect(result.flows.map((flow) => [flow.from?.code ?? null, flow.to?.code ?? null, flow.unitIds.length, flow.populationTotal])).toEqual([
      ['SR 03', null, 1, 400],
      ['SR 01', 'SR 02', 2, 300],
    ]);
    expect(result.movedUnitCount).toBe(3);
    expect(result.movedPopulation).toBe(700);
    expect(result.movedAreaSquareMeters).toBe(7000);
  });

  it('counts units that were unassigned in A as coming from nowhere', () => {
    const spacesA = deepFreeze([space('a1', 'SR 01', ['u1'])]);
    const spacesB = deepFreeze([space('b1', 'SR 01', ['u1', 'u2'], 'B')]);
    const [flow] = compareUnitAssignments(spacesA, spacesB, units).flows;
    expect(flow!.from).toBeNull();
    expect(flow!.to?.code).toBe('SR 01');
    expect(flow!.populationTotal).toBe(100);
  });

  it('matches spaces by code, not by id, and takes names from each variant', () => {
    const spacesB = deepFreeze([
      { ...space('x', 'SR 02', ['u1', 'u2', 'u3'], 'B'), name: 'Neuer Name' },
      space('y', 'SR 03', ['u4'], 'B'),
    ]);
    const result = compareUnitAssignments(variantA(), spacesB, units);
    expect(result.flows).toHaveLength(1);
    expect(result.flows[0]!.from).toEqual({ key: 'SR 01', code: 'SR 01', name: 'Raum SR 01', color: '#0072b2' });
    expect(result.flows[0]!.to?.name).toBe('Neuer Name');
    const only = result.balances.find((balance) => balance.space.code === 'SR 01')!;
    expect([only.inA, only.inB]).toEqual([true, false]);
  });

  it('matches codes trimmed and falls back to the name for spaces without a code', () => {
    expect(spaceKey({ code: ' SR 01 ', name: 'x' })).toBe('SR 01');
    expect(spaceKey({ code: '', name: 'Mitte' })).toBe('name:Mitte');
    const spacesA = deepFreeze([{ ...space('a', '', ['u1']), name: 'Mitte' }]);
    const spacesB = deepFreeze([{ ...space('b', '', ['u1'], 'B'), name: 'Mitte' }]);
    expect(compareUnitAssignments(spacesA, spacesB, units).flows).toEqual([]);
  });

  it('lists the ids of the units that move, both ways', () => {
    const spacesB = duplicate(variantA(), { 'SR 01': ['u1'], 'SR 03': ['u4', 'u9'] });
    expect([...movedUnitIds(variantA(), spacesB)].sort()).toEqual(['u2', 'u9']);
  });

  it('does not mutate its inputs', () => {
    const spacesA = variantA();
    const spacesB = duplicate(spacesA, { 'SR 01': ['u1'], 'SR 02': ['u3', 'u2'] });
    const before = structuredClone([spacesA, spacesB, units]);
    // Frozen inputs would throw on a write; the structural check catches replaced arrays too.
    compareUnitAssignments(spacesA, spacesB, units);
    expect([spacesA, spacesB, units]).toEqual(before);
  });
});
