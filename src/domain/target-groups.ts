/**
 * Target groups (Zielgruppen) of a resource: who an offer is for — "Kinder", "Jugendliche",
 * "Eltern", "Alleinerziehende", "Zugewanderte" … Office lists write them as free text in one
 * cell ("Kinder, Jugendliche; Eltern"), so they are kept as written in the resource's
 * `targetGroups` attribute and read here as a list: split at `;`, `,`, `/` and `|`, trimmed,
 * duplicates (after German folding) dropped. Filters compare folded names, so "Jugendliche"
 * and "jugendliche" are one group.
 */
import { foldGerman } from './text';
import type { Resource } from './types';

/** The attribute holding a resource's target groups as one text. */
export const TARGET_GROUPS_ATTRIBUTE = 'targetGroups';

const SEPARATORS = /[;,/|]+/;

/** The groups written in one cell, in their order, each once. */
export function parseTargetGroups(text: string | null | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  const groups: string[] = [];
  for (const part of text.split(SEPARATORS)) {
    const group = part.replace(/\s+/g, ' ').trim();
    const key = foldGerman(group);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    groups.push(group);
  }
  return groups;
}

/** The groups as they are written back into one cell. */
export function formatTargetGroups(groups: readonly string[]): string {
  return groups.join(', ');
}

/** A resource's target groups (none when the attribute is missing or not text). */
export function targetGroupsOf(resource: Pick<Resource, 'attributes'>): string[] {
  const value = resource.attributes[TARGET_GROUPS_ATTRIBUTE];
  return typeof value === 'string' ? parseTargetGroups(value) : [];
}

/** The key a group is compared by ("Jugendliche" and "jugendliche" share it). */
export function targetGroupKey(group: string): string {
  return foldGerman(group);
}

/** Whether a resource names the group (compared folded). */
export function hasTargetGroup(resource: Pick<Resource, 'attributes'>, key: string): boolean {
  return targetGroupsOf(resource).some((group) => targetGroupKey(group) === key);
}

export interface TargetGroupCount {
  key: string;
  /** The spelling used most often (ties: the first seen). */
  label: string;
  resources: number;
}

/** Every group the resources name, with how many name it: most frequent first, then by name. */
export function countTargetGroups(resources: readonly Pick<Resource, 'attributes'>[]): TargetGroupCount[] {
  const byKey = new Map<string, { resources: number; spellings: Map<string, number> }>();
  for (const resource of resources) {
    for (const group of targetGroupsOf(resource)) {
      const key = targetGroupKey(group);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { resources: 0, spellings: new Map() }));
      entry.resources++;
      entry.spellings.set(group, (entry.spellings.get(group) ?? 0) + 1);
    }
  }
  return [...byKey]
    .map(([key, entry]) => {
      let label = '';
      let best = 0;
      for (const [spelling, count] of entry.spellings) {
        if (count > best) {
          best = count;
          label = spelling;
        }
      }
      return { key, label, resources: entry.resources };
    })
    .sort((left, right) => right.resources - left.resources || left.label.localeCompare(right.label, 'de'));
}
