import type { OrderRule } from './types.ts';
import { blockedSum, EPS, FAILED, F_NO_PREVIOUS, NC_NO_PREVIOUS, PASSED, type KindPlan, type RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';

/**
 * ops: the cells of all terms, `term[k]` numbering the term each op belongs to (ascending).
 * Holds when each term can be ≤ the next within the intervals: Σ lo(term i) ≤ Σ hi(term i+1) (+ tolerance).
 */
function check(
  ops: Int32Array,
  term: Int32Array,
  a: number,
  b: number,
  st: Uint8Array,
  lo: Float64Array,
  hi: Float64Array,
  tol: number,
  flags: number,
): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  let acc = 0;
  let prevLo = -Infinity;
  let cl = 0;
  let ch = 0;
  let t = term[a];
  let ok = true;
  for (let k = a; k < b; k++) {
    const c = ops[k];
    if (term[k] !== t) {
      if (prevLo - tol - EPS * Math.abs(prevLo) > ch) ok = false;
      prevLo = cl;
      cl = 0;
      ch = 0;
      t = term[k];
    }
    acc |= st[c];
    cl += lo[c];
    ch += hi[c];
  }
  if (prevLo - tol - EPS * Math.abs(prevLo) > ch) ok = false;
  if (acc !== 0) {
    const r = blockedSum(acc, flags);
    if (r !== PASSED) return r;
  }
  return ok ? PASSED : FAILED;
}

export const order: RuleKind<OrderRule> = {
  name: 'order',
  usesTerms: true,
  references: (r) =>
    r.chain.flatMap((t, i) =>
      Array.isArray(t) ? t.map((x, j) => ({ field: `chain/${i}/${j}`, indicator: refId(x) })) : [{ field: `chain/${i}`, indicator: refId(t) }],
    ),
  templates: (r) => [
    {
      ops: r.chain.flatMap((t, i) => (Array.isArray(t) ? t : [t]).map((x) => operand(x, { term: i }))),
      p0: r.tolerance ?? 0,
      p1: 0,
      flags: baseFlags(r),
    },
  ],
  evaluateOne: (s: Slots, p: KindPlan, i: number) =>
    check(p.ops, p.term!, p.start[i], p.start[i + 1], s.state, s.lo, s.hi, p.p0[i], p.flags[i]),
  evaluateAll(s, p) {
    const { ops, start, p0, flags, outcome } = p;
    const term = p.term!;
    const { state, lo, hi } = s;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(ops, term, start[i], start[i + 1], state, lo, hi, p0[i], flags[i]);
  },
  explain(s, p, i) {
    // the first adjacent pair that cannot hold; reported with point values
    const groups: number[][] = [];
    for (let k = p.start[i]; k < p.start[i + 1]; k++) {
      const t = p.term![k];
      if (!groups.length || p.term![k - 1] !== t) groups.push([]);
      groups[groups.length - 1].push(p.ops[k]);
    }
    const sum = (g: number[], a: Float64Array) => g.reduce((x, c) => x + a[c], 0);
    let j = 0;
    while (j + 1 < groups.length && sum(groups[j], s.lo) - p.p0[i] - EPS * Math.abs(sum(groups[j], s.lo)) <= sum(groups[j + 1], s.hi)) j++;
    if (j + 1 >= groups.length) j = 0;
    const left = groups[j];
    const right = groups[j + 1] ?? [];
    const actual = sum(left, s.n);
    const expected = sum(right, s.n);
    return {
      expected,
      actual,
      difference: actual - expected,
      code: 'rule.order',
      params: {},
      labels: { left, right },
    };
  },
};
