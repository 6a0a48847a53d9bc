/**
 * Error localisation (Fellegi–Holt): for the error rules that fail, the smallest weighted set of cells
 * whose change would make every one of them hold without breaking an error rule that holds now, with
 * the value the rules imply for each cell and the typing slip that value would explain.
 *
 * How: failing error rules are grouped by the cells they share (each group is localised on its own).
 * Single cells that appear in every failing rule of a group are tried first, then pairs that together
 * cover them. A set is solved exactly on the rules' linear forms (each kind's `linearize`: the other
 * cells enter as their intervals; one unknown gives an interval, two are solved by Fourier–Motzkin
 * elimination). The chosen values are then checked by the rules themselves (evaluateOne on the real
 * slots, restored afterwards), so a set is only offered when the suggestion really makes them hold.
 * Warnings are not protected: a suggestion may raise a "changed by more than 20 %" warning.
 */
import type { Indicator, Text } from '../model/catalog.ts';
import type { CellValue } from '../model/value.ts';
import { parseValue } from '../parse/value.ts';
import { formatNumber, formatText } from '../i18n/format.ts';
import { FAILED, PASSED, type LinearForm } from '../rules/plan.ts';
import { deviation } from '../rules/plausible.ts';
import type { Validator } from '../rules/validator.ts';
import { ST_ABSENT } from '../rules/slots.ts';
import { valueSchema } from '../rules/values.ts';
import { slipCandidates, SLIP_KINDS, type SlipKind } from './slips.ts';

export interface Suggestion {
  /** The cell (cellKey). */
  cell: string;
  /** The value as entered (NaN when the cell has none). */
  current: number;
  /** The value the rules imply, at the indicator's published decimals; absent when they only bound it. */
  value?: number;
  /** The suggested value as it would be typed into the cell. */
  raw?: string;
  /** The values the rules allow, when they allow more than one. */
  range?: { lo: number; hi: number };
  /** The typing slip that would turn `value` into `current`. */
  slip?: SlipKind;
  /**
   * How the suggested value fits the figure's own past (the plausibility rule's band): `ratio` 0 at the
   * band's centre, above 1 outside it; `change` on `lastYear` in % (points for a rate).
   */
  history?: { ratio: number; change: number; year: string; lastYear: string; points: boolean };
  message: Text;
}

export interface SuspectSet {
  cells: Suggestion[];
  weight: number;
}

export type LocalisationStatus = 'unique' | 'ambiguous' | 'none';

/** One group of failing error rules that share cells, and the cells most likely wrong. */
export interface Localisation {
  /** Stable for the same failures: the sorted finding ids joined. */
  id: string;
  /** Ids of the failing findings it explains. */
  findings: string[];
  /**
   * unique: one smallest set; ambiguous: several equally small sets (all listed, those a typing slip
   * explains first), none: no set of up to `maxCells` cells makes the rules hold.
   */
  status: LocalisationStatus;
  /** Smallest first; for "ambiguous" every set of the smallest weight. */
  sets: SuspectSet[];
  message: Text;
}

export interface LocaliseOptions {
  /** The cost of assuming a figure wrong; default: the indicator's `weight` in the catalog, else 1. */
  weight?: (ind: Indicator) => number;
  /** The largest set searched: 1 or 2 cells (default 2). */
  maxCells?: 1 | 2;
}

/** Groups larger than this are not localised (the search grows with the square of the cells). */
const MAX_FAILING = 40;
/** More failing error rules than this in the whole workbook: nothing is localised. */
export const MAX_FAILING_TOTAL = 1000;
const MAX_CELLS_FOR_PAIRS = 60;
const REL = 1e-9;

interface Interval {
  lo: number;
  hi: number;
  integer: boolean;
}

interface Choice {
  value?: number;
  raw?: string;
  range?: { lo: number; hi: number };
  slip?: SlipKind;
  /** The value the check was made with. */
  cell: CellValue;
}

