import type { Indicator, Unit } from '../model/catalog.ts';
import type { CellValue, Qualifier } from '../model/value.ts';

/**
 * Reads a figure as statisticians write it: `541261`, `541,261`, `５４１２６１`, `1.6万`, `52.08亿`,
 * `98.23%`, `1:14.7` (= `14.7:1` = `14.7` for a students-per-teacher ratio), `55.5:44.5`, `比上年减少55人` (a change: −55), `约9500`, `92%以上`, `1千余`, `—`.
 *
 * Invariant: the result always carries `raw` unchanged. Text that cannot be read as the indicator's
 * kind is returned with state "invalid" and an error code, never dropped or coerced.
 * All magnitudes are powers of ten, so scaling is done on the decimal exponent (no float drift:
 * "8.69万" is exactly 86900).
 */

/** "About" figures (约) are taken to lie within this share of their value. */
export const ABOUT_BAND = 0.05;

const NA_MARKS = new Set(['—', '——', '-', '--', '–', '―', '/', 'N/A', 'n/a', '不适用']);

const MAGNITUDE_EXP: Record<string, number> = { 十: 1, 百: 2, 千: 3, 万: 4, 亿: 8, 万亿: 12 };

const PREFIX_QUALIFIERS: [string, Qualifier][] = [
  ['大约', 'about'],
  ['接近', 'about'],
  ['约', 'about'],
  ['近', 'about'],
  ['超过', 'over'],
  ['逾', 'over'],
  ['不足', 'under'],
  ['不到', 'under'],
  ['不超过', 'under'],
];

const SUFFIX_QUALIFIERS: [string, Qualifier][] = [
  ['以上', 'over'],
  ['左右', 'about'],
  ['以下', 'under'],
  ['以内', 'under'],
  ['余', 'odd'],
  ['多', 'odd'],
];

/** A plain decimal as written: sign, integer digits (thousands separators removed), fraction digits. */
interface Decimal {
  negative: boolean;
  int: string;
  frac: string;
}

const NUMBER_RE = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

function readDecimal(s: string): Decimal | null {
  const m = NUMBER_RE.exec(s.replace(/[\s\u00a0\u2009\u202f]/g, ''));
  if (!m) return null;
  return { negative: m[1] === '-', int: m[2].replace(/,/g, ''), frac: m[3] ?? '' };
}

/** The number d × 10^exp, computed from the decimal text so no binary rounding creeps in. */
function toNumber(d: Decimal, exp: number): number {
  const v = Number(`${d.int}.${d.frac || '0'}e${exp}`);
  return d.negative ? -v : v;
}

/** Half a unit of the last written digit, × 10^exp. */
function halfUnit(d: Decimal, exp: number): number {
  return Number(`5e${exp - d.frac.length - 1}`);
}

/** The place value of the last non-zero written digit, × 10^exp ("1千" → 1000, "30" → 10). */
function lastPlace(d: Decimal, exp: number): number {
  const digits = d.int + d.frac;
  let trailingZeros = 0;
  for (let i = digits.length - 1; i > 0 && digits[i] === '0'; i--) trailingZeros++;
  return Number(`1e${exp - d.frac.length + trailingZeros}`);
}

/** Normalises width and punctuation: full-width digits and colons, ideographic spaces. */
export function normaliseText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[：∶比]/g, ':')
    .replace(/，/g, ',')
    .replace(/[％]/g, '%')
    .trim();
}

interface Stripped {
  body: string;
  qualifier?: Qualifier;
}

function stripQualifiers(s: string): Stripped {
  let body = s;
  let qualifier: Qualifier | undefined;
  for (const [p, q] of PREFIX_QUALIFIERS) {
    if (body.startsWith(p)) {
      body = body.slice(p.length).trim();
      qualifier = q;
      break;
    }
  }
  for (const [p, q] of SUFFIX_QUALIFIERS) {
    if (body.endsWith(p)) {
      body = body.slice(0, -p.length).trim();
      qualifier ??= q;
      break;
    }
  }
  return { body, qualifier };
}

/**
 * Removes the indicator's unit word ("所", "人次", "亿元") or its base word ("元" of "万元").
 * Returns what was removed, because "52.08亿元" in an 亿元 cell is 52.08 but "4721万元" in an
 * 亿元 cell is 0.4721.
 */
