import type { Catalog, Indicator, Text, ValueKind } from '../model/catalog.ts';
import type { ImportMemory } from './memory.ts';
import { bigrams, normaliseLabel } from './normalise.ts';
import { Vocabulary, type NameKind } from './structure.ts';

/** How a row was matched to an indicator (the older, coarse field; `how` says more). */
export type MatchMethod = 'id' | 'label' | 'alias' | 'normalised' | 'user' | 'none';

/**
 * Why a row got its indicator, for display (HOW_TEXT gives the words):
 * - id: the file's id column or the name is the indicator id;
 * - name: the catalog's name (or an alias), in any punctuation or width;
 * - name-unit: a name written without its measure word, the unit column deciding (普通高中 + 所 → 普通高中数);
 * - short: a usual short form (中职, 高校, 特教 …; data/synonyms.json);
 * - former: a former name of the institution or category (广播电视大学 → 开放大学);
 * - context: the row's place in the table decided (a group heading, or the school type of the row above);
 * - english: the English name;
 * - remembered: the import memory (a decision made on an earlier import);
 * - user / new / left-out: the user's choice in this import (new = added as a new indicator);
 * - none: not matched (see suggestions).
 */
export type MatchHow = 'id' | 'name' | 'name-unit' | 'short' | 'former' | 'context' | 'english' | 'remembered' | 'user' | 'new' | 'left-out' | 'none';

/** The words for each `how`, Chinese and English (for the dialog and the CLI). */
export const HOW_TEXT: Record<MatchHow, Text> = {
  id: { zh: '编号', en: 'id' },
  name: { zh: '名称', en: 'name' },
  'name-unit': { zh: '名称+单位', en: 'name + unit' },
  short: { zh: '简称', en: 'short form' },
  former: { zh: '曾用名', en: 'former name' },
  context: { zh: '上下文', en: 'context' },
  english: { zh: '英文名', en: 'English name' },
  remembered: { zh: '记忆', en: 'remembered' },
  user: { zh: '手动', en: 'by hand' },
  new: { zh: '新增指标', en: 'new indicator' },
  'left-out': { zh: '不导入', en: 'left out' },
  none: { zh: '未匹配', en: 'not matched' },
};

export interface Suggestion {
  indicatorId: string;
  /** Similarity in [0, 1]. */
  score: number;
}

/**
 * The decision for one indicator name in the file. In a long table the same name is on several rows:
 * it is decided once, for all of them (`rows`), and `sourceRow` is the first.
 */
export interface MappingRow {
  sourceRow: number;
  rows: number[];
  label: string;
  /** The id from the file's id column, if it has one. */
  sourceId?: string;
  /** The target indicator; null = not imported (method "none": unmatched; method "user": ignored by the user). */
  indicatorId: string | null;
  method: MatchMethod;
  /** Why the row got its indicator (or none): see MatchHow; HOW_TEXT gives the words. */
  how: MatchHow;
  /**
   * The unit the row was read with, as the file wrote it ("所"): the unit column, else a unit in the name's
   * bracket, else the group heading's 计量单位. Part of the import-memory key (with label and context).
   */
  unit?: string;
  /**
   * What the row's place in the table added, when it was used: the subject and/or measure ids of
   * data/synonyms.json taken from the row above or the group heading, e.g. "senior_high" for a bare 在校生
   * under 普通高中, "students" for 小学 under 在校学生数. Part of the import-memory key.
   */
  context?: string;
  /** Ranked guesses for an unmatched name (best first, at most 3). */
  suggestions: Suggestion[];
}

export type Mapping = MappingRow[];

/** The minimum similarity for a suggestion to be shown. */
export const SUGGESTION_MIN_SCORE = 0.3;

/** Matching tables built once per catalog. */
export class Matcher {
  private readonly ids = new Map<string, string>();
  private readonly labels = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  private readonly normalised = new Map<string, string | null>();
  /**
   * The catalog's names as bigram sets, indexed by bigram: a name's suggestions only look at the
   * catalog names that share a bigram with it (the others score 0, below SUGGESTION_MIN_SCORE).
   * Invariant: `postings.get(g)` lists each entry whose bigram set holds g exactly once, so counting
   * an entry's hits over the name's bigrams gives the size of the intersection Dice needs.
   */
  private readonly entryId: string[] = [];
  private readonly entrySize: number[] = [];
  private readonly postings = new Map<string, number[]>();
  /** Scratch space for suggest(): hits per entry (always all zero between calls). */
  private hits = new Int32Array(0);
  /** The catalog's names read as subject + measure ("primary|schools") → the indicators that have that reading. */
  private readonly byReading = new Map<string, Set<string>>();
  private readonly unitOf = new Map<string, string>();
  readonly vocabulary: Vocabulary;

