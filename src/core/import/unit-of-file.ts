/**
 * Which reporting unit (src/core/model/units.ts) a file sent in belongs to: from its "填报单位：…" cell,
 * its title rows, its sheet name or its file name. Every text is reduced to a unit name the way people
 * write them ("XX县教育局", "XX区2020年教育事业统计表", "泰安市东平县", a name with or without its
 * 县/区/市/旗) and looked up with `UnitTree.find`. The answer is one unit only when exactly one unit is
 * named; two units, or none, is "not sure" with the candidates and where each was found — never a guess.
 * Pure functions.
 */
import type { ReportingUnit, UnitTree } from '../model/units.ts';

/** What the lookups need of a unit tree: a UnitTree, or a UnitIndex over one (the same answers, faster for many names). */
export type UnitLookup = Pick<UnitTree, 'find' | 'ancestors' | 'size' | 'root'>;

/**
 * `UnitTree.find` answered from maps built once (a tree's find looks at every unit: a file naming
 * 3,000 units would look 3,000 × 3,000 times). Same matching as find: name, English name (any case),
 * code, aliases, spaces and full-width forms ignored; units in tree order. For a tree that is not
 * changed while the index is used.
 */
export class UnitIndex implements UnitLookup {
  private readonly byKey = new Map<string, ReportingUnit[]>();
  private readonly order = new Map<string, number>();

  constructor(private readonly tree: UnitTree) {
    const norm = nfkcNoSpace;
    tree.all().forEach((u, i) => {
      this.order.set(u.id, i);
      const keys = new Set([`n:${norm(u.name.zh)}`, ...(u.name.en !== undefined ? [`e:${norm(u.name.en).toLowerCase()}`] : []), ...(u.code !== undefined ? [`c:${u.code}`] : []), ...(u.aliases ?? []).map((a) => `n:${norm(a)}`)]);
      for (const k of keys) {
        const list = this.byKey.get(k);
        if (list) list.push(u);
        else this.byKey.set(k, [u]);
      }
    });
  }

  get size(): number {
    return this.tree.size;
  }

  get root(): ReportingUnit {
    return this.tree.root;
  }

  ancestors(id: string): ReportingUnit[] {
    return this.tree.ancestors(id);
  }

  find(text: string): ReportingUnit[] {
    const t = nfkcNoSpace(text);
    if (!t) return [];
    const found = new Map<string, ReportingUnit>();
    for (const k of [`n:${t}`, `e:${t.toLowerCase()}`, `c:${t}`]) for (const u of this.byKey.get(k) ?? []) found.set(u.id, u);
    return [...found.values()].sort((a, b) => this.order.get(a.id)! - this.order.get(b.id)!);
  }
}
import { columnLetter } from './issues.ts';
import type { SheetTable } from './table.ts';

/**
 * Text in NFKC without white space. Printable ASCII and the CJK Unified Ideographs (U+4E00–U+9FFF) are their
 * own NFKC form, and white space is removed either way, so a text of only those skips normalize(), which is
 * slow and ran for every name of a 3,000-unit tree on every file read (tests/unit/import/import-speed-equal.test.ts
 * checks the shortcut against normalize()).
 */
export function nfkcNoSpace(x: string): string {
  return (NFKC_STABLE.test(x) ? x : x.normalize('NFKC')).replace(/\s+/g, '');
}
const NFKC_STABLE = /^[\x20-\x7e\s\u4e00-\u9fff]*$/;

/** Where a unit name was found. */
export type UnitPlace = 'cell' | 'title' | 'sheet' | 'file';

export interface UnitCandidate {
  unit: string;
  /** The text that named it, as written. */
  text: string;
  where: UnitPlace;
  /** 1-based row and column letter of a cell or title row. */
  row?: number;
  column?: string;
}

export interface UnitGuess {
  /** The unit when exactly one is named; null = not sure (see candidates; none found or several). */
  unit: string | null;
  /** Every unit named, with where (a unit named in several places is listed once per place). */
  candidates: UnitCandidate[];
  /** The "填报单位" text when it names no known unit (to offer adding it). */
  unknownText?: string;
}

