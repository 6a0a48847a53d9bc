/**
 * The yearbook's "各县（市、区）…情况" table: a row per reporting unit (全市 or 合计 first, then the districts
 * and counties, sometimes 市区 / 县 subtotal rows, 其中 rows and footnotes) and a column per indicator, often
 * under a header of two or three rows ("普通中学" over "学校数(所) | 在校学生数(人) | 专任教师", a "(所)" row, a
 * "#专任教师" under "教职工数"), the unit name in the first text column, sometimes with its code (in a column
 * of its own or in the cell). The year is in the title, a 年份 column, the sheet or the file name.
 *
 * `detectUnitRows` recognises the shape and lists its figures as a LayoutResult (layout 'unit-rows') for the
 * same matching, cells and preview as every other table: each column is a name to match (its header path
 * joined, the title's school type as context when the column names none), each row's unit a name for the
 * unit matcher (unit-of-file.ts). `resolveUnitRows` says which unit each row is: the code, else the name
 * (`unitsOfName`); a 合计 / 总计 row is the one parent every matched unit shares; a subtotal row (市区, 县合计,
 * 城区 …) and a 其中 row naming no unit are not units — they are reported and left out unless the user picks a
 * unit; anything else naming no unit, or several, is "not sure". Returns null when the table is not of this
 * shape (the other layouts then read it). Pure.
 */
import { columnLetter, issue, placeText, type ImportIssue } from './issues.ts';
import { findTableYear, isFigure, isOrgHeader, NOTE_RE, parsePeriod, type FigureRecord, type LayoutLine, type LayoutResult, type PeriodSource } from './layout.ts';
import { Vocabulary } from './structure.ts';
import type { MergeRange, SheetTable } from './table.ts';
import { UnitIndex, unitsOfName, type UnitLookup } from './unit-of-file.ts';
import { UnitTree } from '../model/units.ts';
import type { ReportingUnit } from '../model/units.ts';

/** What a unit-column entry is: a unit (to be found), the table's total, a subtotal or a 其中 row (not units). */
export type UnitRowRole = 'unit' | 'total' | 'subtotal' | 'part';

export interface UnitRowInfo {
  /** The name as written (the figures' `reportingUnit`). */
  text: string;
  /** The unit's code, from a code column or the cell ("441702 江城区", "江城区（441702）"). */
  code?: string;
  role: UnitRowRole;
  /** 1-based row where it first occurs. */
  row: number;
}

const HEADER_ROWS_MAX = 4;
/** How far down the first unit row is looked for (titles, notes on units, a header of several rows). */
const SEARCH_ROWS = 30;
/** Rows looked at to decide whether a table has this shape at all (a 225,000-row long table is not read twice). */
const SAMPLE_ROWS = 200;

