import { describe, expect, it } from 'vitest';
import { crsCodeForSrid, parseWktGeometry, wktPointColumns } from '../../../../src/io/location/wkt';
import { convertToWgs84, guessCoordinates } from '../../../../src/io/location/coordinates';

describe('parseWktGeometry: points', () => {
  it.each([
    ['POINT(6.78 51.22)', 'xy'],
    ['point (6.78 51.22)', 'xy'],
    ['  POINT   (  6.78   51.22  )  ', 'xy'],
    ['POINT Z (6.78 51.22 35.5)', 'xyz'],
    ['POINTZ(6.78 51.22 35.5)', 'xyz'],
    ['POINT M (6.78 51.22 7)', 'xym'],
    ['POINT ZM (6.78 51.22 35.5 7)', 'xyzm'],
  ])('%s', (text, dimensions) => {
    const result = parseWktGeometry(text);
    expect(result).toMatchObject({ ok: true, geometry: { type: 'Point', coordinates: [6.78, 51.22] }, srid: null, dimensions });
  });

  it('reads EWKT with an SRID and numbers in every notation', () => {
    expect(parseWktGeometry('SRID=25832;POINT(345678.9 5678901.2)')).toEqual({
      ok: true,
      geometry: { type: 'Point', coordinates: [345678.9, 5678901.2] },
      srid: 25832,
      dimensions: 'xy',
      fixes: [],
    });
    expect(parseWktGeometry('srid = 4326 ; POINT(-.5 +5e1)')).toMatchObject({ ok: true, srid: 4326, geometry: { coordinates: [-0.5, 50] } });
  });

  it('accepts an undeclared third ordinate and a one-point MULTIPOINT, and says so', () => {
    expect(parseWktGeometry('POINT (6.78 51.22 40)')).toMatchObject({ ok: true, dimensions: 'xyz', fixes: ['undeclared-z'] });
    expect(parseWktGeometry('MULTIPOINT ((6.78 51.22))')).toMatchObject({ ok: true, geometry: { type: 'Point', coordinates: [6.78, 51.22] }, fixes: ['single-multipoint'] });
    expect(parseWktGeometry('MULTIPOINT (6.78 51.22)')).toMatchObject({ ok: true, geometry: { type: 'Point' } });
  });

  it.each([
    ['', 'empty-text'],
    ['   ', 'empty-text'],
    ['6.78 51.22', 'unknown-type'],
    ['PUNKT(6.78 51.22)', 'unknown-type'],
    ['LINESTRING(0 0, 1 1)', 'unsupported-type'],
    ['GEOMETRYCOLLECTION(POINT(1 2))', 'unsupported-type'],
    ['POINT EMPTY', 'empty-geometry'],
    ['POINT(6,78 51,22)', 'syntax'],
    ['POINT(6.78)', 'syntax'],
    ['POINT(6.78 51.22', 'syntax'],
    ['POINT(6.78 abc)', 'bad-number'],
    ['POINT(0x10 5)', 'bad-number'],
    ['POINT Z (6.78 51.22)', 'wrong-dimensions'],
    ['POINT(1 2 3 4 5)', 'wrong-dimensions'],
    ['POINT(6.78 51.22) x', 'trailing-text'],
    ['SRID=abc;POINT(1 2)', 'bad-srid'],
    ['MULTIPOINT((1 2), (3 4))', 'not-a-point'],
  ])('fails on %j with %s', (text, reason) => {
    const result = parseWktGeometry(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(5);
      expect(result.position).toBeGreaterThanOrEqual(0);
    }
  });

  it('names the position of the error', () => {
    expect(parseWktGeometry('POINT(6.78 x51)')).toMatchObject({ ok: false, reason: 'bad-number', position: 11, message: '"x51" is not a number' });
  });
});

