/**
 * Builds the app once and serves the production build on a free localhost port for all
 * end-to-end tests (what ships is what is tested).
 */
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
// E2E_DIST_DIR lets two test runs on one machine build into separate directories.
const outDir = process.env.E2E_DIST_DIR ?? join(root, 'tests', 'artifacts', 'dist');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('Preview server has no port');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`);
  return async () => {
    await server.close();
  };
}
