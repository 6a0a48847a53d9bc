import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/core/rules/types.ts';
import { format, formatNumber, hasMessage } from '../../../src/core/i18n/format.ts';
import { MESSAGES_EN } from '../../../src/core/i18n/messages.en.ts';
import { MESSAGES_ZH } from '../../../src/core/i18n/messages.zh.ts';
import { run } from './helpers.ts';

describe('message tables', () => {
  it('have the same codes and the same placeholders in both languages', () => {
    expect(Object.keys(MESSAGES_EN).sort()).toEqual(Object.keys(MESSAGES_ZH).sort());
    const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const code of Object.keys(MESSAGES_ZH)) expect(names(MESSAGES_EN[code]), code).toEqual(names(MESSAGES_ZH[code]));
  });

  it.each([
    [934, '934'],
    [-1, '−1'],
    [14.733220291083793, '14.7332'],
    [0.1 + 0.2, '0.3'],
    [Infinity, '∞'],
    [-0.00001, '0'],
    [355063, '355,063'],
    [-1234567.5, '−1,234,567.5'],
  ])('formats %s as %s', (x, s) => expect(formatNumber(x)).toBe(s));

  it('fills Texts and lists of Texts per language', () => {
    const params = { total: { zh: '学校数', en: 'schools' }, parts: [{ zh: '甲', en: 'A' }, { zh: '乙', en: 'B' }], actual: 934, expected: 935, difference: -1 };
    expect(format('rule.balance', params, 'zh')).toBe('学校数 934 与分项之和 935 不符，相差 −1（分项：甲、乙）');
    expect(format('rule.balance', params, 'en')).toContain('parts: A, B');
  });

  it('shows an unknown code instead of failing', () => {
    expect(hasMessage('nope')).toBe(false);
    expect(format('nope', { a: 1 }, 'zh')).toContain('nope');
  });
});

