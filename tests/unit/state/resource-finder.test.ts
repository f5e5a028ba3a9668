import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResourceFinder, draftProblems, parseTypedNumber, servesAge } from '../../../src/state/resource-finder.svelte';
import { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { translate, type MessageKey } from '../../../src/i18n';
import { createSearchIndex, type SearchIndex } from '../../../src/domain/search';
import type { SearchService } from '../../../src/state/resource-finder.svelte';
import type { Resource } from '../../../src/domain/types';
import { testSnapshot } from '../helpers';
import { categoryLabelIn } from '../../../src/state/category-labels';
import { categoryDefinition } from '../../../src/domain/categories';
import { inProcessGeometry } from './geometry-service';

const t = (key: MessageKey, params?: Record<string, string | number>) => translate('de', key, params);

function resource(id: string, name: string, category: Resource['category'], lon: number, extra: Partial<Resource> = {}): Resource {
  return {
    id,
    projectId: 'p',
    layerId: 'L',
    category,
    name,
    address: '',
    ageFromYears: null,
    ageToYears: null,
    capacity: null,
    provider: '',
    geometry: { type: 'Point', coordinates: [lon, 51.005] },
    attributes: {},
    ...extra,
  };
}

let db: AtlasDatabase;
let finder: ResourceFinder;
let project: ProjectState;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  const snapshot = testSnapshot('p');
  // Spaces SR 01 (10.00–10.01) and SR 02 (10.01–10.02).
  snapshot.layers = [{ id: 'L', projectId: 'p', kind: 'resources', name: 'Einrichtungen', source: 'liste.csv', importedAt: 0, mapping: {} }];
  snapshot.resources = [
    resource('a', 'Kindergarten Regenbogen', 'kita', 10.002, { provider: 'AWO', address: 'Mühlenstraße 3' }),
    resource('b', 'Jugendzentrum Süd', 'youth-centre', 10.015, { provider: 'Stadt', ageFromYears: 12, ageToYears: 27, attributes: { targetGroups: 'Jugendliche, junge Erwachsene' } }),
    resource('c', 'TSV 1862 e.V.', 'club', 10.016, { provider: 'TSV', attributes: { targetGroups: 'Kinder; jugendliche' } }),
    resource('d', '<img src=x onerror=alert(1)>', 'other', 10.004, { attributes: { Hinweis: '<b>fett</b>' } }),
    resource('e', 'Kita Löwenzahn', 'kita', 10.3),
  ];
  await installSnapshot(db, snapshot, 'p');
  let counter = 0;
  project = new ProjectState(db, (await loadSnapshot(db, 'p'))!, { geometry: inProcessGeometry, newId: () => `id${++counter}` });
  let resourceCounter = 0;
  finder = new ResourceFinder(project, () => t, () => `new${++resourceCounter}`);
});
afterEach(async () => {
  await db.delete();
});