/** A figure in a suggestion: the messages' one number style (formatNumber), to the indicator's decimals. */
const fmt = (x: number, decimals: number): string => formatNumber(x, decimals);

/** The slot's current value (NaN without one). */
/** The bounds of a figure's own value kind (its per-value JSON Schema on `n`), or null when it has none. */
function valueBounds(ind: Indicator): { lo: number; hi: number; integer: boolean } | null {
  const n = (valueSchema(ind) as { properties?: { n?: { type?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number } } }).properties?.n;
  if (!n || ind.kind === 'split') return null;
  const lo = n.minimum ?? (n.exclusiveMinimum !== undefined ? n.exclusiveMinimum + Number.MIN_VALUE : -Infinity);
  const b = { lo, hi: n.maximum ?? Infinity, integer: n.type === 'integer' };
  return b.lo === -Infinity && b.hi === Infinity && !b.integer ? null : b;
}

function currentOf(v: Validator, s: number): number {
  return v.slots.state[s] === 0 ? v.slots.n[s] : NaN;
}

class Localiser {
  private readonly plan;
  private readonly slots;
  private readonly rules;
  private readonly weightOf: (ind: Indicator) => number;

  constructor(
    private readonly v: Validator,
    private readonly opts: LocaliseOptions,
  ) {
    this.plan = v.plan;
    this.slots = v.slots;
    this.rules = v.rules;
    this.weightOf = opts.weight ?? ((ind) => ind.weight ?? 1);
  }

  private at(g: number) {
    const k = this.plan.kindOf(g);
    const p = this.plan.plans[k];
    const i = g - this.plan.base[k];
    // a plan instance's rule is unit × R + rule (see Validator)
    return { kind: this.plan.kinds[k], p, i, rule: this.rules[p.rule[i] % this.rules.length] };
  }

  private opsOf(g: number): number[] {
    const { p, i } = this.at(g);
    return [...new Set(p.ops.subarray(p.start[i], p.start[i + 1]))];
  }

  /**
   * How plausible `cell` would be in `slot` against the figure's own past and for the year after it:
   * the worst deviation over the plausibility instances reading the slot (null without such a rule or
   * an earlier year). The slot is restored afterwards.
   */
  private historyOf(slot: number, cell: CellValue): Suggestion['history'] | null {
    const { revStart, revItems } = this.plan;
    let worst: Suggestion['history'] | null = null;
    this.slots.setCell(slot, cell);
    for (let r = revStart[slot]; r < revStart[slot + 1]; r++) {
      const { kind, p, i } = this.at(revItems[r]);
      if (kind.name !== 'plausible') continue;
      const d = deviation(this.slots, p, i);
      if (!d || (worst && worst.ratio >= d.ratio)) continue;
      const P = this.v.workbook.periods.length;
      const periods = this.v.workbook.periods;
      worst = { ratio: d.ratio, change: Math.round(d.change * 10) / 10, year: periods[p.ops[p.start[i]] % P], lastYear: periods[d.last % P], points: d.points };
    }
    this.slots.setCell(slot, this.v.workbook.getByKey(this.v.keyOf(slot)));
    return worst;
  }

  /** Error-rule instances reading `slot` that now pass or fail (not computable ones have nothing to keep). */
  private errorInstancesOf(slot: number): number[] {
    const out: number[] = [];
    const { revStart, revItems } = this.plan;
    for (let r = revStart[slot]; r < revStart[slot + 1]; r++) {
      const g = revItems[r];
      const { p, i, rule } = this.at(g);
      if (rule.severity === 'error' && (p.outcome[i] === PASSED || p.outcome[i] === FAILED) && !out.includes(g)) out.push(g);
    }
    return out;
  }

