import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { localise } from '../../../src/core/locate/localise.ts';
import { cellKey, parseCellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { deriveAll, deriveFor, rollupSpecs } from '../../../src/core/rules/rollup.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { COUNTIES, MADE_UP_SOURCE, unitSample } from '../../../data/samples/make-unit-samples.ts';
import rulesJson from '../../../data/rules.json' with { type: 'json' };

const RULES = loadRuleFile(rulesJson, CATALOG, 'data/rules.json');
const read = (name: string) => workbookFromJson(JSON.parse(readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8')), CATALOG, name);
const CLEAN = 'units-2019-six-counties.json';
const SLIP = 'units-2019-six-counties-slip.json';

describe('the made-up six-county samples', () => {
  it('are what make-unit-samples.ts writes (regenerate after a catalog or rule change)', () => {
    expect(JSON.parse(readFileSync(new URL(`../../../data/samples/${CLEAN}`, import.meta.url), 'utf8'))).toEqual(JSON.parse(JSON.stringify(workbookToJson(unitSample(false).wb))));
    expect(JSON.parse(readFileSync(new URL(`../../../data/samples/${SLIP}`, import.meta.url), 'utf8'))).toEqual(JSON.parse(JSON.stringify(workbookToJson(unitSample(true).wb))));
  });

  it('say they are made up on every county figure, and the city has six county-level units', () => {
    const wb = read(CLEAN);
    expect(wb.units.children('city').map((u) => u.name.zh)).toEqual(COUNTIES.map((c) => c.name.zh));
    const countyKeys = [...wb.values.keys()].filter((k) => parseCellKey(k).unit !== 'city');
    expect(countyKeys.length).toBeGreaterThan(6 * 30);
    for (const k of countyKeys) expect(wb.meta.get(k)?.source).toBe(MADE_UP_SOURCE);
  });

  it('the six counties add up to the 2019 report\'s city figures, indicator by indicator', () => {
    const wb = read(CLEAN);
    const report = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    const summed = new Set<string>();
    for (const ind of CATALOG.indicators) {
      if (ind.kind !== 'count') continue;
      const parts = COUNTIES.map((c) => wb.get(ind.id, '2019', c.id));
      if (parts.every((v) => v.state === 'empty')) continue;
      expect(parts.reduce((a, v) => a + v.n!, 0), ind.id).toBe(report.get(ind.id, '2019').n);
      summed.add(ind.id);
    }
    expect(summed.has('students_primary') && summed.has('teachers_total') && summed.has('schools_kindergarten_private')).toBe(true);
  });

  it('the consistent sample validates: no error, every roll-up and county rule of the split figures passes', () => {
    const v = compileRules(RULES, read(CLEAN));
    const r = v.validateAll();
    expect(r.counts.error).toBe(0);
    const rollups = r.outcomes.filter((o) => o.ruleId.startsWith('rollup.'));
    expect(rollups.length).toBeGreaterThan(30);
    expect(rollups.every((o) => o.outcome === 'passed')).toBe(true);
    for (const c of COUNTIES) expect(v.counts(c.id), c.id).toMatchObject({ error: 0, warning: 0, notComputable: 0 });
  });

  it('the planted slip is found and localised to its county, with the slip named', () => {
    const clean = read(CLEAN);
    const wb = read(SLIP);
    // the planted cell is whatever differs between the two files (not named here)
    const differs = [...wb.values.keys()].filter((k) => wb.getByKey(k).raw !== clean.getByKey(k).raw);
    expect(differs).toHaveLength(1);
    const [planted] = differs;
    const v = compileRules(RULES, wb);
    const r = v.validateAll();
    const errors = r.findings.filter((f) => f.severity === 'error' && f.outcome === 'failed');
    expect(errors.length).toBeGreaterThan(1);
    // every error is the county's own rule or a roll-up above it
    for (const f of errors) expect(f.unit === parseCellKey(planted).unit || (f.kind === 'rollup' && f.unit === undefined)).toBe(true);
    expect(errors.some((f) => f.kind === 'rollup') && errors.some((f) => f.unit === parseCellKey(planted).unit)).toBe(true);
    const locs = localise(v);
    expect(locs).toHaveLength(1);
    expect(locs[0].status).toBe('unique');
    expect(locs[0].sets[0].cells).toHaveLength(1);
    const s = locs[0].sets[0].cells[0];
    expect(s.cell).toBe(planted);
    expect(s.value).toBe(clean.getByKey(planted).n);
    expect(s.slip).toBe('transposition');
    expect(s.message.zh).toContain(wb.units.get(parseCellKey(planted).unit)!.name.zh);
  });

  it('a derived city follows its counties: same figures as reported, and an edit of a county moves it', () => {
    const wb = read(CLEAN);
    wb.units.setMode('city', 'derived');
    const changes = deriveAll(wb, RULES);
    // every rolled-up figure the counties report is already the city's published one (ratios at their
    // rounding), and the figures they do not report (the city's own: 高考, 资助) are left alone
    expect(changes).toEqual([]);
    const key = cellKey('teachers_primary', '2019', 'jiangbei');
    const ind = wb.index.byId.get('teachers_primary')!;
    wb.apply([{ key, after: parseValue(String(wb.getByKey(key).n! + 100), ind, wb.index.unitOf(ind)) }]);
    const d = new Map(deriveFor(wb, [key], RULES).map((c) => [c.key, c.after.raw]));
    expect(d.get('teachers_primary@2019')).toBe('14855');
    expect(d.get('teachers_total@2019')).toBeUndefined(); // only what reads the edited figure (the county's total is its own)
    expect(d.get('ptr_primary@2019')).toBe(`1:${(256665 / 14855).toFixed(1)}`);
  });
});

describe('property: the roll-up of any split of the report into units reproduces the report', () => {
  const report = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  const specs = rollupSpecs(report.index, RULES);
  const sums = specs.filter((s) => s.kind === 'sum' && report.get(s.indicator, '2019').state === 'value' && report.get(s.indicator, '2019').lo === report.get(s.indicator, '2019').hi && Number.isInteger(report.get(s.indicator, '2019').n));
  const ratios = specs.filter((s) => s.kind === 'recompute');

  it('Σ of any integer split is the city figure; ratios recomputed from the summed parts match the published ratio at its rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }), (n, noise) => {
        const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
        for (let u = 0; u < n; u++) wb.units.add({ id: `u${u}`, name: { zh: `单位${u}`, en: `Unit ${u}` }, parent: 'city', level: 'county', mode: 'reported' });
        let k = 0;
        for (const s of sums) {
          const total = report.get(s.indicator, '2019').n!;
          // an arbitrary split: cut points drawn from the noise
          const cuts = Array.from({ length: n - 1 }, () => Math.floor(noise[k++ % noise.length] * (total + 1))).sort((a, b) => a - b);
          const parts = [...cuts, total].map((c, i) => c - (i ? cuts[i - 1] : 0));
          const ind = wb.index.byId.get(s.indicator)!;
          wb.apply(parts.map((p, u) => ({ key: cellKey(s.indicator, '2019', `u${u}`), after: parseValue(String(p), ind, wb.index.unitOf(ind)) })));
        }
        // reported city: no roll-up fails
        const r = compileRules(RULES, wb).validateAll();
        expect(r.findings.filter((f) => f.kind === 'rollup' && f.outcome === 'failed')).toEqual([]);
        // derived city: the computed figures are the report's (counts exactly, ratios as published)
        wb.units.setMode('city', 'derived');
        const derived = new Map(deriveAll(wb, RULES).map((c) => [c.key, c.after]));
        // no change means the derived figure is the stored (published) one
        for (const s of sums) expect(derived.get(cellKey(s.indicator, '2019'))?.n ?? report.get(s.indicator, '2019').n).toBe(report.get(s.indicator, '2019').n);
        expect(ratios.length).toBe(5);
        for (const s of ratios) expect(derived.get(cellKey(s.indicator, '2019'))?.raw ?? report.get(s.indicator, '2019').raw).toBe(report.get(s.indicator, '2019').raw);
      }),
      { numRuns: 25 },
    );
  });
});
