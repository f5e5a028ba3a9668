import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import {
  OsmImportError,
  OsmXmlScanner,
  looksLikePbf,
  readOsmFile,
  readOsmPbf,
  readOsmXml,
  tryReadOsmFile,
  type OsmImportResult,
} from '../../../../src/io/osm';
import { encodePbf, fixture, fixtureText, RecordingSink, type TestElement } from './osm-test-helpers';

const encoder = new TextEncoder();

function recordXml(text: string): TestElement[] {
  const sink = new RecordingSink();
  readOsmXml(encoder.encode(text), sink);
  return sink.elements;
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OsmImportError) return error.code;
    throw error;
  }
  throw new Error('no error');
}

/** The conversion part of a result (format, file info and timing differ between formats). */
function conversion(result: OsmImportResult) {
  const { format: _format, info: _info, milliseconds: _milliseconds, fileName: _fileName, ...rest } = result;
  return rest;
}

const ALL_FIXTURES = ['resources.osm', 'roads.osm', 'addresses.osm'];

describe('OSM XML reader', () => {
  it('reads nodes, ways and relations with tags, refs and members; skips deleted objects', () => {
    const elements = recordXml(fixtureText('resources.osm'));
    expect(elements.filter((element) => element.type === 'node')).toHaveLength(26 + 1 + 4 + 6 + 3 + 8);
    expect(elements.filter((element) => element.type === 'way')).toHaveLength(6);
    expect(elements.filter((element) => element.type === 'relation')).toHaveLength(1);
    expect(elements.some((element) => element.id === 140)).toBe(false);
    expect(elements[0]).toMatchObject({ type: 'node', id: 1, lon: 11.251, lat: 49.501 });
    expect(elements[0]!.tags!['name']).toBe('Kita "Pusteblume" & Hort');
    expect(elements.find((element) => element.type === 'way' && element.id === 1300)).toEqual({ type: 'way', id: 1300, refs: [130, 131, 132], tags: null });
    expect(elements.find((element) => element.type === 'relation')).toMatchObject({
      id: 5000,
      members: [
        { type: 'way', ref: 1300, role: 'outer' },
        { type: 'way', ref: 1301, role: 'outer' },
        { type: 'way', ref: 1302, role: 'inner' },
      ],
    });
  });

  it('gives the same elements whatever the chunk boundaries', () => {
    const text = fixtureText('resources.osm');
    const whole = recordXml(text);
    for (const size of [1, 3, 17, 1000]) {
      const sink = new RecordingSink();
      const scanner = new OsmXmlScanner(sink);
      for (let start = 0; start < text.length; start += size) scanner.push(text.slice(start, start + size));
      scanner.end();
      expect(sink.elements).toEqual(whole);
    }
  });

  it("handles '>' and quotes inside values, single quotes, numeric entities, comments, CDATA and a BOM", () => {
    const text =
      '\ufeff<?xml version="1.0"?>\n<!-- a <comment> --><osm generator=\'JOSM\'><![CDATA[ <node id="9"/> ]]>' +
      '<node id=\'1\' lat=\'49.5\' lon=\'11.2\'><tag k=\'note\' v=\'a > b "c"\'/><tag k="name" v="Gr&#252;n &#x26; Co"/></node>' +
      '<way id="2" visible="false"><nd ref="1"/></way></osm>';
    const sink = new RecordingSink();
    const info = readOsmXml(encoder.encode(text), sink);
    expect(info.generator).toBe('JOSM');
    expect(sink.elements).toEqual([{ type: 'node', id: 1, lon: 11.2, lat: 49.5, tags: { note: 'a > b "c"', name: 'Grün & Co' } }]);
  });

  it('reads bounds, generator and the Overpass timestamp', () => {
    const sink = new RecordingSink();
    const info = readOsmXml(
      encoder.encode('<osm generator="Overpass API"><meta osm_base="2014-11-05T10:47:02Z"/><bounds minlat="49.9" minlon="11.4" maxlat="50.1" maxlon="11.7"/></osm>'),
      sink,
    );
    expect(info).toEqual({ bounds: [11.4, 49.9, 11.7, 50.1], generator: 'Overpass API', timestamp: '2014-11-05T10:47:02Z' });
  });

  it('rejects truncated XML, XML that is not OSM and nodes without coordinates', () => {
    const text = fixtureText('roads.osm');
    expect(errorCode(() => recordXml(text.slice(0, text.length / 2)))).toBe('xml-invalid');
    expect(errorCode(() => recordXml(text.slice(0, text.indexOf('<way id="105"') + 10)))).toBe('xml-invalid');
    expect(errorCode(() => recordXml('<kml><Placemark/></kml>'))).toBe('xml-invalid');
    expect(errorCode(() => recordXml('<osm><node id="1" lat="x" lon="1"/></osm>'))).toBe('xml-invalid');
    expect(errorCode(() => recordXml('<osm><node id="1" lat=49 lon="1"/></osm>'))).toBe('xml-invalid');
  });
});