  run(reuse?: Reuse): Localisation[] {
    let failing: number[] = [];
    const { plans, base } = this.plan;
    if (reuse?.failing) failing = [...reuse.failing];
    else {
      for (let k = 0; k < plans.length; k++) {
        for (let i = 0; i < plans[k].size; i++) {
          if (plans[k].outcome[i] === FAILED && this.rules[plans[k].rule[i] % this.rules.length].severity === 'error') failing.push(base[k] + i);
        }
      }
    }
    // a file full of errors (a wrong column imported) is not a handful of slips: do not spend seconds on it
    if (failing.length > MAX_FAILING_TOTAL) return [];
    const previous = new Map((reuse?.previous ?? []).map((l) => [l.id, l]));
    const changed = new Set<number>();
    for (const k of reuse?.changed ?? []) {
      const s = this.v.slotOfKey(k);
      if (s !== undefined) changed.add(s);
    }
    return this.groups(failing).map((group) => {
      const before = previous.get(this.groupId(group));
      return before && !this.touches(group, changed) ? before : this.localiseGroup(group);
    });
  }

  private groupId(group: number[]): string {
    return [...new Set(group.map((g) => this.v.instanceId(g)))].sort().join(' ');
  }

  /** Whether a changed cell is one the group's solution reads: its cells, or a cell of an error rule reading them. */
  private touches(group: number[], changed: Set<number>): boolean {
    if (!changed.size) return false;
    for (const g of group) {
      for (const c of this.opsOf(g)) {
        if (changed.has(c)) return true;
        for (const h of this.errorInstancesOf(c)) if (this.opsOf(h).some((x) => changed.has(x))) return true;
      }
    }
    return false;
  }

  /** Failing instances grouped by shared cells (union–find over cells). */
  private groups(failing: number[]): number[][] {
    const parent = failing.map((_, j) => j);
    const find = (j: number): number => (parent[j] === j ? j : (parent[j] = find(parent[j])));
    const bySlot = new Map<number, number>();
    failing.forEach((g, j) => {
      for (const s of this.opsOf(g)) {
        const other = bySlot.get(s);
        if (other === undefined) bySlot.set(s, j);
        else parent[find(j)] = find(other);
      }
    });
    const out = new Map<number, number[]>();
    failing.forEach((g, j) => {
      const r = find(j);
      if (!out.has(r)) out.set(r, []);
      out.get(r)!.push(g);
    });
    return [...out.values()];
  }

