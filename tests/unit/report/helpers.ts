/** What the report tests share: the baseline workbook, its validation, and a draft of it. */
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { bundledTemplates, renderDraft, type Draft, type DraftOptions } from '../../../src/core/report/index.ts';
import type { Lang } from '../../../src/core/i18n/format.ts';
import { baseline, RULES } from '../data/next-years.ts';

export { baseline, RULES };
export const TEMPLATES = bundledTemplates();

/** The draft of `period` with the workbook validated against data/rules.json, as the CLI and the app do. */
export function draftOf(wb: Workbook, period: string, lang: Lang = 'zh', extra: Partial<DraftOptions> = {}): Draft {
  const v = compileRules(RULES, wb);
  const { findings } = v.validateAll();
  return renderDraft(wb, TEMPLATES, { findings, covers: (k) => v.slotOfKey(k) !== undefined }, { period, lang, ...extra });
}

/**
 * The numbers of a text in order, as the report writes them: 934, 98.23%, 1:14.7, 55.5:44.5 are one
 * token each (full-width forms read as half-width).
 */
export function numbersOf(text: string): string[] {
  return [...text.normalize('NFKC').matchAll(/\d+(?:\.\d+)?(?::\d+(?:\.\d+)?)?%?/g)].map((m) => m[0]);
}

/** The differences between two lists of numbers, position by position, as lines a reader can act on. */
export function numberDifferences(draft: string[], report: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(draft.length, report.length); i++) {
    if (draft[i] !== report[i]) out.push(`#${i + 1}: draft ${draft[i] ?? '(none)'} ≠ report ${report[i] ?? '(none)'}`);
  }
  return out;
}

/** A text with width, spacing and punctuation forms made comparable (the web page prints half-width ,;()). */
export const comparable = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
