/**
 * What the command-line tools share: load the bundled catalog, the 2019 baseline and the rule set,
 * read a file of figures (workbook JSON, or CSV/XLSX through the import pipeline) and apply it onto
 * the baseline. A file that cannot be used ends as a UsageError or DataFileError, which `failureText`
 * turns into the message printed before exit 2.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CATALOG } from '../core/data/catalog.ts';
import { BASELINE_2019_FILE, BASELINE_2019_JSON } from '../core/data/baseline.ts';
import { DataFileError } from '../core/data/errors.ts';
import { workbookFromJson } from '../core/io/workbook-json.ts';
import { fileSizeIssue, ImportMemory, readFigures, type FiguresRead, type MappingDecision } from '../core/import/index.ts';
import { workbookJsonIssues } from '../core/import/json.ts';
import type { Workbook } from '../core/model/workbook.ts';
import { loadRuleFile } from '../core/rules/load.ts';
import type { RuleFile } from '../core/rules/types.ts';
import type { Catalog } from '../core/model/catalog.ts';
import { UnitTree, unitLabel, type ReportingUnit } from '../core/model/units.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The full rule set, once it exists; until then only the per-value checks run (HOOK: see loadRules). */
export const RULES_FILE = resolve(ROOT, 'data/rules.json');

/** Bad arguments or an input file that cannot be read; the message (Chinese / English) says why. */
export class UsageError extends Error {}

export interface FiguresOptions {
  /** XLSX: the sheet to read (otherwise the one holding the table). */
  sheet?: string;
  /** A label + value table without years: the year its values belong to (found in the title, sheet or file name when not given). */
  period?: string;
  /** --mapping FILE: an import memory (MappingDecision[] JSON) consulted first when matching rows. */
  mapping?: string;
  /** --save-mapping FILE: writes the decisions of this import (and those of --mapping) as an import memory. */
  saveMapping?: string;
}

/** What every command takes: one input FILE (optional), --lang, --sheet and --period. */
export interface CommonArgs extends FiguresOptions {
  file?: string;
  lang: 'zh' | 'en';
}

/**
 * Parses FILE, the common options and the command's own (`own`: option name → string or boolean flag)
 * with node:util parseArgs; bad usage is a UsageError that says what was wrong in Chinese and English.
 */
export function parseCommandLine<K extends string>(
  argv: string[],
  own: Record<K, 'string' | 'boolean'>,
): CommonArgs & { own: Partial<Record<K, string | boolean>> } {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    lang: { type: 'string' },
    sheet: { type: 'string' },
    period: { type: 'string' },
    mapping: { type: 'string' },
    'save-mapping': { type: 'string' },
  };
  for (const [name, type] of Object.entries<'string' | 'boolean'>(own)) options[name] = { type };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '([^']+)'/.exec(m);
    if (unknown) throw new UsageError(`未知选项 ${unknown[1]} / unknown option ${unknown[1]}`);
    const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(m);
    if (missing) throw new UsageError(`${missing[1]} 缺少取值 / ${missing[1]} needs a value`);
    throw new UsageError(m);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`只能给一个输入文件 / only one input file: ${positionals[1]}`);
  const lang = (values.lang as string | undefined) ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang 应为 zh 或 en / --lang must be zh or en');
  const period = values.period as string | undefined;
  if (period !== undefined && !/^\d{4}$/.test(period)) throw new UsageError(`--period 应为四位年份 / --period must be a four-digit year: ${period}`);
  const out: CommonArgs & { own: Partial<Record<K, string | boolean>> } = { lang, own: {} };
  if (positionals[0] !== undefined) out.file = positionals[0];
  if (values.sheet !== undefined) out.sheet = values.sheet as string;
  if (period !== undefined) out.period = period;
  if (values.mapping !== undefined) out.mapping = values.mapping as string;
  if (values['save-mapping'] !== undefined) out.saveMapping = values['save-mapping'] as string;
  for (const name of Object.keys(own) as K[]) if (values[name] !== undefined) out.own[name] = values[name] as string | boolean;
  return out;
}

/**
 * The rule set: FILE when given (a rule file a statistician wrote), else the bundled data/rules.json,
 * else an empty set so that only the per-value checks run. A rule file that cannot be used throws.
 * Its indicator ids are checked against `catalog`: pass the workbook's, so a rule file may name the
 * workbook's custom indicators.
 */
export function loadRules(file?: string, catalog: Catalog = CATALOG): RuleFile {
  if (file !== undefined) {
    const text = new TextDecoder().decode(readBytes(file));
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new UsageError(`${file} 不是有效的 JSON / ${file} is not valid JSON: ${(e as Error).message}`);
    }
    return loadRuleFile(json, catalog, file);
  }
  // HOOK: data/rules.json is the rule engine's full rule set; without it the tools still run the value checks.
  if (!existsSync(RULES_FILE)) return { version: 'value-checks-only', rules: [] };
  return loadRuleFile(JSON.parse(readFileSync(RULES_FILE, 'utf8')), catalog, 'data/rules.json');
}