  constructor(
    readonly catalog: Catalog,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
  ) {
    this.vocabulary = vocabulary;
    for (const ind of catalog.indicators) {
      this.unitOf.set(ind.id, ind.unit);
      for (const name of [ind.label.zh, ind.label.en, ...ind.aliases]) {
        const r = vocabulary.read(vocabulary.clean(name).text);
        if (!r || r.subject === null) continue;
        // A subject alone ("小学", "完全中学") names a count of schools when the indicator counts schools.
        const measure = r.measure ?? (ind.unit === 'school' ? 'schools' : null);
        if (measure === null) continue;
        const key = `${r.subject}|${measure}`;
        const set = this.byReading.get(key);
        if (set) set.add(ind.id);
        else this.byReading.set(key, new Set([ind.id]));
      }
    }
    for (const ind of catalog.indicators) {
      this.ids.set(ind.id.toLowerCase(), ind.id);
      for (const l of [ind.label.zh, ind.label.en]) if (l) this.labels.set(l.trim(), ind.id);
    }
    for (const ind of catalog.indicators) {
      for (const a of ind.aliases) if (!this.labels.has(a.trim())) this.aliases.set(a.trim(), ind.id);
    }
    for (const ind of catalog.indicators) {
      for (const name of [ind.label.zh, ind.label.en, ...ind.aliases]) {
        const n = normaliseLabel(name);
        if (!n) continue;
        const prev = this.normalised.get(n);
        // A normalised name two indicators share decides nothing: it only yields suggestions.
        this.normalised.set(n, prev === undefined || prev === ind.id ? ind.id : null);
        const grams = bigrams(n);
        const entry = this.entryId.length;
        this.entryId.push(ind.id);
        this.entrySize.push(grams.size);
        for (const g of grams) {
          const list = this.postings.get(g);
          if (list) list.push(entry);
          else this.postings.set(g, [entry]);
        }
      }
    }
    this.hits = new Int32Array(this.entryId.length);
  }

  /** Matches one name (and optional id from an id column); falls back to ranked suggestions. */
  match(label: string, sourceId?: string): { indicatorId: string | null; method: MatchMethod; suggestions: Suggestion[] } {
    const found = this.exact(label, sourceId);
    if (found) return { ...found, suggestions: [] };
    return { indicatorId: null, method: 'none', suggestions: this.suggest(normaliseLabel(label.trim())) };
  }

  /** The indicator a name (or id) is exactly, by id, label, alias or normalised name; null when none. */
  exact(label: string, sourceId?: string, normalised?: string): { indicatorId: string; method: Exclude<MatchMethod, 'none' | 'user'> } | null {
    const t = label.trim();
    // (matchRow looks ids up first and passes the normalised name: then only the names are left to look up)
    const id = normalised === undefined ? this.idOf(t, sourceId) : undefined;
    if (id) return { indicatorId: id, method: 'id' };
    const byLabel = this.labels.get(t);
    if (byLabel) return { indicatorId: byLabel, method: 'label' };
    const byAlias = this.aliases.get(t);
    if (byAlias) return { indicatorId: byAlias, method: 'alias' };
    const n = normalised ?? normaliseLabel(t);
    const byNorm = n ? this.normalised.get(n) : undefined;
    return byNorm ? { indicatorId: byNorm, method: 'normalised' } : null;
  }

  /** The indicator whose id is in the file's id column, or is the name itself. */
  private idOf(label: string, sourceId?: string): string | undefined {
    for (const candidate of [sourceId, label]) {
      const id = candidate ? this.ids.get(candidate.trim().toLowerCase()) : undefined;
      if (id) return id;
    }
    return undefined;
  }

  /**
   * The catalog unit id a unit written in the file means, when it means exactly one (所 → school, 人 → person,
   * % → percent, 万人 → person); null when there is none or it could be several (个, 元). For the new-indicator
   * form's default unit.
   */
  unitIdFor(fileUnit: string | null | undefined): string | null {
    const allowed = this.vocabulary.unitAllows(fileUnit);
    if (allowed === null || allowed.size !== 1) return null;
    const [id] = allowed;
    return this.catalog.units.some((u) => u.id === id) ? id : null;
  }

