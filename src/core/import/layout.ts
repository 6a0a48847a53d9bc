import { columnLetter, issue, type ImportIssue } from './issues.ts';
import { IMPORT_LIMITS } from './limits.ts';
import { fillMerges, type SheetTable } from './table.ts';
import type { UnitTree } from '../model/units.ts';
import { UnitIndex, unitsOfName } from './unit-of-file.ts';

/**
 * How figures are laid out in a table sent in:
 * - wide: a row per indicator, a column per year (header "指标 | 2019年 | 2020年");
 * - long: a row per figure, with indicator, year and value columns ("指标 | 年份 | 数值");
 * - label-value: a row per indicator and one value column, all for one year the user picks;
 * - by-unit: a row per indicator and a column per reporting unit ("指标 | 东平县 | 宁阳县"), one year
 *   (from the title, or picked) — the "各县（市、区）" table.
 * - unit-rows: a row per reporting unit and a column per indicator ("地区 | 学校数 | 在校学生数"), the
 *   yearbook's "各县（市、区）…情况" table; read by unit-rows.ts.
 * Long and label-value tables may also have a column naming each row's reporting unit (单位名称, 地区,
 * 县（市、区）): each figure then carries that unit's name (FigureRecord.reportingUnit).
 */
export type LayoutKind = 'wide' | 'long' | 'label-value' | 'by-unit' | 'unit-rows';

/** One figure found in a table, with the place it came from. */
export interface FigureRecord {
  /** 1-based row as in the file. */
  row: number;
  /** The name's line (LayoutLine.row) when it is not `row`: a table with indicators as columns (unit-rows). */
  line?: number;
  /** Column letter of the value. */
  column: string;
  /** The indicator's name as written in the label column (trimmed). */
  label: string;
  /** The indicator id from an id column, when the table has one. */
  sourceId?: string;
  period: string;
  /** The value as written (trimmed). */
  raw: string;
  /** The row's entry in a unit column ("万元"), when the table has one. */
  unit?: string;
  /**
   * The reporting unit the figure belongs to, as the file names it: the row's entry in a unit-name column
   * (long / label-value) or the column's header (by-unit). Absent: the file's unit (see unit-of-file.ts).
   */
  reportingUnit?: string;
}

/** Where the year of a label + value table came from (the year box / --period is the fallback). */
export type PeriodSource = 'option' | 'title' | 'sheet' | 'file';

/** A row of the table in file order, with or without figures (headings give context to the rows under them). */
export interface LayoutLine {
  /** The row; for an indicator written as a column header (unit-rows), a line number past the table's rows. */
  row: number;
  /** The column an indicator is written in (unit-rows tables). */
  column?: string;
  label: string;
  sourceId?: string;
  unit?: string;
  hasValues: boolean;
}

export interface LayoutResult {
  layout: LayoutKind | null;
  /** Every labelled row under the header in file order, group headings included (for matching in context). */
  lines: LayoutLine[];
  /** Label + value tables: where the year was found. */
  periodSource?: PeriodSource;
  /** 1-based header row, or null when the table has none (label-value without header). */
  headerRow: number | null;
  labelColumn: string | null;
  /** The column naming each row's reporting unit (long / label-value tables that have one). */
  unitColumn?: string;
  /** Unit-rows tables: what each unit name of the unit column is (a unit, a total, a subtotal …) and its code. */
  unitRows?: Map<string, import('./unit-rows.ts').UnitRowInfo>;
  /** Periods in the table, ascending. */
  periods: string[];
  records: FigureRecord[];
  issues: ImportIssue[];
}

export interface LayoutOptions {
  /** The year of a label-value table (required for that layout; ignored by the others). */
  period?: string;
  /** The workbook's reporting units: a header naming two or more of them makes a by-unit table. */
  units?: UnitTree;
  /** An index over `units` the caller already built (one per file, not one per step). */
  unitIndex?: UnitIndex;
}

type Role = 'label' | 'id' | 'unit' | 'period' | 'value' | 'seq' | 'note' | 'org';

const ROLE_WORDS: [Role, string[]][] = [
  ['label', ['指标', '指标名称', '项目', '项目名称', '名称', '统计指标', '指标项', '统计项目', 'indicator', 'label', 'name', 'item']],
  ['id', ['编号', '代码', '指标代码', '指标编号', '指标id', 'id', 'indicatorid', 'code']],
  ['unit', ['单位', '计量单位', 'unit']],
  ['period', ['年份', '年度', '年', '时期', '统计年度', 'year', 'period']],
  ['value', ['数值', '值', '数据', '数量', '统计值', '指标值', 'value']],
  ['seq', ['序号', 'no', 'no.', '#']],
  ['note', ['备注', '说明', 'note', 'notes', 'remark', 'source', '来源']],
];
const ROLE_OF = new Map<string, Role>();
for (const [role, words] of ROLE_WORDS) for (const w of words) ROLE_OF.set(w, role);

