import { isOptional } from '../model/catalog.ts';
import { previousYear } from '../model/period.ts';
import { CITY, parseCellKey } from '../model/value.ts';
import type { ReportingUnit, UnitTree } from '../model/units.ts';
import type { Workbook } from '../model/workbook.ts';
import type { Finding, ValidationCounts } from './types.ts';

/**
 * Complete and consistent are two answers. `valid`: no error. `complete`: no *missing* figure and no
 * *unchecked* rule.
 * - missing: a figure present in the previous calendar year and empty now (an optional indicator may
 *   be absent; a cell marked not applicable holds "—" and is not empty);
 * - unchecked: a rule partly filled in a reported year (a total with some non-optional parts empty),
 *   so it said "not computable" where it should have checked something.
 * Only *reported* years count: a year holding at least one figure that is not derived (the 2018
 * column holds four figures derived from "比上年增加…"; an added year before anything is typed holds
 * none). Every other not-computable finding is *quiet*: grouped by reason, not listed one by one.
 *
 * With reporting units both answers are per unit and year (UnitExpectations says who is due when and
 * what is expected of whom): a unit that sent nothing in a year it is due is *not received* (one line,
 * not a list of every figure); a unit that sent part of its return has its own missing figures and
 * unchecked rules; a derived parent is complete when its units are. The whole is complete only when
 * every unit due is.
 */

export interface CellRefOut {
  indicator: string;
  period: string;
  /** The reporting unit; absent for the city. */
  unit?: string;
}

export interface UncheckedRule {
  rule: string;
  period: string;
  /** The unit whose rule it is (for a roll-up: the parent); absent for the city. */
  unit?: string;
  /** The empty (non-optional) cells that kept the rule from being checked. */
  emptyCells: CellRefOut[];
}

/** Quiet not-computable findings of one reason (message code) and period. */
export interface QuietGroup {
  code: string;
  period: string;
  count: number;
  /** The year the rules need, for "no previous year". */
  needed?: string;
}

/**
 * One unit's return in one year it is due (see unitPeriods):
 * - not_received: nothing reported (the return has not arrived; not a list of every figure);
 * - incomplete: received, with missing figures or unchecked rules of its own;
 * - complete: received, nothing missing, every rule of its own checked;
 * - derived: a derived parent, whose figures are its units' sums: complete exactly when every unit
 *   below it that is due that year is complete (`pending` names those that are not).
 */
export interface UnitCompleteness {
  unit: string;
  period: string;
  state: 'not_received' | 'incomplete' | 'complete' | 'derived';
  complete: boolean;
  missing: CellRefOut[];
  unchecked: UncheckedRule[];
  /** Derived parent: its direct units (due that year) that are not complete. */
  pending?: string[];
}

export interface Completeness {
  valid: boolean;
  complete: boolean;
  /** Every unit's missing figures (city first, tree order, then year and report order). */
  missing: CellRefOut[];
  /** Every unit's unchecked rules, and the roll-ups that could not be checked because a unit's expected figure is missing. */
  unchecked: UncheckedRule[];
  /** Units whose return has not arrived in a year they are due. */
  notReceived: { unit: string; period: string }[];
  /** Years holding at least one reported (not derived) figure. */
  reportedPeriods: string[];
  /** Finding ids of the unchecked rules (the not-computable findings to show one by one). */
  uncheckedIds: Set<string>;
  quiet: QuietGroup[];
  /** Per unit (tree order) and year it is due (see UnitCompleteness). */
  units: UnitCompleteness[];
  /** The O(cells) summary it was computed from (a caller may pass it back while the figures are unchanged). */
  figures?: UnitFigures;
  /** What each unit is expected to give, read from `figures` (passed back with them, its answers are not worked out again). */
  expectations?: UnitExpectations;
}

/** The per-unit part of a completeness answer, and the units' own unchecked rules it was worked out for. */
interface UnitAnswers {
  sig: string;
  /** The own unchecked rules by unit|period, as JSON (what changed since is answered again). */
  own: Map<string, string>;
  /** Where each unit|period stands in `units`. */
  at: Map<string, number>;
  units: UnitCompleteness[];
  missing: CellRefOut[];
  unchecked: UncheckedRule[];
  notReceived: { unit: string; period: string }[];
  complete: boolean;
}

