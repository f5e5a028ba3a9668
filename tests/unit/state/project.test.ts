import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { isEmptyArea } from '../../../src/domain/types';
import { square } from '../helpers';
import { gridSnapshot } from './fixtures';
import { inProcessGeometry } from './geometry-service';

let db: AtlasDatabase;
let project: ProjectState;
let counter = 0;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, gridSnapshot(), 'p');
  project = new ProjectState(db, (await loadSnapshot(db, 'p'))!, {
    geometry: inProcessGeometry,
    newId: () => `id${++counter}`,
  });
});

afterEach(async () => {
  await db.delete();
});

const squareKilometers = (geometry: Parameters<typeof area>[0]) => area(geometry) / 1e6;

describe('building spaces from units', () => {
  it('moves units and re-dissolves both spaces in one undoable change', async () => {
    const before = squareKilometers(project.spaces[0]!.geometry);
    await project.assignUnits(['u1', 'u3'], 's2');
    const [first, second] = project.spaces;
    expect(first!.unitIds).toEqual(['u0', 'u2']);
    expect(second!.unitIds).toEqual(['u1', 'u3']);
    expect(squareKilometers(first!.geometry)).toBeCloseTo(before / 2, 3);
    expect(squareKilometers(second!.geometry)).toBeCloseTo(before / 2, 3);
    expect(project.spacePopulation.get('s2')!.age0to6).toBe(20);
    expect(project.history.undo?.key).toBe('change.assignUnits');

    await project.undo();
    expect(project.spaces[1]!.unitIds).toEqual([]);
    expect(squareKilometers(project.spaces[0]!.geometry)).toBeCloseTo(before, 3);
    // The store agrees with memory.
    expect((await loadSnapshot(db, 'p'))!.spaces.find((space) => space.id === 's2')!.unitIds).toEqual([]);
  });

  it('counts unassigned units and empties a space whose last unit leaves', async () => {
    await project.assignUnits(['u0', 'u1', 'u2', 'u3'], null);
    expect(project.unassignedUnitCount).toBe(4);
    expect(isEmptyArea(project.spaces[0]!.geometry)).toBe(true);
  });

  it('creates and deletes spaces with the next code and a free colour', async () => {
    const space = await project.createSpace('Neu');
    expect(space.code).toBe('SR 03');
    expect(project.spaces.map((candidate) => candidate.code)).toEqual(['SR 01', 'SR 02', 'SR 03']);
    expect(isEmptyArea(space.geometry)).toBe(true);
    await project.deleteSpace(space);
    expect(project.spaces).toHaveLength(2);
  });

  it('serialises rapid assignments so none is lost', async () => {
    await Promise.all([project.assignUnits(['u0'], 's2'), project.assignUnits(['u1'], 's2'), project.assignUnits(['u2'], 's2')]);
    expect(project.spaces[1]!.unitIds).toEqual(['u0', 'u1', 'u2']);
    expect(project.spaces[0]!.unitIds).toEqual(['u3']);
  });
});

describe('variants', () => {
  it('duplicates the active variant with independent spaces and switches to it', async () => {
    await project.duplicateVariant('Vorschlag B');
    expect(project.activeVariant!.name).toBe('Vorschlag B');
    expect(project.spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
    await project.assignUnits(['u0'], project.spaces[1]!.id);
    await project.setActiveVariant('v1');
    expect(project.spaces[0]!.unitIds).toEqual(['u0', 'u1', 'u2', 'u3']);
  });

  it('renames and deletes variants but keeps the last one', async () => {
    await project.duplicateVariant('B');
    await project.renameVariant(project.activeVariant!, 'Vorschlag B');
    expect(project.variants.map((variant) => variant.name).sort()).toEqual(['Ist', 'Vorschlag B']);
    await project.deleteVariant(project.activeVariant!);
    expect(project.activeVariant!.id).toBe('v1');
    expect(project.snapshot.spaces).toHaveLength(2);
    await expect(project.deleteVariant(project.activeVariant!)).rejects.toThrow('last variant');
  });
});

describe('importing base units', () => {
  it('adds a units layer and, without an outline, makes their dissolve the outline', async () => {
    const count = await project.importUnits({ name: 'bloecke.geojson', source: 'bloecke.geojson', importedAt: 5, mapping: { key: 'AGS' } }, (layerId) => [
      { id: 'n1', projectId: 'p', layerId, key: 'A', name: 'A', geometry: square(11, 51, 0.01), population: project.units[0]!.population },
      { id: 'n2', projectId: 'p', layerId, key: 'B', name: 'B', geometry: square(11.01, 51, 0.01), population: project.units[0]!.population },
    ]);
    expect(count).toBe(2);
    expect(project.unitLayers.map((layer) => layer.name)).toEqual(['bloecke.geojson']);
    expect(project.units).toHaveLength(6);
    expect(project.unassignedUnitCount).toBe(2);
    expect(squareKilometers(project.project.outline!)).toBeCloseTo(squareKilometers(square(11, 51, 0.01)) * 2, 3);
    await project.undo();
    expect(project.units).toHaveLength(4);
    expect(project.project.outline).toBeNull();
  });
});

describe('topology check', () => {
  it('finds the gap a removed unit leaves and fixes it by giving the unit back to a neighbour', async () => {
    await project.transact({ label: { key: 'x' }, put: { projects: [{ ...project.project, outline: square(10, 51, 0.02) }] }, delete: {} });
    expect(await project.validate()).toEqual([]);
    await project.assignUnits(['u3'], null);
    const problems = await project.validate();
    expect(problems.map((problem) => problem.kind)).toEqual(['gap']);
    expect(problems[0]!.spaceIds).toEqual(['s1']);
    await project.fixProblem(problems[0]!);
    expect(project.spaces[0]!.unitIds).toContain('u3');
    expect(await project.validate()).toEqual([]);
    expect(project.history.undo?.key).toBe('change.fixGap');
  });
});
