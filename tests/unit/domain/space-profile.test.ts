import { describe, expect, it } from 'vitest';
import { ageBandSpan, ratePer1000, sortResourcesByCategory, spaceProfile } from '../../../src/domain/space-profile';
import type { AgeBandPopulation, Resource, ResourceCategory } from '../../../src/domain/types';
import { deepFreeze, testSpace } from '../helpers';

// 10,000 inhabitants: 400 under 6, 900 aged 6–15, 300 aged 15–18, 200 aged 18–21.
const population: AgeBandPopulation = { age0to6: 400, age6to15: 900, age15to18: 300, age18to21: 200, age21plus: 8200 };

function resource(id: string, category: ResourceCategory, name: string, capacity: number | null = null): Resource {
  return {
    id,
    projectId: 'p',
    layerId: 'l',
    category,
    name,
    address: '',
    ageFromYears: null,
    ageToYears: null,
    capacity,
    provider: '',
    geometry: { type: 'Point', coordinates: [10.005, 51.005] },
    attributes: {},
  };
}

const resources = () =>
  deepFreeze([
    resource('k1', 'kita', 'Kita Regenbogen', 60),
    resource('k2', 'kita', 'Kita Ahorn', 40),
    resource('s1', 'school', 'Grundschule Mitte', 600),
    resource('s2', 'school', 'Realschule'),
    resource('s3', 'school', 'Gymnasium'),
    resource('y1', 'youth-centre', 'Jugendtreff Nord'),
    resource('y2', 'youth-centre', 'Jugendzentrum Süd'),
    resource('p1', 'playground', 'Spielplatz Teich'),
    resource('o1', 'other', 'Bücherei'),
  ]);

const row = (profile: ReturnType<typeof spaceProfile>, id: ResourceCategory) => profile.categories.find((entry) => entry.category.id === id)!;

describe('ageBandSpan', () => {
  it('maps category ranges onto the population bands', () => {
    expect(ageBandSpan(0, 6)).toEqual({ bands: ['age0to6'], fromYears: 0, toYears: 6, exact: true });
    expect(ageBandSpan(6, 18)).toEqual({ bands: ['age6to15', 'age15to18'], fromYears: 6, toYears: 18, exact: true });
    expect(ageBandSpan(6, 21)).toEqual({ bands: ['age6to15', 'age15to18', 'age18to21'], fromYears: 6, toYears: 21, exact: true });
  });

  it('widens ranges to whole bands and cuts them at 21, never using the open adult band', () => {
    expect(ageBandSpan(0, 14)).toEqual({ bands: ['age0to6', 'age6to15'], fromYears: 0, toYears: 15, exact: false });
    expect(ageBandSpan(12, 27)).toEqual({ bands: ['age6to15', 'age15to18', 'age18to21'], fromYears: 6, toYears: 21, exact: false });
    expect(ageBandSpan(0, null)).toEqual({ bands: ['age0to6', 'age6to15', 'age15to18', 'age18to21'], fromYears: 0, toYears: 21, exact: false });
    expect(ageBandSpan(null, 6)).toEqual({ bands: ['age0to6'], fromYears: 0, toYears: 6, exact: true });
  });

  it('gives no span without bounds or from 21 on', () => {
    expect(ageBandSpan(null, null)).toBeNull();
    expect(ageBandSpan(21, 27)).toBeNull();
    expect(ageBandSpan(30, null)).toBeNull();
    expect(ageBandSpan(10, 10)).toBeNull();
  });
});

describe('ratePer1000', () => {
  it('is null, never Infinity or NaN, when the population is unknown or zero', () => {
    expect(ratePer1000(3, 600)).toBe(5);
    expect(ratePer1000(0, 600)).toBe(0);
    expect(ratePer1000(3, 0)).toBeNull();
    expect(ratePer1000(0, 0)).toBeNull();
    expect(ratePer1000(3, null)).toBeNull();
  });
});

