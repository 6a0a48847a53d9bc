import type { BalanceRule } from './types.ts';
import { blockedSum, EPS, FAILED, F_NO_PREVIOUS, NC_NO_PREVIOUS, PASSED, type KindPlan, type RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';

/** ops: [total, ...parts]; p0: tolerance. Holds when [Σ lo, Σ hi] of the parts meets [lo, hi] of the total. */
function check(
  ops: Int32Array,
  a: number,
  b: number,
  st: Uint8Array,
  lo: Float64Array,
  hi: Float64Array,
  tol: number,
  flags: number,
): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  const t = ops[a];
  let acc = st[t];
  let sl = 0;
  let sh = 0;
  for (let k = a + 1; k < b; k++) {
    const c = ops[k];
    acc |= st[c];
    sl += lo[c];
    sh += hi[c];
  }
  if (acc !== 0) {
    const r = blockedSum(acc, flags);
    if (r !== PASSED) return r;
  }
  const slack = tol + EPS * (Math.abs(sl) + Math.abs(hi[t]));
  return sl - slack <= hi[t] && lo[t] <= sh + slack ? PASSED : FAILED;
}

export const balance: RuleKind<BalanceRule> = {
  name: 'balance',
  references: (r) => [
    { field: 'total', indicator: refId(r.total) },
    ...r.parts.map((p, i) => ({ field: `parts/${i}`, indicator: refId(p) })),
  ],
  templates: (r) => [
    { ops: [operand(r.total), ...r.parts.map((p) => operand(p))], p0: r.tolerance ?? 0, p1: 0, flags: baseFlags(r) },
  ],
  evaluateOne(s: Slots, p: KindPlan, i: number): number {
    return check(p.ops, p.start[i], p.start[i + 1], s.state, s.lo, s.hi, p.p0[i], p.flags[i]);
  },
  evaluateAll(s: Slots, p: KindPlan): void {
    const { ops, start, p0, flags, outcome } = p;
    const { state, lo, hi } = s;
    for (let i = 0, n = p.size; i < n; i++) outcome[i] = check(ops, start[i], start[i + 1], state, lo, hi, p0[i], flags[i]);
  },
  explain(s: Slots, p: KindPlan, i: number) {
    const a = p.start[i];
    const b = p.start[i + 1];
    const total = p.ops[a];
    const parts = Array.from(p.ops.subarray(a + 1, b));
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
};
