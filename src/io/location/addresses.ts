/**
 * Offline geocoding of German addresses against an address list (e.g. the `addr:*` points of an
 * imported OpenStreetMap extract): street + house number + postcode/town, normalised so that
 * "Unterrather Str. 76" finds "Unterrather Straße 76", "Hauptstrasse 12 a" finds
 * "Hauptstraße 12a", "Marktpl." finds "Marktplatz".
 *
 * How a row is matched (`how`), strongest first:
 *  - `exact`          street and house number (with its letter) found — status `exact`;
 *  - `range`          "12-14" found as 12 or 14 (or the list has "12-14" and the row 12) — `exact`;
 *  - `without-suffix` "12a" not in the list, 12 is — `approximate`;
 *  - `nearest-number` the number is not in the list; the nearest one on the same side of the
 *                     street (same parity, at most 6 numbers away) — `approximate`;
 *  - `street`         no or unknown house number: the centroid of the street's addresses — `approximate`.
 * The street must be unique: with a postcode, among that postcode's streets; without, among the
 * town's; with neither, the street must lie in one town only. A street name with a small typo
 * (edit distance 1 per 10 letters) is accepted inside the given postcode/town (`streetFuzzy`).
 * Rows that cannot be placed are `unmatched` with a reason, never dropped.
 *
 * Pure, no DOM. Indexing 100,000 addresses takes some 100 ms.
 */
import { editDistance, foldGerman } from './normalise';

/** One address of the list. */
export interface AddressPoint {
  street: string;
  housenumber: string;
  postcode: string;
  city: string;
  lon: number;
  lat: number;
}

/** One row to locate. `line` ("Albrechtstr. 20, 10117 Berlin") fills the fields left empty. */
export interface AddressQuery {
  street?: string | null;
  housenumber?: string | null;
  postcode?: string | null;
  city?: string | null;
  line?: string | null;
}

export type AddressMatchHow = 'exact' | 'range' | 'without-suffix' | 'nearest-number' | 'street';
export type AddressMatchStatus = 'exact' | 'approximate' | 'unmatched';
export type AddressUnmatchedReason = 'no-street' | 'unknown-street' | 'not-in-postcode' | 'not-in-town' | 'ambiguous-street';

export interface AddressMatch {
  status: AddressMatchStatus;
  how: AddressMatchHow | null;
  /** WGS84; NaN when unmatched. */
  lon: number;
  lat: number;
  reason: AddressUnmatchedReason | null;
  /** Plain English: what was found or why not. */
  detail: string;
  /** The street name differed slightly (typo) from the list's. */
  streetFuzzy: boolean;
  /** The row's postcode is not the list's for this address (matched by town). */
  postcodeDiffers: boolean;
  /** Index into the address list for `exact`/`range`/`without-suffix`/`nearest-number`; -1 otherwise. */
  addressIndex: number;
}

