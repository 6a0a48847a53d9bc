import type { ChangeRecord, FollowUp, Note } from '../../core/model/annotations.ts';
import { unitLabel } from '../../core/model/units.ts';
import { describeChange, formatTime } from '../../core/model/history.ts';
import { cellKey, CITY, parseCellKey, type CellValue } from '../../core/model/value.ts';
import type { Finding } from '../../core/rules/types.ts';
import type { UiLang } from '../../storage/store.ts';
import { t, type UiKey } from '../i18n.ts';
import type { Session } from '../session.svelte.ts';
import type { ChartSeries } from './chart.ts';

/**
 * Everything the side panel shows about one figure, read from the session as plain data (the panel
 * component only lays it out; tests read the same facts).
 */
export interface FigureFacts {
  key: string;
  indicator: string;
  label: string;
  period: string;
  /** The reporting unit's name (the city's when the key names none). */
  unitName: string;
  /** The indicator's unit of measure (人, 所, %). */
  measure: string;
  raw: string;
  state: CellValue['state'];
  /** What the text was read as, e.g. "1.2万 = 12,000 人"; empty for an empty cell. */
  readAs: string;
  /** Where the figure came from: the report's sentence, a derivation, the file and row of an import. */
  sources: string[];
  rules: { id: string; text: string; period: string; status: 'passed' | 'error' | 'warning' | 'explained' | 'nc'; message?: string; finding?: Finding }[];
  suspects: string[];
  note?: Note;
  followUp?: FollowUp;
  /** One line per change (describeChange: local time, how, file and row, before → after), newest first. */
  history: string[];
  chart: { years: number[]; series: ChartSeries[]; decimals: number };
}


const FORMATS = new Map<string, Intl.NumberFormat>();
/** A number in the published rounding (at most `decimals` places), with the language's grouping (formatters cached). */
export function formatPublished(x: number, decimals: number, lang: UiLang): string {
  const k = `${lang}|${decimals}`;
  let f = FORMATS.get(k);
  if (!f) FORMATS.set(k, (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: Math.max(0, decimals), minimumFractionDigits: 0 })));
  return f.format(x);
}
const fmt = formatPublished;

const QUALIFIER: Record<string, { zh: string; en: string }> = {
  about: { zh: '约', en: 'about ' },
  over: { zh: '不少于', en: 'at least ' },
  odd: { zh: '不少于', en: 'at least ' },
  under: { zh: '不超过', en: 'at most ' },
};

/**
 * "1.2万 = 12,000 人": the figure as the rules read it, in the unit of measure, with the interval the
 * written figure stands for when it is not exact (published rounding of 万, a qualifier).
 */
export function readingOf(v: CellValue, kind: string, decimals: number, measure: string, lang: UiLang): string {
  if (v.state === 'empty') return '';
  if (v.state === 'na') return lang === 'zh' ? `${v.raw} = 不适用` : `${v.raw} = not applicable`;
  if (v.state === 'invalid' || v.n === undefined) return lang === 'zh' ? `“${v.raw}” 无法识别为数字` : `“${v.raw}” cannot be read as a figure`;
  // a figure read with more places than published (1.2万 = 12,000) is shown in full
  const d = Math.max(decimals, (String(v.n).split('.')[1] ?? '').length);
  const n = fmt(v.n, d, lang);
  const q = v.qualifier ? QUALIFIER[v.qualifier][lang] : '';
  let value: string;
  if (kind === 'ratio') value = `1 : ${n}`;
  else if (kind === 'split' && v.n2 !== undefined) value = `${n} : ${fmt(v.n2, d, lang)}`;
  else value = `${q}${n}${measure === '%' ? '%' : ` ${measure}`}`;
  const interval = v.lo !== undefined && v.hi !== undefined && v.lo !== v.hi && kind !== 'split' && Number.isFinite(v.hi) ? ` (${fmt(v.lo, d + 1, lang)} ~ ${fmt(v.hi, d + 1, lang)})` : '';
  return `${v.raw} = ${value}${interval}`.trim();
}

