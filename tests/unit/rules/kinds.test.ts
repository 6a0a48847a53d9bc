import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/core/rules/types.ts';
import { run } from './helpers.ts';

type Case = {
  name: string;
  rule: { kind: Rule['kind'] } & Record<string, unknown>;
  values: Record<string, string>;
  /** Outcome in 2019 (the second period). */
  expect: 'passed' | 'failed' | 'not_computable';
  code?: string;
  /** Outcome in 2018 (the first period), when the case is about it. */
  first?: 'passed' | 'failed' | 'not_computable';
};

const bal = { kind: 'balance', total: 'total', parts: ['p1', 'p2', 'p3'] } as const;
const ratio = { kind: 'ratio', ratio: 'ptr', numerator: 'students', denominator: 'teachers' } as const;
const share = { kind: 'share', share: 'pct', part: 'p1', whole: 'total' } as const;
const chain = { kind: 'order', chain: [['p1', 'p2'], 'p3', 'total'] } as const;
const inc = { kind: 'previous', mode: 'increase', indicator: 'students', stated: 'inc' } as const;
const growth = { kind: 'previous', mode: 'growth', indicator: 'students', stated: 'growth' } as const;
const jump = { kind: 'previous', mode: 'jump', indicator: 'students', threshold: 0.3 } as const;

