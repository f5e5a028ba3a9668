import { describe, expect, it } from 'vitest';
import { parseCsv, sniffCsv, cellValue } from '../../../src/io/csv';
import { LATITUDE_HEADER, LONGITUDE_HEADER, vectorPointTable } from '../../../src/io/vector-table';
import type { VectorImportResult } from '../../../src/io/vector-import';
import { square } from '../helpers';

function result(features: VectorImportResult['features'], columns: string[]): VectorImportResult {
  return {
    fileName: 'test.geojson',
    format: 'geojson',
    crs: { code: 'EPSG:4326', source: 'default', zonePrefix: false, swapAxes: false, note: 'WGS 84', noteCode: 'crs.default', noteParams: {}, alternatives: [] },
    features,
    columns: columns.map((name) => ({ name }) as VectorImportResult['columns'][number]),
    problems: [],
    suggestions: { keyColumns: [], nameColumns: [], numericColumns: [] },
    notes: [],
  };
}

describe('vectorPointTable', () => {
  it('writes every attribute and the position as a CSV the wizard reads back unchanged', () => {
    const table = vectorPointTable(
      result(
        [
          { properties: { name: 'A "quoted"; with ;', plätze: '45', [LONGITUDE_HEADER]: 'x' }, geometry: { type: 'Point', coordinates: [13.4, 52.5] }, featureNumber: 1 },
          { properties: { name: 'Line\nbreak', plätze: 12, [LONGITUDE_HEADER]: null }, geometry: square(10, 51, 0.01), featureNumber: 2 },
          { properties: { name: 'Weg', plätze: null, [LONGITUDE_HEADER]: null }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, featureNumber: 3 },
        ],
        ['name', 'plätze', LONGITUDE_HEADER],
      ),
      () => [10.005, 51.005],
    );
    expect([table.rows, table.fromAreas, Array.from(table.featureNumbers)]).toEqual([2, 1, [1, 2]]);
    expect(table.skipped).toEqual([{ featureNumber: 3, reason: 'not-a-point', geometryType: 'LineString' }]);
    const sniff = sniffCsv(table.csv);
    // A property already called like the position column keeps its name; the position gets a suffix.
    expect(sniff.header).toEqual(['name', 'plätze', LONGITUDE_HEADER, `${LONGITUDE_HEADER} (2)`, LATITUDE_HEADER]);
    const parsed = parseCsv(table.csv, sniff.settings);
    expect(parsed.rowCount).toBe(2);
    expect([cellValue(parsed.columns[0]!, 0), cellValue(parsed.columns[0]!, 1)]).toEqual(['A "quoted"; with ;', 'Line\nbreak']);
    expect([cellValue(parsed.columns[1]!, 0), cellValue(parsed.columns[1]!, 1)]).toEqual([45, 12]);
    expect([cellValue(parsed.columns[3]!, 1), cellValue(parsed.columns[4]!, 1)]).toEqual([10.005, 51.005]);
  });
});