/** Headers of a column naming each row's reporting unit (brackets and spaces ignored: "县（市、区）", "地 区 Region"). */
const ORG_WORDS = new Set([
  '地区', '地区名称', '单位名称', '填报单位', '报送单位', '区县', '县区', '县市区', '县区市', '市县区', '各县市区', '县市', '区划', '区划名称',
  '行政区划', '行政区划名称', '区域', '学校名称', '地区region', 'region', 'district', 'county', 'unitname', 'reportingunit',
]);
export function isOrgHeader(cell: string): boolean {
  return ORG_WORDS.has(cell.normalize('NFKC').toLowerCase().replace(/[\s()（）[\]【】、,，/]+/g, ''));
}
/** A measurement unit as a unit column holds it ("所", "万人", "%", "—"): a column of other names is a unit-name column. */
const MEASURE_RE = /^(?:百万|千万|千|万|亿)?(?:所|人|个|元|%|百分比|百分点|比率|比例|公顷|平方公里|公里|千米|人民币元|人次|项|亩|名|班|平方米|㎡|m2|册|台|间|座|校|套|件|次|门|本|辆|倍|比值|岁|年|月|天|小时|学时|-|—|\/)?$/;

/** Header text reduced for comparison: width, case, spaces, a trailing "(单位)" group. */
function headerKey(cell: string): string {
  return cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[([【〔][^()[\]【】〔〕]*[)\]】〕]$/, '');
}

const YEAR_RE = /^((?:19|20)\d{2})(?:年度?|年)?(?:数值|值|数据|数)?$/;

/** The year a cell names ("2019", "2019年", "2019年度", "２０１９"), or null. */
export function parsePeriod(cell: string): string | null {
  const m = YEAR_RE.exec(headerKey(cell));
  return m ? m[1] : null;
}

/** How notes under a table start ("注：", "注1.", "说明：", "数据来源…"); "注册学生数" is not one. */
export const NOTE_RE = /^(注\s*[:：0-9０-９①-⑳、.]|注$|说明[:：]|备注|数据来源|资料来源|填表|制表|审核|负责人|notes?\b|source\b)/i;

function nonEmpty(row: readonly string[] | undefined): number {
  let n = 0;
  for (const c of row ?? []) if (c.trim() !== '') n++;
  return n;
}

/**
 * How much a row looks like a header: 2 per distinct year cell, 1 per header word. Years weigh more so
 * that in a two-row header ("指标 | 数据" over "2019年 | 2020年") the row naming the years wins.
 * Rows with fewer than 2 filled cells (titles) and rows holding a figure that is not a year (data) score 0.
 */
export function headerScore(row: readonly string[]): number {
  if (nonEmpty(row) < 2) return 0;
  const years = new Set<string>();
  let words = 0;
  for (const c of row) {
    if (c.trim() === '') continue;
    const y = parsePeriod(c);
    if (y !== null) years.add(y);
    else if (ROLE_OF.has(headerKey(c))) words++;
    else if (isFigure(c)) return 0;
  }
  // a heading word counts as much as a year: a data row whose figures look like years (2016, 2079)
  // must not outscore the header above it ("指标,年份,数值", or "指标" and the years)
  return 2 * years.size + 2 * words;
}

