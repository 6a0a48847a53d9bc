/**
 * npm run export -- [FILE] --format json|csv|xlsx --out PATH [--lang zh|en] [--sheet NAME] [--period YEAR]
 *                   [--mapping MEMORY.json] [--save-mapping MEMORY.json]   (as in validate.ts; the exported
 *                   workbook JSON carries the import memory)
 *                   [--unit ID|NAME | --level city|county|school]   (a workbook with reporting units: export
 *                   one unit's figures, or every unit of one level, with their part of the validation report)
 *
 * Loads the bundled catalog and the 2019 baseline, applies FILE's figures onto it, validates and writes
 * the export. FILE is a workbook JSON file (read strictly by workbookFromJson: every raw re-parsed), or a
 * CSV/XLSX file read by the import pipeline exactly as the import dialog reads it (names matched
 * automatically; --sheet picks an XLSX sheet, --period the year of a label + value table).
 * Exit 0: written, no errors in the data; 1: written, the data has errors (the file says so);
 * 2: nothing written, the input or the arguments could not be used (the message says why).
 */
import { writeFileSync } from 'node:fs';
import { exportWorkbook, validationReportFor, type ExportFormat } from '../core/io/export.ts';
import type { Workbook } from '../core/model/workbook.ts';
import { runCli, write } from './run.ts';
import { loadFigures, loadRules, parseCommandLine, resolveUnit, UsageError, type CommonArgs } from './figures.ts';
import type { ExportScope } from '../core/io/workbook-json.ts';

interface Args extends CommonArgs {
  format: ExportFormat;
  out: string;
  unit?: string;
  level?: 'city' | 'county' | 'school';
}

function commandLine(argv: string[]): Args {
  const { own, ...common } = parseCommandLine(argv, { format: 'string', out: 'string', unit: 'string', level: 'string' });
  const { format, out, unit, level } = own;
  if (format !== 'json' && format !== 'csv' && format !== 'xlsx') throw new UsageError('--format 应为 json、csv 或 xlsx / --format must be json, csv or xlsx');
  if (typeof out !== 'string' || !out) throw new UsageError('缺少 --out PATH / missing --out PATH');
  if (level !== undefined && level !== 'city' && level !== 'county' && level !== 'school') throw new UsageError('--level 应为 city、county 或 school / --level must be city, county or school');
  if (level !== undefined && unit !== undefined) throw new UsageError('--unit 与 --level 只能选一个 / give --unit or --level, not both');
  return { ...common, format, out, ...(typeof unit === 'string' ? { unit } : {}), ...(level ? { level } : {}) };
}

async function main(argv: string[]): Promise<number> {
  const args = commandLine(argv);
  const wb = await loadFigures(args.file, args, (line) => process.stderr.write(`${line}\n`));
  return finish(wb, args);
}

async function finish(wb: Workbook, args: Args): Promise<number> {
  const scope: ExportScope = args.unit !== undefined ? { unit: resolveUnit(wb, args.unit).id } : args.level ? { level: args.level } : undefined;
  const report = validationReportFor(wb, loadRules(undefined, wb.catalog), new Date().toISOString(), scope);
  const { bytes, warnings } = await exportWorkbook(wb, args.format, { lang: args.lang, validation: report, scope });
  for (const w of warnings) await write(process.stderr, `警告 / warning: ${w.zh}\n  ${w.en}\n`);
  writeFileSync(args.out, bytes);
  const c = report.counts;
  await write(
    process.stdout,
    `${args.out}: ${report.valid ? '有效 / valid' : '有错误 / has errors'} — error ${c.error}, warning ${c.warning}, not computable ${c.notComputable}, passed ${c.passed}\n`,
  );
  if (!report.complete) {
    const names = [...report.missing.map((m) => `${m.indicator}@${m.period}`), ...report.unchecked.flatMap((u) => u.emptyCells.map((m) => `${m.indicator}@${m.period}`))];
    const list = [...new Set(names)].slice(0, 10).join(', ') + (new Set(names).size > 10 ? ' …' : '');
    await write(
      process.stdout,
      `${report.valid ? '数据无错误但不完整 / valid but incomplete' : '数据不完整 / incomplete'}: 缺 ${report.missing.length} 个数、${report.unchecked.length} 条规则未核对 / ${report.missing.length} missing, ${report.unchecked.length} unchecked — ${list}\n`,
    );
  }
  return report.valid ? 0 : 1;
}

runCli(main);
