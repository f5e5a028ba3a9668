/**
 * The CSV core on the real public files in ../shared/data (never copied into the project).
 * Skipped, with the reason printed, where that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GUESS_THRESHOLD, cellValue, parseCsv, sniffCsv, type CsvColumnData, type CsvNumberColumn, type CsvSniff, type CsvTable } from '../../../../src/io/csv';

const sharedData = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
const hamburg = `${sharedData}hamburg_stadtteilprofile/Daten_fuer_die_Stadtteilprofile_2014.csv`;
const berlinPopulation = `${sharedData}berlin_lor/stats/einwohnerbestand_06-2022_plr.csv`;
const berlinMss = `${sharedData}berlin_lor/stats/mss_2021_index-indikatoren_z-werte_plr.csv`;
const berlinMssIndex = `${sharedData}berlin_lor/stats/mss_2021_indizes.csv`;
const berlinLor = `${sharedData}berlin_lor/boundaries/LOR_2021.csv`;
const nrwSchools = `${sharedData}nrw_schulen/AS_BS_Verzeichnis_2024_25_mit_Sozialindex_und_Koordinaten.csv`;

function skipReason(path: string): string | null {
  if (existsSync(path)) return null;
  const reason = `real-data test skipped: ${path} is absent`;
  console.log(reason);
  return reason;
}

function read(path: string): { sniff: CsvSniff; table: CsvTable } {
  const bytes = new Uint8Array(readFileSync(path));
  const sniff = sniffCsv(bytes);
  return { sniff, table: parseCsv(bytes, sniff.settings, { expectedRows: sniff.estimatedRows }) };
}

const column = (table: CsvTable, name: string): CsvColumnData => {
  const found = table.columns.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
};
const numbers = (table: CsvTable, name: string): CsvNumberColumn => {
  const found = column(table, name);
  if (found.kind !== 'number') throw new Error(`${name} is ${found.kind}`);
  return found;
};
const rowOf = (table: CsvTable, name: string, value: string) => {
  const keys = column(table, name);
  for (let row = 0; row < table.rowCount; row++) if (cellValue(keys, row) === value) return row;
  throw new Error(`no row with ${name} = ${value}`);
};
const sum = (values: Float64Array) => values.reduce((total, value) => (Number.isNaN(value) ? total : total + value), 0);

describe.skipIf(skipReason(hamburg) !== null)('Hamburg Stadtteilprofile 2014 (;, decimal comma, space thousands, "." missing)', () => {
  const { sniff, table } = read(hamburg);

  it('detects the settings with confidence', () => {
    expect(sniff.settings).toMatchObject({ encoding: 'utf-8', delimiter: ';', hasHeader: true, skipRows: 0, columnCount: 69 });
    expect(sniff.lineEnding).toBe('lf');
    expect(Object.values(sniff.confidence).every((value) => value >= GUESS_THRESHOLD)).toBe(true);
    const population = sniff.columns[1]!;
    expect(population.settings).toMatchObject({ type: 'integer', decimal: ',', thousands: ' ' });
    expect(sniff.columns[3]!.settings).toMatchObject({ type: 'number', decimal: ',' });
    expect(sniff.columns[55]!.markers).toEqual({ '.': 11 });
    expect(sniff.roles.byRole.areaKey?.column).toBe(0);
  });

  it('reads all 107 rows with exact values, "." and "-" as missing with their marker', () => {
    expect([table.rowCount, table.rejects.length]).toEqual([107, 0]);
    const population = numbers(table, 'Bevölkerung');
    expect(population.values[0]).toBe(1675);
    expect(sum(population.values)).toBe(5_360_205);
    const altstadt = rowOf(table, 'Stadtgebiet', 'Hamburg-Altstadt');
    expect(cellValue(column(table, 'Anteil der unter 18-Jährigen in %'), altstadt)).toBe(9.7);
    expect(cellValue(column(table, 'Wanderungssaldo'), altstadt)).toBe(-23);
    const hamburgTotal = rowOf(table, 'Stadtgebiet', 'Hamburg');
    expect(table.lines[hamburgTotal]).toBe(108);
    expect(population.values[hamburgTotal]).toBe(1_788_994);
    expect(cellValue(column(table, 'Durchschnitt-liches Einkommen je Steuerpflichtigen in EUR (2010)'), hamburgTotal)).toBe(35_567);
    expect(cellValue(column(table, 'Wohnungsgröße in m² (2013)'), altstadt)).toBe(70.2);
    // 84 cells are ".", two are "-": all missing, none rejected.
    const missing = table.columns.reduce((total, candidate) => total + (candidate.kind === 'number' ? candidate.missing : 0), 0);
    expect(missing).toBe(86);
    const prices = numbers(table, 'Preise für Grundstücke in EUR/m² (Jan 2014)');
    expect(prices.values[altstadt]).toBeNaN();
    expect(prices.markers[prices.status![altstadt]! - 1]!.text).toBe('.');
    const balance = numbers(table, 'Wanderungssaldo');
    const curslack = rowOf(table, 'Stadtgebiet', 'Curslack');
    expect(balance.markers[balance.status![curslack]! - 1]!.text).toBe('-');
  });
});

describe.skipIf(skipReason(berlinPopulation) !== null)('Berlin Einwohnerbestand 06/2022 (BOM, CRLF, ;, key in the last column, zero-padded)', () => {
  const { sniff, table } = read(berlinPopulation);

  it('detects BOM, CRLF and the key column', () => {
    expect(sniff).toMatchObject({ bom: true, lineEnding: 'crlf' });
    expect(sniff.settings).toMatchObject({ encoding: 'utf-8', delimiter: ';', hasHeader: true, columnCount: 12 });
    expect(sniff.header![0]).toBe('Gesamt');
    expect(sniff.header![11]).toBe('PLR-ID');
    expect(sniff.columns[11]!.settings.type).toBe('text');
    expect(sniff.roles.byRole.areaKey?.column).toBe(11);
    expect(sniff.columns[0]!.markers).toEqual({ '–': 2 });
  });

  it('keeps the zero-padded keys and reads the en-dash cells as missing', () => {
    expect(table.rowCount).toBe(542);
    expect(table.rejects).toEqual([]);
    const key = column(table, 'PLR-ID');
    expect([cellValue(key, 0), cellValue(key, 541)]).toEqual(['01100101', '12601236']);
    expect(table.lines[541]).toBe(543);
    const total = numbers(table, 'Gesamt');
    expect(total.values[0]).toBe(3503);
    expect(sum(total.values)).toBe(3_821_881);
    const empty = rowOf(table, 'PLR-ID', '03400831');
    expect(table.lines[empty]).toBe(117);
    expect(total.values[empty]).toBeNaN();
    expect(total.markers[total.status![empty]! - 1]!.text).toBe('–');
  });
});

describe.skipIf(skipReason(berlinMss) !== null)('Berlin MSS 2021 z-values (;, decimal point, header cells with trailing spaces)', () => {
  const { sniff, table } = read(berlinMss);

  it('reads decimal points although the delimiter is ;', () => {
    expect(sniff.settings.delimiter).toBe(';');
    expect(sniff.columns[3]!.settings).toMatchObject({ type: 'number', decimal: '.' });
    expect(sniff.header![8]).toBe('Zuordnung Klasse Status-Index');
    expect(table.rowCount).toBe(542);
    expect([cellValue(column(table, 'zS1'), 0), cellValue(column(table, 'Zuordnung Klasse Status-Index'), 0)]).toEqual([-0.25, 'mittel']);
    expect(cellValue(column(table, 'PLR-ID'), 0)).toBe('01100101');
  });
});

describe.skipIf(skipReason(berlinMssIndex) !== null)('Berlin MSS 2021 index (",", quoted zero-padded keys)', () => {
  it('keeps quoted keys as text and does not take the period 202012 for a coordinate', () => {
    const { sniff, table } = read(berlinMssIndex);
    expect(sniff.settings).toMatchObject({ delimiter: ',', hasHeader: true, columnCount: 13 });
    expect(sniff.columns[0]!.settings.type).toBe('integer');
    expect(sniff.roles.byRole.x).toBeUndefined();
    expect([cellValue(column(table, 'PLR_ID'), 0), cellValue(column(table, 'BEZ_ID'), 0)]).toEqual(['01100101', '01']);
    const validity = column(table, 'KOM');
    let invalid = 0;
    for (let row = 0; row < table.rowCount; row++) if (String(cellValue(validity, row)).startsWith('ungültig')) invalid++;
    expect([table.rowCount, invalid]).toEqual([542, 6]);
  });
});

describe.skipIf(skipReason(berlinLor) !== null)('Berlin LOR_2021.csv (",", BOM, CRLF, no final newline, date with a leading space)', () => {
  it('reads keys, areas and the date', () => {
    const { sniff, table } = read(berlinLor);
    expect(sniff).toMatchObject({ bom: true, lineEnding: 'crlf' });
    expect(sniff.settings).toMatchObject({ delimiter: ',', columnCount: 10 });
    expect(sniff.columns[9]!.settings).toMatchObject({ type: 'date', dateOrder: 'dmy' });
    expect(table.rowCount).toBe(542);
    expect(cellValue(column(table, 'Stand der Daten'), 0)).toBe('2021-01-01');
    expect(cellValue(column(table, 'Prognoseraum (Nummer)'), 0)).toBe('0110');
    expect(sum(numbers(table, 'Fläche in qm').values)).toBeCloseTo(891_132_456.35, 2);
  });
});

describe.skipIf(skipReason(nrwSchools) !== null)('NRW schools 2024/25 (",", quoted addresses with commas, AGS, empty social index)', () => {
  const { sniff, table } = read(nrwSchools);

  it('detects columns and roles', () => {
    expect(sniff.settings).toMatchObject({ encoding: 'utf-8', delimiter: ',', hasHeader: true, columnCount: 22 });
    expect(sniff.columns[2]!.settings.type).toBe('text');
    expect(sniff.columns[19]!.settings).toMatchObject({ type: 'coordinate', coordinate: 'latitude', decimal: '.' });
    expect(sniff.columns[20]!.settings.coordinate).toBe('longitude');
    expect(sniff.roles.byRole).toMatchObject({
      areaKey: { column: 2 },
      id: { column: 4 },
      name: { column: 5 },
      address: { column: 8 },
      postcode: { column: 9 },
      city: { column: 10 },
      count: { column: 17 },
      latitude: { column: 19 },
      longitude: { column: 20 },
    });
  });

  it('reads every school with its AGS and coordinates; empty cells are missing', () => {
    expect([table.rowCount, table.rejects.length]).toEqual([5407, 0]);
    expect(cellValue(column(table, 'Amtlicher Gemeindeschlüssel'), 0)).toBe('05111000');
    expect(cellValue(column(table, 'Postleitzahl'), 0)).toBe('40468');
    expect(cellValue(column(table, 'found_address'), 0)).toBe('76, Unterrather Straße, Unterrath, Stadtbezirk 6, Düsseldorf, Nordrhein-Westfalen, 40468, Deutschland');
    expect([cellValue(column(table, 'latitude'), 0), cellValue(column(table, 'longitude'), 0)]).toEqual([51.2751293, 6.7829699]);
    expect(numbers(table, 'Sozialindex').missing).toBe(1265);
    const latitude = numbers(table, 'latitude');
    expect(latitude.missing).toBe(2);
    const missingLines = [...table.lines].filter((_, row) => Number.isNaN(latitude.values[row]!));
    expect(missingLines).toEqual([5164, 5301]);
    expect(sum(numbers(table, 'Anzahl').values)).toBe(2_516_975);
  });
});
