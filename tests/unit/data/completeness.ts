/**
 * The completeness check behind completeness.test.ts: every number written in the report's scope is a
 * 2019 baseline value (found through its `source` and `raw`) or a listed not-indicator.
 * Kept apart from the test file so the test can run it on altered inputs (a value removed in memory).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * The seed sits beside the repository on the machine it was built on (../shared/seed/); elsewhere
 * (a fresh clone) it is absent and the tests use the committed list of the report's numbers
 * (data/report-numbers.json) alone. EDU_STATS_SEED points at another copy (or at nothing, to test that).
 */
export const SEED_PATH = process.env.EDU_STATS_SEED ?? fileURLToPath(new URL('../shared/seed/000_7541e7002c94fab1.txt', `file://${REPO_ROOT}`));
export const SEED_PRESENT = fs.existsSync(SEED_PATH);
export const NUMBERS_FILE = fileURLToPath(new URL('data/report-numbers.json', `file://${REPO_ROOT}`));

export interface BaselineValueLike {
  indicator: string;
  period: string;
  raw: string;
  source?: string;
  derived?: boolean;
}

export interface NotIndicator {
  text: string;
  count: number;
  kind: string;
  reason: string;
}

export interface NumberToken {
  text: string;
  start: number;
  end: number;
}

/**
 * An Arabic-digit number as the report writes it: digits (ASCII or full-width), thousands separators,
 * decimals, a "1:14.7" / "55.5:44.5" pair as one figure, a 万/亿/千 magnitude, a % sign.
 * Chinese numerals (一、五期、第二) are not matched.
 */
