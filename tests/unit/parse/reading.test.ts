import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { formatNumber, formatSigned } from '../../../src/core/i18n/format.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { readingOf } from '../../../src/core/parse/reading.ts';
import { parseValue } from '../../../src/core/parse/value.ts';

const idx = new CatalogIndex(CATALOG);
const read = (raw: string, id: string) => {
  const ind = idx.indicator(id);
  return readingOf(parseValue(raw, ind, idx.unitOf(ind)), ind, idx.unitOf(ind));
};

// what a statistician types → what the status bar and tooltip say the workbook read (zh, en)
const CASES: [raw: string, indicator: string, kind: 'value' | 'na' | 'invalid', zh: string, en: string][] = [
  ['1.2万', 'students_total', 'value', '12,000 人', '12,000 persons'],
  ['541261', 'students_total', 'value', '541,261 人', '541,261 persons'],
  ['560,120', 'students_total', 'value', '560,120 人', '560,120 persons'],
  ['５４１', 'students_total', 'value', '541 人', '541 persons'],
  ['约12', 'schools_total', 'value', '约 12 所', 'about 12 schools'],
  ['1', 'schools_total', 'value', '1 所', '1 school'],
  ['1千余', 'students_total', 'value', '1,000 余人', 'over 1,000 persons'],
  ['10所以上', 'schools_total', 'value', '10 所以上', '10 schools or more'],
  ['92%以上', 'ger_preschool', 'value', '92% 以上', '92% or more'],
  ['98.23%', 'ger_preschool', 'value', '98.23%', '98.23%'],
  ['1:14.7', 'ptr_kindergarten', 'value', '1:14.7', '1:14.7'],
  ['17.4:1', 'ptr_kindergarten', 'value', '1:17.4', '1:17.4'],
  ['55.5:44.5', 'general_vocational_ratio', 'value', '55.5:44.5', '55.5:44.5'],
  ['比上年减少55人', 'gaokao_priority_passes_increase', 'value', '−55 人', '−55 persons'],
  ['增加120', 'gaokao_priority_passes_increase', 'value', '+120 人', '+120 persons'],
  ['-6%', 'student_loan_borrowers_growth', 'value', '−6%', '−6%'],
  ['1.6亿', 'univ_planned_investment', 'value', '1.6 亿元', '1.6 100m yuan'],
  ['1.6亿', 'aid_registered_poor_amount', 'value', '16,000 万元', '16,000 10k yuan'],
  ['—', 'students_total', 'na', '不适用', 'not applicable'],
  ['-', 'schools_total', 'na', '不适用', 'not applicable'],
  ['54万多人口', 'students_total', 'invalid', '不是可识别的数字', 'not a number we can read'],
  ['1\n8', 'students_total', 'invalid', '数值中有换行（可能是两个数被合在一格），请分开填写', ''],
  ['12%', 'students_total', 'invalid', '此指标不是百分比，不应带“%”', ''],
];

describe('the reading of a figure (what the workbook understood)', () => {
  it.each(CASES)('%j for %s: %s “%s”', (raw, id, kind, zh, en) => {
    const r = read(raw, id);
    expect(r?.kind).toBe(kind);
    expect(r?.text.zh).toBe(zh);
    if (en) expect(r?.text.en).toBe(en);
    else expect(r?.text.en).toMatch(/^[ -~“”‘’]+$/); // an English reason, not the Chinese one
  });

  it('an empty cell has no reading', () => {
    expect(read('', 'students_total')).toBeNull();
    expect(read('  ', 'students_total')).toBeNull();
  });

  it('one style for every way of typing a count: the same grouped digits for n, 1,234,567-style, full-width and 万', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.constantFrom('plain', 'grouped', 'fullwidth'), (n, style) => {
        const plain = String(n);
        const raw = style === 'plain' ? plain : style === 'grouped' ? n.toLocaleString('en-US') : plain.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
        const r = read(raw, 'students_total');
        expect(r?.kind).toBe('value');
        expect(r!.text.zh).toBe(`${n.toLocaleString('en-US')} 人`);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (k) => {
        // k/10 万 = k × 1,000
        const r = read(`${k / 10}万`, 'students_total');
        expect(r!.text.zh).toBe(`${(k * 1000).toLocaleString('en-US')} 人`);
      }),
    );
  });

  it('formatNumber: separators, at most 4 decimals, a true minus sign, no −0; formatSigned: + on a rise', () => {
    const xs = [12000, 541261, 98.5, 1 / 3, -55, -0.00001, 0, 1234567.891, Infinity, -Infinity];
    expect(xs.map((x) => formatNumber(x))).toEqual(['12,000', '541,261', '98.5', '0.3333', '−55', '0', '0', '1,234,567.891', '∞', '−∞']);
    expect(xs.map((x) => formatSigned(x))).toEqual(['+12,000', '+541,261', '+98.5', '+0.3333', '−55', '0', '0', '+1,234,567.891', '+∞', '−∞']);
    expect(formatNumber(2.345678, 1)).toBe('2.3');
  });
});
