/**
 * What the workbook understood a figure to be, in words: the parsed reading shown beside the raw text
 * in the status bar and the cell's tooltip ("1.2万 = 12,000 人", "约12 = 约 12 所", "— = 不适用", or why
 * a text could not be read). Numbers are written one way, with thousands separators and a true minus
 * sign, whatever the figure was typed as (541261, 560,120, 1.2万, ５４１).
 */
import { format, formatNumber, formatSigned } from '../i18n/format.ts';
import type { Indicator, Text, Unit } from '../model/catalog.ts';
import type { CellValue, Qualifier } from '../model/value.ts';

export type Reading =
  /** a figure: `text` is the reading alone ("12,000 人") */
  | { kind: 'value'; text: Text }
  /** not applicable (— or -) */
  | { kind: 'na'; text: Text }
  /** not readable as the indicator's kind: `text` says why */
  | { kind: 'invalid'; text: Text };

/** An English unit label for a count of exactly one: "1 school", not "1 schools". */
function unitFor(unit: Unit, n: number, lang: 'zh' | 'en'): string {
  const label = unit.label[lang];
  return lang === 'en' && Math.abs(n) === 1 && /[a-z]s$/.test(label) ? label.slice(0, -1) : label;
}

/** Where a qualifier goes: around the number and its unit ("约 12 所", "1,000 余人", "12 所以上"). */
const QUALIFIED: Record<Qualifier, Text> = {
  about: { zh: '约 {n} {u}', en: 'about {n} {u}' },
  over: { zh: '{n} {u}以上', en: '{n} {u} or more' },
  odd: { zh: '{n} 余{u}', en: 'over {n} {u}' },
  under: { zh: '{n} {u}以下', en: '{n} {u} or less' },
};

/** The figure in one language: its number and its unit word ('' when the number carries it, as 98%). */
function figure(v: CellValue, ind: Pick<Indicator, 'kind'>, unit: Unit, lang: 'zh' | 'en'): [number: string, unit: string] {
  const n = v.n ?? 0;
  switch (ind.kind) {
    case 'ratio':
      return [`1:${formatNumber(n)}`, ''];
    case 'split':
      return [`${formatNumber(n)}:${formatNumber(v.n2 ?? 0)}`, ''];
    case 'percentage':
      return [`${formatNumber(n)}%`, ''];
    case 'growth':
      return [`${formatSigned(n)}%`, ''];
    case 'change':
      return [formatSigned(n), unitFor(unit, n, lang)];
    default:
      return [formatNumber(n), unitFor(unit, n, lang)];
  }
}

const fill = (template: string, [n, u]: [string, string]) => template.replace('{n}', n).replace('{u}', u).replace(/\s+/g, ' ').trim();

/** The reading of a parsed figure; null for an empty cell. */
export function readingOf(v: CellValue, ind: Pick<Indicator, 'kind'>, unit: Unit): Reading | null {
  switch (v.state) {
    case 'empty':
      return null;
    case 'na':
      return { kind: 'na', text: { zh: '不适用', en: 'not applicable' } };
    case 'invalid': {
      const code = v.error ?? 'parse.not_a_number';
      return { kind: 'invalid', text: { zh: format(code, {}, 'zh'), en: format(code, {}, 'en') } };
    }
    case 'value': {
      const q = v.qualifier ? QUALIFIED[v.qualifier] : { zh: '{n} {u}', en: '{n} {u}' };
      return { kind: 'value', text: { zh: fill(q.zh, figure(v, ind, unit, 'zh')), en: fill(q.en, figure(v, ind, unit, 'en')) } };
    }
  }
}
