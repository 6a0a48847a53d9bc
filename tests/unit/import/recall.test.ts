import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionsOf, ImportMemory, makeCustomIndicator, readAndPreview, recallMapping, setMapping, type Mapping, type MappingRow } from '../../../src/core/import/index.ts';
import { baselineWorkbook, CATALOG, utf8 } from './helpers.ts';

/** A made-up county file: names as a county writes them, a unit column, one year. */
const FILE = utf8(
  ['指标,单位,2020', '小学数,所,702', '小学在校生数,人,250001', '全县小学在读人数,人,250001', '某某新型学校,所,3', '备注行,,1', '小学数,人,9'].join('\n') + '\n',
);

const row = (over: Partial<MappingRow>): MappingRow => ({ sourceRow: 2, rows: [2], label: '小学', indicatorId: null, method: 'none', how: 'none', suggestions: [], ...over });

describe('recallMapping: decisions of earlier imports come first', () => {
  const ids = new Set(CATALOG.indicators.map((i) => i.id));
  const known = (id: string) => ids.has(id);
  const rec = (row: number, unit?: string) => ({ row, column: 'C', label: '小学', period: '2020', raw: '1', ...(unit ? { unit } : {}) });
  it.each([
    // [decision label, decision unit, decision indicator, row unit, expected indicator, expected how]
    ['小学', '所', 'schools_primary', '所', 'schools_primary', 'remembered'],
    ['小学', '所', 'schools_primary', '人', null, 'none'], // another unit: another row
    ['其中：小学', '（所）', 'schools_primary', '所', 'schools_primary', 'remembered'], // the same name and unit, written otherwise
    ['小学', '所', null, '所', null, 'remembered'], // left out stays left out
    ['小学', '所', 'custom_9', '所', null, 'none'], // an indicator the catalog no longer has
    ['小学', null, 'schools_primary', undefined, 'schools_primary', 'remembered'], // no unit column
  ] as const)('%s %s → %s; row unit %s → %s (%s)', (label, unit, indicator, rowUnit, want, how) => {
    const mem = ImportMemory.fromJSON([{ label, unit, indicator, how: 'user' }]);
    const [got] = recallMapping([row({})], [rec(2, rowUnit)], mem, known);
    expect(got.indicatorId).toBe(want);
    expect(got.how).toBe(how);
    if (rowUnit) expect(got.unit).toBe(rowUnit);
  });

  it('does not modify its input', () => {
    const m = [row({})];
    const copy = structuredClone(m);
    recallMapping(m, [rec(2, '所')], ImportMemory.fromJSON([{ label: '小学', unit: '所', indicator: 'schools_primary', how: 'user' }]), known);
    expect(m).toEqual(copy);
  });
});

describe('decisionsOf', () => {
  it.each([
    [{ indicatorId: 'a', how: 'user' }, { indicator: 'a', how: 'user' }],
    [{ indicatorId: null, how: 'left-out' }, { indicator: null, how: 'left-out' }],
    [{ indicatorId: null, how: 'none' }, { indicator: null, how: 'left-out' }], // imported without it: seen and left out
    [{ indicatorId: 'custom_1', how: 'user' }, { indicator: 'custom_1', how: 'new' }],
    [{ indicatorId: 'a', how: 'name' }, null], // the matcher decided: nothing to remember
    [{ indicatorId: 'a', how: 'remembered' }, null],
    [{ indicatorId: null, how: 'remembered' }, null],
  ] as const)('%o → %o', (over, want) => {
    const got = decisionsOf([row({ ...over, unit: '所' })], [{ id: 'custom_1' }]);
    expect(got).toEqual(want ? [{ label: '小学', unit: '所', ...want }] : []);
  });
});

describe('a file fixed once needs no fixes the next time', () => {
  it('property: whatever the user chose, the next read with the memory gives the same targets and nothing unmatched', async () => {
    const wb = baselineWorkbook();
    const first = await readAndPreview(FILE, 'county.csv', wb);
    const custom = makeCustomIndicator(CATALOG, { label: '某某新型学校', unit: 'school', section: CATALOG.sections[0].id });
    const choices = [null, 'schools_primary', 'students_primary', custom.id];
    const rows = first.read.mapping.map((m) => m.sourceRow);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...rows), fc.constantFrom(...choices)), { maxLength: 8 }), async (edits) => {
        let mapping: Mapping = first.read.mapping;
        for (const [r, id] of edits) mapping = setMapping(mapping, r, id);
        const used = mapping.some((m) => m.indicatorId === custom.id);
        const memory = new ImportMemory();
        for (const d of decisionsOf(mapping, used ? [custom] : [])) memory.set(d);
        wb.importMemory = memory;
        const again = await readAndPreview(FILE, 'county.csv', wb, { custom: used ? [custom] : [] });
        expect(again.read.mapping.map((m) => m.indicatorId)).toEqual(mapping.map((m) => m.indicatorId));
        expect(again.read.mapping.filter((m) => m.how === 'none')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
