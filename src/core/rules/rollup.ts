/**
 * Roll-up between levels of reporting units (issue 17): a parent's figure against its children's.
 *
 * - Additive figures (counts, amounts, areas, signed changes): parent = Σ children, with the cells'
 *   intervals and no further tolerance (as a balance rule).
 * - Ratios and shares that a ratio/share rule defines from a numerator and a denominator: recomputed
 *   from the summed components, scale × Σ numerators ÷ Σ denominators, never averaged.
 * - Everything else (rates without components, scores, ranks, splits): not rolled up.
 *
 * In the plan a roll-up is one more rule kind, `rollup`, one instance per parent unit × indicator ×
 * period: ops [parent, child₁, …] for a sum, [parent, num₁, den₁, num₂, den₂, …] with the F_KIND flag
 * for a recomputed quotient (p1 = its scale). A *derived* parent's figures are computed here from its
 * children (deriveAll / deriveFor) and applied by the caller as ordinary cell changes.
 */
import type { CatalogIndex, Indicator, Text, Unit, ValueKind } from '../model/catalog.ts';
import { cellKey, EMPTY, parseCellKey, type CellValue } from '../model/value.ts';
import type { CellChange, Workbook } from '../model/workbook.ts';
import type { ReportingUnit } from '../model/units.ts';
import { parseValue } from '../parse/value.ts';
import * as plan from './plan.ts';
import type { Explained, KindPlan, LinearForm, RuleKind } from './plan.ts';
import { checkBalance } from './balance.ts';
import { compareQuotient } from './quotient.ts';
import type { Slots } from './slots.ts';
import type { RuleFile } from './types.ts';

const { PASSED, F_KIND, blockedSum, blockedQuotient, linearForm } = plan;

/** How an indicator rolls up from children to parent. */
export type RollupKind = 'sum' | 'recompute' | 'none';

/** The value kinds that add up across units. */
export const ADDITIVE_KINDS: readonly ValueKind[] = ['count', 'money', 'area', 'change'];

export type RollupSpec =
  | { indicator: string; kind: 'sum' }
  | { indicator: string; kind: 'recompute'; numerator: string; denominator: string; scale: number };

/** The pseudo-rule of a roll-up (one per rolled-up indicator), as findings and outcomes name it. */
export interface RollupRule {
  id: string;
  kind: 'rollup';
  severity: 'error';
  indicator: string;
  description: Text;
  reason?: undefined;
}

/** The roll-up rule id of an indicator: `rollup.<indicatorId>`. */
export const rollupRuleId = (indicator: string): string => `rollup.${indicator}`;

/**
 * The roll-up of every indicator that has one, in catalog order. Ratios and shares are recomputed only
 * when a ratio or share rule of `ruleFile` names their numerator and denominator (and both add up).
 */
export function rollupSpecs(index: CatalogIndex, ruleFile?: RuleFile): RollupSpec[] {
  const components = new Map<string, { numerator: string; denominator: string; scale: number }>();
  for (const r of ruleFile?.rules ?? []) {
    const id = (x: string | { indicator: string; lag?: number }) => (typeof x === 'string' ? { ind: x, lag: 0 } : { ind: x.indicator, lag: x.lag ?? 0 });
    if (r.kind === 'ratio' || r.kind === 'share') {
      const [s, n, d] = r.kind === 'ratio' ? [id(r.ratio), id(r.numerator), id(r.denominator)] : [id(r.share), id(r.part), id(r.whole)];
      if (s.lag || n.lag || d.lag || components.has(s.ind)) continue;
      components.set(s.ind, { numerator: n.ind, denominator: d.ind, scale: r.kind === 'ratio' ? 1 : 100 });
    }
  }
  const additive = (id: string) => {
    const ind = index.byId.get(id);
    return ind !== undefined && ADDITIVE_KINDS.includes(ind.kind);
  };
  const out: RollupSpec[] = [];
  for (const ind of index.ordered) {
    if (ADDITIVE_KINDS.includes(ind.kind)) out.push({ indicator: ind.id, kind: 'sum' });
    else {
      const c = components.get(ind.id);
      if (c && (ind.kind === 'ratio' || ind.kind === 'percentage') && additive(c.numerator) && additive(c.denominator)) {
        out.push({ indicator: ind.id, kind: 'recompute', ...c });
      }
    }
  }
  return out;
}