function stripUnit(s: string, unit: Unit): { body: string; removed: 'label' | 'base' | 'none' } {
  const candidates: [string, 'label' | 'base'][] = [];
  for (const label of [unit.label.zh, unit.label.en]) {
    if (!label || label === '%') continue;
    candidates.push([label, 'label']);
    const base = label.replace(/^(万亿|万|亿|千|百)/, '');
    if (base && base !== label) candidates.push([base, 'base']);
  }
  candidates.sort((a, b) => b[0].length - a[0].length);
  for (const [w, removed] of candidates) {
    if (s.endsWith(w) && s.length > w.length) return { body: s.slice(0, -w.length).trim(), removed };
  }
  return { body: s, removed: 'none' };
}

/** Splits a magnitude word off the end: "1.6万" → ["1.6", 4]. */
function stripMagnitude(s: string): [string, number] {
  for (const w of ['万亿', '亿', '万', '千', '百']) {
    if (s.endsWith(w) && s.length > w.length) return [s.slice(0, -w.length).trim(), MAGNITUDE_EXP[w]];
  }
  return [s, 0];
}

function unitExp(unit: Unit): number {
  return Math.round(Math.log10(unit.magnitude || 1));
}

function invalid(raw: string, error: string, qualifier?: Qualifier): CellValue {
  return qualifier ? { raw, state: 'invalid', error, qualifier } : { raw, state: 'invalid', error };
}

/** The interval a written number stands for, given how it was written and qualified. */
function interval(
  d: Decimal,
  exp: number,
  n: number,
  exact: boolean,
  qualifier: Qualifier | undefined,
): { lo: number; hi: number } {
  const half = exact ? 0 : halfUnit(d, exp);
  let lo = n - half;
  let hi = n + half;
  switch (qualifier) {
    case 'about': {
      const band = Math.max(half, Math.abs(n) * ABOUT_BAND);
      lo = n - band;
      hi = n + band;
      break;
    }
    case 'over':
      hi = Infinity;
      break;
    case 'under':
      lo = -Infinity;
      break;
    case 'odd':
      lo = n;
      hi = n + lastPlace(d, exp);
      break;
  }
  return { lo, hi };
}

/**
 * Reads one number with an optional magnitude word; `exp` scales it into the indicator's unit.
 * A bare number is already in the indicator's unit; a magnitude word or a base-unit word makes it
 * absolute ("1.6万" in a 人次 cell is 16000; "4721万元" in an 亿元 cell is 0.4721).
 */
function readScaled(
  s: string,
  unit: Unit,
  removed: 'label' | 'base' | 'none',
): { d: Decimal; exp: number; scaled: boolean } | null {
  const [digits, magExp] = stripMagnitude(s);
  const d = readDecimal(digits);
  if (!d) return null;
  const absolute = removed === 'base' || (removed === 'none' && magExp !== 0);
  return { d, exp: absolute ? magExp - unitExp(unit) : magExp, scaled: magExp !== 0 };
}

/** "比上年" and its kin before a change; removed before 比 is read as a colon. */
const ON_LAST_YEAR = /^\s*(?:比上年|较上年|比去年|较去年|同比)/;
const RISE = /^(?:增加|增长|提高|上升|多)了?/;
const FALL = /^(?:减少|下降|降低|减|少)了?/;

/**
 * A change or growth on last year, written as a direction ("比上年增加120", "减少55", "下降6%") or
 * signed ("-55", "−6%"): the body without the words, and −1 for a decrease. null when both a
 * falling word and a minus sign are written ("减少-55": which is meant cannot be told).
 */
function stripDirection(s: string): { body: string; negative: boolean } | null {
  const t = s.replace(/^\u2212/, '-');
  const fall = FALL.exec(t);
  const rise = fall ? null : RISE.exec(t);
  const body = (fall ?? rise) ? t.slice((fall ?? rise)![0].length).trim() : t;
  if (fall && /^[+-]/.test(body)) return null;
  return { body, negative: !!fall };
}

