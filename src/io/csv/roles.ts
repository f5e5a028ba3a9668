/**
 * Which column holds what: suggestions for the wizard's column mapping from German and English
 * headers (case, umlauts/ß, punctuation, units in brackets and compounds forgiven) and from the
 * values (ranges of coordinates, postcodes, years, WKT). Pure; the user decides.
 */
import { parseNumber } from './numbers';

export type CsvRole =
  | 'name'
  | 'category'
  | 'street'
  | 'houseNumber'
  /** Street and number in one cell, or a full address. */
  | 'address'
  | 'postcode'
  | 'city'
  | 'latitude'
  | 'longitude'
  /** Easting (Rechtswert) in a projected CRS. */
  | 'x'
  /** Northing (Hochwert) in a projected CRS. */
  | 'y'
  | 'wkt'
  /** A social space or base unit: key, code or name (Sozialraum, Stadtteil, Bezirk, AGS, PLR-ID …). */
  | 'areaKey'
  /** Identifier of the record itself (for updating records on re-import). */
  | 'id'
  | 'year'
  | 'count'
  | 'helpType'
  | 'age'
  | 'ageFrom'
  | 'ageTo'
  | 'capacity'
  | 'provider'
  | 'contact'
  /** Who an offer is for (Zielgruppe): free text, several separated by commas. */
  | 'targetGroups';

export const CSV_ROLES: readonly CsvRole[] = [
  'name',
  'category',
  'street',
  'houseNumber',
  'address',
  'postcode',
  'city',
  'latitude',
  'longitude',
  'x',
  'y',
  'wkt',
  'areaKey',
  'id',
  'year',
  'count',
  'helpType',
  'age',
  'ageFrom',
  'ageTo',
  'capacity',
  'provider',
  'contact',
  'targetGroups',
];

export interface RoleSuggestion {
  role: CsvRole;
  column: number;
  /** 0…1. Header and values agreeing score highest; below 0.5 is a weak guess. */
  score: number;
  /**
   * `header`: the header names the role; `values`: only the values suggest it; `swapped`: the
   * header names the other axis (lat ↔ lon, x ↔ y) but the values clearly belong to this one.
   */
  basis: 'header' | 'header+values' | 'values' | 'swapped';
}

export interface RoleSuggestions {
  /** The best column per role: each column is used for at most one role. */
  byRole: Partial<Record<CsvRole, RoleSuggestion>>;
  /** The role chosen for each column, or null. */
  byColumn: (RoleSuggestion | null)[];
  /** Every plausible (role, column) pair, best first — alternatives for the UI. */
  candidates: RoleSuggestion[];
}

/** Lowercase, umlauts and ß spelled out, units in brackets dropped, split into word tokens. */
export function headerTokens(header: string): string[] {
  const text = header
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]|\{.*?\}/g, ' ')
    .replace(/§/g, ' paragraph ')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  // Split camelCase before lowercasing would lose it; headers like "AlterVon" are rare enough
  // to be handled by compound stems below.
  return text.split(/[^a-z0-9]+/).filter((token) => token !== '');
}

interface RoleWords {
  /** Whole tokens (or the whole header joined) naming the role. */
  exact: readonly string[];
  /** Word parts of German compounds: a token starting or ending with one ("Einrichtungsname"). */
  stems?: readonly string[];
  /** Tokens that point elsewhere ("Trägername" is no name of the facility). */
  not?: readonly string[];
}

const AREA_WORDS = [
  'sozialraum',
  'sozialraeume',
  'stadtteil',
  'ortsteil',
  'bezirk',
  'stadtbezirk',
  'verwaltungsbezirk',
  'bezirksregion',
  'planungsraum',
  'prognoseraum',
  'stadtgebiet',
  'gebiet',
  'quartier',
  'viertel',
  'plr',
  'pgr',
  'bzr',
  'lor',
  'sr',
  'ags',
  'ars',
  'gkz',
  'schluessel',
  'gemeindeschluessel',
  'regionalschluessel',
  'kreisschluessel',
  'kennziffer',
  'raum',
  'bez',
];

