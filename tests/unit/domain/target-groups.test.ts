import { describe, expect, it } from 'vitest';
import { countTargetGroups, formatTargetGroups, hasTargetGroup, parseTargetGroups, targetGroupKey, targetGroupsOf } from '../../../src/domain/target-groups';

const withGroups = (text: unknown) => ({ attributes: { targetGroups: text as string } });

describe('parseTargetGroups', () => {
  it('splits a cell at ; , / and | and trims each group', () => {
    expect(parseTargetGroups('Kinder, Jugendliche; Eltern / Alleinerziehende | Zugewanderte')).toEqual(['Kinder', 'Jugendliche', 'Eltern', 'Alleinerziehende', 'Zugewanderte']);
  });

  it('keeps each group once, the first spelling, and collapses inner white space', () => {
    expect(parseTargetGroups('Jugendliche;jugendliche ;  junge   Erwachsene,JUGENDLICHE')).toEqual(['Jugendliche', 'junge Erwachsene']);
  });

  it('reads nothing from empty cells and separators only', () => {
    expect(parseTargetGroups('')).toEqual([]);
    expect(parseTargetGroups(null)).toEqual([]);
    expect(parseTargetGroups(' ; , ')).toEqual([]);
  });

  it('writes the groups back as one cell that reads the same', () => {
    const groups = ['Kinder', 'Eltern'];
    expect(parseTargetGroups(formatTargetGroups(groups))).toEqual(groups);
  });
});

describe('target groups of resources', () => {
  it('reads the attribute, and nothing when it is missing or not text', () => {
    expect(targetGroupsOf(withGroups('Familien, Eltern'))).toEqual(['Familien', 'Eltern']);
    expect(targetGroupsOf({ attributes: {} })).toEqual([]);
    expect(targetGroupsOf(withGroups(12))).toEqual([]);
  });

  it('matches a group whatever its case or umlaut spelling', () => {
    const resource = withGroups('Mädchen, Jugendliche');
    expect(hasTargetGroup(resource, targetGroupKey('maedchen'))).toBe(true);
    expect(hasTargetGroup(resource, targetGroupKey('JUGENDLICHE'))).toBe(true);
    expect(hasTargetGroup(resource, targetGroupKey('Eltern'))).toBe(false);
  });

  it('counts the resources naming each group, most frequent first, with the usual spelling', () => {
    const resources = [withGroups('Kinder, Eltern'), withGroups('kinder'), withGroups('Kinder; Jugendliche'), withGroups('Eltern'), { attributes: {} }];
    expect(countTargetGroups(resources)).toEqual([
      { key: 'kinder', label: 'Kinder', resources: 3 },
      { key: 'eltern', label: 'Eltern', resources: 2 },
      { key: 'jugendliche', label: 'Jugendliche', resources: 1 },
    ]);
  });

  it('does not change the resources it reads', () => {
    const resource = Object.freeze({ attributes: Object.freeze({ targetGroups: 'Kinder, Kinder' }) });
    expect(countTargetGroups([resource])).toHaveLength(1);
    expect(resource.attributes.targetGroups).toBe('Kinder, Kinder');
  });
});
