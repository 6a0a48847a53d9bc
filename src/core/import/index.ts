/**
 * Importing figures from files sent in (CSV, XLSX, the product's JSON): the pipeline is
 * read → find layout → match names → read values → preview, each step pure and usable on its own
 * (the import dialog walks through them; `readFigures` runs them all for the CLI).
 * Nothing here changes a workbook: the caller applies `preview.changes` as one undo step.
 */
import type { ChangeRecord, FollowUp, Note } from '../model/annotations.ts';
import type { Catalog, Indicator } from '../model/catalog.ts';
import type { Workbook } from '../model/workbook.ts';
import { buildCells, type ImportCell } from './cells.ts';
import { hasErrors, issue, type ImportIssue } from './issues.ts';
import { detectLayout, type FigureRecord, type LayoutKind, type LayoutLine, type LayoutResult, type PeriodSource } from './layout.ts';
import { ImportMemory, type MappingDecision } from './memory.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import { buildMapping, catalogWithCustom, Matcher, type Mapping } from './match.ts';
import { previewImport, type ImportPreview } from './preview.ts';
import { readTables } from './read.ts';
import type { FileKind, ReadResult, SheetTable } from './table.ts';
import { UnitTree, unitLabel, type ReportingUnit } from '../model/units.ts';
import { fileUnit, placeOfCandidate, UnitIndex, unitsOfName, type UnitGuess } from './unit-of-file.ts';
import { detectUnitRows, placeColumnIssues, resolveUnitRows, unitColumnInfos } from './unit-rows.ts';

export { readTables, fileSizeIssue } from './read.ts';
export { readCsv, detectDelimiter, unneutralise } from './csv.ts';
export { readXlsx } from './xlsx.ts';
export { decodeText, type TextEncoding } from './decode.ts';
export { chooseReader, sniffContent } from './sniff.ts';
export {
  detectLayout,
  findHeaderRow,
  headerScore,
  parsePeriod,
  yearInText,
  findTableYear,
  type FigureRecord,
  type LayoutKind,
  type LayoutLine,
  type LayoutResult,
  type PeriodSource,
} from './layout.ts';
export { normaliseLabel } from './normalise.ts';
export {
  buildMapping,
  matchLines,
  setMapping,
  sharedTargets,
  makeCustomIndicator,
  catalogWithCustom,
  Matcher,
  SUGGESTION_MIN_SCORE,
  type Mapping,
  type MappingRow,
  type MatchMethod,
  type MatchHow,
  HOW_TEXT,
  type Suggestion,
  type RowInput,
  type RowContext,
  type RowMatch,
  type TableLine,
} from './match.ts';
export { Vocabulary, SYNONYMS, type NameKind, type Reading, type SynonymFile } from './structure.ts';
export { ImportMemory, normaliseUnit, type MappingDecision } from './memory.ts';
export { buildCells, type ImportCell } from './cells.ts';
export { workbookValues, workbookFromValues, type WorkbookValues } from './workbook-values.ts';
export { previewImport, rebasePreview, sameValue, type ImportPreview, type PreviewCell, type PreviewStatus, type Duplicate } from './preview.ts';
export { columnLetter, hasErrors, type ImportIssue, type ImportIssueCode, type Place, type Severity } from './issues.ts';
export { IMPORT_LIMITS, type ImportLimits } from './limits.ts';
export { decisionsOf } from './decisions.ts';
export { newIndicatorDefaults, unitsNamed, type NewIndicatorDefaults } from './new-indicator.ts';
export { importConsequences, leftOutRows, workbookAfterImport, type ImportConsequences } from './consequences.ts';
export { checksLostByLeavingOut, type LeftOutRow, type LostCheck } from './lost-checks.ts';
export type { SheetTable, ReadResult, FileKind, MergeRange } from './table.ts';
export { fileUnit, unitsOfName, unitsInText, reporterCells, placeOfCandidate, UnitIndex, type UnitLookup, type UnitGuess, type UnitCandidate, type UnitPlace } from './unit-of-file.ts';
export { combinePreviews, roundCommit, type BatchItem, type BatchPreview } from './batch.ts';
export { detectUnitRows, resolveUnitRows, unitColumnInfos, type ResolvedUnitEntry, type UnitRowInfo, type UnitRowRole } from './unit-rows.ts';

