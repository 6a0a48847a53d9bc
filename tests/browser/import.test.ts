import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import xlsxUrl from '../../data/samples/next-year-2020-merged-header.xlsx?url';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';

afterEach(async () => {
  // a failed test may leave its dialog open over the next test's screen
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
/** The imported rows (teachers) lie below the first screen, so the grid is checked by its 2020 column. */
const hasColumn = (target: HTMLElement, period: string) => !!target.querySelector(`.ag-header-cell[col-id="p:${period}"]`);
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()!.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;

/** Chooses a file on the dialog's file input as a user would (a real File through a DataTransfer). */
async function chooseFile(url: string, name: string): Promise<void> {
  const bytes = await (await fetch(url)).arrayBuffer();
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name));
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('import through the UI', () => {
  it('imports the XLSX sample: preview first, commit as one undo step, stored across a reload', async () => {
    const dbName = freshDbName('import');
    const a = await mountApp({ dbName, rules });
    const findingsBefore = a.app.session.findings.length;
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog).toBeTruthy();
    await chooseFile(xlsxUrl, 'next-year-2020-merged-header.xlsx');

    // the preview: the 2019 column is unchanged, the 2020 column new; nothing stored yet
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '').toMatch(/新增 \d+ 格/);
    const summary = inDialog('import-summary').textContent!;
    const [, added, unchanged] = /新增 (\d+) 格，修改 \d+ 格，不变 (\d+) 格/.exec(summary)!;
    expect(Number(added)).toBeGreaterThan(10);
    expect(Number(unchanged)).toBeGreaterThan(10);
    expect(summary).toContain('新增年份 2020');
    expect(inDialog('import-findings').textContent).toMatch(/导入后：错误 \d+/);
    expect(a.app.session.periods).not.toContain('2020');

    // commit: the grid shows the new column and the findings are recomputed
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog).toBeNull();
    await expect.poll(() => hasColumn(a.target, '2020')).toBe(true);
    expect(a.app.session.workbook.get('teachers_total', '2020').raw).toBe('34,890');
    expect(a.app.session.findings.length).not.toBe(findingsBefore);

    // one undo step takes the whole import back; redo brings it again
    a.app.session.undo();
    await expect.poll(() => hasColumn(a.target, '2020')).toBe(false);
    expect(a.app.session.workbook.get('teachers_total', '2020').state).toBe('empty');
    a.app.session.redo();
    await expect.poll(() => hasColumn(a.target, '2020')).toBe(true);

    // stored: a new app on the same database shows the imported figures
    await a.app.session.settled();
    await a.unmount();
    const b = await mountApp({ dbName, rules });
    expect(b.app.session.periods).toContain('2020');
    expect(hasColumn(b.target, '2020')).toBe(true);
    expect(b.app.session.workbook.get('teachers_total', '2020').raw).toBe('34,890');
  });

  it('a name can be mapped by hand or left out, and the preview follows', async () => {
    const a = await mountApp({ dbName: freshDbName('import-map'), rules });
    await userEvent.click(testId(a, 'import'));
    await chooseFile(xlsxUrl, 'next-year-2020-merged-header.xlsx');
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '').toMatch(/新增 \d+ 格/);
    const count = () => Number(/新增 (\d+) 格/.exec(inDialog('import-summary').textContent!)![1]);
    const before = count();
    await userEvent.click(inDialog('import-mapping').querySelector('summary')!);
    const select = [...dialog()!.querySelectorAll<HTMLSelectElement>('[data-testid^="map-"]')].find((s) => s.value === 'teachers_total')!;
    expect(select).toBeTruthy();
    await userEvent.selectOptions(select, '');
    await expect.poll(count).toBe(before - 1);
    expect(dialog()!.textContent).toContain('手工指定');
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog).toBeNull();
    expect(a.app.session.workbook.get('teachers_total', '2020').state).toBe('empty');
    expect(a.app.session.workbook.get('teachers_university', '2020').state).toBe('value');
  });

  it('a file that cannot be read is explained and nothing changes', async () => {
    const a = await mountApp({ dbName: freshDbName('import-bad'), rules });
    const before = [...a.app.session.workbook.values.keys()].length;
    await userEvent.click(testId(a, 'import'));
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'truncated.xlsx'));
    const input = inDialog('import-file') as HTMLInputElement;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => dialog()!.querySelector('[role="alert"]')?.textContent ?? '').toContain('truncated.xlsx');
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(inDialog('import-cancel'));
    await expect.poll(dialog).toBeNull();
    expect([...a.app.session.workbook.values.keys()].length).toBe(before);
  });
});