  private localiseGroup(group: number[]): Localisation {
    const id = this.groupId(group);
    const findings = id.split(' ');
    const none = (code: string): Localisation => ({ id, findings, status: 'none', sets: [], message: formatText(code, {}) });
    if (group.length > MAX_FAILING) return none('locate.too_many');

    const covers = new Map<number, Set<number>>();
    group.forEach((g, j) => {
      for (const s of this.opsOf(g)) {
        // an absent optional part (a category this year does not report) is not a figure that could be wrong
        if (this.slots.state[s] === ST_ABSENT) continue;
        if (!covers.has(s)) covers.set(s, new Set());
        covers.get(s)!.add(j);
      }
    });
    const cells = [...covers.keys()].sort((a, b) => a - b);
    const w = (s: number) => this.weightOf(this.v.indicatorOf(s));
    const found: { slots: number[]; choices: Choice[]; weight: number }[] = [];

    const singles = new Set<number>();
    for (const s of cells) {
      if (covers.get(s)!.size !== group.length) continue;
      const c = this.solveOne(s);
      if (c) {
        singles.add(s);
        found.push({ slots: [s], choices: [c], weight: w(s) });
      }
    }
    const maxCells = this.opts.maxCells ?? 2;
    const best = found.length ? Math.min(...found.map((f) => f.weight)) : Infinity;
    if (maxCells >= 2 && cells.length <= MAX_CELLS_FOR_PAIRS) {
      for (let x = 0; x < cells.length; x++) {
        for (let y = x + 1; y < cells.length; y++) {
          const [a, b] = [cells[x], cells[y]];
          // a pair holding a cell that works alone is never smaller than that cell
          if (singles.has(a) || singles.has(b) || w(a) + w(b) > best * (1 + REL)) continue;
          const cov = new Set([...covers.get(a)!, ...covers.get(b)!]);
          if (cov.size !== group.length) continue;
          const c = this.solvePair(a, b);
          if (c) found.push({ slots: [a, b], choices: c, weight: w(a) + w(b) });
        }
      }
    }
    if (!found.length) return none(maxCells >= 2 ? 'locate.none' : 'locate.none_single');

    const min = Math.min(...found.map((f) => f.weight));
    const slipRank = (f: (typeof found)[number]) => f.choices.filter((c) => c.slip).length;
    const tied = found.filter((f) => f.weight <= min * (1 + REL));
    // equally small sets: those a slip explains first, then by how well the fixed values fit each figure's past
    const histories = new Map(tied.map((f) => [f, f.slots.map((s, j) => (tied.length > 1 && f.choices[j].value !== undefined ? this.historyOf(s, f.choices[j].cell) : null))]));
    const misfit = (f: (typeof found)[number]) => Math.max(0, ...histories.get(f)!.map((h) => h?.ratio ?? 0));
    const smallest = tied.sort((a, b) => slipRank(b) - slipRank(a) || misfit(a) - misfit(b) || a.slots[0] - b.slots[0] || (a.slots[1] ?? 0) - (b.slots[1] ?? 0));
    const sets: SuspectSet[] = smallest.map((f) => ({ weight: f.weight, cells: f.slots.map((s, j) => this.suggestion(s, f.choices[j], histories.get(f)![j])) }));
    const describe = (set: SuspectSet): Text => ({
      zh: set.cells.map((c) => c.message.zh).join('；'),
      en: set.cells.map((c) => c.message.en).join('; '),
    });
    if (sets.length === 1) return { id, findings, status: 'unique', sets, message: formatText('locate.unique', { suspects: describe(sets[0]) }) };
    const options: Text = {
      zh: sets.map((s, j) => `（${j + 1}）${describe(s).zh}`).join(' '),
      en: sets.map((s, j) => `(${j + 1}) ${describe(s).en}`).join(' '),
    };
    const ranked = sets.some((set) => set.cells.some((c) => c.history));
    return { id, findings, status: 'ambiguous', sets, message: formatText(ranked ? 'locate.ambiguous.ranked' : 'locate.ambiguous', { count: sets.length, options }) };
  }

  private suggestion(s: number, c: Choice, history?: Suggestion['history'] | null): Suggestion {
    const ind = this.v.indicatorOf(s);
    const current = currentOf(this.v, s);
    const out: Suggestion = { cell: this.v.keyOf(s), current, message: { zh: '', en: '' } };
    // outside the city the unit is named: across levels the suspect is one county's figure
    const params = { cell: this.v.cellLabel(s), current: fmt(current, ind.decimals + 4) };
    if (ind.kind === 'split') params.current = this.v.workbook.getByKey(out.cell).raw;
    if (c.value !== undefined) {
      out.value = c.value;
      out.raw = c.raw;
      const value = ind.kind === 'split' ? c.raw! : fmt(c.value, ind.decimals);
      if (c.slip) {
        out.slip = c.slip;
        out.message = formatText('locate.suspect.slip', { ...params, value, slip: formatText(`slip.${c.slip}`, {}) });
      } else out.message = formatText('locate.suspect.value', { ...params, value });
      if (history) {
        out.history = history;
        const code = `locate.history.${history.ratio > 1 ? 'misfit' : 'fits'}${history.points ? '.points' : ''}`;
        const note = formatText(code, { change: history.change, year: history.year, lastYear: history.lastYear });
        out.message = { zh: `${out.message.zh}${note.zh}`, en: `${out.message.en}${note.en}` };
      }
    } else if (c.range) {
      out.range = c.range;
      const bound = (x: number) => (Number.isFinite(x) ? fmt(x, ind.decimals) : x > 0 ? '∞' : '−∞');
      out.message = formatText('locate.suspect.range', { ...params, lo: bound(c.range.lo), hi: bound(c.range.hi) });
    }
    return out;
  }

  // --- solving -------------------------------------------------------------------------------------

