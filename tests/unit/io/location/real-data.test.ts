/**
 * Locating rows of real public data in ../shared/data (never copied into the project).
 * Skipped, with the reason printed, where that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { positionToWgs84 } from '../../../../src/io/crs';
import { createAddressIndex, type AddressPoint } from '../../../../src/io/location/addresses';
import { createAreaMatcher } from '../../../../src/io/location/area-keys';
import { convertToWgs84, guessCoordinates } from '../../../../src/io/location/coordinates';
import { metresBetween, project } from './helpers';

const sharedData = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const nrwSchools = `${sharedData}nrw_schulen/AS_BS_Verzeichnis_2024_25_mit_Sozialindex_und_Koordinaten.csv`;
const gemeindenDbf = `${sharedData}germany_admin/vg5000_2021/VG5000_GEM.dbf`;
const berlin = `${sharedData}berlin_lor/`;

function skipReason(...paths: string[]): string | null {
  const missing = paths.find((path) => !existsSync(path));
  if (!missing) return null;
  const reason = `real-data test skipped: ${missing} is absent`;
  console.log(reason);
  return reason;
}

function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** The attribute table of a Shapefile (dBASE III; VG5000 ships a .cpg saying UTF-8). */
function readDbf(path: string): Record<string, string>[] {
  const bytes = readFileSync(path);
  const records = bytes.readUInt32LE(4);
  const headerLength = bytes.readUInt16LE(8);
  const recordLength = bytes.readUInt16LE(10);
  const fields: { name: string; offset: number; length: number }[] = [];
  let offset = 1; // deletion flag
  for (let position = 32; bytes[position] !== 0x0d; position += 32) {
    const name = bytes.subarray(position, position + 11).toString('latin1').replace(/\0.*$/, '');
    const length = bytes[position + 16]!;
    fields.push({ name, offset, length });
    offset += length;
  }
  const decoder = new TextDecoder('utf-8');
  const rows: Record<string, string>[] = [];
  for (let record = 0; record < records; record++) {
    const start = headerLength + record * recordLength;
    const row: Record<string, string> = {};
    for (const field of fields) row[field.name] = decoder.decode(bytes.subarray(start + field.offset, start + field.offset + field.length)).trim();
    rows.push(row);
  }
  return rows;
}

const NRW_BBOX = [5.8, 50.3, 9.5, 52.6] as const;
const BERLIN_BBOX = [13.08, 52.33, 13.77, 52.68] as const;

