import { describe, expect, it } from 'vitest';
import { applyOperation, invertOperation, touchedKeys, withProjectId, type Operation } from '../../../src/domain/change';
import type { ProjectTables, TableName } from '../../../src/domain/types';
import { deepFreeze, testSnapshot, testSpace } from '../helpers';

function lookupIn(snapshot: ReturnType<typeof testSnapshot>) {
  return <T extends TableName>(table: T, id: string) =>
    (snapshot[table] as { id: string }[]).find((record) => record.id === id) as ProjectTables[T] | undefined;
}

describe('applyOperation', () => {
  it('replaces, inserts and deletes records without mutating the input', () => {
    const before = deepFreeze(testSnapshot('p'));
    const renamed = { ...before.spaces[0]!, name: 'Neu' };
    const added = testSpace('p', 's3', 'SR 03');
    const after = applyOperation(before, { put: { spaces: [renamed, added] }, delete: { spaces: ['s2'] } });
    expect(after.spaces.map((space) => [space.id, space.name])).toEqual([
      ['s1', 'Neu'],
      ['s3', 'Raum SR 03'],
    ]);
    expect(before.spaces).toHaveLength(2);
    expect(before.spaces[0]!.name).toBe('Raum SR 01');
  });

  it('keeps the identity of untouched tables', () => {
    const before = testSnapshot('p');
    const after = applyOperation(before, { put: { spaces: [{ ...before.spaces[0]!, name: 'X' }] }, delete: {} });
    expect(after.variants).toBe(before.variants);
    expect(after.spaces).not.toBe(before.spaces);
  });
});

describe('invertOperation', () => {
  it('restores the previous state when applied after the operation', () => {
    const before = deepFreeze(testSnapshot('p'));
    const operation: Operation = {
      put: { spaces: [{ ...before.spaces[0]!, name: 'Geändert' }, testSpace('p', 's9', 'SR 09')] },
      delete: { spaces: ['s2'] },
    };
    const inverse = invertOperation(operation, lookupIn(before));
    const roundTrip = applyOperation(applyOperation(before, operation), inverse);
    const byId = (snapshot: typeof before) => [...snapshot.spaces].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(roundTrip)).toEqual(byId(before));
  });

  it('ignores deletes of records that did not exist', () => {
    const before = testSnapshot('p');
    const inverse = invertOperation({ put: {}, delete: { spaces: ['missing'] } }, lookupIn(before));
    expect(touchedKeys(inverse)).toEqual([]);
  });
});

describe('withProjectId', () => {
  it('rewrites the project id of every record and leaves the source alone', () => {
    const source = deepFreeze(testSnapshot('a'));
    const copy = withProjectId(source, 'b');
    expect(copy.projects[0]!.id).toBe('b');
    expect(copy.spaces.every((space) => space.projectId === 'b')).toBe(true);
    expect(source.spaces.every((space) => space.projectId === 'a')).toBe(true);
  });
});
