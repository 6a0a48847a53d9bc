import { describe, expect, it } from 'vitest';
import { combinePreviews, decisionsOf, ImportMemory, readAndPreview, workbookFromValues, workbookValues, type ReadFiguresOptions } from '../../../src/core/import/index.ts';
import { ROOT_UNIT, UnitTree, type ReportingUnit } from '../../../src/core/model/units.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { CATALOG, sample, utf8 } from './helpers.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';

const county = (id: string, zh: string): ReportingUnit => ({ id, name: { zh, en: id }, parent: 'city', level: 'county', mode: 'reported' });
/** The six county-level units the round samples (data/samples/round, made-up figures) come from. */
const SIX = [county('taishan', '泰山区'), county('daiyue', '岱岳区'), county('xintai', '新泰市'), county('feicheng', '肥城市'), county('ningyang', '宁阳县'), county('dongping', '东平县')];

function roundWorkbook(): Workbook {
  const wb = new Workbook(CATALOG, ['2019']);
  wb.units = new UnitTree([ROOT_UNIT, ...SIX]);
  return wb;
}
const read = (name: string, wb: Workbook, opts: ReadFiguresOptions = {}) => readAndPreview(sample(`round/${name}`), name, wb, opts);

describe('a county file: its unit found, its figures keyed to that unit', () => {
  it.each([
    ['东平县2020年教育事业统计表.csv', 'dongping', 'students_primary', '38,412'],
    ['宁阳县.xlsx', 'ningyang', 'students_primary', '35120'],
    ['岱岳区教育局上报.csv', 'daiyue', 'students_primary', '41,003'],
  ])('%s → %s', async (name, unit, indicator, raw) => {
    const wb = roundWorkbook();
    const { read: r, preview } = await read(name, wb);
    expect(r.errors).toEqual([]);
    expect(r.unitChoice).toEqual({ file: unit });
    expect(r.periods).toEqual(['2020']);
    const cell = preview.cells.find((c) => c.indicator === indicator)!;
    expect(cell.key).toBe(`${indicator}@2020#${unit}`);
    expect(cell.after.raw).toBe(raw);
    expect(preview.cells.every((c) => c.unit === unit)).toBe(true);
    expect(preview.canCommit).toBe(true);
  });

  it('the 填报单位 cell and the title both name the county; both places are listed', async () => {
    const { read: r } = await read('东平县2020年教育事业统计表.csv', roundWorkbook());
    expect(r.unitGuess?.candidates.map((c) => `${c.where}:${c.row ?? ''}${c.column ?? ''}`).sort()).toEqual(['cell:2A', 'file:', 'title:1']);
  });

  it('a file whose unit is not sure blocks the import until the user chooses; then it goes to the chosen unit', async () => {
    const bytes = utf8('2020年教育统计\n指标,数值\n小学数,12\n');
    const wb = roundWorkbook();
    const a = await readAndPreview(bytes, 'table.csv', wb);
    expect(a.read.unitGuess?.unit).toBeNull();
    expect(a.read.errors.map((e) => e.code)).toEqual(['unit-not-sure']);
    expect(a.preview.changes).toEqual([]);
    const b = await readAndPreview(bytes, 'table.csv', wb, { unit: 'feicheng' });
    expect(b.read.errors).toEqual([]);
    expect(b.preview.changes.map((c) => c.key)).toEqual(['schools_primary@2020#feicheng']);
  });

  it('a table whose year is asked for still shows its unit (a by-unit table does not get one)', async () => {
    const wb = roundWorkbook();
    const a = await readAndPreview(utf8('填报单位：宁阳县教育局\n指标,数值\n小学数,47\n'), 'return.csv', wb);
    expect(a.read.errors.map((e) => e.code)).toEqual(['period-required']);
    expect(a.read.unitChoice).toEqual({ file: 'ningyang' });
    const b = await readAndPreview(utf8('指标,东平县,宁阳县\n小学数,51,47\n'), 'table.csv', wb);
    expect(b.read.layout).toBe('by-unit');
    expect(b.read.errors.map((e) => e.code)).toEqual(['period-required']);
    expect(b.read.unitChoice).toBeUndefined();
    const c = await readAndPreview(utf8('指标,东平县,宁阳县\n小学数,51,47\n'), 'table.csv', wb, { period: '2020' });
    expect(c.preview.changes.map((x) => x.key)).toEqual(['schools_primary@2020#dongping', 'schools_primary@2020#ningyang']);
  });

  it('with the city alone (no units yet) a file goes to the city as before', async () => {
    const { read: r, preview } = await read('东平县2020年教育事业统计表.csv', new Workbook(CATALOG, ['2019']));
    expect(r.errors).toEqual([]);
    expect(preview.cells.find((c) => c.indicator === 'students_primary')!.key).toBe('students_primary@2020');
  });

  it('the worker’s snapshot of the workbook carries the units', async () => {
    const wb = roundWorkbook();
    expect(workbookFromValues(workbookValues(wb)).units.toJSON()).toEqual(wb.units.toJSON());
  });
});

