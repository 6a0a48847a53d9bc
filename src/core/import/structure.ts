/**
 * Reading a row name as a statistician does: a school type or stage (the subject: 小学, 普通高中, 特教 …)
 * and what is counted of it (the measure: 学校数, 在校生, 专任教师, 招生 …). The word lists are DATA
 * (data/synonyms.json, schema in schemas/synonyms.schema.json): short forms, former names and English
 * names included, each marked as such so the import can say how a row was matched. Pure functions.
 */
import synonymsJson from '../../../data/synonyms.json' with { type: 'json' };
import { normaliseLabel } from './normalise.ts';

/** How a name was written: the usual name, a short form, a former name, an English name. */
export type NameKind = 'name' | 'short' | 'former' | 'english';

export interface SynonymFile {
  version: string;
  places: string[];
  leading: string[];
  units: Record<string, string[]>;
  subjects: { id: string; names: string[]; short?: string[]; former?: string[]; en?: string[]; formerEn?: string[] }[];
  qualifiers: { suffix: string; from: string; to: string }[];
  measures: { id: string; unit: string | null; names: string[]; en?: string[] }[];
  phrases: { subject: string; measure: string; names: string[]; short?: string[]; en?: string[] }[];
  /** Names that end a total row ("各类学校数合计", "在校生总计"): the subject is "all" unless the name gives one. */
  totalSuffixes?: string[];
  /** A subject listed beside this sibling (not as its 其中) excludes it: 中等职业学校 beside 技工学校. */
  siblingExcludes?: { subject: string; sibling: string }[];
}

export const SYNONYMS = synonymsJson as SynonymFile;

/** A name read into its parts; null parts were not written (they may come from the row's context). */
export interface Reading {
  subject: string | null;
  measure: string | null;
  /** How the subject (or the whole phrase) was written. */
  kind: NameKind;
}

