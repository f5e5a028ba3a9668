/**
 * Indicators beyond help cases, on the demo project: resources (or their places) per
 * population, figures from an imported table as numerator and as denominator, the project's
 * own help groups, the stacked help settings, and the assignment of large layers handed to a
 * service (a worker in the app). Expected values are computed here from the records with
 * Turf, not with the app's aggregation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import { ASSIGN_IN_WORKER_FROM, DemandView, MIX_SETTINGS, RESOURCES_SOURCE, nearestYear } from '../../../src/state/demand.svelte';
import { openDemoProject } from './demo-project';
import type { ProjectState } from '../../../src/state/project.svelte';
import type { AtlasDatabase } from '../../../src/store/db';
import { columnDenominator, denominatorOf } from '../../../src/domain/demand';
import { createPointTable, numberColumn, textColumn } from '../../../src/domain/point-table';
import { assignPoints } from '../../../src/geo/assign-points';
import { seededRandom } from '../../bench/seeded';

let db: AtlasDatabase;
let project: ProjectState;
let view: DemandView;

beforeEach(async () => {
  ({ db, project } = await openDemoProject());
  view = new DemandView(project);
});
afterEach(async () => {
  await db.delete();
});

/** The space each resource of `category` lies in, counted (and its places summed) with Turf. */
function resourcesBySpace(category: string): Map<string, { count: number; places: number }> {
  const result = new Map(project.spaces.map((space) => [space.id, { count: 0, places: 0 }]));
  for (const resource of project.snapshot.resources) {
    if (resource.category !== category) continue;
    const space = project.spaces.find((candidate) => booleanPointInPolygon(resource.geometry, candidate.geometry));
    if (!space) continue;
    const entry = result.get(space.id)!;
    entry.count++;
    entry.places += resource.capacity ?? 0;
  }
  return result;
}

/** A table of figures per space code, as the CSV wizard stores one located by area key. */
async function importFigures(rows: { spaceCode: string; year: number | null; children: number; places: number }[]) {
  const byCode = new Map(project.spaces.map((space) => [space.code, space]));
  const table = createPointTable({
    lon: Float64Array.from(rows, () => 10),
    lat: Float64Array.from(rows, () => 51),
    columns: [
      textColumn('Gebiet', rows.map((row) => row.spaceCode)),
      textColumn('areaId', rows.map((row) => byCode.get(row.spaceCode)!.id)),
      ...(rows.some((row) => row.year !== null) ? [numberColumn('Jahr', rows.map((row) => row.year ?? Number.NaN))] : []),
      numberColumn('Kinder unter 6', rows.map((row) => row.children)),
      numberColumn('Plätze', rows.map((row) => row.places)),
    ],
  });
  const mapping: Record<string, string> = { areaKey: 'Gebiet', ...(rows.some((row) => row.year !== null) ? { year: 'Jahr' } : {}) };
  return project.importPointLayer({ kind: 'statistics', name: 'Einwohner', source: 'einwohner.csv', mapping }, table);
}

describe('resources as numerator', () => {
  it('counts the Kitas per space by position and gives them per 1,000 under 6, with no suppression', () => {
    const expected = resourcesBySpace('kita');
    view.sourceId = RESOURCES_SOURCE;
    view.category = 'kita';
    view.measure = 'rate';
    view.denominator = 'under6';
    expect(view.undated).toBe(true);
    expect(view.protects).toBe(false);
    const rows = view.table!.rows;
    for (const row of rows) {
      const population = denominatorOf(project.spacePopulation.get(row.spaceId)!, 'under6');
      expect(row.count).toBe(expected.get(row.spaceId)!.count);
      expect(row.value).toBeCloseTo((expected.get(row.spaceId)!.count / population) * 1000, 10);
    }
    // A space with one or two Kitas shows them: resources are no social data.
    expect(rows.some((row) => row.count !== null && row.count > 0 && row.count < project.project.settings.suppressionThreshold)).toBe(true);
    expect(rows.every((row) => !row.suppressed)).toBe(true);
    // Undated: no trend, no change.
    view.measure = 'change';
    expect(view.effectiveMeasure).toBe('count');
  });

  it('sums the places of the Kitas per 100 under 6 (a supply rate in %)', () => {
    const expected = resourcesBySpace('kita');
    view.sourceId = RESOURCES_SOURCE;
    view.category = 'kita';
    view.resourceMeasure = 'capacity';
    view.measure = 'rate';
    view.per = 100;
    view.denominator = 'under6';
    for (const row of view.table!.rows) {
      const population = denominatorOf(project.spacePopulation.get(row.spaceId)!, 'under6');
      expect(row.count).toBe(expected.get(row.spaceId)!.places);
      expect(row.value).toBeCloseTo((expected.get(row.spaceId)!.places / population) * 100, 10);
    }
  });
});