describe('OSM PBF reader', () => {
  const elements = ALL_FIXTURES.flatMap((name) => recordXml(fixtureText(name))).filter(
    // ids must be unique per type within one file
    (element, position, all) => all.findIndex((other) => other.type === element.type && other.id === element.id) === position,
  );

  it.each([
    ['dense nodes, zlib', { dense: true }],
    ['plain nodes, raw blobs', { dense: false, compression: 'raw' as const }],
    ['many small blocks and an unknown blob type', { blockSize: 7, extraBlob: true }],
  ])('reads back what was written (%s)', (_, options) => {
    const bytes = encodePbf(elements, options);
    expect(looksLikePbf(bytes)).toBe(true);
    const sink = new RecordingSink();
    const info = readOsmPbf(bytes, sink);
    expect(info.generator).toBe('sozialraum-atlas test');
    const sortByType = (list: TestElement[]) => ['node', 'way', 'relation'].flatMap((type) => list.filter((element) => element.type === type));
    expect(sink.elements).toEqual(sortByType(elements));
  });

  it('gives the same resources, network and addresses as the XML it was made from', () => {
    for (const name of ALL_FIXTURES) {
      const xmlResult = readOsmFile(name, fixture(name));
      const pbfResult = readOsmFile(name.replace('.osm', '.osm.pbf'), encodePbf(recordXml(fixtureText(name))));
      expect(pbfResult.format).toBe('pbf');
      expect(conversion(pbfResult)).toEqual(conversion(xmlResult));
    }
  });

  it('rejects unsupported required features, truncated files and damaged blocks', () => {
    const sink = new RecordingSink();
    const future = encodePbf(elements, { requiredFeatures: ['OsmSchema-V0.6', 'DenseNodes', 'Sozialraum-Future'] });
    expect(errorCode(() => readOsmPbf(future, sink))).toBe('pbf-unsupported');
    const whole = encodePbf(elements);
    expect(errorCode(() => readOsmPbf(whole.slice(0, whole.length - 10), sink))).toBe('pbf-invalid');
    // the zlib stream of the data block, overwritten: BlobHeader length, BlobHeader, raw_size, then zlib_data
    const dataStart = encodePbf([]).length;
    const zlibStart = dataStart + 4 + new DataView(whole.buffer).getUint32(dataStart) + 8;
    const damaged = whole.slice();
    damaged.fill(0xff, zlibStart, zlibStart + 16);
    expect(errorCode(() => readOsmPbf(damaged, sink))).toBe('pbf-invalid');
    const badLength = whole.slice();
    badLength[dataStart] = 0x7f;
    expect(errorCode(() => readOsmPbf(badLength, sink))).toBe('pbf-invalid');
    expect(looksLikePbf(fixture('roads.osm'))).toBe(false);
  });
});

