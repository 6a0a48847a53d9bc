import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseValue } from '../../../src/core/parse/value.ts';
import type { Unit, ValueKind } from '../../../src/core/model/catalog.ts';

const U = (zh: string, magnitude = 1): Unit => ({ id: zh, label: { zh, en: zh }, magnitude });
const units = {
  school: U('所'),
  person: U('人'),
  pt: U('人次'),
  pct: U('%'),
  none: U(''),
  wan: U('万元', 1e4),
  yi: U('亿元', 1e8),
  mu: U('亩'),
};

type Case = [raw: string, kind: ValueKind, unit: Unit, expected: Record<string, unknown>];

// Each row: what a statistician writes → what the rules must read.
const cases: Case[] = [
  ['541261', 'count', units.person, { state: 'value', n: 541261, lo: 541261, hi: 541261 }],
  ['541,261', 'count', units.person, { state: 'value', n: 541261 }],
  ['５４１２６１', 'count', units.person, { state: 'value', n: 541261 }],
  ['５４１，２６１', 'count', units.person, { state: 'value', n: 541261 }],
  ['  934所 ', 'count', units.school, { state: 'value', n: 934 }],
  ['0', 'count', units.school, { state: 'value', n: 0, lo: 0, hi: 0 }],
  ['-5', 'count', units.school, { state: 'value', n: -5 }],
  ['1.6万', 'count', units.pt, { state: 'value', n: 16000, lo: 15500, hi: 16500 }],
  ['8.69万', 'count', units.pt, { state: 'value', n: 86900, lo: 86850, hi: 86950 }],
  ['8.69万人次', 'count', units.pt, { state: 'value', n: 86900 }],
  ['1.3万人', 'count', units.person, { state: 'value', n: 13000 }],
  ['52.08亿', 'money', units.yi, { state: 'value', n: 52.08, lo: 52.075, hi: 52.085 }],
  ['52.08亿元', 'money', units.yi, { state: 'value', n: 52.08 }],
  ['52.08', 'money', units.yi, { state: 'value', n: 52.08 }],
  ['4721万元', 'money', units.wan, { state: 'value', n: 4721, lo: 4720.5, hi: 4721.5 }],
  ['4721万元', 'money', units.yi, { state: 'value', n: 0.4721 }],
  ['1.66亿元', 'money', units.wan, { state: 'value', n: 16600 }],
  ['3500亩', 'area', units.mu, { state: 'value', n: 3500 }],
  ['98.23%', 'percentage', units.pct, { state: 'value', n: 98.23, lo: 98.225, hi: 98.235 }],
  ['98.23', 'percentage', units.pct, { state: 'value', n: 98.23 }],
  ['９８．２３％', 'percentage', units.pct, { state: 'value', n: 98.23 }],
  ['100%', 'percentage', units.pct, { state: 'value', n: 100, lo: 99.5, hi: 100.5 }],
  ['115.02%', 'percentage', units.pct, { state: 'value', n: 115.02 }],
  ['92%以上', 'percentage', units.pct, { state: 'value', n: 92, qualifier: 'over', hi: Infinity }],
  ['1:14.7', 'ratio', units.none, { state: 'value', n: 14.7, lo: 14.65, hi: 14.75 }],
  ['1：14.7', 'ratio', units.none, { state: 'value', n: 14.7 }],
  ['14.7', 'ratio', units.none, { state: 'value', n: 14.7 }],
  ['2:29.4', 'ratio', units.none, { state: 'value', n: 14.7 }],
  ['55.5:44.5', 'split', units.pct, { state: 'value', n: 55.5, n2: 44.5, lo: 55.45, hi2: 44.55 }],
  ['55.5：44.5', 'split', units.pct, { state: 'value', n: 55.5, n2: 44.5 }],
  ['约9500', 'count', units.none, { state: 'value', n: 9500, qualifier: 'about', lo: 9025, hi: 9975 }],
  ['约17860个', 'count', U('个'), { state: 'value', n: 17860, qualifier: 'about' }],
  ['1千余', 'count', units.person, { state: 'value', n: 1000, qualifier: 'odd', lo: 1000, hi: 2000 }],
  ['30余', 'count', units.person, { state: 'value', n: 30, qualifier: 'odd', lo: 30, hi: 40 }],
  ['近万', 'count', units.person, { state: 'invalid' }],
  ['', 'count', units.person, { state: 'empty' }],
  ['   ', 'count', units.person, { state: 'empty', raw: '   ' }],
  ['—', 'count', units.person, { state: 'na' }],
  ['-', 'count', units.person, { state: 'na' }],
  ['abc', 'count', units.person, { state: 'invalid', error: 'parse.not_a_number', raw: 'abc' }],
  ['1,5', 'count', units.person, { state: 'invalid' }],
  ['12.3.4', 'count', units.person, { state: 'invalid' }],
  ['1:14.7', 'count', units.person, { state: 'invalid', error: 'parse.colon_not_expected' }],
  ['50%', 'count', units.person, { state: 'invalid', error: 'parse.percent_not_expected' }],
  ['55.5', 'split', units.pct, { state: 'invalid', error: 'parse.split_needs_two' }],
  ['0:14.7', 'ratio', units.none, { state: 'invalid', error: 'parse.ratio_bad_base' }],
  // a number beyond a double's range is not ∞: kept as typed, flagged
  ['9'.repeat(400), 'count', units.person, { state: 'invalid', error: 'parse.out_of_range' }],
  ['9'.repeat(400), 'money', units.wan, { state: 'invalid', error: 'parse.out_of_range' }],
  [`${'9'.repeat(305)}亿`, 'count', units.pt, { state: 'invalid', error: 'parse.out_of_range' }],
  [`1:${'9'.repeat(400)}`, 'ratio', units.none, { state: 'invalid', error: 'parse.out_of_range' }],
  [`50:${'9'.repeat(400)}`, 'split', units.pct, { state: 'invalid', error: 'parse.out_of_range' }],
  ['9'.repeat(300), 'count', units.person, { state: 'value', n: 1e300 }],
  // a line break inside a figure ("1⏎8" from a quoted CSV cell) is not 18
  ['1\n8', 'count', units.person, { state: 'invalid', error: 'parse.line_break' }],
  ['1\r\n8', 'count', units.person, { state: 'invalid', error: 'parse.line_break' }],
  ['1,234\n5', 'count', units.person, { state: 'invalid', error: 'parse.line_break' }],
  ['1\u20288', 'count', units.person, { state: 'invalid', error: 'parse.line_break' }],
  [' 18\n', 'count', units.person, { state: 'value', n: 18 }],
];

