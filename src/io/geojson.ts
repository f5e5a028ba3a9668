/**
 * Reading GeoJSON text into raw features (geometry still in source coordinates), with the
 * (pre-RFC 7946) `crs` member kept for CRS detection.
 */
import { ImportError } from './import-problems';

export interface RawFeature {
  properties: unknown;
  geometry: unknown;
  /** False when the entry was not a GeoJSON Feature (reported and dropped later). */
  valid: boolean;
}

export interface RawVectorData {
  features: RawFeature[];
  crsMember?: unknown;
  prjWkt?: string;
  /** Notes about how the file was read (encoding fallbacks, tolerant parsing), plain English. */
  notes: string[];
}

/** UTF-8 (BOM removed); falls back to windows-1252 when the bytes are not valid UTF-8. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** Position of the first JSON syntax error (the engines' messages differ and some lack it). */
export function jsonErrorPosition(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, at)) at += word.length;
    else fail();
  };
  const string = () => {
    at++;
    while (at < text.length) {
      const char = text[at]!;
      if (char === '"') {
        at++;
        return;
      }
      if (char === '\\') at++;
      else if (char < ' ') fail();
      at++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) fail();
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ':') fail();
        at++;
        value();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return;
        } else fail();
      }
    } else if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return;
        } else fail();
      }
    } else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    if (at < text.length) fail();
  } catch (position) {
    if (typeof position === 'number') return Math.min(position, text.length);
    throw position;
  }
  return text.length;
}

/** 1-based line and column of a character position. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < position; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** Replace bare NaN / Infinity tokens (as Python's json writes them) by null, outside strings. */
function withoutNonFiniteLiterals(text: string): string | null {
  if (!/NaN|Infinity/.test(text)) return null;
  let out = '';
  let inString = false;
  let last = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    const match = char === 'N' || char === 'I' || char === '-' ? /^-?(NaN|Infinity)/.exec(text.slice(index, index + 9)) : null;
    if (match) {
      out += text.slice(last, index) + 'null';
      index += match[0].length - 1;
      last = index + 1;
    }
  }
  return out + text.slice(last);
}

export function parseJsonText(text: string, fileName: string): { value: unknown; tolerant: boolean } {
  try {
    return { value: JSON.parse(text), tolerant: false };
  } catch {
    const repaired = withoutNonFiniteLiterals(text);
    if (repaired !== null) {
      try {
        return { value: JSON.parse(repaired), tolerant: true };
      } catch {
        // fall through to the error of the original text
      }
    }
    const position = jsonErrorPosition(text);
    const { line, column } = lineAndColumn(text, position);
    throw new ImportError('json-invalid', fileName, `invalid JSON at line ${line}, column ${column}`, { line, column });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

function toRawFeature(value: unknown): RawFeature {
  if (isObject(value) && value['type'] === 'Feature') {
    return { properties: value['properties'] ?? {}, geometry: value['geometry'], valid: true };
  }
  return { properties: {}, geometry: null, valid: false };
}

/** Is this parsed JSON GeoJSON (used for content sniffing of .json files)? */
export function looksLikeGeoJson(value: unknown): boolean {
  if (!isObject(value)) return false;
  const type = value['type'];
  return type === 'FeatureCollection' || type === 'Feature' || (typeof type === 'string' && GEOMETRY_TYPES.has(type));
}

export function readGeoJson(bytes: Uint8Array, fileName: string): RawVectorData {
  if (bytes.byteLength === 0) throw new ImportError('file-empty', fileName, 'the file is empty');
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new ImportError('file-empty', fileName, 'the file is empty');
  const { value, tolerant } = parseJsonText(text, fileName);
  const notes: string[] = [];
  if (encoding !== 'utf-8') notes.push('The file is not valid UTF-8; read as Windows-1252.');
  if (tolerant) notes.push('NaN/Infinity literals (not JSON) were read as missing values.');
  if (!looksLikeGeoJson(value)) {
    throw new ImportError('geojson-invalid', fileName, 'not GeoJSON (no FeatureCollection, Feature or geometry)');
  }
  const root = value as Record<string, unknown>;
  const crsMember = root['crs'];
  let features: RawFeature[];
  if (root['type'] === 'FeatureCollection') {
    if (!Array.isArray(root['features'])) {
      throw new ImportError('geojson-invalid', fileName, 'not GeoJSON: the FeatureCollection has no "features" array');
    }
    features = root['features'].map(toRawFeature);
  } else if (root['type'] === 'Feature') {
    features = [toRawFeature(root)];
  } else {
    features = [{ properties: {}, geometry: root, valid: true }];
  }
  return { features, crsMember, notes };
}
