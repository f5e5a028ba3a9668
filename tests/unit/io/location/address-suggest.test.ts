import { describe, expect, it } from 'vitest';
import { createAddressSuggester, streetLookupKey } from '../../../../src/io/location/address-suggest';
import type { AddressPoint } from '../../../../src/io/location/addresses';
import { deepFreeze } from '../../helpers';
import { seeded } from './helpers';

function address(street: string, housenumber: string, lon = 11.28, lat = 49.51, postcode = '91207', city = 'Lauf'): AddressPoint {
  return { street, housenumber, postcode, city, lon, lat };
}

const list: AddressPoint[] = deepFreeze([
  address('Hauptstraße', '12'),
  address('Hauptstraße', '1a'),
  address('Hauptstraße', '1'),
  address('Hauptstraße', '10'),
  address('Hauptstraße', '21'),
  address('Hauptstraße', '1', 11.2801, 49.5101),
  address('Hauptstraße', '3-5'),
  address('Mühlweg', '7', 11.29, 49.52),
  address('Friedrich-Ebert-Straße', '4', 11.3, 49.5),
  address('Straße des 17. Juni', '135', 11.31, 49.5),
  address('Am Bahnhof', '2', 11.32, 49.5),
  address('Hauptweg', '8', 11.33, 49.5),
  address('Hauptstraße', '2', 11.4, 49.6, '91217', 'Hersbruck'),
  address('', '9', 11.5, 49.5),
]);

const labels = (text: string, limit?: number) =>
  createAddressSuggester(list)
    .suggest(text, limit)
    .map((suggestion) => `${suggestion.label}|${suggestion.place}`);

describe('address suggestions', () => {
  it('reads a street however it is spelled: Str./Straße, ß/ss, case', () => {
    const expected = labels('Hauptstraße 1');
    expect(expected[0]).toBe('Hauptstraße 1|91207 Lauf');
    for (const spelling of ['Hauptstr. 1', 'hauptstr 1', 'HAUPTSTRASSE 1', 'Haupt-Straße 1', 'Hauptstrasse 1, 91207 Lauf']) {
      expect(labels(spelling)).toEqual(expected);
    }
  });

  it('offers the house number typed first, then the numbers starting with it, once per number', () => {
    expect(labels('Hauptstr 1')).toEqual(['Hauptstraße 1|91207 Lauf', 'Hauptstraße 1a|91207 Lauf', 'Hauptstraße 10|91207 Lauf', 'Hauptstraße 12|91207 Lauf']);
    expect(labels('Hauptstr 1 a')).toEqual(['Hauptstraße 1a|91207 Lauf']);
    // A range answers for both of its ends.
    expect(labels('Hauptstr 5')).toEqual(['Hauptstraße 3-5|91207 Lauf']);
    expect(labels('Hauptstr 99')).toEqual([]);
  });

  it('treats ä, ae and a alike', () => {
    for (const spelling of ['Mühlweg', 'Muehlweg', 'Muhlweg', 'mühl']) expect(labels(spelling)).toEqual(['Mühlweg 7|91207 Lauf']);
    expect(streetLookupKey('Mühlweg')).toBe(streetLookupKey('Muehlweg'));
  });

  it('finds a street by a later word of its name, but not by its type alone', () => {
    expect(labels('Ebert 4')).toEqual(['Friedrich-Ebert-Straße 4|91207 Lauf']);
    expect(labels('Bahnhof')).toEqual(['Am Bahnhof 2|91207 Lauf']);
    expect(labels('Straße')).toEqual(['Straße des 17. Juni 135|91207 Lauf']);
  });

  it('ranks streets starting with the text before streets with a later word starting with it', () => {
    // Without a number each street's first numbers, the shorter name first; the same street in two towns told apart.
    expect(labels('haupt')).toEqual([
      'Hauptweg 8|91207 Lauf',
      'Hauptstraße 1|91207 Lauf',
      'Hauptstraße 1a|91207 Lauf',
      'Hauptstraße 3-5|91207 Lauf',
      'Hauptstraße 10|91207 Lauf',
      'Hauptstraße 12|91207 Lauf',
      'Hauptstraße 21|91207 Lauf',
      'Hauptstraße 2|91217 Hersbruck',
    ]);
    // Fewer places: shared out over the streets.
    expect(labels('haupt', 3)).toEqual(['Hauptweg 8|91207 Lauf', 'Hauptstraße 1|91207 Lauf', 'Hauptstraße 2|91217 Hersbruck']);
  });

  it('reads a number that belongs to the street name as part of it', () => {
    expect(labels('Straße des 17')).toEqual(['Straße des 17. Juni 135|91207 Lauf']);
  });

  it('offers nothing for one letter, an unknown street or an empty list', () => {
    expect(labels('H')).toEqual([]);
    expect(labels('Gartenweg 3')).toEqual([]);
    expect(labels('')).toEqual([]);
    expect(createAddressSuggester([]).suggest('Hauptstraße')).toEqual([]);
  });

  it('gives the position of the address chosen', () => {
    const [first] = createAddressSuggester(list).suggest('Mühlweg 7');
    expect(first).toMatchObject({ street: 'Mühlweg', housenumber: '7', postcode: '91207', city: 'Lauf', lon: 11.29, lat: 49.52 });
  });

  it('indexes 100,000 addresses and answers every keystroke of a typed address', () => {
    const random = seeded(7);
    const stems = ['Haupt', 'Bahnhof', 'Schul', 'Kirch', 'Linden', 'Garten', 'Mühl', 'Berg', 'Wald', 'Rosen', 'Birken', 'Eichen', 'Friedhof', 'Markt', 'Sonnen'];
    const types = ['straße', 'weg', 'gasse', 'platz', 'ring', 'allee'];
    const addresses: AddressPoint[] = [];
    for (let index = 0; index < 100_000; index++) {
      const street = Math.floor(random() * 3_000);
      const name = `${stems[street % stems.length]}${types[Math.floor(street / stems.length) % types.length]}${street >= 90 ? ` ${Math.floor(street / 90)}` : ''}`;
      addresses.push(address(name, String(1 + Math.floor(random() * 80)), 11 + random(), 49 + random(), String(90_000 + (street % 40))));
    }
    const suggester = createAddressSuggester(addresses);
    const keystrokes = ['H', 'Ha', 'Hau', 'Haup', 'Haupt', 'Hauptst', 'Hauptstr', 'Hauptstraße', 'Hauptstraße 1', 'Hauptstraße 12', 'Mu', 'Mühl', 'Sonnenweg 7', 'Ri', 'Rosenring 3 4'];
    let offered = 0;
    for (const text of keystrokes) offered += suggester.suggest(text).length;
    expect(offered).toBeGreaterThan(0);
    // Timings belong to the benchmarks, not to a unit test.
  });
});
