import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';

export { CATALOG };

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const utf8bom = (s: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]);
export const utf16le = (s: string): Uint8Array => {
  const out = new Uint8Array(2 + s.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < s.length; i++) {
    out[2 + i * 2] = s.charCodeAt(i) & 0xff;
    out[3 + i * 2] = s.charCodeAt(i) >> 8;
  }
  return out;
};

export const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url)));
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url)));

/** An XLSX file built in memory: sheets of rows, with optional merges ("A1:D1") and number formats. */
export function xlsxBytes(sheets: { name: string; rows: (string | number | null)[][]; merges?: string[]; formats?: Record<string, string> }[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows);
    if (s.merges) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m));
    for (const [addr, z] of Object.entries(s.formats ?? {})) ws[addr].z = z;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** The 2018–2019 workbook from the bundled baseline, loaded as the app loads it. */
export function baselineWorkbook(): Workbook {
  return workbookFromJson(BASELINE_2019_JSON, CATALOG);
}

/** Everything observable about a workbook, for "nothing changed" checks. */
export function snapshot(wb: Workbook): string {
  return JSON.stringify({ periods: wb.periods, values: [...wb.values].sort(), ids: wb.catalog.indicators.map((i) => i.id) });
}
