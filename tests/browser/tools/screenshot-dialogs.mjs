// Screenshots of the import dialog (one file: its name table, warnings, buttons) and of its batch view (the
// round samples: units found, not sure, a subtotal warning, errors, buttons) from the built app, to compare
// the dialogs' look before and after a change to their styles (made-up figures: data/samples).
// Usage: npx vite build && (npx vite preview --port 4175 --strictPort &) && APP_URL=http://localhost:4175/ node tests/browser/tools/screenshot-dialogs.mjs OUTDIR
// Writes OUTDIR/import-one.png and OUTDIR/import-batch.png. Chinese text needs a CJK font on the machine.
import { chromium } from 'playwright';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.';
const url = process.env.APP_URL ?? 'http://localhost:4175/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 4000 }, deviceScaleFactor: 1 });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));

async function open() {
  await page.goto(url);
  await page.waitForSelector('.ag-row[row-id="schools_total"]', { timeout: 30000 });
  await page.getByTestId('import').click();
  await page.getByTestId('import-file').waitFor({ timeout: 20000 });
}

// one file: a county's table with names the catalog lacks (the name table, warnings, the lost-checks box)
await open();
await page.getByTestId('import-file').setInputFiles('data/samples/field/county-2021-name-unit-year.csv');
await page.getByTestId('import-summary').waitFor({ timeout: 30000 });
await page.waitForTimeout(500);
await page.getByTestId('import-dialog').screenshot({ path: join(dir, 'import-one.png'), animations: 'disabled', caret: 'hide' });

// a batch: the round samples (two files not sure, a subtotal, errors)
await open();
const round = 'data/samples/round';
await page
  .getByTestId('import-file')
  .setInputFiles(
    readdirSync(round)
      .filter((f) => /\.(csv|xlsx)$/.test(f))
      .sort()
      .map((f) => join(round, f)),
  );
await page.getByTestId('import-commit').waitFor({ timeout: 30000 });
await page.waitForFunction(() => document.querySelectorAll('[data-testid^="batch-row-"]').length >= 5 && !document.body.textContent.includes('读取中'), null, { timeout: 30000 });
await page.waitForTimeout(800);
await page.getByTestId('import-dialog').screenshot({ path: join(dir, 'import-batch.png'), animations: 'disabled', caret: 'hide' });
await browser.close();
console.log(`wrote ${join(dir, 'import-one.png')} and ${join(dir, 'import-batch.png')}`);
