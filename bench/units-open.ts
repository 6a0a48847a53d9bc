/**
 * `npm run bench -- --units-open [--quick] [--runs N]` (also part of the full run): opening the
 * reporting-unit workbook of issue 17 — a city, 30 counties and 2,970 schools (3,001 units) × 120
 * indicators × 5 years = 1.8 million figures — from IndexedDB in real Chromium. Goal ≤ 2 s.
 *
 * "Open" is what a user waits for after a reload: from startApp (connecting to IndexedDB) until the
 * grid shows its first row with its marks — the stored records read and checked, every stored text
 * parsed into the workbook, the rules compiled for every unit and roll-up, every figure validated, the
 * session's findings, marks, completeness and localisation, the grid mounted. The same path's steps are
 * also timed one by one (connect, load, build, compile, validate), and the same records are read with
 * one bare idb getAll in the same page (the floor: what IndexedDB itself costs). Memory: the page's
 * JS heap after a forced garbage collection (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage),
 * before and after the open, with the app holding the workbook.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright';
import { benchPage, buildBenchPages, launchChromium, median, serve } from './chromium.ts';
import type { Figure } from './table.ts';
import { UNITS_OPEN_FULL, type UnitOpenSizes } from './units-stored.ts';
import type { OpenStages } from './chromium/units-open.ts';

const DB = 'bench-units-open';

interface PageApi {
  seed(z: UnitOpenSizes, db: string): Promise<{ ms: number; figures: number; records: number }>;
  floor(db: string): Promise<{ ms: number; records: number }>;
  stages(z: UnitOpenSizes, db: string): Promise<OpenStages>;
  app(z: UnitOpenSizes, db: string): Promise<{ ms: number; session: number; errors: number }>;
  close(): Promise<void>;
}
type W = { __unitsOpen: PageApi };

/** JS heap in use after a full garbage collection (plus ArrayBuffer backing stores where Chromium reports them), bytes. */
async function heap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return h.usedSize + (h.backingStorageSize ?? 0);
}

async function ready(page: Page, url: string, cdp?: CDPSession): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'bench ready', null, { timeout: 60_000 });
  // durations in thread time (CPU), and the renderer's main-thread and process CPU time
  if (cdp) await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
}

/**
 * CPU seconds the renderer's main thread and its whole process have used (CDP Performance.getMetrics):
 * on a machine shared with other jobs, wall time includes waiting for a core; the CPU time does not.
 */
async function cpu(cdp: CDPSession): Promise<{ thread: number; process: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { thread: get('ThreadTime') * 1000, process: get('ProcessTime') * 1000 };
}

export async function benchUnitsOpen(z: UnitOpenSizes = UNITS_OPEN_FULL, runs = 3): Promise<Figure[]> {
  const benchDir = mkdtempSync(join(tmpdir(), 'bench-units-open-'));
  await buildBenchPages(benchDir, !process.env.UNITS_OPEN_PROFILE);
  const host = await serve(benchDir);
  const browser = await launchChromium();
  try {
    const { ctx, page } = await benchPage(browser);
    page.on('console', (m) => m.type() === 'warning' && console.error('page:', m.text()));
    const url = `${host.url}bench/chromium/index.html`;
    const cdp = await ctx.newCDPSession(page);
    await ready(page, url);
    const seed = await page.evaluate(([zz, db]) => (window as unknown as W).__unitsOpen.seed(zz, db), [z, DB] as const);
    const opens: number[] = [];
    const sessions: number[] = [];
    const heaps: number[] = [];
    const threadCpu: number[] = [];
    const processCpu: number[] = [];
    const floors: number[] = [];
    const stages: OpenStages[] = [];
    let records = 0;
    for (let i = 0; i < runs; i++) {
      // a fresh page each run: nothing of the previous run on the heap
      await ready(page, url, cdp);
      const h0 = await heap(cdp);
      const c0 = await cpu(cdp);
      // UNITS_OPEN_PROFILE=file.cpuprofile: a CPU profile of the first run's open (open it in Chromium's DevTools)
      const profile = i === 0 ? process.env.UNITS_OPEN_PROFILE : undefined;
      if (profile) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      const a = await page.evaluate(([zz, db]) => (window as unknown as W).__unitsOpen.app(zz, db), [z, DB] as const);
      if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      const c1 = await cpu(cdp);
      threadCpu.push(c1.thread - c0.thread);
      processCpu.push(c1.process - c0.process);
      if (a.errors !== 0) throw new Error(`the opened workbook should be consistent; ${a.errors} errors`);
      heaps.push((await heap(cdp)) - h0);
      opens.push(a.ms);
      sessions.push(a.session);
      await page.evaluate(() => (window as unknown as W).__unitsOpen.close());
      await ready(page, url);
      const f = await page.evaluate((db) => (window as unknown as W).__unitsOpen.floor(db), DB);
      floors.push(f.ms);
      records = f.records;
      stages.push(await page.evaluate(([zz, db]) => (window as unknown as W).__unitsOpen.stages(zz, db), [z, DB] as const));
    }
    const units = 1 + z.counties * (1 + z.schoolsPerCounty);
    const size = `${units.toLocaleString('en')} units × ${z.indicators} × ${z.years} = ${seed.figures.toLocaleString('en')} figures in ${records} block records`;
    const med = (k: keyof OpenStages) => median(stages.map((s) => s[k]));
    const mb = (b: number) => b / 2 ** 20;
    return [
      {
        name: 'units: open from IndexedDB to the first grid row with marks',
        value: median(opens),
        unit: 'ms',
        baseline: median(floors),
        baselineName: 'bare idb getAll of the same records, same page',
        goal: { max: 2000 },
        note: `${size}; median of ${runs} (${opens.map((x) => x.toFixed(0)).join(', ')}); session ready after ${median(sessions).toFixed(0)} ms`,
      },
      {
        name: 'units open: CPU time of the renderer’s main thread during that open',
        value: median(threadCpu),
        unit: 'ms',
        note: `CDP Performance.getMetrics ThreadTime; the whole renderer process ${median(processCpu).toFixed(0)} ms (GC and IndexedDB threads too); what the open costs without waiting for a core on a shared machine`,
      },
      { name: 'units open, step: connect (openIdbStore)', value: med('connect'), unit: 'ms' },
      { name: 'units open, step: load (store.load: records read and checked)', value: med('load'), unit: 'ms', baseline: median(floors), baselineName: 'bare idb getAll' },
      { name: 'units open, step: build the workbook (workbookFromSnapshot)', value: med('build'), unit: 'ms' },
      { name: 'units open, step: compile the rules (compileRules)', value: med('compile'), unit: 'ms' },
      { name: 'units open, step: validate every figure (reevaluate + findings, as the session)', value: med('validate'), unit: 'ms' },
      { name: 'units open: JS heap held after open (after GC)', value: mb(median(heaps)), unit: 'MB', note: `CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage, minus the page before; ${heaps.map((x) => mb(x).toFixed(0)).join(', ')} MB` },
      { name: 'units open: storing the workbook (untimed set-up)', value: seed.ms, unit: 'ms', note: 'IdbStore.write of every figure in one transaction' },
    ];
  } finally {
    await browser.close();
    await host.server.close();
    rmSync(benchDir, { recursive: true, force: true });
  }
}
