import type { Text } from '../model/catalog.ts';
import { MESSAGES_EN } from './messages.en.ts';
import { MESSAGES_ZH } from './messages.zh.ts';

export type Lang = 'zh' | 'en';

/** A message parameter: a number, a plain string, a Text or a list of Texts. */
export type MessageParam = number | string | Text | Text[];

const TABLES: Record<Lang, Record<string, string>> = { zh: MESSAGES_ZH, en: MESSAGES_EN };

/**
 * One formatter per number of decimals, made on first use: toLocaleString with options builds an
 * Intl.NumberFormat for every number it formats (about 250 µs each), the same formatter's format()
 * gives the same text (toLocaleString is specified as exactly that).
 */
const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let f = formats.get(decimals);
  if (!f) formats.set(decimals, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, useGrouping: true })));
  return f;
}

/**
 * A number as shown in messages and readings, one style everywhere: thousands separators (355,063),
 * at most `decimals` decimals (4 by default, so binary noise never shows), a true minus sign, no −0,
 * ∞ for unbounded. A figure typed 371046 or 371,046 appears as 371,046 next to a computed 355,063.
 */
export function formatNumber(x: number, decimals = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '?' : x > 0 ? '∞' : '−∞';
  const s = numberFormat(Math.max(0, Math.min(20, decimals))).format(Math.abs(x));
  return /^[0.,]+$/.test(s) || x >= 0 ? s : `−${s}`;
}

/** A change (a difference, a rise or fall): always with its sign, +3 or −3 (0 without). */
export function formatSigned(x: number, decimals = 4): string {
  const s = formatNumber(x, decimals);
  return x > 0 && s !== '0' ? `+${s}` : s;
}

/**
 * The parameters that are changes and are written with their sign (+/−): a change, a difference from the
 * expected figure ("相差 +3"; the order rule's 超出 is a positive amount by definition) and the stated and
 * computed changes on last year.
 */
function isSigned(code: string, name: string): boolean {
  if (name === 'change') return true;
  if (name === 'difference') return code !== 'rule.order';
  return (name === 'expected' || name === 'actual') && (code === 'rule.previous.increase' || code === 'rule.previous.growth');
}

function isText(v: unknown): v is Text {
  return typeof v === 'object' && v !== null && 'zh' in v && 'en' in v;
}

function render(v: MessageParam, lang: Lang, signed = false): string {
  if (typeof v === 'number') return signed ? formatSigned(v) : formatNumber(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((t) => t[lang]).join(lang === 'zh' ? '、' : ', ');
  if (isText(v)) return v[lang];
  return String(v);
}

/** The message for `code` in `lang` with `{name}` placeholders filled; unknown codes show the code itself. */
export function format(code: string, params: Record<string, MessageParam>, lang: Lang): string {
  const template = Object.hasOwn(TABLES[lang], code) ? TABLES[lang][code] : undefined;
  if (template === undefined) return `${code} ${JSON.stringify(params)}`;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? render(params[name], lang, isSigned(code, name)) : m));
}

/** Both languages at once. */
export function formatText(code: string, params: Record<string, MessageParam>): Text {
  return { zh: format(code, params, 'zh'), en: format(code, params, 'en') };
}

/** Whether a message code exists in both tables. */
export function hasMessage(code: string): boolean {
  return Object.hasOwn(MESSAGES_ZH, code) && Object.hasOwn(MESSAGES_EN, code);
}
