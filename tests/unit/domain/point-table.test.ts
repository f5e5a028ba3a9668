import { afterEach, describe, expect, it } from 'vitest';
import {
  concatTables,
  createPointTable,
  findColumn,
  isPointLayer,
  mergeByKey,
  numberColumn,
  sliceRows,
  textAt,
  textColumn,
  type PointTable,
} from '../../../src/domain/point-table';

interface Row {
  lon: number;
  lat: number;
  key: string | null;
  name?: string | null;
  count?: number;
}

function table(rows: Row[], options: { withName?: boolean; withCount?: boolean } = {}): PointTable {
  const columns = [textColumn('key', rows.map((row) => row.key))];
  if (options.withName !== false) columns.push(textColumn('name', rows.map((row) => row.name ?? null)));
  const result = createPointTable({
    lon: Float64Array.from(rows, (row) => row.lon),
    lat: Float64Array.from(rows, (row) => row.lat),
    columns: options.withCount === false ? columns : [...columns, numberColumn('count', rows.map((row) => row.count ?? Number.NaN))],
    keyColumn: 'key',
  });
  return result;
}

/** Rows of a table as plain objects, for comparisons. */
function rowsOf(source: PointTable): Record<string, unknown>[] {
  return Array.from({ length: source.length }, (_, row) => {
    const record: Record<string, unknown> = { lon: source.lon[row], lat: source.lat[row] };
    for (const column of source.columns) {
      record[column.name] = column.kind === 'number' ? column.values[row] : textAt(column, row);
    }
    return record;
  });
}

describe('point table columns', () => {
  it('encodes text by dictionary with 0 for missing, keeping "" apart from missing', () => {
    const column = textColumn('ort', ['Auenstadt', null, 'Bachdorf', 'Auenstadt', '', undefined]);
    expect([...column.codes]).toEqual([1, 0, 2, 1, 3, 0]);
    expect(column.dictionary).toEqual(['Auenstadt', 'Bachdorf', '']);
    expect([0, 1, 2, 3, 4, 5].map((row) => textAt(column, row))).toEqual(['Auenstadt', null, 'Bachdorf', 'Auenstadt', '', null]);
  });

  it('refuses tables of uneven length, duplicate names, unknown key columns and codes past the dictionary', () => {
    const lon = new Float64Array(2);
    const lat = new Float64Array(2);
    expect(() => createPointTable({ lon, lat: new Float64Array(3) })).toThrow(/lat has 3 rows/);
    expect(() => createPointTable({ lon, lat, columns: [numberColumn('a', [1])] })).toThrow(/"a" has 1 rows/);
    expect(() => createPointTable({ lon, lat, columns: [numberColumn('a', [1, 2]), numberColumn('a', [1, 2])] })).toThrow(/twice/);
    expect(() => createPointTable({ lon, lat, keyColumn: 'id' })).toThrow(/Key column "id"/);
    const bad = { kind: 'text' as const, name: 't', codes: Uint32Array.of(1, 2), dictionary: ['x'] };
    expect(() => createPointTable({ lon, lat, columns: [bad] })).toThrow(/code 2 beyond/);
  });

  it('slices rows as copies', () => {
    const source = table([
      { lon: 1, lat: 2, key: 'a', count: 1 },
      { lon: 3, lat: 4, key: 'b', count: 2 },
      { lon: 5, lat: 6, key: 'c', count: 3 },
    ]);
    const slice = sliceRows(source, 1, 3);
    expect(rowsOf(slice)).toEqual(rowsOf(source).slice(1));
    expect(slice.lon.buffer).not.toBe(source.lon.buffer);
  });

  it('tells point layers by their points reference', () => {
    const layer = { id: 'l', projectId: 'p', kind: 'resources' as const, name: 'x', source: 'x.csv', importedAt: 0, mapping: {} };
    expect(isPointLayer(layer)).toBe(false);
    expect(isPointLayer({ ...layer, points: { set: 's', length: 0, columns: [], keyColumn: null } } as never)).toBe(true);
  });
});

describe('concatTables', () => {
  it('unites columns, fills missing values and turns a column of mixed kinds into text', () => {
    const a = createPointTable({
      lon: Float64Array.of(1),
      lat: Float64Array.of(2),
      columns: [numberColumn('plz', [36037]), textColumn('name', ['Kita Sonne'])],
    });
    const b = createPointTable({
      lon: Float64Array.of(3),
      lat: Float64Array.of(4),
      columns: [textColumn('plz', ['36037a']), numberColumn('plätze', [40])],
      keyColumn: 'plz',
    });
    const before = [rowsOf(a), rowsOf(b)];
    const joined = concatTables(a, b);
    expect([rowsOf(a), rowsOf(b)]).toEqual(before);
    expect(joined.columns.map((column) => [column.name, column.kind])).toEqual([
      ['plz', 'text'],
      ['name', 'text'],
      ['plätze', 'number'],
    ]);
    expect(rowsOf(joined)).toEqual([
      { lon: 1, lat: 2, plz: '36037', name: 'Kita Sonne', plätze: Number.NaN },
      { lon: 3, lat: 4, plz: '36037a', name: null, plätze: 40 },
    ]);
    expect(joined.keyColumn).toBe('plz');
  });
});

