import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { printPdf } from './tests/browser/commands/print-pdf.ts';
import { bundledDataCheck } from './scripts/bundled-data.ts';

/** Debian's Chromium; the tests never download a browser. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  // the bundled catalog and rule set are checked against their schemas here, not in the browser
  plugins: [svelte(), bundledDataCheck()],
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  // the import worker loads SheetJS on demand: code-splitting inside a worker needs ES module output
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: chromiumPath,
                args: [
                  '--no-sandbox',
                  '--disable-gpu',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--disable-sync',
                  '--no-first-run',
                ],
              },
            }),
            instances: [{ browser: 'chromium', viewport: { width: 1366, height: 768 } }],
            // prints a page to PDF and reads its text back (tests/browser/print.test.ts)
            commands: { printPdf },
          },
        },
      },
    ],
  },
});
