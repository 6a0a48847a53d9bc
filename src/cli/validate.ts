/**
 * npm run validate -- [FILE] [--period YEAR] [--sheet NAME] [--json] [--lang zh|en] [--rules RULES.json]
 *                     [--mapping MEMORY.json] [--save-mapping MEMORY.json]
 *
 * Applies FILE's figures onto the 2019 workbook (as src/cli/export.ts does: workbook JSON, or CSV/XLSX
 * read like the import dialog) and prints every finding of the rule set and the per-value checks:
 * readable text by default (Chinese; --lang en for English), or with --json one object whose `findings`
 * list gives each finding's rule id, severity, outcome, cells, expected, actual, difference and both messages,
 * and whose `suspects` list the figures most likely wrong for each group of failing error rules (error
 * localisation: status unique / ambiguous / none, each set's cells with the suggested value and typing slip).
 * --rules checks against another rule file instead of data/rules.json.
 * A CSV/XLSX FILE is matched as the import dialog matches it (the year found in the header, title, sheet
 * name or file name; --period overrides); --mapping consults an import memory first, --save-mapping writes
 * the decisions; with --json the output gains `import: { file, sheet, period, rows: [{ row, label, unit,
 * indicator, how }] }`, one entry per data row (indicator null when left out).
 * Complete and consistent are two answers: the output also says whether the figures are complete
 * (`complete`, with the `missing` figures and the `unchecked` rules); --require-complete makes
 * incomplete figures exit 1 too.
 * A FILE with reporting units (workbook JSON format 2) is validated as a whole (every rule per unit and the
 * roll-ups between levels); --unit ID|NAME lists only that unit's findings (its rules, value checks and the
 * roll-ups where it is the parent) and exits by its errors.
 * --round DIR|FILE… [--into WORKBOOK.json] [--year YYYY] [--out PATH]: a collection round, see round.ts.
 * Exit 0: no errors (and complete, with --require-complete); 1: the figures have errors (or are incomplete,
 * with --require-complete); 2: the file or the arguments could not be used (the message says why).
 */
import type { Text } from '../core/model/catalog.ts';
import { unitLabel } from '../core/model/units.ts';
import { localise, type Localisation } from '../core/locate/localise.ts';
import { formatNumber, type Lang } from '../core/i18n/format.ts';
import { cellKey, parseCellKey } from '../core/model/value.ts';
import type { Explanation, Workbook } from '../core/model/workbook.ts';
import { compileRules } from '../core/rules/validator.ts';
import { assessCompleteness, unitSummary, type CellRefOut, type Completeness, type QuietGroup } from '../core/rules/completeness.ts';
import type { Finding, ValidationCounts } from '../core/rules/types.ts';
import { importSummary, loadFiguresRead, loadRules, parseCommandLine, resolveUnit, type CommonArgs } from './figures.ts';
import { failureJson, runCli, write } from './run.ts';

interface Args extends CommonArgs {
  json: boolean;
  requireComplete: boolean;
  rules?: string;
  unit?: string;
}

function commandLine(argv: string[]): Args {
  const { own, ...common } = parseCommandLine(argv, { json: 'boolean', rules: 'string', 'require-complete': 'boolean', unit: 'string' });
  return {
    ...common,
    json: own.json === true,
    requireComplete: own['require-complete'] === true,
    ...(typeof own.rules === 'string' ? { rules: own.rules } : {}),
    ...(typeof own.unit === 'string' ? { unit: own.unit } : {}),
  };
}

/** One localisation as the --json output gives it: cells as {indicator, period}. */
function jsonLocalisation(l: Localisation) {
  return {
    findings: l.findings,
    status: l.status,
    message: l.message,
    sets: l.sets.map((set) => ({
      weight: set.weight,
      cells: set.cells.map((c) => {
        const { indicator, period, unit } = parseCellKey(c.cell);
        return {
          indicator,
          period,
          ...(unit !== 'city' ? { unit } : {}),
          current: Number.isNaN(c.current) ? null : c.current,
          value: c.value ?? null,
          raw: c.raw ?? null,
          range: c.range ? { lo: num(c.range.lo), hi: num(c.range.hi) } : null,
          slip: c.slip ?? null,
          message: c.message,
        };
      }),
    })),
  };
}

