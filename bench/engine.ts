/**
 * The rule engine at scale: a generated workbook of scattered cells and rules, driven through the
 * engine's numeric API (Slots + PlanBuilder), against two baselines run in the same process: a
 * hand-written typed-array loop doing the same interval arithmetic (the floor, plus a point-only floor)
 * and json-logic-js on the same rules (a sample, scaled).
 */
import jsonLogic from 'json-logic-js';
import { FAILED, PlanBuilder, RULE_KINDS, Slots, type Plan } from '../src/core/rules/index.ts';
import type { Figure } from './table.ts';
import { rng } from './rng.ts';

export { rng } from './rng.ts';

const EPS = 1e-9; // the engine's slack for binary rounding (plan.ts); the floor must use the same
const F_INCREASE = 4; // previous.ts: F_KIND


/** The generated rules in flat arrays, one set per kind (the floor reads these; the engine gets copies). */
export interface Workload {
  cells: number;
  n: Float64Array;
  iv: Float64Array;
  bal: { start: Int32Array; ops: Int32Array };
  /** [ratio, numerator, denominator] per rule. */
  rat: Int32Array;
  ord: { start: Int32Array; ops: Int32Array; term: Int32Array };
  /** [this, last, stated] per rule; stated = -1 for a jump rule. */
  prev: Int32Array;
  /** Cells only read (never derived): the edits touch these. */
  baseCells: number;
  perm: Int32Array;
}

/**
 * Generates `cells` cells and `rules` rules (60 % balance with 2–8 parts, 15 % ratio, 15 % order,
 * 10 % previous period). Inputs are drawn at random from the first 40 % of a shuffled slot order, so
 * parts are shared between rules and never adjacent; each derived cell (a total, a stated ratio or
 * increase) is written by one rule. About 0.5 % of derived cells are then perturbed so that some fail.
 */
export function generate(cells: number, rules: number, seed = 7): Workload {
  const r = rng(seed);
  const perm = new Int32Array(cells);
  for (let i = 0; i < cells; i++) perm[i] = i;
  for (let i = cells - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const baseCells = Math.floor(cells * 0.4);
  const n = new Float64Array(cells);
  const iv = new Float64Array(2 * cells);
  const set = (s: number, v: number, lo = v, hi = v) => {
    n[s] = v;
    iv[2 * s] = lo;
    iv[2 * s + 1] = hi;
  };
  for (let i = 0; i < cells; i++) {
    const s = perm[i];
    const v = 100 + Math.floor(r() * 9900);
    // a fifth of the inputs are rounded figures (a value published to the unit stands for ±0.5)
    if (i < baseCells && r() < 0.2) set(s, v, v - 0.5, v + 0.5);
    else set(s, v);
  }
  const pick = () => perm[Math.floor(r() * baseCells)];
  let nextDerived = baseCells;
  const derived = () => {
    if (nextDerived >= cells) throw new Error('not enough cells for the derived figures');
    return perm[nextDerived++];
  };
  const nBal = Math.round(rules * 0.6);
  const nRat = Math.round(rules * 0.15);
  const nOrd = Math.round(rules * 0.15);
  const nPrev = rules - nBal - nRat - nOrd;
  const balStart = new Int32Array(nBal + 1);
  const balOps: number[] = [];
  for (let i = 0; i < nBal; i++) {
    const parts = 2 + Math.floor(r() * 7);
    const t = derived();
    balOps.push(t);
    let sum = 0;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < parts; k++) {
      const p = pick();
      balOps.push(p);
      sum += n[p];
      lo += iv[2 * p];
      hi += iv[2 * p + 1];
    }
    void lo;
    void hi;
    set(t, sum);
    balStart[i + 1] = balOps.length;
  }
  const rat = new Int32Array(3 * nRat);
  for (let i = 0; i < nRat; i++) {
    const x = derived();
    const u = pick();
    let d = pick();
    while (d === u) d = pick();
    const q = Math.round((n[u] / n[d]) * 10) / 10; // published to one decimal: "1:14.7"
    set(x, q, q - 0.05, q + 0.05);
    rat.set([x, u, d], 3 * i);
  }
  const ordStart = new Int32Array(nOrd + 1);
  const ordOps: number[] = [];
  const ordTerm: number[] = [];
  for (let i = 0; i < nOrd; i++) {
    const len = 2 + Math.floor(r() * 3);
    const cs: number[] = [];
    for (let k = 0; k < len; k++) cs.push(pick());
    cs.sort((a, b) => n[a] - n[b]); // a chain of single cells, mostly ascending
    if (r() < 0.02) cs.reverse();
    cs.forEach((c, k) => {
      ordOps.push(c);
      ordTerm.push(k);
    });
    ordStart[i + 1] = ordOps.length;
  }
  const prev = new Int32Array(3 * nPrev);
  for (let i = 0; i < nPrev; i++) {
    const t = pick();
    const l = pick();
    if (i % 2 === 0) {
      const x = derived();
      set(x, n[t] - n[l]);
      prev.set([t, l, x], 3 * i);
    } else prev.set([t, l, -1], 3 * i);
  }
  // perturb some derived cells so that the run has failures to report
  for (let i = baseCells; i < nextDerived; i++) {
    if (r() < 0.005) {
      const s = perm[i];
      set(s, n[s] + 1000, iv[2 * s] + 1000, iv[2 * s + 1] + 1000);
    }
  }
  return {
    cells,
    n,
    iv,
    bal: { start: balStart, ops: Int32Array.from(balOps) },
    rat,
    ord: { start: ordStart, ops: Int32Array.from(ordOps), term: Int32Array.from(ordTerm) },
    prev,
    baseCells,
    perm,
  };
}

