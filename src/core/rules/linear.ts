import type { LinearOp, LinearRule } from './types.ts';
import { blockedSum, EPS, FAILED, F_KIND, F_NO_PREVIOUS, NC_NO_PREVIOUS, PASSED, type KindPlan, type RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags } from './ref.ts';

const OPS: LinearOp[] = ['=', '<=', '>=', '<', '>'];
const OP_SHIFT = 2; // bits 2..4 of the flags; F_KIND = 4 = 1 << 2
const OP_MASK = 7 << OP_SHIFT;

/** ops with coef; p0 tolerance, p1 constant. Holds when the interval of Σ coef × cell can satisfy `op constant`. */
function check(
  ops: Int32Array,
  coef: Float64Array,
  a: number,
  b: number,
  st: Uint8Array,
  lo: Float64Array,
  hi: Float64Array,
  tol: number,
  k: number,
  flags: number,
): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  let acc = 0;
  let l = 0;
  let h = 0;
  for (let j = a; j < b; j++) {
    const c = ops[j];
    const w = coef[j];
    acc |= st[c];
    if (w >= 0) {
      l += w * lo[c];
      h += w * hi[c];
    } else {
      l += w * hi[c];
      h += w * lo[c];
    }
  }
  if (acc !== 0) {
    const r = blockedSum(acc, flags);
    if (r !== PASSED) return r;
  }
  const slack = tol + EPS * (Math.abs(l) + Math.abs(k));
  let ok: boolean;
  switch ((flags & OP_MASK) >> OP_SHIFT) {
    case 0:
      ok = l - slack <= k && k <= h + slack;
      break;
    case 1:
      ok = l - slack <= k;
      break;
    case 2:
      ok = h + slack >= k;
      break;
    case 3:
      ok = l - slack < k;
      break;
    default:
      ok = h + slack > k;
  }
  return ok ? PASSED : FAILED;
}

export const linear: RuleKind<LinearRule> = {
  name: 'linear',
  usesCoef: true,
  references: (r) => r.terms.map((t, i) => ({ field: `terms/${i}/indicator`, indicator: t.indicator })),
  templates: (r) => [
    {
      ops: r.terms.map((t) => ({ indicator: t.indicator, lag: t.lag ?? 0, coef: t.coef })),
      p0: r.tolerance ?? 0,
      p1: r.constant,
      flags: baseFlags(r) | (OPS.indexOf(r.op) << OP_SHIFT),
    },
  ],
  evaluateOne: (s: Slots, p: KindPlan, i: number) =>
    check(p.ops, p.coef!, p.start[i], p.start[i + 1], s.state, s.lo, s.hi, p.p0[i], p.p1[i], p.flags[i]),
  evaluateAll(s, p) {
    const { ops, start, p0, p1, flags, outcome } = p;
    const coef = p.coef!;
    const { state, lo, hi } = s;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(ops, coef, start[i], start[i + 1], state, lo, hi, p0[i], p1[i], flags[i]);
  },
  explain(s, p, i) {
    const cells: number[] = [];
    let actual = 0;
    for (let j = p.start[i]; j < p.start[i + 1]; j++) {
      cells.push(p.ops[j]);
      actual += p.coef![j] * s.n[p.ops[j]];
    }
    const expected = p.p1[i];
    const op = OPS[(p.flags[i] & OP_MASK) >> OP_SHIFT];
    return { expected, actual, difference: actual - expected, code: 'rule.linear', params: { op }, labels: { terms: cells } };
  },
};

/** Linear flags for the benchmark and tests: the op's code in the kind bits. */
export function linearFlags(op: LinearOp, missingAsZero = false): number {
  return (missingAsZero ? 1 : 0) | (OPS.indexOf(op) << OP_SHIFT);
}