/** A fresh workbook holding the bundled 2019 baseline. */
export function baselineWorkbook(): Workbook {
  return workbookFromJson(BASELINE_2019_JSON, CATALOG, BASELINE_2019_FILE);
}

/** Applies a workbook's figures (and meta) onto another, adding its periods and custom indicators. */
export function applyOnto(base: Workbook, input: Workbook): void {
  const custom = input.catalog.indicators.filter((i) => !base.index.byId.has(i.id));
  if (custom.length) base.setCatalog({ ...base.catalog, indicators: [...base.catalog.indicators, ...custom] });
  for (const p of input.periods) base.addPeriod(p);
  base.apply([...input.values].map(([key, after]) => ({ key, after })));
  for (const [key, m] of input.meta) base.meta.set(key, m);
  for (const [id, e] of input.explanations) base.explain(id, e);
  // a file with reporting units brings its tree (the baseline has the city alone) and its collection round
  if (input.units.size > 1) base.units = new UnitTree(input.units.toJSON());
  for (const [id, c] of input.collection) base.collection.set(id, structuredClone(c));
  // and its import memory (the round's --into workbook: its units' own decisions match their files)
  for (const d of input.importMemory.toJSON()) base.importMemory.set(d);
}

/**
 * --unit ID|NAME: the one reporting unit an id, name, alias or code names; a UsageError naming the
 * matches when it is ambiguous, or the units there are when it names none.
 */
export function resolveUnit(wb: Workbook, text: string): ReportingUnit {
  const byId = wb.units.get(text);
  if (byId) return byId;
  const hits = wb.units.find(text);
  if (hits.length === 1) return hits[0];
  const list = (us: ReportingUnit[]) => us.map((u) => `${u.id}（${u.name.zh}）`).join('、');
  const listEn = (us: ReportingUnit[]) => us.map((u) => `${u.id} (${unitLabel(u, 'en')})`).join(', ');
  if (hits.length > 1) throw new UsageError(`--unit “${text}” 对应多个单位：${list(hits)}，请用代号 / --unit "${text}" matches several units: ${listEn(hits)}; use the id`);
  const all = wb.units.all();
  throw new UsageError(`没有单位“${text}”；本文件的单位：${list(all)} / no unit "${text}"; the file's units: ${listEn(all)}`);
}

/** Reads FILE after checking from its size (fs.stat, before reading) that it is within the import limit. */
export function readBytes(file: string): Uint8Array {
  let isFile: boolean;
  let size: number;
  try {
    const st = statSync(file);
    isFile = st.isFile();
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`文件不存在：${file} / file not found: ${file}`);
    throw new UsageError(`无法读取 ${file} / cannot read ${file}: ${(e as Error).message}`);
  }
  if (!isFile) throw new UsageError(`${file} 不是文件（可能是目录）/ ${file} is not a file (a directory?)`);
  const big = fileSizeIssue(file, size);
  if (big) throw new DataFileError(file, [big.message]);
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`无法读取 ${file} / cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Reads FILE and applies its figures onto `wb`. Warnings of the import pipeline go to `warn`;
 * a file that cannot be used throws UsageError (unreadable, not JSON) or DataFileError (schema, import errors).
 */
export async function applyFile(wb: Workbook, file: string, opts: FiguresOptions = {}, warn: (line: string) => void = () => {}): Promise<FiguresRead | null> {
  const bytes = readBytes(file);
  if (!/\.json$/i.test(file)) return applyTable(wb, bytes, file, opts, warn);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${file} 不是 UTF-8 文本（二进制文件？）/ ${file} is not UTF-8 text (a binary file?)`);
  }
  if (text.includes('\u0000')) throw new UsageError(`${file} 含有 NUL 字节，是二进制文件 / ${file} contains NUL bytes: a binary file, not JSON`);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${file} 不是有效的 JSON / ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const over = workbookJsonIssues(json, file);
  if (over.length) throw new DataFileError(file, over.map((i) => i.message));
  applyOnto(wb, workbookFromJson(json, wb.catalog, file));
  return null;
}

/** Reads an import memory file (--mapping): a JSON list of MappingDecision; a bad file is a UsageError. */
export function readMemoryFile(file: string): ImportMemory {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(readBytes(file)).replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file} 不是有效的 JSON / ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(json) ? json : (json as { importMemory?: unknown } | null)?.importMemory;
  const ok = (d: unknown): d is MappingDecision => {
    const x = d as Partial<MappingDecision> | null;
    return (
      typeof x === 'object' && x !== null && typeof x.label === 'string' && x.label.trim() !== '' &&
      (x.unit === null || typeof x.unit === 'string') && (x.indicator === null || typeof x.indicator === 'string') &&
      (x.how === 'user' || x.how === 'new' || x.how === 'left-out') && (x.context === undefined || typeof x.context === 'string')
    );
  };
  if (!Array.isArray(list)) throw new UsageError(`${file}：应为名称对照列表（JSON 数组）/ ${file}: expected a list of mapping decisions (a JSON array)`);
  const bad = list.findIndex((d) => !ok(d));
  if (bad >= 0) {
    throw new UsageError(
      `${file} 第 ${bad + 1} 项不是有效的名称对照（需要 label、unit、indicator、how = user | new | left-out）/ ${file} item ${bad + 1} is not a mapping decision (label, unit, indicator, how = user | new | left-out)`,
    );
  }
  return ImportMemory.fromJSON(list);
}