describe('parseWktGeometry: areas', () => {
  it('reads a polygon with a hole and a multipolygon', () => {
    const polygon = parseWktGeometry('POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))');
    expect(polygon).toMatchObject({
      ok: true,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
          [[1, 1], [2, 1], [2, 2], [1, 1]],
        ],
      },
      fixes: [],
    });
    const multi = parseWktGeometry('SRID=25833;MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)), ((5 5 1, 6 5 1, 6 6 1, 5 5 1)))');
    expect(multi).toMatchObject({ ok: true, srid: 25833, dimensions: 'xyz', geometry: { type: 'MultiPolygon' } });
    if (multi.ok && multi.geometry.type === 'MultiPolygon') expect(multi.geometry.coordinates.length).toBe(2);
  });

  it('closes an open ring and says so; refuses rings that are too short', () => {
    const open = parseWktGeometry('POLYGON((0 0, 1 0, 1 1))');
    expect(open).toMatchObject({ ok: true, fixes: ['closed-ring'], geometry: { coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } });
    expect(parseWktGeometry('POLYGON((0 0, 1 0, 0 0))')).toMatchObject({ ok: false, reason: 'ring-too-short' });
  });

  it('refuses areas where a point is expected', () => {
    expect(parseWktGeometry('POLYGON((0 0, 1 0, 1 1, 0 0))', { allowAreas: false })).toMatchObject({ ok: false, reason: 'not-a-point' });
  });

  it('does not change its input and returns fresh arrays', () => {
    const text = 'POINT(1 2)';
    const first = parseWktGeometry(text);
    const second = parseWktGeometry(text);
    expect(first).toEqual(second);
    if (first.ok && second.ok) expect(first.geometry).not.toBe(second.geometry);
  });
});

describe('wktPointColumns', () => {
  it('reads a column into x/y, lists unreadable cells and leaves empty cells to the converter', () => {
    const cells = ['POINT(6.78 51.22)', '', null, 'POINT (6.80 51.25 12)', 'LINESTRING(0 0, 1 1)', 'POINT(6.7 abc)', 'point(6.9 51.3)'];
    const columns = wktPointColumns(cells);
    expect(Array.from(columns.x)).toEqual([6.78, Number.NaN, Number.NaN, 6.8, Number.NaN, Number.NaN, 6.9]);
    expect(columns.errors.map((error) => [error.row, error.reason])).toEqual([
      [4, 'unsupported-type'],
      [5, 'bad-number'],
    ]);
    expect(columns.fixed).toBe(1);
    expect(columns.srid).toBeNull();
    const converted = convertToWgs84(columns.x, columns.y, { crs: 'EPSG:4326', order: 'xy', zonePrefix: false });
    expect(converted.counts.missing).toBe(4);
  });

  it('takes the majority SRID and rejects cells declaring another one', () => {
    const cells = ['SRID=25832;POINT(345678 5678901)', 'SRID=25832;POINT(345680 5678950)', 'SRID=4326;POINT(6.78 51.22)', 'POINT(345690 5678990)'];
    const columns = wktPointColumns(cells);
    expect(columns.srid).toBe(25832);
    expect(columns.sridCounts).toEqual({ 25832: 2, 4326: 1 });
    expect(columns.errors).toEqual([expect.objectContaining({ row: 2, reason: 'srid-differs' })]);
    expect(Number.isNaN(columns.x[2]!)).toBe(true);
    expect(crsCodeForSrid(columns.srid!)).toBe('EPSG:25832');
    expect(guessCoordinates(columns.x, columns.y).best?.crs).toBe('EPSG:25832');
  });

  it('maps SRIDs to the codes the converter knows', () => {
    expect(crsCodeForSrid(4258)).toBe('EPSG:4326');
    expect(crsCodeForSrid(900913)).toBe('EPSG:3857');
    expect(crsCodeForSrid(31467)).toBe('EPSG:31467');
  });

  it('reads 100,000 point cells', () => {
    const cells = Array.from({ length: 100_000 }, (_, index) => `POINT (${(6 + (index % 900) / 100).toFixed(5)} ${(47.5 + index / 15_000).toFixed(5)})`);
    const columns = wktPointColumns(cells);
    expect(columns.errors).toEqual([]);
    expect(columns.x[99_999]).toBeCloseTo(6 + 99_999 % 900 / 100, 5);
    expect(columns.y[99_999]).toBeCloseTo(47.5 + 99_999 / 15_000, 5);
  });
});
