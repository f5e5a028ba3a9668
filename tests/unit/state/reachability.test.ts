import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReachabilityView, parseBands } from '../../../src/state/reachability.svelte';
import { inProcessReachability } from '../../../src/state/app.svelte';
import { DemandView } from '../../../src/state/demand.svelte';
import type { ProjectState } from '../../../src/state/project.svelte';
import type { AtlasDatabase } from '../../../src/store/db';
import { populationInAgeRange } from '../../../src/domain/age-bands';
import { booleanPointInPolygon } from '@turf/turf';
import { openDemoProject } from './demo-project';
import { ResourceFinder } from '../../../src/state/resource-finder.svelte';
import { translate } from '../../../src/i18n';
import { greatCircleMeters } from '../../../src/geo/nearest';

let db: AtlasDatabase;
let project: ProjectState;
let demand: DemandView;
let view: ReachabilityView;

beforeEach(async () => {
  ({ db, project } = await openDemoProject());
  demand = new DemandView(project);
  view = new ReachabilityView(project, () => demand, inProcessReachability(db));
}, 60_000);
afterEach(async () => {
  await db.delete();
});

describe('reachability in the demo project', { timeout: 60_000 }, () => {
  it('routes on the demo’s road network', () => {
    expect(view.networkLayer?.graph.nodeCount).toBe(1659);
  });

  it('computes walking isochrones around all Kitas with the inhabitants reached per band', async () => {
    await view.computeIsochrones();
    const outcome = view.isochroneOutcome!;
    expect(outcome.approximate).toBe(false);
    expect(outcome.origins.length).toBe(view.categoryResources.length);
    expect(outcome.bands.map((band) => band.seconds)).toEqual([300, 600, 900]);
    // Larger bands reach more people, never more than live in the district.
    const people = project.units.reduce((sum, unit) => sum + Object.values(unit.population).reduce((a, b) => a + b, 0), 0);
    expect(outcome.bands[0]!.population!).toBeGreaterThan(0);
    expect(outcome.bands[0]!.population!).toBeLessThan(outcome.bands[2]!.population!);
    expect(outcome.bands[2]!.population!).toBeLessThanOrEqual(people + 1e-6);
    // Every Kita lies inside the 5-minute band.
    for (const kita of view.categoryResources) expect(booleanPointInPolygon(kita.geometry.coordinates, outcome.bands[0]!.geometry)).toBe(true);
    const geojson = JSON.parse(view.isochronesGeoJson()!);
    expect(geojson.features.map((feature: { properties: { value: number } }) => feature.properties.value)).toEqual([300, 600, 900]);
    expect(geojson.features[0].properties).toMatchObject({ group_index: 0, approximation: false });
    expect(geojson.features[0].properties.area).toBeGreaterThan(0);
  });

  it('gives the share of under-6s within 10 minutes of a Kita per space; totals are the spaces’ under-6 population', async () => {
    await view.computeCoverage();
    const table = view.coverageTable!;
    expect(table.rows).toHaveLength(project.spaces.length);
    for (const row of table.rows) {
      const space = project.spaces.find((candidate) => candidate.id === row.spaceId)!;
      const under6 = space.unitIds.reduce((sum, id) => sum + populationInAgeRange(project.unitsById.get(id)!.population, 0, 6), 0);
      expect(row.total).toBe(Math.round(under6));
      expect(row.share!).toBeGreaterThanOrEqual(0);
      expect(row.share!).toBeLessThanOrEqual(1);
    }
    const district = table.district;
    expect(district.share!).toBeGreaterThan(0.2);
    expect(district.share!).toBeLessThan(1);
    // A longer limit covers at least as much, without computing again.
    const before = district.share!;
    view.minutes = 20;
    expect(view.coverageTable!.district.share!).toBeGreaterThanOrEqual(before);
    expect(view.coverageStale).toBe(false);
    view.mode = 'bike';
    expect(view.coverageStale).toBe(true);
  });

  it('shows white spots and travel time per base unit from the same times', async () => {
    await view.computeCoverage();
    const spots = view.whiteSpots!;
    expect(spots.uncovered).toBeGreaterThan(0);
    expect(spots.collection.features.every((feature) => (feature.properties.count ?? 0) >= project.project.settings.suppressionThreshold)).toBe(true);
    const units = view.unitTimes!;
    expect(units.collection.features.length).toBeGreaterThan(50);
    expect(units.counts.reduce((a, b) => a + b, 0)).toBe(units.collection.features.length);
  });

  it('suggests two new Kita sites with positive, falling gains that add up to the coverage they reach', async () => {
    view.budget = 2;
    await view.suggestSites();
    const sites = view.sitesOutcome!;
    expect(sites.steps).toHaveLength(2);
    expect(sites.steps[0]!.gain).toBeGreaterThan(0);
    expect(sites.steps[0]!.gain).toBeGreaterThanOrEqual(sites.steps[1]!.gain);
    expect(sites.steps[1]!.coveredShare).toBeGreaterThan(sites.startShare);
    expect(sites.startShare).toBeCloseTo(view.coverageTable!.district.covered! / view.coverageTable!.district.total!, 2);
  });

  it('protects small numbers when the demand is cases', async () => {
    view.basis = 'cases';
    view.category = 'counselling';
    await view.computeCoverage();
    const table = view.coverageTable!;
    const threshold = project.project.settings.suppressionThreshold;
    for (const row of table.rows) {
      if (row.total !== null && row.covered !== null) {
        expect(row.covered === 0 || row.covered >= threshold).toBe(true);
        expect(row.total - row.covered === 0 || row.total - row.covered >= threshold).toBe(true);
      }
      if (row.suppressed) expect(row.share).toBeNull();
    }
  });

  it('keeps a resource as origin only while its category is looked at', () => {
    const kita = view.categoryResources[0]!;
    view.chooseResource(kita);
    view.setCategory('kita');
    expect(view.origin).toEqual({ kind: 'resource', resourceId: kita.id });
    view.setCategory('school');
    expect(view.origin).toEqual({ kind: 'category' });
  });

  it('refuses bands it cannot read and says when there is nothing to compute', async () => {
    expect(parseBands('5, 10, 15')).toEqual([5, 10, 15]);
    expect(parseBands('15;5 10')).toEqual([5, 10, 15]);
    expect(parseBands('fünf')).toBeNull();
    expect(parseBands('0, 10')).toBeNull();
    view.bandsText = 'x';
    await expect(view.computeIsochrones()).rejects.toThrow('reach.bandsInvalid');
    view.category = 'custom-none';
    view.bandsText = '10';
    await view.computeIsochrones();
    expect(view.notice?.key).toBe('reach.noResources');
  });
});

