import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { deriveAll } from '../../../src/core/rules/rollup.ts';
import { assessCompleteness, unitSummary, type Completeness } from '../../../src/core/rules/completeness.ts';
import { isOptional } from '../../../src/core/model/catalog.ts';
import { previousYear } from '../../../src/core/model/period.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { parse, ruleFile, workbook } from './helpers.ts';

/**
 * Completeness per reporting unit (issue 17): not received, a unit's own missing figures and unchecked
 * rules, schools judged by their own past, derived parents by their units. Made-up figures.
 */

const BAL: Rule = { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] };
const RULES = ruleFile(BAL);

const unit = (id: string, parent: string, level: ReportingUnit['level'], mode: ReportingUnit['mode'] = 'reported'): ReportingUnit => ({
  id,
  name: { zh: `${id}单位`, en: `Unit ${id}` },
  parent,
  level,
  mode,
});

/** city → east, north (counties, reported), west (county, derived) → w1, w2 (schools). */
function round(values: Record<string, string>, opts: { cityMode?: ReportingUnit['mode'] } = {}): Workbook {
  const wb = workbook({}, ['2019', '2020']);
  wb.units.add(unit('east', 'city', 'county'));
  wb.units.add(unit('north', 'city', 'county'));
  wb.units.add(unit('west', 'city', 'county', 'derived'));
  wb.units.add(unit('w1', 'west', 'school'));
  wb.units.add(unit('w2', 'west', 'school'));
  if (opts.cityMode) wb.units.setMode('city', opts.cityMode);
  wb.apply(Object.entries(values).map(([key, raw]) => ({ key, after: parse(key, raw) })));
  // derived parents follow their units, as the session keeps them
  wb.apply(deriveAll(wb, RULES));
  return wb;
}

function assess(wb: Workbook): Completeness {
  const result = compileRules(RULES, wb).validateAll();
  return assessCompleteness(wb, result.findings, result.counts);
}

const entry = (c: Completeness, u: string, p = '2020') => c.units.find((e) => e.unit === u && e.period === p);
const ids = (list: { indicator: string }[]) => list.map((m) => m.indicator);

/** The city's 2019 (its published year) and 2020 figures of the balance. */
const CITY_FULL = { 'total@2019': '10', 'p1@2019': '5', 'p2@2019': '3', 'p3@2019': '2', 'total@2020': '11', 'p1@2020': '5', 'p2@2020': '4', 'p3@2020': '2' };
const EAST_FULL = { 'total@2020#east': '6', 'p1@2020#east': '3', 'p2@2020#east': '2', 'p3@2020#east': '1' };

