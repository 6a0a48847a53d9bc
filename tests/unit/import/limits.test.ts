/**
 * Each import limit at its boundary (IMPORT_LIMITS scaled down so the files stay small): at the limit
 * the file is read, one over it is refused with a message naming the limit and the place.
 */
import { describe, expect, it } from 'vitest';
import { readFigures } from '../../../src/core/import/index.ts';
import { IMPORT_LIMITS, type ImportLimits } from '../../../src/core/import/limits.ts';
import { zip } from '../../hostile/corpus.ts';
import { CATALOG, utf8, xlsxBytes } from './helpers.ts';

const small: ImportLimits = { ...IMPORT_LIMITS, maxCellChars: 50, maxLabelChars: 10, maxPeriods: 3, maxPartBytes: 20_000, maxUnzippedBytes: 60_000 };
const read = (bytes: Uint8Array, name: string, limits = small) => readFigures(bytes, name, CATALOG, { limits });
const years = (n: number) => Array.from({ length: n }, (_, i) => `${2016 + i}年`);

describe('cell length (maxCellChars)', () => {
  it.each([
    ['csv', (cell: string) => utf8(`指标,2020年\n学校数,950\n${cell},1\n`), 'a.csv'],
    ['xlsx', (cell: string) => xlsxBytes([{ name: '表', rows: [['指标', '2020年'], ['学校数', 950], [cell, 1]] }]), 'a.xlsx'],
  ])('%s: a cell at the limit is read, one character more refuses the file naming row and column', async (_kind, make, name) => {
    const at = await read(make('长'.repeat(small.maxCellChars)), name);
    expect(at.errors).toEqual([]);
    const over = await read(make('长'.repeat(small.maxCellChars + 1)), name);
    expect(over.errors).toHaveLength(1);
    expect(over.errors[0]).toMatchObject({ code: 'text-too-long', row: 3, column: 'A' });
    expect(over.errors[0].message.en).toContain(`${small.maxCellChars + 1} characters, more than ${small.maxCellChars} characters`);
    expect(over.errors[0].message.zh).not.toContain('长长'); // the text itself is never quoted
    expect(over.cells).toEqual([]);
  });
});

describe('name length (maxLabelChars)', () => {
  it('a longer name is cut with "…" before matching and display, and a warning names its row and length', async () => {
    const long = '某'.repeat(small.maxLabelChars + 5);
    const r = await read(utf8(`指标,2020年\n学校数,950\n${long},1\n${'某'.repeat(small.maxLabelChars)},2\n`), 'a.csv');
    expect(r.errors).toEqual([]);
    const cut = r.mapping.find((m) => m.sourceRow === 3)!;
    expect(cut.label).toBe(`${'某'.repeat(small.maxLabelChars)}…`);
    expect(r.mapping.find((m) => m.sourceRow === 4)!.label).toBe('某'.repeat(small.maxLabelChars));
    const w = r.warnings.filter((i) => i.code === 'text-too-long');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ row: 3, params: { chars: small.maxLabelChars + 5 } });
    // the unmatched-name warning quotes the cut name, not the whole one
    expect(r.warnings.some((i) => i.code === 'unmatched-row' && i.message.zh.includes(cut.label))).toBe(true);
    expect(r.warnings.every((i) => !i.message.zh.includes(long))).toBe(true);
  });
});

describe('number of periods (maxPeriods)', () => {
  it('a wide table with as many year columns as the limit is read; one more is refused', async () => {
    const table = (n: number) => utf8(`指标,${years(n).join(',')}\n学校数,${years(n).map((_, i) => 900 + i).join(',')}\n`);
    expect((await read(table(small.maxPeriods), 'a.csv')).errors).toEqual([]);
    const over = await read(table(small.maxPeriods + 1), 'a.csv');
    expect(over.errors.map((e) => e.code)).toEqual(['too-many-periods']);
    expect(over.errors[0].message.en).toContain(`${small.maxPeriods + 1} years, above the import limit of ${small.maxPeriods}`);
  });

  it('a workbook JSON over the limit is refused before it is read (the default limit)', async () => {
    const n = IMPORT_LIMITS.maxPeriods + 1;
    const periods = Array.from({ length: n }, (_, i) => String(1900 + i));
    const json = JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: 'x', periods, values: [] });
    const r = await readFigures(utf8(json), 'w.json', CATALOG);
    expect(r.errors.map((e) => e.code)).toEqual(['too-many-periods']);
    const atLimit = JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: 'x', periods: periods.slice(1), values: [] });
    expect((await readFigures(utf8(atLimit), 'w.json', CATALOG)).errors.map((e) => e.code)).not.toContain('too-many-periods');
  });
});

describe('XLSX parts (maxPartBytes, maxUnzippedBytes): judged on the stated sizes before inflating', () => {
  const parts = async (sizes: number[]) => {
    const good = xlsxBytes([{ name: '表', rows: [['指标', '2020年'], ['学校数', 950]] }]);
    // the real workbook's parts plus padding parts of the given (stated) sizes; nothing is inflated to find them too big
    const { checkZip, unzip } = await import('../../../src/core/import/zip-check.ts');
    const z = checkZip(good);
    if (!z.ok) throw new Error('bad fixture');
    const files = await unzip(good, z.entries);
    if (!files.ok) throw new Error('bad fixture');
    return zip([...[...files.files].map(([name, data]) => ({ name, data })), ...sizes.map((s, i) => ({ name: `xl/media/pad${i}.bin`, data: new Uint8Array(s) }))]);
  };
  it('a part at the limit is read; one byte over is refused naming the part', async () => {
    expect((await read(await parts([small.maxPartBytes]), 'a.xlsx')).errors).toEqual([]);
    const over = await read(await parts([small.maxPartBytes + 1]), 'a.xlsx');
    expect(over.errors).toHaveLength(1);
    expect(over.errors[0].message.en).toContain(`xl/media/pad0.bin is ${small.maxPartBytes + 1} bytes once unzipped, above the import limit of`);
  });
  it('parts each within the limit whose total is over the total limit are refused', async () => {
    const r = await read(await parts([small.maxPartBytes, small.maxPartBytes, small.maxPartBytes]), 'a.xlsx');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message.en).toMatch(/once unzipped, above the import limit of/);
    expect(r.errors[0].params).toMatchObject({ maxUnzippedBytes: small.maxUnzippedBytes });
  });
});
