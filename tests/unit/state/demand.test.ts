import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DemandView } from '../../../src/state/demand.svelte';
import { demoSnapshot, openDemoProject } from './demo-project';
import type { ProjectState } from '../../../src/state/project.svelte';
import type { AtlasDatabase } from '../../../src/store/db';

const demo = demoSnapshot;

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

describe('the demand view on the demo project', () => {
  it('offers both demand layers and joins the table by space code, as the CSV says', () => {
    expect(view.sources.filter((source) => source.kind === 'demand').map((source) => source.id).sort()).toEqual(['layer-demand-cases', 'layer-demand-table']);
    // The project's resources can be counted too.
    expect(view.sources.map((source) => source.kind)).toEqual(['demand', 'demand', 'resources']);
    view.sourceId = 'layer-demand-table';
    view.measure = 'count';
    expect(view.cube.years).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    // Expected from the records themselves: sum of SR 01's rows in 2025.
    const expected = demo.demand.filter((record) => record.layerId === 'layer-demand-table' && record.areaKey === 'SR 01' && record.year === 2025).reduce((sum, record) => sum + record.count, 0);
    const sr01 = project.spaces.find((space) => space.code === 'SR 01')!;
    expect(view.result!.rows.find((row) => row.spaceId === sr01.id)!.count).toBe(expected);
    expect(view.outsideCount).toBe(0);
  });

  it('assigns located cases to spaces by position and re-aggregates when a unit changes space', async () => {
    view.sourceId = 'layer-demand-cases';
    view.measure = 'count';
    const year = view.year!;
    const cases = demo.demand.filter((record) => record.layerId === 'layer-demand-cases' && record.year === year).reduce((sum, record) => sum + record.count, 0);
    const total = view.result!.rows.reduce((sum, row) => sum + row.count, 0);
    expect(total + view.outsideCount).toBe(cases);
    expect(view.outsideCount).toBe(0);
    // Move the unit with the most cases to a neighbouring space: the counts follow.
    const before = new Map(view.result!.rows.map((row) => [row.spaceId, row.count]));
    const from = project.spaces[0]!;
    const to = project.spaces[1]!;
    const unitIds = from.unitIds.slice(0, Math.ceil(from.unitIds.length / 2));
    await project.assignUnits(unitIds, to.id);
    const after = new Map(view.result!.rows.map((row) => [row.spaceId, row.count]));
    expect(after.get(from.id)! + after.get(to.id)!).toBe(before.get(from.id)! + before.get(to.id)!);
    expect(after.get(from.id)).toBeLessThan(before.get(from.id)!);
  });

  it('gives rates per 1,000 under 21 with the district value as the sum over spaces', () => {
    view.sourceId = 'layer-demand-table';
    view.measure = 'rate';
    const result = view.result!;
    for (const row of result.rows) expect(row.value).toBeCloseTo((row.count / row.population) * 1000, 10);
    expect(result.district.count).toBe(result.rows.reduce((sum, row) => sum + row.count, 0));
    const trend = view.trend(null);
    expect(trend.map((point) => point.year)).toEqual(view.cube.years);
    expect(trend.at(-1)!.count).toBe(result.district.count);
    for (const row of result.rows) expect(view.trend(row.spaceId).at(-1)!.count).toBe(row.count);
  });
});

describe('demand figures of the space profile', () => {
  it('gives all help and out-of-home placements of the newest year per 1,000 under 21, small counts suppressed', async () => {
    view.sourceId = 'layer-demand-table';
    const space = project.spaces[0]!;
    const figures = view.profileFigures(space.id);
    expect(figures.map((figure) => figure.group)).toEqual(['all', 'out-of-home']);
    expect(figures[0]!.year).toBe(2025);
    const population = project.spacePopulation.get(space.id)!;
    const under21 = population.age0to6 + population.age6to15 + population.age15to18 + population.age18to21;
    const count = figures[0]!.count.value!;
    expect(figures[0]!.rate).toBeCloseTo((count / under21) * 1000, 10);
    // With a threshold above the space's count, neither count nor rate is shown.
    await project.setSuppressionThreshold(Math.min(20, Math.max(2, figures[1]!.count.value! + 1)));
    const hidden = view.profileFigures(space.id)[1]!;
    expect(hidden.count.value).toBeNull();
    expect(hidden.rate).toBeNull();
  });
});

describe('saved indicators', () => {
  it('saves the settings under a name, undoably, and brings them back; the newest year stays "newest"', async () => {
    view.sourceId = 'layer-demand-table';
    view.group = 'out-of-home';
    view.measure = 'change-percent';
    view.baseYear = 2020;
    view.classMethod = 'manual';
    view.manualBreaks = [-10, 0, 10];
    const saved = view.toSaved('i1', 'Fremdunterbringung seit 2020');
    expect(saved).toMatchObject({ sourceId: 'layer-demand-table', group: 'out-of-home', measure: 'change-percent', year: null, baseYear: 2020, manualBreaks: [-10, 0, 10] });
    await project.saveIndicator(saved);
    expect(view.savedIndicators.map((indicator) => indicator.name)).toEqual(['Fremdunterbringung seit 2020']);

    view.group = 'all';
    view.measure = 'count';
    view.classMethod = 'quantile';
    view.apply(view.savedIndicators[0]!);
    expect([view.group, view.measure, view.baseYear, view.year, view.classMethod]).toEqual(['out-of-home', 'change-percent', 2020, 2025, 'manual']);
    expect(view.manualBreaks).toEqual([-10, 0, 10]);

    await project.undo();
    expect(view.savedIndicators).toEqual([]);
  });
});

describe('the trend', () => {
  it('never shows a year whose count the table of that year hides, secondary suppressions included', async () => {
    view.sourceId = 'layer-demand-table';
    view.measure = 'count';
    view.group = 'stationaer';
    await project.setSuppressionThreshold(8);
    let secondary = 0;
    for (const year of view.cube.years) {
      view.year = year;
      const table = view.table!;
      secondary += table.rows.filter((row) => row.reason === 'secondary').length;
      for (const row of table.rows) {
        const point = view.trend(row.spaceId).find((entry) => entry.year === year)!;
        expect(point.suppressed).toBe(row.suppressed);
      }
    }
    // The data hold secondary suppressions, so the check above covers them.
    expect(secondary).toBeGreaterThan(0);
    // Outside a component every read recomputes the derived values (in the app they are
    // cached), so the 8 × 8 trends of this walk take a few seconds.
  }, 30_000);
});
