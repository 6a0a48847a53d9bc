/** What the report tests share: the baseline workbook, its validation, and a draft of it. */
import { readFileSync } from 'node:fs';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import type { RuleFile } from '../../../src/core/rules/types.ts';
import { bundledTemplates, renderDraft, type Draft, type DraftOptions } from '../../../src/core/report/index.ts';
import type { Lang } from '../../../src/core/i18n/format.ts';

export const RULES: RuleFile = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG, 'data/rules.json');
export const TEMPLATES = bundledTemplates();
export const baseline = (): Workbook => workbookFromJson(BASELINE_2019_JSON, CATALOG);

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