const NUMBER_RE = /[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?(?:[:：][0-9０-９]+(?:[.．][0-9０-９]+)?)?[万亿千]?[%％]?/g;

/** Every Arabic-digit number in a text, in order. */
export function extractNumbers(text: string): NumberToken[] {
  return [...text.matchAll(NUMBER_RE)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

const PART_THREE = '三、2020年工作计划';
const PAIRING = '由27所优质学校';

/**
 * The text the catalog must account for: the page header, the title and parts 一 and 二, plus the one
 * sentence of part 三 that the catalog takes (the 2020 pairing plan). The rest of part 三 is a plan
 * without figures of the year and is out of scope.
 */
export function reportScope(seed: string): string {
  const end = seed.indexOf(PART_THREE);
  if (end < 0) throw new Error(`seed has no "${PART_THREE}"`);
  const at = seed.indexOf(PAIRING, end);
  if (at < 0) throw new Error(`seed has no "${PAIRING}" in part 三`);
  const from = seed.lastIndexOf('。', at) + 1;
  const to = seed.indexOf('。', at) + 1;
  return `${seed.slice(0, end)}\n${seed.slice(from, to)}`;
}

export function readScope(): string {
  return reportScope(fs.readFileSync(SEED_PATH, 'utf8'));
}

function occurrences(haystack: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) at.push(i);
  return at;
}

export interface CompletenessResult {
  tokens: NumberToken[];
  /** Numbers that neither a baseline value nor a not-indicator accounts for. */
  missing: NumberToken[];
  /** Inconsistencies of the data files themselves (a source not in the report, a wrong count…). */
  problems: string[];
  /** Baseline values whose figure the report writes in Chinese numerals (no Arabic digits to find). */
  spelled: string[];
  /** Which baseline value or not-indicator accounts for each token (same index as tokens). */
  coveredBy: (string | null)[];
}

const HAS_DIGIT = /[0-9０-９]/;

/** Accounts for every number of `scope` by the 2019 baseline values and the not-indicator list. */
export function checkCompleteness(scope: string, values: BaselineValueLike[], notIndicators: NotIndicator[]): CompletenessResult {
  const tokens = extractNumbers(scope);
  const tokenAt = new Map(tokens.map((t, i) => [t.start, i]));
  const coveredBy: (string | null)[] = tokens.map(() => null);
  const problems: string[] = [];
  const spelled: string[] = [];

  const cover = (from: number, to: number, who: string): number => {
    let n = 0;
    tokens.forEach((t, i) => {
      if (t.start < to && t.end > from) {
        if (coveredBy[i] !== null) problems.push(`"${t.text}" at ${t.start} is claimed by both ${coveredBy[i]} and ${who}`);
        else coveredBy[i] = who;
        n++;
      }
    });
    return n;
  };

  for (const v of values) {
    if (v.period !== '2019' || v.derived) continue;
    const who = `value ${v.indicator}@${v.period}`;
    if (!v.source) {
      problems.push(`${who} has no source`);
      continue;
    }
    const at = occurrences(scope, v.source);
    if (at.length !== 1) {
      problems.push(`${who}: source "${v.source}" occurs ${at.length} times in the report (expected once)`);
      continue;
    }
    if (!HAS_DIGIT.test(v.source)) {
      spelled.push(v.indicator);
      continue;
    }
    const digit = v.raw.search(HAS_DIGIT);
    const start = digit < 0 ? undefined : occurrences(v.source, v.raw).map((i) => at[0] + i).find((p) => tokenAt.has(p + digit));
    if (start === undefined) {
      problems.push(`${who}: raw "${v.raw}" is not a number written in its source "${v.source}"`);
      continue;
    }
    cover(start, start + v.raw.length, who);
  }

  for (const e of notIndicators) {
    const who = `not-indicator "${e.text}"`;
    const at = occurrences(scope, e.text);
    if (at.length !== e.count) problems.push(`${who} occurs ${at.length} times, the list says ${e.count}`);
    let n = 0;
    for (const p of at) n += cover(p, p + e.text.length, who);
    if (at.length > 0 && n === 0) problems.push(`${who} contains no Arabic-digit number`);
  }

  return { tokens, missing: tokens.filter((_, i) => coveredBy[i] === null), problems, spelled, coveredBy };
}

// --- the committed list of the report's numbers ------------------------------------------------------

/** Characters of context kept on each side of a number: more than the longest baseline `source`. */
export const CONTEXT = 48;

/** One number of the report with the text around it; `at` is where the number starts in `context`. */
export interface ListedNumber {
  text: string;
  context: string;
  at: number;
}

export interface NumbersFile {
  description: string;
  seed: string;
  context: number;
  numbers: ListedNumber[];
}

/** Every number of the report's scope with CONTEXT characters either side (what data/report-numbers.json holds). */
export function listNumbers(scope: string): ListedNumber[] {
  return extractNumbers(scope).map((t) => {
    const from = Math.max(0, t.start - CONTEXT);
    return { text: t.text, context: scope.slice(from, Math.min(scope.length, t.end + CONTEXT)), at: t.start - from };
  });
}

export function readNumbersFile(): NumbersFile {
  return JSON.parse(fs.readFileSync(NUMBERS_FILE, 'utf8')) as NumbersFile;
}

/**
 * Accounts for every listed number by the 2019 baseline values and the not-indicators, without the
 * report text: a value accounts for the number where its `source` sits in the number's context with its
 * `raw` exactly over the number; a not-indicator for the numbers its text spans. Each number must be
 * accounted for once, each value must account for exactly one number.
 */
export function checkList(list: ListedNumber[], values: BaselineValueLike[], notIndicators: NotIndicator[]): { missing: ListedNumber[]; problems: string[] } {
  const coveredBy: (string | null)[] = list.map(() => null);
  const problems: string[] = [];
  const claim = (i: number, who: string) => {
    if (coveredBy[i] !== null && coveredBy[i] !== who) problems.push(`"${list[i].text}" (…${list[i].context.slice(Math.max(0, list[i].at - 8), list[i].at + 12)}…) is claimed by both ${coveredBy[i]} and ${who}`);
    else coveredBy[i] = who;
  };
  for (const v of values) {
    if (v.period !== '2019' || v.derived || !v.source || !HAS_DIGIT.test(v.source)) continue;
    const who = `value ${v.indicator}@${v.period}`;
    const digit = v.raw.search(HAS_DIGIT);
    // the raw's first occurrence in its source that is a whole number (as in checkCompleteness)
    const whole = (k: number) => !/[0-9０-９.,．，]/.test(v.source![k + digit - 1] ?? '') && !/[0-9０-９]/.test(v.source![k + v.raw.length] ?? '');
    const k = occurrences(v.source, v.raw).find(whole);
    const hits = new Set<number>();
    list.forEach((e, i) => {
      if (k !== undefined) for (const q of occurrences(e.context, v.source!)) if (q + k + digit === e.at) hits.add(i);
    });
    // the same figure in the same words shows in the contexts of its neighbours too: keep distinct numbers
    const distinct = new Set([...hits].map((i) => `${list[i].context.length}|${list[i].context}|${list[i].at}`));
    if (distinct.size !== 1) problems.push(`${who}: "${v.raw}" in "${v.source}" matches ${distinct.size} listed numbers (expected one)`);
    for (const i of hits) claim(i, who);
  }
  for (const n of notIndicators) {
    if (!HAS_DIGIT.test(n.text)) continue;
    const who = `not-indicator "${n.text}"`;
    let any = false;
    list.forEach((e, i) => {
      for (const q of occurrences(e.context, n.text)) {
        if (q <= e.at && e.at < q + n.text.length) {
          claim(i, who);
          any = true;
        }
      }
    });
    if (!any) problems.push(`${who} accounts for no listed number`);
  }
  return { missing: list.filter((_, i) => coveredBy[i] === null), problems };
}
