/**
 * What the vector import dialog needs beyond reading the file (AppState.readVectorFile): the
 * list of coordinate systems to choose from, the CRS note in the user's language, a preview of
 * what a column mapping would import, and the import itself through ProjectState.
 *
 * Kept out of the dialog so that ui/ does not reach into io/ (ui → state → … → io).
 */
import type { MessageKey } from '../i18n';
import type { AgeBandKey } from '../domain/age-bands';
import { nextSpaceCode } from '../domain/assignment';
import { bboxOfGeometries } from '../geo/bbox';
import type { CrsDetection, CrsNoteCode } from '../io/crs';
import { featuresToSpaces, featuresToUnits, type SkippedFeature, type UnitMapping } from '../io/units-from-features';
import type { ImportedFeature, ImportProblem, VectorImportResult } from '../io/vector-import';
import type { AppState } from './app.svelte';
import type { ProjectState } from './project.svelte';

export { SUPPORTED_CRS, type SupportedCrs } from '../io/crs-list';
export type { CrsDetection, ImportedFeature, SkippedFeature, VectorImportResult };

/** How the features of a file become records: base units (key, name, population) or spaces. */
export type FeatureMapping =
  | { as: 'units'; keyColumn: string; nameColumn: string | null; population: Partial<Record<AgeBandKey, string>> }
  | { as: 'spaces'; codeColumn: string | null; nameColumn: string | null };

/** The message for each note of the CRS detection (the type makes a missing text a compile error). */
const CRS_NOTE_KEYS: Record<CrsNoteCode, MessageKey> = {
  'crs.crs-member': 'crsNote.crs-member',
  'crs.prj': 'crsNote.prj',
  'crs.swapped-axes': 'crsNote.swapped-axes',
  'crs.zone-prefix': 'crsNote.zone-prefix',
  'crs.declared-mismatch': 'crsNote.declared-mismatch',
  'crs.outside-germany': 'crsNote.outside-germany',
  'crs.default': 'crsNote.default',
  'crs.lon-lat': 'crsNote.lon-lat',
  'crs.guess': 'crsNote.guess',
  'crs.guess-ambiguous': 'crsNote.guess-ambiguous',
  'crs.unsupported-declared': 'crsNote.unsupported-declared',
  'crs.unrecognised': 'crsNote.unrecognised',
  'crs.user': 'crsNote.user',
  'crs.kml': 'crsNote.kml',
};

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The CRS detection note in the user's language. Notes that exist with and without a declared
 * CRS (swapped axes, unrecognised) have a second text for the case without one.
 */
export function crsNoteText(t: Translate, detection: Pick<CrsDetection, 'code' | 'zonePrefix' | 'swapAxes' | 'noteCode' | 'noteParams'>): string {
  const params = detection.noteParams;
  const declared = params['declared'];
  const alternatives = String(params['alternatives'] ?? '');
  const described =
    detection.code + (detection.zonePrefix ? t('crsNote.withZonePrefix') : '') + (detection.swapAxes ? t('crsNote.latitudeFirst') : '');
  let key = CRS_NOTE_KEYS[detection.noteCode];
  if (declared === undefined && detection.noteCode === 'crs.swapped-axes') key = 'crsNote.swapped-axes-guessed';
  if (declared === undefined && detection.noteCode === 'crs.unrecognised') key = 'crsNote.unrecognised-undeclared';
  const text = t(key, {
    code: detection.code,
    declared: String(declared ?? ''),
    described,
    alternatives,
    zone: detection.code.endsWith('33') ? 33 : 32,
  });
  const alsoPossible = detection.noteCode === 'crs.unsupported-declared' && alternatives !== '' ? ` ${t('crsNote.alsoPossible', { alternatives })}` : '';
  return text + alsoPossible;
}

/** What importing the features with `mapping` would give: how many records, which features are skipped. */
export function previewFeatureImport(
  project: ProjectState,
  features: readonly ImportedFeature[],
  mapping: FeatureMapping,
): { count: number; skipped: SkippedFeature[] } {
  let counter = 0;
  const newId = () => `preview-${++counter}`;
  if (mapping.as === 'units') {
    const { units, skipped } = featuresToUnits(features, unitMapping(mapping), { projectId: project.id, layerId: 'preview', newId });
    return { count: units.length, skipped };
  }
  const { spaces, skipped } = featuresToSpaces(features, mapping, { projectId: project.id, variantId: 'preview', newId, firstNumber: 1 });
  return { count: spaces.length, skipped };
}

/**
 * Import the features into the open project as base units (a new layer) or as social spaces of
 * the active variant, each as one undoable change, and frame them on the map.
 */
export async function importFeatures(
  app: Pick<AppState, 'newId' | 'zoomRequest'>,
  project: ProjectState,
  source: { fileName: string; features: readonly ImportedFeature[] },
  mapping: FeatureMapping,
): Promise<void> {
  const { fileName, features } = source;
  if (mapping.as === 'units') {
    const { keyColumn, nameColumn, population } = mapping;
    const stored: Record<string, string> = { key: keyColumn, name: nameColumn ?? '' };
    for (const [band, column] of Object.entries(population)) if (column) stored[band] = column;
    await project.importUnits(
      { name: fileName, source: fileName, importedAt: Date.now(), mapping: stored },
      (layerId) => featuresToUnits(features, unitMapping(mapping), { projectId: project.id, layerId, newId: () => app.newId() }).units,
    );
  } else {
    const variant = project.activeVariant;
    if (!variant) throw new Error('The project has no variant');
    const firstNumber = Number(nextSpaceCode(project.spaces).match(/\d+/)?.[0] ?? 1);
    const { spaces } = featuresToSpaces(features, mapping, { projectId: project.id, variantId: variant.id, newId: () => app.newId(), firstNumber });
    await project.importSpaces(spaces, fileName);
  }
  // Show what was imported, wherever it lies.
  app.zoomRequest = bboxOfGeometries(features.map((feature) => feature.geometry));
}

function unitMapping(mapping: Extract<FeatureMapping, { as: 'units' }>): UnitMapping {
  return { keyColumn: mapping.keyColumn, nameColumn: mapping.nameColumn, population: mapping.population };
}

/** A per-feature problem of a vector import in the user's language ("hat keine Geometrie; verworfen"). */
export function problemText(t: Translate, problem: Pick<ImportProblem, 'code' | 'params'>): string {
  return t(`importProblem.${problem.code}` as MessageKey, problem.params);
}
