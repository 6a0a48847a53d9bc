// Takes docs/screenshot-main.png from the built app (vite preview on :4173) and measures open time.
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot.mjs [out.png]
import { chromium } from 'playwright';

const out = process.argv[2] ?? 'docs/screenshot-main.png';
const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** ms from navigation start until the grid shows its first indicator row. */
async function openTime(page) {
  await page.goto(url);
  return page.waitForFunction(() => document.querySelector('.ag-row[row-id="schools_total"]') && performance.now(), null, { timeout: 20000 }).then((h) => h.jsonValue());
}

const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
const first = await openTime(page);
const reloads = [];
for (let i = 0; i < 5; i++) reloads.push(await openTime(page));
reloads.sort((a, b) => a - b);
console.log(`open: first start ${first.toFixed(0)} ms (writes the baseline); reload median ${reloads[2].toFixed(0)} ms (min ${reloads[0].toFixed(0)}, max ${reloads[4].toFixed(0)})`);

// The main use: next year's figures typed next to last year's, one of them deliberately wrong.
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
await type('students_university', '2020', '12,480');
await type('schools_open_university', '2020', '1');
await type('students_open_university', '2020', '8320');
await type('schools_senior_high', '2020', '17');
await type('schools_senior_high_complete', '2020', '6');
await type('schools_senior_high_senior', '2020', '8');
await type('schools_senior_high_12year', '2020', '4');
await type('students_senior_high', '2020', '4.7万x');
await page.locator('.ag-row[row-id="schools_senior_high"] [col-id="p:2020"]').click();
await page.waitForTimeout(300);
await page.screenshot({ path: out });
console.log('save state:', await page.getByTestId('save-state').textContent(), '| counts:', (await page.getByTestId('counts').textContent()).replace(/\s+/g, ' '));
await browser.close();
