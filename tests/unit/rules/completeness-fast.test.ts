import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Workbook } from '../../../src/core/model/workbook.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import { UnitTree, ROOT_UNIT } from '../../../src/core/model/units.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { deriveAll } from '../../../src/core/rules/rollup.ts';
import { assessCompleteness, UnitFigures, type Completeness } from '../../../src/core/rules/completeness.ts';
import { assessCompletenessBefore, UnitFiguresBefore } from './completeness-before.ts';
import { CATALOG, parse, ruleFile } from './helpers.ts';

/**
 * assessCompleteness reads the stored figures row by row (CellMap.eachRow) and counts derived figures
 * from the marks; before, it walked every figure by its key string. Same answers, over random unit
 * trees (derived and reported parents, schools under counties), sparse figures in years with gaps,
 * units that sent nothing, derived marks, "—" and unreadable text, and stray keys (a removed unit, a
 * year not in the workbook, an indicator not in the catalog, a key that is not a cell key). Made-up figures.
 */

const RULES = ruleFile({ id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] } satisfies Rule);
/** "teachers" optional, so optional indicators are left out on both sides. */
const CAT = { ...CATALOG, indicators: CATALOG.indicators.map((i) => (i.id === 'teachers' ? { ...i, optional: true } : i)) };
const INDS = ['total', 'p1', 'p2', 'p3', 'students', 'teachers', 'pct'];
const YEARS = ['2016', '2017', '2018', '2019', '2020'];

const tree = fc
  .record({
    counties: fc.array(fc.boolean(), { minLength: 0, maxLength: 4 }),
    schools: fc.array(fc.record({ county: fc.nat(), derived: fc.boolean() }), { maxLength: 6 }),
    cityDerived: fc.boolean(),
  })
  .map(({ counties, schools, cityDerived }) => {
    const units: ReportingUnit[] = [{ ...ROOT_UNIT, mode: cityDerived ? 'derived' : 'reported' }];
    counties.forEach((derived, c) => units.push({ id: `k${c}`, name: { zh: `县${c}`, en: `County ${c}` }, parent: 'city', level: 'county', mode: derived ? 'derived' : 'reported' }));
    schools.forEach((s, j) =>
      units.push({ id: `s${j}`, name: { zh: `校${j}`, en: `School ${j}` }, parent: counties.length ? `k${s.county % counties.length}` : 'city', level: 'school', mode: s.derived ? 'derived' : 'reported' }),
    );
    return units;
  });

const figure = fc.record({
  unit: fc.nat(12),
  ind: fc.constantFrom(...INDS),
  year: fc.constantFrom(...YEARS),
  raw: fc.constantFrom('1', '2', '3', '12.5', '—', 'abc', ''),
});

const stray = fc.constantFrom('total@2019#ghost', 'p1@2031', 'zzz@2019', 'notakey', 'p2@2019#', 'total@2019#k0#x');

function build(units: ReportingUnit[], years: boolean[], figures: { unit: number; ind: string; year: string; raw: string }[], marks: number[], strays: string[], derive: boolean): Workbook {
  const periods = YEARS.filter((_, j) => years[j]);
  const wb = new Workbook(CAT, periods.length ? periods : ['2019']);
  wb.units = new UnitTree(units);
  const key = (f: { unit: number; ind: string; year: string }) => {
    const u = units[f.unit % units.length].id;
    return `${f.ind}@${f.year}${u === 'city' ? '' : `#${u}`}`;
  };
  wb.apply(figures.map((f) => ({ key: key(f), after: parse(key(f), f.raw) })));
  for (const k of strays) wb.values.set(k, parse(k.includes('@') && !k.startsWith('zzz') ? k : 'p1@2019', '4'));
  // an empty figure kept with its text (state empty, not deleted) is not there
  if (figures.length) wb.values.set(key(figures[0]), { raw: ' ', state: 'empty' });
  if (derive) wb.apply(deriveAll(wb, RULES));
  // derived marks on some figures (and on cells without one)
  for (const m of marks) if (figures.length) wb.meta.set(key(figures[m % figures.length]), { derived: true });
  return wb;
}

