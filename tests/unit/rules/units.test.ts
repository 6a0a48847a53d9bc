import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { deriveAll, deriveFor, isDerivedCell, rollupKind, rollupSpecs } from '../../../src/core/rules/rollup.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { applyAndCompare, CATALOG, cellsOf, editOf, parse, ruleFile, TREE_RULES, valuesOf, workbook } from './helpers.ts';

const u = (id: string, parent: string, level: ReportingUnit['level'], mode: ReportingUnit['mode'] = 'reported'): ReportingUnit => ({
  id,
  name: { zh: `${id}县`, en: `County ${id}` },
  parent,
  level,
  mode,
});

/** city → a, b; b → s1, s2 (schools). */
function tree(wb: Workbook, modes: Partial<Record<string, ReportingUnit['mode']>> = {}): Workbook {
  wb.units.add(u('a', 'city', 'county', modes.a));
  wb.units.add(u('b', 'city', 'county', modes.b));
  wb.units.add(u('s1', 'b', 'school'));
  wb.units.add(u('s2', 'b', 'school'));
  if (modes.city) wb.units.setMode('city', modes.city);
  return wb;
}

/** Values keyed "indicator@period" (city) or "indicator@period#unit". */
function wbWith(values: Record<string, string>, periods = ['2019'], modes: Partial<Record<string, ReportingUnit['mode']>> = {}): Workbook {
  const wb = tree(workbook({}, periods), modes);
  wb.apply(Object.entries(values).map(([key, raw]) => ({ key, after: parse(key, raw) })));
  return wb;
}