describe('Overpass GeoJSON and OSM JSON', () => {
  it('reads overpass turbo GeoJSON: tagged points, lines sharing vertices, areas, multipolygons', () => {
    const result = readOsmFile('export.geojson', fixture('overpass-turbo.geojson'));
    expect(result.format).toBe('geojson');
    expect(result.info.timestamp).toBe('2024-05-01T10:00:00Z');
    expect(result.resources.map((resource) => [resource.id, resource.category, resource.name, resource.geometry.coordinates])).toEqual([
      ['osm-resources:n20', 'kita', 'Kita Anger', [11.2015, 49.5005]],
      ['osm-resources:w30', 'school', 'Angerschule', [11.204, 49.5005]],
      ['osm-resources:r40', 'playground', '', expect.any(Array)],
    ]);
    expect(result.resources[0]!.capacity).toBe(40);
    const [lon, lat] = result.resources[2]!.geometry.coordinates as [number, number];
    expect(lon > 11.21 && lon < 11.212 && lat > 49.51 && lat < 49.512).toBe(true);
    expect(lon > 11.2105 && lon < 11.2115 && lat > 49.5105 && lat < 49.5115).toBe(false);
    // the footway joins the street at its middle vertex
    expect(result.network.graph.nodeCount).toBe(4);
    expect(result.network.graph.edgeCount).toBe(6);
    const middle = result.network.graph.lon.findIndex((value, node) => value === 11.201 && result.network.graph.lat[node] === 49.5);
    expect(result.network.graph.offsets[middle + 1]! - result.network.graph.offsets[middle]!).toBe(3);
    expect(result.network.features.map((feature) => feature.id)).toEqual(['osm-network:w10', 'osm-network:w11']);
    expect(result.addresses).toEqual([{ street: 'Am Anger', housenumber: '5', postcode: '91207', city: '', lon: 11.204, lat: 49.5005 }]);
  });

  it('reads osmtogeojson output with nested tags', () => {
    const json = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'node/7',
          properties: { type: 'node', id: 7, tags: { amenity: 'school', name: 'Schule' }, relations: [], meta: {} },
          geometry: { type: 'Point', coordinates: [11.3, 49.6] },
        },
      ],
    };
    const result = readOsmFile('osmtogeojson.json', encoder.encode(JSON.stringify(json)));
    expect(result.resources.map((resource) => [resource.id, resource.name])).toEqual([['osm-resources:n7', 'Schule']]);
  });

  it('reads Overpass OSM JSON', () => {
    const json = {
      version: 0.6,
      generator: 'Overpass API',
      osm3s: { timestamp_osm_base: '2024-05-01T10:00:00Z' },
      elements: [
        { type: 'way', id: 5, nodes: [1, 2], tags: { highway: 'footway' } },
        { type: 'node', id: 1, lat: 49.5, lon: 11.2 },
        { type: 'node', id: 2, lat: 49.5, lon: 11.201, tags: { leisure: 'playground' } },
      ],
    };
    const result = readOsmFile('interpreter.json', encoder.encode(JSON.stringify(json)));
    expect(result.format).toBe('osm-json');
    expect(result.info).toMatchObject({ generator: 'Overpass API', timestamp: '2024-05-01T10:00:00Z' });
    expect(result.resources).toHaveLength(1);
    expect(result.network.graph.edgeCount).toBe(2);
  });
});

describe('readOsmFile', () => {
  it('detects gzip-compressed XML by its content and gives the same result as plain XML', () => {
    for (const name of ALL_FIXTURES) {
      const plain = readOsmFile(name, fixture(name));
      const gzipped = readOsmFile(`${name}.gz`, gzipSync(fixture(name)));
      expect(plain.format).toBe('xml');
      expect(gzipped.format).toBe('xml-gzip');
      expect(conversion(gzipped)).toEqual(conversion(plain));
    }
  });

  it('reports unreadable files as errors with a code, as data through tryReadOsmFile', () => {
    expect(errorCode(() => readOsmFile('empty.osm', new Uint8Array()))).toBe('file-empty');
    expect(errorCode(() => readOsmFile('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])))).toBe('format-unknown');
    expect(errorCode(() => readOsmFile('broken.json', encoder.encode('{"type": "FeatureCollection", ')))).toBe('geojson-invalid');
    expect(errorCode(() => readOsmFile('nothing.osm', encoder.encode('<osm version="0.6"></osm>')))).toBe('no-elements');
    const gzipped = gzipSync(fixture('roads.osm'));
    expect(errorCode(() => readOsmFile('cut.osm.gz', gzipped.slice(0, gzipped.length / 2)))).toBe('gzip-invalid');
    const outcome = tryReadOsmFile('cut.osm.pbf', encodePbf(recordXml(fixtureText('roads.osm'))).slice(0, 100));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toMatchObject({ code: 'pbf-invalid', fileName: 'cut.osm.pbf', params: { fileName: 'cut.osm.pbf' } });
      expect(outcome.error.message).toMatch(/^cut\.osm\.pbf: /);
    }
  });

  it('reports progress up to 1 and stops when the signal aborts', () => {
    const fractions: number[] = [];
    readOsmFile('roads.osm.pbf', encodePbf(recordXml(fixtureText('roads.osm')), { blockSize: 5 }), { onProgress: (fraction) => fractions.push(fraction) });
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    const controller = new AbortController();
    controller.abort();
    expect(errorCode(() => readOsmFile('roads.osm', fixture('roads.osm'), { signal: controller.signal }))).toBe('cancelled');
  });
});
