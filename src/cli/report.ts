/**
 * npm run report -- [FILE] [--year YYYY] [--lang zh|en] [--unit ID] [--templates DIR]
 *                   [--sheet NAME] [--period YEAR] [--mapping MEMORY.json]   (reading FILE, as in validate.ts)
 *
 * Prints the report's "一、基本情况" drafted from the figures (src/core/report): FILE's figures applied
 * onto the 2019 baseline (workbook JSON, or CSV/XLSX read as the import dialog reads it), checked with
 * data/rules.json, then written from data/report-templates/ for --year (default: the latest year with
 * figures of the unit) and --unit (default: the city). Figures in doubt are marked 【待核】 and listed
 * under the text with why. --templates DIR reads the templates from DIR's *.json files instead (a bureau's
 * reworded copy of data/report-templates/), checked as the bundled ones are.
 * Exit 0: printed, nothing to check; 1: printed, with figures to check; 2: nothing printed, the file or
 * the arguments could not be used (the message says why).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFileError } from '../core/data/errors.ts';
import { unitLabel } from '../core/model/units.ts';
import { CITY } from '../core/model/value.ts';
import { compileRules } from '../core/rules/validator.ts';
import { bundledTemplates, draftText, latestDraftYear, loadReportTemplates, renderDraft, type TemplateFile } from '../core/report/index.ts';
import { loadFigures, loadRules, parseCommandLine, UsageError, type CommonArgs } from './figures.ts';
import { runCli, write } from './run.ts';

interface Args extends CommonArgs {
  year?: string;
  unit: string;
  templates?: string;
}

function commandLine(argv: string[]): Args {
  const { own, ...common } = parseCommandLine(argv, { year: 'string', unit: 'string', templates: 'string' });
  if (own.year !== undefined && !/^\d{4}$/.test(String(own.year))) throw new UsageError(`--year 应为四位年份 / --year must be a four-digit year: ${String(own.year)}`);
  return {
    ...common,
    unit: typeof own.unit === 'string' ? own.unit : CITY,
    ...(typeof own.year === 'string' ? { year: own.year } : {}),
    ...(typeof own.templates === 'string' ? { templates: own.templates } : {}),
  };
}

/** The template files of a directory (every *.json in it), parsed; a file that is not JSON is a DataFileError naming it. */
function readTemplateDir(dir: string): TemplateFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    throw new UsageError(`无法读取模板目录 ${dir} / cannot read the template directory ${dir}: ${(e as Error).message}`);
  }
  if (!names.length) throw new UsageError(`模板目录 ${dir} 中没有 .json 文件 / no .json file in the template directory ${dir}`);
  return names.map((n) => {
    const file = join(dir, n);
    try {
      return { file, json: JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown };
    } catch (e) {
      throw new DataFileError(file, [{ zh: `${file} 不是有效的 JSON：${(e as Error).message}`, en: `${file} is not valid JSON: ${(e as Error).message}` }]);
    }
  });
}

async function main(argv: string[]): Promise<number> {
  const args = commandLine(argv);
  const wb = await loadFigures(args.file, args, (line) => process.stderr.write(`${line}\n`));
  if (!wb.units.has(args.unit)) {
    const known = (lang: 'zh' | 'en') => wb.units.all().map((u) => `${u.id} (${unitLabel(u, lang)})`).join(lang === 'zh' ? '、' : ', ');
    throw new UsageError(`没有报告单位“${args.unit}”（有：${known('zh')}）/ no reporting unit "${args.unit}" (known: ${known('en')})`);
  }
  const templates = args.templates !== undefined ? loadReportTemplates(readTemplateDir(args.templates), wb.catalog) : bundledTemplates(wb.catalog);
  const year = args.year ?? latestDraftYear(wb, templates, args.unit);
  if (year === undefined || !wb.periods.includes(year)) {
    throw new UsageError(
      `工作簿中没有${year ? ` ${year} 年` : '有数的年份'}（有：${wb.periods.join('、')}）/ the workbook has no year ${year ?? 'with figures'} (it has: ${wb.periods.join(', ')})`,
    );
  }
  const rules = loadRules(undefined, wb.catalog);
  const validator = compileRules(rules, wb);
  const { findings } = validator.validateAll();
  const draft = renderDraft(wb, templates, { findings, covers: (k) => validator.slotOfKey(k) !== undefined, rules }, { period: year, unit: args.unit, lang: args.lang });
  await write(process.stdout, draftText(draft, templates));
  return draft.flags.length ? 1 : 0;
}

runCli(main);