/**
 * What the stored cells say, per unit × year × indicator, in one pass over them: which figures are
 * there (any state but empty: "—" and unreadable text are there) and which years each unit reported
 * (a non-empty figure that is not derived). Typed arrays: units × periods × indicators bytes.
 */
export class UnitFigures {
  readonly units: string[];
  readonly periods: string[];
  readonly indicators: string[];
  /** 1 where the unit has the figure (any state but empty), by (u × P + p) × I + i. */
  readonly present: Uint8Array;
  /** 1 where the unit reported anything in the year (a figure not derived), by u × P + p. */
  readonly reported: Uint8Array;
  /** Positions of units, periods and indicators in the arrays above (-1 when absent). */
  readonly u = new Map<string, number>();
  readonly p = new Map<string, number>();
  readonly i = new Map<string, number>();

  /** The unit tree and its version the figures were read with (fits answers at once while they are the same). */
  private readonly tree: UnitTree;
  private readonly treeVersion: number;
  private reportedCache?: Set<string>;

  constructor(wb: Workbook) {
    this.tree = wb.units;
    this.treeVersion = wb.units.version;
    this.units = wb.units.all().map((u) => u.id);
    this.periods = [...wb.periods];
    this.indicators = wb.index.ordered.map((x) => x.id);
    this.units.forEach((x, j) => this.u.set(x, j));
    this.periods.forEach((x, j) => this.p.set(x, j));
    this.indicators.forEach((x, j) => this.i.set(x, j));
    const P = this.periods.length;
    const I = this.indicators.length;
    this.present = new Uint8Array(this.units.length * P * I);
    this.reported = new Uint8Array(this.units.length * P);
    // every stored figure, row by row (one array per indicator, indexed by place: see CellMap), each
    // place ("period" or "period#unit") turned into its unit × year once; no key is built or split per figure
    const slot = (place: string): number => {
      const hash = place.indexOf('#');
      const u = hash < 0 ? 0 : this.u.get(place.slice(hash + 1));
      const p = this.p.get(hash < 0 ? place : place.slice(0, hash));
      return u === undefined || p === undefined ? -1 : u * P + p;
    };
    const slots: number[] = [];
    /** Figures (keys) not empty per unit × year. */
    const given = new Uint32Array(this.units.length * P);
    wb.values.eachRow((id, places, row) => {
      const i = this.i.get(id);
      if (i === undefined) return;
      for (let k = slots.length; k < places.length; k++) slots.push(slot(places[k]));
      for (let k = 0; k < row.length; k++) {
        const v = row[k];
        if (v === undefined || v.state === 'empty' || slots[k] < 0) continue;
        this.present[slots[k] * I + i] = 1;
        given[slots[k]]++;
      }
    });
    // a unit reported in a year when not every figure it has there is derived: the derived ones are
    // counted from the marks (far fewer than the figures), each key once as above
    const derived = new Uint32Array(this.units.length * P);
    for (const [key, m] of wb.meta) {
      const at = key.indexOf('@');
      if (!m.derived || at < 0 || !this.i.has(key.slice(0, at))) continue;
      const up = slot(key.slice(at + 1));
      const v = wb.values.get(key);
      if (up >= 0 && v !== undefined && v.state !== 'empty') derived[up]++;
    }
    for (let up = 0; up < given.length; up++) if (given[up] > derived[up]) this.reported[up] = 1;
  }

  /** Whether these figures were summarised from a workbook of this shape (same units, years, indicators). */
  fits(wb: Workbook): boolean {
    const sameTree = wb.units === this.tree && wb.units.version === this.treeVersion;
    const units = sameTree ? null : wb.units.all();
    return (
      (units === null || (units.length === this.units.length && units.every((u, j) => u.id === this.units[j]))) &&
      wb.periods.length === this.periods.length &&
      wb.periods.every((p, j) => p === this.periods[j]) &&
      wb.index.ordered.length === this.indicators.length &&
      wb.index.ordered.every((x, j) => x.id === this.indicators[j])
    );
  }