const MESSAGE_CASES: { name: string; rule: Record<string, unknown>; values: Record<string, string>; zh: string[]; en: string[] }[] = [
  {
    name: 'balance names the total, the sum and the difference',
    rule: { kind: 'balance', total: 'total', parts: ['p1', 'p2'] },
    values: { 'total@2019': '934', 'p1@2019': '900', 'p2@2019': '35' },
    zh: ['2019年', '指标total 934 与分项之和 935 不符，相差 −1', '指标p1、指标p2'],
    en: ['indicator total 934', '935', '−1'],
  },
  {
    name: 'ratio shows the quotient',
    rule: { kind: 'ratio', ratio: 'ptr', numerator: 'students', denominator: 'teachers' },
    values: { 'ptr@2019': '1:14.8', 'students@2019': '104267', 'teachers@2019': '7077' },
    zh: ['1:14.8', '104,267', '7,077', '14.7332', '相差 +0.0668'],
    en: ['1:14.8', '14.7332'],
  },
  {
    name: 'share shows the percentage',
    rule: { kind: 'share', share: 'pct', part: 'p1', whole: 'total' },
    values: { 'pct@2019': '40.0%', 'p1@2019': '1', 'total@2019': '4' },
    zh: ['40%', '25%', '15 个百分点'],
    en: ['40%', '25%'],
  },
  {
    name: 'increase shows both years',
    rule: { kind: 'previous', mode: 'increase', indicator: 'students', stated: 'inc' },
    values: { 'students@2019': '1655', 'students@2018': '1460', 'inc@2019': '200' },
    zh: ['本年 1,655 − 2018年 1,460 = +195', '增减 +200', '相差 +5'],
    en: ['1,655', '1,460', '+195', '+200'],
  },
  {
    name: 'jump shows the change in percent',
    rule: { kind: 'previous', mode: 'jump', indicator: 'students', threshold: 0.3 },
    values: { 'students@2019': '150', 'students@2018': '100' },
    zh: ['变动 +50%', '30%'],
    en: ['+50%', '30%'],
  },
  {
    name: 'a fall keeps its minus sign',
    rule: { kind: 'previous', mode: 'jump', indicator: 'students', threshold: 0.3 },
    values: { 'students@2019': '60', 'students@2018': '100' },
    zh: ['变动 −40%', '30%'],
    en: ['a change of −40%'],
  },
  {
    name: 'order names both sides',
    rule: { kind: 'order', chain: ['p1', 'p2'] },
    values: { 'p1@2019': '10', 'p2@2019': '7' },
    zh: ['指标p1 10 应不大于 指标p2 7', '超出 3'],
    en: ['should not exceed'],
  },
  {
    name: 'a lagged cell carries its period',
    rule: { kind: 'linear', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p1', coef: -1, lag: 1 }], op: '<=', constant: 0 },
    values: { 'p1@2019': '10', 'p1@2018': '7' },
    zh: ['指标p1（2018年）', '应 ≤ 0', '3'],
    en: ['indicator p1 (2018)'],
  },
  {
    name: 'not computable names the missing cell',
    rule: { kind: 'balance', total: 'total', parts: ['p1', 'p2'] },
    values: { 'total@2019': '934', 'p1@2019': '900' },
    zh: ['无法计算', '指标p2 尚未填报'],
    en: ['cannot be computed', 'indicator p2 not reported yet'],
  },
  {
    name: 'division by zero names the divisor',
    rule: { kind: 'ratio', ratio: 'ptr', numerator: 'students', denominator: 'teachers' },
    values: { 'ptr@2019': '1:14.8', 'students@2019': '104267', 'teachers@2019': '0' },
    zh: ['指标teachers 为 0'],
    en: ['indicator teachers is 0'],
  },
];

describe('finding messages carry the numbers', () => {
  it.each(MESSAGE_CASES)('$name', (c) => {
    const { result } = run([{ id: 'r', severity: 'error', ...c.rule } as Rule], c.values);
    const f = result.findings.find((x) => x.period === '2019' && x.kind !== 'value')!;
    expect(f).toBeDefined();
    for (const s of c.zh) expect(f.message.zh).toContain(s);
    for (const s of c.en) expect(f.message.en).toContain(s);
  });

  it('a value that cannot be read says what was typed and what was expected', () => {
    const { result } = run([], { 'total@2019': '九百' });
    expect(result.findings).toHaveLength(1);
    const f = result.findings[0];
    expect(f).toMatchObject({ kind: 'value', severity: 'error', cells: ['total@2019'], code: 'value.unreadable' });
    expect(f.message.zh).toBe('2019年：指标total 的“九百”无法读取为计数（非负整数）：不是可识别的数字');
    expect(f.message.en).toContain('could not read "九百" as a count');
  });

  it('one number style in a message: every figure grouped by thousands, typed grouped or not; a change with its sign', () => {
    const digits = (m: string) => m.replace(/\d{4}年|^\d{4}:|\(\d{4}\)/g, '');
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9_999_999 }), fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999 }), fc.boolean(), (a, b, d, grouped) => {
        const total = b + a + d; // the parts are a and b: the total is d too many
        const typed = (x: number) => (grouped ? x.toLocaleString('en-US') : String(x));
        const { result } = run([{ id: 'r', severity: 'error', kind: 'balance', total: 'total', parts: ['p1', 'p2'] } as Rule], {
          'total@2019': typed(total),
          'p1@2019': typed(a),
          'p2@2019': String(b),
        });
        const f = result.findings.find((x) => x.code === 'rule.balance')!;
        for (const lang of ['zh', 'en'] as const) {
          const m = f.message[lang];
          // no figure of four or more digits without separators (years aside)
          expect(digits(m), m).not.toMatch(/\d{4,}/);
          expect(m).toContain(total.toLocaleString('en-US'));
          expect(m).toContain(`+${d.toLocaleString('en-US')}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
