/**
 * A table with a column per reporting unit (layout 'by-unit': indicators down, "指标 | 全市 | 泰山区 | …"): its
 * 合计 / 总计 / 全市 column is the parent all the found unit columns share, or "not sure" with the reason; 小计
 * / 市区 / 县（市）/ 其中 columns that name no unit are reported and left out; a derived parent's total is
 * compared with the units' sum, not stored. The made-up corpus in tests/fixtures/unit-cols (shapes modelled on
 * published yearbook tables; see its README), then tables generated with fast-check in column orders and
 * wordings the code was not written for.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { readAndPreview, workbookFromValues, workbookValues, type ReadAndPreview, type ReadFiguresOptions } from '../../../src/core/import/index.ts';
import { ROOT_UNIT, UnitTree, type ReportingUnit } from '../../../src/core/model/units.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { CATALOG, utf8bom, xlsxBytes } from './helpers.ts';

const county = (id: string, zh: string): ReportingUnit => ({ id, name: { zh, en: id }, parent: 'city', level: 'county', mode: 'reported' });
const school = (id: string, zh: string, parent: string): ReportingUnit => ({ id, name: { zh, en: id }, parent, level: 'school', mode: 'reported' });
const COUNTIES = [
  county('taishan', '泰山区'),
  county('daiyue', '岱岳区'),
  county('xintai', '新泰市'),
  county('feicheng', '肥城市'),
  county('ningyang', '宁阳县'),
  county('dongping', '东平县'),
];
const SCHOOLS = [
  school('dp-shiyan', '东平县实验小学', 'dongping'),
  school('dp-shiyan2', '东平县第二实验小学', 'dongping'),
  school('dp-zhoucheng', '州城街道中心小学', 'dongping'),
  school('ny-shiyan1', '宁阳县第一实验小学', 'ningyang'),
];
/** The city named as a city bureau's workbook names it (泰安市), not 全市: a 全市 column is then read as the total. */
function tree(cityMode: 'reported' | 'derived' = 'reported'): Workbook {
  const wb = new Workbook(CATALOG, ['2019']);
  wb.units = new UnitTree([{ ...ROOT_UNIT, name: { zh: '泰安市', en: "Tai'an" }, mode: cityMode }, ...COUNTIES, ...SCHOOLS]);
  return wb;
}
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/unit-cols/${name}`, import.meta.url)));
const read = (name: string, wb: Workbook, opts: ReadFiguresOptions = {}) => readAndPreview(fixture(name), name, wb, opts);
function applied(wb: Workbook, r: ReadAndPreview): Workbook {
  const copy = workbookFromValues(workbookValues(wb));
  for (const p of r.preview.newPeriods) if (!copy.periods.includes(p)) copy.periods.push(p);
  copy.apply(r.preview.changes.map((c) => ({ key: c.key, after: c.after })));
  return copy;
}

// what each file says, read from the file by eye (make-unit-cols.ts), not from the reader
const CORPUS: {
  file: string;
  /** header as written → unit id (null: left out as a subtotal / 其中 column; 'unsure': must be chosen) */
  units: Record<string, string | null | 'unsure'>;
  /** a few figures: cell key → raw */
  cells: Record<string, string>;
  /** warnings of the unit columns: code and header */
  warnings: [string, string][];
  /** the unit-not-sure error's text contains … */
  unsure?: string[];
}[] = [
  {
    file: '2020年各县（市、区）教育事业主要指标.csv',
    units: { 全市: 'city', 泰山区: 'taishan', 岱岳区: 'daiyue', 新泰市: 'xintai', 肥城市: 'feicheng', 宁阳县: 'ningyang', 东平县: 'dongping' },
    cells: { 'schools_primary@2020': '322', 'students_primary@2020': '241840', 'students_kindergarten@2020#ningyang': '7020' },
    warnings: [],
  },
  {
    file: '分县区中小学基本情况2020.xlsx',
    units: { 合计: 'city', 市区: null, 泰山区: 'taishan', 岱岳区: 'daiyue', '县（市）': null, 新泰市: 'xintai', 肥城市: 'feicheng', 宁阳县: 'ningyang', 东平县: 'dongping' },
    cells: { 'students_junior@2020': '113819', 'schools_junior@2020#xintai': '30' },
    warnings: [
      ['unit-subtotal', '市区'],
      ['unit-subtotal', '县（市）'],
    ],
  },
  {
    file: '2020年分县区教育统计表.csv',
    units: { 东平县: 'dongping', 宁阳县: 'ningyang', 肥城市: 'feicheng', 新泰市: 'xintai', 岱岳区: 'daiyue', 泰山区: 'taishan', '其中：高新区': null, 总计: 'city' },
    cells: { 'students_primary@2020': '241,840', 'students_primary@2020#taishan': '30,120', 'students_kindergarten@2020': '54,410' },
    warnings: [['unit-subtotal', '其中：高新区']],
  },
  {
    file: '东平县2020年城区小学情况.csv',
    units: { 合计: 'dongping', 东平县实验小学: 'dp-shiyan', 东平县第二实验小学: 'dp-shiyan2', 州城街道中心小学: 'dp-zhoucheng', '其中：民办': null },
    cells: { 'students_primary@2020#dongping': '4970', 'teachers_primary@2020#dp-zhoucheng': '45' },
    warnings: [['unit-subtotal', '其中：民办']],
  },
  {
    file: '2020年部分学校基本情况.csv',
    units: { 东平县实验小学: 'dp-shiyan', 东平县第二实验小学: 'dp-shiyan2', 宁阳县第一实验小学: 'ny-shiyan1', 合计: 'unsure' },
    cells: {},
    warnings: [],
    unsure: ['合计列', '东平县', '宁阳县'],
  },
];

describe('the 合计 column of a table with a column per unit: the corpus', () => {
  it.each(CORPUS.map((c) => [c.file, c] as const))('%s', async (file, c) => {
    const r = await read(file, tree());
    expect(r.read.layout).toBe('by-unit');
    const got = Object.fromEntries((r.read.unitNames ?? []).map((n) => [n.text, r.read.unitChoice?.names?.[n.text] ?? (r.read.errors.some((e) => e.code === 'unit-not-sure' && e.params?.text === n.text) ? 'unsure' : null)]));
    expect(got).toEqual(c.units);
    for (const [key, raw] of Object.entries(c.cells)) expect(r.preview.cells.find((x) => x.key === key)?.after.raw, key).toBe(raw);
    // nothing of a column left out or not sure is in the preview
    const out = new Set(Object.entries(c.units).filter(([, u]) => u === null || u === 'unsure').map(([t]) => t));
    expect(r.preview.cells.filter((x) => out.has(x.reportingUnit ?? ''))).toEqual([]);
    expect(r.read.warnings.filter((w) => w.code.startsWith('unit-')).map((w) => [w.code, w.params?.text])).toEqual(c.warnings);
    for (const w of r.read.warnings.filter((x) => x.code === 'unit-subtotal')) expect(w.message.zh).toMatch(/列，/);
    if (c.unsure) {
      const e = r.read.errors.find((x) => x.code === 'unit-not-sure')!;
      for (const s of c.unsure) expect(e.message.zh).toContain(s);
      expect([e.severity, e.row, e.column]).toEqual(['error', 2, 'E']);
    } else expect(r.read.errors).toEqual([]);
  });

  it('a 合计 the user says is no unit is left out; one the user picks goes there', async () => {
    const left = await read('2020年部分学校基本情况.csv', tree(), { unitChoices: { 合计: null } });
    expect(left.read.errors).toEqual([]);
    expect(left.preview.cells.map((c) => c.key).filter((k) => !k.includes('#'))).toEqual([]);
    const picked = await read('2020年部分学校基本情况.csv', tree(), { unitChoices: { 合计: 'city' } });
    expect(picked.preview.cells.find((c) => c.key === 'students_primary@2020')?.after.raw).toBe('6480');
  });

  it('a reported parent: the 合计 figures are imported as the city’s and the roll-up finds the one that differs from its counties’ sum', async () => {
    const wb = tree();
    const r = await read('2020年各县（市、区）主要指标-合计有误.csv', wb);
    expect(r.read.errors).toEqual([]);
    expect(r.read.unitChoice?.names?.['合计']).toBe('city');
    expect(r.preview.cells.find((c) => c.key === 'students_primary@2020')?.after.raw).toBe('241850');
    const after = applied(wb, r);
    const rollups = compileRules({ version: 'test', rules: [] }, after)
      .validateAll()
      .findings.filter((f) => f.kind === 'rollup' && f.severity === 'error');
    expect(rollups.map((f) => [f.id, f.expected, f.actual])).toEqual([['rollup.students_primary|2020', 241840, 241850]]);
    // not replaced: the city's figure is what the file says
    expect(after.getByKey('students_primary@2020').raw).toBe('241850');
  });

  it('a derived parent: the 合计 column is not stored; each of its figures is compared with the table’s counties and the one that differs is named at its cell', async () => {
    const r = await read('2020年各县（市、区）主要指标-合计有误.csv', tree('derived'));
    expect(r.read.errors).toEqual([]);
    expect(r.read.unitChoice?.names?.['合计']).toBeNull();
    expect(r.preview.cells.some((c) => !c.key.includes('#'))).toBe(false);
    const w = r.read.warnings.filter((x) => x.code.startsWith('unit-total'));
    expect(w.map((x) => [x.code, x.row, x.column])).toEqual([
      ['unit-total-derived', 2, 'B'],
      ['unit-total-differs', 4, 'B'],
    ]);
    expect(w[1].message.zh).toContain('241850');
    expect(w[1].message.zh).toContain('241840');
    // the file that adds up: said once, nothing differs
    const ok = await read('2020年各县（市、区）教育事业主要指标.csv', tree('derived'));
    expect(ok.read.warnings.filter((x) => x.code.startsWith('unit-total')).map((x) => x.code)).toEqual(['unit-total-derived']);
  });
});
