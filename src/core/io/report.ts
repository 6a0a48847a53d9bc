import type { Text } from '../model/catalog.ts';
import { cellKey, CITY, parseCellKey } from '../model/value.ts';
import type { Explanation, Workbook } from '../model/workbook.ts';
import type { Finding, Ref, Rule, RuleFile, Severity, ValidationCounts, ValidationResult } from '../rules/types.ts';
import { assessCompleteness, unitSummary, type CellRefOut, type UncheckedRule } from '../rules/completeness.ts';
import { rollupSpecs } from '../rules/rollup.ts';

/** One rule in one period, as written into an exported file. */
export interface ReportOutcome {
  period: string;
  outcome: 'passed' | 'failed' | 'not_computable';
  expected?: number;
  actual?: number;
  difference?: number;
  cells: string[];
  message?: Text;
  /** A failed warning's known cause (an explained finding). */
  explanation?: Explanation;
}

export interface ReportRule {
  id: string;
  kind: string;
  expression: string;
  severity: Severity;
  outcomes: ReportOutcome[];
}

export interface ReportValueFinding {
  indicator: string;
  period: string;
  severity: Severity;
  outcome: 'failed' | 'not_computable';
  code: string;
  message: Text;
}

/** The validation report of an export (after the ESS validation-report idea); see schemas/workbook.schema.json. */
export interface ValidationReport {
  /** True only when counts.error is 0 (the schema enforces it too). */
  valid: boolean;
  generatedAt: string;
  ruleSetVersion: string;
  catalogVersion: string;
  counts: ValidationCounts;
  /** No missing figure and no unchecked rule (see core/rules/completeness.ts). */
  complete: boolean;
  /** Figures present in the previous year and empty now. */
  missing: CellRefOut[];
  /** Rules partly filled, so not checked: which empty cells kept them from it. */
  unchecked: UncheckedRule[];
  /** Units that sent nothing in a year they are due (with units only). */
  notReceived?: { unit: string; period: string }[];
  rules: ReportRule[];
  values: ReportValueFinding[];
  /** Every reporting unit other than the city that has outcomes (its rules and value checks), in tree order. */
  units?: UnitReport[];
  /** The roll-up checks, one entry per parent unit (tree order). */
  rollup?: UnitReport[];
}

/** One unit's part of the report: its rules and value checks, or the roll-ups where it is the parent. */
export interface UnitReport {
  unit: string;
  valid: boolean;
  counts: ValidationCounts;
  /** The unit's own return over the years it is due (absent in a roll-up entry); see core/rules/completeness.ts. */
  complete?: boolean;
  missing?: CellRefOut[];
  unchecked?: UncheckedRule[];
  /** Years it is due in which it sent nothing. */
  notReceived?: string[];
  /** A derived parent: its units that are not complete. */
  pending?: string[];
  rules: ReportRule[];
  values?: ReportValueFinding[];
}

function refName(r: Ref): string {
  if (typeof r === 'string') return r;
  return r.lag ? `${r.indicator}[t−${r.lag}]` : r.indicator;
}

function refOf(r: Ref): { indicator: string; lag: number } {
  return typeof r === 'string' ? { indicator: r, lag: 0 } : { indicator: r.indicator, lag: r.lag ?? 0 };
}

function fmt(n: number): string {
  return String(n);
}

/** A human-readable form of a rule, e.g. "schools_total = schools_university + schools_senior_high". */
export function ruleExpression(rule: Rule): string {
  switch (rule.kind) {
    case 'balance':
      return `${refName(rule.total)} = ${rule.parts.map(refName).join(' + ')}`;
    case 'ratio':
      return `${refName(rule.ratio)} = 1 : (${refName(rule.numerator)} ÷ ${refName(rule.denominator)})`;
    case 'share':
      return `${refName(rule.share)} = ${refName(rule.part)} ÷ ${refName(rule.whole)} × 100`;
    case 'split':
      return `${refName(rule.split)}: a + b = 100`;
    case 'order':
      return rule.chain.map((t) => (Array.isArray(t) ? t.map(refName).join(' + ') : refName(t))).join(' ≤ ');
    case 'range': {
      const what = rule.indicators?.join(', ') ?? `kind ∈ {${rule.select?.kinds.join(', ') ?? ''}}${rule.select?.gross !== undefined ? ` (gross: ${rule.select.gross})` : ''}`;
      const lo = rule.min !== undefined ? `${fmt(rule.min)} ≤ ` : '';
      const hi = rule.max !== undefined ? ` ≤ ${fmt(rule.max)}` : '';
      return `${lo}${what}${hi}${rule.integer ? ', integer' : ''}`;
    }
    case 'previous':
      if (rule.mode === 'increase') return `${rule.indicator} − ${rule.indicator}[t−1] = ${rule.stated ?? '?'}`;
      if (rule.mode === 'growth') return `(${rule.indicator} ÷ ${rule.indicator}[t−1] − 1) × 100 = ${rule.stated ?? '?'}`;
      return `|${rule.indicator} ÷ ${rule.indicator}[t−1] − 1| ≤ ${fmt(rule.threshold ?? 0)}`;
    case 'plausible': {
      const what = rule.indicators?.join(', ') ?? `kind ∈ {${rule.select?.kinds.join(', ') ?? ''}}`;
      return `${what}${rule.exclude?.length ? ` except ${rule.exclude.join(', ')}` : ''}: x[t] against x[previous year with a value] within a band from its own history or by kind`;
    }
    case 'linear': {
      const terms = rule.terms.map((t, i) => {
        const name = t.lag ? `${t.indicator}[t−${t.lag}]` : t.indicator;
        const c = Math.abs(t.coef) === 1 ? '' : `${fmt(Math.abs(t.coef))}×`;
        const sign = t.coef < 0 ? (i === 0 ? '−' : ' − ') : i === 0 ? '' : ' + ';
        return `${sign}${c}${name}`;
      });
      return `${terms.join('')} ${rule.op} ${fmt(rule.constant)}`;
    }
  }
}

