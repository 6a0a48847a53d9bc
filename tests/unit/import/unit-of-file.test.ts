import { describe, expect, it } from 'vitest';
import { ROOT_UNIT, UnitTree, type ReportingUnit } from '../../../src/core/model/units.ts';
import fc from 'fast-check';
import { fileUnit, reporterCells, UnitIndex, unitsInText, unitsOfName } from '../../../src/core/import/unit-of-file.ts';
import type { SheetTable } from '../../../src/core/import/table.ts';

const county = (id: string, zh: string, extra: Partial<ReportingUnit> = {}): ReportingUnit => ({
  id,
  name: { zh, en: id[0].toUpperCase() + id.slice(1) },
  parent: 'city',
  level: 'county',
  mode: 'reported',
  ...extra,
});

/** A made-up city's tree: counties, districts, county-level cities, one school, and two names that share a short form (鹤山). */
const TREE = new UnitTree([
  { ...ROOT_UNIT, aliases: ['泰安市'] },
  county('dongping', '东平县', { code: '370923' }),
  county('ningyang', '宁阳县'),
  county('taishan', '泰山区'),
  county('daiyue', '岱岳区'),
  county('xintai', '新泰市'),
  county('feicheng', '肥城市', { aliases: ['肥城'] }),
  county('shizhong', '市中区'),
  county('heshanqu', '鹤山区'),
  county('heshanshi', '鹤山市'),
  { id: 'dp-no1', name: { zh: '东平县第一中学', en: 'Dongping No. 1 Middle School' }, parent: 'dongping', level: 'school', mode: 'reported' },
]);

describe('the unit a file name names', () => {
  it.each([
    ['东平县2020年教育事业统计表.xlsx', 'dongping'],
    ['东平_2020.csv', 'dongping'],
    ['2020年宁阳县教育局报表.xlsx', 'ningyang'],
    ['泰安市东平县2020.xlsx', 'dongping'],
    ['山东省泰安市岱岳区2020年教育统计.xlsx', 'daiyue'],
    ['岱岳区（2020）.xlsx', 'daiyue'],
    ['新泰2020.csv', 'xintai'],
    ['肥城市教体局上报数据.xlsx', 'feicheng'],
    ['肥城2020年(修改稿).xlsx', 'feicheng'],
    ['daiyue_2020.csv', 'daiyue'],
    ['370923-2020.csv', 'dongping'],
    ['市中区2020.xlsx', 'shizhong'],
    ['全市2020年汇总.xlsx', 'city'],
    ['东平县第一中学2020.xlsx', 'dp-no1'],
    // not sure: none named, several named, or a longer name that only starts with a unit's
    ['2020年教育事业统计表.xlsx', null],
    ['各县（市、区）教育事业基本情况.xlsx', null],
    ['东平县、宁阳县汇总.xlsx', null],
    ['宁阳县第一中学2020.xlsx', null],
    ['济南市中小学统计.xlsx', null],
    ['泰山中学2020.xlsx', null],
    ['鹤山2020.xlsx', null],
    ['汶上县2020.xlsx', null],
    ['新泰市场调查.xlsx', null],
    ['data.csv', null],
  ])('%s → %s', (file, unit) => {
    expect(fileUnit(TREE, file, null).unit).toBe(unit);
  });

  it('an ambiguous short name lists every unit it may be, from the file name', () => {
    const g = fileUnit(TREE, '鹤山2020.xlsx', null);
    expect(g.candidates.map((c) => [c.unit, c.where])).toEqual([
      ['heshanqu', 'file'],
      ['heshanshi', 'file'],
    ]);
  });

  it('with the city alone every file is the city’s', () => {
    expect(fileUnit(new UnitTree(), '东平县2020.xlsx', null)).toEqual({ unit: 'city', candidates: [] });
  });
});

