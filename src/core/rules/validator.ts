import { isOptional, type Indicator, type Text } from '../model/catalog.ts';
import { previousYear } from '../model/period.ts';
import { cellKey, parseCellKey, CITY } from '../model/value.ts';
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

/** failed errors, failed warnings, then not computable. */
function rank(f: Finding): number {
  return f.outcome === 'not_computable' ? 2 : f.severity === 'error' ? 0 : 1;
}

/**
 * A rule set compiled against a workbook's catalog and periods. Holds the plan and the per-value
 * check results; `update` re-runs only what reads the changed cells.
 *
 * Invariants: one slot per catalog indicator × period (city level), slot = indicatorIndex × P + p;
 * the slots mirror the workbook after validateAll/update; cached findings belong to the current values.
 * Adding a period or an indicator changes the slot layout: compile again (update throws for an unknown cell).
 */
export class Validator {
  readonly plan: Plan;
  readonly slots: Slots;
  private readonly periods: string[];
  private readonly indicators: Indicator[];
  private readonly keys: string[];
  private readonly slotOf = new Map<string, number>();
  private readonly valueIssues = new Map<number, ValueIssue>();
  private readonly cache = new Map<number, Finding>();
  private readonly valueCache = new Map<number, Finding>();

  constructor(
    readonly ruleFile: RuleFile,
    readonly workbook: Workbook,
  ) {
    this.periods = [...workbook.periods];
    this.indicators = workbook.index.ordered;
    const P = this.periods.length;
    this.slots = new Slots(this.indicators.length * P);
    this.keys = new Array<string>(this.slots.size);
    const indexOf = new Map<string, number>();
    this.indicators.forEach((ind, i) => {
      indexOf.set(ind.id, i);
      const optional = isOptional(ind);
      for (let p = 0; p < P; p++) {
        const key = cellKey(ind.id, this.periods[p]);
        this.keys[i * P + p] = key;
        this.slotOf.set(key, i * P + p);
        if (optional) this.slots.markOptional(i * P + p);
      }
    });

    // calendar years for gaps between periods ("2019" → 2019); other period names count as one step each
    const years = this.periods.map((id, p) => (/^\d{4}$/.test(id) ? Number(id) : p));
    // "last year" is the calendar year before (lag 1), not the column before: its index, -1 when the workbook lacks it
    const position = new Map(this.periods.map((x, j) => [x, j]));
    const lastYear = Int32Array.from(this.periods, (x) => position.get(previousYear(x) ?? '') ?? -1);
    const builder = new PlanBuilder(RULE_KINDS);
    const ops: number[] = [];
    const coef: number[] = [];
    const term: number[] = [];
    ruleFile.rules.forEach((rule, ri) => {
      const kind = KIND_BY_NAME.get(rule.kind);
      if (!kind) throw new Error(`rule "${rule.id}": unknown kind "${rule.kind}"`);
      const k = builder.kindIndex(rule.kind);
      const templates = kind.templates(rule, workbook.index);
      for (let p = 0; p < P; p++) {
        // marked not applicable (or computed on a sub-population) that year: not checked, no outcome
        if (workbook.ruleMarks.has(ruleMarkKey(rule.id, this.periods[p]))) continue;
        for (const t of templates) {
          ops.length = coef.length = term.length = 0;
          let noPrevious = false;
          for (const o of t.ops) {
            const i = indexOf.get(o.indicator);
            if (i === undefined) throw new Error(`rule "${rule.id}": unknown indicator "${o.indicator}"`);
            if (o.history) {
              for (let q = p - 1; q >= 0 && q >= p - o.history; q--) {
                ops.push(i * P + q);
                coef.push(years[p] - years[q]);
                term.push(0);
              }
              continue;
            }
            const q = o.lag === 0 ? p : o.lag === 1 ? lastYear[p] : -1;
            if (q < 0) noPrevious = true;
            ops.push(i * P + q);
            coef.push(o.coef ?? 1);
            term.push(o.term ?? 0);
          }
          if (noPrevious) builder.add(k, ri, p, [], t.p0, t.p1, t.flags | F_NO_PREVIOUS);
          else builder.add(k, ri, p, ops, t.p0, t.p1, t.flags, coef, term);
        }
      }
    });
    this.plan = builder.build(this.slots);
  }

  /** Re-reads every cell from the workbook, evaluates every rule and value check. */
  validateAll(): ValidationResult {
    this.cache.clear();
    this.valueCache.clear();
    this.valueIssues.clear();
    for (let s = 0; s < this.slots.size; s++) this.loadSlot(s);
    this.plan.evaluateAll();
    return { findings: this.findings(), outcomes: this.outcomes(), counts: this.counts() };
  }

