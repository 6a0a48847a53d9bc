/**
 * The indicator catalog: what can be reported, in the report's order and hierarchy.
 * Loaded from data/catalog.json and checked against schemas/catalog.schema.json before use.
 *
 * Invariants (checked by the catalog tests, relied on everywhere else):
 * - indicator ids are unique, ASCII, /^[a-z][a-z0-9_]*$/;
 * - every `section` names a section of the catalog, every `parent` an indicator of the same section
 *   that comes earlier in `order`;
 * - every `unit` names an entry of `units`.
 */

/** A text in both interface languages; Chinese is the default. */
export interface Text {
  zh: string;
  en: string;
}

/**
 * What kind of figure an indicator holds; drives parsing and default checks.
 * - count: a non-negative integer (schools, students, person-times…)
 * - percentage: a rate or share written with %, e.g. 98.23
 * - ratio: a student–teacher ratio written "1:14.7"; the value is the 14.7
 * - split: two shares written "55.5:44.5"
 * - money: an amount in the indicator's unit (万元, 亿元)
 * - score: exam points
 * - area: land area in the indicator's unit (亩)
 * - number: any other plain quantity
 * - change: a signed whole-number change on last year ("比上年增加 120", "比上年减少55人" = −55)
 * - growth: a signed growth rate in % on last year ("增长42%", "下降6%" = −6); not bounded above
 */
export type ValueKind = 'count' | 'percentage' | 'ratio' | 'split' | 'money' | 'score' | 'area' | 'number' | 'change' | 'growth';

export const VALUE_KINDS: readonly ValueKind[] = ['count', 'percentage', 'ratio', 'split', 'money', 'score', 'area', 'number', 'change', 'growth'];

/** A unit of measure. `magnitude` is how many base units one of it is (万元 → 1e4 yuan). */
export interface Unit {
  id: string;
  label: Text;
  magnitude: number;
}

export interface Section {
  id: string;
  label: Text;
  order: number;
  /** The part of the report it comes from, e.g. "一(一)". */
  reportRef?: string;
}

export interface Indicator {
  id: string;
  label: Text;
  section: string;
  /** The indicator this one is a part of ("其中"), or null at the top of its section. */
  parent: string | null;
  /** Position in the report; unique across the catalog. */
  order: number;
  unit: string;
  kind: ValueKind;
  /** Decimals as published. */
  decimals: number;
  /** Other names the figure goes by in files sent in (for import matching). */
  aliases: string[];
  /** A gross enrolment rate may exceed 100. */
  gross?: boolean;
  /** Longer explanation shown as a tooltip. */
  note?: Text;
  /**
   * How costly it is to assume this figure is the wrong one when rules fail (error localisation);
   * default 1, so a total is as trustworthy as its parts. A figure from an audited source can have more.
   */
  weight?: number;
  /** Added by a user (import of an unmatched row), not part of the published catalog. */
  custom?: boolean;
  /**
   * A figure that may be absent in a year (a category some years' tables report): an empty cell is
   * not *missing* for completeness, and in a sum (balance, order) it counts as absent (0), not as a gap.
   */
  optional?: boolean;
  /**
   * The id of a total this indicator is an extra part of: it joins every balance rule whose total is
   * that indicator, as an optional part (empty in a year = absent). Used for categories some years
   * report (九年一贯制学校 beside 小学 and 初中) and for indicators a user adds in the import.
   */
  partOf?: string;
}

/** An indicator whose empty cell is absent, not missing: declared optional, or an extra part of a total. */
export function isOptional(ind: Pick<Indicator, 'optional' | 'partOf'>): boolean {
  return ind.optional === true || ind.partOf !== undefined;
}

export interface Catalog {
  version: string;
  title: Text;
  units: Unit[];
  sections: Section[];
  indicators: Indicator[];
}

/** Indexes a catalog for lookups; build once per catalog. */
export class CatalogIndex {
  readonly byId = new Map<string, Indicator>();
  readonly unitById = new Map<string, Unit>();
  readonly sectionById = new Map<string, Section>();
  /** Indicators in report order. */
  readonly ordered: Indicator[];

  constructor(readonly catalog: Catalog) {
    for (const u of catalog.units) this.unitById.set(u.id, u);
    for (const s of catalog.sections) this.sectionById.set(s.id, s);
    for (const ind of catalog.indicators) this.byId.set(ind.id, ind);
    const sectionOrder = new Map(catalog.sections.map((s) => [s.id, s.order]));
    this.ordered = [...catalog.indicators].sort(
      (a, b) => (sectionOrder.get(a.section) ?? 0) - (sectionOrder.get(b.section) ?? 0) || a.order - b.order,
    );
  }

  indicator(id: string): Indicator {
    const ind = this.byId.get(id);
    if (!ind) throw new Error(`unknown indicator "${id}"`);
    return ind;
  }

  unitOf(ind: Indicator): Unit {
    const u = this.unitById.get(ind.unit);
    if (!u) throw new Error(`indicator "${ind.id}" has unknown unit "${ind.unit}"`);
    return u;
  }

  /** Depth in the hierarchy (0 at the top of a section), for indentation. */
  depth(ind: Indicator): number {
    let d = 0;
    for (let p = ind.parent; p; p = this.byId.get(p)?.parent ?? null) d++;
    return d;
  }
}
