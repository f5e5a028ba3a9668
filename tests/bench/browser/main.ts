import { formatResult, runCase, type BenchResult } from '../harness';
import { browserBenches } from './indexeddb.bench';

declare global {
  interface Window {
    runBenches: (filter: string[]) => Promise<BenchResult[]>;
  }
}

window.runBenches = async (filter) => {
  const results: BenchResult[] = [];
  for (const bench of browserBenches) {
    if (filter.length > 0 && !filter.includes(bench.name)) continue;
    const result = await runCase(bench);
    results.push(result);
    document.getElementById('out')!.textContent += `\n${formatResult(result)}`;
  }
  return results;
};
