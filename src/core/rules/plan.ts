import type { CatalogIndex, ValueKind } from '../model/catalog.ts';
import type { Params, Rule } from './types.ts';
import { ST_ABSENT, ST_EMPTY, ST_INVALID, ST_NA, type Slots } from './slots.ts';

/**
 * The evaluation plan: every rule × period becomes an *instance* of its kind. Per kind, instances are
 * stored flat (CSR): `start[i]..start[i+1]` indexes `ops` (slot numbers), with per-op `coef`/`term`
 * where the kind needs them and per-instance parameters `p0`, `p1`, `flags`. Each kind evaluates its
 * instances with one loop over typed arrays (TECH-NOTES "Validation speed": closures or AST walking per
 * rule run 3–4× slower). A reverse index slot → instances lets an edit re-run only what reads the cell.
 *
 * Invariants: instance ids are global (`base[k] + i`); `outcome` holds the last evaluated result of
 * every instance; `rev` lists each instance under every slot it reads (duplicates allowed).
 */

/** Instance outcomes (Uint8). PASSED/FAILED are verdicts; NC_* are "cannot compute" with a reason. */
export const PASSED = 0;
export const FAILED = 1;
export const NC_MISSING = 2;
export const NC_INVALID = 3;
export const NC_NA = 4;
export const NC_DIV0 = 5;
export const NC_NO_PREVIOUS = 6;
/** Nothing to check (a range rule on an empty cell): neither listed nor counted. */
export const SKIPPED = 7;

/** Instance flag bits shared by all kinds; bits from F_KIND up are the kind's own. */
export const F_MISSING_AS_ZERO = 1;
export const F_NO_PREVIOUS = 2;
export const F_KIND = 4;

/** Slack for binary rounding in sums of decimals (relative to the magnitudes compared). */
export const EPS = 1e-9;

export interface KindPlan {
  size: number;
  /** Instance → index of its rule in the rule list (or any id the caller chose). */
  rule: Int32Array;
  /** Instance → period index. */
  period: Int32Array;
  start: Int32Array;
  ops: Int32Array;
  coef: Float64Array | null;
  term: Int32Array | null;
  p0: Float64Array;
  p1: Float64Array;
  flags: Uint8Array;
  outcome: Uint8Array;
}

/** For sums: invalid blocks, empty blocks unless missing counts as zero, na and an absent optional part count as 0. */
export function blockedSum(acc: number, flags: number): number {
  if (acc & ST_INVALID) return NC_INVALID;
  if (acc & ST_EMPTY && !(flags & F_MISSING_AS_ZERO)) return NC_MISSING;
  return PASSED;
}

/** For quotients and comparisons with last year: na makes the rule not applicable too; an absent optional figure is missing. */
export function blockedQuotient(acc: number, flags: number): number {
  if (acc & ST_INVALID) return NC_INVALID;
  if (acc & (ST_EMPTY | ST_ABSENT) && !(flags & F_MISSING_AS_ZERO)) return NC_MISSING;
  if (acc & ST_NA) return NC_NA;
  return PASSED;
}

/** One operand of a rule template: an indicator read `lag` periods back. */
export interface OperandSpec {
  indicator: string;
  lag: number;
  coef?: number;
  term?: number;
  /**
   * Instead of one cell: the indicator in each of up to `history` earlier periods, newest first, each
   * op's coef set to how many calendar years it lies before the instance's period.
   */
  history?: number;
}

/** A rule's instance for one period, before slots are known. */
export interface Template {
  ops: OperandSpec[];
  p0: number;
  p1: number;
  flags: number;
}

/** What a failed instance reports; `labels` maps a message parameter to the slots whose labels fill it. */
export interface Explained {
  expected?: number;
  actual?: number;
  difference?: number;
  code: string;
  params: Params;
  labels: Record<string, number[]>;
  /** A slot whose indicator's unit fills {unit} and {unitWan} (the unit ×10⁴) in the message. */
  unitOf?: number;
  /** Message parameters filled with the period of a slot (e.g. lastYear → "2018"). */
  periodOf?: Record<string, number>;
  /** The cells the finding names, when not every op (a history of earlier years is read but not at fault). */
  cells?: number[];
}

