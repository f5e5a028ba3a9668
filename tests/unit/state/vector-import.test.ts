import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRS_NOTE_CODES, detectCrs, userCrs, type CrsDetection } from '../../../src/io/crs';
import { translate, type Locale, type MessageKey } from '../../../src/i18n';
import { crsNoteText, importFeatures, problemText, previewFeatureImport, SUPPORTED_CRS } from '../../../src/state/vector-import';
import { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import type { ImportedFeature } from '../../../src/io/vector-import';
import { square, testSnapshot } from '../helpers';
import { inProcessGeometry } from './geometry-service';

const t = (locale: Locale) => (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);

describe('problemText', () => {
  it('words per-feature problems in the user language with their details', () => {
    expect(problemText(t('de'), { code: 'geometry-missing', params: {} })).toBe('hat keine Geometrie; verworfen');
    expect(problemText(t('de'), { code: 'property-stringified', params: { column: 'bounding_box', count: 12 } })).toBe(
      'hat einen Objektwert in Spalte „bounding_box“ (12 Objekte insgesamt); als JSON-Text übernommen',
    );
    expect(problemText(t('en'), { code: 'ring-unclosed', params: { count: 2 } })).toBe('had 2 unclosed ring(s); closed');
  });
});

describe('crsNoteText', () => {
  const detection = (noteCode: CrsDetection['noteCode'], noteParams: CrsDetection['noteParams'] = {}): CrsDetection => ({
    code: 'EPSG:25832',
    source: 'guess',
    zonePrefix: false,
    swapAxes: false,
    note: '',
    noteCode,
    noteParams: { code: 'EPSG:25832', ...noteParams },
    alternatives: [],
  });

  it.each(CRS_NOTE_CODES.flatMap((code) => (['de', 'en'] as const).map((locale) => [code, locale] as const)))(
    'has a text for %s in %s with every placeholder filled',
    (code, locale) => {
      for (const params of [{}, { declared: 'EPSG:4326', alternatives: 'EPSG:25833' }] as Record<string, string>[]) {
        const text = crsNoteText(t(locale), detection(code, params));
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/[{}]/);
      }
    },
  );

  it('translates what the detection found, in German by default and in English', () => {
    // UTM 32 eastings with the zone number in front, declared as plain UTM 32 by the file.
    const found = detectCrs({ crsMember: 'EPSG:25832', sample: [[32_500_000, 5_700_000], [32_510_000, 5_710_000]] });
    expect(found.noteCode).toBe('crs.zone-prefix');
    expect(crsNoteText(t('de'), found)).toBe(
      'Angegeben ist EPSG:25832; die Rechtswerte tragen vorn die Zonennummer (32xxxxxxx), sie wird entfernt.',
    );
    expect(crsNoteText(t('en'), found)).toBe(
      'Declared EPSG:25832; the eastings carry the zone number in front (32xxxxxxx), which is removed.',
    );
  });

  it('describes a guess with its alternatives and lat/lon data without a declaration', () => {
    const ambiguous = detectCrs({ crsMember: 'EPSG:99999', sample: [[800_000, 5_800_000]] });
    expect(ambiguous.noteCode).toBe('crs.unsupported-declared');
    expect(crsNoteText(t('de'), ambiguous)).toMatch(/^Das angegebene Koordinatensystem „EPSG:99999“ wird nicht unterstützt; .*EPSG:/);

    const swapped = detectCrs({ sample: [[51.3, 9.5], [51.4, 9.6]] });
    expect(swapped.noteCode).toBe('crs.swapped-axes');
    expect(crsNoteText(t('de'), swapped)).toBe('Längen-/Breitengrad (WGS 84), aber in der Reihenfolge Breite/Länge; die Achsen wurden getauscht.');

    const chosen = userCrs('EPSG:4326', [[51.3, 9.5]]);
    expect(crsNoteText(t('de'), chosen)).toBe('Von Ihnen gewählt: EPSG:4326 (Breite zuerst).');
  });

  it('offers the supported systems from a list without proj4', () => {
    expect(SUPPORTED_CRS.map((crs) => crs.code)).toContain('EPSG:25833');
  });
});

describe('importing features into a project', () => {
  let db: AtlasDatabase;
  let project: ProjectState;
  let counter = 0;
  const features: ImportedFeature[] = [
    { properties: { KEY: '001', NAME: 'Nord', U6: 10 }, geometry: square(10, 51, 0.01), featureNumber: 1 },
    { properties: { KEY: '002', NAME: 'Süd', U6: '1.200' }, geometry: square(10, 50.99, 0.01), featureNumber: 2 },
    { properties: { KEY: '001', NAME: 'doppelt', U6: 3 }, geometry: square(10.01, 51, 0.01), featureNumber: 3 },
    { properties: { KEY: '003', NAME: 'Punkt' }, geometry: { type: 'Point', coordinates: [10, 51] }, featureNumber: 4 },
  ];

  beforeEach(async () => {
    db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
    await installSnapshot(db, testSnapshot('p'), 'p');
    project = new ProjectState(db, (await loadSnapshot(db, 'p'))!, { geometry: inProcessGeometry, newId: () => `id${++counter}` });
  });

  afterEach(async () => {
    await db.delete();
  });

  it('previews and imports base units with the chosen columns as one undoable change', async () => {
    const mapping = { as: 'units', keyColumn: 'KEY', nameColumn: 'NAME', population: { age0to6: 'U6' } } as const;
    const preview = previewFeatureImport(project, features, mapping);
    expect(preview.count).toBe(2);
    expect(preview.skipped.map((entry) => [entry.featureNumber, entry.reason])).toEqual([
      [3, 'duplicate-key'],
      [4, 'not-an-area'],
    ]);
    const app = { newId: () => `new${++counter}`, zoomRequest: null as [number, number, number, number] | null };
    await importFeatures(app, project, { fileName: 'bezirke.geojson', features }, mapping);
    expect(project.units.map((unit) => [unit.key, unit.name, unit.population.age0to6])).toEqual([
      ['001', 'Nord', 10],
      ['002', 'Süd', 1200],
    ]);
    expect(project.unitLayers[0]).toMatchObject({ name: 'bezirke.geojson', mapping: { key: 'KEY', name: 'NAME', age0to6: 'U6' } });
    expect(project.history.undo?.key).toBe('change.importUnits');
    expect(app.zoomRequest).not.toBeNull();
  });

  it('imports areas as social spaces numbered after the existing ones', async () => {
    const app = { newId: () => `new${++counter}`, zoomRequest: null };
    await importFeatures(app, project, { fileName: 'raeume.kml', features }, { as: 'spaces', codeColumn: null, nameColumn: 'NAME' });
    expect(project.spaces.map((space) => `${space.code} ${space.name}`)).toEqual([
      'SR 01 Raum SR 01',
      'SR 02 Raum SR 02',
      'SR 03 Nord',
      'SR 04 Süd',
      'SR 05 doppelt',
    ]);
  });
});
