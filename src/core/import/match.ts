import type { Catalog, Indicator, Text, ValueKind } from '../model/catalog.ts';
import { bigrams, normaliseLabel } from './normalise.ts';

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
  /** The row's unit as the file wrote it ("所"), when the table has a unit column. */
  unit?: string;
  /**
   * What else the matcher read the row with, when it mattered: the group heading or the school type of the
   * row above (normalised), e.g. "普通高中" for a bare "在校生". Part of the import-memory key.
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

  constructor(readonly catalog: Catalog) {
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
    const t = label.trim();
    for (const candidate of [sourceId, t]) {
      const id = candidate ? this.ids.get(candidate.trim().toLowerCase()) : undefined;
      if (id) return { indicatorId: id, method: 'id', suggestions: [] };
    }
    const byLabel = this.labels.get(t);
    if (byLabel) return { indicatorId: byLabel, method: 'label', suggestions: [] };
    const byAlias = this.aliases.get(t);
    if (byAlias) return { indicatorId: byAlias, method: 'alias', suggestions: [] };
    const n = normaliseLabel(t);
    const byNorm = n ? this.normalised.get(n) : undefined;
    if (byNorm) return { indicatorId: byNorm, method: 'normalised', suggestions: [] };
    return { indicatorId: null, method: 'none', suggestions: this.suggest(n) };
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

/** Builds the mapping for the records of a table: one row per distinct (label, id) in file order. */
export function buildMapping(records: readonly { row: number; label: string; sourceId?: string }[], catalog: Catalog | Matcher): Mapping {
  const matcher = catalog instanceof Matcher ? catalog : new Matcher(catalog);
  const byKey = new Map<string, MappingRow>();
  for (const r of records) {
    const key = `${r.sourceId ?? ''}\u0000${r.label}`;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.rows.includes(r.row)) existing.rows.push(r.row);
      continue;
    }
    const m = matcher.match(r.label, r.sourceId);
    const how: MatchHow = m.method === 'id' ? 'id' : m.method === 'none' ? 'none' : m.method === 'user' ? 'user' : 'name';
    const row: MappingRow = { sourceRow: r.row, rows: [r.row], label: r.label, indicatorId: m.indicatorId, method: m.method, how, suggestions: m.suggestions };
    if (r.sourceId !== undefined) row.sourceId = r.sourceId;
    byKey.set(key, row);
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
  const kind = spec.kind ?? KIND_BY_UNIT[spec.unit] ?? 'number';
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
