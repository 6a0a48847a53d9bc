// Takes docs/screenshot-import.png: the import dialog on a county's table as counties send it (made-up
// figures, data/samples/field/county-2021-name-unit-year.csv), from the built app (vite preview on :4173).
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-import.mjs [out.png]
// Chinese text needs a CJK font on the machine (Debian: apt-get install fonts-wqy-microhei), else it shows as boxes.
import { chromium } from 'playwright';

const out = process.argv[2] ?? 'docs/screenshot-import.png';
const url = process.env.APP_URL ?? 'http://localhost:4173/';
const file = process.env.IMPORT_FILE ?? 'data/samples/field/county-2021-name-unit-year.csv';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="schools_total"]', { timeout: 20000 });
await page.getByTestId('import').click();
await page.getByTestId('import-file').setInputFiles(file);
await page.getByTestId('import-summary').waitFor({ timeout: 20000 });
await page.waitForTimeout(300);
await page.getByTestId('import-dialog').screenshot({ path: out });
console.log((await page.getByTestId('import-summary').textContent()).trim(), '|', (await page.getByTestId('import-lost').textContent().catch(() => '')).replace(/\s+/g, ' ').trim());
await browser.close();
