import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import { compileRules } from '../rules/validator.ts';
import type { RuleFile } from '../rules/types.ts';
import { buildValidationReport, type ValidationReport } from './report.ts';
import { unitsInScope, workbookSchemaIssues, workbookToJson, type ExportScope } from './workbook-json.ts';
import { workbookToCsv } from './csv.ts';
import { CellFitter } from './table.ts';
import type { Text } from '../model/catalog.ts';

export type ExportFormat = 'json' | 'csv' | 'xlsx';

/**
 * Validates the whole workbook with a rule file and returns the report an export carries (with a scope:
 * the report of those units; the whole tree is validated all the same, so roll-ups see every child).
 */
export function validationReportFor(wb: Workbook, ruleFile: RuleFile, generatedAt: string, scope?: ExportScope): ValidationReport {
  const result = compileRules(ruleFile, wb).validateAll();
  return buildValidationReport(wb, ruleFile, result, generatedAt, scope ? unitsInScope(wb, scope) : undefined);
}

/**
 * The JSON export as text, checked against schemas/workbook.schema.json before it is returned
 * (a non-conforming export is a bug: it throws rather than writing a file that would lie).
 */
export function workbookJsonText(wb: Workbook, validation?: ValidationReport, scope?: ExportScope): string {
  const file = workbookToJson(wb, { validation, scope });
  const issues = workbookSchemaIssues(file, 'export');
  if (issues.length) throw new Error(`export does not conform to the workbook schema:\n${issues.map((i) => i.en).join('\n')}`);
  return JSON.stringify(file, null, 2) + '\n';
}

/**
 * One export as bytes with its MIME type and file extension; what the UI download and the CLI write.
 * `warnings`: texts cut to fit Excel's cell limit (CSV/XLSX), each naming its place, for the user.
 */
export async function exportWorkbook(
  wb: Workbook,
  format: ExportFormat,
  opts: { lang?: Lang; validation?: ValidationReport; scope?: ExportScope } = {},
): Promise<{ bytes: Uint8Array; mime: string; ext: string; warnings: Text[] }> {
  const lang = opts.lang ?? 'zh';
  if (format === 'json') {
    return { bytes: new TextEncoder().encode(workbookJsonText(wb, opts.validation, opts.scope)), mime: 'application/json', ext: 'json', warnings: [] };
  }
  const fitter = new CellFitter(lang);
  if (format === 'csv') return { bytes: new TextEncoder().encode(workbookToCsv(wb, lang, fitter, opts.validation, opts.scope)), mime: 'text/csv;charset=utf-8', ext: 'csv', warnings: fitter.notes };
  const { workbookToXlsx } = await import('./xlsx.ts');
  return {
    bytes: await workbookToXlsx(wb, lang, opts.validation, fitter, opts.scope),
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
    warnings: fitter.notes,
  };
}
