/**
 * Units without an English name (workbook format 3): `name.en` may be absent in the file and the store; an
 * English name that is blank or the Chinese name again is none (the convention files of format 2 and
 * IndexedDB records written before used to mean "none"), read the same from old files and records; the
 * English interface's name is then the Chinese one. Schema cases, the tree's rule, a JSON export → import
 * round trip, a format 2 file and an old store record read.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { FileReadError } from '../../../src/core/io/errors.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson, WORKBOOK_FORMAT_VERSION, type WorkbookFile } from '../../../src/core/io/workbook-json.ts';
import { workbookToCsv } from '../../../src/core/io/csv.ts';
import { englishNameMissing, unitName } from '../../../src/core/model/unit-ids.ts';
import { unitLabel, unitNameOf, UnitTree, type ReportingUnit } from '../../../src/core/model/units.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { allWrites, storedUnits, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { emptyMeta, isStoredMeta } from '../../../src/storage/store.ts';

const CITY_UNIT = { id: 'city', name: { zh: '全市', en: 'City' }, parent: null, level: 'city', mode: 'reported' };
const county = (name: object, id = 'gaoxin') => ({ id, name, parent: 'city', level: 'county', mode: 'reported' });
const file = (formatVersion: number, units: unknown[]) => ({ format: 'edu-stats-workbook', formatVersion, catalogVersion: CATALOG.version, periods: ['2019'], values: [], units: [CITY_UNIT, ...units] });
const schemaText = (doc: unknown) =>
  workbookSchemaIssues(doc)
    .map((i) => i.en)
    .join('\n');

describe('the workbook schema: a unit’s English name', () => {
  it.each([
    ['format 3, no English name', file(3, [county({ zh: '高新区' })]), ''],
    ['format 3, an English name', file(3, [county({ zh: '高新区', en: 'Hi-tech Zone' })]), ''],
    ['format 2, an English name (as format 2 always had)', file(2, [county({ zh: '高新区', en: '高新区' })]), ''],
    ['format 3, an empty English name', file(3, [county({ zh: '高新区', en: '' })]), '/units/1/name/en'],
    ['format 3, no Chinese name', file(3, [county({ en: 'Hi-tech Zone' })]), '/units/1/name'],
    ['format 3, an empty Chinese name', file(3, [county({ zh: '' })]), '/units/1/name/zh'],
    ['format 3, another language', file(3, [county({ zh: '高新区', fr: 'Zone' })]), '/units/1/name'],
    ['format 2, no English name (a reader of 2 expects one)', file(2, [county({ zh: '高新区' })]), '/units/1/name'],
    ['format 3 without units', { ...file(3, []), units: undefined }, 'units'],
  ])('%s', (_name, doc, refusedAt) => {
    const text = schemaText(JSON.parse(JSON.stringify(doc)));
    if (refusedAt === '') expect(text).toBe('');
    else expect(text).toContain(refusedAt);
  });

  it('the writer writes format 3', () => expect(WORKBOOK_FORMAT_VERSION).toBe(3));
});

describe('the tree keeps an English name only when it is one', () => {
  it.each([
    [{ zh: '高新区' }, { zh: '高新区' }],
    [{ zh: '高新区', en: '' }, { zh: '高新区' }],
    [{ zh: '高新区', en: '   ' }, { zh: '高新区' }],
    [{ zh: '高新区', en: '高新区' }, { zh: '高新区' }],
    [{ zh: ' 高新区 ', en: '高新区 ' }, { zh: '高新区' }],
    [{ zh: '高新区', en: ' Hi-tech Zone ' }, { zh: '高新区', en: 'Hi-tech Zone' }],
    [{ zh: 'No. 1 School', en: 'No. 1 School' }, { zh: 'No. 1 School' }],
  ])('%j → %j', (given, kept) => {
    expect(unitNameOf(given)).toEqual(kept);
    const tree = new UnitTree([CITY_UNIT as ReportingUnit, county(given) as unknown as ReportingUnit]);
    expect(tree.get('gaoxin')!.name).toEqual(kept);
    // added and renamed the same way
    const t2 = new UnitTree();
    t2.add(county({ zh: '临时' }) as unknown as ReportingUnit);
    t2.rename('gaoxin', given as { zh: string });
    expect(t2.get('gaoxin')!.name).toEqual(kept);
  });

  it('without one, the English interface shows the Chinese name and the unit counts as having none', () => {
    const tree = new UnitTree([CITY_UNIT as ReportingUnit, county(unitName('高新区')) as unknown as ReportingUnit, county(unitName('东区', 'East District'), 'east') as unknown as ReportingUnit]);
    expect([unitLabel(tree.get('gaoxin')!, 'en'), unitLabel(tree.get('gaoxin')!, 'zh'), tree.label('east', 'en'), tree.label('gone', 'en')]).toEqual(['高新区', '高新区', 'East District', 'gone']);
    expect([englishNameMissing(tree.get('gaoxin')!), englishNameMissing(tree.get('east')!)]).toEqual([true, false]);
    // found by its Chinese name; no English key is made up for it
    expect(tree.find('高新区').map((u) => u.id)).toEqual(['gaoxin']);
    expect(tree.find('East District').map((u) => u.id)).toEqual(['east']);
  });
});

/** A city with a county named in English and one that is not, with a figure each. */
function twoCounties(): Workbook {
  const wb = new Workbook(CATALOG, ['2019']);
  wb.units.add({ id: 'east', name: unitName('东区', 'East District'), parent: 'city', level: 'county', mode: 'reported' });
  wb.units.add({ id: 'gaoxin', name: unitName('高新区'), parent: 'city', level: 'county', mode: 'reported' });
  const ind = wb.index.indicator('schools_total');
  wb.apply([
    { key: 'schools_total@2019#east', after: parseValue('120', ind, wb.index.unitOf(ind)) },
    { key: 'schools_total@2019#gaoxin', after: parseValue('15', ind, wb.index.unitOf(ind)) },
  ]);
  return wb;
}

