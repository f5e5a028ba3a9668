import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { ActionError } from '../../../src/state/action-error';
import { editRequestFor, isReshapeable } from '../../../src/state/edit-request';
import { EMPTY_AREA } from '../../../src/domain/types';
import { validateCoverage } from '../../../src/geo/topology/validate';
import { square, testSnapshot } from '../helpers';
import { gridSnapshot } from './fixtures';
import { inProcessGeometry } from './geometry-service';

let db: AtlasDatabase;
let counter = 0;

async function open(snapshot: ReturnType<typeof testSnapshot>): Promise<ProjectState> {
  await installSnapshot(db, snapshot, 'p');
  return new ProjectState(db, (await loadSnapshot(db, 'p'))!, { geometry: inProcessGeometry, newId: () => `id${++counter}` });
}

/** Two drawn squares side by side (s1 west, s2 east) inside a 0.03° × 0.01° outline. */
function drawnSnapshot() {
  const snapshot = testSnapshot('p');
  snapshot.projects[0] = { ...snapshot.projects[0]!, outline: { type: 'Polygon', coordinates: [[[10, 51], [10.03, 51], [10.03, 51.01], [10, 51.01], [10, 51]]] } };
  return snapshot;
}

const km2 = (geometry: Parameters<typeof area>[0]) => area(geometry) / 1e6;

