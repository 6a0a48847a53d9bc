/**
 * The in-browser half of the Chromium benchmark (built by vite from bench/chromium/index.html, driven by
 * bench/chromium.ts through Playwright): the real app, mounted with a generated workbook 100× the report.
 * Every function returns milliseconds measured with performance.now() inside the page.
 */
import { openDB } from 'idb';
import { flushSync } from 'svelte';
import { startApp, type AppHandle } from '../../src/app.ts';
import { cellKey } from '../../src/core/model/value.ts';
import { Workbook } from '../../src/core/model/workbook.ts';
import { parseValue } from '../../src/core/parse/value.ts';
import { allWrites, writesFor } from '../../src/storage/convert.ts';
import { idbStoreFactory } from '../../src/storage/idb-store.ts';
import { DEFAULT_WORKBOOK } from '../../src/storage/store.ts';
import { bigCatalog, bigRules, bigValues, bigWorkbook } from '../big.ts';
import { unitsOpen } from './units-open.ts';
import { unitsEdit } from './units-edit.ts';

const target = document.getElementById('app')!;
let app: AppHandle | null = null;
/** Each call of `saves` types new figures (an unchanged figure is not saved at all). */
let saveRound = 0;

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
  /** Diagnostic (not in the table): hides the screen (display: none) so that saves run without rendering. */
  hide(hidden: boolean): void {
    target.style.display = hidden ? 'none' : '';
  },

  async saves(count: number): Promise<{ p50: number; p95: number; syncP50: number; syncP95: number; flushP50: number; flushP95: number; errors: number }> {
    const s = app!.session;
    const times: number[] = [];
    const sync: number[] = [];
    const flush: number[] = [];
    saveRound++;
    for (let i = 0; i < count; i++) {
      const key = cellKey(`g${String((i * 37) % 1000).padStart(6, '0')}`, '2019');
      const t0 = performance.now();
      s.setCells([{ key, raw: String(1000 + i + 1000 * saveRound) }]);
      sync.push(performance.now() - t0);
      // the screen's reactive updates (issues panel, counts, save state), run now instead of in a microtask
      const t1 = performance.now();
      flushSync();
      flush.push(performance.now() - t1);
      await s.settled();
      times.push(performance.now() - t0);
    }
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), syncP50: percentile(sync, 0.5), syncP95: percentile(sync, 0.95), flushP50: percentile(flush, 0.5), flushP95: percentile(flush, 0.95), errors: s.counts.error };
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

  /**
   * The app's IndexedDB store alone (no session, no screen), on its own database holding the same
   * workbook: `count` one-cell writes as the edits make them, then one write of `importN` indicators'
   * cells as the import makes it. Splits the save and commit figures into storage and the rest.
   */
  async storeOnly(n: number, count: number, importN: number, dbName: string): Promise<{ p50: number; p95: number; importMs: number }> {
    const unit = bigWorkbook(5, PERIODS).index.unitById.get('person')!;
    const open = async (m: number) => {
      const store = await idbStoreFactory(`${dbName}-${m}`)(DEFAULT_WORKBOOK);
      const wb = bigWorkbook(m, PERIODS);
      const meta = { periods: [...PERIODS], customIndicators: [], prefs: { lang: 'zh' as const }, catalogVersion: wb.catalog.version };
      return { store, wb, meta };
    };
    const a = await open(n);
    let rev = (await a.store.write({ cells: allWrites(a.wb), replaceAll: true, meta: a.meta }, 0)).revision;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const key = cellKey(`g${String((i * 37) % 1000).padStart(6, '0')}`, '2019');
      a.wb.apply([{ key, after: parseValue(String(1000 + i), { kind: 'count' }, unit) }]);
      const t0 = performance.now();
      rev = (await a.store.write({ cells: writesFor(a.wb, [key]) }, rev)).revision;
      times.push(performance.now() - t0);
    }
    a.store.close();
    // the import: an empty stored workbook, then every cell in one write
    const b = await open(importN);
    const empty = (await b.store.write({ cells: [], replaceAll: true, meta: b.meta }, 0)).revision;
    const cells = allWrites(b.wb);
    const t0 = performance.now();
    await b.store.write({ cells }, empty);
    const importMs = performance.now() - t0;
    b.store.close();
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), importMs };
  },

  /** The baseline of the commit: `n` rows of five cells put in one bare idb transaction (no reads, no merge). */
  async bareBulk(n: number, dbName: string): Promise<number> {
    const db = await openDB(dbName, 1, { upgrade: (d) => d.createObjectStore('rows') });
    const rows = bigValues(n, PERIODS);
    const byInd = new Map<string, Record<string, { raw: string }>>();
    for (const v of rows) (byInd.get(v.indicator) ?? byInd.set(v.indicator, {}).get(v.indicator)!)[v.period] = { raw: v.raw };
    const t0 = performance.now();
    const tx = db.transaction('rows', 'readwrite');
    for (const [id, cells] of byInd) void tx.store.put({ workbook: 'default', indicator: id, cells }, id);
    await tx.done;
    const ms = performance.now() - t0;
    db.close();
    return ms;
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
// the reporting-unit workbook's open (bench/units-open.ts)
(window as unknown as { __unitsOpen: unknown }).__unitsOpen = { ...unitsOpen, app: (z: Parameters<typeof unitsOpen.app>[0], db: string) => unitsOpen.app(z, db, target) };
(window as unknown as { __unitsEdit: unknown }).__unitsEdit = { ...unitsEdit, app: (z: Parameters<typeof unitsEdit.app>[0], db: string) => unitsEdit.app(z, db, target) };
document.title = 'bench ready';
