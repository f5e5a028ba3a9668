#!/usr/bin/env node
// Runs every test: unit tests in Node and end-to-end tests in headless Debian chromium.
// Installs chromium first when it is missing, and ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const ensure = spawnSync('bash', [join(root, 'tests', 'e2e', 'ensure-chromium.sh')], { stdio: 'inherit' });
if (ensure.status !== 0) {
  console.error('Could not install chromium: the end-to-end tests cannot run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = join(artifacts, 'vitest-report.json');
const extra = process.argv.slice(2);
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + (result.numFailedTestSuites > 0 && result.numFailedTests === 0 ? result.numFailedTestSuites : 0);
  skipped = result.numPendingTests + result.numTodoTests;
} else {
  failed = 1;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
