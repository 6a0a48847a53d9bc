import type { Text } from '../model/catalog.ts';
import { MESSAGES_EN } from './messages.en.ts';
import { MESSAGES_ZH } from './messages.zh.ts';

export type Lang = 'zh' | 'en';

/** A message parameter: a number, a plain string, a Text or a list of Texts. */
export type MessageParam = number | string | Text | Text[];

const TABLES: Record<Lang, Record<string, string>> = { zh: MESSAGES_ZH, en: MESSAGES_EN };

/**
 * A number as shown in messages: whole numbers as they are, others to at most 4 decimals (so binary
 * noise never shows), a true minus sign, ∞ for unbounded.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '?' : x > 0 ? '∞' : '−∞';
  const r = Math.round(x * 1e4) / 1e4;
  const s = String(Math.abs(r) === 0 ? 0 : Math.abs(r));
  return r < 0 ? `−${s}` : s;
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4, useGrouping: true });

/**
 * A number with thousands separators (12,000 · 541,261 · 98.5), to at most 4 decimals, with a true
 * minus sign: how the parsed reading of a figure is written, whatever it was typed as.
 */
export function formatGrouped(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  const s = GROUPED.format(Math.abs(x));
  return s === '0' || x >= 0 ? s : `−${s}`;
}

function isText(v: unknown): v is Text {
  return typeof v === 'object' && v !== null && 'zh' in v && 'en' in v;
}

function render(v: MessageParam, lang: Lang): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((t) => t[lang]).join(lang === 'zh' ? '、' : ', ');
  if (isText(v)) return v[lang];
  return String(v);
}

/** The message for `code` in `lang` with `{name}` placeholders filled; unknown codes show the code itself. */
export function format(code: string, params: Record<string, MessageParam>, lang: Lang): string {
  const template = Object.hasOwn(TABLES[lang], code) ? TABLES[lang][code] : undefined;
  if (template === undefined) return `${code} ${JSON.stringify(params)}`;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(params, name) ? render(params[name], lang) : m));
}

/** Both languages at once. */
export function formatText(code: string, params: Record<string, MessageParam>): Text {
  return { zh: format(code, params, 'zh'), en: format(code, params, 'en') };
}

/** Whether a message code exists in both tables. */
export function hasMessage(code: string): boolean {
  return Object.hasOwn(MESSAGES_ZH, code) && Object.hasOwn(MESSAGES_EN, code);
}