export interface AddressMatchReport {
  matches: AddressMatch[];
  exact: number;
  approximate: number;
  unmatched: number;
  byHow: Record<AddressMatchHow, number>;
  unmatchedRows: { row: number; reason: AddressUnmatchedReason; detail: string; query: AddressQuery }[];
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * Street name → comparison key: case, ß/ss, umlauts (ä/ae), hyphens and spaces, and the
 * abbreviations "Str."/"str"/"Strasse" → "strasse", "Pl." → "platz", "St. " (Sankt) → "sankt".
 * "Unterrather Str." and "Unterrather Straße" both give "unterratherstrasse".
 */
export function normaliseStreet(street: string): string {
  const tokens = foldGerman(street).split(' ');
  let key = '';
  for (let index = 0; index < tokens.length; index++) {
    let token = tokens[index]!;
    if (token === '') continue;
    if (token === 'str' || token === 'strasse' || token === 'strase') token = 'strasse';
    else if (token.endsWith('strasse')) {
      // already long
    } else if (token.endsWith('str') && token.length > 3) token = `${token.slice(0, -3)}strasse`;
    else if (token === 'pl') token = 'platz';
    else if (token.endsWith('pl') && token.length > 4) token = `${token.slice(0, -2)}platz`;
    else if (token === 'st' && index === 0 && tokens.length > 1) token = 'sankt';
    key += token;
  }
  return key;
}

/** Postcode as five digits ("D-01067", "1067" → "01067"); null when there is none. */
export function normalisePostcode(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /(?:^|\D)(\d{4,5})(?:\D|$)/.exec(value.trim());
  return match ? match[1]!.padStart(5, '0') : null;
}

/** Town → comparison key ("Frankfurt am Main" → "frankfurtammain"). */
export function normaliseCity(value: string | null | undefined): string {
  return value ? foldGerman(value).replace(/ /g, '') : '';
}

function cityWord(value: string | null | undefined): string {
  return value ? (foldGerman(value).split(' ')[0] ?? '') : '';
}

export interface HouseNumber {
  number: number;
  /** Letter or "/1"-style sub-number, lower case; '' when none. */
  suffix: string;
  /** Last number of a range "12-14"; null when not a range. */
  to: number | null;
  /** Comparison key: number and suffix ("12a", "12/1"). */
  key: string;
}

/**
 * Parse a German house number: "12", "12a", "12 A", "12-14", "12 - 14", "12a-c", "12/1"
 * (a sub-number when the second number is smaller) or "12/14" (a range). Null when none.
 */
export function parseHouseNumber(value: string | null | undefined): HouseNumber | null {
  if (!value) return null;
  if (/^\d{1,5}$/.test(value)) {
    const number = Number(value);
    return { number, suffix: '', to: null, key: String(number) };
  }
  const text = value
    .toLowerCase()
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, '')
    .replace(/^(?:nr|no)\.?/, '');
  const match = /^(\d+)([a-z]?)(?:([-/])(\d*)([a-z]?))?$/.exec(text);
  if (!match) return null;
  const number = Number(match[1]);
  let suffix = match[2]!;
  let to: number | null = null;
  const separator = match[3];
  const second = match[4] ? Number(match[4]) : null;
  if (separator === '/' && second !== null && second < number) suffix = `${suffix}/${second}`;
  else if (separator !== undefined && second !== null && second > number) to = second;
  return { number, suffix, to, key: `${number}${suffix}` };
}

/**
 * Split "Unterrather Str. 76" / "Hauptstr.12a" / "Straße des 17. Juni 135" into street and
 * house number; the number is '' when the text ends in no number.
 */
export function splitStreetAndNumber(value: string): { street: string; housenumber: string } {
  const text = value.trim();
  const match = /^(.*?[^\d\s,])[\s,]*(\d+\s*[a-zA-Z]?(?:\s*[-–/]\s*\d*\s*[a-zA-Z]?)?)$/.exec(text);
  if (match && parseHouseNumber(match[2]!) !== null) return { street: match[1]!.trim(), housenumber: match[2]!.trim() };
  return { street: text, housenumber: '' };
}

/** Split a one-line address "Albrechtstr. 20, 10117 Berlin" into its fields. */
export function parseAddressLine(value: string): { street: string; housenumber: string; postcode: string; city: string } {
  const text = value.trim().replace(/,?\s*(Deutschland|Germany)$/i, '');
  let streetPart = text;
  let postcode = '';
  let city = '';
  const withPostcode = /^(.*?)[,\s]+(?:D-)?(\d{5})\s+(.+)$/.exec(text);
  if (withPostcode) {
    streetPart = withPostcode[1]!;
    postcode = withPostcode[2]!;
    city = withPostcode[3]!.replace(/,.*$/, '').trim();
  } else {
    const parts = text.split(',');
    if (parts.length >= 2) {
      streetPart = parts[0]!;
      city = parts[parts.length - 1]!.trim();
    }
  }
  const { street, housenumber } = splitStreetAndNumber(streetPart);
  return { street, housenumber, postcode, city };
}

// ---------------------------------------------------------------------------------------------
// Index

interface StreetGroup {
  /** The street as written in the list (first seen). */
  street: string;
  postcode: string;
  city: string;
  cityKey: string;
  cityWord: string;
  /** House number key → address indices. */
  numbers: Map<string, number[]>;
  /** Endpoints of ranges in the list ("12-14" → "12", "14"). */
  rangeEnds: Map<string, number[]>;
  /** Plain numbers, sorted, for the nearest number. */
  plain: { number: number; address: number }[];
  sumLon: number;
  sumLat: number;
  count: number;
}

export interface AddressIndexStats {
  addresses: number;
  /** Entries without usable street or coordinates. */
  skipped: number;
  streets: number;
}

export interface AddressIndex {
  readonly stats: AddressIndexStats;
  match(query: AddressQuery): AddressMatch;
  matchAll(queries: readonly AddressQuery[]): AddressMatchReport;
}

