/**
 * A figure written the way the report writes it: counts as plain digits with their unit word
 * (541261人; in English grouped: 541,261, 8,154), rates and ratios with their published decimals and notation
 * (98.23%, 1:14.7, 55.5:44.5), qualifiers kept (约9500个, 92%以上, 1000余人).
 *
 * Precision is never invented: a figure is written with the published decimals, or with fewer when
 * it was typed with fewer ("100" stays 100%, not 100.00%); a count written in 万 stays in 万 (1.6万人).
 */
import type { Indicator, Unit } from '../model/catalog.ts';
import type { CellValue } from '../model/value.ts';
import type { Lang } from '../i18n/format.ts';

/** The decimals a raw text was written with: the most fraction digits of any number in it. */
export function typedDecimals(raw: string): number {
  let most = 0;
  for (const m of raw.normalize('NFKC').matchAll(/\d+(?:\.(\d+))?/g)) most = Math.max(most, m[1]?.length ?? 0);
  return most;
}

/** The decimals to write a figure with: the published ones, or fewer when it was typed with fewer. */
export function writtenDecimals(v: CellValue, ind: Pick<Indicator, 'decimals'>): number {
  return Math.min(ind.decimals, typedDecimals(v.raw));
}

/** A number at `d` decimals; English groups the thousands. */
export function numberText(x: number, d: number, lang: Lang): string {
  const s = x.toFixed(d);
  if (lang === 'zh') return s;
  const [int, frac] = s.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.length > 3 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : digits;
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A count written with a magnitude word (1.6万): the word and the exponent, else null. */
function magnitudeOf(raw: string): { word: string; exp: number; frac: number } | null {
  const m = /(\d+(?:\.(\d+))?)\s*(万亿|亿|万)/.exec(raw.normalize('NFKC'));
  if (!m) return null;
  return { word: m[3], exp: m[3] === '万亿' ? 12 : m[3] === '亿' ? 8 : 4, frac: m[2]?.length ?? 0 };
}

/**
 * The figure's text in `lang`: with its unit word (`withUnit`), or the bare figure (a rate keeps its %,
 * a ratio its "1:"). `v` must hold a value (state "value").
 */
export function figureText(v: CellValue, ind: Indicator, unit: Unit, lang: Lang, withUnit: boolean): string {
  const n = v.n ?? NaN;
  const d = writtenDecimals(v, ind);
  let body: string;
  let unitWord = '';
  if (ind.kind === 'ratio') body = `1:${numberText(n, d, lang)}`;
  else if (ind.kind === 'split') body = `${numberText(n, d, lang)}:${numberText(v.n2 ?? NaN, d, lang)}`;
  else if (ind.kind === 'percentage' || ind.kind === 'growth') body = `${numberText(n, d, lang)}%`;
  else {
    const mag = ind.kind === 'count' ? magnitudeOf(v.raw) : null;
    if (mag && lang === 'zh') body = `${(n / 10 ** mag.exp).toFixed(mag.frac)}${mag.word}`;
    else if (mag) body = `about ${numberText(n, 0, lang)}`;
    else body = numberText(n, d, lang);
    if (withUnit) unitWord = lang === 'zh' ? unit.label.zh : ` ${unit.label.en}`;
  }
  return qualify(body, unitWord, v.qualifier, lang);
}

const EN_QUALIFIER = new Map<string, string>([
  ['about', 'about '],
  ['over', 'over '],
  ['odd', 'more than '],
  ['under', 'under '],
]);

/** Puts a qualifier where the language writes it: 约9500个, 92%以上, 1000余人; about 9,500, over 92%. */
function qualify(body: string, unitWord: string, q: CellValue['qualifier'], lang: Lang): string {
  if (lang === 'zh') {
    switch (q) {
      case 'about':
        return `约${body}${unitWord}`;
      case 'over':
        return `${body}${unitWord}以上`;
      case 'odd':
        return `${body}余${unitWord}`;
      case 'under':
        return `${body}${unitWord}以下`;
      default:
        return `${body}${unitWord}`;
    }
  }
  return `${q ? EN_QUALIFIER.get(q) : ''}${body}${unitWord}`;
}
