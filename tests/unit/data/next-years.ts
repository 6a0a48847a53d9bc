/**
 * Builds realistic next years from the 2019 baseline, the way a statistician fills them in: every
 * count moves by its own factor (some fall), totals are the sums of their parts as the next year's
 * tables print them, ratios are recomputed and written at the published rounding, the "比上年增加"
 * figures are this year minus last (a fall written "比上年减少55人") and the growth rate the rounded
 * change in %. The figures are made up; the relations between them are those of data/rules.json.
 */
import { readFileSync } from 'node:fs';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import type { BalanceRule, PreviousRule, RatioRule, RuleFile } from '../../../src/core/rules/types.ts';

export const RULES: RuleFile = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG, 'data/rules.json');

export const baseline = (): Workbook => workbookFromJson(BASELINE_2019_JSON, CATALOG);

export interface YearPlan {
  /** Factor for a count figure (default: a small deterministic spread between −4 % and +5 %). */
  factor?: (id: string) => number;
  /** Figures this year reports beyond last year's (an optional category such as 九年一贯制学校). */
  extra?: Record<string, number>;
  /** Figures left out of this year's table. */
  drop?: string[];
  /** How a figure is written (default: plain digits; ratios 1:x; growth with %). */
  write?: (id: string, n: number) => string | undefined;
}

/** A fixed spread of factors so that figures move differently, some down, never past the 20 % jump warnings. */
function spread(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 0.96 + (h % 10) / 100;
}

const GAOKAO = ['gaokao_candidates', 'gaokao_priority_passes', 'gaokao_undergrad_passes', 'gaokao_college_passes', 'admitted_985_211', 'admitted_tsinghua', 'admitted_peking'];

function fmt(n: number, decimals: number): string {
  return n.toFixed(decimals);
}

/** Adds `year` to `wb` with figures derived from `last` (which must hold values) by `plan`. */
export function addYear(wb: Workbook, last: string, year: string, plan: YearPlan = {}): void {
  const factor = plan.factor ?? spread;
  const n = new Map<string, number>();
  const lastValue = (id: string) => wb.get(id, last).n;
  for (const ind of CATALOG.indicators) {
    const v = lastValue(ind.id);
    if (v === undefined || wb.get(ind.id, last).state !== 'value') continue;
    // counts move: the parts of the school, student and teacher totals each by their own factor, the
    // figures of other sections (bound by order rules) by their section's; everything else is carried over
    const own = ind.section === 'scale' || ind.section === 'teachers' ? ind.id : GAOKAO.includes(ind.id) ? 'gaokao' : ind.section;
    if (ind.kind === 'count') n.set(ind.id, Math.round(v * factor(own)));
    else n.set(ind.id, v);
  }
  for (const [id, x] of Object.entries(plan.extra ?? {})) n.set(id, x);
  const rules = RULES.rules;
  // totals = Σ parts (and any extra parts declared partOf), inner balances first
  const balances = rules.filter((r): r is BalanceRule => r.kind === 'balance');
  for (let pass = 0; pass < 3; pass++) {
    for (const r of balances) {
      const total = r.total as string;
      const parts = [...(r.parts as string[]), ...CATALOG.indicators.filter((i) => i.partOf === total).map((i) => i.id)];
      // a part left out of the table still counts in the total the table prints
      n.set(total, parts.reduce((s, p) => s + (n.get(p) ?? 0), 0));
    }
  }
  for (const r of rules.filter((r): r is RatioRule => r.kind === 'ratio')) {
    const ind = CATALOG.indicators.find((i) => i.id === r.ratio)!;
    n.set(r.ratio as string, Number(fmt(n.get(r.numerator as string)! / n.get(r.denominator as string)!, ind.decimals)));
  }
  for (const r of rules.filter((r): r is PreviousRule => r.kind === 'previous' && r.mode !== 'jump')) {
    const now = n.get(r.indicator)!;
    const before = lastValue(r.indicator)!;
    if (r.mode === 'increase') n.set(r.stated!, now - before);
    else n.set(r.stated!, Math.round(((now - before) / before) * 100));
  }
  wb.addPeriod(year);
  const changes = [];
  for (const [id, x] of n) {
    if (plan.drop?.includes(id)) continue;
    const ind = CATALOG.indicators.find((i) => i.id === id)!;
    const raw =
      plan.write?.(id, x) ??
      (ind.kind === 'ratio' ? `1:${fmt(x, ind.decimals)}` : ind.kind === 'growth' ? `${x}%` : ind.kind === 'split' ? wb.get(id, last).raw : fmt(x, ind.decimals));
    changes.push({ key: cellKey(id, year), after: parseValue(raw, ind, CATALOG.units.find((u) => u.id === ind.unit)!) });
  }
  wb.apply(changes);
}
