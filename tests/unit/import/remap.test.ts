import { describe, expect, it } from 'vitest';
import { readAndPreview, readFigures, remapAndPreview, setMapping } from '../../../src/core/import/index.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { CATALOG, utf8 } from './helpers.ts';

const csv = utf8('指标,单位,2021年\n小学,所,45\n在校生,人,30100\n校园足球特色学校,所,12\n初中,所,abc\n');

describe('remapAndPreview: a changed mapping re-previews from the table already read', () => {
  it('gives what reading the file again with that mapping gives (cells, warnings, preview)', async () => {
    const wb = new Workbook(CATALOG, ['2021']);
    const first = await readFigures(csv, 'x.csv', CATALOG);
    const unmatched = first.mapping.find((m) => m.label === '校园足球特色学校')!;
    expect(unmatched.indicatorId).toBe(null);
    const mapping = setMapping(setMapping(first.mapping, unmatched.sourceRow, 'psych_schools_provincial'), 2, null);
    const fast = remapAndPreview(first, mapping, wb);
    const slow = await readAndPreview(csv, 'x.csv', wb, { mapping });
    expect(fast.read.cells).toEqual(slow.read.cells);
    expect(fast.read.warnings).toEqual(slow.read.warnings);
    expect(fast.read.errors).toEqual(slow.read.errors);
    expect(fast.preview.changes).toEqual(slow.preview.changes);
    expect(fast.read.mapping.find((m) => m.sourceRow === 2)).toMatchObject({ indicatorId: null, how: 'left-out', method: 'user' });
    // the input is not modified
    expect(first.mapping.find((m) => m.sourceRow === 2)?.indicatorId).toBe('schools_primary');
    // the unreadable value of 初中 stays listed; the unmatched-name warning is gone once the row is mapped
    expect(fast.read.warnings.map((w) => w.code)).toEqual(['invalid-value']);
  });

  it('the memory may be passed as a plain list (what crosses postMessage to the worker)', async () => {
    const list = [{ label: '校园足球特色学校', unit: '所', indicator: 'psych_schools_provincial', how: 'user' as const }];
    const cloned = structuredClone({ memory: list });
    const r = await readFigures(csv, 'x.csv', CATALOG, cloned);
    expect(r.mapping.find((m) => m.label === '校园足球特色学校')).toMatchObject({ indicatorId: 'psych_schools_provincial', how: 'remembered' });
  });

  it('needs figures read from a table', () => {
    expect(() => remapAndPreview({ file: 'x.json', kind: 'json', sheets: [], sheet: null, layout: null, headerRow: null, periods: [], cells: [], mapping: [], errors: [], warnings: [] }, [], new Workbook(CATALOG, []))).toThrow(/read.records/);
  });
});
