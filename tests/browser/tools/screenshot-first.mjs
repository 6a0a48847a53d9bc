// Takes docs/screenshot-first.png: the first screen with the report preloaded, as a new user sees it:
// no open warning; the two rises the report states are listed under 已说明 with its sentences.
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-first.mjs [out.png]
import { chromium } from 'playwright';

const out = process.argv[2] ?? 'docs/screenshot-first.png';
const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="schools_total"]');
await page.waitForTimeout(500);
const counts = await page.getByTestId('counts').textContent();
console.log('toolbar:', counts?.replace(/\s+/g, ' '));
await page.screenshot({ path: out });
await browser.close();
