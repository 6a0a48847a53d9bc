/**
 * npm run validate -- --round DIR|FILE… [--into WORKBOOK.json] [--year YYYY] [--json] [--lang zh|en]
 *                     [--assign FILE=UNIT | --assign FILE:NAME=UNIT|- …] [--out PATH [--format json|csv|xlsx]]
 *
 * A collection round in one command: every return (CSV, XLSX, the product's JSON; a folder's files, not its
 * subfolders) is read into one workbook — WORKBOOK.json with the unit tree (else the bundled baseline, the
 * city alone) — the way the import dialog reads a batch: each file's unit found from its 填报单位 cell, title,
 * sheet or file name, a unit column, units as columns or as rows (src/core/import). A file whose unit (or a
 * unit name in it) is not sure, that cannot be read, or that gives a figure another file gives differently is
 * listed with the reason and left out: nothing of it is applied. The others are applied as one batch
 * (combinePreviews), derived parents recomputed, and everything validated; the report gives per file the unit
 * found (or "not sure", why), per unit and year the collection board's line (received, errors, warnings,
 * missing, valid / complete, the roll-up's state), and the findings. --out writes the resulting workbook
 * (format by --format, default json). --year is the year of tables that name none (as --period).
 * Exit 0: every file used, no errors; 1: every file used, the figures have errors; 2: a file could not be used
 * (or the arguments), the rest reported all the same.
 *
 * --assign settles by hand what the reader is not sure of (repeatable): FILE=UNIT gives a file without unit
 * names its unit, FILE:NAME=UNIT gives one unit name of a file (a unit column, units as columns or rows) its
 * unit, `-` for UNIT leaving that name's figures out. FILE is a file of the round (as given, or its file
 * name); UNIT an id, code or name (Chinese or English) of the workbook's units, matched exactly. An unknown
 * or ambiguous FILE, NAME or UNIT stops the command before anything is applied (exit 2), naming it and the
 * file. A file given its unit is matched with that unit's own import memory first (the --into workbook's
 * decisions made on that unit's files), as the dialog does. The report marks what was assigned by hand.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { combinePreviews, placeOfCandidate, readAndPreview, roundCommit, type BatchItem, type ImportIssue, type ReadAndPreview } from '../core/import/index.ts';
import { exportWorkbook, validationReportFor, type ExportFormat } from '../core/io/export.ts';
import type { Text } from '../core/model/catalog.ts';
import { unitLabel } from '../core/model/units.ts';
import { parseCellKey } from '../core/model/value.ts';
import type { Workbook } from '../core/model/workbook.ts';
import { deriveAll } from '../core/rules/rollup.ts';
import { assessCompleteness } from '../core/rules/completeness.ts';
import { compileRules } from '../core/rules/validator.ts';
import type { Finding } from '../core/rules/types.ts';
import { boardRows, type BoardRow } from '../core/rules/board.ts';
import { loadFiguresRead, loadRules, readBytes, UsageError } from './figures.ts';
import { write } from './run.ts';

interface RoundArgs {
  inputs: string[];
  into?: string;
  year?: string;
  json: boolean;
  lang: 'zh' | 'en';
  out?: string;
  format: ExportFormat;
  assign: string[];
}

/** The files a round reads: each FILE, and the CSV / XLSX / JSON files of each folder (sorted by name). */
const RETURN_FILE = /\.(?:csv|xlsx|json)$/i;

