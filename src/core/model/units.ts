import type { Text } from './catalog.ts';
import { CITY } from './value.ts';

/**
 * Reporting units (DHIS2's organisation units): the city, its districts and counties, optionally their
 * schools. A tree with one root, the city (id `city`, the unit every value had before units existed).
 *
 * Invariants: exactly one root, id CITY, level 'city', parent null; every other unit's parent exists;
 * no cycles; ids are unique and match UNIT_ID; a level is deeper than its parent's
 * (city → county → school). Children keep the order they were added (the order a bureau prints them).
 */

export type UnitLevel = 'city' | 'county' | 'school';

/** reported: typed by the unit and checked against its children; derived: the sum of its children, read-only. */
export type UnitMode = 'reported' | 'derived';

/**
 * A unit's name: Chinese always, English when someone gave one (no English name is made up; the English
 * interface shows the Chinese name then — `unitLabel`). An English name that is empty or equal to the
 * Chinese name is no English name: the tree stores it absent (files of format 1 and 2, and IndexedDB
 * records written before format 3, stored the Chinese name there to mean "none"; read the same way).
 */
export interface UnitName {
  zh: string;
  en?: string;
}

/** A unit name as the tree keeps it: trimmed, an English name that is blank or the Chinese name left out. */
export function unitNameOf(name: { zh: string; en?: string | null }): UnitName {
  const zh = name.zh.trim();
  const en = (name.en ?? '').trim();
  return en && en !== zh ? { zh, en } : { zh };
}

/** The name of a unit in an interface language: English when it has an English name, else the Chinese. */
export function unitLabel(u: { name: UnitName }, lang: 'zh' | 'en'): string {
  return lang === 'en' ? (u.name.en ?? u.name.zh) : u.name.zh;
}

/** A unit's name as a message text in both languages (unitLabel for English). */
export function unitText(u: { name: UnitName }): Text {
  return { zh: u.name.zh, en: u.name.en ?? u.name.zh };
}

export interface ReportingUnit {
  /** Stable ASCII id, used in cell keys (`indicator@period#unit`). */
  id: string;
  name: UnitName;
  /** Administrative division code (e.g. 370102) or the bureau's own code. */
  code?: string;
  /** Other names files use for the unit (e.g. "市中区", "市中"). */
  aliases?: string[];
  /** null only for the root. */
  parent: string | null;
  level: UnitLevel;
  mode: UnitMode;
}

export const UNIT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const LEVEL_DEPTH: Record<UnitLevel, number> = { city: 0, county: 1, school: 2 };

/** What an edit changed, to undo it: the tree's units before the edit (units are few; a copy is cheap). */
export interface UnitEdit {
  before: ReportingUnit[];
  after: ReportingUnit[];
}

/** A refused edit: the message names the unit and what was expected. */
export class UnitError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

const copy = (u: ReportingUnit): ReportingUnit => ({
  ...u,
  name: unitNameOf(u.name),
  ...(u.aliases ? { aliases: [...u.aliases] } : {}),
});

export const ROOT_UNIT: ReportingUnit = Object.freeze({
  id: CITY,
  name: Object.freeze({ zh: '全市', en: 'City' }),
  parent: null,
  level: 'city',
  mode: 'reported',
}) as ReportingUnit;

export class UnitTree {
  private readonly byId = new Map<string, ReportingUnit>();
  private readonly kids = new Map<string, string[]>();
  private loads = 0;

  /** Changes with every change of the tree (what was read from it earlier may be kept while it is the same). */
  get version(): number {
    return this.loads;
  }

  /** Builds the tree; with no units, the city alone. Throws UnitError on a list that breaks an invariant. */
  constructor(units: readonly ReportingUnit[] = [ROOT_UNIT]) {
    this.load(units);
  }

  private load(units: readonly ReportingUnit[]): void {
    const byId = new Map<string, ReportingUnit>();
    for (const u of units) {
      if (!UNIT_ID.test(u.id)) throw new UnitError(`单位代号“${u.id}”不合规（小写字母、数字、- 或 _）`, `unit id "${u.id}" is not valid (lower-case letters, digits, - or _)`);
      if (byId.has(u.id)) throw new UnitError(`单位代号“${u.id}”重复`, `unit id "${u.id}" appears twice`);
      byId.set(u.id, copy(u));
    }
    const root = byId.get(CITY);
    if (!root || root.parent !== null || root.level !== 'city') throw new UnitError('缺少根单位“city”（全市）', 'the root unit "city" is missing');
    for (const u of byId.values()) {
      if (u.id === CITY) continue;
      if (u.parent === null) throw new UnitError(`单位“${u.name.zh}”没有上级单位`, `unit "${unitLabel(u, 'en')}" has no parent`);
      const p = byId.get(u.parent);
      if (!p) throw new UnitError(`单位“${u.name.zh}”的上级“${u.parent}”不存在`, `the parent "${u.parent}" of unit "${unitLabel(u, 'en')}" does not exist`);
      if (LEVEL_DEPTH[u.level] <= LEVEL_DEPTH[p.level]) throw new UnitError(`单位“${u.name.zh}”的层级须低于上级“${p.name.zh}”`, `unit "${unitLabel(u, 'en')}" must be a level below its parent "${unitLabel(p, 'en')}"`);
    }
    this.loads++;
    this.byId.clear();
    this.kids.clear();
    for (const u of byId.values()) {
      this.byId.set(u.id, u);
      this.kids.set(u.id, []);
    }
    for (const u of byId.values()) if (u.parent !== null) this.kids.get(u.parent)!.push(u.id);
  }

