import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import { exportTable } from './table.ts';

/** UTF-8 byte order mark: without it Excel on Chinese Windows reads the file as GBK and garbles it. */
export const BOM = '\uFEFF';

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Neutralises a cell a spreadsheet could run as a formula (OWASP CSV injection) by prefixing one `'`.
 * Every cell that starts with = + - @ tab or CR gets it — including the not-applicable mark "-" and
 * negative numbers such as "-3.5", which a spreadsheet would otherwise also evaluate. Our CSV import
 * strips exactly one leading `'` (unneutraliseCell), so these survive a round trip unchanged; a cell
 * that itself starts with `'` also gets one more, so stripping one always gives back what was written.
 */
export function neutraliseCell(s: string): string {
  return s.length > 0 && (TRIGGERS.has(s[0]) || s[0] === "'") ? `'${s}` : s;
}

/** The inverse of neutraliseCell, for the CSV reader: strips one leading `'`. */
export function unneutraliseCell(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}

/** RFC 4180 quoting: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function quoteCsv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(fields: string[]): string {
  return fields.map((f) => quoteCsv(neutraliseCell(f))).join(',');
}

/**
 * The workbook as CSV text (BOM first, CRLF line ends): header id, indicator, unit, one column per period;
 * section rows (empty id, the section name); labels indented by hierarchy; raw text as entered.
 */
export function workbookToCsv(wb: Workbook, lang: Lang = 'zh'): string {
  const table = exportTable(wb, lang);
  const lines = [line(table.header)];
  for (const r of table.rows) {
    if (r.type === 'section') lines.push(line(['', r.label, '', ...table.periods.map(() => '')]));
    else lines.push(line([r.id, r.label, r.unit, ...r.cells.map((c) => c.raw)]));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
