/**
 * The yearbook's "各县（市、区）…情况" table (units as rows, indicators as columns): the made-up corpus in
 * tests/fixtures/unit-rows (shapes modelled on published yearbook tables; see its README), then tables
 * generated with fast-check in shapes the reader was not written for (column order, header wording and
 * levels, subtotal / 其中 / unknown rows, spacer rows, names with or without 县/区, codes, CSV or XLSX).
 * The rule in every case: a figure imported goes to the right unit and indicator with the value as
 * written; a row naming no unit is "not sure" (error) and a subtotal row is reported, neither imported.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { combinePreviews, readAndPreview, readTables, type ReadAndPreview } from '../../../src/core/import/index.ts';
import { ROOT_UNIT, UnitTree, type ReportingUnit } from '../../../src/core/model/units.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { CATALOG, utf8bom, xlsxBytes } from './helpers.ts';

const county = (id: string, zh: string, code: string): ReportingUnit => ({ id, name: { zh, en: id }, code, parent: 'city', level: 'county', mode: 'reported' });
const SIX = [
  county('taishan', '泰山区', '370902'),
  county('daiyue', '岱岳区', '370911'),
  county('xintai', '新泰市', '370982'),
  county('feicheng', '肥城市', '370983'),
  county('ningyang', '宁阳县', '370921'),
  county('dongping', '东平县', '370923'),
];
function roundWorkbook(units: ReportingUnit[] = SIX): Workbook {
  const wb = new Workbook(CATALOG, ['2019']);
  wb.units = new UnitTree([ROOT_UNIT, ...units]);
  return wb;
}
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/unit-rows/${name}`, import.meta.url)));

/** Every previewed figure is the file's cell at the place it names (the value as written, nothing shifted). */
async function expectPlacesHold(bytes: Uint8Array, name: string, r: ReadAndPreview): Promise<void> {
  const tables = await readTables(bytes, name);
  const table = tables.sheets.find((s) => s.name === (r.read.sheet ?? name))!;
  for (const c of r.preview.cells) {
    const col = c.place.column.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    expect((table.rows[c.place.row - 1][col] ?? '').trim(), `${c.key} at ${c.place.row}${c.place.column}`).toBe(c.after.raw);
  }
}