  /** After cells changed in the workbook: re-runs the value checks of those cells and the rules that read them. */
  update(changedKeys: string[]): ValidationDelta {
    const changed: number[] = [];
    const removed: string[] = [];
    const added: Finding[] = [];
    for (const key of changedKeys) {
      const s = this.slotOf.get(key);
      if (s === undefined) {
        if (parseCellKey(key).unit !== CITY) continue; // no rule reads other reporting units yet
        throw new Error(`cell "${key}" is not in the compiled plan: compile the rules again after adding a period or an indicator`);
      }
      const old = this.valueCache.get(s);
      const hadIssue = this.valueIssues.has(s);
      this.loadSlot(s);
      if (old || hadIssue) {
        removed.push(old?.id ?? `value|${key}`);
        this.valueCache.delete(s);
      }
      if (this.valueIssues.has(s)) added.push(this.valueFinding(s));
      changed.push(s);
    }
    const count = this.plan.update(changed);
    const outcomes: RuleOutcome[] = [];
    for (let j = 0; j < count; j++) {
      const g = this.plan.touched[j];
      const was = this.plan.before[j];
      const now = this.plan.outcome(g);
      const cached = this.cache.get(g);
      if (cached) this.cache.delete(g);
      if (was !== PASSED && was !== SKIPPED) removed.push(cached?.id ?? this.findingId(g));
      if (now !== PASSED && now !== SKIPPED) added.push(this.finding(g));
      if (now !== SKIPPED) outcomes.push(this.ruleOutcome(g));
    }
    return { added, removed, outcomes };
  }