describe('walking times in "what is near"', { timeout: 60_000 }, () => {
  it('walks over the demo’s roads from a Kita to what is listed: never faster than the straight line', async () => {
    const service = inProcessReachability(db);
    const walking = (origin: { lon: number; lat: number }, resources: readonly { geometry: { coordinates: number[] } }[]) =>
      service
        .travelTimes(
          { graph: { projectId: project.id, layerId: project.roadGraphLayer!.id, set: project.roadGraphLayer!.graph.set }, settings: project.travelSettings, mode: 'walk', area: { lon: [origin.lon], lat: [origin.lat] } },
          origin,
          { lon: resources.map((resource) => resource.geometry.coordinates[0]!), lat: resources.map((resource) => resource.geometry.coordinates[1]!) },
        )
        .then((answer) => answer.seconds);
    const finder = new ResourceFinder(project, () => (key) => translate('de', key), () => 'x', null, walking);
    expect(finder.walkingAvailable).toBe(true);
    const kita = project.snapshot.resources.find((resource) => resource.category === 'kita')!;
    finder.nearbyOf(kita);
    expect(finder.walkingSeconds).toBeNull();
    await finder.requestWalkingTimes();
    const seconds = finder.walkingSeconds!;
    const listed = finder.nearbyResults.flatMap((group) => group.within.map((hit) => hit.resource));
    expect(listed.length).toBeGreaterThan(3);
    for (const resource of listed) {
      const straight = greatCircleMeters(kita.geometry.coordinates[0]!, kita.geometry.coordinates[1]!, resource.geometry.coordinates[0]!, resource.geometry.coordinates[1]!);
      expect(seconds.get(resource.id)!).toBeGreaterThanOrEqual((straight / (4.5 / 3.6)) * 0.99);
    }
    // Another origin: the old answer no longer counts.
    finder.pickPlace(kita.geometry.coordinates[0]! + 0.01, kita.geometry.coordinates[1]!);
    expect(finder.walkingSeconds).toBeNull();
  });
});

describe('running computations', { timeout: 60_000 }, () => {
  it('shows progress while it runs, and cancelling drops the result (the worker would be terminated)', async () => {
    const real = inProcessReachability(db);
    const { CancelledError } = await import('../../../src/workers/worker-pool');
    let inner: Promise<unknown> = Promise.resolve();
    let progressSeen = -1;
    let view: ReachabilityView;
    const slow: typeof real = {
      ...real,
      nearestTimes: (job, resources, demand, spaces, onProgress, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new CancelledError()));
          inner = real.nearestTimes(job, resources, demand, spaces, (fraction) => {
            onProgress?.(fraction);
            progressSeen = view.task?.progress ?? -1;
          });
        }),
    };
    view = new ReachabilityView(project, () => demand, slow);
    const running = view.computeCoverage();
    expect(view.task?.kind).toBe('coverage');
    await inner;
    // The job reported its progress to the view; it never answers until it is cancelled.
    expect(progressSeen).toBe(1);
    view.cancel();
    await running;
    expect(view.task).toBeNull();
    expect(view.coverageOutcome).toBeNull();
    expect(view.notice?.key).toBe('reach.cancelled');
  });
});
