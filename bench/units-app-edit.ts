/**
 * `npm run bench -- --units-app-edit [--quick] [--pairs N]`: one edit in the real app on the reporting-unit
 * workbook of issue 17 (3,001 units × 120 indicators × 5 years = 1.8M figures, stored in IndexedDB and
 * opened by the app) in real Chromium. Each edit is timed from Session.setCells — the call the grid's
 * editor makes when Enter is pressed — until it returns: the marks event emitted and the store write
 * queued (the session's findings, counts, completeness, marks, suspects and derived parents included).
 * Cases: a school's figure, a county's figure (the city reported), a school's figure under the derived
 * county, a school's figure emptied and typed again (whether a figure is there changes: the
 * completeness summary is worked out again after the edit), and the same on a workbook where 5% of the
 * schools have failing balances (thousands of error findings). Baseline: Validator.update alone for the
 * same edits, same page. Goal: one frame (≤ 16 ms) per edit. The note gives the time until the write is
 * stored and the work deferred past the edit has run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build } from 'vite';
import { median, serve } from './chromium.ts';
import type { Figure } from './table.ts';
import { UNITS_OPEN_FULL, type UnitOpenSizes } from './units-stored.ts';
import type { EditCase, EditTimes } from './chromium/units-edit.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DB = 'bench-units-edit';

interface PageApi {
  seed(z: UnitOpenSizes, db: string, failing: boolean): Promise<{ figures: number }>;
  app(z: UnitOpenSizes, db: string): Promise<{ findings: number; errors: number }>;
  edits(z: UnitOpenSizes, c: EditCase, pairs: number): Promise<EditTimes>;
  engine(z: UnitOpenSizes, db: string, c: EditCase, pairs: number): Promise<number[]>;
  close(): Promise<void>;
}
type W = { __unitsEdit: PageApi };

const CASES: { c: EditCase; what: string }[] = [
  { c: 'school', what: 'a school’s figure' },
  { c: 'county', what: 'a county’s figure (city reported)' },
  { c: 'derived', what: 'a school’s figure under a derived county' },
  { c: 'emptied', what: 'a school’s figure emptied and typed again' },
];

export async function benchUnitsAppEdit(z: UnitOpenSizes = UNITS_OPEN_FULL, pairs = 25): Promise<Figure[]> {
  const benchDir = mkdtempSync(join(tmpdir(), 'bench-units-edit-'));
  // UNITS_EDIT_PROFILE=file.cpuprofile: a CPU profile of the first workbook's edits (unminified; open it in Chromium's DevTools)
  const profile = process.env.UNITS_EDIT_PROFILE;
  await build({ root: ROOT, logLevel: 'error', build: { outDir: benchDir, emptyOutDir: true, minify: !profile, rollupOptions: { input: join(ROOT, 'bench/chromium/index.html') } } });
  const host = await serve(benchDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const figures: Figure[] = [];
  const load: number[] = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('pageerror', (e) => console.error('pageerror:', e.message));
    const units = 1 + z.counties * (1 + z.schoolsPerCounty);
    for (const failing of [false, true]) {
      await page.goto(`${host.url}bench/chromium/index.html`);
      await page.waitForFunction(() => document.title === 'bench ready', null, { timeout: 60_000 });
      const seeded = await page.evaluate(([zz, db, f]) => (window as unknown as W).__unitsEdit.seed(zz, db, f), [z, DB, failing] as const);
      const opened = await page.evaluate(([zz, db]) => (window as unknown as W).__unitsEdit.app(zz, db), [z, DB] as const);
      const times = new Map<EditCase, EditTimes>();
      const cdp = profile && !failing ? await page.context().newCDPSession(page) : null;
      if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      for (const { c } of CASES) {
        load.push(loadavg()[0]);
        times.set(c, await page.evaluate(([zz, cc, n]) => (window as unknown as W).__unitsEdit.edits(zz, cc, n), [z, c, pairs] as const));
      }
      if (cdp && profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      await page.evaluate(() => (window as unknown as W).__unitsEdit.close());
      const where = failing ? `, ${opened.errors.toLocaleString('en')} errors present` : '';
      for (const { c, what } of CASES) {
        const engine = await page.evaluate(([zz, db, cc, n]) => (window as unknown as W).__unitsEdit.engine(zz, db, cc, n), [z, DB, c, pairs] as const);
        const t = times.get(c)!;
        figures.push({
          name: `units app: one edit, ${what}${where}`,
          value: median(t.ms),
          unit: 'ms',
          baseline: median(engine),
          baselineName: 'Validator.update of the same edit, same page',
          goal: { max: 16 },
          note: `${units.toLocaleString('en')} units, ${seeded.figures.toLocaleString('en')} figures; median of ${t.ms.length} edits (p90 ${pct(t.ms, 0.9).toFixed(2)}, max ${Math.max(...t.ms).toFixed(1)} ms); screen update after it (flushSync) ${median(t.flush).toFixed(2)} ms; until stored and deferred work done ${median(t.busy).toFixed(1)} ms; ${t.marked} marks events; findings after ${t.findings}`,
        });
      }
    }
  } finally {
    await browser.close();
    await host.server.close();
    rmSync(benchDir, { recursive: true, force: true });
  }
  figures.push({ name: 'units app edit: load average (1 min) during the edits', value: median(load), unit: '', note: `per case: ${load.map((x) => x.toFixed(2)).join(', ')}; 2 shared cores` });
  return figures;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
