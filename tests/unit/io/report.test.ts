import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { validationReportFor, workbookJsonText } from '../../../src/core/io/export.ts';
import { ruleExpression } from '../../../src/core/io/report.ts';
import { workbookFromJson, workbookSchemaIssues } from '../../../src/core/io/workbook-json.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import type { Rule } from '../../../src/core/rules/types.ts';

/** One rule of every kind, on real indicators. */
const RULES = loadRuleFile(
  {
    version: 'report-test',
    rules: [
      { id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] },
      { id: 'ptr_primary', kind: 'ratio', severity: 'error', ratio: 'ptr_primary', numerator: 'students_primary', denominator: 'teachers_primary' },
      { id: 'gvr_split', kind: 'split', severity: 'error', split: 'general_vocational_ratio' },
      { id: 'percent_range', kind: 'range', severity: 'warning', select: { kinds: ['percentage'], gross: false }, min: 0, max: 100 },
      { id: 'priority_increase', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'gaokao_priority_passes', stated: 'gaokao_priority_passes_increase' },
      { id: 'senior_order', kind: 'order', severity: 'warning', chain: ['schools_senior_high_complete', 'schools_senior_high'] },
      { id: 'linear_demo', kind: 'linear', severity: 'warning', terms: [{ indicator: 'schools_senior_high', coef: 1 }, { indicator: 'schools_senior_high_complete', coef: -1 }], op: '>=', constant: 0 },
    ],
  },
  CATALOG,
  'report-test',
);

describe('validation report from the rule engine', () => {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  const report = validationReportFor(wb, RULES, '2026-11-28T15:00:00.000Z');

  it('conforms to the schema inside an export, one entry per rule, counts add up', () => {
    const json = JSON.parse(workbookJsonText(wb, report));
    expect(workbookSchemaIssues(json)).toEqual([]);
    expect(report.rules.map((r) => r.id)).toEqual(RULES.rules.map((r) => r.id));
    const outcomes = report.rules.flatMap((r) => r.outcomes);
    const failed = (sev: string) => report.rules.filter((r) => r.severity === sev).flatMap((r) => r.outcomes).filter((o) => o.outcome === 'failed').length;
    expect(outcomes.filter((o) => o.outcome === 'passed').length).toBe(report.counts.passed);
    expect(outcomes.filter((o) => o.outcome === 'not_computable').length).toBe(report.counts.notComputable);
    expect(failed('error') + report.values.filter((v) => v.severity === 'error').length).toBe(report.counts.error);
    expect(failed('warning') + report.values.filter((v) => v.severity === 'warning').length).toBe(report.counts.warning);
    expect(report.valid).toBe(report.counts.error === 0);
  });

  it('a rule that reads the previous period is not computable in the first period and names its cells', () => {
    const inc = report.rules.find((r) => r.id === 'priority_increase')!;
    const first = inc.outcomes.find((o) => o.period === '2018')!;
    expect(first.outcome).toBe('not_computable');
    const second = inc.outcomes.find((o) => o.period === '2019')!;
    expect(second.outcome).toBe('passed');
    expect(second.cells).toEqual(expect.arrayContaining(['gaokao_priority_passes@2019', 'gaokao_priority_passes@2018']));
  });

  it('the real 2019 senior-high balance passes with its numbers', () => {
    const o = report.rules.find((r) => r.id === 'senior_high_balance')!.outcomes.find((x) => x.period === '2019')!;
    expect(o.outcome).toBe('passed');
    expect(o.cells).toHaveLength(4);
  });

  const expressions: [Rule, string][] = [
    [RULES.rules[0], 'schools_senior_high = schools_senior_high_complete + schools_senior_high_senior + schools_senior_high_12year'],
    [RULES.rules[1], 'ptr_primary = 1 : (students_primary ÷ teachers_primary)'],
    [RULES.rules[2], 'general_vocational_ratio: a + b = 100'],
    [RULES.rules[3], '0 ≤ kind ∈ {percentage} (gross: false) ≤ 100'],
    [RULES.rules[4], 'gaokao_priority_passes − gaokao_priority_passes[t−1] = gaokao_priority_passes_increase'],
    [RULES.rules[5], 'schools_senior_high_complete ≤ schools_senior_high'],
    [RULES.rules[6], 'schools_senior_high − schools_senior_high_complete >= 0'],
    [{ id: 'x', kind: 'balance', severity: 'error', total: { indicator: 'a', lag: 1 }, parts: ['b'] }, 'a[t−1] = b'],
  ];
  it.each(expressions)('expression of %j', (rule, text) => {
    expect(ruleExpression(rule)).toBe(text);
  });
});