beforeEach(() => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('drawing a space', () => {
  it('trims the drawing to the gap between the spaces and the outline, as one undoable change', async () => {
    const project = await open(drawnSnapshot());
    // Drawn roughly: overlaps s2 and reaches beyond the outline.
    const drawn = { type: 'Polygon' as const, coordinates: [[[10.015, 50.995], [10.04, 50.995], [10.04, 51.015], [10.015, 51.015], [10.015, 50.995]]] };
    const { space, trimmed } = await project.drawSpace(drawn, { spaceId: null, name: 'Neu' });
    expect(trimmed).toBe(true);
    expect(space.code).toBe('SR 03');
    expect(km2(space.geometry)).toBeCloseTo(km2(square(10.02, 51, 0.01)), 4);
    const problems = validateCoverage({
      spaces: project.spaces.map((candidate) => ({ id: candidate.id, geometry: candidate.geometry })),
      outline: project.project.outline,
    });
    expect(problems.filter((problem) => problem.kind === 'gap' || problem.kind === 'overlap')).toEqual([]);
    expect(project.history.undo?.key).toBe('change.drawSpace');
    await project.undo();
    expect(project.spaces).toHaveLength(2);
  });

  it('fills an empty space instead of creating another one', async () => {
    const snapshot = drawnSnapshot();
    snapshot.spaces.push({ ...snapshot.spaces[0]!, id: 's3', code: 'SR 03', geometry: EMPTY_AREA });
    const project = await open(snapshot);
    const { space } = await project.drawSpace(square(10.02, 51, 0.01), { spaceId: 's3', name: 'ignored' });
    expect(space.id).toBe('s3');
    expect(project.spaces).toHaveLength(3);
  });

  it('refuses a drawing that lies inside existing spaces', async () => {
    const project = await open(drawnSnapshot());
    await expect(project.drawSpace(square(10.002, 51.002, 0.004), { spaceId: null, name: 'x' })).rejects.toBeInstanceOf(ActionError);
    expect(project.spaces).toHaveLength(2);
  });
});

describe('splitting and merging spaces', () => {
  it('splits a drawn space along a line into two spaces, the larger keeping its identity', async () => {
    const project = await open(drawnSnapshot());
    const created = await project.splitSpace('s1', [[10.003, 50.99], [10.003, 51.02]]);
    expect(created).toHaveLength(1);
    const original = project.spaces.find((space) => space.id === 's1')!;
    expect(km2(original.geometry)).toBeCloseTo(km2(square(10, 51, 0.01)) * 0.7, 3);
    expect(created[0]!.code).toBe('SR 03');
    expect(created[0]!.name).toBe('Raum SR 01 (2)');
    expect(project.history.undo?.key).toBe('change.splitSpace');
    await project.undo();
    expect(project.spaces).toHaveLength(2);
  });

  it('splits a space built from units between its units and dissolves the pieces', async () => {
    const project = await open(gridSnapshot());
    // A line between the western and the eastern column of the 2×2 grid, slightly off the border.
    const created = await project.splitSpace('s1', [[10.0104, 50.99], [10.0096, 51.03]]);
    const original = project.spaces.find((space) => space.id === 's1')!;
    const groups = [original.unitIds, created[0]!.unitIds].map((ids) => [...ids].sort().join(','));
    expect(groups.sort()).toEqual(['u0,u2', 'u1,u3']);
    // The pieces follow the unit borders, not the drawn line.
    expect(km2(original.geometry)).toBeCloseTo(km2(square(10, 51, 0.01)) + km2(square(10, 51.01, 0.01)), 4);
  });

  it('reports a line that does not cross the space', async () => {
    const project = await open(drawnSnapshot());
    await expect(project.splitSpace('s1', [[10.003, 50.99], [10.003, 51.005]])).rejects.toMatchObject({ key: 'split.noCrossing' });
  });

  it('merges spaces into the first, moving units, as one undoable change', async () => {
    const project = await open(drawnSnapshot());
    const merged = await project.mergeSpaces(['s2', 's1']);
    expect(merged.id).toBe('s2');
    expect(project.spaces).toHaveLength(1);
    expect(merged.geometry.type).toBe('Polygon');
    expect(km2(merged.geometry)).toBeCloseTo(km2(square(10, 51, 0.01)) * 2, 4);
    await project.undo();
    expect(project.spaces.map((space) => space.id)).toEqual(['s1', 's2']);
  });

  it('needs two spaces to merge', async () => {
    const project = await open(drawnSnapshot());
    await expect(project.mergeSpaces(['s1'])).rejects.toMatchObject({ key: 'merge.needTwo' });
  });
});

describe('reshaping', () => {
  it('stores the edited space and its neighbours as one change', async () => {
    const project = await open(drawnSnapshot());
    const moved = new Map([
      ['s1', square(10, 51, 0.012)],
      ['s2', square(10.012, 51, 0.008)],
    ]);
    await project.reshapeSpaces(moved);
    expect(project.history.undo?.key).toBe('change.reshapeSpace');
    expect(project.spaces[0]!.geometry).toEqual(square(10, 51, 0.012));
    await project.undo();
    expect(project.spaces[0]!.geometry).toEqual(square(10, 51, 0.01));
  });

  it('asks the editor to carry drawn neighbours along, and only to snap to unit-built spaces', () => {
    const snapshot = drawnSnapshot();
    snapshot.spaces.push({ ...snapshot.spaces[0]!, id: 's3', code: 'SR 03', geometry: square(10.02, 51, 0.01), unitIds: ['u9'] });
    const request = editRequestFor({ kind: 'reshape', spaceId: 's2' }, { spaces: snapshot.spaces, outline: snapshot.projects[0]!.outline });
    expect(request?.kind).toBe('reshape');
    if (request?.kind !== 'reshape') return;
    expect(request.neighbours.map((neighbour) => neighbour.id)).toEqual(['s1']);
    expect(request.fixed).toHaveLength(2); // s3 and the outline
    expect(isReshapeable(snapshot.spaces[2]!)).toBe(false);
    expect(editRequestFor({ kind: 'reshape', spaceId: 's3' }, { spaces: snapshot.spaces, outline: null })).toBeNull();
  });
});

describe('drawing over unassigned base units', () => {
  it('builds the space from the units the drawing covers exactly', async () => {
    const snapshot = gridSnapshot();
    snapshot.projects[0] = { ...snapshot.projects[0]!, outline: square(10, 51, 0.02) };
    const project = await open(snapshot);
    // u1 (the south-east block) leaves SR 01, which is dissolved from the other three.
    await project.assignUnits(['u1'], null);
    expect(project.unassignedUnitCount).toBe(1);
    // A rough drawing around u1, reaching into SR 01 and beyond the outline.
    const rough = { type: 'Polygon' as const, coordinates: [[[10.008, 50.99], [10.03, 50.99], [10.03, 51.012], [10.008, 51.012], [10.008, 50.99]]] };
    const { space } = await project.drawSpace(rough, { spaceId: null, name: 'Neu' });
    expect(space.unitIds).toEqual(['u1']);
    expect(project.unassignedUnitCount).toBe(0);
    expect(km2(space.geometry)).toBeCloseTo(km2(square(10.01, 51, 0.01)), 5);
  });
});
