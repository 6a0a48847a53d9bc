import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import { columnLetter } from '../import/issues.ts';
import { annotationText, CellFitter, exportTable, findingsByIndicator, outcomeStatus, reportSlice, STATUS_HEADER, STATUS_LABEL, STATUS_ORDER, statusCells, UNIT_HEADER, type RowStatus } from './table.ts';
import type { ValidationReport } from './report.ts';
import { unitsInScope, type ExportScope } from './workbook-json.ts';
import { cellKey, CITY } from '../model/value.ts';
import { unitLabel, type UnitLevel } from '../model/units.ts';

/** With several reporting units: one data sheet per level (the city, the counties, the schools). */
const LEVEL_SHEETS: Record<Lang, Record<UnitLevel, string>> = {
  zh: { city: '全市', county: '县（市、区）', school: '学校' },
  en: { city: 'City', county: 'Counties', school: 'Schools' },
};

const FINDINGS_HEADER: Record<Lang, string[]> = {
  zh: ['状态', UNIT_HEADER.zh, '规则', '类型', '表达式', '严重程度', '年份', '结果', '应为', '实际', '差额', '单元格', '说明'],
  en: ['status', UNIT_HEADER.en, 'rule', 'kind', 'expression', 'severity', 'period', 'outcome', 'expected', 'actual', 'difference', 'cells', 'message'],
};
const SHEET_NAMES: Record<Lang, [string, string]> = { zh: ['数据', '核查结果'], en: ['Data', 'Findings'] };
/** The author Excel shows on the notes written as cell comments. */
const COMMENT_AUTHOR: Record<Lang, string> = { zh: '教育统计工作簿', en: 'Education statistics workbook' };
/** A fixed creation date keeps the written file a function of the workbook alone. */
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

/** Units whose figures are not grouped by thousands (a share, a ratio, a rank read as they are). */
const UNGROUPED_UNITS = new Set(['percent', 'ratio', 'rank', 'score']);

/**
 * The Excel number format of a numeric cell: thousands grouping for counts and money, none for
 * percentages, ratios, ranks and scores, and always the decimals the figure was published with
 * (its raw text), so the cell shows what was entered: 934 → "934", 12345 人 → "12,345", 45.6 % → "45.6".
 * A spreadsheet (and any other reader) shows the grouped form; our import reads it back as "12345".
 */
export function numberFormat(unitId: string, raw: string): string {
  const dot = raw.indexOf('.');
  const decimals = dot < 0 ? 0 : raw.length - dot - 1;
  const places = decimals ? `.${'0'.repeat(decimals)}` : '';
  // the grouped form is written with an explicit negative section: it shows as "#,##0" does, and tells
  // our own import (OWN_GROUPED_FORMAT) to read the figure back ungrouped, as it was entered
  return UNGROUPED_UNITS.has(unitId) ? `0${places}` : `#,##0${places};-#,##0${places}`;
}

/** How wide a text shows in a spreadsheet, in character widths (CJK and full-width forms count two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** Column widths (`wch`) fitted to the widest cell of each column, from `min` to `max` characters. */
function fitWidths(rows: (string | number)[][], skipRows: number, min = 6, max = 50): { wch: number }[] {
  const width: number[] = [];
  rows.forEach((row, r) => {
    if (r < skipRows) return;
    row.forEach((v, c) => {
      const text = typeof v === 'number' ? v.toLocaleString('en') : v;
      width[c] = Math.max(width[c] ?? 0, displayWidth(text));
    });
  });
  return Array.from(width, (w) => ({ wch: Math.min(max, Math.max(min, (w ?? 0) + 2)) }));
}

/**
 * SheetJS community writes no frozen panes (its sheetView carries only right-to-left), so the pane is
 * added to the written sheet XML: rows above `rows` and columns left of `cols` stay in view
 * (ECMA-376 §18.3.1.66 pane, state "frozen"). The zip is re-written with SheetJS's own CFB writer.
 */
