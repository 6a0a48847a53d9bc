import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { allWrites, rowValues, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';

const IDS = CATALOG.indicators.slice(0, 12).map((i) => i.id);
const PERIODS = ['2018', '2019', '2020'];
const UNITS = ['city', 'jc', 'yd', 'jc1'];

function tree(wb: Workbook) {
  wb.units.add({ id: 'jc', name: { zh: '江城区', en: 'Jiangcheng' }, parent: 'city', level: 'county', mode: 'reported' });
  wb.units.add({ id: 'yd', name: { zh: '阳东区', en: 'Yangdong' }, parent: 'city', level: 'county', mode: 'derived' });
  wb.units.add({ id: 'jc1', name: { zh: '江城一中', en: 'Jiangcheng No. 1' }, parent: 'jc', level: 'school', mode: 'reported' });
}

const cells = fc.uniqueArray(
  fc.record({ ind: fc.constantFrom(...IDS), period: fc.constantFrom(...PERIODS), unit: fc.constantFrom(...UNITS), raw: fc.oneof(fc.nat(99999).map(String), fc.constantFrom('—', '约12万', '12x')) }),
  { selector: (c) => `${c.ind}|${c.period}|${c.unit}`, maxLength: 60 },
);

describe('figures of every unit are stored in their own slot and read back', () => {
  it('any figures of any units: stored, loaded, equal — and no unit’s figure lands on another’s', async () => {
    await fc.assert(
      fc.asyncProperty(cells, async (list) => {
        const wb = new Workbook(CATALOG, PERIODS);
        tree(wb);
        wb.apply(
          list.map((c) => {
            const ind = wb.index.indicator(c.ind);
            return { key: cellKey(c.ind, c.period, c.unit), after: parseValue(c.raw, ind, wb.index.unitOf(ind)) };
          }),
        );
        const store = await new MemoryBackend().factory()('default');
        await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: [...wb.periods], units: wb.units.toJSON() } }, 0);
        const snap = (await store.load())!;
        const back = workbookFromSnapshot(snap, CATALOG);
        const raws = (w: Workbook) => Object.fromEntries([...w.values].map(([k, v]) => [k, v.raw]));
        expect(raws(back)).toEqual(raws(wb));
        expect(back.units.toJSON()).toEqual(wb.units.toJSON());
        // another tab reading a touched row sees every unit's cell of it, empty ones as empty
        for (const id of IDS) {
          const row = snap.rows.find((r) => r.indicator === id);
          for (const [key, { value }] of rowValues(back, row, id)) expect(value.raw, key).toBe(wb.getByKey(key).raw);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('figures of a unit the stored tree does not have are left out, not put on the city', async () => {
    const wb = new Workbook(CATALOG, ['2019']);
    tree(wb);
    wb.apply([{ key: 'schools_total@2019#jc', after: parseValue('300', wb.index.indicator('schools_total'), wb.index.unitOf(wb.index.indicator('schools_total'))) }]);
    const store = await new MemoryBackend().factory()('default');
    // the meta record names only the city (as a workbook stored before units existed)
    await store.write({ cells: allWrites(wb), replaceAll: true, meta: { periods: ['2019'] } }, 0);
    const back = workbookFromSnapshot((await store.load())!, CATALOG);
    expect(back.units.size).toBe(1);
    expect([...back.values.keys()]).toEqual([]);
  });
});