const ROLE_WORDS: Record<CsvRole, RoleWords> = {
  name: {
    exact: ['name', 'namen', 'bezeichnung', 'einrichtung', 'titel', 'title', 'label', 'gen', 'bez_name'],
    stems: ['name', 'bezeichnung'],
    not: ['traeger', 'strasse', 'str', 'ort', 'stadt', 'gemeinde', 'kategorie', 'art', 'typ', 'vorname', 'nachname', 'ansprechpartner', 'datei', 'file', ...AREA_WORDS],
  },
  category: {
    exact: ['kategorie', 'category', 'art', 'typ', 'type', 'sparte', 'schulform', 'schulart', 'angebotsart', 'einrichtungsart', 'einrichtungstyp', 'angebot', 'kind', 'class', 'klasse', 'gruppe'],
    stems: ['kategorie', 'art', 'typ', 'form'],
    not: ['hilfe', 'hilfeart', 'leistung', 'leistungsart', 'traeger', 'traegerart', 'rechts', 'rechtsform', 'rechtsstatus', 'status', 'index', 'alter', 'stadt', 'bezirk'],
  },
  street: {
    exact: ['strasse', 'str', 'street', 'strassenname', 'streetname', 'addr_street', 'addrstreet'],
    stems: ['strasse'],
    not: ['hausnummer', 'hausnr', 'nr', 'nummer', 'plz', 'ort'],
  },
  houseNumber: {
    exact: ['hausnummer', 'hausnr', 'hnr', 'housenumber', 'housenr', 'addr_housenumber', 'hausnummernzusatz'],
    stems: ['hausnummer', 'hausnr'],
    not: ['strasse', 'str', 'street'],
  },
  address: {
    exact: ['adresse', 'anschrift', 'address', 'addr', 'strasse_hausnummer', 'standort'],
    stems: ['adresse', 'anschrift'],
    not: ['mail', 'email', 'web', 'internet', 'url', 'found'],
  },
  postcode: {
    exact: ['plz', 'postleitzahl', 'postcode', 'zip', 'zipcode', 'postalcode', 'postal', 'addr_postcode'],
    stems: ['postleitzahl', 'plz'],
  },
  city: {
    exact: ['ort', 'stadt', 'city', 'town', 'wohnort', 'gemeinde', 'gemeindename', 'kommune', 'addr_city', 'municipality'],
    stems: ['ort'],
    not: ['stadtteil', 'ortsteil', 'schluessel', 'ags', 'standort', 'nr', 'nummer', 'id', 'bezirk'],
  },
  latitude: {
    exact: ['lat', 'latitude', 'breite', 'breitengrad', 'geo_lat', 'ycoord_wgs84', 'wgs84_lat', 'y_wgs84', 'lat_wgs84'],
    stems: ['latitude', 'breitengrad'],
  },
  longitude: {
    exact: ['lon', 'lng', 'long', 'longitude', 'laenge', 'laengengrad', 'geo_lon', 'wgs84_lon', 'x_wgs84', 'lon_wgs84'],
    stems: ['longitude', 'laengengrad'],
  },
  x: {
    exact: ['x', 'rechtswert', 'rw', 'east', 'easting', 'ostwert', 'xkoordinate', 'x_koordinate', 'koordx', 'koord_x', 'utm_x', 'utmx', 'xcoord', 'x_coord', 'x_utm'],
    stems: ['rechtswert', 'ostwert', 'easting'],
  },
  y: {
    exact: ['y', 'hochwert', 'hw', 'north', 'northing', 'nordwert', 'ykoordinate', 'y_koordinate', 'koordy', 'koord_y', 'utm_y', 'utmy', 'ycoord', 'y_coord', 'y_utm'],
    stems: ['hochwert', 'nordwert', 'northing'],
  },
  wkt: {
    exact: ['wkt', 'geometry', 'geometrie', 'geom', 'the_geom', 'shape', 'wkt_geom'],
    stems: ['geometrie', 'geometry'],
  },
  areaKey: {
    exact: AREA_WORDS,
    stems: ['schluessel', 'sozialraum', 'stadtteil', 'ortsteil', 'bezirk', 'raum', 'gebiet'],
    not: ['flaeche', 'qm', 'groesse', 'anteil', 'anzahl', 'einwohner', 'stand', 'datum', 'klasse', 'index', 'status'],
  },
  id: {
    exact: ['id', 'nr', 'nummer', 'kennung', 'objectid', 'object_id', 'fid', 'key', 'code', 'lfdnr', 'lfd', 'kuerzel', 'schulnummer', 'einrichtungsnummer', 'e_nr', 'bsn', 'uuid', 'identifier'],
    stems: ['nummer', 'kennung', 'kennzeichen'],
    not: ['haus', 'hausnummer', 'telefon', 'telefonnummer', 'tel', 'fax', 'faxnummer', 'durchwahl', 'vorwahl', 'strasse', 'plz', 'postleitzahl', ...AREA_WORDS],
  },
  year: {
    exact: ['jahr', 'year', 'berichtsjahr', 'stichjahr', 'erhebungsjahr', 'bezugsjahr', 'schuljahr', 'zeit'],
    stems: ['jahr'],
    not: ['jaehrige', 'jaehrigen', 'vorjahr', 'anteil', 'lebensjahr'],
  },
  count: {
    exact: ['anzahl', 'faelle', 'fall', 'fallzahl', 'fallzahlen', 'summe', 'count', 'n', 'menge', 'total', 'gesamt', 'insgesamt', 'hilfen', 'zahl', 'number', 'cases'],
    stems: ['anzahl', 'faelle', 'fallzahl', 'summe'],
    not: ['anteil', 'quote', 'prozent', 'percent', 'rate', 'je', 'dichte', 'durchschnitt', 'durchschnittliches', 'index', 'plaetze', 'kapazitaet'],
  },
  helpType: {
    exact: ['hilfeart', 'hilfe', 'hilfeform', 'hilfen_art', 'paragraph', 'para', 'hze', 'leistungsart', 'massnahme', 'massnahmeart', 'rechtsgrundlage'],
    stems: ['hilfeart', 'hilfeform', 'leistungsart', 'paragraph'],
    not: ['anzahl', 'faelle', 'summe'],
  },
  age: {
    exact: ['alter', 'age', 'altersgruppe', 'altersklasse', 'ages'],
    stems: ['alter', 'altersgruppe'],
    not: ['von', 'ab', 'bis', 'min', 'max', 'from', 'to', 'aelter', 'aeltere', 'aelteren'],
  },
  ageFrom: {
    exact: ['altervon', 'alterab', 'alter_von', 'alter_ab', 'agefrom', 'age_from', 'minage', 'min_age', 'mindestalter', 'age_min'],
  },
  ageTo: {
    exact: ['alterbis', 'alter_bis', 'ageto', 'age_to', 'maxage', 'max_age', 'hoechstalter', 'age_max'],
  },
  capacity: {
    exact: ['plaetze', 'platzzahl', 'kapazitaet', 'capacity', 'places', 'platz', 'betreuungsplaetze', 'kitaplaetze', 'genehmigte_plaetze', 'e_platz', 'plaetze_gesamt'],
    stems: ['plaetze', 'platz', 'kapazitaet'],
    not: ['anteil', 'quote', 'frei', 'freie', 'belegt', 'belegte'],
  },
  provider: {
    exact: ['traeger', 'traegername', 'provider', 'betreiber', 'operator', 'schultraeger', 't_name', 'organisation', 'verein'],
    stems: ['traeger', 'betreiber'],
    not: ['art', 'traegerart', 'typ', 'nr', 'nummer', 'id'],
  },
  contact: {
    exact: ['telefon', 'tel', 'phone', 'email', 'mail', 'kontakt', 'contact', 'ansprechpartner', 'website', 'internet', 'url', 'homepage', 'web', 'fax'],
    stems: ['telefon', 'mail', 'kontakt'],
  },
  targetGroups: {
    exact: ['zielgruppe', 'zielgruppen', 'target_group', 'target_groups', 'targetgroup', 'targetgroups', 'adressaten', 'fuer_wen'],
    stems: ['zielgruppe'],
  },
};

