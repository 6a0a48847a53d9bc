/**
 * Definitions that can grow: a balance's parts include categories some years report (empty = absent,
 * not an error and not "not computable"); an indicator declared `partOf` a total joins that total's
 * balance rules; a rule file may name a workbook's custom indicator.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog, Indicator } from '../../../src/core/model/catalog.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { localise } from '../../../src/core/locate/localise.ts';
import { DataFileError } from '../../../src/core/data/errors.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { CATALOG as BASE } from './helpers.ts';
import { CATALOG as REAL } from '../../../src/core/data/catalog.ts';
import { readWorkbookJson } from '../../../src/core/io/workbook-json.ts';
import { addYear, baseline, RULES } from '../data/next-years.ts';

const extra = (id: string, x: Partial<Indicator>): Indicator => ({
  id,
  label: { zh: `指标${id}`, en: `indicator ${id}` },
  section: 's',
  parent: 'total',
  order: 100 + id.length,
  unit: 'school',
  kind: 'count',
  decimals: 0,
  aliases: [],
  ...x,
});

/** The synthetic catalog plus p4 (an optional listed part) and x9 (an extra part declared partOf total). */
const CATALOG: Catalog = {
  ...BASE,
  indicators: [...BASE.indicators, extra('p4', { optional: true, order: 101 }), extra('x9', { partOf: 'total', order: 102 })],
};
const BAL: Rule = { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p4'] };

function check(values: Record<string, string>, catalog = CATALOG, rules: Rule[] = [BAL]) {
  const wb = new Workbook(catalog, ['2019']);
  wb.apply(
    Object.entries(values).map(([id, raw]) => {
      const ind = catalog.indicators.find((i) => i.id === id)!;
      return { key: `${id}@2019`, after: parseValue(raw, ind, catalog.units.find((u) => u.id === ind.unit)!) };
    }),
  );
  const v = compileRules({ version: 't', rules }, wb);
  const r = v.validateAll();
  const bal = r.findings.filter((f) => f.ruleId === 'bal');
  return { v, r, outcome: r.outcomes.find((o) => o.ruleId === 'bal')!.outcome, bal };
}

describe('optional and partOf parts of a balance', () => {
  // total, p1, p2 always reported; p4 (optional, listed) and x9 (partOf) only some years
  const cases: { name: string; values: Record<string, string>; outcome: string; expected?: number }[] = [
    { name: 'both extra parts absent: total = p1 + p2 holds', values: { total: '30', p1: '10', p2: '20' }, outcome: 'passed' },
    { name: 'both absent and the sum off: an error, not a gap', values: { total: '31', p1: '10', p2: '20' }, outcome: 'failed', expected: 30 },
    { name: 'the optional listed part reported', values: { total: '35', p1: '10', p2: '20', p4: '5' }, outcome: 'passed' },
    { name: 'the partOf part reported', values: { total: '33', p1: '10', p2: '20', x9: '3' }, outcome: 'passed' },
    { name: 'both reported', values: { total: '38', p1: '10', p2: '20', p4: '5', x9: '3' }, outcome: 'passed' },
    { name: 'a reported extra part that breaks the sum', values: { total: '30', p1: '10', p2: '20', x9: '3' }, outcome: 'failed', expected: 33 },
    { name: 'a required part empty: still not computable', values: { total: '30', p1: '10', x9: '3' }, outcome: 'not_computable' },
    { name: 'an unreadable extra part blocks', values: { total: '30', p1: '10', p2: '20', x9: '三所多' }, outcome: 'not_computable' },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const { outcome, bal } = check(c.values);
    expect(outcome).toBe(c.outcome);
    if (c.expected !== undefined) expect(bal[0].expected).toBe(c.expected);
  });

  it('names only the parts present in the message, and blames only the required empty part when not computable', () => {
    const failed = check({ total: '31', p1: '10', p2: '20' }).bal[0];
    expect(failed.message.zh).toContain('分项：指标p1、指标p2）');
    expect(failed.message.zh).not.toContain('指标x9');
    expect(failed.cells).toContain('x9@2019'); // the rule reads it (an edit there re-validates the rule)
    const nc = check({ total: '30', p1: '10' }).bal[0];
    expect(nc.params.cells).toEqual([{ zh: '指标p2', en: 'indicator p2' }]);
  });

  it('never suggests filling in an absent category as the fix', () => {
    const { v } = check({ total: '31', p1: '10', p2: '20' });
    const cells = localise(v).flatMap((l) => l.sets.flatMap((s) => s.cells.map((c) => c.cell)));
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter((c) => c.startsWith('x9@') || c.startsWith('p4@'))).toEqual([]);
  });

  it('without the partOf declaration the same figures fail (the declaration is what makes x9 a part)', () => {
    const plain: Catalog = { ...CATALOG, indicators: CATALOG.indicators.map((i) => (i.id === 'x9' ? { ...i, partOf: undefined } : i)) };
    expect(check({ total: '33', p1: '10', p2: '20', x9: '3' }, plain).outcome).toBe('failed');
  });
});

