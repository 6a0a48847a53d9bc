/**
 * The figure panel (issue 18): the chart library's share of the bundle (the on-demand chunk that holds
 * uPlot and the panel's chart code, gzip) and the side panel's update time when the focus moves to
 * another figure, in the built app in headless Chromium (report workbook, panel open, ArrowDown/ArrowUp
 * through the 2019 column: from the key event until the panel shows the new figure with its chart drawn).
 * `npm run bench -- --panel` runs this part alone (one build, one browser).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchPage, launchChromium, serve } from './chromium.ts';
import type { Figure } from './table.ts';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length / 1024;

/** gzip kB of the chart chunk (with its CSS and the chunks only it imports) and whether any of it is in the initial load. */
export function chartShare(outDir: string): { chartKB: number; initialKB: number; totalKB: number; inInitial: boolean; panelKB: number } {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const initial = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c || initial.has(c.file)) return;
    initial.add(c.file);
    for (const css of c.css ?? []) initial.add(css);
    for (const k of c.imports ?? []) visit(k);
  };
  for (const [k, c] of Object.entries(manifest)) if (c.isEntry) visit(k);
  const files = (key: string, seen = new Set<string>()): Set<string> => {
    const c = manifest[key];
    if (!c || seen.has(c.file)) return seen;
    seen.add(c.file);
    for (const css of c.css ?? []) seen.add(css);
    for (const k of c.imports ?? []) files(k, seen);
    return seen;
  };
  const chartKey = Object.keys(manifest).find((k) => k.endsWith('src/ui/panel/chart.ts'));
  const panelKey = Object.keys(manifest).find((k) => k.endsWith('src/ui/panel/SidePanel.svelte'));
  if (!chartKey || !panelKey) throw new Error('the build has no on-demand chunk for src/ui/panel/chart.ts or SidePanel.svelte');
  const chart = [...files(chartKey)].filter((f) => !initial.has(f));
  const panel = [...files(panelKey)].filter((f) => !initial.has(f) && !chart.includes(f));
  // every emitted JS and CSS file, as bench/bundle.ts counts them (the import worker's chunks too)
  const all = readdirSync(join(outDir, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => `assets/${f}`);
  const sum = (fs: Iterable<string>) => [...new Set(fs)].reduce((s, f) => s + gz(join(outDir, f)), 0);
  return {
    chartKB: sum(chart),
    panelKB: sum(panel),
    initialKB: sum(initial),
    totalKB: sum(all),
    inInitial: [...files(chartKey)].some((f) => initial.has(f) && /uplot|chart/i.test(f)),
  };
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

/** The side panel's update time on focus change in the built app (`outDir`), `moves` key presses. */
export async function panelUpdate(outDir: string, moves = 60): Promise<{ p50: number; p95: number; n: number }> {
  const { server, url } = await serve(outDir);
  const browser = await launchChromium();
  try {
    const { page } = await benchPage(browser);
    await page.goto(url);
    await page.waitForSelector('.ag-row[row-id="schools_total"] [col-id="p:2019"]');
    await page.click('.ag-row[row-id="schools_total"] [col-id="p:2019"]');
    await page.keyboard.press('Alt+KeyI');
    await page.waitForSelector('[data-testid="panel-chart"] canvas');
    // a string, not a function: tsx would wrap the function's inner arrows in a helper the page lacks
    const times = (await page.evaluate(`(async (n) => {
      const panel = () => document.querySelector('[data-testid="side-panel"]');
      const out = [];
      for (let i = 0; i < n; i++) {
        const before = panel().dataset.key;
        const drawn = Number(panel().dataset.drawn);
        const key = i % 40 < 20 ? 'ArrowDown' : 'ArrowUp';
        const t0 = performance.now();
        document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true, cancelable: true }));
        // until the panel names the new figure and its chart is drawn (Svelte flushes in a microtask)
        // (a figure with nothing to draw has no chart)
        const pending = () => panel().dataset.key === before || (panel().querySelector('[data-testid="panel-chart"]') && Number(panel().dataset.drawn) === drawn);
        for (let k = 0; k < 200 && pending(); k++) {
          await new Promise((r) => queueMicrotask(r));
          if (k > 20) await new Promise((r) => setTimeout(r, 0));
        }
        out.push(performance.now() - t0);
        // let the page paint and idle between moves
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      return out;
    })(${moves})`)) as number[];
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), n: times.length };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Both figures, from a production build with a manifest in `outDir` (bench/bundle.ts builds it). */
export async function benchPanel(outDir: string): Promise<Figure[]> {
  const share = chartShare(outDir);
  const update = await panelUpdate(outDir);
  return [
    {
      name: 'panel: chart library (uPlot + chart code) on-demand chunk (gzip)',
      value: share.chartKB,
      unit: 'kB',
      note: `${((share.chartKB / share.totalKB) * 100).toFixed(1)} % of all JS+CSS (${share.totalKB.toFixed(0)} kB); ${share.inInitial ? 'IN the initial load' : 'not in the initial load'} (${share.initialKB.toFixed(0)} kB); the side panel's own chunk ${share.panelKB.toFixed(1)} kB`,
    },
    {
      name: 'panel: side panel update on focus change, p50',
      value: update.p50,
      unit: 'ms',
      goal: { max: 16 },
      note: `${update.n} arrow-key moves through the 2019 column, key event → new figure shown with its chart redrawn; p95 ${update.p95.toFixed(1)} ms`,
    },
  ];
}