function roundArgs(argv: string[]): RoundArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        round: { type: 'boolean' },
        into: { type: 'string' },
        year: { type: 'string' },
        period: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        assign: { type: 'string', multiple: true },
      },
    });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '([^']+)'/.exec(m);
    if (unknown) throw new UsageError(`--round 不支持选项 ${unknown[1]} / --round does not take ${unknown[1]}`);
    throw new UsageError(m);
  }
  const v = parsed.values;
  const lang = (v.lang as string | undefined) ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang 应为 zh 或 en / --lang must be zh or en');
  const year = (v.year ?? v.period) as string | undefined;
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year 应为四位年份 / --year must be a four-digit year: ${year}`);
  const format = ((v.format as string | undefined) ?? 'json') as ExportFormat;
  if (!['json', 'csv', 'xlsx'].includes(format)) throw new UsageError('--format 应为 json、csv 或 xlsx / --format must be json, csv or xlsx');
  if (v.format !== undefined && v.out === undefined) throw new UsageError('--format 需要 --out PATH / --format needs --out PATH');
  if (parsed.positionals.length === 0) throw new UsageError('--round 需要文件或文件夹 / --round needs files or a folder');
  return {
    inputs: parsed.positionals,
    ...(v.into !== undefined ? { into: v.into as string } : {}),
    ...(year !== undefined ? { year } : {}),
    json: v.json === true,
    lang,
    ...(v.out !== undefined ? { out: v.out as string } : {}),
    format,
    assign: (v.assign as string[] | undefined) ?? [],
  };
}

/** The return files named: folders listed (not recursed), the --into workbook itself left out. */
export function roundFiles(inputs: readonly string[], into?: string): string[] {
  const out: string[] = [];
  const skip = into !== undefined ? resolve(into) : null;
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new UsageError(`文件不存在：${input} / file not found: ${input}`);
    }
    if (st.isDirectory()) {
      const names = readdirSync(input)
        .filter((n) => RETURN_FILE.test(n))
        .sort();
      for (const n of names) if (statSync(join(input, n)).isFile()) out.push(join(input, n));
    } else out.push(input);
  }
  const files = [...new Set(out)].filter((f) => resolve(f) !== skip);
  if (files.length === 0) throw new UsageError(`没有可读的文件（.csv、.xlsx、.json）：${inputs.join(' ')} / no return files (.csv, .xlsx, .json) in ${inputs.join(' ')}`);
  return files;
}

/** What --assign settles for one file of the round: its unit, or the units of its unit names (null: left out). */
export interface Assignment {
  unit?: string;
  names?: Record<string, string | null>;
}

/** The one unit whose id, code, Chinese or English name `text` is exactly; else a usage error naming it and the file. */
export function unitOfAssign(wb: Workbook, text: string, file: string): string {
  const hits = wb.units.all().filter((u) => u.id === text || u.code === text || u.name.zh === text || u.name.en === text);
  if (hits.length === 1) return hits[0].id;
  if (hits.length === 0) throw new UsageError(`--assign：“${text}”不是已知单位的编号、代码或名称（文件 ${file}） / --assign: "${text}" is no known unit's id, code or name (file ${file})`);
  const list = (lang: 'zh' | 'en') => hits.map((u) => `${unitLabel(u, lang)} (${u.id})`).join(lang === 'zh' ? '、' : ', ');
  throw new UsageError(`--assign：“${text}”可指多个单位：${list('zh')}（文件 ${file}）；请写单位编号 / --assign: "${text}" names several units: ${list('en')} (file ${file}); give the unit's id`);
}

/** The round's files FILE names: its path as given or resolved, or its file name. */
function filesNamed(files: readonly string[], file: string): string[] {
  const abs = resolve(file);
  return files.filter((f) => f === file || resolve(f) === abs || basename(f) === file);
}

/**
 * The --assign arguments (FILE=UNIT, FILE:NAME=UNIT, FILE:NAME=-) resolved against the round's files and the
 * workbook's units, by file path. Whatever names no file, no unit or several is a usage error naming it.
 */
