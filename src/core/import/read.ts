import { readCsv } from './csv.ts';
import { columnLetter, issue, type ImportIssue } from './issues.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import { chooseReader } from './sniff.ts';
import type { ReadResult } from './table.ts';
import { readXlsx } from './xlsx.ts';

/**
 * Reads a CSV or XLSX file into text tables, choosing the reader by content (see sniff.ts).
 * Enforces the size limit first. Never throws on bad input; JSON files are reported as kind "json"
 * with no tables (they carry indicator ids and periods, and go through the workbook JSON loader).
 */
export async function readTables(bytes: Uint8Array, file: string, limits: ImportLimits = IMPORT_LIMITS): Promise<ReadResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readTables expects a Uint8Array');
  const big = fileSizeIssue(file, bytes.length, limits);
  if (big) return { file, kind: null, sheets: [], issues: [big] };
  const chosen = chooseReader(bytes, file);
  if (chosen.kind === null) return { file, kind: null, sheets: [], issues: chosen.issues };
  if (chosen.kind === 'json') return { file, kind: 'json', sheets: [], issues: [] };
  return refuseLongCells(chosen.kind === 'csv' ? readCsv(bytes, file, limits) : await readXlsx(bytes, file, limits), limits);
}

/**
 * A cell longer than `maxCellChars` (Excel's own limit) refuses the file before any further work or
 * display: the error names the place and the length, never the text (a 19 MB name must not reach the page).
 */
function refuseLongCells(read: ReadResult, limits: ImportLimits): ReadResult {
  for (const sheet of read.sheets) {
    for (let r = 0; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      for (let c = 0; c < row.length; c++) {
        const n = row[c].length;
        if (n <= limits.maxCellChars) continue;
        const where = { sheet: read.kind === 'csv' ? undefined : sheet.name, row: r + 1, column: columnLetter(c) };
        const max = limits.maxCellChars.toLocaleString('en');
        read.issues.push(
          issue('text-too-long', 'error', read.file, where, `单元格有 ${n} 个字符，超过上限 ${max} 个字符（Excel 单元格的上限）`, `the cell holds ${n.toLocaleString('en')} characters, more than ${max} characters (Excel's cell limit)`, {
            chars: n,
            maxCellChars: limits.maxCellChars,
          }),
        );
        read.sheets = [];
        return read;
      }
    }
  }
  return read;
}

/**
 * The error for a file larger than the import limit, or null: checked from the size alone, before the
 * file is read (the CLI stats it, the dialog looks at File.size), and again on the bytes here.
 */
export function fileSizeIssue(file: string, size: number, limits: ImportLimits = IMPORT_LIMITS): ImportIssue | null {
  if (size <= limits.maxFileBytes) return null;
  const mb = (n: number) => (n / 1048576).toFixed(1);
  return issue(
    'too-large',
    'error',
    file,
    {},
    `文件大小 ${mb(size)} MB，超过导入上限 ${mb(limits.maxFileBytes)} MB`,
    `the file is ${mb(size)} MB, above the import limit of ${mb(limits.maxFileBytes)} MB`,
    { bytes: size, maxBytes: limits.maxFileBytes },
  );
}
