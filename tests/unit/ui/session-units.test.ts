import { describe, expect, it } from 'vitest';
import { newUnitId } from '../../../src/core/model/unit-ids.ts';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { emptyMeta, isStoredMeta } from '../../../src/storage/store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

const RULES = { version: 't', rules: [] };

async function open(backend = new MemoryBackend()) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
}

const county = (id: string, zh: string, en: string, extra: Partial<ReportingUnit> = {}): ReportingUnit => ({ id, name: { zh, en }, parent: 'city', level: 'county', mode: 'reported', ...extra });
const JC = county('jiangcheng', '江城区', 'Jiangcheng', { code: '441702', aliases: ['江城'] });
const YD = county('yangdong', '阳东区', 'Yangdong');
const YX = county('yangxi', '阳西县', 'Yangxi');

/** What the user can see of units: the tree, every non-empty figure, the collection board. */
function state(s: Session) {
  return {
    units: JSON.stringify(s.units),
    tree: JSON.stringify(s.workbook.units.toJSON()),
    values: Object.fromEntries([...s.workbook.values].map(([k, v]) => [k, v.raw])),
    // by unit id: the board shows units in tree order, whatever order the statuses were set in
    collection: JSON.stringify([...s.collection].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => [id, c.returned?.note ?? null, c.received?.file ?? null])),
  };
}

/** A workbook with three counties, figures for two of them and Jiangcheng's return marked for correction. */
async function withCounties(backend?: MemoryBackend) {
  const s = await open(backend);
  for (const u of [JC, YD, YX]) expect(s.addUnit(u)).toBeNull();
  s.setReturned('jiangcheng', '缺少幼儿园数');
  s.setCells([
    { key: 'schools_total@2019#jiangcheng', raw: '300' },
    { key: 'schools_total@2019#yangdong', raw: '250' },
    { key: 'students_total@2018#jiangcheng', raw: '120000' },
  ]);
  return s;
}

type Action = [string, (s: Session) => unknown];
const ACTIONS: Action[] = [
  ['adding a county', (s) => s.addUnit(county('yangchun', '阳春市', 'Yangchun'))],
  ['adding a school under a county', (s) => s.addUnit({ id: 'jc-no1', name: { zh: '江城一中', en: 'Jiangcheng No. 1' }, parent: 'jiangcheng', level: 'school', mode: 'reported' })],
  ['renaming with aliases and code', (s) => s.renameUnit('yangxi', { zh: '阳西', en: 'Yangxi County' }, { aliases: ['阳西县'], code: '441721' })],
  ['setting a county derived', (s) => s.setUnitMode('jiangcheng', 'derived')],
  ['removing a county with its figures', (s) => s.removeUnit('jiangcheng')],
  ['marking a return for correction', (s) => s.setReturned('yangdong', '小学数与上年相差过大，请核实')],
  ['recording a return as received', (s) => s.setReceived('yangxi', { time: '2026-11-30T08:00:00.000Z', file: '阳西县.xlsx' })],
  ['withdrawing a return mark', (s) => s.setReturned('jiangcheng', null)],
];