  has(unit: string, period: string, indicator: string): boolean {
    const u = this.u.get(unit);
    const p = this.p.get(period);
    const i = this.i.get(indicator);
    return u !== undefined && p !== undefined && i !== undefined && this.present[(u * this.periods.length + p) * this.indicators.length + i] === 1;
  }

  didReport(unit: string, period: string): boolean {
    const u = this.u.get(unit);
    const p = this.p.get(period);
    return u !== undefined && p !== undefined && this.reported[u * this.periods.length + p] === 1;
  }

  /** Years in which anyone reported (the round's years). */
  reportedPeriods(): Set<string> {
    return new Set((this.reportedCache ??= this.findReportedPeriods()));
  }

  private findReportedPeriods(): Set<string> {
    const out = new Set<string>();
    const P = this.periods.length;
    for (let u = 0; u < this.units.length; u++) for (let p = 0; p < P; p++) if (this.reported[u * P + p]) out.add(this.periods[p]);
    return out;
  }
}

/** Years of the workbook holding at least one non-empty figure that is not derived. */
export function reportedPeriods(wb: Workbook): Set<string> {
  return new UnitFigures(wb).reportedPeriods();
}

const isDerivedParent = (wb: Workbook, id: string): boolean => wb.units.get(id)?.mode === 'derived' && wb.units.isParent(id);

/**
 * Which units are due in which years, and what each is expected to give. The rule (the catalog does
 * not say which indicators apply at which level, so it is decided here from the tree and the figures):
 * - **Due**: a unit is due in a year when a unit of its level (not a derived parent) reported that
 *   year — the round reached that level —, and a parent also in every year a unit below it reported
 *   (a reported parent's own figures are what the roll-up checks against). The city alone is due in
 *   the years it reported, as before units. A derived parent due in a year none of its units sent
 *   anything is not received; otherwise its answer follows theirs.
 * - **Expected** of a unit in a year: the non-optional figures it gave the calendar year before (its
 *   own history), and for a district or county (level county) also every non-optional figure another
 *   county-level unit gave that year — counties send the same table, and one without such schools
 *   writes 0 or "—". A school (level school) is expected only what it gave the year before: a
 *   primary school does not report senior-high figures, so its peers say nothing about it.
 */
export class UnitExpectations {
  private readonly P: number;
  private readonly I: number;
  private readonly level = new Map<string, string>();
  /** Per level, period and indicator: how many units of the level (not derived parents) have the figure. */
  private readonly peers = new Map<string, Uint16Array>();
  /** Per level: periods in which a unit of that level reported. */
  private readonly levelRound = new Map<string, Set<string>>();
  /** Per unit: periods in which a unit below it reported. */
  private readonly below = new Map<string, Set<string>>();

  /** The unit tree and its version these expectations were worked out for. */
  private readonly tree: UnitTree;
  private readonly treeVersion: number;

  constructor(
    private readonly wb: Workbook,
    readonly figures: UnitFigures,
  ) {
    this.tree = wb.units;
    this.treeVersion = wb.units.version;
    this.P = figures.periods.length;
    this.I = figures.indicators.length;
    const units = wb.units.all();
    units.forEach((u, j) => {
      this.level.set(u.id, u.level);
      if (isDerivedParent(wb, u.id)) return;
      let round = this.levelRound.get(u.level);
      if (!round) this.levelRound.set(u.level, (round = new Set()));
      let count = this.peers.get(u.level);
      if (!count) this.peers.set(u.level, (count = new Uint16Array(this.P * this.I)));
      for (let p = 0; p < this.P; p++) {
        if (figures.reported[j * this.P + p]) round.add(figures.periods[p]);
        const at = (j * this.P + p) * this.I;
        for (let i = 0; i < this.I; i++) if (figures.present[at + i]) count[p * this.I + i]++;
      }
    });
    // bottom-up: a unit's "below" = its children's reported years and their own "below"
    for (const u of [...units].reverse()) {
      const set = new Set<string>();
      for (const c of wb.units.children(u.id)) {
        for (const p of figures.periods) if (figures.didReport(c.id, p)) set.add(p);
        for (const p of this.below.get(c.id) ?? []) set.add(p);
      }
      this.below.set(u.id, set);
    }
  }