describe('the resource finder', () => {
  it('lists everything by category and name without filters', () => {
    expect(finder.filtering).toBe(false);
    expect(finder.results.map((resource) => resource.id)).toEqual(['a', 'e', 'c', 'b', 'd']);
  });

  it('forgives typos and umlauts in the search, and finds category words', () => {
    finder.text = 'Kindergarden';
    expect(finder.results.map((resource) => resource.id)).toContain('a');
    finder.text = 'Jugendzentrum Sud';
    expect(finder.results.map((resource) => resource.id)).toEqual(['b']);
    finder.text = 'Muehlenstr';
    expect(finder.results.map((resource) => resource.id)).toEqual(['a']);
    // "Kita" is the category's name: both Kitas, though one is called Kindergarten.
    finder.text = 'Kita';
    expect(finder.results.map((resource) => resource.id).sort()).toEqual(['a', 'e']);
  });

  it('filters by category, space, provider and a child’s age, and counts per category under the other filters', () => {
    finder.spaceId = 's2';
    expect(finder.results.map((resource) => resource.id).sort()).toEqual(['b', 'c']);
    expect(finder.spaceLabel(finder.results[0]!)).toBe('SR 02 Raum SR 02');
    expect([...finder.categoryCounts]).toEqual(expect.arrayContaining([['youth-centre', 1], ['club', 1]]));
    finder.toggleCategory('club');
    expect(finder.results.map((resource) => resource.id)).toEqual(['c']);
    finder.reset();
    finder.provider = 'AWO';
    expect(finder.results.map((resource) => resource.id)).toEqual(['a']);
    finder.reset();
    finder.age = 15;
    // The Kitas serve 0–5 (their category), the youth centre 12–26, the club 6–20.
    expect(finder.results.map((resource) => resource.id).sort()).toEqual(['b', 'c', 'd']);
    expect(servesAge(resource('x', '', 'kita', 0), 5)).toBe(true);
    expect(servesAge(resource('x', '', 'kita', 0), 6)).toBe(false);
  });

  it('filters by a target group named in any spelling, and offers the groups with their counts', () => {
    expect(finder.targetGroups).toEqual([
      { key: 'jugendliche', label: 'Jugendliche', resources: 2 },
      { key: 'junge erwachsene', label: 'junge Erwachsene', resources: 1 },
      { key: 'kinder', label: 'Kinder', resources: 1 },
    ]);
    finder.targetGroup = 'jugendliche';
    expect(finder.filtering).toBe(true);
    expect(finder.results.map((resource) => resource.id).sort()).toEqual(['b', 'c']);
    finder.targetGroup = 'kinder';
    expect(finder.results.map((resource) => resource.id)).toEqual(['c']);
    const csv = finder.csv().content.trim().split('\r\n');
    expect(csv[0]).toContain(';Zielgruppen;');
    expect(csv[1]).toContain(';Kinder, jugendliche;');
    finder.reset();
    expect(finder.targetGroup).toBeNull();
  });

  it('keeps the target groups typed in the form, one each, on the saved resource', async () => {
    finder.startNew([10.005, 51.005]);
    finder.draft!.name = 'Elterncafé';
    finder.draft!.targetGroups = 'Eltern, Familien; eltern';
    const stored = await finder.saveDraft();
    expect(stored!.attributes['targetGroups']).toBe('Eltern, Familien');
    finder.startEdit(stored!);
    expect(finder.draft!.targetGroups).toBe('Eltern, Familien');
    expect(finder.draft!.attributes).not.toHaveProperty('targetGroups');
  });

  it('exports the filtered list for German Excel and as GeoJSON, markup as plain text', () => {
    finder.toggleCategory('kita');
    finder.toggleCategory('other');
    const csv = finder.csv();
    expect(csv.fileName).toBe('ressourcen.csv');
    expect(csv.content.startsWith('\ufeffName;Kategorie;Adresse;Plätze;Träger;')).toBe(true);
    const lines = csv.content.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('Kindergarten Regenbogen;Kita / Kindertagespflege;Mühlenstraße 3;;AWO;;;;;SR 01 Raum SR 01;Einrichtungen;10,002;51,005');
    expect(lines[3]).toContain('<img src=x onerror=alert(1)>;');
    const geojson = JSON.parse(finder.geoJson().content) as { features: { properties: Record<string, unknown> }[] };
    expect(geojson.features.map((feature) => feature.properties['id'])).toEqual(['a', 'e', 'd']);
    expect(geojson.features[2]!.properties['Hinweis']).toBe('<b>fett</b>');
  });

  it('finds what is near a resource or a picked place, per category, within the radius or the nearest beyond', () => {
    finder.nearbyOf(finder.resources.find((resource) => resource.id === 'a')!);
    finder.radiusMeters = 1000;
    const summary = () =>
      finder.nearbyResults.map((group) => [group.category, group.within.map((hit) => hit.resource.id), group.beyond?.resource.id ?? null]);
    // The Kita itself is the origin: the other Kita is 21 km away, beyond the radius.
    expect(summary()).toEqual([
      ['kita', [], 'e'],
      ['club', ['c'], null],
      ['youth-centre', ['b'], null],
      ['other', ['d'], null],
    ]);
    const youth = finder.nearbyResults.find((group) => group.category === 'youth-centre')!.within[0]!;
    // 0.013° of longitude at 51° N: about 910 m.
    expect(youth.distanceMeters).toBeGreaterThan(890);
    expect(youth.distanceMeters).toBeLessThan(930);
    finder.radiusMeters = 500;
    expect(summary().find(([category]) => category === 'youth-centre')).toEqual(['youth-centre', [], 'b']);
    finder.picking = true;
    finder.pickPlace(10.3, 51.005);
    expect(finder.picking).toBe(false);
    expect(summary()[0]).toEqual(['kita', ['e'], null]);
  });

  it('draws the circle searched and the resources found within it, and follows the radius', () => {
    expect(finder.nearbyArea).toBeNull();
    finder.nearbyOf(finder.resources.find((resource) => resource.id === 'a')!);
    finder.radiusMeters = 1000;
    const area = finder.nearbyArea!;
    expect(area.circle.type).toBe('Polygon');
    expect(area.circle.coordinates[0]).toHaveLength(65);
    // 1 km north and south of 51.005° N: ±0.009° of latitude.
    expect(area.bbox[1]).toBeCloseTo(51.005 - 0.009, 3);
    expect(area.bbox[3]).toBeCloseTo(51.005 + 0.009, 3);
    expect(finder.nearbyWithin.map((resource) => resource.id).sort()).toEqual(['b', 'c', 'd']);
    finder.radiusMeters = 500;
    expect(finder.nearbyArea!.bbox[3]).toBeCloseTo(51.005 + 0.0045, 3);
    expect(finder.nearbyWithin.map((resource) => resource.id)).toEqual(['d']);
    finder.clearNearby();
    expect(finder.nearbyArea).toBeNull();
    expect(finder.nearbyWithin).toEqual([]);
  });

  it('looks around an address picked from the suggestions of the project’s addresses', async () => {
    expect(finder.hasAddresses).toBe(false);
    finder.addressText = 'Mühl';
    expect(finder.addressSuggestions).toEqual([]);
    const addressPoint = (id: string, street: string, housenumber: string, lon: number) => ({
      id,
      projectId: 'p',
      layerId: 'A',
      geometry: { type: 'Point' as const, coordinates: [lon, 51.006] },
      properties: { class: 'address' as const, street, housenumber, postcode: '36990', city: 'Auenstadt' },
    });
    await db.features.bulkPut([addressPoint('x1', 'Mühlenstraße', '3', 10.0021), addressPoint('x2', 'Mühlenstraße', '12', 10.0031), addressPoint('x3', 'Lindenweg', '1', 10.3)]);
    project = new ProjectState(db, (await loadSnapshot(db, 'p'))!, { geometry: inProcessGeometry, newId: () => 'id' });
    finder = new ResourceFinder(project, () => t, () => 'new');
    expect(finder.hasAddresses).toBe(true);
    finder.addressText = 'Muehlenstr. 1';
    expect(finder.addressSuggestions.map((suggestion) => suggestion.label)).toEqual(['Mühlenstraße 12']);
    finder.picking = true;
    finder.pickAddress(finder.addressSuggestions[0]!);
    expect(finder.picking).toBe(false);
    expect(finder.nearby).toEqual({ lon: 10.0031, lat: 51.006, resourceId: null, address: 'Mühlenstraße 12, 36990 Auenstadt' });
    expect(finder.addressText).toBe('Mühlenstraße 12');
    expect(finder.nearbyResults.find((group) => group.category === 'kita')!.within.map((hit) => hit.resource.id)).toEqual(['a']);
    // Picking a place on the map instead empties the address field.
    finder.pickPlace(10.3, 51.005);
    expect(finder.addressText).toBe('');
  });

  it('reads numbers as typed and says what keeps a draft from being saved', () => {
    expect([parseTypedNumber(''), parseTypedNumber('45'), parseTypedNumber('1.020'), parseTypedNumber('12,5'), parseTypedNumber('zwölf')]).toEqual([null, 45, 1020, 12.5, Number.NaN]);
    finder.startNew();
    expect(finder.placingDraft).toBe(true);
    expect(draftProblems(finder.draft!)).toEqual(['name', 'position']);
    finder.draft!.name = 'Familienzentrum Lindenhof';
    finder.draft!.ageFrom = '12';
    finder.draft!.ageTo = '6';
    finder.draft!.capacity = 'viele';
    finder.placeDraft(10.005, 51.004);
    expect(finder.placingDraft).toBe(false);
    expect(draftProblems(finder.draft!)).toEqual(['capacity', 'ageOrder']);
  });

  it('adds, edits, moves and deletes resources by hand, each one undoable change', async () => {
    finder.startNew([10.005, 51.004]);
    Object.assign(finder.draft!, { name: 'Familienzentrum Lindenhof', category: 'family-centre', capacity: '1.020', contact: '06690 1234', notes: '<b>neu</b>' });
    const added = (await finder.saveDraft())!;
    expect(added.id).toBe('new1');
    const layer = project.snapshot.layers.find((candidate) => candidate.id === added.layerId)!;
    expect([layer.kind, layer.name, layer.source]).toEqual(['resources', 'Von Hand erfasst', 'manual']);
    expect(project.snapshot.resources.find((resource) => resource.id === 'new1')).toMatchObject({
      name: 'Familienzentrum Lindenhof',
      category: 'family-centre',
      capacity: 1020,
      attributes: { contact: '06690 1234', notes: '<b>neu</b>' },
    });
    expect(finder.selectedId).toBe('new1');

    // Only the position changes: a move.
    finder.startEdit(project.snapshot.resources.find((resource) => resource.id === 'new1')!);
    finder.placeDraft(10.006, 51.004);
    await finder.saveDraft();
    expect(project.history.undo?.key).toBe('change.moveResource');
    finder.startEdit(project.snapshot.resources.find((resource) => resource.id === 'a')!);
    finder.draft!.name = 'Kindergarten Regenbogen (AWO)';
    await finder.saveDraft();
    expect(project.history.undo?.key).toBe('change.editResource');
    expect(project.snapshot.resources.find((resource) => resource.id === 'a')).toMatchObject({ name: 'Kindergarten Regenbogen (AWO)', layerId: 'L', provider: 'AWO' });

    await finder.deleteResource(project.snapshot.resources.find((resource) => resource.id === 'a')!);
    expect(project.snapshot.resources.some((resource) => resource.id === 'a')).toBe(false);
    await project.undo();
    expect(project.snapshot.resources.find((resource) => resource.id === 'a')!.name).toBe('Kindergarten Regenbogen (AWO)');
    await project.undo();
    expect(project.snapshot.resources.find((resource) => resource.id === 'a')!.name).toBe('Kindergarten Regenbogen');
    await project.undo();
    expect(project.snapshot.resources.find((resource) => resource.id === 'new1')!.geometry.coordinates).toEqual([10.005, 51.004]);
    await project.undo();
    expect(project.snapshot.resources.some((resource) => resource.id === 'new1')).toBe(false);
    expect(project.snapshot.layers.some((candidate) => candidate.source === 'manual')).toBe(false);
  });

  it('searches in a search service when there is one: results follow its answer, the latest question wins', async () => {
    let index: SearchIndex = createSearchIndex([]);
    let loads = 0;
    const gates: (() => void)[] = [];
    const service: SearchService = {
      load: async (documents) => {
        loads++;
        index = createSearchIndex(documents);
      },
      // Answers wait until the test lets them through, to reorder them.
      search: (query) => new Promise((resolve) => gates.push(() => resolve(index.search(query).map((hit) => hit.id)))),
    };
    const remote = new ResourceFinder(project, () => t, () => 'x', service);
    remote.setText('Kindergarden');
    expect(remote.results).toEqual([]);
    remote.setText('Jugendzentrum Sud');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The later question is answered first; the earlier answer, arriving late, is dropped.
    gates[1]!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(remote.results.map((resource) => resource.id)).toEqual(['b']);
    gates[0]!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(remote.results.map((resource) => resource.id)).toEqual(['b']);
    expect(loads).toBe(1);
  });
});