function freezePanes(XLSX: typeof import('@e965/xlsx'), bytes: Uint8Array, sheets: { path: string; rows: number; cols: number }[]): Uint8Array {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  for (const s of sheets) {
    const entry = XLSX.CFB.find(zip, `/${s.path}`);
    if (!entry?.content) throw new Error(`freezePanes: ${s.path} is not in the written file`);
    const xml = new TextDecoder().decode(entry.content as Uint8Array);
    const topLeft = `${columnLetter(s.cols)}${s.rows + 1}`;
    const active = s.cols && s.rows ? 'bottomRight' : s.rows ? 'bottomLeft' : 'topRight';
    const attrs = `${s.cols ? ` xSplit="${s.cols}"` : ''}${s.rows ? ` ySplit="${s.rows}"` : ''} topLeftCell="${topLeft}" activePane="${active}" state="frozen"`;
    const pane = `<pane${attrs}/><selection pane="${active}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
    const next = xml.replace(/<sheetView\b([^>]*?)\/>/, (_m, a: string) => `<sheetView${a}>${pane}</sheetView>`);
    if (next === xml) throw new Error(`freezePanes: no sheetView in ${s.path}`);
    entry.content = new TextEncoder().encode(next) as unknown as typeof entry.content;
    entry.size = (entry.content as Uint8Array).length;
  }
  return new Uint8Array(XLSX.CFB.write(zip, { fileType: 'zip', type: 'array', compression: true }) as ArrayBuffer);
}

/**
 * The workbook as an XLSX file a person can hand on. The data sheet: a title row, the header, section
 * rows, indicator rows with units; a raw text that is a plain number is a numeric cell with a number
 * format by unit (numberFormat), anything else text exactly as entered (text cells are never formulas
 * in XLSX, so nothing needs neutralising); then a status column (✖ 错误 / ▲ 警告 / △ 已说明 — SheetJS
 * community writes no cell colours, so failing rows are marked by symbol and word) and the findings.
 * Column widths fit the contents; the title, header and the id/name columns are frozen. A figure's note
 * and follow-up flag are a cell comment (Excel's note, shown on hover) on the figure's cell.
 * With a validation report, a second sheet lists the checks: counts first, then errors, warnings,
 * explained warnings, and after them the not-computable outcomes as a collapsed outline group.
 * SheetJS is imported on demand so it stays out of the app's initial bundle.
 */
export async function workbookToXlsx(wb: Workbook, lang: Lang = 'zh', validation?: ValidationReport, fitter: CellFitter = new CellFitter(lang), scope?: ExportScope): Promise<Uint8Array> {
  const XLSX = await import('@e965/xlsx');
  /** Text over Excel's cell limit is cut with a note (SheetJS would throw), each cut listed in `fitter.notes`. */
  const fit = (sheet: string, rows: (string | number)[][], nameCol = 0) =>
    rows.map((row, r) =>
      row.map((v, c) =>
        typeof v === 'string'
          ? fitter.fit(v, () => ({
              zh: `工作表“${sheet}”第 ${r + 1} 行 ${columnLetter(c)} 列${row[nameCol] ? `（${row[nameCol]}）` : ''}`,
              en: `sheet "${sheet}", row ${r + 1}, column ${columnLetter(c)}${row[nameCol] ? ` (${row[nameCol]})` : ''}`,
            }))
          : v,
      ),
    );
  const book = XLSX.utils.book_new();
  book.Props = { CreatedDate: FIXED_DATE, ModifiedDate: FIXED_DATE } as typeof book.Props;
  /** One data sheet: a title row, the header, then each unit's table (with a first 填报单位 column when `named`). */
  const dataSheet = (name: string, units: { id: string; name: string }[], named: boolean) => {
    const off = named ? 1 : 0;
    const table = exportTable(wb, lang);
    const header = [...(named ? [UNIT_HEADER[lang]] : []), ...table.header, ...STATUS_HEADER[lang]];
    const aoa: (string | number)[][] = [[table.title], header];
    const formats: { r: number; c: number; z: string }[] = [];
    const comments: { r: number; c: number; text: string }[] = [];
    for (const u of units) {
      const findings = findingsByIndicator(named ? reportSlice(validation, u.id) : validation, lang);
      for (const r of exportTable(wb, lang, u.id).rows) {
        if (r.type === 'section') {
          aoa.push([...(named ? [u.name] : []), '', r.label]);
          continue;
        }
        table.periods.forEach((p, i) => {
          const text = annotationText(wb, cellKey(r.id, p, u.id), lang);
          if (text) comments.push({ r: aoa.length, c: off + 3 + i, text });
        });
        r.cells.forEach((c, i) => {
          if (c.plain && c.n !== undefined) formats.push({ r: aoa.length, c: off + 3 + i, z: numberFormat(r.unitId, c.raw) });
        });
        aoa.push([...(named ? [u.name] : []), r.id, r.label, r.unit, ...r.cells.map((c) => (c.plain && c.n !== undefined ? c.n : c.raw)), ...statusCells(findings.get(r.id), lang)]);
      }
    }
    const fitted = fit(name, aoa, off);
    const sheet = XLSX.utils.aoa_to_sheet(fitted);
    for (const f of formats) sheet[XLSX.utils.encode_cell({ r: f.r, c: f.c })].z = f.z;
    // notes (and follow-up flags) as real cell comments: SheetJS writes the comments part, the VML drawing and the legacyDrawing link Excel needs
    for (const n of comments) {
      const ref = XLSX.utils.encode_cell({ r: n.r, c: n.c });
      const cell = (sheet[ref] ??= { t: 'z' }) as import('@e965/xlsx').CellObject;
      const text = fitter.fit(n.text, () => ({ zh: `批注 ${ref}`, en: `comment ${ref}` }));
      cell.c = Object.assign([{ a: COMMENT_AUTHOR[lang], t: text }], { hidden: true });
    }
    sheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: Math.max(0, header.length - 1) } }];
    const widths = fitWidths(fitted, 1);
    widths[header.length - 1] = { wch: Math.min(80, Math.max(widths[header.length - 1]?.wch ?? 0, 12)) };
    sheet['!cols'] = widths;
    XLSX.utils.book_append_sheet(book, sheet, name);
    return off + 2;
  };
  const frozen: number[] = [];
  if (wb.units.size > 1 || scope) {
    const only = unitsInScope(wb, scope);
    for (const level of ['city', 'county', 'school'] as const) {
      const units = wb.units.atLevel(level).filter((u) => only.has(u.id));
      if (units.length) frozen.push(dataSheet(LEVEL_SHEETS[lang][level], units.map((u) => ({ id: u.id, name: unitLabel(u, lang) })), true));
    }
  } else frozen.push(dataSheet(SHEET_NAMES[lang][0], [{ id: CITY, name: '' }], false));

  if (validation) {
    const checks: { status: RowStatus; row: (string | number)[] }[] = [];
    // the city's rules, every other unit's, then the roll-ups (their cells name the unit: indicator@period#unit)
    const parts = [{ unit: CITY, rules: validation.rules, values: validation.values }, ...(validation.units ?? []), ...(validation.rollup ?? [])];
    // the unit each check is about (a roll-up's: its parent), named in the file's language (the Chinese name when it has no other)
    const unitName = (id: string) => {
      const u = wb.units.get(id);
      return u ? unitLabel(u, lang) : id;
    };
    for (const part of parts) {
      for (const rule of part.rules) {
        for (const o of rule.outcomes) {
          if (o.outcome === 'passed') continue;
          const status = outcomeStatus(o.outcome, rule.severity, o.explanation !== undefined);
          checks.push({
            status,
            row: [STATUS_LABEL[lang][status], unitName(part.unit), rule.id, rule.kind, rule.expression, rule.severity, o.period, o.outcome, o.expected ?? '', o.actual ?? '', o.difference ?? '', o.cells.join(' '), o.message ? o.message[lang] : ''],
          });
        }
      }
    }
    for (const part of parts) {
      for (const v of part.values ?? []) {
        const status = outcomeStatus(v.outcome, v.severity, false);
        checks.push({ status, row: [STATUS_LABEL[lang][status], unitName(part.unit), 'value', 'value', v.code, v.severity, v.period, v.outcome, '', '', '', cellKey(v.indicator, v.period, part.unit), v.message[lang]] });
      }
    }
    // stable: within one status the report's order (rule order, then period) is kept
    checks.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
    const c = validation.counts;
    const rows: (string | number)[][] = [
      [lang === 'zh' ? `有效：${validation.valid ? '是' : '否'}` : `valid: ${validation.valid}`, `error ${c.error}`, `warning ${c.warning}`, `not computable ${c.notComputable}`, `passed ${c.passed}`],
      FINDINGS_HEADER[lang],
    ];
    const outline: { level?: number; hidden?: boolean }[] = [{}, {}];
    const failed = checks.filter((x) => x.status !== 'not_computable');
    const rest = checks.filter((x) => x.status === 'not_computable');
    for (const x of failed) {
      rows.push(x.row);
      outline.push({});
    }
    if (rest.length) {
      rows.push([
        lang === 'zh'
          ? `无法核查（缺少数据）：${rest.length} 条，已折叠在下方，点左侧“+”展开`
          : `not computable (figures missing): ${rest.length}, collapsed below; click "+" on the left to expand`,
      ]);
      outline.push({});
      for (const x of rest) {
        rows.push(x.row);
        outline.push({ level: 1, hidden: true });
      }
    }
    const fittedChecks = fit(SHEET_NAMES[lang][1], rows, 1);
    const checksSheet = XLSX.utils.aoa_to_sheet(fittedChecks);
    checksSheet['!cols'] = fitWidths(fittedChecks, 1, 6, 60);
    checksSheet['!rows'] = outline;
    XLSX.utils.book_append_sheet(book, checksSheet, SHEET_NAMES[lang][1]);
  }
  // written uncompressed: freezePanes unzips, edits and compresses it once
  const out = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer;
  const panes = frozen.map((cols, i) => ({ path: `xl/worksheets/sheet${i + 1}.xml`, rows: 2, cols }));
  if (validation) panes.push({ path: `xl/worksheets/sheet${frozen.length + 1}.xml`, rows: 2, cols: 0 });
  return freezePanes(XLSX, new Uint8Array(out), panes);
}