export interface ReadFiguresOptions {
  /** The sheet to read (XLSX); default: the first sheet that holds a table. */
  sheet?: string;
  /** The year of a label + value table. */
  period?: string;
  /** A mapping the user confirmed or corrected (from an earlier call); default: matched automatically. */
  mapping?: Mapping;
  /** Custom indicators the mapping may point to (made with makeCustomIndicator). */
  custom?: Indicator[];
  limits?: ImportLimits;
  /**
   * Decisions of earlier imports (the workbook's importMemory): consulted first when matching. A plain list
   * (`importMemory.toJSON()`) works too — what survives postMessage to the import worker.
   */
  memory?: ImportMemory | readonly MappingDecision[];
  /** The workbook's reporting units (default: the city alone, where every figure goes). */
  units?: UnitTree | readonly ReportingUnit[];
  /** The unit the user chose for the whole file (a table without a unit column): overrides the one found. */
  unit?: string;
  /** The user's choice for each unit name of a unit column or by-unit header: a unit id, or null = leave those figures out. */
  unitChoices?: Record<string, string | null>;
}

/** A unit name a file uses (a unit column's entry, a by-unit header) and the units it may be. */
export interface UnitNameGuess {
  text: string;
  /** The units the name is (one: sure; none or several: the user chooses). */
  units: string[];
  /** Where it first occurs. */
  row: number;
  column: string;
  /** How many figures carry it. */
  figures: number;
  /** A unit-rows table's total (合计: the parent of the units), subtotal (市区, 县合计) or 其中 row (or such a column of a by-unit table): not a unit of its own. */
  role?: 'total' | 'subtotal' | 'part';
  /** The code a unit-rows table gives for it (its code column or the cell). */
  code?: string;
}

/** The units a file's figures go to: the file's unit, and each unit name's (null: left out; absent: not decided). */
export interface UnitChoice {
  /** Tables without unit names: the file's unit (null: not sure, nothing can be imported until chosen). */
  file?: string | null;
  names?: Record<string, string | null>;
}

export interface FiguresRead {
  file: string;
  kind: FileKind | null;
  /** Names of all sheets (one entry, the file name, for CSV). */
  sheets: string[];
  /** The sheet read. */
  sheet: string | null;
  layout: LayoutKind | null;
  /** 1-based header row. */
  headerRow: number | null;
  periods: string[];
  cells: ImportCell[];
  mapping: Mapping;
  /** Problems that block the import. */
  errors: ImportIssue[];
  /** Problems shown but not blocking (unreadable values, unmatched names). */
  warnings: ImportIssue[];
  encoding?: ReadResult['encoding'];
  delimiter?: ReadResult['delimiter'];
  /** JSON files: custom indicators the file defines that the catalog lacks (add them before applying). */
  customIndicators?: Indicator[];
  /** Messages left out of `errors` and `warnings` by a reader that lists only the first ones (the dialog: see readForDialog). */
  omitted?: { errors: number; warnings: number };
  /** Label + value tables: where the year was found (title, sheet name, file name, or the option). */
  periodSource?: PeriodSource;
  /** The figures as the layout read them (kept so that a changed mapping re-previews without the file). */
  records?: FigureRecord[];
  /** Every labelled row in file order, headings included. */
  lines?: LayoutLine[];
  /** The errors and warnings of reading and layout alone (before cells were built): what a remap keeps. */
  readIssues?: ImportIssue[];
  /** Tables without a unit column: the file's unit as found in its 填报单位 cell, title, sheet or file name. */
  unitGuess?: UnitGuess;
  /** Tables with a unit column or a column per unit: each unit name and the units it may be. */
  unitNames?: UnitNameGuess[];
  /** The units the cells went to (found, or as the user chose). */
  unitChoice?: UnitChoice;
  /** The product's JSON: the notes, follow-up flags and change histories the file carries, by cell key (brought in with its figures). */
  annotations?: FileAnnotations;
}

/** What a workbook file says about its figures besides their values (issue 18), by cell key. */
export interface FileAnnotations {
  notes: [string, Note][];
  followUp: [string, FollowUp][];
  history: [string, ChangeRecord[]][];
}