  /** Whether these expectations were worked out for this workbook's unit tree as it is now. */
  fitsTree(wb: Workbook): boolean {
    return wb === this.wb && wb.units === this.tree && wb.units.version === this.treeVersion;
  }

  /** Whether the unit is due in the year (see the class comment). */
  due(unit: string, period: string): boolean {
    if (this.levelRound.get(this.level.get(unit) ?? '')?.has(period)) return true;
    return this.wb.units.isParent(unit) && this.reportedBelow(unit, period);
  }

  /** Whether a unit below this one reported in the year. */
  reportedBelow(unit: string, period: string): boolean {
    return this.below.get(unit)?.has(period) ?? false;
  }

  /** Whether a (received) unit is expected to give the figure in the year. */
  expects(unit: string, period: string, indicator: string): boolean {
    const ind = this.wb.index.byId.get(indicator);
    if (!ind || isOptional(ind)) return false;
    const last = previousYear(period);
    if (last !== undefined && this.figures.has(unit, last, indicator)) return true;
    if (this.level.get(unit) !== 'county') return false;
    const p = this.figures.p.get(period) ?? -1;
    const i = this.figures.i.get(indicator) ?? -1;
    const n = p < 0 || i < 0 ? 0 : (this.peers.get('county')?.[p * this.I + i] ?? 0);
    return n - (this.figures.has(unit, period, indicator) ? 1 : 0) > 0;
  }

  private readonly missingCache = new Map<string, CellRefOut[]>();
  /** The last per-unit answers worked out from these expectations (see assessCompleteness). */
  unitAnswers?: UnitAnswers;

  /** The expected figures the unit left empty in the year, in report order (worked out once per unit and year: the figures do not change under it). */
  missing(unit: string, period: string): CellRefOut[] {
    const k = `${unit}|${period}`;
    let out = this.missingCache.get(k);
    if (!out) this.missingCache.set(k, (out = this.findMissing(unit, period)));
    return out;
  }

  private findMissing(unit: string, period: string): CellRefOut[] {
    const out: CellRefOut[] = [];
    const p = this.figures.p.get(period) ?? -1;
    const u = this.figures.u.get(unit) ?? -1;
    if (p < 0 || u < 0) return out;
    const last = previousYear(period);
    const lp = last === undefined ? -1 : (this.figures.p.get(last) ?? -1);
    const county = this.level.get(unit) === 'county' ? this.peers.get('county') : undefined;
    const P = this.P;
    const I = this.I;
    const ordered = this.wb.index.ordered;
    for (let i = 0; i < I; i++) {
      if (this.figures.present[(u * P + p) * I + i] || isOptional(ordered[i])) continue;
      const before = lp >= 0 && this.figures.present[(u * P + lp) * I + i] === 1;
      if (before || (county && county[p * I + i] > 0)) out.push(unit === CITY ? { indicator: ordered[i].id, period } : { indicator: ordered[i].id, period, unit });
    }
    return out;
  }
}

const ref = (key: string): CellRefOut => {
  const c = parseCellKey(key);
  return c.unit === CITY ? { indicator: c.indicator, period: c.period } : { indicator: c.indicator, period: c.period, unit: c.unit };
};

/**
 * The figures present in the previous calendar year and empty in a reported year (optional indicators
 * left out), in report order: the city's, and with units every unit's expected figures left empty in
 * the years it sent something (see UnitExpectations).
 */
export function missingFigures(wb: Workbook): CellRefOut[] {
  return assessCompleteness(wb, [], { error: 0, warning: 0, notComputable: 0, passed: 0 }).missing;
}

/**
 * The completeness answer for a workbook and its current findings and counts, per unit and year and
 * for the whole (complete only when every unit due is). `figures` may be passed in when the stored
 * figures have not changed since it was computed (the O(cells) part; the rest reads the findings), and
 * `expectations` with them (kept while the unit tree is unchanged; its per-unit answers too while the
 * units' own unchecked rules are as last time).
 */
