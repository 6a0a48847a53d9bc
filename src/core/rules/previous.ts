import type { PreviousRule } from './types.ts';
import * as plan from './plan.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags } from './ref.ts';

const { PASSED, FAILED, F_KIND, F_NO_PREVIOUS, NC_DIV0, NC_NO_PREVIOUS, EPS, blockedQuotient, linearForm } = plan;
const F_INCREASE = F_KIND;
const F_GROWTH = F_KIND << 1;
// jump: neither bit

/**
 * ops: [this, last] (+ [stated] for increase and growth); p0 tolerance, p1 jump threshold.
 * - increase: [this − last] (intervals) meets the stated increase;
 * - growth: (this ÷ last − 1) × 100 meets the stated growth %;
 * - jump: |this − last| ÷ |last| ≤ threshold, on point values (a warning heuristic, not a published relation).
 */
function check(ops: Int32Array, a: number, flags: number, tol: number, threshold: number, st: Uint8Array, n: Float64Array, iv: Float64Array): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  const t = ops[a];
  const l = ops[a + 1];
  const hasStated = (flags & (F_INCREASE | F_GROWTH)) !== 0;
  const x = hasStated ? ops[a + 2] : t;
  const tl = iv[2 * t];
  const th = iv[2 * t + 1];
  const ll = iv[2 * l];
  const lh = iv[2 * l + 1];
  const xl = iv[2 * x];
  const xh = iv[2 * x + 1];
  if (!(tl === tl && ll === ll && xl === xl)) {
    const b = blockedQuotient(st[t] | st[l] | st[x], flags);
    // "missing as zero" with an empty cell: too little to compare against last year
    return b !== PASSED ? b : NC_DIV0;
  }
  if (flags & F_INCREASE) {
    const slack = tol + EPS * (Math.abs(tl) + Math.abs(ll));
    return tl - lh - slack <= xh && xl <= th - ll + slack ? PASSED : FAILED;
  }
  if (ll <= 0 && lh >= 0 && n[l] === 0) return NC_DIV0;
  if (flags & F_GROWTH) {
    let gl = -Infinity;
    let gh = Infinity;
    if (ll > 0) {
      gl = (Math.min(tl / ll, tl / lh) - 1) * 100;
      gh = (Math.max(th / ll, th / lh) - 1) * 100;
    }
    const slack = tol + EPS * 100;
    return gl - slack <= xh && xl <= gh + slack ? PASSED : FAILED;
  }
  return Math.abs(n[t] - n[l]) / Math.abs(n[l]) <= threshold + EPS ? PASSED : FAILED;
}

export const previous: RuleKind<PreviousRule> = {
  name: 'previous',
  divisor: 1,
  references: (r) => [{ field: 'indicator', indicator: r.indicator }, ...(r.stated ? [{ field: 'stated', indicator: r.stated }] : [])],
  templates(r) {
    const ops = [
      { indicator: r.indicator, lag: 0 },
      { indicator: r.indicator, lag: 1 },
    ];
    const mode = r.mode === 'increase' ? F_INCREASE : r.mode === 'growth' ? F_GROWTH : 0;
    if (mode && r.stated) ops.push({ indicator: r.stated, lag: 0 });
    return [{ ops, p0: r.tolerance ?? 0, p1: r.threshold ?? Infinity, flags: baseFlags(r) | mode }];
  },
  evaluateOne: (s: Slots, p: KindPlan, i: number) => check(p.ops, p.start[i], p.flags[i], p.p0[i], p.p1[i], s.state, s.n, s.iv),
  evaluateAll(s, p) {
    const { ops, start, flags, p0, p1, outcome } = p;
    const { state, n, iv } = s;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(ops, start[i], flags[i], p0[i], p1[i], state, n, iv);
  },
  explain(s, p, i) {
    const a = p.start[i];
    const [t, l] = [p.ops[a], p.ops[a + 1]];
    const flags = p.flags[i];
    const params = { thisValue: s.n[t], lastValue: s.n[l] };
    const labels = { indicator: [t], stated: flags & (F_INCREASE | F_GROWTH) ? [p.ops[a + 2]] : [] };
    if (flags & F_INCREASE) {
      const expected = s.n[t] - s.n[l];
      const actual = s.n[p.ops[a + 2]];
      return { expected, actual, difference: actual - expected, code: 'rule.previous.increase', params, labels };
    }
    if (flags & F_GROWTH) {
      const expected = ((s.n[t] - s.n[l]) / s.n[l]) * 100;
      const actual = s.n[p.ops[a + 2]];
      return { expected, actual, difference: actual - expected, code: 'rule.previous.growth', params, labels };
    }
    const actual = (Math.abs(s.n[t] - s.n[l]) / Math.abs(s.n[l])) * 100;
    const expected = p.p1[i] * 100;
    // the size of the change is checked; the message says which way it went (a fall keeps its minus sign)
    const change = ((s.n[t] - s.n[l]) / Math.abs(s.n[l])) * 100;
    return { expected, actual, difference: actual - expected, code: 'rule.previous.jump', params: { ...params, change }, labels };
  },
  linearize(s, p, i, unknown) {
    const a = p.start[i];
    const [t, l] = [p.ops[a], p.ops[a + 1]];
    const flags = p.flags[i];
    const tol = p.p0[i];
    if (flags & F_INCREASE) return [linearForm(s, [[t, 1], [l, -1], [p.ops[a + 2], -1]], -tol, tol, unknown)];
    // growth and jump bound this ÷ last between two factors: this − f × last ≥ 0 and ≤ 0, last > 0
    let fl: number;
    let fh: number;
    if (flags & F_GROWTH) {
      const x = p.ops[a + 2];
      if (unknown(x)) {
        if (unknown(t) || unknown(l) || !(s.lo(l) > 0)) return null;
        const gl = (Math.min(s.lo(t) / s.lo(l), s.lo(t) / s.hi(l)) - 1) * 100;
        const gh = (Math.max(s.hi(t) / s.lo(l), s.hi(t) / s.hi(l)) - 1) * 100;
        return [{ slots: [x], coefs: [1], lo: gl - tol, hi: gh + tol }];
      }
      fl = 1 + (s.lo(x) - tol) / 100;
      fh = 1 + (s.hi(x) + tol) / 100;
    } else {
      const th = p.p1[i];
      if (th === Infinity) return [];
      fl = 1 - th;
      fh = 1 + th;
    }
    const forms = [linearForm(s, [[t, 1], [l, -fl]], 0, Infinity, unknown), linearForm(s, [[t, 1], [l, -fh]], -Infinity, 0, unknown)];
    if (unknown(l)) forms.push({ slots: [l], coefs: [1], lo: Number.MIN_VALUE, hi: Infinity });
    else if (!(s.lo(l) > 0)) return null;
    return forms;
  },
};
