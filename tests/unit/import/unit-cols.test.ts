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
    const outColumns = new Set((r.read.unitNames ?? []).filter((n) => out.has(n.text)).map((n) => n.column));
    expect(outColumns.size).toBe(out.size);
    expect(r.preview.cells.filter((x) => outColumns.has(x.place.column))).toEqual([]);
    expect(r.read.warnings.filter((w) => w.code.startsWith('unit-')).map((w) => [w.code, w.params?.text])).toEqual(c.warnings);
    for (const w of r.read.warnings.filter((x) => x.code === 'unit-subtotal')) expect(w.message.zh).toMatch(/列，/);
    if (c.unsure) {
      const e = r.read.errors.find((x) => x.code === 'unit-not-sure')!;
      for (const s of c.unsure) expect(e.message.zh).toContain(s);
      expect(e.message.en).toContain('is a total column, but the table\'s units belong to');
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
    expect(w[1].message.en).toContain('小学在校学生数: "合计" 241850, the sum of the table\'s 6 units 241840: they differ');
    expect(w[0].message.en).toContain("is the column of Tai'an, whose figures are summed from its units: it is not imported");
    // the file that adds up: said once, nothing differs
    const ok = await read('2020年各县（市、区）教育事业主要指标.csv', tree('derived'));
    expect(ok.read.warnings.filter((x) => x.code.startsWith('unit-total')).map((x) => x.code)).toEqual(['unit-total-derived']);
  });
});

describe('a derived parent named by a row or column (not only 合计)', () => {
  it('a units-as-rows table’s 全市 row (the root’s own name) with a derived city: not stored, compared; a changed figure named at its cell', async () => {
    const name = '2020年各县（市、区）普通小学基本情况.csv';
    const text = new TextDecoder().decode(readFileSync(new URL(`../../fixtures/unit-rows/${name}`, import.meta.url)));
    const wb = tree('derived');
    wb.units = new UnitTree([{ ...ROOT_UNIT, mode: 'derived' }, ...COUNTIES]);
    const ok = await readAndPreview(utf8bom(text.replace(/^\uFEFF/, '')), name, wb);
    expect(ok.read.layout).toBe('unit-rows');
    expect(ok.read.unitChoice?.names?.['全  市']).toBeNull();
    expect(ok.preview.cells.some((c) => !c.key.includes('#'))).toBe(false);
    expect(ok.read.warnings.filter((w) => w.code.startsWith('unit-total')).map((w) => [w.code, w.row])).toEqual([['unit-total-derived', 5]]);
    // 全 市's 在校学生数 241840 → 241841: one difference, at that cell (row 5, column D)
    const off = await readAndPreview(utf8bom(text.replace(/^\uFEFF/, '').replace('全  市,322,38500,241840', '全  市,322,38500,241841')), name, wb);
    expect(off.read.warnings.filter((w) => w.code === 'unit-total-differs').map((w) => [w.row, w.column])).toEqual([[5, 'D']]);
  });
});

// --- generated tables: column orders and wordings the code was not written for -------------------------

const INDICATORS: [string, string][] = [
  ['小学学校数', 'schools_primary'],
  ['小学在校学生数', 'students_primary'],
  ['初中学校数', 'schools_junior'],
  ['幼儿园数', 'schools_kindergarten'],
  ['在园幼儿数', 'students_kindergarten'],
  ['小学专任教师数', 'teachers_primary'],
];
const TOTAL_WORDS = ['合计', '总计', '全市', '全市合计', '共计', '合 计', '总  计', '合计 Total'];
const SUBTOTAL_WORDS = ['市区', '县（市）', '县(市)', '城区', '县市小计', '市区小计', '其中：高新区', '其中:农村', '#城区'];
const LABEL_HEADERS = ['指标', '项目', '指标名称', '项 目'];
/** A county written as statisticians write it: full, without 区/市/县, spaced. */
const written = (zh: string, how: number): string => (how === 0 ? zh : how === 1 ? zh.slice(0, -1) : [...zh].join(' '));

const spec = fc.record({
  counties: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 2 }),
  how: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }),
  /** another county's school among the columns: the units then have two parents */
  mixed: fc.boolean(),
  total: fc.constantFrom(...TOTAL_WORDS),
  totalAt: fc.nat(),
  subtotals: fc.uniqueArray(fc.constantFrom(...SUBTOTAL_WORDS), { maxLength: 2 }),
  subAt: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  indicators: fc.uniqueArray(fc.integer({ min: 0, max: INDICATORS.length - 1 }), { minLength: 1, maxLength: 4 }),
  figures: fc.array(fc.array(fc.integer({ min: 0, max: 90000 }), { minLength: 8, maxLength: 8 }), { minLength: 4, maxLength: 4 }),
  /** rows whose total is off by some amount */
  off: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 4, maxLength: 4 }),
  label: fc.constantFrom(...LABEL_HEADERS),
  unitColumn: fc.boolean(),
  title: fc.boolean(),
  xlsx: fc.boolean(),
  derived: fc.boolean(),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  bytes: Uint8Array;
  name: string;
  /** column header → what it is */
  columns: { header: string; unit: string | null; kind: 'unit' | 'total' | 'subtotal' }[];
  /** per indicator row: indicator id, figure per column (same order as columns) */
  rows: { id: string; figures: number[] }[];
}

