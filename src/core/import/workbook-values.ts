import type { Catalog } from '../model/catalog.ts';
import type { CellValue } from '../model/value.ts';
import { Workbook, type Explanation, type RuleMark } from '../model/workbook.ts';
import { ImportMemory, type MappingDecision } from './memory.ts';
import { UnitTree, type ReportingUnit } from '../model/units.ts';

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
  /** Rules marked for a year (not applicable / sub-population) and explained warnings: the findings after an import honour them as the workbook does. */
  ruleMarks?: [string, RuleMark][];
  explanations?: [string, Explanation][];
  /** The reporting units (a file's unit is found among them); absent: the city alone. */
  units?: ReportingUnit[];
}

/**
 * The workbook's catalog, periods and values as plain data (the value objects are shared, not copied).
 * `values: false` leaves the figures out: enough to read and match a file (a preview made against it is
 * rebased on the workbook with rebasePreview).
 */
export function workbookValues(wb: Workbook, opts: { values?: boolean } = {}): WorkbookValues {
  return {
    catalog: wb.catalog,
    periods: [...wb.periods],
    values: opts.values === false ? [] : [...wb.values],
    importMemory: wb.importMemory.toJSON(),
    ruleMarks: [...wb.ruleMarks],
    explanations: [...wb.explanations],
    units: wb.units.toJSON(),
  };
}

/** A workbook holding a snapshot's catalog, periods and values. */
export function workbookFromValues(s: WorkbookValues): Workbook {
  const wb = new Workbook(s.catalog, s.periods);
  wb.apply(s.values.map(([key, after]) => ({ key, after })));
  if (s.importMemory) wb.importMemory = ImportMemory.fromJSON(s.importMemory);
  if (s.units) wb.units = new UnitTree(s.units);
  copyJudgements(s, wb);
  return wb;
}

/** Copies a workbook's rule marks and explained warnings onto another (a copy the findings are computed on). */
export function copyJudgements(from: Pick<WorkbookValues, 'ruleMarks' | 'explanations'> | Workbook, to: Workbook): void {
  for (const [k, m] of from.ruleMarks ?? []) to.ruleMarks.set(k, { ...m });
  for (const [id, e] of from.explanations ?? []) to.explain(id, e);
}
