/**
 * The in-page half of "one edit in the real app at 1.8M figures" (issue 17; driven by
 * bench/units-app-edit.ts). `seed` stores the reporting-unit workbook through the app's own store
 * (untimed; one county derived, optionally ~5% of the schools with failing balances); `app` mounts the
 * real app on it; `edits` makes edits through Session.setCells — the call the grid's editor makes when
 * Enter is pressed (GridController's commit) — and times each from that call until it returns: the
 * workbook changed, derived parents followed, the validator updated, findings, counts, completeness,
 * marks and suspects set, the marks event emitted (the grid's cells refreshed in its listener) and the
 * store write queued. `engine` times Validator.update alone for the same edits on the same stored
 * workbook (the baseline: what the engine itself costs).
 */
import { flushSync } from 'svelte';
import type { AppHandle } from '../../src/app.ts';
import { cellKey, type CellValue } from '../../src/core/model/value.ts';
import type { Workbook } from '../../src/core/model/workbook.ts';
import { parseValue } from '../../src/core/parse/value.ts';
import { deriveFor } from '../../src/core/rules/rollup.ts';
import { compileRules } from '../../src/core/rules/validator.ts';
import { workbookFromSnapshot } from '../../src/storage/convert.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { DEFAULT_WORKBOOK } from '../../src/storage/store.ts';
import { bigCatalog, bigRules } from '../big.ts';
import { unitStoredWorkbook, type UnitOpenSizes } from '../units-stored.ts';
import { startStoredApp, storeWorkbook } from './units-open.ts';

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
const idle = () => new Promise<void>((r) => setTimeout(r, 0));

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error ?? new Error(`could not delete ${name}`));
  });
}

/**
 * Which figures an edit case types into (a school of a reported county; a reported county; a school of
 * the derived county; `emptied`: a school's figure cleared and typed again — whether a figure is there
 * changes, so the completeness summary of the figures is worked out again after the edit).
 */
export type EditCase = 'school' | 'county' | 'derived' | 'emptied';

/** The county whose figures are derived from its schools in every seeded workbook. */
export const DERIVED_COUNTY = 'c1';
/** Every how-many-th school (s0, s20, …) has failing balances in the `failing` workbook (5%). */
const FAIL_EVERY = 20;

/** The edited cells of a case: a part of a balance group in the last year, a different unit and group each pair. */
export function editKeys(z: UnitOpenSizes, c: EditCase, pairs: number): string[] {
  const groups = Math.floor(z.indicators / 5);
  const period = String(2015 + z.years - 1);
  const out: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const ind = `g${String((i % groups) * 5 + 1 + (i % 4)).padStart(6, '0')}`;
    // schools that have no failing balance of their own (the failures stay where they were seeded)
    const n = (i * 7 + 1) % z.schoolsPerCounty;
    const school = (county: string) => `${county}-s${n % FAIL_EVERY === 0 ? n + 1 : n}`;
    const unit = c === 'county' ? `c${i % z.counties === 1 ? 0 : i % z.counties}` : c === 'derived' ? school(DERIVED_COUNTY) : school(c === 'school' ? 'c0' : 'c2');
    out.push(cellKey(ind, period, unit));
  }
  return out;
}

let app: AppHandle | null = null;

export interface EditTimes {
  /** ms of each edit, setCells call to return (marks emitted, write queued). */
  ms: number[];
  /** ms of the screen's reactive updates after it (flushSync). */
  flush: number[];
  /** ms from the call until the write is stored and the work deferred past the edit has run (setTimeout 0). */
  busy: number[];
  /** Whether each edit emitted a marks event. */
  marked: number;
  findings: number;
  errors: number;
}

