/**
 * `npm run bench -- --units [--quick]`: reporting units at scale (issue 17). A city, 30 counties and their
 * schools — 3,000 units — × 120 count indicators (24 groups: a total and four parts, one balance rule
 * each) × 5 years = 1.8 million figures, every school's figures consistent and every county and the city
 * the sums of their units. Measured against a same-run floor:
 * - full validation including roll-ups: the validator's compiled plan (`plan.evaluateAll()`: 24 balance
 *   rules per unit and year, and a roll-up per parent × indicator × year) against a hand-written loop
 *   over the same typed arrays doing the same interval checks with the same slack;
 * - one edit of a school figure with its roll-up re-validated (`Validator.update`, the session's call:
 *   the school's balance, its county's roll-up, findings built for what failed), median µs;
 * - compile (plan build), loading the figures (`validateAll`), memory.
 * Opening from IndexedDB is not measured here (see the README); the batch import of a round is (benchUnitImport, below).
 */
import { bigCatalog, bigRules } from './big.ts';
import { median } from './engine.ts';
import { rng } from './rng.ts';
import type { Figure } from './table.ts';
import { Workbook } from '../src/core/model/workbook.ts';
import { cellKey, type CellValue } from '../src/core/model/value.ts';
import { ROOT_UNIT, UnitTree, type ReportingUnit } from '../src/core/model/units.ts';
import { compileRules, type Validator } from '../src/core/rules/validator.ts';
import { deriveFor } from '../src/core/rules/rollup.ts';
import type { RuleFile } from '../src/core/rules/types.ts';
import { PASSED, FAILED, NC_MISSING } from '../src/core/rules/plan.ts';
import { combinePreviews, rebasePreview, workbookFromValues, workbookValues, type BatchItem, type BatchPreview } from '../src/core/import/index.ts';
import { WorkerReads, type ReadRequest } from '../src/ui/import-protocol.ts';

const EPS = 1e-9; // the engine's slack for binary rounding (plan.ts)

export interface UnitSizes {
  counties: number;
  schoolsPerCounty: number;
  indicators: number;
  years: number;
  runs: number;
  edits: number;
}
export const UNITS_FULL: UnitSizes = { counties: 30, schoolsPerCounty: 99, indicators: 120, years: 5, runs: 7, edits: 2000 };
export const UNITS_QUICK: UnitSizes = { counties: 3, schoolsPerCounty: 4, indicators: 20, years: 2, runs: 2, edits: 50 };

