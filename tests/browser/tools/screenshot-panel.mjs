// Takes docs/screenshot-panel.png: the side panel of a figure with a note, a follow-up flag, an explained
// warning, its history and its chart over the years, with the trend-line column on.
// Usage: npx vite build && (npx vite preview --port 4173 &) && node tests/browser/tools/screenshot-panel.mjs
import { chromium } from 'playwright';

const url = process.env.APP_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="schools_total"]');
await page.getByTestId('add-year').click();
await page.waitForTimeout(300);
const cell = (id, period) => page.locator(`.ag-row[row-id="${id}"] [col-id="p:${period}"]`);
const type = async (id, period, text) => {
  await cell(id, period).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
};
// 中职在校生 2020 typed as 2.6万: a rise the year-over-year check warns about, explained, noted, flagged
await type('students_vocational', '2020', '2.6万');
await type('students_vocational', '2020', '2.61万');
await cell('students_vocational', '2020').click();
await page.keyboard.press('Alt+KeyE');
await page.getByTestId('explain-reason').fill('新校区投入使用，中职招生增加');
await page.getByTestId('confirm').click();
await cell('students_vocational', '2020').click();
await page.keyboard.press('Shift+F2');
await page.getByTestId('note-text').waitFor();
await page.keyboard.type('阳江技师学院新校区秋季开学，数据已与学籍系统核对');
await page.keyboard.press('Control+Enter');
await cell('students_vocational', '2020').click({ button: 'right' });
await page.getByTestId('menu-follow').click();
await page.getByTestId('sparklines-toggle').check();
await cell('students_vocational', '2020').click();
await page.keyboard.press('Alt+KeyI');
await page.locator('[data-testid="panel-chart"] canvas').waitFor();
await page.waitForTimeout(400);
await page.screenshot({ path: 'docs/screenshot-panel.png' });
console.log(await page.getByTestId('side-panel').innerText());
await browser.close();