/** The decisions an import made, as memory entries: every row's indicator, or left out (what --save-mapping writes). */
export function decisionsOf(read: FiguresRead): MappingDecision[] {
  return read.mapping.map((m) => {
    const d: MappingDecision = { label: m.label, unit: m.unit ?? null, indicator: m.indicatorId, how: m.indicatorId === null ? 'left-out' : 'user' };
    if (m.context) d.context = m.context;
    return d;
  });
}

/** The import object of the --json output: one entry per data row of the file (indicator null when left out). */
export function importSummary(read: FiguresRead) {
  const byRow = new Map<number, FiguresRead['mapping'][number]>();
  for (const m of read.mapping) for (const r of m.rows) byRow.set(r, m);
  const rows = (read.lines ?? [])
    .filter((l) => l.hasValues)
    .map((l) => {
      const m = byRow.get(l.row);
      // a unit-rows table's indicator is a column header: its header row and column
      const at = l.column !== undefined ? { row: read.headerRow, column: l.column } : { row: l.row };
      return { ...at, label: l.label, unit: m?.unit ?? l.unit ?? null, indicator: m?.indicatorId ?? null, how: m?.how ?? 'none' };
    });
  return {
    file: read.file,
    sheet: read.kind === 'csv' ? null : read.sheet,
    period: read.periods.length === 1 ? read.periods[0] : null,
    periods: read.periods,
    periodSource: read.periodSource ?? (read.periods.length ? 'header' : null),
    rows,
  };
}

/** Reads a CSV/XLSX file with the import pipeline and applies its figures; blocking problems throw DataFileError. */
async function applyTable(wb: Workbook, bytes: Uint8Array, file: string, opts: FiguresOptions, warn: (line: string) => void): Promise<FiguresRead> {
  const memory = opts.mapping !== undefined ? readMemoryFile(opts.mapping) : wb.importMemory;
  const read = await readFigures(bytes, file, wb.catalog, {
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(opts.period !== undefined ? { period: opts.period } : {}),
    memory,
  });
  for (const w of read.warnings) warn(`警告 / warning: ${w.message.zh}\n  ${w.message.en}`);
  if (read.errors.length) throw new DataFileError(file, read.errors.map((e) => e.message));
  if (read.periodSource && read.periodSource !== 'option') {
    const where = { title: ['标题', 'the title'], sheet: ['工作表名', 'the sheet name'], file: ['文件名', 'the file name'] }[read.periodSource];
    warn(`年份 ${read.periods[0]} 取自${where[0]}（可用 --period 指定）/ year ${read.periods[0]} taken from ${where[1]} (--period overrides)`);
  }
  for (const p of read.periods) wb.addPeriod(p);
  wb.apply(read.cells.map((c) => ({ key: c.key, after: c.after })));
  for (const d of decisionsOf(read)) memory.set(d);
  wb.importMemory = memory;
  if (opts.saveMapping !== undefined) {
    try {
      writeFileSync(opts.saveMapping, JSON.stringify(memory.toJSON(), null, 2) + '\n');
    } catch (e) {
      throw new UsageError(`无法写入 ${opts.saveMapping} / cannot write ${opts.saveMapping}: ${(e as Error).message}`);
    }
  }
  return read;
}

/** The baseline with FILE's figures applied (just the baseline without a file). */
export async function loadFigures(file: string | undefined, opts: FiguresOptions = {}, warn?: (line: string) => void): Promise<Workbook> {
  return (await loadFiguresRead(file, opts, warn)).wb;
}

/** loadFigures, also returning how a CSV/XLSX file was read (null for workbook JSON or no file). */
export async function loadFiguresRead(file: string | undefined, opts: FiguresOptions = {}, warn?: (line: string) => void): Promise<{ wb: Workbook; read: FiguresRead | null }> {
  const wb = baselineWorkbook();
  const read = file !== undefined ? await applyFile(wb, file, opts, warn) : null;
  return { wb, read };
}

/** The text printed for a failure before exit 2: the issues of a data file, a usage message, or the stack of a bug. */
export function failureText(e: unknown): string {
  if (e instanceof DataFileError) {
    const head = `无法使用 ${e.file} / cannot use ${e.file}:`;
    return `${head}\n${e.issues.map((i) => `${i.zh}\n  ${i.en}`).join('\n')}\n`;
  }
  if (e instanceof UsageError) return `${e.message}\n`;
  return `${(e as Error)?.stack ?? String(e)}\n`;
}
