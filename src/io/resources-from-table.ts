/**
 * Rows of an imported table as resource records: the wizard's column roles give name,
 * category, address, places, provider, age range, contact and target groups; every other kept column goes
 * into `attributes` (shown on the detail card, never interpreted). Ids are stable per layer:
 * `<layerId>:<key>` with an identifier column, else `<layerId>:r<row>`, so importing an updated
 * file replaces records instead of adding copies.
 */
import type { Point } from 'geojson';
import { columnLength, textAt, type PointColumn, type PointTable } from '../domain/point-table';
import type { Resource, ResourceCategory } from '../domain/types';
import { formatTargetGroups, parseTargetGroups, TARGET_GROUPS_ATTRIBUTE } from '../domain/target-groups';

/** Roles of the wizard that resource fields come from (role → column name of the table). */
export type ResourceColumns = Partial<Record<'id' | 'name' | 'category' | 'street' | 'houseNumber' | 'postcode' | 'city' | 'address' | 'capacity' | 'provider' | 'contact' | 'targetGroups' | 'ageFrom' | 'ageTo', string>>;

export interface ResourcesFromTable {
  resources: Resource[];
  /** Rows whose key repeats an earlier row's: the later row wins (listed by row, 0-based). */
  duplicateKeys: { row: number; key: string }[];
}

function cell(column: PointColumn | undefined, row: number): string | number | null {
  if (!column) return null;
  if (column.kind === 'number') {
    const value = column.values[row]!;
    return Number.isNaN(value) ? null : value;
  }
  return textAt(column, row);
}

function text(column: PointColumn | undefined, row: number): string {
  const value = cell(column, row);
  return value === null ? '' : String(value).trim();
}

function number(column: PointColumn | undefined, row: number): number | null {
  const value = cell(column, row);
  if (value === null) return null;
  if (typeof value === 'number') return value;
  // Text such as "45 Plätze" or "1.020": the first number in it, German digit grouping allowed.
  const match = /-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:[.,]\d+)?/.exec(value);
  if (!match) return null;
  const written = match[0];
  const parsed = /\.\d{3}(?:,|$)/.test(written) ? Number(written.replace(/\./g, '').replace(',', '.')) : Number(written.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : null;
}

/** "Mühlenstraße 3, 36088 Hünfeld" from the address parts, or the one address column. */
function addressOf(columns: Record<string, PointColumn | undefined>, row: number): string {
  const whole = text(columns['address'], row);
  const street = [text(columns['street'], row), text(columns['houseNumber'], row)].filter(Boolean).join(' ');
  const place = [text(columns['postcode'], row), text(columns['city'], row)].filter(Boolean).join(' ');
  const parts = [street || whole, place].filter(Boolean);
  return parts.join(', ');
}

export function resourcesFromTable(
  table: PointTable,
  roles: ResourceColumns,
  categoryOf: (value: string | null) => ResourceCategory,
  target: { projectId: string; layerId: string },
): ResourcesFromTable {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  const columns: Record<string, PointColumn | undefined> = {};
  for (const [role, name] of Object.entries(roles)) if (name) columns[role] = byName.get(name);
  const used = new Set(Object.values(roles).filter(Boolean));
  const rest = table.columns.filter((column) => !used.has(column.name) && column.name !== 'areaId');
  const keyColumn = columns['id'];
  const seen = new Map<string, number>();
  const duplicateKeys: ResourcesFromTable['duplicateKeys'] = [];
  const resources: Resource[] = [];
  for (let row = 0; row < table.length; row++) {
    const key = keyColumn ? text(keyColumn, row) : '';
    const id = key ? `${target.layerId}:${key}` : `${target.layerId}:r${row}`;
    const attributes: Resource['attributes'] = {};
    for (const column of rest) {
      if (columnLength(column) <= row) continue;
      const value = cell(column, row);
      if (value !== null && value !== '') attributes[column.name] = value;
    }
    const contact = text(columns['contact'], row);
    if (contact) attributes['contact'] = contact;
    const groups = parseTargetGroups(text(columns['targetGroups'], row));
    if (groups.length > 0) attributes[TARGET_GROUPS_ATTRIBUTE] = formatTargetGroups(groups);
    const geometry: Point = { type: 'Point', coordinates: [table.lon[row]!, table.lat[row]!] };
    const resource: Resource = {
      id,
      projectId: target.projectId,
      layerId: target.layerId,
      category: categoryOf(columns['category'] ? text(columns['category'], row) || null : null),
      name: text(columns['name'], row),
      address: addressOf(columns, row),
      ageFromYears: number(columns['ageFrom'], row),
      ageToYears: number(columns['ageTo'], row),
      capacity: number(columns['capacity'], row),
      provider: text(columns['provider'], row),
      geometry,
      attributes,
    };
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      duplicateKeys.push({ row, key });
      resources[earlier] = resource;
    } else {
      seen.set(id, resources.length);
      resources.push(resource);
    }
  }
  return { resources, duplicateKeys };
}