function memNow(): number {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const cell = (n: number): CellValue => ({ raw: String(n), state: 'value', n, lo: n, hi: n });

/** The workbook: units, consistent figures (parts random, totals their sums; parents the sums of their units). */
export function unitWorkbook(z: UnitSizes): Workbook {
  const periods = Array.from({ length: z.years }, (_, i) => String(2015 + i));
  const wb = new Workbook(bigCatalog(z.indicators), periods);
  const r = rng(17);
  const ids = wb.index.ordered.map((i) => i.id);
  const countyTotals: Float64Array[] = [];
  // the tree built at once (UnitTree.add checks and copies the whole tree each time: minutes for 3,000 units)
  const units: ReportingUnit[] = [ROOT_UNIT];
  for (let c = 0; c < z.counties; c++) {
    const county = `c${c}`;
    units.push({ id: county, name: { zh: `县${c}`, en: `County ${c}` }, parent: 'city', level: 'county', mode: 'reported' });
    const sum = new Float64Array(ids.length * z.years);
    for (let s = 0; s < z.schoolsPerCounty; s++) {
      const school = `c${c}-s${s}`;
      units.push({ id: school, name: { zh: `县${c}第${s}校`, en: `County ${c} school ${s}` }, parent: county, level: 'school', mode: 'reported' });
      for (let p = 0; p < z.years; p++) {
        for (let g = 0; g < ids.length; g += 5) {
          let total = 0;
          for (let k = 1; k < 5 && g + k < ids.length; k++) {
            const v = 10 + Math.floor(r() * 500);
            total += v;
            sum[(g + k) * z.years + p] += v;
            wb.values.set(cellKey(ids[g + k], periods[p], school), cell(v));
          }
          sum[g * z.years + p] += total;
          wb.values.set(cellKey(ids[g], periods[p], school), cell(total));
        }
      }
    }
    countyTotals.push(sum);
    ids.forEach((id, i) => periods.forEach((per, p) => wb.values.set(cellKey(id, per, county), cell(sum[i * z.years + p]))));
  }
  wb.units = new UnitTree(units);
  ids.forEach((id, i) =>
    periods.forEach((per, p) => wb.values.set(cellKey(id, per), cell(countyTotals.reduce((a, s) => a + s[i * z.years + p], 0)))),
  );
  return wb;
}

/**
 * The floor: the same checks written out by hand over the validator's typed arrays — per unit and year,
 * each group's total against its four parts; per parent, indicator and year, the parent against the sum
 * of its children — with the engine's interval test and slack. Returns the number of failures.
 */
function floor(v: Validator, z: UnitSizes, children: Int32Array[], out: Uint8Array): number {
  const iv = v.slots.iv;
  const I = z.indicators;
  const P = z.years;
  const stride = I * P;
  const units = children.length;
  let fails = 0;
  let o = 0;
  for (let u = 0; u < units; u++) {
    const base = u * stride;
    for (let g = 0; g + 4 < I; g += 5) {
      for (let p = 0; p < P; p++) {
        const t = (base + g * P + p) << 1;
        let sl = 0;
        let sh = 0;
        for (let k = 1; k < 5; k++) {
          const c = (base + (g + k) * P + p) << 1;
          sl += iv[c];
          sh += iv[c + 1];
        }
        const slack = EPS * (Math.abs(sl) + Math.abs(iv[t + 1]));
        const ok = sl - slack <= iv[t + 1] && iv[t] <= sh + slack;
        out[o++] = ok ? PASSED : FAILED;
        if (!ok) fails++;
      }
    }
  }
  for (let u = 0; u < units; u++) {
    const kids = children[u];
    if (!kids.length) continue;
    const base = u * stride;
    for (let i = 0; i < I; i++) {
      for (let p = 0; p < P; p++) {
        const off = i * P + p;
        let sl = 0;
        let sh = 0;
        for (let k = 0; k < kids.length; k++) {
          const c = (kids[k] * stride + off) << 1;
          sl += iv[c];
          sh += iv[c + 1];
        }
        const t = (base + off) << 1;
        const slack = EPS * (Math.abs(sl) + Math.abs(iv[t + 1]));
        const ok = sl - slack <= iv[t + 1] && iv[t] <= sh + slack;
        out[o++] = ok ? PASSED : FAILED;
        if (!ok) fails++;
      }
    }
  }
  return fails;
}

function timeMs(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * One edit of a school figure (a part: its balance and its county's roll-up read it), then back, four
 * ways interleaved edit by edit so all see the same machine load:
 * - `Validator.update` (the session's call: the school's balance and its county's roll-up re-run, their
 *   findings built — breaking — or removed — restoring);
 * - the same, with every added finding read as the session reads it (its cells for the grid marks, its
 *   message in both languages);
 * - the plan level alone (slot written, `plan.update`, no findings): the same-run floor of the first two;
 * - afterwards, with the counties *derived*: `deriveFor` (the county recomputed from its 99 schools)
 *   applied, then `Validator.update` of the school's and the county's cells (the city's roll-up breaks).
 */
function benchEdits(v: Validator, wb: Workbook, z: UnitSizes, rules: RuleFile): Figure[] {
  const r = rng(5);
  const ids = wb.index.ordered.map((i) => i.id);
  const schools = wb.units.all().filter((u) => u.level === 'school');
  const pick = () =>
    cellKey(ids[1 + 5 * Math.floor(r() * Math.floor(ids.length / 5))], wb.periods[Math.floor(r() * wb.periods.length)], schools[Math.floor(r() * schools.length)].id);
  const breaking: number[] = [];
  const restoring: number[] = [];
  const read: number[] = [];
  const plan: number[] = [];
  let touched = 0;
  let sink = 0;
  // what the edits did, checked after the clock stopped: a breaking edit adds two findings (the school's
  // balance, the county's roll-up), its restoring edit removes them; with derived counties three (the
  // school's and its county's balances — the county's part follows, its total does not — and the city's roll-up)
  let added = 0;
  let removed = 0;
  const edit = (key: string, next: CellValue, readAdded: boolean): number => {
    const t0 = process.hrtime.bigint();
    wb.values.set(key, next);
    const d = v.update([key]);
    if (readAdded) for (const f of d.added) sink += f.cells.length + f.message.zh.length + f.message.en.length;
    const t = Number(process.hrtime.bigint() - t0) / 1e3;
    touched += d.outcomes.length;
    added += d.added.length;
    removed += d.removed.length;
    return t;
  };
  for (let e = 0; e < z.edits; e++) {
    let key = pick();
    let was = wb.getByKey(key);
    breaking.push(edit(key, cell(was.n! + 1), false));
    restoring.push(edit(key, was, false));
    key = pick();
    was = wb.getByKey(key);
    read.push(edit(key, cell(was.n! + 1), true));
    read.push(edit(key, was, true));
    // the same kind of edit at the plan level alone (write the slot, re-run what reads it; no findings built)
    const s = v.slotOfKey(pick())!;
    const n = v.slots.n[s];
    for (const x of [n + 1, n]) {
      const t0 = process.hrtime.bigint();
      v.slots.setValue(s, x);
      v.plan.update([s]);
      plan.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
  }
  if (sink < 0) throw new Error('unreachable');
  // derived counties: an edit of a school recomputes its county (deriveFor), then both are re-validated
  for (const u of wb.units.all()) if (u.level === 'county') wb.units.setMode(u.id, 'derived');
  const derived: number[] = [];
  for (let e = 0; e < z.edits; e++) {
    const key = pick();
    const was = wb.getByKey(key);
    for (const next of [cell(was.n! + 1), was]) {
      const t0 = process.hrtime.bigint();
      wb.values.set(key, next);
      const changes = deriveFor(wb, [key], rules);
      for (const c of changes) wb.values.set(c.key, c.after);
      const d = v.update([key, ...changes.map((c) => c.key)]);
      derived.push(Number(process.hrtime.bigint() - t0) / 1e3);
      added += d.added.length;
      removed += d.removed.length;
    }
  }
  for (const u of wb.units.all()) if (u.level === 'county') wb.units.setMode(u.id, 'reported');
  const expected = 2 * 2 * z.edits + 3 * z.edits;
  if (added !== expected || removed !== expected || v.counts().error !== 0) {
    throw new Error(`the edits should add and remove ${expected} findings and leave no error: ${added} added, ${removed} removed, ${v.counts().error} errors left`);
  }
  const all = [...breaking, ...restoring];
  const us = (x: number) => `${x.toFixed(1)} µs`;
  return [
    {
      name: 'units: one edit with its roll-up re-validated',
      value: median(all),
      unit: 'µs',
      baseline: median(plan),
      baselineName: 'the same edits at the plan level alone',
      goal: { max: 20 },
      note: `Validator.update of one school figure, break then restore, median of ${all.length}; p95 ${us(quantile(all, 0.95))}; breaking (two findings built) median ${us(median(breaking))}, p95 ${us(quantile(breaking, 0.95))}; restoring (two removed) median ${us(median(restoring))}; ${(touched / (all.length + read.length)).toFixed(1)} instances re-run per edit`,
    },
    { name: 'units: one edit with its roll-up, p95', value: quantile(all, 0.95), unit: 'µs', baseline: quantile(plan, 0.95), baselineName: 'plan level alone, p95', note: 'the same edits as above' },
    {
      name: 'units: one edit with its roll-up, its findings read',
      value: median(read),
      unit: 'µs',
      baseline: median(plan),
      baselineName: 'the same edits at the plan level alone',
      note: `as above, and every added finding's cells (a roll-up: the county's and each of its schools' keys) and message in both languages read, as the session does; p95 ${us(quantile(read, 0.95))}`,
    },
    { name: 'units: one edit with its roll-up, plan only', value: median(plan), unit: 'µs', note: `the same kind of edits: slot written and plan.update, no findings built; p95 ${us(quantile(plan, 0.95))}` },
    {
      name: 'units: one edit under a derived county',
      value: median(derived),
      unit: 'µs',
      baseline: median(plan),
      baselineName: 'the same edits at the plan level alone',
      note: `the counties derived: deriveFor (the county recomputed from its schools' figures, read from the workbook's Map) applied, then Validator.update of both cells (the school's and the county's balances and the city's roll-up break and mend); p95 ${us(quantile(derived, 0.95))}`,
    },
  ];
}

export function benchUnits(z: UnitSizes): Figure[] {
  const m0 = memNow();
  const tWb = performance.now();
  const wb = unitWorkbook(z);
  const buildWb = performance.now() - tWb;
  const m1 = memNow();
  const rules = bigRules(z.indicators);
  let v!: Validator;
  const compile = timeMs(() => (v = compileRules(rules, wb)));
  const m2 = memNow();
  let load = 0;
  let counts = { error: -1 } as { error: number };
  load = timeMs(() => (counts = v.validateAll().counts));
  if (counts.error !== 0) throw new Error(`the generated workbook should be consistent; ${counts.error} errors`);
  const units = wb.units.all();
  const index = new Map(units.map((u, i) => [u.id, i]));
  const children = units.map((u) => Int32Array.from(wb.units.children(u.id), (c) => index.get(c.id)!));
  const out = new Uint8Array(v.plan.size);
  const fulls: number[] = [];
  const floors: number[] = [];
  let floorFails = -1;
  for (let i = 0; i < z.runs; i++) {
    // interleaved, so both see the same machine load
    fulls.push(timeMs(() => v.plan.evaluateAll()));
    floors.push(timeMs(() => (floorFails = floor(v, z, children, out))));
  }
  let engineFails = 0;
  for (const p of v.plan.plans) for (let i = 0; i < p.size; i++) if (p.outcome[i] === FAILED || p.outcome[i] === NC_MISSING) engineFails++;

  const edits = benchEdits(v, wb, z, rules);
  const m3 = memNow();
  const size = `${units.length.toLocaleString('en')} units × ${z.indicators} indicators × ${z.years} years = ${wb.values.size.toLocaleString('en')} figures; ${v.plan.size.toLocaleString('en')} rule and roll-up instances`;
  return [
    { name: 'units: full validation incl. roll-ups', value: median(fulls), unit: 'ms', baseline: median(floors), baselineName: 'hand-written typed-array floor', goal: { ratio: 1.5 }, note: `${size}; median of ${z.runs}; failures engine ${engineFails} / floor ${floorFails}` },
    ...edits,
    { name: 'units: compile (plan build)', value: compile, unit: 'ms', note: 'compileRules: every rule for every unit + roll-ups, reverse index' },
    { name: 'units: load every figure and validate (validateAll)', value: load, unit: 'ms', note: 'reads the workbook Map into the slots, evaluates, builds the findings' },
    { name: 'units: memory of the workbook (figures in a Map)', value: (m1 - m0) / 2 ** 20, unit: 'MB', note: `built in ${buildWb.toFixed(0)} ms` },
    { name: 'units: memory of the compiled validator', value: (m2 - m1) / 2 ** 20, unit: 'MB', note: `after the edits: +${((m3 - m2) / 2 ** 20).toFixed(0)} MB (findings, caches)` },
  ];
}

// ---------------------------------------------------------------------------------------------------
// The batch import of a collection round at scale (importperf): read + preview + commit ≤ 5 s.

export interface UnitImportSizes {
  counties: number;
  schoolsPerCounty: number;
  /** Indicators each unit reports (of the catalog's `catalogIndicators`), whole groups of five. */
  indicators: number;
  catalogIndicators: number;
  runs: number;
}
/** 30 county files, each its county and 99 schools (100 units) × 75 indicators: 3,000 units, 225,000 long rows. */
export const UNITS_IMPORT_FULL: UnitImportSizes = { counties: 30, schoolsPerCounty: 99, indicators: 75, catalogIndicators: 120, runs: 3 };
export const UNITS_IMPORT_QUICK: UnitImportSizes = { counties: 3, schoolsPerCounty: 4, indicators: 20, catalogIndicators: 20, runs: 1 };

/** The workbook a round is imported into: the unit tree (city, counties, schools), the catalog, 2015–2019, every unit's 2019 figures. */
export function roundWorkbook(z: UnitImportSizes): Workbook {
  const wb = new Workbook(bigCatalog(z.catalogIndicators), ['2015', '2016', '2017', '2018', '2019']);
  const units: ReportingUnit[] = [ROOT_UNIT];
  for (let c = 0; c < z.counties; c++) {
    units.push({ id: `c${c}`, name: { zh: `县${c}`, en: `County ${c}` }, parent: 'city', level: 'county', mode: 'reported' });
    for (let s = 0; s < z.schoolsPerCounty; s++) {
      units.push({ id: `c${c}-s${s}`, name: { zh: `县${c}第${s}校`, en: `County ${c} school ${s}` }, parent: `c${c}`, level: 'school', mode: 'reported' });
    }
  }
  wb.units = new UnitTree(units); // (one build: UnitTree.add copies the tree each time)
  // last year's figures of every unit (the round brings the next year's)
  const r = rng(2019);
  for (const u of units) for (const ind of wb.index.ordered) {
    const n = 10 + Math.floor(r() * 500);
    wb.values.set(cellKey(ind.id, '2019', u.id), cell(n));
  }
  return wb;
}

/**
 * One long-layout CSV per county (指标, 单位名称, 年份, 数值): the county's own row block and each school's,
 * every unit × indicator one row for 2020, figures consistent (a total is its four parts' sum).
 */
export function roundFiles(z: UnitImportSizes): { name: string; bytes: Uint8Array }[] {
  const labels = bigCatalog(z.catalogIndicators).indicators.slice(0, z.indicators).map((i) => i.label.zh);
  const r = rng(2020);
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (let c = 0; c < z.counties; c++) {
    const lines = ['指标,单位名称,年份,数值'];
    const units = [`县${c}`, ...Array.from({ length: z.schoolsPerCounty }, (_, s) => `县${c}第${s}校`)];
    for (const unit of units) {
      for (let g = 0; g < labels.length; g += 5) {
        const parts = [1, 2, 3, 4].filter((k) => g + k < labels.length).map(() => 10 + Math.floor(r() * 500));
        lines.push(`${labels[g]},${unit},2020,${parts.reduce((a, b) => a + b, 0)}`);
        parts.forEach((v, k) => lines.push(`${labels[g + k + 1]},${unit},2020,${v}`));
      }
    }
    files.push({ name: `县${c}2020年分校统计.csv`, bytes: new TextEncoder().encode(lines.join('\n') + '\n') });
  }
  return files;
}

/**
 * The round's import as the batch dialog runs it (ImportBatch.svelte): the workbook's snapshot taken once,
 * without its figures (`workbookValues(wb, { values: false })`: catalog, years, tree, memory), each file
 * sent to the import worker and read and previewed there (`WorkerReads`, the worker's own code: request
 * and reply structured-cloned as postMessage does; the snapshot travels with the first file only), each
 * preview rebased on the workbook (`rebasePreview`), the previews combined (`combinePreviews`), then
 * committed (the new year added, `Workbook.apply` of the batch's changes).
 */
export async function importRound(wb: Workbook, files: readonly { name: string; bytes: Uint8Array }[]): Promise<{ read: number; combine: number; commit: number; cpu: number; batch: BatchPreview }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const items: BatchItem[] = [];
  const reads = new WorkerReads();
  const snapshot = workbookValues(wb, { values: false });
  let id = 0;
  for (const f of files) {
    id++;
    const req: ReadRequest = { id, fileId: id, bytes: f.bytes, file: f.name, workbook: id === 1 ? snapshot : null, workbookId: 1, batch: true, opts: {} };
    const { read, preview } = structuredClone(await reads.read(structuredClone(req)));
    // the page rebases the worker's preview on the workbook it shows
    items.push({ file: f.name, preview: rebasePreview(wb, preview), errors: read.errors });
  }
  const t1 = performance.now();
  const batch = combinePreviews(items);
  const t2 = performance.now();
  for (const p of batch.newPeriods) wb.addPeriod(p);
  wb.apply(batch.changes);
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  return { read: t1 - t0, combine: t2 - t1, commit: t3 - t2, cpu: (cpu.user + cpu.system) / 1000, batch };
}

/** What each file cost before: taking the workbook's snapshot with its figures, cloning it and building a workbook from it. */
export function snapshotCost(wb: Workbook): number {
  const t0 = performance.now();
  workbookFromValues(structuredClone(workbookValues(wb)));
  return performance.now() - t0;
}

export async function benchUnitImport(z: UnitImportSizes): Promise<Figure[]> {
  const files = roundFiles(z);
  const rows = z.counties * (z.schoolsPerCounty + 1) * z.indicators;
  const times: { read: number; combine: number; commit: number; cpu: number }[] = [];
  const snapshots: number[] = [];
  let cells = 0;
  for (let i = 0; i < z.runs; i++) {
    const wb = roundWorkbook(z);
    cells = wb.values.size;
    snapshots.push(snapshotCost(wb));
    const t = await importRound(wb, files);
    if (!t.batch.canCommit || t.batch.changes.length !== rows) {
      throw new Error(`the round should import every figure: ${t.batch.changes.length} of ${rows}; ${t.batch.errors[0]?.message.en ?? ''}`);
    }
    times.push(t);
  }
  const read = median(times.map((t) => t.read));
  const combine = median(times.map((t) => t.combine));
  const commit = median(times.map((t) => t.commit));
  const total = median(times.map((t) => t.read + t.combine + t.commit));
  const snapshot = median(snapshots);
  const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6;
  const size = `${z.counties} long CSV files (指标, 单位名称, 年份, 数值), ${(z.counties * (z.schoolsPerCounty + 1)).toLocaleString('en')} units × ${z.indicators} indicators = ${rows.toLocaleString('en')} rows, ${mb.toFixed(1)} MB; median of ${z.runs}`;
  return [
    { name: 'units import: read + preview of every file, as the import worker does it', value: read, unit: 'ms', note: `${size}; decode, CSV, layout, unit names, indicator names, values, preview (request and reply cloned, the snapshot without figures sent once) rebased on the workbook (${cells.toLocaleString('en')} figures)` },
    { name: 'units import: combine the previews (combinePreviews)', value: combine, unit: 'ms', note: 'one list of changes, conflicts between files, received per unit' },
    { name: 'units import: commit (Workbook.apply of the batch)', value: commit, unit: 'ms', note: 'the new year added, every change applied' },
    { name: 'units import: a workbook snapshot with its figures to the worker (take, clone, rebuild)', value: snapshot, unit: 'ms', note: `what each file cost before (${z.counties} ×); now one snapshot without figures per round, previews rebased on the page` },
    { name: 'units import: the whole round (read + preview + combine + commit)', value: total, unit: 'ms', goal: { max: 5000 }, note: `CPU time of the process over the round ${median(times.map((t) => t.cpu)).toFixed(0)} ms (on a shared machine the wall time is the CPU time plus waiting for a core)` },
  ];
}