  /** The linear forms of every error instance reading the unknown cells; null when one is not linear in them. */
  private formsFor(unknownSlots: number[]): { forms: LinearForm[]; instances: number[] } | null {
    const unknown = (x: number) => unknownSlots.includes(x);
    const instances = [...new Set(unknownSlots.flatMap((s) => this.errorInstancesOf(s)))];
    const forms: LinearForm[] = [];
    for (const g of instances) {
      const { kind, p, i } = this.at(g);
      const f = kind.linearize(this.slots, p, i, unknown);
      if (!f) return null;
      forms.push(...f);
    }
    // a suggested value must also pass its cell's per-value check (a count stays a whole number ≥ 0)
    for (const s of unknownSlots) {
      const b = valueBounds(this.v.indicatorOf(s));
      if (b) forms.push({ slots: [s], coefs: [1], lo: b.lo, hi: b.hi, ...(b.integer ? { integer: true } : {}) });
    }
    return { forms, instances };
  }

  /** The interval of one unknown allowed by forms in it alone (after `fixed` unknowns are substituted). */
  private interval(slot: number, forms: LinearForm[], fixed: Map<number, number>): Interval | null {
    let lo = -Infinity;
    let hi = Infinity;
    let integer = false;
    for (const f of forms) {
      let c = 0;
      let shift = 0;
      f.slots.forEach((s, j) => {
        if (s === slot) c += f.coefs[j];
        else shift += f.coefs[j] * (fixed.get(s) ?? NaN);
      });
      if (shift !== shift) continue; // mentions another, unfixed unknown: not this one's alone
      const [fl, fh] = [f.lo - shift, f.hi - shift];
      if (c === 0) {
        if (fl > 0 + REL * Math.abs(fl) || fh < 0 - REL * Math.abs(fh)) return null;
        continue;
      }
      const [a, b] = c > 0 ? [fl / c, fh / c] : [fh / c, fl / c];
      lo = Math.max(lo, a);
      hi = Math.min(hi, b);
      if (f.integer && f.slots.length === 1) integer = true;
    }
    const slack = REL * (Math.abs(lo) + Math.abs(hi) + 1);
    if (lo > hi + (Number.isFinite(slack) ? slack : 0)) return null;
    if (integer && Math.ceil(lo - slack) > Math.floor(hi + slack)) return null;
    return { lo, hi, integer };
  }

  /** Whether every instance holds with the given cells set (the slots are restored afterwards). */
  private holds(instances: number[], set: Map<number, CellValue>): boolean {
    for (const [s, cell] of set) this.slots.setCell(s, cell);
    let ok = true;
    for (const g of instances) {
      const { kind, p, i } = this.at(g);
      if (kind.evaluateOne(this.slots, p, i) !== PASSED) {
        ok = false;
        break;
      }
    }
    for (const s of set.keys()) this.slots.setCell(s, this.v.workbook.getByKey(this.v.keyOf(s)));
    return ok;
  }

  /** A value as the user would type it into this cell (same style: 1:x for a ratio, % when written with it). */
  private cellFor(s: number, x: number, second?: number): { raw: string; cell: CellValue } {
    const ind = this.v.indicatorOf(s);
    const unit = this.v.workbook.index.unitOf(ind);
    const was = this.v.workbook.getByKey(this.v.keyOf(s)).raw;
    let text = x.toFixed(Math.max(0, ind.decimals));
    if (/[,，]/.test(was)) text = fmt(x, ind.decimals);
    let raw = text;
    // a ratio in the notation it was typed in: 1:x, x:1 (生师比) or a bare x
    if (ind.kind === 'ratio') raw = /[:：]\s*1(\.0*)?\s*$/.test(was) && !/^\s*1(\.0*)?\s*[:：]/.test(was) ? `${text}:1` : /[:：]/.test(was) || was.trim() === '' ? `1:${text}` : text;
    else if (ind.kind === 'split') raw = `${text}:${(second ?? this.slots.n2?.[s] ?? 100 - x).toFixed(Math.max(0, ind.decimals))}`;
    else if (ind.kind === 'percentage' && /[%％]/.test(was)) raw = `${text}%`;
    return { raw, cell: parseValue(raw, ind, unit) };
  }

