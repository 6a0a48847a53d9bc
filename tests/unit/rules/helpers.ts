import { expect } from 'vitest';
import fc from 'fast-check';
import type { Catalog, Indicator, ValueKind } from '../../../src/core/model/catalog.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import type { Finding, Rule, RuleFile } from '../../../src/core/rules/types.ts';
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

/**
 * Rules of the kinds that run per unit and across a unit tree (roll-ups come from the tree itself): the rule
 * set of the property tests that edit a tree (units.test.ts, units-edits.test.ts).
 */
export const TREE_RULES: Rule[] = [
  { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2', 'p3'] },
  { id: 'bal0', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2'], missingAsZero: true },
  { id: 'rat', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' },
  { id: 'shr', kind: 'share', severity: 'error', share: 'pct', part: 'p1', whole: 'total' },
  { id: 'rng', kind: 'range', severity: 'error', select: { kinds: ['count'] }, min: 0, max: 1000, integer: true },
  { id: 'inc', kind: 'previous', severity: 'error', mode: 'increase', indicator: 'students', stated: 'inc' },
  { id: 'jmp', kind: 'previous', severity: 'warning', mode: 'jump', indicator: 'total', threshold: 0.3 },
  { id: 'pla', kind: 'plausible', severity: 'warning', indicators: ['students', 'pct'] },
];

/** Texts a user may type in a tree's cells, by value kind: figures, qualified and unreadable ones, blanks. */
export const TREE_RAW: Record<string, string[]> = {
  count: ['', '0', '1', '2', '3', '5', '10', '-1', '约10', '—', 'x', ' '],
  ratio: ['', '1:2', '1:2.5', '1:0.5', '—'],
  percentage: ['', '25%', '50%', '100%', '—'],
  split: ['', '50:50'],
  money: ['', '1.5', '—'],
};

/** Every cell of CATALOG in `periods` for `units` (the city: no unit part), with its indicator's value kind. */
export function cellsOf(periods: readonly string[], units: readonly string[] = ['city']): { key: string; kind: string }[] {
  return CATALOG.indicators.flatMap((ind) => periods.flatMap((p) => units.map((unit) => ({ key: cellKey(ind.id, p, unit), kind: ind.kind }))));
}

/** An edit of one of `cells`: a text of `raw` for its kind. */
export function editOf(cells: readonly { key: string; kind: string }[], raw: Record<string, string[]> = TREE_RAW) {
  return fc.integer({ min: 0, max: cells.length - 1 }).chain((i) => fc.constantFrom(...raw[cells[i].kind]).map((text) => ({ key: cells[i].key, raw: text })));
}

/** The starting values generated edits give (the last edit of a cell wins). */
export function valuesOf(edits: readonly { key: string; raw: string }[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const e of edits) values[e.key] = e.raw;
  return values;
}

/**
 * Applies one batch of edits to `wb`, updates `v` with it, and holds the result to a fresh full validation:
 * the delta applied to `current` (findings by id so far; a removed one must have been there) and the
 * validator's own findings, counts and outcomes.
 */
export function applyAndCompare(wb: Workbook, v: Validator, rules: RuleFile, batch: readonly { key: string; raw: string }[], current: Map<string, Finding>): void {
  wb.apply(batch.map((e) => ({ key: e.key, after: parse(e.key, e.raw) })));
  const delta = v.update(batch.map((e) => e.key));
  for (const id of delta.removed) {
    expect(current.has(id)).toBe(true);
    current.delete(id);
  }
  for (const f of delta.added) current.set(f.id, f);
  const fresh = compileRules(rules, wb).validateAll();
  expect(new Map([...current].sort())).toEqual(new Map(fresh.findings.map((f) => [f.id, f] as const).sort()));
  expect(v.findings()).toEqual(fresh.findings);
  expect(v.counts()).toEqual(fresh.counts);
  expect(v.outcomes()).toEqual(fresh.outcomes);
}