const CODE_HEADER = /^(?:(?:行政)?区划)?(?:代码|编码|代号|编号)$|^code$/i;
const CODE_CELL = /^\d{4,12}$/;
const CODE_IN_NAME = /^(\d{6,12})\s*[-－、.．:：]?\s*(\D.*)$|^(\D.*?)\s*[(（[【]\s*(\d{6,12})\s*[)）\]】]$/;
const PERIOD_HEADER = /^(?:年份|年度|年|统计年度|year|period)$/i;
const NOTE_HEADER = /^(?:备注|说明|注|notes?|remarks?)$/i;
/** Dashes and dots yearbooks write for "none" or "not applicable" in a figure cell. */
const DASH = /^[—–\-―/…·.]+$|^－+$/;
/** The whole table's total: 合计, 总计, 全市合计, 全县, 全国 … (the name of the city itself is found as the root's name). */
const TOTAL = /^(?:全(?:市|县|区|省|国|盟|州)?(?:合计|总计|共计)?|合计|总计|共计|总计total|total|alltotal)$/i;
/** Groups of units that are no unit: 市区 / 城区 / 县 / 县（市）/ 农村 … with or without 小计 / 合计. */
const SUBTOTAL = /^(?:市区|城区|郊区|主城区|县区|区县|县市|县\(市\)|县\(市、区\)|各县|县|县级|县城|农村|乡村|镇区|城镇|乡镇|城市|市辖区|市本级)(?:小计|合计|总计|计)?$|.(?:小计|合计|总计|共计)$/;
const PART = /^(?:其中|内含|含|#|＃)\s*[:：]?\s*/;
/** A place name's last character (县, 区, 市, 旗, 镇, 乡, 街道): a unit column lists places. */
const PLACE_END = /(?:县|区|市|旗|镇|乡|街道|盟|州)$/;
/** A title naming a table by unit ("各县（市、区）", "分县区", "各地区"). */
const BY_UNIT_TITLE = /各县|分县|县[(（]?市[、,，]?区[)）]?|各区|各市|各地区|分地区|各乡镇|分乡镇|各学校|分学校/;
const ENGLISH_ONLY = /^[A-Za-z][A-Za-z0-9 .,'’&()\-/:#]*$/;
/** A unit written as a header part: "(所)", "（人）", "（计量单位：人）" or a bracket at the end of a name. */
const UNIT_BRACKET = /[(（[【]\s*(?:计量)?(?:单位\s*[:：]?)?\s*((?:百万|千万|千|万|亿)?(?:所|人|个|元|%|班|校|名|人次|间|册|台|平方米|亩|公顷))\s*[)）\]】]\s*$/;
/** A unit line over the table ("单位：万人", "计量单位：人"). Only a magnitude (万人, 千元) is applied to the columns. */
const UNIT_LINE = /^(?:计量)?单位\s*[:：]\s*((?:百万|千万|千|万|亿)?(?:所|人|个|元|人次))\s*$/;

let vocabulary: Vocabulary | undefined;
const voc = (): Vocabulary => (vocabulary ??= new Vocabulary());

const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');
const filledCount = (row: readonly string[] | undefined): number => (row ?? []).reduce((n, c) => (c.trim() !== '' ? n + 1 : n), 0);
const isFigureCell = (c: string): boolean => isFigure(c) || DASH.test(c.replace(/\s/g, ''));

/** The first rows with merged ranges filled in (only those: a long table is not copied). */
function topRows(table: SheetTable, upto: number): string[][] {
  const rows = table.rows.slice(0, upto).map((r) => [...r]);
  for (const m of table.merges) fillMerge(rows, table, m);
  return rows;
}
function fillMerge(rows: string[][], table: SheetTable, m: MergeRange): void {
  if (m.r0 >= rows.length) return;
  const v = table.rows[m.r0]?.[m.c0] ?? '';
  if (v === '') return;
  for (let r = m.r0; r <= Math.min(m.r1, rows.length - 1); r++) {
    for (let c = m.c0; c <= m.c1; c++) {
      while (rows[r].length <= c) rows[r].push('');
      if (rows[r][c] === '') rows[r][c] = v;
    }
  }
}

/** A cell's reading as a data row sees it: text (a name), a figure or empty. */
function kindOf(cell: string | undefined): 'text' | 'figure' | 'empty' {
  const c = (cell ?? '').trim();
  if (c === '') return 'empty';
  return isFigureCell(c) ? 'figure' : 'text';
}

/** The name column of a data row: its first text cell, with figures to its right and (almost) no other text. */
function dataRowName(row: readonly string[]): number | null {
  let name = -1;
  let figures = 0;
  let texts = 0;
  for (let c = 0; c < row.length; c++) {
    const k = kindOf(row[c]);
    if (k === 'empty') continue;
    if (name < 0) {
      if (k === 'text') name = c;
      continue; // a code left of the name is a figure-like cell
    }
    if (k === 'figure') figures++;
    else texts++;
  }
  return name >= 0 && figures >= 1 && texts <= Math.max(1, figures / 5) ? name : null;
}

/** A header part cleaned: its unit taken out ("学校数(所)" → 学校数 + 所); English-only parts dropped. */
function headerPart(text: string): { text: string; unit?: string } | null {
  let s = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (s === '' || ENGLISH_ONLY.test(s)) return null;
  // a bilingual cell ("学校数 Schools"): the Chinese part
  if (/[\u4e00-\u9fff]/.test(s)) s = s.replace(/\s+[A-Za-z][A-Za-z0-9 .,'’&\-/]*$/, '').trim();
  const u = UNIT_BRACKET.exec(s);
  if (u) {
    const rest = s.slice(0, u.index).trim();
    return rest ? { text: rest, unit: u[1] } : { text: '', unit: u[1] };
  }
  return { text: s };
}

/**
 * The school type (subject) and what is counted (measure) a title names, each when it names exactly one:
 * "各县（市、区）普通小学基本情况" → 普通小学; "分地区普通中学在校学生数" → 普通中学 and 在校学生数.
 */
function titleContext(title: string): { subject: string | null; measure: string | null } {
  const v = voc();
  const s = norm(title).replace(/(?:19|20)\d{2}(?:年度?|学年)?/g, '|');
  const subjects = new Map<string, string>();
  const measures = new Map<string, string>();
  for (const frag of s.split(/[|，,、（）()：:]/)) {
    for (let i = 0; i < frag.length; i++) {
      for (let j = frag.length; j > i + 1; j--) {
        const sub = frag.slice(i, j);
        const r = v.read(v.clean(sub).text);
        if (!r || (r.subject === null) === (r.measure === null)) continue;
        const [found, id] = r.subject !== null ? [subjects, r.subject] : [measures, r.measure!];
        if (!found.has(id) || found.get(id)!.length < sub.length) found.set(id, sub);
        i = j - 1;
        break;
      }
    }
  }
  const one = (m: Map<string, string>) => (m.size === 1 ? [...m.values()][0] : null);
  return { subject: one(subjects), measure: one(measures) };
}

/** A column's name from its header path: parts joined with "·"; a 其中 part ("#专任教师") stands for itself when it reads alone. */
function columnLabel(parts: string[]): string {
  const list = parts.filter((p, i) => p !== '' && p !== parts[i - 1]);
  if (list.length === 0) return '';
  const last = list[list.length - 1];
  if (list.length > 1 && PART.test(last)) {
    const own = last.replace(PART, '');
    const v = voc();
    const r = v.read(v.clean(own).text);
    if (r && r.measure !== null) {
      // keep the parts that name a school type ("普通中学" over "教职工数" over "#专任教师"), not the measure it is part of
      const subjects = list.slice(0, -1).filter((p) => {
        const q = v.read(v.clean(p).text);
        return q !== null && q.subject !== null && q.measure === null;
      });
      return [...subjects, own].join('·');
    }
  }
  return list.join('·');
}

/** What a unit-column entry is, before the tree is asked: a 其中 / subtotal / total row, or a unit. */
function roleOf(name: string): UnitRowRole {
  // "合计 Total": the Chinese part
  const zh = /[\u4e00-\u9fff]/.test(name) ? name.replace(/\s+[A-Za-z][A-Za-z .'’&-]*$/, '') : name;
  const n = norm(zh).replace(/[（]/g, '(').replace(/[）]/g, ')');
  if (TOTAL.test(n)) return 'total';
  if (PART.test(n)) return 'part';
  if (SUBTOTAL.test(n)) return 'subtotal';
  return 'unit';
}

/** Splits a code written in the name cell off the name. */
function splitCode(cell: string): { name: string; code?: string } {
  const s = cell.trim();
  const m = CODE_IN_NAME.exec(s.normalize('NFKC'));
  if (!m) return { name: s };
  return m[1] !== undefined ? { name: m[2].trim(), code: m[1] } : { name: m[3].trim(), code: m[4] };
}

export interface UnitRowsOptions {
  period?: string;
  units?: UnitLookup;
}

/** Reads a table of units as rows and indicators as columns, or returns null when the table is not one. */
export function detectUnitRows(table: SheetTable, file: string, opts: UnitRowsOptions = {}): LayoutResult | null {
  const top = topRows(table, SEARCH_ROWS + HEADER_ROWS_MAX);
  // the first unit row: a name and figures
  let dataStart = -1;
  let nameCol = -1;
  for (let r = 0; r < Math.min(top.length, SEARCH_ROWS); r++) {
    const c = dataRowName(top[r]);
    if (c !== null) {
      dataStart = r;
      nameCol = c;
      break;
    }
  }
  if (dataStart <= 0) return null;
  // the header: the rows right above it (a title or unit line of one cell left of the figures ends it)
  const headerRows: number[] = [];
  for (let r = dataStart - 1; r >= 0 && headerRows.length < HEADER_ROWS_MAX; r--) {
    // as written (a title merged across the table fills every cell of `top`, but is one cell)
    const raw = table.rows[r];
    const n = filledCount(raw);
    if (n === 0 && filledCount(top[r]) === 0) {
      if (headerRows.length === 0 && dataStart - r <= 2) continue; // a spacer between the header and the figures
      break;
    }
    const first = raw.findIndex((c) => c.trim() !== '');
    if (n === 1 && first <= nameCol && !table.merges.some((m) => m.r0 < r && m.r1 >= r)) break;
    if (top[r].some((c) => isFigure(c) && parsePeriod(c) === null)) return null; // figures above: not a header
    headerRows.unshift(r);
  }
  if (headerRows.length === 0) return null;
  const h0 = headerRows[0];
  const hLast = headerRows[headerRows.length - 1];
  const width = Math.max(...headerRows.map((r) => top[r].length), ...top.slice(dataStart, dataStart + 20).map((r) => r.length));
  // header cells: upper rows carry a group name over the blank cells to its right (a merged cell as CSV writes it)
  const header: string[][] = headerRows.map((r, i) => {
    const row = Array.from({ length: width }, (_, c) => (top[r][c] ?? '').trim());
    if (i === headerRows.length - 1) return row;
    let carry = '';
    for (let c = 0; c < width; c++) {
      if (c <= nameCol) continue;
      if (row[c] !== '') carry = row[c];
      else if (carry && headerRows.slice(i + 1).some((rr) => (top[rr][c] ?? '').trim() !== '')) row[c] = carry;
      else carry = '';
    }
    return row;
  });
  const headerText = (c: number) => header.map((row) => row[c]).filter((x) => x !== '');
  // a header of years is a wide table; a header naming units is a by-unit table
  let years = 0;
  for (let c = nameCol + 1; c < width; c++) if (headerText(c).some((x) => parsePeriod(x) !== null)) years++;
  if (years >= 2) return null;

  // columns: code, year and note columns, then the indicators
  const roleOfCol = new Map<number, 'code' | 'period' | 'note'>();
  for (let c = 0; c < width; c++) {
    if (c === nameCol) continue;
    const words = headerText(c).map(norm);
    if (words.some((w) => CODE_HEADER.test(w))) roleOfCol.set(c, 'code');
    else if (words.some((w) => PERIOD_HEADER.test(w))) roleOfCol.set(c, 'period');
    else if (words.some((w) => NOTE_HEADER.test(w))) roleOfCol.set(c, 'note');
    else if (c < nameCol) roleOfCol.set(c, 'code'); // a number left of the name is its code
  }
  const codeCol = [...roleOfCol].find(([, r]) => r === 'code')?.[0];
  const periodCol = [...roleOfCol].find(([, r]) => r === 'period')?.[0];

  // the data rows: up to a note; blank spacer rows skipped. A sample first: the rest only once the shape is sure
  const dataRows: number[] = [];
  let next = dataStart;
  const scan = (limit: number) => {
    for (; next < table.rows.length && dataRows.length < limit; next++) {
      const row = table.rows[next];
      if (filledCount(row) === 0) continue;
      const first = row.findIndex((c) => c.trim() !== '');
      const figures = row.some((c, i) => i > nameCol && !roleOfCol.has(i) && kindOf(c) === 'figure');
      if (NOTE_RE.test(row[first].trim()) && !figures) {
        next = table.rows.length;
        break;
      }
      if (figures) dataRows.push(next); // else a heading between blocks, an English line under a name
    }
  };
  scan(SAMPLE_ROWS);

  // the indicator columns: figures under them
  const indicatorCols: number[] = [];
  const sample = dataRows.slice(0, SAMPLE_ROWS);
  for (let c = nameCol + 1; c < width; c++) {
    if (roleOfCol.has(c)) continue;
    if (sample.some((r) => kindOf(table.rows[r][c]) === 'figure')) indicatorCols.push(c);
  }
  if (indicatorCols.length === 0) return null;

  // does the table list units down and indicators across? Names read as indicators say it does not.
  const v = voc();
  const titleRows = table.rows.slice(0, h0).map((r) => r.filter((c) => c.trim() !== '').join(' '));
  const title = titleRows.join(' ');
  const context = titleContext(title);
  const readsAsIndicator = (text: string) => {
    const r = v.read(v.clean(text).text);
    return r !== null && (r.subject !== null || r.measure !== null);
  };
  const lookup = opts.units instanceof UnitTree ? new UnitIndex(opts.units) : opts.units;
  let named = 0;
  let places = 0;
  let indicatorNames = 0;
  const names = sample.map((r) => splitCode((table.rows[r][nameCol] ?? '').trim()).name);
  for (const n of names) {
    if (lookup && unitsOfName(lookup, n.replace(PART, '')).length > 0) named++;
    else if (roleOf(n) !== 'unit' || PLACE_END.test(norm(n))) places++;
    else if (readsAsIndicator(n)) indicatorNames++;
  }
  const labels = new Map<number, { label: string; unit?: string }>();
  for (const c of indicatorCols) {
    const parts: string[] = [];
    let unit: string | undefined;
    for (const text of headerText(c)) {
      const p = headerPart(text);
      if (!p) continue;
      if (p.unit) unit = p.unit;
      if (p.text) parts.push(p.text);
    }
    labels.set(c, { label: columnLabel(parts), ...(unit ? { unit } : {}) });
  }
  const columnsRead = indicatorCols.filter((c) => readsAsIndicator(labels.get(c)!.label)).length;
  const nameHeader = headerText(nameCol);
  const orgHeader = nameHeader.some((x) => isOrgHeader(x));
  const unitsDown = named >= 2 || orgHeader || (places >= 2 && places * 2 >= names.length) || (BY_UNIT_TITLE.test(norm(title)) && places >= 1);
  if (columnsRead === 0 || !unitsDown || indicatorNames * 2 > names.length) return null;

  // this is the shape: read it all
  scan(Infinity);
  const issues: ImportIssue[] = [];
  const sheet = table.name === file ? undefined : table.name;
  const result: LayoutResult = {
    layout: 'unit-rows',
    lines: [],
    headerRow: hLast + 1,
    labelColumn: null,
    unitColumn: columnLetter(nameCol),
    periods: [],
    records: [],
    issues,
    unitRows: new Map(),
  };
  let period: string | undefined;
  let periodSource: PeriodSource | undefined;
  if (opts.period !== undefined) {
    period = parsePeriod(opts.period) ?? undefined;
    periodSource = 'option';
  } else if (periodCol === undefined) {
    const found = findTableYear(table, file, h0);
    if (found) {
      period = found.period;
      periodSource = found.source;
    }
  }
  if (periodSource) result.periodSource = periodSource;
  if (period === undefined && periodCol === undefined) {
    issues.push(
      issue(
        'period-required',
        'error',
        file,
        { sheet },
        '表中没有年份：这是“各单位 × 指标”表，请选择这些数值所属的年份',
        'the table has no year: it is a units × indicators table; choose the year these values belong to',
      ),
    );
    return result;
  }

  // a magnitude stated over the table ("单位：万人") applies to the columns without their own unit
  const tableUnit = titleRows.map((t) => UNIT_LINE.exec(norm(t))?.[1]).find((u) => u !== undefined && /^(?:百万|千万|千|万|亿)/.test(u));
  // the lines to match, in column order: what the title counts and its school type as headings where the
  // column names none (a measure heading first: it clears the school type of the lines above)
  const base = table.rows.length + 1;
  for (const c of indicatorCols) {
    const { label, unit } = labels.get(c)!;
    const r = v.read(v.clean(label).text);
    if (context.measure && r && r.measure === null) result.lines.push({ row: base + 3 * c, label: context.measure, hasValues: false });
    if (context.subject && r && r.subject === null) result.lines.push({ row: base + 3 * c + 1, label: context.subject, hasValues: false });
    const line: LayoutLine = { row: base + 3 * c + 2, column: columnLetter(c), label, hasValues: true };
    const u = unit ?? tableUnit;
    if (u) line.unit = u;
    result.lines.push(line);
  }
  const periods = new Set<string>();
  const info = result.unitRows!;
  for (const r of dataRows) {
    const row = table.rows[r];
    const rowNo = r + 1;
    const cell = (row[nameCol] ?? '').trim();
    if (cell === '') {
      issues.push(issue('no-unit', 'warning', file, { sheet, row: rowNo, column: columnLetter(nameCol) }, '这一行有数值但没有填报单位名称，已跳过', 'this row has values but no reporting unit name; skipped'));
      continue;
    }
    let p = period;
    if (periodCol !== undefined) {
      const text = (row[periodCol] ?? '').trim();
      const y = parsePeriod(text);
      if (y === null) {
        issues.push(
          issue('bad-period', 'error', file, { sheet, row: rowNo, column: columnLetter(periodCol) }, `“${text}”不是年份（应为如 2020 或 2020年）`, `"${text}" is not a year (expected e.g. 2020 or 2020年)`, { value: text }),
        );
        continue;
      }
      p = y;
    }
    const split = splitCode(cell);
    const codeText = codeCol !== undefined ? (row[codeCol] ?? '').trim() : '';
    const code = CODE_CELL.test(codeText) ? codeText : split.code;
    const text = split.name;
    if (!info.has(text)) info.set(text, { text, ...(code ? { code } : {}), role: roleOf(text), row: rowNo });
    for (const c of indicatorCols) {
      const raw = (row[c] ?? '').trim();
      if (raw === '') continue;
      periods.add(p!);
      const line = base + 3 * c + 2;
      const rec: FigureRecord = { row: rowNo, line, column: columnLetter(c), label: labels.get(c)!.label, period: p!, raw, reportingUnit: text };
      const u = labels.get(c)!.unit ?? tableUnit;
      if (u) rec.unit = u;
      result.records.push(rec);
    }
  }
  result.periods = [...periods].sort();
  if (result.records.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push(issue('no-figures', 'error', file, { sheet, row: result.headerRow ?? undefined }, '表头下面没有任何数值', 'there are no figures under the header'));
  }
  return result;
}

/**
 * Which unit each unit-column entry is (ids; one = sure, none or several = the user chooses): by its code
 * when the code names exactly one unit, else by its name (`unitsOfName`, a 其中 prefix dropped). A total row
 * is the parent all the sure units share (none when they share none: not sure, with the parents found).
 * Subtotal and 其中 rows that name no unit keep no unit and their role (reported and left out by the caller).
 * The same for a by-unit table's headers (`unitColumnInfos`).
 */
export function resolveUnitRows(tree: UnitLookup, infos: ReadonlyMap<string, UnitRowInfo>): Map<string, ResolvedUnitEntry> {
  const out = new Map<string, ResolvedUnitEntry>();
  const parents = new Set<string>();
  let sure = 0;
  for (const info of infos.values()) {
    const byCode = info.code ? tree.find(info.code) : [];
    const name = info.code ? splitCode(info.text).name : info.text;
    let units: ReportingUnit[] = byCode.length === 1 ? byCode : unitsOfName(tree, name.replace(PART, ''));
    let role: UnitRowRole = info.role;
    if (units.length > 0) role = 'unit';
    else if (role === 'unit' || role === 'total') units = [];
    out.set(info.text, { units: units.map((u) => u.id), role, ...(info.code ? { code: info.code } : {}) });
    if (role === 'unit' && units.length === 1 && units[0].parent !== null) {
      sure++;
      parents.add(units[0].parent);
    }
  }
  const parent = parents.size === 1 ? [...parents][0] : null;
  for (const r of out.values()) {
    if (r.role !== 'total') continue;
    r.units = sure > 0 && parent !== null ? [parent] : [];
    // why a total is not sure: the parents its units have (none found, or several)
    if (r.units.length === 0) r.parents = [...parents];
  }
  return out;
}

/** A unit entry resolved: its units (one = sure), what it is, its code; for a total not sure, the parents its units have. */
export interface ResolvedUnitEntry {
  units: string[];
  role: UnitRowRole;
  code?: string;
  /** A total that is not sure: the distinct parents of the units found (empty: no unit found). */
  parents?: string[];
}

/**
 * The unit entries of a table with a column per unit (indicators down, "指标 | 泰山区 | 岱岳区 | 合计"): each
 * header as a unit-rows table's name cell is read — a 合计 / 总计 / 全市 column is the total, 小计 / 市区 /
 * 县（市）/ 其中 columns are subtotals or parts, a code in the header ("泰山区（370902）") is the unit's code.
 * `headers` are the headers as the figures carry them (FigureRecord.reportingUnit); `row` is the header row.
 */
export function unitColumnInfos(headers: Iterable<string>, row: number): Map<string, UnitRowInfo> {
  const out = new Map<string, UnitRowInfo>();
  for (const text of headers) {
    if (out.has(text)) continue;
    const split = splitCode(text);
    out.set(text, { text, ...(split.code ? { code: split.code } : {}), role: roleOf(split.name), row });
  }
  return out;
}

/**
 * Messages placed on a line of a unit-rows table (a name the catalog lacks: "第 N 行") moved to the column
 * header that wrote it (the header row and the column): its lines are numbered past the table's rows.
 */
export function placeColumnIssues(issues: readonly ImportIssue[], lines: readonly LayoutLine[], headerRow: number | null): ImportIssue[] {
  const columnOf = new Map(lines.filter((l) => l.column !== undefined).map((l) => [l.row, l.column!]));
  return issues.map((i) => {
    const column = i.row !== undefined && i.column === undefined ? columnOf.get(i.row) : undefined;
    if (column === undefined) return i;
    const was = placeText(i.file, { sheet: i.sheet, row: i.row });
    const where = { ...(i.sheet !== undefined ? { sheet: i.sheet } : {}), ...(headerRow !== null ? { row: headerRow } : {}), column };
    return issue(i.code, i.severity, i.file, where, i.message.zh.slice(was.zh.length + 1), i.message.en.slice(was.en.length + 2), i.params);
  });
}
