/**
 * Drafts the report's "一、基本情况" from the workbook's figures of one year and one reporting unit,
 * section by section from the templates (template.ts), in Chinese or English.
 *
 * Honest text: a figure that is missing, not applicable, unreadable or invalid, part of a failing
 * error rule, or unchecked (a rule reading it could not be computed, or no rule covers its cell) is
 * never written as a plain number. It is marked (【待核】, or 【待核：17所】 when there is a figure to
 * show) and listed under the draft with why. A 比上年 clause is written only when both years' figures
 * are sound and exact; when last year's figure is in doubt the clause is left out and listed.
 * A figure written plainly that carries an open (unexplained) warning — a jump against last year — is
 * listed apart as a note: the rules do not say it is wrong, but a reader should know before it is sent.
 */
import type { Indicator, Text } from '../model/catalog.ts';
import { cellKey, CITY, parseCellKey } from '../model/value.ts';
import { unitLabel } from '../model/units.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import type { Finding, RuleFile } from '../rules/types.ts';
import { rollupSpecs, type RollupSpec } from '../rules/rollup.ts';
import { figureText, numberText, writtenDecimals } from './figure.ts';
import type { Phrases, Piece, ReportTemplates } from './template.ts';

export type FlagReason = 'missing' | 'na' | 'invalid' | 'inconsistent' | 'unchecked' | 'previous';

/** A figure the draft does not write as a plain number, and why. */
export interface DraftFlag {
  key: string;
  indicator: string;
  period: string;
  unit: string;
  label: Text;
  /** The text as typed ('' when empty). */
  raw: string;
  reason: FlagReason;
  why: Text;
}

/** A piece of a paragraph; `flag` is the index in Draft.flags of a marked figure. */
export interface DraftRun {
  text: string;
  flag?: number;
}

export interface DraftParagraph {
  section: string;
  runs: DraftRun[];
}

export interface Draft {
  period: string;
  unit: string;
  lang: Lang;
  title: string;
  paragraphs: DraftParagraph[];
  flags: DraftFlag[];
  /** Figures written plainly that carry an open warning (reason 'warning'), in the order they appear. */
  notes: DraftNote[];
}

/** A figure written as it is but with an open (unexplained) warning: the warning's message. */
export interface DraftNote {
  key: string;
  indicator: string;
  label: Text;
  why: Text;
}

/** What the validator says about the workbook now. */
export interface DraftChecks {
  findings: readonly Finding[];
  /** Whether the rules run over a cell at all; a cell outside the rule plan is unchecked. Default: all cells. */
  covers?: (key: string) => boolean;
  /** The rule file, so a derived parent's recomputed ratios know their components (additive figures need none). */
  rules?: RuleFile;
}

export interface DraftOptions {
  period: string;
  /** A reporting unit id (default the city). */
  unit?: string;
  lang: Lang;
}

const fill = (s: string, params: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(params, k) ? params[k] : m));
const joinTexts = (texts: Text[], zhSep = '；', enSep = '; '): Text => ({ zh: texts.map((t) => t.zh).join(zhSep), en: texts.map((t) => t.en).join(enSep) });

/** Findings by cell: failing error rules, per-value checks, and rules that could not be computed. */
class CellFindings {
  readonly inconsistent = new Map<string, Finding[]>();
  readonly invalid = new Map<string, Finding[]>();
  readonly notComputable = new Map<string, Finding[]>();
  /** Failed warnings nobody has explained. */
  readonly warned = new Map<string, Finding[]>();

  constructor(findings: readonly Finding[]) {
    for (const f of findings) {
      const into =
        f.kind === 'value'
          ? this.invalid
          : f.outcome === 'not_computable'
            ? this.notComputable
            : f.severity === 'error'
              ? this.inconsistent
              : f.explanation
                ? null
                : this.warned;
      if (!into) continue;
      // a roll-up that cannot be computed leaves its parent's figure unchecked, not the other units' own figures
      const cells = into === this.notComputable && (f.kind as string) === 'rollup' ? f.cells.slice(0, 1) : f.cells;
      for (const c of new Set(cells)) {
        const list = into.get(c);
        if (list) list.push(f);
        else into.set(c, [f]);
      }
    }
  }
}

const messages = (fs: readonly Finding[]) => joinTexts(fs.map((f) => f.message));

