/**
 * The chart-library comparison in the README (issue 18): bundle each candidate's entry (one line chart
 * of ten years, tree-shaken where the library allows) with esbuild, gzip it, and time 60 draws in
 * headless Chromium (median, p90, first draw). The candidates are not project dependencies:
 *
 *   mkdir /tmp/chartcmp && cd /tmp/chartcmp && npm init -y && npm i -E uplot@1.6.32 chart.js@4.6.1 frappe-charts@1.6.2
 *   cp /path/to/repo/bench/chart-candidates/*.js . && node compare.mjs   (run from /tmp/chartcmp)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const repo = process.env.REPO ?? '/work/wt/panel';
const { chromium } = createRequire(`${repo}/package.json`)('playwright');
const esbuild = `${repo}/node_modules/.bin/esbuild`;
mkdirSync('out', { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const n of ['uplot', 'chartjs', 'frappe']) {
  execFileSync(esbuild, [`${n}.js`, '--bundle', '--minify', '--format=iife', '--global-name=CH', `--outfile=out/${n}.js`, '--loader:.css=css', '--log-level=error']);
  const js = readFileSync(`out/${n}.js`);
  let css = '';
  try {
    css = readFileSync(`out/${n}.css`, 'utf8');
  } catch {
    // no stylesheet
  }
  const gzip = (gzipSync(js, { level: 9 }).length + (css ? gzipSync(css, { level: 9 }).length : 0)) / 1024;
  const page = await browser.newPage();
  await page.setContent(`<style>${css}</style><div id="c" style="width:320px"></div>`);
  await page.addScriptTag({ content: js.toString() });
  const r = await page.evaluate(async () => {
    const el = document.getElementById('c');
    const ts = [];
    for (let i = 0; i < 60; i++) {
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      const t0 = performance.now();
      globalThis.CH.draw(el);
      await Promise.resolve();
      el.getBoundingClientRect();
      ts.push(performance.now() - t0);
    }
    const first = ts[0];
    ts.sort((a, b) => a - b);
    return { first: +first.toFixed(1), median: +ts[30].toFixed(1), p90: +ts[54].toFixed(1) };
  });
  console.log(`${n}: ${gzip.toFixed(1)} kB gzip, draw median ${r.median} ms, p90 ${r.p90} ms, first ${r.first} ms`);
  await page.close();
}
await browser.close();