/** The names of a file's sheets (the file name for CSV), or the issues that stop it being read. */
export async function listSheets(bytes: Uint8Array, fileName: string): Promise<{ sheets: string[]; issues: ImportIssue[] }> {
  const r = await readTables(bytes, fileName);
  return { sheets: r.sheets.map((s) => s.name), issues: r.issues };
}

/** Reads the figures of a file against a catalog: the whole pipeline short of the preview. */
export async function readFigures(bytes: Uint8Array, fileName: string, catalog: Catalog, opts: ReadFiguresOptions = {}): Promise<FiguresRead> {
  return figuresFromTables(await readTables(bytes, fileName, opts.limits ?? IMPORT_LIMITS), bytes, catalog, opts);
}

/**
 * The pipeline after reading: layout, matching and cells from tables `readTables` returned for `bytes`
 * (the bytes are read again only for JSON). Lets a caller that reads one file under several sheets,
 * years or mappings read its tables once.
 */
export async function figuresFromTables(read: ReadResult, bytes: Uint8Array, catalog: Catalog, opts: ReadFiguresOptions = {}): Promise<FiguresRead> {
  const fileName = read.file;
  const out: FiguresRead = {
    file: fileName,
    kind: read.kind,
    sheets: read.sheets.map((s) => s.name),
    sheet: null,
    layout: null,
    headerRow: null,
    periods: [],
    cells: [],
    mapping: [],
    errors: [],
    warnings: [],
  };
  if (read.encoding) out.encoding = read.encoding;
  if (read.delimiter) out.delimiter = read.delimiter;
  const split = (issues: ImportIssue[]) => {
    for (const i of issues) (i.severity === 'error' ? out.errors : out.warnings).push(i);
  };
  split(read.issues);
  if (hasErrors(read.issues)) return out;
  if (read.kind === 'json') {
    const { readJsonFigures } = await import('./json.ts');
    return readJsonFigures(bytes, fileName, catalog, out, opts.limits ?? IMPORT_LIMITS);
  }
  const tree = opts.units instanceof UnitTree ? opts.units : opts.units ? new UnitTree(opts.units) : undefined;
  // one index of the tree's names for the whole file (the layout's unit-column checks, the unit names, the file's unit)
  const unitTree = tree ?? new UnitTree();
  const unitIndex = new UnitIndex(unitTree);
  const picked = pickSheet(read, { ...opts, tree, unitIndex });
  if ('error' in picked) {
    split([picked.error]);
    return out;
  }
  const { table, layout } = picked;
  out.sheet = table.name;
  split(layout.issues);
  out.layout = layout.layout;
  out.headerRow = layout.headerRow;
  out.periods = layout.periods;
  if (layout.periodSource) out.periodSource = layout.periodSource;
  if (hasErrors(layout.issues)) {
    // the unit is shown even so (a table whose year is asked for is still some unit's)
    if (layout.layout !== 'by-unit' && layout.records.length === 0 && tree) {
      out.unitGuess = fileUnit(unitIndex, out.file, table, (out.headerRow ?? 1) - 1);
      out.unitChoice = { file: opts.unit !== undefined && tree.has(opts.unit) ? opts.unit : out.unitGuess.unit };
    }
    return out;
  }
  const limits = opts.limits ?? IMPORT_LIMITS;
  if (layout.periods.length > limits.maxPeriods) {
    split([
      issue('too-many-periods', 'error', fileName, { sheet: read.kind === 'csv' ? undefined : table.name }, `表中有 ${layout.periods.length} 个年份，超过导入上限 ${limits.maxPeriods} 个`, `the table has ${layout.periods.length} years, above the import limit of ${limits.maxPeriods}`, {
        periods: layout.periods.length,
        maxPeriods: limits.maxPeriods,
      }),
    ]);
    return out;
  }
  const records = capLabels(layout.records, fileName, read.kind === 'csv' ? undefined : table.name, limits, split);
  const full = catalogWithCustom(catalog, opts.custom ?? []);
  // lines are matched like records: a name too long to be an indicator's is cut the same way
  out.lines = layout.lines.map((l) => (l.label.length > limits.maxLabelChars ? { ...l, label: `${l.label.slice(0, limits.maxLabelChars)}…` } : l));
  const choice = chooseUnits(out, records, table, layout, unitTree, unitIndex, opts, read.kind === 'csv' ? undefined : table.name);
  out.unitChoice = choice;
  out.readIssues = [...out.errors, ...out.warnings];
  let memory = opts.memory === undefined || opts.memory instanceof ImportMemory ? opts.memory : ImportMemory.fromJSON(opts.memory);
  // a county's own decisions (its file writes a name its own way) come before everyone's
  if (memory && choice.file) memory = memory.forUnit(choice.file);
  out.mapping = opts.mapping ?? buildMapping(records, new Matcher(full), { lines: out.lines, memory });
  // A unit the matcher read from the name's bracket or the group heading ("（计量单位：万人）") scales the
  // figures as a unit column would.
  const unitOfRow = new Map<number, string>();
  for (const m of out.mapping) if (m.unit) for (const r of m.rows) unitOfRow.set(r, m.unit);
  out.records = records.map((r) => (r.unit !== undefined || !unitOfRow.has(r.line ?? r.row) ? r : { ...r, unit: unitOfRow.get(r.line ?? r.row) }));
  const built = buildCells(out.records, out.mapping, full, fileName, read.kind === 'csv' ? undefined : table.name, choice);
  out.cells = built.cells;
  split(layout.layout === 'unit-rows' ? placeColumnIssues(built.issues, out.lines, out.headerRow) : built.issues);
  return out;
}

