import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createAddressIndex,
  normalisePostcode,
  normaliseStreet,
  parseAddressLine,
  parseHouseNumber,
  splitStreetAndNumber,
  type AddressPoint,
  type AddressQuery,
} from '../../../../src/io/location/addresses';
import { deepFreeze } from '../../helpers';
import { seeded } from './helpers';

const addresses: AddressPoint[] = deepFreeze(
  JSON.parse(readFileSync(new URL('../../../fixtures/location/addresses-auental.json', import.meta.url), 'utf8')).map(
    (address: AddressPoint & { lon: number | null }) => ({ ...address, lon: address.lon ?? Number.NaN }),
  ),
);

describe('address normalisation', () => {
  it.each([
    ['Hauptstraße', 'hauptstrasse'],
    ['Hauptstrasse', 'hauptstrasse'],
    ['Hauptstr.', 'hauptstrasse'],
    ['Hauptstr', 'hauptstrasse'],
    ['HAUPTSTR.', 'hauptstrasse'],
    ['Haupt-Straße', 'hauptstrasse'],
    ['Haupt Str.', 'hauptstrasse'],
    ['Unterrather Str.', 'unterratherstrasse'],
    ['Straße des 17. Juni', 'strassedes17juni'],
    ['Str. des 17. Juni', 'strassedes17juni'],
    ['Marktplatz', 'marktplatz'],
    ['Marktpl.', 'marktplatz'],
    ['Markt Pl.', 'marktplatz'],
    ['St.-Georg-Str.', 'sanktgeorgstrasse'],
    ['Sankt-Georg-Straße', 'sanktgeorgstrasse'],
    ['Am Mühlbach', 'ammuehlbach'],
    ['Am Muehlbach', 'ammuehlbach'],
    ['Weißenfelder Weg', 'weissenfelderweg'],
    ['Rue de l’Église', 'ruedeleglise'],
  ])('%s → %s', (street, key) => {
    expect(normaliseStreet(street)).toBe(key);
  });

  it.each([
    ['12', { number: 12, suffix: '', to: null, key: '12' }],
    ['12a', { number: 12, suffix: 'a', to: null, key: '12a' }],
    ['12 a', { number: 12, suffix: 'a', to: null, key: '12a' }],
    ['12 A', { number: 12, suffix: 'a', to: null, key: '12a' }],
    ['12-14', { number: 12, suffix: '', to: 14, key: '12' }],
    ['12 – 14', { number: 12, suffix: '', to: 14, key: '12' }],
    ['12/14', { number: 12, suffix: '', to: 14, key: '12' }],
    ['12/1', { number: 12, suffix: '/1', to: null, key: '12/1' }],
    ['12a-c', { number: 12, suffix: 'a', to: null, key: '12a' }],
    ['Nr. 7', { number: 7, suffix: '', to: null, key: '7' }],
  ])('house number %j', (text, parsed) => {
    expect(parseHouseNumber(text)).toEqual(parsed);
  });

  it('rejects what is not a house number', () => {
    expect(parseHouseNumber('')).toBeNull();
    expect(parseHouseNumber(null)).toBeNull();
    expect(parseHouseNumber('ohne')).toBeNull();
    expect(parseHouseNumber('a12')).toBeNull();
  });

  it('reads postcodes', () => {
    expect(normalisePostcode('10117')).toBe('10117');
    expect(normalisePostcode('D-01067')).toBe('01067');
    expect(normalisePostcode('1067')).toBe('01067');
    expect(normalisePostcode('10117 Berlin')).toBe('10117');
    expect(normalisePostcode('Berlin')).toBeNull();
    expect(normalisePostcode(undefined)).toBeNull();
  });

  it('splits street and house number, and one-line addresses', () => {
    expect(splitStreetAndNumber('Unterrather Str. 76')).toEqual({ street: 'Unterrather Str.', housenumber: '76' });
    expect(splitStreetAndNumber('Hauptstr.12a')).toEqual({ street: 'Hauptstr.', housenumber: '12a' });
    expect(splitStreetAndNumber('Hauptstraße 12 - 14')).toEqual({ street: 'Hauptstraße', housenumber: '12 - 14' });
    expect(splitStreetAndNumber('Straße des 17. Juni 135')).toEqual({ street: 'Straße des 17. Juni', housenumber: '135' });
    expect(splitStreetAndNumber('Straße des 17. Juni')).toEqual({ street: 'Straße des 17. Juni', housenumber: '' });
    expect(splitStreetAndNumber('Am Markt')).toEqual({ street: 'Am Markt', housenumber: '' });
    expect(parseAddressLine('Albrechtstr. 20, 10117 Berlin')).toEqual({ street: 'Albrechtstr.', housenumber: '20', postcode: '10117', city: 'Berlin' });
    expect(parseAddressLine('Unterrather Str. 76 40468 Düsseldorf')).toEqual({ street: 'Unterrather Str.', housenumber: '76', postcode: '40468', city: 'Düsseldorf' });
    expect(parseAddressLine('Marktplatz 2, Auental, Deutschland')).toEqual({ street: 'Marktplatz', housenumber: '2', postcode: '', city: 'Auental' });
  });
});