/**
 * A rule instance as a linear constraint over the cells being solved for (error localisation):
 * lo ≤ Σ coefs[k] × slots[k] ≤ hi, with every other cell already folded into lo/hi by its interval.
 * `integer`: the single slot must be a whole number.
 */
export interface LinearForm {
  slots: number[];
  coefs: number[];
  lo: number;
  hi: number;
  integer?: boolean;
}

/**
 * Builds a LinearForm from `terms` (slot, coefficient) with lo ≤ Σ ≤ hi: the terms of cells that are
 * not `unknown` move into the bounds as intervals (a cell without a value reads as 0, as it does for a
 * rule that passed or failed: na in a sum, or an empty cell with "missing as zero").
 */
export function linearForm(s: Slots, terms: [number, number][], lo: number, hi: number, unknown: (slot: number) => boolean): LinearForm {
  const slots: number[] = [];
  const coefs: number[] = [];
  let kl = 0;
  let kh = 0;
  for (const [slot, c] of terms) {
    if (c === 0) continue;
    if (unknown(slot)) {
      const j = slots.indexOf(slot);
      if (j >= 0) coefs[j] += c;
      else {
        slots.push(slot);
        coefs.push(c);
      }
      continue;
    }
    let l = s.iv[2 * slot];
    let h = s.iv[2 * slot + 1];
    if (l !== l) l = h = 0;
    kl += c > 0 ? c * l : c * h;
    kh += c > 0 ? c * h : c * l;
  }
  return { slots, coefs, lo: lo - kh, hi: hi - kl };
}

/** A referenced indicator, for the rule-file checks (field is a JSON-pointer tail like "parts/2"). */
export interface Reference {
  field: string;
  indicator: string;
  /** The value kind the indicator must have, where the rule kind needs one. */
  kinds?: ValueKind[];
}

/** One rule kind: how rules of it become instances, how instances are evaluated and explained. */
export interface RuleKind<R extends Rule = Rule> {
  /** The rule kind; 'rollup' for the roll-up between reporting units (rollup.ts), which no rule file names. */
  readonly name: R['kind'] | 'rollup';
  readonly usesCoef?: boolean;
  readonly usesTerms?: boolean;
  readonly needsSecond?: boolean;
  /** The op index of the divisor, for the "division by zero" message. */
  readonly divisor?: number;
  /** The indicators the rule names. */
  references(rule: R): Reference[];
  /** The instances of the rule for one period (most kinds: one; a range selector: one per indicator). */
  templates(rule: R, index: CatalogIndex): Template[];
  evaluateOne(s: Slots, p: KindPlan, i: number): number;
  /** Evaluates every instance into p.outcome (one tight loop). */
  evaluateAll(s: Slots, p: KindPlan): void;
  /** Expected/actual/difference and the message of a FAILED instance. */
  explain(s: Slots, p: KindPlan, i: number): Explained;
  /**
   * The instance as linear constraints over the `unknown` cells (see LinearForm), or null when it is
   * not linear in them (a ratio solved for both its stated value and its numerator).
   */
  linearize(s: Slots, p: KindPlan, i: number, unknown: (slot: number) => boolean): LinearForm[] | null;
}

/** A typed array (Int32 or Float64) grown as values are pushed. */
class Grow<A extends Int32Array | Float64Array> {
  length = 0;
  constructor(public a: A) {}
  push(v: number): void {
    if (this.length === this.a.length) this.reserve(1);
    this.a[this.length++] = v;
  }
  /** Room for `n` more values (then written as a[length++] without a check each). */
  reserve(n: number): void {
    if (this.length + n <= this.a.length) return;
    const b = new (this.a.constructor as new (size: number) => A)(Math.max(this.a.length * 2, this.length + n));
    b.set(this.a);
    this.a = b;
  }
  done(): A {
    return this.length === this.a.length ? this.a : (this.a.slice(0, this.length) as A);
  }
}

const i32 = () => new Grow(new Int32Array(16));
const f64 = () => new Grow(new Float64Array(16));

