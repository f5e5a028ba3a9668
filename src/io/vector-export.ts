/**
 * Exporting social spaces: GeoJSON (WGS84), a zipped Shapefile in ETRS89/UTM, and the
 * unit → space assignment as a CSV that German Excel opens correctly.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { zipSync } from 'fflate';
import type { AreaGeometry, SocialSpace, Unit } from '../domain/types';
import { mapPositions, prjWktFor, projectGeometry } from './crs';
import { roundCoordinate } from './clean-geometry';
import { writeDbf, writeShpShx, type DbfField } from './shapefile-write';

/** Base name of the files inside the Shapefile zip. */
export const SHAPEFILE_BASE_NAME = 'sozialraeume';

function spaceProperties(space: SocialSpace) {
  return {
    code: space.code,
    name: space.name,
    color: space.color,
    notes: space.notes,
    unitCount: space.unitIds.length,
  };
}

function rounded(geometry: AreaGeometry): AreaGeometry {
  return mapPositions(geometry, (position) => [roundCoordinate(position[0]!), roundCoordinate(position[1]!)]);
}

/** FeatureCollection (RFC 7946, WGS84) with properties code, name, color, notes, unitCount. */
export function spacesToGeoJson(spaces: readonly SocialSpace[]): string {
  const features = spaces.map((space) =>
    JSON.stringify({ type: 'Feature', properties: spaceProperties(space), geometry: rounded(space.geometry) }),
  );
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

const SPACE_FIELDS: readonly DbfField[] = [
  { name: 'code', type: 'C' },
  { name: 'name', type: 'C' },
  { name: 'color', type: 'C' },
  { name: 'notes', type: 'C' },
  { name: 'unitCount', type: 'N' },
];

export type ShapefileExportCrs = 'EPSG:25832' | 'EPSG:25833';

/**
 * A zip with sozialraeume.shp/.shx/.dbf/.prj/.cpg: polygons projected to ETRS89/UTM 32 or 33,
 * attributes code, name, color, notes (cut at 254 UTF-8 bytes), unitCount; .cpg is UTF-8.
 */
export function spacesToShapefileZip(
  spaces: readonly SocialSpace[],
  crsCode: ShapefileExportCrs,
  options: { date?: Date } = {},
): Uint8Array {
  const date = options.date ?? new Date();
  const geometries = spaces.map((space) => projectGeometry<Polygon | MultiPolygon>(space.geometry, crsCode));
  const { shp, shx } = writeShpShx(geometries);
  const dbf = writeDbf(SPACE_FIELDS, spaces.map(spaceProperties), { date });
  const encoder = new TextEncoder();
  const mtime = date;
  return zipSync(
    {
      [`${SHAPEFILE_BASE_NAME}.shp`]: [shp, { mtime }],
      [`${SHAPEFILE_BASE_NAME}.shx`]: [shx, { mtime }],
      [`${SHAPEFILE_BASE_NAME}.dbf`]: [dbf, { mtime }],
      [`${SHAPEFILE_BASE_NAME}.prj`]: [encoder.encode(prjWktFor(crsCode)), { mtime }],
      [`${SHAPEFILE_BASE_NAME}.cpg`]: [encoder.encode('UTF-8'), { mtime }],
    },
    { level: 6 },
  );
}

function csvCell(value: string): string {
  let text = value;
  // Keep spreadsheet programs from running imported text as a formula.
  if (/^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+([.,]\d+)?$/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Unit → social space table: UTF-8 with BOM, ";" separated, CRLF, header
 * `Schlüssel;Einheit;Sozialraum-Kürzel;Sozialraum`. Units in no space have empty space
 * columns; a unit listed by several spaces (pass the spaces of one variant) gets all of them,
 * joined with ", ".
 */
export function unitAssignmentCsv(units: readonly Unit[], spaces: readonly SocialSpace[]): string {
  const spacesByUnit = new Map<string, SocialSpace[]>();
  for (const space of spaces) {
    for (const unitId of space.unitIds) {
      const list = spacesByUnit.get(unitId);
      if (list) {
        if (!list.includes(space)) list.push(space);
      } else spacesByUnit.set(unitId, [space]);
    }
  }
  const lines = [['Schlüssel', 'Einheit', 'Sozialraum-Kürzel', 'Sozialraum'].join(';')];
  for (const unit of units) {
    const assigned = spacesByUnit.get(unit.id) ?? [];
    lines.push(
      [
        unit.key,
        unit.name,
        assigned.map((space) => space.code).join(', '),
        assigned.map((space) => space.name).join(', '),
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