const STREET_TOKENS = new Set(['strasse', 'str', 'street']);
const NUMBER_TOKENS = new Set(['hausnummer', 'hausnr', 'nr', 'hnr', 'nummer', 'housenumber']);

/** 0…1: how strongly the header names the role. */
function headerScore(role: CsvRole, tokens: readonly string[]): number {
  if (tokens.length === 0) return 0;
  const words = ROLE_WORDS[role];
  const joined = tokens.join('_');
  const glued = tokens.join('');
  let score = 0;
  if (role === 'address' && tokens.some((token) => STREET_TOKENS.has(token)) && tokens.some((token) => NUMBER_TOKENS.has(token))) return 1;
  if (words.exact.includes(joined) || words.exact.includes(glued)) score = 1;
  // One-letter tokens ("SI_N") name a role only as the whole header, or as a coordinate axis.
  else if (tokens.some((token) => (token.length > 1 || role === 'x' || role === 'y') && words.exact.includes(token))) score = tokens.length <= 2 ? 0.9 : 0.8;
  else if (
    words.stems?.some((stem) =>
      tokens.some((token) => token.length > stem.length && (token.endsWith(stem) || token.startsWith(stem))),
    )
  ) {
    score = 0.7;
  }
  if (score === 0) return 0;
  if (score < 1 && words.not?.some((word) => tokens.includes(word) || (word.length >= 6 && tokens.some((token) => token !== word && token.includes(word))))) {
    score *= 0.3;
  }
  return score;
}

