import type { Text, ValueKind } from '../model/catalog.ts';
import type { Explanation } from '../model/workbook.ts';

/**
 * Rule files as data: `{ "version": "...", "rules": [ ... ] }`, checked by schemas/rules.schema.json.
 * Rules are period-generic: each is evaluated for every period of the workbook; a reference with
 * `lag: 1` reads the previous period (so the rule is not computable in the first period).
 */

/** A cell a rule reads: an indicator id (this period) or an indicator with a lag. */
export type Ref = string | { indicator: string; lag?: 0 | 1 };

export type Severity = 'error' | 'warning';

interface RuleBase {
  id: string;
  severity: Severity;
  description?: Text;
  /** Why a warning is expected on the baseline (recorded, shown in the validation report). */
  reason?: string;
  /** Empty inputs count as 0 instead of making the rule not computable. */
  missingAsZero?: boolean;
  /** Extra absolute slack on the compared quantity, on top of the cells' own intervals. */
  tolerance?: number;
}

/** total = Σ parts. */
export interface BalanceRule extends RuleBase {
  kind: 'balance';
  total: Ref;
  parts: Ref[];
}

/** A stated "1:x" equals numerator ÷ denominator at the published rounding. */
export interface RatioRule extends RuleBase {
  kind: 'ratio';
  ratio: Ref;
  numerator: Ref;
  denominator: Ref;
}

/** A percentage equals part ÷ whole × 100 at the published rounding. */
export interface ShareRule extends RuleBase {
  kind: 'share';
  share: Ref;
  part: Ref;
  whole: Ref;
}

/** The two sides of a split cell ("55.5:44.5") add to 100. */
export interface SplitRule extends RuleBase {
  kind: 'split';
  split: Ref;
}

/** term1 ≤ term2 ≤ …, each term one cell or the sum of several. */
export interface OrderRule extends RuleBase {
  kind: 'order';
  chain: (Ref | Ref[])[];
}

/** Selects indicators by value kind (and gross flag) instead of listing them. */
export interface RangeSelector {
  kinds: ValueKind[];
  gross?: boolean;
}

/** Bounds for single values: min ≤ v ≤ max, optionally an integer. Empty cells are skipped. */
export interface RangeRule extends RuleBase {
  kind: 'range';
  indicators?: string[];
  select?: RangeSelector;
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Against the previous period: stated increase, stated growth %, or a jump warning. */
export interface PreviousRule extends RuleBase {
  kind: 'previous';
  mode: 'increase' | 'growth' | 'jump';
  indicator: string;
  /** The cell stating the increase (mode increase) or the growth % (mode growth). */
  stated?: string;
  /** mode jump: the largest |this − last| ÷ last that is not suspicious (0.3 = 30 %). */
  threshold?: number;
}

/**
 * Year-over-year plausibility of every selected figure against its own earlier years (a generated
 * check: one instance per indicator × period; thresholds from the figure's history, see plausible.ts).
 */
export interface PlausibleRule extends RuleBase {
  kind: 'plausible';
  indicators?: string[];
  select?: { kinds: ValueKind[] };
  /** Indicators the selector would take but that are not levels (stated increases, growth rates). */
  exclude?: string[];
}

export type LinearOp = '=' | '<=' | '>=' | '<' | '>';

export interface LinearTerm {
  indicator: string;
  coef: number;
  lag?: 0 | 1;
}

/** Σ coef × cell op constant (± tolerance): a relation a statistician can add without code. */
export interface LinearRule extends RuleBase {
  kind: 'linear';
  terms: LinearTerm[];
  op: LinearOp;
  constant: number;
}

export type Rule = BalanceRule | RatioRule | ShareRule | SplitRule | OrderRule | RangeRule | PreviousRule | LinearRule | PlausibleRule;
export type RuleKindName = Rule['kind'];

export interface RuleFile {
  version: string;
  rules: Rule[];
}

/** A message parameter: a number (formatted per language), a plain string, a Text or a list of Texts. */
export type Param = number | string | Text | Text[];
export type Params = Record<string, Param>;

export type Outcome = 'passed' | 'failed' | 'not_computable';

/** A rule (or a value check) that failed or could not be computed, with its message filled in. */
export interface Finding {
  /** Stable identity: `${ruleId}|${period}` for rules, `value|${cellKey}` for value checks. */
  id: string;
  ruleId: string;
  /** The rule kind, 'value' for a per-value check, 'rollup' for parent = Σ children (src/core/rules/rollup.ts). */
  kind: RuleKindName | 'value' | 'rollup';
  severity: Severity;
  outcome: 'failed' | 'not_computable';
  period: string;
  /**
   * The reporting unit the finding is about (src/core/model/units.ts); absent for the city. A roll-up
   * finding (parent ≠ Σ children) names the parent.
   */
  unit?: string;
  /** The cells involved (cellKey). */
  cells: string[];
  expected?: number;
  actual?: number;
  difference?: number;
  /** Message code (see core/i18n) and its parameters. */
  code: string;
  params: Params;
  message: Text;
  /** The rule's recorded reason, for warnings expected on the baseline. */
  reason?: string;
  /** A failed warning whose cause is known (Workbook.explanations): listed apart, not counted as open. */
  explanation?: Explanation;
}

/** One rule in one period, for the export's validation report. */
export interface RuleOutcome {
  ruleId: string;
  period: string;
  /** The reporting unit checked (for a roll-up: the parent); absent for the city. */
  unit?: string;
  outcome: Outcome;
  /** The cell, for rules checked cell by cell (range). */
  cell?: string;
  expected?: number;
  actual?: number;
  difference?: number;
}

export interface ValidationCounts {
  error: number;
  /** Open warnings: failed warnings without an explanation. */
  warning: number;
  /** Failed warnings with an explanation (not in `warning`). */
  explained?: number;
  notComputable: number;
  passed: number;
}

export interface ValidationResult {
  findings: Finding[];
  outcomes: RuleOutcome[];
  counts: ValidationCounts;
}

/** What an edit changed: findings that appeared or were replaced, and ids of findings that went away or were replaced. */
export interface ValidationDelta {
  added: Finding[];
  removed: string[];
  /** The new outcome of every rule instance that was re-evaluated. */
  outcomes: RuleOutcome[];
  /** How many more rule instances pass than before (counts().passed after = before + this; absent: unchanged). */
  passedChange?: number;
}
