/**
 * Turning imported features into project records: base units (key, name, population by age
 * band) or social spaces (code, name). Pure; every feature that is not used is reported.
 */
import type { AgeBandKey } from '../domain/age-bands';
import { AGE_BANDS, emptyPopulation } from '../domain/age-bands';
import { SPACE_COLOURS } from '../domain/palette';
import type { AreaGeometry, SocialSpace, Unit } from '../domain/types';
import type { ImportedFeature } from './vector-import';

export interface UnitMapping {
  keyColumn: string;
  nameColumn: string | null;
  /** Column per age band; bands without a column get 0. */
  population: Partial<Record<AgeBandKey, string>>;
}

export interface SkippedFeature {
  featureNumber: number;
  reason: 'not-an-area' | 'missing-key' | 'duplicate-key';
  detail: string;
}

function isArea(geometry: ImportedFeature['geometry']): geometry is AreaGeometry {
  return geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** Parse a population figure; German thousands separators and decimal commas are accepted. */
export function parseCount(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.max(0, value) : 0;
  const raw = text(value).replace(/\s/g, '');
  if (raw === '' || raw === '.' || raw === '-') return 0;
  const normalised = /,\d{1,2}$/.test(raw) ? raw.replace(/\./g, '').replace(',', '.') : raw.replace(/[.,](?=\d{3}\b)/g, '');
  const number = Number(normalised);
  return Number.isFinite(number) ? Math.max(0, number) : 0;
}

export function featuresToUnits(
  features: readonly ImportedFeature[],
  mapping: UnitMapping,
  target: { projectId: string; layerId: string; newId: () => string },
): { units: Unit[]; skipped: SkippedFeature[] } {
  const units: Unit[] = [];
  const skipped: SkippedFeature[] = [];
  const seen = new Map<string, number>();
  features.forEach((feature, index) => {
    const featureNumber = index + 1;
    if (!isArea(feature.geometry)) {
      skipped.push({ featureNumber, reason: 'not-an-area', detail: `${feature.geometry.type} is not an area` });
      return;
    }
    const key = text(feature.properties[mapping.keyColumn]);
    if (key === '') {
      skipped.push({ featureNumber, reason: 'missing-key', detail: `column "${mapping.keyColumn}" is empty` });
      return;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      skipped.push({ featureNumber, reason: 'duplicate-key', detail: `key "${key}" already used by feature ${earlier}` });
      return;
    }
    seen.set(key, featureNumber);
    const population = emptyPopulation();
    for (const band of AGE_BANDS) {
      const column = mapping.population[band.key];
      if (column) population[band.key] = parseCount(feature.properties[column]);
    }
    units.push({
      id: target.newId(),
      projectId: target.projectId,
      layerId: target.layerId,
      key,
      name: mapping.nameColumn ? text(feature.properties[mapping.nameColumn]) || key : key,
      geometry: feature.geometry,
      population,
    });
  });
  return { units, skipped };
}

export function featuresToSpaces(
  features: readonly ImportedFeature[],
  mapping: { codeColumn: string | null; nameColumn: string | null },
  target: { projectId: string; variantId: string; newId: () => string; firstNumber: number },
): { spaces: SocialSpace[]; skipped: SkippedFeature[] } {
  const spaces: SocialSpace[] = [];
  const skipped: SkippedFeature[] = [];
  features.forEach((feature, index) => {
    const featureNumber = index + 1;
    if (!isArea(feature.geometry)) {
      skipped.push({ featureNumber, reason: 'not-an-area', detail: `${feature.geometry.type} is not an area` });
      return;
    }
    const number = target.firstNumber + spaces.length;
    const code = (mapping.codeColumn && text(feature.properties[mapping.codeColumn])) || `SR ${String(number).padStart(2, '0')}`;
    const name = (mapping.nameColumn && text(feature.properties[mapping.nameColumn])) || code;
    spaces.push({
      id: target.newId(),
      projectId: target.projectId,
      variantId: target.variantId,
      code,
      name,
      color: SPACE_COLOURS[(number - 1) % SPACE_COLOURS.length]!,
      notes: '',
      geometry: feature.geometry,
      unitIds: [],
    });
  });
  return { spaces, skipped };
}
