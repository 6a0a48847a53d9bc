import type { Catalog, Indicator } from '../core/model/catalog.ts';
import { cellKey, CITY, EMPTY, parseCellKey, type CellValue } from '../core/model/value.ts';
import { UnitTree } from '../core/model/units.ts';
import { pickMeta, ruleMarkKey, Workbook, type Explanation, type ValueMeta } from '../core/model/workbook.ts';
import { parseValue } from '../core/parse/value.ts';
import { ImportMemory } from '../core/import/memory.ts';
import { own, type CellWrite, type StoredCell, type StoredRow, type WorkbookSnapshot } from './store.ts';

/** The catalog extended with a workbook's custom indicators (those whose section and unit exist). */
export function catalogWith(catalog: Catalog, custom: readonly Indicator[]): Catalog {
  const ids = new Set(catalog.indicators.map((i) => i.id));
  const units = new Set(catalog.units.map((u) => u.id));
  const sections = new Set(catalog.sections.map((s) => s.id));
  const extra = custom.filter((c) => !ids.has(c.id) && units.has(c.unit) && sections.has(c.section)).map((c) => ({ ...c, custom: true }));
  return extra.length ? { ...catalog, indicators: [...catalog.indicators, ...extra] } : catalog;
}

/** A stored cell read back as a value: `raw` is re-parsed, so the stored text is the only truth. */
export function cellFromStored(wb: Workbook, indicator: string, cell: StoredCell | undefined): CellValue {
  if (!cell || cell.raw === '') return EMPTY;
  const ind = wb.index.byId.get(indicator);
  if (!ind) return EMPTY;
  return parseValue(cell.raw, ind, wb.index.unitOf(ind));
}

export function metaFromStored(cell: StoredCell | undefined): ValueMeta | undefined {
  return cell ? pickMeta(cell) : undefined;
}

/** Builds the workbook a snapshot describes; rows of unknown indicators and unknown periods are ignored. */
export function workbookFromSnapshot(s: WorkbookSnapshot, catalog: Catalog): Workbook {
  const wb = new Workbook(catalogWith(catalog, s.meta.customIndicators), s.meta.periods);
  for (const m of s.meta.ruleMarks ?? []) wb.ruleMarks.set(ruleMarkKey(m.rule, m.period), { ...m });
  const changes: { key: string; after: CellValue }[] = [];
  for (const row of s.rows) {
    if (!wb.index.byId.has(row.indicator)) continue;
    for (const p of wb.periods) {
      const c = own(row.cells, p);
      if (!c) continue;
      const key = cellKey(row.indicator, p);
      changes.push({ key, after: cellFromStored(wb, row.indicator, c) });
      const m = metaFromStored(c);
      if (m) wb.meta.set(key, m);
    }
  }
  // the reporting units' cells (`period#unit` in the row) of units the stored tree has
  if (s.meta.units) {
    try {
      wb.units = new UnitTree(s.meta.units);
    } catch {
      // a tree that breaks an invariant is not loaded: the city alone, the units' cells left in the store
    }
    for (const [id, c] of Object.entries(s.meta.collection ?? {})) if (wb.units.has(id)) wb.collection.set(id, { ...c });
    const periods = new Set(wb.periods);
    for (const row of s.rows) {
      if (!wb.index.byId.has(row.indicator)) continue;
      for (const [k, c] of Object.entries(row.cells)) {
        const hash = k.indexOf('#');
        if (hash < 0 || !periods.has(k.slice(0, hash)) || !wb.units.has(k.slice(hash + 1))) continue;
        const key = cellKey(row.indicator, k.slice(0, hash), k.slice(hash + 1));
        changes.push({ key, after: cellFromStored(wb, row.indicator, c) });
        const m = metaFromStored(c);
        if (m) wb.meta.set(key, m);
      }
    }
  }
  wb.apply(changes);
  for (const [id, e] of Object.entries(s.meta.explanations ?? {})) wb.explain(id, e);
  if (s.meta.importMemory) wb.importMemory = ImportMemory.fromJSON(s.meta.importMemory);
  return wb;
}

/** A workbook's explanations as the meta record stores them. */
export function storedExplanations(wb: Workbook): Record<string, Explanation> {
  const out = Object.create(null) as Record<string, Explanation>;
  for (const [id, e] of wb.explanations) out[id] = { ...e };
  return out;
}

/** What to store for one cell of the workbook (null: nothing, the cell is empty). */
export function storedCell(wb: Workbook, key: string): StoredCell | null {
  const v = wb.values.get(key);
  if (!v || (v.state === 'empty' && v.raw === '')) return null;
  const m = wb.meta.get(key);
  return { raw: v.raw, ...(m ? pickMeta(m) : {}) };
}

/** Writes for the given cells as they are now in the workbook. */
export function writesFor(wb: Workbook, keys: Iterable<string>): CellWrite[] {
  const out: CellWrite[] = [];
  for (const key of keys) {
    const { indicator, period, unit } = parseCellKey(key);
    // a reporting unit's cell is kept in its indicator's row under `period#unit` (the city's under `period`)
    out.push({ indicator, period: unit === CITY ? period : `${period}#${unit}`, cell: storedCell(wb, key) });
  }
  return out;
}

/** Every non-empty cell of the workbook as writes (first start, reset, replace). */
export function allWrites(wb: Workbook): CellWrite[] {
  return writesFor(wb, wb.values.keys());
}

/** A stored row's cell for each of the workbook's periods, as values (absent → EMPTY). */
export function rowValues(wb: Workbook, row: StoredRow | undefined, indicator: string): Map<string, { value: CellValue; meta?: ValueMeta }> {
  const out = new Map<string, { value: CellValue; meta?: ValueMeta }>();
  for (const p of wb.periods) {
    const c = row ? own(row.cells, p) : undefined;
    out.set(cellKey(indicator, p), { value: cellFromStored(wb, indicator, c), meta: metaFromStored(c) });
  }
  // the reporting units' cells: those the row holds, and those the workbook holds that the row no longer does
  const periods = new Set(wb.periods);
  for (const k of Object.keys(row?.cells ?? {})) {
    const hash = k.indexOf('#');
    if (hash < 0 || !periods.has(k.slice(0, hash)) || !wb.units.has(k.slice(hash + 1))) continue;
    const c = own(row!.cells, k);
    out.set(cellKey(indicator, k.slice(0, hash), k.slice(hash + 1)), { value: cellFromStored(wb, indicator, c), meta: metaFromStored(c) });
  }
  if (wb.units.size > 1) {
    for (const key of wb.values.keys()) {
      if (key.startsWith(`${indicator}@`) && key.includes('#') && !out.has(key)) out.set(key, { value: EMPTY });
    }
  }
  return out;
}
