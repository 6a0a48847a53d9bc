import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { FileReadError } from '../../../src/core/io/errors.ts';
import { DataFileError } from '../../../src/core/data/errors.ts';
import { workbookFromJson, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { buildValidationReport } from '../../../src/core/io/report.ts';
import { validationReportFor, workbookJsonText } from '../../../src/core/io/export.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import type { RuleFile } from '../../../src/core/rules/types.ts';

const file = (values: unknown[], over: Record<string, unknown> = {}) => ({
  format: 'edu-stats-workbook',
  formatVersion: 1,
  catalogVersion: CATALOG.version,
  periods: ['2018', '2019'],
  values,
  ...over,
});
const v = (over: Record<string, unknown>) => ({ indicator: 'schools_total', period: '2019', raw: '934', state: 'value', value: 934, ...over });

function issuesOf(json: unknown): string[] {
  try {
    workbookFromJson(json, CATALOG, 'in.json');
  } catch (e) {
    expect(e).toBeInstanceOf(FileReadError);
    expect(e).toBeInstanceOf(DataFileError);
    return (e as FileReadError).issues.map((i) => `${i.en} | ${i.zh}`);
  }
  return [];
}

describe('workbookFromJson refuses what disagrees, naming file, index, indicator and period', () => {
  const cases: [string, unknown, string[]][] = [
    ['value differs from raw', file([v({}), v({ period: '2018', raw: '930', value: 931 })]), ['in.json at /values/1', 'schools_total 2018', 'value 930']],
    ['state differs', file([v({ raw: '—', state: 'value', value: undefined })]), ['/values/0', 'state na']],
    ['qualifier missing', file([v({ raw: '约934' })]), ['/values/0', 'qualifier about']],
    ['qualifier invented', file([v({ qualifier: 'over' })]), ['/values/0', 'qualifier over']],
    ['split second side', file([{ indicator: 'general_vocational_ratio', period: '2019', raw: '55.5:44.5', state: 'value', value: 55.5, value2: 45 }]), ['value2 44.5']],
    ['invalid text claimed as value', file([v({ raw: 'abc', state: 'value', value: 1 })]), ['state invalid']],
    ['unknown indicator', file([v({ indicator: 'no_such' })]), ['/values/0', 'no_such']],
    ['period not listed', file([v({ period: '2020' })]), ['/values/0', '2020']],
    ['same cell twice', file([v({}), v({})]), ['/values/1', '/values/0']],
    ['custom indicator with unknown unit', file([], { customIndicators: [{ id: 'x_new', label: { zh: '新', en: 'New' }, section: CATALOG.sections[0].id, parent: null, order: 99999, unit: 'nope', kind: 'count', decimals: 0, aliases: [], custom: true }] }), ['/customIndicators/0/unit']],
    ['schema: lying report', file([v({})], { validation: { valid: true, generatedAt: '2026-01-01T00:00:00Z', ruleSetVersion: 'r', catalogVersion: 'c', counts: { error: 3, warning: 0, notComputable: 0, passed: 0 }, rules: [], values: [] } }), ['/validation/counts/error']],
  ];
  it.each(cases)('%s', (_name, json, expected) => {
    const issues = issuesOf(json).join('\n');
    expect(issues).not.toBe('');
    for (const s of expected) expect(issues).toContain(s);
  });

  it('accepts a consistent file with a custom indicator and keeps meta', () => {
    const ind = { id: 'x_new', label: { zh: '新指标', en: 'New' }, section: CATALOG.sections[0].id, parent: null, order: 99999, unit: CATALOG.units[0].id, kind: 'count', decimals: 0, aliases: [], custom: true };
    const wb = workbookFromJson(file([v({ source: '934所', derived: false }), { indicator: 'x_new', period: '2018', raw: '约12', state: 'value', value: 12, qualifier: 'about' }], { customIndicators: [ind] }), CATALOG);
    expect(wb.index.byId.get('x_new')?.custom).toBe(true);
    expect(wb.get('x_new', '2018').qualifier).toBe('about');
    expect(wb.meta.get('schools_total@2019')).toEqual({ source: '934所', derived: false });
  });
});

describe('validation report in the export', () => {
  const rules: RuleFile = {
    version: 't1',
    rules: [{ id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] }],
  };
  const make = (total: string) => {
    const wb = new Workbook(CATALOG, ['2019']);
    const set = (id: string, raw: string) => wb.apply([{ key: `${id}@2019`, after: parseValue(raw, wb.index.indicator(id), wb.index.unitOf(wb.index.indicator(id))) }]);
    set('schools_senior_high', total);
    set('schools_senior_high_complete', '6');
    set('schools_senior_high_senior', '7');
    set('schools_senior_high_12year', '4');
    return wb;
  };

  it('a workbook with an error is never marked valid, and the file says how far off', () => {
    const wb = make('18');
    const report = validationReportFor(wb, rules, '2026-11-28T15:00:00.000Z');
    expect(report.valid).toBe(false);
    expect(report.counts.error).toBe(1);
    const o = report.rules[0].outcomes[0];
    expect(report.rules[0].expression).toBe('schools_senior_high = schools_senior_high_complete + schools_senior_high_senior + schools_senior_high_12year');
    expect(o.outcome).toBe('failed');
    expect(o.cells).toContain('schools_senior_high@2019');
    expect(o.message?.zh).toBeTruthy();
    const json = JSON.parse(workbookJsonText(wb, report));
    expect(json.validation.valid).toBe(false);
    // forcing the flag makes the schema refuse the file
    expect(() => workbookJsonText(wb, { ...report, valid: true })).toThrow(/schema/);
  });

  it('a consistent workbook is valid, with the passed outcome and its cells', () => {
    const wb = make('17');
    const report = validationReportFor(wb, rules, '2026-11-28T15:00:00.000Z');
    expect(report).toMatchObject({ valid: true, ruleSetVersion: 't1', catalogVersion: CATALOG.version, counts: { error: 0, passed: 1 } });
    expect(report.rules[0].outcomes[0].cells).toHaveLength(4);
  });

  it('an unreadable value is an error in the report values', () => {
    const wb = make('17');
    wb.apply([{ key: 'schools_total@2019', after: parseValue('abc', wb.index.indicator('schools_total'), wb.index.unitOf(wb.index.indicator('schools_total'))) }]);
    const report = validationReportFor(wb, { version: 'none', rules: [] }, '2026-11-28T15:00:00.000Z');
    expect(report.valid).toBe(false);
    expect(report.values.map((x) => x.indicator)).toContain('schools_total');
    expect(buildValidationReport(wb, { version: 'none', rules: [] }, { findings: [], outcomes: [], counts: { error: 0, warning: 0, notComputable: 0, passed: 0 } }, 'x').valid).toBe(true);
  });

  it('values are written in report order, then period order', () => {
    const wb = make('17');
    wb.addPeriod('2018');
    wb.apply([{ key: 'schools_senior_high@2018', after: { raw: '16', state: 'value', n: 16, lo: 16, hi: 16 } }]);
    const order = workbookToJson(wb).values.map((x) => `${x.indicator}@${x.period}`);
    expect(order.slice(0, 2)).toEqual(['schools_senior_high@2018', 'schools_senior_high@2019']);
  });
});
