/**
 * npm run export -- [FILE] --format json|csv|xlsx --out PATH [--lang zh|en] [--sheet NAME] [--period YEAR]
 *                   [--mapping MEMORY.json] [--save-mapping MEMORY.json]   (as in validate.ts; the exported
 *                   workbook JSON carries the import memory)
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
import { loadFigures, loadRules, parseCommandLine, UsageError, type CommonArgs } from './figures.ts';

interface Args extends CommonArgs {
  format: ExportFormat;
  out: string;
}

function commandLine(argv: string[]): Args {
  const { own, ...common } = parseCommandLine(argv, { format: 'string', out: 'string' });
  const { format, out } = own;
  if (format !== 'json' && format !== 'csv' && format !== 'xlsx') throw new UsageError('--format 应为 json、csv 或 xlsx / --format must be json, csv or xlsx');
  if (typeof out !== 'string' || !out) throw new UsageError('缺少 --out PATH / missing --out PATH');
  return { ...common, format, out };
}

async function main(argv: string[]): Promise<number> {
  const args = commandLine(argv);
  const wb = await loadFigures(args.file, args, (line) => process.stderr.write(`${line}\n`));
  return finish(wb, args);
}

async function finish(wb: Workbook, args: Args): Promise<number> {
  const report = validationReportFor(wb, loadRules(undefined, wb.catalog), new Date().toISOString());
  const { bytes, warnings } = await exportWorkbook(wb, args.format, { lang: args.lang, validation: report });
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
