import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';

/** A few relations of the real report (the full rule set is data/rules.json, later), on the real 2019 figures. */
const RULES = loadRuleFile(
  {
    version: 'test',
    rules: [
      {
        id: 'schools_total_balance',
        kind: 'balance',
        severity: 'error',
        total: 'schools_total',
        parts: ['schools_university', 'schools_open_university', 'schools_senior_high', 'schools_vocational', 'schools_compulsory', 'schools_kindergarten', 'schools_special'],
      },
      { id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] },
      {
        id: 'teachers_total_balance',
        kind: 'balance',
        severity: 'error',
        total: 'teachers_total',
        parts: ['teachers_university', 'teachers_open_university', 'teachers_vocational', 'teachers_senior_high', 'teachers_junior', 'teachers_primary', 'teachers_kindergarten', 'teachers_special'],
      },
      { id: 'ptr_kindergarten', kind: 'ratio', severity: 'error', ratio: 'ptr_kindergarten', numerator: 'students_kindergarten', denominator: 'teachers_kindergarten' },
      { id: 'ptr_primary', kind: 'ratio', severity: 'error', ratio: 'ptr_primary', numerator: 'students_primary', denominator: 'teachers_primary' },
      { id: 'gvr_split', kind: 'split', severity: 'error', split: 'general_vocational_ratio' },
      { id: 'priority_increase', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'gaokao_priority_passes', stated: 'gaokao_priority_passes_increase' },
      { id: 'loan_growth', kind: 'previous', severity: 'error', mode: 'growth', indicator: 'student_loan_borrowers', stated: 'student_loan_borrowers_growth' },
      {
        id: 'gaokao_chain',
        kind: 'order',
        severity: 'error',
        chain: [['admitted_tsinghua', 'admitted_peking'], 'admitted_985_211', 'gaokao_priority_passes', 'gaokao_undergrad_passes', 'gaokao_college_passes', 'gaokao_candidates'],
      },
      { id: 'gross_bound', kind: 'range', severity: 'warning', select: { kinds: ['percentage'], gross: true }, min: 0, max: 150 },
    ],
  },
  CATALOG,
);

/** The 2018–2019 workbook from the bundled baseline, loaded as the app loads it. */
function baselineWorkbook(): Workbook {
  return workbookFromJson(BASELINE_2019_JSON, CATALOG);
}

describe('rules on the 2019 baseline', () => {
  it('pass in 2019; lagged rules are not computable in 2018', () => {
    const v = compileRules(RULES, baselineWorkbook());
    const r = v.validateAll();
    const y2019 = r.outcomes.filter((o) => o.period === '2019');
    expect(y2019.filter((o) => o.outcome !== 'passed')).toEqual([]);
    expect(r.findings.filter((f) => f.period === '2019')).toEqual([]);
    expect(r.counts.error).toBe(0);
    expect(r.findings.find((f) => f.ruleId === 'priority_increase' && f.period === '2018')?.code).toBe('rule.not_computable.no_previous');
  });

  it('a total changed by one is an error naming the total and the difference, in Chinese', () => {
    const wb = baselineWorkbook();
    const v = compileRules(RULES, wb);
    v.validateAll();
    const key = cellKey('schools_total', '2019');
    wb.apply([{ key, after: parseValue('935', { kind: 'count' }, { id: 'school', label: { zh: '所', en: 'schools' }, magnitude: 1 }) }]);
    const d = v.update([key]);
    expect(d.added).toHaveLength(1);
    const f = d.added[0];
    expect(f).toMatchObject({ ruleId: 'schools_total_balance', severity: 'error', outcome: 'failed', expected: 934, actual: 935, difference: 1 });
    expect(f.cells[0]).toBe(key);
    expect(f.message.zh).toBe(
      '2019年：各级各类学校(幼儿园)数 935 与分项之和 934 不符，相差 +1（分项：普通高校数、开放大学数、普通高中数、中等职业技术学校数(含技工学校)、义务教育学校数、幼儿园数、特殊教育学校数）',
    );
  });
});