const plain = (c: Omit<Completeness, 'figures' | 'expectations'> & { figures?: unknown; expectations?: unknown }) => ({ ...c, figures: undefined, expectations: undefined });

describe('completeness read row by row: the same answers as the key-by-key walk it replaced', () => {
  it('for random unit trees, sparse figures, not-received units, derived parents and marks', () => {
    fc.assert(
      fc.property(
        tree,
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.array(figure, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(stray, { maxLength: 3 }),
        fc.boolean(),
        (units, years, figures, marks, strays, derive) => {
          const wb = build(units, years, figures, marks, strays, derive);
          const r = compileRules(RULES, wb).validateAll();
          const before = assessCompletenessBefore(wb, r.findings, r.counts);
          const now = assessCompleteness(wb, r.findings, r.counts);
          expect(plain(now)).toEqual(plain(before));
          const f = new UnitFigures(wb);
          const g = new UnitFiguresBefore(wb);
          expect([f.present, f.reported]).toEqual([g.present, g.reported]);
          // the summary passed back while the figures are unchanged gives the same answer
          expect(plain(assessCompleteness(wb, r.findings, r.counts, { figures: now.figures }))).toEqual(plain(before));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the expectations passed back with the figures: the same answer for other findings, and after a change of the tree', () => {
    // another rule set on the same figures: other not-computable findings, other unchecked rules per unit
    const other = ruleFile(
      { id: 'bal2', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2'] } satisfies Rule,
      { id: 'shr', kind: 'share', severity: 'error', share: 'pct', part: 'p1', whole: 'total' } satisfies Rule,
    );
    fc.assert(
      fc.property(tree, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.array(figure, { maxLength: 60 }), fc.boolean(), fc.nat(), (units, years, figures, derive, flip) => {
        const wb = build(units, years, figures, [], [], derive);
        const a = compileRules(RULES, wb).validateAll();
        const last = assessCompleteness(wb, a.findings, a.counts);
        const known = { figures: last.figures, expectations: last.expectations };
        for (const r of [compileRules(other, wb).validateAll(), a]) expect(plain(assessCompleteness(wb, r.findings, r.counts, known))).toEqual(plain(assessCompleteness(wb, r.findings, r.counts)));
        // a unit's mode changed (same ids): the expectations are worked out again
        const u = wb.units.all()[flip % wb.units.size];
        wb.units.setMode(u.id, u.mode === 'derived' ? 'reported' : 'derived');
        expect(plain(assessCompleteness(wb, a.findings, a.counts, known))).toEqual(plain(assessCompleteness(wb, a.findings, a.counts)));
      }),
      { numRuns: 300 },
    );
  });

  it('a unit whose every figure is marked derived did not report; one figure not marked and it did', () => {
    const units: ReportingUnit[] = [ROOT_UNIT, { id: 'k0', name: { zh: '县', en: 'County' }, parent: 'city', level: 'county', mode: 'reported' }];
    const wb = build(units, [false, false, false, true, true], [{ unit: 1, ind: 'total', year: '2019', raw: '5' }, { unit: 1, ind: 'p1', year: '2019', raw: '5' }], [], [], false);
    wb.values.set('total@2019#k0', parse('total@2019#k0', '5')); // undo build's blanking of the first figure
    wb.meta.set('total@2019#k0', { derived: true });
    expect(new UnitFigures(wb).didReport('k0', '2019')).toBe(true);
    wb.meta.set('p1@2019#k0', { derived: true });
    const f = new UnitFigures(wb);
    expect([f.didReport('k0', '2019'), f.has('k0', '2019', 'p1')]).toEqual([false, true]);
    expect(new UnitFiguresBefore(wb).didReport('k0', '2019')).toBe(false);
  });
});
