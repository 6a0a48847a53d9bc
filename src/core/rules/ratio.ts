import type { RatioRule } from './types.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';
import { checkQuotient, evaluateAllQuotient, explainQuotient, linearizeQuotient } from './quotient.ts';

/** A stated "1:x" = numerator ÷ denominator, within the ratio cell's rounding. */
export const ratio: RuleKind<RatioRule> = {
  name: 'ratio',
  divisor: 2,
  references: (r) => [
    { field: 'ratio', indicator: refId(r.ratio), kinds: ['ratio'] },
    { field: 'numerator', indicator: refId(r.numerator) },
    { field: 'denominator', indicator: refId(r.denominator) },
  ],
  templates: (r) => [
    { ops: [operand(r.ratio), operand(r.numerator), operand(r.denominator)], p0: r.tolerance ?? 0, p1: 0, flags: baseFlags(r) },
  ],
  evaluateOne: (s: Slots, p: KindPlan, i: number) =>
    checkQuotient(p.ops, p.start[i], s.state, s.n, s.iv, p.p0[i], p.flags[i], 1),
  evaluateAll: (s, p) => evaluateAllQuotient(s, p, 1),
  explain: (s, p, i) => explainQuotient(s, p, i, 1, 'rule.ratio'),
  linearize: (s, p, i, unknown) => linearizeQuotient(s, p, i, 1, unknown),
};