/** The indicators (with lag) a rule reads, for the cells of a passed outcome. */
function ruleRefs(rule: Rule): { indicator: string; lag: number }[] {
  switch (rule.kind) {
    case 'balance':
      return [rule.total, ...rule.parts].map(refOf);
    case 'ratio':
      return [rule.ratio, rule.numerator, rule.denominator].map(refOf);
    case 'share':
      return [rule.share, rule.part, rule.whole].map(refOf);
    case 'split':
      return [refOf(rule.split)];
    case 'order':
      return rule.chain.flat().map(refOf);
    case 'range':
      return (rule.indicators ?? []).map((indicator) => ({ indicator, lag: 0 }));
    case 'previous':
      return [
        { indicator: rule.indicator, lag: 0 },
        { indicator: rule.indicator, lag: 1 },
        ...(rule.stated ? [{ indicator: rule.stated, lag: 0 }] : []),
      ];
    case 'linear':
      return rule.terms.map((t) => ({ indicator: t.indicator, lag: t.lag ?? 0 }));
    case 'plausible':
      return (rule.indicators ?? []).map((indicator) => ({ indicator, lag: 0 }));
  }
}

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

/** Counts of a set of outcomes (with their rules' severities) and value findings. */
function countOf(rules: ReportRule[], values: ReportValueFinding[]): ValidationCounts {
  const c: ValidationCounts = { error: values.length, warning: 0, explained: 0, notComputable: 0, passed: 0 };
  for (const r of rules) {
    for (const o of r.outcomes) {
      if (o.outcome === 'passed') c.passed++;
      else if (o.outcome === 'not_computable') c.notComputable++;
      else if (r.severity === 'warning' && o.explanation) c.explained!++;
      else c[r.severity]++;
    }
  }
  return c;
}

/**
 * Builds the report written into an export from a validator's result (`compileRules(...).validateAll()`).
 * `generatedAt` is passed in (ISO date-time) so the report is a pure function of its inputs.
 * `rules` and `values` are the city's; `units` every other unit's; `rollup` the roll-ups by parent.
 * With `only` (an export of one unit or one level), the report covers those units (a roll-up when its
 * parent is one of them), and counts and valid are over what it covers; without it, over everything.
 */
