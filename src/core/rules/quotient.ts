import {
  blockedQuotient,
  EPS,
  FAILED,
  F_NO_PREVIOUS,
  NC_DIV0,
  NC_NO_PREVIOUS,
  PASSED,
  type Explained,
  type KindPlan,
} from './plan.ts';
import type { Slots } from './slots.ts';

/**
 * Shared by ratio (scale 1) and share (scale 100): ops [stated, numerator, denominator].
 * Holds when scale × [num] ÷ [den] (interval division) meets the stated cell's interval.
 */
export function checkQuotient(
  ops: Int32Array,
  a: number,
  st: Uint8Array,
  n: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  tol: number,
  flags: number,
  scale: number,
): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  const r = ops[a];
  const u = ops[a + 1];
  const d = ops[a + 2];
  const acc = st[r] | st[u] | st[d];
  if (acc !== 0) {
    const b = blockedQuotient(acc, flags);
    if (b !== PASSED) return b;
  }
  if (n[d] === 0) return NC_DIV0;
  const dl = lo[d];
  const dh = hi[d];
  let ql = -Infinity;
  let qh = Infinity;
  if (dl > 0) {
    // positive denominator interval: the extremes are at the corners
    ql = scale * Math.min(lo[u] / dl, lo[u] / dh);
    qh = scale * Math.max(hi[u] / dl, hi[u] / dh);
  }
  const slack = tol + EPS * Math.abs(n[r]);
  return ql - slack <= hi[r] && lo[r] <= qh + slack ? PASSED : FAILED;
}

export function evaluateAllQuotient(s: Slots, p: KindPlan, scale: number): void {
  const { ops, start, p0, flags, outcome } = p;
  const { state, n, lo, hi } = s;
  for (let i = 0, m = p.size; i < m; i++) outcome[i] = checkQuotient(ops, start[i], state, n, lo, hi, p0[i], flags[i], scale);
}

export function explainQuotient(s: Slots, p: KindPlan, i: number, scale: number, code: string): Explained {
  const a = p.start[i];
  const [r, u, d] = [p.ops[a], p.ops[a + 1], p.ops[a + 2]];
  const expected = (scale * s.n[u]) / s.n[d];
  const actual = s.n[r];
  return {
    expected,
    actual,
    difference: actual - expected,
    code,
    params: { numeratorValue: s.n[u], denominatorValue: s.n[d] },
    labels: { stated: [r], numerator: [u], denominator: [d] },
  };
}