/** Threshold of the jump rules (|this − last| ÷ |last|): lenient, so most hold. */
const JUMP = 5;

/** Loads the workload's values into engine slots. */
export function fillSlots(w: Workload): Slots {
  const s = new Slots(w.cells);
  for (let i = 0; i < w.cells; i++) s.setValue(i, w.n[i], w.iv[2 * i], w.iv[2 * i + 1]);
  return s;
}

/** Builds the engine plan from the workload's slot numbers (what a compiled rule file becomes). */
export function buildPlan(w: Workload, slots: Slots): Plan {
  const b = new PlanBuilder(RULE_KINDS);
  const kb = b.kindIndex('balance');
  const kr = b.kindIndex('ratio');
  const ko = b.kindIndex('order');
  const kp = b.kindIndex('previous');
  let id = 0;
  const { start, ops } = w.bal;
  for (let i = 0; i + 1 < start.length; i++) b.add(kb, id++, 0, ops.subarray(start[i], start[i + 1]));
  for (let i = 0; i < w.rat.length; i += 3) b.add(kr, id++, 0, w.rat.subarray(i, i + 3));
  const o = w.ord;
  for (let i = 0; i + 1 < o.start.length; i++) {
    b.add(ko, id++, 0, o.ops.subarray(o.start[i], o.start[i + 1]), 0, 0, 0, undefined, o.term.subarray(o.start[i], o.start[i + 1]));
  }
  for (let i = 0; i < w.prev.length; i += 3) {
    if (w.prev[i + 2] >= 0) b.add(kp, id++, 0, w.prev.subarray(i, i + 3), 0, Infinity, F_INCREASE);
    else b.add(kp, id++, 0, w.prev.subarray(i, i + 2), 0, JUMP, 0);
  }
  return b.build(slots);
}

/** Number of FAILED instances in the plan (the findings the validator would list). */
export function engineFailures(plan: Plan): number {
  let f = 0;
  for (const p of plan.plans) for (let i = 0; i < p.size; i++) if (p.outcome[i] === FAILED) f++;
  return f;
}

/**
 * The floor: the same interval checks as the engine (same slack), written out by hand over typed
 * arrays, without flags, states or the kinds' dispatch. Returns the number of failures.
 */
