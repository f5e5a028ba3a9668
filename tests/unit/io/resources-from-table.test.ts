import { describe, expect, it } from 'vitest';
import { createPointTable, textColumn } from '../../../src/domain/point-table';
import { resourcesFromTable } from '../../../src/io/resources-from-table';

const table = createPointTable({
  lon: Float64Array.of(10, 10.1, 10.2),
  lat: Float64Array.of(51, 51.1, 51.2),
  columns: [
    textColumn('Nr', ['7', '8', '7']),
    textColumn('Name', ['Kita <b>A</b>', 'Treff B', 'Kita A neu']),
    textColumn('Art', ['Kita', null, 'Kita']),
    textColumn('Straße', ['Mühlenstr.', 'Hauptstraße', 'Mühlenstr.']),
    textColumn('Nr.', ['3', '1a', '3']),
    textColumn('PLZ', ['36088', null, '36088']),
    textColumn('Ort', ['Hünfeld', 'Hünfeld', 'Hünfeld']),
    { kind: 'number', name: 'Plätze', values: Float64Array.of(45, Number.NaN, 50) },
    textColumn('Öffnungszeiten', ['Mo–Fr 7–17 Uhr', null, 'Mo–Fr 7–17 Uhr']),
    textColumn('Alter', ['0', '12', '1']),
  ],
});

describe('resourcesFromTable', () => {
  it('builds records from the roles, keeps other columns as attributes, and lets a repeated key update the earlier row', () => {
    const { resources, duplicateKeys } = resourcesFromTable(
      table,
      { id: 'Nr', name: 'Name', category: 'Art', street: 'Straße', houseNumber: 'Nr.', postcode: 'PLZ', city: 'Ort', capacity: 'Plätze', ageFrom: 'Alter' },
      (value) => (value === 'Kita' ? 'kita' : 'other'),
      { projectId: 'p', layerId: 'L' },
    );
    expect(duplicateKeys).toEqual([{ row: 2, key: '7' }]);
    expect(resources.map((resource) => [resource.id, resource.name, resource.category, resource.address, resource.capacity, resource.ageFromYears])).toEqual([
      ['L:7', 'Kita A neu', 'kita', 'Mühlenstr. 3, 36088 Hünfeld', 50, 1],
      ['L:8', 'Treff B', 'other', 'Hauptstraße 1a, Hünfeld', null, 12],
    ]);
    // Markup stays the text it is; unmapped columns are attributes.
    expect(resources[0]!.attributes).toEqual({ Öffnungszeiten: 'Mo–Fr 7–17 Uhr' });
    expect(resources[1]!.geometry.coordinates).toEqual([10.1, 51.1]);
  });

  it('writes the target groups of the role column in one form, each once', () => {
    const groups = createPointTable({ lon: Float64Array.of(10, 11), lat: Float64Array.of(51, 52), columns: [textColumn('Zielgruppe', ['Kinder;Eltern; kinder', null])] });
    const { resources } = resourcesFromTable(groups, { targetGroups: 'Zielgruppe' }, () => 'family-centre', { projectId: 'p', layerId: 'L' });
    expect(resources.map((resource) => resource.attributes)).toEqual([{ targetGroups: 'Kinder, Eltern' }, {}]);
  });

  it('numbers rows without an identifier column and reads places written as text', () => {
    const places = createPointTable({ lon: Float64Array.of(10, 11), lat: Float64Array.of(51, 52), columns: [textColumn('Plätze', ['1.020 Plätze', 'ca. 12,5'])] });
    const { resources } = resourcesFromTable(places, { capacity: 'Plätze' }, () => 'kita', { projectId: 'p', layerId: 'L' });
    expect(resources.map((resource) => [resource.id, resource.capacity, resource.name])).toEqual([
      ['L:r0', 1020, ''],
      ['L:r1', 12.5, ''],
    ]);
  });
});
