import { isOptional, type Indicator, type Text } from '../model/catalog.ts';
import { previousYear } from '../model/period.ts';
import { cellKey, parseCellKey, CITY, type CellValue } from '../model/value.ts';
import { unitLabel, unitText, type ReportingUnit } from '../model/units.ts';
import { ruleMarkKey, type Workbook } from '../model/workbook.ts';
import { formatText, type MessageParam } from '../i18n/format.ts';
import {
  FAILED,
  F_NO_PREVIOUS,
  NC_DIV0,
  NC_INVALID,
  NC_MISSING,
  NC_NA,
  NC_NO_PREVIOUS,
  PASSED,
  PlanBuilder,
  SKIPPED,
  type Plan,
} from './plan.ts';
import { KIND_BY_NAME, RULE_KINDS } from './registry.ts';
import { Slots, ST_ABSENT, ST_EMPTY, ST_INVALID, ST_NA } from './slots.ts';
import { F_RECOMPUTE, rollup, rollupChildren, rollupRule, rollupSpecs, type RollupRule } from './rollup.ts';
import type {
  Finding,
  Outcome,
  Params,
  Rule,
  RuleFile,
  RuleOutcome,
  ValidationCounts,
  ValidationDelta,
  ValidationResult,
} from './types.ts';
import { checkValue, type ValueIssue } from './values.ts';

const NC_CODE: Record<number, string> = {
  [NC_MISSING]: 'rule.not_computable.missing',
  [NC_INVALID]: 'rule.not_computable.invalid',
  [NC_NA]: 'rule.not_computable.na',
  [NC_DIV0]: 'rule.not_computable.division_by_zero',
  [NC_NO_PREVIOUS]: 'rule.not_computable.no_previous',
};
/** Kinds that add their cells up: an absent optional cell counts as 0 there, so it is never what blocks them. */
const SUM_KINDS = new Set(['balance', 'order', 'linear']);
const NC_STATE: Record<number, number> = { [NC_MISSING]: ST_EMPTY | ST_ABSENT, [NC_INVALID]: ST_INVALID, [NC_NA]: ST_NA };

function outcomeName(o: number): Outcome {
  return o === PASSED ? 'passed' : o === FAILED ? 'failed' : 'not_computable';
}

/**
 * A rule finding's `cells` and `message` are filled in when first read. Building a roll-up's list of a
 * hundred school cells and both languages' text is most of the cost of a finding, and an edit's findings
 * are often replaced before anyone reads them. Both are own enumerable accessor properties at their
 * usual place among the keys, so JSON, spreading, structured clone and deep equality see the same
 * object as before; assigning either replaces what the getter would build. What they are built from is
 * fixed when the finding is made (the slots, the message parameters), so a finding read after later
 * edits still describes the state it was made for.
 *
 * The getters and setters are shared functions reading a hidden, non-enumerable state: V8 then keeps
 * one hidden class for every finding (an accessor made per object by a closure gave each finding its own
 * class and made building one ~20 µs).
 */
const LAZY = Symbol();

interface LazyState {
  v: Validator;
  /** The rule instance the finding is of. */
  g: number;
  /** The slots whose keys make `cells`, in order. */
  slots: ArrayLike<number>;
  cells?: string[];
  code: string;
  params: Params;
  period: string;
  /** The unit's name outside the city, else null. */
  unitName: Text | null;
  message?: Text;
}

type LazyFinding = Finding & { [LAZY]: LazyState };

/** An own enumerable accessor built from the hidden state on first read; assigning replaces it. */
function lazyField<K extends 'cells' | 'message'>(name: K, build: (z: LazyState) => NonNullable<LazyState[K]>): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: LazyFinding) {
      const z = this[LAZY];
      return (z[name] ??= build(z));
    },
    set(this: LazyFinding, x: LazyState[K]) {
      this[LAZY][name] = x;
    },
  };
}
const LAZY_CELLS = lazyField('cells', (z) => Array.from(new Set(Array.from(z.slots)), (s) => z.v.keyOf(s)));
const LAZY_MESSAGE = lazyField('message', (z) => unitMessage(z.code, z.params, z.period, z.unitName));