// what each file says, read from the file by eye (the generator's tables), not from the reader
const CORPUS: {
  file: string;
  periods: string[];
  /** unit name as written → unit id (null: not a unit, left out; 'unsure': must be chosen) */
  units: Record<string, string | null | 'unsure'>;
  /** column header → indicator (null: the catalog has none) */
  columns: Record<string, string | null>;
  /** a few figures: cell key → raw */
  cells: Record<string, string>;
}[] = [
  {
    file: '2020年各县（市、区）普通小学基本情况.csv',
    periods: ['2020'],
    units: { '全  市': 'city', '泰 山 区': 'taishan', '岱 岳 区': 'daiyue', '新 泰 市': 'xintai', '肥 城 市': 'feicheng', '宁 阳 县': 'ningyang', '东 平 县': 'dongping' },
    columns: { 学校数: 'schools_primary', 招生数: null, 在校学生数: 'students_primary', 毕业生数: null, 教职工数: null, 专任教师: 'teachers_primary' },
    cells: { 'schools_primary@2020': '322', 'students_primary@2020#daiyue': '41003', 'teachers_primary@2020#dongping': '2316' },
  },
  {
    file: '各县市区中小学情况2020.xlsx',
    periods: ['2020'],
    units: { 合计: 'city', 市区: null, 泰山区: 'taishan', 岱岳区: 'daiyue', '县（市）小计': null, 新泰市: 'xintai', 肥城市: 'feicheng', 宁阳县: 'ningyang', 东平县: 'dongping' },
    columns: { '小学·学校数': 'schools_primary', '小学·在校生数': 'students_primary', '小学·专任教师': 'teachers_primary', '初中·学校数': 'schools_junior', '初中·在校生数': 'students_junior', '初中·专任教师': 'teachers_junior' },
    cells: { 'schools_junior@2020': '126', 'students_junior@2020#xintai': '24102', 'teachers_primary@2020#taishan': '1890' },
  },
  {
    file: '分县区幼儿园情况-2020.csv',
    periods: ['2020'],
    units: { 泰山: 'taishan', 岱岳: 'daiyue', 新泰: 'xintai', 肥城: 'feicheng', 宁阳: 'ningyang', 东平: 'dongping', '其中：高新区': null, 全市: 'city' },
    columns: { 幼儿园数: 'schools_kindergarten', 在园幼儿数: 'students_kindergarten', 专任教师: 'teachers_kindergarten' },
    cells: { 'students_kindergarten@2020#taishan': '9,810', 'students_kindergarten@2020': '54,410', 'teachers_kindergarten@2020#dongping': '560' },
  },
  {
    file: 'county-years.csv',
    periods: ['2019', '2020'],
    units: { 总计: 'city', 泰山区: 'taishan', 岱岳区: 'daiyue', 新泰: 'xintai', 肥城市: 'feicheng', 宁阳县: 'ningyang', 东平县: 'dongping' },
    columns: { 小学学校数: 'schools_primary', 初中学校数: 'schools_junior', 小学在校生数: 'students_primary' },
    cells: { 'schools_primary@2019#taishan': '34', 'schools_primary@2020#taishan': '33', 'students_primary@2019': '238840' },
  },
  {
    file: 'enrolment-by-area-2020.csv',
    periods: ['2020'],
    units: { 泰山区: 'taishan', 岱岳区: 'daiyue', 新泰市: 'xintai', 肥城市: 'feicheng', 宁阳县: 'ningyang', 东平县: 'dongping', 全市: 'city' },
    columns: { 小学: 'students_primary', 初中: 'students_junior', 普通高中: 'students_senior_high' },
    cells: { 'students_senior_high@2020#xintai': '13410', 'students_primary@2020': '241840' },
  },
  {
    file: 'senior-high-by-county-2020.xlsx',
    periods: ['2020'],
    units: { '合计 Total': 'city', '泰山区 Taishan District': 'taishan', '岱岳区 Daiyue District': 'daiyue', '新泰市 Xintai City': 'xintai', '肥城市 Feicheng City': 'feicheng', '宁阳县 Ningyang County': 'ningyang', '东平县 Dongping County': 'dongping' },
    columns: { 学校数: 'schools_senior_high', 在校学生数: 'students_senior_high', 专任教师: 'teachers_senior_high' },
    cells: { 'schools_senior_high@2020': '86', 'teachers_senior_high@2020#feicheng': '870' },
  },
];

