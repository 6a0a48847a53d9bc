import type { Catalog, Indicator } from '../core/model/catalog.ts';
import { cellKey, EMPTY, parseCellKey, type CellValue } from '../core/model/value.ts';
import { pickMeta, ruleMarkKey, Workbook, type Explanation, type ValueMeta } from '../core/model/workbook.ts';
import { parseValue } from '../core/parse/value.ts';
import { ImportMemory } from '../core/import/memory.ts';
import { UnitTree, type CollectionStatus } from '../core/model/units.ts';
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

/**
 * Builds the workbook a snapshot describes; rows of unknown indicators, unknown periods and unknown
 * units are ignored (isStoredMeta has checked the stored unit list builds a tree).
 */
export function workbookFromSnapshot(s: WorkbookSnapshot, catalog: Catalog): Workbook {
  const wb = new Workbook(catalogWith(catalog, s.meta.customIndicators), s.meta.periods);
  for (const m of s.meta.ruleMarks ?? []) wb.ruleMarks.set(ruleMarkKey(m.rule, m.period), { ...m });
  if (s.meta.units) wb.units = new UnitTree(s.meta.units);
  for (const [id, c] of Object.entries(s.meta.collection ?? {})) if (wb.units.has(id)) wb.collection.set(id, structuredClone(c));
  const periods = new Set(wb.periods);
  const changes: { key: string; after: CellValue }[] = [];
  for (const row of s.rows) {
    if (!wb.index.byId.has(row.indicator)) continue;
    // a row's keys: "2019" (the city) or "2019#county" (a reporting unit)
    for (const at of Object.keys(row.cells)) {
      const c = own(row.cells, at);
      if (!c) continue;
      const key = `${row.indicator}@${at}`;
      const ref = parseCellKey(key);
      if (!periods.has(ref.period) || !wb.units.has(ref.unit) || cellKey(ref.indicator, ref.period, ref.unit) !== key) continue;
      changes.push({ key, after: cellFromStored(wb, row.indicator, c) });
      const m = metaFromStored(c);
      if (m) wb.meta.set(key, m);
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
    // the row key is what follows "@": the period, with "#unit" for a reporting unit other than the city
    const at = key.indexOf('@');
    out.push({ indicator: key.slice(0, at), period: key.slice(at + 1), cell: storedCell(wb, key) });
  }
  return out;
}

/** Every non-empty cell of the workbook as writes (first start, reset, replace). */
export function allWrites(wb: Workbook): CellWrite[] {
  return writesFor(wb, wb.values.keys());
}

/** A stored row's cell for each of the workbook's periods and reporting units, as values (absent → EMPTY). */
export function rowValues(wb: Workbook, row: StoredRow | undefined, indicator: string): Map<string, { value: CellValue; meta?: ValueMeta }> {
  const out = new Map<string, { value: CellValue; meta?: ValueMeta }>();
  const units = wb.units.size > 1 ? wb.units.all().map((u) => u.id) : [undefined];
  for (const u of units) {
    for (const p of wb.periods) {
      const key = cellKey(indicator, p, u);
      const c = row ? own(row.cells, key.slice(key.indexOf('@') + 1)) : undefined;
      out.set(key, { value: cellFromStored(wb, indicator, c), meta: metaFromStored(c) });
    }
  }
  return out;
}

/** A workbook's reporting units and collection round as the meta record stores them. */
export function storedUnits(wb: Workbook): { units: ReturnType<UnitTree['toJSON']>; collection: Record<string, CollectionStatus> } {
  const collection = Object.create(null) as Record<string, CollectionStatus>;
  for (const [id, c] of wb.collection) collection[id] = structuredClone(c);
  return { units: wb.units.toJSON(), collection };
}
