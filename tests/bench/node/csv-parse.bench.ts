/**
 * `csv-parse`: sniff + parse + normalise 1,000,000 rows of a German office export (`;`, decimal
 * commas, `.` thousands, UTM coordinates) into columns, against PapaParse `header: true` with
 * `parseFloat(s.replace(',', '.'))` per numeric cell. Both start from the file's bytes.
 *
 * Peak memory is measured in a fresh child process per approach (this file run with
 * `--csv-memory-child ours|peer`): the rise of the resident set's high-water mark during the
 * run, and the heap + array buffers still held by the result after garbage collection.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { parseCsv, sniffCsv, type CsvTable } from '../../../src/io/csv';
import { parseNumberIn } from '../../../src/io/csv/numbers';
import type { BenchCase } from '../harness';
import { median } from '../harness';
import { seededRandom } from '../seeded';

const ROWS = 1_000_000;
const HEADER = 'ID;Name;Kategorie;Rechtswert;Hochwert;Jahr;Anzahl;Quote';
const NUMERIC = ['Rechtswert', 'Hochwert', 'Jahr', 'Anzahl', 'Quote'] as const;

const CATEGORIES = ['Kita', 'Grundschule', 'Jugendzentrum', 'Familienzentrum', 'Beratungsstelle', 'Sportverein', 'Spielplatz', 'Hort'];
const NAMES = [
  'Sonnenschein',
  'Löwenzahn',
  'Regenbogen',
  'Am Park',
  'Lindenhof',
  'Kleine Strolche',
  'St. Marien',
  'Waldwichtel',
  'Pusteblume',
  'Schatzkiste',
  'Mühlenweg',
  'Rappelkiste',
  'Sterntaler',
  'Wirbelwind',
  'Am Schloßberg',
  'Nordlicht',
];

/** "1.234.567" */
function thousands(value: number): string {
  const digits = String(value);
  let out = '';
  for (let index = 0; index < digits.length; index++) {
    if (index > 0 && (digits.length - index) % 3 === 0) out += '.';
    out += digits[index];
  }
  return out;
}

const comma = (value: number, decimals: number) => value.toFixed(decimals).replace('.', ',');

/**
 * A seeded office export of `rows` rows, UTF-8, CRLF, written straight into bytes (no giant
 * intermediate string): id, name, category, UTM 32 easting/northing with decimal comma, year,
 * count with `.` thousands (1 % written "." = unknown, 0.5 % "-"), rate with decimal comma.
 */
export function syntheticOfficeExport(rows: number, seed = 4): Uint8Array {
  const random = seededRandom(seed);
  const encoder = new TextEncoder();
  let buffer = new Uint8Array(rows * 80 + 1024);
  let used = encoder.encodeInto(`${HEADER}\r\n`, buffer).written;
  const block: string[] = [];
  const flush = () => {
    const text = block.join('');
    block.length = 0;
    if (used + text.length * 3 > buffer.length) {
      const bigger = new Uint8Array(Math.ceil((buffer.length + text.length * 3) * 1.25));
      bigger.set(buffer.subarray(0, used));
      buffer = bigger;
    }
    used += encoder.encodeInto(text, buffer.subarray(used)).written;
  };
  for (let row = 0; row < rows; row++) {
    const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)]!;
    const name = `${category} ${NAMES[Math.floor(random() * NAMES.length)]!} ${Math.floor(random() * 5000)}`;
    const easting = comma(550_000 + random() * 40_000, 2);
    const northing = comma(5_920_000 + random() * 40_000, 2);
    const year = 2015 + Math.floor(random() * 10);
    const draw = random();
    const count = draw < 0.01 ? '.' : draw < 0.015 ? '-' : thousands(Math.floor(random() ** 3 * 250_000));
    const rate = comma(random() * 100, random() < 0.5 ? 1 : 2);
    block.push(`${1_000_000 + row};${name};${category};${easting};${northing};${year};${count};${rate}\r\n`);
    if (block.length === 10_000) flush();
  }
  flush();
  return buffer.slice(0, used);
}

/** Ours: sniff the settings, then parse and normalise into columns. */
export function oursParse(bytes: Uint8Array): CsvTable {
  const sniff = sniffCsv(bytes);
  return parseCsv(bytes, sniff.settings, { expectedRows: sniff.estimatedRows });
}

/** The peer: PapaParse with header: true, then parseFloat(s.replace(',', '.')) per numeric cell. */
export function peerParse(bytes: Uint8Array): Record<string, string | number>[] {
  const text = new TextDecoder().decode(bytes);
  const rows = Papa.parse<Record<string, string | number>>(text, { header: true, delimiter: ';', skipEmptyLines: true }).data;
  for (const row of rows) {
    for (const key of NUMERIC) row[key] = Number.parseFloat((row[key] as string).replace(',', '.'));
  }
  return rows;
}

/**
 * PapaParse without header (arrays per row) feeding the same cell conversion as ours: what
 * using PapaParse as our tokenizer would cost.
 */
