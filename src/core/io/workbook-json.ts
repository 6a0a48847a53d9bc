import type { Catalog, Indicator, Text } from '../model/catalog.ts';
import { cellKey, CITY, parseCellKey, type CellState, type CellValue, type Qualifier } from '../model/value.ts';
import { pickMeta, ruleMarkKey, Workbook, type Explanation, type RuleMark } from '../model/workbook.ts';
import { parseValue } from '../parse/value.ts';
import { formatSchemaErrors } from '../schema/ajv.ts';
import { validateWorkbookFile as validateFile } from '../schema/workbook-validator.ts';
import { FileReadError } from './errors.ts';
import type { ValidationReport } from './report.ts';
import { ImportMemory, type MappingDecision } from '../import/memory.ts';

export const WORKBOOK_FORMAT = 'edu-stats-workbook';
export const WORKBOOK_FORMAT_VERSION = 1;

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
  formatVersion: typeof WORKBOOK_FORMAT_VERSION;
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
  validation?: ValidationReport;
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
export function workbookToJson(wb: Workbook, opts: { validation?: ValidationReport } = {}): WorkbookFile {
  const rank = new Map(wb.index.ordered.map((ind, i) => [ind.id, i]));
  const entries = [...wb.values.entries()]
    .filter(([, v]) => !(v.state === 'empty' && v.raw === ''))
    .map(([key, v]) => {
      const ref = parseCellKey(key);
      const r = rank.get(ref.indicator);
      if (r === undefined) throw new Error(`workbookToJson: value "${key}" has no indicator in the catalog`);
      const p = wb.periods.indexOf(ref.period);
      if (p < 0) throw new Error(`workbookToJson: value "${key}" has a period not in the workbook`);
      return { key, ref, v, r, p };
    })
    .sort((a, b) => a.r - b.r || a.p - b.p || (a.ref.unit < b.ref.unit ? -1 : a.ref.unit > b.ref.unit ? 1 : 0));

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
  if (wb.ruleMarks.size) file.ruleMarks = [...wb.ruleMarks.values()].map((m) => ({ ...m }));
  if (wb.explanations.size) {
    const out: Record<string, Explanation> = Object.create(null) as Record<string, Explanation>;
    for (const id of [...wb.explanations.keys()].sort()) out[id] = { ...wb.explanations.get(id)! };
    file.explanations = out;
  }
  if (wb.importMemory.size) file.importMemory = wb.importMemory.toJSON();
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

/** One problem found in a workbook file: what kind, where (a JSON pointer) and the message naming both. */
export interface WorkbookJsonIssue {
  code: 'schema' | 'custom-indicator' | 'unknown-indicator' | 'unknown-period' | 'duplicate' | 'value-mismatch';
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
  });
  (doc.ruleMarks ?? []).forEach((m, i) => {
    if (!periods.has(m.period)) at('unknown-period', `/ruleMarks/${i}`, `年份“${m.period}”不在 periods 中`, `period "${m.period}" is not listed in periods`);
    else wb.ruleMarks.set(ruleMarkKey(m.rule, m.period), { ...m });
  });
  if (issues.length) return { workbook: null, issues };
  wb.apply(changes);
  for (const [id, e] of Object.entries(doc.explanations ?? {})) wb.explain(id, e);
  if (doc.importMemory) wb.importMemory = ImportMemory.fromJSON(doc.importMemory);
  return { workbook: wb, issues: [] };
}