interface ValueFacts {
  count: number;
  distinct: number;
  numbers: number[];
  /** Share of values that read as numbers (either decimal convention). */
  numericShare: number;
  integerShare: number;
  fractionDigitsShare3: number;
  values: readonly string[];
}

function facts(values: readonly string[]): ValueFacts {
  const present = values.map((value) => value.trim()).filter((value) => value !== '');
  const numbers: number[] = [];
  let integers = 0;
  let precise = 0;
  for (const value of present) {
    let number = parseNumber(value, '.', '');
    if (Number.isNaN(number)) number = parseNumber(value, ',', '.');
    if (Number.isNaN(number)) number = parseNumber(value, ',', ' ');
    if (Number.isNaN(number)) continue;
    numbers.push(number);
    if (Number.isInteger(number)) integers++;
    if (/[.,]\d{3,}\s*$/.test(value)) precise++;
  }
  return {
    count: present.length,
    distinct: new Set(present).size,
    numbers,
    numericShare: present.length ? numbers.length / present.length : 0,
    integerShare: numbers.length ? integers / numbers.length : 0,
    fractionDigitsShare3: numbers.length ? precise / numbers.length : 0,
    values: present,
  };
}

/** Values that differ from row to row, as coordinates of different places do. */
const varied = (fact: ValueFacts) => fact.count >= 3 && fact.distinct >= fact.count * 0.5;

const share = (numbers: readonly number[], test: (value: number) => boolean) =>
  numbers.length === 0 ? 0 : numbers.filter(test).length / numbers.length;

/** Germany with a margin: WGS84 latitude and longitude. */
const isLatitude = (value: number) => value >= 46.5 && value <= 55.5;
const isLongitude = (value: number) => value >= 5.0 && value <= 15.8;
/** Eastings: UTM 32/33 (plain or zone-prefixed), Gauß-Krüger zones 2–5, LAEA (EPSG:3035). */
const isEasting = (value: number) =>
  (value >= 200_000 && value <= 1_000_000) || (value >= 2_300_000 && value <= 5_000_000) || (value >= 32_200_000 && value <= 33_999_999);
/** Northings in Germany: UTM and Gauß-Krüger (5.2–6.2 million), LAEA (2.6–3.6 million). */
const isNorthing = (value: number) => (value >= 5_150_000 && value <= 6_200_000) || (value >= 2_600_000 && value <= 3_600_000);