const CASES: Case[] = [
  // balance
  { name: 'balance holds', rule: bal, values: { 'total@2019': '934', 'p1@2019': '1', 'p2@2019': '2', 'p3@2019': '931' }, expect: 'passed' },
  { name: 'balance off by one', rule: bal, values: { 'total@2019': '934', 'p1@2019': '1', 'p2@2019': '2', 'p3@2019': '932' }, expect: 'failed', code: 'rule.balance' },
  { name: 'balance with a missing part', rule: bal, values: { 'total@2019': '934', 'p1@2019': '1', 'p2@2019': '2' }, expect: 'not_computable', code: 'rule.not_computable.missing' },
  { name: 'balance with missing as zero', rule: { ...bal, missingAsZero: true }, values: { 'total@2019': '3', 'p1@2019': '1', 'p2@2019': '2' }, expect: 'passed' },
  { name: 'balance with missing as zero still fails', rule: { ...bal, missingAsZero: true }, values: { 'total@2019': '4', 'p1@2019': '1', 'p2@2019': '2' }, expect: 'failed' },
  { name: 'balance: na counts as 0', rule: bal, values: { 'total@2019': '3', 'p1@2019': '1', 'p2@2019': '2', 'p3@2019': '—' }, expect: 'passed' },
  { name: 'balance: invalid part', rule: bal, values: { 'total@2019': '3', 'p1@2019': '1', 'p2@2019': '2', 'p3@2019': 'x' }, expect: 'not_computable', code: 'rule.not_computable.invalid' },
  { name: 'balance: invalid beats missing as zero', rule: { ...bal, missingAsZero: true }, values: { 'total@2019': '3', 'p1@2019': 'x' }, expect: 'not_computable', code: 'rule.not_computable.invalid' },
  { name: 'balance: 万 rounding of the total', rule: bal, values: { 'total@2019': '1.6万', 'p1@2019': '10000', 'p2@2019': '5000', 'p3@2019': '1400' }, expect: 'passed' },
  { name: 'balance: just past 万 rounding', rule: bal, values: { 'total@2019': '1.6万', 'p1@2019': '10000', 'p2@2019': '5000', 'p3@2019': '1501' }, expect: 'failed' },
  { name: 'balance: 约 total', rule: bal, values: { 'total@2019': '约1000', 'p1@2019': '500', 'p2@2019': '400', 'p3@2019': '140' }, expect: 'passed' },
  { name: 'balance: 约 total too far', rule: bal, values: { 'total@2019': '约1000', 'p1@2019': '500', 'p2@2019': '400', 'p3@2019': '200' }, expect: 'failed' },
  { name: 'balance: 以上 total', rule: bal, values: { 'total@2019': '900以上', 'p1@2019': '500', 'p2@2019': '400', 'p3@2019': '200' }, expect: 'passed' },
  { name: 'balance: 余 part', rule: bal, values: { 'total@2019': '1500', 'p1@2019': '1千余', 'p2@2019': '2', 'p3@2019': '3' }, expect: 'passed' },
  { name: 'balance: 余 part cannot reach', rule: bal, values: { 'total@2019': '3000', 'p1@2019': '1千余', 'p2@2019': '2', 'p3@2019': '3' }, expect: 'failed' },
  { name: 'balance: own tolerance', rule: { ...bal, tolerance: 1 }, values: { 'total@2019': '934', 'p1@2019': '1', 'p2@2019': '2', 'p3@2019': '932' }, expect: 'passed' },
  { name: 'balance: decimal money sums exactly', rule: { kind: 'balance', total: 'money', parts: ['money', 'money'] }, values: { 'money@2019': '0' }, expect: 'passed' },
  { name: 'balance: lag in the first period', rule: { kind: 'balance', total: 'total', parts: [{ indicator: 'total', lag: 1 }] }, values: { 'total@2018': '5', 'total@2019': '5' }, expect: 'passed', first: 'not_computable' },
  // ratio
  { name: 'ratio 1:14.7 = 104267 ÷ 7077', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '104267', 'teachers@2019': '7077' }, expect: 'passed' },
  { name: 'ratio 1:14.8 is off', rule: ratio, values: { 'ptr@2019': '1:14.8', 'students@2019': '104267', 'teachers@2019': '7077' }, expect: 'failed', code: 'rule.ratio' },
  { name: 'ratio at the upper rounding edge (14.75 exactly)', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '1475', 'teachers@2019': '100' }, expect: 'passed' },
  { name: 'ratio just past the upper edge', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '14751', 'teachers@2019': '1000' }, expect: 'failed' },
  { name: 'ratio at the lower edge', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '1465', 'teachers@2019': '100' }, expect: 'passed' },
  { name: 'ratio just below the lower edge', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '14649', 'teachers@2019': '1000' }, expect: 'failed' },
  { name: 'ratio: zero teachers', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '100', 'teachers@2019': '0' }, expect: 'not_computable', code: 'rule.not_computable.division_by_zero' },
  { name: 'ratio: na denominator', rule: ratio, values: { 'ptr@2019': '1:14.7', 'students@2019': '100', 'teachers@2019': '—' }, expect: 'not_computable', code: 'rule.not_computable.na' },
  { name: 'ratio: missing stated ratio', rule: ratio, values: { 'students@2019': '100', 'teachers@2019': '10' }, expect: 'not_computable', code: 'rule.not_computable.missing' },
  { name: 'ratio: missing as zero makes a zero denominator', rule: { ...ratio, missingAsZero: true }, values: { 'ptr@2019': '1:14.7', 'students@2019': '100' }, expect: 'not_computable', code: 'rule.not_computable.division_by_zero' },
  // share
  { name: 'share 25.0% = 1 ÷ 4', rule: share, values: { 'pct@2019': '25.0%', 'p1@2019': '1', 'total@2019': '4' }, expect: 'passed' },
  { name: 'share 33.3% = 1 ÷ 3', rule: share, values: { 'pct@2019': '33.3%', 'p1@2019': '1', 'total@2019': '3' }, expect: 'passed' },
  { name: 'share 33.4% ≠ 1 ÷ 3', rule: share, values: { 'pct@2019': '33.4%', 'p1@2019': '1', 'total@2019': '3' }, expect: 'failed', code: 'rule.share' },
  { name: 'share 92%以上 with 95 %', rule: share, values: { 'pct@2019': '92%以上', 'p1@2019': '95', 'total@2019': '100' }, expect: 'passed' },
  { name: 'share 92%以上 with 90 %', rule: share, values: { 'pct@2019': '92%以上', 'p1@2019': '90', 'total@2019': '100' }, expect: 'failed' },
  { name: 'share: whole is 0', rule: share, values: { 'pct@2019': '0%', 'p1@2019': '0', 'total@2019': '0' }, expect: 'not_computable', code: 'rule.not_computable.division_by_zero' },
  // split
  { name: 'split 55.5:44.5', rule: { kind: 'split', split: 'gvr' }, values: { 'gvr@2019': '55.5:44.5' }, expect: 'passed' },
  { name: 'split 55.5:44.6 holds at the rounding edge (55.45 + 44.55)', rule: { kind: 'split', split: 'gvr' }, values: { 'gvr@2019': '55.5:44.6' }, expect: 'passed' },
  { name: 'split 55.5:44.7', rule: { kind: 'split', split: 'gvr' }, values: { 'gvr@2019': '55.5:44.7' }, expect: 'failed', code: 'rule.split' },
  { name: 'split 55:45.0 (coarser rounding on one side)', rule: { kind: 'split', split: 'gvr' }, values: { 'gvr@2019': '55:45.0' }, expect: 'passed' },
  { name: 'split: na', rule: { kind: 'split', split: 'gvr' }, values: { 'gvr@2019': '—' }, expect: 'not_computable', code: 'rule.not_computable.na' },
  // order
  { name: 'order holds', rule: chain, values: { 'p1@2019': '3', 'p2@2019': '1', 'p3@2019': '304', 'total@2019': '1655' }, expect: 'passed' },
  { name: 'order: equal terms hold', rule: chain, values: { 'p1@2019': '3', 'p2@2019': '1', 'p3@2019': '4', 'total@2019': '4' }, expect: 'passed' },
  { name: 'order: sum term too big', rule: chain, values: { 'p1@2019': '300', 'p2@2019': '10', 'p3@2019': '304', 'total@2019': '1655' }, expect: 'failed', code: 'rule.order' },
  { name: 'order: last pair broken', rule: chain, values: { 'p1@2019': '3', 'p2@2019': '1', 'p3@2019': '304', 'total@2019': '300' }, expect: 'failed' },
  { name: 'order: 约 makes it satisfiable', rule: chain, values: { 'p1@2019': '3', 'p2@2019': '1', 'p3@2019': '约310', 'total@2019': '300' }, expect: 'passed' },
  { name: 'order: missing', rule: chain, values: { 'p1@2019': '3', 'p3@2019': '304', 'total@2019': '300' }, expect: 'not_computable' },
  // range
  { name: 'range: count ok', rule: { kind: 'range', indicators: ['total'], min: 0, integer: true }, values: { 'total@2019': '934' }, expect: 'passed' },
  { name: 'range: negative count', rule: { kind: 'range', indicators: ['total'], min: 0 }, values: { 'total@2019': '-1' }, expect: 'failed', code: 'rule.range.below' },
  { name: 'range: net rate above 100', rule: { kind: 'range', indicators: ['rate'], min: 0, max: 100 }, values: { 'rate@2019': '100.01%' }, expect: 'failed', code: 'rule.range.above' },
  { name: 'range: gross rate 115.02 within 150', rule: { kind: 'range', select: { kinds: ['percentage'], gross: true }, min: 0, max: 150 }, values: { 'ger@2019': '115.02%' }, expect: 'passed' },
  { name: 'range: gross rate 151 over 150', rule: { kind: 'range', select: { kinds: ['percentage'], gross: true }, min: 0, max: 150 }, values: { 'ger@2019': '151%' }, expect: 'failed' },
  { name: 'range: integer', rule: { kind: 'range', indicators: ['money'], integer: true }, values: { 'money@2019': '1.5' }, expect: 'failed', code: 'rule.range.integer' },
  // previous
  { name: 'increase 1655 − 1460 = 195', rule: inc, values: { 'students@2019': '1655', 'students@2018': '1460', 'inc@2019': '195' }, expect: 'passed', first: 'not_computable' },
  { name: 'increase off', rule: inc, values: { 'students@2019': '1655', 'students@2018': '1460', 'inc@2019': '196' }, expect: 'failed', code: 'rule.previous.increase' },
  { name: 'increase: last year missing', rule: inc, values: { 'students@2019': '1655', 'inc@2019': '195' }, expect: 'not_computable', code: 'rule.not_computable.missing' },
  { name: 'increase: last year na', rule: inc, values: { 'students@2019': '1655', 'students@2018': '—', 'inc@2019': '195' }, expect: 'not_computable', code: 'rule.not_computable.na' },
  { name: 'growth 3840 vs 2712 = 41.6 % → "42%"', rule: growth, values: { 'students@2019': '3840', 'students@2018': '2712', 'growth@2019': '42%' }, expect: 'passed' },
  { name: 'growth "43%" is off', rule: growth, values: { 'students@2019': '3840', 'students@2018': '2712', 'growth@2019': '43%' }, expect: 'failed', code: 'rule.previous.growth' },
  { name: 'growth from 0', rule: growth, values: { 'students@2019': '3840', 'students@2018': '0', 'growth@2019': '42%' }, expect: 'not_computable', code: 'rule.not_computable.division_by_zero' },
  { name: 'jump of 20 % is fine', rule: jump, values: { 'students@2019': '120', 'students@2018': '100' }, expect: 'passed' },
  { name: 'jump of 31 % warns', rule: jump, values: { 'students@2019': '131', 'students@2018': '100' }, expect: 'failed', code: 'rule.previous.jump' },
  { name: 'jump down 40 % warns', rule: jump, values: { 'students@2019': '60', 'students@2018': '100' }, expect: 'failed' },
  // linear
  { name: 'linear: p1 + 2·p2 = 5', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: 2 }], op: '=', constant: 5 }, values: { 'p1@2019': '1', 'p2@2019': '2' }, expect: 'passed' },
  { name: 'linear: p1 + 2·p2 = 6 fails', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: 2 }], op: '=', constant: 6 }, values: { 'p1@2019': '1', 'p2@2019': '2' }, expect: 'failed', code: 'rule.linear' },
  { name: 'linear: with tolerance', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: 2 }], op: '=', constant: 6, tolerance: 1 }, values: { 'p1@2019': '1', 'p2@2019': '2' }, expect: 'passed' },
  { name: 'linear: p1 − p2 ≤ 0', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: -1 }], op: '<=', constant: 0 }, values: { 'p1@2019': '1', 'p2@2019': '2' }, expect: 'passed' },
  { name: 'linear: p1 − p2 > 0 fails', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: -1 }], op: '>', constant: 0 }, values: { 'p1@2019': '2', 'p2@2019': '2' }, expect: 'failed' },
  { name: 'linear: p1 − p2 ≥ 0', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: -1 }], op: '>=', constant: 0 }, values: { 'p1@2019': '2', 'p2@2019': '2' }, expect: 'passed' },
  { name: 'linear: p1 − p2 < 0 fails', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p2', coef: -1 }], op: '<', constant: 0 }, values: { 'p1@2019': '2', 'p2@2019': '2' }, expect: 'failed' },
  { name: 'linear: this − last = inc (lag)', rule: { kind: 'linear', terms: [{ indicator: 'students', coef: 1 }, { indicator: 'students', coef: -1, lag: 1 }, { indicator: 'inc', coef: -1 }], op: '=', constant: 0 }, values: { 'students@2019': '10', 'students@2018': '7', 'inc@2019': '3' }, expect: 'passed', first: 'not_computable' },
  { name: 'linear: an 约 term widens the interval', rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: -2 }], op: '=', constant: -2080 }, values: { 'p1@2019': '约1000' }, expect: 'passed' },
];

