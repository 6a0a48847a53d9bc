import type { Catalog, Indicator, Text } from '../model/catalog.ts';
import { cellKey, CITY, parseCellKey, type CellState, type CellValue, type Qualifier } from '../model/value.ts';
import { pickMeta, keyOfMark, Workbook, type Explanation, type RuleMark } from '../model/workbook.ts';
import { parseValue } from '../parse/value.ts';
import { formatSchemaErrors } from '../schema/ajv.ts';
import { validateWorkbookFile as validateFile } from '../schema/workbook-validator.ts';
import { FileReadError } from './errors.ts';
import type { ValidationReport } from './report.ts';
import { ImportMemory, type MappingDecision } from '../import/memory.ts';
import { UnitError, UnitTree, type CollectionStatus, type ReportingUnit } from '../model/units.ts';
import { fromEarlierTexts } from '../model/history.ts';
import type { ChangeRecord, FollowUp, ImportLogEntry, Note } from '../model/annotations.ts';

export const WORKBOOK_FORMAT = 'edu-stats-workbook';
/**
 * 2: reporting units (`units`, `collection`); files of version 1 (one unit, the city) are still read.
 * 3: a unit's English name may be absent (`units[].name.en`; a reader of 2 would refuse such a file). Files
 * of version 2 are still read; their writers put the Chinese name in `name.en` to mean "no English name",
 * and the tree reads an English name equal to the Chinese one as none (UnitName, unitNameOf), so they read
 * as they showed.
 */
export const WORKBOOK_FORMAT_VERSION = 3;

/** One value as stored in a workbook file (see schemas/workbook.schema.json). */
export interface WorkbookFileValue {
  indicator: string;
  period: string;
  reportingUnit?: string;
  raw: string;
  state: CellState;
  value?: number;
  value2?: number;
  qualifier?: Qualifier;
  source?: string;
  derived?: boolean;
  derivation?: string;
  history?: string[];
}

/** The product's workbook file (exports, data/baseline-2019.json). */
export interface WorkbookFile {
  format: typeof WORKBOOK_FORMAT;
  /** Written as 3; 1 (a file from before reporting units) and 2 (every unit named in English) are read. */
  formatVersion: 1 | 2 | typeof WORKBOOK_FORMAT_VERSION;
  catalogVersion: string;
  periods: string[];
  customIndicators?: Indicator[];
  values: WorkbookFileValue[];
  /** Rules marked not applicable, or computed on a sub-population, for one year, with the reason. */
  ruleMarks?: RuleMark[];
  /** Explained warnings by finding id (see Workbook.explanations). */
  explanations?: Record<string, Explanation>;
  /** The import memory (src/core/import/memory.ts): decisions about rows of files imported earlier. */
  importMemory?: MappingDecision[];
  /** Format 2 and later: the reporting units in tree order (the city first). */
  units?: ReportingUnit[];
  /** Format 2: the collection round by unit id. */
  collection?: Record<string, CollectionStatus>;
  /** Notes on figures (Workbook.notes). */
  notes?: (FigureRef & Note)[];
  /** Figures flagged for follow-up (Workbook.followUp). */
  followUp?: (FigureRef & FollowUp)[];
  /** The change history of figures (Workbook.history). */
  history?: (FigureRef & { changes: ChangeRecord[] })[];
  /** Every import (Workbook.importLog). */
  importLog?: ImportLogEntry[];
  validation?: ValidationReport;
}

/** Which figure an annotation belongs to, as a file names it. */
export interface FigureRef {
  indicator: string;
  period: string;
  reportingUnit?: string;
}

/**
 * Which units an export covers: everything, one unit (its own figures), or one level (every unit of it).
 * `unit` is an id; the CLI resolves names with UnitTree.find first.
 */
export type ExportScope = { unit: string; level?: undefined } | { level: ReportingUnit['level']; unit?: undefined } | undefined;

/** The ids of the units a scope covers (every unit for no scope); an unknown unit covers none. */
export function unitsInScope(wb: Workbook, scope: ExportScope): Set<string> {
  if (!scope) return new Set(wb.units.all().map((u) => u.id));
  if (scope.unit !== undefined) return new Set(wb.units.has(scope.unit) ? [scope.unit] : []);
  return new Set(wb.units.atLevel(scope.level).map((u) => u.id));
}


