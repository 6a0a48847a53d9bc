import * as plan from './plan.ts';
import type { Explained, KindPlan } from './plan.ts';
import type { Slots } from './slots.ts';

const { PASSED, FAILED, F_NO_PREVIOUS, NC_DIV0, NC_NO_PREVIOUS, EPS, blockedQuotient } = plan;

/**
 * Shared by ratio (scale 1) and share (scale 100): ops [stated, numerator, denominator].
 * Holds when scale × [num] ÷ [den] (interval division) meets the stated cell's interval.
 */
export function checkQuotient(
  ops: Int32Array,
  a: number,
  st: Uint8Array,
  n: Float64Array,
  iv: Float64Array,
  tol: number,
  flags: number,
  scale: number,
): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  const r = ops[a];
  const u = ops[a + 1];
  const d = ops[a + 2];
  const rl = iv[2 * r];
  const ul = iv[2 * u];
  const dl = iv[2 * d];
  if (!(rl === rl && ul === ul && dl === dl)) {
    // a cell without a value; with "missing as zero" an empty one reads as 0
    const b = blockedQuotient(st[r] | st[u] | st[d], flags);
    if (b !== PASSED) return b;
    return verdict(n, iv, r, u, d, tol, scale, true);
  }
  return verdict(n, iv, r, u, d, tol, scale, false);
}

function verdict(n: Float64Array, iv: Float64Array, r: number, u: number, d: number, tol: number, scale: number, zeroNaN: boolean): number {
  let rl = iv[2 * r];
  let rh = iv[2 * r + 1];
  let ul = iv[2 * u];
  let uh = iv[2 * u + 1];
  let dl = iv[2 * d];
  let dh = iv[2 * d + 1];
  if (zeroNaN) {
    if (rl !== rl) rl = rh = 0;
    if (ul !== ul) ul = uh = 0;
    if (dl !== dl) dl = dh = 0;
  }
  if (dl <= 0 && dh >= 0 && n[d] === 0) return NC_DIV0;
  let ql = -Infinity;
  let qh = Infinity;
  if (dl > 0) {
    // positive denominator interval: the extremes are at the corners
    ql = scale * Math.min(ul / dl, ul / dh);
    qh = scale * Math.max(uh / dl, uh / dh);
  }
  const slack = tol + EPS * Math.abs(rl);
  return ql - slack <= rh && rl <= qh + slack ? PASSED : FAILED;
}

export function evaluateAllQuotient(s: Slots, p: KindPlan, scale: number): void {
  const { ops, start, p0, flags, outcome } = p;
  const { state, n, iv } = s;
  for (let i = 0, m = p.size; i < m; i++) outcome[i] = checkQuotient(ops, start[i], state, n, iv, p0[i], flags[i], scale);
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
