import { describe, expect, it } from 'vitest';
import { CATALOG as REPORT_CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { buildValidationReport } from '../../../src/core/io/report.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { CATALOG, ruleFile, workbook } from './helpers.ts';

const RULES: Rule[] = [
  { id: 'plausible', kind: 'plausible', severity: 'warning', indicators: ['students', 'teachers'] },
  { id: 'bal', kind: 'balance', severity: 'error', total: 'total', parts: ['p1', 'p2'] },
];
// students +100 % and teachers +100 %: two warnings; the balance fails: one error
const VALUES = { 'students@2018': '1000', 'students@2019': '2000', 'teachers@2018': '100', 'teachers@2019': '200', 'total@2019': '5', 'p1@2019': '1', 'p2@2019': '1' };
const S = 'plausible|students@2019';

describe('explained warnings', () => {
  it('an explained warning is counted apart from the open ones and carries its reason', () => {
    const wb = workbook(VALUES);
    const v = compileRules(ruleFile(...RULES), wb);
    expect(v.validateAll().counts).toMatchObject({ error: 1, warning: 2, explained: 0 });
    wb.explain(S, { reason: '新校区启用', by: 'user' });
    const delta = v.refreshExplanations([S]);
    expect(delta.removed).toEqual([S]);
    expect(delta.added.map((f) => [f.id, f.explanation])).toEqual([[S, { reason: '新校区启用', by: 'user' }]]);
    expect(v.counts()).toMatchObject({ error: 1, warning: 1, explained: 1 });
    expect(v.findings().find((f) => f.id === S)?.explanation?.reason).toBe('新校区启用');
    // an error cannot be explained away
    wb.explain('bal|2019', { reason: 'x' });
    expect(v.refreshExplanations(['bal|2019']).added).toEqual([]);
    expect(compileRules(ruleFile(...RULES), wb).validateAll().counts).toMatchObject({ error: 1, warning: 1, explained: 1 });
    // taking it back
    expect(wb.explain(S, undefined)).toEqual({ reason: '新校区启用', by: 'user' });
    expect(v.refreshExplanations([S]).added[0].explanation).toBeUndefined();
    expect(v.counts()).toMatchObject({ warning: 2, explained: 0 });
  });

  it('an explanation stays with its finding across edits and is kept when the warning goes away', () => {
    const wb = workbook(VALUES);
    wb.explain(S, { reason: '新校区启用', by: 'user' });
    const v = compileRules(ruleFile(...RULES), wb);
    v.validateAll();
    wb.apply([{ key: 'students@2019', after: workbook({ 'students@2019': '1100' }).getByKey('students@2019') }]);
    expect(v.update(['students@2019']).removed).toEqual([S]);
    expect(v.counts()).toMatchObject({ warning: 1, explained: 0 });
    wb.apply([{ key: 'students@2019', after: workbook({ 'students@2019': '3000' }).getByKey('students@2019') }]);
    expect(v.update(['students@2019']).added.map((f) => f.explanation?.reason)).toEqual(['新校区启用']);
  });

  it('round-trips through the workbook file and is exported in the validation report', () => {
    const wb = workbook(VALUES);
    wb.explain(S, { reason: '新校区启用', by: 'user' });
    const result = compileRules(ruleFile(...RULES), wb).validateAll();
    const file = workbookToJson(wb, { validation: buildValidationReport(wb, ruleFile(...RULES), result, '2026-01-01T00:00:00Z') });
    expect(file.explanations).toEqual({ [S]: { reason: '新校区启用', by: 'user' } });
    expect(file.validation!.counts).toMatchObject({ warning: 1, explained: 1 });
    const outcome = file.validation!.rules.find((r) => r.id === 'plausible')!.outcomes.find((o) => o.cells[0] === 'students@2019');
    expect(outcome?.explanation).toEqual({ reason: '新校区启用', by: 'user' });
    expect(workbookSchemaIssues(JSON.parse(JSON.stringify(file)))).toEqual([]);
    const back = workbookFromJson(JSON.parse(JSON.stringify(file)), CATALOG);
    expect([...back.explanations]).toEqual([[S, { reason: '新校区启用', by: 'user' }]]);
  });

  it.each([
    ['an empty reason', { [S]: { reason: '' } }],
    ['an unknown author', { [S]: { reason: 'x', by: 'robot' } }],
    ['a key that is no finding id', { students: { reason: 'x' } }],
  ])('the schema refuses %s', (_what, explanations) => {
    const file = { ...workbookToJson(workbook(VALUES)), explanations };
    expect(workbookSchemaIssues(file).length).toBeGreaterThan(0);
  });

  it('the baseline file explains its warnings with the report\'s sentences', () => {
    const wb = workbookFromJson(BASELINE_2019_JSON, REPORT_CATALOG);
    expect([...wb.explanations.values()].every((e) => e.by === 'report' && e.reason.startsWith('“'))).toBe(true);
    expect(wb.explanations.size).toBe(2);
  });
});
