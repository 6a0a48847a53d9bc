import type { ShareRule } from './types.ts';
import type { KindPlan, RuleKind } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags, operand, refId } from './ref.ts';
import { checkQuotient, evaluateAllQuotient, explainQuotient, linearizeQuotient } from './quotient.ts';

/** A percentage = part ÷ whole × 100, within the share cell's rounding. */
export const share: RuleKind<ShareRule> = {
  name: 'share',
  divisor: 2,
  references: (r) => [
    { field: 'share', indicator: refId(r.share), kinds: ['percentage'] },
    { field: 'part', indicator: refId(r.part) },
    { field: 'whole', indicator: refId(r.whole) },
  ],
  templates: (r) => [
    { ops: [operand(r.share), operand(r.part), operand(r.whole)], p0: r.tolerance ?? 0, p1: 0, flags: baseFlags(r) },
  ],
  evaluateOne: (s: Slots, p: KindPlan, i: number) =>
    checkQuotient(p.ops, p.start[i], s.state, s.n, s.iv, p.p0[i], p.flags[i], 100),
  evaluateAll: (s, p) => evaluateAllQuotient(s, p, 100),
  explain: (s, p, i) => explainQuotient(s, p, i, 100, 'rule.share'),
  linearize: (s, p, i, unknown) => linearizeQuotient(s, p, i, 100, unknown),
};
