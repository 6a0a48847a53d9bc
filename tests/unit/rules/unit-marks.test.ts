/**
 * Rule marks per reporting unit (issue 17): one county's ratio computed on a sub-population is marked
 * for that county alone; a mark without a unit is every unit's, as marks were before units. Keys,
 * the validator, the workbook JSON (schema, unknown unit refused, old files) and the stored record.
 * Made-up figures.
 */
import { describe, expect, it } from 'vitest';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { keyOfMark, markOf, ruleMarkKey, type RuleMark } from '../../../src/core/model/workbook.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import type { Rule } from '../../../src/core/rules/types.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { allWrites, storedUnits, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { emptyMeta, isStoredMeta } from '../../../src/storage/store.ts';
import { CATALOG, parse, ruleFile, workbook } from './helpers.ts';

const RAT: Rule = { id: 'rat', kind: 'ratio', severity: 'error', ratio: 'ptr', numerator: 'students', denominator: 'teachers' };
const RULES = ruleFile(RAT);

const county = (id: string): ReportingUnit => ({ id, name: { zh: `${id}县`, en: `County ${id}` }, parent: 'city', level: 'county', mode: 'reported' });

/** City and two counties; every unit's stated 1:x disagrees with its students ÷ teachers in 2020 (made up). */
function counties() {
  const wb = workbook({}, ['2019', '2020']);
  wb.units.add(county('a'));
  wb.units.add(county('b'));
  const v: Record<string, string> = {
    'students@2020': '3000',
    'teachers@2020': '200',
    'ptr@2020': '1:12.0',
    'students@2020#a': '1000',
    'teachers@2020#a': '100',
    'ptr@2020#a': '1:12.0',
    'students@2020#b': '2000',
    'teachers@2020#b': '100',
    'ptr@2020#b': '1:15.0',
  };
  wb.apply(Object.entries(v).map(([key, raw]) => ({ key, after: parse(key, raw) })));
  return wb;
}

const failing = (wb: ReturnType<typeof counties>) =>
  compileRules(RULES, wb)
    .validateAll()
    .findings.filter((f) => f.outcome === 'failed' && f.ruleId === 'rat')
    .map((f) => f.id)
    .sort();

const SUB: Omit<RuleMark, 'rule' | 'period'> = { kind: 'subpopulation', population: '城区学校', reason: '该县生师比只按城区学校计算' };

describe('rule marks per unit', () => {
  it.each([
    ['rat', '2020', undefined, 'rat|2020'],
    ['rat', '2020', 'a', 'rat|2020#a'],
    ['rat', '2020', 'city', 'rat|2020#city'],
  ])('ruleMarkKey(%s, %s, %s) = %s (a unit\'s mark has the key of that unit\'s finding id)', (rule, period, unit, key) => {
    expect(ruleMarkKey(rule, period, unit)).toBe(key);
    expect(keyOfMark({ rule, period, ...(unit ? { unit } : {}) })).toBe(key);
  });

  it('markOf: the unit\'s own mark first, else the mark for every unit', () => {
    const marks = new Map<string, RuleMark>();
    const all: RuleMark = { rule: 'rat', period: '2020', kind: 'not_applicable', reason: '全市不适用' };
    const a: RuleMark = { rule: 'rat', period: '2020', unit: 'a', ...SUB };
    expect(markOf(marks, 'rat', '2020', 'a')).toBeUndefined();
    marks.set(keyOfMark(all), all);
    expect(markOf(marks, 'rat', '2020', 'b')).toBe(all);
    marks.set(keyOfMark(a), a);
    expect(markOf(marks, 'rat', '2020', 'a')).toBe(a);
    expect(markOf(marks, 'rat', '2020', 'b')).toBe(all);
  });

  it.each<[string, RuleMark[], string[]]>([
    ['no mark: every unit\'s ratio fails', [], ['rat|2020', 'rat|2020#a', 'rat|2020#b']],
    ['county a marked: only a is not checked', [{ rule: 'rat', period: '2020', unit: 'a', ...SUB }], ['rat|2020', 'rat|2020#b']],
    ['the city marked for itself: the counties are still checked', [{ rule: 'rat', period: '2020', unit: 'city', ...SUB }], ['rat|2020#a', 'rat|2020#b']],
    ['a mark without a unit (an older file): no unit is checked', [{ rule: 'rat', period: '2020', ...SUB }], []],
    ['a mark for another year: nothing changes', [{ rule: 'rat', period: '2019', unit: 'a', ...SUB }], ['rat|2020', 'rat|2020#a', 'rat|2020#b']],
  ])('%s', (_, marks, want) => {
    const wb = counties();
    for (const m of marks) wb.ruleMarks.set(keyOfMark(m), m);
    expect(failing(wb)).toEqual(want);
  });

  it('the workbook JSON carries a unit\'s mark (schema-valid) and reads it back for that unit alone', () => {
    const wb = counties();
    const m: RuleMark = { rule: 'rat', period: '2020', unit: 'a', ...SUB };
    wb.ruleMarks.set(keyOfMark(m), m);
    const file = workbookToJson(wb);
    expect(file.ruleMarks).toEqual([m]);
    expect(workbookSchemaIssues(file, 'export')).toEqual([]);
    const back = workbookFromJson(JSON.parse(JSON.stringify(file)), CATALOG, 'round.json');
    expect([...back.ruleMarks.keys()]).toEqual(['rat|2020#a']);
    expect(failing(back)).toEqual(['rat|2020', 'rat|2020#b']);
    // an export of county b alone leaves a's mark out; a's export keeps it
    expect(workbookToJson(wb, { scope: { unit: 'b' } }).ruleMarks).toBeUndefined();
    expect(workbookToJson(wb, { scope: { unit: 'a' } }).ruleMarks).toEqual([m]);
  });

  it('a mark of a unit the file does not list is refused, naming the place; a mark without a unit reads as every unit\'s', () => {
    const wb = counties();
    const file = workbookToJson(wb);
    const bad = { ...file, ruleMarks: [{ rule: 'rat', period: '2020', unit: 'north', ...SUB }] };
    expect(() => workbookFromJson(bad, CATALOG, 'bad.json')).toThrow(/ruleMarks\/0|north/);
    try {
      workbookFromJson(bad, CATALOG, 'bad.json');
    } catch (e) {
      const issues = (e as { issues: { zh: string; en: string }[] }).issues;
      expect(issues.map((i) => i.en).join('\n')).toContain('unit "north" is not listed in units');
      expect(issues.map((i) => i.zh).join('\n')).toContain('单位“north”不在 units 中');
    }
    const old = workbookFromJson({ ...file, ruleMarks: [{ rule: 'rat', period: '2020', ...SUB }] }, CATALOG, 'old.json');
    expect([...old.ruleMarks.keys()]).toEqual(['rat|2020']);
    expect(failing(old)).toEqual([]);
  });

  it('a unit removed from the tree takes its marks out of the export (the file stays readable)', () => {
    const wb = counties();
    const m: RuleMark = { rule: 'rat', period: '2020', unit: 'b', ...SUB };
    wb.ruleMarks.set(keyOfMark(m), m);
    wb.units.remove('b');
    wb.removeUnitValues(['b']);
    const file = workbookToJson(wb);
    expect(file.ruleMarks).toBeUndefined();
    expect(() => workbookFromJson(JSON.parse(JSON.stringify(file)), CATALOG, 'x.json')).not.toThrow();
  });

  it('the store keeps a unit\'s mark and a mark for every unit apart; a unit that is not text is a malformed record', async () => {
    const wb = counties();
    const marks: RuleMark[] = [
      { rule: 'rat', period: '2020', unit: 'a', ...SUB },
      { rule: 'rat', period: '2020', kind: 'not_applicable', reason: '全市口径调整' },
    ];
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, catalogVersion: CATALOG.version, ...storedUnits(wb), ruleMarks: marks } }, 0);
    const back = workbookFromSnapshot((await store.load())!, CATALOG);
    expect(new Map(back.ruleMarks)).toEqual(new Map(marks.map((m) => [keyOfMark(m), m])));
    expect(failing(back)).toEqual([]);
    const meta = { ...emptyMeta('w', '1'), ruleMarks: marks };
    expect(isStoredMeta(meta)).toBe(true);
    expect(isStoredMeta({ ...meta, ruleMarks: [{ ...marks[0], unit: 7 }] })).toBe(false);
  });
});
