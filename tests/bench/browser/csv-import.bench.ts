/**
 * The 1,000,000-row CSV import as the wizard runs it (parse, normalise and locate in its
 * worker; the typed arrays transferred back), against PapaParse `header: true` with per-cell
 * `parseFloat` on the main thread. The figure is the longest main-thread task (PerformanceObserver
 * "longtask") while it runs: what decides whether the UI freezes.
 */
import Papa from 'papaparse';
import { tableImportService } from '../../../src/workers/table-import';
import type { TablePointPlan } from '../../../src/io/table-to-points';
import type { BenchCase } from '../harness';
import { longestTask } from './first-start.bench';
import { seededRandom } from '../seeded';

const ROWS = 1_000_000;

interface CsvFixture {
  bytes: Uint8Array;
  text: string;
}

/** An office export: id; name; category; UTM 32 easting/northing with decimal commas; year; count with thousands dots. */
function officeCsv(rows: number): CsvFixture {
  const random = seededRandom(5);
  const categories = ['kita', 'school', 'club', 'youth-centre', 'counselling'];
  const lines = ['Nr;Bezeichnung;Art;Rechtswert;Hochwert;Jahr;Anzahl'];
  for (let index = 0; index < rows; index++) {
    const east = (550_000 + random() * 40_000).toFixed(1).replace('.', ',');
    const north = (5_620_000 + random() * 40_000).toFixed(1).replace('.', ',');
    const count = Math.floor(random() * 5000);
    const countText = count >= 1000 ? `${Math.floor(count / 1000)}.${String(count % 1000).padStart(3, '0')}` : String(count);
    lines.push(`${index + 1};Einrichtung ${index % 5000};${categories[index % 5]};${east};${north};${2018 + (index % 8)};${countText}`);
  }
  const text = `${lines.join('\r\n')}\r\n`;
  return { bytes: new TextEncoder().encode(text), text };
}

let fixture: CsvFixture | null = null;

async function importInWorker(data: CsvFixture): Promise<void> {
  // As the wizard does: the File goes to the worker by reference; detection reads its first MiB, the import streams it.
  const file = new Blob([data.bytes as Uint8Array<ArrayBuffer>]);
  const sniff = await tableImportService.sniff(file, {});
  const plan: TablePointPlan = {
    keep: [0, 1, 2, 5, 6],
    keyColumn: 0,
    location: { kind: 'coordinates', a: 3, b: 4, interpretation: { crs: 'EPSG:25832', order: 'xy', zonePrefix: false } },
  };
  const outcome = await tableImportService.importTable(file, sniff.settings, plan, sniff.estimatedRows, () => undefined, new AbortController().signal);
  if (outcome.report.located !== ROWS) throw new Error(`located ${outcome.report.located} of ${ROWS}`);
}

function papaOnMainThread(data: CsvFixture): void {
  const result = Papa.parse<Record<string, string>>(data.text, { header: true, delimiter: ';', skipEmptyLines: true });
  let checksum = 0;
  for (const row of result.data) {
    checksum += parseFloat(row['Rechtswert']!.replace(',', '.')) + parseFloat(row['Hochwert']!.replace(',', '.'));
    checksum += parseFloat(row['Anzahl']!.replace('.', '').replace(',', '.'));
  }
  if (!Number.isFinite(checksum)) throw new Error('no numbers');
}

export const csvImportLongestTaskBench: BenchCase = {
  name: 'csv-import-longest-main-thread-task',
  peer: 'PapaParse header:true + parseFloat on the main thread',
  setup: () => (fixture ??= officeCsv(ROWS)),
  ours: importInWorker,
  peerRun: async (data: CsvFixture) => papaOnMainThread(data),
  measureRun: longestTask,
  ratioFloorMilliseconds: 50,
  note: (data: CsvFixture) =>
    `1,000,000 rows (${(data.bytes.length / 1e6).toFixed(0)} MB, ';', decimal commas, UTM 32): longest main-thread task in ms (0 = none over 50 ms; ratio against 50 ms)`,
};
