import type { Text } from '../model/catalog.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import { cellKey, parseCellKey } from '../model/value.ts';
import type { ValidationReport } from './report.ts';

/** One row of the export table: a section heading or an indicator with its raw text per period. */
export type TableRow =
  | { type: 'section'; id: string; label: string }
  | { type: 'indicator'; id: string; label: string; depth: number; unit: string; unitId: string; cells: { raw: string; n?: number; plain: boolean }[] };

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

/**
 * A hierarchy level is shown as two leading plain spaces (import matching strips them): a full-width
 * U+3000 would travel into other tools as part of the name.
 */
export const INDENT = '  ';

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
      unitId: ind.unit,
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

/** How a row or finding stands after the checks, worst first. */
export type RowStatus = 'error' | 'warning' | 'explained' | 'not_computable';
export const STATUS_ORDER: readonly RowStatus[] = ['error', 'warning', 'explained', 'not_computable'];

/** The status word a person reads in an export; the symbols are the grid's and the print's (black-and-white safe), △ a warning with a known cause. */
export const STATUS_LABEL: Record<Lang, Record<RowStatus, string>> = {
  zh: { error: '✖ 错误', warning: '▲ 警告', explained: '△ 已说明', not_computable: '○ 无法核查' },
  en: { error: '✖ error', warning: '▲ warning', explained: '△ explained', not_computable: '○ not computable' },
};

export interface RowFinding {
  status: RowStatus;
  period: string;
  text: string;
}

/** The status of one failed or not-computable outcome: a failed warning with a known cause is "explained". */
export function outcomeStatus(outcome: 'failed' | 'not_computable', severity: 'error' | 'warning', explained: boolean): RowStatus {
  if (outcome === 'not_computable') return 'not_computable';
  if (severity === 'error') return 'error';
  return explained ? 'explained' : 'warning';
}

/**
 * The failed checks touching each indicator's row (every cell a failed rule names, and value findings),
 * worst first, each with its period and message, for the status column of the CSV and XLSX exports.
 * Not-computable outcomes (a rule with an empty cell) mark no row: they are listed on the checks sheet.
 */
export function findingsByIndicator(validation: ValidationReport | undefined, lang: Lang): Map<string, RowFinding[]> {
  const out = new Map<string, RowFinding[]>();
  if (!validation) return out;
  const add = (id: string, f: RowFinding) => {
    const list = out.get(id) ?? [];
    if (!list.some((x) => x.status === f.status && x.period === f.period && x.text === f.text)) list.push(f);
    out.set(id, list);
  };
  for (const rule of validation.rules) {
    for (const o of rule.outcomes) {
      if (o.outcome !== 'failed') continue;
      const status = outcomeStatus(o.outcome, rule.severity, o.explanation !== undefined);
      const text = o.message ? o.message[lang] : rule.expression;
      for (const key of o.cells) add(parseCellKey(key).indicator, { status, period: o.period, text });
    }
  }
  for (const v of validation.values) {
    if (v.outcome !== 'failed') continue;
    add(v.indicator, { status: outcomeStatus(v.outcome, v.severity, false), period: v.period, text: v.message[lang] });
  }
  for (const list of out.values()) list.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.period.localeCompare(b.period));
  return out;
}

/** A row's status column: the worst status, and each finding with its year ("2019年：message"), joined. */
export function statusCells(list: RowFinding[] | undefined, lang: Lang): [string, string] {
  if (!list?.length) return ['', ''];
  const sep = lang === 'zh' ? '；' : '; ';
  const colon = lang === 'zh' ? '：' : ': ';
  // the messages mostly name their year already ("2019年：…", "2019: …"); the others get it in front
  const text = (f: RowFinding) => (f.text.startsWith(f.period) ? f.text : `${f.period}${colon}${f.text}`);
  return [STATUS_LABEL[lang][list[0].status], list.map((f) => `${STATUS_LABEL[lang][f.status]} ${text(f)}`).join(sep)];
}

export const STATUS_HEADER: Record<Lang, [string, string]> = { zh: ['状态', '核查说明'], en: ['status', 'findings'] };

/** The CSV export's last column: the figures' notes and follow-up flags of the row. */
export const NOTES_HEADER: Record<Lang, string> = { zh: '备注', en: 'notes' };

/** A figure's note and follow-up flag as one text for an export (a cell comment, the notes column); '' when it has neither. */
export function annotationText(wb: Workbook, key: string, lang: Lang): string {
  const parts: string[] = [];
  const note = wb.notes.get(key);
  if (note) parts.push(note.text);
  const f = wb.followUp.get(key);
  if (f) parts.push(lang === 'zh' ? `⚑ 待核实${f.reason ? `：${f.reason}` : ''}` : `⚑ to follow up${f.reason ? `: ${f.reason}` : ''}`);
  return parts.join('\n');
}

/** A row's notes column: each annotated year's note and flag, with the year ("2019年：…；2020年：…"). */
export function notesCell(wb: Workbook, indicator: string, lang: Lang): string {
  const out: string[] = [];
  for (const p of wb.periods) {
    const text = annotationText(wb, cellKey(indicator, p), lang);
    if (text) out.push(lang === 'zh' ? `${p}年：${text}` : `${p}: ${text}`);
  }
  return out.join(lang === 'zh' ? '；' : '; ');
}