describe.skipIf(skipReason(nrwSchools) !== null)('NRW schools (IT.NRW directory, geocoded lat/lon, AGS)', () => {
  const rows = skipReason(nrwSchools) === null ? readCsv(nrwSchools) : [];
  const latitude = rows.map((row) => (row.latitude === '' ? Number.NaN : Number(row.latitude)));
  const longitude = rows.map((row) => (row.longitude === '' ? Number.NaN : Number(row.longitude)));

  it('finds latitude before longitude and lists the geocoder’s misses', () => {
    expect(rows.length).toBe(5407);
    const guess = guessCoordinates(latitude, longitude);
    expect(guess.best).toMatchObject({ crs: 'EPSG:4326', order: 'yx' });
    expect(guess.status).toBe('ok');
    expect(guess.confidence).toBeGreaterThan(0.99);
    const converted = convertToWgs84(latitude, longitude, guess.best!);
    expect(converted.counts.missing).toBe(2);
    // A handful of schools were geocoded to 0/0 or to another continent: listed, not dropped.
    const outside = converted.doubtful.filter((row) => row.reason === 'outside-germany' || row.reason === 'zero');
    console.log(`NRW schools: ${converted.located} located, doubtful: ${JSON.stringify(converted.counts)}`);
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.length).toBeLessThan(20);
    expect(converted.located + converted.counts.missing + converted.counts.zero + converted.counts['out-of-range']).toBe(rows.length);
  });

  it('reads the same schools in UTM 32, zone-prefixed or not, and converts them back within 1 cm', () => {
    const usable = rows.map((_, index) => index).filter((index) => latitude[index]! > 50 && longitude[index]! > 5.8);
    const utm = usable.map((index) => project('EPSG:25832', longitude[index]!, latitude[index]!));
    const x = utm.map(([value]) => value);
    const y = utm.map(([, value]) => value);

    const blind = guessCoordinates(x, y);
    expect(blind.best).toMatchObject({ crs: 'EPSG:25832', zonePrefix: false });
    // NRW's eastings are also Saxony's in zone 33: ambiguous without knowing the area.
    expect(blind.status).toBe('ambiguous');
    const informed = guessCoordinates(x, y, { expectedBbox: NRW_BBOX });
    expect(informed.best).toMatchObject({ crs: 'EPSG:25832', zonePrefix: false, order: 'xy' });
    expect(informed.status).toBe('ok');

    const prefixed = guessCoordinates(
      x.map((value) => value + 32_000_000),
      y,
    );
    expect(prefixed.best).toMatchObject({ crs: 'EPSG:25832', zonePrefix: true });
    expect(prefixed.status).toBe('ok');

    const back = convertToWgs84(
      y,
      x.map((value) => value + 32_000_000),
      { crs: 'EPSG:25832', order: 'yx', zonePrefix: true },
    );
    let worst = 0;
    usable.forEach((row, index) => {
      worst = Math.max(worst, metresBetween([back.lon[index]!, back.lat[index]!], [longitude[row]!, latitude[row]!]));
    });
    expect(worst).toBeLessThan(0.01);
  });

  describe.skipIf(skipReason(gemeindenDbf) !== null)('joined by AGS to the VG5000 Gemeinden', () => {
    const gemeinden = skipReason(gemeindenDbf) === null ? readDbf(gemeindenDbf) : [];
    // One area per AGS (a Gemeinde may have several polygons).
    const byAgs = new Map<string, { id: string; key: string; name: string; ars: string }>();
    for (const gemeinde of gemeinden) if (!byAgs.has(gemeinde.AGS!)) byAgs.set(gemeinde.AGS!, { id: `gem-${gemeinde.AGS}`, key: gemeinde.AGS!, name: gemeinde.GEN!, ars: gemeinde.ARS! });
    const areas = [...byAgs.values()];
    const keys = rows.map((row) => row['Amtlicher Gemeindeschlüssel']!);

    it('matches every school’s AGS, also after a spreadsheet dropped the leading zero', () => {
      expect(areas.length).toBeGreaterThan(10_000);
      const matcher = createAreaMatcher(areas);
      const started = performance.now();
      const exact = matcher.matchAll(keys);
      const elapsed = performance.now() - started;
      console.log(`AGS join: ${keys.length} schools to ${areas.length} Gemeinden in ${elapsed.toFixed(0)} ms (index reused)`);
      expect(exact.counts.exact).toBe(5407);
      expect(exact.unmatched).toEqual([]);
      const dropped = matcher.matchAll(keys.map((key) => String(Number(key))));
      expect(dropped.counts.code).toBe(5407);
      // The join is right: Düsseldorf's schools land in Düsseldorf.
      const first = dropped.results[0]!;
      expect(first.matched && byAgs.get('05111000')!.id === first.areaId).toBe(true);
    });

    it('matches the AGS to Gemeinden keyed by their 12-digit ARS, and ARS to AGS-keyed ones', () => {
      const arsKeyed = createAreaMatcher(areas.map((area) => ({ id: area.id, key: area.ars, name: area.name })));
      const report = arsKeyed.matchAll(keys);
      expect(report.counts.code).toBe(5407);
      const agsKeyed = createAreaMatcher(areas);
      const arsOfSchools = keys.map((key) => byAgs.get(key)!.ars);
      expect(agsKeyed.matchAll(arsOfSchools).counts.code).toBe(5407);
    });
  });
});

