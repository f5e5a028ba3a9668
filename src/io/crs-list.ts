/**
 * The coordinate reference systems the import reads, as a plain list for choosers. Kept apart
 * from `crs.ts` so that showing the list does not pull proj4 into the main-thread bundle.
 */
export interface SupportedCrs {
  code: string;
  label: string;
}

export const SUPPORTED_CRS: readonly SupportedCrs[] = [
  { code: 'EPSG:4326', label: 'WGS 84 (Längen-/Breitengrad)' },
  { code: 'EPSG:25832', label: 'ETRS89 / UTM Zone 32N' },
  { code: 'EPSG:25833', label: 'ETRS89 / UTM Zone 33N' },
  { code: 'EPSG:31467', label: 'DHDN / Gauß-Krüger Zone 3' },
  { code: 'EPSG:31468', label: 'DHDN / Gauß-Krüger Zone 4' },
  { code: 'EPSG:3035', label: 'ETRS89 / LAEA Europe' },
  { code: 'EPSG:3857', label: 'WGS 84 / Pseudo-Mercator (Web-Mercator)' },
  { code: 'EPSG:32632', label: 'WGS 84 / UTM Zone 32N' },
  { code: 'EPSG:32633', label: 'WGS 84 / UTM Zone 33N' },
];