export function buildValidationReport(
  wb: Workbook,
  ruleFile: RuleFile,
  result: ValidationResult,
  generatedAt: string,
  only?: ReadonlySet<string>,
): ValidationReport {
  const inScope = (unit: string) => !only || only.has(unit);
  const findingOf = new Map<string, Finding>();
  const valuesBy = new Map<string, ReportValueFinding[]>();
  for (const f of result.findings) {
    const unit = f.unit ?? CITY;
    if (f.kind === 'value') {
      const c = parseCellKey(f.cells[0]);
      if (!valuesBy.has(unit)) valuesBy.set(unit, []);
      valuesBy.get(unit)!.push({ indicator: c.indicator, period: f.period || c.period, severity: f.severity, outcome: f.outcome, code: f.code, message: f.message });
    } else {
      // range rules are checked cell by cell: their findings are told apart by the cell
      findingOf.set(`${f.ruleId}|${f.period}|${unit}|${f.kind === 'range' || f.kind === 'plausible' ? (f.cells[0] ?? '') : ''}`, f);
    }
  }
  const ruleIndex = new Map(ruleFile.rules.map((r, i) => [r.id, i]));
  const specs = new Map(rollupSpecs(wb.index, ruleFile).map((s) => [s.indicator, s]));
  /** Per unit: its rules' report entries (created on first outcome); per parent: its roll-up entries. */
  const rulesBy = new Map<string, ReportRule[]>();
  const rollupBy = new Map<string, Map<string, ReportRule>>();
  const cityRules: ReportRule[] = ruleFile.rules.map((r) => ({ id: r.id, kind: r.kind, expression: ruleExpression(r), severity: r.severity, outcomes: [] }));
  rulesBy.set(CITY, cityRules);
  for (const o of result.outcomes) {
    const unit = o.unit ?? CITY;
    if (!inScope(unit)) continue;
    const f = findingOf.get(`${o.ruleId}|${o.period}|${unit}|${o.cell ?? ''}`);
    const i = ruleIndex.get(o.ruleId);
    let entry: ReportRule;
    let cells: string[];
    if (i === undefined) {
      // a roll-up (rollup.<indicator>): parent cell and children cells
      if (!o.ruleId.startsWith('rollup.')) continue;
      if (!rollupBy.has(unit)) rollupBy.set(unit, new Map());
      const byId = rollupBy.get(unit)!;
      const indicator = o.ruleId.slice('rollup.'.length);
      const kids = wb.units.children(unit).map((k) => k.id);
      let e = byId.get(o.ruleId);
      if (!e) {
        e = { id: o.ruleId, kind: 'rollup', expression: `${indicator}[${unit}] = Σ ${indicator}[${kids.join(', ')}]`, severity: 'error', outcomes: [] };
        byId.set(o.ruleId, e);
      }
      entry = e;
      // a passed roll-up has no finding: its cells are the parent's and each unit's (a ratio's: its parts')
      const spec = specs.get(indicator);
      const own = spec?.kind === 'recompute' ? [spec.numerator, spec.denominator] : [indicator];
      cells = f ? [...f.cells] : [cellKey(indicator, o.period, unit), ...kids.flatMap((k) => own.map((i) => cellKey(i, o.period, k)))];
    } else {
      const rule = ruleFile.rules[i];
      let list = rulesBy.get(unit);
      if (!list) rulesBy.set(unit, (list = ruleFile.rules.map((r) => ({ id: r.id, kind: r.kind, expression: ruleExpression(r), severity: r.severity, outcomes: [] }))));
      entry = list[i];
      if (o.cell) cells = [o.cell];
      else if (f) cells = [...f.cells];
      else {
        const at = (lag: number) => (lag === 0 ? o.period : wb.previousPeriod(o.period));
        cells = ruleRefs(rule)
          .filter((ref) => at(ref.lag) !== undefined)
          .map((ref) => cellKey(ref.indicator, at(ref.lag)!, unit));
      }
    }
    const out: ReportOutcome = { period: o.period, outcome: o.outcome, cells: [...new Set(cells)] };
    const expected = o.expected ?? f?.expected;
    const actual = o.actual ?? f?.actual;
    const difference = o.difference ?? f?.difference;
    if (finite(expected)) out.expected = expected;
    if (finite(actual)) out.actual = actual;
    if (finite(difference)) out.difference = difference;
    if (o.outcome !== 'passed' && f) out.message = f.message;
    if (f?.explanation) out.explanation = { ...f.explanation };
    entry.outcomes.push(out);
  }
  const cityValues = inScope(CITY) ? (valuesBy.get(CITY) ?? []) : [];
  const c = assessCompleteness(wb, result.findings, result.counts);
  const units: UnitReport[] = [];
  const rollup: UnitReport[] = [];
  for (const u of wb.units.all()) {
    if (!inScope(u.id)) continue;
    if (u.id !== CITY) {
      const rules = (rulesBy.get(u.id) ?? []).filter((r) => r.outcomes.length);
      const values = valuesBy.get(u.id) ?? [];
      const own = unitSummary(c, u.id);
      // a unit due in some year is listed even when nothing came (its return is then "not received")
      if (rules.length || values.length || own.due.length) {
        const counts = countOf(rules, values);
        const pending = [...new Set(c.units.filter((e) => e.unit === u.id).flatMap((e) => e.pending ?? []))];
        units.push({
          unit: u.id,
          valid: counts.error === 0,
          counts,
          complete: own.complete,
          missing: own.missing,
          unchecked: own.unchecked,
          notReceived: own.notReceived,
          ...(pending.length ? { pending } : {}),
          rules,
          values,
        });
      }
    }
    const r = rollupBy.get(u.id);
    if (r?.size) {
      const counts = countOf([...r.values()], []);
      rollup.push({ unit: u.id, valid: counts.error === 0, counts, rules: [...r.values()] });
    }
  }
  const rules = inScope(CITY) ? cityRules : [];
  // counts over everything the report covers (without a scope: the validator's own counts)
  const counts = only ? countOf([...rules, ...units.flatMap((u) => u.rules), ...rollup.flatMap((u) => u.rules)], [...cityValues, ...units.flatMap((u) => u.values ?? [])]) : { ...result.counts };
  // completeness over the units the report covers (a roll-up's unchecked entry belongs to its parent)
  const covered = (x: { unit?: string }) => inScope(x.unit ?? CITY);
  const missing = c.missing.filter(covered);
  const unchecked = c.unchecked.filter(covered);
  const notReceived = c.notReceived.filter(covered);
  const report: ValidationReport = {
    valid: counts.error === 0,
    generatedAt,
    ruleSetVersion: ruleFile.version,
    catalogVersion: wb.catalog.version,
    counts,
    complete: c.units.filter(covered).every((e) => e.complete) && unchecked.length === 0,
    missing,
    unchecked,
    rules,
    values: cityValues,
  };
  if (wb.units.size > 1) report.notReceived = notReceived;
  if (units.length) report.units = units;
  if (rollup.length) report.rollup = rollup;
  return report;
}
