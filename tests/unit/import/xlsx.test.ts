import { describe, expect, it } from 'vitest';
import { detectLayout, readTables, readXlsx } from '../../../src/core/import/index.ts';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';
import { checkZip, crc32, storedZip, unzip } from '../../../src/core/import/zip-check.ts';
import { fixture, sample, utf8, xlsxBytes } from './helpers.ts';

describe('XLSX reader', () => {
  it('lists every sheet and reads cells as Excel shows them (formatted numbers, percentages, text)', async () => {
    const bytes = xlsxBytes([
      { name: '说明', rows: [['只有说明文字']] },
      {
        name: '数据',
        rows: [
          ['指标', '2019年'],
          ['各级各类学校在校生数', 541261],
          ['学前教育毛入园率', 0.9823],
          ['幼儿园师生比', '1:14.7'],
        ],
        formats: { B2: '#,##0', B3: '0.00%' },
      },
    ]);
    const r = await readXlsx(bytes, 'a.xlsx');
    expect(r.issues).toEqual([]);
    expect(r.sheets.map((s) => s.name)).toEqual(['说明', '数据']);
    expect(r.sheets[1].rows).toEqual([
      ['指标', '2019年'],
      ['各级各类学校在校生数', '541,261'],
      ['学前教育毛入园率', '98.23%'],
      ['幼儿园师生比', '1:14.7'],
    ]);
  });

  it('reads the grouping format our own export writes ungrouped, as entered; plain "#,##0" as shown', async () => {
    const bytes = xlsxBytes([
      {
        name: 'S',
        rows: [
          ['指标', '2019年'],
          ['在校生数', 541261],
          ['经费', -1234.5],
          ['专任教师数', 12345],
        ],
        formats: { B2: '#,##0;-#,##0', B3: '#,##0.00;-#,##0.00', B4: '#,##0' },
      },
    ]);
    const r = await readXlsx(bytes, 'own.xlsx');
    expect(r.sheets[0].rows.slice(1).map((x) => x[1])).toEqual(['541261', '-1234.50', '12,345']);
  });

  it('keeps merged ranges; a merged header value counts for its whole range when finding the header', async () => {
    const bytes = xlsxBytes([
      {
        name: 'S',
        rows: [
          ['2020年教育统计（虚构）', null, null, null],
          ['指标', '单位', '年度数据', null],
          [null, null, '2019年', '2020年'],
          ['小学数', '所', 154, 150],
          ['初中数', '所', 98, 100],
          [],
          ['注：虚构数据'],
        ],
        merges: ['A1:D1', 'A2:A3', 'B2:B3', 'C2:D2'],
      },
    ]);
    const r = await readXlsx(bytes, 'm.xlsx');
    expect(r.sheets[0].merges).toContainEqual({ r0: 1, c0: 2, r1: 1, c1: 3 });
    const l = detectLayout(r.sheets[0], 'm.xlsx');
    expect(l.issues).toEqual([]);
    expect(l.layout).toBe('wide');
    expect(l.headerRow).toBe(3);
    expect(l.labelColumn).toBe('A');
    expect(l.records).toEqual([
      { row: 4, column: 'C', label: '小学数', period: '2019', raw: '154', unit: '所' },
      { row: 4, column: 'D', label: '小学数', period: '2020', raw: '150', unit: '所' },
      { row: 5, column: 'C', label: '初中数', period: '2019', raw: '98', unit: '所' },
      { row: 5, column: 'D', label: '初中数', period: '2020', raw: '100', unit: '所' },
    ]);
  });

  it('reads a legacy .xls workbook too', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['指标', '2020年'], ['小学数', 150]]), 'S');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const r = await readTables(bytes, 'old.xls');
    expect(r.issues).toEqual([]);
    expect(r.sheets[0].rows).toEqual([
      ['指标', '2020年'],
      ['小学数', '150'],
    ]);
  });

  it('lists sheets for the import dialog', async () => {
    const { listSheets } = await import('../../../src/core/import/index.ts');
    expect(await listSheets(sample('next-year-2020-merged-header.xlsx'), 's.xlsx')).toEqual({ sheets: ['填表说明', '教师队伍'], issues: [] });
    expect((await listSheets(new Uint8Array(0), 'e.xlsx')).issues.map((i) => i.code)).toEqual(['empty-file']);
  });

  it('reads the sample workbook: the table sheet after an instructions sheet', async () => {
    const r = await readTables(sample('next-year-2020-merged-header.xlsx'), 'next-year-2020-merged-header.xlsx');
    expect(r.kind).toBe('xlsx');
    expect(r.sheets.map((s) => s.name)).toEqual(['填表说明', '教师队伍']);
  });

  it('a truncated workbook gets a clear message, whatever the cut', async () => {
    const full = sample('next-year-2020-merged-header.xlsx');
    for (const cut of [30, 1000, Math.floor(full.length / 2), full.length - 10]) {
      const r = await readXlsx(full.subarray(0, cut), 't.xlsx');
      expect(r.sheets).toEqual([]);
      expect(r.issues.map((i) => i.code)).toEqual(['xlsx-truncated']);
      expect(r.issues[0].message.zh).toContain('t.xlsx');
      expect(r.issues[0].message.zh).toContain('截断');
    }
  });

  it('a zip that is not a workbook is refused', async () => {
    // The smallest valid zip: an empty archive (end-of-central-directory record only).
    const empty = new Uint8Array(22);
    empty.set([0x50, 0x4b, 0x05, 0x06]);
    expect(checkZip(empty)).toEqual({ ok: true, entries: [], unzippedBytes: 0, names: [] });
    const r = await readXlsx(empty, 'z.xlsx');
    expect(r.issues.map((i) => i.code)).toEqual(['unsupported-format']);
  });

  it('refuses a workbook that would inflate past the limit, before inflating it', async () => {
    const bytes = sample('next-year-2020-merged-header.xlsx');
    const z = checkZip(bytes);
    expect(z.ok && z.unzippedBytes > 1000).toBe(true);
    const limits = { ...IMPORT_LIMITS, maxFileBytes: 1e9, maxCells: 1e6, maxRows: 1e5, maxUnzippedBytes: 1000 };
    const r = await readXlsx(bytes, 'b.xlsx', limits);
    expect(r.issues.map((i) => i.code)).toEqual(['too-large']);
  });

  it('a cell far to the right (column XFD) on many rows is refused quickly, not walked cell by cell', async () => {
    // Built by hand: SheetJS's writer would itself walk the whole A1:XFD range.
    const base = xlsxBytes([{ name: 'S', rows: [['指标', '2020年']] }]);
    const z = checkZip(base);
    if (!z.ok) throw new Error('not a zip');
    const files = await unzip(base, z.entries);
    if (!files.ok) throw new Error('does not unzip');
    const rows: string[] = [];
    for (let r = 1; r <= 20000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x${r}</t></is></c><c r="XFD${r}" t="inlineStr"><is><t>远</t></is></c></row>`);
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD20000"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
    files.files.set('xl/worksheets/sheet1.xml', utf8(xml));
    const bytes = storedZip(files.files);
    const started = Date.now();
    const r = await readXlsx(bytes, 'wide.xlsx');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.issues.map((i) => [i.code, i.params?.maxColumns])).toEqual([['too-many-cells', 1000]]);
  });

  it('enforces the cell limit per workbook', async () => {
    const bytes = xlsxBytes([{ name: 'S', rows: Array.from({ length: 20 }, (_, i) => ['x', i, i, i]) }]);
    const limits = { ...IMPORT_LIMITS, maxFileBytes: 1e9, maxCells: 50, maxRows: 1e5, maxUnzippedBytes: 1e9 };
    const r = await readXlsx(bytes, 'c.xlsx', limits);
    expect(r.issues.map((i) => [i.code, i.sheet])).toEqual([['too-many-cells', 'S']]);
    expect(r.sheets).toEqual([]);
  });

  it('regression: damaged bytes that made SheetJS loop forever are a clear error, quickly', async () => {
    const started = Date.now();
    const r = await readXlsx(fixture('damaged-deflate.xlsx'), 'damaged.xlsx');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.issues.map((i) => i.code)).toEqual(['xlsx-corrupt']);
    expect(r.issues[0].message.zh).toContain('damaged.xlsx');
  });

  it('damage inside a compressed part is found by the CRC and named', async () => {
    const good = sample('next-year-2020-merged-header.xlsx');
    const z = checkZip(good);
    if (!z.ok) throw new Error('sample is not a zip');
    const sheet = z.entries.find((e) => e.name === 'xl/worksheets/sheet2.xml')!;
    for (const offset of [40, 200, 1000]) {
      const bad = good.slice();
      const at = sheet.localOffset + 30 + sheet.name.length + offset;
      bad[at] ^= 0x5a;
      const r = await readXlsx(bad, 'd.xlsx');
      expect(r.issues.map((i) => i.code)).toEqual(['xlsx-corrupt']);
      expect(r.issues[0].params?.part).toBe('xl/worksheets/sheet2.xml');
    }
  });
});

describe('the zip layer', () => {
  it('crc32 of a known string', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
  });

  it('inflates every part of a real workbook, and a stored re-pack reads back the same', async () => {
    const bytes = sample('next-year-2020-merged-header.xlsx');
    const z = checkZip(bytes);
    if (!z.ok) throw new Error('sample is not a zip');
    const files = await unzip(bytes, z.entries);
    if (!files.ok) throw new Error('sample does not unzip');
    expect([...files.files.keys()]).toContain('xl/workbook.xml');
    const again = storedZip(files.files);
    const z2 = checkZip(again);
    if (!z2.ok) throw new Error('re-pack is not a zip');
    expect(z2.entries.every((e) => e.method === 0)).toBe(true);
    const files2 = await unzip(again, z2.entries);
    expect(files2.ok && [...files2.files].every(([k, v]) => files.files.get(k)!.every((b, i) => b === v[i]))).toBe(true);
  });

  it('a part that inflates past its stated size (a lying zip bomb) is refused', async () => {
    const bytes = sample('next-year-2020-merged-header.xlsx');
    const z = checkZip(bytes);
    if (!z.ok) throw new Error('sample is not a zip');
    const lying = z.entries.map((e) => (e.name === 'xl/theme/theme1.xml' ? { ...e, size: 100 } : e));
    expect(await unzip(bytes, lying)).toEqual({ ok: false, reason: 'corrupt', part: 'xl/theme/theme1.xml' });
  });
});
