import type { CellChange, ValueMeta, Workbook } from '../model/workbook.ts';
import { CITY, type CellValue } from '../model/value.ts';
import type { Indicator } from '../model/catalog.ts';
import { issue, placeText, type ImportIssue, type Place } from './issues.ts';
import type { ImportCell } from './cells.ts';

export type PreviewStatus = 'new' | 'changed' | 'unchanged';

export interface PreviewCell {
  key: string;
  indicator: string;
  period: string;
  /** The reporting unit (cell keys carry it: `ind@period#unit`). */
  unit: string;
  status: PreviewStatus;
  before: CellValue;
  after: CellValue;
  place: Place;
}

/** The same target cell given more than once in the file. */
export interface Duplicate {
  key: string;
  places: Place[];
  /** True when the values differ (an error: which one is meant cannot be guessed). */
  conflicting: boolean;
}

export interface ImportPreview {
  cells: PreviewCell[];
  errors: ImportIssue[];
  duplicates: Duplicate[];
  /** The changes to hand to `workbook.apply` as one undo step: new and changed cells only. */
  changes: CellChange[];
  /** Provenance the file gives for cells in `changes` (product JSON only): stored with the values. */
  meta: Map<string, ValueMeta>;
  /** Periods the import needs that the workbook does not have yet (add them before applying). */
  newPeriods: string[];
  /** Indicators the import needs that the workbook's catalog does not have (custom ones). */
  missingIndicators: string[];
  /** False when anything blocks the import. */
  canCommit: boolean;
}

/** Whether two cell values say the same thing (same state and the same figure at the same precision). */
export function sameValue(a: CellValue, b: CellValue): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'invalid') return a.raw.trim() === b.raw.trim();
  if (a.state !== 'value') return true;
  return a.n === b.n && a.n2 === b.n2 && a.lo === b.lo && a.hi === b.hi && a.lo2 === b.lo2 && a.hi2 === b.hi2 && a.qualifier === b.qualifier;
}

/**
 * Compares what a file would write against the workbook, cell by cell. Pure: reads the workbook,
 * never changes it, so cancelling an import is doing nothing. Custom indicators the caller is about to
 * add can be passed so their cells count as new rather than unknown.
 */
export function previewImport(workbook: Workbook, cells: readonly ImportCell[], file = '', custom: readonly Indicator[] = []): ImportPreview {
  const errors: ImportIssue[] = [];
  const duplicates: Duplicate[] = [];
  const first = new Map<string, ImportCell>();
  const dupByKey = new Map<string, Duplicate>();
  const customIds = new Set(custom.map((i) => i.id));
  const missing = new Set<string>();
  for (const c of cells) {
    if (!workbook.index.byId.has(c.indicator)) {
      if (customIds.has(c.indicator)) missing.add(c.indicator);
      else {
        errors.push(
          issue('unknown-indicator', 'error', file, c.place, `指标“${c.indicator}”不在目录中`, `indicator "${c.indicator}" is not in the catalog`, {
            indicator: c.indicator,
          }),
        );
        continue;
      }
    }
    const prev = first.get(c.key);
    if (!prev) {
      first.set(c.key, c);
      continue;
    }
    let d = dupByKey.get(c.key);
    if (!d) {
      d = { key: c.key, places: [prev.place], conflicting: false };
      dupByKey.set(c.key, d);
      duplicates.push(d);
    }
    d.places.push(c.place);
    if (!sameValue(prev.after, c.after)) {
      d.conflicting = true;
      const a = placeText('', prev.place);
      const ind = workbook.index.byId.get(c.indicator) ?? custom.find((i) => i.id === c.indicator);
      errors.push(
        issue(
          'duplicate-conflict',
          'error',
          file,
          c.place,
          `“${ind?.label.zh ?? c.indicator}”${c.period} 年出现两次且数值不同：${a.zh} 为“${prev.after.raw}”，此处为“${c.after.raw}”`,
          `"${ind?.label.en ?? c.indicator}" for ${c.period} is given twice with different values: "${prev.after.raw}" at ${a.en} and "${c.after.raw}" here`,
          { indicator: c.indicator, period: c.period, first: `${prev.place.row}${prev.place.column}` },
        ),
      );
    }
  }
  const out: PreviewCell[] = [];
  const changes: CellChange[] = [];
  const newPeriods = new Set<string>();
  const meta = new Map<string, ValueMeta>();
  for (const c of first.values()) {
    if (!workbook.periods.includes(c.period)) newPeriods.add(c.period);
    const before = workbook.getByKey(c.key);
    const status: PreviewStatus = before.state === 'empty' ? 'new' : sameValue(before, c.after) ? 'unchanged' : 'changed';
    out.push({ key: c.key, indicator: c.indicator, period: c.period, unit: c.unit ?? CITY, status, before, after: c.after, place: c.place });
    if (status !== 'unchanged') {
      changes.push({ key: c.key, after: c.after });
      if (c.meta) meta.set(c.key, c.meta);
    }
  }
  return {
    cells: out,
    errors,
    duplicates,
    changes,
    meta,
    newPeriods: [...newPeriods].sort(),
    missingIndicators: [...missing],
    canCommit: errors.length === 0,
  };
}

/**
 * The preview of the same cells against `workbook`, from a preview made against a copy of it WITHOUT its
 * values (same catalog and periods): what each cell was before, new / changed / unchanged, the changes and
 * their provenance, the new periods. The batch dialog's worker previews against such a copy (a
 * 1.8-million-figure workbook is not cloned to the worker for each round) and the page rebases the
 * preview on the workbook it shows; the result equals previewImport(workbook, cells). Errors, duplicates
 * and missing indicators depend on the catalog and the file only and are kept.
 */
export function rebasePreview(workbook: Workbook, preview: ImportPreview): ImportPreview {
  const cells: PreviewCell[] = [];
  const changes: CellChange[] = [];
  const meta = new Map<string, ValueMeta>();
  const newPeriods = new Set<string>();
  for (const c of preview.cells) {
    if (!workbook.periods.includes(c.period)) newPeriods.add(c.period);
    const before = workbook.getByKey(c.key);
    const status: PreviewStatus = before.state === 'empty' ? 'new' : sameValue(before, c.after) ? 'unchanged' : 'changed';
    cells.push({ ...c, status, before });
    if (status !== 'unchanged') {
      changes.push({ key: c.key, after: c.after });
      const m = preview.meta.get(c.key);
      if (m) meta.set(c.key, m);
    }
  }
  return { ...preview, cells, changes, meta, newPeriods: [...newPeriods].sort() };
}