describe('a table with a column per unit (各县（市、区）)', () => {
  it('reads each unit column; the 合计 column is the city (the parent all six share), or left out when the user says so', async () => {
    const name = '各县（市、区）2020年主要教育指标.csv';
    const wb = roundWorkbook();
    const a = await read(name, wb);
    expect(a.read.layout).toBe('by-unit');
    expect(a.read.periods).toEqual(['2020']);
    expect(a.read.unitNames?.map((n) => [n.text, n.units])).toEqual([
      ['泰山区', ['taishan']],
      ['岱岳区', ['daiyue']],
      ['新泰市', ['xintai']],
      ['肥城市', ['feicheng']],
      ['宁阳县', ['ningyang']],
      ['东平县', ['dongping']],
      ['合计', ['city']],
    ]);
    expect(a.read.unitNames?.find((n) => n.text === '合计')?.role).toBe('total');
    expect(a.read.errors).toEqual([]);
    expect(a.preview.changes).toHaveLength(21);
    const left = await read(name, wb, { unitChoices: { 合计: null } });
    expect(left.read.errors).toEqual([]);
    expect(left.preview.changes).toHaveLength(18);
    expect(wbAfter(wb, left.preview.changes).get('schools_primary', '2020', 'xintai').raw).toBe('72');
    const city = await read(name, wb, { unitChoices: { 合计: 'city' } });
    expect(city.preview.changes.find((c) => c.key === 'schools_primary@2020')?.after.raw).toBe('322');
  });

  it('without units in the workbook the same table is not read as one (no unit columns to find)', async () => {
    const { read: r } = await read('各县（市、区）2020年主要教育指标.csv', new Workbook(CATALOG, ['2019']));
    expect(r.layout).not.toBe('by-unit');
  });
});

describe('a long table with a unit column', () => {
  it('reads unit, indicator, year and value in any column order; an unknown unit must be chosen or left out', async () => {
    const name = '分县区长表-2020.csv';
    const wb = roundWorkbook();
    const a = await read(name, wb);
    expect(a.read.layout).toBe('long');
    expect(a.read.unitNames?.map((n) => [n.text, n.units, n.figures])).toEqual([
      ['新泰市', ['xintai'], 2],
      ['肥城市', ['feicheng'], 2],
      ['高新区', [], 2],
    ]);
    expect(a.read.errors.map((e) => e.message.zh)).toEqual(['分县区长表-2020.csv 第 5 行 B 列：“高新区”不是已知的单位：请选择单位、新增单位或不导入']);
    const b = await read(name, wb, { unitChoices: { 高新区: null } });
    expect(b.read.errors).toEqual([]);
    expect(b.preview.changes.map((c) => c.key).sort()).toEqual(['students_junior@2020#feicheng', 'students_junior@2020#xintai', 'students_primary@2020#feicheng', 'students_primary@2020#xintai']);
  });

  it.each([
    ['单位名称,指标,年份,数值', ['东平县,小学数,2020,51', '宁阳县,小学数,2020,47']],
    ['年份,数值,指标,地区', ['2020,51,小学数,东平县', '2020,47,小学数,宁阳县']],
    ['单位,指标,年份,数值', ['东平县,小学数,2020,51', '宁阳县,小学数,2020,47']],
    ['地 区 Region,指标,数值', ['东平县,小学数,51', '宁阳县,小学数,47']],
  ])('header %s', async (header, rows) => {
    const { read: r, preview } = await readAndPreview(utf8(['2020年', header, ...rows].join('\n')), 'x.csv', roundWorkbook());
    expect(r.errors).toEqual([]);
    expect(preview.changes.map((c) => `${c.key}=${c.after.raw}`).sort()).toEqual(['schools_primary@2020#dongping=51', 'schools_primary@2020#ningyang=47']);
  });

  it('"单位" over measurement units (所, 人) stays the measurement unit', async () => {
    const { read: r } = await readAndPreview(utf8('指标,单位,年份,数值\n小学数,所,2020,51\n'), '东平县.csv', roundWorkbook());
    expect(r.unitNames).toBeUndefined();
    expect(r.unitChoice).toEqual({ file: 'dongping' });
  });
});

