import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { FileReadError } from '../../../src/core/io/errors.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson, type WorkbookFile } from '../../../src/core/io/workbook-json.ts';
import { exportWorkbook, validationReportFor, workbookJsonText } from '../../../src/core/io/export.ts';
import { workbookToCsv } from '../../../src/core/io/csv.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import type { RuleFile } from '../../../src/core/rules/types.ts';
import { unitWorkbook } from '../storage/unit-fixture.ts';

const RULES: RuleFile = { version: 't', rules: [{ id: 'bal_schools', kind: 'balance', severity: 'error', total: 'schools_total', parts: ['schools_kindergarten'] }] };
const NOW = '2026-11-30T07:00:00.000Z';

function issuesOf(json: unknown): string {
  try {
    workbookFromJson(json, CATALOG, 'in.json');
  } catch (e) {
    expect(e).toBeInstanceOf(FileReadError);
    return (e as FileReadError).issues.map((i) => `${i.en} | ${i.zh}`).join('\n');
  }
  return '';
}

describe('workbook JSON format 2 and later: units and collection', () => {
  it('writes version 3 with the unit tree and collection, and reads back the same workbook', () => {
    const wb = unitWorkbook();
    const file = workbookToJson(wb);
    expect(file.formatVersion).toBe(3);
    expect(file.units?.map((u) => u.id)).toEqual(['city', 'east', 'west', 'west-no1']);
    expect(Object.keys(file.collection ?? {})).toEqual(['east', 'west']);
    expect(file.values.filter((v) => v.indicator === 'schools_total').map((v) => `${v.period}/${v.reportingUnit ?? 'city'}`)).toEqual(['2019/city', '2019/east', '2019/west', '2019/west-no1', '2020/east']);
    expect(workbookSchemaIssues(file)).toEqual([]);
    const back = workbookFromJson(JSON.parse(JSON.stringify(file)), CATALOG);
    expect(back.units.toJSON()).toEqual(wb.units.toJSON());
    expect(new Map(back.collection)).toEqual(new Map(wb.collection));
    expect(new Map([...back.values].sort())).toEqual(new Map([...wb.values].sort()));
    expect(back.meta.get(cellKey('schools_total', '2019', 'east'))).toEqual({ source: '东区公报' });
  });

  it('reads a version 1 file (the 2019 baseline): the city alone', () => {
    expect((BASELINE_2019_JSON as WorkbookFile).formatVersion).toBe(1);
    const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    expect(wb.units.size).toBe(1);
    expect(wb.values.size).toBeGreaterThan(100);
  });

  const v1 = (values: unknown[], over: Record<string, unknown> = {}) => ({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: CATALOG.version, periods: ['2019'], values, ...over });
  const v2 = (values: unknown[], over: Record<string, unknown> = {}) => v1(values, { formatVersion: 2, units: workbookToJson(unitWorkbook()).units, ...over });
  const value = (over: Record<string, unknown>) => ({ indicator: 'schools_total', period: '2019', raw: '934', state: 'value', value: 934, ...over });

  it.each([
    ['a version 1 value of another unit', v1([value({ reportingUnit: 'east' })]), ['in.json at /values/0', 'east', 'version 1', '第 1 版']],
    ['a version 2 value of a unit not listed', v2([value({ reportingUnit: 'north' })]), ['/values/0', 'reporting unit "north" is not listed in units', '填报单位“north”不在 units 中']],
    ['a unit tree without the city', v2([], { units: [{ id: 'east', name: { zh: '东区', en: 'East' }, parent: null, level: 'county', mode: 'reported' }] }), ['/units', 'root unit "city"']],
    ['a unit whose parent is missing', v2([], { units: [...workbookToJson(unitWorkbook()).units!, { id: 'x', name: { zh: '某校', en: 'X' }, parent: 'nowhere', level: 'school', mode: 'reported' }] }), ['/units', 'nowhere']],
    ['collection of an unknown unit', v2([], { collection: { north: { received: { time: NOW, file: 'n.xlsx' } } } }), ['/collection/north', 'not listed in units']],
    ['version 2 without units (schema)', v1([], { formatVersion: 2 }), ['units']],
    ['version 1 with units (schema)', v1([], { units: [] }), ['/units']],
  ])('refuses %s, naming the place', (_name, json, expected) => {
    const issues = issuesOf(json);
    for (const s of expected) expect(issues).toContain(s);
  });
});

