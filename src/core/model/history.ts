/**
 * The change history of each figure (DHIS2's audit log per value): every change of a figure's text
 * appends a ChangeRecord (when, old → new raw text, how; the file, sheet and row for an import),
 * bounded to the last HISTORY_LIMIT per figure with a count of the older ones dropped. Pure: the
 * Workbook records through `recordChange` when `apply` is given a ChangeContext.
 */
import type { ChangeHow, ChangeRecord, ImportLogEntry } from './annotations.ts';

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

/**
 * The texts a figure held before suggestions were accepted, oldest first (what the tooltip lists as
 * earlier texts): the accepted suggestions still in effect, i.e. not undone (undo and redo are replayed
 * as the session's stacks do them: undo takes back the latest change in effect, redo restores the
 * latest undone one, a new change forgets the undone ones).
 */
export function earlierTexts(records: readonly ChangeRecord[] | undefined): string[] {
  const done: ChangeRecord[] = [];
  const undone: ChangeRecord[] = [];
  for (const r of records ?? []) {
    if (r.how === 'undo') {
      const last = done.pop();
      if (last) undone.push(last);
    } else if (r.how === 'redo') {
      const last = undone.pop();
      if (last) done.push(last);
    } else {
      done.push(r);
      undone.length = 0;
    }
  }
  return done.filter((r) => r.how === 'suggestion').map((r) => r.before);
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

/** A time as people read it: local "YYYY-MM-DD HH:MM" ('' or an unreadable time: undefined). */
export function formatTime(iso: string): string | undefined {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * One entry of the import log as a line for the side panel's 导入记录 list, e.g.
 * "2026-11-30 10:02 导入 县表.xlsx（12.1 KB）· 南湖县：新增 5，修改 3；对照 75 项（2 项不导入）" /
 * "2026-11-30 10:02 imported 县表.xlsx (12.1 KB) · Nanhu: 5 new, 3 changed; 75 names mapped (2 left out)".
 * A reset names the figures it restored and no size or mapping (no file was read).
 */
export function describeImport(e: ImportLogEntry, lang: 'zh' | 'en', unitName?: string): string {
  const zh = lang === 'zh';
  const when = formatTime(e.time) ?? (zh ? '时间不详' : 'time unknown');
  const counts = zh ? `新增 ${e.cellsNew}，修改 ${e.cellsChanged}` : `${e.cellsNew} new, ${e.cellsChanged} changed`;
  if (e.kind === 'reset') return zh ? `${when} 恢复为报告数据（${e.file}）：${counts}` : `${when} reset to the report's figures (${e.file}): ${counts}`;
  const size = e.size >= 1024 * 1024 ? `${(e.size / 1024 / 1024).toFixed(1)} MB` : e.size >= 1024 ? `${(e.size / 1024).toFixed(1)} KB` : `${e.size} B`;
  const unit = unitName ? ` · ${unitName}` : '';
  const out = e.mapping.filter((m) => m.indicator === null).length;
  const mapped = zh
    ? `对照 ${e.mapping.length} 项${out ? `（${out} 项不导入）` : ''}`
    : `${e.mapping.length} name${e.mapping.length === 1 ? '' : 's'} mapped${out ? ` (${out} left out)` : ''}`;
  return zh ? `${when} 导入 ${e.file}（${size}）${unit}：${counts}；${mapped}` : `${when} imported ${e.file} (${size})${unit}: ${counts}; ${mapped}`;
}

const HOW_TEXT: Record<'zh' | 'en', Record<ChangeHow, string>> = {
  zh: { typed: '输入', pasted: '粘贴', filled: '填充', cleared: '清除', imported: '导入', suggestion: '采纳建议', undo: '撤销', redo: '重做', derived: '推算', reset: '恢复为报告数据' },
  en: { typed: 'typed', pasted: 'pasted', filled: 'filled', cleared: 'cleared', imported: 'imported', suggestion: 'accepted a suggestion', undo: 'undone', redo: 'redone', derived: 'derived', reset: "reset to the report's figures" },
};

/**
 * One change as a short line for the tooltip and the side panel, e.g.
 * "2026-11-30 10:02 导入 县表.xlsx 第 12 行：1 234 → 1 243" /
 * "2026-11-30 10:02 imported from 县表.xlsx, row 12: 1 234 → 1 243". An empty text reads （空） / (empty);
 * a record whose older changes were dropped ends by saying how many.
 */
export function describeChange(r: ChangeRecord, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const when = formatTime(r.time) ?? (zh ? '时间不详' : 'time unknown');
  const text = (s: string) => (s === '' ? (zh ? '（空）' : '(empty)') : s);
  let how = HOW_TEXT[lang][r.how];
  if (r.file !== undefined || r.sheet !== undefined || r.row !== undefined) {
    const parts = zh
      ? [r.file, r.sheet !== undefined ? `工作表“${r.sheet}”` : undefined, r.row !== undefined ? `第 ${r.row} 行` : undefined]
      : [r.file !== undefined ? `from ${r.file}` : undefined, r.sheet !== undefined ? `sheet "${r.sheet}"` : undefined, r.row !== undefined ? `row ${r.row}` : undefined];
    how += ` ${parts.filter((p) => p !== undefined).join(zh ? ' ' : ', ')}`;
  }
  const line = `${when} ${how}${zh ? '：' : ': '}${text(r.before)} → ${text(r.after)}`;
  if (!r.dropped) return line;
  return zh ? `${line}（更早的 ${r.dropped} 次修改未保留）` : `${line} (${r.dropped} earlier change${r.dropped === 1 ? '' : 's'} not kept)`;
}