describe('mergeByKey', () => {
  const base = table([
    { lon: 9.1, lat: 50.1, key: 'A', name: 'Alt A', count: 1 },
    { lon: 9.2, lat: 50.2, key: 'B', name: 'Alt B', count: 2 },
    { lon: 9.3, lat: 50.3, key: 'C', name: 'Alt C', count: 3 },
  ]);
  const baseRows = rowsOf(base);

  afterEach(() => {
    // Typed arrays cannot be frozen: check instead that no merge modified the shared base.
    expect(rowsOf(base)).toEqual(baseRows);
  });

  it('updates records with a known key in place and appends new keys instead of duplicating', () => {
    const incoming = table([
      { lon: 9.25, lat: 50.25, key: 'B', name: 'Neu B', count: 20 },
      { lon: 9.4, lat: 50.4, key: 'D', name: 'Neu D', count: 4 },
      { lon: 9.1, lat: 50.1, key: 'A', name: 'Alt A', count: 1 },
    ]);
    const { table: merged, report } = mergeByKey(base, incoming);
    expect(rowsOf(merged)).toEqual([
      { lon: 9.1, lat: 50.1, key: 'A', name: 'Alt A', count: 1 },
      { lon: 9.25, lat: 50.25, key: 'B', name: 'Neu B', count: 20 },
      { lon: 9.3, lat: 50.3, key: 'C', name: 'Alt C', count: 3 },
      { lon: 9.4, lat: 50.4, key: 'D', name: 'Neu D', count: 4 },
    ]);
    expect(report).toEqual({ updated: 1, unchanged: 1, added: 1, removed: 0, kept: 1, duplicateKeyRows: [], missingKeyRows: [] });
  });

  it('gives the same table when the same file is merged twice', () => {
    const incoming = table([
      { lon: 9.25, lat: 50.25, key: 'B', name: 'Neu B', count: 20 },
      { lon: 9.4, lat: 50.4, key: 'D', name: 'Neu D', count: 4 },
    ]);
    const once = mergeByKey(base, incoming).table;
    const twice = mergeByKey(once, incoming);
    expect(rowsOf(twice.table)).toEqual(rowsOf(once));
    expect(twice.report).toMatchObject({ updated: 0, unchanged: 2, added: 0 });
  });

  it('removes records the file lacks only when asked', () => {
    const incoming = table([{ lon: 9.2, lat: 50.2, key: 'B', name: 'Alt B', count: 2 }]);
    const { table: merged, report } = mergeByKey(base, incoming, { removeMissing: true });
    expect(rowsOf(merged).map((row) => row.key)).toEqual(['B']);
    expect(report).toMatchObject({ removed: 2, kept: 0, unchanged: 1 });
  });

  it('ignores and reports later duplicates and rows without a key', () => {
    const incoming = table([
      { lon: 1, lat: 1, key: 'B', name: 'erste', count: 1 },
      { lon: 2, lat: 2, key: null, name: 'ohne Schlüssel', count: 2 },
      { lon: 3, lat: 3, key: 'B', name: 'zweite', count: 3 },
      { lon: 4, lat: 4, key: 'E', name: 'E', count: 4 },
      { lon: 5, lat: 5, key: 'E', name: 'E doppelt', count: 5 },
    ]);
    const { table: merged, report } = mergeByKey(base, incoming);
    expect(report.duplicateKeyRows).toEqual([2, 4]);
    expect(report.missingKeyRows).toEqual([1]);
    expect(rowsOf(merged).map((row) => row.name)).toEqual(['Alt A', 'erste', 'Alt C', 'E']);
  });

  it('keeps base values of columns the file lacks and adds the file’s new columns', () => {
    const incoming = createPointTable({
      lon: Float64Array.of(9.3, 9.5),
      lat: Float64Array.of(50.3, 50.5),
      columns: [textColumn('key', ['C', 'F']), numberColumn('plätze', [12, 30])],
      keyColumn: 'key',
    });
    const { table: merged, report } = mergeByKey(base, incoming);
    expect(rowsOf(merged)).toEqual([
      { lon: 9.1, lat: 50.1, key: 'A', name: 'Alt A', count: 1, plätze: Number.NaN },
      { lon: 9.2, lat: 50.2, key: 'B', name: 'Alt B', count: 2, plätze: Number.NaN },
      { lon: 9.3, lat: 50.3, key: 'C', name: 'Alt C', count: 3, plätze: 12 },
      { lon: 9.5, lat: 50.5, key: 'F', name: null, count: Number.NaN, plätze: 30 },
    ]);
    expect(report).toMatchObject({ updated: 1, added: 1, kept: 2 });
  });

  it('matches number keys, and number against text keys by their text', () => {
    const numeric = (keys: number[], counts: number[]) =>
      createPointTable({
        lon: new Float64Array(keys.length),
        lat: new Float64Array(keys.length),
        columns: [numberColumn('id', keys), numberColumn('count', counts)],
        keyColumn: 'id',
      });
    const merged = mergeByKey(numeric([1, 2], [10, 20]), numeric([2, 3], [21, 30]));
    expect(rowsOf(merged.table).map((row) => [row.id, row.count])).toEqual([
      [1, 10],
      [2, 21],
      [3, 30],
    ]);
    const textual = createPointTable({
      lon: new Float64Array(1),
      lat: new Float64Array(1),
      columns: [textColumn('id', ['2']), numberColumn('count', [22])],
      keyColumn: 'id',
    });
    const mixed = mergeByKey(numeric([1, 2], [10, 20]), textual);
    expect(rowsOf(mixed.table).map((row) => [row.id, row.count])).toEqual([
      ['1', 10],
      ['2', 22],
    ]);
  });

  it('needs the key column in both tables', () => {
    const noKey = createPointTable({ lon: new Float64Array(0), lat: new Float64Array(0) });
    expect(() => mergeByKey(base, noKey)).toThrow(/missing in one of the tables/);
    expect(() => mergeByKey(noKey, noKey)).toThrow(/needs a key column/);
    expect(findColumn(base, 'key')?.kind).toBe('text');
  });
});
