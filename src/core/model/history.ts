/**
 * The change history of each figure (DHIS2's audit log per value): every change of a figure's text
 * appends a ChangeRecord (when, old → new raw text, how; the file, sheet and row for an import),
 * bounded to the last HISTORY_LIMIT per figure with a count of the older ones dropped. Pure: the
 * Workbook records through `recordChange` when `apply` is given a ChangeContext.
 */
import type { ChangeHow, ChangeRecord } from './annotations.ts';

/** How many changes of one figure are kept (older ones are counted in the oldest kept record's `dropped`). */
export const HISTORY_LIMIT = 50;

/** How a set of changes came about, handed to Workbook.apply so that it records them. */
export interface ChangeContext {
  how: ChangeHow;
  /** ISO time of the action. */
  time: string;
  /** For an import: the file name. */
  file?: string;
  /** For an import: where each figure was in the file, by cell key (1-based row). */
  places?: ReadonlyMap<string, { sheet?: string; row?: number }>;
}

/** The history with one more record, bounded: the oldest records beyond `limit` are dropped and counted. */
export function appendChange(list: readonly ChangeRecord[] | undefined, rec: ChangeRecord, limit = HISTORY_LIMIT): ChangeRecord[] {
  const all = [...(list ?? []), rec];
  if (all.length <= limit) return all;
  const cut = all.length - limit;
  const dropped = all.slice(0, cut).reduce((n, r) => n + 1 + (r.dropped ?? 0), 0);
  const kept = all.slice(cut);
  const { dropped: _old, ...first } = kept[0];
  kept[0] = { ...first, dropped: dropped + (_old ?? 0) };
  return kept;
}

/** The record of one change in a context (undefined when the text did not change). */
export function changeRecord(key: string, before: string, after: string, ctx: ChangeContext): ChangeRecord | undefined {
  if (before === after) return undefined;
  const rec: ChangeRecord = { time: ctx.time, before, after, how: ctx.how };
  if (ctx.file !== undefined) rec.file = ctx.file;
  const place = ctx.places?.get(key);
  if (place?.sheet !== undefined) rec.sheet = place.sheet;
  if (place?.row !== undefined) rec.row = place.row;
  return rec;
}

/**
 * Earlier texts kept by older versions (ValueMeta.history: the texts a cell held before suggested
 * corrections were accepted, oldest first) as change records ending at the current text; time
 * unknown (''). So there is one history, not two.
 */
export function fromEarlierTexts(texts: readonly string[], current: string): ChangeRecord[] {
  return texts.map((before, i) => ({ time: '', before, after: i + 1 < texts.length ? texts[i + 1] : current, how: 'suggestion' as const }));
}

/** The texts a figure held before suggestions were accepted, oldest first (what the tooltip lists as earlier texts). */
export function earlierTexts(records: readonly ChangeRecord[] | undefined): string[] {
  return (records ?? []).filter((r) => r.how === 'suggestion').map((r) => r.before);
}

/** Where each figure of a file was (sheet and 1-based row; a JSON value's row 0 is left out), by cell key. */
export function placesOf(cells: readonly { key: string; place: { sheet?: string; row: number } }[]): Map<string, { sheet?: string; row?: number }> {
  const out = new Map<string, { sheet?: string; row?: number }>();
  for (const c of cells) {
    const p: { sheet?: string; row?: number } = {};
    if (c.place.sheet !== undefined) p.sheet = c.place.sheet;
    if (c.place.row > 0) p.row = c.place.row;
    out.set(c.key, p);
  }
  return out;
}

/** An import's mapping as the import log keeps it: each row name and the indicator it was read as (null: left out). */
export function mappingOf(rows: readonly { label: string; indicatorId: string | null }[]): { label: string; indicator: string | null }[] {
  return rows.map((r) => ({ label: r.label, indicator: r.indicatorId }));
}