function build(s: Spec): Built {
  const units: Built['columns'] = s.counties.map((i) => ({ header: written(COUNTIES[i].name.zh, s.how[i]), unit: COUNTIES[i].id, kind: 'unit' as const }));
  // a school of a county not in the table (else its parent would be a column too)
  if (s.mixed) units.push({ header: '宁阳县第一实验小学', unit: 'ny-shiyan1', kind: 'unit' });
  const columns = [...units];
  s.subtotals.forEach((w, k) => columns.splice(s.subAt[k] % (columns.length + 1), 0, { header: w, unit: null, kind: 'subtotal' }));
  columns.splice(s.totalAt % (columns.length + 1), 0, { header: s.total, unit: null, kind: 'total' });
  const rows = s.indicators.map((ind, r) => {
    const own = units.map((_, k) => s.figures[r][k]);
    const sum = own.reduce((a, b) => a + b, 0);
    let k = 0;
    const figures = columns.map((c) => (c.kind === 'unit' ? own[k++] : c.kind === 'total' ? sum + s.off[r] : s.figures[r][7]));
    return { id: INDICATORS[ind][1], label: INDICATORS[ind][0], figures };
  });
  const table: (string | number)[][] = [];
  if (s.title) table.push(['2020年各县（市、区）教育统计（虚构数据）']);
  table.push([s.label, ...(s.unitColumn ? ['计量单位'] : []), ...columns.map((c) => c.header)]);
  for (const r of rows) table.push([r.label, ...(s.unitColumn ? [r.id.startsWith('schools') ? '所' : '人'] : []), ...r.figures]);
  const name = s.title ? `table.${s.xlsx ? 'xlsx' : 'csv'}` : `2020年table.${s.xlsx ? 'xlsx' : 'csv'}`;
  const bytes = s.xlsx ? xlsxBytes([{ name: 'Sheet1', rows: table }]) : utf8bom(table.map((r) => r.join(',')).join('\n') + '\n');
  return { bytes, name, columns, rows };
}

describe('generated tables with a column per unit (orders and wordings the code was not written for)', () => {
  it('the total column is the units’ one parent or not sure with the reason; subtotals left out; every unit’s figure as written', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const t = build(s);
        const wb = tree(s.derived ? 'derived' : 'reported');
        const r = await readAndPreview(t.bytes, t.name, wb);
        expect(r.read.layout).toBe('by-unit');
        const names = r.read.unitChoice?.names ?? {};
        const total = t.columns.find((c) => c.kind === 'total')!;
        const notSure = r.read.errors.filter((e) => e.code === 'unit-not-sure');
        if (s.mixed) {
          // counties (parent: the city) and a school (parent: 宁阳县): whose total it is, is not sure, and why
          expect(notSure.map((e) => e.params?.text)).toEqual([total.header]);
          expect(notSure[0].message.zh).toContain('宁阳县');
          expect(notSure[0].message.zh).toContain('泰安市');
        } else {
          expect(r.read.errors).toEqual([]);
          expect(names[total.header]).toBe(s.derived ? null : 'city');
        }
        for (const c of t.columns.filter((x) => x.kind === 'subtotal')) {
          expect(names[c.header]).toBeNull();
          expect(r.read.warnings.some((w) => w.code === 'unit-subtotal' && w.params?.text === c.header)).toBe(true);
        }
        // every figure in the preview is its unit column's as generated; the total's only as the city's, when reported
        const expected = new Map<string, string>();
        for (const row of t.rows) {
          t.columns.forEach((c, k) => {
            if (c.kind === 'unit') expected.set(`${row.id}@2020#${c.unit}`, String(row.figures[k]));
            if (c.kind === 'total' && !s.mixed && !s.derived) expected.set(`${row.id}@2020`, String(row.figures[k]));
          });
        }
        expect(new Map(r.preview.cells.map((c) => [c.key, c.after.raw]))).toEqual(expected);
        // a derived city: each total that is not its counties' sum is named, and only those
        if (s.derived && !s.mixed) {
          const differs = r.read.warnings.filter((w) => w.code === 'unit-total-differs').map((w) => w.row);
          const first = s.title ? 3 : 2;
          expect(differs).toEqual(s.off.slice(0, t.rows.length).flatMap((d, i) => (d !== 0 ? [first + i] : [])));
        }
      }),
      { numRuns: 120 },
    );
  });
});