describe('reporting units in the session: each edit is one undo step', () => {
  it.each(ACTIONS)('%s undoes and redoes exactly', async (_, act) => {
    const s = await withCounties();
    const before = state(s);
    act(s);
    const after = state(s);
    expect(after).not.toEqual(before);
    s.undo();
    expect(state(s)).toEqual(before);
    s.redo();
    expect(state(s)).toEqual(after);
    await s.settled();
  });

  it('removing a unit takes its subtree and their figures; one undo brings all of them back', async () => {
    const s = await withCounties();
    s.addUnit({ id: 'jc-no1', name: { zh: '江城一中', en: 'Jiangcheng No. 1' }, parent: 'jiangcheng', level: 'school', mode: 'reported' });
    s.setCells([{ key: 'schools_total@2019#jc-no1', raw: '1' }]);
    s.setReturned('jc-no1', '请补报');
    const before = state(s);
    expect(s.removeUnit('jiangcheng')).toBeNull();
    expect(s.units.map((u) => u.id)).toEqual(['city', 'yangdong', 'yangxi']);
    expect([...s.workbook.values.keys()].filter((k) => k.includes('#jiangcheng') || k.includes('#jc-no1'))).toEqual([]);
    expect(s.collection.has('jc-no1')).toBe(false);
    expect(s.workbook.getByKey('schools_total@2019#yangdong').raw).toBe('250');
    s.undo();
    expect(state(s)).toEqual(before);
  });

  it.each<[string, (s: Session) => unknown, RegExp, RegExp]>([
    ['an id that exists', (s) => s.addUnit(county('yangdong', '阳东', 'Yangdong')), /已存在/, /already exists/],
    ['an id with capitals', (s) => s.addUnit(county('YangChun', '阳春市', 'Yangchun')), /不合规/, /not valid/],
    ['a parent that does not exist', (s) => s.addUnit(county('yangchun', '阳春市', 'Yangchun', { parent: 'nowhere' })), /不存在/, /does not exist/],
    ['a county under a county', (s) => s.addUnit(county('x', '某区', 'X', { parent: 'yangdong' })), /层级/, /level below/],
    ['moving the city', (s) => s.moveUnit('city', 'yangdong'), /不能移动全市/, /cannot be moved/],
    ['removing the city', (s) => s.removeUnit('city'), /不能删除全市/, /cannot be removed/],
    ['an empty name', (s) => s.renameUnit('yangdong', { zh: ' ', en: 'Yangdong' }), /名称不能为空/, /needs a name/],
    ['renaming an unknown unit', (s) => s.renameUnit('nowhere', { zh: '某', en: 'X' }), /没有单位/, /there is no unit/],
  ])('%s is refused with a message in both languages and changes nothing', async (_, act, zh, en) => {
    const s = await withCounties();
    const before = state(s);
    const canUndo = s.canUndo;
    const err = act(s) as { zh: string; en: string } | null;
    expect(err?.zh).toMatch(zh);
    expect(err?.en).toMatch(en);
    expect(state(s)).toEqual(before);
    expect(s.canUndo).toBe(canUndo);
  });

  it("a derived parent's figures are read-only; a reported one's are typed", async () => {
    const s = await withCounties();
    s.addUnit({ id: 'jc-no1', name: { zh: '江城一中', en: 'Jiangcheng No. 1' }, parent: 'jiangcheng', level: 'school', mode: 'reported' });
    s.setUnitMode('jiangcheng', 'derived');
    expect(s.isDerived('jiangcheng')).toBe(true);
    expect(s.setCells([{ key: 'schools_total@2019#jiangcheng', raw: '1' }])).toEqual([]);
    expect(s.workbook.getByKey('schools_total@2019#jiangcheng').raw).toBe('300');
    // its school is typed as usual, and a figure for a unit that does not exist is not stored
    expect(s.setCells([{ key: 'schools_total@2019#jc-no1', raw: '3' }])).toEqual(['schools_total@2019#jc-no1']);
    expect(s.setCells([{ key: 'schools_total@2019#nowhere', raw: '3' }])).toEqual([]);
    s.setUnitMode('jiangcheng', 'reported');
    expect(s.setCells([{ key: 'schools_total@2019#jiangcheng', raw: '301' }])).toEqual(['schools_total@2019#jiangcheng']);
  });

  it('units, county figures and the collection board are stored and come back on reopen', async () => {
    const backend = new MemoryBackend();
    const a = await withCounties(backend);
    a.renameUnit('yangxi', { zh: '阳西', en: 'Yangxi' }, { aliases: ['阳西县'] });
    a.setReturned('yangdong', '请核实小学数');
    const cityBefore = a.workbook.getByKey('schools_total@2019').raw;
    const seen = state(a);
    await a.settled();
    await a.close();
    const b = await open(backend);
    expect(state(b)).toEqual(seen);
    // the county's figure is its own, the city's is unchanged
    expect(b.workbook.getByKey('schools_total@2019#jiangcheng').raw).toBe('300');
    expect(b.workbook.getByKey('schools_total@2019').raw).toBe(cityBefore);
    expect(b.collection.get('yangdong')?.returned?.note).toBe('请核实小学数');
    // an undone removal is stored too
    b.removeUnit('jiangcheng');
    b.undo();
    await b.settled();
    await b.close();
    const c = await open(backend);
    expect(state(c)).toEqual(seen);
  });

  it('another tab sees the units and the collection board change', async () => {
    const backend = new MemoryBackend();
    const a = await withCounties(backend);
    await a.settled();
    const b = await open(backend);
    a.addUnit(county('yangchun', '阳春市', 'Yangchun'));
    a.setReturned('yangxi', '未报');
    await a.settled();
    await expect.poll(() => b.units.map((u) => u.id)).toContain('yangchun');
    await expect.poll(() => b.collection.get('yangxi')?.returned?.note).toBe('未报');
    await a.close();
    await b.close();
  });
});

describe('the collection board’s marks change only when something changes', () => {
  it.each<[string, (s: Session) => boolean]>([
    ['the same note again', (s) => s.setReturned('jiangcheng', ' 缺少幼儿园数 ')],
    ['no note on a unit not returned', (s) => s.setReturned('yangxi', '  ')],
    ['a unit that does not exist', (s) => s.setReturned('nowhere', '请核实')],
    ['taking back a receipt never recorded', (s) => s.setReceived('yangxi', undefined)],
  ])('%s: no step', async (_, act) => {
    const s = await withCounties();
    const before = state(s);
    s.redo(); // nothing to redo; the stack stays as it is
    expect(act(s)).toBe(false);
    expect(state(s)).toEqual(before);
    s.undo(); // undoes the last edit before, not a no-op
    expect(s.workbook.getByKey('students_total@2018#jiangcheng').state).toBe('empty');
  });
});

