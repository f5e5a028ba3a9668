/**
 * A list of resources as files: CSV for German Excel (UTF-8 with BOM, `;`, CRLF, formulas
 * defused) and GeoJSON (WGS 84). Column headers and category names come from the caller in the
 * user's language. Pure.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Resource } from '../domain/types';
import { toExcelCsv } from './excel-csv';
import { formatTargetGroups, targetGroupsOf } from '../domain/target-groups';

export interface ResourceExportRow {
  resource: Resource;
  /** The category in words ("Kita / Kindertagespflege"). */
  categoryLabel: string;
  /** Code and name of the social space it lies in, '' outside all. */
  space: string;
  /** Name of the layer (source) it came from. */
  source: string;
}

/** The columns of the CSV, in order; the caller words each header. */
export const RESOURCE_CSV_COLUMNS = ['name', 'category', 'address', 'capacity', 'provider', 'ageFrom', 'ageTo', 'targetGroups', 'contact', 'space', 'source', 'longitude', 'latitude'] as const;

export type ResourceCsvLabels = Record<(typeof RESOURCE_CSV_COLUMNS)[number], string>;

export function resourcesToCsv(rows: readonly ResourceExportRow[], labels: ResourceCsvLabels): string {
  return toExcelCsv(
    RESOURCE_CSV_COLUMNS.map((column) => labels[column]),
    rows.map(({ resource, categoryLabel, space, source }) => {
      const [lon, lat] = resource.geometry.coordinates;
      const contact = resource.attributes['contact'];
      return [
        resource.name,
        categoryLabel,
        resource.address,
        resource.capacity,
        resource.provider,
        resource.ageFromYears,
        resource.ageToYears,
        formatTargetGroups(targetGroupsOf(resource)),
        contact === null || contact === undefined ? '' : String(contact),
        space,
        source,
        lon ?? null,
        lat ?? null,
      ];
    }),
  );
}

export function resourcesToGeoJson(rows: readonly ResourceExportRow[]): string {
  const collection: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: rows.map(({ resource, categoryLabel, space, source }) => ({
      type: 'Feature',
      geometry: resource.geometry,
      // Attributes first: the fields of the record win over a column of the same name.
      properties: {
        ...resource.attributes,
        id: resource.id,
        name: resource.name,
        category: resource.category,
        categoryLabel,
        address: resource.address,
        capacity: resource.capacity,
        provider: resource.provider,
        ageFromYears: resource.ageFromYears,
        ageToYears: resource.ageToYears,
        space,
        source,
      },
    })),
  };
  return JSON.stringify(collection, null, 1);
}
