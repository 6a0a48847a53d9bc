/**
 * Changes may be negative and ratios read the way they are written: what statisticians write for the
 * "比上年增加" (change) and growth-rate (growth) indicators, and for a 生师比 / 师生比.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Unit, ValueKind } from '../../../src/core/model/catalog.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { checkValue } from '../../../src/core/rules/values.ts';

const U = (zh: string): Unit => ({ id: zh, label: { zh, en: zh }, magnitude: 1 });
const person = U('人');
const pct = U('%');
const none = U('');

const cases: [raw: string, kind: ValueKind, unit: Unit, expected: Record<string, unknown>][] = [
  ['120', 'change', person, { state: 'value', n: 120, lo: 120, hi: 120 }],
  ['比上年增加120人', 'change', person, { state: 'value', n: 120 }],
  ['增加2,631', 'change', person, { state: 'value', n: 2631 }],
  ['比上年减少55人', 'change', person, { state: 'value', n: -55, lo: -55, hi: -55 }],
  ['减少55', 'change', person, { state: 'value', n: -55 }],
  ['较上年减少了55人', 'change', person, { state: 'value', n: -55 }],
  ['-55', 'change', person, { state: 'value', n: -55 }],
  ['\u221255', 'change', person, { state: 'value', n: -55 }],
  ['0', 'change', person, { state: 'value', n: 0 }],
  ['减少-55', 'change', person, { state: 'invalid', error: 'parse.not_a_number' }],
  ['减少很多', 'change', person, { state: 'invalid', error: 'parse.not_a_number' }],
  ['42%', 'growth', pct, { state: 'value', n: 42, lo: 41.5, hi: 42.5 }],
  ['增长42%', 'growth', pct, { state: 'value', n: 42 }],
  ['下降6%', 'growth', pct, { state: 'value', n: -6, lo: -6.5, hi: -5.5 }],
  ['-6%', 'growth', pct, { state: 'value', n: -6 }],
  ['比上年下降6.5%', 'growth', pct, { state: 'value', n: -6.5 }],
  ['1:17.4', 'ratio', none, { state: 'value', n: 17.4 }],
  ['17.4:1', 'ratio', none, { state: 'value', n: 17.4 }],
  ['17.4∶1', 'ratio', none, { state: 'value', n: 17.4 }],
  ['１７．４：１', 'ratio', none, { state: 'value', n: 17.4 }],
  ['17.4', 'ratio', none, { state: 'value', n: 17.4 }],
  ['0.06', 'ratio', none, { state: 'value', n: 0.06 }],
  ['29.4:2', 'ratio', none, { state: 'value', n: 14.7 }],
];

describe('signed changes, growth rates and ratios as written', () => {
  it.each(cases)('%s (%s)', (raw, kind, unit, expected) => {
    const v = parseValue(raw, { kind }, unit);
    expect(v).toMatchObject(expected);
    expect(v.raw).toBe(raw); // what was typed is kept
  });

  it('a decrease is a correct change and a fall is a correct growth rate (no per-value finding)', () => {
    expect(checkValue(parseValue('比上年减少55人', { kind: 'change' }, person), { kind: 'change' })).toBeNull();
    expect(checkValue(parseValue('下降6%', { kind: 'growth' }, pct), { kind: 'growth' })).toBeNull();
    // but a change is still a whole number of people, and nothing falls by more than all of it
    expect(checkValue(parseValue('减少5.5', { kind: 'change' }, person), { kind: 'change' })?.code).toBe('value.not_integer');
    expect(checkValue(parseValue('下降120%', { kind: 'growth' }, pct), { kind: 'growth' })?.code).toBe('value.below_min');
    // a count is still never negative
    expect(checkValue(parseValue('-55', { kind: 'count' }, person), { kind: 'count' })?.code).toBe('value.below_min');
  });

  it('"x:1", "1:x" and a bare x are the same figure for every ratio of two written decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 999 }), (tenths) => {
        const x = (tenths / 10).toFixed(1);
        const a = parseValue(`1:${x}`, { kind: 'ratio' }, none);
        const b = parseValue(`${x}:1`, { kind: 'ratio' }, none);
        const c = parseValue(x, { kind: 'ratio' }, none);
        expect([b.n, b.lo, b.hi]).toEqual([a.n, a.lo, a.hi]);
        expect([c.n, c.lo, c.hi]).toEqual([a.n, a.lo, a.hi]);
      }),
    );
  });
});
