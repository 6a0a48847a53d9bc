// Takes docs/screenshot-units.png: the 各县（市、区） view (one year × indicators × units) of a city with
// six county-level units, added through the units editor and filled by one paste of MADE-UP figures
// (they add up to the 2019 report's city totals; no real county's figures), and docs/screenshot-board.png
// (the collection board). Usage: npx vite build && (npx vite preview --port 4180 &) &&
// APP_URL=http://localhost:4180/ node tests/browser/tools/screenshot-units.mjs
import { chromium } from 'playwright';

const url = process.env.APP_URL ?? 'http://localhost:4180/';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('.ag-row[row-id="schools_total"]');

const COUNTIES = [
  ['江城区', 'Jiangcheng', '441702'],
  ['阳东区', 'Yangdong', '441704'],
  ['阳西县', 'Yangxi', '441721'],
  ['阳春市', 'Yangchun', '441781'],
  ['海陵试验区', 'Hailing', ''],
  ['高新区', 'High-tech Zone', ''],
];
await page.getByTestId('units-edit').click();
for (const [zh, en, code] of COUNTIES) {
  await page.locator('[data-testid="unit-editor"] [data-unit="city"]').click();
  await page.getByTestId('unit-add-zh').fill(zh);
  await page.getByTestId('unit-add-en').fill(en);
  await page.getByTestId('unit-add-code').fill(code);
  await page.getByTestId('unit-add').click();
}
await page.getByTestId('unit-editor-close').click();
await page.getByTestId('unit-view').selectOption('units');
await page.getByTestId('unit-view-year').selectOption('2019');

// made-up county figures, rows in the grid's order from 学校数 down; each row sums to the city's 2019 figure
const ROWS = [
  [178, 152, 121, 310, 64, 109],
  ['139,820', '96,410', '72,305', '171,236', '21,900', '39,590'],
  [1, 0, 0, 0, 0, 0],
  ['11,255', 0, 0, 0, 0, 0],
  [1, 0, 0, 1, 0, 0],
  ['5,020', 0, 0, '3,134', 0, 0],
  [4, 3, 2, 5, 1, 2],
  [2, 1, 0, 2, 0, 1],
  [1, 1, 2, 2, 1, 0],
  [1, 1, 0, 1, 0, 1],
  ['12,100', '8,050', '6,210', '14,801', '1,800', '2,300'],
];
await page.locator('.ag-row[row-id="schools_total"] [col-id="u:c441702"]').click();
await page.evaluate((text) => {
  const dt = new DataTransfer();
  dt.setData('text/plain', text);
  document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
}, ROWS.map((r) => r.join('\t')).join('\n'));
// 2019 is locked (the published year): the paste asks first
await page.getByTestId('confirm').click();
await page.locator('.ag-row[row-id="schools_senior_high"] [col-id="u:c441721"]').click();
await page.waitForTimeout(400);
await page.screenshot({ path: 'docs/screenshot-units.png' });

await page.getByTestId('collection-board').click();
await page.waitForSelector('[data-testid="board"]');
await page.locator('[data-testid="board"] tr[data-unit="c441721"] [data-testid="return-note"]').fill('高中学校数与分项不符，请核实后重报');
await page.locator('[data-testid="board"] tr[data-unit="c441721"] [data-testid="return"]').click();
await page.waitForTimeout(300);
await page.screenshot({ path: 'docs/screenshot-board.png' });
await browser.close();