export function floorIntervals(w: Workload): number {
  const iv = w.iv;
  const n = w.n;
  let fails = 0;
  const { start, ops } = w.bal;
  for (let i = 0, m = start.length - 1; i < m; i++) {
    const a = start[i];
    const b = start[i + 1];
    let sl = 0;
    let sh = 0;
    for (let k = a + 1; k < b; k++) {
      const c = ops[k] << 1;
      sl += iv[c];
      sh += iv[c + 1];
    }
    const t = ops[a] << 1;
    const tl = iv[t];
    const th = iv[t + 1];
    const slack = EPS * (Math.abs(sl) + Math.abs(th));
    if (!(sl - slack <= th && tl <= sh + slack)) fails++;
  }
  const rat = w.rat;
  for (let i = 0; i < rat.length; i += 3) {
    const r = rat[i] << 1;
    const u = rat[i + 1] << 1;
    const d = rat[i + 2] << 1;
    const rl = iv[r];
    const rh = iv[r + 1];
    const ul = iv[u];
    const uh = iv[u + 1];
    const dl = iv[d];
    const dh = iv[d + 1];
    const ql = Math.min(ul / dl, ul / dh);
    const qh = Math.max(uh / dl, uh / dh);
    const slack = EPS * Math.abs(rl);
    if (!(ql - slack <= rh && rl <= qh + slack)) fails++;
  }
  const o = w.ord;
  for (let i = 0, m = o.start.length - 1; i < m; i++) {
    // chains of single cells: each lo ≤ the next hi
    let ok = true;
    for (let k = o.start[i]; k + 1 < o.start[i + 1]; k++) {
      const lo = iv[o.ops[k] << 1];
      if (lo - EPS * Math.abs(lo) > iv[(o.ops[k + 1] << 1) + 1]) ok = false;
    }
    if (!ok) fails++;
  }
  const pv = w.prev;
  for (let i = 0; i < pv.length; i += 3) {
    const t = pv[i];
    const l = pv[i + 1];
    const x = pv[i + 2];
    if (x >= 0) {
      const tl = iv[2 * t];
      const th = iv[2 * t + 1];
      const ll = iv[2 * l];
      const lh = iv[2 * l + 1];
      const slack = EPS * (Math.abs(tl) + Math.abs(ll));
      if (!(tl - lh - slack <= iv[2 * x + 1] && iv[2 * x] <= th - ll + slack)) fails++;
    } else if (!(Math.abs(n[t] - n[l]) / Math.abs(n[l]) <= JUMP + EPS)) fails++;
  }
  return fails;
}

/** A point-only floor: the same rules on the point values alone (no intervals), for scale. */
export function floorPoints(w: Workload): number {
  const n = w.n;
  let fails = 0;
  const { start, ops } = w.bal;
  for (let i = 0, m = start.length - 1; i < m; i++) {
    let s = 0;
    for (let k = start[i] + 1; k < start[i + 1]; k++) s += n[ops[k]];
    if (Math.abs(s - n[ops[start[i]]]) > 0.5) fails++;
  }
  const rat = w.rat;
  for (let i = 0; i < rat.length; i += 3) if (Math.abs(n[rat[i + 1]] / n[rat[i + 2]] - n[rat[i]]) > 0.05) fails++;
  const o = w.ord;
  for (let i = 0, m = o.start.length - 1; i < m; i++) {
    for (let k = o.start[i]; k + 1 < o.start[i + 1]; k++) {
      if (n[o.ops[k]] > n[o.ops[k + 1]]) {
        fails++;
        break;
      }
    }
  }
  const pv = w.prev;
  for (let i = 0; i < pv.length; i += 3) {
    const t = n[pv[i]];
    const l = n[pv[i + 1]];
    if (pv[i + 2] >= 0 ? Math.abs(t - l - n[pv[i + 2]]) > 0.5 : Math.abs(t - l) / Math.abs(l) > JUMP) fails++;
  }
  return fails;
}