/** Memoised normalisation (streets, postcodes and towns repeat a lot); bounded. */
function cached(cache: Map<string, string>, raw: string, normalise: (raw: string) => string): string {
  let value = cache.get(raw);
  if (value === undefined) {
    value = normalise(raw);
    if (cache.size > 200_000) cache.clear();
    cache.set(raw, value);
  }
  return value;
}

function postcodeOrEmpty(raw: string): string {
  return normalisePostcode(raw) ?? '';
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const NEAREST_NUMBER_RANGE = 6;

/** Build the index once (100,000 addresses: some 100 ms); then `match` rows. */
export function createAddressIndex(addresses: readonly AddressPoint[]): AddressIndex {
  const byStreet = new Map<string, StreetGroup[]>();
  const groupByPlace = new Map<string, StreetGroup>();
  const postcodeKeys = new Map<string, string>();
  const cityKeys = new Map<string, string>();
  const streetsByPostcode = new Map<string, Set<string>>();
  const streetsByCity = new Map<string, Set<string>>();
  const streetKeys = new Map<string, string>();
  let skipped = 0;
  let groupCount = 0;

  for (let index = 0; index < addresses.length; index++) {
    const address = addresses[index]!;
    if (!address.street || !Number.isFinite(address.lon) || !Number.isFinite(address.lat)) {
      skipped++;
      continue;
    }
    const key = cached(streetKeys, address.street, normaliseStreet);
    if (key === '') {
      skipped++;
      continue;
    }
    const postcode = cached(postcodeKeys, address.postcode ?? '', postcodeOrEmpty);
    const cityKey = cached(cityKeys, address.city ?? '', normaliseCity);
    const placeKey = `${key}\u0000${postcode}\u0000${cityKey}`;
    let group = groupByPlace.get(placeKey);
    if (!group) {
      let groups = byStreet.get(key);
      if (!groups) {
        groups = [];
        byStreet.set(key, groups);
      }
      group = {
        street: address.street,
        postcode,
        city: address.city,
        cityKey,
        cityWord: cityWord(address.city),
        numbers: new Map(),
        rangeEnds: new Map(),
        plain: [],
        sumLon: 0,
        sumLat: 0,
        count: 0,
      };
      groups.push(group);
      groupByPlace.set(placeKey, group);
      groupCount++;
      if (postcode) {
        let set = streetsByPostcode.get(postcode);
        if (!set) streetsByPostcode.set(postcode, (set = new Set()));
        set.add(key);
      }
      if (cityKey) {
        let set = streetsByCity.get(cityKey);
        if (!set) streetsByCity.set(cityKey, (set = new Set()));
        set.add(key);
      }
    }
    group.sumLon += address.lon;
    group.sumLat += address.lat;
    group.count++;
    // OSM lists several numbers as "12;14" or "12, 14".
    const housenumber = address.housenumber ?? '';
    for (const part of housenumber.includes(';') || housenumber.includes(',') ? housenumber.split(/[;,]/) : [housenumber]) {
      const parsed = parseHouseNumber(part);
      if (!parsed) continue;
      if (parsed.to !== null) {
        push(group.numbers, `${parsed.number}-${parsed.to}`, index);
        push(group.rangeEnds, String(parsed.number), index);
        push(group.rangeEnds, String(parsed.to), index);
      } else {
        push(group.numbers, parsed.key, index);
        if (parsed.suffix === '') group.plain.push({ number: parsed.number, address: index });
      }
    }
  }
  for (const groups of byStreet.values()) for (const group of groups) group.plain.sort((left, right) => left.number - right.number);

  const stats: AddressIndexStats = { addresses: addresses.length - skipped, skipped, streets: groupCount };

  const unmatched = (reason: AddressUnmatchedReason, detail: string): AddressMatch => ({
    status: 'unmatched',
    how: null,
    lon: Number.NaN,
    lat: Number.NaN,
    reason,
    detail,
    streetFuzzy: false,
    postcodeDiffers: false,
    addressIndex: -1,
  });

  /** Mean position of some addresses. */
  const meanOf = (indices: readonly number[]): [number, number] => {
    let lon = 0;
    let lat = 0;
    for (const index of indices) {
      lon += addresses[index]!.lon;
      lat += addresses[index]!.lat;
    }
    return [lon / indices.length, lat / indices.length];
  };

  /** A street key in the given postcode/town whose name differs by a typo, when exactly one does. */
  const fuzzyStreet = (key: string, postcode: string | null, cityKey: string): string | null => {
    const pool = (postcode ? streetsByPostcode.get(postcode) : undefined) ?? (cityKey ? streetsByCity.get(cityKey) : undefined);
    if (!pool) return null;
    const limit = Math.max(1, Math.floor(key.length / 10));
    let found: string | null = null;
    let foundDistance = limit + 1;
    let tie = false;
    for (const candidate of pool) {
      const distance = editDistance(key, candidate, limit);
      if (distance < foundDistance) {
        found = candidate;
        foundDistance = distance;
        tie = false;
      } else if (distance === foundDistance && distance <= limit) tie = true;
    }
    return found !== null && !tie && foundDistance <= limit ? found : null;
  };

  const place = (group: StreetGroup) => group.cityKey || group.postcode;

  const match = (query: AddressQuery): AddressMatch => {
    let street = query.street?.trim() ?? '';
    let housenumber = query.housenumber?.trim() ?? '';
    let postcodeText = query.postcode ?? '';
    let cityText = query.city ?? '';
    if (query.line && query.line.trim() !== '') {
      const parsed = parseAddressLine(query.line);
      if (street === '') {
        street = parsed.street;
        if (housenumber === '') housenumber = parsed.housenumber;
      }
      if (!postcodeText) postcodeText = parsed.postcode;
      if (!cityText) cityText = parsed.city;
    }
    if (street !== '' && housenumber === '') {
      const split = splitStreetAndNumber(street);
      street = split.street;
      housenumber = split.housenumber;
    }
    if (street === '') return unmatched('no-street', 'no street given');
    const postcode = cached(postcodeKeys, postcodeText, postcodeOrEmpty) || null;
    const cityKey = cached(cityKeys, cityText, normaliseCity);
    const wordOfCity = cityKey === '' ? '' : cityWord(cityText);
    let key = cached(streetKeys, street, normaliseStreet);
    let groups = byStreet.get(key);
    let streetFuzzy = false;
    if (!groups) {
      const fuzzy = fuzzyStreet(key, postcode, cityKey);
      if (fuzzy !== null) {
        key = fuzzy;
        groups = byStreet.get(fuzzy);
        streetFuzzy = true;
      }
    }
    if (!groups) return unmatched('unknown-street', `no street "${street}" in the address list`);

    // Narrow down to the row's postcode, else to its town.
    let chosen = groups;
    let postcodeDiffers = false;
    const inCity = (group: StreetGroup) =>
      cityKey !== '' &&
      (group.cityKey === cityKey ||
        (group.cityKey !== '' && (group.cityKey.startsWith(cityKey) || cityKey.startsWith(group.cityKey))) ||
        (group.cityWord !== '' && group.cityWord === wordOfCity));
    if (postcode) {
      const samePostcode = groups.filter((group) => group.postcode === postcode);
      if (samePostcode.length > 0) {
        // Villages can share a postcode: the town tells them apart.
        const sameCity = samePostcode.filter(inCity);
        chosen = sameCity.length > 0 ? sameCity : samePostcode;
      } else {
        const sameCity = groups.filter(inCity);
        const withoutPostcode = groups.filter((group) => group.postcode === '');
        if (sameCity.length > 0) {
          chosen = sameCity;
          postcodeDiffers = sameCity.some((group) => group.postcode !== '');
        } else if (withoutPostcode.length > 0 && cityKey === '') chosen = withoutPostcode;
        else {
          return unmatched(
            'not-in-postcode',
            `"${street}" is in the address list, but not in ${postcode}${cityText ? ` ${cityText}` : ''} (only in ${describePlaces(groups)})`,
          );
        }
      }
    } else if (cityKey) {
      const sameCity = groups.filter(inCity);
      if (sameCity.length === 0) {
        return unmatched('not-in-town', `"${street}" is in the address list, but not in ${cityText} (only in ${describePlaces(groups)})`);
      }
      chosen = sameCity;
    }
    const places = new Set(chosen.map(place));
    if (places.size > 1 && !sameNeighbourhood(chosen)) {
      return unmatched('ambiguous-street', `"${street}" exists in ${describePlaces(chosen)}; give a postcode or town`);
    }

    const found = (how: AddressMatchHow, indices: readonly number[], detail: string): AddressMatch => {
      const [lon, lat] = meanOf(indices);
      return {
        status: how === 'exact' || how === 'range' ? 'exact' : 'approximate',
        how,
        lon,
        lat,
        reason: null,
        detail,
        streetFuzzy,
        postcodeDiffers,
        addressIndex: indices[0]!,
      };
    };
    const lookupIn = (field: 'numbers' | 'rangeEnds', numberKey: string): number[] | null => {
      const hits: number[] = [];
      for (const group of chosen) hits.push(...(group[field].get(numberKey) ?? []));
      return hits.length > 0 ? hits : null;
    };
    const lookup = (numberKey: string) => lookupIn('numbers', numberKey) ?? lookupIn('rangeEnds', numberKey);

    const parsed = parseHouseNumber(housenumber);
    const label = chosen[0]!.street;
    if (parsed) {
      const queryKey = parsed.to === null ? parsed.key : `${parsed.number}-${parsed.to}`;
      const direct = lookupIn('numbers', queryKey);
      if (direct) return found('exact', direct, `${label} ${housenumber}`);
      const partial =
        parsed.to === null ? lookupIn('rangeEnds', parsed.key) : (lookup(String(parsed.number)) ?? lookup(String(parsed.to)));
      if (partial) return found('range', partial, `${label} ${housenumber}`);
      if (parsed.suffix !== '') {
        const base = lookup(String(parsed.number));
        if (base) return found('without-suffix', base, `${label} ${parsed.number} (no ${housenumber} in the list)`);
      }
      let nearest: { number: number; address: number } | null = null;
      for (const group of chosen) {
        for (const entry of group.plain) {
          const gap = Math.abs(entry.number - parsed.number);
          if (gap > NEAREST_NUMBER_RANGE || (entry.number - parsed.number) % 2 !== 0) continue;
          if (!nearest || gap < Math.abs(nearest.number - parsed.number)) nearest = entry;
        }
      }
      if (nearest) return found('nearest-number', [nearest.address], `${label} ${nearest.number} (no ${housenumber} in the list)`);
    }
    let sumLon = 0;
    let sumLat = 0;
    let count = 0;
    for (const group of chosen) {
      sumLon += group.sumLon;
      sumLat += group.sumLat;
      count += group.count;
    }
    return {
      status: 'approximate',
      how: 'street',
      lon: sumLon / count,
      lat: sumLat / count,
      reason: null,
      detail: parsed ? `middle of ${label} (no ${housenumber} in the list)` : `middle of ${label} (no house number given)`,
      streetFuzzy,
      postcodeDiffers,
      addressIndex: -1,
    };
  };

  const matchAll = (queries: readonly AddressQuery[]): AddressMatchReport => {
    const matches: AddressMatch[] = new Array(queries.length);
    const byHow: Record<AddressMatchHow, number> = { exact: 0, range: 0, 'without-suffix': 0, 'nearest-number': 0, street: 0 };
    const unmatchedRows: AddressMatchReport['unmatchedRows'] = [];
    let exact = 0;
    let approximate = 0;
    for (let row = 0; row < queries.length; row++) {
      const query = queries[row]!;
      const result = match(query);
      matches[row] = result;
      if (result.how) byHow[result.how]++;
      if (result.status === 'exact') exact++;
      else if (result.status === 'approximate') approximate++;
      else unmatchedRows.push({ row, reason: result.reason!, detail: result.detail, query });
    }
    return { matches, exact, approximate, unmatched: unmatchedRows.length, byHow, unmatchedRows };
  };

  return { stats, match, matchAll };
}

function describePlaces(groups: readonly StreetGroup[]): string {
  const names = [...new Set(groups.map((group) => [group.postcode, group.city].filter(Boolean).join(' ') || 'an unnamed place'))];
  return names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}

/** Several places with the street, but all within 2 km: one street across a town border. */
function sameNeighbourhood(groups: readonly StreetGroup[]): boolean {
  const centres = groups.map((group) => [group.sumLon / group.count, group.sumLat / group.count] as const);
  for (const [lonA, latA] of centres) {
    for (const [lonB, latB] of centres) {
      const dx = (lonA - lonB) * 111_320 * Math.cos((latA * Math.PI) / 180);
      const dy = (latA - latB) * 110_574;
      if (Math.hypot(dx, dy) > 2000) return false;
    }
  }
  return true;
}
