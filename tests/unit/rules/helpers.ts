import type { Catalog, Indicator, ValueKind } from '../../../src/core/model/catalog.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import type { Rule, RuleFile } from '../../../src/core/rules/types.ts';
import { compileRules, type Validator } from '../../../src/core/rules/validator.ts';

function ind(id: string, kind: ValueKind, unit: string, decimals = 0, extra: Partial<Indicator> = {}): Indicator {
  return { id, label: { zh: `指标${id}`, en: `indicator ${id}` }, section: 's', parent: null, order: 0, unit, kind, decimals, aliases: [], ...extra };
}

const INDICATORS: Indicator[] = [
  ind('total', 'count', 'school'),
  ind('p1', 'count', 'school'),
  ind('p2', 'count', 'school'),
  ind('p3', 'count', 'school'),
  ind('students', 'count', 'person'),
  ind('teachers', 'count', 'person'),
  ind('ptr', 'ratio', 'ratio', 1),
  ind('pct', 'percentage', 'percent', 1),
  ind('gvr', 'split', 'ratio', 1),
  ind('rate', 'percentage', 'percent', 2),
  ind('ger', 'percentage', 'percent', 2, { gross: true }),
  ind('inc', 'count', 'person'),
  ind('growth', 'percentage', 'percent', 0),
  ind('money', 'money', 'yi_yuan', 2),
].map((x, i) => ({ ...x, order: i + 1 }));

/** A small synthetic catalog covering every value kind the rules read. */
export const CATALOG: Catalog = {
  version: 'test',
  title: { zh: '测试', en: 'test' },
  units: [
    { id: 'school', label: { zh: '所', en: 'schools' }, magnitude: 1 },
    { id: 'person', label: { zh: '人', en: 'persons' }, magnitude: 1 },
    { id: 'ratio', label: { zh: '', en: '' }, magnitude: 1 },
    { id: 'percent', label: { zh: '%', en: '%' }, magnitude: 1 },
    { id: 'yi_yuan', label: { zh: '亿元', en: '100 million yuan' }, magnitude: 1e8 },
  ],
  sections: [{ id: 's', label: { zh: '测试', en: 'test' }, order: 1 }],
  indicators: INDICATORS,
};

/** A workbook over CATALOG from "indicator@period" → raw text, parsed as a user would type it. */
export function workbook(values: Record<string, string>, periods = ['2018', '2019']): Workbook {
  const wb = new Workbook(CATALOG, periods);
  wb.apply(Object.entries(values).map(([key, raw]) => ({ key, after: parse(key, raw) })));
  return wb;
}

export function parse(key: string, raw: string) {
  const id = key.slice(0, key.indexOf('@'));
  const i = CATALOG.indicators.find((x) => x.id === id)!;
  const unit = CATALOG.units.find((u) => u.id === i.unit)!;
  return parseValue(raw, i, unit);
}

export function ruleFile(...rules: Rule[]): RuleFile {
  return { version: 'test', rules };
}

/** Compiles and validates; returns the validator and the result. */
export function run(rules: Rule[], values: Record<string, string>, periods?: string[]) {
  const v: Validator = compileRules(ruleFile(...rules), workbook(values, periods));
  return { v, result: v.validateAll() };
}

export const key = (id: string, period = '2019') => cellKey(id, period);