/** How one indicator rolls up (with the rule file, ratios and shares with components are 'recompute'). */
export function rollupKind(indicator: Indicator, ruleFile?: RuleFile): RollupKind {
  if (ADDITIVE_KINDS.includes(indicator.kind)) return 'sum';
  for (const r of ruleFile?.rules ?? []) {
    const stated = r.kind === 'ratio' ? r.ratio : r.kind === 'share' ? r.share : undefined;
    if (stated === undefined || (typeof stated === 'string' ? stated : stated.indicator) !== indicator.id) continue;
    return 'recompute';
  }
  return 'none';
}

/** The pseudo-rule for a spec. */
export function rollupRule(spec: RollupSpec, ind: Indicator): RollupRule {
  const how =
    spec.kind === 'sum'
      ? { zh: `上级单位的“${ind.label.zh}”= 下级单位之和`, en: `a parent's "${ind.label.en}" = the sum of its units'` }
      : { zh: `上级单位的“${ind.label.zh}”由下级单位的分子、分母合计重算`, en: `a parent's "${ind.label.en}" recomputed from its units' summed numerators and denominators` };
  return { id: rollupRuleId(spec.indicator), kind: 'rollup', severity: 'error', indicator: spec.indicator, description: how };
}

// --- the plan kind ---------------------------------------------------------------------------------

/** Flag: a recomputed quotient (ops: parent, then numerator/denominator pairs). */
export const F_RECOMPUTE = F_KIND;

function sumPairs(ops: Int32Array, a: number, b: number, iv: Float64Array, off: number, zeroNaN: boolean): [number, number] {
  let l = 0;
  let h = 0;
  for (let k = a + 1 + off; k < b; k += 2) {
    let x = iv[2 * ops[k]];
    let y = iv[2 * ops[k] + 1];
    if (zeroNaN && x !== x) x = y = 0;
    l += x;
    h += y;
  }
  return [l, h];
}

function checkRecompute(ops: Int32Array, a: number, b: number, st: Uint8Array, n: Float64Array, iv: Float64Array, tol: number, flags: number, scale: number): number {
  let [ul, uh] = sumPairs(ops, a, b, iv, 0, false);
  let [dl, dh] = sumPairs(ops, a, b, iv, 1, false);
  const r = ops[a];
  let rl = iv[2 * r];
  let rh = iv[2 * r + 1];
  if (!(ul === ul && dl === dl && rl === rl)) {
    let acc = 0;
    for (let k = a + 1; k < b; k++) acc |= st[ops[k]];
    const parts = blockedSum(acc, flags);
    if (parts !== PASSED) return parts;
    const stated = blockedQuotient(st[r], flags);
    if (stated !== PASSED) return stated;
    [ul, uh] = sumPairs(ops, a, b, iv, 0, true);
    [dl, dh] = sumPairs(ops, a, b, iv, 1, true);
    if (rl !== rl) rl = rh = 0;
  }
  let dn = 0;
  for (let k = a + 2; k < b; k += 2) dn += n[ops[k]];
  return compareQuotient(rl, rh, ul, uh, dl, dh, dn === 0, tol, scale);
}

function evaluate(s: Slots, p: KindPlan, i: number): number {
  const a = p.start[i];
  const b = p.start[i + 1];
  const f = p.flags[i];
  return f & F_RECOMPUTE ? checkRecompute(p.ops, a, b, s.state, s.n, s.iv, p.p0[i], f, p.p1[i]) : checkBalance(p.ops, a, b, s.state, s.iv, p.p0[i], f);
}

/** The children's slots of a roll-up instance (each child once: for a quotient, its numerator slot). */
export function rollupChildren(p: KindPlan, i: number): number[] {
  const a = p.start[i];
  const b = p.start[i + 1];
  const step = p.flags[i] & F_RECOMPUTE ? 2 : 1;
  const out: number[] = [];
  for (let k = a + 1; k < b; k += step) out.push(p.ops[k]);
  return out;
}

