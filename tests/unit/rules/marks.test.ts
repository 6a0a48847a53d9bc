/**
 * A rule marked not applicable for one year, or a ratio computed on a named sub-population, with the
 * reason: not checked that year (other years still are), stored on the workbook and carried by the
 * workbook JSON (schema) through export and import.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { ruleMarkKey } from '../../../src/core/model/workbook.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { assessCompleteness } from '../../../src/core/rules/completeness.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { addYear, baseline, RULES } from '../data/next-years.ts';

function build() {
  const wb = baseline();
  addYear(wb, '2019', '2020');
  // 2020's 小学师生比 is published for the city's urban schools only
  const ind = CATALOG.indicators.find((i) => i.id === 'ptr_primary')!;
  wb.apply([{ key: cellKey('ptr_primary', '2020'), after: parseValue('1:19.8', ind, CATALOG.units.find((u) => u.id === ind.unit)!) }]);
  return wb;
}
const failed = (wb: ReturnType<typeof build>) =>
  compileRules(RULES, wb)
    .validateAll()
    .findings.filter((f) => f.outcome === 'failed' && f.period === '2020')
    .map((f) => f.id);

describe('rule marks', () => {
  it('a ratio computed on a sub-population fails unmarked, and is not checked that year once marked', () => {
    const wb = build();
    expect(failed(wb)).toEqual(['ratio_ptr_primary|2020']);
    wb.ruleMarks.set(ruleMarkKey('ratio_ptr_primary', '2020'), { rule: 'ratio_ptr_primary', period: '2020', kind: 'subpopulation', population: '城区小学', reason: '2020年公报的小学师生比只按城区小学计算' });
    const v = compileRules(RULES, wb);
    const r = v.validateAll();
    expect(r.findings.filter((f) => f.outcome === 'failed' && f.period === '2020')).toEqual([]);
    expect(r.outcomes.filter((o) => o.ruleId === 'ratio_ptr_primary').map((o) => [o.period, o.outcome])).toEqual([
      ['2018', 'not_computable'],
      ['2019', 'passed'],
    ]);
    // a marked rule is neither a finding nor unchecked
    expect(assessCompleteness(wb, r.findings, r.counts)).toMatchObject({ valid: true, complete: true });
  });

  it('a not-applicable mark on a partly filled rule keeps it out of the unchecked list', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020', { drop: ['students_kindergarten'] });
    wb.ruleMarks.set(ruleMarkKey('ratio_ptr_kindergarten', '2020'), { rule: 'ratio_ptr_kindergarten', period: '2020', kind: 'not_applicable', reason: '幼儿园在园人数改由另一报表上报' });
    const r = compileRules(RULES, wb).validateAll();
    expect(assessCompleteness(wb, r.findings, r.counts).unchecked.map((u) => u.rule)).toEqual(['balance_students_total']);
  });

  it('travels with the workbook JSON (schema-valid) and back', () => {
    const wb = build();
    const mark = { rule: 'ratio_ptr_primary', period: '2020', kind: 'subpopulation' as const, population: '城区小学', reason: '只按城区小学计算' };
    wb.ruleMarks.set(ruleMarkKey(mark.rule, mark.period), mark);
    const file = workbookToJson(wb);
    expect(file.ruleMarks).toEqual([mark]);
    expect(workbookSchemaIssues(file)).toEqual([]);
    const back = workbookFromJson(JSON.parse(JSON.stringify(file)), CATALOG);
    expect([...back.ruleMarks.values()]).toEqual([mark]);
    expect(failed(back)).toEqual([]);
    // a mark without its reason is refused by the schema
    expect(workbookSchemaIssues({ ...file, ruleMarks: [{ ...mark, reason: '' }] }).length).toBeGreaterThan(0);
  });
});
