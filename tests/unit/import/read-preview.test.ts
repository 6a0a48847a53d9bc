import { describe, expect, it } from 'vitest';
import {
  figuresFromTables,
  previewImport,
  readAndPreview,
  readFigures,
  readTables,
  workbookFromValues,
  workbookValues,
} from '../../../src/core/import/index.ts';
import { baselineWorkbook as baseline, CATALOG, sample, utf8 } from './helpers.ts';

const SAMPLES: [string, { period?: string }][] = [
  ['next-year-2020-wide-utf8.csv', {}],
  ['next-year-2020-label-value-gb18030.csv', { period: '2020' }],
  ['next-year-2020-long.csv', {}],
  ['next-year-2020-merged-header.xlsx', {}],
];

describe('figuresFromTables: the pipeline after reading, for tables read once', () => {
  for (const [name, opts] of SAMPLES) {
    it(`gives what readFigures gives: ${name}`, async () => {
      const bytes = sample(name);
      const tables = await readTables(bytes, name);
      expect(await figuresFromTables(tables, bytes, CATALOG, opts)).toEqual(await readFigures(bytes, name, CATALOG, opts));
    });
  }

  it('reads another sheet or year from the same tables without the bytes being read again', async () => {
    const bytes = utf8('指标,数值\n各级各类学校(幼儿园)数,941\n');
    const tables = await readTables(bytes, 'one.csv');
    const a = await figuresFromTables(tables, bytes, CATALOG, { period: '2020' });
    const b = await figuresFromTables(tables, new Uint8Array(), CATALOG, { period: '2021' });
    expect(a.cells.map((c) => c.key)).toEqual(['schools_total@2020']);
    expect(b.cells.map((c) => c.key)).toEqual(['schools_total@2021']);
  });
});

describe('workbookValues: a workbook as plain data for a worker', () => {
  it('survives structured cloning and gives back the same catalog, periods and values', () => {
    const wb = baseline();
    const back = workbookFromValues(structuredClone(workbookValues(wb)));
    expect(back.catalog).toEqual(wb.catalog);
    expect(back.periods).toEqual(wb.periods);
    expect([...back.values]).toEqual([...wb.values]);
  });

  it('is a copy: changing the workbook afterwards does not change what was taken', () => {
    const wb = baseline();
    const taken = workbookValues(wb);
    const n = taken.values.length;
    wb.apply([{ key: 'schools_total@2019', after: { raw: '', state: 'empty' } }]);
    wb.addPeriod('2031');
    expect(taken.values.length).toBe(n);
    expect(taken.periods).not.toContain('2031');
  });
});

describe('readAndPreview: the dialog step, the same in a worker and on the main thread', () => {
  for (const [name, opts] of SAMPLES) {
    it(`equals readFigures then previewImport: ${name}`, async () => {
      const bytes = sample(name);
      const wb = baseline();
      const read = await readFigures(bytes, name, wb.catalog, opts);
      const got = await readAndPreview(bytes, name, workbookFromValues(workbookValues(wb)), opts);
      expect(got.read).toEqual(read);
      expect(got.preview).toEqual(previewImport(wb, read.cells, name));
      expect(got.preview.cells.length).toBeGreaterThan(10);
    });
  }

  it('counts custom indicators given in the options as known to the preview', async () => {
    const bytes = utf8('指标,2020\n校园足球特色学校数,57\n');
    const wb = baseline();
    const custom = { ...CATALOG.indicators[0], id: 'x_football', label: { zh: '校园足球特色学校数', en: 'Football schools' }, aliases: [], custom: true };
    const first = await readFigures(bytes, 'f.csv', wb.catalog);
    const mapping = first.mapping.map((m) => ({ ...m, indicatorId: 'x_football', method: 'user' as const }));
    const got = await readAndPreview(bytes, 'f.csv', wb, { mapping, custom: [custom] });
    expect(got.preview.errors).toEqual([]);
    expect(got.preview.missingIndicators).toEqual(['x_football']);
    expect(got.preview.changes.map((c) => c.key)).toEqual(['x_football@2020']);
  });
});
