import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { pickMeta } from '../../../src/core/model/workbook.ts';
import { metaFromStored, storedCell } from '../../../src/storage/convert.ts';

/**
 * Earlier texts kept by older versions when a suggestion was accepted (ValueMeta.history) are one
 * history with the figure's change records: read from an old file they become records, never a
 * second list in the value's provenance.
 */
describe('earlier texts of older files become the change history', () => {
  const key = 'schools_senior_high@2019';

  it('a file value with history reads back as suggestion records ending at its text, not as provenance', () => {
    const json = structuredClone(BASELINE_2019_JSON) as { values: { indicator: string; period: string; raw: string; history?: string[] }[] };
    const v = json.values.find((x) => `${x.indicator}@${x.period}` === key)!;
    v.history = ['71', '170'];
    const wb = workbookFromJson(json, CATALOG);
    expect(wb.history.get(key)).toEqual([
      { time: '', before: '71', after: '170', how: 'suggestion' },
      { time: '', before: '170', after: v.raw, how: 'suggestion' },
    ]);
    expect(wb.meta.get(key)?.history).toBeUndefined();
    // exported again, it is written once: in the history section, not as the value's history
    const out = workbookToJson(wb);
    expect((out.values as { indicator: string; period: string; history?: string[] }[]).find((x) => `${x.indicator}@${x.period}` === key)?.history).toBeUndefined();
  });

  it('the stored cell carries the records, and its provenance no earlier texts', () => {
    const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    wb.record(key, '170', wb.getByKey(key).raw, { how: 'suggestion', time: '2026-11-30T10:00:00.000Z' });
    const cell = storedCell(wb, key)!;
    expect(cell.changes).toEqual([{ time: '2026-11-30T10:00:00.000Z', before: '170', after: wb.getByKey(key).raw, how: 'suggestion' }]);
    expect(metaFromStored({ raw: '1', history: ['0'] })).toBeUndefined();
  });

  it.each([
    [{}, undefined],
    [{ history: [] }, undefined],
    [{ source: 's', history: ['1'] }, { source: 's' }],
    [{ derived: true, derivation: 'a − b' }, { derived: true, derivation: 'a − b' }],
  ])('pickMeta(%j) = %j', (input, want) => {
    expect(pickMeta(input)).toEqual(want);
  });
});
