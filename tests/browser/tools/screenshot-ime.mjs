// Takes a picture of the grid's editor in the middle of a Pinyin composition in the built app: 2020 added,
// 55.2 typed into 在校生 and "wan" composing (Chromium's DevTools protocol plays the input method), then 万
// picked, then Enter. Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-ime.mjs [prefix]
import { chromium } from 'playwright';

const prefix = process.argv[2] ?? 'docs/screenshot-ime';
const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="schools_total"]');
await page.getByTestId('add-year').click();
await page.waitForSelector('.ag-row[row-id="students_total"] [col-id="p:2020"]');
await page.click('.ag-row[row-id="students_total"] [col-id="p:2020"]');
const s = await context.newCDPSession(page);
await page.keyboard.type('55.2');
await s.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Process', code: 'KeyW', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
await s.send('Input.imeSetComposition', { text: 'wan', selectionStart: 3, selectionEnd: 3 });
await s.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
await page.waitForTimeout(300);
console.log('composing, editor:', await page.getByTestId('cell-editor').inputValue());
await page.screenshot({ path: `${prefix}-composing.png` });
await s.send('Input.insertText', { text: '万' });
console.log('picked, editor:', await page.getByTestId('cell-editor').inputValue());
await page.keyboard.press('Enter');
await page.waitForTimeout(500);
console.log('stored cell:', (await page.textContent('.ag-row[row-id="students_total"] [col-id="p:2020"]'))?.trim());
await page.screenshot({ path: `${prefix}-after.png` });
await browser.close();