export const rollup: RuleKind = {
  name: 'rollup',
  divisor: 2,
  references: () => [],
  templates: () => [],
  evaluateOne: evaluate,
  evaluateAll(s: Slots, p: KindPlan): void {
    const { ops, start, p0, p1, flags, outcome } = p;
    const { state, n, iv } = s;
    for (let i = 0, m = p.size; i < m; i++) {
      const f = flags[i];
      outcome[i] = f & F_RECOMPUTE ? checkRecompute(ops, start[i], start[i + 1], state, n, iv, p0[i], f, p1[i]) : checkBalance(ops, start[i], start[i + 1], state, iv, p0[i], f);
    }
  },
  explain(s: Slots, p: KindPlan, i: number): Explained {
    const a = p.start[i];
    const b = p.start[i + 1];
    const parent = p.ops[a];
    const actual = s.n[parent];
    let expected = 0;
    const params: Explained['params'] = {};
    if (p.flags[i] & F_RECOMPUTE) {
      let u = 0;
      let d = 0;
      for (let k = a + 1; k < b; k += 2) {
        u += s.n[p.ops[k]];
        d += s.n[p.ops[k + 1]];
      }
      expected = (p.p1[i] * u) / d;
      params.numeratorValue = u;
      params.denominatorValue = d;
    } else for (let k = a + 1; k < b; k++) expected += s.n[p.ops[k]];
    return { expected, actual, difference: actual - expected, code: p.flags[i] & F_RECOMPUTE ? 'rule.rollup.recompute' : 'rule.rollup.sum', params, labels: {} };
  },
  linearize(s: Slots, p: KindPlan, i: number, unknown: (slot: number) => boolean): LinearForm[] | null {
    const a = p.start[i];
    const b = p.start[i + 1];
    const tol = p.p0[i];
    if (!(p.flags[i] & F_RECOMPUTE)) {
      const terms: [number, number][] = [[p.ops[a], 1]];
      for (let k = a + 1; k < b; k++) terms.push([p.ops[k], -1]);
      return [linearForm(s, terms, -tol, tol, unknown)];
    }
    // stated = scale × Σu ÷ Σd: as in quotient.ts, linear when the stated cell is known
    const scale = p.p1[i];
    const r = p.ops[a];
    const lo = (c: number) => (s.iv[2 * c] === s.iv[2 * c] ? s.iv[2 * c] : 0);
    const hi = (c: number) => (s.iv[2 * c + 1] === s.iv[2 * c + 1] ? s.iv[2 * c + 1] : 0);
    if (unknown(r)) {
      let ul = 0;
      let uh = 0;
      let dl = 0;
      let dh = 0;
      for (let k = a + 1; k < b; k += 2) {
        if (unknown(p.ops[k]) || unknown(p.ops[k + 1])) return null;
        ul += lo(p.ops[k]);
        uh += hi(p.ops[k]);
        dl += lo(p.ops[k + 1]);
        dh += hi(p.ops[k + 1]);
      }
      if (!(dl > 0)) return null;
      return [{ slots: [r], coefs: [1], lo: scale * Math.min(ul / dl, ul / dh) - tol, hi: scale * Math.max(uh / dl, uh / dh) + tol }];
    }
    const [rl, rh] = [lo(r) - tol, hi(r) + tol];
    const low: [number, number][] = [];
    const high: [number, number][] = [];
    for (let k = a + 1; k < b; k += 2) {
      low.push([p.ops[k], scale], [p.ops[k + 1], -rl]);
      high.push([p.ops[k], scale], [p.ops[k + 1], -rh]);
    }
    return [linearForm(s, low, 0, Infinity, unknown), linearForm(s, high, -Infinity, 0, unknown)];
  },
};

// --- derived parents -------------------------------------------------------------------------------

