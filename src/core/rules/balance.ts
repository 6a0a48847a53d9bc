import type { BalanceRule } from './types.ts';
import * as plan from './plan.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import { ST_ABSENT, type Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';

// Imported bindings can compile to getter calls (esbuild/tsx CommonJS output): the hot loop reads local copies.
const { PASSED, FAILED, F_NO_PREVIOUS, NC_NO_PREVIOUS, EPS, blockedSum, linearForm } = plan;

function verdict(sl: number, sh: number, tl: number, th: number, tol: number): number {
  const slack = tol + EPS * (Math.abs(sl) + Math.abs(th));
  return sl - slack <= th && tl <= sh + slack ? PASSED : FAILED;
}

/** A part or total without a value made a sum NaN: decide from the states, then sum with those cells as 0. */
function slow(ops: Int32Array, a: number, b: number, st: Uint8Array, iv: Float64Array, tol: number, flags: number): number {
  let acc = 0;
  for (let k = a; k < b; k++) acc |= st[ops[k]];
  const blocked = blockedSum(acc, flags);
  if (blocked !== PASSED) return blocked;
  const z = (x: number) => (x === x ? x : 0);
  let sl = 0;
  let sh = 0;
  for (let k = a + 1; k < b; k++) {
    sl += z(iv[2 * ops[k]]);
    sh += z(iv[2 * ops[k] + 1]);
  }
  return verdict(sl, sh, z(iv[2 * ops[a]]), z(iv[2 * ops[a] + 1]), tol);
}

/** ops: [total, ...parts]; p0: tolerance. Holds when [Σ lo, Σ hi] of the parts meets [lo, hi] of the total. */
export function checkBalance(ops: Int32Array, a: number, b: number, st: Uint8Array, iv: Float64Array, tol: number, flags: number): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
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
  // NaN (a cell without a value) fails both tests below
  if (!(sl === sl && tl === tl)) return slow(ops, a, b, st, iv, tol, flags);
  const slack = tol + EPS * (Math.abs(sl) + Math.abs(th));
  return sl - slack <= th && tl <= sh + slack ? PASSED : FAILED;
}

export const balance: RuleKind<BalanceRule> = {
  name: 'balance',
  references: (r) => [
    { field: 'total', indicator: refId(r.total) },
    ...r.parts.map((p, i) => ({ field: `parts/${i}`, indicator: refId(p) })),
  ],
  templates(r, index) {
    const total = operand(r.total);
    const listed = new Set(r.parts.map(refId));
    // catalog or custom indicators declared `partOf` the total join as (optional) extra parts
    const extra = index.catalog.indicators
      .filter((ind) => ind.partOf === total.indicator && !listed.has(ind.id))
      .map((ind) => ({ indicator: ind.id, lag: total.lag }));
    return [{ ops: [total, ...r.parts.map((p) => operand(p)), ...extra], p0: r.tolerance ?? 0, p1: 0, flags: baseFlags(r) }];
  },
  evaluateOne(s: Slots, p: KindPlan, i: number): number {
    return checkBalance(p.ops, p.start[i], p.start[i + 1], s.state, s.iv, p.p0[i], p.flags[i]);
  },
  evaluateAll(s: Slots, p: KindPlan): void {
    const { ops, start, p0, flags, outcome } = p;
    const { state, iv } = s;
    for (let i = 0, n = p.size; i < n; i++) outcome[i] = checkBalance(ops, start[i], start[i + 1], state, iv, p0[i], flags[i]);
  },
  explain(s: Slots, p: KindPlan, i: number) {
    const a = p.start[i];
    const b = p.start[i + 1];
    const total = p.ops[a];
    // an absent optional part is not named among the parts
    const parts = Array.from(p.ops.subarray(a + 1, b)).filter((c) => s.state[c] !== ST_ABSENT);
    let expected = 0;
    for (const c of parts) expected += s.n[c];
    const actual = s.n[total];
    return {
      expected,
      actual,
      difference: actual - expected,
      code: 'rule.balance',
      params: {},
      labels: { total: [total], parts },
    };
  },
  linearize(s, p, i, unknown) {
    // total − Σ parts ∈ [−tol, tol]
    const a = p.start[i];
    const terms: [number, number][] = [[p.ops[a], 1]];
    for (let k = a + 1; k < p.start[i + 1]; k++) terms.push([p.ops[k], -1]);
    return [linearForm(s, terms, -p.p0[i], p.p0[i], unknown)];
  },
};
