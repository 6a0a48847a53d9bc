import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCustomIndicator, readAndPreview, remapAndPreview, setMapping, type FiguresRead } from '../../../src/core/import/index.ts';
import { baselineWorkbook, CATALOG, sample, utf8 } from './helpers.ts';

const SAMPLES: [string, { period?: string }][] = [
  ['next-year-2020-wide-utf8.csv', {}],
  ['next-year-2020-label-value-gb18030.csv', { period: '2020' }],
  ['next-year-2020-long.csv', {}],
  ['next-year-2020-merged-header.xlsx', {}],
];

/** What a read says, without the kept figures (a re-read and a remap keep the same ones). */
const said = (r: FiguresRead) => ({ ...r, records: undefined, readIssues: undefined, lines: undefined });

describe('remapAndPreview, property over the samples (the dialog\'s remapping): another mapping from the figures already read', () => {
  const ids = CATALOG.indicators.map((i) => i.id);
  for (const [name, opts] of SAMPLES) {
    it(`gives what reading the file again with that mapping gives: ${name}`, async () => {
      const bytes = sample(name);
      const wb = baselineWorkbook();
      const first = await readAndPreview(bytes, name, wb, opts);
      expect(first.read.records?.length).toBeGreaterThan(0);
      const rows = first.read.mapping.map((m) => m.sourceRow);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...rows), fc.option(fc.constantFrom(...ids), { nil: null })), { maxLength: 6 }), async (edits) => {
          let mapping = first.read.mapping;
          for (const [row, id] of edits) mapping = setMapping(mapping, row, id);
          const again = await readAndPreview(bytes, name, wb, { ...opts, mapping });
          const remapped = remapAndPreview(first.read, mapping, wb);
          expect(said(remapped.read)).toEqual(said(again.read));
          expect(remapped.preview).toEqual(again.preview);
        }),
        { numRuns: 15 },
      );
    });
  }

  it('counts an indicator added in the dialog as new, as a read with it would', async () => {
    const bytes = utf8('指标,2020\n小学数,700\n某新类型学校数,3\n');
    const wb = baselineWorkbook();
    const first = await readAndPreview(bytes, 'f.csv', wb);
    const row = first.read.mapping.find((m) => m.label === '某新类型学校数')!;
    expect(row.indicatorId).toBeNull();
    const custom = makeCustomIndicator(CATALOG, { label: '某新类型学校数', unit: 'school', section: CATALOG.sections[0].id });
    const mapping = setMapping(first.read.mapping, row.sourceRow, custom.id);
    const remapped = remapAndPreview(first.read, mapping, wb, [custom]);
    expect(remapped.preview.changes.map((c) => c.key)).toContain(`${custom.id}@2020`);
    expect(remapped.preview).toEqual((await readAndPreview(bytes, 'f.csv', wb, { mapping, custom: [custom] })).preview);
  });
});
