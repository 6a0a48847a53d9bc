import type { Workbook } from '../model/workbook.ts';
import type { Lang } from '../i18n/format.ts';
import { compileRules } from '../rules/validator.ts';
import type { RuleFile } from '../rules/types.ts';
import { buildValidationReport, type ValidationReport } from './report.ts';
import { workbookSchemaIssues, workbookToJson } from './workbook-json.ts';
import { workbookToCsv } from './csv.ts';
import { CellFitter } from './table.ts';
import type { Text } from '../model/catalog.ts';

export type ExportFormat = 'json' | 'csv' | 'xlsx';

/** Validates the whole workbook with a rule file and returns the report an export carries. */
export function validationReportFor(wb: Workbook, ruleFile: RuleFile, generatedAt: string): ValidationReport {
  const result = compileRules(ruleFile, wb).validateAll();
  return buildValidationReport(wb, ruleFile, result, generatedAt);
}

/**
 * The JSON export as text, checked against schemas/workbook.schema.json before it is returned
 * (a non-conforming export is a bug: it throws rather than writing a file that would lie).
 */
export function workbookJsonText(wb: Workbook, validation?: ValidationReport): string {
  const file = workbookToJson(wb, { validation });
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
  opts: { lang?: Lang; validation?: ValidationReport } = {},
): Promise<{ bytes: Uint8Array; mime: string; ext: string; warnings: Text[] }> {
  const lang = opts.lang ?? 'zh';
  if (format === 'json') {
    return { bytes: new TextEncoder().encode(workbookJsonText(wb, opts.validation)), mime: 'application/json', ext: 'json', warnings: [] };
  }
  const fitter = new CellFitter(lang);
  if (format === 'csv') return { bytes: new TextEncoder().encode(workbookToCsv(wb, lang, fitter, opts.validation)), mime: 'text/csv;charset=utf-8', ext: 'csv', warnings: fitter.notes };
  const { workbookToXlsx } = await import('./xlsx.ts');
  return {
    bytes: await workbookToXlsx(wb, lang, opts.validation, fitter),
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
    warnings: fitter.notes,
  };
}