/** One finding as the --json output gives it. */
export interface JsonFinding {
  ruleId: string;
  /** The reporting unit (for a roll-up: the parent); absent for the city. */
  unit?: string;
  kind: string;
  severity: 'error' | 'warning';
  outcome: 'failed' | 'not_computable';
  period: string;
  cells: { indicator: string; period: string; unit?: string }[];
  expected: number | null;
  actual: number | null;
  difference: number | null;
  message: Text;
  reason?: string;
  explanation?: Explanation;
}

const num = (n: number | undefined): number | null => (n !== undefined && Number.isFinite(n) ? n : null);

function jsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    ...(f.unit ? { unit: f.unit } : {}),
    kind: f.kind,
    severity: f.severity,
    outcome: f.outcome,
    period: f.period,
    cells: f.cells.map((k) => {
      const c = parseCellKey(k);
      return c.unit && c.unit !== 'city' ? { indicator: c.indicator, period: c.period, unit: c.unit } : { indicator: c.indicator, period: c.period };
    }),
    expected: num(f.expected),
    actual: num(f.actual),
    difference: num(f.difference),
    message: f.message,
  };
  if (f.reason) out.reason = f.reason;
  if (f.explanation) out.explanation = { ...f.explanation };
  return out;
}

/** The three groups a reader looks for, in the order they are printed. */
const GROUPS: { test: (f: Finding) => boolean; title: Text }[] = [
  { test: (f) => f.outcome === 'failed' && f.severity === 'error', title: { zh: '错误', en: 'Errors' } },
  { test: (f) => f.outcome === 'failed' && f.severity === 'warning' && !f.explanation, title: { zh: '警告', en: 'Warnings' } },
  { test: (f) => f.outcome === 'failed' && !!f.explanation, title: { zh: '已说明', en: 'Explained' } },
  { test: (f) => f.outcome === 'not_computable', title: { zh: '无法计算', en: 'Not computable' } },
];

const L = {
  cells: { zh: '单元格', en: 'cells' },
  expected: { zh: '应为', en: 'expected' },
  actual: { zh: '实际', en: 'actual' },
  difference: { zh: '差', en: 'difference' },
  reason: { zh: '已记录原因', en: 'recorded reason' },
  explained: { zh: '说明', en: 'explanation' },
};

function cellName(wb: Workbook, key: string, lang: Lang): string {
  const c = parseCellKey(key);
  const ind = wb.index.byId.get(c.indicator);
  return `${c.indicator}@${c.period}${c.unit && c.unit !== 'city' ? `#${c.unit}` : ''}${ind ? ` (${ind.label[lang]})` : ''}`;
}

function findingText(wb: Workbook, f: Finding, lang: Lang): string {
  const sep = lang === 'zh' ? '：' : ': ';
  const lines = [`  [${f.ruleId}] ${f.period} — ${f.message[lang]}`];
  if (f.cells.length) lines.push(`    ${L.cells[lang]}${sep}${f.cells.map((k) => cellName(wb, k, lang)).join(', ')}`);
  const nums: string[] = [];
  if (num(f.expected) !== null) nums.push(`${L.expected[lang]} ${formatNumber(f.expected!)}`);
  if (num(f.actual) !== null) nums.push(`${L.actual[lang]} ${formatNumber(f.actual!)}`);
  if (num(f.difference) !== null) nums.push(`${L.difference[lang]} ${formatNumber(f.difference!)}`);
  if (nums.length) lines.push(`    ${nums.join(lang === 'zh' ? '，' : ', ')}`);
  if (f.reason) lines.push(`    ${L.reason[lang]}${sep}${f.reason}`);
  if (f.explanation) lines.push(`    ${L.explained[lang]}${sep}${f.explanation.reason}`);
  return lines.join('\n');
}

function summary(file: string, c: ValidationCounts, lang: Lang, done?: Completeness): string {
  const complete = !done ? '' : done.complete ? (lang === 'zh' ? '，数据完整' : ', complete') : lang === 'zh' ? `，数据不完整（缺 ${done.missing.length} 个数，${done.unchecked.length} 条规则未核对）` : `, incomplete (${done.missing.length} missing, ${done.unchecked.length} unchecked)`;
  if (lang === 'zh') return `${file}：${c.error === 0 ? '无错误' : '有错误'}${complete} — 错误 ${c.error}，警告 ${c.warning}，已说明 ${c.explained ?? 0}，无法计算 ${c.notComputable}，通过 ${c.passed}`;
  return `${file}: ${c.error === 0 ? 'no errors' : 'has errors'}${complete} — errors ${c.error}, warnings ${c.warning}, explained ${c.explained ?? 0}, not computable ${c.notComputable}, passed ${c.passed}`;
}