describe('completeness per unit: case table over a unit tree', () => {
  it.each([
    {
      name: 'a county that sent nothing in the counties\' round is not received, not N missing figures',
      values: { ...CITY_FULL, ...EAST_FULL },
      unit: 'north',
      state: 'not_received',
      missing: [],
    },
    {
      name: 'a county that sent part of the table misses what another county gave',
      values: { ...CITY_FULL, ...EAST_FULL, 'total@2020#north': '5', 'p1@2020#north': '2' },
      unit: 'north',
      state: 'incomplete',
      missing: ['p2', 'p3'],
    },
    {
      name: 'the county that sent everything is complete',
      values: { ...CITY_FULL, ...EAST_FULL, 'total@2020#north': '5', 'p1@2020#north': '2' },
      unit: 'east',
      state: 'complete',
      missing: [],
    },
    {
      name: 'a figure written "—" (not applicable) is there, not missing',
      values: { ...CITY_FULL, ...EAST_FULL, 'total@2020#north': '5', 'p1@2020#north': '5', 'p2@2020#north': '—', 'p3@2020#north': '0' },
      unit: 'north',
      state: 'complete',
      missing: [],
    },
    {
      name: 'the city as a reported parent is due when its units reported, and has not typed its 2020 yet',
      values: { 'total@2019': '10', 'p1@2019': '5', 'p2@2019': '3', 'p3@2019': '2', ...EAST_FULL },
      unit: 'city',
      state: 'not_received',
      missing: [],
    },
    {
      name: 'the city judged by its own past, as before units: last year\'s figure left empty',
      values: { ...CITY_FULL, 'p3@2020': '', 'students@2019': '900', ...EAST_FULL },
      unit: 'city',
      state: 'incomplete',
      missing: ['p3', 'students'],
    },
    {
      name: 'a school is expected only what it gave the year before',
      values: { ...CITY_FULL, 'students@2019#w1': '400', 'teachers@2019#w1': '30', 'students@2020#w1': '410' },
      unit: 'w1',
      state: 'incomplete',
      missing: ['teachers'],
    },
    {
      name: 'a school is not expected what another school gave (a primary school has no senior-high figures)',
      values: { ...CITY_FULL, 'students@2020#w1': '410', 'teachers@2020#w1': '30', 'money@2020#w2': '1.5' },
      unit: 'w2',
      state: 'complete',
      missing: [],
    },
  ])('$name', ({ values, unit: u, state, missing }) => {
    const e = entry(assess(round(values)), u)!;
    expect(e).toBeDefined();
    expect(e.state).toBe(state);
    expect(ids(e.missing)).toEqual(missing);
    expect(e.complete).toBe(state === 'complete');
  });

  it('a county\'s balance partly filled is its own unchecked rule, naming its empty cells', () => {
    const c = assess(round({ ...CITY_FULL, ...EAST_FULL, 'total@2020#north': '5', 'p1@2020#north': '2' }));
    expect(entry(c, 'north')!.unchecked).toEqual([{ rule: 'bal', period: '2020', unit: 'north', emptyCells: [{ indicator: 'p2', period: '2020', unit: 'north' }, { indicator: 'p3', period: '2020', unit: 'north' }] }]);
    // the city's own balance is checked: the city is complete, the whole is not
    expect(entry(c, 'city')!.complete).toBe(true);
    expect(c.complete).toBe(false);
    expect(c.missing).toEqual([
      { indicator: 'p2', period: '2020', unit: 'north' },
      { indicator: 'p3', period: '2020', unit: 'north' },
    ]);
  });

  it('a school\'s balance partly filled with figures not expected of it is no gap; with an expected one it is', () => {
    const primary = assess(round({ ...CITY_FULL, 'total@2020#w1': '1', 'p1@2020#w1': '1' }));
    expect(entry(primary, 'w1')).toMatchObject({ state: 'complete', unchecked: [] });
    const gave = assess(round({ ...CITY_FULL, 'total@2019#w1': '1', 'p1@2019#w1': '1', 'p2@2019#w1': '0', 'p3@2019#w1': '0', 'total@2020#w1': '1', 'p1@2020#w1': '1' }));
    expect(entry(gave, 'w1')!.unchecked.map((u) => u.emptyCells.map((x) => x.indicator))).toEqual([['p2', 'p3']]);
  });

  it('a derived parent follows its units: pending names the school not complete, then none', () => {
    const base = { ...CITY_FULL, 'students@2019#w1': '400', 'teachers@2019#w1': '30', 'students@2020#w1': '410', 'students@2020#w2': '200' };
    const c = assess(round(base));
    expect(entry(c, 'west')).toMatchObject({ state: 'derived', complete: false, pending: ['w1'], missing: [] });
    const done = assess(round({ ...base, 'teachers@2020#w1': '31' }));
    expect(entry(done, 'west')).toMatchObject({ state: 'derived', complete: true, pending: [] });
  });

  it('years: a county is not judged in a year no county reported (the city\'s published year)', () => {
    const c = assess(round({ ...CITY_FULL, ...EAST_FULL }));
    expect(entry(c, 'east', '2019')).toBeUndefined();
    expect(entry(c, 'north', '2019')).toBeUndefined();
    expect(c.notReceived).toEqual([
      { unit: 'north', period: '2020' },
      { unit: 'west', period: '2020' },
    ]);
    expect(unitSummary(c, 'north')).toEqual({ complete: false, missing: [], unchecked: [], notReceived: ['2020'], due: ['2020'] });
  });

  it('a derived county whose schools sent nothing is not received in the counties\' round', () => {
    const c = assess(round({ ...CITY_FULL, ...EAST_FULL }));
    expect(entry(c, 'west')).toMatchObject({ state: 'not_received', complete: false });
  });

  it('a roll-up that cannot be checked because a county left out an expected figure is listed for the parent; the whole is incomplete', () => {
    const schools = { 'total@2020#w1': '1', 'p1@2020#w1': '1', 'p2@2020#w1': '0', 'p3@2020#w1': '0', 'total@2020#w2': '1', 'p1@2020#w2': '0', 'p2@2020#w2': '1', 'p3@2020#w2': '0' };
    const c = assess(round({ ...CITY_FULL, ...EAST_FULL, ...schools, 'total@2020#north': '5', 'p1@2020#north': '2' }));
    const roll = c.unchecked.filter((u) => u.rule.startsWith('rollup.'));
    expect(roll.map((u) => [u.rule, u.unit ?? 'city', u.emptyCells.map((x) => `${x.indicator}#${x.unit}`)])).toEqual([
      ['rollup.p2', 'city', ['p2#north']],
      ['rollup.p3', 'city', ['p3#north']],
    ]);
  });

  it('a city-only workbook answers as before units: its missing and unchecked, no per-unit noise', () => {
    const wb = workbook({ 'total@2018': '9', 'p1@2018': '4', 'p2@2018': '3', 'p3@2018': '2', 'total@2019': '10', 'p1@2019': '5' });
    const result = compileRules(RULES, wb).validateAll();
    const c = assessCompleteness(wb, result.findings, result.counts);
    expect(c.missing).toEqual([
      { indicator: 'p2', period: '2019' },
      { indicator: 'p3', period: '2019' },
    ]);
    expect(c.unchecked).toEqual([{ rule: 'bal', period: '2019', emptyCells: [{ indicator: 'p2', period: '2019' }, { indicator: 'p3', period: '2019' }] }]);
    expect(c.notReceived).toEqual([]);
    expect(c.units.map((e) => `${e.unit}|${e.period}|${e.state}`)).toEqual(['city|2018|complete', 'city|2019|incomplete']);
  });
});

