/**
 * Reading GeoJSON text into raw features (geometry still in source coordinates), with the
 * (pre-RFC 7946) `crs` member kept for CRS detection.
 */
import { ImportError } from './import-problems';
import { BINARY_KIND_TEXT, binaryKind } from './text-decode';

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

/** Containers nested deeper than this are refused (GeoJSON needs about 8; deep data cannot be stored or cloned). */
export const MAX_JSON_DEPTH = 64;

/** Vertices beyond this are refused before the file is parsed (they would take gigabytes as JSON objects). */
export const MAX_VECTOR_VERTICES = 5_000_000;

export interface JsonScan {
  /** Byte offset where the nesting first exceeds MAX_JSON_DEPTH, or -1. */
  tooDeepAt: number;
  /** Arrays that start with a number: the positions of a GeoJSON file (and any numeric lists). */
  numberArrays: number;
}

/**
 * One pass over the bytes of a JSON text, outside strings: how deep it nests and how many
 * positions it holds, so that hostile or huge files are refused before JSON.parse builds them.
 */
export function scanJson(bytes: Uint8Array): JsonScan {
  let depth = 0;
  let numberArrays = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (inString) {
      if (byte === 0x5c) index++;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return { tooDeepAt: index, numberArrays };
      if (byte === 0x5b) {
        let next = index + 1;
        while (next < bytes.length && (bytes[next] === 0x20 || bytes[next] === 0x0a || bytes[next] === 0x0d || bytes[next] === 0x09)) next++;
        const first = bytes[next];
        if (first !== undefined && ((first >= 0x30 && first <= 0x39) || first === 0x2d)) numberArrays++;
      }
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return { tooDeepAt: -1, numberArrays };
}

/** 1-based line and column of a byte offset (columns counted in bytes). */
function byteLineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
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

/**
 * Position of the first JSON syntax error (the engines' messages differ and some lack it).
 * Iterative, so arbitrarily deep nesting cannot overflow the stack.
 */
export function jsonErrorPosition(text: string): number {
  let at = 0;
  const containers: string[] = [];
  let expect: 'value' | 'key' | 'after' = 'value';
  const space = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\r' || text[at] === '\n')) at++;
  };
  /** Reads a string starting at `at` (a quote); false when it does not close properly. */
  const string = (): boolean => {
    at++;
    while (at < text.length) {
      const char = text[at]!;
      if (char === '"') {
        at++;
        return true;
      }
      if (char === '\\') at++;
      else if (char < ' ') return false;
      at++;
    }
    return false;
  };
  for (;;) {
    space();
    if (expect === 'value') {
      const char = text[at];
      if (char === '{' || char === '[') {
        at++;
        space();
        if (text[at] === (char === '{' ? '}' : ']')) {
          at++;
          expect = 'after';
        } else {
          containers.push(char);
          expect = char === '{' ? 'key' : 'value';
        }
      } else if (char === '"') {
        if (!string()) return Math.min(at, text.length);
        expect = 'after';
      } else if (char === 't' || char === 'f' || char === 'n') {
        const word = char === 't' ? 'true' : char === 'f' ? 'false' : 'null';
        if (!text.startsWith(word, at)) return at;
        at += word.length;
        expect = 'after';
      } else {
        const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(at, at + 400));
        if (!match) return Math.min(at, text.length);
        at += match[0].length;
        expect = 'after';
      }
    } else if (expect === 'key') {
      if (text[at] !== '"' || !string()) return Math.min(at, text.length);
      space();
      if (text[at] !== ':') return Math.min(at, text.length);
      at++;
      expect = 'value';
    } else {
      const open = containers.at(-1);
      if (open === undefined) return at < text.length ? at : text.length;
      if (text[at] === ',') {
        at++;
        expect = open === '{' ? 'key' : 'value';
      } else if (text[at] === (open === '{' ? '}' : ']')) {
        at++;
        containers.pop();
      } else {
        return Math.min(at, text.length);
      }
    }
  }
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
  const binary = binaryKind(bytes);
  if (binary) throw new ImportError('format-unknown', fileName, `not GeoJSON: ${BINARY_KIND_TEXT[binary]}`, { kind: binary });
  const scan = scanJson(bytes);
  if (scan.tooDeepAt >= 0) {
    const { line, column } = byteLineAndColumn(bytes, scan.tooDeepAt);
    throw new ImportError('json-too-deep', fileName, `nested more than ${MAX_JSON_DEPTH} levels deep at line ${line}, column ${column}`, { line, column, limit: MAX_JSON_DEPTH });
  }
  if (scan.numberArrays > MAX_VECTOR_VERTICES) {
    throw new ImportError('too-many-vertices', fileName, `about ${scan.numberArrays} vertices, more than the ${MAX_VECTOR_VERTICES} read; simplify the geometries first (e.g. in QGIS)`, {
      count: scan.numberArrays,
      limit: MAX_VECTOR_VERTICES,
    });
  }
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new ImportError('file-empty', fileName, 'the file is empty');
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') throw new ImportError('format-unknown', fileName, `not GeoJSON: the text starts with "${text.trimStart().slice(0, 20)}", not with { (a table or other text?)`);
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
