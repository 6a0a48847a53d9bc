import { describe, expect, it } from 'vitest';
import { buildCells, buildMapping, previewImport, readFigures, makeCustomIndicator, type ImportCell } from '../../../src/core/import/index.ts';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { CatalogIndex } from '../../../src/core/model/catalog.ts';
import { baselineWorkbook, CATALOG, fixture, snapshot, utf8 } from './helpers.ts';

const index = new CatalogIndex(CATALOG);
const cell = (indicator: string, period: string, raw: string, row = 2, column = 'B'): ImportCell => {
  const ind = index.indicator(indicator);
  return { key: cellKey(indicator, period), indicator, period, after: parseValue(raw, ind, index.unitOf(ind)), place: { row, column } };
};

describe('preview', () => {
  it('classifies each target cell as new, changed or unchanged, and never changes the workbook', () => {
    const wb = baselineWorkbook();
    const before = snapshot(wb);
    const p = previewImport(wb, [
      cell('schools_primary', '2020', '150'), // new period
      cell('schools_primary', '2019', '154'), // same as stored
      cell('students_total', '2019', '541,261'), // same figure written differently
      cell('schools_junior', '2019', '99'), // different
      cell('ger_preschool', '2019', '98.2%'), // same number at a different precision: a change
    ]);
    expect(snapshot(wb)).toBe(before);
    expect(p.cells.map((c) => [c.key, c.status])).toEqual([
      ['schools_primary@2020', 'new'],
      ['schools_primary@2019', 'unchanged'],
      ['students_total@2019', 'unchanged'],
      ['schools_junior@2019', 'changed'],
      ['ger_preschool@2019', 'changed'],
    ]);
    expect(p.cells[3].before.raw).toBe('98');
    expect(p.changes.map((c) => c.key)).toEqual(['schools_primary@2020', 'schools_junior@2019', 'ger_preschool@2019']);
    expect(p.changes.every((c) => c.before === undefined)).toBe(true);
    expect(p.newPeriods).toEqual(['2020']);
    expect(p.canCommit).toBe(true);
  });

  it('the changes apply as one step and undo to exactly the state before', () => {
    const wb = baselineWorkbook();
    const before = snapshot(wb);
    const p = previewImport(wb, [cell('schools_primary', '2019', '155'), cell('schools_junior', '2019', '—')]);
    const undo = wb.apply(p.changes);
    expect(wb.get('schools_primary', '2019').n).toBe(155);
    expect(wb.get('schools_junior', '2019').state).toBe('na');
    wb.apply(undo.map((c) => ({ key: c.key, after: c.before! })));
    expect(snapshot(wb)).toBe(before);
  });

  it('the same cell twice with the same value is fine; with different values it is an error naming both places', () => {
    const wb = baselineWorkbook();
    const same = previewImport(wb, [cell('schools_primary', '2020', '150', 2), cell('schools_primary', '2020', '150', 5)], 'd.csv');
    expect(same.errors).toEqual([]);
    expect(same.duplicates).toEqual([{ key: 'schools_primary@2020', places: [{ row: 2, column: 'B' }, { row: 5, column: 'B' }], conflicting: false }]);
    expect(same.changes).toHaveLength(1);

    const diff = previewImport(wb, [cell('schools_primary', '2020', '150', 2), cell('schools_primary', '2020', '152', 5, 'C')], 'd.csv');
    expect(diff.canCommit).toBe(false);
    expect(diff.errors).toHaveLength(1);
    expect(diff.errors[0]).toMatchObject({ code: 'duplicate-conflict', row: 5, column: 'C' });
    expect(diff.errors[0].message.zh).toContain('第 2 行 B 列');
    expect(diff.errors[0].message.zh).toContain('d.csv 第 5 行 C 列');
    expect(diff.errors[0].message.zh).toContain('小学数');
    expect(diff.duplicates[0].conflicting).toBe(true);
  });

  it('cells of a custom indicator the caller is about to add are new; unknown indicators are errors', () => {
    const wb = baselineWorkbook();
    const custom = makeCustomIndicator(CATALOG, { label: '心理辅导学生数', unit: 'person', section: 'student_development' });
    const c: ImportCell = { key: cellKey(custom.id, '2020'), indicator: custom.id, period: '2020', after: { raw: '5', state: 'value', n: 5, lo: 5, hi: 5 }, place: { row: 9, column: 'B' } };
    const ok = previewImport(wb, [c], 'f.csv', [custom]);
    expect(ok.canCommit).toBe(true);
    expect(ok.missingIndicators).toEqual([custom.id]);
    expect(ok.cells[0].status).toBe('new');
    const bad = previewImport(wb, [c], 'f.csv');
    expect(bad.errors.map((e) => [e.code, e.row])).toEqual([['unknown-indicator', 9]]);
  });
});

