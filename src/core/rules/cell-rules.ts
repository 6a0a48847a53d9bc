import type { Rule, Outcome } from './types.ts';
import type { RollupRule } from './rollup.ts';
import { FAILED, NC_DIV0, NC_INVALID, NC_MISSING, NC_NA, NC_NO_PREVIOUS, PASSED, SKIPPED } from './plan.ts';
import type { Validator } from './validator.ts';

/** One rule instance that reads a figure, with its outcome now. */
export interface CellRule {
  /** The finding id this instance has when it fails (`${ruleId}|${period}` or `${ruleId}|${cellKey}`). */
  id: string;
  rule: Rule | RollupRule;
  period: string;
  outcome: Outcome;
}

const NAMES: Record<number, Outcome> = {
  [PASSED]: 'passed',
  [FAILED]: 'failed',
  [NC_MISSING]: 'not_computable',
  [NC_INVALID]: 'not_computable',
  [NC_NA]: 'not_computable',
  [NC_DIV0]: 'not_computable',
  [NC_NO_PREVIOUS]: 'not_computable',
};

/**
 * The rule instances that read a cell (any period's instance: a year-over-year rule of next year reads
 * this year too), in the plan's order, each once. Uses the plan's reverse index: O(instances reading the cell).
 * A range check skipped because the cell is empty is left out. A cell outside the plan (another unit) has none.
 */
export function rulesOfCell(v: Validator, key: string): CellRule[] {
  const s = v.slotOfKey(key);
  if (s === undefined) return [];
  const { revStart, revItems } = v.plan;
  const seen = new Set<number>();
  const out: CellRule[] = [];
  for (let r = revStart[s]; r < revStart[s + 1]; r++) {
    const g = revItems[r];
    if (seen.has(g)) continue;
    seen.add(g);
    const o = v.plan.outcome(g);
    if (o === SKIPPED) continue;
    const id = v.instanceId(g);
    const rule = v.ruleOf(g);
    out.push({ id, rule, period: instancePeriod(id, rule), outcome: NAMES[o] ?? 'not_computable' });
  }
  return out;
}

/** The period of an instance from its id: the part after `|` for period rules, the cell's period for cell rules. */
function instancePeriod(id: string, rule: { id: string }): string {
  const rest = id.slice(rule.id.length + 1);
  const at = rest.indexOf('@');
  // `${ruleId}|${period}` or, for a reporting unit other than the city, `${ruleId}|${period}#${unit}`
  if (at < 0) return rest.split('#')[0];
  const hash = rest.indexOf('#', at);
  return hash < 0 ? rest.slice(at + 1) : rest.slice(at + 1, hash);
}