/** "2019年：…"; outside the city "2019年 某县：…". */
function unitMessage(code: string, params: Params, period: string, unitName: Text | null): Text {
  const t = formatText(code, params as Record<string, MessageParam>);
  if (!unitName) return { zh: `${period}年：${t.zh}`, en: `${period}: ${t.en}` };
  return { zh: `${period}年 ${unitName.zh}：${t.zh}`, en: `${period}, ${unitName.en}: ${t.en}` };
}

/** failed errors, failed warnings, then not computable. */
function rank(f: Finding): number {
  return f.outcome === 'not_computable' ? 2 : f.severity === 'error' ? 0 : 1;
}

/**
 * A rule set compiled against a workbook's catalog, periods and reporting units. Holds the plan and the
 * per-value check results; `update` re-runs only what reads the changed cells.
 *
 * Invariants: one slot per reporting unit × catalog indicator × period, slot = (u × I + i) × P + p with
 * units in tree order (the city first: a city-only workbook has exactly the slots it always had); every
 * rule is compiled for every unit, and for every parent unit a roll-up instance per rolled-up indicator
 * and period (see rollup.ts). A plan instance's `rule` is u × R + r (R = rule-file rules + roll-up
 * pseudo-rules). The slots mirror the workbook after validateAll/update; cached findings belong to the
 * current values. Adding a period, an indicator or a unit changes the slot layout: compile again
 * (update throws for an unknown indicator or period and ignores cells of units it was not compiled with).
 * Outside the city, a rule none of whose cells has anything yet (a unit that has not reported) is not
 * listed, nor one that needs a year the workbook lacks; nor a roll-up whose parent or children have nothing.
 */
export class Validator {
  readonly plan: Plan;
  readonly slots: Slots;
  /** The rule-file rules, then one roll-up pseudo-rule per rolled-up indicator. */
  readonly rules: (Rule | RollupRule)[];
  private readonly periods: string[];
  private readonly indicators: Indicator[];
  private readonly units: ReportingUnit[];
  /** Each unit's name in both languages for messages (the Chinese name where it has no English one). */
  private readonly unitNames: Text[];
  private readonly unitIndex = new Map<string, number>();
  private readonly indicatorIndex = new Map<string, number>();
  private readonly periodIndex = new Map<string, number>();
  /** Slots per unit (I × P). */
  private readonly stride: number;
  /** Cell keys as two halves: "indicator@period" per i × P + p, and "" or "#unit" per unit (keyOf joins them). */
  private readonly keyHead: string[];
  private readonly keyTail: string[];
  private readonly rollupKind: number;
  private readonly valueIssues = new Map<number, ValueIssue>();
  private readonly cache = new Map<number, Finding>();
  private readonly valueCache = new Map<number, Finding>();