class KindBuilder {
  rule = i32();
  period = i32();
  start = i32();
  ops = i32();
  coef = f64();
  term = i32();
  p0 = f64();
  p1 = f64();
  flags: number[] = [];
  constructor(readonly kind: RuleKind) {
    this.start.push(0);
  }
}

/**
 * Collects instances kind by kind, then builds the Plan. This is the entry point the benchmark drives
 * with slot numbers directly (no workbook, no catalog): the same arrays and loops as compileRules.
 */
export class PlanBuilder {
  private readonly builders: KindBuilder[];
  private readonly byName = new Map<string, number>();

  constructor(readonly kinds: readonly RuleKind[]) {
    this.builders = kinds.map((k, i) => {
      this.byName.set(k.name, i);
      return new KindBuilder(k);
    });
  }

  /**
   * Room for `instances` more instances of a kind with `ops` ops in all, made at once (a plan of
   * millions of ops is then not grown by doubling and copied again by build; an estimate is fine).
   */
  reserve(kind: number, instances: number, ops: number): void {
    const b = this.builders[kind];
    for (const g of [b.rule, b.period, b.start, b.p0, b.p1]) g.reserve(instances);
    b.ops.reserve(ops);
    if (b.kind.usesCoef) b.coef.reserve(ops);
    if (b.kind.usesTerms) b.term.reserve(ops);
  }

  /** The index of a kind by name (throws for an unknown kind: misuse). */
  kindIndex(name: string): number {
    const k = this.byName.get(name);
    if (k === undefined) throw new Error(`unknown rule kind "${name}"`);
    return k;
  }

  /** Adds one instance; `coef`/`term` are per op, for kinds that use them. */
  add(
    kind: number,
    rule: number,
    period: number,
    ops: ArrayLike<number>,
    p0 = 0,
    p1 = 0,
    flags = 0,
    coef?: ArrayLike<number>,
    term?: ArrayLike<number>,
  ): void {
    this.addRange(kind, rule, period, ops, 0, ops.length, 0, p0, p1, flags, coef, term);
  }

  /**
   * add() with the ops `ops[from..to)`, each plus `shift` (a unit's slots: the city's shifted), and
   * their coef/term from the same range of `coef`/`term` — one template's instance for every unit
   * without copying its ops first.
   */
  addRange(
    kind: number,
    rule: number,
    period: number,
    ops: ArrayLike<number>,
    from: number,
    to: number,
    shift: number,
    p0 = 0,
    p1 = 0,
    flags = 0,
    coef?: ArrayLike<number>,
    term?: ArrayLike<number>,
  ): void {
    const b = this.builders[kind];
    b.rule.push(rule);
    b.period.push(period);
    const n = to - from;
    const o = b.ops;
    o.reserve(n);
    for (let j = from; j < to; j++) o.a[o.length++] = ops[j] + shift;
    if (b.kind.usesCoef) {
      const c = b.coef;
      c.reserve(n);
      for (let j = from; j < to; j++) c.a[c.length++] = coef ? coef[j] : 1;
    }
    if (b.kind.usesTerms) {
      const t = b.term;
      t.reserve(n);
      for (let j = from; j < to; j++) t.a[t.length++] = term ? term[j] : j - from;
    }
    b.start.push(o.length);
    b.p0.push(p0);
    b.p1.push(p1);
    b.flags.push(flags);
  }

  /** Freezes the instances into typed arrays: the plan over `slots` (its reverse index is built on first use, see Plan.index). */
  build(slots: Slots): Plan {
    const plans: KindPlan[] = this.builders.map((b) => {
      const size = b.rule.length;
      return {
        size,
        rule: b.rule.done(),
        period: b.period.done(),
        start: b.start.done(),
        ops: b.ops.done(),
        coef: b.kind.usesCoef ? b.coef.done() : null,
        term: b.kind.usesTerms ? b.term.done() : null,
        p0: b.p0.done(),
        p1: b.p1.done(),
        flags: Uint8Array.from(b.flags),
        outcome: new Uint8Array(size),
      };
    });
    if (this.kinds.some((k, i) => k.needsSecond && plans[i].size > 0)) slots.ensureSecond();
    return new Plan(this.kinds, plans, slots);
  }
}

