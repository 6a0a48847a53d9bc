import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readFigures } from '../../../src/core/import/index.ts';
import { CATALOG, sample } from './helpers.ts';

/** Bad input is a value: whatever the bytes, reading resolves (never throws, never hangs). */
describe('no file can crash or hang the import', () => {
  const names = fc.constantFrom('a.csv', 'a.xlsx', 'a.json', 'a.txt', 'a', 'a.xls');

  it('property: arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), names, async (bytes, name) => {
        const r = await readFigures(bytes, name, CATALOG, { period: '2020' });
        return Array.isArray(r.errors) && Array.isArray(r.cells);
      }),
      { numRuns: 300 },
    );
  });

  it('property: text made of table characters (quotes, delimiters, years, markers)', async () => {
    const piece = fc.constantFrom('"', ',', '\t', ';', '\n', '\r\n', '2019', '2020年', '指标', '数值', '年份', '其中：', '小学数', '1,234', '—', "'", ' ', '注：');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 200 }), async (parts) => {
        const r = await readFigures(new TextEncoder().encode(parts.join('')), 't.csv', CATALOG);
        return r.errors.every((e) => e.message.zh.startsWith('t.csv') && e.message.en.startsWith('t.csv'));
      }),
      { numRuns: 300 },
    );
  });

  it('property: the sample workbook with bytes damaged anywhere', async () => {
    const good = sample('next-year-2020-merged-header.xlsx');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), async (edits) => {
        const bad = good.slice();
        for (const [at, b] of edits) bad[at] = b;
        const r = await readFigures(bad, 'd.xlsx', CATALOG);
        return Array.isArray(r.errors);
      }),
      { numRuns: 100 },
    );
  });
});
