import { describe, expect, it } from 'vitest';
import { Matcher, newIndicatorDefaults, unitsNamed, type MappingRow } from '../../../src/core/import/index.ts';
import { CATALOG } from './helpers.ts';

const sec = (id: string) => CATALOG.indicators.find((i) => i.id === id)!.section;
const unitOf = (id: string) => CATALOG.indicators.find((i) => i.id === id)!.unit;

let n = 0;
const row = (label: string, indicatorId: string | null, extra: Partial<MappingRow> = {}): MappingRow => {
  n++;
  return { sourceRow: n, rows: [n], label, indicatorId, method: indicatorId ? 'label' : 'none', how: indicatorId ? 'name' : 'none', suggestions: [], ...extra };
};

describe('unitsNamed', () => {
  it.each([
    ['所', ['school']],
    ['（人）', ['person']],
    ['单位：人', ['person']],
    ['%', ['percent']],
    ['万元', ['wan_yuan']],
    ['个', ['place', 'project']], // ambiguous: both
    ['schools', ['school']],
    ['', []],
    ['公斤', []],
  ])('%s → %j', (text, ids) => {
    expect(unitsNamed(CATALOG, text).map((u) => u.id)).toEqual(ids);
  });
});

describe('newIndicatorDefaults', () => {
  it('unit from the file, section from the row above, no parent for a plain row', () => {
    n = 0;
    const m = [row('小学数', 'schools_primary'), row('某新型学校', null, { unit: '所' })];
    expect(newIndicatorDefaults(CATALOG, m, 2)).toEqual({ label: '某新型学校', unit: 'school', section: sec('schools_primary'), parent: null });
  });

  it('a 其中 row gets the nearest plain row above as its parent, past other 其中 rows', () => {
    n = 0;
    const m = [row('初中数', 'schools_junior'), row('其中：完全中学', 'schools_senior_high_complete'), row('其中：民办初中', null, { unit: '所' })];
    expect(newIndicatorDefaults(CATALOG, m, 3)).toMatchObject({ parent: 'schools_junior', unit: 'school', label: '其中：民办初中' });
  });

  it('with the matcher’s reading of units, a magnitude word names its base unit (万人 → 人); 个 still goes by the suggestion', () => {
    const reader = new Matcher(CATALOG);
    const read = (u: string | undefined) => reader.unitIdFor(u);
    n = 0;
    expect(newIndicatorDefaults(CATALOG, [row('某类学生', null, { unit: '万人' })], 1, read).unit).toBe('person');
    n = 0;
    expect(newIndicatorDefaults(CATALOG, [row('某类学生', null, { unit: '万人' })], 1).unit).toBe(CATALOG.units[0].id); // by name alone: not a catalog unit
    n = 0;
    expect(newIndicatorDefaults(CATALOG, [row('新增学位', null, { unit: '个' })], 1, read).unit).toBe('place');
  });

  it('an ambiguous unit (个) takes the best suggestion’s unit when it is one of them', () => {
    const project = CATALOG.indicators.find((i) => i.unit === 'project');
    if (!project) return;
    n = 0;
    const m = [row('新增项目', null, { unit: '个', suggestions: [{ indicatorId: project.id, score: 0.5 }] })];
    expect(newIndicatorDefaults(CATALOG, m, 1).unit).toBe('project');
    n = 0;
    expect(newIndicatorDefaults(CATALOG, [row('新增学位', null, { unit: '个' })], 1).unit).toBe('place');
  });

  it('no unit column: the best suggestion’s unit and section; nothing at all: the first unit and the last section', () => {
    n = 0;
    const m = [row('小学在读人数', null, { suggestions: [{ indicatorId: 'students_primary', score: 0.6 }] })];
    expect(newIndicatorDefaults(CATALOG, m, 1)).toMatchObject({ unit: unitOf('students_primary'), section: sec('students_primary') });
    n = 0;
    expect(newIndicatorDefaults(CATALOG, [row('说明', null)], 1)).toMatchObject({ unit: CATALOG.units[0].id, section: CATALOG.sections.at(-1)!.id });
  });

  it('the first row of a file takes the section of the nearest row below with an indicator', () => {
    n = 0;
    const m = [row('新指标', null), row('无', null), row('专任教师总数', 'teachers_total')];
    expect(newIndicatorDefaults(CATALOG, m, 1).section).toBe(sec('teachers_total'));
  });
});
