/**
 * `npm run bench [-- name ...]`: runs the Node benchmarks, then the browser benchmarks in
 * headless Debian chromium (IndexedDB, main-thread figures), printing one BENCH line each.
 */
import { createServer } from 'vite';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatResult, runCase, type BenchCase, type BenchResult } from './harness';
import { labelPointsBench } from './node/label-points.bench';
import { dissolveBench } from './node/dissolve.bench';
import { validateBench } from './node/validate.bench';
import { launchBrowser } from '../e2e/browser';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const nodeBenches: BenchCase[] = [labelPointsBench, dissolveBench, validateBench];
nodeBenches.push(...(await import('./node/osm-import.bench')).osmImportBenches);
nodeBenches.push((await import('./node/csv-parse.bench')).csvParseBench);
nodeBenches.push((await import('./node/nearest.bench')).nearestBench);
nodeBenches.push((await import('./node/resource-search.bench')).resourceSearchBench);
nodeBenches.push((await import('./node/assign-points.bench')).assignPointsBench);
{
  const network = await import('./node/network.bench');
  nodeBenches.push(...network.dijkstraBenches, network.coverageBench, network.isochroneBench);
}
const browserBenchNames = [
  'idb-install-50k-resources',
  'edit-one-of-50k-resources',
  'demo-install-wall',
  'demo-install-longest-main-thread-task',
  'drag-vertex-frame-time',
  'drag-vertex-longest-main-thread-task',
  'store-points', 'store-points-reload', 'store-points-longest-main-thread-task', 'store-points-edit-after-import',
  'csv-import-longest-main-thread-task',
];

const filter = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
const selected = (name: string) => filter.length === 0 || filter.includes(name);

for (const bench of nodeBenches.filter((candidate) => selected(candidate.name))) {
  console.log(formatResult(await runCase(bench)));
}

const browserSelection = browserBenchNames.filter(selected);
if (browserSelection.length > 0) {
  const server = await createServer({ root, logLevel: 'warn', server: { port: 0, host: '127.0.0.1', hmr: false } });
  await server.listen();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    const address = server.httpServer!.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    await page.goto(`http://127.0.0.1:${address.port}/tests/bench/browser/index.html`);
    await page.waitForFunction(() => typeof window.runBenches === 'function', undefined, { timeout: 120_000 });
    const results = (await page.evaluate((names) => window.runBenches(names), browserSelection)) as BenchResult[];
    for (const result of results) console.log(formatResult(result));
  } finally {
    await browser.close();
    await server.close();
  }
}