const NOTE_RE = /[(（[【〔]\s*(?:注\s*)?[0-9０-９①-⑳一二三四五六七八九十]{1,2}\s*[)）\]】〕]/g;
const TRAILING_NOTE_RE = /(?:注\s*[0-9０-９①-⑳]{1,2}|[①-⑳]|\[\d{1,2}\])\s*$/;
const BILINGUAL_RE = /[\u4e00-\u9fff][^A-Za-z]*\s[A-Za-z]{3,}/;
const ENGLISH_TAIL_RE = /\s+[A-Za-z][A-Za-z0-9 ,.'’&\-–/]*(?:\([A-Za-z ]*\))?$/;
const BRACKET_END_RE = /[(（[【〔]([^()（）[\]【】〔〕]*)[)）\]】〕]\s*$/;

/** The lists turned into lookup tables (built once per synonym file). */
export class Vocabulary {
  private readonly subjects = new Map<string, { id: string; kind: NameKind }>();
  /** Subject and measure names by their first character, longest first (a name is looked for only where it can start). */
  private readonly subjectNames = new Map<string, string[]>();
  private readonly measures = new Map<string, { id: string; kind: NameKind }>();
  private readonly measureNames = new Map<string, string[]>();
  private readonly phrases = new Map<string, Reading>();
  private readonly places: string[];
  private readonly leading: string[];
  private readonly unitWords = new Map<string, Set<string> | null>();
  readonly measureUnit = new Map<string, string | null>();
  private readonly qualifiers: { suffix: string; from: string; to: string }[];
  private readonly totalSuffixes: string[];

  constructor(readonly data: SynonymFile = SYNONYMS) {
    const add = (map: Map<string, { id: string; kind: NameKind }>, id: string, names: string[] | undefined, kind: NameKind) => {
      for (const n of names ?? []) {
        const k = normaliseLabel(n);
        if (k && !map.has(k)) map.set(k, { id, kind });
      }
    };
    for (const s of data.subjects) {
      add(this.subjects, s.id, s.names, 'name');
      add(this.subjects, s.id, s.short, 'short');
      add(this.subjects, s.id, s.former, 'former');
      add(this.subjects, s.id, s.en, 'english');
      add(this.subjects, s.id, s.formerEn, 'former');
    }
    for (const m of data.measures) {
      add(this.measures, m.id, m.names, 'name');
      add(this.measures, m.id, m.en, 'english');
      this.measureUnit.set(m.id, m.unit);
    }
    for (const p of data.phrases) {
      const put = (names: string[] | undefined, kind: NameKind) => {
        for (const n of names ?? []) this.phrases.set(normaliseLabel(n), { subject: p.subject, measure: p.measure, kind });
      };
      put(p.names, 'name');
      put(p.short, 'short');
      put(p.en, 'english');
    }
    const byLength = (a: string, b: string) => b.length - a.length;
    const byFirst = (names: Iterable<string>, into: Map<string, string[]>) => {
      for (const n of [...names].sort(byLength)) {
        const list = into.get(n[0]);
        if (list) list.push(n);
        else into.set(n[0], [n]);
      }
    };
    byFirst(this.subjects.keys(), this.subjectNames);
    byFirst(this.measures.keys(), this.measureNames);
    this.places = [...data.places].sort(byLength);
    this.leading = [...data.leading].sort(byLength);
    this.totalSuffixes = (data.totalSuffixes ?? []).map((t) => normaliseLabel(t)).sort(byLength);
    this.qualifiers = data.qualifiers.map((q) => ({ ...q, suffix: normaliseLabel(q.suffix) })).sort((a, b) => byLength(a.suffix, b.suffix));
    for (const [unitId, words] of Object.entries(data.units)) {
      for (const w of words) {
        const k = unitKey(w);
        if (unitId === 'ambiguous') this.unitWords.set(k, null);
        else {
          const set = this.unitWords.get(k);
          if (set) set.add(unitId);
          else if (set === undefined) this.unitWords.set(k, new Set([unitId]));
        }
      }
    }
  }

  /**
   * The label cleaned for reading: footnote marks (（注1）, ①, [1]) dropped, a unit in a trailing bracket
   * ("（所）", "（计量单位：人）") taken out and returned, place prefixes (全市, 本县 …) and leading words
   * (其中, 另有 …) removed, then normaliseLabel.
   */
  clean(label: string): { text: string; unit: string | null; normalised: string } {
    // not NFKC yet: normaliseLabel strips "①" numbering before NFKC would turn it into "1"
    const bracket = /[(（[【〔]/.test(label);
    let s = bracket ? label.replace(NOTE_RE, '').trim() : label.trim();
    // (each pattern only where it can apply: these run on every row of a file)
    if (/[\d①-⑳\]]\s*$/.test(s)) s = s.replace(TRAILING_NOTE_RE, '').trim();
    // "小学 Primary Schools" (a yearbook's bilingual cell): the Chinese name is read, the English tail dropped
    if (/\s[A-Za-z]/.test(s) && BILINGUAL_RE.test(s)) s = s.replace(ENGLISH_TAIL_RE, '').trim();
    let unit: string | null = null;
    const b = bracket ? BRACKET_END_RE.exec(s) : null;
    if (b) {
      const inner = b[1].replace(/\s/g, '').replace(/^(?:计量)?单位[:：]?/, '');
      if (this.isUnitWord(inner)) {
        unit = inner;
        s = s.slice(0, b.index).trim();
      }
    }
    const normalised = normaliseLabel(s);
    let text = normalised;
    for (let guard = 0; guard < 4 && text.length > 1; guard++) {
      const before = text;
      for (const p of this.places) if (text.startsWith(p) && text.length > p.length) text = text.slice(p.length);
      for (const w of this.leading) if (text.startsWith(w) && text.length > w.length) text = normaliseLabel(text.slice(w.length));
      if (text === before) break;
    }
    return { text, unit, normalised };
  }

  /** Whether a text is a unit word of the lists (a magnitude prefix allowed: 万人, 千元). */
  isUnitWord(text: string): boolean {
    const k = unitKey(text);
    return this.unitWords.has(k) || this.unitWords.has(stripMagnitude(k));
  }

  /** The catalog unit ids a unit written in a file allows: null when there is no unit or it decides nothing (个). */
  unitAllows(unit: string | null | undefined): Set<string> | null {
    if (!unit) return null;
    const k = unitKey(unit);
    if (k === '' || k === '-' || k === '—') return null;
    // A magnitude word scales the figure (万人, 万元, 千元); the import reads the scale, the base word is the unit.
    const got = this.unitWords.get(k) ?? this.unitWords.get(stripMagnitude(k));
    return got === undefined ? new Set(['?']) : got;
  }

  /**
   * A cleaned name read into subject + measure: a whole phrase (在园幼儿), subject then measure (小学 +
   * 在校生数, 普通高中 + 数), measure then subject (English: "Enrolment, primary schools"), a subject alone
   * (普通高中) or a measure alone (在校生); null when the name is not made of listed words.
   */
  read(text: string): Reading | null {
    const phrase = this.phrases.get(text);
    if (phrase) return phrase;
    const total = this.totalSuffixes.find((t) => text.endsWith(t) && text.length > t.length);
    if (total) {
      const inner = this.read(text.slice(0, -total.length));
      if (inner && inner.measure !== null) return { ...inner, subject: inner.subject ?? 'all' };
      if (inner && inner.subject !== null) return inner;
    }
    const q = this.qualifiers.find((x) => text.endsWith(x.suffix) && text.length > x.suffix.length);
    if (q) {
      const inner = this.read(text.slice(0, -q.suffix.length));
      if (inner && inner.subject === q.from) return { ...inner, subject: q.to };
      return null;
    }
    const whole = this.subjects.get(text);
    if (whole) return { subject: whole.id, measure: null, kind: whole.kind };
    for (const n of this.subjectNames.get(text[0]) ?? []) {
      if (!text.startsWith(n)) continue;
      const m = this.measures.get(text.slice(n.length));
      if (m) {
        const s = this.subjects.get(n)!;
        return { subject: s.id, measure: m.id, kind: s.kind };
      }
    }
    for (const n of this.measureNames.get(text[0]) ?? []) {
      if (!text.startsWith(n)) continue;
      const s = this.subjects.get(text.slice(n.length));
      if (s) return { subject: s.id, measure: this.measures.get(n)!.id, kind: s.kind };
    }
    const m = this.measures.get(text);
    if (m) return { subject: null, measure: m.id, kind: m.kind };
    return null;
  }
}

function stripMagnitude(k: string): string {
  return k.replace(/^(?:百万|千万|万亿|千|万|亿)/, '');
}

function unitKey(u: string): string {
  return u.normalize('NFKC').replace(/[\s()[\]【】〔〕]/g, '').toLowerCase();
}
