/**
 * In real Chromium (Debian's /usr/bin/chromium through Playwright, headless, 1366×768):
 * - the built app (production build from bench/bundle.ts) opened on the report's workbook: first start
 *   (writes the baseline to IndexedDB) and reload, from navigation to the first row rendered;
 * - the real app mounted by bench/chromium/ on a generated workbook of 10,000 indicators × 5 years:
 *   first render, the longest frame while scrolling through it, saving one edit (p50 / p95 over 200,
 *   against a bare idb put in the same page), then 40,000 indicators: committing an import of 200,000
 *   cells and opening it again from IndexedDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { build, preview, type PreviewServer } from 'vite';
import type { Figure } from './table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChromiumSizes {
  indicators: number;
  importIndicators: number;
  saves: number;
  /** Pixels scrolled per frame: a whole viewport (dragging the scroll bar, the worst case). */
  scrollPx: number;
  /** Pixels scrolled per frame at mouse-wheel speed (about four rows). */
  wheelPx: number;
  reloads: number;
}

export async function serve(outDir: string): Promise<{ server: PreviewServer; url: string }> {
  const server = await preview({ root: ROOT, logLevel: 'error', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  return { server, url };
}

/** Debian's Chromium (or CHROMIUM_PATH) through Playwright, headless, as every Chromium bench runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A 1366×768 context and its page, page errors printed. */
export async function benchPage(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  return { ctx, page };
}

/** Builds the in-page bench (bench/chromium/index.html and what it imports) into `outDir`. */
export async function buildBenchPages(outDir: string, minify = true): Promise<void> {
  await build({ root: ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true, minify, rollupOptions: { input: join(ROOT, 'bench/chromium/index.html') } } });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ms from navigation start until the grid shows its first row. */
async function openTime(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const h = await page.waitForFunction(() => document.querySelector('.ag-row[row-id="schools_total"]') && performance.now(), null, { timeout: 30_000 });
  return (await h.jsonValue()) as number;
}

export async function benchChromium(appDir: string, s: ChromiumSizes): Promise<Figure[]> {
  const benchDir = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  await buildBenchPages(benchDir);
  const app = await serve(appDir);
  const pageHost = await serve(benchDir);
  const browser = await launchChromium();
  try {
    const { ctx, page } = await benchPage(browser);
    const first = await openTime(page, app.url);
    const reloads: number[] = [];
    for (let i = 0; i < s.reloads; i++) reloads.push(await openTime(page, app.url));

    const b = await ctx.newPage();
    b.on('pageerror', (e) => console.error('pageerror:', e.message));
    await b.goto(`${pageHost.url}bench/chromium/index.html`);
    await b.waitForFunction(() => document.title === 'bench ready', null, { timeout: 30_000 });
    type Bench = {
      open(n: number, db: string, empty?: boolean): Promise<number>;
      close(): Promise<void>;
      scroll(px: number): Promise<{ max: number; p95: number; frames: number }>;
      saves(n: number): Promise<{ p50: number; p95: number; syncP50: number; syncP95: number; flushP50: number; flushP95: number; errors: number }>;
      bareBulk(n: number, db: string): Promise<number>;
      hide(hidden: boolean): void;
      barePuts(n: number, db: string): Promise<{ p50: number; p95: number }>;
      importCommit(n: number): Promise<{ ms: number; syncMs: number; cells: number }>;
      storeOnly(n: number, count: number, importN: number, db: string): Promise<{ p50: number; p95: number; importMs: number }>;
    };
    type W = { __bench: Bench };
    const N = s.indicators;
    const M = s.importIndicators;
    const firstBig = await b.evaluate((n) => (window as unknown as W).__bench.open(n, 'bench-big'), N);
    const reloadBig = await b.evaluate((n) => (window as unknown as W).__bench.open(n, 'bench-big'), N);
    const scroll = await b.evaluate((px) => (window as unknown as W).__bench.scroll(px), s.scrollPx);
    const wheel = await b.evaluate((px) => (window as unknown as W).__bench.scroll(px), s.wheelPx);
    const saves = await b.evaluate((n) => (window as unknown as W).__bench.saves(n), s.saves);
    // the same edits with the screen hidden: the save path without the browser rendering the changes
    await b.evaluate(() => (window as unknown as W).__bench.hide(true));
    const hidden = await b.evaluate((n) => (window as unknown as W).__bench.saves(n), s.saves);
    await b.evaluate(() => (window as unknown as W).__bench.hide(false));
    const bare = await b.evaluate((n) => (window as unknown as W).__bench.barePuts(n, 'bench-bare'), s.saves);
    const store = await b.evaluate(([n, c, m]) => (window as unknown as W).__bench.storeOnly(n, c, m, 'bench-store'), [N, s.saves, M] as const);
    const bulk = await b.evaluate((m) => (window as unknown as W).__bench.bareBulk(m, 'bench-bulk'), M);
    await b.evaluate((n) => (window as unknown as W).__bench.open(n, 'bench-import', true), M);
    const commit = await b.evaluate((n) => (window as unknown as W).__bench.importCommit(n), M);
    const reloadImport = await b.evaluate((n) => (window as unknown as W).__bench.open(n, 'bench-import', true), M);
    await b.evaluate(() => (window as unknown as W).__bench.close());

    const k = (x: number) => x.toLocaleString('en-US');
    return [
      { name: 'Chromium: open to interactive, report workbook (reload)', value: median(reloads), unit: 'ms', goal: { max: 1000 }, note: `median of ${s.reloads}` },
      { name: 'Chromium: open on first start (writes the baseline)', value: first, unit: 'ms', goal: { max: 1000 } },
      { name: `Chromium: first render, ${k(N)} indicators × 5 years (first start, stores them)`, value: firstBig, unit: 'ms' },
      { name: `Chromium: open ${k(N)} × 5 from IndexedDB (reload)`, value: reloadBig, unit: 'ms' },
      { name: `Chromium: longest frame scrolling through ${k(N)} × 5, a viewport a frame`, value: scroll.max, unit: 'ms', goal: { max: 50 }, note: `${scroll.frames} frames of ${s.scrollPx} px, p95 ${scroll.p95.toFixed(1)} ms` },
      { name: `Chromium: longest frame scrolling through ${k(N)} × 5 at wheel speed`, value: wheel.max, unit: 'ms', goal: { max: 50 }, note: `${wheel.frames} frames of ${s.wheelPx} px, p95 ${wheel.p95.toFixed(1)} ms; frame times come in steps of 16.7 ms` },
      { name: 'Chromium: save one edit to IndexedDB, p50', value: saves.p50, unit: 'ms', baseline: bare.p50, baselineName: 'bare idb transaction, p50', note: `${saves.syncP50.toFixed(1)} ms apply, validate, grid; ${saves.flushP50.toFixed(1)} ms the screen's reactive updates; the rest the queued store transaction and whatever the page runs meanwhile` },
      { name: 'Chromium: save one edit to IndexedDB, p95', value: saves.p95, unit: 'ms', baseline: bare.p95, baselineName: 'bare idb transaction, p95', goal: { max: 10 }, note: `${s.saves} edits, each breaking a balance (${saves.errors} errors at the end, localised after every edit); p95 ${saves.syncP95.toFixed(1)} ms apply, validate, grid and ${saves.flushP95.toFixed(1)} ms reactive updates` },
      { name: 'Chromium: save one edit, screen hidden (no rendering), p95', value: hidden.p95, unit: 'ms', baseline: bare.p95, baselineName: 'bare idb transaction, p95', note: `p50 ${hidden.p50.toFixed(1)} ms; the next ${s.saves} edits, same kind, with the app's element display: none` },
      { name: 'Chromium: the store alone, one edit\'s transaction, p95', value: store.p95, unit: 'ms', baseline: bare.p95, baselineName: 'bare idb transaction, p95', note: `p50 ${store.p50.toFixed(1)} ms; the app's IdbStore.write without session or screen (part of the save above)` },
      { name: `Chromium: commit an import of ${k(commit.cells)} cells`, value: commit.ms, unit: 'ms', goal: { max: 2000 }, note: `${k(M)} indicators × 5 years, one transaction, validated; ${commit.syncMs.toFixed(0)} ms before the write (apply, validate, grid)` },
      { name: `Chromium: the store alone, writing the ${k(commit.cells)} cells`, value: store.importMs, unit: 'ms', baseline: bulk, baselineName: `bare idb: ${k(M)} rows put in one transaction, a record per row (the layout before blocks)`, note: 'one IdbStore.write into an empty stored workbook (part of the commit above)' },
      { name: `Chromium: reopen the ${k(commit.cells)}-cell workbook from IndexedDB`, value: reloadImport, unit: 'ms' },
    ];
  } finally {
    await browser.close();
    await app.server.close();
    await pageHost.server.close();
    rmSync(benchDir, { recursive: true, force: true });
  }
}