const BAL: Rule = { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] };
const RAT: Rule = { id: 'rat', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' };

describe('rollupKind / rollupSpecs', () => {
  const byId = (id: string) => CATALOG.indicators.find((i) => i.id === id)!;
  it.each([
    ['total', 'sum'],
    ['money', 'sum'],
    ['ptr', 'recompute'],
    ['rate', 'none'],
    ['gvr', 'none'],
  ] as const)('%s → %s (with the ratio rule)', (id, kind) => {
    expect(rollupKind(byId(id), ruleFile(RAT))).toBe(kind);
  });
  it('a ratio without a rule giving its components is not rolled up', () => {
    expect(rollupKind(byId('ptr'))).toBe('none');
    const wb = workbook({});
    expect(rollupSpecs(wb.index, ruleFile()).some((s) => s.indicator === 'ptr')).toBe(false);
    expect(rollupSpecs(wb.index, ruleFile(RAT)).find((s) => s.indicator === 'ptr')).toEqual({ indicator: 'ptr', kind: 'recompute', numerator: 'students', denominator: 'teachers', scale: 1 });
  });
});

describe('rules per unit and roll-ups', () => {
  it('a city-only workbook has no roll-up instance and its findings carry no unit', () => {
    const v = compileRules(ruleFile(BAL), workbook({ 'total@2019': '10', 'p1@2019': '1', 'p2@2019': '2', 'p3@2019': '3' }, ['2019']));
    const r = v.validateAll();
    expect(r.findings.map((f) => f.id)).toEqual(['bal|2019']);
    expect(r.findings[0].unit).toBeUndefined();
    expect(v.plan.plans[v.plan.kinds.findIndex((k) => k.name === 'rollup')].size).toBe(0);
  });

  it('checks every rule per unit: a county balance that fails names the county', () => {
    const wb = wbWith({ 'total@2019#a': '10', 'p1@2019#a': '1', 'p2@2019#a': '2', 'p3@2019#a': '3' });
    const r = compileRules(ruleFile(BAL), wb).validateAll();
    const f = r.findings.find((x) => x.ruleId === 'bal')!;
    expect(f).toMatchObject({ id: 'bal|2019#a', unit: 'a', cells: ['total@2019#a', 'p1@2019#a', 'p2@2019#a', 'p3@2019#a'], expected: 6, actual: 10 });
    expect(f.message.zh).toMatch(/^2019年 a县：/);
  });

  it('parent = Σ children for a count: fails with parent, children and difference; the units that have nothing are quiet', () => {
    const wb = wbWith({ 'students@2019': '100', 'students@2019#a': '40', 'students@2019#b': '50', 'students@2019#s1': '20', 'students@2019#s2': '30' });
    const v = compileRules(ruleFile(), wb);
    const r = v.validateAll();
    expect(r.findings.map((f) => f.id)).toEqual(['rollup.students|2019']);
    const f = r.findings[0];
    expect(f).toMatchObject({ kind: 'rollup', ruleId: 'rollup.students', severity: 'error', expected: 90, actual: 100, difference: 10 });
    expect(f.unit).toBeUndefined(); // the parent is the city
    expect(f.cells).toEqual(['students@2019', 'students@2019#a', 'students@2019#b']);
    expect(f.message.zh).toContain('全市指标students 100 与下级单位合计 90 不符，相差 +10（下级单位：a县、b县）');
    // b = s1 + s2 holds: passed, counted for b
    expect(v.counts('b')).toMatchObject({ passed: 1, error: 0 });
    expect(v.counts('city')).toMatchObject({ error: 1 });
    expect(r.outcomes.find((o) => o.ruleId === 'rollup.students' && o.unit === 'b')).toMatchObject({ outcome: 'passed', expected: 50, actual: 50 });
  });

  it.each([
    ['exact sum', { p: '90', a: '40', b: '50' }, 'passed'],
    ['rounded 万 parent holds within its interval', { p: '9万', a: '41000', b: '49500' }, 'passed'],
    ['约 child widens the sum', { p: '95', a: '约40', b: '50' }, 'failed'],
    ['na child counts as 0', { p: '40', a: '40', b: '—' }, 'passed'],
    ['a child not reported: not computable', { p: '40', a: '40', b: '' }, 'not_computable'],
    ['nothing reported below: quiet', { p: '40', a: '', b: '' }, undefined],
    ['the parent not reported yet: quiet', { p: '', a: '40', b: '50' }, undefined],
  ])('%s', (_name, v, outcome) => {
    const values: Record<string, string> = {};
    if (v.p) values['students@2019'] = v.p;
    if (v.a) values['students@2019#a'] = v.a;
    if (v.b) values['students@2019#b'] = v.b;
    const r = compileRules(ruleFile(), wbWith(values)).validateAll();
    expect(r.outcomes.find((o) => o.ruleId === 'rollup.students' && !o.unit)?.outcome).toBe(outcome);
  });

  it('a ratio is recomputed from summed components, never averaged', () => {
    // a: 100/10 = 10, b: 300/10... b = 900/30 = 30; mean of ratios 20, pooled 1000/40 = 25
    const base = { 'students@2019#a': '100', 'teachers@2019#a': '10', 'ptr@2019#a': '1:10', 'students@2019#b': '900', 'teachers@2019#b': '30', 'ptr@2019#b': '1:30' };
    const pooled = compileRules(ruleFile(RAT), wbWith({ ...base, 'students@2019': '1000', 'teachers@2019': '40', 'ptr@2019': '1:25' })).validateAll();
    expect(pooled.counts.error).toBe(0);
    const averaged = compileRules(ruleFile(RAT), wbWith({ ...base, 'students@2019': '1000', 'teachers@2019': '40', 'ptr@2019': '1:20' })).validateAll();
    const f = averaged.findings.find((x) => x.ruleId === 'rollup.ptr')!;
    expect(f).toMatchObject({ kind: 'rollup', expected: 25, actual: 20 });
    expect(f.params).toMatchObject({ numeratorValue: 1000, denominatorValue: 40 });
  });

  it('a rate without components is not rolled up', () => {
    const r = compileRules(ruleFile(), wbWith({ 'rate@2019': '90', 'rate@2019#a': '10', 'rate@2019#b': '20' })).validateAll();
    expect(r.outcomes.some((o) => o.ruleId === 'rollup.rate')).toBe(false);
    expect(r.findings).toEqual([]);
  });

  it('a value check outside the city carries the unit', () => {
    const r = compileRules(ruleFile(), wbWith({ 'students@2019#s1': 'abc' })).validateAll();
    expect(r.findings.find((f) => f.kind === 'value')).toMatchObject({ id: 'value|students@2019#s1', unit: 's1', cells: ['students@2019#s1'] });
  });

  it('an edit of a school re-checks its county roll-up and the county rules incrementally', () => {
    const wb = wbWith({ 'students@2019#b': '50', 'students@2019#s1': '20', 'students@2019#s2': '30' });
    const v = compileRules(ruleFile(), wb);
    expect(v.validateAll().findings).toEqual([]);
    wb.apply([{ key: 'students@2019#s2', after: parse('students@2019#s2', '31') }]);
    const d = v.update(['students@2019#s2']);
    expect(d.added.map((f) => f.id)).toEqual(['rollup.students|2019#b']);
    expect(d.removed).toEqual([]);
    wb.apply([{ key: 'students@2019#s2', after: parse('students@2019#s2', '30') }]);
    expect(v.update(['students@2019#s2']).removed).toEqual(['rollup.students|2019#b']);
  });
});

const PERIODS = ['2018', '2019'];
const UNITS = ['city', 'a', 'b', 's1', 's2'];
const edit = editOf(cellsOf(PERIODS, UNITS));

describe('incremental update across units', () => {
  it('equals a full re-validation after random edits anywhere in the tree', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 60 }), fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (initial, batches) => {
        const wb = wbWith(valuesOf(initial), PERIODS);
        const rules = ruleFile(...TREE_RULES);
        const v = compileRules(rules, wb);
        const current = new Map(v.validateAll().findings.map((f) => [f.id, f]));
        for (const batch of batches) applyAndCompare(wb, v, rules, batch, current);
      }),
      { numRuns: 50 },
    );
  });
});

