import type { Indicator } from '../model/catalog.ts';
import type { Workbook } from '../model/workbook.ts';
import { buildCells } from './cells.ts';
import type { FiguresRead, ReadAndPreview } from './index.ts';
import type { ImportIssue } from './issues.ts';
import { catalogWithCustom, type Mapping } from './match.ts';
import { previewImport } from './preview.ts';

/**
 * Another mapping of a file already read: the figures the read kept (`read.records`) are turned into
 * cells and previewed again, without the file, its tables or the layout (the dialog's remapping; a
 * 200-row table takes about a millisecond, see bench/import.ts). Issues found before matching
 * (`read.tableIssues`) are kept; those of the cells are found anew. Null when the read kept no figures
 * (a JSON file, or a table too large to keep on the page): read the file again then.
 * `custom`: the indicators added in the dialog (the file's own custom indicators come with `read`).
 */
export function remapRead(read: FiguresRead, mapping: Mapping, workbook: Workbook, custom: readonly Indicator[] = []): ReadAndPreview | null {
  if (!read.records || !read.tableIssues) return null;
  const added = [...(read.customIndicators ?? []), ...custom];
  const full = catalogWithCustom(workbook.catalog, added);
  const built = buildCells(read.records, mapping, full, read.file, read.kind === 'csv' || read.sheet === null ? undefined : read.sheet);
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  for (const i of [...read.tableIssues, ...built.issues]) (i.severity === 'error' ? errors : warnings).push(i);
  const preview = previewImport(workbook, built.cells, read.file, added);
  return { read: { ...read, mapping, cells: built.cells, errors, warnings }, preview };
}
