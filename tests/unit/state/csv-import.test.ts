import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { parseCsv, sniffCsv } from '../../../src/io/csv';
import { tableToPoints } from '../../../src/io/table-to-points';
import { CsvImport, type CsvImportService } from '../../../src/state/csv-import.svelte';
import { ProjectState } from '../../../src/state/project.svelte';
import { AtlasDatabase } from '../../../src/store/db';
import { installSnapshot, loadSnapshot } from '../../../src/store/projects';
import { isPointLayer } from '../../../src/domain/point-table';
import { testSnapshot } from '../helpers';
import { inProcessGeometry } from './geometry-service';

/** The wizard's service run in-process (the app runs the same functions in a worker). */
const inProcess: CsvImportService = {
  async sniff(bytes, overrides, totalBytes) {
    return sniffCsv(bytes, overrides, { totalBytes });
  },
  async preview(bytes, settings, rows) {
    return parseCsv(bytes, settings, { maxRows: rows });
  },
  async importTable(bytes, settings, plan, onProgress) {
    const table = parseCsv(bytes, settings, { onProgress });
    const { points, report } = tableToPoints(table, plan);
    return { points, report, rowCount: table.rowCount, rejects: table.rejects, rejectCounts: table.rejectCounts, rejectedRows: table.rejectedRows };
  },
};

proj4.defs('EPSG:25832', '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs');
const utm = (lon: number, lat: number) => proj4('EPSG:4326', 'EPSG:25832', [lon, lat]).map((value) => value.toFixed(1).replace('.', ','));

/** A Kita list as an office exports it: Windows-1252, `;`, decimal commas, UTM 32. */
function kitaCsv(): Uint8Array {
  const rows = [
    'Nr;Einrichtung;Art;Rechtswert;Hochwert;Plätze',
    `1;Kita Sonnenschein;kita;${utm(10.002, 51.004).join(';')};45`,
    `2;Jugendtreff Mühle;youth-centre;${utm(10.006, 51.006).join(';')};.`,
    '3;Ohne Lage;kita;;;12',
    `4;Familienzentrum Süd;family-centre;${utm(10.008, 51.002).join(';')};1.020`,
  ];
  return new Uint8Array(Buffer.from(rows.join('\r\n'), 'latin1'));
}

let db: AtlasDatabase;
let project: ProjectState;

beforeEach(async () => {
  db = new AtlasDatabase(`test-${crypto.randomUUID()}`);
  await installSnapshot(db, testSnapshot('p'), 'p');
  let counter = 0;
  project = new ProjectState(db, (await loadSnapshot(db, 'p'))!, { geometry: inProcessGeometry, newId: () => `id${++counter}` });
});
afterEach(async () => {
  await db.delete();
});

describe('the CSV import wizard', () => {
  it('detects the office format, suggests the mapping and the CRS, imports, lists problems and stores an undoable layer', async () => {
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('kitas.csv', kitaCsv());
    expect(wizard.status).toBe('ready');
    expect(wizard.sniff!.settings.encoding).toBe('windows-1252');
    expect(wizard.sniff!.settings.delimiter).toBe(';');
    expect(wizard.target).toBe('resources');
    expect(wizard.roles.name).toBe(1);
    expect(wizard.coordinateColumns).toEqual([3, 4]);
    expect(wizard.interpretation?.crs).toBe('EPSG:25832');

    await wizard.run();
    expect(wizard.status).toBe('done');
    expect(wizard.outcome!.report.located).toBe(3);
    expect(wizard.problems).toEqual([expect.objectContaining({ line: 4, reasonKey: 'csv.reason.missing', rowLeftOut: true })]);
    const csv = wizard.problemsCsv((key) => key)!;
    expect(csv.content.startsWith('\ufeff')).toBe(true);
    expect(csv.content).toContain('\r\n4;;;csv.reason.missing;csv.yes\r\n');

    const layer = await wizard.save('Kitas 2026');
    expect(layer.kind).toBe('resources');
    expect(isPointLayer(layer) && layer.points.length).toBe(3);
    const table = project.pointTables.get(layer.id)!;
    expect(table.lon[0]).toBeCloseTo(10.002, 5); // UTM written to 0.1 m
    expect(table.lat[0]).toBeCloseTo(51.004, 5);
    await project.undo();
    expect(project.pointTables.size).toBe(0);
    await project.redo();
    expect(project.pointTables.get(layer.id)!.length).toBe(3);
  });

  it('updates the layer by its key column when the same file is imported again', async () => {
    const first = new CsvImport(project, inProcess);
    await first.load('kitas.csv', kitaCsv());
    first.setRole('id', 0);
    await first.run();
    const layer = await first.save('Kitas');
    const second = new CsvImport(project, inProcess);
    await second.load('kitas.csv', kitaCsv());
    second.setRole('id', 0);
    await second.run();
    const again = await second.save('Kitas');
    expect(again.id).toBe(layer.id);
    expect(project.snapshot.layers.filter((candidate) => candidate.kind === 'resources')).toHaveLength(1);
    expect(project.pointTables.get(layer.id)!.length).toBe(3);
  });

  it('joins rows by area key to the spaces of the active variant', async () => {
    const rows = ['Sozialraum;Jahr;Fälle', 'SR 01;2025;12', '2;2025;9', 'Nirgendwo;2025;3'];
    const wizard = new CsvImport(project, inProcess);
    await wizard.load('faelle.csv', new Uint8Array(Buffer.from(rows.join('\n'), 'latin1')));
    expect(wizard.target).toBe('demand');
    expect(wizard.location).toBe('area-key');
    await wizard.run();
    expect(wizard.outcome!.report.located).toBe(2);
    expect(wizard.outcome!.report.unmatchedKeys.map((key) => key.raw)).toEqual(['Nirgendwo']);
  });
});
