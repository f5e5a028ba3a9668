import { describe, expect, it } from 'vitest';
import { assignmentOf, nextSpaceCode, reassignUnits, unassignedUnits } from '../../../src/domain/assignment';
import type { Unit } from '../../../src/domain/types';
import { deepFreeze, testSpace } from '../helpers';

const spaces = () =>
  deepFreeze([
    { ...testSpace('p', 'a', 'SR 01'), unitIds: ['u1', 'u2'] },
    { ...testSpace('p', 'b', 'SR 02'), unitIds: ['u3'] },
    { ...testSpace('p', 'c', 'SR 03'), unitIds: [] },
  ]);

describe('assignment', () => {
  it('maps units to their spaces', () => {
    expect([...assignmentOf(spaces())]).toEqual([
      ['u1', 'a'],
      ['u2', 'a'],
      ['u3', 'b'],
    ]);
  });

  it('moves units between spaces and returns only the changed ones', () => {
    const changed = reassignUnits(spaces(), ['u2', 'u3'], 'c');
    expect(changed.map((space) => [space.id, space.unitIds])).toEqual([
      ['a', ['u1']],
      ['b', []],
      ['c', ['u2', 'u3']],
    ]);
  });

  it('unassigns units when the target is null', () => {
    const changed = reassignUnits(spaces(), ['u1'], null);
    expect(changed.map((space) => [space.id, space.unitIds])).toEqual([['a', ['u2']]]);
  });

  it('changes nothing when units already belong to the target', () => {
    expect(reassignUnits(spaces(), ['u1', 'u2'], 'a')).toEqual([]);
  });

  it('adds new units once, even if listed twice', () => {
    const changed = reassignUnits(spaces(), ['u9', 'u9'], 'c');
    expect(changed[0]!.unitIds).toEqual(['u9']);
  });

  it('refuses an unknown target', () => {
    expect(() => reassignUnits(spaces(), ['u1'], 'zz')).toThrow('Unknown social space zz');
  });

  it('lists unassigned units', () => {
    const unit = (id: string) => ({ id }) as Unit;
    expect(unassignedUnits([unit('u1'), unit('u4')], spaces()).map((u) => u.id)).toEqual(['u4']);
  });

  it('proposes the next space code', () => {
    expect(nextSpaceCode(spaces())).toBe('SR 04');
    expect(nextSpaceCode([])).toBe('SR 01');
  });
});

describe('applyAssignments', () => {
  it('moves each unit to its own target in one go', async () => {
    const { applyAssignments } = await import('../../../src/domain/assignment');
    const changed = applyAssignments(spaces(), new Map([['u1', 'b'], ['u3', 'c'], ['u9', 'a']]));
    expect(changed.map((space) => [space.id, space.unitIds])).toEqual([
      ['a', ['u2', 'u9']],
      ['b', ['u1']],
      ['c', ['u3']],
    ]);
  });
});
