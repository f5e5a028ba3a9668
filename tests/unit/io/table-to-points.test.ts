import { describe, expect, it } from 'vitest';
import { parseCsv, sniffCsv } from '../../../src/io/csv';
import { tableToPoints, type JoinArea } from '../../../src/io/table-to-points';
import { findColumn, textAt, type NumberColumn, type TextColumn } from '../../../src/domain/point-table';

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('tableToPoints', () => {
  it('locates rows by UTM coordinates and lists the rows without a position', () => {
    const bytes = latin1(
      [
        'Nr;Einrichtung;Rechtswert;Hochwert;Plätze',
        '1;Kita Sonnenschein;32649123,5;5484321,0;45',
        '2;Jugendtreff Mühle;649500;5484900;.',
        '3;Ohne Lage;;;12',
        '4;Familienzentrum Süd;650100;5483800;1.020',
      ].join('\r\n'),
    );
    const sniff = sniffCsv(bytes);
    const table = parseCsv(bytes, sniff.settings);
    const input = structuredClone(table);
    const { points, report } = tableToPoints(table, {
      keep: [0, 1, 4],
      keyColumn: 0,
      location: { kind: 'coordinates', a: 2, b: 3, interpretation: { crs: 'EPSG:25832', order: 'xy', zonePrefix: true } },
    });
    expect(report.rows).toBe(4);
    expect(report.located).toBe(3);
    expect(report.rowsOut).toEqual([expect.objectContaining({ line: 4, reason: 'missing', kept: false })]);
    expect(points.length).toBe(3);
    // Around Nürnberg (UTM 32: 649 km E, 5484 km N), zone prefix stripped.
    expect(points.lon[0]).toBeGreaterThan(11);
    expect(points.lon[0]).toBeLessThan(11.1);
    expect(points.lat[0]).toBeGreaterThan(49.4);
    expect(textAt(findColumn(points, 'Einrichtung') as TextColumn, 1)).toBe('Jugendtreff Mühle');
    const places = findColumn(points, 'Plätze') as NumberColumn;
    expect(Array.from(places.values)).toEqual([45, Number.NaN, 1020]);
    expect(points.keyColumn).toBe('Nr');
    expect(table).toEqual(input);
  });

  it('joins rows to areas by tolerant keys and reports the keys that match nothing', () => {
    const bytes = latin1(['Sozialraum;Jahr;Fälle', '04;2024;12', 'Westliche Höhe;2025;9', 'STGT04;2025;3', 'Nordstadt;2025;7'].join('\n'));
    const table = parseCsv(bytes, sniffCsv(bytes).settings);
    const areas: JoinArea[] = [
      { id: 'a4', code: 'SR 04', key: '04', name: 'Westliche Höhe', labelPoint: [9.1, 48.7] },
      { id: 'a5', code: 'SR 05', key: '05', name: 'Östliche Höhe', labelPoint: [9.2, 48.8] },
    ];
    const { points, report } = tableToPoints(table, { keep: [1, 2], keyColumn: null, location: { kind: 'area-key', column: 0, areas } });
    expect(report.located).toBe(3);
    expect(Array.from(points.lon)).toEqual([9.1, 9.1, 9.1]);
    expect(textAt(findColumn(points, 'areaId') as TextColumn, 2)).toBe('a4');
    expect(report.rowsOut).toEqual([expect.objectContaining({ line: 5, reason: 'unknown-area', value: 'Nordstadt' })]);
    expect(report.unmatchedKeys[0]!.raw).toBe('Nordstadt');
    expect(report.parents).toBeNull();
  });

  it('sums finer keys up to the area they start with when asked, and says how many', () => {
    const bytes = latin1(['PLR;Einwohner', '01100101;120', '01100102;80', '01200101;40', '0120;5', '09990101;1'].join('\n'));
    const table = parseCsv(bytes, { ...sniffCsv(bytes).settings, columns: sniffCsv(bytes).settings.columns.map((column, index) => (index === 0 ? { ...column, type: 'text' as const } : column)) });
    const areas: JoinArea[] = [
      { id: 'p0110', code: '0110', key: '0110', name: 'Zentrum', labelPoint: [13.37, 52.52] },
      { id: 'p0120', code: '0120', key: '0120', name: 'Moabit', labelPoint: [13.34, 52.53] },
    ];
    const { points, report } = tableToPoints(table, { keep: [0, 1], keyColumn: null, location: { kind: 'area-key', column: 0, areas, parents: true } });
    expect(report.located).toBe(4);
    expect(report.parents).toEqual({ rows: 3, digits: 4 });
    const ids = findColumn(points, 'areaId') as TextColumn;
    expect(Array.from({ length: points.length }, (_, row) => textAt(ids, row))).toEqual(['p0110', 'p0110', 'p0120', 'p0120']);
    expect(report.rowsOut).toEqual([expect.objectContaining({ line: 6, reason: 'unknown-area', value: '09990101' })]);
  });
});
