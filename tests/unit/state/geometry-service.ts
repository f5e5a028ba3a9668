import { dissolvePolygons } from '../../../src/geo/dissolve';
import type { AreaGeometry } from '../../../src/domain/types';
import type { GeometryService } from '../../../src/state/project.svelte';

/** The geometry service run in-process (the app runs the same functions in a worker). */
export const inProcessGeometry: GeometryService = {
  async dissolveGroups(units, groups) {
    const byId = new Map(units.map((unit) => [unit.id, unit.geometry]));
    const result = new Map<string, AreaGeometry | null>();
    for (const [groupId, unitIds] of groups) {
      const geometries = unitIds.map((id) => byId.get(id)).filter((geometry): geometry is AreaGeometry => geometry !== undefined);
      result.set(groupId, geometries.length > 0 ? dissolvePolygons(geometries) : null);
    }
    return result;
  },
};
