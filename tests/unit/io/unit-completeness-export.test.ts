/**
 * The JSON export's validation report per unit says whether each unit's return is complete (issue 17):
 * "complete" is true only when it is, for the whole and for each unit, and the schema refuses a report
 * that says complete while listing anything missing, unchecked or not received. Made-up figures.
 */
import { describe, expect, it } from 'vitest';
import { validationReportFor, workbookJsonText } from '../../../src/core/io/export.ts';
import { workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import type { RuleFile } from '../../../src/core/rules/types.ts';
import { unitWorkbook } from '../storage/unit-fixture.ts';

const RULES: RuleFile = { version: 't', rules: [{ id: 'bal_schools', kind: 'balance', severity: 'error', total: 'schools_total', parts: ['schools_kindergarten'] }] };
const NOW = '2026-11-30T07:00:00.000Z';

describe('per-unit completeness in the exported validation report', () => {
  // city 2019; east 2019 and 2020; west derived from its school, which reported 2019 only
  const wb = unitWorkbook();
  const report = validationReportFor(wb, RULES, NOW);

  it('the whole is incomplete: the city has not typed 2020 although east sent it, and west\'s school sent nothing for 2020', () => {
    expect(report.complete).toBe(false);
    expect(report.notReceived).toEqual([
      { unit: 'city', period: '2020' },
      { unit: 'west', period: '2020' },
    ]);
  });

  it.each([
    // its 学校数 = 幼儿园数 balance has its part empty in both years: east's own unchecked rule
    ['east', { complete: false, missing: [], notReceived: [], unchecked: [{ rule: 'bal_schools', period: '2019', unit: 'east' }, { rule: 'bal_schools', period: '2020', unit: 'east' }] }],
    ['west', { complete: false, missing: [], notReceived: ['2020'] }],
    ['west-no1', { complete: true, notReceived: [] }],
  ])('%s', (unit, want) => {
    expect(report.units!.find((u) => u.unit === unit)).toMatchObject(want);
  });

  it('schema-valid as written; a report claiming a unit complete while it lists a year not received is refused', () => {
    const file = JSON.parse(workbookJsonText(wb, report)) as ReturnType<typeof workbookToJson>;
    const lie = structuredClone(file);
    lie.validation!.units!.find((u) => u.unit === 'west')!.complete = true;
    expect(workbookSchemaIssues(lie, 'export').length).toBeGreaterThan(0);
    const whole = structuredClone(file);
    whole.validation!.complete = true;
    whole.validation!.missing = [];
    whole.validation!.unchecked = [];
    expect(workbookSchemaIssues(whole, 'export').length).toBeGreaterThan(0); // notReceived still lists two
  });

  it('an export of one unit is complete when that unit is', () => {
    expect(validationReportFor(wb, RULES, NOW, { unit: 'east' }).complete).toBe(false);
    const east = validationReportFor(wb, { version: 't', rules: [] }, NOW, { unit: 'east' });
    expect([east.complete, east.notReceived, east.missing, east.unchecked]).toEqual([true, [], [], []]);
    const west = validationReportFor(wb, RULES, NOW, { unit: 'west' });
    expect([west.complete, west.notReceived]).toEqual([false, [{ unit: 'west', period: '2020' }]]);
  });
});