/** A figure as written at the indicator's decimals (a ratio as 1:x); `fixed`: with its trailing zeros. */
function written(x: number, ind: Indicator, decimals = Math.max(0, ind.decimals), fixed = false): string {
  const text = fixed ? x.toFixed(decimals) : String(Number(x.toFixed(decimals)));
  return ind.kind === 'ratio' ? `1:${text}` : text;
}

/** Whether a read figure stands for every value of [lo, hi] (up to float noise). */
function covers(v: CellValue, lo: number, hi: number): boolean {
  if (v.state !== 'value') return false;
  const slack = (x: number) => (Number.isFinite(x) ? 1e-9 * (1 + Math.abs(x)) : 0);
  return v.lo! <= lo + slack(lo) && v.hi! >= hi - slack(hi);
}

/**
 * A derived figure known only to lie in [lo, hi] (a child is approximate — 约, 以上, 余, 1.6万; see
 * `approximate`), written as a statistician writes it and read back: the plain figure when its
 * reading covers [lo, hi], else the first of the plain figure at fewer decimals (the narrowest), 约n,
 * N余 (the narrowest), lo以上 and hi以下 whose reading covers it (wider than the exact sum, never
 * narrower: no rule fails on a derived figure that could not fail on its children's). The value returned is the text's reading, so what is
 * held, shown and stored are one thing and a reload reads it back unchanged. null when no text covers
 * [lo, hi] (a child over and another under: the sum is unbounded both ways) — the figure cannot be derived.
 */
function writtenCovering(n: number, lo: number, hi: number, ind: Indicator, unit: Unit): CellValue | null {
  const read = (raw: string) => parseValue(raw, ind, unit);
  const first = read(written(n, ind));
  if (covers(first, lo, hi)) return first;
  const d = Math.max(0, ind.decimals);
  const step = 10 ** d;
  // in order of preference: the sum itself at fewer decimals, 约 the sum (both keep n the sum), N余, then one bound
  const groups: string[][] = [[], [`约${written(n, ind)}`], [], [], []];
  for (let k = d; k >= 0; k--) groups[0].push(written(n, ind, k, true));
  if (lo > 0 && Number.isFinite(hi) && ind.kind !== 'ratio') {
    for (let p = 1; p <= 1e15 && p <= 10 * hi; p *= 10) {
      const base = Math.floor(lo / p) * p;
      if (base > 0 && base + p >= hi) groups[2].push(`${base}余`);
    }
  }
  if (Number.isFinite(lo)) groups[3].push(`${written(Math.floor(lo * step) / step, ind)}以上`);
  if (Number.isFinite(hi)) groups[4].push(`${written(Math.ceil(hi * step) / step, ind)}以下`);
  for (const texts of groups) {
    let best: CellValue | null = null;
    for (const t of texts) {
      const v = read(t);
      if (covers(v, lo, hi) && (!best || v.hi! - v.lo! < best.hi! - best.lo!)) best = v;
    }
    if (best) return best;
  }
  return null;
}

/** What the workbook holds for a cell, with changes computed earlier in this call taking precedence. */
type Reader = (indicator: string, period: string, unit: string) => CellValue;

/**
 * Σ of the children's cells: 'nothing' when no child has anything (a figure the units do not report),
 * null while a child has nothing or cannot be read (or the sum is unbounded both ways), na when all are
 * na; over an approximate child, a text that says so (writtenCovering).
 */
function sumOf(ind: Indicator, unit: Unit, period: string, kids: ReportingUnit[], read: Reader): CellValue | null | 'nothing' {
  let n = 0;
  let lo = 0;
  let hi = 0;
  let values = 0;
  let incomplete = false;
  let any = false;
  let approx = false;
  for (const k of kids) {
    const v = read(ind.id, period, k.id);
    if (v.state !== 'empty' || v.raw !== '') any = true;
    if (v.state === 'na') continue;
    if (v.state !== 'value') {
      incomplete = true;
      continue;
    }
    values++;
    n += v.n ?? 0;
    lo += v.lo ?? v.n ?? 0;
    hi += v.hi ?? v.n ?? 0;
    if (!approx && approximate(v, ind, unit)) approx = true;
  }
  if (!any) return 'nothing';
  if (incomplete) return null;
  if (!values) return { raw: '—', state: 'na' };
  if (approx) return writtenCovering(n, lo, hi, ind, unit);
  // plain and published-rounded figures add up to the plain sum, written as a statistician writes a
  // total of rounded figures; its value is what that text reads, so what is held is what is stored
  const raw = written(n, ind);
  return lo === hi ? { raw, state: 'value', n: Number(raw), lo: Number(raw), hi: Number(raw) } : parseValue(raw, ind, unit);
}