describe.skipIf(skipReason(`${berlin}stats/`, `${berlin}boundaries/LOR_2021.csv`) !== null)('Berlin LOR keys (zero-padded)', () => {
  const lor = skipReason(`${berlin}boundaries/LOR_2021.csv`) === null ? readCsv(`${berlin}boundaries/LOR_2021.csv`) : [];
  const planningAreas = lor.map((row) => ({ id: `plr-${row['Planungsraum (Nummer)']}`, key: row['Planungsraum (Nummer)']!, name: row['Planungsraum (Name)']! }));

  it('joins population per PLR (key in the last column) exactly, and as numbers that lost their zeros', () => {
    const population = readCsv(`${berlin}stats/einwohnerbestand_06-2022_plr.csv`);
    expect(population.length).toBe(542);
    const matcher = createAreaMatcher(planningAreas);
    const keys = population.map((row) => row['PLR-ID']!);
    expect(matcher.matchAll(keys).counts.exact).toBe(542);
    const asNumbers = matcher.matchAll(keys.map((key) => Number(key)));
    // Bezirke 10–12 have no leading zero to lose: those stay exact.
    expect(asNumbers.counts.code).toBe(keys.filter((key) => key.startsWith('0')).length);
    expect(asNumbers.counts.code + asNumbers.counts.exact).toBe(542);
    expect(asNumbers.unmatched).toEqual([]);
    // Every row finds its own planning area.
    asNumbers.results.forEach((result, index) => expect(result.matched && result.areaId).toBe(`plr-${keys[index]}`));
  });

  it('joins the 58 Prognoseräume by zero-less number and by name', () => {
    const geojson = JSON.parse(readFileSync(`${berlin}boundaries/lor_prognoseraeume_2021.geojson`, 'utf8')) as {
      features: { properties: { PGR_ID: string; PGR_NAME: string } }[];
    };
    const areas = geojson.features.map((feature) => ({ id: feature.properties.PGR_ID, key: feature.properties.PGR_ID, name: feature.properties.PGR_NAME }));
    const matcher = createAreaMatcher(areas);
    const forecast = readCsv(`${berlin}stats/berlin-lor-population-2024-02-t2-forecast-areas.csv`);
    expect(matcher.matchAll(forecast.map((row) => row.id!)).counts.exact).toBe(58);
    const numbers = matcher.matchAll(lor.map((row) => String(Number(row['Prognoseraum (Nummer)']))));
    expect(numbers.counts.code + numbers.counts.exact).toBe(542);
    expect(numbers.counts.code).toBeGreaterThan(400);
    const names = matcher.matchAll(lor.map((row) => row['Prognoseraum (Name)']!.toLowerCase().replace(/ /g, '_')));
    expect(names.counts.name).toBe(542);
    numbers.results.forEach((result, index) => expect(result.matched && result.areaId).toBe(lor[index]!['Prognoseraum (Nummer)']));
  });
});

