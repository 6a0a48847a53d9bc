import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { captureDownloads, cleanup, freshDbName, mountApp, testId } from './helpers.ts';

const openDialog = () => document.querySelector<HTMLDialogElement>('dialog[open]');
/** Answers every question of the app's own dialogs with yes and collects the notices it showed. */
async function answerDialogs(notices: string[], until: () => boolean): Promise<void> {
  await expect
    .poll(async () => {
      const d = openDialog();
      if (d) {
        const cancel = d.querySelector('[data-testid="cancel"]');
        if (!cancel) notices.push(d.textContent ?? '');
        await userEvent.click(d.querySelector<HTMLElement>('[data-testid="confirm"]')!);
      }
      return until();
    })
    .toBe(true);
}

afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});


describe('export: text longer than an Excel cell, and failures', () => {
  it.each([
    ['export-xlsx', 'xlsx'],
    ['export-csv', 'csv'],
  ])('%s: a 40,000-character text is cut with a note, the file downloads, and the user is told where', async (button) => {
    const blobs = captureDownloads();
    const a = await mountApp({ dbName: freshDbName(`long-${button}`) });
    a.app.session.setCells([{ key: 'schools_total@2019', raw: '说明'.repeat(20_000) }]);
    await userEvent.click(testId(a, button));
    const notices: string[] = [];
    await answerDialogs(notices, () => blobs.length === 1 && notices.length === 1);
    expect(notices).toHaveLength(1);
    const text = notices[0];
    expect(text).toContain('截断');
    expect(text).toContain('schools_total');
    expect(text).toContain('40,000');
    // the whole text stays in the workbook
    expect(a.app.session.workbook.get('schools_total', '2019').raw).toHaveLength(40_000);
  });

  it.each([
    ['export-xlsx', 'XLSX'],
    ['export-csv', 'CSV'],
    ['export', 'JSON'],
  ])('%s: any failure shows a message naming the format and the reason; nothing downloads', async (button, format) => {
    const blobs = captureDownloads();
    const a = await mountApp({ dbName: freshDbName(`fail-${button}`) });
    // the validation result the report is built from is broken: the export cannot be made
    const session = a.app.session;
    const real = session.validationResult();
    vi.spyOn(session, 'validationResult').mockReturnValue({ ...real, findings: null } as unknown as typeof real);
    await userEvent.click(testId(a, button));
    const notices: string[] = [];
    await answerDialogs(notices, () => notices.length === 1);
    expect(notices[0]).toMatch(new RegExp(`导出 ${format} 失败（.+），没有生成文件`));
    expect(blobs).toEqual([]);
  });
});