describe('JSON export → import', () => {
  it('writes no English name for a unit without one, the schema accepts it, and it reads back the same', () => {
    const wb = twoCounties();
    const out = workbookToJson(wb);
    expect(out.formatVersion).toBe(3);
    const text = JSON.stringify(out);
    const doc = JSON.parse(text) as WorkbookFile;
    expect(doc.units!.find((u) => u.id === 'gaoxin')!.name).toEqual({ zh: '高新区' });
    expect(doc.units!.find((u) => u.id === 'east')!.name).toEqual({ zh: '东区', en: 'East District' });
    expect(workbookSchemaIssues(doc)).toEqual([]);
    const back = workbookFromJson(doc, CATALOG);
    expect(back.units.toJSON()).toEqual(wb.units.toJSON());
    expect(englishNameMissing(back.units.get('gaoxin')!)).toBe(true);
    expect(back.get('schools_total', '2019', 'gaoxin').raw).toBe('15');
    // the English CSV names it by its Chinese name
    expect(workbookToCsv(back, 'en')).toMatch(/\n高新区,schools_total,/);
  });
});

describe('files and records of the old convention (en = zh for "no English name")', () => {
  it('a format 2 file: an English name equal to the Chinese one reads as none, and is written back without it', () => {
    const v2 = file(2, [county({ zh: '高新区', en: '高新区' }), county({ zh: '东区', en: 'East District' }, 'east')]);
    const wb = workbookFromJson(JSON.parse(JSON.stringify({ ...v2, values: [{ indicator: 'schools_total', period: '2019', reportingUnit: 'gaoxin', raw: '15', state: 'value', value: 15 }] })), CATALOG);
    expect(wb.units.get('gaoxin')!.name).toEqual({ zh: '高新区' });
    expect(wb.units.get('east')!.name).toEqual({ zh: '东区', en: 'East District' });
    expect(wb.get('schools_total', '2019', 'gaoxin').raw).toBe('15');
    const again = workbookToJson(wb);
    expect([again.formatVersion, again.units!.find((u) => u.id === 'gaoxin')!.name]).toEqual([3, { zh: '高新区' }]);
  });

  it('a format 1 file (the 2019 baseline) still reads: the city alone, with its English name', () => {
    const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    expect(wb.units.toJSON().map((u) => u.name)).toEqual([{ zh: '全市', en: 'City' }]);
  });

  it('a store record written before (en = zh) reads as none; a record without an English name is accepted and round-trips', async () => {
    const old = { ...emptyMeta('w', CATALOG.version), periods: ['2019'], units: [CITY_UNIT, county({ zh: '高新区', en: '高新区' })] };
    expect(isStoredMeta(old)).toBe(true);
    const back = workbookFromSnapshot({ meta: old as never, rows: [] }, CATALOG);
    expect(back.units.get('gaoxin')!.name).toEqual({ zh: '高新区' });
    const fresh = { ...old, units: [CITY_UNIT, county({ zh: '高新区' })] };
    expect(isStoredMeta(fresh)).toBe(true);
    expect(isStoredMeta({ ...old, units: [CITY_UNIT, county({ zh: '高新区', en: 5 })] })).toBe(false);
    const wb = twoCounties();
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, catalogVersion: CATALOG.version, ...storedUnits(wb) } }, 0);
    const loaded = (await store.load())!;
    expect(loaded.meta.units!.find((u) => u.id === 'gaoxin')!.name).toEqual({ zh: '高新区' });
    expect(workbookFromSnapshot(loaded, CATALOG).units.toJSON()).toEqual(wb.units.toJSON());
  });
});

it('a file refused for its units names the place (format 2 without an English name)', () => {
  try {
    workbookFromJson(file(2, [county({ zh: '高新区' })]), CATALOG, 'old.json');
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(FileReadError);
    expect((e as FileReadError).issues.map((i) => i.en).join()).toContain('/units/1/name');
  }
});