  constructor(
    readonly ruleFile: RuleFile,
    readonly workbook: Workbook,
  ) {
    this.periods = [...workbook.periods];
    this.indicators = workbook.index.ordered;
    this.units = workbook.units.all();
    this.unitNames = this.units.map(unitText);
    const P = this.periods.length;
    const I = this.indicators.length;
    const U = this.units.length;
    const IP = (this.stride = I * P);
    this.slots = new Slots(U * IP);
    this.periods.forEach((x, p) => this.periodIndex.set(x, p));
    this.units.forEach((u, j) => this.unitIndex.set(u.id, j));
    this.keyHead = this.indicators.flatMap((ind) => this.periods.map((p) => cellKey(ind.id, p)));
    this.keyTail = this.units.map((u) => (u.id === CITY ? '' : `#${u.id}`));
    const indexOf = this.indicatorIndex;
    this.indicators.forEach((ind, i) => {
      indexOf.set(ind.id, i);
      if (isOptional(ind)) for (let u = 0; u < U; u++) for (let p = 0; p < P; p++) this.slots.markOptional(u * IP + i * P + p);
    });
    const specs = rollupSpecs(workbook.index, ruleFile);
    this.rules = [...ruleFile.rules, ...specs.map((sp) => rollupRule(sp, workbook.index.byId.get(sp.indicator)!))];
    const R = this.rules.length;

    // calendar years for gaps between periods ("2019" → 2019); other period names count as one step each
    const years = this.periods.map((id, p) => (/^\d{4}$/.test(id) ? Number(id) : p));
    // "last year" is the calendar year before (lag 1), not the column before: its index, -1 when the workbook lacks it
    const position = new Map(this.periods.map((x, j) => [x, j]));
    const lastYear = Int32Array.from(this.periods, (x) => position.get(previousYear(x) ?? '') ?? -1);
    const builder = new PlanBuilder([...RULE_KINDS, rollup]);
    this.rollupKind = builder.kindIndex('rollup');
    // the city-level instances once (slots of unit 0), then the same for every unit shifted by u × I × P
    const kindOf: number[] = [];
    const ruleOf: number[] = [];
    const periodOf: number[] = [];
    const opStart: number[] = [0];
    const opsAll: number[] = [];
    const coefAll: number[] = [];
    const termAll: number[] = [];
    const p0s: number[] = [];
    const p1s: number[] = [];
    const flagsOf: number[] = [];
    ruleFile.rules.forEach((rule, ri) => {
      const kind = KIND_BY_NAME.get(rule.kind);
      if (!kind) throw new Error(`rule "${rule.id}": unknown kind "${rule.kind}"`);
      const k = builder.kindIndex(rule.kind);
      const templates = kind.templates(rule, workbook.index);
      for (let p = 0; p < P; p++) {
        // marked not applicable (or computed on a sub-population) that year: not checked, no outcome
        if (workbook.ruleMarks.has(ruleMarkKey(rule.id, this.periods[p]))) continue; // a mark for one unit: skipped below
        for (const t of templates) {
          const mark = opsAll.length;
          let noPrevious = false;
          for (const o of t.ops) {
            const i = indexOf.get(o.indicator);
            if (i === undefined) throw new Error(`rule "${rule.id}": unknown indicator "${o.indicator}"`);
            if (o.history) {
              for (let q = p - 1; q >= 0 && q >= p - o.history; q--) {
                opsAll.push(i * P + q);
                coefAll.push(years[p] - years[q]);
                termAll.push(0);
              }
              continue;
            }
            const q = o.lag === 0 ? p : o.lag === 1 ? lastYear[p] : -1;
            if (q < 0) noPrevious = true;
            opsAll.push(i * P + q);
            coefAll.push(o.coef ?? 1);
            termAll.push(o.term ?? 0);
          }
          if (noPrevious) opsAll.length = coefAll.length = termAll.length = mark;
          kindOf.push(k);
          ruleOf.push(ri);
          periodOf.push(p);
          opStart.push(opsAll.length);
          p0s.push(t.p0);
          p1s.push(t.p1);
          flagsOf.push(noPrevious ? t.flags | F_NO_PREVIOUS : t.flags);
        }
      }
    });
    const ops: number[] = [];
    // marks for one unit (rule index, period, unit) — a county's ratio on a sub-population
    const unitMarked = new Set<string>();
    const ruleAt = new Map(ruleFile.rules.map((r, i) => [r.id, i]));
    for (const m of workbook.ruleMarks.values()) if (m.unit !== undefined && ruleAt.has(m.rule)) unitMarked.add(`${ruleAt.get(m.rule)}|${this.periodIndex.get(m.period)}|${this.unitIndex.get(m.unit)}`);
    // the rule instances of every unit and the roll-ups of every parent, counted before they are made
    const kidsOf = this.units.map((u) => workbook.units.children(u.id).map((c) => this.unitIndex.get(c.id)! * IP));
    const sizes = builder.kinds.map(() => ({ instances: 0, ops: 0 }));
    for (let j = 0; j < kindOf.length; j++) {
      sizes[kindOf[j]].instances += U;
      sizes[kindOf[j]].ops += U * (opStart[j + 1] - opStart[j]);
    }
    for (const kids of kidsOf) {
      if (!kids.length) continue;
      for (const sp of specs) {
        sizes[this.rollupKind].instances += P;
        sizes[this.rollupKind].ops += P * (1 + kids.length * (sp.kind === 'sum' ? 1 : 2));
      }
    }
    sizes.forEach((z, k) => builder.reserve(k, z.instances, z.ops));
    for (let u = 0; u < U; u++) {
      const shift = u * IP;
      for (let j = 0; j < kindOf.length; j++) {
        if (unitMarked.size && unitMarked.has(`${ruleOf[j]}|${periodOf[j]}|${u}`)) continue;
        builder.addRange(kindOf[j], u * R + ruleOf[j], periodOf[j], opsAll, opStart[j], opStart[j + 1], shift, p0s[j], p1s[j], flagsOf[j], coefAll, termAll);
      }
    }
    // roll-ups: every parent × rolled-up indicator × period
    const base = ruleFile.rules.length;
    for (let u = 0; u < U; u++) {
      const kids = kidsOf[u];
      if (!kids.length) continue;
      specs.forEach((sp, si) => {
        const i = indexOf.get(sp.indicator)!;
        for (let p = 0; p < P; p++) {
          ops.length = 0;
          ops.push(u * IP + i * P + p);
          if (sp.kind === 'sum') {
            for (const k of kids) ops.push(k + i * P + p);
            builder.add(this.rollupKind, u * R + base + si, p, ops, 0, 0, 0);
          } else {
            const ni = indexOf.get(sp.numerator)!;
            const di = indexOf.get(sp.denominator)!;
            for (const k of kids) ops.push(k + ni * P + p, k + di * P + p);
            builder.add(this.rollupKind, u * R + base + si, p, ops, 0, sp.scale, F_RECOMPUTE);
          }
        }
      });
    }
    this.plan = builder.build(this.slots);
  }

