import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import {
  SUPPORTED_CRS,
  detectCrs,
  interpretWkt,
  normaliseCrsCode,
  projectGeometry,
  reprojectGeometry,
  userCrs,
} from '../../../src/io/crs';
import { deepFreeze, square } from '../helpers';

/** Distance in metres between two lon/lat positions (equirectangular, fine at centimetres). */
function metresBetween(a: Position, b: Position): number {
  const latitude = ((a[1]! + b[1]!) / 2) * (Math.PI / 180);
  const dx = (a[0]! - b[0]!) * 111_320 * Math.cos(latitude);
  const dy = (a[1]! - b[1]!) * 110_574;
  return Math.hypot(dx, dy);
}

function polygonIn(code: string, lon: number, lat: number): Polygon {
  return projectGeometry(square(lon, lat, 0.01), code);
}

function sampleOf(geometry: Polygon): [number, number][] {
  return geometry.coordinates[0]!.map(([x, y]) => [x!, y!]);
}

const ETRS_UTM_32_OGC =
  'PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",' +
  'SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4258"]],' +
  'PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],' +
  'PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],' +
  'UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","25832"]]';

const ESRI_UTM_33 =
  'PROJCS["ETRS_1989_UTM_Zone_33N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
  'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",15.0],' +
  'PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const ESRI_UTM_32_ZONE_PREFIX =
  'PROJCS["ETRS_1989_UTM_Zone_N32",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
  'PARAMETER["False_Easting",32500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],' +
  'PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const ESRI_GK3_WITHOUT_AUTHORITY =
  'PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",' +
  'SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const ESRI_LAEA =
  'PROJCS["ETRS_1989_LAEA",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],' +
  'PARAMETER["False_Easting",4321000.0],PARAMETER["False_Northing",3210000.0],PARAMETER["Central_Meridian",10.0],' +
  'PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]';

const ESRI_WEB_MERCATOR =
  'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],' +
  'PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],' +
  'PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]';

const ESRI_GEOGRAPHIC =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

describe('SUPPORTED_CRS', () => {
  it('lists the German planning systems', () => {
    const codes = SUPPORTED_CRS.map((crs) => crs.code);
    for (const code of ['EPSG:4326', 'EPSG:25832', 'EPSG:25833', 'EPSG:31467', 'EPSG:3035', 'EPSG:3857']) {
      expect(codes).toContain(code);
    }
  });
});

describe('normaliseCrsCode', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::25833', 'EPSG:25833'],
    ['EPSG:25832', 'EPSG:25832'],
    ['epsg:3035', 'EPSG:3035'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['urn:ogc:def:crs:EPSG:6.6:31467', 'EPSG:31467'],
    ['http://www.opengis.net/def/crs/EPSG/0/25832', 'EPSG:25832'],
    ['4258', 'EPSG:4326'],
    ['something else', null],
  ])('%s → %s', (name, code) => {
    expect(normaliseCrsCode(name)).toBe(code);
  });
});

describe('detectCrs from a GeoJSON crs member', () => {
  it('reads a urn name', () => {
    const sample = sampleOf(polygonIn('EPSG:25833', 13.4, 52.5));
    const crsMember = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25833' } };
    expect(detectCrs({ crsMember, sample })).toMatchObject({ code: 'EPSG:25833', source: 'crs-member', zonePrefix: false });
  });

  it('reads a plain EPSG:25832 name', () => {
    const sample = sampleOf(polygonIn('EPSG:25832', 9.5, 51.3));
    const crsMember = { type: 'name', properties: { name: 'EPSG:25832' } };
    expect(detectCrs({ crsMember, sample })).toMatchObject({ code: 'EPSG:25832', source: 'crs-member' });
  });

  it('reads CRS84 as lon/lat', () => {
    const crsMember = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
    expect(detectCrs({ crsMember, sample: [[9.5, 51.3]] })).toMatchObject({ code: 'EPSG:4326', source: 'crs-member', swapAxes: false });
  });

  it('overrules a declaration the coordinates contradict, and says so', () => {
    const sample = sampleOf(polygonIn('EPSG:25832', 9.5, 51.3));
    const crsMember = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
    const detection = detectCrs({ crsMember, sample });
    expect(detection).toMatchObject({ code: 'EPSG:25832', source: 'guess', noteCode: 'crs.declared-mismatch' });
    expect(detection.note).toContain('CRS84');
  });
});

