import type { AreaGeometry } from '../../../src/domain/types';
import type { IdentifiedArea } from '../../../src/geo/coverage-dissolve';
import { deepFreeze } from '../helpers';
import { readInput } from './golden';

/** Spaces (features with an `id`) and the outline (the feature with `role: "outline"`) of a fixture. */
export function readSpacesFixture(name: string): { spaces: IdentifiedArea[]; outline: AreaGeometry | null } {
  const collection = readInput(name);
  const outline = collection.features.find((entry) => entry.properties?.role === 'outline');
  const spaces = collection.features
    .filter((entry) => entry.properties?.role !== 'outline')
    .map((entry) => ({ id: String(entry.properties!.id), geometry: entry.geometry as AreaGeometry }));
  return deepFreeze({ spaces, outline: (outline?.geometry as AreaGeometry | undefined) ?? null });
}
