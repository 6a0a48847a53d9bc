import type { Text } from '../model/catalog.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';

/** One row of the export table: a section heading or an indicator with its raw text per period. */
export type TableRow =
  | { type: 'section'; id: string; label: string }
  | { type: 'indicator'; id: string; label: string; depth: number; unit: string; cells: { raw: string; n?: number; plain: boolean }[] };

export interface ExportTable {
  title: string;
  header: string[];
  periods: string[];
  rows: TableRow[];
}

const HEADER: Record<Lang, [string, string, string]> = {
  zh: ['编号', '指标', '单位'],
  en: ['id', 'indicator', 'unit'],
};

/** A hierarchy level is shown as leading ideographic spaces (import matching strips them). */
export const INDENT = '\u3000';

/**
 * A raw text that is a plain decimal number written the way the number prints ("0.50" is not: a numeric
 * cell would lose the published trailing zero), so a spreadsheet may hold it as a number without changing it.
 */
const PLAIN_NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d{1,10})?$/;

function t(text: Text, lang: Lang): string {
  return text[lang] || text.zh;
}

/** The export table shared by CSV and XLSX: report order, section rows, units, raw text per period. */
export function exportTable(wb: Workbook, lang: Lang): ExportTable {
  const rows: TableRow[] = [];
  let section: string | undefined;
  for (const ind of wb.index.ordered) {
    if (ind.section !== section) {
      section = ind.section;
      const s = wb.index.sectionById.get(section);
      rows.push({ type: 'section', id: section, label: s ? t(s.label, lang) : section });
    }
    const unit = wb.index.unitById.get(ind.unit);
    rows.push({
      type: 'indicator',
      id: ind.id,
      label: INDENT.repeat(wb.index.depth(ind)) + t(ind.label, lang),
      depth: wb.index.depth(ind),
      unit: unit ? t(unit.label, lang) : ind.unit,
      cells: wb.periods.map((p) => {
        const v = wb.get(ind.id, p);
        const plain = v.state === 'value' && v.n !== undefined && PLAIN_NUMBER.test(v.raw) && String(v.n) === v.raw;
        return plain ? { raw: v.raw, n: v.n, plain } : { raw: v.raw, plain: false };
      }),
    });
  }
  return { title: t(wb.catalog.title, lang), header: [...HEADER[lang], ...wb.periods], periods: [...wb.periods], rows };
}

/** Excel's limit on the text of one cell (characters); longer text is cut on export with a note. */
export const EXCEL_CELL_CHARS = 32_767;

/**
 * Cuts cell text that Excel cannot hold (over 32,767 characters) so that the CSV/XLSX export never
 * fails on it: the cell keeps its start and ends with a note saying how long the text was, and each
 * cut is listed (`notes`) for the user. The JSON export keeps every text whole.
 */
export class CellFitter {
  readonly notes: Text[] = [];
  constructor(private readonly lang: Lang) {}

  /** `text` as it fits one cell; `where` names the place (sheet, row, column, indicator) in both languages. */
  fit(text: string, where: () => Text): string {
    if (text.length <= EXCEL_CELL_CHARS) return text;
    const n = text.length.toLocaleString('en');
    const note = this.lang === 'zh' ? `…［已截断：原文 ${n} 字，超过 Excel 单元格上限；JSON 导出保留全文］` : `… [cut: the text has ${n} characters, more than an Excel cell holds; the JSON export keeps it whole]`;
    const at = where();
    this.notes.push({
      zh: `${at.zh}：文本有 ${n} 个字符，超过 Excel 单元格上限 ${EXCEL_CELL_CHARS.toLocaleString('en')}，导出时已截断（JSON 导出保留全文）`,
      en: `${at.en}: the text has ${n} characters, more than Excel's cell limit of ${EXCEL_CELL_CHARS.toLocaleString('en')}; it was cut in this export (the JSON export keeps it whole)`,
    });
    // never split a surrogate pair
    let end = EXCEL_CELL_CHARS - note.length;
    if (/[\uD800-\uDBFF]/.test(text[end - 1])) end--;
    return text.slice(0, end) + note;
  }
}
