import type { ValueKind } from '../model/catalog.ts';
import type { PlausibleRule } from './types.ts';
import { formatText } from '../i18n/format.ts';
import * as plan from './plan.ts';
import type { Explained, KindPlan, RuleKind, Template } from './plan.ts';
import { ST_VALUE, type Slots } from './slots.ts';

const { PASSED, FAILED, SKIPPED, F_KIND } = plan;

/**
 * Year-over-year plausibility of one figure (a warning heuristic, not a published relation).
 *
 * ops: [this year, then the same indicator in each earlier period of the workbook, newest first];
 * coef: for each op, how many calendar years before this one it lies (0 for this year). The figure is
 * compared with the newest earlier year that has a value, k years back (k > 1 across a gap year).
 *
 * The change is measured on a log scale (ln this − ln last) for counts, amounts, areas and ratios, and
 * in percentage points for rates. The band it must stay in:
 * - from the figure's own history when it has at least MIN_HISTORY earlier year-to-year changes: the
 *   median m and MAD of those per-year changes (robust: one odd year does not move them), the change
 *   over k years within k·m ± Z × 1.4826·MAD × √k, the spread never below HISTORY_FLOOR of the default;
 * - otherwise a default by value kind (p0, per year), k years allowing k times as much;
 * - counts also pass when the absolute change is within p1 × √last × √k (a school count 2 → 3 is no alarm).
 * Nothing to check (SKIPPED: not listed, not counted) when this year is empty or negative (the per-value
 * check reports that) or no earlier year has a value.
 */

/** Instance flags: the change is in percentage points (else log scale); counts have an absolute floor. */
const F_POINTS = F_KIND;
const F_FLOOR = F_KIND << 1;

export const MIN_HISTORY = 4;
export const Z = 4;
export const MAD_SCALE = 1.4826;
export const HISTORY_FLOOR = 0.25;
/** The earlier periods an instance reads (its history window). */
export const HISTORY_WINDOW = 10;

/** Default band per year by value kind: ln(factor) on the log scale, or percentage points. */
export const DEFAULT_BAND: Partial<Record<ValueKind, number>> = {
  count: Math.log(1.25),
  money: Math.log(1.3),
  area: Math.log(1.3),
  ratio: Math.log(1.15),
  score: Math.log(1.15),
  number: Math.log(1.3),
  percentage: 5,
};
/** Counts: an absolute change within COUNT_FLOOR × √last (about three Poisson standard deviations) always passes. */
export const COUNT_FLOOR = 3;

function transform(x: number, points: boolean): number {
  if (points) return x;
  return x > 0 ? Math.log(x) : -Infinity;
}

/** The median of a[0..n), sorting it in place (insertion sort: n ≤ HISTORY_WINDOW, no allocation). */
function median(a: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const x = a[i];
    let j = i - 1;
    for (; j >= 0 && a[j] > x; j--) a[j + 1] = a[j];
    a[j + 1] = x;
  }
  return n % 2 ? a[(n - 1) >> 1] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

const scratch = new Float64Array(HISTORY_WINDOW + 1);
const devs = new Float64Array(HISTORY_WINDOW + 1);

/** The band a value must meet, as [lo, hi] on the transformed scale, plus what it came from. */
export interface Band {
  /** Years between this value and the one it is compared with. */
  gap: number;
  /** Index of the op compared with. */
  last: number;
  lo: number;
  hi: number;
  /** Earlier year-to-year changes the band was learnt from (0: the default by kind). */
  history: number;
  /** Absolute floor for counts (0 when none). */
  floor: number;
}

/** The band of instance i, or null when there is nothing to compare with. */
function band(s: Slots, p: KindPlan, i: number): Band | null {
  return fillBand(s, p, i, { gap: 0, last: 0, lo: 0, hi: 0, history: 0, floor: 0 });
}

/** The band evaluation reuses (the loop over every instance allocates nothing). */
const shared: Band = { gap: 0, last: 0, lo: 0, hi: 0, history: 0, floor: 0 };

