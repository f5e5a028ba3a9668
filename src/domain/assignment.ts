/**
 * Building social spaces from base units: which unit belongs to which space, and moving units
 * between spaces. Pure functions over records; geometry is dissolved elsewhere (geo/).
 */
import type { SocialSpace, Unit } from './types';

/** unit id → id of the space that contains it (first space wins if a unit is listed twice). */
export function assignmentOf(spaces: readonly SocialSpace[]): Map<string, string> {
  const assignment = new Map<string, string>();
  for (const space of spaces) {
    for (const unitId of space.unitIds) if (!assignment.has(unitId)) assignment.set(unitId, space.id);
  }
  return assignment;
}

/**
 * Move `unitIds` into the space `targetSpaceId` (or out of every space when null).
 * Returns copies of the spaces whose unit lists change, with their new `unitIds`;
 * spaces that do not change are not returned. Inputs are not mutated.
 */
export function reassignUnits(
  spaces: readonly SocialSpace[],
  unitIds: readonly string[],
  targetSpaceId: string | null,
): SocialSpace[] {
  const moving = new Set(unitIds);
  const changed: SocialSpace[] = [];
  for (const space of spaces) {
    const kept = space.unitIds.filter((id) => !moving.has(id));
    let next = kept;
    if (space.id === targetSpaceId) {
      const present = new Set(kept);
      next = [...kept, ...unitIds.filter((id) => !present.has(id))];
      // Keep insertion order stable but drop duplicates within unitIds.
      next = [...new Set(next)];
    }
    const same = next.length === space.unitIds.length && next.every((id, index) => id === space.unitIds[index]);
    if (!same) changed.push({ ...space, unitIds: next });
  }
  if (targetSpaceId !== null && !spaces.some((space) => space.id === targetSpaceId)) {
    throw new Error(`Unknown social space ${targetSpaceId}`);
  }
  return changed;
}

/** Units that belong to no space of the given spaces. */
export function unassignedUnits(units: readonly Unit[], spaces: readonly SocialSpace[]): Unit[] {
  const assignment = assignmentOf(spaces);
  return units.filter((unit) => !assignment.has(unit.id));
}

/** The next free code "SR nn" (two digits, or more when needed). */
export function nextSpaceCode(spaces: readonly SocialSpace[], prefix = 'SR'): string {
  let highest = 0;
  for (const space of spaces) {
    const match = space.code.match(/(\d+)\s*$/);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix} ${String(highest + 1).padStart(2, '0')}`;
}

/**
 * Put each unit of `assignments` (unit id → space id) into its space, taking it out of any
 * other. Returns copies of the spaces whose unit lists change. Inputs are not mutated.
 */
export function applyAssignments(spaces: readonly SocialSpace[], assignments: ReadonlyMap<string, string>): SocialSpace[] {
  const known = new Set(spaces.map((space) => space.id));
  for (const spaceId of assignments.values()) {
    if (!known.has(spaceId)) throw new Error(`Unknown social space ${spaceId}`);
  }
  const changed: SocialSpace[] = [];
  for (const space of spaces) {
    const kept = space.unitIds.filter((id) => !assignments.has(id) || assignments.get(id) === space.id);
    const present = new Set(kept);
    const added = [...assignments].filter(([unitId, spaceId]) => spaceId === space.id && !present.has(unitId)).map(([unitId]) => unitId);
    const next = [...kept, ...added];
    const same = next.length === space.unitIds.length && next.every((id, index) => id === space.unitIds[index]);
    if (!same) changed.push({ ...space, unitIds: next });
  }
  return changed;
}