/** Parses text typed or imported for an indicator; see the module comment for what is understood. */
export function parseValue(raw: string, ind: Pick<Indicator, 'kind'>, unit: Unit): CellValue {
  const signed = ind.kind === 'change' || ind.kind === 'growth';
  const text = normaliseText(signed ? raw.replace(ON_LAST_YEAR, '') : raw);
  if (text === '') return { raw, state: 'empty' };
  if (NA_MARKS.has(text)) return { raw, state: 'na' };
  // a line break inside a figure ("1⏎8" from a quoted CSV cell) is two things, not 18
  if (LINE_BREAK.test(text)) return invalid(raw, 'parse.line_break');
  const v = parseText(raw, text, ind, unit);
  // 400 nines is not ∞: a figure beyond a double's range is kept as written and flagged
  if (v.state === 'value' && !(Number.isFinite(v.n) && (v.n2 === undefined || Number.isFinite(v.n2)))) return invalid(raw, 'parse.out_of_range', v.qualifier);
  return v;
}

const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;

function parseText(raw: string, text: string, ind: Pick<Indicator, 'kind'>, unit: Unit): CellValue {
  const signed = ind.kind === 'change' || ind.kind === 'growth';
  const { body: afterQualifiers, qualifier } = stripQualifiers(text);
  const { body: withoutUnit, removed } = stripUnit(afterQualifiers, unit);
  let body = withoutUnit;

  if (ind.kind === 'ratio' || ind.kind === 'split') {
    const parts = body.split(':').map((p) => p.trim());
    if (ind.kind === 'split') {
      if (parts.length !== 2) return invalid(raw, 'parse.split_needs_two', qualifier);
      const a = readDecimal(parts[0].replace(/%$/, ''));
      const b = readDecimal(parts[1].replace(/%$/, ''));
      if (!a || !b) return invalid(raw, 'parse.not_a_number', qualifier);
      const n = toNumber(a, 0);
      const n2 = toNumber(b, 0);
      const i1 = interval(a, 0, n, false, qualifier);
      const i2 = interval(b, 0, n2, false, qualifier);
      return withQualifier({ raw, state: 'value', n, n2, lo: i1.lo, hi: i1.hi, lo2: i2.lo, hi2: i2.hi }, qualifier);
    }
    // A students-per-teacher ratio read the way it is written: "1:17.4" (the report's 师生比),
    // "17.4:1" (the national 生师比 notation) and a bare "17.4" are all 17.4 students a teacher, so
    // "a:b" is the larger side ÷ the smaller one.
    if (parts.length > 2) return invalid(raw, 'parse.not_a_number', qualifier);
    let b = readDecimal(parts[parts.length - 1]);
    let a = parts.length === 2 ? readDecimal(parts[0]) : { negative: false, int: '1', frac: '' };
    if (!a || !b) return invalid(raw, 'parse.not_a_number', qualifier);
    if (parts.length === 2 && toNumber(a, 0) > toNumber(b, 0) && toNumber(b, 0) > 0) [a, b] = [b, a];
    const divisor = toNumber(a, 0);
    if (divisor <= 0) return invalid(raw, 'parse.ratio_bad_base', qualifier);
    const x = toNumber(b, 0);
    const { lo, hi } = interval(b, 0, x, false, qualifier);
    return withQualifier(
      { raw, state: 'value', n: x / divisor, lo: lo / divisor, hi: hi / divisor },
      qualifier,
    );
  }

  if (body.includes(':')) return invalid(raw, 'parse.colon_not_expected', qualifier);

  let falls = false;
  if (signed) {
    const dir = stripDirection(body);
    if (!dir) return invalid(raw, 'parse.not_a_number', qualifier);
    body = dir.body;
    falls = dir.negative;
  }

  let percent = false;
  if (body.endsWith('%')) {
    percent = true;
    body = body.slice(0, -1).trim();
    // "92%以上": the qualifier came after the percent sign and was stripped above; "约92 %" too.
  }
  if (percent && ind.kind !== 'percentage' && ind.kind !== 'growth') return invalid(raw, 'parse.percent_not_expected', qualifier);

  const r = readScaled(body, unit, removed);
  if (!r) return invalid(raw, 'parse.not_a_number', qualifier);
  if (percent && r.scaled) return invalid(raw, 'parse.not_a_number', qualifier);
  if (falls) r.d.negative = true;
  const n = toNumber(r.d, r.exp);
  const exact = (ind.kind === 'count' || ind.kind === 'change') && !r.scaled;
  const { lo, hi } = interval(r.d, r.exp, n, exact, qualifier);
  return withQualifier({ raw, state: 'value', n, lo, hi }, qualifier);
}

function withQualifier(v: CellValue, qualifier: Qualifier | undefined): CellValue {
  if (qualifier) v.qualifier = qualifier;
  return v;
}
