import type { Catalog } from '../model/catalog.ts';
import type { CellValue } from '../model/value.ts';
import { Workbook } from '../model/workbook.ts';
import { ImportMemory, type MappingDecision } from './memory.ts';

/**
 * What a preview needs of a workbook, as plain data: it survives structured cloning, so a file can be
 * read and previewed in a Web Worker against the workbook the user sees. Values only (no provenance):
 * the preview compares values.
 */
export interface WorkbookValues {
  catalog: Catalog;
  periods: string[];
  values: [string, CellValue][];
  /** The workbook's import memory (decisions of earlier imports), used when matching the file. */
  importMemory?: MappingDecision[];
}

/** The workbook's catalog, periods and values as plain data (the value objects are shared, not copied). */
export function workbookValues(wb: Workbook): WorkbookValues {
  return { catalog: wb.catalog, periods: [...wb.periods], values: [...wb.values], importMemory: wb.importMemory.toJSON() };
}

/** A workbook holding a snapshot's catalog, periods and values. */
export function workbookFromValues(s: WorkbookValues): Workbook {
  const wb = new Workbook(s.catalog, s.periods);
  wb.apply(s.values.map(([key, after]) => ({ key, after })));
  if (s.importMemory) wb.importMemory = ImportMemory.fromJSON(s.importMemory);
  return wb;
}