  /** The indicators whose names read as this subject + measure (empty when none). */
  indicatorsFor(subject: string, measure: string): string[] {
    return [...(this.byReading.get(`${subject}|${measure}`) ?? [])];
  }

  /** Whether a unit written in the file allows this indicator (no unit, or a unit that decides nothing, allows all). */
  unitAgrees(indicatorId: string, fileUnit: string | null | undefined): boolean {
    const allowed = this.vocabulary.unitAllows(fileUnit);
    if (allowed === null) return true;
    const u = this.unitOf.get(indicatorId);
    return u !== undefined && allowed.has(u);
  }

  /**
   * Matches one data row of a table, reading it as a statistician does: the memory of earlier imports first,
   * then an id, then the name read as subject + measure with the row's unit and its place in the table
   * (`ctx`: the group heading's measure, the subject of the row above), then the catalog's names as written.
   * A match is taken only when one indicator fits and the unit agrees; otherwise the row is left unmatched
   * with ranked suggestions (never one whose unit contradicts the file's).
   */
  matchRow(row: RowInput, ctx: RowContext = {}, memory?: ImportMemory): RowMatch {
    const cleaned = this.vocabulary.clean(row.label);
    const unit = row.unit?.trim() || cleaned.unit || ctx.blockUnit || null;
    const reading = this.vocabulary.read(cleaned.text);
    // Fill in what the name leaves out from the row's place in the table.
    let subject = reading?.subject ?? null;
    let measure = reading?.measure ?? null;
    let fromContext = false;
    let fromUnit = false;
    if (reading && subject === null && measure !== null) {
      if (ctx.subject === undefined) subject = 'all';
      else if (ctx.subject !== null) {
        subject = ctx.subject;
        fromContext = true;
      }
    }
    if (reading && subject !== null && measure === null) {
      const allowed = this.vocabulary.unitAllows(unit);
      const byUnit = allowed?.has('school') ? 'schools' : allowed?.has('person') ? 'students' : null;
      const blockUnit = ctx.measure ? this.vocabulary.measureUnit.get(ctx.measure) : undefined;
      // A block's measure applies unless it came from a total row and the row's own unit says otherwise
      // (a heading row is stronger: a contradicting unit under it leaves the row unmatched below).
      const blockFits = !ctx.measureFromTotal || allowed === null || blockUnit == null || allowed.has(blockUnit);
      if (ctx.measure && blockFits) {
        measure = ctx.measure;
        fromContext = true;
      } else if (byUnit) {
        measure = byUnit;
        fromUnit = true;
      }
    }
    const context = fromContext ? [reading?.subject === null ? subject : null, reading?.measure === null ? measure : null].filter(Boolean).join('+') : undefined;
    // One object of one shape, filled in below (spreading a base object per row was the matcher's hot spot).
    const res: RowMatch = {
      indicatorId: null,
      method: 'none',
      how: 'none',
      suggestions: [],
      unit: unit ?? undefined,
      context,
      subject,
      measure,
      ownSubject: reading?.subject ?? null,
      ownMeasure: reading?.measure ?? null,
      readable: reading !== null,
    };
    const done = (indicatorId: string | null, method: MatchMethod, how: MatchHow, suggestions: Suggestion[] = []): RowMatch => {
      res.indicatorId = indicatorId;
      res.method = method;
      res.how = how;
      res.suggestions = suggestions;
      return res;
    };

    // 1. ids
    const id = this.idOf(row.label, row.sourceId);
    if (id) return done(id, 'id', 'id');
    // 2. the memory
    const remembered = memory?.get(row.label, unit, context);
    if (remembered && (remembered.indicator === null || this.unitOf.has(remembered.indicator))) {
      return done(remembered.indicator, 'user', 'remembered');
    }
    // 3. the name read as subject + measure
    if (subject !== null && measure !== null) {
      const all = this.indicatorsFor(subject, measure);
      const fit = all.filter((id) => this.unitAgrees(id, unit));
      if (fit.length === 1) {
        // The name may also be a catalog name as written: then the older `method` says so, and so does `how`.
        const exact = this.exact(row.label, undefined, cleaned.normalised);
        const same = exact?.indicatorId === fit[0];
        let how: MatchHow = fromContext ? 'context' : kindHow(reading!.kind, fromUnit);
        if (same && how === 'name-unit') how = 'name';
        return done(fit[0], same ? exact!.method : 'normalised', how);
      }
      // A reading the catalog does not have (招生, 普通中学 …), or several indicators, or a unit that rules them out.
      // Indicators with the same reading come first (score 1: the name reads exactly as theirs).
      const ranked = fit.map((indicatorId) => ({ indicatorId, score: 1 }));
      return done(null, 'none', 'none', this.withSuggestions(ranked, cleaned.text, unit));
    }
    // A bare measure ("在校生") after a row that names no school type the vocabulary knows, or a bare school type
    // ("小学") with neither a unit nor a heading to say what is counted: whose figure it is cannot be told, so it
    // is not taken for the catalog name it happens to equal either (小学 is also an alias of 小学数).
    if (reading && (subject === null || measure === null)) return done(null, 'none', 'none', this.withSuggestions([], cleaned.text, unit));
    // 4. the catalog's names as written (labels and aliases, in any width and punctuation)
    const exact = this.exact(row.label, undefined, cleaned.normalised);
    const exactId = exact?.indicatorId ?? this.exactCleaned(cleaned.text);
    if (exactId && this.unitAgrees(exactId, unit)) {
      const english = /^[\x20-\x7e]+$/.test(row.label.trim());
      return done(exactId, exact?.method ?? 'normalised', english ? 'english' : 'name');
    }
    return done(null, 'none', 'none', this.withSuggestions([], cleaned.text, unit));
  }