/**
 * A changed mapping applied to figures already read: the cells and the preview again, from `read.records`
 * (no file reading, no layout, no matching). What the import dialog calls when the user changes one row's
 * indicator (with setMapping). Warnings from the earlier cell building are replaced; read/layout ones kept.
 */
export function remapAndPreview(read: FiguresRead, mapping: Mapping, workbook: Workbook, custom: readonly Indicator[] = []): ReadAndPreview {
  if (!read.records) throw new Error('remapAndPreview needs figures read from a table (read.records)');
  const full = catalogWithCustom(workbook.catalog, [...custom]);
  const built = buildCells(read.records, mapping, full, read.file, read.kind === 'csv' ? undefined : (read.sheet ?? undefined), read.unitChoice);
  const cellIssues = read.layout === 'unit-rows' ? placeColumnIssues(built.issues, read.lines ?? [], read.headerRow) : built.issues;
  const all = [...(read.readIssues ?? []), ...cellIssues];
  const next: FiguresRead = {
    ...read,
    mapping,
    cells: built.cells,
    errors: all.filter((i) => i.severity === 'error'),
    warnings: all.filter((i) => i.severity !== 'error'),
  };
  const preview = previewImport(workbook, next.cells, read.file, [...(read.customIndicators ?? []), ...custom]);
  return { read: next, preview };
}

/** A file's figures and their preview against a workbook: what the import dialog shows. */
export interface ReadAndPreview {
  read: FiguresRead;
  preview: ImportPreview;
}

/**
 * Reads a file's figures (from its tables when given, else from the bytes) and previews them against
 * `workbook`: the import dialog's whole step, the same whether it runs in a worker or not. Custom
 * indicators the file brings (JSON) and `opts.custom` both count as known to the preview.
 */
export async function readAndPreview(bytes: Uint8Array, fileName: string, workbook: Workbook, opts: ReadFiguresOptions = {}, tables?: ReadResult): Promise<ReadAndPreview> {
  // the workbook's memory unless the caller gives one (the dialog's worker gets it with the workbook's values)
  const memory = opts.memory ?? (workbook.importMemory.size ? workbook.importMemory : undefined);
  const units = opts.units ?? workbook.units;
  const read = await figuresFromTables(tables ?? (await readTables(bytes, fileName, opts.limits ?? IMPORT_LIMITS)), bytes, workbook.catalog, { ...opts, memory, units });
  const preview = previewImport(workbook, read.cells, fileName, [...(read.customIndicators ?? []), ...(opts.custom ?? [])]);
  return { read, preview };
}

/**
 * Names longer than `maxLabelChars` are cut (with "…") before matching and display: no indicator has
 * such a name, and the page must not draw it whole. One warning per row names it and the full length.
 */