export function assessCompleteness(wb: Workbook, findings: readonly Finding[], counts: ValidationCounts, known?: { figures?: UnitFigures; expectations?: UnitExpectations }): Completeness {
  const figures = known?.figures && known.figures.fits(wb) ? known.figures : new UnitFigures(wb);
  // the expectations read only the figures and the unit tree: passed back with the same figures and tree, kept
  const ex = known?.expectations?.figures === figures && known.expectations.fitsTree(wb) ? known.expectations : new UnitExpectations(wb, figures);
  const reported = figures.reportedPeriods();
  const empty = (key: string) => wb.getByKey(key).state === 'empty';
  const optional = (id: string) => {
    const ind = wb.index.byId.get(id);
    return !ind || isOptional(ind);
  };
  const levelOf = (id: string) => wb.units.get(id)?.level;

  const ownUnchecked = new Map<string, UncheckedRule[]>();
  const rollupUnchecked: UncheckedRule[] = [];
  const uncheckedIds = new Set<string>();
  const quiet = new Map<string, QuietGroup>();
  for (const f of findings) {
    if (f.outcome !== 'not_computable' || f.kind === 'value') continue;
    const unit = f.unit ?? CITY;
    if (f.code === 'rule.not_computable.missing' && figures.didReport(unit, f.period)) {
      const holes = f.cells.filter((k) => empty(k) && !optional(parseCellKey(k).indicator));
      const partly = f.cells.some((k) => !empty(k));
      const isRollup = (f.kind as string) === 'rollup';
      // a hole is a gap when its unit was to give it: a unit's own rule, in years it sent figures (a
      // school only for figures expected of it); a roll-up, where a unit below left an expected figure out
      const gap = (k: string): boolean => {
        const c = parseCellKey(k);
        if (isRollup) return c.unit !== unit && ex.due(c.unit, c.period) && (!figures.didReport(c.unit, c.period) || ex.expects(c.unit, c.period, c.indicator));
        return figures.didReport(unit, c.period) && (levelOf(unit) !== 'school' || ex.expects(unit, c.period, c.indicator));
      };
      if (partly && holes.length && holes.every(gap)) {
        uncheckedIds.add(f.id);
        const u: UncheckedRule = { rule: f.ruleId, period: f.period, ...(unit === CITY ? {} : { unit }), emptyCells: holes.map(ref) };
        if (isRollup) rollupUnchecked.push(u);
        else {
          const k = `${unit}|${f.period}`;
          const list = ownUnchecked.get(k);
          if (list) list.push(u);
          else ownUnchecked.set(k, [u]);
        }
        continue;
      }
    }
    const g = `${f.code}|${f.period}`;
    const group = quiet.get(g) ?? { code: f.code, period: f.period, count: 0 };
    if (f.code === 'rule.not_computable.no_previous') group.needed = previousYear(f.period) ?? '';
    group.count++;
    quiet.set(g, group);
  }

  // the per-unit answers read the expectations and the units' own unchecked rules only: while both are
  // as last time (an edit that changed a figure, not whether it is there), last time's answers stand
  const sig = JSON.stringify([...ownUnchecked]);
  const part = ex.unitAnswers?.sig === sig ? ex.unitAnswers : (ex.unitAnswers = unitAnswers(wb, figures, ex, ownUnchecked, sig, ex.unitAnswers));
  return {
    valid: counts.error === 0,
    complete: part.complete && rollupUnchecked.length === 0,
    missing: part.missing,
    unchecked: [...part.unchecked, ...rollupUnchecked],
    notReceived: part.notReceived,
    reportedPeriods: wb.periods.filter((p) => reported.has(p)),
    uncheckedIds,
    quiet: [...quiet.values()],
    units: part.units,
    figures,
    expectations: ex,
  };
}

/**
 * Per unit and year due, bottom-up so that a derived parent reads its units' answers; and what they add
 * up to. With `last` (worked out from the same expectations), only the unit-years whose own unchecked
 * rules changed are answered again, with the parents above them: whether a unit is due, received and
 * what it misses come from the expectations, which did not change.
 */
