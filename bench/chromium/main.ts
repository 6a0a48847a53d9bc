/**
 * The in-browser half of the Chromium benchmark (built by vite from bench/chromium/index.html, driven by
 * bench/chromium.ts through Playwright): the real app, mounted with a generated workbook 100× the report.
 * Every function returns milliseconds measured with performance.now() inside the page.
 */
import { openDB } from 'idb';
import { startApp, type AppHandle } from '../../src/app.ts';
import { cellKey } from '../../src/core/model/value.ts';
import { Workbook } from '../../src/core/model/workbook.ts';
import { parseValue } from '../../src/core/parse/value.ts';
import { bigCatalog, bigRules, bigValues, bigWorkbook } from '../big.ts';

const target = document.getElementById('app')!;
let app: AppHandle | null = null;

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function rendered(selector: string): Promise<void> {
  while (!document.querySelector(selector)) await frame();
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

const PERIODS = ['2015', '2016', '2017', '2018', '2019'];

const bench = {
  /** Mounts the app on a generated workbook (`empty`: no figures yet) and waits for its first row. */
  async open(n: number, dbName: string, empty = false): Promise<number> {
    await bench.close();
    const t0 = performance.now();
    app = await startApp({
      target,
      dbName,
      catalog: bigCatalog(n),
      rules: bigRules(n),
      baseline: () => (empty ? new Workbook(bigCatalog(n), PERIODS) : bigWorkbook(n, PERIODS)),
    });
    await rendered('.ag-row[row-id="g000000"]');
    return performance.now() - t0;
  },

  async close(): Promise<void> {
    if (app) await app.destroy();
    app = null;
  },

  /** Scrolls the grid from top to bottom, `px` pixels a frame (fast wheel scrolling); the longest frame and the 95th percentile. */
  async scroll(px: number): Promise<{ max: number; p95: number; frames: number }> {
    // the element that scrolls the rows (AG Grid's vertical scroll viewport)
    const viewport = [...target.querySelectorAll<HTMLElement>('.ag-root-wrapper *')].find(
      (e) => e.scrollHeight > e.clientHeight + 1000 && getComputedStyle(e).overflowY !== 'hidden' && getComputedStyle(e).overflowY !== 'visible',
    );
    if (!viewport) throw new Error('no scrolling element in the grid');
    const steps = Math.ceil((viewport.scrollHeight - viewport.clientHeight) / px);
    const step = (viewport.scrollHeight - viewport.clientHeight) / steps;
    const deltas: number[] = [];
    let last = await frame();
    for (let i = 1; i <= steps; i++) {
      viewport.scrollTop = Math.round(i * step);
      const now = await frame();
      deltas.push(now - last);
      last = now;
    }
    return { max: Math.max(...deltas), p95: percentile(deltas, 0.95), frames: deltas.length };
  },

  /** `count` edits of one cell each, each awaited until its IndexedDB transaction completed. */
  async saves(count: number): Promise<{ p50: number; p95: number; syncP50: number; syncP95: number; errors: number }> {
    const s = app!.session;
    const times: number[] = [];
    const sync: number[] = [];
    for (let i = 0; i < count; i++) {
      const key = cellKey(`g${String((i * 37) % 1000).padStart(6, '0')}`, '2019');
      const t0 = performance.now();
      s.setCells([{ key, raw: String(1000 + i) }]);
      sync.push(performance.now() - t0);
      await s.settled();
      times.push(performance.now() - t0);
    }
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), syncP50: percentile(sync, 0.5), syncP95: percentile(sync, 0.95), errors: s.counts.error };
  },

  /** The baseline: one committed transaction putting a comparable record (a row of five cells), bare idb. */
  async barePuts(count: number, dbName: string): Promise<{ p50: number; p95: number }> {
    const db = await openDB(dbName, 1, { upgrade: (d) => d.createObjectStore('rows') });
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const row = { indicator: `g${i}`, cells: Object.fromEntries(PERIODS.map((p) => [p, { raw: String(1000 + i) }])) };
      const t0 = performance.now();
      const tx = db.transaction('rows', 'readwrite');
      void tx.store.put(row, i % 1000);
      await tx.done;
      times.push(performance.now() - t0);
    }
    db.close();
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  },

  /** Commits `cells` parsed cells as one import (one undo step, one transaction) and waits for the grid. */
  async importCommit(n: number): Promise<{ ms: number; syncMs: number; cells: number }> {
    const s = app!.session;
    const unit = s.workbook.index.unitById.get('person')!;
    const changes = bigValues(n, PERIODS).map((v) => ({ key: cellKey(v.indicator, v.period), after: parseValue(v.raw, { kind: 'count' }, unit) }));
    const t0 = performance.now();
    s.importCells(changes);
    const syncMs = performance.now() - t0;
    await s.settled();
    await frame();
    return { ms: performance.now() - t0, syncMs, cells: changes.length };
  },
};

(window as unknown as { __bench: typeof bench }).__bench = bench;
document.title = 'bench ready';
