// Takes docs/screenshot-find.png (the main screen with the search in use) and docs/print-page1.png (the
// first page of the print PDF, A4 landscape) from the built app, printing through the browser's own
// print path (page.pdf fires beforeprint, as Ctrl+P does).
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-workday.mjs
// Needs pdftoppm (poppler-utils).
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright';

const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="schools_total"]');

// a new year, a few figures typed (one deliberately wrong), then Ctrl+F for an indicator off screen
await page.getByTestId('add-year').click();
await page.waitForTimeout(300);
const type = async (id, period, text) => {
  await page.locator(`.ag-row[row-id="${id}"] [col-id="p:${period}"]`).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
};
await type('schools_total', '2020', '941');
await type('students_total', '2020', '552,310');
await type('schools_university', '2020', '1');
await type('schools_open_university', '2020', '1');
await type('schools_senior_high', '2020', '17');
await page.keyboard.press('Control+f');
await page.keyboard.type('专任教师');
await page.waitForTimeout(400);
await page.screenshot({ path: 'docs/screenshot-find.png' });

await page.keyboard.press('Escape');
// the print view loads when the browser is first idle after the first paint: give it that moment
await page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(undefined), { timeout: 2000 })));
await page.waitForTimeout(300);
const pdf = '/tmp/workday-print.pdf';
await page.pdf({ path: pdf, preferCSSPageSize: true });
execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '80', '-png', '-singlefile', pdf, 'docs/print-page1']);
console.log(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).split('\n').filter((l) => /Pages|Page size/.test(l)).join(' | '));
await browser.close();
