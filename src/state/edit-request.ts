/**
 * What the map editor needs for an edit mode: the space, the neighbours that follow its
 * shared borders, and the areas to snap to.
 */
import { isEmptyArea, type AreaGeometry, type SocialSpace } from '../domain/types';
import { neighboursOf } from '../geo/topology/shared-edit';
import type { EditRequest } from '../map/space-editor';
import type { EditMode } from './app.svelte';

export interface EditContext {
  spaces: readonly SocialSpace[];
  outline: AreaGeometry | null;
}

/**
 * Only spaces drawn by hand follow a shared-border edit: the shape of a space built from base
 * units is the dissolve of its units and changes only when units move.
 */
export function isReshapeable(space: SocialSpace): boolean {
  return space.unitIds.length === 0 && !isEmptyArea(space.geometry);
}

/** The editor request for `mode`, or null when its space no longer exists or cannot be edited. */
export function editRequestFor(mode: EditMode, context: EditContext): EditRequest | null {
  const drawn = context.spaces.filter((space) => !isEmptyArea(space.geometry));
  const outline = context.outline ? [context.outline] : [];
  if (mode.kind === 'draw') return { kind: 'draw', snapTo: [...drawn.map((space) => space.geometry), ...outline] };
  const space = drawn.find((candidate) => candidate.id === mode.spaceId);
  if (!space) return null;
  if (mode.kind === 'split') return { kind: 'line', snapTo: [...drawn.map((candidate) => candidate.geometry), ...outline] };
  if (!isReshapeable(space)) return null;
  const others = drawn.filter((candidate) => candidate.id !== space.id);
  const neighbourIds = new Set(
    neighboursOf(
      space.geometry,
      others.filter(isReshapeable).map((candidate) => ({ id: candidate.id, geometry: candidate.geometry })),
    ),
  );
  return {
    kind: 'reshape',
    space: { id: space.id, geometry: space.geometry, color: space.color },
    neighbours: others
      .filter((candidate) => neighbourIds.has(candidate.id))
      .map((candidate) => ({ id: candidate.id, geometry: candidate.geometry, color: candidate.color })),
    fixed: [...others.filter((candidate) => !neighbourIds.has(candidate.id)).map((candidate) => candidate.geometry), ...outline],
  };
}
