/**
 * Text over Excel's cell limit (32,767 characters) in a CSV/XLSX export: cut with a note in the cell
 * and listed in the export's warnings (place and length), never an exception; JSON keeps it whole.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { exportWorkbook } from '../../../src/core/io/export.ts';
import { EXCEL_CELL_CHARS } from '../../../src/core/io/table.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { readTables } from '../../../src/core/import/index.ts';
import { parseValue } from '../../../src/core/parse/value.ts';

function workbookWith(raws: Record<string, string>) {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG, 'data/baseline-2019.json');
  wb.apply(
    Object.entries(raws).map(([key, raw]) => {
      const ind = wb.index.indicator(key.split('@')[0]);
      return { key, after: parseValue(raw, ind, wb.index.unitOf(ind)) };
    }),
  );
  return wb;
}

const LENGTHS = [EXCEL_CELL_CHARS, EXCEL_CELL_CHARS + 1, 100_000, 1_000_000];

describe.each(['csv', 'xlsx'] as const)('%s export of long text', (format) => {
  it.each(LENGTHS)('a raw text of %i characters', async (n) => {
    const long = '字'.repeat(n - 1) + '尾';
    const wb = workbookWith({ 'schools_total@2019': long, 'schools_primary@2018': '=HYPERLINK("x")' });
    const out = await exportWorkbook(wb, format, { lang: 'zh' });
    // every cell fits, read back by SheetJS (as Excel would) and by our own import
    const rows: string[][] =
      format === 'csv'
        ? Papa.parse<string[]>(new TextDecoder().decode(out.bytes).slice(1)).data
        : (XLSX.utils.sheet_to_json(XLSX.read(out.bytes, { type: 'array' }).Sheets['数据'], { header: 1, raw: false }) as string[][]);
    const row = rows.find((r) => r[0] === 'schools_total')!;
    const cell = String(row[4]);
    expect(cell.length).toBeLessThanOrEqual(EXCEL_CELL_CHARS);
    const back = await readTables(out.bytes, `back.${format}`);
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    if (n <= EXCEL_CELL_CHARS) {
      expect(cell).toBe(long);
      expect(out.warnings).toEqual([]);
    } else {
      expect(cell.startsWith('字'.repeat(1000))).toBe(true);
      expect(cell).toContain(`原文 ${n.toLocaleString('en')} 字`);
      expect(cell.endsWith('］')).toBe(true);
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0].en).toContain('schools_total');
      expect(out.warnings[0].en).toContain(`${n.toLocaleString('en')} characters`);
      expect(out.warnings[0].zh).toContain('已截断');
    }
    // JSON keeps it whole
    const json = JSON.parse(new TextDecoder().decode((await exportWorkbook(wb, 'json')).bytes));
    expect(json.values.find((v: { indicator: string; period: string }) => v.indicator === 'schools_total' && v.period === '2019').raw).toBe(long);
  });
});

it('an English export notes the cut in English', async () => {
  const out = await exportWorkbook(workbookWith({ 'schools_total@2019': 'x'.repeat(50_000) }), 'xlsx', { lang: 'en' });
  const sheet = XLSX.read(out.bytes, { type: 'array' }).Sheets['Data'];
  const rows = XLSX.utils.sheet_to_json(sheet, { header: 1, raw: false }) as string[][];
  expect(String(rows.find((r) => r[0] === 'schools_total')![4])).toMatch(/\[cut: the text has 50,000 characters.*JSON export keeps it whole\]$/);
  expect(out.warnings[0].en).toMatch(/^sheet "Data", row \d+, column E \(schools_total\)/);
});

it('XLSX: a text that looks like a formula (also behind a full-width space) is a text cell, never a formula', async () => {
  const raws = ['=HYPERLINK("http://example.invalid","x")', '\u3000=HYPERLINK("http://example.invalid","x")', '+1+1', '@SUM(A1)'];
  const wb = workbookWith(Object.fromEntries(raws.map((r, i) => [`${['schools_total', 'schools_primary', 'students_total', 'schools_university'][i]}@2019`, r])));
  const out = await exportWorkbook(wb, 'xlsx');
  const sheet = XLSX.read(out.bytes, { type: 'array', cellFormula: true }).Sheets['数据'];
  const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!')) as [string, XLSX.CellObject][];
  for (const raw of raws) {
    const hit = cells.find(([, c]) => c.v === raw);
    expect(hit, raw).toBeDefined();
    expect(hit![1].t).toBe('s');
    expect(hit![1].f).toBeUndefined();
  }
  expect(cells.some(([, c]) => c.f !== undefined)).toBe(false);
});
