// Takes docs/screenshot-report.png: the 生成文字 view beside the grid, the 2019 figures with one slip
// typed (完全中学 7 instead of 6), so the draft marks 普通高中 and its parts 【待核】 and lists why.
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-report.mjs
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
await page.waitForSelector('.ag-row[row-id="schools_senior_high_complete"]');
// 2019 is locked (published): open its padlock first
await page.locator('.ag-header-cell[col-id="p:2019"] .year-lock').click();
await page.locator('.ag-row[row-id="schools_senior_high_complete"] [col-id="p:2019"]').click();
await page.keyboard.type('7');
await page.keyboard.press('Enter');
await page.waitForTimeout(300);
await page.getByTestId('report-toggle').click();
await page.getByTestId('report-view').waitFor();
await page.waitForTimeout(500);
await page.screenshot({ path: 'docs/screenshot-report.png' });
console.log(await page.getByTestId('report-text').innerText());
await browser.close();
