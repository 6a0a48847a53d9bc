import type { Text } from '../model/catalog.ts';
import { MESSAGES_EN } from './messages.en.ts';
import { MESSAGES_ZH } from './messages.zh.ts';

export type Lang = 'zh' | 'en';

/** A message parameter: a number, a plain string, a Text or a list of Texts. */
export type MessageParam = number | string | Text | Text[];

const TABLES: Record<Lang, Record<string, string>> = { zh: MESSAGES_ZH, en: MESSAGES_EN };

/**
 * The formatter for `decimals` (0–20), made once: `toLocaleString` with options builds a new
 * Intl.NumberFormat on every call (~50 µs each, most of a finding's message); `format` of the same
 * formatter gives the same text.
 */
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let f = NUMBER_FORMATS.get(decimals);
  if (!f) NUMBER_FORMATS.set(decimals, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, useGrouping: true })));
  return f;
}

/** A whole number below 2⁵³ with thousands separators, as the formatter writes it (without its cost). */
function grouped(n: number): string {
  const s = String(n);
  if (s.length <= 3) return s;
  let out = s.slice(0, s.length % 3 || 3);
  for (let i = out.length; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
  return out;
}

/**
 * A number as shown in messages and readings, one style everywhere: thousands separators (355,063),
 * at most `decimals` decimals (4 by default, so binary noise never shows), a true minus sign, no −0,
 * ∞ for unbounded. A figure typed 371046 or 371,046 appears as 371,046 next to a computed 355,063.
 */
export function formatNumber(x: number, decimals = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '?' : x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  const s = Number.isSafeInteger(a) ? grouped(a) : numberFormat(Math.max(0, Math.min(20, decimals))).format(a);
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
  const parts = templateParts(code, lang);
  if (parts === undefined) return `${code} ${JSON.stringify(params)}`;
  // parts alternate: text, placeholder name, text, …
  let out = parts[0];
  for (let k = 1; k < parts.length; k += 2) {
    const name = parts[k];
    out += (Object.hasOwn(params, name) ? render(params[name], lang, isSigned(code, name)) : `{${name}}`) + parts[k + 1];
  }
  return out;
}

/** A message template split once at its `{name}` placeholders (text, name, text, …); undefined for an unknown code. */
const PARTS: Record<Lang, Map<string, string[]>> = { zh: new Map(), en: new Map() };
function templateParts(code: string, lang: Lang): string[] | undefined {
  const cached = PARTS[lang].get(code);
  if (cached) return cached;
  if (!Object.hasOwn(TABLES[lang], code)) return undefined;
  const parts = TABLES[lang][code].split(/\{(\w+)\}/);
  PARTS[lang].set(code, parts);
  return parts;
}

/** Both languages at once. */
export function formatText(code: string, params: Record<string, MessageParam>): Text {
  return { zh: format(code, params, 'zh'), en: format(code, params, 'en') };
}

/** Whether a message code exists in both tables. */
export function hasMessage(code: string): boolean {
  return Object.hasOwn(MESSAGES_ZH, code) && Object.hasOwn(MESSAGES_EN, code);
}
