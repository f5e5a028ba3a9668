import { formatResult, runCase, type BenchResult } from '../harness';
import { browserBenches as indexedDbBenches } from './indexeddb.bench';
import { demoInstallLongestTaskBench, demoInstallWallBench } from './first-start.bench';
import { dragVertexBench, dragVertexLongestTaskBench } from './editing.bench';
import { pointBenches } from './points.bench';
import { csvImportLongestTaskBench } from './csv-import.bench';

const browserBenches = [...indexedDbBenches, demoInstallWallBench, demoInstallLongestTaskBench, dragVertexBench, dragVertexLongestTaskBench];
browserBenches.push(...pointBenches, csvImportLongestTaskBench);

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
