import type { OrderRule } from './types.ts';
import * as plan from './plan.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';

const { PASSED, FAILED, F_NO_PREVIOUS, NC_NO_PREVIOUS, EPS, blockedSum, linearForm } = plan;

/**
 * ops: the cells of all terms, `term[k]` numbering the term each op belongs to (ascending).
 * Holds when each term can be ≤ the next within the intervals: Σ lo(term i) ≤ Σ hi(term i+1) (+ tolerance).
 * `zeroNaN` (the slow path, after the states allowed it) reads cells without a value as 0.
 */
function pairsHold(ops: Int32Array, term: Int32Array, a: number, b: number, iv: Float64Array, tol: number, zeroNaN: boolean): number {
  let prevLo = -Infinity;
  let cl = 0;
  let ch = 0;
  let t = term[a];
  let ok = true;
  let all = 0; // NaN stays NaN: records a cell without a value in any term
  for (let k = a; k < b; k++) {
    const c = ops[k] << 1;
    if (term[k] !== t) {
      if (prevLo - tol - EPS * Math.abs(prevLo) > ch) ok = false;
      prevLo = cl;
      cl = 0;
      ch = 0;
      t = term[k];
    }
    let l = iv[c];
    let h = iv[c + 1];
    if (zeroNaN && l !== l) l = h = 0;
    cl += l;
    ch += h;
    all += l;
  }
  if (prevLo - tol - EPS * Math.abs(prevLo) > ch) ok = false;
  if (all !== all) return -1; // a cell without a value
  return ok ? PASSED : FAILED;
}

function check(ops: Int32Array, term: Int32Array, a: number, b: number, st: Uint8Array, iv: Float64Array, tol: number, flags: number): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  const r = pairsHold(ops, term, a, b, iv, tol, false);
  if (r >= 0) return r;
  let acc = 0;
  for (let k = a; k < b; k++) acc |= st[ops[k]];
  const blocked = blockedSum(acc, flags);
  return blocked !== PASSED ? blocked : pairsHold(ops, term, a, b, iv, tol, true);
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
  evaluateOne: (s: Slots, p: KindPlan, i: number) => check(p.ops, p.term!, p.start[i], p.start[i + 1], s.state, s.iv, p.p0[i], p.flags[i]),
  evaluateAll(s, p) {
    const { ops, start, p0, flags, outcome } = p;
    const term = p.term!;
    const { state, iv } = s;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(ops, term, start[i], start[i + 1], state, iv, p0[i], flags[i]);
  },
  explain(s, p, i) {
    // the first adjacent pair that cannot hold; reported with point values
    const groups: number[][] = [];
    for (let k = p.start[i]; k < p.start[i + 1]; k++) {
      if (!groups.length || p.term![k - 1] !== p.term![k]) groups.push([]);
      groups[groups.length - 1].push(p.ops[k]);
    }
    const z = (x: number) => (x === x ? x : 0);
    const sum = (g: number[], f: (c: number) => number) => g.reduce((x, c) => x + z(f(c)), 0);
    const lo = (c: number) => s.lo(c);
    const hi = (c: number) => s.hi(c);
    let j = 0;
    while (j + 1 < groups.length && sum(groups[j], lo) - p.p0[i] - EPS * Math.abs(sum(groups[j], lo)) <= sum(groups[j + 1], hi)) j++;
    if (j + 1 >= groups.length) j = 0;
    const left = groups[j];
    const right = groups[j + 1] ?? [];
    const actual = sum(left, (c) => s.n[c]);
    const expected = sum(right, (c) => s.n[c]);
    return { expected, actual, difference: actual - expected, code: 'rule.order', params: {}, labels: { left, right } };
  },
  linearize(s, p, i, unknown) {
    // each term − the next ≤ tolerance
    const forms = [];
    const term = p.term!;
    for (let k = p.start[i]; k < p.start[i + 1]; k++) {
      if (k > p.start[i] && term[k - 1] === term[k]) continue;
      const terms: [number, number][] = [];
      let j = k;
      for (; j < p.start[i + 1] && term[j] === term[k]; j++) terms.push([p.ops[j], 1]);
      if (j === p.start[i + 1]) break;
      for (let m = j; m < p.start[i + 1] && term[m] === term[j]; m++) terms.push([p.ops[m], -1]);
      forms.push(linearForm(s, terms, -Infinity, p.p0[i], unknown));
    }
    return forms;
  },
};
