/**
 * npm run export -- [FILE] --format json|csv|xlsx --out PATH [--lang zh|en] [--sheet NAME] [--period YEAR]
 *
 * Loads the bundled catalog and the 2019 baseline, applies FILE's figures onto it, validates and writes
 * the export. FILE is a workbook JSON file (read strictly by workbookFromJson: every raw re-parsed), or a
 * CSV/XLSX file read by the import pipeline exactly as the import dialog reads it (names matched
 * automatically; --sheet picks an XLSX sheet, --period the year of a label + value table).
 * Exit 0: written, no errors in the data; 1: written, the data has errors (the file says so);
 * 2: nothing written, the input or the arguments could not be used (the message says why).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../core/data/catalog.ts';
import { BASELINE_2019_FILE, BASELINE_2019_JSON } from '../core/data/baseline.ts';
import { DataFileError } from '../core/data/errors.ts';
import type { Lang } from '../core/i18n/format.ts';
import { exportWorkbook, validationReportFor, type ExportFormat } from '../core/io/export.ts';
import { workbookFromJson } from '../core/io/workbook-json.ts';
import { readFigures } from '../core/import/index.ts';
import type { Workbook } from '../core/model/workbook.ts';
import { loadRuleFile } from '../core/rules/load.ts';
import type { RuleFile } from '../core/rules/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The full rule set, once it exists; until then only the per-value checks run (HOOK: see loadRules). */
const RULES_FILE = resolve(ROOT, 'data/rules.json');

class UsageError extends Error {}

interface Args {
  file?: string;
  format: ExportFormat;
  out: string;
  lang: Lang;
  sheet?: string;
  period?: string;
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let sheet: string | undefined;
  let period: string | undefined;
  let format: string | undefined;
  let out: string | undefined;
  let lang = 'zh';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} 缺少取值 / ${a} needs a value`);
      return v;
    };
    if (a === '--format') format = next();
    else if (a === '--out') out = next();
    else if (a === '--lang') lang = next();
    else if (a === '--sheet') sheet = next();
    else if (a === '--period') period = next();
    else if (a.startsWith('--')) throw new UsageError(`未知选项 ${a} / unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`只能给一个输入文件 / only one input file: ${a}`);
  }
  if (format !== 'json' && format !== 'csv' && format !== 'xlsx') throw new UsageError('--format 应为 json、csv 或 xlsx / --format must be json, csv or xlsx');
  if (!out) throw new UsageError('缺少 --out PATH / missing --out PATH');
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang 应为 zh 或 en / --lang must be zh or en');
  return { file, format, out, lang, ...(sheet !== undefined ? { sheet } : {}), ...(period !== undefined ? { period } : {}) };
}

function loadRules(): RuleFile {
  // HOOK: data/rules.json is the rule engine's full rule set; without it the export still runs the value checks.
  if (!existsSync(RULES_FILE)) return { version: 'value-checks-only', rules: [] };
  return loadRuleFile(JSON.parse(readFileSync(RULES_FILE, 'utf8')), CATALOG, 'data/rules.json');
}

/** Applies a file's figures (and meta) onto the baseline, adding its periods and custom indicators. */
function applyOnto(base: Workbook, input: Workbook): void {
  const custom = input.catalog.indicators.filter((i) => !base.index.byId.has(i.id));
  if (custom.length) base.setCatalog({ ...base.catalog, indicators: [...base.catalog.indicators, ...custom] });
  for (const p of input.periods) base.addPeriod(p);
  base.apply([...input.values].map(([key, after]) => ({ key, after })));
  for (const [key, m] of input.meta) base.meta.set(key, m);
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG, BASELINE_2019_FILE);
  if (args.file) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(args.file);
    } catch (e) {
      throw new UsageError(`无法读取 ${args.file} / cannot read ${args.file}: ${(e as Error).message}`);
    }
    if (!/\.json$/i.test(args.file)) {
      await applyTable(wb, bytes, args);
      return finish(wb, args);
    }
    const text = new TextDecoder().decode(bytes);
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new UsageError(`${args.file} 不是有效的 JSON / ${args.file} is not valid JSON: ${(e as Error).message}`);
    }
    applyOnto(wb, workbookFromJson(json, wb.catalog, args.file));
  }
  return finish(wb, args);
}

/** Reads a CSV/XLSX file with the import pipeline and applies its figures; blocking problems end with exit 2. */
async function applyTable(wb: Workbook, bytes: Uint8Array, args: Args): Promise<void> {
  const file = args.file ?? '';
  const read = await readFigures(bytes, file, wb.catalog, {
    ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
    ...(args.period !== undefined ? { period: args.period } : {}),
  });
  for (const w of read.warnings) process.stderr.write(`警告 / warning: ${w.message.zh}\n  ${w.message.en}\n`);
  if (read.errors.length) throw new DataFileError(file, read.errors.map((e) => e.message));
  for (const p of read.periods) wb.addPeriod(p);
  wb.apply(read.cells.map((c) => ({ key: c.key, after: c.after })));
}

async function finish(wb: Workbook, args: Args): Promise<number> {
  const report = validationReportFor(wb, loadRules(), new Date().toISOString());
  const { bytes } = await exportWorkbook(wb, args.format, { lang: args.lang, validation: report });
  writeFileSync(args.out, bytes);
  const c = report.counts;
  process.stdout.write(
    `${args.out}: ${report.valid ? '有效 / valid' : '有错误 / has errors'} — error ${c.error}, warning ${c.warning}, not computable ${c.notComputable}, passed ${c.passed}\n`,
  );
  return report.valid ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof DataFileError) process.stderr.write(`${e.issues.map((i) => `${i.zh}\n  ${i.en}`).join('\n')}\n`);
    else if (e instanceof UsageError) process.stderr.write(`${e.message}\n`);
    else process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(2);
  },
);