/** The facts of the figure `key`. */
export function figureFacts(session: Session, key: string): FigureFacts | null {
  const wb = session.workbook;
  const lang = session.lang;
  const L = (k: UiKey, p: Record<string, string | number> = {}) => t(lang, k, p);
  const { indicator, period, unit } = parseCellKey(key);
  const ind = wb.index.byId.get(indicator);
  if (!ind || !wb.periods.includes(period)) return null;
  const measure = wb.index.unitOf(ind).label[lang];
  const v = session.value(key);
  const meta = session.valueMeta(key);
  const records: ChangeRecord[] = wb.history.get(key) ?? [];

  const sources: string[] = [];
  if (meta?.source) sources.push(L('sourceLabel', { s: meta.source }));
  if (meta?.derived && meta.derivation) sources.push(L('panelDerived', { d: meta.derivation }));
  const imported = records.findLast((r) => r.how === 'imported' && r.file);
  if (imported) {
    const where = [imported.sheet ? `「${imported.sheet}」` : '', imported.row !== undefined ? (lang === 'zh' ? ` 第${imported.row}行` : ` row ${imported.row}`) : ''].join('');
    sources.push(L('panelImported', { file: imported.file!, where, time: formatTime(imported.time) ?? '' }));
  }

  const byId = new Map(session.findings.map((f) => [f.id, f]));
  const rules = session.rulesOf(key).map((r) => {
    const finding = byId.get(r.id);
    const text = r.rule.description?.[lang] ?? r.rule.id;
    const status: FigureFacts['rules'][number]['status'] =
      r.outcome === 'passed' ? 'passed' : r.outcome === 'not_computable' ? 'nc' : r.rule.severity === 'error' ? 'error' : finding?.explanation ? 'explained' : 'warning';
    return { id: r.id, text, period: r.period, status, ...(finding ? { message: finding.message[lang], finding } : {}) };
  });
  // the per-value check (a count must be a whole number ≥ 0) is a finding without a rule instance
  for (const f of session.marksOf(key)?.errors ?? []) if (f.kind === 'value') rules.unshift({ id: f.id, text: f.message[lang], period, status: 'error', message: f.message[lang], finding: f });

  const history = [...records].reverse().map((r) => describeChange(r, lang));

  const unitName = unit === CITY ? (wb.units.get(CITY) ? unitLabel(wb.units.get(CITY)!, lang) : '') : wb.units.label(unit, lang);
  return {
    key,
    indicator,
    label: ind.label[lang],
    period,
    unitName,
    measure,
    raw: v.raw,
    state: v.state,
    readAs: readingOf(v, ind.kind, ind.decimals, measure, lang),
    sources,
    rules,
    suspects: (session.suspectOf(key)?.suggestions ?? []).map((s) => s.message[lang]),
    note: session.noteOf(key),
    followUp: session.followUpOf(key),
    history,
    chart: chartData(session, indicator, unit),
  };
}

/**
 * The indicator over every year of the workbook: the focused unit's line, and when the workbook has
 * reporting units besides the city, one line per unit under the city (at most ten, then the city).
 */
export function chartData(session: Session, indicator: string, unit: string = CITY): FigureFacts['chart'] {
  const wb = session.workbook;
  const ind = wb.index.indicator(indicator);
  const lang = session.lang;
  const years = wb.periods.map(Number);
  const line = (u: string): (number | null)[] =>
    wb.periods.map((p) => {
      const v = session.value(cellKey(indicator, p, u));
      return v.state === 'value' && v.n !== undefined && Number.isFinite(v.n) ? v.n : null;
    });
  const name = (u: string) => wb.units.label(u, lang);
  const series: ChartSeries[] = [{ label: name(unit), values: line(unit) }];
  if (wb.units.all().length > 1) {
    const others = wb.units.children(CITY).filter((u) => u.id !== unit);
    for (const u of others.slice(0, 10)) series.push({ label: unitLabel(u, lang), values: line(u.id) });
    if (unit !== CITY) series.push({ label: name(CITY), values: line(CITY) });
  }
  return { years, series, decimals: ind.decimals };
}