/**
 * Whether a figure says it is approximate — a qualifier (约, 以上, 余, 不足) or a magnitude word that
 * rounds it more coarsely than its own digits (1.6万 of a count) — not merely written at its published
 * decimals (1.5 of an amount). Only then does a derived sum over it say so too (writtenCovering).
 */
function approximate(v: CellValue, ind: Indicator, unit: Unit): boolean {
  if (v.qualifier !== undefined) return true;
  if (v.lo === v.hi || v.n === undefined) return false;
  const plain = parseValue(written(v.n, ind, 12), ind, unit);
  return plain.state === 'value' && v.hi! - v.lo! > plain.hi! - plain.lo! + 1e-9 * (1 + Math.abs(v.n));
}

/** The derived figure, or null when the units report nothing of it (the parent's own figure is left alone). */
function derive(wb: Workbook, spec: RollupSpec, unit: ReportingUnit, period: string, read: Reader): CellValue | null {
  const ind = wb.index.byId.get(spec.indicator)!;
  const kids = wb.units.children(unit.id);
  const sum = (id: string) => {
    const i = wb.index.byId.get(id)!;
    return sumOf(i, wb.index.unitOf(i), period, kids, read);
  };
  if (spec.kind === 'sum') {
    const s = sum(ind.id);
    return s === 'nothing' ? null : (s ?? EMPTY);
  }
  const u = sum(spec.numerator);
  const d = sum(spec.denominator);
  if (u === 'nothing' && d === 'nothing') return null;
  if (!u || !d || u === 'nothing' || d === 'nothing' || u.state !== 'value' || d.state !== 'value' || !d.n) return EMPTY;
  // from plain (or published-rounded) components, the plain quotient as before; from approximate ones, one that says so
  if (u.qualifier === undefined && d.qualifier === undefined) return parseValue(written((spec.scale * u.n!) / d.n, ind), ind, wb.index.unitOf(ind));
  // the quotient's interval from the components' (an approximate numerator makes an approximate ratio)
  const corners = [u.lo! / d.lo!, u.lo! / d.hi!, u.hi! / d.lo!, u.hi! / d.hi!].filter((x) => x === x);
  const [lo, hi] = d.lo! > 0 ? [Math.min(...corners), Math.max(...corners)] : [-Infinity, Infinity];
  return writtenCovering((spec.scale * u.n!) / d.n, spec.scale * lo, spec.scale * hi, ind, wb.index.unitOf(ind)) ?? EMPTY;
}

const same = (a: CellValue, b: CellValue) => a.raw === b.raw && a.state === b.state && a.lo === b.lo && a.hi === b.hi;

/**
 * Computes the cells of `targets` (parent × indicator × period, derived parents only) bottom-up, each
 * from its children's (already recomputed) cells; returns the changes to apply.
 */
function computeTargets(wb: Workbook, ruleFile: RuleFile | undefined, targets: Map<string, Set<string>>): CellChange[] {
  const specs = new Map(rollupSpecs(wb.index, ruleFile).map((s) => [s.indicator, s]));
  const overlay = new Map<string, CellValue>();
  const read: Reader = (i, p, u) => {
    const k = cellKey(i, p, u);
    return overlay.get(k) ?? wb.getByKey(k);
  };
  const out: CellChange[] = [];
  // deepest units first, so a derived county is computed before its derived city
  const order = reverseTreeOrder(wb, targets);
  for (const unit of order) {
    const wanted = targets.get(unit.id);
    if (!wanted) continue;
    for (const item of wanted) {
      const [indicator, period] = item.split('\u0000');
      const spec = specs.get(indicator);
      if (!spec) continue;
      const key = cellKey(indicator, period, unit.id);
      const next = derive(wb, spec, unit, period, read);
      if (!next) continue;
      overlay.set(key, next);
      if (!same(next, wb.getByKey(key))) out.push({ key, after: next });
    }
  }
  return out;
}