export const unitsEdit = {
  /**
   * Stores the generated workbook with county DERIVED_COUNTY derived; `failing`: every FAIL_EVERY-th
   * school's group totals in the last year one more than their parts (the counties' and the city's totals
   * follow, so only those schools' balances fail: thousands of error findings).
   */
  async seed(z: UnitOpenSizes, dbName: string, failing: boolean): Promise<{ figures: number }> {
    await deleteDb(dbName);
    const data = unitStoredWorkbook(z);
    for (const u of data.units) if (u.id === DERIVED_COUNTY) u.mode = 'derived';
    if (failing) {
      const last = String(2015 + z.years - 1);
      const bump = new Map<string, number>();
      const add = (k: string, d: number) => bump.set(k, (bump.get(k) ?? 0) + d);
      for (const w of data.writes) {
        const [period, unit] = w.period.split('#');
        if (period !== last || !unit?.includes('-s') || Number(w.indicator.slice(1)) % 5 !== 0) continue;
        const [county, s] = unit.split('-s');
        if (Number(s) % FAIL_EVERY !== 0) continue;
        add(`${w.indicator}@${w.period}`, 1);
        add(`${w.indicator}@${last}#${county}`, 1);
        add(`${w.indicator}@${last}`, 1);
      }
      for (const w of data.writes) {
        const d = bump.get(`${w.indicator}@${w.period}`);
        if (d && w.cell) w.cell = { raw: String(Number(w.cell.raw) + d) };
      }
    }
    await storeWorkbook(z, data, dbName);
    return { figures: data.writes.length };
  },

  /** The real app on the stored workbook, until the grid shows its first row. */
  async app(z: UnitOpenSizes, dbName: string, target: HTMLElement): Promise<{ findings: number; errors: number }> {
    await unitsEdit.close();
    app = await startStoredApp(z, dbName, target);
    await app.session.settled();
    await idle();
    return { findings: app.session.findings.length, errors: app.session.counts.error };
  },

  /**
   * `pairs` × 2 edits through Session.setCells: each key first gets its figure + 1 (its balance and
   * roll-ups fail), then its figure back (they pass again). Between edits the queued write is stored,
   * the deferred work run and a frame painted, as between two figures a statistician types.
   */
  async edits(z: UnitOpenSizes, c: EditCase, pairs: number): Promise<EditTimes> {
    const s = app!.session;
    let marked = 0;
    const off = s.on((e) => {
      if (e.type === 'marks') marked++;
    });
    const ms: number[] = [];
    const flush: number[] = [];
    const busy: number[] = [];
    try {
      for (const key of editKeys(z, c, pairs)) {
        const was = s.value(key).raw;
        for (const raw of [c === 'emptied' ? '' : String(Number(was) + 1), was]) {
          const t0 = performance.now();
          // what GridController.commit does when Enter is pressed in the cell editor
          if (raw !== s.value(key).raw) s.setCells([{ key, raw, base: s.value(key).raw }]);
          ms.push(performance.now() - t0);
          const t1 = performance.now();
          flushSync();
          flush.push(performance.now() - t1);
          await s.settled();
          await idle();
          busy.push(performance.now() - t0);
          await frame();
        }
      }
    } finally {
      off();
    }
    return { ms, flush, busy, marked, findings: s.findings.length, errors: s.counts.error };
  },

  /**
   * The baseline: Validator.update alone for the same edits, on a workbook built from the same stored
   * records (a derived county's recomputed figures are set with the edit, computed untimed). The page's
   * clock ticks in 0.1 ms, so each edit and its undoing are repeated REPEAT times in one timed block
   * (the figures written as bench/units.ts does, straight into the values) and the block ÷ 2·REPEAT is
   * that edit's time.
   */
  async engine(z: UnitOpenSizes, dbName: string, c: EditCase, pairs: number): Promise<number[]> {
    const REPEAT = 25;
    const catalog = bigCatalog(z.indicators);
    const rules = bigRules(z.indicators);
    const store = await openIdbStore(dbName, DEFAULT_WORKBOOK);
    const snap = await store.load();
    store.close();
    if (!snap) throw new Error('nothing stored');
    const wb: Workbook = workbookFromSnapshot(snap, catalog);
    const v = compileRules(rules, wb);
    v.reevaluate();
    v.findings();
    const unit = wb.index.unitById.get('person')!;
    const ms: number[] = [];
    let added = 0;
    for (const key of editKeys(z, c, pairs)) {
      const before = new Map<string, CellValue>([[key, wb.getByKey(key)]]);
      wb.apply([{ key, after: parseValue(c === 'emptied' ? '' : String(Number(before.get(key)!.raw) + 1), { kind: 'count' }, unit) }]);
      for (const d of deriveFor(wb, [key], rules)) {
        before.set(d.key, wb.getByKey(d.key));
        wb.apply([d]);
      }
      const after = new Map([...before.keys()].map((k) => [k, wb.getByKey(k)]));
      const keys = [...before.keys()];
      for (const [k, x] of before) wb.values.set(k, x);
      const t0 = performance.now();
      for (let r = 0; r < REPEAT; r++) {
        for (const [k, x] of after) wb.values.set(k, x);
        added += v.update(keys).added.length;
        for (const [k, x] of before) wb.values.set(k, x);
        v.update(keys);
      }
      ms.push((performance.now() - t0) / (2 * REPEAT));
    }
    if (added === 0) throw new Error('the engine baseline\'s edits should have made findings');
    return ms;
  },

  async close(): Promise<void> {
    if (app) await app.destroy();
    app = null;
  },
};