describe('project categories in the finder', () => {
  it('renames, adds and merges categories as undoable changes that list, filters and labels follow', async () => {
    await project.updateCategory('kita', { label: 'Kindertagesstätte', color: '#332288' }, 'Kita / Kindertagespflege');
    expect(categoryLabelIn(project.categories, 'kita', t)).toBe('Kindertagesstätte');
    expect(categoryDefinition(project.categories, 'kita').color).toBe('#332288');
    expect(project.history.undo).not.toBeNull();

    const added = await project.addCategory({ label: 'Bibliothek', icon: 'library' });
    expect(finder.shownCategories.at(-1)!.id).toBe(added.id);
    // A resource saved in the new category is found by its category name.
    finder.startNew();
    finder.draft!.name = 'Stadtbücherei';
    finder.draft!.category = added.id;
    finder.draft!.position = [10.005, 51.005];
    await finder.saveDraft();
    finder.toggleCategory(added.id);
    expect(finder.results.map((resource) => resource.name)).toEqual(['Stadtbücherei']);
    finder.reset();

    // Merging "Jugendzentrum" into "Verein / Sport" moves its resource and removes the chip.
    const moved = await project.mergeCategory('youth-centre', 'club', { from: 'Jugendzentrum', into: 'Verein' });
    expect(moved).toBe(1);
    expect(project.snapshot.resources.find((resource) => resource.id === 'b')!.category).toBe('club');
    expect(finder.shownCategories.map((category) => category.id)).not.toContain('youth-centre');
    expect(finder.categoryCounts.get('club')).toBe(2);
    // A later import naming the merged category lands in the target.
    await project.importResourceLayer({ name: 'Nachtrag', source: 'nachtrag.csv', mapping: {} }, (layerId) => [
      { ...resource('n1', 'Jugendtreff Nord', 'youth-centre', 10.006), layerId },
    ]);
    expect(project.snapshot.resources.find((entry) => entry.id === 'n1')!.category).toBe('club');

    // Undo: the import, then the merge (the resource is back in its category), then the rest.
    await project.undo();
    await project.undo();
    expect(project.snapshot.resources.find((resource) => resource.id === 'b')!.category).toBe('youth-centre');
    expect(finder.shownCategories.map((category) => category.id)).toContain('youth-centre');
  });
});
