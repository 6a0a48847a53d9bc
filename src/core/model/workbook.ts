import { CatalogIndex, type Catalog } from './catalog.ts';
import { CellMap } from './cell-map.ts';
import { cellKey, EMPTY, parseCellKey, type CellValue } from './value.ts';
import { previousYear } from './period.ts';
import { ImportMemory } from '../import/memory.ts';
import { UnitTree, type CollectionStatus } from './units.ts';
import type { ChangeRecord, FollowUp, ImportLogEntry, Note } from './annotations.ts';
import { appendChange, changeRecord, type ChangeContext } from './history.ts';

/** One cell's change; `before` is filled in by Workbook.apply so the change can be undone. */
export interface CellChange {
  key: string;
  after: CellValue;
  before?: CellValue;
}

/** Provenance of a value in a data file (the baseline quotes the report). */
export interface ValueMeta {
  /** The fragment of the report's sentence the value came from. */
  source?: string;
  /** Computed from other published figures (e.g. 2018 = 2019 − stated increase), not published itself. */
  derived?: boolean;
  /** How it was derived, e.g. "1655 − 195". */
  derivation?: string;
  /**
   * Earlier texts of the cell, oldest first, kept by older versions when a suggested correction was
   * accepted. Read from old files and stored records only: it is turned into the figure's change
   * history (Workbook.history, `how: 'suggestion'`) on load and never kept in Workbook.meta.
   */
  history?: string[];
}

/**
 * A statistician's decision about one rule in one year, with the reason: the rule does not apply that
 * year (not_applicable), or the ratio was computed on a named sub-population (subpopulation), so its
 * parts in the workbook cannot reproduce it. The validator does not check a marked rule in that year;
 * the mark is stored with the workbook and exported. With `unit` the mark is that reporting unit's
 * alone (one county's 民办 ratio may be a sub-population while another's is not); without it, it is
 * every unit's — what marks were before units, so older files and stores read the same.
 */
export interface RuleMark {
  rule: string;
  period: string;
  /** The reporting unit the mark is for; absent: every unit. */
  unit?: string;
  kind: 'not_applicable' | 'subpopulation';
  reason: string;
  /** For subpopulation: which students or schools the figure covers, e.g. "城区学校". */
  population?: string;
}

/** A mark's key: `rule|period` for every unit, `rule|period#unit` for one (as that unit's finding id). */
export const ruleMarkKey = (rule: string, period: string, unit?: string): string => (unit === undefined ? `${rule}|${period}` : `${rule}|${period}#${unit}`);

/** The key of a mark (see ruleMarkKey). */
export const keyOfMark = (m: Pick<RuleMark, 'rule' | 'period' | 'unit'>): string => ruleMarkKey(m.rule, m.period, m.unit);

/** The mark that stops a rule for a unit in a year: the unit's own, else the one for every unit. */
export function markOf(marks: ReadonlyMap<string, RuleMark>, rule: string, period: string, unit: string): RuleMark | undefined {
  return marks.get(ruleMarkKey(rule, period, unit)) ?? marks.get(ruleMarkKey(rule, period));
}

/**
 * The ValueMeta fields of any record that carries them (a stored cell, a file's value), or undefined
 * when none. Earlier texts (`history`) are left out: they belong to the change history (fromEarlierTexts).
 */
export function pickMeta(x: ValueMeta): ValueMeta | undefined {
  const m: ValueMeta = {};
  if (x.source !== undefined) m.source = x.source;
  if (x.derived !== undefined) m.derived = x.derived;
  if (x.derivation !== undefined) m.derivation = x.derivation;
  return Object.keys(m).length ? m : undefined;
}

/**
 * Why a warning is expected (the ESS validation report's *explained* finding): the report states the
 * rise, or a user checked the figure. An explained warning is listed apart and not counted as open.
 */
export interface Explanation {
  reason: string;
  by?: 'report' | 'user';
}

/**
 * The workbook: a catalog, an ordered list of periods and the values keyed by cell.
 *
 * Invariants: `periods` is sorted ascending and has no duplicates; every stored value's indicator is in
 * the catalog and its period in `periods`; empty cells are not stored. Every mutation returns what
 * changed (HyperFormula style) so callers can re-validate, persist and undo exactly that.
 */