interface PointFeature<P> {
  properties: P;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

describe.skipIf(skipReason(`${berlin}resources/kindertagesstaetten.geojson`, `${berlin}resources/schulen.geojson`) !== null)(
  'Berlin Kitas and schools (EPSG:25833 points, addresses)',
  () => {
    const kitas = skipReason(`${berlin}resources/kindertagesstaetten.geojson`) === null
      ? (JSON.parse(readFileSync(`${berlin}resources/kindertagesstaetten.geojson`, 'utf8')).features as PointFeature<Record<string, string>>[])
      : [];
    const schools = skipReason(`${berlin}resources/schulen.geojson`) === null
      ? (JSON.parse(readFileSync(`${berlin}resources/schulen.geojson`, 'utf8')).features as PointFeature<Record<string, string>>[])
      : [];
    const x = kitas.map((feature) => feature.geometry.coordinates[0]);
    const y = kitas.map((feature) => feature.geometry.coordinates[1]);

    it('recognises UTM 33 given the project area, and converts within 1 cm of proj4', () => {
      expect(kitas.length).toBe(2880);
      expect(guessCoordinates(x, y).status).toBe('ambiguous');
      const guess = guessCoordinates(x, y, { expectedBbox: BERLIN_BBOX });
      expect(guess.best).toMatchObject({ crs: 'EPSG:25833', order: 'xy', zonePrefix: false });
      const converted = convertToWgs84(x, y, guess.best!, { bbox: BERLIN_BBOX, marginDegrees: 0.01 });
      expect(converted.located).toBe(2880);
      expect(converted.doubtful).toEqual([]);
      const reference = positionToWgs84('EPSG:25833');
      let worst = 0;
      for (let row = 0; row < kitas.length; row++) worst = Math.max(worst, metresBetween([converted.lon[row]!, converted.lat[row]!], reference([x[row]!, y[row]!])));
      expect(worst).toBeLessThan(0.01);
    });

    const converted = convertToWgs84(x, y, { crs: 'EPSG:25833', order: 'xy', zonePrefix: false });
    const kitaAddresses: AddressPoint[] = kitas.map((feature, row) => ({
      street: feature.properties.e_strasse!,
      housenumber: feature.properties.e_hnr ?? '',
      postcode: feature.properties.e_plz ?? '',
      city: feature.properties.e_ort ?? '',
      lon: converted.lon[row]!,
      lat: converted.lat[row]!,
    }));

    it('finds every Kita by its address written out in full ("Albrechtstr." → "Albrechtstraße")', () => {
      const index = createAddressIndex(kitaAddresses);
      const queries = kitas.map((feature) => ({
        street: feature.properties.e_strasse!.replace(/str\.$/, 'straße').replace(/Str\.$/, 'Straße'),
        housenumber: feature.properties.e_hnr,
        postcode: feature.properties.e_plz,
      }));
      const report = index.matchAll(queries);
      expect(report.exact).toBe(2880);
      let worst = 0;
      report.matches.forEach((match, row) => (worst = Math.max(worst, metresBetween([match.lon, match.lat], [kitaAddresses[row]!.lon, kitaAddresses[row]!.lat]))));
      // Kitas sharing an address get the mean of their points.
      console.log(`Berlin Kitas by address: ${report.exact} exact; farthest from its own point ${worst.toFixed(1)} m`);
      expect(worst).toBeLessThan(300);
    });

    it('places schools by the Kita address list: exact ones next to the school, the rest approximate or listed', () => {
      const index = createAddressIndex(kitaAddresses);
      const schoolX = schools.map((feature) => feature.geometry.coordinates[0]);
      const schoolY = schools.map((feature) => feature.geometry.coordinates[1]);
      const schoolPoints = convertToWgs84(schoolX, schoolY, { crs: 'EPSG:25833', order: 'xy', zonePrefix: false });
      const report = index.matchAll(
        schools.map((feature) => ({ street: feature.properties.strasse, housenumber: feature.properties.hausnr, postcode: feature.properties.plz, city: 'Berlin' })),
      );
      expect(report.exact + report.approximate + report.unmatched).toBe(schools.length);
      const distances = { exact: [] as number[], street: [] as number[] };
      report.matches.forEach((match, row) => {
        const distance = metresBetween([match.lon, match.lat], [schoolPoints.lon[row]!, schoolPoints.lat[row]!]);
        if (match.status === 'exact') distances.exact.push(distance);
        if (match.how === 'street') distances.street.push(distance);
      });
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
      console.log(
        `Berlin schools against Kita addresses: exact ${report.exact}, approximate ${report.approximate} (${JSON.stringify(report.byHow)}), unmatched ${report.unmatched}; ` +
          `median distance to the school's own point: exact ${median(distances.exact).toFixed(0)} m, street centroid ${median(distances.street).toFixed(0)} m`,
      );
      expect(report.exact).toBeGreaterThan(20);
      expect(median(distances.exact)).toBeLessThan(100);
      expect(median(distances.street)).toBeLessThan(1500);
      expect(report.unmatchedRows.every((row) => row.reason === 'unknown-street' || row.reason === 'not-in-postcode')).toBe(true);
    });
  },
);