describe('createAddressIndex: matching rows', () => {
  const index = createAddressIndex(addresses);

  it('indexes usable addresses and counts the rest', () => {
    expect(index.stats).toEqual({ addresses: 22, skipped: 2, streets: 13 });
  });

  it.each<[AddressQuery, string, number, number]>([
    [{ street: 'Unterrather Str.', housenumber: '76', postcode: '12345' }, 'exact', 9.5106, 51.01],
    [{ street: 'Unterrather Str. 76', postcode: '12345', city: 'Auental' }, 'exact', 9.5106, 51.01],
    [{ line: 'Unterrather Str. 76, 12345 Auental' }, 'exact', 9.5106, 51.01],
    [{ street: 'unterrather strasse', housenumber: '76 a', city: 'Auental' }, 'exact', 9.5107, 51.0101],
    [{ street: 'Hauptstr.', housenumber: '12A', postcode: '12345' }, 'exact', 9.5042, 51.0012],
    [{ street: 'St.-Georg-Str.', housenumber: '5', postcode: '12345' }, 'exact', 9.503, 51.003],
    [{ street: 'Str. des 17. Juni', housenumber: '135', postcode: '12345' }, 'exact', 9.505, 51.005],
    [{ street: 'Marktpl.', housenumber: '2', postcode: 'D-12345' }, 'exact', 9.502, 51.002],
    [{ street: 'Weissenfelder Weg', housenumber: '3', postcode: '12345' }, 'exact', 9.507, 51.007],
    [{ street: 'Am Muehlbach', housenumber: '12-14', postcode: '12345' }, 'exact', 9.506, 51.006],
  ])('%j → %s', (query, how, lon, lat) => {
    const result = index.match(query);
    expect(result).toMatchObject({ status: 'exact', how, reason: null, streetFuzzy: false });
    expect(result.lon).toBeCloseTo(lon, 6);
    expect(result.lat).toBeCloseTo(lat, 6);
    expect(result.addressIndex).toBeGreaterThanOrEqual(0);
  });

  it('matches ranges against single numbers and the other way round', () => {
    expect(index.match({ street: 'Am Mühlbach', housenumber: '12', postcode: '12345' })).toMatchObject({ status: 'exact', how: 'range', lon: 9.506 });
    expect(index.match({ street: 'Am Mühlbach', housenumber: '16-18', postcode: '12345' })).toMatchObject({ status: 'exact', how: 'range', lon: 9.5062 });
  });

  it('falls back to the number without its letter, the nearest number on the same side, then the street, flagged approximate', () => {
    expect(index.match({ street: 'Unterrather Straße', housenumber: '72b', postcode: '12345' })).toMatchObject({
      status: 'approximate',
      how: 'without-suffix',
      lon: 9.5102,
    });
    const nearest = index.match({ street: 'Unterrather Straße', housenumber: '74', postcode: '12345' });
    expect(nearest).toMatchObject({ status: 'approximate', how: 'nearest-number' });
    expect([9.5102, 9.5106]).toContain(nearest.lon);
    expect(nearest.detail).toMatch(/^Unterrather Straße (72|76) \(no 74 in the list\)$/);
    const street = index.match({ street: 'Unterrather Straße', postcode: '12345' });
    expect(street).toMatchObject({ status: 'approximate', how: 'street', detail: 'middle of Unterrather Straße (no house number given)', addressIndex: -1 });
    expect(street.lon).toBeCloseTo((9.51 + 9.5102 + 9.5106 + 9.5107 + 9.5101) / 5, 9);
    const farNumber = index.match({ street: 'Unterrather Straße', housenumber: '200', postcode: '12345' });
    expect(farNumber).toMatchObject({ status: 'approximate', how: 'street', detail: 'middle of Unterrather Straße (no 200 in the list)' });
  });

  it('uses the town when the postcode differs, and streets that cross postcodes', () => {
    const moved = index.match({ street: 'Marktplatz', housenumber: '2', postcode: '12399', city: 'Auental' });
    expect(moved).toMatchObject({ status: 'exact', postcodeDiffers: true });
    const long = index.match({ street: 'Lange Straße', housenumber: '80', city: 'Auental' });
    expect(long).toMatchObject({ status: 'exact', lon: 9.518 });
  });

  it('accepts a small typo in the street within the postcode, and says so', () => {
    expect(index.match({ street: 'Unterather Straße', housenumber: '76', postcode: '12345' })).toMatchObject({ status: 'exact', streetFuzzy: true });
    expect(index.match({ street: 'Unterather Straße', housenumber: '76' })).toMatchObject({ status: 'unmatched', reason: 'unknown-street' });
  });

  it('uses addresses without postcode or town when the row has only a postcode', () => {
    expect(index.match({ street: 'Goethestr.', housenumber: '9', postcode: '12345' })).toMatchObject({ status: 'exact', lon: 9.5202 });
  });

  it('reports every row it cannot place, with the reason', () => {
    expect(index.match({ street: '', housenumber: '5' })).toMatchObject({ status: 'unmatched', reason: 'no-street' });
    expect(index.match({ street: 'Nirgendweg', housenumber: '5', postcode: '12345' })).toMatchObject({
      status: 'unmatched',
      reason: 'unknown-street',
      detail: 'no street "Nirgendweg" in the address list',
    });
    expect(index.match({ street: 'Marktplatz', housenumber: '2', postcode: '99999' })).toMatchObject({
      status: 'unmatched',
      reason: 'not-in-postcode',
      detail: '"Marktplatz" is in the address list, but not in 99999 (only in 12345 Auental)',
    });
    expect(index.match({ street: 'Marktplatz', housenumber: '2', city: 'Bergdorf' })).toMatchObject({ status: 'unmatched', reason: 'not-in-town' });
    expect(Number.isNaN(index.match({ street: 'Nirgendweg' }).lon)).toBe(true);
  });

  it('does not guess between towns: the same street in two places needs a postcode or town', () => {
    expect(index.match({ street: 'Hauptstraße', housenumber: '1' })).toMatchObject({
      status: 'unmatched',
      reason: 'ambiguous-street',
      detail: '"Hauptstraße" exists in 12345 Auental, 12346 Bergdorf; give a postcode or town',
    });
    expect(index.match({ street: 'Hauptstraße', housenumber: '7', city: 'Bergdorf' })).toMatchObject({ status: 'exact', lon: 9.6 });
    // Two villages share a postcode: the postcode alone is not enough.
    expect(index.match({ street: 'Dorfstraße', housenumber: '4', postcode: '12350' })).toMatchObject({ status: 'unmatched', reason: 'ambiguous-street' });
    expect(index.match({ street: 'Dorfstr.', housenumber: '4', postcode: '12350', city: 'Unterdorf' })).toMatchObject({ status: 'exact', lat: 51.25 });
  });

  it('summarises a whole column', () => {
    const queries: AddressQuery[] = deepFreeze([
      { street: 'Unterrather Str. 76', postcode: '12345' },
      { street: 'Hauptstraße', housenumber: '12a', postcode: '12345' },
      { street: 'Am Mühlbach', housenumber: '12', postcode: '12345' },
      { street: 'Unterrather Straße', housenumber: '72b', postcode: '12345' },
      { street: 'Marktplatz', postcode: '12345' },
      { street: 'Nirgendweg', housenumber: '1', postcode: '12345' },
      { street: 'Hauptstraße', housenumber: '1' },
      {},
    ]);
    const report = index.matchAll(queries);
    expect(report).toMatchObject({ exact: 3, approximate: 2, unmatched: 3 });
    expect(report.byHow).toEqual({ exact: 2, range: 1, 'without-suffix': 1, 'nearest-number': 0, street: 1 });
    expect(report.unmatchedRows.map((row) => [row.row, row.reason])).toEqual([
      [5, 'unknown-street'],
      [6, 'ambiguous-street'],
      [7, 'no-street'],
    ]);
    expect(report.unmatchedRows[0]!.query).toBe(queries[5]);
    expect(report.matches).toHaveLength(8);
  });
});

describe('createAddressIndex: size', () => {
  it('indexes 100,000 addresses and matches 100,000 rows written with "str."', () => {
    const random = seeded(4);
    const streets = Array.from({ length: 2000 }, (_, index) => `${['Haupt', 'Linden', 'Birken', 'Goethe', 'Schiller', 'Bahnhof', 'Kirch', 'Garten'][index % 8]}${index}straße`);
    const list: AddressPoint[] = [];
    for (let index = 0; index < 100_000; index++) {
      const street = streets[index % streets.length]!;
      const postcode = String(10000 + (index % streets.length) * 7).padStart(5, '0');
      list.push({ street, housenumber: String(1 + Math.floor(index / streets.length)), postcode, city: `Ort ${index % 50}`, lon: 6 + random() * 8, lat: 48 + random() * 6 });
    }
    const index = createAddressIndex(list);
    const queries = list.map((address) => ({
      street: address.street.replace('straße', 'str.'),
      housenumber: address.housenumber,
      postcode: address.postcode,
    }));
    const report = index.matchAll(queries);
    // Every row found exactly (timings belong to the benchmarks, not here).
    expect(report.exact).toBe(100_000);
  }, 30_000);
});
