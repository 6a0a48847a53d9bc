/**
 * The in-page half of "open the 1.8M-figure reporting-unit workbook from IndexedDB" (issue 17; driven by
 * bench/units-open.ts). `seed` stores the workbook through the app's own store (untimed); `floor` reads
 * the same records with one bare idb getAll; `stages` runs the open path's steps one by one, each timed;
 * `app` mounts the real app on the stored workbook and waits for the grid's first row (with its marks:
 * the session validates before the grid is mounted).
 */
import { openDB } from 'idb';
import { startApp, type AppHandle } from '../../src/app.ts';
import { compileRules } from '../../src/core/rules/validator.ts';
import { workbookFromSnapshot } from '../../src/storage/convert.ts';
import { DB_VERSION, openIdbStore } from '../../src/storage/idb-store.ts';
import { DEFAULT_WORKBOOK } from '../../src/storage/store.ts';
import { bigCatalog, bigRules } from '../big.ts';
import { unitStoredWorkbook, type UnitOpenSizes } from '../units-stored.ts';

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error ?? new Error(`could not delete ${name}`));
  });
}

export interface OpenStages {
  /** openIdbStore: the database connection. */
  connect: number;
  /** store.load(): the meta record and every block, read and checked. */
  load: number;
  /** workbookFromSnapshot: every stored text parsed into the workbook. */
  build: number;
  /** compileRules: the plan for every unit, rule, roll-up and year. */
  compile: number;
  /** Validator.reevaluate + findings (the session's validation): every figure into the slots, every rule evaluated, the findings. */
  validate: number;
  figures: number;
}

/** Stores generated writes through IdbStore.write in one transaction, as the app would after an import; ms taken. */
export async function storeWorkbook(z: UnitOpenSizes, data: ReturnType<typeof unitStoredWorkbook>, dbName: string): Promise<number> {
  const catalog = bigCatalog(z.indicators);
  const store = await openIdbStore(dbName, DEFAULT_WORKBOOK);
  const t0 = performance.now();
  await store.write({ cells: data.writes, replaceAll: true, meta: { periods: data.periods, units: data.units, customIndicators: [], prefs: { lang: 'zh' }, catalogVersion: catalog.version } }, 0);
  const ms = performance.now() - t0;
  store.close();
  return ms;
}

/** The real app started on the workbook stored in `dbName`, returned once its grid shows the first row. */
export async function startStoredApp(z: UnitOpenSizes, dbName: string, target: HTMLElement): Promise<AppHandle> {
  const a = await startApp({
    target,
    dbName,
    catalog: bigCatalog(z.indicators),
    rules: bigRules(z.indicators),
    baseline: () => {
      throw new Error('the workbook should have been stored by seed()');
    },
  });
  while (!target.querySelector('.ag-row[row-id="g000000"]')) await frame();
  return a;
}

let app: AppHandle | null = null;

export const unitsOpen = {
  /** Stores the generated workbook through IdbStore.write (one transaction), as the app would after an import. */
  async seed(z: UnitOpenSizes, dbName: string): Promise<{ ms: number; figures: number; records: number }> {
    await deleteDb(dbName);
    const data = unitStoredWorkbook(z);
    const ms = await storeWorkbook(z, data, dbName);
    const db = await openDB(dbName, DB_VERSION);
    const records = await db.count('blocks');
    db.close();
    return { ms, figures: data.writes.length, records };
  },

  /** The floor: the same records (every block of the workbook and the meta record) read with bare idb getAll, nothing checked or built. */
  async floor(dbName: string): Promise<{ ms: number; records: number }> {
    const db = await openDB(dbName, DB_VERSION);
    const t0 = performance.now();
    const tx = db.transaction(['blocks', 'meta'], 'readonly');
    const [meta, blocks] = await Promise.all([tx.objectStore('meta').get(DEFAULT_WORKBOOK), tx.objectStore('blocks').index('byWorkbook').getAll(DEFAULT_WORKBOOK)]);
    await tx.done;
    const ms = performance.now() - t0;
    db.close();
    if (!meta) throw new Error('nothing stored');
    return { ms, records: (blocks as unknown[]).length };
  },

  /** The open path's steps one by one (the session runs the same calls), each timed. */
  async stages(z: UnitOpenSizes, dbName: string): Promise<OpenStages> {
    const catalog = bigCatalog(z.indicators);
    const rules = bigRules(z.indicators);
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - t;
      t = now;
      return ms;
    };
    const store = await openIdbStore(dbName, DEFAULT_WORKBOOK);
    const connect = lap();
    const snap = await store.load();
    const load = lap();
    store.close();
    if (!snap) throw new Error('nothing stored');
    lap();
    const wb = workbookFromSnapshot(snap, catalog);
    const build = lap();
    const v = compileRules(rules, wb);
    const compile = lap();
    // as the session does it (Session.revalidateAll): every figure evaluated, then the findings
    v.reevaluate();
    const findings = v.findings();
    const validate = lap();
    if (findings.length !== 0) throw new Error(`the generated workbook should be consistent; ${findings.length} findings`);
    return { connect, load, build, compile, validate, figures: wb.values.size };
  },

  /** The real app opened on the stored workbook: ms from startApp until the grid shows its first row. */
  async app(z: UnitOpenSizes, dbName: string, target: HTMLElement): Promise<{ ms: number; session: number; errors: number }> {
    await unitsOpen.close();
    const t0 = performance.now();
    app = await startStoredApp(z, dbName, target);
    return { ms: performance.now() - t0, session: app.openMs, errors: app.session.counts.error };
  },

  async close(): Promise<void> {
    if (app) await app.destroy();
    app = null;
  },
};