/** Words an organisation's name ends with after the place ("东平县教育局" is 东平县's bureau). */
const ORG_SUFFIX = /(?:教育和体育局|教育体育局|教育和科学技术局|教育科学技术局|教育科技局|教育和科技局|教育委员会|教育局|教体局|教科局|教育处|教育科|教育办|教委|人民政府|政府|[(（](?:盖章|公章|签章)[)）])+$/;
/** Place-name endings, longest first. */
const PLACE_ENDS = ['自治县', '自治旗', '林区', '特区', '新区', '县', '区', '市', '旗'];
/** Where the topic of a title begins ("东平县|教育事业统计表"): the place name is what comes before. */
const TOPIC = /教育|统计|基本情况|各级各类|主要指标|中小学|幼儿园|年报|报表|快报|数据|汇总|基层|情况|关于|上报|报送|填报|附表|附件|[一二三四五六七八九十]+、|表\d/;
/** A label that introduces the unit's name in a cell. */
const REPORTER_LABEL = /^(?:填报单位|填表单位|报送单位|上报单位|单位名称|填报机关|报送机关)\s*(?:[(（](?:盖章|公章|签章)[)）])?\s*[:：]?\s*/;
/** What may follow the unit's name in the same cell ("填报单位：东平县教育局  负责人：张三"). */
const REPORTER_END = /\s{2,}|\t|(?:单位)?负责人|填表人|制表人|审核人|联系电话|电话|报出日期|填报日期|日期|[;；]/;

