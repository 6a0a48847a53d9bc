import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localise } from '../../../src/core/locate/localise.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import { parse, ruleFile, workbook } from '../rules/helpers.ts';

const B: Rule = { id: 'B', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] };
const R: Rule = { id: 'R', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' };
const county = (id: string): ReportingUnit => ({ id, name: { zh: `${id}县`, en: `County ${id}` }, parent: 'city', level: 'county', mode: 'reported' });

/** The city and three counties, every figure consistent: each total = Σ parts, the city = Σ counties. */
const GOOD: Record<string, string> = {
  'total@2019': '1204', 'p1@2019': '352', 'p2@2019': '415', 'p3@2019': '437',
  'total@2019#a': '310', 'p1@2019#a': '100', 'p2@2019#a': '90', 'p3@2019#a': '120',
  'total@2019#b': '564', 'p1@2019#b': '152', 'p2@2019#b': '205', 'p3@2019#b': '207',
  'total@2019#c': '330', 'p1@2019#c': '100', 'p2@2019#c': '120', 'p3@2019#c': '110',
  'students@2019': '6400', 'teachers@2019': '400', 'ptr@2019': '1:16',
  'students@2019#a': '1500', 'teachers@2019#a': '100', 'ptr@2019#a': '1:15',
  'students@2019#b': '3400', 'teachers@2019#b': '200', 'ptr@2019#b': '1:17',
  'students@2019#c': '1500', 'teachers@2019#c': '100', 'ptr@2019#c': '1:15',
};

function locate(edits: Record<string, string>) {
  const wb = workbook({}, ['2019']);
  for (const id of ['a', 'b', 'c']) wb.units.add(county(id));
  const values = { ...GOOD, ...edits };
  wb.apply(Object.entries(values).map(([key, raw]) => ({ key, after: parse(key, raw) })));
  const v = compileRules(ruleFile(B, R), wb);
  const r = v.validateAll();
  return { findings: r.findings, locs: localise(v) };
}

describe('which figure is wrong, across levels', () => {
  it('the consistent tree has nothing to localise', () => {
    const { findings, locs } = locate({});
    expect(findings).toEqual([]);
    expect(locs).toEqual([]);
  });

  it.each([
    // [planted edit, failing findings, suspect cell, suggested value, slip]
    [{ 'total@2019#b': '546' }, ['B|2019#b', 'rollup.total|2019'], 'total@2019#b', 564, 'transposition'],
    [{ 'p2@2019#b': '250' }, ['B|2019#b', 'rollup.p2|2019'], 'p2@2019#b', 205, 'transposition'],
    [{ 'students@2019#b': '4300' }, ['R|2019#b', 'rollup.ptr|2019', 'rollup.students|2019'], 'students@2019#b', 3400, 'transposition'],
    [{ 'p3@2019#c': '1100' }, ['B|2019#c', 'rollup.p3|2019'], 'p3@2019#c', 110, 'doubled'],
  ] as const)('%o: the county figure is the one suspect, with its slip', (edit, failing, cell, value, slip) => {
    const { findings, locs } = locate(edit);
    expect(findings.map((f) => f.id).sort()).toEqual([...failing].sort());
    expect(locs).toHaveLength(1);
    expect(locs[0].status).toBe('unique');
    expect(locs[0].sets[0].cells).toHaveLength(1);
    expect(locs[0].sets[0].cells[0]).toMatchObject({ cell, value, slip });
    // the suggestion names the county, so the statistician knows whom to call
    const unit = cell.split('#')[1];
    expect(locs[0].sets[0].cells[0].message.zh).toContain(`${unit}县`);
    expect(locs[0].message.zh).toMatch(/^最可能有误：/);
  });

  it('a slip in the city total with consistent counties: the city figure is the suspect', () => {
    const { findings, locs } = locate({ 'total@2019': '1240' });
    expect(findings.map((f) => f.id).sort()).toEqual(['B|2019', 'rollup.total|2019']);
    expect(locs).toHaveLength(1);
    expect(locs[0].sets.map((s) => s.cells.map((c) => `${c.cell}=${c.value}:${c.slip}`))).toEqual([['total@2019=1204:transposition']]);
    expect(locs[0].sets[0].cells[0].message.zh).not.toContain('县');
  });
});

describe('the failing error rules given from the findings (the session does not walk every rule instance)', () => {
  const FIGURES = Object.keys(GOOD);
  it('localise with them equals localise walking every instance, for random slips in the tree', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIGURES), fc.constantFrom('0', '1', '100', '546', '1100', '1:20', '', 'x')), (edits) => {
        const wb = workbook({}, ['2019']);
        for (const id of ['a', 'b', 'c']) wb.units.add(county(id));
        wb.apply(Object.entries({ ...GOOD, ...edits }).map(([key, raw]) => ({ key, after: parse(key, raw) })));
        const v = compileRules(ruleFile(B, R), wb);
        const failed = v.validateAll().findings.filter((f) => f.severity === 'error' && f.outcome === 'failed');
        const failing = failed.flatMap((f) => v.instanceOf(f) ?? []).sort((x, y) => x - y);
        // value findings (unreadable text) are not rule instances
        expect(failing).toHaveLength(failed.filter((f) => f.kind !== 'value').length);
        expect(localise(v, {}, { previous: [], changed: [], failing })).toEqual(localise(v));
      }),
      { numRuns: 200 },
    );
  });
});
