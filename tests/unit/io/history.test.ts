import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { pickMeta } from '../../../src/core/model/workbook.ts';
import { metaFromStored, storedCell } from '../../../src/storage/convert.ts';

/** An accepted suggestion keeps the cell's earlier text: in the stored cell and in the exported file. */
describe('a cell history survives storage and export', () => {
  const key = 'schools_senior_high@2019';
  const wb = () => {
    const w = workbookFromJson(BASELINE_2019_JSON, CATALOG);
    w.meta.set(key, { history: ['71', '170'] });
    return w;
  };

  it('the workbook file carries it and reads it back (the file stays schema-valid)', () => {
    const json = workbookToJson(wb());
    const v = (json.values as { indicator: string; period: string; history?: string[] }[]).find((x) => `${x.indicator}@${x.period}` === key);
    expect(v?.history).toEqual(['71', '170']);
    expect(workbookFromJson(JSON.parse(JSON.stringify(json)), CATALOG).meta.get(key)).toEqual({ history: ['71', '170'] });
  });

  it('the stored cell carries it', () => {
    const cell = storedCell(wb(), key)!;
    expect(cell).toEqual({ raw: '17', history: ['71', '170'] });
    expect(metaFromStored(cell)).toEqual({ history: ['71', '170'] });
  });

  it.each([
    [{}, undefined],
    [{ history: [] }, undefined],
    [{ source: 's', history: ['1'] }, { source: 's', history: ['1'] }],
    [{ derived: true, derivation: 'a − b' }, { derived: true, derivation: 'a − b' }],
  ])('pickMeta(%j) = %j', (input, want) => {
    expect(pickMeta(input)).toEqual(want);
  });
});