/** The missing figures and unchecked rules, one line each, naming the cells; with units, each unit's answer. */
function completenessText(wb: Workbook, c: Completeness, lang: Lang): string[] {
  const name = (x: CellRefOut) => cellName(wb, cellKey(x.indicator, x.period, x.unit), lang);
  const parts: string[] = [];
  if (wb.units.size > 1) parts.push(unitsText(wb, c, lang));
  if (c.missing.length) parts.push(`${lang === 'zh' ? '缺少的数' : 'Missing figures'} (${c.missing.length})\n${c.missing.map((m) => `  ${name(m)}`).join('\n')}`);
  if (c.unchecked.length) {
    const title = lang === 'zh' ? '未核对的规则（部分分项为空）' : 'Unchecked rules (some parts empty)';
    const empty = lang === 'zh' ? '空' : 'empty';
    parts.push(`${title} (${c.unchecked.length})\n${c.unchecked.map((u) => `  [${u.rule}] ${u.period} — ${empty}: ${u.emptyCells.map(name).join(', ')}`).join('\n')}`);
  }
  return parts;
}

/** Per unit (tree order) and year it is due: complete, incomplete (how many missing / unchecked), not received, or derived (units pending). */
function unitsText(wb: Workbook, c: Completeness, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = c.units.map((e) => {
    const u = wb.units.get(e.unit);
    const who = `${u ? unitLabel(u, lang) : e.unit}${zh ? `（${e.period}年）` : ` (${e.period})`}`;
    const what =
      e.state === 'not_received'
        ? zh ? '未报送' : 'nothing sent'
        : e.state === 'derived'
          ? e.complete ? (zh ? '由下级汇总，完整' : 'derived from its units, complete') : zh ? `由下级汇总，${e.pending?.length ?? 0} 个下级单位未齐` : `derived from its units, ${e.pending?.length ?? 0} of them incomplete`
          : e.complete
            ? zh ? '完整' : 'complete'
            : zh ? `不完整（缺 ${e.missing.length} 个数，${e.unchecked.length} 条规则未核对）` : `incomplete (${e.missing.length} missing, ${e.unchecked.length} unchecked)`;
    return `  ${who}${zh ? '：' : ': '}${what}`;
  });
  return `${zh ? '各单位报送情况' : 'Returns by unit'} (${c.units.length})\n${lines.join('\n')}`;
}

/**
 * The readable report: findings grouped under errors, warnings and not computable (the not-computable
 * findings of the unchecked rules one by one, the others counted by reason), the missing figures and
 * unchecked rules, then a summary line.
 */
export function textReport(wb: Workbook, file: string, findings: Finding[], counts: ValidationCounts, lang: Lang, locs: Localisation[] = [], done: Completeness = assessCompleteness(wb, findings, counts)): string {
  const parts: string[] = [];
  for (const g of GROUPS) {
    let fs = findings.filter(g.test);
    if (g === GROUPS[GROUPS.length - 1]) {
      fs = fs.filter((f) => done.uncheckedIds.has(f.id));
      const quiet = done.quiet.reduce((n, q) => n + q.count, 0);
      if (quiet) parts.push(quietText(done, lang));
    }
    if (!fs.length) continue;
    parts.push(`${g.title[lang]} (${fs.length})\n${fs.map((f) => findingText(wb, f, lang)).join('\n')}`);
    if (g === GROUPS[0] && locs.length) {
      const title = lang === 'zh' ? '可能有误的数' : 'Figures likely wrong';
      parts.push(`${title} (${locs.length})\n${locs.map((l) => `  [${l.findings.join(', ')}]\n    ${l.message[lang]}`).join('\n')}`);
    }
  }
  parts.push(...completenessText(wb, done, lang));
  parts.push(summary(file, counts, lang, done));
  return parts.join('\n\n') + '\n';
}

/** The other not-computable findings, one line per reason and year. */
function quietText(done: Completeness, lang: Lang): string {
  const title = lang === 'zh' ? '其他无法计算（按原因合并）' : 'Other not computable (by reason)';
  const lines = done.quiet.map((q) => `  ${q.period}: ${quietReason(q, lang)} × ${q.count}`);
  return `${title}\n${lines.join('\n')}`;
}

