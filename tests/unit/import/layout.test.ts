import { describe, expect, it } from 'vitest';
import { detectLayout, findHeaderRow, parsePeriod, type SheetTable } from '../../../src/core/import/index.ts';

const t = (rows: string[][], merges: SheetTable['merges'] = []): SheetTable => ({ name: 'f.csv', rows, merges });
const codes = (l: { issues: { code: string }[] }) => l.issues.map((i) => i.code);

describe('years in headers', () => {
  it.each([
    ['2019', '2019'],
    ['2019年', '2019'],
    ['2019 年', '2019'],
    ['2019年度', '2019'],
    ['２０２０年', '2020'],
    ['2020年数值', '2020'],
    ['2020(虚构)', '2020'],
    ['指标', null],
    ['20190', null],
    ['1899', null],
    ['2019—2020学年', null],
  ])('%j → %j', (cell, year) => {
    expect(parsePeriod(cell)).toBe(year);
  });
});

describe('the header row is found, not assumed to be the first', () => {
  it.each([
    ['first row', [['指标', '2019年', '2020年'], ['小学数', '154', '150']], 0],
    ['after a title row', [['2020年教育统计表（虚构）'], ['指标', '2019年', '2020年'], ['小学数', '154', '150']], 1],
    ['after a title and a blank row', [['标题'], [], ['单位：所'], ['项目', '2020']], 3],
    ['long layout', [['说明'], ['指标', '年份', '数值'], ['小学数', '2019', '154']], 1],
    ['English header words', [['indicator', 'year', 'value']], 0],
    ['a data row holding one year-like value does not win', [['指标', '年份', '数值'], ['小学数', '2019', '2019']], 0],
    ['a later data row whose figure looks like a year does not win', [['指标', '年份', '数值'], ['小学数', '2016', '1596'], ['初中数', '2016', '2079']], 0],
    ['a wide data row of year-like figures does not beat its header', [['指标', '2016', '2017'], ['小学数', '2016', '2079']], 0],
    ['a heading that starts with digits is still a header', [['标题'], ['指标', '2018年', '2019年', '2019年比2018年增长%'], ['小学数', '150', '154', '2.7']], 1],
    ['a data row with figures does not win', [['2020年统计', ''], ['指标', '年份', '数值'], ['小学数', '2019', '2020', '154']], 1],
    ['no header', [['小学数', '154'], ['初中数', '98']], -1],
  ])('%s', (_n, rows, expected) => {
    expect(findHeaderRow(t(rows))).toBe(expected);
  });
});

