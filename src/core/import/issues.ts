import type { Text } from '../model/catalog.ts';

/**
 * What can go wrong while reading a file sent in for import. Bad files are values, never exceptions:
 * every reader returns these, each naming the file and, where it can, the sheet, row and column
 * as a spreadsheet shows them (row 1-based as in the file, column as a letter).
 *
 * Severity: an "error" blocks the import (nothing may be committed); a "warning" is shown in the
 * preview but the import may go ahead (e.g. a value that cannot be read is imported as typed, state
 * "invalid", and flagged like a typed one).
 */
export type ImportIssueCode =
  | 'empty-file'
  | 'too-large'
  | 'too-many-cells'
  | 'too-many-periods'
  | 'text-too-long'
  | 'binary-file'
  | 'wrong-extension'
  | 'unsupported-format'
  | 'xlsx-truncated'
  | 'xlsx-corrupt'
  | 'xlsx-no-sheets'
  | 'sheet-not-found'
  | 'csv-unclosed-quote'
  | 'json-invalid'
  | 'json-not-workbook'
  | 'json-value-mismatch'
  | 'no-table'
  | 'no-label-column'
  | 'no-value-column'
  | 'no-figures'
  | 'period-required'
  | 'bad-period'
  | 'row-too-wide'
  | 'invalid-value'
  | 'percent-as-fraction'
  | 'duplicate-conflict'
  | 'unknown-indicator'
  | 'unmatched-row'
  | 'no-unit'
  | 'unit-not-sure'
  | 'unit-subtotal'
  | 'unit-total-derived'
  | 'unit-total-differs';

export type Severity = 'error' | 'warning';

export interface ImportIssue {
  code: ImportIssueCode;
  severity: Severity;
  file: string;
  sheet?: string;
  /** 1-based row number as in the file. */
  row?: number;
  /** Column letter as a spreadsheet shows it ("A", "AB"). */
  column?: string;
  /** JSON files: a JSON pointer to the place. */
  path?: string;
  message: Text;
  /** Values the message was built from (for tests and for tooling). */
  params?: Record<string, string | number>;
}

/** A place in a file: sheet (for workbooks), 1-based row, column letter; for JSON, a JSON pointer. */
export interface Place {
  sheet?: string;
  row: number;
  column: string;
  /** JSON files: where the value is, e.g. "/values/12" (row and column are then 0 and ""). */
  path?: string;
}

/** The spreadsheet letter of a 0-based column index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`bad column index ${index}`);
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "file.csv 第 3 行 B 列" / "file.csv row 3, column B" — the place part of a message. */
export function placeText(file: string, p: { sheet?: string; row?: number; column?: string; path?: string }): Text {
  const row = p.row !== undefined && p.row > 0;
  const zh = [file, p.sheet ? `工作表“${p.sheet}”` : '', row ? `第 ${p.row} 行` : '', p.column ? `${p.column} 列` : '', p.path ? `位置 ${p.path}` : '']
    .filter(Boolean)
    .join(' ');
  const en = [file, p.sheet ? `sheet "${p.sheet}"` : '', row ? `row ${p.row}` : '', p.column ? `column ${p.column}` : '', p.path ? `at ${p.path}` : '']
    .filter(Boolean)
    .join(', ');
  return { zh, en };
}

/** Builds an issue whose message starts with the place. */
export function issue(
  code: ImportIssueCode,
  severity: Severity,
  file: string,
  where: { sheet?: string; row?: number; column?: string; path?: string },
  zh: string,
  en: string,
  params?: Record<string, string | number>,
): ImportIssue {
  const at = placeText(file, where);
  const out: ImportIssue = { code, severity, file, message: { zh: `${at.zh}：${zh}`, en: `${at.en}: ${en}` } };
  if (where.sheet !== undefined) out.sheet = where.sheet;
  if (where.row !== undefined && where.row > 0) out.row = where.row;
  if (where.column) out.column = where.column;
  if (where.path !== undefined) out.path = where.path;
  if (params) out.params = params;
  return out;
}

/** True when any issue blocks the import. */
export function hasErrors(issues: readonly ImportIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