describe('detectCrs from .prj WKT', () => {
  it('uses the EPSG authority', () => {
    const sample = sampleOf(polygonIn('EPSG:25832', 9.5, 51.3));
    expect(detectCrs({ prjWkt: ETRS_UTM_32_OGC, sample })).toMatchObject({ code: 'EPSG:25832', source: 'prj', zonePrefix: false });
  });

  it.each([
    ['ESRI UTM 33 without authority', ESRI_UTM_33, 'EPSG:25833', false],
    ['zone-prefixed false easting 32500000', ESRI_UTM_32_ZONE_PREFIX, 'EPSG:25832', true],
    ['Gauss-Krüger zone 3 (Bessel) without authority', ESRI_GK3_WITHOUT_AUTHORITY, 'EPSG:31467', false],
    ['LAEA Europe', ESRI_LAEA, 'EPSG:3035', false],
    ['Web Mercator auxiliary sphere', ESRI_WEB_MERCATOR, 'EPSG:3857', false],
    ['GEOGCS only', ESRI_GEOGRAPHIC, 'EPSG:4326', false],
  ])('interprets %s', (_label, wkt, code, zonePrefix) => {
    expect(interpretWkt(wkt)).toMatchObject({ code, zonePrefix, via: 'parameters' });
  });

  it('reads the ESRI name alone ("ETRS_1989_UTM_Zone_32N" with no parameters)', () => {
    expect(interpretWkt('PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989"]]')).toMatchObject({ code: 'EPSG:25832' });
  });

  it('detects zone-prefixed eastings declared by the .prj', () => {
    const sample = sampleOf(polygonIn('EPSG:25832', 9.5, 51.3)).map(([x, y]) => [x + 32_000_000, y] as [number, number]);
    expect(detectCrs({ prjWkt: ESRI_UTM_32_ZONE_PREFIX, sample })).toMatchObject({ code: 'EPSG:25832', source: 'prj', zonePrefix: true });
  });

  it('falls back to a guess for an unsupported projection and names it', () => {
    const wkt = ESRI_UTM_33.replace('Central_Meridian",15.0', 'Central_Meridian",21.0').replace('Zone_33N', 'Zone_34N');
    const sample = sampleOf(polygonIn('EPSG:25833', 11.5, 52.8));
    const detection = detectCrs({ prjWkt: wkt, sample });
    expect(detection).toMatchObject({ code: 'EPSG:25833', source: 'guess', noteCode: 'crs.unsupported-declared' });
    expect(detection.note).toContain('ETRS_1989_UTM_Zone_34N');
  });
});

describe('detectCrs guesses from coordinates', () => {
  it.each([
    ['EPSG:4326 lon/lat', 'EPSG:4326', 9.5, 51.3],
    ['EPSG:25832 in Hessen', 'EPSG:25832', 9.5, 51.3],
    ['EPSG:25833 eastings below 280 000 (Brandenburg west)', 'EPSG:25833', 11.5, 52.8],
    ['EPSG:31467 Gauss-Krüger', 'EPSG:31467', 8.5, 49.5],
    ['EPSG:3035 LAEA', 'EPSG:3035', 10.2, 51.0],
    ['EPSG:3857 Web Mercator', 'EPSG:3857', 11.5, 53.5],
  ])('%s', (_label, code, lon, lat) => {
    const sample = sampleOf(polygonIn(code, lon, lat));
    const detection = detectCrs({ sample });
    expect(detection.code).toBe(code);
    expect(detection.zonePrefix).toBe(false);
    expect(detection.swapAxes).toBe(false);
  });

  it('notes that UTM 32 and 33 both fit Berlin-range eastings and offers the other', () => {
    const sample = sampleOf(polygonIn('EPSG:25833', 13.4, 52.5));
    const detection = detectCrs({ sample });
    expect(detection).toMatchObject({ code: 'EPSG:25832', source: 'guess', noteCode: 'crs.guess-ambiguous' });
    expect(detection.alternatives).toContain('EPSG:25833');
  });

  it('recognises zone-prefixed eastings (32xxxxxxx)', () => {
    const sample = sampleOf(polygonIn('EPSG:25832', 9.5, 51.3)).map(([x, y]) => [x + 32_000_000, y] as [number, number]);
    expect(detectCrs({ sample })).toMatchObject({ code: 'EPSG:25832', zonePrefix: true, source: 'guess' });
  });

  it('recognises zone-prefixed eastings (33xxxxxxx)', () => {
    const sample = sampleOf(polygonIn('EPSG:25833', 13.4, 52.5)).map(([x, y]) => [x + 33_000_000, y] as [number, number]);
    expect(detectCrs({ sample })).toMatchObject({ code: 'EPSG:25833', zonePrefix: true });
  });

  it('detects latitude-first lon/lat data', () => {
    const detection = detectCrs({ sample: [[51.3, 9.5], [51.32, 9.52], [52.5, 13.4]] });
    expect(detection).toMatchObject({ code: 'EPSG:4326', swapAxes: true, noteCode: 'crs.swapped-axes' });
  });

  it('detects latitude-first data behind a CRS84 declaration', () => {
    const crsMember = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } };
    expect(detectCrs({ crsMember, sample: [[51.3, 9.5]] })).toMatchObject({ code: 'EPSG:4326', swapAxes: true, source: 'crs-member' });
  });

  it('defaults to WGS84 without coordinates', () => {
    expect(detectCrs({ sample: [] })).toMatchObject({ code: 'EPSG:4326', source: 'default' });
  });

  it('says when nothing fits', () => {
    expect(detectCrs({ sample: [[123_456_789, 42]] })).toMatchObject({ code: 'EPSG:4326', source: 'default', noteCode: 'crs.unrecognised' });
  });

  it('does not mutate the sample', () => {
    const sample = deepFreeze([[531372.187, 5683283.031] as [number, number]]);
    expect(() => detectCrs({ sample })).not.toThrow();
  });
});