function unitAnswers(wb: Workbook, figures: UnitFigures, ex: UnitExpectations, ownUnchecked: Map<string, UncheckedRule[]>, sig: string, last?: UnitAnswers): UnitAnswers {
  const own = new Map([...ownUnchecked].map(([k, v]) => [k, JSON.stringify(v)]));
  const answer = (u: ReportingUnit, period: string, read: (key: string) => UnitCompleteness | undefined): UnitCompleteness => {
    if (isDerivedParent(wb, u.id) && ex.reportedBelow(u.id, period)) {
      const pending = wb.units
        .children(u.id)
        .filter((c) => {
          const ce = read(`${c.id}|${period}`);
          return ce !== undefined && !ce.complete;
        })
        .map((c) => c.id);
      return { unit: u.id, period, state: 'derived', complete: pending.length === 0, missing: [], unchecked: [], pending };
    }
    // a derived parent none of whose units sent anything has nothing to add up: not received either
    if (isDerivedParent(wb, u.id) || !figures.didReport(u.id, period)) return { unit: u.id, period, state: 'not_received', complete: false, missing: [], unchecked: [] };
    const missing = ex.missing(u.id, period);
    const unchecked = ownUnchecked.get(`${u.id}|${period}`) ?? [];
    const complete = missing.length === 0 && unchecked.length === 0;
    return { unit: u.id, period, state: complete ? 'complete' : 'incomplete', complete, missing, unchecked };
  };
  if (last) {
    const units = last.units.slice();
    const read = (key: string) => {
      const at = last.at.get(key);
      return at === undefined ? undefined : units[at];
    };
    const changed = new Set<string>();
    for (const [k, v] of own) if (last.own.get(k) !== v) changed.add(k);
    for (const k of last.own.keys()) if (!own.has(k)) changed.add(k);
    for (const k of changed) {
      const bar = k.lastIndexOf('|');
      const period = k.slice(bar + 1);
      const unit = wb.units.get(k.slice(0, bar));
      if (!unit) continue;
      // the unit, then its parents nearest first (a derived parent reads its units' answers)
      for (const u of [unit, ...wb.units.ancestors(unit.id)]) {
        const at = last.at.get(`${u.id}|${period}`);
        if (at !== undefined) units[at] = answer(u, period, read);
      }
    }
    return { ...last, sig, own, units, unchecked: units.flatMap((e) => e.unchecked), complete: units.every((e) => e.complete) };
  }
  const byUnit = new Map<string, UnitCompleteness>();
  const tree = wb.units.all();
  for (const u of [...tree].reverse()) {
    for (const period of wb.periods) if (ex.due(u.id, period)) byUnit.set(`${u.id}|${period}`, answer(u, period, (key) => byUnit.get(key)));
  }
  const units: UnitCompleteness[] = [];
  const at = new Map<string, number>();
  for (const u of tree) for (const period of wb.periods) {
    const e = byUnit.get(`${u.id}|${period}`);
    if (e) at.set(`${u.id}|${period}`, units.push(e) - 1);
  }
  // the whole list in tree order, then year; within a year, report order (as missingFigures)
  return {
    sig,
    own,
    at,
    units,
    missing: units.flatMap((e) => e.missing),
    unchecked: units.flatMap((e) => e.unchecked),
    notReceived: units.filter((e) => e.state === 'not_received').map((e) => ({ unit: e.unit, period: e.period })),
    complete: units.every((e) => e.complete),
  };
}

/** One unit's answer over every year it is due: complete only when each of those years is. */
export function unitSummary(c: Completeness, unit: string): { complete: boolean; missing: CellRefOut[]; unchecked: UncheckedRule[]; notReceived: string[]; due: string[] } {
  const own = c.units.filter((e) => e.unit === unit);
  return {
    complete: own.every((e) => e.complete),
    missing: own.flatMap((e) => e.missing),
    unchecked: own.flatMap((e) => e.unchecked),
    notReceived: own.filter((e) => e.state === 'not_received').map((e) => e.period),
    due: own.map((e) => e.period),
  };
}