describe('derived parents', () => {
  it('deriveAll computes a derived county from its schools and a derived city from its counties, bottom-up', () => {
    const wb = wbWith({ 'students@2019#a': '40', 'students@2019#s1': '20', 'students@2019#s2': '约30', 'teachers@2019#a': '4', 'teachers@2019#s1': '2', 'teachers@2019#s2': '3' }, ['2019'], { b: 'derived', city: 'derived' });
    const changes = deriveAll(wb, ruleFile(RAT));
    const byKey = new Map(changes.map((c) => [c.key, c.after]));
    expect(byKey.get('students@2019#b')).toMatchObject({ raw: '约50', state: 'value', n: 50 });
    // 约30 widens the derived sum's interval
    expect(byKey.get('students@2019#b')!.lo!).toBeLessThan(50);
    expect(byKey.get('students@2019')).toMatchObject({ raw: '约90', n: 90 });
    expect(byKey.get('teachers@2019')).toMatchObject({ raw: '9', n: 9 });
    // ratio from the summed components: 90 / 9 = 10 (a's and b's own ratios are not averaged)
    expect(byKey.get('ptr@2019')).toMatchObject({ raw: '1:10', n: 10 });
    expect(byKey.get('ptr@2019#b')).toMatchObject({ raw: '1:10', n: 10 });
    // p1 has no child values: nothing to derive, no change
    expect(byKey.has('p1@2019')).toBe(false);
    wb.apply(changes);
    expect(deriveAll(wb, ruleFile(RAT))).toEqual([]);
    const r = compileRules(ruleFile(RAT), wb).validateAll();
    expect(r.findings.filter((f) => f.kind === 'rollup')).toEqual([]);
    expect(isDerivedCell(wb, 'students@2019', ruleFile(RAT))).toBe(true);
    expect(isDerivedCell(wb, 'rate@2019', ruleFile(RAT))).toBe(false);
    expect(isDerivedCell(wb, 'students@2019#a', ruleFile(RAT))).toBe(false);
  });

  it('deriveFor follows one school edit up the derived chain, and stops at a reported parent', () => {
    const wb = wbWith({ 'students@2019#a': '40', 'students@2019#s1': '20', 'students@2019#s2': '30', 'teachers@2019#a': '4', 'teachers@2019#s1': '2', 'teachers@2019#s2': '3' }, ['2019'], { b: 'derived', city: 'derived' });
    wb.apply(deriveAll(wb, ruleFile(RAT)));
    wb.apply([{ key: 'teachers@2019#s2', after: parse('teachers@2019#s2', '8') }]);
    const d = deriveFor(wb, ['teachers@2019#s2'], ruleFile(RAT));
    expect(new Map(d.map((c) => [c.key, c.after.raw]))).toEqual(
      new Map([
        ['teachers@2019#b', '10'],
        ['ptr@2019#b', '1:5'],
        ['teachers@2019', '14'],
        ['ptr@2019', '1:6.4'],
      ]),
    );
    wb.units.setMode('b', 'reported');
    expect(deriveFor(wb, ['teachers@2019#s2'], ruleFile(RAT))).toEqual([]);
  });

  it('a derived parent keeps its own figure of what no unit reports (nothing to derive it from)', () => {
    const wb = wbWith({ 'students@2019': '99', 'teachers@2019#a': '4', 'teachers@2019#b': '5' }, ['2019'], { city: 'derived' });
    const d = deriveAll(wb);
    expect(d.find((c) => c.key === 'students@2019')).toBeUndefined();
    expect(d.find((c) => c.key === 'teachers@2019')?.after.raw).toBe('9');
  });

  it('a derived parent stays empty while a child has not reported', () => {
    const wb = wbWith({ 'students@2019#a': '40' }, ['2019'], { city: 'derived' });
    expect(deriveAll(wb).find((c) => c.key === 'students@2019')).toBeUndefined();
    wb.apply([{ key: 'students@2019', after: parse('students@2019', '99') }]);
    expect(deriveAll(wb).find((c) => c.key === 'students@2019')?.after.state).toBe('empty');
  });
});