/** Text reduced for lookup: width and spaces, an English tail ("北 京 Beijing"), brackets around the whole. */
function clean(text: string): string {
  let s = text.normalize('NFKC').trim();
  if (/[\u4e00-\u9fff]/.test(s)) s = s.replace(/\s+[A-Za-z][A-Za-z .'’&-]*$/, '');
  s = s.replace(/\s+/g, '').replace(/^[(（[【](.*)[)）\]】]$/, '$1');
  return s.replace(/^[:：]+|[:：]+$/g, '');
}

const unique = (list: ReportingUnit[]): ReportingUnit[] => [...new Map(list.map((u) => [u.id, u])).values()];

/**
 * The units a text is the name of (a cell in a unit column, a unit column's header, a 填报单位 value):
 * the text as written, else without an organisation ending (教育局), else with or without the place
 * ending (东平 ↔ 东平县). Several units when they share the name; none when it names none.
 */
export function unitsOfName(tree: UnitLookup, text: string): ReportingUnit[] {
  const s = clean(text);
  if (!s) return [];
  const direct = tree.find(s);
  if (direct.length) return direct;
  const bare = s.replace(ORG_SUFFIX, '');
  if (bare !== s && bare.length >= 2) {
    const b = tree.find(bare);
    if (b.length) return b;
  }
  const name = bare.length >= 2 ? bare : s;
  if (!/^[\u4e00-\u9fff]+$/.test(name)) return [];
  const out: ReportingUnit[] = [];
  const end = PLACE_ENDS.find((e) => name.endsWith(e) && name.length - e.length >= 2);
  if (end) out.push(...tree.find(name.slice(0, -end.length)));
  else for (const e of PLACE_ENDS) out.push(...tree.find(name + e));
  return unique(out);
}

/**
 * The units a free text names (a file name, a title row, a sheet name): the year and the topic
 * ("2020年教育事业统计表") are cut off, and what is left must END with the unit's name — "泰安市东平县"
 * names 东平县, but "宁阳县第一中学" does not name 宁阳县 (it is a school of it) and "济南市中小学" does
 * not name 市中区. A unit whose descendant is also named is dropped (the file is the descendant's).
 */
export function unitsInText(tree: UnitLookup, text: string): { unit: ReportingUnit; text: string }[] {
  let s = text.normalize('NFKC').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  // years (2020年, 2020-2021学年, 二〇二〇年, a bare 2020) and separators split the text into fragments
  s = s.replace(/(?:19|20)\d{2}\s*(?:[-–—~至到/]\s*(?:19|20)?\d{2}\s*)?(?:学年度?|年度?|年末|年底)?/g, '|');
  s = s.replace(/[〇○零一二三四五六七八九]{4}\s*年度?/g, '|');
  s = s.replace(/[\s_\-–—.,，、;；:：·•+|/\\()（）[\]【】《》<>“”"'‘’!！?？]+/g, '|');
  const out: { unit: ReportingUnit; text: string }[] = [];
  for (let frag of s.split('|')) {
    const topic = TOPIC.exec(frag);
    if (topic) frag = frag.slice(0, topic.index);
    frag = frag.replace(ORG_SUFFIX, '');
    if (frag.length < 2) continue;
    const whole = unitsOfName(tree, frag);
    if (whole.length) {
      for (const u of whole) out.push({ unit: u, text: frag });
      continue;
    }
    // a longer place written before the unit ("山东省泰安市东平县"): the unit's name starts after 省/市/州/盟
    for (let i = 1; i < frag.length - 1; i++) {
      if (!/[省市州盟]/.test(frag[i - 1])) continue;
      const rest = frag.slice(i);
      const found = unitsOfName(tree, rest);
      if (found.length) {
        for (const u of found) out.push({ unit: u, text: rest });
        break;
      }
    }
  }
  return dropAncestors(tree, out, (x) => x.unit.id);
}

function dropAncestors<T>(tree: UnitLookup, list: T[], idOf: (x: T) => string): T[] {
  const ids = new Set(list.map(idOf));
  const covered = new Set<string>();
  for (const id of ids) for (const a of tree.ancestors(id)) covered.add(a.id);
  return list.filter((x) => !covered.has(idOf(x)));
}

/** The "填报单位：…" cells of a table's first and last rows: the value and its place. */
export function reporterCells(table: SheetTable, skipRow = -1, searchRows = 12): { text: string; row: number; column: string }[] {
  const out: { text: string; row: number; column: string }[] = [];
  const n = table.rows.length;
  const rows = new Set<number>();
  for (let r = 0; r < Math.min(n, searchRows); r++) rows.add(r);
  for (let r = Math.max(0, n - searchRows); r < n; r++) rows.add(r);
  rows.delete(skipRow);
  for (const r of [...rows].sort((a, b) => a - b)) {
    const row = table.rows[r];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c].normalize('NFKC').trim();
      const m = REPORTER_LABEL.exec(cell);
      // "填报单位：…", or "填报单位" alone with the name in the next cell; "单位名称东平县" is no label
      if (!m || (!/[:：]/.test(m[0]) && cell !== m[0].trim())) continue;
      let value = cell.slice(m[0].length);
      let column = c;
      if (!value) {
        // the name in the next filled cell ("填报单位：" | "东平县教育局")
        const next = row.findIndex((x, i) => i > c && x.trim() !== '');
        if (next < 0) continue;
        value = row[next].normalize('NFKC').trim();
        column = next;
      }
      const end = REPORTER_END.exec(value);
      if (end) value = value.slice(0, end.index);
      value = value.trim();
      if (value) out.push({ text: value, row: r + 1, column: columnLetter(column) });
    }
  }
  return out;
}

/**
 * The unit of a file (for tables without a unit column): the 填报单位 cells, the title rows (above
 * `headerRow`, 0-based; -1 = none), the sheet name and the file name. With the city alone in the tree
 * every file is the city's. Sure only when all places together name exactly one unit.
 */
export function fileUnit(tree: UnitLookup, file: string, table: SheetTable | null, headerRow = -1): UnitGuess {
  if (tree.size === 1) return { unit: tree.root.id, candidates: [] };
  const candidates: UnitCandidate[] = [];
  let unknownText: string | undefined;
  if (table) {
    for (const c of reporterCells(table, headerRow)) {
      const named = unitsOfName(tree, c.text);
      const found = named.length ? named.map((u) => ({ unit: u, text: c.text })) : unitsInText(tree, c.text);
      if (!found.length) unknownText ??= c.text.replace(ORG_SUFFIX, '') || c.text;
      for (const f of found) candidates.push({ unit: f.unit.id, text: f.text, where: 'cell', row: c.row, column: c.column });
    }
    for (let r = 0; r < headerRow; r++) {
      const line = table.rows[r].filter((x) => x.trim() !== '' && !REPORTER_LABEL.test(x.trim())).join(' ');
      for (const f of unitsInText(tree, line)) candidates.push({ unit: f.unit.id, text: f.text, where: 'title', row: r + 1 });
    }
    if (table.name !== file) for (const f of unitsInText(tree, table.name)) candidates.push({ unit: f.unit.id, text: f.text, where: 'sheet' });
  }
  const base = file.replace(/^.*[\\/]/, '');
  for (const f of unitsInText(tree, base)) candidates.push({ unit: f.unit.id, text: f.text, where: 'file' });
  const kept = dropAncestors(tree, candidates, (c) => c.unit);
  const ids = new Set(kept.map((c) => c.unit));
  const guess: UnitGuess = { unit: ids.size === 1 ? [...ids][0] : null, candidates: kept };
  if (unknownText && ids.size === 0) guess.unknownText = unknownText;
  return guess;
}

/** Where a candidate was found, in words (for the dialog and the CLI). */
export function placeOfCandidate(c: UnitCandidate, lang: 'zh' | 'en'): string {
  const cell = c.row !== undefined ? `${c.column ?? ''}${c.row}` : '';
  if (lang === 'zh') return { cell: `填报单位（${cell}）`, title: `表题（第 ${c.row} 行）`, sheet: '工作表名', file: '文件名' }[c.where];
  return { cell: `"填报单位" cell (${cell})`, title: `title (row ${c.row})`, sheet: 'sheet name', file: 'file name' }[c.where];
}