  /** A cleaned name (place prefix, notes and unit bracket gone) that is exactly a catalog name. */
  private exactCleaned(text: string): string | null {
    return text ? (this.normalised.get(text) ?? null) : null;
  }

  /** `first` followed by bigram suggestions, without duplicates or indicators the unit rules out; at most 3. */
  private withSuggestions(first: Suggestion[], text: string, unit: string | null): Suggestion[] {
    const out = [...first];
    const constrained = this.vocabulary.unitAllows(unit) !== null;
    for (const s of this.suggest(text, constrained ? 10 : 3)) {
      if (out.length >= 3) break;
      if (!out.some((o) => o.indicatorId === s.indicatorId) && this.unitAgrees(s.indicatorId, unit)) out.push(s);
    }
    return out.slice(0, 3);
  }

  /** The best few indicators by bigram similarity of the normalised name (one entry per indicator). */
  suggest(normalised: string, limit = 3): Suggestion[] {
    const g = bigrams(normalised);
    const best = new Map<string, number>();
    if (g.size === 0) return [];
    // Dice over the shared bigrams only: the same arithmetic as dice() (2·common / (|a| + |b|)), so the same scores.
    const hits = this.hits;
    const touched: number[] = [];
    for (const gram of g) {
      const list = this.postings.get(gram);
      if (!list) continue;
      for (const e of list) if (hits[e]++ === 0) touched.push(e);
    }
    for (const e of touched) {
      const s = (2 * hits[e]) / (g.size + this.entrySize[e]);
      hits[e] = 0;
      const id = this.entryId[e];
      if (s >= SUGGESTION_MIN_SCORE && s > (best.get(id) ?? 0)) best.set(id, s);
    }
    return [...best]
      .map(([indicatorId, score]) => ({ indicatorId, score: Math.round(score * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score || a.indicatorId.localeCompare(b.indicatorId))
      .slice(0, limit);
  }
}

/** One data row as the matcher sees it. */
export interface RowInput {
  label: string;
  sourceId?: string;
  /** The row's entry in the unit column, if any. */
  unit?: string;
}

/** What the rows above a row say about it (see matchLines). */
export interface RowContext {
  /** The measure of the group heading the row is under (学校数 → "schools"), if any. */
  measure?: string | null;
  /** True when `measure` comes from a total row with figures ("各类学校在校学生数 | 231500"), not a heading. */
  measureFromTotal?: boolean;
  /** The unit the group heading states ("（计量单位：所）"). */
  blockUnit?: string | null;
  /** The subject of the row above (a school type); null = the row above names none; undefined = first row. */
  subject?: string | null;
}

export interface RowMatch {
  indicatorId: string | null;
  method: MatchMethod;
  how: MatchHow;
  suggestions: Suggestion[];
  /** The unit the row was read with (unit column, the name's bracket, or the heading). */
  unit?: string;
  /** What the row's place in the table added, e.g. "primary" (a bare 在校生 under a primary-school row). */
  context?: string;
  /** The reading: subject and measure ids of data/synonyms.json (null when not read). */
  subject: string | null;
  measure: string | null;
  /** The subject and measure the row's own name gives (not the context's). */
  ownSubject: string | null;
  ownMeasure: string | null;
  /** Whether the name was read into listed words at all. */
  readable: boolean;
}

function kindHow(kind: NameKind, fromUnit: boolean): MatchHow {
  if (kind === 'former') return 'former';
  if (kind === 'short') return 'short';
  if (kind === 'english') return 'english';
  return fromUnit ? 'name-unit' : 'name';
}

const DEFAULT_VOCABULARY = new Vocabulary();

/** A row of the table in file order: a data row (with figures) or a heading / text row (without). */
export interface TableLine {
  row: number;
  label: string;
  sourceId?: string;
  unit?: string;
  /** False for group headings and other rows without figures. */
  hasValues: boolean;
}

/**
 * Matches the rows of a table in file order, carrying the context a reader carries: a heading row without
 * figures that names a measure ("二、在校学生数（计量单位：人）") applies to the rows under it; a row naming a
 * school type gives its subject to the bare measure rows after it ("小学 | 所" then "在校生 | 人").
 * Returns one match per data row, keyed by row number.
 */
export function matchLines(lines: readonly TableLine[], matcher: Matcher, memory?: ImportMemory): Map<number, RowMatch> {
  const out = new Map<number, RowMatch>();
  const ctx: RowContext = {};
  const voc = matcher.vocabulary;
  // A long table repeats a few hundred names over 100,000s of rows: each row's match is a function of its
  // name, id, unit and context (and the memory, the same for the whole table), so it is computed once per
  // distinct combination and the same (unchanged, never mutated) RowMatch is given to every row that has it.
  // (keyed by the context first — it changes seldom, its key is built only when it does — then by the row)
  type ByRow = { plain: Map<string, RowMatch>; other: Map<string, RowMatch> };
  const matched = new Map<string, ByRow>();
  let seen: { ctx: RowContext; byRow: ByRow } | null = null;
  const headings = new Map<string, { c: ReturnType<Vocabulary['clean']>; r: ReturnType<Vocabulary['read']> }>();
  for (const line of lines) {
    if (!line.hasValues) {
      let h = headings.get(line.label);
      if (!h) {
        const c = voc.clean(line.label);
        h = { c, r: voc.read(c.text) };
        headings.set(line.label, h);
      }
      const { c, r } = h;
      if (r && r.subject === null && r.measure !== null) {
        // a group heading naming what is counted
        ctx.measure = r.measure;
        ctx.measureFromTotal = false;
        ctx.blockUnit = c.unit ?? line.unit ?? null;
        delete ctx.subject;
      } else if (r && r.subject !== null && r.measure === null) {
        ctx.subject = r.subject; // a heading naming a school type ("二、学前教育")
      } else if (c.text !== '') {
        ctx.measure = null;
        ctx.blockUnit = null;
        ctx.subject = null;
      }
      continue;
    }
    const was = seen?.ctx;
    if (!seen || was!.measure !== ctx.measure || !was!.measureFromTotal !== !ctx.measureFromTotal || was!.blockUnit !== ctx.blockUnit || was!.subject !== ctx.subject) {
      const key = contextKey(ctx);
      let byRow = matched.get(key);
      if (!byRow) matched.set(key, (byRow = { plain: new Map(), other: new Map() }));
      seen = { ctx: { ...ctx }, byRow };
    }
    // most rows have a name only: keyed by it; a row with an id or a unit by all three
    const plain = line.sourceId === undefined && line.unit === undefined;
    const cache = plain ? seen.byRow.plain : seen.byRow.other;
    const key = plain ? line.label : `${keyPart(line.label)}\u0000${keyPart(line.sourceId)}\u0000${keyPart(line.unit)}`;
    let m = cache.get(key);
    if (!m) {
      m = matcher.matchRow(line, ctx, memory);
      cache.set(key, m);
    }
    out.set(line.row, m);
    if (m.ownSubject === 'all' && m.ownMeasure !== null) {
      // A total row that names its measure ("各类学校在校学生数 | 231500") heads the breakdown under it.
      ctx.measure = m.ownMeasure;
      ctx.measureFromTotal = true;
      ctx.blockUnit = null; // the total row's own unit is its own, not the rows' under it (a ratio may follow)
    }
    // The next bare measure row belongs to this row's school type; a row the vocabulary cannot read ends that.
    if (m.ownSubject !== null) ctx.subject = m.ownSubject;
    else if (!m.readable) ctx.subject = null;
  }
  excludeSiblings(lines, out, voc);
  return out;
}

/** Everything `matchRow` reads of a row's context, as one string (undefined, null and text told apart). */
function contextKey(ctx: RowContext): string {
  return `${keyPart(ctx.measure)}\u0000${ctx.measureFromTotal ? 1 : 0}\u0000${keyPart(ctx.blockUnit)}\u0000${keyPart(ctx.subject)}`;
}
function keyPart(x: string | null | undefined): string {
  return x === undefined ? '\u0001' : x === null ? '\u0002' : `\u0003${x}`;
}

/**
 * A total listed BESIDE one of its usual parts does not include it: 中等职业学校 followed by a 技工学校 row
 * that is not marked 其中 / # is 中职 without 技工学校, which is not the catalog's 中职 (含技工学校). Such rows
 * are left unmatched, their former match first among the suggestions (data/synonyms.json "siblingExcludes").
 */
function excludeSiblings(lines: readonly TableLine[], out: Map<number, RowMatch>, voc: Vocabulary): void {
  const rules = voc.data.siblingExcludes ?? [];
  if (rules.length === 0) return;
  const PART = /^\s*(?:其中|[#＃]|含|包括)/;
  for (let i = 0; i < lines.length; i++) {
    const m = out.get(lines[i].row);
    if (!m || m.indicatorId === null || m.how === 'remembered' || m.how === 'id') continue;
    const rule = rules.find((r) => r.subject === m.ownSubject);
    if (!rule) continue;
    // look down the block: until a heading, the next total row or a row of the same subject
    for (let j = i + 1; j < lines.length; j++) {
      const n = out.get(lines[j].row);
      if (!lines[j].hasValues || !n || n.ownSubject === 'all' || n.ownSubject === rule.subject) break;
      if (n.ownSubject === rule.sibling && !PART.test(lines[j].label)) {
        out.set(lines[i].row, { ...m, indicatorId: null, method: 'none', how: 'none', suggestions: [{ indicatorId: m.indicatorId, score: 1 }, ...m.suggestions].slice(0, 3) });
        break;
      }
    }
  }
}

/**
 * Builds the mapping for the records of a table: one entry per distinct (id, name, unit, context) in file
 * order (a long table's repeated names are decided once; the same name under two headings is two entries).
 * `opts.lines` (the layout's `lines`) gives the rows without figures (group headings) for context; without it
 * the records alone are read in order. `opts.memory` is consulted first.
 */
export function buildMapping(
  records: readonly { row: number; line?: number; label: string; sourceId?: string; unit?: string }[],
  catalog: Catalog | Matcher,
  opts: { lines?: readonly TableLine[]; memory?: ImportMemory } = {},
): Mapping {
  const matcher = catalog instanceof Matcher ? catalog : new Matcher(catalog);
  let lines = opts.lines;
  if (!lines) {
    const seen = new Map<number, TableLine>();
    for (const r of records) if (!seen.has(r.line ?? r.row)) seen.set(r.line ?? r.row, { row: r.line ?? r.row, label: r.label, sourceId: r.sourceId, unit: r.unit, hasValues: true });
    lines = [...seen.values()];
  }
  const matches = matchLines(lines, matcher, opts.memory);
  const byKey = new Map<string, MappingRow>();
  // the rows already listed per entry (a long table's name is on thousands of rows: a list search per row was quadratic)
  const listed = new Map<MappingRow, Set<number>>();
  // the entry of a record whose match (the same object for every row matched alike) and name, id and unit
  // were seen before: the same key, found without building it again
  type Seen = { label: string; sourceId?: string; unit?: string; entry: MappingRow };
  const entryOf = new Map<RowMatch, Seen[]>();
  for (const r of records) {
    // a record's name is on its line (a column header in a unit-rows table), else on its own row
    const at = r.line ?? r.row;
    const m = matches.get(at) ?? matcher.matchRow(r, {}, opts.memory);
    let seen = entryOf.get(m);
    let entry = seen?.find((k) => k.label === r.label && k.sourceId === r.sourceId && k.unit === r.unit)?.entry;
    if (!entry) {
      const key = `${r.sourceId ?? ''}\u0000${r.label}\u0000${r.unit ?? ''}\u0000${m.context ?? ''}`;
      entry = byKey.get(key);
      if (!entry) {
        entry = { sourceRow: at, rows: [], label: r.label, indicatorId: m.indicatorId, method: m.method, how: m.how, suggestions: m.suggestions };
        if (r.sourceId !== undefined) entry.sourceId = r.sourceId;
        if (m.unit !== undefined) entry.unit = m.unit;
        if (m.context) entry.context = m.context;
        byKey.set(key, entry);
        listed.set(entry, new Set());
      }
      if (!seen) entryOf.set(m, (seen = []));
      seen.push({ label: r.label, sourceId: r.sourceId, unit: r.unit, entry });
    }
    const rows = listed.get(entry)!;
    if (!rows.has(at)) {
      rows.add(at);
      entry.rows.push(at);
    }
  }
  return [...byKey.values()];
}

/** The mapping with one entry changed by the user (to an indicator, or to null = ignore); does not modify its input. */
export function setMapping(mapping: Mapping, sourceRow: number, indicatorId: string | null): Mapping {
  let found = false;
  const out = mapping.map((m) => {
    if (m.sourceRow !== sourceRow) return m;
    found = true;
    return { ...m, indicatorId, method: 'user' as const, how: indicatorId === null ? ('left-out' as const) : ('user' as const) };
  });
  if (!found) throw new Error(`no mapping row for source row ${sourceRow}`);
  return out;
}

/** Entries mapped to the same indicator by more than one distinct name (worth a second look). */
export function sharedTargets(mapping: Mapping): Map<string, MappingRow[]> {
  const by = new Map<string, MappingRow[]>();
  for (const m of mapping) if (m.indicatorId) by.set(m.indicatorId, [...(by.get(m.indicatorId) ?? []), m]);
  for (const [k, v] of by) if (v.length < 2) by.delete(k);
  return by;
}

const KIND_BY_UNIT: Record<string, ValueKind> = {
  percent: 'percentage',
  ratio: 'ratio',
  wan_yuan: 'money',
  yi_yuan: 'money',
  score: 'score',
  mu: 'area',
  school: 'count',
  person: 'count',
  person_time: 'count',
  place: 'count',
  project: 'count',
  item: 'count',
};

/**
 * A new indicator for a row no catalog indicator fits, with a safe unique ASCII id (`custom_1`, …):
 * the label stays the user's Chinese text, the id never depends on it. `pending` are custom indicators
 * made earlier in the same import and not yet in the catalog.
 */
export function makeCustomIndicator(
  catalog: Catalog,
  spec: { label: string; labelEn?: string; unit: string; section: string; kind?: ValueKind; decimals?: number; parent?: string | null },
  pending: readonly Indicator[] = [],
): Indicator {
  if (!catalog.units.some((u) => u.id === spec.unit)) throw new Error(`unknown unit "${spec.unit}"`);
  if (!catalog.sections.some((s) => s.id === spec.section)) throw new Error(`unknown section "${spec.section}"`);
  const label = spec.label.trim();
  if (!label) throw new Error('a custom indicator needs a label');
  const all = [...catalog.indicators, ...pending];
  const used = new Set(all.map((i) => i.id));
  let n = 1;
  while (used.has(`custom_${n}`)) n++;
  const kind = spec.kind ?? (Object.hasOwn(KIND_BY_UNIT, spec.unit) ? KIND_BY_UNIT[spec.unit] : 'number');
  const order = Math.max(0, ...all.map((i) => i.order)) + 1;
  return {
    id: `custom_${n}`,
    label: { zh: label, en: spec.labelEn?.trim() || label },
    section: spec.section,
    parent: spec.parent ?? null,
    order,
    unit: spec.unit,
    kind,
    decimals: spec.decimals ?? (kind === 'count' ? 0 : 2),
    aliases: [],
    custom: true,
  };
}

/** The catalog with custom indicators appended (a new object; the input is not modified). */
export function catalogWithCustom(catalog: Catalog, custom: readonly Indicator[]): Catalog {
  if (custom.length === 0) return catalog;
  const ids = new Set(catalog.indicators.map((i) => i.id));
  const fresh = custom.filter((i) => !ids.has(i.id));
  return { ...catalog, indicators: [...catalog.indicators, ...fresh] };
}
