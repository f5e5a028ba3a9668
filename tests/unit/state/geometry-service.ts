import { dissolveGroups } from '../../../src/geo/coverage-dissolve';
import { validateCoverage } from '../../../src/geo/topology/validate';
import { fixGapByNeighbour, fixOverlapByCutting } from '../../../src/geo/topology/fix';
import { fitDrawnArea } from '../../../src/geo/drawn-area';
import { assignUnitsToPieces, splitArea } from '../../../src/geo/split';
import { mergeAreas } from '../../../src/geo/merge';
import type { GeometryService } from '../../../src/state/project.svelte';

/** The geometry service run in-process (the app runs the same functions in a worker). */
export const inProcessGeometry: GeometryService = {
  async dissolveGroups(units, groups) {
    return dissolveGroups(units, groups);
  },
  async validateCoverage(input) {
    return validateCoverage(input);
  },
  async fixProblem(problem, spaces) {
    if (problem.kind === 'gap') return fixGapByNeighbour(problem, spaces);
    if (problem.kind === 'overlap') return fixOverlapByCutting(problem, spaces, problem.spaceIds[0]!);
    return new Map();
  },
  async fitDrawnArea(drawn, others, outline) {
    return fitDrawnArea(drawn, others, outline);
  },
  async splitArea(area, line) {
    return splitArea(area, line);
  },
  async assignUnitsToPieces(pieces, units) {
    return assignUnitsToPieces(pieces, units);
  },
  async mergeAreas(areas) {
    return mergeAreas(areas);
  },
};