describe('spaceProfile', () => {
  it('gives the population by age band with totals under 18 and under 21', () => {
    const profile = spaceProfile(testSpace('p', 's', 'SR 01'), deepFreeze({ ...population }), resources());
    expect(profile.population!.total).toBe(10_000);
    expect(profile.population!.under18).toBe(1600);
    expect(profile.population!.under21).toBe(1800);
    expect(profile.population!.bands.map((band) => [band.key, band.count, band.share])).toEqual([
      ['age0to6', 400, 0.04],
      ['age6to15', 900, 0.09],
      ['age15to18', 300, 0.03],
      ['age18to21', 200, 0.02],
      ['age21plus', 8200, 0.82],
    ]);
  });

  it('counts resources and places per category and relates them to the matching age', () => {
    const profile = spaceProfile(testSpace('p', 's', 'SR 01'), deepFreeze({ ...population }), resources());
    // Kita: 2 of 400 children under 6; 100 places.
    expect(row(profile, 'kita')).toMatchObject({ count: 2, capacity: 100, capacityKnownCount: 2, populationInSpan: 400, countPer1000: 5, capacityPer1000: 250 });
    // School: 3 of 1,200 aged 6–18; only one capacity known (600 places).
    expect(row(profile, 'school')).toMatchObject({ count: 3, capacity: 600, capacityKnownCount: 1, populationInSpan: 1200, countPer1000: 2.5, capacityPer1000: 500 });
    // Youth centre 12–27 uses 6–21: 2 of 1,400.
    expect(row(profile, 'youth-centre').populationInSpan).toBe(1400);
    expect(row(profile, 'youth-centre').countPer1000).toBeCloseTo(1.428571, 5);
    expect(row(profile, 'youth-centre').capacity).toBeNull();
    expect(row(profile, 'youth-centre').capacityPer1000).toBeNull();
    // Playground 0–14 uses 0–15: 1 of 1,300.
    expect(row(profile, 'playground').countPer1000).toBeCloseTo(0.769231, 5);
    // No counselling here: a rate of 0 of 1,800 under 21.
    expect(row(profile, 'counselling')).toMatchObject({ count: 0, capacity: null, populationInSpan: 1800, countPer1000: 0 });
    // "Other" has no age range, so no rate.
    expect(row(profile, 'other')).toMatchObject({ count: 1, ageSpan: null, populationInSpan: null, countPer1000: null });
    expect(profile.categories.map((entry) => entry.category.id)).toEqual([
      'kita',
      'school',
      'club',
      'youth-centre',
      'family-centre',
      'counselling',
      'provider',
      'playground',
      'health',
      'other',
    ]);
  });

  it('has no population and no rates when the population is unknown or zero', () => {
    for (const unknown of [null, { age0to6: 0, age6to15: 0, age15to18: 0, age18to21: 0, age21plus: 0 }]) {
      const profile = spaceProfile(testSpace('p', 's', 'SR 01'), unknown, resources());
      expect(profile.population).toBeNull();
      expect(row(profile, 'kita')).toMatchObject({ count: 2, capacity: 100, populationInSpan: null, countPer1000: null, capacityPer1000: null });
      for (const entry of profile.categories) {
        expect(entry.countPer1000).toBeNull();
        expect(entry.capacityPer1000).toBeNull();
      }
    }
  });

  it('lists the resources by category order, then by name', () => {
    const profile = spaceProfile(testSpace('p', 's', 'SR 01'), population, resources());
    expect(profile.resources.map((entry) => entry.id)).toEqual(['k2', 'k1', 's1', 's3', 's2', 'y1', 'y2', 'p1', 'o1']);
  });
});

describe('sortResourcesByCategory', () => {
  it('sorts names with German collation and leaves the input alone', () => {
    const input = deepFreeze([resource('b', 'club', 'Zeltlager'), resource('a', 'club', 'Ärztehaus-Sport'), resource('c', 'kita', 'Kita')]);
    expect(sortResourcesByCategory(input).map((entry) => entry.id)).toEqual(['c', 'a', 'b']);
    expect(input.map((entry) => entry.id)).toEqual(['b', 'a', 'c']);
  });
});
