import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { unitWorkbook } from './unit-fixture.ts';
import { allWrites, rowValues, storedUnits, workbookFromSnapshot, writesFor } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { emptyMeta, isStoredMeta } from '../../../src/storage/store.ts';

describe('reporting units in the store', () => {
  it('a unit cell is written under its own row key, never over the city', () => {
    const w = writesFor(unitWorkbook(), [cellKey('schools_total', '2019', 'east'), cellKey('schools_total', '2019')]);
    expect(w.map((x) => `${x.indicator}|${x.period}|${x.cell?.raw}`)).toEqual(['schools_total|2019#east|500', 'schools_total|2019|934']);
  });

  it('round-trips units, collection and every unit figure through the store', async () => {
    const wb = unitWorkbook();
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: wb.periods, catalogVersion: CATALOG.version, ...storedUnits(wb) } }, 0);
    const back = workbookFromSnapshot((await store.load())!, CATALOG);
    expect(back.units.toJSON()).toEqual(wb.units.toJSON());
    expect(new Map(back.collection)).toEqual(new Map(wb.collection));
    expect(new Map([...back.values].sort())).toEqual(new Map([...wb.values].sort()));
    expect(back.meta.get(cellKey('schools_total', '2019', 'east'))).toEqual({ source: '东区公报' });
    // a catching-up tab reads the unit cells of a row too
    const row = (await store.load())!.rows.find((r) => r.indicator === 'schools_total');
    expect(rowValues(back, row, 'schools_total').get(cellKey('schools_total', '2020', 'east'))?.value.raw).toBe('约510');
  });

  it('a record without units is the city alone (records written before units)', async () => {
    const store = await new MemoryBackend().factory()('default');
    await store.write({ cells: [{ indicator: 'schools_total', period: '2019', cell: { raw: '934' } }], meta: { periods: ['2019'] } }, 0);
    const back = workbookFromSnapshot((await store.load())!, CATALOG);
    expect(back.units.size).toBe(1);
    expect(back.get('schools_total', '2019').n).toBe(934);
  });

  it('a stored cell of a unit that is no longer in the tree is not loaded', () => {
    const wb = unitWorkbook();
    const meta = { ...emptyMeta('w', CATALOG.version), periods: wb.periods, units: wb.units.toJSON().filter((u) => u.id !== 'east') };
    const back = workbookFromSnapshot({ meta, rows: [{ workbook: 'w', indicator: 'schools_total', cells: { 2019: { raw: '934' }, '2019#east': { raw: '500' }, '2019#west': { raw: '434' } } }] }, CATALOG);
    expect([...back.values.keys()].sort()).toEqual(['schools_total@2019', 'schools_total@2019#west']);
  });

  const good = { ...emptyMeta('w', '1'), units: unitWorkbook().units.toJSON(), collection: storedUnits(unitWorkbook()).collection };
  it('accepts a meta record with units and collection', () => expect(isStoredMeta(good)).toBe(true));
  it.each([
    ['units not a list', { ...good, units: {} }],
    ['a unit without a name', { ...good, units: [{ id: 'city', parent: null, level: 'city', mode: 'reported' }] }],
    ['no root', { ...good, units: good.units.filter((u) => u.id !== 'city') }],
    ['a parent that does not exist', { ...good, units: [...good.units, { ...good.units[1], id: 'lost', parent: 'nowhere' }] }],
    ['a county made a school while it has schools', { ...good, units: good.units.map((u) => (u.id === 'west' ? { ...u, level: 'school' } : u)) }],
    ['an unknown mode', { ...good, units: good.units.map((u) => (u.id === 'east' ? { ...u, mode: 'typed' } : u)) }],
    ['a received entry without its file', { ...good, collection: { east: { received: { time: 'x' } } } }],
  ])('rejects a meta record with %s', (_, m) => expect(isStoredMeta(m)).toBe(false));
});
