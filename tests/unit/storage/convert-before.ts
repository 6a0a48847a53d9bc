/**
 * workbookFromSnapshot as it was before the open path was sped up (issue 17, branch `open`), kept
 * verbatim as the test oracle: the new build must give the same workbook for every snapshot
 * (tests/unit/storage/convert-fast.test.ts). Not used by the app.
 */
import type { Catalog } from '../../../src/core/model/catalog.ts';
import { cellKey, parseCellKey, type CellValue } from '../../../src/core/model/value.ts';
import { pickMeta, keyOfMark, Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { ImportMemory } from '../../../src/core/import/memory.ts';
import { UnitTree } from '../../../src/core/model/units.ts';
import { annotationsFromStored, catalogWith } from '../../../src/storage/convert.ts';
import { eachPackedResolved, PlaceMemo, type StoredCell, type WorkbookSnapshot } from '../../../src/storage/store.ts';

export function workbookFromSnapshotBefore(s: WorkbookSnapshot, catalog: Catalog): Workbook {
  const wb = new Workbook(catalogWith(catalog, s.meta.customIndicators), s.meta.periods);
  for (const m of s.meta.ruleMarks ?? []) wb.ruleMarks.set(keyOfMark(m), { ...m });
  if (s.meta.units) wb.units = new UnitTree(s.meta.units);
  for (const [id, c] of Object.entries(s.meta.collection ?? {})) if (wb.units.has(id)) wb.collection.set(id, structuredClone(c));
  const periods = new Set(wb.periods);
  const values = wb.values;
  const placeOf = new Map<string, number>();
  const resolve = (at: string): number => {
    let i = placeOf.get(at);
    if (i === undefined) {
      const ref = parseCellKey(`x@${at}`);
      const ok = periods.has(ref.period) && wb.units.has(ref.unit) && cellKey('x', ref.period, ref.unit) === `x@${at}`;
      placeOf.set(at, (i = ok ? values.place(at) : -1));
    }
    return i;
  };
  const memo = new PlaceMemo(resolve);
  for (const row of s.rows) {
    const ind = wb.index.byId.get(row.indicator);
    const figures = ind !== undefined && !row.indicator.includes('@');
    const unit = ind && wb.index.unitOf(ind);
    const parsed = new Map<string, CellValue>();
    const cell = (at: string, place: number, raw: string, more: Omit<StoredCell, 'raw'> | undefined) => {
      if (figures && place >= 0) {
        if (raw !== '') {
          let v = parsed.get(raw);
          if (!v) parsed.set(raw, (v = Object.freeze(parseValue(raw, ind, unit!))));
          if (v.state !== 'empty' || v.raw !== '') values.setAtPlace(row.indicator, place, v);
        }
        const m = more && pickMeta(more);
        if (m) wb.meta.set(`${row.indicator}@${at}`, m);
      }
      if (more && ind) annotationsFromStored(wb, `${row.indicator}@${at}`, { ...more, raw });
    };
    if (row.packed) eachPackedResolved(row.packed, memo, cell);
    else for (const at of Object.keys(row.cells)) cell(at, resolve(at), row.cells[at].raw, row.cells[at]);
  }
  for (const [id, e] of Object.entries(s.meta.explanations ?? {})) wb.explain(id, e);
  if (s.meta.importMemory) wb.importMemory = ImportMemory.fromJSON(s.meta.importMemory);
  if (s.meta.importLog) wb.importLog = structuredClone(s.meta.importLog);
  return wb;
}
