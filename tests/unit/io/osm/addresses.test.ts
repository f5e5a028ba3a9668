import { describe, expect, it } from 'vitest';
import { readOsmFile } from '../../../../src/io/osm';
import { fixture } from './osm-test-helpers';

describe('OSM addresses for offline address matching', () => {
  const result = readOsmFile('addresses.osm', fixture('addresses.osm'));

  it('collects addresses from nodes, buildings and building multipolygons, once each (nodes, ways, relations by id)', () => {
    expect(result.addresses).toEqual([
      { street: 'Hauptstraße', housenumber: '1a', postcode: '91207', city: 'Lauf a.d.Pegnitz', lon: 11.28, lat: 49.51 },
      { street: 'Heuchling', housenumber: '7', postcode: '91207', city: '', lon: 11.29, lat: 49.52 },
      { street: 'Schützenstraße', housenumber: '12', postcode: '91207', city: '', lon: 11.285, lat: 49.505 },
      { street: 'Straße des 17. Juni', housenumber: '113', postcode: '10623', city: 'Berlin', lon: 11.286, lat: 49.506 },
      { street: 'Hauptstraße', housenumber: '3', postcode: '91207', city: 'Lauf a.d.Pegnitz', lon: 11.2811, lat: 49.5101 },
      { street: 'Simonshofer Straße', housenumber: '55', postcode: '91207', city: 'Lauf a.d.Pegnitz', lon: 11.2705, lat: 49.5005 },
    ]);
  });

  it('counts what it left out', () => {
    expect(result.issues.duplicateAddresses).toBe(1);
    expect(result.issues.addressesWithoutStreet).toBe(1);
  });

  it('makes no resources or roads of addresses and can leave addresses out', () => {
    expect(result.resources).toEqual([]);
    expect(result.network.graph.nodeCount).toBe(0);
    expect(readOsmFile('addresses.osm', fixture('addresses.osm'), { include: { addresses: false } }).addresses).toEqual([]);
  });
});
