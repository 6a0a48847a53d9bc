import { describe, expect, it } from 'vitest';
import { localise, MAX_FAILING_TOTAL, suspectsByCell } from '../../../src/core/locate/localise.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { CATALOG, key, parse, ruleFile, run, workbook } from '../rules/helpers.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';

const B: Rule = { id: 'B', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] };
const NONNEG: Rule = { id: 'N', kind: 'range', severity: 'error', indicators: ['total', 'p1', 'p2', 'p3', 'students', 'teachers'], min: 0, integer: true };
const O12: Rule = { id: 'O', kind: 'order', severity: 'error', chain: ['p1', 'p2'] };
const R: Rule = { id: 'R', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' };
const L13: Rule = { id: 'L', kind: 'linear', severity: 'error', terms: [{ indicator: 'p1', coef: 1 }, { indicator: 'p3', coef: -1 }], op: '=', constant: -3 };
const GOOD = { 'total@2019': '10', 'p1@2019': '2', 'p2@2019': '3', 'p3@2019': '5', 'students@2019': '1000', 'teachers@2019': '50', 'ptr@2019': '1:20.0' };

function locate(rules: Rule[], edits: Record<string, string>, opts?: Parameters<typeof localise>[1]) {
  const { v } = run(rules, { ...GOOD, ...edits });
  return localise(v, opts);
}

/** Each set as "cell=value" (or "cell∈[lo,hi]"), for comparing with a table. */
function sets(rules: Rule[], edits: Record<string, string>, opts?: Parameters<typeof localise>[1]) {
  const locs = locate(rules, edits, opts);
  return locs.map((l) => ({
    status: l.status,
    sets: l.sets.map((s) => s.cells.map((c) => `${c.cell.replace('@2019', '')}=${c.value ?? `[${c.range!.lo},${c.range!.hi}]`}`).join(' ')),
  }));
}

describe('localise', () => {
  it('finds nothing to localise when every error rule holds', () => {
    expect(locate([B, NONNEG, O12, R], {})).toEqual([]);
  });

  it.each<{ name: string; rules: Rule[]; edits: Record<string, string>; opts?: Parameters<typeof localise>[1]; want: unknown }>([
    {
      name: 'a part in two failing rules is the only single cell that fixes both',
      rules: [B, NONNEG, O12],
      edits: { 'p1@2019': '7' },
      want: [{ status: 'unique', sets: ['p1=2'] }],
    },
    {
      name: 'a total alone: every cell of the balance could be it (a part that would go negative cannot)',
      rules: [B, NONNEG],
      edits: { 'p1@2019': '7' },
      want: [{ status: 'ambiguous', sets: ['total=15', 'p1=2', 'p3=0'] }],
    },
    {
      name: 'a rule that passes now is not broken: p1 cannot grow past p2',
      rules: [B, NONNEG, O12],
      edits: { 'total@2019': '13' },
      want: [{ status: 'ambiguous', sets: ['total=10', 'p2=6', 'p3=8'] }],
    },
    {
      name: 'a stated ratio typed with two digits swapped is the one to change when its parts weigh more',
      rules: [R],
      edits: { 'ptr@2019': '1:2.0' },
      opts: { weight: (ind: { id: string }) => (ind.id === 'ptr' ? 1 : 2) },
      want: [{ status: 'unique', sets: ['ptr=20'] }],
    },
    {
      name: 'with equal weights a ratio could be wrong in any of its three figures',
      rules: [R],
      edits: { 'ptr@2019': '1:2.0' },
      want: [{ status: 'ambiguous', sets: ['students=100', 'teachers=500', 'ptr=20'] }],
    },
    {
      name: 'slips first (50 → 40, 25 → 20), then the range the rules leave (students = 25 × 50 at the rounding of 25.0)',
      rules: [R],
      edits: { 'ptr@2019': '1:25.0' },
      want: [{ status: 'ambiguous', sets: ['teachers=40', 'ptr=20', 'students=[1247.5,1252.5]'] }],
    },
  ])('$name', ({ rules, edits, opts, want }) => {
    expect(sets(rules, edits, opts)).toEqual(want);
  });

  it("the catalog's weight makes a figure costlier to suspect (default 1: a total as trustworthy as its parts)", () => {
    const wb = workbook({ ...GOOD, 'ptr@2019': '1:2.0' });
    wb.setCatalog({ ...CATALOG, indicators: CATALOG.indicators.map((i) => (i.id === 'students' || i.id === 'teachers' ? { ...i, weight: 2 } : i)) });
    const v = compileRules(ruleFile(R), wb);
    v.validateAll();
    expect(localise(v).map((l) => [l.status, l.sets.map((x) => x.cells.map((c) => c.cell))])).toEqual([['unique', [[key('ptr')]]]]);
  });

  it('two wrong figures: no single cell works; the true pair is among the smallest pairs with the values it implies', () => {
    const edits = { 'p2@2019': '4', 'p3@2019': '6' };
    const single = locate([B, L13, NONNEG], edits, { maxCells: 1 });
    expect(single.map((l) => l.status)).toEqual(['none']);
    const [loc] = sets([B, L13, NONNEG], edits);
    expect(loc.status).toBe('ambiguous');
    expect(loc.sets).toContain('p2=3 p3=5');
    expect(loc.sets.every((s) => s.split(' ').length === 2)).toBe(true);
  });

  it('names the slip and keeps the writing style of the cell', () => {
    // 1,005 = 15 + 800 + 190, typed as 1,050
    const { v } = run([B, NONNEG, O12], { ...GOOD, 'total@2019': '1,050', 'p1@2019': '15', 'p2@2019': '800', 'p3@2019': '190' });
    const [loc] = localise(v);
    const total = loc.sets.flatMap((s) => s.cells).find((c) => c.cell === key('total'))!;
    expect(total).toMatchObject({ value: 1005, raw: '1,005', slip: 'transposition', current: 1050 });
    expect(total.message.zh).toContain('是否把 1,005 输成了 1,050');
    expect(total.message.en).toContain('1,005 entered as 1,050');
    // the slip-explained set comes first among the equally small ones
    expect(loc.sets[0].cells[0].cell).toBe(key('total'));
  });

  it('leaves the slots and the outcomes exactly as they were', () => {
    const { v } = run([B, NONNEG, O12, R], { ...GOOD, 'p1@2019': '7', 'ptr@2019': '1:2.0' });
    const iv = v.slots.iv.slice();
    const outcomes = v.plan.plans.map((p) => p.outcome.slice());
    const locs = localise(v);
    expect(locs.length).toBe(2);
    expect(v.slots.iv).toEqual(iv);
    expect(v.plan.plans.map((p) => p.outcome)).toEqual(outcomes);
  });

  it('too many failing rules: nothing is localised (a wrong column, not a handful of slips)', () => {
    const many = Array.from({ length: MAX_FAILING_TOTAL + 1 }, (_, i): Rule => ({ ...B, id: `B${i}` }));
    expect(locate(many, { 'p1@2019': '7' })).toEqual([]);
    expect(locate(many.slice(0, 3), { 'p1@2019': '7' })).toHaveLength(1);
  });

  it('reuse: a group away from the edited cells keeps its localisation; a group next to them is solved again', () => {
    const { v } = run([B, NONNEG, O12, R], { ...GOOD, 'p1@2019': '7', 'ptr@2019': '1:2.0' });
    const first = localise(v);
    expect(first).toHaveLength(2);
    const ratioGroup = first.find((l) => l.id.startsWith('R'))!;
    const balanceGroup = first.find((l) => l.id.startsWith('B'))!;
    // an edit of teachers (read by the ratio): the balance group is reused as is, the ratio group is not
    v.workbook.apply([{ key: key('teachers'), after: parse(key('teachers'), '40') }]);
    v.update([key('teachers')]);
    const again = localise(v, {}, { previous: first, changed: [key('teachers')] });
    expect(again.find((l) => l.id === balanceGroup.id)).toBe(balanceGroup);
    const ratioAgain = again.find((l) => l.id === ratioGroup.id)!;
    expect(ratioAgain).not.toBe(ratioGroup);
    expect(ratioAgain).toEqual(localise(v).find((l) => l.id === ratioGroup.id));
  });

  it('warnings are not localised', () => {
    const warn: Rule = { ...B, id: 'W', severity: 'warning' };
    expect(locate([warn], { 'p1@2019': '7' })).toEqual([]);
  });

  it('suspectsByCell lists every suggestion for a cell', () => {
    const locs = locate([B, NONNEG], { 'p1@2019': '7' });
    const map = suspectsByCell(locs);
    expect([...map.keys()].sort()).toEqual([key('p1'), key('p3'), key('total')].sort());
    expect(map.get(key('p1'))!.suggestions[0].value).toBe(2);
  });
});