type Doubt = { reason: FlagReason; why: Text } | null;

/**
 * Why a cell cannot be written as a plain number, or null when it can (memoised per cell). Per unit:
 * an empty figure of a unit that sent nothing that year says so; a derived parent's figure is in
 * doubt when a figure of its units it is added up from is (a county's inconsistent or missing part
 * makes the city's sum one to check), naming them.
 */
class Doubts {
  private readonly memo = new Map<string, Doubt>();
  private readonly sent = new Map<string, boolean>();
  private readonly specs: Map<string, RollupSpec>;

  constructor(
    private readonly wb: Workbook,
    private readonly checks: DraftChecks,
    private readonly by: CellFindings,
  ) {
    this.specs = new Map(rollupSpecs(wb.index, checks.rules).map((s) => [s.indicator, s]));
  }

  of(key: string): Doubt {
    let d = this.memo.get(key);
    if (d === undefined) this.memo.set(key, (d = this.derived(key) ?? doubt(this.wb, key, this.checks, this.by, this.sentNothing(key))));
    return d;
  }

  /** A unit that gave no figure at all in the cell's year. */
  private sentNothing(key: string): boolean {
    const { period, unit } = parseCellKey(key);
    const k = `${unit}|${period}`;
    let s = this.sent.get(k);
    if (s === undefined) this.sent.set(k, (s = !this.wb.index.ordered.some((i) => this.wb.get(i.id, period, unit).state !== 'empty')));
    return s;
  }

  private derived(key: string): Doubt {
    const { indicator, period, unit } = parseCellKey(key);
    const u = this.wb.units.get(unit);
    const spec = this.specs.get(indicator);
    if (!u || u.mode !== 'derived' || !this.wb.units.isParent(unit) || !spec) return null;
    const parts = spec.kind === 'sum' ? [indicator] : [spec.numerator, spec.denominator];
    const doubtful: Text[] = [];
    for (const c of this.wb.units.children(unit)) {
      for (const id of parts) {
        const d = this.of(cellKey(id, period, c.id));
        if (!d) continue;
        const label = this.wb.index.byId.get(id)?.label ?? { zh: id, en: id };
        doubtful.push({ zh: `${c.name.zh}${label.zh}（${d.why.zh}）`, en: `${unitLabel(c, 'en')}: ${label.en} (${d.why.en})` });
      }
    }
    if (!doubtful.length) return null;
    const shown = joinTexts(doubtful.slice(0, 3));
    const more = doubtful.length > 3 ? { zh: `等${doubtful.length}处`, en: ` and ${doubtful.length - 3} more` } : { zh: '', en: '' };
    return { reason: 'unchecked', why: { zh: `由下级单位汇总，下级的数待核：${shown.zh}${more.zh}`, en: `added up from its units, whose figures are in doubt: ${shown.en}${more.en}` } };
  }
}

/** Why a cell cannot be written as a plain number, or null when it can. */
function doubt(wb: Workbook, key: string, checks: DraftChecks, by: CellFindings, sentNothing = false): Doubt {
  const v = wb.getByKey(key);
  if (v.state === 'empty') return { reason: 'missing', why: sentNothing ? { zh: '本单位本年尚未报送', en: 'the unit has sent nothing for the year' } : { zh: '未填报', en: 'not reported' } };
  if (v.state === 'na') return { reason: 'na', why: { zh: `填为不适用（“${v.raw}”）`, en: `marked not applicable ("${v.raw}")` } };
  const bad = by.invalid.get(key);
  if (v.state === 'invalid' || bad) {
    return { reason: 'invalid', why: bad ? messages(bad) : { zh: `无法读取“${v.raw}”`, en: `cannot be read: "${v.raw}"` } };
  }
  const wrong = by.inconsistent.get(key);
  if (wrong) {
    const m = messages(wrong);
    return { reason: 'inconsistent', why: { zh: `与相关的数不一致：${m.zh}`, en: `does not agree with related figures: ${m.en}` } };
  }
  if (checks.covers && !checks.covers(key)) return { reason: 'unchecked', why: { zh: '尚无核对规则覆盖此数', en: 'no rule checks this figure yet' } };
  const nc = by.notComputable.get(key);
  if (nc) {
    const m = messages(nc);
    return { reason: 'unchecked', why: { zh: `相关核对无法进行：${m.zh}`, en: `its checks could not be done: ${m.en}` } };
  }
  return null;
}

