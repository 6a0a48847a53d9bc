import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionsOf, ImportMemory, makeCustomIndicator, readAndPreview, setMapping, type Mapping, type MappingRow } from '../../../src/core/import/index.ts';
import { baselineWorkbook, CATALOG, utf8 } from './helpers.ts';

/** A made-up county file: names as a county writes them, a unit column, one year. */
const FILE = utf8(
  ['指标,单位,2020', '小学数,所,702', '小学在校生数,人,250001', '全县小学在读人数,人,250001', '某某新型学校,所,3', '备注行,,1', '小学数,人,9'].join('\n') + '\n',
);

const row = (over: Partial<MappingRow>): MappingRow => ({ sourceRow: 2, rows: [2], label: '小学', indicatorId: null, method: 'none', how: 'none', suggestions: [], ...over });

describe('decisionsOf', () => {
  it.each([
    [{ indicatorId: 'a', how: 'user' }, { indicator: 'a', how: 'user' }],
    [{ indicatorId: null, how: 'left-out' }, { indicator: null, how: 'left-out' }],
    [{ indicatorId: null, how: 'none' }, null], // left unmatched without a choice: asked again next time
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
  it('property: whatever the user chose, the next read with the memory gives the same targets and asks about no decided row', async () => {
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
        // every row the user decided about gets the same target and is not asked about again; a row left
        // as it was is matched afresh (a new indicator of this import may now match it by name)
        for (const r of mapping) {
          const a = again.read.mapping.find((x) => x.sourceRow === r.sourceRow)!;
          if (r.how === 'user' || r.how === 'left-out') {
            expect(a.indicatorId).toBe(r.indicatorId);
            expect(a.how).toBe('remembered');
          } else if (r.how !== 'none') expect(a.indicatorId).toBe(r.indicatorId); // the matcher's own, unchanged
        }
      }),
      { numRuns: 40 },
    );
  });
});