export function resolveAssignments(wb: Workbook, files: readonly string[], specs: readonly string[]): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--assign 应为 FILE=UNIT 或 FILE:NAME=UNIT：${spec} / --assign must be FILE=UNIT or FILE:NAME=UNIT: ${spec}`);
    const left = spec.slice(0, eq);
    const unit = spec.slice(eq + 1);
    // FILE; else FILE:NAME, split at the first ':' whose left side names a file of the round
    let named = filesNamed(files, left);
    let name: string | undefined;
    for (let i = left.indexOf(':'); named.length === 0 && i > 0; i = left.indexOf(':', i + 1)) {
      named = filesNamed(files, left.slice(0, i));
      if (named.length) name = left.slice(i + 1);
    }
    if (named.length === 0) throw new UsageError(`--assign：“${left}”不是本轮的文件 / --assign: "${left}" is no file of the round`);
    const fileText = name === undefined ? left : left.slice(0, left.length - name.length - 1);
    if (named.length > 1) throw new UsageError(`--assign：“${fileText}”可指多个文件：${named.join('、')}；请写路径 / --assign: "${fileText}" names several files: ${named.join(', ')}; give its path`);
    const file = named[0];
    const a = out.get(file) ?? {};
    out.set(file, a);
    if (name === undefined) {
      if (unit === '-') throw new UsageError(`--assign：文件 ${fileText} 的单位不能是“-”；不导入该文件请不要列出它 / --assign: a file's unit cannot be "-" (${fileText}); to leave the file out, do not name it`);
      const id = unitOfAssign(wb, unit, fileText);
      if (a.unit !== undefined && a.unit !== id) throw new UsageError(`--assign：文件 ${fileText} 被指定了两个单位 / --assign: file ${fileText} is given two units`);
      a.unit = id;
    } else {
      if (name === '') throw new UsageError(`--assign：${spec} 缺少单位名称 / --assign: ${spec} lacks the unit name`);
      const id = unit === '-' ? null : unitOfAssign(wb, unit, fileText);
      a.names ??= Object.create(null) as Record<string, string | null>;
      if (Object.hasOwn(a.names, name) && a.names[name] !== id) throw new UsageError(`--assign：文件 ${fileText} 中的“${name}”被指定了两个单位 / --assign: "${name}" in file ${fileText} is given two units`);
      a.names[name] = id;
    }
  }
  return out;
}

/**
 * Whether an assignment fits what the file holds: a unit for a file without unit names, units for names it
 * has. Checked once the file's units were read (a file that failed earlier is left out for its own reason).
 */
function checkAssignment(a: Assignment, read: ReadAndPreview['read'], file: string): void {
  if (read.unitChoice === undefined) return;
  const names = read.unitNames?.map((n) => n.text);
  if (a.unit !== undefined && names) {
    throw new UsageError(
      `--assign：文件 ${file} 中有多个单位名称（${names.join('、')}），不能整体指定单位；请用 --assign ${file}:名称=UNIT / --assign: file ${file} holds unit names (${names.join(', ')}), not one unit; use --assign ${file}:NAME=UNIT`,
    );
  }
  for (const name of Object.keys(a.names ?? {})) {
    if (!names) throw new UsageError(`--assign：文件 ${file} 中没有单位名称，没有“${name}”；请用 --assign ${file}=UNIT / --assign: file ${file} holds no unit names, so no "${name}"; use --assign ${file}=UNIT`);
    if (!names.includes(name)) throw new UsageError(`--assign：文件 ${file} 中没有单位名称“${name}”（有：${names.join('、')}） / --assign: file ${file} has no unit name "${name}" (it has: ${names.join(', ')})`);
  }
}

/** One file of the round as reported. */
export interface RoundFile {
  file: string;
  /** Used: its figures were applied. */
  used: boolean;
  /** The unit of a file without unit names (null: not sure). */
  unit?: string | null;
  /** Its unit, or a unit name's, was given by hand (--assign). */
  assigned?: true;
  /** Where the unit was found ("填报单位（A2）", "文件名" …). */
  foundIn?: Text[];
  /** Unit names in the file (a unit column, units as columns or rows) and the unit each is (null: left out or not sure). */
  unitNames?: { text: string; unit: string | null; role?: string; assigned?: true }[];
  layout: string | null;
  periods: string[];
  counts: { new: number; changed: number; unchanged: number };
  /** Why the file was not used (or what blocks it): the reader's errors, a conflict with another file. */
  errors: Text[];
  warnings: number;
}