describe('layouts', () => {
  it('wide: a row per indicator, a column per year; section headings, blank rows and notes are skipped', () => {
    const l = detectLayout(
      t([
        ['2019—2020年统计（虚构）'],
        ['序号', '指标', '单位', '2019年', '2020年', '增减'],
        ['', '一、学校', '', '', '', ''],
        ['1', '小学数', '所', '154', '150', '-4'],
        [],
        ['2', '初中数', '所', '98', '', ''],
        [],
        ['注：2020 年为虚构数据'],
        ['数据来源：示例'],
      ]),
      'f.csv',
    );
    expect(l.issues).toEqual([]);
    expect(l).toMatchObject({ layout: 'wide', headerRow: 2, labelColumn: 'B', periods: ['2019', '2020'] });
    expect(l.records).toEqual([
      { row: 4, column: 'D', label: '小学数', period: '2019', raw: '154', unit: '所' },
      { row: 4, column: 'E', label: '小学数', period: '2020', raw: '150', unit: '所' },
      { row: 6, column: 'D', label: '初中数', period: '2019', raw: '98', unit: '所' },
    ]);
  });

  it.each([
    ['注：2020 年为虚构数据', true],
    ['注1. 虚构', true],
    ['说明：略', true],
    ['数据来源：示例', true],
    ['Note: made up', true],
    ['注册学生数', false],
    ['说明书印刷数', false],
  ])('a row starting %j ends the table: %s', (label, isNote) => {
    const l = detectLayout(t([['指标', '数值'], ['小学数', '150'], [label, ''], ['初中数', '100']]), 'f.csv', { period: '2020' });
    expect(l.records.map((r) => r.label)).toEqual(isNote ? ['小学数'] : ['小学数', '初中数']);
  });

  it('a row with figures is never a note', () => {
    const l = detectLayout(t([['指标', '数值'], ['注册学生数', '150'], ['初中数', '100']]), 'f.csv', { period: '2020' });
    expect(l.records).toHaveLength(2);
  });

  it('wide without a label header word: the first text column holds the names', () => {
    const l = detectLayout(t([['', '2019', '2020'], ['小学数', '154', '150']]), 'f.csv');
    expect(l.labelColumn).toBe('A');
    expect(l.records).toHaveLength(2);
  });

  it('long: indicator, year, value columns; an id column is carried along', () => {
    const l = detectLayout(
      t([
        ['指标代码', '指标', '年份', '数值'],
        ['schools_primary', '小学数', '2019', '154'],
        ['schools_primary', '小学数', '2020年', '150'],
        ['schools_junior', '初中数', '2020', ''],
      ]),
      'f.csv',
    );
    expect(l.issues).toEqual([]);
    expect(l.layout).toBe('long');
    expect(l.periods).toEqual(['2019', '2020']);
    expect(l.records).toEqual([
      { row: 2, column: 'D', label: '小学数', sourceId: 'schools_primary', period: '2019', raw: '154' },
      { row: 3, column: 'D', label: '小学数', sourceId: 'schools_primary', period: '2020', raw: '150' },
    ]);
  });

  it('long: a year that is not a year is an error naming the cell', () => {
    const l = detectLayout(t([['指标', '年份', '数值'], ['小学数', '去年', '154']]), 'f.csv');
    expect(l.issues).toMatchObject([{ code: 'bad-period', row: 2, column: 'B', severity: 'error' }]);
  });

  it('label + value: the user picks the year; without it the table asks for one', () => {
    const rows = [['指标', '数值'], ['小学数', '150'], ['初中数', '100']];
    const asked = detectLayout(t(rows), 'f.csv');
    expect(asked.layout).toBe('label-value');
    expect(codes(asked)).toEqual(['period-required']);
    expect(asked.records).toEqual([]);
    const l = detectLayout(t(rows), 'f.csv', { period: '2020' });
    expect(l.issues).toEqual([]);
    expect(l.periods).toEqual(['2020']);
    expect(l.records.map((r) => [r.label, r.period, r.raw, `${r.row}${r.column}`])).toEqual([
      ['小学数', '2020', '150', '2B'],
      ['初中数', '2020', '100', '3B'],
    ]);
  });

  it('label + value without any header, when the year is given', () => {
    const l = detectLayout(t([['小学数', '150'], ['初中数', '100']]), 'f.csv', { period: '2020' });
    expect(l.issues).toEqual([]);
    expect(l.headerRow).toBeNull();
    expect(l.records).toHaveLength(2);
  });

  it('a period that is not a year is misuse', () => {
    expect(() => detectLayout(t([['指标', '数值']]), 'f.csv', { period: 'next' })).toThrow();
  });

  it('a header merged over two rows: the continuation row is not data', () => {
    const l = detectLayout(
      t(
        [
          ['指标', '2020年'],
          ['', '数值'],
          ['小学数', '150'],
        ],
        [{ r0: 0, c0: 0, r1: 1, c1: 0 }],
      ),
      'f.xlsx',
    );
    expect(l.records.map((r) => r.row)).toEqual([3]);
  });
});

describe('rows of inconsistent width', () => {
  it('trailing empty cells beyond the header are tolerated; short rows too', () => {
    const l = detectLayout(t([['指标', '2019年', '2020年'], ['小学数', '154', '150', '', ''], ['初中数', '98']]), 'f.csv');
    expect(l.issues).toEqual([]);
    expect(l.records).toHaveLength(3);
  });

  it('a row with content past the header is an error naming the row and the first extra column', () => {
    const l = detectLayout(t([['指标', '2019年', '2020年'], ['小学数', '154', '150'], ['在校生数', '541', '261', '547', '210']]), 'f.csv');
    expect(l.issues).toHaveLength(1);
    expect(l.issues[0]).toMatchObject({ code: 'row-too-wide', severity: 'error', row: 3, column: 'D' });
    expect(l.issues[0].message.zh).toContain('f.csv 第 3 行 D 列');
    expect(l.issues[0].message.en).toContain('f.csv, row 3, column D');
  });
});

describe('tables that are not tables', () => {
  it.each([
    ['empty', [[], ['', '']], 'empty-file'],
    ['no header and no year given', [['小学数', '154']], 'no-table'],
    ['only numbers under the header', [['年份', '数值'], ['2019', '1']], 'no-label-column'],
  ])('%s', (_n, rows, code) => {
    expect(codes(detectLayout(t(rows), 'f.csv'))).toEqual([code]);
  });

  it('terminates on a large ragged table (bounded work)', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => (i === 0 ? ['指标', '2020'] : [`x${i}`, String(i), ...(i % 7 ? [] : [''])]));
    const started = Date.now();
    const l = detectLayout(t(rows), 'f.csv');
    expect(l.records).toHaveLength(19999);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
