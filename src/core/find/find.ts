import type { Indicator } from '../model/catalog.ts';

/**
 * Finding an indicator by what a person types into the search box: its Chinese or English name, one of
 * its aliases, or its id. Pure: the screen's find bar and any other caller rank the same way.
 */

/** Width, case, spaces and punctuation do not tell two names apart when searching. */
export function normaliseQuery(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[()[\]【】〔〕{}<>《》「」『』“”"'‘’、·•,，.。:：;；_\-–—/]/g, '');
}

/** How well an indicator matched: a lower rank is a better match. */
export type FindRank = 0 | 1 | 2 | 3;

export interface FindHit {
  id: string;
  /** 0 the whole name, alias or id; 1 the start of one; 2 inside one; 3 every English word begins a word of the name. */
  rank: FindRank;
  /** What matched: the Chinese or English name, an alias or the id — or the note of one figure (`key`). */
  field: 'zh' | 'en' | 'alias' | 'id' | 'note';
  /** For a note: the figure (cell key) whose note matched. */
  key?: string;
}

const words = (s: string): string[] =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The indicators matching `query`, best first; equally good ones in the order given (the report's).
 * An empty query finds nothing.
 */
export function findIndicators(query: string, indicators: readonly Indicator[]): FindHit[] {
  const q = normaliseQuery(query);
  if (!q) return [];
  const qWords = words(query);
  const hits: (FindHit & { at: number })[] = [];
  indicators.forEach((ind, at) => {
    const fields: [FindHit['field'], string][] = [
      ['id', normaliseQuery(ind.id)],
      ['zh', normaliseQuery(ind.label.zh)],
      ['en', normaliseQuery(ind.label.en)],
      ...ind.aliases.map((a): [FindHit['field'], string] => ['alias', normaliseQuery(a)]),
    ];
    let best: FindHit | null = null;
    for (const [field, text] of fields) {
      const rank: FindRank | null = text === q ? 0 : text.startsWith(q) ? 1 : text.includes(q) ? 2 : null;
      if (rank !== null && (!best || rank < best.rank)) best = { id: ind.id, rank, field };
    }
    if (!best && qWords.length > 1) {
      // "enrol senior" finds "Enrolment, senior high schools": every word starts a word of the name
      const nameWords = words(ind.label.en);
      if (qWords.every((w) => nameWords.some((n) => n.startsWith(w)))) best = { id: ind.id, rank: 3, field: 'en' };
    }
    if (best) hits.push({ ...best, at });
  });
  hits.sort((a, b) => a.rank - b.rank || a.at - b.at);
  return hits.map(({ id, rank, field }) => ({ id, rank, field }));
}

/**
 * The figures whose note contains `query` (compared as names are: width, case, spaces and punctuation
 * ignored), in the order given; an empty query finds nothing. `indicatorOf` maps a cell key to its row.
 */
export function findInNotes(query: string, notes: Iterable<[string, { text: string }]>, indicatorOf: (key: string) => string): FindHit[] {
  const q = normaliseQuery(query);
  if (!q) return [];
  const out: FindHit[] = [];
  for (const [key, note] of notes) if (normaliseQuery(note.text).includes(q)) out.push({ id: indicatorOf(key), rank: 2, field: 'note', key });
  return out;
}

/** Which rows the grid shows. */
export type RowFilter =
  | { kind: 'all' }
  | { kind: 'errors' | 'warnings' | 'suspects' | 'missing' | 'changed' | 'notes' | 'followUp' }
  | { kind: 'section'; section: string };

/** What the filter needs to know about one indicator's row (the screen computes it from the session). */
export interface RowFacts {
  section: string;
  errors: number;
  warnings: number;
  /** Figures of the row among those most likely wrong (error localisation). */
  suspects: number;
  /** Years of the workbook in which the row has no figure. */
  missing: number;
  /** Cells changed since the last import (or reset). */
  changed: number;
  /** Figures of the row with a note. */
  notes: number;
  /** Figures of the row flagged for follow-up. */
  followUp: number;
}

export function passesFilter(filter: RowFilter, row: RowFacts): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'section':
      return row.section === filter.section;
    default:
      return row[filter.kind] > 0;
  }
}