  /**
   * The value for one unknown within its interval, checked against `instances` with `others` already
   * set: first a typing slip of what was entered (nearest the middle of the interval), then the implied
   * value when the interval pins one figure at the published decimals, else a range.
   */
  private choose(s: number, iv: Interval, instances: number[], others: Map<number, CellValue>, slipsToo = true): Choice | null {
    const ind = this.v.indicatorOf(s);
    const d = Math.max(0, ind.decimals);
    const unitStep = 10 ** -d;
    const mid = Number.isFinite(iv.lo) && Number.isFinite(iv.hi) ? (iv.lo + iv.hi) / 2 : Number.isFinite(iv.lo) ? iv.lo : iv.hi;
    const current = currentOf(this.v, s);
    const meets = (c: CellValue) => c.state === 'value' && (c.lo ?? c.n!) <= iv.hi + REL * Math.abs(iv.hi) && (c.hi ?? c.n!) >= iv.lo - REL * Math.abs(iv.lo);
    const test = (x: number, slip?: SlipKind, asRange = false): Choice | null => {
      if (iv.integer && x !== Math.round(x)) return null;
      const { raw, cell } = this.cellFor(s, x);
      if (!meets(cell) || !this.holds(instances, new Map([...others, [s, cell]]))) return null;
      return asRange ? { range: { lo: iv.lo, hi: iv.hi }, cell } : { value: x, raw, slip, cell };
    };
    // a typed figure stands for at most ± one unit of its last digit: only those near the interval are parsed
    const near = (x: number) => x >= iv.lo - unitStep - REL * Math.abs(iv.lo) && x <= iv.hi + unitStep + REL * Math.abs(iv.hi);
    const slips = slipCandidates(current, d)
      .filter((c) => near(c.value) && (!iv.integer || c.value === Math.round(c.value)))
      .map((c) => ({ ...c, cell: this.cellFor(s, c.value).cell }))
      .filter((c) => meets(c.cell))
      .sort((a, b) => Math.abs(a.value - mid) - Math.abs(b.value - mid) || SLIP_KINDS.indexOf(a.kind) - SLIP_KINDS.indexOf(b.kind));
    for (const c of slipsToo ? slips.slice(0, 20) : []) {
      const hit = test(c.value, c.kind);
      if (hit) return hit;
    }
    if (slipsToo && ind.kind === 'split' && this.slots.n2) {
      // the second side may be the mistyped one: the first stays as written
      for (const c of slipCandidates(this.slots.n2[s], d)) {
        const { raw, cell } = this.cellFor(s, current, c.value);
        if (this.holds(instances, new Map([...others, [s, cell]]))) return { value: current, raw, slip: c.kind, cell };
      }
    }
    if (!Number.isFinite(mid)) return null;
    const rounded = iv.integer ? Math.round(mid) : Number(mid.toFixed(d));
    if (iv.hi - iv.lo <= unitStep * (1 + REL)) return test(rounded) ?? test(mid);
    // the rules leave a range: the set works if a value inside it does
    const inside = [rounded, Math.ceil(iv.lo / unitStep) * unitStep, Math.floor(iv.hi / unitStep) * unitStep].filter(Number.isFinite);
    for (const x of inside) {
      const hit = test(Number(x.toFixed(d)), undefined, true);
      if (hit) return hit;
    }
    return null;
  }

  private solveOne(s: number): Choice | null {
    const fi = this.formsFor([s]);
    if (!fi) return null;
    const iv = this.interval(s, fi.forms, new Map());
    return iv ? this.choose(s, iv, fi.instances, new Map()) : null;
  }

