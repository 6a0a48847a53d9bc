import type { RangeRule } from './types.ts';
import * as plan from './plan.ts';
import type { Explained, KindPlan, RuleKind, Template } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags } from './ref.ts';

const { PASSED, FAILED, SKIPPED, F_KIND, linearForm } = plan;
const F_INTEGER = F_KIND;

/**
 * ops: [cell]; p0 = min, p1 = max. Holds when the cell's interval meets [min, max] and, for integer
 * rules, n is a whole number. A cell without a value is skipped: there is nothing to check, and an
 * unreadable value is already reported by the per-value checks.
 */
function check(s: Slots, c: number, min: number, max: number, flags: number): number {
  const lo = s.iv[2 * c];
  if (lo !== lo) return SKIPPED;
  if (s.iv[2 * c + 1] < min || lo > max) return FAILED;
  if (flags & F_INTEGER && s.n[c] !== Math.floor(s.n[c])) return FAILED;
  return PASSED;
}

export const range: RuleKind<RangeRule> = {
  name: 'range',
  references: (r) => (r.indicators ?? []).map((id, i) => ({ field: `indicators/${i}`, indicator: id })),
  templates(r, index) {
    const ids = new Set(r.indicators ?? []);
    if (r.select) {
      const { kinds, gross } = r.select;
      for (const ind of index.catalog.indicators) {
        if (kinds.includes(ind.kind) && (gross === undefined || !!ind.gross === gross)) ids.add(ind.id);
      }
    }
    const flags = baseFlags(r) | (r.integer ? F_INTEGER : 0);
    return [...ids].map(
      (id): Template => ({ ops: [{ indicator: id, lag: 0 }], p0: r.min ?? -Infinity, p1: r.max ?? Infinity, flags }),
    );
  },
  evaluateOne: (s: Slots, p: KindPlan, i: number) => check(s, p.ops[p.start[i]], p.p0[i], p.p1[i], p.flags[i]),
  evaluateAll(s, p) {
    const { ops, start, p0, p1, flags, outcome } = p;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(s, ops[start[i]], p0[i], p1[i], flags[i]);
  },
  explain(s, p, i): Explained {
    const c = p.ops[p.start[i]];
    const v = s.n[c];
    const [min, max] = [p.p0[i], p.p1[i]];
    if (s.hi(c) < min) return { expected: min, actual: v, difference: v - min, code: 'rule.range.below', params: { min }, labels: { cell: [c] } };
    if (s.lo(c) > max) return { expected: max, actual: v, difference: v - max, code: 'rule.range.above', params: { max }, labels: { cell: [c] } };
    return { actual: v, code: 'rule.range.integer', params: {}, labels: { cell: [c] } };
  },
  linearize(s, p, i, unknown) {
    const f = linearForm(s, [[p.ops[p.start[i]], 1]], p.p0[i], p.p1[i], unknown);
    if (p.flags[i] & F_INTEGER) f.integer = true;
    return [f];
  },
};