describe('a cell or header that is a unit’s name', () => {
  it.each([
    ['东平县', ['dongping']],
    ['东 平 县', ['dongping']],
    ['东平', ['dongping']],
    ['东平县教育局', ['dongping']],
    ['宁阳县教育和体育局（盖章）', ['ningyang']],
    ['肥城', ['feicheng']],
    ['肥城市', ['feicheng']],
    ['泰山区 Taishan', ['taishan']],
    ['鹤山', ['heshanqu', 'heshanshi']],
    ['新泰市', ['xintai']],
    // another place ending is another name (县改市 is a rename the tree records as an alias), not a guess
    ['新泰县', []],
    ['市中', ['shizhong']],
    ['合计', []],
    ['总计', []],
    ['其他', []],
    ['县', []],
    ['', []],
  ])('%s → %j', (text, ids) => {
    expect(unitsOfName(TREE, text).map((u) => u.id)).toEqual(ids);
  });
});

const table = (rows: string[][], name = 'Sheet1'): SheetTable => ({ name, rows, merges: [] });

describe('the unit of a table: 填报单位 cell, title rows, sheet name, file name', () => {
  it('reads the 填报单位 cell, with the name after the colon or in the next cell, cut before the next field', () => {
    const t = table([
      ['2020年教育事业基本情况', '', ''],
      ['填报单位（盖章）：岱岳区教育局    负责人：李明', '', ''],
      ['填报单位：', '', '宁阳县教育和体育局'],
      ['指标', '单位', '数值'],
      ['单位名称', '东平县', ''],
    ]);
    expect(reporterCells(t, 3)).toEqual([
      { text: '岱岳区教育局', row: 2, column: 'A' },
      { text: '宁阳县教育和体育局', row: 3, column: 'C' },
      { text: '东平县', row: 5, column: 'B' },
    ]);
  });

  it('one unit named in the cell and the title is sure; the places are listed', () => {
    const t = table([['东平县2020年教育事业基本情况'], ['填报单位：东平县教育局'], ['指标', '数值'], ['小学学校数', '51']]);
    const g = fileUnit(TREE, 'book1.xlsx', t, 2);
    expect(g.unit).toBe('dongping');
    expect(g.candidates.map((c) => c.where).sort()).toEqual(['cell', 'title']);
  });

  it('a cell naming another unit than the file name is not sure (both shown)', () => {
    const t = table([['填报单位：宁阳县教育局'], ['指标', '数值'], ['小学学校数', '51']]);
    const g = fileUnit(TREE, '东平县2020.xlsx', t, 1);
    expect(g.unit).toBeNull();
    expect(g.candidates.map((c) => `${c.unit}@${c.where}`).sort()).toEqual(['dongping@file', 'ningyang@cell']);
  });

  it('a 填报单位 naming no known unit is not sure and its name is kept to offer adding it', () => {
    const t = table([['填报单位：汶上县教育和体育局'], ['指标', '数值'], ['小学学校数', '51']]);
    const g = fileUnit(TREE, 'table.xlsx', t, 1);
    expect(g.unit).toBeNull();
    expect(g.unknownText).toBe('汶上县');
  });

  it('the city named in the title with a county in the sheet name is the county’s file', () => {
    const t = table([['泰安市2020年教育事业统计'], ['指标', '数值'], ['小学学校数', '51']], '新泰');
    expect(fileUnit(TREE, 'tables.xlsx', t, 1).unit).toBe('xintai');
  });

  it('free text names only units whose name ends a fragment', () => {
    expect(unitsInText(TREE, '宁阳县实验小学').map((x) => x.unit.id)).toEqual([]);
    expect(unitsInText(TREE, '关于报送东平县2020年统计数据的函').map((x) => x.unit.id)).toEqual([]);
    expect(unitsInText(TREE, '东平县 关于报送2020年统计数据的函').map((x) => x.unit.id)).toEqual(['dongping']);
  });
});

describe('UnitIndex answers as UnitTree.find does', () => {
  it('for every name, alias, code and English name of the tree, written with spaces, full-width or another case, and for texts naming none', () => {
    const index = new UnitIndex(TREE);
    const texts = TREE.all().flatMap((u) => [u.name.zh, ...(u.name.en ? [u.name.en, u.name.en.toUpperCase()] : []), ` ${u.name.zh} `, ...(u.aliases ?? []), ...(u.code ? [u.code, u.code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))] : [])]);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...texts), fc.string({ maxLength: 6 }), fc.constantFrom('', '  ', '东平', '鹤山', '市中')), (text) => {
        expect(index.find(text).map((u) => u.id)).toEqual(TREE.find(text).map((u) => u.id));
      }),
    );
  });
});