function capLabels(records: FigureRecord[], file: string, sheet: string | undefined, limits: ImportLimits, report: (issues: ImportIssue[]) => void): FigureRecord[] {
  const max = limits.maxLabelChars;
  if (!records.some((r) => r.label.length > max)) return records;
  const warned = new Set<number>();
  const warnings: ImportIssue[] = [];
  const out = records.map((r) => {
    if (r.label.length <= max) return r;
    if (!warned.has(r.row)) {
      warned.add(r.row);
      warnings.push(
        issue('text-too-long', 'warning', file, { sheet, row: r.row }, `名称有 ${r.label.length} 个字符，过长（上限 ${max}），只显示前 ${max} 个字符`, `the name is ${r.label.length.toLocaleString('en')} characters long (more than ${max}); only its first ${max} are shown`, {
          chars: r.label.length,
          maxLabelChars: max,
        }),
      );
    }
    return { ...r, label: `${r.label.slice(0, max)}…` };
  });
  report(warnings);
  return out;
}

/** The requested sheet, or the first one whose layout can be read, with its layout. */
function pickSheet(read: ReadResult, opts: ReadFiguresOptions & { tree?: UnitTree; unitIndex?: UnitIndex }): { table: SheetTable; layout: LayoutResult } | { error: ImportIssue } {
  // units as rows and indicators as columns (the yearbook's 各县（市、区） table) first: it says null for any other shape
  const layoutOf = (t: SheetTable) =>
    detectUnitRows(t, read.file, { period: opts.period, units: opts.tree }) ??
    detectLayout(t, read.file, { period: opts.period, units: opts.tree, unitIndex: opts.tree ? opts.unitIndex : undefined });
  if (opts.sheet !== undefined) {
    const t = read.sheets.find((s) => s.name === opts.sheet);
    if (!t) {
      const names = read.sheets.map((s) => s.name).join('、');
      return {
        error: issue('sheet-not-found', 'error', read.file, {}, `没有名为“${opts.sheet}”的工作表（有：${names}）`, `no sheet named "${opts.sheet}" (there are: ${names})`, {
          sheet: opts.sheet,
        }),
      };
    }
    return { table: t, layout: layoutOf(t) };
  }
  let firstTry: { table: SheetTable; layout: LayoutResult } | null = null;
  for (const t of read.sheets) {
    if (t.rows.length === 0) continue;
    const layout = layoutOf(t);
    firstTry ??= { table: t, layout };
    if (!hasErrors(layout.issues) || layout.issues.some((i) => i.code === 'period-required')) return { table: t, layout };
  }
  if (firstTry) return firstTry;
  return { error: issue('empty-file', 'error', read.file, {}, '文件中没有任何表格内容', 'the file holds no table') };
}

/**
 * The units a table's figures go to, and an error for each that is not sure (nothing is guessed): the
 * file's unit (found, or the user's `opts.unit`) for a table without unit names; for a unit column or a
 * column per unit, each name's unit (found when it names exactly one, or the user's `opts.unitChoices`).
 */
