import type { LinearOp, LinearRule } from './types.ts';
import * as plan from './plan.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags } from './ref.ts';

const { PASSED, FAILED, F_NO_PREVIOUS, NC_NO_PREVIOUS, EPS, blockedSum, linearForm } = plan;
const OPS: LinearOp[] = ['=', '<=', '>=', '<', '>'];
const OP_SHIFT = 2; // bits 2..4 of the flags; F_KIND = 4 = 1 << 2
const OP_MASK = 7 << OP_SHIFT;

function weighted(ops: Int32Array, coef: Float64Array, a: number, b: number, iv: Float64Array, zeroNaN: boolean, out: Float64Array): void {
  let l = 0;
  let h = 0;
  for (let j = a; j < b; j++) {
    const c = ops[j] << 1;
    const w = coef[j];
    let lo = iv[c];
    let hi = iv[c + 1];
    if (zeroNaN && lo !== lo) lo = hi = 0;
    if (w >= 0) {
      l += w * lo;
      h += w * hi;
    } else {
      l += w * hi;
      h += w * lo;
    }
  }
  out[0] = l;
  out[1] = h;
}

const LH = new Float64Array(2);

/** ops with coef; p0 tolerance, p1 constant. Holds when the interval of Σ coef × cell can satisfy `op constant`. */
function check(
  ops: Int32Array,
  coef: Float64Array,
  a: number,
  b: number,
  st: Uint8Array,
  iv: Float64Array,
  tol: number,
  k: number,
  flags: number,
): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  weighted(ops, coef, a, b, iv, false, LH);
  if (LH[0] !== LH[0] || LH[1] !== LH[1]) {
    let acc = 0;
    for (let j = a; j < b; j++) acc |= st[ops[j]];
    const blocked = blockedSum(acc, flags);
    if (blocked !== PASSED) return blocked;
    weighted(ops, coef, a, b, iv, true, LH);
    // still NaN: an "over" and an "under" figure made the sum unbounded both ways
    if (LH[0] !== LH[0] || LH[1] !== LH[1]) return PASSED;
  }
  const l = LH[0];
  const h = LH[1];
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
    check(p.ops, p.coef!, p.start[i], p.start[i + 1], s.state, s.iv, p.p0[i], p.p1[i], p.flags[i]),
  evaluateAll(s, p) {
    const { ops, start, p0, p1, flags, outcome } = p;
    const coef = p.coef!;
    const { state, iv } = s;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(ops, coef, start[i], start[i + 1], state, iv, p0[i], p1[i], flags[i]);
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
  linearize(s, p, i, unknown) {
    const terms: [number, number][] = [];
    for (let j = p.start[i]; j < p.start[i + 1]; j++) terms.push([p.ops[j], p.coef![j]]);
    const [k, tol] = [p.p1[i], p.p0[i]];
    // strict < and > are solved as ≤ and ≥; the suggested value is checked by the rule itself afterwards
    const op = (p.flags[i] & OP_MASK) >> OP_SHIFT;
    const lo = op === 0 || op === 2 || op === 4 ? k - tol : -Infinity;
    const hi = op === 0 || op === 1 || op === 3 ? k + tol : Infinity;
    return [linearForm(s, terms, lo, hi, unknown)];
  },
};

/** Linear flags for the benchmark and tests: the op's code in the kind bits. */
export function linearFlags(op: LinearOp, missingAsZero = false): number {
  return (missingAsZero ? 1 : 0) | (OPS.indexOf(op) << OP_SHIFT);
}
