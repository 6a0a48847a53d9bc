/**
 * Figures written as the report writes them: published decimals and notation, never more precision than
 * typed, qualifiers where each language puts them. Case table over the value kinds, and properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { figureText, numberText, typedDecimals } from '../../../src/core/report/index.ts';

const index = new CatalogIndex(CATALOG);
const write = (id: string, raw: string, lang: 'zh' | 'en' = 'zh', withUnit = true) => {
  const ind = index.indicator(id);
  const v = parseValue(raw, ind, index.unitOf(ind));
  expect(v.state).toBe('value');
  return figureText(v, ind, index.unitOf(ind), lang, withUnit);
};

describe('figureText', () => {
  it.each([
    ['schools_total', '934', '934所', '934 schools'],
    ['students_total', '541,261', '541261人', '541,261 persons'],
    ['students_total', '５４１２６１', '541261人', '541,261 persons'],
    ['ger_preschool', '98.23', '98.23%', '98.23%'],
    ['ger_preschool', '98.23%', '98.23%', '98.23%'],
    ['promotion_rate_primary', '100', '100%', '100%'],
    ['ger_preschool', '98.2', '98.2%', '98.2%'],
    ['ger_preschool', '98.234', '98.23%', '98.23%'],
    ['ptr_kindergarten', '1:14.7', '1:14.7', '1:14.7'],
    ['ptr_kindergarten', '14.73', '1:14.7', '1:14.7'],
    ['ptr_primary', '17.4:1', '1:17.4', '1:17.4'],
    ['general_vocational_ratio', '55.5:44.5', '55.5:44.5', '55.5:44.5'],
    ['preschool_places_new', '约9500', '约9500个', 'about 9,500 places'],
    ['share_teachers_72h_training', '92%以上', '92%以上', 'over 92%'],
    ['teacher_training_person_times', '1.6万', '1.6万人次', 'about 16,000 person-times'],
    ['teacher_training_person_times', '1千余', '1000余人次', 'more than 1,000 person-times'],
    ['univ_planned_investment', '52.08亿', '52.08亿元', '52.08 100m yuan'],
  ])('%s "%s" → %s / %s', (id, raw, zh, en) => {
    expect(write(id, raw, 'zh')).toBe(zh);
    expect(write(id, raw, 'en')).toBe(en);
  });

  it('without the unit word a count is the bare number; a rate keeps %, a ratio 1:', () => {
    expect(write('schools_total', '934', 'en', false)).toBe('934');
    expect(write('ger_preschool', '98.23', 'en', false)).toBe('98.23%');
    expect(write('ptr_primary', '1:17.4', 'zh', false)).toBe('1:17.4');
  });
});

describe('properties', () => {
  it('a count is written with exactly its digits (zh), grouped by thousands (en)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (n) => {
        expect(write('students_total', String(n), 'zh')).toBe(`${n}人`);
        expect(write('students_total', String(n), 'en', false).replace(/,/g, '')).toBe(String(n));
        expect(write('students_total', String(n), 'en', false)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });

  it('a rate typed with k ≤ published decimals is written back as typed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 2 }), (x, k) => {
        const raw = (x / 100).toFixed(k);
        expect(write('ger_preschool', raw)).toBe(`${raw}%`);
      }),
    );
  });

  it('typedDecimals and numberText agree: a number at its own decimals round-trips', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 3 }), (x, d) => {
        const s = numberText(x, d, 'zh');
        expect(typedDecimals(s)).toBe(d);
        expect(Number(numberText(Number(s), d, 'en').replace(/,/g, ''))).toBe(Number(s));
      }),
    );
  });
});
