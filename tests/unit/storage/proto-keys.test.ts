import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { readFigures } from '../../../src/core/import/index.ts';
import { workbookToCsv } from '../../../src/core/io/csv.ts';
import { workbookJsonText } from '../../../src/core/io/export.ts';
import { readWorkbookJson, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { workbookToXlsx } from '../../../src/core/io/xlsx.ts';
import { localise } from '../../../src/core/locate/localise.ts';
import type { Catalog } from '../../../src/core/model/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { allWrites, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { blockOf, blocksOfRows, byIndicator, mergeBlock, rowsOfBlock, type StoredBlock, type StoredRow } from '../../../src/storage/store.ts';

/**
 * User data that becomes a key (indicator ids, unit and section ids, labels, periods) named like a
 * member of Object.prototype must be an ordinary key on every path: a plain `{}` used as a map reads
 * the inherited member (`rows.constructor` is the function Object) and `x.__proto__ = …` replaces the
 * prototype. Each name goes through the workbook, rules, validator, localisation, import, export,
 * JSON and the store, and the built-in prototypes must be exactly as before.
 */
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable'];

/** Own property names of the built-ins a polluted map would change. */
function builtins(): string {
  const of = (o: object) => Object.getOwnPropertyNames(o).sort().join(',');
  return [Object.prototype, Object, Array.prototype, Function.prototype, String.prototype].map(of).join('|');
}

let before = '';
beforeEach(() => {
  before = builtins();
});
afterEach(() => {
  expect(builtins()).toBe(before);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(({} as Record<string, unknown>)['2019']).toBeUndefined();
});

/** A catalog whose total, unit and section are all named `name`; the rule `name` = a + b. */
function catalogNamed(name: string): Catalog {
  const ind = (id: string, label: string) => ({ id, label: { zh: label, en: label }, section: name, parent: null, order: 1, unit: name, kind: 'count' as const, decimals: 0, aliases: [] });
  return {
    version: 'proto',
    title: { zh: '原型', en: 'proto' },
    units: [{ id: name, label: { zh: '所', en: 'schools' }, magnitude: 1 }],
    sections: [{ id: name, label: { zh: name, en: name }, order: 1 }],
    indicators: [ind(name, name), { ...ind('part_a', '甲类学校数'), parent: name, order: 2 }, { ...ind('part_b', '乙类学校数'), parent: name, order: 3 }],
  };
}

function filled(catalog: Catalog, name: string): Workbook {
  const wb = new Workbook(catalog, ['2019', '2020']);
  const ind = wb.index.indicator(name);
  const raw: [string, string, string][] = [
    [name, '2019', '10'],
    ['part_a', '2019', '4'],
    ['part_b', '2019', '5'],
    [name, '2020', '9'],
    ['part_a', '2020', '4'],
    ['part_b', '2020', '5'],
  ];
  wb.apply(raw.map(([id, p, r]) => ({ key: cellKey(id, p), after: parseValue(r, wb.index.indicator(id), wb.index.unitOf(ind)) })));
  return wb;
}

const valuesOf = (wb: Workbook) => [...wb.values].map(([k, v]) => [k, v.raw, v.state]).sort();

describe.each(PROTO_NAMES)('a key named %s', (name) => {
  const catalog = catalogNamed(name);
  const rules = { version: 'proto', rules: [{ id: name, kind: 'balance' as const, severity: 'error' as const, total: name, parts: ['part_a', 'part_b'] }] };

  it('workbook, rules, validator and localisation see the figure', () => {
    const wb = filled(catalog, name);
    expect(wb.get(name, '2019').n).toBe(10);
    expect(wb.index.byId.get(name)?.unit).toBe(name);
    const v = compileRules(rules, wb);
    const r = v.validateAll();
    const failed = r.findings.filter((f) => f.outcome === 'failed');
    expect(failed.map((f) => f.cells.sort())).toEqual([[cellKey(name, '2019'), cellKey('part_a', '2019'), cellKey('part_b', '2019')].sort()]);
    expect(v.counts()).toMatchObject({ error: 1, passed: 1 });
    const locs = localise(v);
    expect(locs).toHaveLength(1);
    expect(locs[0].sets.flatMap((s) => s.cells.map((c) => c.cell))).toContain(cellKey(name, '2019'));
  });

  it('exports to CSV and XLSX and writes and reads its JSON', async () => {
    const wb = filled(catalog, name);
    expect(workbookToCsv(wb, 'en').split('\n').filter((l) => l.includes(name)).length).toBeGreaterThan(0);
    expect((await workbookToXlsx(wb, 'zh')).length).toBeGreaterThan(100);
    const json = workbookToJson(wb);
    expect(json.values.filter((x) => x.indicator === name).map((x) => [x.period, x.raw])).toEqual([
      ['2019', '10'],
      ['2020', '9'],
    ]);
    const back = readWorkbookJson(JSON.parse(JSON.stringify(json)), catalog);
    if (/^[a-z][a-z0-9_]*$/.test(name)) {
      // a name the published schema allows comes back whole
      expect(back.issues).toEqual([]);
      expect(valuesOf(back.workbook!)).toEqual(valuesOf(wb));
    } else {
      // one it does not is refused by the schema with a message, not by a crash
      expect(back.workbook).toBeNull();
      expect(back.issues[0].message.en).toContain('indicator');
    }
  });

  it('is stored and read back by the store, and grouped into blocks and out again', async () => {
    const wb = filled(catalog, name);
    const backend = new MemoryBackend();
    const store = await backend.factory()('default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, customIndicators: [], prefs: { lang: 'zh' }, catalogVersion: 'proto' } }, 0);
    // clearing one of its cells and setting another merges into the stored row
    await store.write({ cells: [{ indicator: name, period: '2019', cell: null }, { indicator: name, period: '2020', cell: { raw: '11', source: name } }] }, 1);
    const snap = (await store.load())!;
    const back = workbookFromSnapshot(snap, catalog);
    expect(back.get(name, '2019').state).toBe('empty');
    expect(back.get(name, '2020').raw).toBe('11');
    expect(back.meta.get(cellKey(name, '2020'))?.source).toBe(name);
    expect(back.get('part_b', '2020').raw).toBe('5');
    const rows: StoredRow[] = [
      { workbook: 'w', indicator: name, cells: { 2019: { raw: '1' } } },
      { workbook: 'w', indicator: 'part_a', cells: { 2019: { raw: '2' } } },
    ];
    const again = blocksOfRows('w', rows).flatMap(rowsOfBlock);
    expect(new Map(again.map((r) => [r.indicator, r.cells['2019'].raw]))).toEqual(new Map([[name, '1'], ['part_a', '2']]));
  });

  it('is merged into the IndexedDB block record it hashes to, as the block read back (a plain object) or a new one', () => {
    const n = blockOf(name);
    const writes = byIndicator([
      { indicator: name, period: '2019', cell: { raw: '1' } },
      { indicator: name, period: '2020', cell: { raw: '2' } },
    ]);
    const fresh = mergeBlock('w', n, undefined, writes)!;
    // what IndexedDB gives back: a structured clone, whose objects have Object.prototype
    const stored = structuredClone(fresh) as StoredBlock;
    expect(Object.getPrototypeOf(stored.packed)).toBe(Object.prototype);
    const cleared = mergeBlock('w', n, stored, byIndicator([{ indicator: name, period: '2019', cell: null }]))!;
    expect(rowsOfBlock(structuredClone(cleared)).map((r) => [r.indicator, { ...r.cells }])).toEqual([[name, { 2020: { raw: '2' } }]]);
    expect(mergeBlock('w', n, structuredClone(cleared), byIndicator([{ indicator: name, period: '2020', cell: null }]))).toBeNull();
    // the block read is not changed (the write builds new records before any request)
    expect(rowsOfBlock(stored)[0].cells['2019'].raw).toBe('1');
    // a block of version 2 (cell objects) with the name as a row: read with own(), not Object.prototype's member
    const old = structuredClone({ workbook: 'w', block: n, rows: { [name]: { 2019: { raw: '5' } } } }) as StoredBlock;
    expect(rowsOfBlock(old).map((r) => [r.indicator, r.cells['2019'].raw])).toEqual([[name, '5']]);
    expect(rowsOfBlock(mergeBlock('w', n, old, byIndicator([{ indicator: name, period: '2020', cell: { raw: '6' } }]))!).map((r) => ({ ...r.cells }))).toEqual([{ 2019: { raw: '5' }, 2020: { raw: '6' } }]);
  });

  it('an import whose name in the file is the key matches it', async () => {
    const csv = `指标,2019,2020\n${name},12,13\n甲类学校数,5,6\n`;
    const read = await readFigures(new TextEncoder().encode(csv), 'proto.csv', catalog);
    expect(read.errors).toEqual([]);
    expect(read.cells.filter((c) => c.indicator === name).map((c) => [c.period, c.after.raw])).toEqual([
      ['2019', '12'],
      ['2020', '13'],
    ]);
  });
});

describe('a workbook file whose custom indicator is named constructor (valid under the published schema)', () => {
  it('is read, stored, loaded and exported with its figures', async () => {
    const file = {
      format: 'edu-stats-workbook',
      formatVersion: 1,
      catalogVersion: CATALOG.version,
      periods: ['2019', '2020'],
      customIndicators: [
        { id: 'constructor', label: { zh: '自定义指标', en: 'custom' }, section: CATALOG.sections[0].id, parent: null, order: 999, unit: 'school', kind: 'count', decimals: 0, aliases: [] },
      ],
      values: [
        { indicator: 'constructor', period: '2019', raw: '7', state: 'value', value: 7 },
        { indicator: 'constructor', period: '2020', raw: '8', state: 'value', value: 8, source: 'county.xlsx' },
      ],
    };
    const read = readWorkbookJson(file, CATALOG);
    expect(read.issues).toEqual([]);
    const wb = read.workbook!;
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, customIndicators: wb.catalog.indicators.filter((i) => i.custom), prefs: { lang: 'zh' }, catalogVersion: CATALOG.version } }, 0);
    const back = workbookFromSnapshot((await store.load())!, CATALOG);
    const out = JSON.parse(workbookJsonText(back)) as typeof file;
    expect(out.values).toEqual(file.values);
    expect(out.customIndicators?.map((i) => i.id)).toEqual(['constructor']);
  });
});

describe('the in-memory store behaves like IndexedDB on a failed write', () => {
  it('a record that cannot be cloned mid-write changes nothing', async () => {
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: [{ indicator: 'a', period: '2019', cell: { raw: '1' } }], meta: { periods: ['2019'] } }, 0);
    const before = await store.load();
    const bad = { raw: '2', source: (() => 'a function') as unknown as string };
    const w = {
      cells: [
        { indicator: 'a', period: '2019', cell: { raw: '9' } },
        { indicator: 'b', period: '2019', cell: bad },
        { indicator: 'c', period: '2019', cell: { raw: '3' } },
      ],
    };
    await expect(store.write(w, 1)).rejects.toThrow(/clone/i);
    await expect(store.write({ ...w, replaceAll: true }, 1)).rejects.toThrow(/clone/i);
    expect(await store.load()).toEqual(before);
  });
});