describe('rule files naming custom indicators', () => {
  const custom: Catalog = { ...BASE, indicators: [...BASE.indicators, extra('county_extra', { custom: true, parent: null })] };
  const json = { version: '1', rules: [{ id: 'ord', kind: 'order', severity: 'error', chain: ['county_extra', 'total'] }] };

  it('loads against the workbook catalog that holds the custom indicator, and checks it', () => {
    const file = loadRuleFile(json, custom, 'mine.json');
    const { outcome } = check({ total: '5', county_extra: '9' }, custom, file.rules.map((r) => ({ ...r, id: 'bal' })));
    expect(outcome).toBe('failed');
  });

  it('refuses it against the published catalog alone, naming the file, the rule and the id', () => {
    let err: unknown;
    try {
      loadRuleFile(json, BASE, 'mine.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFileError);
    const t = (err as DataFileError).issues[0];
    expect(t.zh).toBe('mine.json 中 /rules/0（规则“ord”）/chain/0：指标“county_extra”既不在指标目录中，也不是本工作簿的自定义指标');
    expect(t.en).toContain('is neither in the catalog nor a custom indicator of this workbook');
  });
});

describe('a custom indicator declared partOf a total, from a workbook file', () => {
  // 随迁子女 schools counted apart by a county: a category the catalog does not know
  const custom = { id: 'students_migrant_schools', label: { zh: '随迁子女专门学校在校生数', en: 'Enrolment of schools for migrant children' }, section: 'scale', parent: 'students_total', order: 5000, unit: 'person', kind: 'count', decimals: 0, aliases: [], custom: true, partOf: 'students_total' };

  it('joins the report\'s students balance: counted when reported, refused when its total is unknown', () => {
    const wb = baseline();
    addYear(wb, '2019', '2020');
    const total = wb.get('students_total', '2020').n!;
    const values = [
      { indicator: 'students_total', period: '2020', raw: String(total + 300), state: 'value', value: total + 300 },
      { indicator: 'students_migrant_schools', period: '2020', raw: '300', state: 'value', value: 300 },
    ];
    const file = { format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: REAL.version, periods: ['2020'], customIndicators: [custom], values };
    const read = readWorkbookJson(file, REAL);
    expect(read.issues).toEqual([]);
    const added = read.workbook!;
    wb.setCatalog(added.catalog);
    wb.apply([...added.values].map(([key, after]) => ({ key, after })));
    const balance = () => compileRules(RULES, wb).validateAll().outcomes.find((o) => o.ruleId === 'balance_students_total' && o.period === '2020')?.outcome;
    expect(balance()).toBe('passed');
    wb.apply([{ key: 'students_migrant_schools@2020', after: { raw: '', state: 'empty' } }]);
    expect(balance()).toBe('failed'); // the total counts 300 students no part accounts for
    const bad = readWorkbookJson({ ...file, customIndicators: [{ ...custom, partOf: 'students_nowhere' }] }, REAL);
    expect(bad.issues.map((i) => i.message.en)).toEqual([expect.stringContaining('/customIndicators/0/partOf: unknown total "students_nowhere"')]);
  });
});
