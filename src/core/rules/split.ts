import type { SplitRule } from './types.ts';
import * as plan from './plan.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';

const { PASSED, FAILED, F_NO_PREVIOUS, NC_NO_PREVIOUS, EPS, blockedQuotient, linearForm } = plan;

/** ops: [cell]; holds when [lo + lo2, hi + hi2] contains 100 (± tolerance). */
function check(s: Slots, c: number, tol: number, flags: number): number {
  if (flags & F_NO_PREVIOUS) return NC_NO_PREVIOUS;
  const st = s.state[c];
  if (st !== 0) {
    const b = blockedQuotient(st, flags);
    if (b !== PASSED) return b;
    return FAILED; // "missing as zero": 0 does not add up to 100
  }
  const slack = tol + EPS * 100;
  const l = s.iv[2 * c] + s.lo2![c];
  const h = s.iv[2 * c + 1] + s.hi2![c];
  return l - slack <= 100 && 100 <= h + slack ? PASSED : FAILED;
}

export const split: RuleKind<SplitRule> = {
  name: 'split',
  needsSecond: true,
  references: (r) => [{ field: 'split', indicator: refId(r.split), kinds: ['split'] }],
  templates: (r) => [{ ops: [operand(r.split)], p0: r.tolerance ?? 0, p1: 0, flags: baseFlags(r) }],
  evaluateOne: (s: Slots, p: KindPlan, i: number) => check(s, p.ops[p.start[i]], p.p0[i], p.flags[i]),
  evaluateAll(s, p) {
    const { ops, start, p0, flags, outcome } = p;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(s, ops[start[i]], p0[i], flags[i]);
  },
  explain(s, p, i) {
    const c = p.ops[p.start[i]];
    const actual = s.n[c] + s.n2![c];
    return {
      expected: 100,
      actual,
      difference: actual - 100,
      code: 'rule.split',
      params: { first: s.n[c], second: s.n2![c] },
      labels: { cell: [c] },
    };
  },
  linearize(s, p, i, unknown) {
    // solved for the first side, the second side as written
    const c = p.ops[p.start[i]];
    const tol = p.p0[i];
    return [linearForm(s, [[c, 1]], 100 - s.hi2![c] - tol, 100 - s.lo2![c] + tol, unknown)];
  },
};