export class Plan {
  /** Global id of each kind's first instance; base[kinds.length] is the total. */
  readonly base: Int32Array;
  private rev: { start: Int32Array; items: Int32Array } | null = null;
  /** After update(): the instances re-evaluated (first `touchedCount`) and their outcomes before. */
  touched: Int32Array;
  before: Uint8Array;
  touchedCount = 0;
  private readonly stamp: Uint32Array;
  private epoch = 0;

  constructor(
    readonly kinds: readonly RuleKind[],
    readonly plans: KindPlan[],
    readonly slots: Slots,
  ) {
    this.base = new Int32Array(plans.length + 1);
    for (let k = 0; k < plans.length; k++) this.base[k + 1] = this.base[k] + plans[k].size;
    const total = this.base[plans.length];
    this.stamp = new Uint32Array(total);
    this.touched = new Int32Array(64);
    this.before = new Uint8Array(64);
  }

  get size(): number {
    return this.base[this.plans.length];
  }

  /** The reverse index: the instances reading slot s are revItems[revStart[s] .. revStart[s + 1]). */
  get revStart(): Int32Array {
    return this.index().start;
  }

  get revItems(): Int32Array {
    return this.index().items;
  }

  /**
   * Builds the reverse index now, if not built yet (else it is built on first use: an edit, error
   * localisation). Opening a workbook of 3,000 units does not wait for it (millions of ops); the app
   * builds it when the browser is idle after the first paint.
   */
  index(): { start: Int32Array; items: Int32Array } {
    if (this.rev) return this.rev;
    const { plans, slots } = this;
    const counts = new Int32Array(slots.size + 1);
    for (const p of plans) for (let j = 0; j < p.ops.length; j++) counts[p.ops[j] + 1]++;
    for (let s = 0; s < slots.size; s++) counts[s + 1] += counts[s];
    const start = counts.slice();
    const fill = counts; // reused as the write cursor
    const items = new Int32Array(start[slots.size]);
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      const g0 = this.base[k];
      for (let i = 0; i < p.size; i++) {
        for (let j = p.start[i]; j < p.start[i + 1]; j++) items[fill[p.ops[j]]++] = g0 + i;
      }
    }
    return (this.rev = { start, items });
  }

  /** Evaluates every instance of every kind. */
  evaluateAll(): void {
    for (let k = 0; k < this.plans.length; k++) this.kinds[k].evaluateAll(this.slots, this.plans[k]);
  }

  /** The kind index of a global instance id. */
  kindOf(g: number): number {
    let k = 0;
    while (g >= this.base[k + 1]) k++;
    return k;
  }

  outcome(g: number): number {
    const k = this.kindOf(g);
    return this.plans[k].outcome[g - this.base[k]];
  }

  /**
   * Re-evaluates the instances that read any of `changed` (slots whose values were already written).
   * Results: `touched[0..touchedCount)` with their previous outcomes in `before`; returns touchedCount.
   */
  update(changed: ArrayLike<number>): number {
    let e = ++this.epoch;
    if (e === 0xffffffff) {
      this.stamp.fill(0);
      e = this.epoch = 1;
    }
    let count = 0;
    const { start: revStart, items: revItems } = this.index();
    const { stamp, base, plans, kinds, slots } = this;
    for (let c = 0; c < changed.length; c++) {
      const s = changed[c];
      for (let r = revStart[s], end = revStart[s + 1]; r < end; r++) {
        const g = revItems[r];
        if (stamp[g] === e) continue;
        stamp[g] = e;
        let k = 0;
        while (g >= base[k + 1]) k++;
        const p = plans[k];
        const i = g - base[k];
        if (count === this.touched.length) this.grow();
        this.touched[count] = g;
        this.before[count] = p.outcome[i];
        p.outcome[i] = kinds[k].evaluateOne(slots, p, i);
        count++;
      }
    }
    this.touchedCount = count;
    return count;
  }

  private grow(): void {
    const t = new Int32Array(this.touched.length * 2);
    t.set(this.touched);
    const b = new Uint8Array(this.before.length * 2);
    b.set(this.before);
    this.touched = t;
    this.before = b;
  }
}