describe('parseValue: values as people write them', () => {
  it.each(cases)('%s as %s', (raw, kind, unit, expected) => {
    const v = parseValue(raw, { kind }, unit);
    expect(v.raw).toBe(raw);
    for (const [k, want] of Object.entries(expected)) {
      const got = (v as unknown as Record<string, unknown>)[k];
      if (typeof want === 'number' && Number.isFinite(want)) expect(got, k).toBeCloseTo(want, 9);
      else expect(got, k).toBe(want);
    }
  });

  it('never loses what was typed: raw is kept and the state is one of the four', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<ValueKind>('count', 'percentage', 'ratio', 'split', 'money'), (raw, kind) => {
        const v = parseValue(raw, { kind }, units.person);
        expect(v.raw).toBe(raw);
        expect(['value', 'empty', 'na', 'invalid']).toContain(v.state);
        if (v.state === 'value') {
          expect(Number.isNaN(v.n)).toBe(false);
          expect(v.lo! <= v.n! && v.n! <= v.hi!).toBe(true);
        }
      }),
    );
  });

  it('never returns an infinite figure: any run of digits is a finite value or flagged out of range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.constantFrom('', '万', '亿'), fc.constantFrom<ValueKind>('count', 'money'), (digits, mag, kind) => {
        const v = parseValue(`${'9'.repeat(digits)}${mag}`, { kind }, units.person);
        if (v.state === 'value') expect(Number.isFinite(v.n) && Number.isFinite(v.lo) && Number.isFinite(v.hi)).toBe(true);
        else expect(v).toMatchObject({ state: 'invalid', error: 'parse.out_of_range' });
      }),
    );
  });

  it('reads back every integer written with or without thousands separators, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        expect(parseValue(String(n), { kind: 'count' }, units.person).n).toBe(n);
        expect(parseValue(n.toLocaleString('en-US'), { kind: 'count' }, units.person).n).toBe(n);
      }),
    );
  });

  it('scales 万 exactly (no float drift) for every two-decimal figure', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999999 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}万`;
        expect(parseValue(text, { kind: 'count' }, units.pt).n).toBe(cents * 100);
      }),
    );
  });
});
