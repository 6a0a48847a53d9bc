import { describe, expect, it } from 'vitest';
import { localise } from '../../../src/core/locate/localise.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { run } from '../rules/helpers.ts';

/**
 * When several fix sets are equally small (a total and its parts, nothing else to tell them apart), they
 * are ordered by how well each fixed value fits the figure's own past: a fix that makes a figure jump
 * goes after one that keeps it on its course, and the message says so.
 */
const BAL: Rule = { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] };
const PLAUSIBLE: Rule = { id: 'plausible', kind: 'plausible', severity: 'warning', indicators: ['total', 'p1', 'p2', 'p3'] };
// 2018 adds up (10000 = 5000 + 3000 + 2000); in 2019 p3 lost a digit's worth: 300 for about 2100
const LAST = { 'total@2018': '10000', 'p1@2018': '5000', 'p2@2018': '3000', 'p3@2018': '2000' };
const NOW = { 'total@2019': '10400', 'p1@2019': '5200', 'p2@2019': '3100', 'p3@2019': '300' };

const order = (rules: Rule[], values: Record<string, string>, periods = ['2018', '2019', '2020']) => {
  const { v } = run(rules, values, periods);
  const [loc] = localise(v);
  return { loc, cells: loc.sets.map((s) => s.cells.map((c) => `${c.cell}=${c.value}`).join('+')) };
};

describe('which figure: equally small fixes ranked by history', () => {
  it('without a history rule the options keep catalog order', () => {
    const { loc, cells } = order([BAL], { ...LAST, ...NOW });
    expect(loc.status).toBe('ambiguous');
    expect(cells).toEqual(['total@2019=8600', 'p1@2019=7000', 'p2@2019=4900', 'p3@2019=2100']);
    expect(loc.message.zh).not.toContain('历年');
  });

  it('with it, the fix that keeps each figure on its course comes first and the jumps go last, each with why', () => {
    const { loc, cells } = order([BAL, PLAUSIBLE], { ...LAST, ...NOW });
    expect(loc.status).toBe('ambiguous');
    // p3 2000 → 2100 (+5 %), total 10000 → 8600 (−14 %), p1 5000 → 7000 (+40 %), p2 3000 → 4900 (+63 %)
    expect(cells).toEqual(['p3@2019=2100', 'total@2019=8600', 'p1@2019=7000', 'p2@2019=4900']);
    expect(loc.message.zh).toContain('按改后数值与各指标历年数据的吻合程度排列');
    const [first, , , last] = loc.sets.map((s) => s.cells[0]);
    expect(first.message.zh).toContain('改后2019年较2018年变动 +5%，在该指标历年变动范围内');
    expect(last.message.zh).toContain('改后2019年较2018年变动 +63.3%，与该指标历年变动不符');
    expect(first.history!.ratio).toBeLessThan(1);
    expect(last.history!.ratio).toBeGreaterThan(1);
  });

  it('a fix that makes a figure jump eightfold goes last even when its cell comes first', () => {
    // total 2018 = 1000: fixing the 2019 total to the parts' sum 8000 is an eightfold jump
    const NONNEG: Rule = { id: 'nonneg', kind: 'range', severity: 'error', select: { kinds: ['count'] }, min: 0 };
    const values = { 'total@2018': '1000', 'p1@2018': '500', 'p2@2018': '300', 'p3@2018': '200', 'total@2019': '1050', 'p1@2019': '7450', 'p2@2019': '310', 'p3@2019': '240' };
    expect(order([BAL, NONNEG], values).cells).toEqual(['total@2019=8000', 'p1@2019=500']);
    const { cells, loc } = order([BAL, NONNEG, PLAUSIBLE], values);
    expect(cells).toEqual(['p1@2019=500', 'total@2019=8000']);
    expect(loc.sets[loc.sets.length - 1].cells[0].message.zh).toContain('变动 +700%');
  });

  it('the ranking also reads the year after: a fix that breaks next year\'s course counts too', () => {
    // 2019 is 220 short (no single fix is a typing slip); each is plausible against 2018:
    // total +1.8 % and p2 +5 % (within a count's absolute floor), p1 +7.6 %, p3 +15.5 %
    const values = { ...LAST, 'total@2019': '10400', 'p1@2019': '5160', 'p2@2019': '2930', 'p3@2019': '2090' };
    expect(order([BAL, PLAUSIBLE], values).cells).toEqual(['total@2019=10180', 'p2@2019=3150', 'p1@2019=5380', 'p3@2019=2310']);
    // 2020 has p1 at 4000: 5380 → 4000 (−25.7 %) would be out of line, so that fix moves to the end
    const { cells, loc } = order([BAL, PLAUSIBLE], { ...values, 'p1@2020': '4000' });
    expect(cells).toEqual(['total@2019=10180', 'p2@2019=3150', 'p3@2019=2310', 'p1@2019=5380']);
    expect(loc.sets[3].cells[0].message.zh).toContain('改后2020年较2019年变动 −25.7%');
  });
});
