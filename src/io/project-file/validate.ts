/**
 * Checking the records of a project file before anything is stored. A file may come from
 * anywhere (a colleague, a mail, a manipulated copy): every field the app reads must have the
 * type it expects, so that an accepted file cannot break the app later (a missing geometry, an
 * unknown icon, a colour that is CSS of another kind). Fields the app does not know are kept.
 *
 * Each check returns null or the reason, with the path of the field ("geometry.coordinates[0]").
 */
import { CATEGORY_ICONS } from '../../domain/categories';
import { HELP_GROUPS } from '../../domain/demand';
import { HELP_TYPES } from '../../domain/help-types';
import { TABLE_NAMES, type TableName } from '../../domain/types';
import { LIMITS } from './format';

export type Check = (value: unknown, path: string) => string | null;

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const string: Check = (value, path) => (typeof value === 'string' ? null : `${path} is ${describe(value)}, not text`);
const nonEmptyString: Check = (value, path) => string(value, path) ?? (value === '' ? `${path} is empty` : null);
const boolean: Check = (value, path) => (typeof value === 'boolean' ? null : `${path} is ${describe(value)}, not true/false`);
/** Any number (NaN is how missing values are stored in some places). */
const number: Check = (value, path) => (typeof value === 'number' ? null : `${path} is ${describe(value)}, not a number`);
const finite: Check = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? null : `${path} is ${describe(value) === 'number' ? value : describe(value)}, not a finite number`);
const integer: Check = (value, path) => (Number.isSafeInteger(value) ? null : `${path} is not a whole number`);

const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? null : check(value, path);
const nullable =
  (check: Check): Check =>
  (value, path) =>
    value === null ? null : check(value, path);
const oneOf =
  (values: readonly unknown[]): Check =>
  (value, path) =>
    values.includes(value) ? null : `${path} is ${JSON.stringify(value)?.slice(0, 40) ?? describe(value)}, not one of ${values.slice(0, 6).join(', ')}${values.length > 6 ? ', …' : ''}`;
const arrayOf =
  (check: Check): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path} is ${describe(value)}, not a list`;
    for (let index = 0; index < value.length; index++) {
      const reason = check(value[index], `${path}[${index}]`);
      if (reason) return reason;
    }
    return null;
  };
const record =
  (check: Check): Check =>
  (value, path) => {
    if (!isPlainObject(value)) return `${path} is ${describe(value)}, not an object`;
    for (const [key, item] of Object.entries(value)) {
      const reason = check(item, `${path}.${key}`);
      if (reason) return reason;
    }
    return null;
  };
const object =
  (fields: Record<string, Check>): Check =>
  (value, path) => {
    if (!isPlainObject(value)) return `${path} is ${describe(value)}, not an object`;
    for (const [key, check] of Object.entries(fields)) {
      const reason = check(value[key], path ? `${path}.${key}` : key);
      if (reason) return reason;
    }
    return null;
  };
const both =
  (...checks: Check[]): Check =>
  (value, path) => {
    for (const check of checks) {
      const reason = check(value, path);
      if (reason) return reason;
    }
    return null;
  };

/** A CSS hex colour ("#0072b2"): the app writes these into styles and canvases. */
const colour: Check = (value, path) => (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? null : `${path} is not a colour like #0072b2`);

/** Free-form data: plain values, lists and objects, at most LIMITS.valueDepth deep (iterative). */
const plainValue: Check = (value, path) => {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.depth > LIMITS.valueDepth) return `${path} is nested more than ${LIMITS.valueDepth} levels deep`;
    const current = item.value;
    if (current === null || typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') continue;
    if (Array.isArray(current)) for (const child of current) stack.push({ value: child, depth: item.depth + 1 });
    else if (isPlainObject(current)) for (const child of Object.values(current)) stack.push({ value: child, depth: item.depth + 1 });
    else return `${path} holds ${describe(current)}`;
  }
  return null;
};

const position: Check = (value, path) => {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return `${path} is not a position [longitude, latitude]`;
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return `${path} has a coordinate that is not a finite number`;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return `${path} lies outside longitude/latitude (${lon}, ${lat})`;
  return null;
};
const positions = arrayOf(position);
const line: Check = (value, path) => positions(value, path) ?? ((value as unknown[]).length < 2 ? `${path} has fewer than 2 positions` : null);
const ring: Check = (value, path) => {
  const reason = positions(value, path);
  if (reason) return reason;
  const points = value as number[][];
  if (points.length < 4) return `${path} is a ring of fewer than 4 positions`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? null : `${path} is a ring that is not closed`;
};
const polygonCoordinates = arrayOf(ring);

const geometryOf =
  (types: readonly string[]): Check =>
  (value, path) => {
    if (!isPlainObject(value)) return `${path} is ${describe(value)}, not a geometry`;
    const type = value['type'];
    if (typeof type !== 'string' || !types.includes(type)) return `${path} is a ${String(type)}, not ${types.join(' or ')}`;
    const coordinates = value['coordinates'];
    const at = `${path}.coordinates`;
    switch (type) {
      case 'Point':
        return position(coordinates, at);
      case 'LineString':
        return line(coordinates, at);
      case 'MultiLineString':
        return arrayOf(line)(coordinates, at);
      case 'Polygon':
        return polygonCoordinates(coordinates, at);
      case 'MultiPolygon':
        return arrayOf(polygonCoordinates)(coordinates, at);
      default:
        return `${path} is a ${type}`;
    }
  };
