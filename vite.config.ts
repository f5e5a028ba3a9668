import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, transformWithOxc, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { contentSecurityPolicy } from './src/content-security-policy.ts';

const root = import.meta.dirname;

/** Files below `directory`, as paths relative to it with forward slashes. */
function filesBelow(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesBelow(path).map((inner) => `${name}/${inner}`) : [relative(directory, path)];
  });
}

/**
 * The offline app shell, built with the app: writes the Content-Security-Policy into
 * index.html, and emits `sw.js` (src/service-worker.ts, types stripped) with the list of every
 * file of the build and of public/ to precache, under a cache name that changes with them.
 * Hand-written instead of vite-plugin-pwa: the worker is 60 lines we can read and test, and the
 * build needs no Workbox dependency tree.
 */
function appShell(): Plugin {
  return {
    name: 'sozialraum-atlas:app-shell',
    apply: 'build',
    // Before every script and stylesheet of the page, which a meta policy governs only when they follow it.
    transformIndexHtml: (html) => {
      const marker = /<!-- content-security-policy:[^>]*-->/;
      if (!marker.test(html)) throw new Error('index.html lacks the content-security-policy marker');
      return html.replace(marker, `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ header: false })}" />`);
    },
    async generateBundle(_options, bundle) {
      const publicDirectory = join(root, 'public');
      const publicFiles = filesBelow(publicDirectory);
      const urls = ['./', ...Object.keys(bundle).filter((name) => name !== 'index.html' && !name.endsWith('.map')), ...publicFiles].sort();
      const hash = createHash('sha256').update(JSON.stringify(urls));
      for (const file of publicFiles) hash.update(readFileSync(join(publicDirectory, file)));
      const shell = { cache: `sozialraum-atlas-shell-${hash.digest('hex').slice(0, 16)}`, urls };
      const source = readFileSync(join(root, 'src', 'service-worker.ts'), 'utf8');
      const { code } = await transformWithOxc(source, 'service-worker.ts', { lang: 'ts' });
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code.replace('__ATLAS_SHELL__', JSON.stringify(shell)) });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), appShell()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { port: 5173 },
  // Served as a header as well, the policy also covers the worker scripts and forbids framing.
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy({ header: true }) } },
});