describe('values go through the value parser; every unreadable value is listed with its place', () => {
  it('lists invalid values with row and column, imports them as written', () => {
    const records = [
      { row: 3, column: 'C', label: '小学数', period: '2020', raw: '１５０' },
      { row: 4, column: 'C', label: '学前教育毛入园率', period: '2020', raw: '92%以上' },
      { row: 5, column: 'C', label: '幼儿园师生比', period: '2020', raw: '1:14.7' },
      { row: 6, column: 'C', label: '初中数', period: '2020', raw: '待统计' },
      { row: 7, column: 'D', label: '普职比', period: '2020', raw: '55.5:44.5' },
      { row: 8, column: 'C', label: '教师集中培训人次', period: '2020', raw: '1.6万' },
      { row: 9, column: 'C', label: '新增学前教育学位数', period: '2020', raw: '约9500' },
      { row: 10, column: 'C', label: '各级各类学校在校生数', period: '2020', raw: 'abc' },
    ];
    const { cells, issues } = buildCells(records, buildMapping(records, CATALOG), CATALOG, 'v.csv');
    expect(cells.map((c) => [c.indicator, c.after.state, c.after.n])).toEqual([
      ['schools_primary', 'value', 150],
      ['ger_preschool', 'value', 92],
      ['ptr_kindergarten', 'value', 14.7],
      ['schools_junior', 'invalid', undefined],
      ['general_vocational_ratio', 'value', 55.5],
      ['teacher_central_training_person_times', 'value', 16000],
      ['preschool_places_new', 'value', 9500],
      ['students_total', 'invalid', undefined],
    ]);
    expect(cells[3].after.raw).toBe('待统计');
    expect(issues.map((i) => [i.code, i.severity, i.row, i.column])).toEqual([
      ['invalid-value', 'warning', 6, 'C'],
      ['invalid-value', 'warning', 10, 'C'],
    ]);
    expect(issues[0].message.zh).toContain('v.csv 第 6 行 C 列');
  });
});

describe('bad files: a clear message naming the place, and nothing changes', () => {
  const cases: [string, Uint8Array, string, { row?: number; column?: string }][] = [
    ['empty.csv', fixture('empty.csv'), 'empty-file', {}],
    ['binary.csv', fixture('binary.csv'), 'wrong-extension', {}],
    ['truncated.xlsx', fixture('truncated.xlsx'), 'xlsx-truncated', {}],
    ['workbook-named.csv', fixture('workbook-named.csv'), 'wrong-extension', {}],
    ['text-named.xlsx', fixture('text-named.xlsx'), 'wrong-extension', {}],
    ['inconsistent-width.csv', fixture('inconsistent-width.csv'), 'row-too-wide', { row: 3, column: 'D' }],
    ['duplicate-conflict.csv', fixture('duplicate-conflict.csv'), 'duplicate-conflict', { row: 4, column: 'B' }],
    ['random.bin', new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x04]), 'binary-file', {}],
    ['header-only.csv', utf8('指标,2020年\n'), 'no-figures', {}],
  ];
  it.each(cases)('%s', async (name, bytes, code, place) => {
    const wb = baselineWorkbook();
    const before = snapshot(wb);
    const read = await readFigures(bytes, name, CATALOG);
    const preview = previewImport(wb, read.cells, name);
    const all = [...read.errors, ...preview.errors];
    const found = all.find((e) => e.code === code);
    expect(found, JSON.stringify(all)).toBeDefined();
    expect(found!.severity).toBe('error');
    expect(found!.message.zh.startsWith(name)).toBe(true);
    expect(found!.message.en.startsWith(name)).toBe(true);
    if (place.row !== undefined) expect(found!.row).toBe(place.row);
    if (place.column !== undefined) expect(found!.column).toBe(place.column);
    expect(read.errors.length > 0 || !preview.canCommit).toBe(true);
    expect(snapshot(wb)).toBe(before);
  });

  it('too large: refused before reading', async () => {
    const read = await readFigures(utf8('指标,2020年\n小学数,150\n'), 'big.csv', CATALOG, {
      limits: { ...IMPORT_LIMITS, maxFileBytes: 8, maxCells: 1e6, maxRows: 1e5, maxUnzippedBytes: 1e9 },
    });
    expect(read.errors.map((e) => e.code)).toEqual(['too-large']);
    expect(read.cells).toEqual([]);
  });
});

describe('a unit column scales plain numbers; fractions in percent cells are flagged', () => {
  it.each([
    ['学生资助总资金', '万元', '16600', '16600万元', 1.66],
    ['学生资助总资金', '亿元', '1.66', '1.66', 1.66],
    ['各级各类学校在校生数', '万人', '54.1261', '54.1261万人', 541261],
    ['各级各类学校在校生数', '人', '541,261', '541,261', 541261],
    ['学生资助人次', '万人次', '8.69', '8.69万人次', 86900],
    ['学生资助人次', '万人次', '8.69万', '8.69万', 86900],
    ['小学数', '所', '150', '150', 150],
    ['学前教育毛入园率', '%', '98.23', '98.23', 98.23],
  ])('%s in a "%s" row: %j is read as %j', (label, unit, raw, expectedRaw, n) => {
    const records = [{ row: 2, column: 'C', label, period: '2020', raw, unit }];
    const { cells } = buildCells(records, buildMapping(records, CATALOG), CATALOG, 'u.csv');
    expect([cells[0].after.raw, cells[0].after.n]).toEqual([expectedRaw, n]);
  });

  it('warns when a percentage looks like a fraction', () => {
    const records = [
      { row: 2, column: 'B', label: '学前教育毛入园率', period: '2020', raw: '0.9823' },
      { row: 3, column: 'B', label: '小学毛入学率', period: '2020', raw: '98.23%' },
      { row: 4, column: 'B', label: '初中毛入学率', period: '2020', raw: '115.02' },
    ];
    const { issues } = buildCells(records, buildMapping(records, CATALOG), CATALOG, 'p.csv');
    expect(issues.map((i) => [i.code, i.row])).toEqual([['percent-as-fraction', 2]]);
  });
});
