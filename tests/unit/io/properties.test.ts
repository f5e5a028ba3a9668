/**
 * Property-based tests (fast-check) of the CSV sniffer and the GeoJSON reader: for any table
 * written as a CSV the sniffer finds its delimiter, columns and cells; for any bytes at all it
 * either describes them or refuses them with a CsvFileError, never with another exception. For
 * any GeoJSON of points and polygons the reader keeps every feature with its coordinates; for
 * any JSON value or byte string it returns a result or an ImportError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, sniffCsv, cellValue, type CsvDelimiter } from '../../../src/io/csv';
import { CsvFileError } from '../../../src/io/csv/errors';
import { tryReadVectorFile } from '../../../src/io/vector-import';

const DELIMITERS: CsvDelimiter[] = [';', ',', '\t', '|'];

/** A text cell: letters, umlauts, spaces, sometimes delimiters, quotes or line breaks (then quoted). */
const cell = fc.stringMatching(/^[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß ;,|"\n]{0,12}$/).map((value) => value.trimEnd());

function writeCsv(rows: string[][], delimiter: string): string {
  const quote = (value: string) => (/[;,|\t"\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return rows.map((row) => row.map(quote).join(delimiter)).join('\n') + '\n';
}

describe('CSV sniffer (property-based)', () => {
  it('finds delimiter, column count and every cell of any table written as CSV', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((columns) =>
          fc.record({
            delimiter: fc.constantFrom(...DELIMITERS),
            header: fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{2,8}$/), { minLength: columns, maxLength: columns }),
            rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 3, maxLength: 25 }),
          }),
        ),
        ({ delimiter, header, rows }) => {
          const bytes = new TextEncoder().encode(writeCsv([header, ...rows], delimiter));
          const sniff = sniffCsv(bytes, { hasHeader: true });
          expect(sniff.settings.delimiter).toBe(delimiter);
          expect(sniff.settings.columnCount).toBe(header.length);
          expect(sniff.header).toEqual(header);
          const settings = { ...sniff.settings, columns: sniff.settings.columns.map((column) => ({ ...column, type: 'text' as const })) };
          const table = parseCsv(bytes, settings);
          expect(table.rowCount).toBe(rows.length);
          rows.forEach((row, index) => {
            row.forEach((value, column) => expect(String(cellValue(table.columns[column]!, index))).toBe(value.trim()));
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('describes or refuses any bytes, never failing otherwise', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        try {
          const sniff = sniffCsv(bytes);
          expect(sniff.settings.columnCount).toBeGreaterThanOrEqual(1);
          parseCsv(bytes, sniff.settings, { maxRows: 100 });
        } catch (error) {
          expect(error).toBeInstanceOf(CsvFileError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('describes or refuses any text, also cut off in the middle of a sample', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), fc.integer({ min: 1, max: 4000 }), (text, total) => {
        const bytes = new TextEncoder().encode(text);
        try {
          sniffCsv(bytes, {}, { totalBytes: Math.max(bytes.length, total), sampleBytes: bytes.length });
        } catch (error) {
          expect(error).toBeInstanceOf(CsvFileError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const lon = fc.double({ min: 5.9, max: 15, noNaN: true }).map((value) => Math.round(value * 1e7) / 1e7);
const lat = fc.double({ min: 47.3, max: 55, noNaN: true }).map((value) => Math.round(value * 1e7) / 1e7);
const square = fc.tuple(lon, lat, fc.double({ min: 0.0005, max: 0.05, noNaN: true })).map(([west, south, size]) => {
  const east = Math.round((west + size) * 1e7) / 1e7;
  const north = Math.round((south + size) * 1e7) / 1e7;
  return { type: 'Polygon' as const, coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
});
const point = fc.tuple(lon, lat).map((coordinates) => ({ type: 'Point' as const, coordinates }));

describe('GeoJSON reader (property-based)', () => {
  it('keeps every point and square of any FeatureCollection, with its coordinates and properties', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ geometry: fc.oneof(point, square), name: fc.string({ maxLength: 20 }), value: fc.integer() }), { minLength: 1, maxLength: 30 }), async (items) => {
        const collection = { type: 'FeatureCollection', features: items.map(({ geometry, name, value }) => ({ type: 'Feature', properties: { name, value }, geometry })) };
        const outcome = await tryReadVectorFile('x.geojson', new TextEncoder().encode(JSON.stringify(collection)));
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        expect(outcome.result.crs.code).toBe('EPSG:4326');
        expect(outcome.result.problems).toEqual([]);
        expect(outcome.result.features.map((feature) => feature.geometry)).toEqual(items.map((item) => item.geometry));
        expect(outcome.result.features.map((feature) => feature.properties['name'])).toEqual(items.map((item) => item.name));
      }),
      { numRuns: 120 },
    );
  });

  it('reports a feature with a non-finite coordinate at its position and keeps the others', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(point, { minLength: 2, maxLength: 20 }), fc.nat(), fc.constantFrom('NaN', 'Infinity', '-Infinity', '"x"'), async (points, pick, bad) => {
        const broken = pick % points.length;
        const features = points.map((geometry, index) =>
          index === broken ? `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[${bad},50]}}` : JSON.stringify({ type: 'Feature', properties: {}, geometry }),
        );
        const outcome = await tryReadVectorFile('x.geojson', new TextEncoder().encode(`{"type":"FeatureCollection","features":[${features.join(',')}]}`));
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        expect(outcome.result.problems.map((problem) => [problem.featureNumber, problem.code])).toEqual([[broken + 1, 'coordinate-not-finite']]);
        expect(outcome.result.features).toHaveLength(points.length - 1);
      }),
      { numRuns: 100 },
    );
  });

  it('returns a result or an ImportError for any JSON value and any bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json().map((text) => new TextEncoder().encode(text)), fc.uint8Array({ maxLength: 2000 })), async (bytes) => {
        const outcome = await tryReadVectorFile('x.geojson', bytes);
        // tryReadVectorFile turns anything but an ImportError into 'format-unknown' with the
        // engine's message: such a message would be a crash passed off as a refusal.
        if (!outcome.ok) expect(outcome.error.message).not.toMatch(/TypeError|RangeError|Cannot read|is not a function|is not iterable|call stack|undefined/);
        else expect(outcome.result.features.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses GeoJSON-like JSON nested deeper than the limit, whatever the shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 65, max: 3000 }), fc.constantFrom('[', '{"a":'), async (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const text = `{"type":"FeatureCollection","features":[${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}]}`;
        const outcome = await tryReadVectorFile('x.geojson', new TextEncoder().encode(text));
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.error.code).toBe('json-too-deep');
      }),
      { numRuns: 50 },
    );
  });
});