function fillBand(s: Slots, p: KindPlan, i: number, out: Band): Band | null {
  const { ops, start } = p;
  const coef = p.coef!;
  const a = start[i];
  const b = start[i + 1];
  const points = (p.flags[i] & F_POINTS) !== 0;
  let last = -1;
  for (let j = a + 1; j < b; j++) {
    if (s.state[ops[j]] === ST_VALUE) {
      last = j;
      break;
    }
  }
  if (last < 0) return null;
  const gap = coef[last];
  // per-year changes between consecutive earlier values
  let n = 0;
  let prev = last;
  for (let j = last + 1; j < b; j++) {
    if (s.state[ops[j]] !== ST_VALUE) continue;
    const c = (transform(s.n[ops[prev]], points) - transform(s.n[ops[j]], points)) / (coef[j] - coef[prev]);
    if (Number.isFinite(c)) scratch[n++] = c;
    prev = j;
  }
  const base = p.p0[i];
  let center = 0;
  let half = base * gap;
  if (n >= MIN_HISTORY) {
    const m = median(scratch, n);
    for (let j = 0; j < n; j++) devs[j] = Math.abs(scratch[j] - m);
    const spread = Math.max(Z * MAD_SCALE * median(devs, n), HISTORY_FLOOR * base);
    center = m * gap;
    half = spread * Math.sqrt(gap);
  } else n = 0;
  const floor = p.flags[i] & F_FLOOR ? p.p1[i] * Math.sqrt(Math.max(Math.abs(s.n[ops[last]]), 1) * gap) : 0;
  out.gap = gap;
  out.last = last;
  out.lo = center - half;
  out.hi = center + half;
  out.history = n;
  out.floor = floor;
  return out;
}

/** Whether value x passes against the band (compared with `lastValue`). */
function within(x: number, lastValue: number, bd: Band, points: boolean): boolean {
  if (bd.floor > 0 && Math.abs(x - lastValue) <= bd.floor) return true;
  const d = transform(x, points) - transform(lastValue, points);
  if (d !== d) return x === lastValue; // 0 → 0 on the log scale
  return d >= bd.lo - plan.EPS && d <= bd.hi + plan.EPS;
}

/** The band in value terms: the lowest and highest plausible value. */
function valueRange(lastValue: number, bd: Band, points: boolean): [number, number] {
  let lo = points ? lastValue + bd.lo : lastValue * Math.exp(bd.lo);
  let hi = points ? lastValue + bd.hi : lastValue * Math.exp(bd.hi);
  if (bd.floor > 0) {
    lo = Math.min(lo, lastValue - bd.floor);
    hi = Math.max(hi, lastValue + bd.floor);
  }
  return [Math.max(lo, 0), hi];
}

/**
 * How far instance i's value lies from its band: 0 at the band's centre (or within a count's absolute
 * floor), 1 at its edge, above 1 outside; with the change on the year compared with (in % or points)
 * and that year's slot. Null when there is nothing to compare (error localisation ranks fixes by it).
 */
export function deviation(s: Slots, p: KindPlan, i: number): { ratio: number; change: number; last: number; points: boolean } | null {
  const t = p.ops[p.start[i]];
  if (s.state[t] !== ST_VALUE) return null;
  const bd = fillBand(s, p, i, shared);
  if (!bd) return null;
  const points = (p.flags[i] & F_POINTS) !== 0;
  const x = s.n[t];
  const last = p.ops[bd.last];
  const lv = s.n[last];
  const change = points ? x - lv : lv !== 0 ? ((x - lv) / Math.abs(lv)) * 100 : x === 0 ? 0 : Infinity;
  if (bd.floor > 0 && Math.abs(x - lv) <= bd.floor) return { ratio: 0, change, last, points };
  const d = transform(x, points) - transform(lv, points);
  const half = (bd.hi - bd.lo) / 2;
  const off = Math.abs(d - (bd.lo + bd.hi) / 2);
  const ratio = d !== d ? 0 : half > 0 ? off / half : off === 0 ? 0 : Infinity;
  return { ratio, change, last, points };
}

function check(s: Slots, p: KindPlan, i: number): number {
  const t = p.ops[p.start[i]];
  // a negative level is no figure of its kind: the per-value check reports it, once
  if (s.state[t] !== ST_VALUE || s.n[t] < 0) return SKIPPED;
  const bd = fillBand(s, p, i, shared);
  if (!bd) return SKIPPED;
  return within(s.n[t], s.n[p.ops[bd.last]], bd, (p.flags[i] & F_POINTS) !== 0) ? PASSED : FAILED;
}

/**
 * The slip that would make a failing value plausible: a rate typed as a fraction (0.989 for 98.9 %),
 * or a figure in a unit 10⁴ off (万人 typed into a 人 row, or the reverse). A scaled value is taken as the
 * meant one when it passes the band, or lies within a factor of 1.5 of last year while the typed value
 * is at least 20 times off.
 */
export type PlausibleSlip = 'fraction' | 'wan_up' | 'wan_down';

