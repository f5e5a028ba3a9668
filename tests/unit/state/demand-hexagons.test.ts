import { latLngToCell } from 'h3-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DemandView } from '../../../src/state/demand.svelte';
import { demoSnapshot, openDemoProject } from './demo-project';
import type { ProjectState } from '../../../src/state/project.svelte';
import type { AtlasDatabase } from '../../../src/store/db';
import { helpSlots } from '../../../src/domain/demand';
import { HELP_TYPES } from '../../../src/domain/help-types';

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

/** The demo's located cases of a year and help group, counted per cell straight from h3. */
function expectedCells(year: number, group: Parameters<typeof helpSlots>[0], resolution: number): Map<string, number> {
  const members = new Set(helpSlots(group).map((slot) => HELP_TYPES[slot]?.id ?? null));
  const counts = new Map<string, number>();
  for (const record of demo.demand) {
    if (record.layerId !== 'layer-demand-cases' || record.year !== year || !record.geometry) continue;
    if (group !== 'all' && !members.has(record.helpType as never)) continue;
    const cell = latLngToCell(record.geometry.coordinates[1]!, record.geometry.coordinates[0]!, resolution);
    counts.set(cell, (counts.get(cell) ?? 0) + record.count);
  }
  return counts;
}

describe('demand hexagons on the demo project', () => {
  it('has no positions for the area-keyed table and none drawn while switched off', () => {
    view.sourceId = 'layer-demand-table';
    expect(view.positions).toBeNull();
    view.showHexagons = true;
    expect(view.hexagons).toBeNull();
    view.sourceId = 'layer-demand-cases';
    view.showHexagons = false;
    expect(view.positions).not.toBeNull();
    expect(view.hexagons).toBeNull();
  });

  it('counts the located cases of the chosen year and help group per cell, leaving out small cells', () => {
    view.sourceId = 'layer-demand-cases';
    view.showHexagons = true;
    // The demo district (about 900 km²) gets cells of about 900 m.
    expect(view.hexResolution).toBe(8);
    const threshold = project.project.settings.suppressionThreshold;
    for (const group of ['all', 'out-of-home'] as const) {
      view.group = group;
      const expected = expectedCells(view.year!, group, 8);
      const shown = new Map(view.hexagons!.collection.features.map((feature) => [feature.properties.cell, feature.properties.count]));
      expect(shown).toEqual(new Map([...expected].filter(([, count]) => count >= threshold)));
      expect(view.hexagons!.hiddenCells).toBe([...expected.values()].filter((count) => count > 0 && count < threshold).length);
      for (const feature of view.hexagons!.collection.features) expect(view.hexagons!.colours).toContain(feature.properties.color);
    }
    view.year = 2018;
    view.group = 'all';
    view.hexResolution = 7;
    const coarse = new Map(view.hexagons!.collection.features.map((feature) => [feature.properties.cell, feature.properties.count]));
    expect(coarse).toEqual(new Map([...expectedCells(2018, 'all', 7)].filter(([, count]) => count >= threshold)));
  });
});