/** Reads every file against the workbook; the usable ones combined and applied as one batch. */
export async function runRound(wb: Workbook, files: readonly string[], year: string | undefined, now: string, assigned: ReadonlyMap<string, Assignment> = new Map()): Promise<{ files: RoundFile[]; applied: number }> {
  const results: { file: string; name: string; r: ReadAndPreview | null; failure?: Text; a?: Assignment }[] = [];
  for (const file of files) {
    const name = basename(file);
    const a = assigned.get(file);
    let r: ReadAndPreview;
    try {
      const bytes = readBytes(file);
      r = await readAndPreview(bytes, name, wb, { ...(year !== undefined ? { period: year } : {}), ...(a?.unit !== undefined ? { unit: a.unit } : {}), ...(a?.names ? { unitChoices: a.names } : {}) });
    } catch (e) {
      const m = e instanceof UsageError ? e.message : String((e as Error)?.message ?? e);
      const [zh, ...en] = m.split(' / ');
      results.push({ file, name, r: null, failure: { zh, en: en.join(' / ') || zh } });
      continue;
    }
    // an assignment that does not fit the file stops the round before anything is applied
    if (a) checkAssignment(a, r.read, name);
    results.push({ file, name, r, ...(a ? { a } : {}) });
  }
  // files that read cleanly, then the cells two of them give differently: the later file is left out
  let usable = results.filter((x) => x.r && x.r.read.errors.length === 0 && x.r.preview.canCommit);
  const conflicts = new Map<string, ImportIssue[]>();
  for (;;) {
    const batch = combinePreviews(usable.map((x) => ({ file: x.name, preview: x.r!.preview })));
    const clash = batch.errors.filter((e) => e.code === 'duplicate-conflict');
    if (clash.length === 0) break;
    const out = clash[0].file;
    conflicts.set(out, clash.filter((e) => e.file === out));
    usable = usable.filter((x) => x.name !== out);
  }
  const items: BatchItem[] = usable.map((x) => ({ file: x.name, preview: x.r!.preview }));
  const batch = combinePreviews(items);
  for (const p of batch.newPeriods) wb.addPeriod(p);
  wb.apply(batch.changes);
  for (const [k, m] of batch.meta) wb.meta.set(k, m);
  for (const [unit, received] of roundCommit(batch, [], now).received) wb.collection.set(unit, { ...wb.collection.get(unit), received });
  const used = new Set(usable.map((x) => x.name));
  const report = results.map(({ name, r, failure, a }): RoundFile => {
    if (!r) return { file: name, used: false, layout: null, periods: [], counts: { new: 0, changed: 0, unchanged: 0 }, errors: [failure!], warnings: 0 };
    const counts = { new: 0, changed: 0, unchanged: 0 };
    for (const c of r.preview.cells) counts[c.status]++;
    const errors = [...r.read.errors, ...r.preview.errors, ...(conflicts.get(name) ?? [])].map((e) => e.message);
    const out: RoundFile = { file: name, used: used.has(name), ...(a ? { assigned: true as const } : {}), layout: r.read.layout, periods: r.read.periods, counts, errors, warnings: r.read.warnings.length };
    if (r.read.unitNames) {
      out.unitNames = r.read.unitNames.map((n) => {
        const chosen = r.read.unitChoice?.names && Object.hasOwn(r.read.unitChoice.names, n.text) ? r.read.unitChoice.names[n.text] : null;
        return { text: n.text, unit: chosen, ...(n.role ? { role: n.role } : {}), ...(a?.names && Object.hasOwn(a.names, n.text) ? { assigned: true as const } : {}) };
      });
    } else if (r.read.unitChoice) {
      out.unit = r.read.unitChoice.file ?? null;
      // the places that named the unit; when not sure, each candidate with its place
      const chosen = out.unit;
      out.foundIn = (r.read.unitGuess?.candidates ?? []).map((c) =>
        c.unit === chosen
          ? { zh: placeOfCandidate(c, 'zh'), en: placeOfCandidate(c, 'en') }
          : { zh: `${wb.units.get(c.unit)?.name.zh ?? c.unit}：${placeOfCandidate(c, 'zh')}`, en: `${wb.units.label(c.unit, 'en')}: ${placeOfCandidate(c, 'en')}` },
      );
    }
    return out;
  });
  return { files: report, applied: batch.changes.length };
}