describe('the made-up corpus of units-as-rows tables', () => {
  it.each(CORPUS)('$file: each row’s unit, each column’s indicator, the figures at their places', async (c) => {
    const bytes = fixture(c.file);
    const r = await readAndPreview(bytes, c.file, roundWorkbook());
    expect(r.read.layout).toBe('unit-rows');
    expect(r.read.periods).toEqual(c.periods);
    expect(r.read.errors).toEqual([]);
    const got = Object.fromEntries((r.read.unitNames ?? []).map((n) => [n.text, r.read.unitChoice?.names?.[n.text]]));
    expect(got).toEqual(c.units);
    // subtotal and 其中 rows are reported, one warning each naming the row
    const left = Object.entries(c.units).filter(([, u]) => u === null).map(([t]) => t);
    expect(r.read.warnings.filter((w) => w.code === 'unit-subtotal').map((w) => w.params?.text)).toEqual(left);
    const columns = Object.fromEntries(r.read.mapping.map((m) => [m.label, m.indicatorId]));
    expect(columns).toEqual(c.columns);
    const byKey = new Map(r.preview.cells.map((x) => [x.key, x.after.raw]));
    for (const [key, raw] of Object.entries(c.cells)) expect(byKey.get(key), key).toBe(raw);
    // units × matched columns × years, nothing from the left-out rows
    const sure = Object.values(c.units).filter((u) => typeof u === 'string' && u !== 'unsure').length;
    expect(r.preview.cells).toHaveLength(sure * Object.values(c.columns).filter(Boolean).length * c.periods.length);
    await expectPlacesHold(bytes, c.file, r);
    expect(r.preview.canCommit).toBe(true);
  });

  it('an unmatched column is reported at its header cell, not at a row past the table', async () => {
    const name = '2020年各县（市、区）普通小学基本情况.csv';
    const r = await readAndPreview(fixture(name), name, roundWorkbook());
    const w = r.read.warnings.filter((x) => x.code === 'unmatched-row');
    expect(w.map((x) => `${x.row}${x.column}`)).toEqual(['4C', '4E', '4F']);
    expect(w[0].message.zh).toContain('第 4 行 C 列');
  });

  it('a unit the tree lacks is not sure until chosen; a 合计 row is the parent only when the units share one', async () => {
    const five = SIX.filter((u) => u.id !== 'dongping');
    const name = '各县市区中小学情况2020.xlsx';
    const a = await readAndPreview(fixture(name), name, roundWorkbook(five));
    expect(a.read.errors.map((e) => [e.code, e.params?.text])).toEqual([['unit-not-sure', '东平县']]);
    expect(a.preview.changes.some((c) => c.key.endsWith('#dongping'))).toBe(false);
    const b = await readAndPreview(fixture(name), name, roundWorkbook(five), { unitChoices: { 东平县: null } });
    expect(b.read.errors).toEqual([]);
    expect(b.preview.canCommit).toBe(true);
    // a school under 泰山区: the rows' units no longer share one parent, so 合计 is not sure
    const school: ReportingUnit = { id: 'ts-no1', name: { zh: '东平县', en: 'x' }, parent: 'taishan', level: 'school', mode: 'reported' };
    const c = await readAndPreview(fixture(name), name, roundWorkbook([...five, school]));
    expect(c.read.errors.map((e) => e.params?.text).sort()).toEqual(['合计']);
  });

  it('codes decide where names are ambiguous; the user can import a subtotal row as a unit', async () => {
    // two units named 新泰市 (one of them by alias): the code column says which
    const twin: ReportingUnit = { id: 'xintai-new', name: { zh: '新泰新区', en: 'x' }, aliases: ['新泰市'], code: '370999', parent: 'city', level: 'county', mode: 'reported' };
    const name = '各县市区中小学情况2020.xlsx';
    const r = await readAndPreview(fixture(name), name, roundWorkbook([...SIX, twin]));
    expect(r.read.unitChoice?.names?.['新泰市']).toBe('xintai');
    const urban: ReportingUnit = { id: 'urban', name: { zh: '城区合计', en: 'urban' }, parent: 'city', level: 'county', mode: 'reported' };
    const s = await readAndPreview(fixture(name), name, roundWorkbook([...SIX, urban]), { unitChoices: { 市区: 'urban' } });
    expect(s.preview.cells.find((c) => c.key === 'schools_primary@2020#urban')?.after.raw).toBe('91');
  });

  it('batch: the corpus files with one round, one atomic preview', async () => {
    const wb = roundWorkbook();
    const items = [];
    for (const c of CORPUS.filter((x) => x.file.endsWith('.xlsx'))) {
      const r = await readAndPreview(fixture(c.file), c.file, wb);
      items.push({ file: c.file, preview: r.preview, errors: r.read.errors });
    }
    const batch = combinePreviews(items);
    expect(batch.canCommit).toBe(true);
    expect(batch.received.get('xintai')).toEqual(['各县市区中小学情况2020.xlsx', 'senior-high-by-county-2020.xlsx']);
    expect(batch.received.has('urban')).toBe(false);
  });
});

