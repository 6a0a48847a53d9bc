import { readCsv } from './csv.ts';
import { issue } from './issues.ts';
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
  if (bytes.length > limits.maxFileBytes) {
    const mb = (n: number) => (n / 1048576).toFixed(1);
    return {
      file,
      kind: null,
      sheets: [],
      issues: [
        issue(
          'too-large',
          'error',
          file,
          {},
          `文件大小 ${mb(bytes.length)} MB，超过导入上限 ${mb(limits.maxFileBytes)} MB`,
          `the file is ${mb(bytes.length)} MB, above the import limit of ${mb(limits.maxFileBytes)} MB`,
          { bytes: bytes.length, maxBytes: limits.maxFileBytes },
        ),
      ],
    };
  }
  const chosen = chooseReader(bytes, file);
  if (chosen.kind === null) return { file, kind: null, sheets: [], issues: chosen.issues };
  if (chosen.kind === 'csv') return readCsv(bytes, file, limits);
  if (chosen.kind === 'json') return { file, kind: 'json', sheets: [], issues: [] };
  return readXlsx(bytes, file, limits);
}