  /** The current findings, sorted: errors, warnings, then not computable; value checks first within each. */
  findings(): Finding[] {
    const out: { f: Finding; order: number }[] = [];
    for (const s of this.valueIssues.keys()) out.push({ f: this.valueFinding(s), order: s });
    const { base, plans } = this.plan;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        const o = p.outcome[i];
        if (o === PASSED || o === SKIPPED) continue;
        out.push({ f: this.finding(base[k] + i), order: this.slots.size + p.rule[i] * this.periods.length + p.period[i] });
      }
    }
    out.sort((a, b) => rank(a.f) - rank(b.f) || a.order - b.order);
    return out.map((x) => x.f);
  }

  /** Every rule instance's outcome (skipped range checks of empty cells left out), in rule-file order. */
  outcomes(): RuleOutcome[] {
    const list: { o: RuleOutcome; order: number }[] = [];
    const { base, plans } = this.plan;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        if (p.outcome[i] === SKIPPED) continue;
        list.push({ o: this.ruleOutcome(base[k] + i), order: p.rule[i] * this.periods.length + p.period[i] });
      }
    }
    list.sort((a, b) => a.order - b.order);
    return list.map((x) => x.o);
  }

  counts(): ValidationCounts {
    const c: ValidationCounts = { error: 0, warning: 0, explained: 0, notComputable: 0, passed: 0 };
    for (const _ of this.valueIssues.keys()) c.error++;
    const { plans, base } = this.plan;
    const rules = this.ruleFile.rules;
    const explanations = this.workbook.explanations;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        const o = p.outcome[i];
        if (o === PASSED) c.passed++;
        else if (o === FAILED) {
          const severity = rules[p.rule[i]].severity;
          if (severity === 'warning' && explanations.size && explanations.has(this.findingId(base[k] + i))) c.explained!++;
          else c[severity]++;
        } else if (o !== SKIPPED) c.notComputable++;
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
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (let i = 0; i < p.size; i++) {
        if (p.outcome[i] !== FAILED || this.ruleFile.rules[p.rule[i]].severity !== 'warning') continue;
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

  /** The slot of a city-level cell, undefined for a cell outside the plan. */
  slotOfKey(key: string): number | undefined {
    return this.slotOf.get(key);
  }

  /** The cell key of a slot. */
  keyOf(s: number): string {
    return this.keys[s];
  }

  /** The indicator a slot belongs to. */
  indicatorOf(s: number): Indicator {
    return this.indicators[Math.floor(s / this.periods.length)];
  }

  /** The finding id of a global rule instance. */
  instanceId(g: number): string {
    return this.findingId(g);
  }

  /** The rule of a global rule instance. */
  ruleOf(g: number): Rule {
    return this.locate(g).rule;
  }

  private loadSlot(s: number): void {
    const v = this.workbook.getByKey(this.keys[s]);
    this.slots.setCell(s, v);
    const issue = checkValue(v, this.indicators[Math.floor(s / this.periods.length)]);
    if (issue) this.valueIssues.set(s, issue);
    else this.valueIssues.delete(s);
  }

  private locate(g: number) {
    const k = this.plan.kindOf(g);
    const p = this.plan.plans[k];
    const i = g - this.plan.base[k];
    const ops = Array.from(p.ops.subarray(p.start[i], p.start[i + 1]));
    return { kind: this.plan.kinds[k], p, i, rule: this.ruleFile.rules[p.rule[i]], period: p.period[i], ops };
  }

  private findingId(g: number): string {
    const { rule, period, ops } = this.locate(g);
    return rule.kind === 'range' || rule.kind === 'plausible' ? `${rule.id}|${this.keys[ops[0]]}` : `${rule.id}|${this.periods[period]}`;
  }

  /** A slot's label; a cell of another period than the rule's (a lag) carries its period. */
  private label(s: number, period: number): Text {
    const P = this.periods.length;
    const ind = this.indicators[Math.floor(s / P)];
    const p = s % P;
    if (p === period) return ind.label;
    const at = this.periods[p];
    return { zh: `${ind.label.zh}（${at}年）`, en: `${ind.label.en} (${at})` };
  }

  private ruleText(rule: Rule): Text | string {
    return rule.description ?? rule.id;
  }

  private ruleOutcome(g: number): RuleOutcome {
    const { kind, p, i, rule, period, ops } = this.locate(g);
    const o = p.outcome[i];
    const r: RuleOutcome = { ruleId: rule.id, period: this.periods[period], outcome: outcomeName(o) };
    if (rule.kind === 'range' || rule.kind === 'plausible') r.cell = this.keys[ops[0]];
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
    const { kind, p, i, rule, period, ops } = this.locate(g);
    const o = p.outcome[i];
    const periodId = this.periods[period];
    const base = {
      id: this.findingId(g),
      ruleId: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      period: periodId,
      cells: ops.map((s) => this.keys[s]),
    };
    let f: Finding;
    if (o === FAILED) {
      const e = kind.explain(this.slots, p, i);
      const params: Params = { ...e.params, rule: this.ruleText(rule), period: periodId, lastPeriod: previousYear(periodId) ?? '' };
      for (const [name, slots] of Object.entries(e.labels)) {
        const texts = slots.map((s) => this.label(s, period));
        params[name] = texts.length === 1 ? texts[0] : texts;
      }
      if (e.expected !== undefined) params.expected = e.expected;
      if (e.actual !== undefined) params.actual = e.actual;
      if (e.difference !== undefined) params.difference = e.difference;
      for (const [name, slot] of Object.entries(e.periodOf ?? {})) params[name] = this.periods[slot % this.periods.length];
      if (e.unitOf !== undefined) {
        const ind = this.indicators[Math.floor(e.unitOf / this.periods.length)];
        const u = this.workbook.index.unitById.get(ind.unit);
        if (u) {
          params.unit = u.label;
          params.unitWan = { zh: `万${u.label.zh}`, en: `10k ${u.label.en}` };
        }
      }
      if (typeof params.op === 'string') params.op = params.op.replace('<=', '≤').replace('>=', '≥');
      if (e.cells) base.cells = e.cells.map((s) => this.keys[s]);
      f = { ...base, outcome: 'failed', code: e.code, params, message: this.message(e.code, params, periodId) };
      if (e.expected !== undefined) f.expected = e.expected;
      if (e.actual !== undefined) f.actual = e.actual;
      if (e.difference !== undefined) f.difference = e.difference;
    } else {
      const code = NC_CODE[o];
      let culprits: number[];
      if (o === NC_DIV0) culprits = [ops[kind.divisor ?? ops.length - 1]];
      else if (o === NC_NO_PREVIOUS) culprits = [];
      else {
        const mask = o === NC_MISSING && SUM_KINDS.has(rule.kind) ? ST_EMPTY : NC_STATE[o];
        culprits = ops.filter((s) => this.slots.state[s] & mask);
      }
      const params: Params = {
        rule: this.ruleText(rule),
        period: periodId,
        cells: [...new Set(culprits)].map((s) => this.label(s, period)),
      };
      if (o === NC_NO_PREVIOUS) params.needed = previousYear(periodId) ?? '';
      f = { ...base, outcome: 'not_computable', code, params, message: this.message(code, params, periodId) };
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
    const ind = this.indicators[Math.floor(s / P)];
    const periodId = this.periods[s % P];
    const params: Params = { ...issue.params, cell: ind.label, period: periodId, kindLabel: formatText(`kind.${ind.kind}`, {}) };
    if (issue.actual !== undefined) params.actual = issue.actual;
    if (typeof issue.params.reasonCode === 'string') params.reason = formatText(issue.params.reasonCode, {});
    const f: Finding = {
      id: `value|${this.keys[s]}`,
      ruleId: `value.${ind.kind}`,
      kind: 'value',
      severity: 'error',
      outcome: 'failed',
      period: periodId,
      cells: [this.keys[s]],
      code: issue.code,
      params,
      message: this.message(issue.code, params, periodId),
    };
    if (issue.actual !== undefined) f.actual = issue.actual;
    this.valueCache.set(s, f);
    return f;
  }

  private message(code: string, params: Params, period: string): Text {
    const t = formatText(code, params as Record<string, MessageParam>);
    return { zh: `${period}年：${t.zh}`, en: `${period}: ${t.en}` };
  }
}

/** Compiles a (checked) rule file against a workbook's catalog and periods; call validateAll() next. */
export function compileRules(ruleFile: RuleFile, workbook: Workbook): Validator {
  return new Validator(ruleFile, workbook);
}
