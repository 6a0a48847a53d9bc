/**
 * npm run report -- [FILE] [--year YYYY] [--lang zh|en] [--unit ID]
 *                   [--sheet NAME] [--period YEAR] [--mapping MEMORY.json]   (reading FILE, as in validate.ts)
 *
 * Prints the report's "一、基本情况" drafted from the figures (src/core/report): FILE's figures applied
 * onto the 2019 baseline (workbook JSON, or CSV/XLSX read as the import dialog reads it), checked with
 * data/rules.json, then written from data/report-templates/ for --year (default: the latest year with
 * figures of the unit) and --unit (default: the city). Figures in doubt are marked 【待核】 and listed
 * under the text with why.
 * Exit 0: printed, nothing to check; 1: printed, with figures to check; 2: nothing printed, the file or
 * the arguments could not be used (the message says why).
 */
import { CITY } from '../core/model/value.ts';
import { compileRules } from '../core/rules/validator.ts';
import { bundledTemplates, draftText, latestDraftYear, renderDraft } from '../core/report/index.ts';
import { loadFigures, loadRules, parseCommandLine, UsageError, type CommonArgs } from './figures.ts';
import { runCli, write } from './run.ts';

interface Args extends CommonArgs {
  year?: string;
  unit: string;
}

function commandLine(argv: string[]): Args {
  const { own, ...common } = parseCommandLine(argv, { year: 'string', unit: 'string' });
  if (own.year !== undefined && !/^\d{4}$/.test(String(own.year))) throw new UsageError(`--year 应为四位年份 / --year must be a four-digit year: ${String(own.year)}`);
  return { ...common, unit: typeof own.unit === 'string' ? own.unit : CITY, ...(typeof own.year === 'string' ? { year: own.year } : {}) };
}

async function main(argv: string[]): Promise<number> {
  const args = commandLine(argv);
  const wb = await loadFigures(args.file, args, (line) => process.stderr.write(`${line}\n`));
  if (!wb.units.has(args.unit)) {
    const known = (lang: 'zh' | 'en') => wb.units.all().map((u) => `${u.id} (${u.name[lang]})`).join(lang === 'zh' ? '、' : ', ');
    throw new UsageError(`没有报告单位“${args.unit}”（有：${known('zh')}）/ no reporting unit "${args.unit}" (known: ${known('en')})`);
  }
  const templates = bundledTemplates(wb.catalog);
  const year = args.year ?? latestDraftYear(wb, templates, args.unit);
  if (year === undefined || !wb.periods.includes(year)) {
    throw new UsageError(
      `工作簿中没有${year ? ` ${year} 年` : '有数的年份'}（有：${wb.periods.join('、')}）/ the workbook has no year ${year ?? 'with figures'} (it has: ${wb.periods.join(', ')})`,
    );
  }
  const validator = compileRules(loadRules(undefined, wb.catalog), wb);
  const { findings } = validator.validateAll();
  const draft = renderDraft(wb, templates, { findings, covers: (k) => validator.slotOfKey(k) !== undefined }, { period: year, unit: args.unit, lang: args.lang });
  await write(process.stdout, draftText(draft, templates));
  return draft.flags.length ? 1 : 0;
}

runCli(main);