function slipOf(x: number, lastValue: number, bd: Band, points: boolean): { slip: PlausibleSlip; value: number } | null {
  const near = (v: number) => within(v, lastValue, bd, points) || (v > 0 && lastValue > 0 && Math.abs(Math.log(v / lastValue)) <= Math.log(1.5));
  const far = !(x > 0 && lastValue > 0 && Math.abs(Math.log(x / lastValue)) < Math.log(20));
  if (!far) return null;
  if (points) return x > 0 && x <= 1.5 && near(x * 100) ? { slip: 'fraction', value: Math.round(x * 100 * 1e6) / 1e6 } : null;
  if (near(x * 1e4)) return { slip: 'wan_up', value: x * 1e4 };
  if (near(x / 1e4)) return { slip: 'wan_down', value: x / 1e4 };
  return null;
}

export const plausible: RuleKind<PlausibleRule> = {
  name: 'plausible',
  usesCoef: true,
  references: (r) => [
    ...(r.indicators ?? []).map((id, i) => ({ field: `indicators/${i}`, indicator: id })),
    ...(r.exclude ?? []).map((id, i) => ({ field: `exclude/${i}`, indicator: id })),
  ],
  templates(r, index) {
    const ids = new Set(r.indicators ?? []);
    if (r.select) {
      for (const ind of index.catalog.indicators) if (r.select.kinds.includes(ind.kind)) ids.add(ind.id);
    }
    for (const id of r.exclude ?? []) ids.delete(id);
    const out: Template[] = [];
    for (const id of ids) {
      const ind = index.byId.get(id);
      const kind = ind?.kind ?? 'number';
      const base = DEFAULT_BAND[kind];
      if (base === undefined) continue; // splits: two shares, checked by their own rule
      const flags = (kind === 'percentage' ? F_POINTS : 0) | (kind === 'count' ? F_FLOOR : 0);
      out.push({ ops: [{ indicator: id, lag: 0 }, { indicator: id, lag: 0, history: HISTORY_WINDOW }], p0: base, p1: COUNT_FLOOR, flags });
    }
    return out;
  },
  evaluateOne: (s: Slots, p: KindPlan, i: number) => check(s, p, i),
  evaluateAll(s, p) {
    const { outcome } = p;
    for (let i = 0, m = p.size; i < m; i++) outcome[i] = check(s, p, i);
  },
  explain(s, p, i): Explained {
    const t = p.ops[p.start[i]];
    const x = s.n[t];
    const points = (p.flags[i] & F_POINTS) !== 0;
    const bd = band(s, p, i)!;
    const l = p.ops[bd.last];
    const lastValue = s.n[l];
    const [lo, hi] = valueRange(lastValue, bd, points);
    // a passed instance (the export's outcome list) needs only the numbers, not the message
    if (within(x, lastValue, bd, points)) return { actual: x, code: 'rule.plausible.change', params: {}, labels: {} };
    const change = points ? x - lastValue : lastValue !== 0 ? ((x - lastValue) / Math.abs(lastValue)) * 100 : Infinity;
    const basis = bd.history
      ? formatText('plausible.basis.history', { changes: bd.history })
      : formatText(`plausible.basis.default.${points ? 'points' : 'change'}`, { band: points ? p.p0[i] : Math.round((Math.exp(p.p0[i]) - 1) * 100) });
    const params = {
      thisValue: x,
      lastValue,
      change: Math.round(change * 10) / 10,
      low: roundTo(lo),
      high: roundTo(hi),
      years: bd.gap,
      basis,
    };
    const slip = slipOf(x, lastValue, bd, points);
    const code = `rule.plausible.${points ? 'points' : 'change'}${slip ? `.${slip.slip}` : ''}`;
    const out: Explained = {
      expected: x < lo ? lo : hi,
      actual: x,
      difference: x < lo ? x - lo : x - hi,
      code,
      params: slip ? { ...params, suggested: slip.value } : params,
      labels: { indicator: [t] },
      periodOf: { lastYear: l },
      cells: [t, l],
      unitOf: t,
    };
    return out;
  },
  linearize(s, p, i, unknown) {
    // this within [lo, hi] of last, as a bound on the unknown this year (last is not solved for)
    const t = p.ops[p.start[i]];
    const bd = band(s, p, i);
    if (!bd) return [];
    const l = p.ops[bd.last];
    if (unknown(l)) return null;
    if (!unknown(t)) return [];
    const [lo, hi] = valueRange(s.n[l], bd, (p.flags[i] & F_POINTS) !== 0);
    return [{ slots: [t], coefs: [1], lo, hi }];
  },
};

/** Four significant figures: enough to read a range, never binary noise. */
function roundTo(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const e = Math.floor(Math.log10(Math.abs(x))) - 3;
  const f = 10 ** Math.max(-4, -e);
  return Math.round(x * f) / f;
}
