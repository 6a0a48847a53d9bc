// Measures the longest main-thread stall while the import dialog reads and shows a CSV of N names the
// catalog lacks (default 20,000), in the built app. The file is made inside the page: Playwright's
// setInputFiles of a big file would block the page itself.
// Usage: npx vite build && (npx vite preview --port 4181 --strictPort &) && APP_URL=http://localhost:4181/ node tests/browser/tools/import-stall.mjs [N]
import { chromium } from 'playwright';

const rows = Number(process.argv[2] ?? 20000);
const url = process.env.APP_URL ?? 'http://localhost:4181/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
for (let run = 0; run < 3; run++) {
  await page.goto(url);
  await page.waitForSelector('.ag-row[row-id="schools_total"]', { timeout: 30000 });
  await page.getByTestId('import').click();
  await page.waitForSelector('[data-testid="import-file"]');
  const r = await page.evaluate(async (rows) => {
    const lines = ['指标,2019,2020'];
    for (let i = 0; i < rows; i++) lines.push(`某县第${i}所学校上报的一个目录中没有的很长的指标名称,${i},${i + 1}`);
    const file = new File([lines.join('\n') + '\n'], `unknown-${rows}.csv`);
    const long = [];
    const obs = new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => e.duration)));
    obs.observe({ type: 'longtask' });
    let last = performance.now();
    let worst = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    const t0 = performance.now();
    const input = document.querySelector('[data-testid="import-file"]');
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    // until the name table is drawn, then a little longer for whatever follows
    while (!document.querySelector('[data-testid="import-mapping"] tbody tr')) await new Promise((res) => setTimeout(res, 20));
    const shown = performance.now() - t0;
    await new Promise((res) => setTimeout(res, 500));
    clearInterval(timer);
    obs.disconnect();
    const options = document.querySelectorAll('[data-testid="import-mapping"] option').length;
    const selects = document.querySelectorAll('[data-testid="import-mapping"] select').length;
    return { worst, longest: Math.max(0, ...long), shown, options, selects };
  }, rows);
  console.log(`${rows} unknown names: table shown after ${r.shown.toFixed(0)} ms; longest timer stall ${r.worst.toFixed(0)} ms; longest long task ${r.longest.toFixed(0)} ms; ${r.selects} menus, ${r.options} options`);
}
await browser.close();