/** The 0-based index of the header row among the first rows (highest score, earliest on ties), or -1. */
export function findHeaderRow(table: SheetTable, searchRows: number = IMPORT_LIMITS.headerSearchRows): number {
  const filled = fillMerges(table, searchRows - 1);
  let best = -1;
  let bestScore = 0;
  for (let r = 0; r < Math.min(filled.length, searchRows); r++) {
    const s = headerScore(filled[r]);
    if (s > bestScore) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

const NUMERIC_RE = /^[\s约近逾超过不足到大接]*[-+]?[\d０-９,，.．]+/;

function isNumericish(cell: string): boolean {
  return NUMERIC_RE.test(cell) || /^[—–\-―/]+$/.test(cell.trim());
}

/** A whole cell that is a figure ("934", "541,261", "98.23%", "1.6万", "1:14.7"), not a heading that starts with digits. */
const FIGURE_RE = /^(?:约|近|逾)?[-+]?[\d０-９][\d０-９,，.．]*(?:%|％|万|亿)?(?:以上|左右|余)?$|^\d+(?:\.\d+)?[:：]\d+(?:\.\d+)?$/;
export function isFigure(cell: string): boolean {
  return FIGURE_RE.test(cell.replace(/\s/g, ''));
}

/** Finds the layout of a table and lists its figures; bad data is returned as issues, never thrown. */
export function detectLayout(table: SheetTable, file: string, opts: LayoutOptions = {}): LayoutResult {
  const issues: ImportIssue[] = [];
  const sheet = table.name === file ? undefined : table.name;
  const result: LayoutResult = { layout: null, lines: [], headerRow: null, labelColumn: null, periods: [], records: [], issues };
  if (table.rows.every((r) => nonEmpty(r) === 0)) {
    issues.push(issue('empty-file', 'error', file, { sheet }, '表格是空的', 'the table is empty'));
    return result;
  }
  if (opts.period !== undefined && parsePeriod(opts.period) === null) {
    throw new Error(`period must be a 4-digit year, got "${opts.period}"`);
  }
  const h = findHeaderRow(table);
  const filled = h >= 0 ? fillMerges(table, h) : table.rows;

  let header: string[] = [];
  let dataStart = 0;
  if (h >= 0) {
    header = filled[h];
    // Header cells merged downwards (e.g. "指标" over two header rows) continue the header.
    dataStart = h + 1;
    for (const m of table.merges) if (m.r0 <= h && m.r1 >= h) dataStart = Math.max(dataStart, m.r1 + 1);
  } else {
    dataStart = table.rows.findIndex((r) => nonEmpty(r) >= 2);
    if (dataStart < 0 || opts.period === undefined) {
      issues.push(
        issue(
          'no-table',
          'error',
          file,
          { sheet },
          '找不到表头行：应有一行包含年份（如 2019、2019年）或“指标”“数值”等列名',
          'no header row found: one row should hold years (e.g. 2019, 2019年) or column names such as 指标 (indicator) and 数值 (value)',
        ),
      );
      return result;
    }
  }
  result.headerRow = h >= 0 ? h + 1 : null;

  const roles = new Map<number, Role>();
  const yearCols = new Map<number, string>();
  header.forEach((cell, c) => {
    if (cell.trim() === '') return;
    const p = parsePeriod(cell);
    if (p !== null) yearCols.set(c, p);
    else if (isOrgHeader(cell)) {
      if (![...roles.values()].includes('org')) roles.set(c, 'org');
    } else {
      const role = ROLE_OF.get(headerKey(cell));
      if (role && ![...roles.values()].includes(role)) roles.set(c, role);
    }
  });
  // A header of several rows: the years may sit in a lower header row (under a merged "数值" / "主要指标"),
  // or in the row right under the one found, when that row holds years and nothing else.
  if (h >= 0 && yearCols.size === 0) {
    const lastHeaderRow = Math.min(dataStart, filled.length - 1);
    for (let r = h + 1; r <= lastHeaderRow; r++) {
      const row = r < dataStart ? filled[r] : table.rows[r];
      const years = new Map<number, string>();
      let other = false;
      row.forEach((cell, c) => {
        const role = roles.get(c);
        if (cell.trim() === '' || (role !== undefined && role !== 'value')) return;
        const p = parsePeriod(cell);
        if (p !== null) years.set(c, p);
        else if (isFigure(cell)) other = true;
      });
      if (years.size === 0 || other) continue;
      for (const [c, p] of years) {
        yearCols.set(c, p);
        roles.delete(c); // "数值" over "2021年": the column holds that year's values
      }
      header = header.map((cell, c) => (years.has(c) ? row[c] : cell));
      for (let c = header.length; c < row.length; c++) header.push(row[c]);
      dataStart = Math.max(dataStart, r + 1);
      break;
    }
  }
  const colOf = (role: Role) => [...roles].find(([, r]) => r === role)?.[0];

  let layout: LayoutKind;
  let valueCol: number | undefined;
  const periodCol = colOf('period');
  if (yearCols.size > 0) layout = 'wide';
  else if (periodCol !== undefined) layout = 'long';
  else layout = 'label-value';

  const dataRows: number[] = [];
  for (let r = dataStart; r < table.rows.length; r++) {
    const row = table.rows[r];
    if (nonEmpty(row) === 0) continue;
    const firstAt = row.findIndex((c) => c.trim() !== '');
    // A note ends the table: everything below it is left out. A row with figures is never a note.
    if (NOTE_RE.test(row[firstAt].trim()) && !row.some((c, i) => i !== firstAt && isFigure(c))) break;
    dataRows.push(r);
  }

  // "单位" over names (东平县, 宁阳县) rather than 所 / 人 is the reporting unit's column
  const sample = dataRows.slice(0, 50);
  let unitIndex: UnitIndex | undefined = opts.unitIndex;
  const lookup = (units: UnitTree) => (unitIndex ??= new UnitIndex(units));
  const unitRole = colOf('unit');
  if (unitRole !== undefined && colOf('org') === undefined) {
    let names = 0;
    let measures = 0;
    for (const r of sample) {
      const v = (table.rows[r][unitRole] ?? '').normalize('NFKC').replace(/\s/g, '');
      if (v === '') continue;
      // a name is Chinese (东平县) or one of the workbook's units; "unit" / "person" are measurement units
      if (!MEASURE_RE.test(v) && (/[\u4e00-\u9fff]{2}/.test(v) || (opts.units && unitsOfName(lookup(opts.units), v).length > 0))) names++;
      else measures++;
    }
    if (names > measures) roles.set(unitRole, 'org');
  }
  // a column headed like a unit column (县（市）) but holding figures is a by-unit table's subtotal column, not the units' names
  const orgHeaded = colOf('org');
  if (orgHeaded !== undefined) {
    let num = 0;
    let text = 0;
    for (const r of sample) {
      const v = (table.rows[r][orgHeaded] ?? '').trim();
      if (v === '') continue;
      if (isNumericish(v)) num++;
      else text++;
    }
    if (num > text) roles.delete(orgHeaded);
  }
  const orgCol = colOf('org');
  if (orgCol !== undefined) result.unitColumn = columnLetter(orgCol);
  // A header naming two or more reporting units (and no years): a column per unit. Its other unnamed
  // header cells over figures ("合计", a unit not in the tree) are unit columns too, resolved later.
  const unitCols = new Map<number, string>();
  if (yearCols.size === 0 && periodCol === undefined && orgCol === undefined && opts.units && opts.units.size > 1) {
    let named = 0;
    const index = lookup(opts.units);
    header.forEach((cell, c) => {
      if (cell.trim() === '' || roles.has(c)) return;
      let text = 0;
      let num = 0;
      for (const r of sample) {
        const v = (table.rows[r][c] ?? '').trim();
        if (v === '') continue;
        if (isNumericish(v)) num++;
        else text++;
      }
      if (num === 0 || text > num) return;
      unitCols.set(c, cell.trim());
      if (unitsOfName(index, cell).length === 1) named++;
    });
    if (named >= 2) layout = 'by-unit';
    else unitCols.clear();
  }

  // The label column: named in the header, else the first unassigned column holding mostly text.
  let labelCol = colOf('label');
  const idCol = colOf('id');
  const unitCol = colOf('unit');
  if (labelCol === undefined) {
    const taken = new Set<number>([...yearCols.keys(), ...roles.keys(), ...unitCols.keys()]);
    const width = Math.max(header.length, ...dataRows.slice(0, 50).map((r) => table.rows[r].length));
    for (let c = 0; c < width && labelCol === undefined; c++) {
      if (taken.has(c)) continue;
      let text = 0;
      let num = 0;
      for (const r of dataRows.slice(0, 50)) {
        const v = (table.rows[r][c] ?? '').trim();
        if (v === '') continue;
        if (isNumericish(v)) num++;
        else text++;
      }
      if (text > num) labelCol = c;
    }
    if (labelCol === undefined && idCol !== undefined) labelCol = idCol;
  }
  if (labelCol === undefined) {
    issues.push(
      issue('no-label-column', 'error', file, { sheet, row: result.headerRow ?? undefined }, '找不到指标名称所在的列', 'no column holds the indicator names'),
    );
    return result;
  }
  result.labelColumn = columnLetter(labelCol);

  if (layout === 'long' || layout === 'label-value') {
    valueCol = colOf('value');
    if (valueCol === undefined) {
      // Else the first column after the label that is not otherwise assigned and holds figures.
      const taken = new Set<number>([labelCol, ...roles.keys()]);
      const width = Math.max(header.length, ...dataRows.slice(0, 50).map((r) => table.rows[r].length));
      for (let c = 0; c < width && valueCol === undefined; c++) {
        if (taken.has(c)) continue;
        if (dataRows.slice(0, 50).some((r) => (table.rows[r][c] ?? '').trim() !== '')) valueCol = c;
      }
    }
    if (valueCol === undefined) {
      issues.push(
        issue('no-value-column', 'error', file, { sheet, row: result.headerRow ?? undefined }, '找不到数值所在的列', 'no column holds the values'),
      );
      return result;
    }
  }
  const oneYear = layout === 'label-value' || layout === 'by-unit';
  let period = opts.period;
  if (period !== undefined) result.periodSource = 'option';
  else if (oneYear) {
    const found = findTableYear(table, file, h >= 0 ? h : dataRows[0] ?? 0);
    if (found) {
      period = found.period;
      result.periodSource = found.source;
    }
  }
  if (oneYear && period === undefined) {
    result.layout = layout;
    issues.push(
      layout === 'by-unit'
        ? issue('period-required', 'error', file, { sheet }, '表中没有年份：这是“指标 × 各单位”表，请选择这些数值所属的年份', 'the table has no year: it is an indicator × units table; choose the year these values belong to')
        : issue(
            'period-required',
            'error',
            file,
            { sheet },
            '表中没有年份：这是“指标 + 数值”表，请选择这些数值所属的年份',
            'the table has no year: it is an indicator + value table; choose the year these values belong to',
          ),
    );
    return result;
  }
  result.layout = layout;

  const headerWidth = h >= 0 ? lastFilled(header) + 1 : Infinity;
  const periods = new Set<string>();
  // a long table's year column holds a few texts on every row: each is read once
  const periodOf = new Map<string, string | null>();
  const letters: string[] = [];
  for (const r of dataRows) {
    const row = table.rows[r];
    const rowNo = r + 1;
    const extra = row.findIndex((c, i) => i >= headerWidth && c.trim() !== '');
    if (extra >= 0) {
      issues.push(
        issue(
          'row-too-wide',
          'error',
          file,
          { sheet, row: rowNo, column: columnLetter(extra) },
          `这一行有 ${lastFilled(row) + 1} 列，表头只有 ${headerWidth} 列（数字中的逗号是否没有加引号？）`,
          `this row has ${lastFilled(row) + 1} columns but the header has ${headerWidth} (a comma inside a number without quotes?)`,
          { width: lastFilled(row) + 1, headerWidth },
        ),
      );
      continue;
    }
    const label = (row[labelCol] ?? '').trim();
    const sourceId = idCol !== undefined && idCol !== labelCol ? (row[idCol] ?? '').trim() || undefined : undefined;
    const cells: { c: number; period: string; unit?: string }[] = [];
    if (layout === 'wide') for (const [c, p] of yearCols) cells.push({ c, period: p });
    else if (layout === 'by-unit') for (const [c, u] of unitCols) cells.push({ c, period: parsePeriod(period as string) as string, unit: u });
    else if (layout === 'long') {
      const pc = periodCol as number;
      const pText = (row[pc] ?? '').trim();
      let p = periodOf.get(pText);
      if (p === undefined) periodOf.set(pText, (p = parsePeriod(pText)));
      if (p === null) {
        if ((row[valueCol as number] ?? '').trim() !== '') {
          issues.push(
            issue('bad-period', 'error', file, { sheet, row: rowNo, column: columnLetter(pc) }, `“${pText}”不是年份（应为如 2020 或 2020年）`, `"${pText}" is not a year (expected e.g. 2020 or 2020年)`, {
              value: pText,
            }),
          );
        }
        continue;
      }
      cells.push({ c: valueCol as number, period: p });
    } else cells.push({ c: valueCol as number, period: parsePeriod(period as string) as string });

    const withValues = cells.filter(({ c }) => (row[c] ?? '').trim() !== '');
    const unitText = unitCol !== undefined ? (row[unitCol] ?? '').trim() : '';
    if (label !== '' || sourceId !== undefined) {
      const line: LayoutLine = { row: rowNo, label, hasValues: withValues.length > 0 };
      if (sourceId !== undefined) line.sourceId = sourceId;
      if (unitText) line.unit = unitText;
      result.lines.push(line);
    }
    if (withValues.length === 0) continue; // a section heading, a spacer, a row left blank: nothing to import
    if (label === '' && sourceId === undefined) {
      issues.push(
        issue('unmatched-row', 'warning', file, { sheet, row: rowNo, column: columnLetter(labelCol) }, '这一行有数值但没有指标名称，已跳过', 'this row has values but no indicator name; skipped'),
      );
      continue;
    }
    const orgText = orgCol === undefined ? undefined : orgOf(table, r, orgCol);
    if (orgText === '') {
      issues.push(
        issue('no-unit', 'warning', file, { sheet, row: rowNo, column: columnLetter(orgCol as number) }, '这一行有数值但没有填报单位名称，已跳过', 'this row has values but no reporting unit name; skipped'),
      );
      continue;
    }
    for (const { c, period, unit } of withValues) {
      periods.add(period);
      const rec: FigureRecord = { row: rowNo, column: (letters[c] ??= columnLetter(c)), label, period, raw: (row[c] ?? '').trim() };
      if (sourceId !== undefined) rec.sourceId = sourceId;
      if (unitText) rec.unit = unitText;
      const reporting = unit ?? orgText;
      if (reporting !== undefined) rec.reportingUnit = reporting;
      result.records.push(rec);
    }
  }
  result.periods = [...periods].sort();
  if (result.records.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push(
      issue('no-figures', 'error', file, { sheet, row: result.headerRow ?? undefined }, '表头下面没有任何数值', 'there are no figures under the header'),
    );
  }
  return result;
}

/** A row's unit name: its cell, or the value of a merged range over it ("东平县" merged down its rows). */
function orgOf(table: SheetTable, r: number, c: number): string {
  const v = (table.rows[r][c] ?? '').trim();
  if (v !== '') return v;
  const m = table.merges.find((x) => x.r0 < r && x.r1 >= r && x.c0 <= c && x.c1 >= c);
  return m ? (table.rows[m.r0][m.c0] ?? '').trim() : '';
}

function lastFilled(row: readonly string[]): number {
  for (let i = row.length - 1; i >= 0; i--) if (row[i].trim() !== '') return i;
  return -1;
}

const CN_DIGITS: Record<string, string> = { '〇': '0', '○': '0', 'Ｏ': '0', 'O': '0', '零': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };

/**
 * The one year a piece of text names, or null when it names none or several: "2021年", "2021年度",
 * "二〇二一年", "2021学年" and "2021-2022学年" (a school year counts as the year it starts: education
 * statistics of year N are taken at the start of school year N/N+1), or a bare 4-digit year standing alone
 * ("county_2021.csv"). Years are 1949–2099.
 */
export function yearInText(text: string): string | null {
  const s = text.normalize('NFKC').replace(/[〇○Ｏ零一二三四五六七八九]{4}(?=\s*年)/g, (m) => [...m].map((ch) => CN_DIGITS[ch] ?? ch).join(''));
  const found = new Set<string>();
  const schoolYear = /((?:19|20)\d{2})\s*[-–—/至~]\s*(?:19|20)?\d{2}\s*学年/g;
  let rest = s.replace(schoolYear, (_m, y: string) => {
    found.add(y);
    return ' ';
  });
  // a range of years ("2019-2021年", "2019至2021年") names several years, not one
  rest = rest.replace(/((?:19|20)\d{2})\s*[-–—~至到]\s*((?:19|20)\d{2})\s*年/g, (_m, a: string, b: string) => {
    found.add(a);
    found.add(b);
    return ' ';
  });
  rest = rest.replace(/((?:19|20)\d{2})\s*(?:年度?|学年)/g, (_m, y: string) => {
    found.add(y);
    return ' ';
  });
  if (found.size === 0) for (const m of rest.matchAll(/(?<![\d.])((?:19|20)\d{2})(?![\d.])/g)) found.add(m[1]);
  const years = [...found].filter((y) => Number(y) >= 1949);
  return years.length === 1 ? years[0] : null;
}

/**
 * The year of a table without year columns, where people put it: the title rows above the header, the
 * sheet name, the file name (in that order; a place naming two years is skipped).
 */
export function findTableYear(table: SheetTable, file: string, headerRow: number): { period: string; source: Exclude<PeriodSource, 'option'> } | null {
  const title = table.rows
    .slice(0, Math.max(0, headerRow))
    .map((r) => r.filter((c) => c.trim() !== '').join(' '))
    .join(' ');
  const fromTitle = yearInText(title);
  if (fromTitle) return { period: fromTitle, source: 'title' };
  if (table.name !== file) {
    const fromSheet = yearInText(table.name);
    if (fromSheet) return { period: fromSheet, source: 'sheet' };
  }
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{1,5}$/i, '');
  const fromFile = yearInText(base);
  return fromFile ? { period: fromFile, source: 'file' } : null;
}