describe('other tables are not read as units as rows', () => {
  it.each([
    ['a label + value table', '2020年\n指标,数值\n小学数,51\n初中数,19\n'],
    ['indicators down, units across', '2020年\n指标,泰山区,岱岳区\n小学数,33,58\n初中数,14,21\n'],
    ['a wide table of years', '指标,2019年,2020年\n小学数,50,51\n'],
    ['a long table with a unit column', '指标,县（市、区）,年份,数值\n小学数,泰山区,2020,33\n小学数,岱岳区,2020,58\n'],
    ['school types down', '2020年全市基础教育情况\n类别,学校数,在校学生数,专任教师数\n小学,334,371009,18955\n初中,147,171369,11775\n'],
  ])('%s', async (_name, text) => {
    const r = await readAndPreview(utf8bom(text), 't.csv', roundWorkbook());
    expect(r.read.layout).not.toBe('unit-rows');
  });
});

// ---- generated shapes -------------------------------------------------------------------------------

/** The columns a generated table may have: an indicator and the ways a header writes it. */
const COLUMNS = [
  { id: 'schools_primary', subject: '小学', measures: ['学校数', '学校数(所)', '校数'] },
  { id: 'students_primary', subject: '小学', measures: ['在校生数', '在校学生数(人)', '在校生'] },
  { id: 'teachers_primary', subject: '小学', measures: ['专任教师', '专任教师数(人)', '专任教师数'] },
  { id: 'schools_junior', subject: '初中', measures: ['学校数', '学校数(所)', '校数'] },
  { id: 'students_junior', subject: '初中', measures: ['在校生数', '在校学生数', '在校生'] },
  { id: null, subject: '小学', measures: ['班数', '毕业生数', '招生数'] },
] as const;

interface Spec {
  units: number[];
  nameStyle: ('full' | 'short' | 'spaced' | 'code-in-cell')[];
  codeColumn: boolean;
  columns: { col: number; variant: number }[];
  twoLevel: boolean;
  total: { word: string; top: boolean } | null;
  subtotal: string | null;
  unknown: boolean;
  spacers: number[];
  xlsx: boolean;
  seed: number;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  units: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 2 }),
  nameStyle: fc.array(fc.constantFrom('full', 'short', 'spaced', 'code-in-cell'), { minLength: 6, maxLength: 6 }),
  codeColumn: fc.boolean(),
  columns: fc.uniqueArray(fc.record({ col: fc.integer({ min: 0, max: COLUMNS.length - 1 }), variant: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 5, selector: (x) => x.col }),
  twoLevel: fc.boolean(),
  total: fc.option(fc.record({ word: fc.constantFrom('合计', '总计', '全市', '全市合计', '合  计'), top: fc.boolean() }), { nil: null }),
  subtotal: fc.option(fc.constantFrom('市区', '县（市）小计', '城区', '县合计', '市区小计'), { nil: null }),
  unknown: fc.boolean(),
  spacers: fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 2 }),
  xlsx: fc.boolean(),
  seed: fc.integer({ min: 1, max: 9999 }),
});