const area = geometryOf(['Polygon', 'MultiPolygon']);
const point = geometryOf(['Point']);

const inProject = { id: nonEmptyString, projectId: nonEmptyString };

const category = object({
  id: nonEmptyString,
  label: nullable(string),
  color: colour,
  icon: oneOf(CATEGORY_ICONS),
  ageFromYears: nullable(finite),
  ageToYears: nullable(finite),
  mergedInto: optional(nonEmptyString),
});

const indicator = both(
  object({
    id: nonEmptyString,
    name: string,
    sourceId: nullable(string),
    group: oneOf(HELP_GROUPS),
    measure: oneOf(['count', 'rate', 'change', 'change-percent']),
    per: oneOf([1000, 10000]),
    denominator: oneOf(['under6', 'under18', 'under21']),
    year: nullable(integer),
    baseYear: nullable(integer),
    classMethod: oneOf(['quantile', 'equal-interval', 'jenks', 'std-dev', 'manual']),
    classCount: both(integer, (value, path) => ((value as number) >= 1 && (value as number) <= 12 ? null : `${path} is not 1 … 12`)),
    manualBreaks: arrayOf(finite),
  }),
  plainValue,
);

const columnSchema = object({ name: string, kind: oneOf(['number', 'text']) });

/** Checks of the records of each table. */
export const RECORD_CHECKS: Record<TableName, Check> = {
  projects: object({
    id: nonEmptyString,
    name: string,
    isDemo: boolean,
    description: string,
    outline: nullable(area),
    activeVariantId: nullable(string),
    settings: object({
      basemap: oneOf(['offline', 'osm-raster', 'basemap-de']),
      suppressionThreshold: both(integer, (value, path) => ((value as number) >= 2 && (value as number) <= 20 ? null : `${path} is not 2 … 20`)),
    }),
    categories: optional(arrayOf(category)),
    indicators: optional(arrayOf(indicator)),
    createdAt: finite,
    updatedAt: finite,
  }),
  variants: object({ ...inProject, name: string }),
  spaces: object({
    ...inProject,
    variantId: nonEmptyString,
    code: string,
    name: string,
    color: colour,
    notes: string,
    geometry: (value, path) => (isPlainObject(value) && value['type'] === 'MultiPolygon' && Array.isArray(value['coordinates']) && value['coordinates'].length === 0 ? null : area(value, path)),
    unitIds: arrayOf(nonEmptyString),
  }),
  layers: object({
    ...inProject,
    kind: oneOf(['units', 'resources', 'demand', 'network', 'landcover', 'addresses']),
    name: string,
    source: string,
    importedAt: finite,
    mapping: record(string),
    attribution: optional(string),
    points: optional(object({ set: nonEmptyString, length: integer, columns: arrayOf(columnSchema), keyColumn: nullable(string) })),
    graph: optional(object({ set: nonEmptyString, nodeCount: integer, edgeCount: integer })),
  }),
  units: object({
    ...inProject,
    layerId: nonEmptyString,
    key: string,
    name: string,
    geometry: area,
    population: object({ age0to6: finite, age6to15: finite, age15to18: finite, age18to21: finite, age21plus: finite }),
  }),
  resources: object({
    ...inProject,
    layerId: nonEmptyString,
    category: nonEmptyString,
    name: string,
    address: string,
    ageFromYears: nullable(number),
    ageToYears: nullable(number),
    capacity: nullable(number),
    provider: string,
    geometry: point,
    attributes: record((value, path) => (value === null || ['string', 'number', 'boolean'].includes(typeof value) ? null : `${path} is ${describe(value)}, not a plain value`)),
  }),
  demand: object({
    ...inProject,
    layerId: nonEmptyString,
    year: integer,
    helpType: oneOf(HELP_TYPES.map((type) => type.id)),
    count: finite,
    geometry: nullable(point),
    areaKey: nullable(string),
  }),
  features: object({
    ...inProject,
    layerId: nonEmptyString,
    geometry: geometryOf(['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
    properties: both(
      object({
        class: oneOf(['primary', 'secondary', 'tertiary', 'residential', 'track', 'footway', 'water', 'forest', 'settlement', 'meadow', 'river', 'stream', 'place', 'address']),
        name: optional(string),
        rank: optional(string),
        street: optional(string),
        housenumber: optional(string),
        postcode: optional(string),
        city: optional(string),
      }),
      plainValue,
    ),
  }),
  views: object({
    ...inProject,
    order: finite,
    title: string,
    subtitle: string,
    notes: string,
    camera: object({ center: position, zoom: finite, bearing: finite, pitch: finite }),
  }),
};

/** The checks in table order (for tests and documentation). */
export const CHECKED_TABLES: readonly TableName[] = TABLE_NAMES;

export { arrayOf, colour, finite, integer, nonEmptyString, object, oneOf, plainValue, string };
