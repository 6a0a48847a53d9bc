import type { Workbook } from '../model/workbook.ts';
import { unitLabel } from '../model/units.ts';
import type { Lang } from '../i18n/format.ts';
import { CellFitter, exportTable, findingsByIndicator, NOTES_HEADER, notesCell, reportSlice, STATUS_HEADER, statusCells, UNIT_HEADER } from './table.ts';
import type { ValidationReport } from './report.ts';
import { unitsInScope, type ExportScope } from './workbook-json.ts';

/** UTF-8 byte order mark: without it Excel on Chinese Windows reads the file as GBK and garbles it. */
export const BOM = '\uFEFF';

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Neutralises a cell a spreadsheet could run as a formula (OWASP CSV injection) by prefixing one `'`.
 * Every cell that starts with = + - @ tab or CR (also behind leading spaces of any width or control
 * characters, as an indented label is) gets it — including the not-applicable mark "-" and
 * negative numbers such as "-3.5", which a spreadsheet would otherwise also evaluate. Our CSV import
 * strips exactly one leading `'` (unneutraliseCell), so these survive a round trip unchanged; a cell
 * that itself starts with `'` also gets one more, so stripping one always gives back what was written.
 */
export function neutraliseCell(s: string): string {
  if (s.length === 0) return s;
  if (TRIGGERS.has(s[0]) || s[0] === "'") return `'${s}`;
  // an indented label ("\u3000=HYPERLINK(…)", a full-width space first) or one behind any blank or control
  // character: some spreadsheets skip those before looking for a formula
  const blank = LEADING_BLANK.exec(s);
  if (blank && blank[0].length < s.length && (TRIGGERS.has(s[blank[0].length]) || s[blank[0].length] === "'")) return `'${s}`;
  return s;
}

/** The inverse of neutraliseCell, for the CSV reader: strips one leading `'`. */
export function unneutraliseCell(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}

/** RFC 4180 quoting: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function quoteCsv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Everything but a visible character that may come before a formula's first sign (spaces of all widths, controls, BOM, zero-width). */
const LEADING_BLANK = /^[\s\p{Cc}\p{Cf}\p{Z}]+/u;

/**
 * The workbook as CSV text (BOM first, CRLF line ends): header id, indicator, unit, one column per period,
 * then a status column (✖ 错误 / ▲ 警告 / △ 已说明, the worst failed check touching the row) and the findings
 * ("✖ 错误 2019年：message"); section rows (empty id, the section name); labels indented by two plain spaces a
 * level; raw text as entered (text over Excel's cell limit cut with a note, listed in `fitter.notes`).
 * Without a validation report the two status columns are left empty. The last column holds the row's
 * notes and follow-up flags, each with its year (notesCell).
 */
export function workbookToCsv(wb: Workbook, lang: Lang = 'zh', fitter: CellFitter = new CellFitter(lang), validation?: ValidationReport, scope?: ExportScope): string {
  if (wb.units.size > 1 || scope) return unitsCsv(wb, lang, fitter, validation, scope);
  const table = exportTable(wb, lang);
  const findings = findingsByIndicator(validation, lang);
  const last = 3 + table.periods.length;
  const line = (fields: string[], row: number, id: string) =>
    fields
      .map((f, c) =>
        // the guard's apostrophe counts towards the cell limit: our own import reads the file back
        quoteCsv(
          fitter.fit(neutraliseCell(f), () => ({
            zh: `CSV 第 ${row} 行第 ${c + 1} 列（${id}${c >= 3 && c < last ? ` ${table.periods[c - 3]}` : ''}）`,
            en: `CSV row ${row}, column ${c + 1} (${id}${c >= 3 && c < last ? ` ${table.periods[c - 3]}` : ''})`,
          })),
        ),
      )
      .join(',');
  const lines = [line([...table.header, ...STATUS_HEADER[lang], NOTES_HEADER[lang]], 1, '')];
  for (const r of table.rows) {
    if (r.type === 'section') lines.push(line(['', r.label, '', ...table.periods.map(() => ''), '', '', ''], lines.length + 1, r.id));
    else lines.push(line([r.id, r.label, r.unit, ...r.cells.map((c) => c.raw), ...statusCells(findings.get(r.id), lang), notesCell(wb, r.id, lang)], lines.length + 1, r.id));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}

/**
 * Several reporting units (or a scope): the same table once per unit of the scope, in tree order, with
 * the unit's name in a first column 填报单位 (the long layout; the status columns are the unit's own
 * checks and the roll-ups where it is the parent).
 */
function unitsCsv(wb: Workbook, lang: Lang, fitter: CellFitter, validation: ValidationReport | undefined, scope: ExportScope): string {
  const only = unitsInScope(wb, scope);
  const units = wb.units.all().filter((u) => only.has(u.id));
  const periods = wb.periods;
  const line = (fields: string[], row: number, id: string) =>
    fields
      .map((f, c) =>
        quoteCsv(
          fitter.fit(neutraliseCell(f), () => ({
            zh: `CSV 第 ${row} 行第 ${c + 1} 列（${id}）`,
            en: `CSV row ${row}, column ${c + 1} (${id})`,
          })),
        ),
      )
      .join(',');
  const head = exportTable(wb, lang).header;
  const lines = [line([UNIT_HEADER[lang], ...head, ...STATUS_HEADER[lang], NOTES_HEADER[lang]], 1, '')];
  for (const u of units) {
    const name = unitLabel(u, lang);
    const table = exportTable(wb, lang, u.id);
    const findings = findingsByIndicator(reportSlice(validation, u.id), lang);
    for (const r of table.rows) {
      if (r.type === 'section') lines.push(line([name, '', r.label, '', ...periods.map(() => ''), '', '', ''], lines.length + 1, r.id));
      else lines.push(line([name, r.id, r.label, r.unit, ...r.cells.map((c) => c.raw), ...statusCells(findings.get(r.id), lang), notesCell(wb, r.id, lang, u.id)], lines.length + 1, `${name} ${r.id}`));
    }
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
