import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [svelte()],
        // Runes state classes run with Svelte's client runtime, as in the browser.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: ['tests/unit/**/*.ssr.test.ts'],
          environment: 'node',
          // Some tests read real files of ../shared/data or a million rows; a loaded two-core machine
          // needs more than the default five seconds for them (no test asserts a duration).
          testTimeout: 30_000,
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        // Components rendered to HTML on the server (svelte/server): SVG chart snapshots.
        plugins: [svelte()],
        test: {
          name: 'ssr',
          include: ['tests/unit/**/*.ssr.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores and SwiftShader is CPU-bound.
          fileParallelism: false,
        },
      },
    ],
  },
});