describe('mapping memory per unit', () => {
  it('a unit’s own decision comes first on its files and is not used on other units’ files; old decisions apply everywhere', () => {
    const m = ImportMemory.fromJSON([
      { label: '学校', unit: null, indicator: 'schools_primary', how: 'user' },
      { label: '学校', unit: null, indicator: 'schools_junior', how: 'user', reportingUnit: 'dongping' },
    ]);
    expect(m.forUnit('dongping').get('学校', null)?.indicator).toBe('schools_junior');
    expect(m.forUnit('ningyang').get('学校', null)?.indicator).toBe('schools_primary');
    expect(m.get('学校', null)?.indicator).toBe('schools_primary');
    // the JSON keeps the field only where it was given (older memories read and write as before)
    expect(m.toJSON()).toEqual([
      { label: '学校', unit: null, indicator: 'schools_primary', how: 'user' },
      { label: '学校', unit: null, indicator: 'schools_junior', how: 'user', reportingUnit: 'dongping' },
    ]);
  });

  it('a unit’s own decision is kept by the workbook JSON (schema-valid) and read back', () => {
    const wb = new Workbook(CATALOG, ['2019']);
    wb.importMemory = ImportMemory.fromJSON([{ label: '学校', unit: null, indicator: 'schools_junior', how: 'user', reportingUnit: 'dongping' }]);
    const json = JSON.parse(JSON.stringify(workbookToJson(wb)));
    expect(workbookSchemaIssues(json)).toEqual([]);
    expect(workbookFromJson(json, CATALOG).importMemory.toJSON()).toEqual(wb.importMemory.toJSON());
    expect(workbookSchemaIssues({ ...json, importMemory: [{ ...json.importMemory[0], reportingUnit: 'Not An Id' }] })).not.toEqual([]);
  });

  it('a decision made on a county’s file is remembered for all files and as the county’s own', () => {
    const d = decisionsOf([{ sourceRow: 3, rows: [3], label: '学校', indicatorId: 'schools_primary', method: 'user', how: 'user', suggestions: [] }], [], 'dongping');
    expect(d).toEqual([
      { label: '学校', unit: null, indicator: 'schools_primary', how: 'user' },
      { label: '学校', unit: null, indicator: 'schools_primary', how: 'user', reportingUnit: 'dongping' },
    ]);
  });

  it('the memory used on a county file is that county’s', async () => {
    const wb = roundWorkbook();
    wb.importMemory = ImportMemory.fromJSON([{ label: '学校', unit: null, indicator: 'schools_junior', how: 'user', reportingUnit: 'dongping' }]);
    const bytes = utf8('2020年\n指标,数值\n学校,12\n');
    const own = await readAndPreview(bytes, '东平县.csv', wb);
    expect(own.preview.changes.map((c) => c.key)).toEqual(['schools_junior@2020#dongping']);
    const other = await readAndPreview(bytes, '宁阳县.csv', wb);
    expect(other.read.mapping[0].indicatorId).not.toBe('schools_junior');
  });
});

describe('a batch: one preview for several files', () => {
  it('combines the files’ changes, records which files each unit sent, and refuses two files giving one cell two values', async () => {
    const wb = roundWorkbook();
    const files = ['东平县2020年教育事业统计表.csv', '宁阳县.xlsx', '岱岳区教育局上报.csv'];
    const items = await Promise.all(files.map(async (f) => ({ file: f, ...(await read(f, wb)) })));
    const batch = combinePreviews(items.map((i) => ({ file: i.file, preview: i.preview, errors: i.read.errors })));
    expect(batch.canCommit).toBe(true);
    expect(batch.changes).toHaveLength(items.reduce((n, i) => n + i.preview.changes.length, 0));
    expect([...batch.received]).toEqual([
      ['dongping', ['东平县2020年教育事业统计表.csv']],
      ['ningyang', ['宁阳县.xlsx']],
      ['daiyue', ['岱岳区教育局上报.csv']],
    ]);
    // the by-unit table gives 东平县 51 primary schools as its own file does (no conflict) …
    const table = await read('各县（市、区）2020年主要教育指标.csv', wb, { unitChoices: { 合计: null } });
    const withTable = combinePreviews([...items.map((i) => ({ file: i.file, preview: i.preview })), { file: 'table', preview: table.preview }]);
    expect(withTable.errors).toEqual([]);
    expect(withTable.received.get('dongping')).toEqual(['东平县2020年教育事业统计表.csv', 'table']);
    // … but a second 东平县 file with another figure is a conflict naming both files
    const other = await readAndPreview(utf8('2020年\n指标,数值\n小学学校数,50\n'), '东平县-修改.csv', wb);
    const clash = combinePreviews([{ file: files[0], preview: items[0].preview }, { file: '东平县-修改.csv', preview: other.preview }]);
    expect(clash.canCommit).toBe(false);
    expect(clash.errors.map((e) => e.message.zh)).toEqual([expect.stringContaining('东平县2020年教育事业统计表.csv')]);
  });

  it('one file’s error blocks the whole batch', async () => {
    const wb = roundWorkbook();
    const good = await read('宁阳县.xlsx', wb);
    const bad = await readAndPreview(utf8('2020年\n指标,数值\n小学数,12\n'), 'table.csv', wb);
    expect(combinePreviews([{ file: 'a', preview: good.preview, errors: good.read.errors }, { file: 'b', preview: bad.preview, errors: bad.read.errors }]).canCommit).toBe(false);
  });
});

function wbAfter(wb: Workbook, changes: { key: string; after: import('../../../src/core/model/value.ts').CellValue }[]): Workbook {
  const copy = workbookFromValues(workbookValues(wb));
  copy.apply(changes);
  return copy;
}