  /** Two unknowns: eliminate b (Fourier–Motzkin) for a's interval, choose a, then b given a. */
  private solvePair(a: number, b: number): Choice[] | null {
    const fi = this.formsFor([a, b]);
    if (!fi) return null;
    const ia = this.eliminate(a, b, fi.forms);
    if (!ia) return null;
    const ib0 = this.eliminate(b, a, fi.forms);
    if (!ib0) return null;
    const tryA = (ca: Choice): Choice[] | null => {
      if (ca.value === undefined && !ca.range) return null;
      const x = ca.cell.n!;
      const ib = this.interval(b, fi.forms, new Map([[a, x]]));
      if (!ib) return null;
      const cb = this.choose(b, ib, fi.instances, new Map([[a, ca.cell]]));
      if (!cb) return null;
      // with a left open, b is open too: report both as ranges
      if (ca.range) return [ca, { range: { lo: ib0.lo, hi: ib0.hi }, cell: cb.cell }];
      return [ca, cb];
    };
    const ca = this.choose(a, ia, [], new Map());
    if (!ca) return null;
    const hit = tryA(ca);
    if (hit || !ca.slip) return hit;
    const plain = this.choose(a, ia, [], new Map(), false);
    return plain ? tryA(plain) : null;
  }

  /** The interval of `keep` once `drop` is eliminated from the two-unknown forms. */
  private eliminate(keep: number, drop: number, forms: LinearForm[]): Interval | null {
    // each form as up to two inequalities α·keep + β·drop ≤ γ
    const ineq: [number, number, number][] = [];
    let integer = false;
    for (const f of forms) {
      let alpha = 0;
      let beta = 0;
      f.slots.forEach((s, j) => {
        if (s === keep) alpha += f.coefs[j];
        else if (s === drop) beta += f.coefs[j];
      });
      if (f.integer && f.slots.length === 1 && f.slots[0] === keep) integer = true;
      if (Number.isFinite(f.hi)) ineq.push([alpha, beta, f.hi]);
      if (Number.isFinite(f.lo)) ineq.push([-alpha, -beta, -f.lo]);
    }
    const derived: LinearForm[] = [];
    const push = (alpha: number, gamma: number) => derived.push({ slots: [keep], coefs: [alpha], lo: -Infinity, hi: gamma });
    const upper = ineq.filter((q) => q[1] > 0);
    const lower = ineq.filter((q) => q[1] < 0);
    for (const [al, be, ga] of ineq) if (be === 0) push(al, ga);
    for (const [a1, b1, g1] of upper) for (const [a2, b2, g2] of lower) push(-b2 * a1 + b1 * a2, -b2 * g1 + b1 * g2);
    const iv = this.interval(keep, derived, new Map());
    return iv ? { ...iv, integer: iv.integer || integer } : null;
  }
}

/**
 * Localises every group of failing error rules of a validated workbook (call after validateAll/update).
 * `reuse`: the previous result and the cells changed since; a group with the same failures none of whose
 * cells (or their neighbours in an error rule) changed keeps its previous localisation.
 */
/**
 * What a caller keeps from the last localisation: its result and the cells changed since (groups away
 * from them keep theirs), and optionally the failing error rule instances in plan order (ascending;
 * Validator.instanceOf of the failed error findings) so that every instance need not be walked.
 */
export interface Reuse {
  previous: readonly Localisation[];
  changed: readonly string[];
  failing?: readonly number[];
}

export function localise(v: Validator, opts: LocaliseOptions = {}, reuse?: Reuse): Localisation[] {
  return new Localiser(v, opts).run(reuse);
}

/** What a cell is suspected of, for marking the grid: the localisation and the cell's suggestion in each set. */
export interface CellSuspicion {
  localisation: Localisation;
  suggestions: Suggestion[];
}

/** Suspected cells keyed by cellKey. */
export function suspectsByCell(locs: Localisation[]): Map<string, CellSuspicion> {
  const out = new Map<string, CellSuspicion>();
  for (const loc of locs) {
    for (const set of loc.sets) {
      for (const s of set.cells) {
        const hit = out.get(s.cell);
        if (hit) hit.suggestions.push(s);
        else out.set(s.cell, { localisation: loc, suggestions: [s] });
      }
    }
  }
  return out;
}