describe('userCrs', () => {
  it('keeps the chosen code and still notices a zone prefix', () => {
    expect(userCrs('EPSG:25832', [[32_531_372, 5_683_283]])).toMatchObject({ code: 'EPSG:25832', source: 'user', zonePrefix: true });
  });

  it('refuses an unsupported code', () => {
    expect(() => userCrs('EPSG:2154', [])).toThrow(RangeError);
  });
});

describe('reprojectGeometry and projectGeometry', () => {
  it.each(['EPSG:25832', 'EPSG:25833', 'EPSG:31467', 'EPSG:3035', 'EPSG:3857'])('round-trips WGS84 → %s → WGS84 within 1 cm', (code) => {
    const original = deepFreeze(square(9.9, 51.2, 0.05));
    const back = reprojectGeometry(projectGeometry(original, code), code);
    back.coordinates[0]!.forEach((position, index) => {
      expect(metresBetween(position, original.coordinates[0]![index]!)).toBeLessThan(0.01);
    });
  });

  it('puts the central meridian at easting 500 000 (UTM 32: 9° E, UTM 33: 15° E)', () => {
    const utm32 = projectGeometry({ type: 'Point', coordinates: [9, 51] }, 'EPSG:25832');
    const utm33 = projectGeometry({ type: 'Point', coordinates: [15, 51] }, 'EPSG:25833');
    expect(utm32.coordinates[0]).toBeCloseTo(500_000, 3);
    expect(utm33.coordinates[0]).toBeCloseTo(500_000, 3);
    // 51° N lies some 5 650 km north of the equator on the (scaled) meridian.
    expect(utm32.coordinates[1]).toBeGreaterThan(5_640_000);
    expect(utm32.coordinates[1]).toBeLessThan(5_660_000);
  });

  it('applies the DHDN datum shift for Gauss-Krüger (≈ 100 m, not 0)', () => {
    // Without towgs84 the GK point would land ~100–150 m away from where it is.
    const gk = projectGeometry({ type: 'Point', coordinates: [9.0, 51.0] }, 'EPSG:31467');
    expect(gk.coordinates[0]).toBeGreaterThan(3_499_900);
    expect(gk.coordinates[0]).toBeLessThan(3_500_100);
    expect(Math.abs(gk.coordinates[1]! - 5_652_000)).toBeLessThan(2_000);
  });

  it('removes a zone prefix and swaps axes on request', () => {
    const plain = reprojectGeometry({ type: 'Point', coordinates: [531_372.187, 5_683_283.031] }, 'EPSG:25832');
    const prefixed = reprojectGeometry({ type: 'Point', coordinates: [32_531_372.187, 5_683_283.031] }, 'EPSG:25832', { zonePrefix: true });
    expect(prefixed.coordinates[0]).toBeCloseTo(plain.coordinates[0]!, 9);
    expect(prefixed.coordinates[1]).toBeCloseTo(plain.coordinates[1]!, 9);
    expect(reprojectGeometry({ type: 'Point', coordinates: [51.3, 9.5] }, 'EPSG:4326', { swapAxes: true }).coordinates).toEqual([9.5, 51.3]);
  });

  it('never mutates its input', () => {
    const original = deepFreeze({
      type: 'MultiPolygon' as const,
      coordinates: [square(9.5, 51.3, 0.01).coordinates, square(9.6, 51.3, 0.01).coordinates],
    });
    const copy = JSON.parse(JSON.stringify(original));
    const projected = projectGeometry(original, 'EPSG:25832');
    reprojectGeometry(deepFreeze(projected), 'EPSG:25832');
    expect(original).toEqual(copy);
  });
});