/**
 * The units of `targets` in reverse tree order (as wb.units.all().reverse() lists them): for a few
 * targets (an edit's ancestors) by their paths from the root, without walking the whole tree.
 */
function reverseTreeOrder(wb: Workbook, targets: Map<string, unknown>): ReportingUnit[] {
  if (targets.size > 64) return wb.units.all().reverse();
  const path = (id: string): number[] => {
    const out: number[] = [];
    for (let u = wb.units.get(id); u?.parent != null; u = wb.units.get(u.parent)) {
      const here = u.id;
      out.push(wb.units.children(u.parent).findIndex((c) => c.id === here));
    }
    return out.reverse();
  };
  const units = [...targets.keys()].map((id) => ({ u: wb.units.get(id), path: path(id) })).filter((x): x is { u: ReportingUnit; path: number[] } => x.u !== undefined);
  // pre-order: by path, an ancestor (a prefix) before its units; reversed
  const before = (a: number[], b: number[]): number => {
    for (let j = 0; j < Math.min(a.length, b.length); j++) if (a[j] !== b[j]) return a[j] - b[j];
    return a.length - b.length;
  };
  return units.sort((a, b) => before(b.path, a.path)).map((x) => x.u);
}

const isDerivedParent = (wb: Workbook, u: ReportingUnit | undefined): boolean => u !== undefined && u.mode === 'derived' && wb.units.isParent(u.id);

/** Every figure of every derived parent, computed from its children (the changes against what is stored). */
export function deriveAll(wb: Workbook, ruleFile?: RuleFile): CellChange[] {
  const specs = rollupSpecs(wb.index, ruleFile);
  const targets = new Map<string, Set<string>>();
  for (const u of wb.units.all()) {
    if (!isDerivedParent(wb, u)) continue;
    const set = new Set<string>();
    for (const s of specs) for (const p of wb.periods) set.add(`${s.indicator}\u0000${p}`);
    targets.set(u.id, set);
  }
  return computeTargets(wb, ruleFile, targets);
}

/**
 * After `changedKeys` were applied: the figures of derived parents above them that follow (the parent
 * chain while it is derived; ratios whose numerator or denominator changed too).
 */
export function deriveFor(wb: Workbook, changedKeys: Iterable<string>, ruleFile?: RuleFile): CellChange[] {
  const specs = rollupSpecs(wb.index, ruleFile);
  const bySpec = new Map(specs.map((s) => [s.indicator, s]));
  const dependants = new Map<string, string[]>();
  for (const s of specs) {
    if (s.kind !== 'recompute') continue;
    for (const c of [s.numerator, s.denominator]) dependants.set(c, [...(dependants.get(c) ?? []), s.indicator]);
  }
  const targets = new Map<string, Set<string>>();
  for (const key of changedKeys) {
    const { indicator, period, unit } = parseCellKey(key);
    const inds = [...(bySpec.has(indicator) ? [indicator] : []), ...(dependants.get(indicator) ?? [])];
    if (!inds.length) continue;
    for (const a of wb.units.ancestors(unit)) {
      if (!isDerivedParent(wb, a)) break;
      let set = targets.get(a.id);
      if (!set) targets.set(a.id, (set = new Set()));
      for (const i of inds) set.add(`${i}\u0000${period}`);
    }
  }
  return targets.size ? computeTargets(wb, ruleFile, targets) : [];
}

/** Whether a cell is computed (a derived parent's rolled-up figure): read-only in the grid. */
export function isDerivedCell(wb: Workbook, key: string, ruleFile?: RuleFile): boolean {
  const { indicator, unit } = parseCellKey(key);
  if (!isDerivedParent(wb, wb.units.get(unit))) return false;
  const ind = wb.index.byId.get(indicator);
  return ind !== undefined && rollupKind(ind, ruleFile) !== 'none';
}