function papaArraysOurConversion(bytes: Uint8Array): Float64Array[] {
  const text = new TextDecoder().decode(bytes);
  const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data;
  const columns = [3, 4, 5, 6, 7].map(() => new Float64Array(rows.length - 1));
  for (let row = 1; row < rows.length; row++) {
    const cells = rows[row]!;
    for (let index = 0; index < 5; index++) {
      const cell = cells[index + 3]!;
      columns[index]![row - 1] = parseNumberIn(cell, 0, cell.length, 44, index === 3 ? 46 : -1);
    }
  }
  return columns;
}

interface CsvBenchData {
  bytes: Uint8Array;
  check: string;
  memory: string;
  papaArrays: string;
}

/** Once, outside the timed runs: both read the same values, except the peer's thousands. */
function sameResultCheck(bytes: Uint8Array): string {
  const ours = oursParse(bytes);
  const peer = peerParse(bytes);
  const differences: Record<string, number> = {};
  for (const name of NUMERIC) {
    const column = ours.columns.find((candidate) => candidate.name === name)!;
    if (column.kind !== 'number') throw new Error(`${name} was not read as numbers`);
    let different = 0;
    for (let row = 0; row < ours.rowCount; row++) {
      const a = column.values[row]!;
      const b = peer[row]![name] as number;
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) different++;
    }
    differences[name] = different;
  }
  const anzahl = ours.columns.find((candidate) => candidate.name === 'Anzahl')!;
  const missing = anzahl.kind === 'number' ? anzahl.missing : -1;
  const others = NUMERIC.filter((name) => name !== 'Anzahl' && differences[name] !== 0);
  return (
    `rows ${ours.rowCount}/${peer.length}, rejects ${ours.rejects.length}; same numbers in ${NUMERIC.length - 1 - others.length}/4 columns` +
    `${others.length ? ` (differ: ${others.join(', ')})` : ''}; Anzahl: ${missing} "."/"-" kept as missing with marker, ` +
    `peer misreads ${differences.Anzahl} values (1.234 → 1.234)`
  );
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / (1 << 20))} MiB`;
}

/** Runs one approach in a fresh process and returns its memory figures. */
function childMemory(which: 'ours' | 'peer'): { peakRss: number; bound: boolean; retained: number } {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', script, '--csv-memory-child', which], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('{'));
  if (result.status !== 0 || !line) throw new Error(`memory child ${which} failed: ${result.stderr}`);
  return JSON.parse(line) as { peakRss: number; bound: boolean; retained: number };
}

function memoryNote(): string {
  const ours = childMemory('ours');
  const peer = childMemory('peer');
  return (
    `peak RSS rise ours ${ours.bound ? '≤ ' : ''}${mebibytes(ours.peakRss)} vs peer ${peer.bound ? '≤ ' : ''}${mebibytes(peer.peakRss)}; ` +
    `result held ours ${mebibytes(ours.retained)} vs peer ${mebibytes(peer.retained)}`
  );
}

function papaArraysNote(bytes: Uint8Array): string {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    papaArraysOurConversion(bytes);
    times.push(performance.now() - start);
  }
  return `PapaParse arrays + our number reading ${Math.round(median(times))} ms (numeric columns only)`;
}

export const csvParseBench: BenchCase = {
  name: 'csv-parse',
  peer: 'PapaParse header:true + parseFloat(s.replace(",", "."))',
  setup: (): CsvBenchData => {
    const bytes = syntheticOfficeExport(ROWS);
    return { bytes, check: sameResultCheck(bytes), memory: memoryNote(), papaArrays: papaArraysNote(bytes) };
  },
  ours: (data: CsvBenchData) => oursParse(data.bytes),
  peerRun: (data: CsvBenchData) => peerParse(data.bytes),
  note: (data: CsvBenchData) =>
    `${ROWS.toLocaleString('en')} rows, ${mebibytes(data.bytes.length)} UTF-8, ours includes sniffing; ${data.check}; ${data.memory}; ${data.papaArrays}`,
};

/** Child mode: generate the data, then measure one run of one approach. */
function memoryChild(which: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const bytes = syntheticOfficeExport(ROWS);
  gc();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let result: unknown = which === 'ours' ? oursParse(bytes) : peerParse(bytes);
  const peak = process.resourceUsage().maxRSS * 1024;
  gc();
  const after = process.memoryUsage();
  const retained = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  if (!result) throw new Error('no result');
  result = null;
  // The high-water mark rose during the run: it shows the run's own peak. Otherwise the run
  // stayed below the generator's peak, which is then an upper bound.
  console.log(JSON.stringify({ peakRss: Math.max(peak, maxRssBefore) - before.rss, bound: peak <= maxRssBefore, retained }));
}

const childIndex = process.argv.indexOf('--csv-memory-child');
if (childIndex >= 0) memoryChild(process.argv[childIndex + 1] ?? '');
