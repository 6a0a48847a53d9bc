/**
 * Years are found where people put them: a lower row of a multi-row header, merged header cells, the title
 * rows, the sheet name, the file name. The year option (--period, the dialog's year box) is the fallback
 * and, when given, wins.
 */
import { describe, expect, it } from 'vitest';
import { detectLayout, readFigures, yearInText } from '../../../src/core/import/index.ts';
import type { SheetTable } from '../../../src/core/import/index.ts';
import { CATALOG, utf8, xlsxBytes } from './helpers.ts';

describe('yearInText', () => {
  it.each<[string, string | null]>([
    ['某县2021年教育事业基本情况', '2021'],
    ['2021年度教育统计快报', '2021'],
    ['二〇二一年教育统计', '2021'],
    ['二零一九年度', '2019'],
    ['２０２１年', '2021'],
    ['2021学年初', '2021'],
    ['2021-2022学年', '2021'], // a school year counts as the year it starts
    ['2021/2022学年', '2021'],
    ['county_2021', '2021'],
    ['report-2021-v2', '2021'],
    ['某区2022年教育事业统计', '2022'],
    ['2019-2021年', null], // a range names several years
    ['2021年与2020年对比', null],
    ['Sheet1', null],
    ['表13-11 各类教育事业基本情况', null],
    ['编号12345', null],
    ['', null],
  ])('%j → %s', (text, want) => {
    expect(yearInText(text)).toBe(want);
  });
});

const table = (rows: string[][], name = 't.csv', merges: SheetTable['merges'] = []): SheetTable => ({ name, rows, merges });

describe('where a table states its year', () => {
  it('a two-row header with the year in the second row (no merges)', () => {
    const r = detectLayout(table([['指标', '单位', '数值'], ['', '', '2021年'], ['小学', '所', '45']]), 't.csv');
    expect([r.layout, r.periods, r.records.map((x) => [x.row, x.period, x.raw])]).toEqual(['wide', ['2021'], [[3, '2021', '45']]]);
  });

  it('a two-row merged header: 指标/单位 merged down, a merged group over the year and a change column', () => {
    const rows = [['某市主要指标'], ['指标', '单位', '主要指标值', ''], ['', '', '2021年', '比上年增减'], ['小学', '所', '318', '-6']];
    const merges = [
      { r0: 1, c0: 0, r1: 2, c1: 0 },
      { r0: 1, c0: 1, r1: 2, c1: 1 },
      { r0: 1, c0: 2, r1: 1, c1: 3 },
    ];
    const r = detectLayout(table(rows, '主要指标', merges), 'x.xlsx');
    expect([r.layout, r.periods, r.records.map((x) => [x.row, x.column, x.raw])]).toEqual(['wide', ['2021'], [[4, 'C', '318']]]);
  });

  it('label + value: title, then sheet name, then file name; the option wins', () => {
    const body = [['指标', '数值'], ['小学数', '45']];
    expect(detectLayout(table([['2020年某县教育统计'], ...body], '2019年'), 'x-2018.xlsx')).toMatchObject({ periods: ['2020'], periodSource: 'title' });
    expect(detectLayout(table(body, '2019年'), 'x-2018.xlsx')).toMatchObject({ periods: ['2019'], periodSource: 'sheet' });
    expect(detectLayout(table(body, 'Sheet1'), 'x-2018.xlsx')).toMatchObject({ periods: ['2018'], periodSource: 'file' });
    expect(detectLayout(table(body, 'x-2018.csv'), 'x-2018.csv')).toMatchObject({ periods: ['2018'], periodSource: 'file' });
    expect(detectLayout(table([['2020年某县教育统计'], ...body], '2019年'), 'x.xlsx', { period: '2017' })).toMatchObject({ periods: ['2017'], periodSource: 'option' });
    // nowhere: the year must be chosen
    expect(detectLayout(table(body, 'Sheet1'), 'x.xlsx').issues.map((i) => i.code)).toEqual(['period-required']);
  });

  it('an XLSX whose year is in the merged title, the sheet name "2021年" and the second header row is read as 2021', async () => {
    const bytes = xlsxBytes([
      {
        name: '2021年',
        rows: [['某市2021年教育事业发展主要指标（虚构）'], ['指标', '单位', '数值'], [null, null, '2021年'], ['普通高中', '所', 15], ['在校生', '人', 52100]],
        merges: ['A1:C1', 'A2:A3', 'B2:B3'],
      },
    ]);
    const r = await readFigures(bytes, 'city.xlsx', CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['2021']);
    expect(r.mapping.map((m) => [m.indicatorId, m.how])).toEqual([
      ['schools_senior_high', 'name-unit'],
      ['students_senior_high', 'context'],
    ]);
  });

  it('a CSV named after its year with a 指标 · 数值 table reads that year', async () => {
    const r = await readFigures(utf8('指标,数值\n小学数,45\n'), '某县2022年统计.csv', CATALOG);
    expect([r.errors, r.periods, r.periodSource]).toEqual([[], ['2022'], 'file']);
  });
});

describe('a unit stated in the name or the heading scales the figures like a unit column', () => {
  it('"（计量单位：万人）" over the rows and "（万人）" in a name', async () => {
    const r = await readFigures(utf8('指标,2021年\n在校学生数（计量单位：万人）,\n小学,2.71\n初中在校生（万人）,1.2\n'), 'x.csv', CATALOG);
    expect(r.cells.map((c) => [c.indicator, c.after.n])).toEqual([
      ['students_primary', 27100],
      ['students_junior', 12000],
    ]);
  });
});