const unitText = (wb: Workbook, id: string | null | undefined, lang: 'zh' | 'en'): string => (id ? wb.units.label(id, lang) : lang === 'zh' ? '不能确定' : 'not sure');

function rollupText(r: BoardRow['rollup'], lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (r.kind) {
    case 'ok':
      return zh ? '相符' : 'adds up';
    case 'failed':
      return zh ? `${r.n} 项不符` : `${r.n} mismatches`;
    case 'partial':
      return zh ? `${r.n} 项无法核对` : `${r.n} not checkable`;
    case 'derived':
      return zh ? '汇总生成' : 'derived';
    case 'none':
      return '—';
  }
}

function compactFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    unit: f.unit ?? 'city',
    kind: f.kind,
    severity: f.severity,
    period: f.period,
    cells: f.cells.map((k) => {
      const c = parseCellKey(k);
      return { indicator: c.indicator, period: c.period, unit: c.unit };
    }),
    message: f.message,
  };
}

/** The round command (validate.ts hands --round to it); returns the exit code. */
export async function roundMain(argv: string[]): Promise<number> {
  const args = roundArgs(argv);
  const files = roundFiles(args.inputs, args.into);
  const { wb } = await loadFiguresRead(args.into, {}, (line) => process.stderr.write(`${line}\n`));
  const rules = loadRules(undefined, wb.catalog);
  const assigned = resolveAssignments(wb, files, args.assign);
  const round = await runRound(wb, files, args.year, new Date().toISOString(), assigned);
  // derived parents follow their units, as in the app's undo step
  wb.apply(deriveAll(wb, rules));
  const validator = compileRules(rules, wb);
  const all = validator.validateAll();
  const isDerived = (id: string) => wb.units.get(id)?.mode === 'derived' && wb.units.isParent(id);
  const rollupChecked = all.outcomes.some((o) => o.ruleId.startsWith('rollup.'));
  const done = assessCompleteness(wb, all.findings, all.counts);
  const years = [...new Set(round.files.flatMap((f) => (f.used ? f.periods : [])))].sort();
  const boards = years.map((p) => ({ period: p, rows: boardRows(wb, all.findings, p, isDerived, rollupChecked, done) }));
  const unusable = round.files.filter((f) => !f.used);
  const failed = all.findings.filter((f) => f.outcome === 'failed' && (years.length === 0 || years.includes(f.period)));
  const code = unusable.length ? 2 : all.counts.error > 0 ? 1 : 0;
  if (args.out !== undefined) {
    const report = validationReportFor(wb, rules, new Date().toISOString());
    const { bytes } = await exportWorkbook(wb, args.format, { lang: args.lang, validation: report });
    try {
      writeFileSync(args.out, bytes);
    } catch (e) {
      throw new UsageError(`无法写入 ${args.out} / cannot write ${args.out}: ${(e as Error).message}`);
    }
  }
  const lang = args.lang;
  if (args.json) {
    const out = {
      round: true,
      into: args.into ?? null,
      year: args.year ?? null,
      files: round.files,
      assigned: round.files.filter((f) => f.assigned).map((f) => f.file),
      applied: round.applied,
      units: boards.map((b) => ({
        period: b.period,
        rows: b.rows.map((r) => ({
          unit: r.unit.id,
          name: r.unit.name,
          level: r.unit.level,
          received: r.received ?? null,
          errors: r.errors,
          warnings: r.warnings,
          missing: r.missing.length,
          completeness: r.completeness,
          valid: r.valid,
          complete: r.complete,
          rollup: r.rollup,
        })),
      })),
      valid: all.counts.error === 0,
      allFilesUsed: unusable.length === 0,
      counts: all.counts,
      findings: failed.map(compactFinding),
      ...(args.out !== undefined ? { out: args.out } : {}),
    };
    await write(process.stdout, JSON.stringify(out, null, 2) + '\n');
    return code;
  }
  const zh = lang === 'zh';
  const lines: string[] = [];
  lines.push(zh ? `文件（${round.files.length}）` : `Files (${round.files.length})`);
  const byHand = zh ? '〔人工指定〕' : ' [assigned by hand]';
  for (const f of round.files) {
    const nameUnit = (n: NonNullable<RoundFile['unitNames']>[number]) =>
      n.unit ? unitText(wb, n.unit, lang) : n.role && !n.assigned ? (zh ? '不导入（小计）' : 'left out (subtotal)') : n.assigned ? (zh ? '不导入' : 'left out') : unitText(wb, null, lang);
    const unit = f.unitNames
      ? f.unitNames.map((n) => `${n.text}→${nameUnit(n)}${n.assigned ? byHand : ''}`).join(zh ? '、' : ', ')
      : `${unitText(wb, f.unit, lang)}${f.assigned ? byHand : ''}${f.foundIn?.length ? `（${f.foundIn.map((x) => x[lang]).join(zh ? '、' : ', ')}）` : ''}`;
    const counts = zh ? `新增 ${f.counts.new}，修改 ${f.counts.changed}，不变 ${f.counts.unchanged}` : `${f.counts.new} new, ${f.counts.changed} changed, ${f.counts.unchanged} unchanged`;
    lines.push(`  ${f.used ? '✓' : '✖'} ${f.file} → ${unit}${f.used ? ` — ${counts}` : zh ? ' — 未导入' : ' — not imported'}`);
    for (const e of f.errors) lines.push(`      ${e[lang]}`);
  }
  for (const b of boards) {
    lines.push('');
    lines.push(zh ? `各单位（${b.period}年）：收到 · 错误 · 警告 · 缺数 · 状态 · 汇总` : `Units (${b.period}): received · errors · warnings · missing · state · roll-up`);
    for (const r of b.rows) {
      const state = `${r.valid ? (zh ? '有效' : 'valid') : zh ? '有错误' : 'errors'}${r.complete ? (zh ? '、完整' : ', complete') : zh ? '、不完整' : ', incomplete'}`;
      const indent = r.unit.level === 'city' ? '' : r.unit.level === 'county' ? '  ' : '    ';
      lines.push(`  ${indent}${unitLabel(r.unit, lang)} · ${r.received ? (zh ? '已收到' : 'received') : zh ? '未收到' : 'not received'} · ${r.errors} · ${r.warnings} · ${r.missing.length} · ${state} · ${rollupText(r.rollup, lang)}`);
    }
  }
  const handFiles = round.files.filter((f) => f.assigned);
  if (handFiles.length) {
    lines.push('');
    lines.push(zh ? `人工指定单位的文件（${handFiles.length}）：${handFiles.map((f) => f.file).join('、')}` : `Files whose units were assigned by hand (${handFiles.length}): ${handFiles.map((f) => f.file).join(', ')}`);
  }
  const errors = failed.filter((f) => f.severity === 'error');
  if (errors.length) {
    lines.push('');
    lines.push(zh ? `错误（${errors.length}）` : `Errors (${errors.length})`);
    for (const f of errors) lines.push(`  [${f.ruleId}] ${f.period} — ${f.message[lang]}`);
  }
  lines.push('');
  const c = all.counts;
  lines.push(
    zh
      ? `本轮：${round.files.length} 个文件，导入 ${round.files.length - unusable.length} 个${unusable.length ? `，${unusable.length} 个未导入` : ''}；错误 ${c.error}，警告 ${c.warning}，无法计算 ${c.notComputable}，通过 ${c.passed}`
      : `Round: ${round.files.length} files, ${round.files.length - unusable.length} imported${unusable.length ? `, ${unusable.length} not imported` : ''}; errors ${c.error}, warnings ${c.warning}, not computable ${c.notComputable}, passed ${c.passed}`,
  );
  await write(process.stdout, lines.join('\n') + '\n');
  return code;
}
