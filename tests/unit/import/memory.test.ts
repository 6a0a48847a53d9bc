import { describe, expect, it } from 'vitest';
import { ImportMemory, type MappingDecision } from '../../../src/core/import/memory.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';

describe('ImportMemory', () => {
  it.each<[string, string | null, string, string | null, boolean]>([
    // stored label/unit, asked label/unit, found?
    ['普通高中', '所', '普通高中', '所', true],
    ['普通高中', '所', '  普通高中 ', '（所）', true], // spaces, full-width brackets around the unit
    ['其中：普通高中', '所', '普通高中', '所', true], // the same normalisation as the matcher
    ['ＡＢＣ学校', '所', 'abc学校', '所', true], // width and case
    ['普通高中', '所', '普通高中', '人', false], // another unit is another row
    ['普通高中', null, '普通高中', '所', false],
    ['普通高中', '所', '普通高级中学', '所', false],
  ])('%s (%s) asked as %s (%s) → %s', (label, unit, askLabel, askUnit, found) => {
    const m = new ImportMemory();
    m.set({ label, unit, indicator: 'schools_senior_high', how: 'user' });
    expect(m.get(askLabel, askUnit) !== undefined).toBe(found);
  });

  it('prefers the decision made in the same context, falls back to the one without context', () => {
    const m = ImportMemory.fromJSON([
      { label: '在校生', unit: '人', indicator: 'students_total', how: 'user' },
      { label: '在校生', unit: '人', indicator: 'students_senior_high', how: 'user', context: '普通高中' },
    ]);
    expect(m.get('在校生', '人', '普通高中')?.indicator).toBe('students_senior_high');
    expect(m.get('在校生', '人', '小学')?.indicator).toBe('students_total');
    expect(m.get('在校生', '人')?.indicator).toBe('students_total');
  });

  it('keeps the latest decision for a key and round-trips through JSON', () => {
    const list: MappingDecision[] = [
      { label: '中职', unit: '所', indicator: 'schools_vocational', how: 'user' },
      { label: '中职', unit: '所', indicator: null, how: 'left-out' },
      { label: '研学基地', unit: '个', indicator: 'custom_1', how: 'new' },
    ];
    const m = ImportMemory.fromJSON(list);
    expect(m.size).toBe(2);
    expect(m.get('中职', '所')).toEqual({ label: '中职', unit: '所', indicator: null, how: 'left-out' });
    expect(ImportMemory.fromJSON(m.toJSON()).toJSON()).toEqual(m.toJSON());
  });

  it('is stored in the workbook JSON (schema-valid) and read back', () => {
    const wb = new Workbook(CATALOG, ['2019']);
    wb.importMemory.set({ label: '在校生', unit: '人', indicator: 'students_senior_high', how: 'user', context: '普通高中' });
    wb.importMemory.set({ label: '备注行', unit: null, indicator: null, how: 'left-out' });
    const json = workbookToJson(wb);
    expect(workbookSchemaIssues(json)).toEqual([]);
    const back = workbookFromJson(JSON.parse(JSON.stringify(json)), CATALOG);
    expect(back.importMemory.toJSON()).toEqual(wb.importMemory.toJSON());
    // an empty memory is not written
    expect('importMemory' in workbookToJson(new Workbook(CATALOG, ['2019']))).toBe(false);
  });

  it('the schema refuses a decision with an unknown how', () => {
    const json = { ...workbookToJson(new Workbook(CATALOG, ['2019'])), importMemory: [{ label: 'x', unit: null, indicator: null, how: 'guess' }] };
    expect(workbookSchemaIssues(json)).not.toEqual([]);
  });
});