  /** Re-reads every cell from the workbook, evaluates every rule and value check. */
  validateAll(): ValidationResult {
    this.reevaluate();
    return { findings: this.findings(), outcomes: this.outcomes(), counts: this.counts() };
  }

  /**
   * validateAll without building its result: findings() and counts() tell it (the session opening a
   * workbook needs the findings, not an outcome object for each of 400,000 rule instances).
   */
  reevaluate(): void {
    this.cache.clear();
    this.valueCache.clear();
    this.valueIssues.clear();
    this.slots.clear();
    // only stored cells are read (the rest are empty): the cost follows the figures, not units × indicators × periods;
    // row by row, each place (period and unit) resolved once by its number (the rows share one list of
    // places), no cell key built or parsed
    const placeSlot: number[] = [];
    // a value object is shared by the cells holding the same text (workbookFromSnapshot): checked once
    // per value and kind of check (checkValue reads the value and the indicator's kind and gross flag)
    const checked = new Map<string, Map<CellValue, ValueIssue | null>>();
    const { slots, valueIssues } = this;
    this.workbook.values.eachRow((id, places, row) => {
      const i = this.indicatorIndex.get(id);
      if (i === undefined) return;
      const ind = this.indicators[i];
      const how = `${ind.kind}|${ind.gross === true}`;
      let issues = checked.get(how);
      if (!issues) checked.set(how, (issues = new Map()));
      const base = i * this.periods.length;
      for (let j = 0; j < row.length; j++) {
        const v = row[j];
        if (v === undefined) continue;
        let off = placeSlot[j];
        if (off === undefined) placeSlot[j] = off = this.slotOfKey(`${this.indicators[0]?.id ?? ''}@${places[j]}`) ?? -1;
        if (off < 0) continue;
        const s = off + base;
        slots.setCell(s, v);
        let issue = issues.get(v);
        if (issue === undefined) issues.set(v, (issue = checkValue(v, ind)));
        if (issue) valueIssues.set(s, issue);
      }
    });
    this.plan.evaluateAll();
  }

  /** After cells changed in the workbook: re-runs the value checks of those cells and the rules (and roll-ups) that read them. */
  update(changedKeys: string[]): ValidationDelta {
    const changed: number[] = [];
    const removed: string[] = [];
    const added: Finding[] = [];
    for (const key of changedKeys.length > 1 ? new Set(changedKeys) : changedKeys) {
      const s = this.slotOfKey(key);
      if (s === undefined) {
        if (!this.unitIndex.has(parseCellKey(key).unit)) continue; // a unit added after compiling: compile again to check it
        throw new Error(`cell "${key}" is not in the compiled plan: compile the rules again after adding a period or an indicator`);
      }
      const old = this.valueCache.get(s);
      const hadIssue = this.valueIssues.has(s);
      this.loadCell(s, this.workbook.getByKey(key));
      if (old || hadIssue) {
        removed.push(old?.id ?? `value|${key}`);
        this.valueCache.delete(s);
      }
      if (this.valueIssues.has(s)) added.push(this.valueFinding(s));
      changed.push(s);
    }
    const count = this.plan.update(changed);
    const outcomes: RuleOutcome[] = [];
    let passedChange = 0;
    for (let j = 0; j < count; j++) {
      const g = this.plan.touched[j];
      const was = this.plan.before[j];
      passedChange += (this.plan.outcome(g) === PASSED ? 1 : 0) - (was === PASSED ? 1 : 0);
      const cached = this.cache.get(g);
      const now = this.outcomeOf(g);
      if (cached) this.cache.delete(g);
      if (was !== PASSED && was !== SKIPPED) {
        // a quiet instance (nothing reported) was not listed, so it has no cached finding and nothing to remove
        if (cached) removed.push(cached.id);
        else if (!((was === NC_MISSING || was === NC_NO_PREVIOUS) && this.mayBeQuiet(g))) removed.push(this.findingId(g));
      }
      if (now !== PASSED && now !== SKIPPED) added.push(this.finding(g));
      if (now !== SKIPPED) outcomes.push(this.ruleOutcome(g));
    }
    return { added, removed, outcomes, passedChange };
  }

