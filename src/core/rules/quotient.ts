import * as plan from './plan.ts';
import type { Explained, KindPlan, LinearForm } from './plan.ts';
import type { Slots } from './slots.ts';

const { PASSED, FAILED, F_NO_PREVIOUS, NC_DIV0, NC_NO_PREVIOUS, EPS, blockedQuotient, linearForm } = plan;

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
  return compareQuotient(rl, rh, ul, uh, dl, dh, n[d] === 0, tol, scale);
}

/**
 * Whether the stated interval [rl, rh] meets scale × [ul, uh] ÷ [dl, dh] (interval division) within
 * `tol`; NC_DIV0 when the denominator interval holds 0 and its value is 0 (`zeroDen`). Shared by the
 * ratio/share rules and the roll-up's recomputed quotients.
 */
export function compareQuotient(rl: number, rh: number, ul: number, uh: number, dl: number, dh: number, zeroDen: boolean, tol: number, scale: number): number {
  if (dl <= 0 && dh >= 0 && zeroDen) return NC_DIV0;
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

/**
 * stated = scale × numerator ÷ denominator as linear constraints: solved for the stated cell alone it is
 * an interval; with the stated cell known it is linear in numerator and denominator
 * (scale × u − stated × d between 0s, d > 0); solved for the stated cell and another one it is not linear.
 */
export function linearizeQuotient(s: Slots, p: KindPlan, i: number, scale: number, unknown: (slot: number) => boolean): LinearForm[] | null {
  const a = p.start[i];
  const [r, u, d] = [p.ops[a], p.ops[a + 1], p.ops[a + 2]];
  const tol = p.p0[i];
  const lo = (c: number) => (s.iv[2 * c] === s.iv[2 * c] ? s.iv[2 * c] : 0);
  const hi = (c: number) => (s.iv[2 * c + 1] === s.iv[2 * c + 1] ? s.iv[2 * c + 1] : 0);
  if (unknown(r)) {
    if (unknown(u) || unknown(d) || !(lo(d) > 0)) return null;
    const ql = scale * Math.min(lo(u) / lo(d), lo(u) / hi(d));
    const qh = scale * Math.max(hi(u) / lo(d), hi(u) / hi(d));
    return [{ slots: [r], coefs: [1], lo: ql - tol, hi: qh + tol }];
  }
  const [rl, rh] = [lo(r) - tol, hi(r) + tol];
  const forms = [
    linearForm(s, [[u, scale], [d, -rl]], 0, Infinity, unknown),
    linearForm(s, [[u, scale], [d, -rh]], -Infinity, 0, unknown),
  ];
  if (unknown(d)) forms.push({ slots: [d], coefs: [1], lo: Number.MIN_VALUE, hi: Infinity });
  else if (!(lo(d) > 0)) return null;
  return forms;
}