function chooseUnits(out: FiguresRead, records: readonly FigureRecord[], table: SheetTable, layout: LayoutResult, units: UnitTree, tree: UnitIndex, opts: ReadFiguresOptions, sheet: string | undefined): UnitChoice {
  const errors = out.errors;
  const named = new Map<string, UnitNameGuess>();
  // a unit-rows table (and a by-unit table's headers): each entry's unit by its code or name, a total as the
  // units' parent, subtotals apart
  const byUnit = layout.layout === 'by-unit';
  const infos = layout.unitRows ?? (byUnit ? unitColumnInfos(records.flatMap((r) => (r.reportingUnit !== undefined ? [r.reportingUnit] : [])), layout.headerRow ?? 1) : undefined);
  const rowUnits = infos ? resolveUnitRows(tree, infos) : undefined;
  for (const r of records) {
    if (r.reportingUnit === undefined) continue;
    const g = named.get(r.reportingUnit);
    if (g) g.figures++;
    else {
      // where the name is written: the by-unit table's header cell, else the row's unit-name cell
      const at = byUnit ? { row: layout.headerRow ?? r.row, column: r.column } : { row: r.row, column: layout.unitColumn ?? r.column };
      const known = rowUnits?.get(r.reportingUnit);
      named.set(r.reportingUnit, {
        text: r.reportingUnit,
        units: known ? known.units : unitsOfName(tree, r.reportingUnit).map((u) => u.id),
        ...at,
        figures: 1,
        ...(known && known.role !== 'unit' ? { role: known.role } : {}),
        ...(known?.code ? { code: known.code } : {}),
      });
    }
  }
  if (named.size === 0) {
    const guess = fileUnit(tree, out.file, table, (out.headerRow ?? 1) - 1);
    out.unitGuess = guess;
    const chosen = opts.unit !== undefined && units.has(opts.unit) ? opts.unit : guess.unit;
    if (chosen === null) {
      const many = guess.candidates.length > 0;
      const list = (lang: 'zh' | 'en') => guess.candidates.map((c) => `${units.label(c.unit, lang)}（${placeOfCandidate(c, lang)}）`).join(lang === 'zh' ? '、' : ', ');
      errors.push(
        issue(
          'unit-not-sure',
          'error',
          out.file,
          {},
          many ? `不能确定这个文件是哪个单位的：可能是 ${list('zh')}；请选择填报单位` : '文件名、表题和“填报单位”都没有写明已知的单位；请选择填报单位',
          many ? `not sure which unit this file is from: it may be ${list('en')}; choose the reporting unit` : 'the file name, title and "填报单位" cell name no known unit; choose the reporting unit',
          { candidates: guess.candidates.length },
        ),
      );
    }
    return { file: chosen };
  }
  out.unitNames = [...named.values()];
  const names: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  // 行 or 列: where a by-unit table writes its units
  const entry = byUnit ? { zh: '列', en: 'column' } : { zh: '行', en: 'row' };
  const derivedEntries: UnitNameGuess[] = [];
  for (const g of named.values()) {
    const own = opts.unitChoices && Object.hasOwn(opts.unitChoices, g.text) ? opts.unitChoices[g.text] : undefined;
    if (own === null || (own !== undefined && units.has(own))) {
      names[g.text] = own;
      continue;
    }
    if (g.units.length === 1 && isDerivedParent(units, g.units[0])) {
      // a derived parent's figures are computed from its units (a 合计 column or row, or one naming it, 全市):
      // the file's figures are compared with them, not stored
      names[g.text] = null;
      derivedEntries.push(g);
      continue;
    }
    if (g.units.length === 1) {
      names[g.text] = g.units[0];
      continue;
    }
    if (g.role === 'subtotal' || g.role === 'part') {
      // not a unit: reported and left out (the user may still pick a unit for it)
      names[g.text] = null;
      const part = g.role === 'part';
      out.warnings.push(
        issue(
          'unit-subtotal',
          'warning',
          out.file,
          { sheet, row: g.row, column: g.column },
          part
            ? `“${g.text}”是“其中”${entry.zh}，不是已知的单位：其数值不导入（如是某单位，请选择）`
            : `“${g.text}”是小计${entry.zh}，不是单位：其数值不导入（如是某单位，请选择）`,
          part
            ? `"${g.text}" is an "of which" ${entry.en}, no known unit: its figures are not imported (pick a unit if it is one)`
            : `"${g.text}" is a subtotal ${entry.en}, not a unit: its figures are not imported (pick a unit if it is one)`,
          { text: g.text },
        ),
      );
      continue;
    }
    const may = (lang: 'zh' | 'en') => g.units.map((id) => units.label(id, lang)).join(lang === 'zh' ? '或' : ' or ');
    if (g.role === 'total') {
      // a total whose units share no one parent: which unit's total it is, is not sure; the reason said
      const parents = rowUnits?.get(g.text)?.parents ?? [];
      const list = (lang: 'zh' | 'en') => parents.map((id) => (units.has(id) ? units.label(id, lang) : id)).join(lang === 'zh' ? '、' : ', ');
      errors.push(
        issue(
          'unit-not-sure',
          'error',
          out.file,
          { sheet, row: g.row, column: g.column },
          parents.length > 1
            ? `“${g.text}”是合计${entry.zh}，但表中的单位分属 ${list('zh')}，不能确定是哪个单位的合计：请选择单位或不导入`
            : `“${g.text}”是合计${entry.zh}，但表中没有找到已知的单位，不能确定是哪个单位的合计：请选择单位或不导入`,
          parents.length > 1
            ? `"${g.text}" is a total ${entry.en}, but the table's units belong to ${list('en')}: not sure whose total it is; choose the unit or leave it out`
            : `"${g.text}" is a total ${entry.en}, but the table names no known unit: not sure whose total it is; choose the unit or leave it out`,
          { text: g.text },
        ),
      );
      continue;
    }
    errors.push(
      issue(
        'unit-not-sure',
        'error',
        out.file,
        { sheet, row: g.row, column: g.column },
        g.units.length ? `“${g.text}”可能是${may('zh')}：请选择单位或不导入` : `“${g.text}”不是已知的单位：请选择单位、新增单位或不导入`,
        g.units.length ? `"${g.text}" may be ${may('en')}: choose the unit or leave it out` : `"${g.text}" is no known unit: choose a unit, add it, or leave it out`,
        { text: g.text },
      ),
    );
  }
  for (const g of derivedEntries) out.warnings.push(...derivedParentIssues(g, records, names, units, out.file, sheet, entry));
  return { names };
}

