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
  // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the build would then be a
  // development build (Svelte's dev mode, import.meta.env.PROD false, no service worker).
  const environment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = environment;
  }
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
