import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import { columnLetter } from '../import/issues.ts';
import { CellFitter, exportTable } from './table.ts';
import type { ValidationReport } from './report.ts';

const FINDINGS_HEADER: Record<Lang, string[]> = {
  zh: ['规则', '类型', '表达式', '严重程度', '年份', '结果', '应为', '实际', '差额', '单元格', '说明'],
  en: ['rule', 'kind', 'expression', 'severity', 'period', 'outcome', 'expected', 'actual', 'difference', 'cells', 'message'],
};
const SHEET_NAMES: Record<Lang, [string, string]> = { zh: ['数据', '核查结果'], en: ['Data', 'Findings'] };
/** A fixed creation date keeps the written file a function of the workbook alone. */
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

/**
 * The workbook as an XLSX file: a title row, the header, section rows, indicator rows with units; a raw
 * text that is a plain number is written as a numeric cell, anything else as text exactly as entered
 * (text cells are never formulas in XLSX, so nothing needs neutralising). With a validation report, a
 * second sheet lists every finding (failed and not computable rule outcomes, then value findings).
 * SheetJS is imported on demand so it stays out of the app's initial bundle.
 */
export async function workbookToXlsx(wb: Workbook, lang: Lang = 'zh', validation?: ValidationReport, fitter: CellFitter = new CellFitter(lang)): Promise<Uint8Array> {
  const XLSX = await import('@e965/xlsx');
  /** Text over Excel's cell limit is cut with a note (SheetJS would throw), each cut listed in `fitter.notes`. */
  const fit = (sheet: string, rows: (string | number)[][]) =>
    rows.map((row, r) =>
      row.map((v, c) =>
        typeof v === 'string'
          ? fitter.fit(v, () => ({
              zh: `工作表“${sheet}”第 ${r + 1} 行 ${columnLetter(c)} 列${row[0] ? `（${row[0]}）` : ''}`,
              en: `sheet "${sheet}", row ${r + 1}, column ${columnLetter(c)}${row[0] ? ` (${row[0]})` : ''}`,
            }))
          : v,
      ),
    );
  const table = exportTable(wb, lang);
  const aoa: (string | number)[][] = [[table.title], table.header];
  for (const r of table.rows) {
    if (r.type === 'section') aoa.push(['', r.label]);
    else aoa.push([r.id, r.label, r.unit, ...r.cells.map((c) => (c.plain && c.n !== undefined ? c.n : c.raw))]);
  }
  const sheet = XLSX.utils.aoa_to_sheet(fit(SHEET_NAMES[lang][0], aoa));
  sheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: Math.max(0, table.header.length - 1) } }];
  sheet['!cols'] = [{ wch: 28 }, { wch: 36 }, { wch: 8 }, ...table.periods.map(() => ({ wch: 12 }))];
  const book = XLSX.utils.book_new();
  book.Props = { CreatedDate: FIXED_DATE, ModifiedDate: FIXED_DATE } as typeof book.Props;
  XLSX.utils.book_append_sheet(book, sheet, SHEET_NAMES[lang][0]);

  if (validation) {
    const rows: (string | number)[][] = [FINDINGS_HEADER[lang]];
    for (const rule of validation.rules) {
      for (const o of rule.outcomes) {
        if (o.outcome === 'passed') continue;
        rows.push([rule.id, rule.kind, rule.expression, rule.severity, o.period, o.outcome, o.expected ?? '', o.actual ?? '', o.difference ?? '', o.cells.join(' '), o.message ? o.message[lang] : '']);
      }
    }
    for (const v of validation.values) {
      rows.push(['value', 'value', v.code, v.severity, v.period, v.outcome, '', '', '', `${v.indicator}@${v.period}`, v.message[lang]]);
    }
    const c = validation.counts;
    rows.push([]);
    rows.push([lang === 'zh' ? `有效：${validation.valid ? '是' : '否'}` : `valid: ${validation.valid}`, `error ${c.error}`, `warning ${c.warning}`, `not computable ${c.notComputable}`, `passed ${c.passed}`]);
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(fit(SHEET_NAMES[lang][1], rows)), SHEET_NAMES[lang][1]);
  }
  const out = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
