import type { RangeRule } from './types.ts';
import { FAILED, F_KIND, PASSED, SKIPPED, type Explained, type KindPlan, type RuleKind, type Template } from './plan.ts';
import type { Slots } from './slots.ts';
import { baseFlags } from './ref.ts';

const F_INTEGER = F_KIND;

/**
 * ops: [cell]; p0 = min, p1 = max. Holds when the cell's interval meets [min, max] and, for integer
 * rules, n is a whole number. A cell without a value is skipped: there is nothing to check, and an
 * unreadable value is already reported by the per-value checks.
 */
function check(st: number, n: number, lo: number, hi: number, min: number, max: number, flags: number): number {
  if (st !== 0) return SKIPPED;
  if (hi < min || lo > max) return FAILED;
  if (flags & F_INTEGER && n !== Math.floor(n)) return FAILED;
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
  evaluateOne(s: Slots, p: KindPlan, i: number): number {
    const c = p.ops[p.start[i]];
    return check(s.state[c], s.n[c], s.lo[c], s.hi[c], p.p0[i], p.p1[i], p.flags[i]);
  },
  evaluateAll(s, p) {
    const { ops, start, p0, p1, flags, outcome } = p;
    const { state, n, lo, hi } = s;
    for (let i = 0, m = p.size; i < m; i++) {
      const c = ops[start[i]];
      outcome[i] = check(state[c], n[c], lo[c], hi[c], p0[i], p1[i], flags[i]);
    }
  },
  explain(s, p, i): Explained {
    const c = p.ops[p.start[i]];
    const v = s.n[c];
    const [min, max] = [p.p0[i], p.p1[i]];
    if (s.hi[c] < min) return { expected: min, actual: v, difference: v - min, code: 'rule.range.below', params: { min }, labels: { cell: [c] } };
    if (s.lo[c] > max) return { expected: max, actual: v, difference: v - max, code: 'rule.range.above', params: { max }, labels: { cell: [c] } };
    return { actual: v, code: 'rule.range.integer', params: {}, labels: { cell: [c] } };
  },
};