  /**
   * Where a finding of this validator stands in findings(): sorting by rank, then `order`, then `tie`
   * (ascending) gives findings()'s order (a caller keeping the list up to date from update's deltas).
   */
  sortKey(f: Finding): { rank: number; order: number; tie: number } {
    const g = this.instanceOf(f);
    if (g === undefined) return { rank: rank(f), order: this.slotOfKey(f.cells[0]) ?? -1, tie: -1 };
    const k = this.plan.kindOf(g);
    const i = g - this.plan.base[k];
    const p = this.plan.plans[k];
    return { rank: rank(f), order: this.slots.size + p.rule[i] * this.periods.length + p.period[i], tie: g };
  }

  /** The rule instance a rule finding of this validator is of (undefined for a value finding). */
  instanceOf(f: Finding): number | undefined {
    return (f as Partial<LazyFinding>)[LAZY]?.g;
  }

  /** The current findings, sorted: errors, warnings, then not computable; value checks first within each; by unit (tree order), then rule. */
  findings(): Finding[] {
    const out: { f: Finding; order: number }[] = [];
    for (const s of this.valueIssues.keys()) out.push({ f: this.valueFinding(s), order: s });
    const { base, plans } = this.plan;
    const total = this.slots.size;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        const o = p.outcome[i];
        if (o === PASSED || o === SKIPPED) continue;
        if (this.quiet(k, i, o)) continue;
        out.push({ f: this.finding(base[k] + i), order: total + p.rule[i] * this.periods.length + p.period[i] });
      }
    }
    out.sort((a, b) => rank(a.f) - rank(b.f) || a.order - b.order);
    return out.map((x) => x.f);
  }

  /** Every rule instance's outcome (skipped range checks of empty cells, and quiet instances of units that have not reported, left out), by unit then rule-file order. */
  outcomes(): RuleOutcome[] {
    const list: { o: RuleOutcome; order: number }[] = [];
    const { base, plans } = this.plan;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        const o = p.outcome[i];
        if (o === SKIPPED || this.quiet(k, i, o)) continue;
        list.push({ o: this.ruleOutcome(base[k] + i), order: p.rule[i] * this.periods.length + p.period[i] });
      }
    }
    list.sort((a, b) => a.order - b.order);
    return list.map((x) => x.o);
  }

  /** Counts over everything, or over one unit's value checks, rules and roll-ups (the roll-ups where it is the parent). */
  counts(unit?: string): ValidationCounts {
    const c: ValidationCounts = { error: 0, warning: 0, explained: 0, notComputable: 0, passed: 0 };
    const only = unit === undefined ? -1 : (this.unitIndex.get(unit) ?? -2);
    if (only === -2) return c;
    for (const s of this.valueIssues.keys()) if (only < 0 || Math.floor(s / this.stride) === only) c.error++;
    const { plans, base } = this.plan;
    const rules = this.rules;
    const R = rules.length;
    const explanations = this.workbook.explanations;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        if (only >= 0 && Math.floor(p.rule[i] / R) !== only) continue;
        const o = p.outcome[i];
        if (o === PASSED) c.passed++;
        else if (o === FAILED) {
          const severity = rules[p.rule[i] % R].severity;
          if (severity === 'warning' && explanations.size && explanations.has(this.findingId(base[k] + i))) c.explained!++;
          else c[severity]++;
        } else if (o !== SKIPPED && !this.quiet(k, i, o)) c.notComputable++;
      }
    }
    return c;
  }

  /**
   * After Workbook.explain changed the explanations of `ids`: the failed warnings among them again,
   * with their explanation now attached or removed (nothing is re-evaluated).
   */
  refreshExplanations(ids: Iterable<string>): ValidationDelta {
    const wanted = new Set(ids);
    const added: Finding[] = [];
    const removed: string[] = [];
    const { plans, base } = this.plan;
    const R = this.rules.length;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        if (p.outcome[i] !== FAILED || this.rules[p.rule[i] % R].severity !== 'warning') continue;
        const g = base[k] + i;
        const id = this.findingId(g);
        if (!wanted.has(id)) continue;
        this.cache.delete(g);
        removed.push(id);
        added.push(this.finding(g));
      }
    }
    return { added, removed, outcomes: [] };
  }

  /** The slot of a cell, undefined for a cell outside the plan (unknown indicator, period or unit). */
  slotOfKey(key: string): number | undefined {
    const { indicator, period, unit } = parseCellKey(key);
    const i = this.indicatorIndex.get(indicator);
    const p = this.periodIndex.get(period);
    const u = this.unitIndex.get(unit);
    if (i === undefined || p === undefined || u === undefined) return undefined;
    return u * this.stride + i * this.periods.length + p;
  }

  /** The cell key of a slot. */
  keyOf(s: number): string {
    return this.keyHead[s % this.stride] + this.keyTail[Math.floor(s / this.stride)];
  }

  /** The indicator a slot belongs to. */
  indicatorOf(s: number): Indicator {
    return this.indicators[Math.floor((s % this.stride) / this.periods.length)];
  }

  /** The reporting unit a slot belongs to. */
  unitOf(s: number): ReportingUnit {
    return this.units[Math.floor(s / this.stride)];
  }

  /** A slot's label for messages: the indicator, with the unit's name in front outside the city. */
  cellLabel(s: number): Text {
    const ind = this.indicatorOf(s);
    const u = this.unitOf(s);
    return u.id === CITY ? ind.label : { zh: `${u.name.zh}${ind.label.zh}`, en: `${unitLabel(u, 'en')}: ${ind.label.en}` };
  }

  /** The finding id of a global rule instance. */
  instanceId(g: number): string {
    return this.findingId(g);
  }

  /** The rule (or roll-up pseudo-rule) of a global rule instance. */
  ruleOf(g: number): Rule | RollupRule {
    return this.locate(g).rule;
  }

  /** The reporting unit a global rule instance checks (for a roll-up: the parent). */
  unitOfInstance(g: number): ReportingUnit {
    return this.units[this.locate(g).unit];
  }

  /** The children's cells of a roll-up instance (one per child: for a recomputed ratio, the numerator's), else []. */
  rollupCells(g: number): string[] {
    const { kind, p, i } = this.locate(g);
    return kind === rollup ? rollupChildren(p, i).map((s) => this.keyOf(s)) : [];
  }

  private loadCell(s: number, v: CellValue): void {
    this.slots.setCell(s, v);
    const issue = checkValue(v, this.indicatorOf(s));
    if (issue) this.valueIssues.set(s, issue);
    else this.valueIssues.delete(s);
  }

  /** The outcome as listed: a quiet instance (see the class comment) counts as skipped. */
  private outcomeOf(g: number): number {
    const k = this.plan.kindOf(g);
    const i = g - this.plan.base[k];
    const o = this.plan.plans[k].outcome[i];
    return this.quiet(k, i, o) ? SKIPPED : o;
  }

  /** A roll-up, or a rule of a unit other than the city: the instances that are quiet when nothing is reported. */
  private mayBeQuiet(g: number): boolean {
    const k = this.plan.kindOf(g);
    return k === this.rollupKind || this.plan.plans[k].rule[g - this.plan.base[k]] >= this.rules.length;
  }

  /**
   * An instance that is not computable only because nothing was reported: a rule of a unit other than
   * the city none of whose cells has anything (or that needs a year the workbook lacks, which the city's
   * instance already says), or a roll-up whose parent or all of whose children have nothing.
   */
  private quiet(k: number, i: number, o: number): boolean {
    if (o !== NC_MISSING && o !== NC_NO_PREVIOUS) return false;
    const p = this.plan.plans[k];
    const isRollup = k === this.rollupKind;
    if (!isRollup && p.rule[i] < this.rules.length) return false; // the city's own rules: as always
    // "needs last year's figures" is said once, for the city, not again for every unit
    if (o === NC_NO_PREVIOUS) return true;
    const st = this.slots.state;
    // a roll-up whose parent has nothing yet is quiet too: the parent's missing figure is a completeness matter
    if (isRollup && st[p.ops[p.start[i]]] & (ST_EMPTY | ST_ABSENT)) return true;
    for (let x = p.start[i] + (isRollup ? 1 : 0); x < p.start[i + 1]; x++) if (!(st[p.ops[x]] & (ST_EMPTY | ST_ABSENT))) return false;
    return true;
  }

  private locate(g: number) {
    const k = this.plan.kindOf(g);
    const p = this.plan.plans[k];
    const i = g - this.plan.base[k];
    // a view, not a copy: a roll-up reads every child (a hundred schools)
    const ops = p.ops.subarray(p.start[i], p.start[i + 1]);
    const R = this.rules.length;
    return { kind: this.plan.kinds[k], p, i, rule: this.rules[p.rule[i] % R], unit: Math.floor(p.rule[i] / R), period: p.period[i], ops };
  }

  private findingId(g: number): string {
    const { rule, period, ops, unit } = this.locate(g);
    if (rule.kind === 'range' || rule.kind === 'plausible') return `${rule.id}|${this.keyOf(ops[0])}`;
    return unit === 0 ? `${rule.id}|${this.periods[period]}` : `${rule.id}|${this.periods[period]}#${this.units[unit].id}`;
  }

  /** A slot's label; a cell of another period than the rule's (a lag) carries its period, of another unit its unit. */
  private label(s: number, period: number, unit: number): Text {
    const P = this.periods.length;
    const ind = this.indicatorOf(s);
    const u = Math.floor(s / this.stride);
    const p = s % P;
    let t = u === unit ? ind.label : this.cellLabel(s);
    if (p !== period) {
      const at = this.periods[p];
      t = { zh: `${t.zh}（${at}年）`, en: `${t.en} (${at})` };
    }
    return t;
  }

  private ruleText(rule: Rule | RollupRule): Text | string {
    return rule.description ?? rule.id;
  }

  private ruleOutcome(g: number): RuleOutcome {
    const { kind, p, i, rule, period, ops, unit } = this.locate(g);
    const o = p.outcome[i];
    const r: RuleOutcome = { ruleId: rule.id, period: this.periods[period], outcome: outcomeName(o) };
    if (unit !== 0) r.unit = this.units[unit].id;
    if (rule.kind === 'range' || rule.kind === 'plausible') r.cell = this.keyOf(ops[0]);
    if (o === PASSED || o === FAILED) {
      const e = kind.explain(this.slots, p, i);
      if (e.expected !== undefined) r.expected = e.expected;
      if (e.actual !== undefined) r.actual = e.actual;
      if (e.difference !== undefined) r.difference = e.difference;
    }
    return r;
  }

  private finding(g: number): Finding {
    const hit = this.cache.get(g);
    if (hit) return hit;
    const { kind, p, i, rule, period, ops, unit } = this.locate(g);
    const o = p.outcome[i];
    const periodId = this.periods[period];
    // the keys in the order they always had: id, ruleId, kind, severity, period, cells, unit, outcome, code, params, message, …
    const f = { id: this.findingId(g), ruleId: rule.id, kind: rule.kind, severity: rule.severity, period: periodId } as LazyFinding;
    const z: LazyState = { v: this, g, slots: ops, code: NC_CODE[o], params: {}, period: periodId, unitName: unit === 0 ? null : this.unitNames[unit] };
    Object.defineProperty(f, LAZY, { value: z }); // not enumerable, not writable
    Object.defineProperty(f, 'cells', LAZY_CELLS);
    if (unit !== 0) f.unit = this.units[unit].id;
    if (o === FAILED) {
      const e = kind.explain(this.slots, p, i);
      const params: Params = { ...e.params, rule: this.ruleText(rule), period: periodId, lastPeriod: previousYear(periodId) ?? '' };
      for (const [name, slots] of Object.entries(e.labels)) {
        const texts = slots.map((s) => this.label(s, period, unit));
        params[name] = texts.length === 1 ? texts[0] : texts;
      }
      if (rule.kind === 'rollup') {
        params.parent = this.unitNames[unit];
        params.indicator = this.indicatorOf(ops[0]).label;
        // the units by name, the first dozen (a county's hundred schools would drown the message)
        const kids = rollupChildren(p, i);
        const names: Text[] = kids.slice(0, 12).map((s) => this.unitNames[Math.floor(s / this.stride)]);
        if (kids.length > 12) names.push({ zh: `等${kids.length}个单位`, en: `and ${kids.length - 12} more` });
        params.units = names;
      }
      if (e.expected !== undefined) params.expected = e.expected;
      if (e.actual !== undefined) params.actual = e.actual;
      if (e.difference !== undefined) params.difference = e.difference;
      for (const [name, slot] of Object.entries(e.periodOf ?? {})) params[name] = this.periods[slot % this.periods.length];
      if (e.unitOf !== undefined) {
        const ind = this.indicatorOf(e.unitOf);
        const u = this.workbook.index.unitById.get(ind.unit);
        if (u) {
          params.unit = u.label;
          params.unitWan = { zh: `万${u.label.zh}`, en: `10k ${u.label.en}` };
        }
      }
      if (typeof params.op === 'string') params.op = params.op.replace('<=', '≤').replace('>=', '≥');
      // the cells the explanation names (plausible: this year's and last year's, distinct)
      if (e.cells) z.slots = e.cells;
      f.outcome = 'failed';
      f.code = z.code = e.code;
      f.params = z.params = params;
      Object.defineProperty(f, 'message', LAZY_MESSAGE);
      if (e.expected !== undefined) f.expected = e.expected;
      if (e.actual !== undefined) f.actual = e.actual;
      if (e.difference !== undefined) f.difference = e.difference;
    } else {
      let culprits: number[];
      if (o === NC_DIV0) culprits = rule.kind === 'rollup' ? Array.from(ops).filter((_, j) => j > 0 && j % 2 === 0) : [ops[kind.divisor ?? ops.length - 1]];
      else if (o === NC_NO_PREVIOUS) culprits = [];
      else {
        const mask = o === NC_MISSING && (SUM_KINDS.has(rule.kind) || rule.kind === 'rollup') ? ST_EMPTY : NC_STATE[o];
        culprits = Array.from(ops).filter((s) => this.slots.state[s] & mask);
      }
      const params: Params = {
        rule: this.ruleText(rule),
        period: periodId,
        cells: [...new Set(culprits)].map((s) => this.label(s, period, unit)),
      };
      if (o === NC_NO_PREVIOUS) params.needed = previousYear(periodId) ?? '';
      f.outcome = 'not_computable';
      f.code = z.code;
      f.params = z.params = params;
      Object.defineProperty(f, 'message', LAZY_MESSAGE);
    }
    if (rule.reason) f.reason = rule.reason;
    if (o === FAILED && rule.severity === 'warning') {
      const e = this.workbook.explanations.get(f.id);
      if (e) f.explanation = { ...e };
    }
    this.cache.set(g, f);
    return f;
  }

  private valueFinding(s: number): Finding {
    const hit = this.valueCache.get(s);
    if (hit) return hit;
    const issue = this.valueIssues.get(s)!;
    const P = this.periods.length;
    const ind = this.indicatorOf(s);
    const unit = Math.floor(s / this.stride);
    const periodId = this.periods[s % P];
    const key = this.keyOf(s);
    const params: Params = { ...issue.params, cell: ind.label, period: periodId, kindLabel: formatText(`kind.${ind.kind}`, {}) };
    if (issue.actual !== undefined) params.actual = issue.actual;
    if (typeof issue.params.reasonCode === 'string') params.reason = formatText(issue.params.reasonCode, {});
    const f: Finding = {
      id: `value|${key}`,
      ruleId: `value.${ind.kind}`,
      kind: 'value',
      severity: 'error',
      outcome: 'failed',
      period: periodId,
      cells: [key],
      code: issue.code,
      params,
      message: unitMessage(issue.code, params, periodId, unit === 0 ? null : this.unitNames[unit]),
    };
    if (unit !== 0) f.unit = this.units[unit].id;
    if (issue.actual !== undefined) f.actual = issue.actual;
    this.valueCache.set(s, f);
    return f;
  }
}

/** Compiles a (checked) rule file against a workbook's catalog and periods; call validateAll() next. */
export function compileRules(ruleFile: RuleFile, workbook: Workbook): Validator {
  return new Validator(ruleFile, workbook);
}