  get root(): ReportingUnit {
    return this.byId.get(CITY)!;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): ReportingUnit | undefined {
    return this.byId.get(id);
  }

  /** A unit's name in an interface language (unitLabel), or the id itself when the tree has no such unit. */
  label(id: string, lang: 'zh' | 'en'): string {
    const u = this.byId.get(id);
    return u ? unitLabel(u, lang) : id;
  }

  /** Direct children in their order. */
  children(id: string): ReportingUnit[] {
    return (this.kids.get(id) ?? []).map((k) => this.byId.get(k)!);
  }

  /** True when the unit has children (its figures are checked against, or derived from, theirs). */
  isParent(id: string): boolean {
    return (this.kids.get(id)?.length ?? 0) > 0;
  }

  /** Every unit, depth first from the root, children in order (the order of the by-unit view). */
  all(): ReportingUnit[] {
    const out: ReportingUnit[] = [];
    const walk = (id: string): void => {
      out.push(this.byId.get(id)!);
      for (const k of this.kids.get(id)!) walk(k);
    };
    walk(CITY);
    return out;
  }

  /** The units of one level, in tree order. */
  atLevel(level: UnitLevel): ReportingUnit[] {
    return this.all().filter((u) => u.level === level);
  }

  /** The unit and everything below it, depth first. */
  subtree(id: string): ReportingUnit[] {
    const start = this.byId.get(id);
    if (!start) return [];
    const out: ReportingUnit[] = [];
    const walk = (k: string): void => {
      out.push(this.byId.get(k)!);
      for (const c of this.kids.get(k)!) walk(c);
    };
    walk(id);
    return out;
  }

  /** A unit's ancestors, nearest first (empty for the root). */
  ancestors(id: string): ReportingUnit[] {
    const out: ReportingUnit[] = [];
    let p = this.byId.get(id)?.parent ?? null;
    while (p !== null) {
      const u = this.byId.get(p)!;
      out.push(u);
      p = u.parent;
    }
    return out;
  }

  /**
   * Units whose name, alias or code equals the text (spaces, full-width forms ignored); several when
   * ambiguous, none when unknown — callers ask the user then, never guess.
   */
  find(text: string): ReportingUnit[] {
    const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');
    const t = norm(text);
    if (!t) return [];
    return this.all().filter((u) => norm(u.name.zh) === t || norm(u.name.en ?? '').toLowerCase() === t.toLowerCase() || u.code === t || (u.aliases ?? []).some((a) => norm(a) === t));
  }

  private edit(mutate: (units: ReportingUnit[]) => ReportingUnit[]): UnitEdit {
    const before = this.toJSON();
    const after = mutate(this.toJSON());
    this.load(after); // throws and leaves the tree as it was when the result breaks an invariant
    return { before, after: this.toJSON() };
  }

  /** Adds a unit (last among its parent's children). */
  add(u: ReportingUnit): UnitEdit {
    if (this.byId.has(u.id)) throw new UnitError(`单位代号“${u.id}”已存在`, `unit id "${u.id}" already exists`);
    return this.edit((list) => [...list, copy(u)]);
  }

  /** Renames a unit (name, and optionally aliases and code). */
  rename(id: string, name: UnitName, extra: { aliases?: string[]; code?: string } = {}): UnitEdit {
    this.must(id);
    return this.edit((list) => list.map((u) => (u.id === id ? { ...u, name: unitNameOf(name), ...extra } : u)));
  }

  /** Moves a unit (and its subtree) under another parent; refuses a move under its own subtree. */
  move(id: string, parent: string): UnitEdit {
    this.must(id);
    this.must(parent);
    if (id === CITY) throw new UnitError('不能移动全市', 'the city cannot be moved');
    if (this.subtree(id).some((u) => u.id === parent)) throw new UnitError(`不能把“${this.byId.get(id)!.name.zh}”移到它自己的下级之下`, `"${this.label(id, 'en')}" cannot move under its own subtree`);
    return this.edit((list) => list.map((u) => (u.id === id ? { ...u, parent } : u)));
  }

  setMode(id: string, mode: UnitMode): UnitEdit {
    this.must(id);
    return this.edit((list) => list.map((u) => (u.id === id ? { ...u, mode } : u)));
  }

  /** Removes a unit and its subtree (the workbook removes their values; see Workbook.removeUnit). */
  remove(id: string): UnitEdit {
    this.must(id);
    if (id === CITY) throw new UnitError('不能删除全市', 'the city cannot be removed');
    const gone = new Set(this.subtree(id).map((u) => u.id));
    return this.edit((list) => list.filter((u) => !gone.has(u.id)));
  }

  /** Puts the tree back as it was before the edit. */
  undo(e: UnitEdit): void {
    this.load(e.before);
  }

  redo(e: UnitEdit): void {
    this.load(e.after);
  }

  /** Units in tree order, copies. */
  toJSON(): ReportingUnit[] {
    return this.all().map(copy);
  }

  private must(id: string): void {
    if (!this.byId.has(id)) throw new UnitError(`没有单位“${id}”`, `there is no unit "${id}"`);
  }
}

/** Where a unit's return stands in a collection round (the collection board). */
export interface CollectionStatus {
  /** The unit's figures arrived: when (ISO time) and from which file. */
  received?: { time: string; file: string };
  /** Sent back to the unit for correction, with the statistician's note. */
  returned?: { time: string; note: string };
}