/** The first `count` rules (in kind proportion) as json-logic expressions over the point values. */
export function jsonLogicRules(w: Workload, count: number): unknown[] {
  const v = (s: number) => ({ var: String(s) });
  const out: unknown[] = [];
  const total = w.bal.start.length - 1 + w.rat.length / 3 + w.ord.start.length - 1 + w.prev.length / 3;
  const f = Math.min(1, count / total);
  const { start, ops } = w.bal;
  for (let i = 0; i < Math.round((start.length - 1) * f); i++) {
    const parts = Array.from(ops.subarray(start[i] + 1, start[i + 1]), v);
    const d = { '-': [v(ops[start[i]]), { '+': parts }] };
    out.push({ and: [{ '<=': [d, 0.5] }, { '>=': [d, -0.5] }] });
  }
  for (let i = 0; i < Math.round((w.rat.length / 3) * f); i++) {
    const d = { '-': [{ '/': [v(w.rat[3 * i + 1]), v(w.rat[3 * i + 2])] }, v(w.rat[3 * i])] };
    out.push({ and: [{ '<=': [d, 0.05] }, { '>=': [d, -0.05] }] });
  }
  const o = w.ord;
  for (let i = 0; i < Math.round((o.start.length - 1) * f); i++) out.push({ '<=': Array.from(o.ops.subarray(o.start[i], o.start[i + 1]), v) });
  for (let i = 0; i < Math.round((w.prev.length / 3) * f); i++) {
    const [t, l, x] = [w.prev[3 * i], w.prev[3 * i + 1], w.prev[3 * i + 2]];
    if (x >= 0) {
      const d = { '-': [{ '-': [v(t), v(l)] }, v(x)] };
      out.push({ and: [{ '<=': [d, 0.5] }, { '>=': [d, -0.5] }] });
    } else {
      const q = { '/': [{ '-': [v(t), v(l)] }, v(l)] };
      out.push({ and: [{ '<=': [q, JUMP] }, { '>=': [q, -JUMP] }] });
    }
  }
  return out;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeMs(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function medianOf(runs: number, f: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) ts.push(timeMs(f));
  return median(ts);
}

function memNow(): number {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export interface EngineSizes {
  cells: number;
  rules: number;
  runs: number;
  edits: number;
  jsonLogicSample: number;
}

export interface EngineResult {
  figures: Figure[];
  engineFailures: number;
  floorFailures: number;
}

/** Runs the engine benchmark at the given sizes. */
export function benchEngine(z: EngineSizes): EngineResult {
  const w = generate(z.cells, z.rules);
  const mem0 = memNow();
  const slots = fillSlots(w);
  let plan!: Plan;
  // the first build warms up the builder; the median of three is reported
  const builds: number[] = [];
  for (let i = 0; i < 3; i++) builds.push(timeMs(() => (plan = buildPlan(w, slots))));
  const memBytes = memNow() - mem0;
  plan.evaluateAll();
  const failures = engineFailures(plan);
  let floorFails = 0;
  const full = medianOf(z.runs, () => plan.evaluateAll());
  const floor = medianOf(z.runs, () => (floorFails = floorIntervals(w)));
  const points = medianOf(z.runs, () => floorPoints(w));

  // json-logic on a sample of the rules, scaled to all of them
  const sample = jsonLogicRules(w, z.jsonLogicSample);
  const data = Array.from(w.n);
  let jlFails = 0;
  const jlMs = medianOf(Math.min(3, z.runs), () => {
    jlFails = 0;
    for (const rule of sample) if (!jsonLogic.apply(rule as never, data)) jlFails++;
  });
  void jlFails;
  const jlScaled = (jlMs * z.rules) / sample.length;

  // one edit: change an input cell, re-run what reads it
  const r = rng(11);
  const editTimes: number[] = [];
  let touched = 0;
  for (let e = 0; e < z.edits; e++) {
    const s = w.perm[Math.floor(r() * w.baseCells)];
    const v = slots.n[s] + (r() < 0.5 ? 1 : -1);
    const t0 = process.hrtime.bigint();
    slots.setValue(s, v);
    touched += plan.update([s]);
    editTimes.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  const edit = median(editTimes);

  const sizeNote = `${z.cells.toLocaleString('en')} cells, ${z.rules.toLocaleString('en')} rules`;
  const figures: Figure[] = [
    { name: 'engine: full validation', value: full, unit: 'ms', baseline: floor, baselineName: 'hand-written interval floor', goal: { ratio: 1.5 }, note: `${sizeNote}; median of ${z.runs}` },
    { name: 'engine: full validation vs point-only floor', value: full, unit: 'ms', baseline: points, baselineName: 'hand-written point-only floor', note: 'point values only, no intervals (less work than the engine)' },
    {
      name: 'engine: full validation vs json-logic-js',
      value: full,
      unit: 'ms',
      baseline: jlScaled,
      baselineName: `json-logic-js (${sample.length.toLocaleString('en')} rules measured, scaled ×${(z.rules / sample.length).toFixed(1)})`,
      note: 'json-logic on point values only',
    },
    { name: 'engine: plan build', value: median(builds), unit: 'ms', goal: { max: 200 }, note: `PlanBuilder.add × ${z.rules.toLocaleString('en')} + build (reverse index); median of 3` },
    { name: 'engine: one edit re-validated', value: edit, unit: 'µs', goal: { max: 5 }, note: `median of ${z.edits} edits, ${(touched / z.edits).toFixed(1)} rules re-run per edit on average` },
    { name: 'engine: memory (slots + plan)', value: memBytes / 2 ** 20, unit: 'MB', note: 'heapUsed + arrayBuffers delta (3 builds kept alive at most until GC)' },
    { name: 'engine: findings (failed rules)', value: failures, unit: 'rules', baseline: floorFails, baselineName: 'floor failures' },
  ];
  return { figures, engineFailures: failures, floorFailures: floorFails };
}