/** A table from a spec, with what it means: each data row's unit (id, 'sub', 'unknown') and each column's indicator. */
function build(s: Spec): { bytes: Uint8Array; name: string; rows: { unit: string; values: number[] }[]; columns: (typeof COLUMNS)[number][] } {
  const cols = s.columns.map((c) => COLUMNS[c.col]);
  const value = (u: number, k: number) => ((s.seed * (u + 3) * (k + 7)) % 9000) + 10;
  const rows: { unit: string; name: string; code: string; values: number[] }[] = s.units.map((u) => {
    const unit = SIX[u];
    const short = unit.name.zh.slice(0, -1);
    const style = s.nameStyle[u];
    const name = style === 'full' ? unit.name.zh : style === 'short' ? short : style === 'spaced' ? [...unit.name.zh].join(' ') : `${unit.code} ${unit.name.zh}`;
    return { unit: unit.id, name, code: unit.code!, values: cols.map((_, k) => value(u, k)) };
  });
  const sumOf = (list: typeof rows) => cols.map((_, k) => list.reduce((n, r) => n + r.values[k], 0));
  if (s.subtotal) rows.splice(1, 0, { unit: 'sub', name: s.subtotal, code: '', values: sumOf(rows.slice(0, 1)) });
  if (s.unknown) rows.push({ unit: 'unknown', name: '高新区', code: '', values: cols.map((_, k) => value(9, k)) });
  if (s.total) {
    const t = { unit: 'city', name: s.total.word, code: '', values: sumOf(rows.filter((r) => r.unit !== 'sub')) };
    if (s.total.top) rows.unshift(t);
    else rows.push(t);
  }
  const lead = s.codeColumn ? ['代码', '县（市、区）'] : ['县（市、区）'];
  const header: string[][] = s.twoLevel
    ? [
        [...lead, ...cols.map((c, k) => (k > 0 && cols[k - 1].subject === c.subject ? '' : c.subject))],
        [...lead.map(() => ''), ...cols.map((c, k) => c.measures[s.columns[k].variant])],
      ]
    : [[...lead, ...cols.map((c, k) => `${c.subject}${c.measures[s.columns[k].variant]}`)]];
  const body: string[][] = rows.map((r) => [...(s.codeColumn ? [r.name.startsWith(r.code) ? '' : r.code] : []), r.name, ...r.values.map(String)]);
  for (const at of s.spacers) body.splice(Math.min(at, body.length), 0, []);
  const aoa = [['2020年各县（市、区）小学初中基本情况（虚构数据）'], ...header, ...body, ['注：虚构数据。']];
  const name = s.xlsx ? 't.xlsx' : 't.csv';
  const bytes = s.xlsx
    ? xlsxBytes([{ name: 'S', rows: aoa }])
    : utf8bom(aoa.map((r) => r.map((c) => (/[,"]/.test(c) ? `"${c}"` : c)).join(',')).join('\n'));
  return { bytes, name, rows: rows.map(({ unit, values }) => ({ unit, values })), columns: cols };
}

describe('generated units-as-rows tables (shapes the reader was not written for)', () => {
  it('a figure imported is the right unit’s and indicator’s, as written; unknown rows are not sure, subtotals left out', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const t = build(s);
        const r = await readAndPreview(t.bytes, t.name, roundWorkbook());
        expect(r.read.layout).toBe('unit-rows');
        expect(r.read.periods).toEqual(['2020']);
        // each (unit, indicator) the file gives: its value; subtotal and unknown rows give nothing
        const truth = new Map<string, string>();
        for (const row of t.rows) {
          if (row.unit === 'sub' || row.unit === 'unknown') continue;
          t.columns.forEach((c, k) => {
            if (c.id) truth.set(`${c.id}@2020${row.unit === 'city' ? '' : `#${row.unit}`}`, String(row.values[k]));
          });
        }
        for (const c of r.preview.cells) expect(truth.get(c.key), c.key).toBe(c.after.raw);
        // every unit row is found (names with or without 区/市/县, spaced, with codes)
        const found = new Set(r.preview.cells.map((c) => c.unit));
        for (const row of t.rows) if (row.unit !== 'sub' && row.unit !== 'unknown' && r.preview.cells.length) expect(found.has(row.unit), row.unit).toBe(true);
        const errors = r.read.errors.map((e) => e.params?.text);
        expect(errors).toEqual(s.unknown ? ['高新区'] : []);
        expect(r.read.warnings.filter((w) => w.code === 'unit-subtotal').map((w) => w.params?.text)).toEqual(s.subtotal ? [s.subtotal] : []);
        // the column headers the vocabulary knows are all matched (校数 / 在校生 short forms may be left out, never mismatched)
        for (const [k, c] of t.columns.entries()) {
          if (!c.id || s.columns[k].variant === 2) continue;
          expect(r.read.mapping.find((m) => m.indicatorId === c.id), `${c.subject}${c.measures[s.columns[k].variant]}`).toBeTruthy();
        }
      }),
      { numRuns: 60 },
    );
  });
});