/**
 * An independent reading of the documented rule, written with plain lookups (Workbook.get) instead of
 * the typed-array summary: who is due, and what each received unit misses.
 */
function oracle(wb: Workbook) {
  const units = wb.units.all();
  const derivedParent = (id: string) => wb.units.get(id)!.mode === 'derived' && wb.units.isParent(id);
  const reported = (u: string, p: string) => wb.index.ordered.some((i) => wb.get(i.id, p, u).state !== 'empty');
  const has = (u: string, p: string, i: string) => wb.periods.includes(p) && wb.get(i, p, u).state !== 'empty';
  const below = (u: string, p: string): boolean => wb.units.children(u).some((c) => reported(c.id, p) || below(c.id, p));
  const due = (u: ReportingUnit, p: string): boolean => {
    if (units.some((v) => v.level === u.level && !derivedParent(v.id) && reported(v.id, p))) return true;
    return wb.units.isParent(u.id) && below(u.id, p);
  };
  const out = new Map<string, { state: string; missing: string[] }>();
  for (const u of units) {
    for (const p of wb.periods) {
      if (!due(u, p) || (derivedParent(u.id) && below(u.id, p))) continue;
      if (derivedParent(u.id) || !reported(u.id, p)) {
        out.set(`${u.id}|${p}`, { state: 'not_received', missing: [] });
        continue;
      }
      const missing = wb.index.ordered
        .filter((i) => !isOptional(i) && !has(u.id, p, i.id))
        .filter((i) => has(u.id, previousYear(p) ?? '', i.id) || (u.level === 'county' && units.some((v) => v.id !== u.id && v.level === 'county' && !derivedParent(v.id) && has(v.id, p, i.id))))
        .map((i) => i.id);
      out.set(`${u.id}|${p}`, { state: 'received', missing });
    }
  }
  return out;
}

describe('property: per-unit answers agree with the documented rule, and the whole is complete only when every unit is', () => {
  const UNITS = ['city', 'east', 'north', 'w1', 'w2'];
  const INDS = ['total', 'p1', 'p2', 'p3', 'students', 'teachers'];
  const cell = fc.record({ unit: fc.constantFrom(...UNITS), ind: fc.constantFrom(...INDS), period: fc.constantFrom('2019', '2020'), raw: fc.constantFrom('1', '2', '3', '—', '') });
  it('for any made-up round', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), fc.boolean(), (cells, cityDerived) => {
        const values: Record<string, string> = {};
        for (const c of cells) values[`${c.ind}@${c.period}${c.unit === 'city' ? '' : `#${c.unit}`}`] = c.raw;
        const wb = round(values, { cityMode: cityDerived ? 'derived' : 'reported' });
        const c = assess(wb);
        const want = oracle(wb);
        const got = new Map(c.units.filter((e) => e.state !== 'derived').map((e) => [`${e.unit}|${e.period}`, { state: e.state === 'not_received' ? 'not_received' : 'received', missing: ids(e.missing) }]));
        expect(got).toEqual(want);
        for (const e of c.units) {
          if (e.complete) expect([e.missing.length, e.unchecked.length, e.state === 'not_received']).toEqual([0, 0, false]);
          if (e.state === 'derived') {
            const kids = wb.units.children(e.unit).map((k) => entry(c, k.id, e.period)).filter((k) => k !== undefined);
            expect(e.complete).toBe(kids.every((k) => k.complete));
          }
        }
        expect(c.complete).toBe(c.units.every((e) => e.complete) && !c.unchecked.some((u) => u.rule.startsWith('rollup.')));
        if (c.complete) expect([c.missing, c.unchecked, c.notReceived]).toEqual([[], [], []]);
      }),
      { numRuns: 150 },
    );
  });
});
