import { describe, expect, it } from 'vitest';
import { headerTokens, suggestRoles, type CsvRole } from '../../../../src/io/csv';

/** The role suggested for a single header (with optional sample values). */
function roleOf(header: string, values: string[] = []): CsvRole | undefined {
  return suggestRoles([header], [values]).byColumn[0]?.role;
}

describe('headerTokens', () => {
  it('folds case, umlauts and ß, drops units in brackets and splits at punctuation', () => {
    expect(headerTokens('Plätze (genehmigt)')).toEqual(['plaetze']);
    expect(headerTokens('STRASSE')).toEqual(['strasse']);
    expect(headerTokens('Straße/Hausnr.')).toEqual(['strasse', 'hausnr']);
    expect(headerTokens('Fläche [km²]')).toEqual(['flaeche']);
    expect(headerTokens('§ 27 SGB VIII')).toEqual(['paragraph', '27', 'sgb', 'viii']);
    expect(headerTokens('Café-Name')).toEqual(['cafe', 'name']);
  });
});

describe('suggestRoles from headers', () => {
  it.each([
    ['Name', 'name'],
    ['Bezeichnung', 'name'],
    ['Einrichtung', 'name'],
    ['Einrichtungsname', 'name'],
    ['e_name', 'name'],
    ['Kategorie', 'category'],
    ['Art', 'category'],
    ['Typ', 'category'],
    ['Einrichtungsart', 'category'],
    ['Straße', 'street'],
    ['STRASSE', 'street'],
    ['Str.', 'street'],
    ['Hausnummer', 'houseNumber'],
    ['Hausnr.', 'houseNumber'],
    ['Straße und Hausnummer', 'address'],
    ['Anschrift', 'address'],
    ['PLZ', 'postcode'],
    ['Postleitzahl', 'postcode'],
    ['Ort', 'city'],
    ['Stadt', 'city'],
    ['lat', 'latitude'],
    ['Breitengrad', 'latitude'],
    ['LON', 'longitude'],
    ['Länge', 'longitude'],
    ['Rechtswert', 'x'],
    ['East', 'x'],
    ['X', 'x'],
    ['Hochwert', 'y'],
    ['Northing', 'y'],
    ['WKT', 'wkt'],
    ['Sozialraum', 'areaKey'],
    ['Stadtteil', 'areaKey'],
    ['Bezirk', 'areaKey'],
    ['Schlüssel', 'areaKey'],
    ['AGS', 'areaKey'],
    ['Amtlicher Gemeindeschlüssel', 'areaKey'],
    ['PLR-ID', 'areaKey'],
    ['Sozialraum-Nr.', 'areaKey'],
    ['ID', 'id'],
    ['Schulnummer', 'id'],
    ['Jahr', 'year'],
    ['Berichtsjahr', 'year'],
    ['Anzahl', 'count'],
    ['Fälle', 'count'],
    ['Fallzahl', 'count'],
    ['Summe', 'count'],
    ['Hilfeart', 'helpType'],
    ['§', 'helpType'],
    ['Alter', 'age'],
    ['Altersgruppe', 'age'],
    ['Alter von', 'ageFrom'],
    ['Alter bis', 'ageTo'],
    ['Plätze', 'capacity'],
    ['Kapazität', 'capacity'],
    ['Betreuungsplätze (genehmigt)', 'capacity'],
    ['Träger', 'provider'],
    ['TRAEGER', 'provider'],
    ['Telefon', 'contact'],
    ['E-Mail', 'contact'],
    ['Zielgruppe', 'targetGroups'],
    ['Zielgruppen (Alter)', 'targetGroups'],
  ] as const)('%j → %s', (header, role) => {
    expect(roleOf(header)).toBe(role);
  });

  it.each(['Trägername', 'Anteil in %', 'Telefonnummer', 'Hausnummer'])('%j is no name or count of the facility', (header) => {
    expect(['name', 'count', 'id']).not.toContain(roleOf(header));
  });

  it('does not read one-letter parts of codes as roles ("SI_N" is no count)', () => {
    expect(roleOf('SI_N', ['1', '2'])).toBeUndefined();
  });
});

describe('suggestRoles with values', () => {
  it('finds coordinates by their range without a header, and swaps lat/lon named the wrong way round', () => {
    const lat = ['53.5511', '53.5489', '53.5602'];
    const lon = ['9.9937', '10.0012', '9.9811'];
    const byValues = suggestRoles([], [lon, lat]);
    expect(byValues.byRole).toMatchObject({ longitude: { column: 0, basis: 'values' }, latitude: { column: 1, basis: 'values' } });
    const swapped = suggestRoles(['lat', 'lon'], [lon, lat]);
    expect(swapped.byRole).toMatchObject({ longitude: { column: 0, basis: 'swapped' }, latitude: { column: 1, basis: 'swapped' } });
  });

  it('tells easting from northing by magnitude', () => {
    const suggestions = suggestRoles(['Koordinate 1', 'Koordinate 2'], [
      ['5934567,89', '5934012,01', '5935100,00'],
      ['567890,12', '568012,50', '566999,99'],
    ]);
    expect(suggestions.byRole).toMatchObject({ y: { column: 0 }, x: { column: 1 } });
  });

  it('does not take one repeated integer (a period like 202012) for a coordinate', () => {
    expect(suggestRoles(['ZEIT'], [['202012', '202012', '202012']]).byRole.x).toBeUndefined();
  });

  it('prefers the column of codes for the area key', () => {
    const suggestions = suggestRoles(['Verwaltungsbezirk', 'Amtlicher Gemeindeschlüssel'], [
      ['Krfr. Stadt Düsseldorf', 'Krfr. Stadt Duisburg'],
      ['05111000', '05112000'],
    ]);
    expect(suggestions.byRole.areaKey?.column).toBe(1);
  });

  it('gives each column at most one role and each role at most one column, and lists alternatives', () => {
    const suggestions = suggestRoles(['Name', 'Einrichtung', 'PLZ'], [['A'], ['B'], ['12345']]);
    expect(suggestions.byRole.name?.column).toBe(0);
    expect(suggestions.byColumn.map((suggestion) => suggestion?.role ?? null)).toEqual(['name', null, 'postcode']);
    expect(suggestions.candidates.some((candidate) => candidate.role === 'name' && candidate.column === 1)).toBe(true);
  });
});