export class Workbook {
  index: CatalogIndex;
  periods: string[];
  /** The figures by cell key (a Map; see cell-map.ts for how it holds millions of them). */
  readonly values = new CellMap();
  readonly meta = new Map<string, ValueMeta>();
  /** Rule marks by ruleMarkKey(rule, period, unit?). */
  readonly ruleMarks = new Map<string, RuleMark>();
  /** Explained warnings by finding id (`${ruleId}|${period}` or `${ruleId}|${cellKey}`). */
  readonly explanations = new Map<string, Explanation>();
  /** Decisions made about rows of files imported earlier (see src/core/import/memory.ts); used first on the next import. */
  importMemory = new ImportMemory();
  /** The reporting units (src/core/model/units.ts); the city alone until districts and counties are added. */
  units = new UnitTree();
  /** The collection round: per unit id, received / returned for correction (the collection board). */
  readonly collection = new Map<string, CollectionStatus>();
  /** Notes on figures, by cellKey (src/core/model/annotations.ts). */
  readonly notes = new Map<string, Note>();
  /** Figures flagged for follow-up, by cellKey. */
  readonly followUp = new Map<string, FollowUp>();
  /** The changes of each figure, oldest first, by cellKey (bounded; see annotations.ts). */
  readonly history = new Map<string, ChangeRecord[]>();
  /** Every import into this workbook, oldest first. */
  importLog: ImportLogEntry[] = [];

  constructor(catalog: Catalog, periods: string[] = []) {
    this.index = new CatalogIndex(catalog);
    this.periods = [...new Set(periods)].sort();
  }

  get catalog(): Catalog {
    return this.index.catalog;
  }

  /** The value of a cell, EMPTY when nothing is stored. */
  get(indicator: string, period: string, unit?: string): CellValue {
    return this.values.get(cellKey(indicator, period, unit)) ?? EMPTY;
  }

  getByKey(key: string): CellValue {
    return this.values.get(key) ?? EMPTY;
  }

  /**
   * Applies changes and returns them with their previous values (the undo record). With a context
   * (how, when, from which file), every figure whose text changes gets a record in its history: the
   * one place edits, pastes, imports, suggestions, undo and redo are recorded. Without one (loading,
   * another tab's stored figures) nothing is recorded.
   */
  apply(changes: CellChange[], ctx?: ChangeContext): CellChange[] {
    const applied: CellChange[] = [];
    for (const c of changes) {
      const before = this.getByKey(c.key);
      if (c.after.state === 'empty' && c.after.raw === '') this.values.delete(c.key);
      else this.values.set(c.key, c.after);
      applied.push({ key: c.key, before, after: c.after });
      if (ctx) this.record(c.key, before.raw, c.after.raw, ctx);
    }
    return applied;
  }

  /** Records one change of a figure's text in its history (bounded); nothing when the text is the same. */
  record(key: string, before: string, after: string, ctx: ChangeContext): void {
    const rec = changeRecord(key, before, after, ctx);
    if (rec) this.history.set(key, appendChange(this.history.get(key), rec));
  }

  /** Sets (or with undefined removes) the explanation of a finding; returns the one it replaces (for undo). */
  explain(findingId: string, e: Explanation | undefined): Explanation | undefined {
    const before = this.explanations.get(findingId);
    if (e) this.explanations.set(findingId, { ...e });
    else this.explanations.delete(findingId);
    return before;
  }

  /** Adds a period (kept sorted); returns false when it already exists. */
  addPeriod(period: string): boolean {
    if (this.periods.includes(period)) return false;
    this.periods = [...this.periods, period].sort();
    return true;
  }

  /** Removes a period and its values; returns the removed values (for undo). */
  removePeriod(period: string): CellChange[] {
    const removed: CellChange[] = [];
    for (const [key, v] of this.values) {
      if (key.slice(key.indexOf('@') + 1).split('#')[0] === period) removed.push({ key, before: v, after: EMPTY });
    }
    for (const r of removed) this.values.delete(r.key);
    this.periods = this.periods.filter((p) => p !== period);
    return removed;
  }

  /** The stored values of the units of a subtree (to remove them with the units; returned for undo). */
  removeUnitValues(unitIds: Iterable<string>): CellChange[] {
    const gone = new Set(unitIds);
    const removed: CellChange[] = [];
    for (const [key, v] of this.values) if (gone.has(parseCellKey(key).unit)) removed.push({ key, before: v, after: EMPTY });
    for (const r of removed) this.values.delete(r.key);
    return removed;
  }

  /**
   * The calendar year before `period` when this workbook has it, else undefined (a gap year or the
   * first year): "last year" is the year before, not the column before.
   */
  previousPeriod(period: string): string | undefined {
    const p = previousYear(period);
    return p !== undefined && this.periods.includes(p) ? p : undefined;
  }

  /** Replaces the catalog (e.g. after an import added an indicator); values are kept. */
  setCatalog(catalog: Catalog): void {
    this.index = new CatalogIndex(catalog);
  }
}
