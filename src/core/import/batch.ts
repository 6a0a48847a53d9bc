/**
 * Several files imported together (a collection round: one file per county, or one file with a unit
 * column): their previews made one — one list of changes committed as one undo step, all or nothing.
 * Two files giving the same cell (same indicator, year and unit) different values is an error naming
 * both (which is meant cannot be guessed); the same value twice is not. Pure.
 */
import type { CellChange, ValueMeta } from '../model/workbook.ts';
import type { ReportingUnit } from '../model/units.ts';
import { CITY, parseCellKey } from '../model/value.ts';
import { issue, type ImportIssue } from './issues.ts';
import { sameValue, type ImportPreview, type PreviewCell } from './preview.ts';

export interface BatchItem {
  file: string;
  preview: ImportPreview;
  /** Errors of reading the file (its layout, its unit not sure …): any blocks the whole batch. */
  errors?: readonly ImportIssue[];
}

export interface BatchPreview {
  /** New and changed cells of every file, each cell once. */
  changes: CellChange[];
  meta: Map<string, ValueMeta>;
  newPeriods: string[];
  missingIndicators: string[];
  counts: { new: number; changed: number; unchanged: number };
  /** Cells two files give different values, and every file's own errors. */
  errors: ImportIssue[];
  /** Per reporting unit, the files that brought its figures (in batch order): what "received" records. */
  received: Map<string, string[]>;
  canCommit: boolean;
}

export function combinePreviews(items: readonly BatchItem[]): BatchPreview {
  const first = new Map<string, { file: string; cell: PreviewCell }>();
  const errors: ImportIssue[] = [];
  const changes: CellChange[] = [];
  const meta = new Map<string, ValueMeta>();
  const newPeriods = new Set<string>();
  const missing = new Set<string>();
  const received = new Map<string, string[]>();
  const counts = { new: 0, changed: 0, unchanged: 0 };
  for (const item of items) {
    errors.push(...(item.errors ?? []), ...item.preview.errors);
    for (const p of item.preview.newPeriods) newPeriods.add(p);
    for (const i of item.preview.missingIndicators) missing.add(i);
    const changed = new Set(item.preview.changes.map((c) => c.key));
    for (const cell of item.preview.cells) {
      const files = received.get(cell.unit);
      if (!files) received.set(cell.unit, [item.file]);
      else if (!files.includes(item.file)) files.push(item.file);
      const prev = first.get(cell.key);
      if (prev) {
        if (!sameValue(prev.cell.after, cell.after)) {
          errors.push(
            issue(
              'duplicate-conflict',
              'error',
              item.file,
              cell.place,
              `与文件“${prev.file}”给出的同一格数值不同：那里为“${prev.cell.after.raw}”，此处为“${cell.after.raw}”（${cell.indicator}，${cell.period}，${cell.unit}）`,
              `the file "${prev.file}" gives the same cell another value: "${prev.cell.after.raw}" there, "${cell.after.raw}" here (${cell.indicator}, ${cell.period}, ${cell.unit})`,
              { indicator: cell.indicator, period: cell.period, unit: cell.unit, other: prev.file },
            ),
          );
        }
        continue;
      }
      first.set(cell.key, { file: item.file, cell });
      counts[cell.status]++;
      if (changed.has(cell.key)) {
        changes.push({ key: cell.key, after: cell.after });
        const m = item.preview.meta.get(cell.key);
        if (m) meta.set(cell.key, m);
      }
    }
  }
  return {
    changes,
    meta,
    newPeriods: [...newPeriods].sort(),
    missingIndicators: [...missing],
    counts,
    errors,
    received,
    canCommit: errors.every((e) => e.severity !== 'error') && items.every((i) => i.preview.canCommit),
  };
}

/**
 * What a round's commit records besides its cells: each unit (not the city) whose figures came is
 * received at `time` from its files; of the units added in the preview, those the figures use join the
 * tree, with any added parent they need.
 */
export function roundCommit(
  batch: Pick<BatchPreview, 'received' | 'changes'>,
  newUnits: readonly ReportingUnit[],
  time: string,
): { addUnits: ReportingUnit[]; received: Map<string, { time: string; file: string }> } {
  const received = new Map<string, { time: string; file: string }>();
  for (const [unit, files] of batch.received) if (unit !== CITY) received.set(unit, { time, file: files.join('、') });
  const used = new Set(batch.changes.map((c) => parseCellKey(c.key).unit));
  for (const u of [...newUnits].reverse()) if (used.has(u.id) && u.parent) used.add(u.parent);
  return { addUnits: newUnits.filter((u) => used.has(u.id)), received };
}