const isDerivedParent = (units: UnitTree, id: string): boolean => units.get(id)?.mode === 'derived' && units.isParent(id);

/**
 * A column or row (a 合计, or one naming the unit) whose unit is a derived parent: not stored (the parent's figures are computed
 * from its units), said once, and each of its figures compared with the sum of the table's own units of that
 * parent on the same line and year — a difference is a warning at the total's cell. Figures written other than
 * as plain numbers (约, 万, a dash) leave that line unchecked.
 */
function derivedParentIssues(
  g: UnitNameGuess,
  records: readonly FigureRecord[],
  names: Readonly<Record<string, string | null>>,
  units: UnitTree,
  file: string,
  sheet: string | undefined,
  entry: { zh: string; en: string },
): ImportIssue[] {
  const parent = units.get(g.units[0])!;
  const kids = new Set(Object.keys(names).filter((t) => t !== g.text && names[t] && units.get(names[t]!)?.parent === parent.id));
  const out: ImportIssue[] = [
    issue(
      'unit-total-derived',
      'warning',
      file,
      { sheet, row: g.row, column: g.column },
      `“${g.text}”是${parent.name.zh}的${entry.zh}；${parent.name.zh}的数值由下级单位汇总得出，此${entry.zh}不导入，只与表中其下级单位之和核对`,
      `"${g.text}" is the ${entry.en} of ${unitLabel(parent, 'en')}, whose figures are summed from its units: it is not imported, only checked against the table's units of it`,
      { text: g.text },
    ),
  ];
  const plain = (raw: string): number | null => {
    const t = raw.normalize('NFKC').replace(/[,\s]/g, '');
    return /^-?\d+(?:\.\d+)?$/.test(t) ? Number(t) : null;
  };
  const sums = new Map<string, { sum: number; ok: boolean; n: number }>();
  for (const r of records) {
    if (r.reportingUnit === undefined || !kids.has(r.reportingUnit)) continue;
    // the figure's line: a unit-rows table's column (line), a by-unit table's row
    const k = `${r.line ?? r.row}|${r.period}`;
    const s = sums.get(k) ?? { sum: 0, ok: true, n: 0 };
    const v = plain(r.raw);
    if (v === null) s.ok = false;
    else s.sum += v;
    s.n++;
    sums.set(k, s);
  }
  for (const r of records) {
    if (r.reportingUnit !== g.text) continue;
    const total = plain(r.raw);
    const s = sums.get(`${r.line ?? r.row}|${r.period}`);
    if (total === null || !s || !s.ok) continue;
    // decimals as written: compare at a millionth of the larger
    if (Math.abs(total - s.sum) <= 1e-6 * Math.max(1, Math.abs(total))) continue;
    const sum = Number(s.sum.toFixed(6)).toString();
    out.push(
      issue(
        'unit-total-differs',
        'warning',
        file,
        { sheet, row: r.row, column: r.column },
        `${r.label}：“${g.text}” ${r.raw}，表中 ${s.n} 个单位之和 ${sum}，不一致`,
        `${r.label}: "${g.text}" ${r.raw}, the sum of the table's ${s.n} units ${sum}: they differ`,
        { text: g.text, sum },
      ),
    );
  }
  return out;
}