/** Drafts the 基本情况 of `opts.period` for `opts.unit` (the city by default). Throws on a period or unit the workbook lacks. */
export function renderDraft(wb: Workbook, templates: ReportTemplates, checks: DraftChecks, opts: DraftOptions): Draft {
  const { period, lang } = opts;
  const unit = opts.unit ?? CITY;
  if (!wb.periods.includes(period)) throw new RangeError(`the workbook has no period ${period}`);
  const unitInfo = wb.units.get(unit);
  if (!unitInfo) throw new RangeError(`the workbook has no reporting unit ${unit}`);
  const phrases: Phrases = templates.phrases;
  const by = new CellFindings(checks.findings);
  const doubts = new Doubts(wb, checks, by);
  const last = wb.previousPeriod(period);
  const flags: DraftFlag[] = [];
  const flagIndex = new Map<string, number>();
  const notes: DraftNote[] = [];
  const noted = new Set<string>();

  const flag = (ind: Indicator, key: string, p: string, reason: FlagReason, why: Text): number => {
    const known = flagIndex.get(`${key}|${reason}`);
    if (known !== undefined) return known;
    flags.push({ key, indicator: ind.id, period: p, unit, label: ind.label, raw: wb.getByKey(key).raw, reason, why });
    flagIndex.set(`${key}|${reason}`, flags.length - 1);
    return flags.length - 1;
  };

  const figure = (ind: Indicator, withUnit: boolean): DraftRun => {
    const key = cellKey(ind.id, period, unit);
    const v = wb.getByKey(key);
    const d = doubts.of(key);
    if (!d) {
      const warned = by.warned.get(key);
      if (warned && !noted.has(key)) {
        noted.add(key);
        notes.push({ key, indicator: ind.id, label: ind.label, why: messages(warned) });
      }
      return { text: figureText(v, ind, wb.index.unitOf(ind), lang, withUnit) };
    }
    const shown = v.state === 'value' ? figureText(v, ind, wb.index.unitOf(ind), lang, withUnit) : v.state === 'empty' ? '' : `“${v.raw}”`;
    return { text: shown ? fill(phrases.toCheckWith[lang], { figure: shown }) : phrases.toCheck[lang], flag: flag(ind, key, period, d.reason, d.why) };
  };

  const change = (ind: Indicator): DraftRun | null => {
    if (last === undefined) return null;
    const key = cellKey(ind.id, period, unit);
    const lastKey = cellKey(ind.id, last, unit);
    const now = wb.getByKey(key);
    const before = wb.getByKey(lastKey);
    // this year's figure in doubt is marked where it stands; no figure last year, no clause
    if (doubts.of(key) || before.state === 'empty') return null;
    const lastDoubt = doubts.of(lastKey);
    if (lastDoubt) {
      flag(ind, lastKey, last, 'previous', {
        zh: `${last}年的数待核（${lastDoubt.why.zh}），未写比上年增减`,
        en: `the ${last} figure is in doubt (${lastDoubt.why.en}); no change on the year before written`,
      });
      return null;
    }
    // an approximate figure (约, 以上) has no exact change
    if (now.qualifier || before.qualifier || now.n === undefined || before.n === undefined) return null;
    const points = ind.kind === 'percentage';
    const d = ind.kind === 'count' ? 0 : Math.min(writtenDecimals(now, ind), writtenDecimals(before, ind));
    const diff = Number((now.n - before.n).toFixed(d));
    if (diff === 0) return { text: phrases.same[lang] };
    const params = { diff: numberText(Math.abs(diff), d, lang), unit: lang === 'zh' ? wb.index.unitOf(ind).label.zh : wb.index.unitOf(ind).label.en };
    if (points) return { text: fill((diff > 0 ? phrases.pointsRise : phrases.pointsFall)[lang], params) };
    let text = fill((diff > 0 ? phrases.rise : phrases.fall)[lang], params);
    if (before.n > 0) {
      const pct = numberText((Math.abs(diff) / before.n) * 100, phrases.growthDecimals, lang);
      text += fill((diff > 0 ? phrases.pctRise : phrases.pctFall)[lang], { pct });
    }
    return { text };
  };

  const renderPieces = (pieces: Piece[], out: DraftRun[]) => {
    for (const p of pieces) {
      if (p.t === 'text') out.push({ text: p.s });
      else if (p.t === 'unit') out.push({ text: unitLabel(unitInfo, lang) });
      else if (p.t === 'group') {
        // left out when every (optional) figure in it is absent this year
        const present = p.pieces.some((q) => q.t === 'figure' && q.form !== 'label' && wb.get(q.id, period, unit).state !== 'empty');
        if (present) renderPieces(p.pieces, out);
      } else {
        const ind = wb.index.indicator(p.id);
        if (p.form === 'label') out.push({ text: ind.label[lang] });
        else if (p.form === 'change') {
          const c = change(ind);
          if (c) out.push(c);
        } else out.push(figure(ind, p.form === 'value'));
      }
    }
  };

  const paragraphs = templates.sections.map((s) => {
    const runs: DraftRun[] = [{ text: s.heading[lang] }];
    renderPieces(s.text[lang], runs);
    return { section: s.section, runs: mergeText(runs) };
  });
  return { period, unit, lang, title: fill(phrases.title[lang], { unit: unitLabel(unitInfo, lang), period }), paragraphs, flags, notes };
}