function quietReason(q: QuietGroup, lang: Lang): string {
  const zh: Record<string, string> = {
    'rule.not_computable.missing': '数据未填报',
    'rule.not_computable.no_previous': `需要${q.needed ?? ''}年数据`,
    'rule.not_computable.invalid': '有无法读取的值',
    'rule.not_computable.na': '有“不适用”的值',
    'rule.not_computable.division_by_zero': '除数为 0',
  };
  const en: Record<string, string> = {
    'rule.not_computable.missing': 'figures not reported',
    'rule.not_computable.no_previous': `needs the ${q.needed ?? ''} figures`,
    'rule.not_computable.invalid': 'a value cannot be read',
    'rule.not_computable.na': 'a value is not applicable',
    'rule.not_computable.division_by_zero': 'division by zero',
  };
  return (lang === 'zh' ? zh : en)[q.code] ?? q.code;
}

async function main(argv: string[]): Promise<number> {
  // --round DIR|FILE…: a collection round in one command (src/cli/round.ts)
  if (argv.includes('--round')) return (await import('./round.ts')).roundMain(argv);
  const args = commandLine(argv);
  const { wb, read } = await loadFiguresRead(args.file, args, (line) => process.stderr.write(`${line}\n`));
  const rules = loadRules(args.rules, wb.catalog);
  const validator = compileRules(rules, wb);
  const all = validator.validateAll();
  const unit = args.unit !== undefined ? resolveUnit(wb, args.unit).id : undefined;
  // --unit: that unit's findings (the roll-ups where it is the parent included) and its counts
  const result = unit === undefined ? all : { ...all, findings: all.findings.filter((f) => (f.unit ?? 'city') === unit), counts: validator.counts(unit) };
  const shown = new Set(result.findings.map((f) => f.id));
  const locs = localise(validator).filter((l) => unit === undefined || l.findings.some((id) => shown.has(id)));
  // completeness from every finding (a roll-up or a derived parent reads other units), then narrowed to --unit
  const whole = assessCompleteness(wb, all.findings, all.counts);
  const done = unit === undefined ? whole : narrow(whole, unit);
  if (args.json) {
    const out = {
      file: args.file ?? null,
      ...(unit !== undefined ? { unit } : {}),
      units: wb.units.size,
      valid: result.counts.error === 0,
      complete: done.complete,
      missing: done.missing,
      unchecked: done.unchecked,
      ...(wb.units.size > 1 ? { notReceived: done.notReceived, unitCompleteness: done.units.map(({ unit: u, period, state, complete, missing, unchecked, pending }) => ({ unit: u, period, state, complete, missing, unchecked, ...(pending ? { pending } : {}) })) } : {}),
      // the other not-computable findings (years without reported figures, rules needing an absent year), by reason
      notComputableByReason: done.quiet,
      ruleSetVersion: rules.version,
      periods: wb.periods,
      counts: result.counts,
      findings: result.findings.map(jsonFinding),
      suspects: locs.map(jsonLocalisation),
      ...(read ? { import: importSummary(read) } : {}),
    };
    await write(process.stdout, JSON.stringify(out, null, 2) + '\n');
  } else {
    await write(process.stdout, textReport(wb, args.file ?? (args.lang === 'zh' ? '2019 年基准数据' : '2019 baseline'), result.findings, result.counts, args.lang, locs, done));
  }
  return result.counts.error === 0 && (done.complete || !args.requireComplete) ? 0 : 1;
}

/** The completeness answer of one unit: its own years, missing figures, unchecked rules and roll-ups. */
function narrow(c: Completeness, unit: string): Completeness {
  const own = (x: { unit?: string }) => (x.unit ?? 'city') === unit;
  const units = c.units.filter(own);
  const unchecked = c.unchecked.filter(own);
  return { ...c, units, missing: c.missing.filter(own), unchecked, notReceived: c.notReceived.filter(own), complete: unitSummary(c, unit).complete && !unchecked.some((u) => u.rule.startsWith('rollup.')) };
}

// With --json a failure also prints one JSON object on stdout ({ file, valid: false, error }), so a pipe always gets JSON.
runCli(main, (e, argv) => (argv.includes('--json') ? JSON.stringify(failureJson(e, argv), null, 2) + '\n' : null));