describe('a table of figures', () => {
  it('is a denominator: the column per space, the indicator year or the latest before it', async () => {
    const spaces = project.spaces;
    await importFigures(
      spaces.flatMap((space, index) => [
        { spaceCode: space.code, year: 2020, children: 100 + index, places: 50 },
        { spaceCode: space.code, year: 2024, children: 200 + index, places: 60 },
      ]),
    );
    const layer = project.snapshot.layers.find((candidate) => candidate.kind === 'statistics')!;
    const denominator = columnDenominator(layer.id, 'Kinder unter 6');
    expect(view.denominatorColumns.map((option) => option.value)).toEqual([denominator, columnDenominator(layer.id, 'Plätze')]);
    view.sourceId = 'layer-demand-table';
    view.measure = 'rate';
    view.denominator = denominator;
    view.year = 2025;
    // 2025 reads the figures of 2024, 2021 those of 2020, 2019 (before all) the first.
    expect(view.denominatorYear(2025)).toBe(2024);
    expect(view.denominatorYear(2021)).toBe(2020);
    expect(view.denominatorYear(2019)).toBe(2020);
    const result = view.result!;
    result.rows.forEach((row) => {
      const index = spaces.findIndex((space) => space.id === row.spaceId);
      expect(row.population).toBe(200 + index);
      expect(row.value).toBeCloseTo((row.count / (200 + index)) * 1000, 10);
    });
    view.year = 2021;
    expect(view.result!.rows[0]!.population).toBe(100 + spaces.findIndex((space) => space.id === view.result!.rows[0]!.spaceId));
  });

  it('is a numerator: a chosen number column summed per space, shown without suppression', async () => {
    await importFigures(project.spaces.map((space, index) => ({ spaceCode: space.code, year: null, children: 3 + index, places: 10 * index })));
    const source = view.sources.find((candidate) => candidate.kind === 'statistics')!;
    expect(source.columns).toEqual(['Kinder unter 6', 'Plätze']);
    view.sourceId = source.id;
    view.measure = 'count';
    expect(view.column).toBe('Kinder unter 6');
    view.column = 'Plätze';
    const rows = view.table!.rows;
    project.spaces.forEach((space, index) => expect(rows.find((row) => row.spaceId === space.id)!.count).toBe(10 * index));
    expect(view.table!.district.count).toBe(project.spaces.reduce((sum, _, index) => sum + 10 * index, 0));
  });

  it('is offered as the only base when the units have no population', async () => {
    await importFigures(project.spaces.map((space) => ({ spaceCode: space.code, year: null, children: 100, places: 0 })));
    // A project whose units know no population (cleared here) divides by the table's column.
    await project.transact({ label: { key: 'change.editSpace', params: { name: '' } }, put: { units: project.units.map((unit) => ({ ...unit, population: { age0to6: 0, age6to15: 0, age15to18: 0, age18to21: 0, age21plus: 0 } })) }, delete: {} });
    expect(view.hasUnitPopulation).toBe(false);
    view.sourceId = 'layer-demand-table';
    view.measure = 'rate';
    expect(view.denominator).toBe(view.denominatorColumns[0]!.value);
    expect(view.result!.rows[0]!.population).toBe(100);
  });
});