/** Checks a parsed object against schemas/workbook.schema.json; returns the issues (empty when it conforms). */
export function workbookSchemaIssues(json: unknown, file = 'workbook.json'): Text[] {
  return validateFile(json) ? [] : formatSchemaErrors(validateFile.errors, file);
}

/** value/value2 as a file stores them: JSON has no Infinity, so a non-finite number is left out. */
function storable(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/**
 * Writes a workbook as the product's JSON file: values in catalog report order then period order
 * (then reporting unit), only non-empty cells, custom indicators copied in; the same workbook always
 * gives the same file.
 */
export function workbookToJson(wb: Workbook, opts: { validation?: ValidationReport; scope?: ExportScope } = {}): WorkbookFile {
  const rank = new Map(wb.index.ordered.map((ind, i) => [ind.id, i]));
  const only = opts.scope ? unitsInScope(wb, opts.scope) : null;
  // tree order of units, so a county's figures follow the city's in the order the by-unit view prints them
  const unitRank = new Map(wb.units.all().map((u, i) => [u.id, i]));
  const entries = [...wb.values.entries()]
    .filter(([, v]) => !(v.state === 'empty' && v.raw === ''))
    .filter(([key]) => !only || only.has(parseCellKey(key).unit))
    .map(([key, v]) => {
      const ref = parseCellKey(key);
      const r = rank.get(ref.indicator);
      if (r === undefined) throw new Error(`workbookToJson: value "${key}" has no indicator in the catalog`);
      const p = wb.periods.indexOf(ref.period);
      if (p < 0) throw new Error(`workbookToJson: value "${key}" has a period not in the workbook`);
      return { key, ref, v, r, p };
    })
    .sort((a, b) => a.r - b.r || a.p - b.p || (unitRank.get(a.ref.unit) ?? -1) - (unitRank.get(b.ref.unit) ?? -1));

  const values: WorkbookFileValue[] = entries.map(({ key, ref, v }) => {
    const out: WorkbookFileValue = {
      indicator: ref.indicator,
      period: ref.period,
      ...(ref.unit !== CITY ? { reportingUnit: ref.unit } : {}),
      raw: v.raw,
      state: v.state,
    };
    const n = storable(v.n);
    const n2 = storable(v.n2);
    if (n !== undefined) out.value = n;
    if (n2 !== undefined) out.value2 = n2;
    if (v.qualifier) out.qualifier = v.qualifier;
    const m = wb.meta.get(key);
    return m ? { ...out, ...pickMeta(m) } : out;
  });

  const custom = wb.catalog.indicators.filter((i) => i.custom);
  const file: WorkbookFile = {
    format: WORKBOOK_FORMAT,
    formatVersion: WORKBOOK_FORMAT_VERSION,
    catalogVersion: wb.catalog.version,
    periods: [...wb.periods],
    ...(custom.length ? { customIndicators: custom.map((i) => structuredClone(i)) } : {}),
    values,
  };
  // the file's units: all, or those of the scope with their ancestors (so the tree keeps its root)
  const keep = only ? new Set([...only].flatMap((id) => [id, ...wb.units.ancestors(id).map((a) => a.id)])) : null;
  file.units = wb.units.toJSON().filter((u) => !keep || keep.has(u.id));
  const collected = [...wb.collection].filter(([id]) => wb.units.has(id) && (!only || only.has(id)));
  if (collected.length) {
    const c: Record<string, CollectionStatus> = Object.create(null) as Record<string, CollectionStatus>;
    for (const [id, s] of collected) c[id] = structuredClone(s);
    file.collection = c;
  }
  // a scoped export keeps the marks for every unit and those of the units it covers
  const marks = [...wb.ruleMarks.values()].filter((m) => m.unit === undefined || (wb.units.has(m.unit) && (!only || only.has(m.unit))));
  if (marks.length) file.ruleMarks = marks.map((m) => ({ ...m }));
  if (wb.explanations.size) {
    const out: Record<string, Explanation> = Object.create(null) as Record<string, Explanation>;
    for (const id of [...wb.explanations.keys()].sort()) out[id] = { ...wb.explanations.get(id)! };
    file.explanations = out;
  }
  if (wb.importMemory.size) file.importMemory = wb.importMemory.toJSON();
  const order = (key: string): [number, number, string] | undefined => {
    const ref = parseCellKey(key);
    const r = rank.get(ref.indicator);
    const p = wb.periods.indexOf(ref.period);
    if (!wb.units.has(ref.unit) || (only && !only.has(ref.unit))) return undefined;
    return r === undefined || p < 0 ? undefined : [r, p, ref.unit];
  };
  // annotations of figures the file can name (a removed year's stay in the browser's storage only), in report order
  const annotated = <T>(m: ReadonlyMap<string, T>): [FigureRef, T][] =>
    [...m.keys()]
      .map((key) => ({ key, o: order(key) }))
      .filter((x): x is { key: string; o: [number, number, string] } => x.o !== undefined)
      .sort((a, b) => a.o[0] - b.o[0] || a.o[1] - b.o[1] || (a.o[2] < b.o[2] ? -1 : a.o[2] > b.o[2] ? 1 : 0))
      .map(({ key }) => {
        const ref = parseCellKey(key);
        return [{ indicator: ref.indicator, period: ref.period, ...(ref.unit !== CITY ? { reportingUnit: ref.unit } : {}) }, m.get(key)!];
      });
  const notes = annotated(wb.notes);
  if (notes.length) file.notes = notes.map(([ref, n]) => ({ ...ref, text: n.text, time: n.time }));
  const followUp = annotated(wb.followUp);
  if (followUp.length) file.followUp = followUp.map(([ref, f]) => ({ ...ref, time: f.time, ...(f.reason !== undefined ? { reason: f.reason } : {}) }));
  const history = annotated(wb.history).filter(([, list]) => list.length);
  if (history.length) file.history = history.map(([ref, list]) => ({ ...ref, changes: structuredClone(list) }));
  if (wb.importLog.length) file.importLog = structuredClone(wb.importLog);
  if (opts.validation) file.validation = opts.validation;
  return file;
}

function describe(v: { state?: unknown; value?: unknown; value2?: unknown; qualifier?: unknown }): string {
  const parts = [`state ${String(v.state)}`];
  if (v.value !== undefined) parts.push(`value ${String(v.value)}`);
  if (v.value2 !== undefined) parts.push(`value2 ${String(v.value2)}`);
  if (v.qualifier !== undefined) parts.push(`qualifier ${String(v.qualifier)}`);
  return parts.join(', ');
}

/**
 * Reads a file's notes, follow-up flags and change histories into the workbook: each names a known
 * indicator and a listed period, once; a history must end at the figure's text (else the file was
 * changed by hand and its history would tell another story than its values).
 */
function readAnnotations(
  doc: WorkbookFile,
  wb: Workbook,
  known: ReadonlyMap<string, Indicator>,
  periods: ReadonlySet<string>,
  at: (code: WorkbookJsonIssue['code'], path: string, zh: string, en: string) => void,
): void {
  const raws = new Map<string, string>();
  for (const v of doc.values) raws.set(cellKey(v.indicator, v.period, v.reportingUnit ?? CITY), v.raw);
  const each = <T extends FigureRef>(list: T[] | undefined, name: string, into: (key: string, x: T, path: string) => void) => {
    const seen = new Set<string>();
    (list ?? []).forEach((x, i) => {
      const path = `/${name}/${i}`;
      if (!known.has(x.indicator)) return at('unknown-indicator', path, `指标“${x.indicator}”不在目录或自定义指标中`, `indicator "${x.indicator}" is in neither the catalog nor customIndicators`);
      if (!periods.has(x.period)) return at('unknown-period', path, `年份“${x.period}”不在 periods 中`, `period "${x.period}" is not listed in periods`);
      if (x.reportingUnit !== undefined && !wb.units.has(x.reportingUnit)) return at('unknown-unit', path, `填报单位“${x.reportingUnit}”不在 units 中`, `reporting unit "${x.reportingUnit}" is not listed in units`);
      const key = cellKey(x.indicator, x.period, x.reportingUnit ?? CITY);
      if (seen.has(key)) return at('duplicate', path, `${x.indicator} ${x.period} 在 ${name} 中出现两次`, `${x.indicator} ${x.period} appears twice in ${name}`);
      seen.add(key);
      into(key, x, path);
    });
  };
  each(doc.notes, 'notes', (key, n) => wb.notes.set(key, { text: n.text, time: n.time }));
  each(doc.followUp, 'followUp', (key, f) => wb.followUp.set(key, { time: f.time, ...(f.reason !== undefined ? { reason: f.reason } : {}) }));
  each(doc.history, 'history', (key, h, path) => {
    const last = h.changes[h.changes.length - 1].after;
    const raw = raws.get(key) ?? '';
    if (last !== raw) {
      return at(
        'value-mismatch',
        path,
        `${h.indicator} ${h.period} 的修改记录最后为“${last}”，与该数的原文“${raw}”不符`,
        `${h.indicator} ${h.period}: the history ends at "${last}", but the figure's raw text is "${raw}"`,
      );
    }
    wb.history.set(key, h.changes.map((c) => ({ ...c })));
  });
  if (doc.importLog) wb.importLog = structuredClone(doc.importLog);
}

/** One problem found in a workbook file: what kind, where (a JSON pointer) and the message naming both. */
export interface WorkbookJsonIssue {
  code: 'schema' | 'custom-indicator' | 'unknown-indicator' | 'unknown-period' | 'duplicate' | 'value-mismatch' | 'units' | 'unknown-unit';
  /** JSON pointer, e.g. "/values/3" ("/" for the whole file). */
  path: string;
  message: Text;
}

/**
 * Reads a workbook file against a catalog: checks the schema, that every indicator exists (catalog or
 * the file's customIndicators) and every period is listed, re-parses every raw text and refuses the
 * file when a stored value/value2/qualifier/state disagrees. Throws FileReadError naming each problem.
 * The validation report in the file is not trusted or kept: it is re-derived by validating.
 */
export function workbookFromJson(json: unknown, catalog: Catalog, file = 'workbook.json'): Workbook {
  const r = readWorkbookJson(json, catalog, file);
  if (!r.workbook) throw new FileReadError(file, r.issues.map((i) => i.message));
  return r.workbook;
}

/** workbookFromJson returning its findings instead of throwing: the workbook, or every issue with its kind and place (for the import). */
export function readWorkbookJson(
  json: unknown,
  catalog: Catalog,
  file = 'workbook.json',
): { workbook: Workbook; issues: [] } | { workbook: null; issues: WorkbookJsonIssue[] } {
  const conforms: boolean = validateFile(json); // a plain boolean: the schema guard's type is not WorkbookFile
  if (!conforms) {
    const errors = validateFile.errors ?? [];
    const texts = formatSchemaErrors(errors, file);
    return { workbook: null, issues: texts.map((message, i) => ({ code: 'schema', path: errors[i]?.instancePath || '/', message })) };
  }
  const doc = json as WorkbookFile;
  const issues: WorkbookJsonIssue[] = [];
  const at = (code: WorkbookJsonIssue['code'], path: string, zh: string, en: string) =>
    issues.push({ code, path, message: { zh: `${file} 中 ${path}：${zh}`, en: `${file} at ${path}: ${en}` } });

  const known = new Map(catalog.indicators.map((i) => [i.id, i]));
  const units = new Set(catalog.units.map((u) => u.id));
  const sections = new Set(catalog.sections.map((s) => s.id));
  const added: Indicator[] = [];
  (doc.customIndicators ?? []).forEach((c, i) => {
    const path = `/customIndicators/${i}`;
    const existing = known.get(c.id);
    if (existing) {
      // already in the catalog (added earlier): the file must not redefine it differently
      if (JSON.stringify({ ...existing, custom: true }) !== JSON.stringify({ ...c, custom: true })) {
        at('custom-indicator', path, `自定义指标“${c.id}”与目录中的同名指标不同`, `custom indicator "${c.id}" differs from the catalog's indicator of that id`);
      }
      return;
    }
    if (!units.has(c.unit)) at('custom-indicator', `${path}/unit`, `单位“${c.unit}”不在目录中`, `unit "${c.unit}" is not in the catalog`);
    if (!sections.has(c.section)) at('custom-indicator', `${path}/section`, `部分“${c.section}”不在目录中`, `section "${c.section}" is not in the catalog`);
    const ind: Indicator = { ...structuredClone(c), custom: true };
    known.set(c.id, ind);
    added.push(ind);
  });
  for (const c of added) {
    if (c.parent !== null && !known.has(c.parent)) {
      at('custom-indicator', `/customIndicators/${added.indexOf(c)}/parent`, `上级指标“${c.parent}”不存在`, `unknown parent "${c.parent}"`);
    }
    if (c.partOf !== undefined && !known.has(c.partOf)) {
      at('custom-indicator', `/customIndicators/${added.indexOf(c)}/partOf`, `总数指标“${c.partOf}”不存在`, `unknown total "${c.partOf}"`);
    }
  }
  const full: Catalog = added.length ? { ...catalog, indicators: [...catalog.indicators, ...added] } : catalog;
  const wb = new Workbook(full, doc.periods);
  // format 1 has the city alone; format 2 lists its units (the schema requires them)
  if (doc.units) {
    try {
      wb.units = new UnitTree(doc.units);
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      at('units', '/units', e.zh, e.en);
    }
  }
  for (const [id, s] of Object.entries(doc.collection ?? {})) {
    if (!wb.units.has(id)) at('unknown-unit', `/collection/${id}`, `单位“${id}”不在 units 中`, `unit "${id}" is not listed in units`);
    else wb.collection.set(id, structuredClone(s));
  }
  const periods = new Set(doc.periods);
  const seen = new Map<string, number>();
  const changes: { key: string; after: CellValue }[] = [];

  doc.values.forEach((v, i) => {
    const path = `/values/${i}`;
    const cell = `${v.indicator} ${v.period}`;
    const ind = known.get(v.indicator);
    if (!ind) {
      at('unknown-indicator', path, `指标“${v.indicator}”不在目录或自定义指标中`, `indicator "${v.indicator}" is in neither the catalog nor customIndicators`);
      return;
    }
    if (!periods.has(v.period)) {
      at('unknown-period', path, `年份“${v.period}”不在 periods 中`, `period "${v.period}" is not listed in periods`);
      return;
    }
    if (v.reportingUnit !== undefined && !wb.units.has(v.reportingUnit)) {
      at(
        'unknown-unit',
        path,
        doc.formatVersion === 1 ? `${cell} 的填报单位“${v.reportingUnit}”：第 1 版文件只有全市（city）` : `${cell} 的填报单位“${v.reportingUnit}”不在 units 中`,
        doc.formatVersion === 1 ? `${cell}: reporting unit "${v.reportingUnit}": a version 1 file has the city (city) alone` : `${cell}: reporting unit "${v.reportingUnit}" is not listed in units`,
      );
      return;
    }
    const key = cellKey(v.indicator, v.period, v.reportingUnit ?? CITY);
    const dup = seen.get(key);
    if (dup !== undefined) {
      at('duplicate', path, `${cell} 与 /values/${dup} 重复`, `${cell} repeats /values/${dup}`);
      return;
    }
    seen.set(key, i);
    const unit = wb.index.unitById.get(ind.unit);
    if (!unit) return; // reported above for custom indicators; a catalog's own units are checked by loadCatalog / checkCatalogInvariants
    const after = parseValue(v.raw, ind, unit);
    const expected = { state: after.state, value: storable(after.n), value2: storable(after.n2), qualifier: after.qualifier };
    if (
      expected.state !== v.state ||
      expected.value !== v.value ||
      expected.value2 !== v.value2 ||
      expected.qualifier !== v.qualifier
    ) {
      at(
        'value-mismatch',
        path,
        `${cell} 的原文“${v.raw}”应读作（${describe(expected)}），文件中记录的是（${describe(v)}）`,
        `${cell}: raw "${v.raw}" reads as (${describe(expected)}), but the file records (${describe(v)})`,
      );
      return;
    }
    if (v.raw === '') return; // an empty cell is not stored
    changes.push({ key, after });
    const meta = pickMeta(v);
    if (meta) wb.meta.set(key, meta);
    // earlier texts written by older versions: the start of the figure's change history
    if (v.history?.length) wb.history.set(key, fromEarlierTexts(v.history, v.raw));
  });
  (doc.ruleMarks ?? []).forEach((m, i) => {
    if (!periods.has(m.period)) at('unknown-period', `/ruleMarks/${i}`, `年份“${m.period}”不在 periods 中`, `period "${m.period}" is not listed in periods`);
    else if (m.unit !== undefined && !wb.units.has(m.unit)) at('unknown-unit', `/ruleMarks/${i}`, `单位“${m.unit}”不在 units 中`, `unit "${m.unit}" is not listed in units`);
    else wb.ruleMarks.set(keyOfMark(m), { ...m });
  });
  readAnnotations(doc, wb, known, periods, at);
  if (issues.length) return { workbook: null, issues };
  wb.apply(changes);
  for (const [id, e] of Object.entries(doc.explanations ?? {})) wb.explain(id, e);
  if (doc.importMemory) wb.importMemory = ImportMemory.fromJSON(doc.importMemory);
  return { workbook: wb, issues: [] };
}
