import type { Ref } from './types.ts';
import type { OperandSpec } from './plan.ts';

/** A Ref as an operand: `"x"` → {indicator: "x", lag: 0}. */
export function operand(ref: Ref, extra?: Partial<OperandSpec>): OperandSpec {
  const base = typeof ref === 'string' ? { indicator: ref, lag: 0 } : { indicator: ref.indicator, lag: ref.lag ?? 0 };
  return extra ? { ...base, ...extra } : base;
}

/** The indicator id a Ref names. */
export function refId(ref: Ref): string {
  return typeof ref === 'string' ? ref : ref.indicator;
}

/** Common per-instance flags from the rule's shared fields. */
export function baseFlags(rule: { missingAsZero?: boolean }): number {
  return rule.missingAsZero ? 1 : 0;
}