describe('the meta record: units and collection are checked when read back', () => {
  it.each<[string, unknown, boolean]>([
    ['no units (a record from before)', undefined, true],
    ['the city and a county', [{ id: 'city', name: { zh: '全市', en: 'City' }, parent: null, level: 'city', mode: 'reported' }, JC], true],
    ['a unit without a name', [{ id: 'x', parent: 'city', level: 'county', mode: 'reported' }], false],
    ['a level that does not exist', [{ ...JC, level: 'province' }], false],
    ['an id with a space', [{ ...JC, id: 'jiang cheng' }], false],
    ['aliases not a list', [{ ...JC, aliases: '江城' }], false],
  ])('%s: %s', (_, units, ok) => {
    expect(isStoredMeta({ ...emptyMeta('default', '1'), ...(units === undefined ? {} : { units }) })).toBe(ok);
  });

  it.each<[unknown, boolean]>([
    [{}, true],
    [{ jiangcheng: { received: { time: '2026-11-30T08:00:00Z', file: '江城区.xlsx' } } }, true],
    [{ jiangcheng: { returned: { time: '2026-11-30T08:00:00Z', note: '请核实' } } }, true],
    [{ jiangcheng: { returned: { time: '2026-11-30T08:00:00Z' } } }, false],
    [{ jiangcheng: { received: '江城区.xlsx' } }, false],
    [[], false],
  ])('collection %j: %s', (collection, ok) => {
    expect(isStoredMeta({ ...emptyMeta('default', '1'), collection })).toBe(ok);
  });
});

describe('the units editor’s save: names, code, aliases, parent and mode as one step', () => {
  it('changes them together and one undo takes all back', async () => {
    const s = await withCounties();
    s.addUnit({ id: 'jc-no1', name: { zh: '江城一中', en: 'Jiangcheng No. 1' }, parent: 'jiangcheng', level: 'school', mode: 'reported' });
    const before = state(s);
    expect(s.updateUnit('jc-no1', { name: { zh: '阳东一中', en: 'Yangdong No. 1' }, code: '44170201', aliases: ['东一中', ' '], parent: 'yangdong', mode: 'reported' })).toBeNull();
    expect(s.workbook.units.get('jc-no1')).toMatchObject({ name: { zh: '阳东一中' }, code: '44170201', aliases: ['东一中'], parent: 'yangdong' });
    s.undo();
    expect(state(s)).toEqual(before);
  });

  it('a refused part (a county moved under a county) leaves the names unchanged too', async () => {
    const s = await withCounties();
    const before = state(s);
    const err = s.updateUnit('yangxi', { name: { zh: '新名', en: 'New' }, parent: 'yangdong' });
    expect(err?.zh).toMatch(/层级/);
    expect(state(s)).toEqual(before);
  });

  it.each([
    ['441702', 'c441702'],
    ['４４１７２１', 'c441721'],
  ])('a new unit’s id from code %s is %s (free, valid)', async (code, id) => {
    const s = await withCounties();
    expect(newUnitId(s.workbook.units, { code, name: '某' })).toBe(id);
    expect(s.addUnit(county(newUnitId(s.workbook.units, { code, name: '某' }), '某', 'X'))).toBeNull();
  });

  it.each([undefined, '阳西'])('without an ASCII code (%s) the id comes from the name: the same name the same id, free and valid', async (code) => {
    const s = await withCounties();
    const id = newUnitId(s.workbook.units, { code, name: '海陵区' });
    expect(id).toMatch(/^u-[0-9a-z]+$/);
    expect(newUnitId(s.workbook.units, { code, name: '海 陵 区' })).toBe(id);
    expect(newUnitId(s.workbook.units, { code, name: '阳江高新区' })).not.toBe(id);
    expect(s.addUnit(county(id, '海陵区', 'Hailing'))).toBeNull();
    expect(newUnitId(s.workbook.units, { code, name: '海陵区' })).toBe(`${id}-2`);
  });
});

describe('a derived parent follows its children (one undo step)', () => {
  it('setting the city derived sums its counties; a county edit moves the city; undo takes both back', async () => {
    const s = await open();
    for (const u of [JC, YD]) expect(s.addUnit(u)).toBeNull();
    s.setCells([
      { key: 'schools_total@2019#jiangcheng', raw: '300' },
      { key: 'schools_total@2019#yangdong', raw: '250' },
    ]);
    // reported: the city keeps its own figure
    expect(s.workbook.getByKey('schools_total@2019').raw).toBe('934');
    s.setUnitMode('city', 'derived');
    expect(s.workbook.getByKey('schools_total@2019').n).toBe(550);
    // a figure no county gives is left as it was (the city's own)
    expect(s.workbook.getByKey('students_total@2019').raw).toBe('541261');
    s.setCells([{ key: 'schools_total@2019#yangdong', raw: '260' }]);
    expect(s.workbook.getByKey('schools_total@2019').n).toBe(560);
    expect(s.workbook.history.get('schools_total@2019')?.at(-1)?.how).toBe('derived');
    s.undo();
    expect(s.workbook.getByKey('schools_total@2019#yangdong').raw).toBe('250');
    expect(s.workbook.getByKey('schools_total@2019').n).toBe(550);
    s.undo();
    expect(s.workbook.getByKey('schools_total@2019').raw).toBe('934');
    s.redo();
    expect(s.workbook.getByKey('schools_total@2019').n).toBe(550);
  });
});