describe('the project’s own help groups', () => {
  it('counts the ticked help types together, undoably, and labels nothing when the group is gone', async () => {
    view.sourceId = 'layer-demand-table';
    view.measure = 'count';
    view.group = '33';
    const foster = view.result!.rows.map((row) => row.count);
    view.group = '34';
    const homes = view.result!.rows.map((row) => row.count);
    await project.saveHelpGroup({ id: 'g1', name: 'Heim und Pflegefamilie', helpTypes: ['33', '34'] });
    expect(view.customGroups.map((group) => group.name)).toEqual(['Heim und Pflegefamilie']);
    view.group = 'custom:g1';
    expect(view.result!.rows.map((row) => row.count)).toEqual(foster.map((count, index) => count + homes[index]!));
    expect(() => project.saveHelpGroup({ id: 'g2', name: ' ', helpTypes: ['28'] })).toThrow('helpGroups.nameMissing');
    expect(() => project.saveHelpGroup({ id: 'g2', name: 'Leer', helpTypes: [] })).toThrow('helpGroups.typesMissing');
    await project.undo();
    expect(view.customGroups).toEqual([]);
    expect(view.result!.district.count).toBe(0);
  });
});

describe('the share of a group in all help', () => {
  it('is the group’s count over all cases of the space in %, in the table and the trend alike', () => {
    view.sourceId = 'layer-demand-table';
    view.group = 'out-of-home';
    view.measure = 'count';
    const group = view.result!.rows.map((row) => row.count);
    view.group = 'all';
    const all = view.result!.rows.map((row) => row.count);
    view.group = 'out-of-home';
    view.measure = 'share';
    const table = view.table!;
    table.rows.forEach((row, index) => {
      if (!row.suppressed) expect(row.value).toBeCloseTo((group[index]! / all[index]!) * 100, 10);
    });
    expect(view.trend(null).at(-1)!.value).toBeCloseTo(table.district.value!, 10);
    // Resources have no help types: counted instead.
    view.sourceId = RESOURCES_SOURCE;
    expect(view.effectiveMeasure).toBe('count');
  });
});

describe('cases by help setting', () => {
  it('shows each setting per space exactly as the table of that group shows it', async () => {
    view.sourceId = 'layer-demand-table';
    view.measure = 'count';
    await project.setSuppressionThreshold(8);
    const mix = view.helpMix;
    expect(mix).toHaveLength(project.spaces.length);
    let hidden = 0;
    for (const [index, setting] of MIX_SETTINGS.entries()) {
      if (setting === 'unknown') continue;
      view.group = setting;
      const table = view.table!;
      for (const row of table.rows) {
        const cell = mix.find((entry) => entry.spaceId === row.spaceId)!;
        expect(cell.counts[index]).toBe(row.count);
        if (row.count === null) hidden++;
      }
    }
    expect(hidden).toBeGreaterThan(0);
  });
});

describe('large located layers', () => {
  it('are assigned by the service, the view saying so until the answer is there', async () => {
    const random = seededRandom(7);
    const bbox = project.bbox!;
    const length = ASSIGN_IN_WORKER_FROM + 1000;
    const lon = Float64Array.from({ length }, () => bbox[0] + random() * (bbox[2] - bbox[0]));
    const lat = Float64Array.from({ length }, () => bbox[1] + random() * (bbox[3] - bbox[1]));
    const table = createPointTable({ lon, lat, columns: [numberColumn('Jahr', Float64Array.from({ length }, () => 2025))] });
    let calls = 0;
    const served = new DemandView(project, {
      async assignPoints(lonIn, latIn, areas) {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return assignPoints(lonIn, latIn, areas);
      },
    });
    const layer = await project.importPointLayer({ kind: 'demand', name: 'Fälle', source: 'faelle.csv', mapping: { year: 'Jahr' } }, table);
    served.sourceId = layer.id;
    served.measure = 'count';
    expect(served.assigning).toBe(true);
    // Until then nothing is counted in a space (the entries are outside all).
    expect(served.result!.district.count).toBe(0);
    await expect.poll(() => served.assigning).toBe(false);
    const expected = assignPoints(lon, lat, project.spaces.map((space) => ({ id: space.id, geometry: space.geometry })));
    const inside = expected.filter((space) => space >= 0).length;
    expect(served.result!.district.count).toBe(inside);
    expect(calls).toBe(1);
  });
});

describe('nearestYear', () => {
  it('takes the year itself, else the latest before, else the first', () => {
    expect(nearestYear([2018, 2020, 2024], 2020)).toBe(2020);
    expect(nearestYear([2018, 2020, 2024], 2023)).toBe(2020);
    expect(nearestYear([2018, 2020, 2024], 2010)).toBe(2018);
    expect(nearestYear([], 2020)).toBeNull();
  });
});