/** The indicators the templates write (in either language). */
export function templateIndicators(templates: ReportTemplates): Set<string> {
  const ids = new Set<string>();
  const walk = (pieces: Piece[]) => {
    for (const p of pieces) {
      if (p.t === 'figure') ids.add(p.id);
      else if (p.t === 'group') walk(p.pieces);
    }
  };
  for (const s of templates.sections) for (const lang of ['zh', 'en'] as const) walk(s.text[lang]);
  return ids;
}

/** The latest year of the workbook holding any figure the templates write for `unit`; undefined when there is none. */
export function latestDraftYear(wb: Workbook, templates: ReportTemplates, unit: string = CITY): string | undefined {
  const ids = [...templateIndicators(templates)];
  return [...wb.periods].reverse().find((p) => ids.some((id) => wb.values.has(cellKey(id, p, unit))));
}

/** Adjacent plain runs joined (a paragraph is then a few runs around its marked figures). */
function mergeText(runs: DraftRun[]): DraftRun[] {
  const out: DraftRun[] = [];
  for (const r of runs) {
    const prev = out[out.length - 1];
    if (prev && prev.flag === undefined && r.flag === undefined) prev.text += r.text;
    else out.push({ ...r });
  }
  return out;
}

/** A paragraph's text. */
export function paragraphText(p: DraftParagraph): string {
  return p.runs.map((r) => r.text).join('');
}

/** The list under the draft: each marked figure with its year and why, numbered; a why already given is referred to ("同第 1 条"). */
export function flagLines(d: Draft): string[] {
  const first = new Map<string, number>();
  return d.flags.map((f, i) => {
    const why = f.why[d.lang];
    const seen = first.get(why);
    if (seen === undefined) first.set(why, i + 1);
    const reason = seen === undefined ? why : d.lang === 'zh' ? `同第 ${seen} 条` : `as no. ${seen}`;
    return d.lang === 'zh' ? `${i + 1}. ${f.label.zh}（${f.period}年）：${reason}` : `${i + 1}. ${f.label.en} (${f.period}): ${reason}`;
  });
}

/** The notes under the list: each figure with an open warning and the warning, numbered. */
export function noteLines(d: Draft): string[] {
  return d.notes.map((n, i) => (d.lang === 'zh' ? `${i + 1}. ${n.label.zh}：${n.why.zh}` : `${i + 1}. ${n.label.en}: ${n.why.en}`));
}

/** The draft as plain text: the title, the paragraphs, the figures to check with why, then the notes. */
export function draftText(d: Draft, templates: ReportTemplates): string {
  const parts = [d.title, ...d.paragraphs.map(paragraphText)];
  if (d.flags.length) parts.push([fill(templates.phrases.listTitle[d.lang], { n: String(d.flags.length) }), ...flagLines(d)].join('\n'));
  if (d.notes.length) parts.push([fill(templates.phrases.notesTitle[d.lang], { n: String(d.notes.length) }), ...noteLines(d)].join('\n'));
  return `${parts.join('\n\n')}\n`;
}