/**
 * How well the values fit the role: 1 fits, around 0.5 says nothing, near 0 contradicts.
 * `strong` is set when the values alone are telling (without a header).
 */
function valueFit(role: CsvRole, fact: ValueFacts): { fit: number; strong: boolean } {
  const neutral = { fit: 0.5, strong: false };
  if (fact.count === 0) return { fit: 0.3, strong: false };
  const { numbers, numericShare } = fact;
  switch (role) {
    case 'latitude':
    case 'longitude': {
      if (numericShare < 0.8) return { fit: 0.05, strong: false };
      const inRange = share(numbers, role === 'latitude' ? isLatitude : isLongitude);
      const precise = fact.fractionDigitsShare3;
      return { fit: inRange >= 0.9 ? 1 : inRange * 0.5, strong: inRange >= 0.95 && precise >= 0.8 && varied(fact) };
    }
    case 'x':
    case 'y': {
      if (numericShare < 0.8) return { fit: 0.05, strong: false };
      const inRange = share(numbers, role === 'x' ? isEasting : isNorthing);
      const other = share(numbers, role === 'x' ? isNorthing : isEasting);
      // Northings also fall in a Gauß-Krüger easting band and vice versa (LAEA): only the
      // unambiguous side is strong.
      const strong = inRange >= 0.95 && other < 0.5 && numbers.every((value) => value >= 100_000) && varied(fact) && fact.integerShare < 0.5;
      return { fit: inRange >= 0.9 ? 1 : inRange * 0.5, strong };
    }
    case 'postcode': {
      const ok = fact.values.filter((value) => /^(D-?)?\d{5}$/.test(value)).length / fact.count;
      return { fit: ok >= 0.9 ? 1 : ok * 0.5, strong: false };
    }
    case 'houseNumber': {
      const ok = fact.values.filter((value) => /^\d{1,4}\s?[a-zA-Z]?(\s?[-/]\s?\d{1,4}\s?[a-zA-Z]?)?$/.test(value)).length / fact.count;
      return { fit: ok >= 0.8 ? 1 : ok * 0.5, strong: false };
    }
    case 'street':
    case 'address': {
      const letters = fact.values.filter((value) => /\p{L}{3,}/u.test(value)).length / fact.count;
      const withNumber = fact.values.filter((value) => /\p{L}.*\s\d{1,4}\s?[a-zA-Z]?\b/u.test(value)).length / fact.count;
      if (letters < 0.8) return { fit: 0.1, strong: false };
      if (role === 'address') return { fit: withNumber >= 0.5 ? 1 : 0.4, strong: false };
      return { fit: withNumber >= 0.5 ? 0.6 : 1, strong: false };
    }
    case 'wkt': {
      const ok = fact.values.filter((value) => /^\s*(SRID=\d+;\s*)?(POINT|MULTIPOINT|LINESTRING|MULTILINESTRING|POLYGON|MULTIPOLYGON)\s*(Z|M|ZM)?\s*\(/i.test(value)).length / fact.count;
      return { fit: ok >= 0.8 ? 1 : ok * 0.3, strong: ok >= 0.95 };
    }
    case 'year': {
      const years = share(numbers, (value) => Number.isInteger(value) && value >= 1900 && value <= 2100);
      const schoolYears = fact.values.filter((value) => /^(19|20)\d{2}\s?[/-]\s?\d{2,4}$/.test(value)).length / fact.count;
      const ok = Math.max(years * numericShare, schoolYears);
      return { fit: ok >= 0.9 ? 1 : ok * 0.4, strong: false };
    }
    case 'count':
    case 'capacity': {
      if (numericShare < 0.7) return { fit: 0.1, strong: false };
      const counts = share(numbers, (value) => Number.isInteger(value) && value >= 0);
      return { fit: counts >= 0.9 ? 1 : 0.4, strong: false };
    }
    case 'age':
    case 'ageFrom':
    case 'ageTo': {
      const ranges = fact.values.filter((value) => /^\d{1,2}\s*(-|–|bis|to)\s*\d{1,2}/.test(value) || /^(unter|ab|über|ueber|u|bis)\s*\d{1,2}/i.test(value)).length;
      const ages = share(numbers, (value) => value >= 0 && value <= 99);
      const ok = Math.max(ranges / fact.count, ages * numericShare);
      return { fit: ok >= 0.8 ? 1 : ok * 0.5, strong: false };
    }
    case 'helpType': {
      const ok = fact.values.filter((value) => /(§|paragraph|sgb|^\d{2}\s?[a-z]?(\s?abs\.?\s?\d)?$|^\d{2}\.\d$|erziehung|hilfe|pflege|heim|beistand|betreu)/i.test(value)).length / fact.count;
      return { fit: ok >= 0.7 ? 1 : 0.4, strong: false };
    }
    case 'areaKey': {
      // Keys and codes ("05111000", "SR 03", "0110") fit better than free names.
      const coded = fact.values.filter((value) => /^[A-Za-z]{0,4}[\s_-]?\d+$/.test(value)).length / fact.count;
      return { fit: coded >= 0.8 ? 1 : 0.7, strong: false };
    }
    case 'name':
    case 'category':
    case 'city':
    case 'provider': {
      const letters = fact.values.filter((value) => /\p{L}{2,}/u.test(value)).length / fact.count;
      return { fit: letters >= 0.8 ? 1 : letters * 0.4, strong: false };
    }
    case 'contact': {
      const ok = fact.values.filter((value) => /@|^\+?[\d\s/()-]{6,}$|^(https?:\/\/|www\.)/i.test(value)).length / fact.count;
      return { fit: ok >= 0.7 ? 1 : 0.4, strong: false };
    }
    default:
      return neutral;
  }
}

/** Roles the values alone can suggest (without a header naming them). */
const VALUE_ROLES: ReadonlySet<CsvRole> = new Set(['latitude', 'longitude', 'x', 'y', 'wkt']);

const AXIS_PARTNER: Partial<Record<CsvRole, CsvRole>> = { latitude: 'longitude', longitude: 'latitude', x: 'y', y: 'x' };

/**
 * Suggest a column for each role. `headers` may be empty (no header row); `sampleColumns[c]` are
 * raw cells of column c from the first rows.
 */
export function suggestRoles(headers: readonly string[], sampleColumns: readonly (readonly string[])[]): RoleSuggestions {
  const columnCount = Math.max(headers.length, sampleColumns.length);
  const candidates: RoleSuggestion[] = [];
  for (let column = 0; column < columnCount; column++) {
    const tokens = headerTokens(headers[column] ?? '');
    const fact = facts(sampleColumns[column] ?? []);
    for (const role of CSV_ROLES) {
      const named = headerScore(role, tokens);
      if (named === 0 && !VALUE_ROLES.has(role)) continue;
      const { fit, strong } = valueFit(role, fact);
      if (named > 0) {
        const score = named * (0.55 + 0.45 * fit);
        candidates.push({ role, column, score, basis: fit >= 0.9 ? 'header+values' : 'header' });
        // The header names one axis, but the values clearly lie on the other: lat ↔ lon, x ↔ y.
        const partner = AXIS_PARTNER[role];
        if (partner && fit < 0.3) {
          const other = valueFit(partner, fact);
          if (other.fit >= 0.9) candidates.push({ role: partner, column, score: 0.85 * named, basis: 'swapped' });
        }
      } else if (strong) {
        candidates.push({ role, column, score: 0.6 * fit, basis: 'values' });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const byRole: Partial<Record<CsvRole, RoleSuggestion>> = {};
  const byColumn: (RoleSuggestion | null)[] = Array.from({ length: columnCount }, () => null);
  for (const candidate of candidates) {
    if (candidate.score < 0.3) continue;
    if (byRole[candidate.role] || byColumn[candidate.column]) continue;
    byRole[candidate.role] = candidate;
    byColumn[candidate.column] = candidate;
  }
  return { byRole, byColumn, candidates: candidates.filter((candidate) => candidate.score >= 0.3) };
}
