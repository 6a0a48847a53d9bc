/**
 * Periods are years: "last year" is the calendar year before, not the column before. With 2019 and
 * 2021 but no 2020, a 2021 "比上年增加" cannot be computed and says it needs 2020; messages name the years.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isYear, nextYear, previousYear } from '../../../src/core/model/period.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { CATALOG, run } from './helpers.ts';
import type { Rule } from '../../../src/core/rules/types.ts';

describe('previousYear', () => {
  it.each([
    ['2021', '2020'],
    ['2000', '1999'],
    ['0001', '0000'],
    ['0000', undefined],
    ['2019Q1', undefined],
    ['19', undefined],
    ['', undefined],
  ])('%s → %s', (p, q) => expect(previousYear(p)).toBe(q));

  it('is the inverse of nextYear on every year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (y) => {
        const p = String(y).padStart(4, '0');
        expect(isYear(p)).toBe(true);
        expect(nextYear(previousYear(p)!)).toBe(p);
      }),
    );
  });
});

describe('Workbook.previousPeriod', () => {
  it('is the calendar year before when the workbook has it, else undefined (a gap year, the first year)', () => {
    const wb = new Workbook(CATALOG, ['2021', '2018', '2019']);
    expect(wb.periods).toEqual(['2018', '2019', '2021']);
    expect(wb.previousPeriod('2019')).toBe('2018');
    expect(wb.previousPeriod('2021')).toBeUndefined();
    expect(wb.previousPeriod('2018')).toBeUndefined();
    wb.addPeriod('2020');
    expect(wb.periods).toEqual(['2018', '2019', '2020', '2021']);
    expect(wb.previousPeriod('2021')).toBe('2020');
  });
});

const inc: Rule = { id: 'inc', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'students', stated: 'inc' };
const growth: Rule = { id: 'gr', kind: 'previous', severity: 'error', mode: 'growth', indicator: 'students', stated: 'growth' };
const lagged: Rule = { id: 'lin', kind: 'linear', severity: 'error', terms: [{ indicator: 'students', coef: 1 }, { indicator: 'students', coef: -1, lag: 1 }], op: '>=', constant: -1000 };

describe('rules reading last year', () => {
  // 2019 → 2021 is +300, 2020 → 2021 is +100: the stated +100 is right only against 2020
  const values = { 'students@2019': '1000', 'students@2021': '1300', 'inc@2021': '100' };

  it('with a gap year: not computable, and it says which year it needs (not compared with 2019)', () => {
    const { result } = run([inc, lagged], values, ['2019', '2021']);
    const f = result.findings.filter((x) => x.period === '2021');
    expect(f.map((x) => [x.ruleId, x.outcome, x.code])).toEqual([
      ['inc', 'not_computable', 'rule.not_computable.no_previous'],
      ['lin', 'not_computable', 'rule.not_computable.no_previous'],
    ]);
    expect(f[0].message.zh).toBe('2021年：规则“inc”无法计算：需要2020年数据');
    expect(f[0].message.en).toBe('2021: rule "inc" cannot be computed: it needs the 2020 figures');
    expect(f[0].params.needed).toBe('2020');
  });

  it('once the gap year is added and filled, the rule reads it and holds', () => {
    const { result } = run([inc, lagged], { ...values, 'students@2020': '1200' }, ['2019', '2020', '2021']);
    const outcome = (id: string, p: string) => result.outcomes.find((o) => o.ruleId === id && o.period === p)?.outcome;
    expect(outcome('inc', '2021')).toBe('passed');
    expect(outcome('lin', '2021')).toBe('passed');
    // 2020 reads 2019 (stated increase empty there: missing, not "no previous year")
    expect(result.findings.find((x) => x.ruleId === 'inc' && x.period === '2020')?.code).toBe('rule.not_computable.missing');
  });

  it('the first year of the workbook needs the year before it', () => {
    const { result } = run([inc], { 'students@2019': '1000' }, ['2019']);
    expect(result.findings[0].message.zh).toBe('2019年：规则“inc”无法计算：需要2018年数据');
  });

  it('names the years in the failure message ("2020年", not 上期)', () => {
    const { result } = run([inc, growth], { 'students@2020': '1000', 'students@2021': '1100', 'inc@2021': '90', 'growth@2021': '12' }, ['2020', '2021']);
    const [a, b] = result.findings.filter((x) => x.outcome === 'failed');
    expect(a.message.zh).toBe('2021年：指标students 本年 1,100 − 2020年 1,000 = +100，与所述较2020年的增减 +90（指标inc）不符，相差 −10');
    expect(b.message.zh).toContain('由2020年 1,000 到本年 1,100 增长 +10%');
    expect(a.message.en).toContain('this year 1,100 − 2020 1,000 = +100');
    for (const f of [a, b]) expect(f.message.zh).not.toContain('上期');
  });
});
