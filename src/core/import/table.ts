import type { ImportIssue } from './issues.ts';

/** A merged range in 0-based table coordinates, inclusive. */
export interface MergeRange {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/**
 * One sheet (or a whole CSV) as plain text cells. `rows[i][j]` is the cell at spreadsheet row
 * `i + 1`, column `j` (0 = A): rows keep their file position, so every message can name the place
 * the user sees. Rows may differ in length; missing cells are empty.
 */
export interface SheetTable {
  /** The sheet name; the file name for CSV. */
  name: string;
  rows: string[][];
  /** Merged ranges (XLSX only). A merged range's value is stored in its top-left cell only. */
  merges: MergeRange[];
}

export type FileKind = 'csv' | 'xlsx' | 'json';

/** What a reader returns: the tables it could read and the issues it found (never throws on bad input). */
export interface ReadResult {
  file: string;
  kind: FileKind | null;
  sheets: SheetTable[];
  issues: ImportIssue[];
  /** What the CSV reader detected, shown to the user for confidence. */
  encoding?: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';
  delimiter?: ',' | '\t' | ';';
}

/**
 * The table's rows with each merged range's value copied to all its cells, in rows up to `uptoRow`
 * (0-based, inclusive) only: merges matter for finding the header, and bounding the rows bounds the work.
 * Rows below `uptoRow` are returned as they are (not copied).
 */
export function fillMerges(t: SheetTable, uptoRow = Infinity): string[][] {
  const last = Math.min(uptoRow, t.rows.length - 1);
  const rows = t.rows.map((r, i) => (i <= last ? [...r] : r));
  for (const m of t.merges) {
    if (m.r0 > last) continue;
    const v = rows[m.r0]?.[m.c0] ?? '';
    if (v === '') continue;
    for (let r = m.r0; r <= Math.min(m.r1, last); r++) {
      const row = rows[r];
      for (let c = m.c0; c <= m.c1; c++) {
        while (row.length <= c) row.push('');
        if (row[c] === '') row[c] = v;
      }
    }
  }
  return rows;
}
