import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppState } from '../../../src/state/app.svelte';
import { AssignmentTableImport } from '../../../src/state/assignment-table-import.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot } from '../../../src/store/projects';
import { tryReadAssignmentTable } from '../../../src/io/assignment-table';
import { EMPTY_AREA, type Unit } from '../../../src/domain/types';
import { square, testSnapshot, MemoryPreferences } from '../helpers';
import { inProcessGeometry } from './geometry-service';


/** Four units 0643500n in a row; u1, u2 in SR 01 "Raum SR 01", u3, u4 in SR 02 "Raum SR 02". */
function snapshotWithUnits(projectId: string) {
  const snapshot = testSnapshot(projectId);
  const population = { age0to6: 1, age6to15: 2, age15to18: 3, age18to21: 4, age21plus: 10 };
  snapshot.units = [1, 2, 3, 4].map(
    (number): Unit => ({
      id: `u${number}`,
      projectId,
      layerId: 'units',
      key: `0643500${number}`,
      name: `Einheit ${number}`,
      geometry: square(10 + (number - 1) * 0.01, 51, 0.01),
      population,
    }),
  );
  snapshot.spaces[0] = { ...snapshot.spaces[0]!, unitIds: ['u1', 'u2'], geometry: square(10, 51, 0.02) };
  snapshot.spaces[1] = { ...snapshot.spaces[1]!, unitIds: ['u3', 'u4'], geometry: EMPTY_AREA };
  return snapshot;
}

let db: AtlasDatabase;
let app: AppState;
let reads: number;
let nextId = 0;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  reads = 0;
  app = new AppState({
    db,
    preferences: new MemoryPreferences(),
    installDemo: async (projectId) => {
      await installSnapshot(db, snapshotWithUnits(projectId), projectId, { isDemo: true, createdAt: 1, updatedAt: 1 });
    },
    newId: () => `id${++nextId}`,
    geometry: inProcessGeometry,
    readVectorFile: () => Promise.reject(new Error('not used')),
    readAssignmentTable: async (fileName, bytes, units, spaces, options) => {
      reads++;
      return tryReadAssignmentTable(fileName, bytes, units, spaces, options);
    },
    exportSpaces: async () => '',
  });
  await app.init();
});

afterEach(async () => {
  await db.delete();
});

const windows1252 = (text: string) => Uint8Array.from([...text].map((character) => character.charCodeAt(0))).buffer;

const TABLE = [
  'Schlüssel;Name;Sozialraum',
  '06435001;Einheit 1;SR 02',
  '06435002;Einheit 2;Raum SR 02',
  '06435003;Einheit 3;SR 02',
  '06439999;Gibt es nicht;SR 01',
  '06435004;Einheit 4;Neustadt',
  '06435001;Einheit 1;SR 01',
].join('\r\n');

describe('AssignmentTableImport', () => {
  it('reads the table, describes what it detected and lists every problem in German', async () => {
    const table = new AssignmentTableImport(app, app.project!);
    await table.choose('zuordnung.csv', windows1252(TABLE));
    expect(table.failure).toBeNull();
    expect(table.detected).toBe('Erkannt: Zeichensatz Windows-1252, Trennzeichen Semikolon (;), mit Kopfzeile.');
    expect(table.columns.map((column) => column.label)).toEqual(['Spalte 1: Schlüssel', 'Spalte 2: Name', 'Spalte 3: Sozialraum']);
    expect(table.summary).toEqual({ rows: 6, matched: 3, spaces: 1, newSpaces: 0, changing: 2, rejected: 3 });
    expect(table.problems).toEqual([
      { line: 5, key: '06439999', text: 'keine Basiseinheit mit diesem Schlüssel' },
      { line: 6, key: '06435004', text: 'Sozialraum „Neustadt“ gibt es nicht' },
      { line: 7, key: '06435001', text: 'doppelt, schon in Zeile 2 zugeordnet' },
    ]);
    expect(table.missingSpaceNames).toEqual(['Neustadt']);
    const csv = table.rejectedCsv()!;
    expect(csv.fileName).toBe('zuordnung-abgelehnt.csv');
    expect(csv.content.split('\r\n')[2]).toBe('6;unknown-space;Sozialraum „Neustadt“ gibt es nicht;06435004 | Einheit 4 | Neustadt');

    app.setLocale('en');
    expect(table.problems[0]!.text).toBe('no base unit with this key');
  });

  it('applies the matched rows as one undoable change', async () => {
    const project = app.project!;
    const table = new AssignmentTableImport(app, project);
    await table.choose('zuordnung.csv', windows1252(TABLE));
    await expect(table.apply()).resolves.toBe(true);
    expect(project.spaces.map((space) => [space.code, space.unitIds])).toEqual([
      ['SR 01', []],
      ['SR 02', ['u3', 'u4', 'u1', 'u2']],
    ]);
    expect(project.history.undo).toEqual({ key: 'change.assignFromTable', params: { count: 3 } });
    await project.undo();
    expect(project.spaces.map((space) => space.unitIds)).toEqual([
      ['u1', 'u2'],
      ['u3', 'u4'],
    ]);
  });

  it('creates the spaces the table names when asked, in the same change', async () => {
    const project = app.project!;
    const table = new AssignmentTableImport(app, project);
    await table.choose('zuordnung.csv', windows1252(TABLE));
    await table.setCreateMissingSpaces(true);
    expect(table.summary).toMatchObject({ matched: 4, newSpaces: 1, rejected: 2 });
    await table.apply();
    const created = project.spaces.find((space) => space.name === 'Neustadt')!;
    expect(created).toMatchObject({ code: 'SR 03', unitIds: ['u4'] });
    expect(created.geometry.type).toBe('Polygon');
    await project.undo();
    expect(project.spaces.map((space) => space.code)).toEqual(['SR 01', 'SR 02']);
  });

  it('reads again with the columns the user picks, and keeps the table when that fails', async () => {
    const table = new AssignmentTableImport(app, app.project!);
    await table.choose('zuordnung.csv', windows1252(TABLE));
    await table.chooseColumns(0, 1);
    expect(table.table).toMatchObject({ keyColumn: 0, spaceColumn: 1 });
    expect(table.summary?.matched).toBe(0);
    expect(table.canApply).toBe(false);
    await table.chooseColumns(0, 0);
    expect(table.failure).toBe('„zuordnung.csv“ konnte nicht gelesen werden: Schlüssel und Sozialraum müssen in verschiedenen Spalten stehen.');
    expect(table.table).toMatchObject({ keyColumn: 0, spaceColumn: 1 });
    expect(reads).toBe(3);
  });

  it('names the file and the reason when no column holds unit keys', async () => {
    const table = new AssignmentTableImport(app, app.project!);
    await table.choose('falsch.csv', windows1252('a;b\r\nc;d\r\n'));
    expect(table.table).toBeNull();
    expect(table.failure).toBe('„falsch.csv“ konnte nicht gelesen werden: Keine Spalte enthält Schlüssel der Basiseinheiten dieses Projekts.');
  });
});