describe('rule kinds (case table)', () => {
  it.each(CASES)('$name', (c) => {
    const rule = { id: 'r', severity: 'error', ...c.rule } as Rule;
    const { result } = run([rule], c.values);
    const o2019 = result.outcomes.filter((o) => o.period === '2019');
    expect(o2019.length).toBe(1);
    expect(o2019[0].outcome).toBe(c.expect);
    const f = result.findings.filter((x) => x.kind !== 'value' && x.period === '2019');
    if (c.expect === 'passed') expect(f).toEqual([]);
    else {
      expect(f.length).toBe(1);
      expect(f[0].outcome).toBe(c.expect);
      if (c.code) expect(f[0].code).toBe(c.code);
      expect(f[0].message.zh).not.toMatch(/\{\w+\}/);
      expect(f[0].message.en).not.toMatch(/\{\w+\}/);
    }
    if (c.first) {
      const o2018 = result.outcomes.find((o) => o.period === '2018' && o.ruleId === 'r');
      expect(o2018?.outcome).toBe(c.first);
    }
  });

  it('the first period of a lagged rule is "no previous period"', () => {
    const { result } = run([{ id: 'r', severity: 'error', ...inc } as Rule], { 'students@2018': '1' });
    const f = result.findings.find((x) => x.period === '2018')!;
    expect(f.code).toBe('rule.not_computable.no_previous');
    expect(f.message.zh).toContain('2018');
  });

  it('a range rule skips empty cells instead of listing them', () => {
    const { result } = run([{ id: 'r', severity: 'error', kind: 'range', select: { kinds: ['count'] }, min: 0 } as Rule], { 'total@2019': '1' });
    expect(result.outcomes).toEqual([{ ruleId: 'r', period: '2019', outcome: 'passed', cell: 'total@2019', actual: 1 }]);
    expect(result.counts).toEqual({ error: 0, warning: 0, explained: 0, notComputable: 0, passed: 1 });
  });

  it('a warning rule counts as a warning, with its reason', () => {
    const { result } = run([{ id: 'j', severity: 'warning', reason: '2019 年新建学校较多', ...jump } as Rule], { 'students@2019': '200', 'students@2018': '100' });
    expect(result.counts.warning).toBe(1);
    expect(result.counts.error).toBe(0);
    expect(result.findings[0].reason).toBe('2019 年新建学校较多');
  });
});