describe('exports of one unit, one level, or everything', () => {
  it('one unit: its figures only, the units on its path to the city, its collection status', () => {
    const file = workbookToJson(unitWorkbook(), { scope: { unit: 'west-no1' } });
    expect(file.units?.map((u) => u.id)).toEqual(['city', 'west', 'west-no1']);
    expect(file.values.map((v) => v.reportingUnit)).toEqual(['west-no1']);
    expect(file.collection).toBeUndefined();
    // the file opens on its own
    expect(workbookFromJson(JSON.parse(JSON.stringify(file)), CATALOG).get('schools_total', '2019', 'west-no1').raw).toBe('x1');
  });

  it('one level: every county', () => {
    const file = workbookToJson(unitWorkbook(), { scope: { level: 'county' } });
    expect([...new Set(file.values.map((v) => v.reportingUnit))]).toEqual(['east', 'west']);
    expect(Object.keys(file.collection ?? {})).toEqual(['east', 'west']);
  });

  it('the validation report per unit and for the roll-up, schema-valid, valid only without errors anywhere', () => {
    const wb = unitWorkbook();
    const report = validationReportFor(wb, RULES, NOW);
    // the school's unreadable "x1" is an error of that unit; east + west = 500 + 434 = 934 holds at the city
    expect(report.valid).toBe(false);
    expect(report.units?.map((u) => u.unit)).toContain('west-no1');
    const school = report.units!.find((u) => u.unit === 'west-no1')!;
    expect(school).toMatchObject({ valid: false, counts: { error: 1 } });
    expect(school.values?.[0]).toMatchObject({ indicator: 'schools_total', period: '2019', code: 'value.unreadable' });
    const city = report.rollup!.find((u) => u.unit === 'city')!;
    const schools = city.rules.find((r) => r.id === 'rollup.schools_total')!;
    expect(schools.kind).toBe('rollup');
    expect(schools.outcomes.find((o) => o.period === '2019')).toMatchObject({ outcome: 'passed', expected: 934, actual: 934, cells: ['schools_total@2019', 'schools_total@2019#east', 'schools_total@2019#west'] });
    // the json text is checked against the schema before it is returned
    const text = workbookJsonText(wb, report);
    expect(JSON.parse(text).validation.rollup.map((u: { unit: string }) => u.unit)).toEqual(['city', 'west']);
    // the report of one county covers that county only (no error there), not the city's rules
    const east = validationReportFor(wb, RULES, NOW, { unit: 'east' });
    expect(east.valid).toBe(true);
    expect(east.rules).toEqual([]);
    expect(east.rollup).toBeUndefined();
    expect((east.units ?? []).every((u) => u.unit === 'east')).toBe(true);
  });

  it('a failed roll-up is reported under its parent with the message and marks the parent row in CSV', () => {
    const wb = unitWorkbook();
    const report0 = validationReportFor(wb, RULES, NOW);
    expect(report0.rollup!.find((u) => u.unit === 'city')!.valid).toBe(true);
    wb.apply([{ key: cellKey('schools_total', '2019', 'east'), after: { raw: '590', state: 'value', n: 590, lo: 590, hi: 590 } }]);
    const report = validationReportFor(wb, RULES, NOW);
    const city = report.rollup!.find((u) => u.unit === 'city')!;
    expect(city.valid).toBe(false);
    const o = city.rules.find((r) => r.id === 'rollup.schools_total')!.outcomes.find((x) => x.period === '2019')!;
    expect(o).toMatchObject({ outcome: 'failed', expected: 1024, actual: 934, difference: -90 });
    expect(o.message?.zh).toContain('与下级单位合计 1,024 不符');
    const csv = workbookToCsv(wb, 'zh', undefined, report);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['填报单位', '编号', '指标']);
    const cityRow = lines.find((l) => l.startsWith('全市,schools_total,'))!;
    expect(cityRow).toContain('✖ 错误');
    expect(lines.find((l) => l.startsWith('east区,schools_total,'))).toContain(',590,');
    expect(lines.filter((l) => l.includes(',schools_total,'))).toHaveLength(4);
  });

  it('CSV of one unit: only that unit\'s rows', () => {
    const csv = workbookToCsv(unitWorkbook(), 'en', undefined, undefined, { unit: 'east' });
    const rows = csv.slice(1).split('\r\n').filter(Boolean);
    expect(rows[0].startsWith('reporting unit,id,indicator')).toBe(true);
    expect(new Set(rows.slice(1).map((r) => r.split(',')[0]))).toEqual(new Set(['east district']));
  });

  it('a city-only workbook exports as before: no unit column', () => {
    const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    expect(workbookToCsv(wb, 'zh').slice(1).split('\r\n')[0].startsWith('编号,指标,单位')).toBe(true);
  });

  it('XLSX: a sheet per level, each with the 填报单位 column, and the checks of every unit', async () => {
    const wb = unitWorkbook();
    const report = validationReportFor(wb, RULES, NOW);
    const { bytes } = await exportWorkbook(wb, 'xlsx', { validation: report });
    const book = XLSX.read(bytes, { type: 'array' });
    expect(book.SheetNames).toEqual(['全市', '县（市、区）', '学校', '核查结果']);
    const counties = XLSX.utils.sheet_to_json<string[]>(book.Sheets['县（市、区）'], { header: 1 });
    expect(counties[1].slice(0, 2)).toEqual(['填报单位', '编号']);
    expect(new Set(counties.slice(2).map((r) => r[0]))).toEqual(new Set(['east区', 'west区']));
    const checks = XLSX.utils.sheet_to_json<string[]>(book.Sheets['核查结果'], { header: 1 });
    expect(checks.some((r) => r.includes('schools_total@2019#west-no1'))).toBe(true);
  });

  it.each([
    ['zh', '核查结果', '填报单位'],
    ['en', 'Findings', 'reporting unit'],
  ] as const)('XLSX (%s): the checks sheet names each check’s unit, read back from the file', async (lang, sheetName, header) => {
    const wb = unitWorkbook();
    // a failing balance in east and in the city, a roll-up of west's school, an unreadable school figure
    const ind = CATALOG.indicators.find((i) => i.id === 'schools_kindergarten')!;
    const unit = CATALOG.units.find((u) => u.id === ind.unit)!;
    wb.apply([
      { key: cellKey('schools_kindergarten', '2019', 'east'), after: { ...parseValue('7', ind, unit) } },
      { key: cellKey('schools_kindergarten', '2019'), after: { ...parseValue('9', ind, unit) } },
    ]);
    const report = validationReportFor(wb, RULES, NOW);
    const { bytes } = await exportWorkbook(wb, 'xlsx', { validation: report, lang });
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(bytes, { type: 'array' }).Sheets[sheetName], { header: 1 });
    expect(rows[1].slice(0, 3)).toEqual([lang === 'zh' ? '状态' : 'status', header, lang === 'zh' ? '规则' : 'rule']);
    const cellsCol = rows[1].indexOf(lang === 'zh' ? '单元格' : 'cells');
    const checks = rows.slice(2).filter((r) => r.length > 1);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    // the unit named is the one the check's cells belong to (a roll-up: its parent, whose cell is among them)
    const nameOf = new Map(wb.units.all().map((u) => [u.id, u.name[lang]]));
    for (const r of checks) {
      const units = String(r[cellsCol]).split(' ').map((k) => (k.includes('#') ? k.slice(k.indexOf('#') + 1) : 'city'));
      expect(units.map((u) => nameOf.get(u))).toContain(r[1]);
    }
    const named = (rule: string) => checks.filter((r) => r[2] === rule && r[7] === 'failed').map((r) => r[1]).sort();
    expect(named('bal_schools')).toEqual([nameOf.get('city'), nameOf.get('east')].sort());
    expect(checks.some((r) => r[1] === nameOf.get('west-no1'))).toBe(true);
  });
});
