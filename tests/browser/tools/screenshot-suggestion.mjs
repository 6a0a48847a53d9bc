// Takes docs/screenshot-suggestion.png: a typing slip in the 2019 column, marked as likely wrong with its suggestion.
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-suggestion.mjs [out.png]
import { chromium } from 'playwright';

const out = process.argv[2] ?? 'docs/screenshot-suggestion.png';
const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="students_total"]', { timeout: 20000 });
// 小学在校生 256,665 typed with two digits swapped
const cell = page.locator('.ag-row[row-id="students_primary"] [col-id="p:2019"]');
await cell.scrollIntoViewIfNeeded();
await cell.click();
await page.keyboard.type('265665');
await page.keyboard.press('Enter');
await cell.click();
await page.waitForTimeout(400);
// a click hides the tooltip: the pointer leaves and comes back, as a user's would
await page.mouse.move(10, 10);
await cell.hover();
await page.waitForTimeout(900);
await page.screenshot({ path: out });
console.log('counts:', (await page.getByTestId('counts').textContent()).replace(/\s+/g, ' '));
console.log('suspects:', (await page.getByTestId('suspects').textContent()).replace(/\s+/g, ' '));
await browser.close();
