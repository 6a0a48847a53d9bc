/** Exporting from the screen: loaded on the first export (app.ts), with the export code it loads in turn. */
import { exportWorkbook, type ExportFormat } from '../core/io/export.ts';
import { buildValidationReport } from '../core/io/report.ts';
import { reasonOf } from './errors.ts';
import { download } from './download.ts';
import { t } from './i18n.ts';
import type { Session } from './session.svelte.ts';

/**
 * Downloads the workbook in one format with its validation report. Exporting with errors is allowed,
 * but the user is first told how many there are (the file itself then says it is not valid).
 */
export async function exportAs(
  session: Session,
  format: ExportFormat,
  ask: (message: string) => Promise<boolean>,
  notify: (message: string) => void,
): Promise<boolean> {
  const result = session.validationResult();
  if (result.counts.error > 0 && !(await ask(t(session.lang, 'exportWithErrors', { n: result.counts.error })))) return false;
  // valid but incomplete is said plainly too (the file says "complete": false and names what is missing)
  const done = session.completeness;
  if (result.counts.error === 0 && !done.complete && !(await ask(t(session.lang, 'exportIncomplete', { m: done.missing.length, u: done.unchecked.length })))) return false;
  let file;
  try {
    const validation = buildValidationReport(session.workbook, session.rules, result, new Date().toISOString());
    file = await exportWorkbook(session.workbook, format, { lang: session.lang, validation });
  } catch (e) {
    // any failure is said, never a button that does nothing
    console.error('export failed', e);
    notify(t(session.lang, 'exportFailed', { format: format.toUpperCase(), detail: reasonOf(e) }));
    return false;
  }
  download(`workbook-${session.periods.join('-')}.${file.ext}`, file.bytes, file.mime);
  // texts cut to fit Excel's cell limit: the user is told where
  if (file.warnings.length) {
    const shown = file.warnings.slice(0, 10).map((w) => `• ${w[session.lang]}`);
    if (file.warnings.length > 10) shown.push(t(session.lang, 'importMore', { n: file.warnings.length - 10 }));
    notify(`${t(session.lang, 'exportCut', { n: file.warnings.length })}\n${shown.join('\n')}`);
  }
  return true;
}

